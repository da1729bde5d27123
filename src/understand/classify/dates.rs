//! Years and dates in text: `2024年`, `二〇二四年`, bare `2024`, the
//! statistics period, `2025-01-10` / `2025年1月10日`.
//!
//! Why: the reported year and the publish date are read from titles,
//! bodies, signatures and fields alike. In: folded text (see
//! [`super::text::fold`]). Out: years (1990–2099 only) with their
//! positions, `(year, month)` of a date, or whether a line is only a date.
//! Never: take a number that is part of a longer number or of a date for a
//! bare year, or choose which year a report is for (that is `year`).

use std::sync::LazyLock;

use regex::Regex;

/// A year found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct YearHit {
    /// Byte offset of the first digit.
    pub start: usize,
    /// Byte offset after the year (after 年 / 年度 when present).
    pub end: usize,
    pub year: i32,
    /// Followed by 年 (`2024年`, `二〇二四年`), not a bare number.
    pub strong: bool,
}

pub(super) fn plausible(y: i32) -> bool {
    (1990..=2099).contains(&y)
}

fn cn_digit(c: char) -> Option<i32> {
    "〇一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .map(|p| p as i32)
        .or(match c {
            '○' | '零' | 'O' | 'o' | '0' => Some(0),
            _ => None,
        })
}

/// Years in a text: `2024年`, `2024 年度`, `二〇二四年` (strong), and bare
/// four-digit numbers that are not part of a longer number or a date (weak).
pub(crate) fn years_in(t: &str) -> Vec<YearHit> {
    let chars: Vec<(usize, char)> = t.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= chars.len() {
        let w: Vec<char> = chars[i..i + 4].iter().map(|(_, c)| *c).collect();
        let before = if i > 0 { Some(chars[i - 1].1) } else { None };
        let arabic =
            w.iter().all(|c| c.is_ascii_digit()) && !before.is_some_and(|c| c.is_ascii_digit());
        let chinese = !arabic
            && (w[0] == '一' || w[0] == '二')
            && w.iter().all(|c| cn_digit(*c).is_some())
            && before.is_none_or(|c| cn_digit(c).is_none());
        if !(arabic || chinese) {
            i += 1;
            continue;
        }
        let year = w.iter().fold(0i32, |acc, c| {
            acc * 10
                + if arabic {
                    c.to_digit(10).unwrap_or(0) as i32
                } else {
                    cn_digit(*c).unwrap_or(0)
                }
        });
        // What follows, skipping spaces.
        let mut j = i + 4;
        while j < chars.len() && chars[j].1 == ' ' {
            j += 1;
        }
        let next = chars.get(j).map(|(_, c)| *c);
        let start = chars[i].0;
        if next == Some('年') && plausible(year) {
            let mut k = j + 1;
            if chars.get(k).map(|(_, c)| *c) == Some('度') {
                k += 1;
            }
            let end = chars.get(k).map(|(b, _)| *b).unwrap_or(t.len());
            out.push(YearHit {
                start,
                end,
                year,
                strong: true,
            });
            i = k;
            continue;
        }
        let after = chars.get(i + 4).map(|(_, c)| *c);
        let dateish = matches!(after, Some('-' | '/' | '.' | '月'))
            || after.is_some_and(|c| c.is_ascii_digit() || cn_digit(c).is_some())
            || matches!(before, Some('-' | '/' | '.'));
        if arabic && !dateish && plausible(year) {
            let end = chars.get(i + 4).map(|(b, _)| *b).unwrap_or(t.len());
            out.push(YearHit {
                start,
                end,
                year,
                strong: false,
            });
        }
        i += 4;
    }
    out
}

/// The year a title names: the first `YYYY年`, else a bare `YYYY`.
pub(crate) fn title_year(t: &str) -> Option<i32> {
    let hits = years_in(t);
    hits.iter()
        .find(|h| h.strong)
        .or(hits.first())
        .map(|h| h.year)
}

/// Whether a title names a year at all.
pub(crate) fn has_year(t: &str) -> bool {
    !years_in(t).is_empty()
}

static PERIOD_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起)?\s*(?:至|到|-|—|~|～)\s*(?:(\d{4})\s*年\s*)?12\s*月\s*31\s*日").ok()
});

/// The year of the statistics period: 自2024年1月1日起至2024年12月31日止.
pub(crate) fn period_year(body: &str) -> Option<i32> {
    let re = PERIOD_RE.as_ref()?;
    re.captures_iter(body).find_map(|c| {
        let y = c.get(2).or(c.get(1))?.as_str().parse().ok()?;
        plausible(y).then_some(y)
    })
}

static NAMED_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*年度?[^。\n]{0,12}?(?:政府信息公开|政务公开)[^。\n]{0,8}?(?:报告|年报)")
        .ok()
});

/// A year the body names its report for: 现将我乡2022年度政府信息公开工作报告如下.
pub(crate) fn named_report_year(body: &str) -> Option<i32> {
    let re = NAMED_RE.as_ref()?;
    re.captures_iter(body).find_map(|c| {
        let y = c.get(1)?.as_str().parse().ok()?;
        plausible(y).then_some(y)
    })
}

static LEAD_RE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?m)^\s*(\d{4})\s*年度?\s*(?:[,，]|以来|全年|,)").ok());

/// A year a paragraph opens with: "2024年，…".
pub(crate) fn lead_year(body: &str) -> Option<i32> {
    let re = LEAD_RE.as_ref()?;
    re.captures_iter(body).find_map(|c| {
        let y = c.get(1)?.as_str().parse().ok()?;
        plausible(y).then_some(y)
    })
}

static DATE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})").ok()
});

/// The first date in a text, as (year, month).
pub(crate) fn date_in(t: &str) -> Option<(i32, u32)> {
    let re = DATE_RE.as_ref()?;
    let c = re.captures(t)?;
    let y: i32 = c.get(1)?.as_str().parse().ok()?;
    let m: u32 = c.get(2)?.as_str().parse().ok()?;
    (plausible(y) && (1..=12).contains(&m)).then_some((y, m))
}

/// A line that is only a date (a signature's date line).
pub(crate) fn is_date_line(t: &str) -> bool {
    let t = t.trim();
    if t.chars().count() >= 6
        && t.contains('年')
        && t.contains('月')
        && t.chars()
            .all(|c| "〇○零一二三四五六七八九十年月日".contains(c))
    {
        return true;
    }
    let Some(re) = DATE_RE.as_ref() else {
        return false;
    };
    re.find(t).is_some_and(|m| {
        let rest = format!("{}{}", &t[..m.start()], &t[m.end()..]);
        rest.chars()
            .all(|c| c.is_whitespace() || "日号()".contains(c))
    })
}
