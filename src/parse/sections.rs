//! Locating the report's sections and telling the two formats apart.
//!
//! In: the normalized lines of a report. Out: the line ranges of section 2
//! (主动公开), 3 (依申请) and 4 (复议、诉讼) — found by their headings
//! (`二、主动公开政府信息情况`, with any punctuation, extra words or
//! `第二部分`), or, when a heading is missing, by the first lines of the
//! table itself — and whether section 2 is in the 2019 format. Never: take
//! a numbered row of the section 3 table (`三、本年度办理结果`,
//! `四、结转下年度继续办理`) or a sentence of the narrative for a heading.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::text::compact;

/// The line ranges of the sections read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Sections {
    pub s2: Option<Range<usize>>,
    pub s3: Option<Range<usize>>,
    pub s4: Option<Range<usize>>,
}

impl Sections {
    pub fn any(&self) -> bool {
        self.s2.is_some() || self.s3.is_some() || self.s4.is_some()
    }
}

static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第[一二三四五六七八九十]+部分[、.,:;．]?|[一二三四五六七八九十]+[、.,:;．])")
        .expect("static regex")
});

/// Which section (2–6) a line is the heading of.
pub(crate) fn heading(line: &str) -> Option<u8> {
    let first = line.split(['|', '\t']).find(|c| !c.trim().is_empty())?;
    let c = compact(first);
    if c.chars().count() > 45 {
        return None;
    }
    let (numbered, rest) = match NUMBERING.find(&c) {
        Some(m) if m.end() < c.len() => (true, &c[m.end()..]),
        _ => (false, c.as_str()),
    };
    // A numbering followed directly by digits is a date or a count, not a heading.
    if rest.starts_with(|ch: char| ch.is_ascii_digit()) {
        return None;
    }
    if rest.contains("主动公开政府信息") && (numbered || rest.starts_with("主动公开政府信息"))
    {
        return Some(2);
    }
    if rest.contains("收到和处理")
        || (numbered
            && rest.contains("申请")
            && rest.contains("处理")
            && rest.contains("情况")
            && !rest.contains("办理结果"))
    {
        return Some(3);
    }
    if (rest.contains("复议") || rest.contains("诉讼"))
        && (numbered || rest.starts_with("政府信息公开行政复议"))
    {
        return Some(4);
    }
    if (numbered || rest.starts_with("存在"))
        && (rest.contains("问题") || rest.contains("改进"))
        && !rest.contains("复议")
    {
        return Some(5);
    }
    if (numbered || rest.starts_with("其他需要报告")) && rest.contains("其他需要报告") {
        return Some(6);
    }
    None
}

fn first_from(lines: &[&str], from: usize, pred: impl Fn(&str) -> bool) -> Option<usize> {
    (from..lines.len()).find(|&i| pred(lines[i]))
}

/// The sections of a report's lines.
pub(crate) fn locate(lines: &[&str]) -> Sections {
    let head = |k: u8, from: usize| first_from(lines, from, |l| heading(l) == Some(k));
    let has = |l: &str, keys: &[&str]| {
        let c = compact(l);
        keys.iter().any(|k| c.contains(k))
    };
    let s2 = head(2, 0).or_else(|| first_from(lines, 0, |l| has(l, &["第二十条第"])));
    let after2 = s2.map_or(0, |i| i + 1);
    let s3 = head(3, after2).or_else(|| {
        first_from(lines, after2, |l| {
            has(l, &["申请人情况", "本年新收", "自然人"])
        })
    });
    let after3 = s3.map_or(after2, |i| i + 1);
    let s4 = head(4, after3).or_else(|| {
        let at = first_from(lines, after3, |l| {
            has(l, &["结果维持", "未经复议直接起诉", "复议后起诉"])
        })?;
        // Walk back to the 行政复议 header cell when it is close.
        let back = (at.saturating_sub(4)..at).find(|&i| has(lines[i], &["行政复议"]));
        Some(back.unwrap_or(at))
    });
    let after4 = s4.map_or(after3, |i| i + 1);
    let s5 = head(5, after4).or_else(|| head(6, after4));
    let end = lines.len();
    let starts: Vec<usize> = [s2, s3, s4, s5].into_iter().flatten().collect();
    let range = |s: Option<usize>| {
        let s = s?;
        let e = starts
            .iter()
            .copied()
            .filter(|&x| x > s)
            .min()
            .unwrap_or(end);
        Some(s..e)
    };
    Sections {
        s2: range(s2),
        s3: range(s3),
        s4: range(s4),
    }
}

/// Words that only the 2019 format's section 2 has.
const MARKERS_2019: [&str; 6] = [
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "政府集中采购",
    "采购项目数量",
];

/// Does this text (section 2, or the whole report) use the 2019 format?
pub(crate) fn is_2019(text: &str) -> bool {
    let c = compact(text).replace('|', "");
    MARKERS_2019.iter().any(|m| c.contains(m))
}
