//! The arithmetic identities the report's tables state, checked.
//!
//! In: the parsed sections 3 and 4 (and whether `其他处理` was a single
//! row). Out: one [`Check`] per identity, with the numbers in `detail`:
//!
//! - per column, 一 plus 二 equals 三（七）总计 plus 四 (`section3.identity.<column>`);
//! - per column, the results (一)…(六) add up to (七)总计 (`section3.results_total.<column>`);
//! - per row, the 总计 column is the sum of the six others (`section3.total_column.<row>`);
//! - each section 4 总计 is the sum of its four (`section4.<group>.total`).
//!
//! Never: check with a null cell (the check is skipped with a warning
//! naming the cells), or overflow.

use super::labels::{
    row3, CARRIED_FORWARD, CARRIED_OVER, COLS3, GRANTED, NEW, OTHER_NO_CORRECTION, OTHER_NO_FEE,
    OTHER_OTHER, ROWS3, TOTAL,
};
use super::numbers::{same, show, sum};
use super::schema::{Cell, Check, Num, Section3, Section4};

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

/// All checks of sections 3 and 4, in a stable order.
pub(crate) fn run(
    s3: &Section3,
    s4: &Section4,
    other_single_row: bool,
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
