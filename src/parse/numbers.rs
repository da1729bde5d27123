//! Number tokens: one cell's text → a number as printed, or not a number.
//!
//! In: the text of one cell, already normalized (NFKC, so digits, signs and
//! the decimal point are ASCII). Out: a [`NumTok`] — the value as an integer
//! or (when printed with a decimal point) a decimal, the raw text, and the
//! unit suffix when one was printed (`122件数`, `170万`, `5件`) so that the
//! caller can warn about it. Never: read a number out of running text
//! (`2024年`, `1.属于国家秘密`, `59%` are not numbers), produce a non-finite
//! decimal, or panic on overflow (too-long digit runs are not numbers).

use std::sync::LazyLock;

use regex::Regex;

use super::schema::Num;

/// A cell that holds a number.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NumTok {
    pub value: Num,
    /// The cell text as printed (after normalization).
    pub raw: String,
    /// A unit printed after the digits (`件`, `件数`, `万`, …).
    pub suffix: Option<String>,
}

impl NumTok {
    /// Is the value zero (integer 0 or decimal 0.0)?
    pub fn is_zero(&self) -> bool {
        match self.value {
            Num::Int(i) => i == 0,
            Num::Dec(d) => d == 0.0,
        }
    }
}

/// Units seen after numbers in report tables. Longest first so that `件数`
/// wins over `件`.
const SUFFIXES: &str = "件数|件次|万元|人次|件|万|个|项|条|人|次|元|份|宗|起";

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^([+-]?)([0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?:\.([0-9]+))?\s*({SUFFIXES})?$"
    ))
    .expect("static regex")
});

/// The number a cell holds, or `None` when the cell is not (only) a number.
pub(crate) fn parse_number(cell: &str) -> Option<NumTok> {
    let s = cell.trim();
    if s.is_empty() || s.len() > 40 {
        return None;
    }
    let caps = NUMBER.captures(s)?;
    let negative = &caps[1] == "-";
    let digits = caps[2].replace(',', "");
    let suffix = caps.get(4).map(|m| m.as_str().to_string());
    let value = match caps.get(3) {
        None => {
            let v: i64 = digits.parse().ok()?;
            Num::Int(if negative { v.checked_neg()? } else { v })
        }
        Some(frac) => {
            if digits.len() + frac.as_str().len() > 30 {
                return None;
            }
            let v: f64 = format!("{digits}.{}", frac.as_str()).parse().ok()?;
            if !v.is_finite() {
                return None;
            }
            Num::Dec(if negative { -v } else { v })
        }
    };
    Some(NumTok {
        value,
        raw: s.to_string(),
        suffix,
    })
}

/// A cell that stands for an empty cell: dashes, a slash, `无`.
pub(crate) fn is_blank_marker(cell: &str) -> bool {
    let s = cell.trim();
    !s.is_empty()
        && s.chars().count() <= 3
        && (s
            .chars()
            .all(|c| matches!(c, '-' | '—' | '/' | '\\' | '_' | '─'))
            || s == "无"
            || s == "/无")
}

/// A number's value for display in warnings and check details.
pub(crate) fn show(n: &Num) -> String {
    match n {
        Num::Int(i) => i.to_string(),
        Num::Dec(d) => d.to_string(),
    }
}

/// The sum of numbers: exact while all are integers (no overflow: summed
/// in `i128`), a decimal once one is.
pub(crate) fn sum(nums: &[Num]) -> Num {
    let mut int: i128 = 0;
    let mut dec: f64 = 0.0;
    let mut any_dec = false;
    for n in nums {
        match n {
            Num::Int(i) => int = int.saturating_add(i128::from(*i)),
            Num::Dec(d) => {
                any_dec = true;
                dec += d;
            }
        }
    }
    if any_dec {
        return Num::Dec(dec + int as f64);
    }
    match i64::try_from(int) {
        Ok(i) => Num::Int(i),
        Err(_) => Num::Dec(int as f64),
    }
}

/// Are two numbers equal (decimals within rounding)?
pub(crate) fn same(a: &Num, b: &Num) -> bool {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => x == y,
        _ => {
            let (x, y) = (as_f64(a), as_f64(b));
            (x - y).abs() <= 1e-6 * x.abs().max(y.abs()).max(1.0)
        }
    }
}

fn as_f64(n: &Num) -> f64 {
    match n {
        Num::Int(i) => *i as f64,
        Num::Dec(d) => *d,
    }
}
