//! Numbers, blanks and the placement rules, unit by unit.

use super::*;
use crate::parse::numbers::{parse_number, sum};
use crate::parse::place::{collect, place, RowSpec, Slot};
use crate::parse::tokens::{cell_tokens, Tok};

fn n(s: &str) -> Slot {
    Slot::Num(parse_number(s).expect("number"))
}

const COLS7: [&str; 7] = ["a", "b", "c", "d", "e", "f", "total"];

fn spec7() -> RowSpec<'static> {
    RowSpec {
        path: "section3.x",
        name: "",
        cols: &COLS7,
        total_last: true,
    }
}

#[test]
fn numbers_as_printed() {
    let v = |s: &str| parse_number(s).map(|t| t.value);
    assert_eq!(v("0"), Some(Num::Int(0)));
    assert_eq!(v("130024"), Some(Num::Int(130024)));
    assert_eq!(v("130,024"), Some(Num::Int(130024)));
    assert_eq!(v("7926.3139"), Some(Num::Dec(7926.3139)));
    assert_eq!(v("-2"), Some(Num::Int(-2)));
    assert_eq!(v("+3"), Some(Num::Int(3)));
    for not in [
        "2024年",
        "1.属于国家秘密",
        "59%",
        "(一)",
        "1.",
        "",
        "abc",
        "1 2",
        "99999999999999999999999",
    ] {
        assert_eq!(v(not), None, "{not}");
    }
}

#[test]
fn suffixes_are_read_and_kept() {
    for (s, val, sfx) in [
        ("122件数", 122, "件数"),
        ("170万", 170, "万"),
        ("5件", 5, "件"),
        ("3 件", 3, "件"),
    ] {
        let t = parse_number(s).expect(s);
        assert_eq!(t.value, Num::Int(val));
        assert_eq!(t.suffix.as_deref(), Some(sfx));
    }
    // A placed suffixed number warns, naming the cell.
    let mut w = Vec::new();
    let spec = RowSpec {
        path: "section2.licensing",
        name: "",
        cols: &[""],
        total_last: false,
    };
    assert_eq!(
        place(&[n("122件数")], &spec, &mut w),
        vec![Some(Num::Int(122))]
    );
    assert_eq!(
        w,
        vec!["section2.licensing: read '122件数' as 122 (suffix '件数')"]
    );
}

#[test]
fn full_width_minus_and_digits_after_normalization() {
    let p = crate::parse::text::prepare("－２ | １７４ | ３．５");
    assert_eq!(p, "-2 | 174 | 3.5");
    let mut toks = Vec::new();
    cell_tokens("本年新收 21 0 0", &mut toks);
    assert_eq!(toks.len(), 4);
    assert_eq!(toks[0], Tok::Text("本年新收".into()));
}

#[test]
fn seven_slots_place_with_blanks_as_zero() {
    let mut w = Vec::new();
    let slots = [n("3"), Slot::Blank, n("0"), n("0"), n("0"), n("0"), n("3")];
    assert_eq!(
        place(&slots, &spec7(), &mut w),
        ints([3, 0, 0, 0, 0, 0, 3]).to_vec()
    );
    assert!(w.is_empty());
}

#[test]
fn extra_blanks_are_padding() {
    let mut w = Vec::new();
    let mut slots = vec![Slot::Blank];
    slots.extend(["1", "0", "0", "0", "0", "0", "1"].map(n));
    slots.push(Slot::Blank);
    assert_eq!(
        place(&slots, &spec7(), &mut w),
        ints([1, 0, 0, 0, 0, 0, 1]).to_vec()
    );
}

#[test]
fn collapsed_rows_are_null_unless_sound() {
    let mut w = Vec::new();
    assert_eq!(place(&[n("3"), n("5")], &spec7(), &mut w), vec![None; 7]);
    assert!(
        w[0].starts_with("section3.x: 2 values for 7 columns (3, 5)"),
        "{w:?}"
    );
    w.clear();
    assert_eq!(place(&[], &spec7(), &mut w), ints([0; 7]).to_vec());
    assert_eq!(
        place(&[n("0"), n("0")], &spec7(), &mut w),
        ints([0; 7]).to_vec()
    );
    assert!(w.is_empty());
    // Six values, the last the sum of the five before: a middle column
    // collapsed, which one is unknown.
    let six = ["2", "1", "0", "0", "0", "3"].map(n);
    assert_eq!(place(&six, &spec7(), &mut w), vec![None; 7]);
}

#[test]
fn blank_total_of_a_nonzero_row_is_null() {
    let mut w = Vec::new();
    let slots = [n("2"), n("1"), n("0"), n("0"), n("0"), n("0"), Slot::Blank];
    let cells = place(&slots, &spec7(), &mut w);
    assert_eq!(cells[..6], ints([2, 1, 0, 0, 0, 0]));
    assert_eq!(cells[6], None);
    assert!(w[0].contains("section3.x.total"), "{w:?}");
}

#[test]
fn too_many_values_are_null() {
    let mut w = Vec::new();
    let slots: Vec<Slot> = (1..=9).map(|i| n(&i.to_string())).collect();
    assert_eq!(place(&slots, &spec7(), &mut w), vec![None; 7]);
    assert!(w[0].contains("9 values for 7 columns"));
}

#[test]
fn collect_stops_at_the_next_label() {
    let toks = vec![
        Tok::Text("(二)部分公开".into()),
        Tok::Text("(区分处理的,只计这一情形)".into()),
        Tok::Num(parse_number("1").expect("1")),
        Tok::Blank,
        Tok::Text("(三)不予公开".into()),
        Tok::Num(parse_number("9").expect("9")),
    ];
    let (slots, end) = collect(&toks, 1, crate::parse::labels::is_label3);
    assert_eq!(slots.len(), 2);
    assert_eq!(end, 4);
    // An empty row stops at the following label rather than taking its values.
    let (slots, _) = collect(&toks[3..], 1, crate::parse::labels::is_label3);
    assert!(slots.is_empty());
}

#[test]
fn sums_do_not_overflow() {
    let big = [Num::Int(i64::MAX), Num::Int(i64::MAX)];
    assert!(matches!(sum(&big), Num::Dec(_)));
    assert_eq!(sum(&[Num::Int(1), Num::Dec(0.5)]), Num::Dec(1.5));
}
