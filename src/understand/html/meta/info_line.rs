//! The info line under the title (`来源：XX镇  发布时间：2025-01-15 10:00
//! 浏览次数：…`): the publication date and the issuing organ.
//!
//! Why: most pages state date and source only there. In: rendered lines
//! (the whole page, chrome included), or a single date or organ value from
//! a meta tag or field. Out: a `YYYY-MM-DD` date (zero-padded; 1990–2100,
//! month and day checked) and an organ name cut before the next info item.
//! Never: read a date from running text (only labelled info lines and bare
//! date-time stamps count), or return a non-name (本站, 原创, 转载 …) as
//! organ.

use std::sync::LazyLock;

use regex::Regex;

use super::super::render::Line;
use super::super::text::is_han;
use super::{clean_value, squeeze as norm};

static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})").expect("date regex")
});

/// A date after an info-line label; group `l` (a specific label, anywhere)
/// or `g` (a bare 时间/日期, not inside a longer word) is the label.
static INFO_DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(?P<l>发\s*布\s*时\s*间|发\s*布\s*日\s*期|发表时间|发稿时间|更新时间|更新日期)|(?:^|[^\p{Han}])(?P<g>时\s*间|日\s*期))\s*[:：]\s*(?P<d>\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})",
    )
    .expect("info date regex")
});

/// The 来源 of the info line; group 1 is the value.
static ORGAN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^\p{Han}]|日)(?:信息来源|文章来源|稿件来源|来源单位|来\s*源)\s*[:：]\s*([^\s|｜【】\[\]]+)",
    )
    .expect("organ regex")
});

/// A line that is an info line: it opens with 来源 or carries another
/// info-line item.
static INFO_LINE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[【\[(（]?\s*(?:信息来源|文章来源|稿件来源|来源单位|来\s*源)|发布时间|发布日期|(?:^|[^\p{Han}])(?:时间|日期)\s*[:：]|浏览|点击|访问量|阅读|字[体号]\s*[:：]|作者\s*[:：]|编辑\s*[:：]",
    )
    .expect("info line regex")
});

/// A line that is only a date and a time (the stamp under a title).
static STAMP_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s+\d{1,2}:\d{2}(?::\d{2})?$")
        .expect("stamp regex")
});

/// Where an organ value running into the next info-line item is cut.
static ORGAN_CUT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"发布时间|发布日期|发表时间|时间[:：]|日期[:：]|浏览|点击|访问|作者|编辑|字体|字号|分享|打印|责任|阅读|\d{4}[-/.年]")
        .expect("organ cut regex")
});

/// The first valid date in `s`, as `YYYY-MM-DD`.
pub(crate) fn norm_date(s: &str) -> Option<String> {
    DATE_RE.captures_iter(s).find_map(|c| {
        let y: u32 = c[1].parse().ok()?;
        let m: u32 = c[2].parse().ok()?;
        let d: u32 = c[3].parse().ok()?;
        ((1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
            .then(|| format!("{y:04}-{m:02}-{d:02}"))
    })
}

/// The publication date from the info line: 发布时间 / 发布日期 first, then
/// other labels, then an unlabelled date in an info line or a date-time
/// stamp line.
pub(crate) fn info_date(lines: &[Line]) -> Option<String> {
    let mut best: Option<(u8, String)> = None;
    for l in lines {
        if l.text.chars().count() > 200 {
            continue;
        }
        for c in INFO_DATE_RE.captures_iter(&l.text) {
            let Some(label) = c.name("l").or(c.name("g")).map(|m| norm(m.as_str())) else {
                continue;
            };
            let rank = match label.as_str() {
                "发布时间" | "发布日期" => 0,
                "发表时间" | "发稿时间" => 1,
                "时间" | "日期" => 2,
                _ => 3,
            };
            if best.as_ref().is_some_and(|(r, _)| *r <= rank) {
                continue;
            }
            if let Some(d) = norm_date(&c["d"]) {
                best = Some((rank, d));
            }
        }
        if best.is_none() && (INFO_LINE_RE.is_match(&l.text) || STAMP_RE.is_match(&l.text)) {
            best = norm_date(&l.text).map(|d| (4, d));
        }
        if best.as_ref().is_some_and(|(r, _)| *r == 0) {
            break;
        }
    }
    best.map(|(_, d)| d)
}

/// An organ name without trailing junk; `None` for non-names (本站, 原创…).
pub(crate) fn clean_organ(s: &str) -> Option<String> {
    let mut v = clean_value(s);
    if let Some(m) = ORGAN_CUT_RE.find(&v) {
        v.truncate(m.start());
    }
    let v = v
        .trim_end_matches(|c: char| c.is_whitespace() || ",，;；:：、.。|｜-—_【[(（".contains(c))
        .trim()
        .to_string();
    const JUNK: &[&str] = &[
        "本站",
        "本网",
        "原创",
        "网站",
        "互联网",
        "未知",
        "无",
        "其他",
        "网络",
        "转载",
    ];
    let n = v.chars().count();
    ((2..=40).contains(&n) && !JUNK.contains(&v.as_str()) && v.chars().any(is_han)).then_some(v)
}

/// The 来源 of the info line.
pub(crate) fn info_organ(lines: &[Line]) -> Option<String> {
    lines
        .iter()
        .filter(|l| l.text.chars().count() <= 200 && INFO_LINE_RE.is_match(&l.text))
        .find_map(|l| ORGAN_RE.captures(&l.text).and_then(|c| clean_organ(&c[1])))
}
