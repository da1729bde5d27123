//! The arithmetic identities the report's tables state, checked.
//!
//! In: the parsed sections 3 and 4 (and whether `其他处理` was a single
//! row). Out: one [`Check`] per identity, with the numbers in `detail`:
//!
//! - per column, 一 plus 二 equals 三（七）总计 plus 四 (`section3.identity.<column>`);
//! - per column, the results (一)…(六) add up to (七)总计 (`section3.results_total.<column>`);
//! - both again over all seven columns at once (`section3.identity.all_columns`,
//!   `section3.results_total.all_columns`): each row's seven cells summed,
//!   which a row whose values could not be placed still gives (the sum of
//!   the numbers it prints) — so a broken identity is seen even then;
//! - per row, the 总计 column is the sum of the six others (`section3.total_column.<row>`);
//! - each section 4 总计 is the sum of its four (`section4.<group>.total`).
//!
//! Never: check with a null cell or a row sum that is unknown (the check
//! is skipped with a warning naming the cells or rows), or overflow.

use super::labels::{
    row3, CARRIED_FORWARD, CARRIED_OVER, COLS3, GRANTED, NEW, OTHER_NO_CORRECTION, OTHER_NO_FEE,
    OTHER_OTHER, ROWS3, TOTAL,
};
use super::numbers::{same, show, sum};
use super::schema::{Cell, Check, Num, Section3, Section4};
use super::section3::RowSum;

/// One side of an identity: named cells.
type Side = Vec<(String, Cell)>;

fn check(name: String, lhs: Side, rhs: Side, checks: &mut Vec<Check>, warnings: &mut Vec<String>) {
    let nulls: Vec<&str> = lhs
        .iter()
        .chain(&rhs)
        .filter(|(_, c)| c.is_none())
        .map(|(n, _)| n.as_str())
        .collect();
    if !nulls.is_empty() {
        let more = if nulls.len() > 4 { ", …" } else { "" };
        warnings.push(format!(
            "check {name} skipped: cell null ({}{more})",
            nulls[..nulls.len().min(4)].join(", ")
        ));
        return;
    }
    let values = |side: &Side| -> Vec<Num> { side.iter().filter_map(|(_, c)| *c).collect() };
    let (l, r) = (values(&lhs), values(&rhs));
    let (ls, rs) = (sum(&l), sum(&r));
    let ok = same(&ls, &rs);
    let terms = |v: &[Num]| v.iter().map(show).collect::<Vec<_>>().join(" + ");
    let detail = format!(
        "{} = {} {} {} = {}",
        terms(&l),
        show(&ls),
        if ok { "==" } else { "!=" },
        show(&rs),
        terms(&r)
    );
    checks.push(Check { name, ok, detail });
}

/// An identity between sums of whole rows (each over its seven columns).
fn check_rows(
    name: &str,
    lhs: &[usize],
    rhs: &[usize],
    sums: &[Option<RowSum>],
    checks: &mut Vec<Check>,
    warnings: &mut Vec<String>,
) {
    let get = |r: &usize| sums.get(*r).copied().flatten();
    let unknown: Vec<&str> = lhs
        .iter()
        .chain(rhs)
        .filter(|r| get(r).is_none())
        .map(|&r| ROWS3[r])
        .collect();
    if !unknown.is_empty() {
        let more = if unknown.len() > 4 { ", …" } else { "" };
        warnings.push(format!(
            "check {name} skipped: row values unknown ({}{more})",
            unknown[..unknown.len().min(4)].join(", ")
        ));
        return;
    }
    let side = |rows: &[usize]| -> (Num, String) {
        let v: Vec<RowSum> = rows.iter().filter_map(get).collect();
        let total = sum(&v.iter().map(|s| s.value).collect::<Vec<_>>());
        let zero = v.iter().filter(|s| same(&s.value, &Num::Int(0))).count();
        let mut terms: Vec<String> = rows
            .iter()
            .zip(&v)
            .filter(|(_, s)| rows.len() <= 4 || !same(&s.value, &Num::Int(0)))
            .map(|(&r, s)| format!("{} {}", ROWS3[r], show(&s.value)))
            .collect();
        if rows.len() > 4 && zero > 0 {
            terms.push(format!("{zero} rows 0"));
        }
        (total, terms.join(" + "))
    };
    let ((ls, lt), (rs, rt)) = (side(lhs), side(rhs));
    let ok = same(&ls, &rs);
    let printed: Vec<&str> = lhs
        .iter()
        .chain(rhs)
        .filter(|r| get(r).is_some_and(|s| s.printed))
        .map(|&r| ROWS3[r])
        .collect();
    let note = if printed.is_empty() {
        String::new()
    } else {
        format!(
            "; {} not placed, summed from the numbers printed",
            printed.join(", ")
        )
    };
    let detail = format!(
        "rows summed over all seven columns: {lt} = {} {} {} = {rt}{note}",
        show(&ls),
        if ok { "==" } else { "!=" },
        show(&rs),
    );
    checks.push(Check {
        name: name.to_string(),
        ok,
        detail,
    });
}

