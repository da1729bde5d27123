//! The year reported on and the issuing body.
//!
//! In: the report's normalized lines, its title and the year / organ the
//! caller already knows (classifier, page metadata). Out: the year — from
//! the title (`2024年政府信息公开工作年度报告`), the statistics period
//! (`统计期限自2024年1月1日`, `2024年1月1日至12月31日`), the caller's
//! year, or the closing date (a report signed in the first half of a year
//! covers the year before) — and the organ, in Simplified, from the title
//! (`瓦亭镇人民政府2024年…`) or the closing signature, else the caller's.
//! Never: take a year outside 2000–2100, or a sentence for an organ.

use std::sync::LazyLock;

use regex::Regex;

use super::text::{compact, prepare};

static TITLE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(20[0-9]{2})年度?").expect("static regex"));
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"统计期限[^0-9]{0,8}(20[0-9]{2})年|(20[0-9]{2})年1月1日(?:起)?至")
        .expect("static regex")
});
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(20[0-9]{2})年([0-9]{1,2})月([0-9]{1,2})日$").expect("static regex")
});

fn plausible(y: i32) -> bool {
    (2000..=2100).contains(&y)
}

/// Is this line (compact) a report title?
fn is_title(c: &str) -> bool {
    c.chars().count() <= 80
        && (c.contains("年度报告") || c.contains("工作报告"))
        && TITLE_YEAR.is_match(c)
        && !c.contains('。')
}

/// The title: the caller's, else the first title-like line near the top.
fn title(lines: &[&str], given: Option<&str>) -> Option<String> {
    if let Some(t) = given {
        let c = compact(&prepare(t));
        if is_title(&c) {
            return Some(c);
        }
    }
    lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .take(40)
        .map(|l| compact(l))
        .find(|c| is_title(c))
}

/// The year the report is about.
pub(crate) fn year(
    lines: &[&str],
    given_title: Option<&str>,
    given: Option<i32>,
    warnings: &mut Vec<String>,
) -> Option<i32> {
    if let Some(t) = title(lines, given_title) {
        let y = TITLE_YEAR
            .captures(&t)
            .and_then(|c| c[1].parse::<i32>().ok())
            .filter(|y| plausible(*y));
        if y.is_some() {
            return y;
        }
    }
    for l in lines {
        if let Some(c) = PERIOD.captures(&compact(l)) {
            let y = c
                .get(1)
                .or_else(|| c.get(2))
                .and_then(|m| m.as_str().parse::<i32>().ok());
            if let Some(y) = y.filter(|y| plausible(*y)) {
                return Some(y);
            }
        }
    }
    if given.is_some() {
        return given;
    }
    let tail: Vec<String> = lines
        .iter()
        .rev()
        .filter(|l| !l.trim().is_empty())
        .take(6)
        .map(|l| compact(l))
        .collect();
    for c in &tail {
        if let Some(m) = DATE_LINE.captures(c) {
            let (Ok(y), Ok(mo)) = (m[1].parse::<i32>(), m[2].parse::<u32>()) else {
                continue;
            };
            if plausible(y) && (1..=6).contains(&mo) {
                warnings.push(format!(
                    "year {} inferred from the closing date {c} (no title or statistics period)",
                    y - 1
                ));
                return Some(y - 1);
            }
        }
    }
    None
}

const ORGAN_ENDS: [&str; 16] = [
    "人民政府",
    "政府",
    "办事处",
    "委员会",
    "办公室",
    "局",
    "委",
    "厅",
    "中心",
    "院",
    "署",
    "镇",
    "乡",
    "街道",
    "区",
    "县",
];

fn organ_like(c: &str) -> bool {
    let n = c.chars().count();
    (2..=30).contains(&n)
        && !c.contains(['。', ',', ':', ';', '、', '(', ')', '《'])
        && !c.chars().any(|ch| ch.is_ascii_digit())
        && ORGAN_ENDS.iter().any(|e| c.ends_with(e))
}

/// The organ named in a title: before the year, or between the year and
/// `政府信息公开`.
fn organ_in_title(t: &str) -> Option<String> {
    let m = TITLE_YEAR.find(t)?;
    let before = t[..m.start()].trim_matches(|c: char| !c.is_alphanumeric());
    let before = before.strip_prefix("关于").unwrap_or(before);
    let before = before.strip_suffix("关于").unwrap_or(before);
    if before.chars().count() >= 2 {
        return Some(before.to_string());
    }
    let after = &t[m.end()..];
    let end = ["政府信息公开", "政务公开", "信息公开"]
        .iter()
        .filter_map(|k| after.find(k))
        .min()?;
    let mid = after[..end].trim_matches(|c: char| !c.is_alphanumeric());
    (mid.chars().count() >= 2).then(|| mid.to_string())
}

/// The organ named by the closing signature (the last lines, before the date).
fn organ_in_signature(lines: &[&str]) -> Option<String> {
    lines
        .iter()
        .rev()
        .filter(|l| !l.trim().is_empty())
        .take(4)
        .map(|l| compact(l))
        .find(|c| organ_like(c))
}

/// The issuing body, in Simplified.
pub(crate) fn organ(
    lines: &[&str],
    given_title: Option<&str>,
    given: Option<&str>,
) -> Option<String> {
    let from_title = title(lines, given_title).and_then(|t| organ_in_title(&t));
    let from_signature = organ_in_signature(lines);
    match (from_title, from_signature) {
        (Some(t), Some(s)) if s.contains(&t) => Some(s),
        (Some(t), _) => Some(t),
        (None, Some(s)) => Some(s),
        (None, None) => given
            .map(|g| compact(&prepare(g)))
            .filter(|g| !g.is_empty()),
    }
}