/// All checks of sections 3 and 4, in a stable order. `sums`: each
/// section 3 row's sum over its seven columns, when known.
pub(crate) fn run(
    s3: &Section3,
    s4: &Section4,
    other_single_row: bool,
    sums: &[Option<RowSum>],
    warnings: &mut Vec<String>,
) -> Vec<Check> {
    let mut checks = Vec::new();
    let rows: Vec<[Cell; 7]> = (0..ROWS3.len()).map(|i| row3(s3, i)).collect();
    let absent = |r: usize| other_single_row && (r == OTHER_NO_CORRECTION || r == OTHER_NO_FEE);
    let cell = |r: usize, c: usize| (format!("{}.{}", ROWS3[r], COLS3[c]), rows[r][c]);
    for (c, col) in COLS3.iter().enumerate() {
        check(
            format!("section3.identity.{col}"),
            vec![cell(NEW, c), cell(CARRIED_OVER, c)],
            vec![cell(TOTAL, c), cell(CARRIED_FORWARD, c)],
            &mut checks,
            warnings,
        );
    }
    for (c, col) in COLS3.iter().enumerate() {
        let parts: Side = (GRANTED..=OTHER_OTHER)
            .filter(|&r| !absent(r))
            .map(|r| cell(r, c))
            .collect();
        check(
            format!("section3.results_total.{col}"),
            parts,
            vec![cell(TOTAL, c)],
            &mut checks,
            warnings,
        );
    }
    let results: Vec<usize> = (GRANTED..=OTHER_OTHER).filter(|&r| !absent(r)).collect();
    check_rows(
        "section3.identity.all_columns",
        &[NEW, CARRIED_OVER],
        &[TOTAL, CARRIED_FORWARD],
        sums,
        &mut checks,
        warnings,
    );
    check_rows(
        "section3.results_total.all_columns",
        &results,
        &[TOTAL],
        sums,
        &mut checks,
        warnings,
    );
    for (r, row) in ROWS3.iter().enumerate() {
        if absent(r) {
            continue;
        }
        check(
            format!("section3.total_column.{row}"),
            (0..6).map(|c| cell(r, c)).collect(),
            vec![cell(r, 6)],
            &mut checks,
            warnings,
        );
    }
    let names = ["upheld", "corrected", "other", "pending", "total"];
    for (group, cells) in [
        ("review", &s4.review),
        ("litigation_direct", &s4.litigation_direct),
        ("litigation_after_review", &s4.litigation_after_review),
    ] {
        let side = |range: std::ops::Range<usize>| -> Side {
            range
                .map(|i| (format!("{group}.{}", names[i]), cells[i]))
                .collect()
        };
        check(
            format!("section4.{group}.total"),
            side(0..4),
            side(4..5),
            &mut checks,
            warnings,
        );
    }
    checks
}
