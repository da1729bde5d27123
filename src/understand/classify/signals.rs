//! The signals: what a title names, negatives, years, section headings,
//! table vocabulary, link-list shape, URL columns.
//!
//! Every function here takes text already passed through
//! [`super::text::fold`] (Simplified, half-width, no pinyin).

use std::sync::LazyLock;

use regex::Regex;

use super::text::trim_title;

/// Words that name disclosure (the report is about 政府信息公开).
const DISCLOSURE: &[&str] = &["信息公开", "政务公开"];

/// Words that name an annual report.
const REPORT_WORDS: &[&str] = &[
    "年度报告",
    "年报",
    "公开工作报告",
    "工作情况报告",
    "工作情况的报告",
    "年度工作报告",
];

pub(crate) fn has_disclosure(t: &str) -> bool {
    DISCLOSURE.iter().any(|w| t.contains(w))
}

pub(crate) fn has_report_word(t: &str) -> bool {
    REPORT_WORDS.iter().any(|w| t.contains(w))
}

/// Whether a (folded) title names a disclosure annual report (year or not,
/// negatives not excluded: see [`negative`]).
pub(crate) fn names_report(t: &str) -> bool {
    has_disclosure(t) && has_report_word(t)
}

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

fn plausible(y: i32) -> bool {
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

/// Why a (folded, whitespace-free) title is not an annual disclosure report
/// although it may say 年度报告 / 年报, if it is not.
pub(crate) fn negative(title: &str) -> Option<String> {
    let t = title;
    const KINDS: &[(&str, &str)] = &[
        ("法治政府建设", "法治政府建设年度报告"),
        ("法治建设", "法治政府建设年度报告"),
        ("依法行政工作", "法治政府建设年度报告"),
        ("政府工作报告", "政府工作报告"),
        ("企业年度报告", "企业年度报告"),
        ("企业年报", "企业年报"),
        ("年报公示", "年报公示"),
        ("年度报告公示", "年报公示"),
        ("个体工商户", "企业年报"),
        ("农民专业合作社", "企业年报"),
        ("决算", "部门决算/预算"),
        ("预算", "部门决算/预算"),
        ("统计公报", "统计公报"),
        ("工作要点", "政务公开工作要点"),
        ("年度工作报表", "网站年度工作报表"),
        ("年度报表", "政府网站年度报表"),
        ("解读", "interpretation of a report (解读)"),
        ("报告格式", "the report format itself (报告格式)"),
    ];
    if let Some((_, what)) = KINDS.iter().find(|(w, _)| t.contains(w)) {
        return Some(format!("negative: {what}"));
    }
    // Notices and other official documents about the reports.
    let core = strip_trailing_brackets(trim_title(t));
    for w in ["通知", "通报", "请示", "批复", "方案", "意见"] {
        if core.contains(w) {
            return Some(format!("negative: notice about reports ({w})"));
        }
    }
    if core.contains("的函") || core.ends_with('函') || core.contains("函〔") {
        return Some("negative: notice about reports (函)".to_string());
    }
    if core.contains("关于") && !ends_with_report(core) {
        return Some("negative: notice about reports (关于…的)".to_string());
    }
    // Work on the reports: compiling, submitting, checking them. Only after
    // the organ prefix, so a 督查室 may still publish its own report.
    let scope_start = [
        years_in(core).first().map(|h| h.start),
        DISCLOSURE.iter().filter_map(|w| core.find(w)).min(),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(0);
    let scope = &core[scope_start..];
    const WORK: &[&str] = &[
        "自查",
        "报送",
        "督查",
        "考核",
        "评查",
        "评估",
        "检查",
        "抽查",
        "培训",
        "审查",
        "审核",
        "整改",
        "编制工作",
        "编制发布",
        "编制和发布",
        "编制报送",
        "编报",
        "做好",
        "部署",
        "测评",
        "征集",
        "模板",
        "样本",
        "范本",
        "指引",
        "问答",
        "答疑",
        "催报",
        "提醒",
        "会议",
    ];
    WORK.iter()
        .find(|w| scope.contains(*w))
        .map(|w| format!("negative: work on the reports, not a report ({w})"))
}

fn strip_trailing_brackets(s: &str) -> &str {
    let mut t = trim_title(s);
    loop {
        let next = if t.ends_with(')') {
            t.rfind('(').map(|p| &t[..p])
        } else {
            None
        };
        match next {
            Some(x) if !trim_title(x).is_empty() => t = trim_title(x),
            _ => return t,
        }
    }
}

fn ends_with_report(t: &str) -> bool {
    let t = strip_trailing_brackets(t);
    let t = t
        .trim_end_matches(".pdf")
        .trim_end_matches(".docx")
        .trim_end_matches(".doc");
    t.ends_with("报告") || t.ends_with("年报")
}

/// A title that names the report column rather than a report: a report name
/// without a year (政府信息公开年报, 年度报告, 部门年报).
pub(crate) fn column_title(t: &str) -> bool {
    !has_year(t)
        && negative(t).is_none()
        && (names_report(t) || (has_report_word(t) && t.chars().count() <= 24))
}

/// The remainder of a short bare title after its year: 年报, 年度报告 …
pub(crate) fn bare_annual(t: &str) -> bool {
    let Some(h) = years_in(t).into_iter().find(|h| h.strong) else {
        return false;
    };
    let rest = trim_title(&t[h.end..]);
    let rest = rest.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '.');
    let rest = rest.strip_prefix("度").unwrap_or(rest);
    matches!(
        rest,
        "年报" | "年度报告" | "度报告" | "报告" | "报" | "工作年度报告"
    )
}

// ---------------------------------------------------------------- body

static SECTION_RES: LazyLock<Vec<Regex>> =
    LazyLock::new(|| {
        let specs: [(&str, &str); 6] = [
        ("一", "总体情况|概述|基本情况|总体概况"),
        ("二", "主动公开"),
        ("三", "收到和处理|依申请|申请情况|政府信息公开申请"),
        ("四|五", "行政复议|行政诉讼"),
        (
            "五|六",
            "存在的主要问题|存在问题|主要问题|存在的问题|存在的不足|问题及改进|问题和改进|改进情况",
        ),
        ("六|七", "其他需要报告|其它需要报告|需要报告的|其他事项|其它事项"),
    ];
        specs
            .iter()
            .filter_map(|(n, keys)| {
                Regex::new(&format!(
                    r"(?m)(?:^|[\s|•>。;])第?(?:{n})\s*[、.,:]?\s*[^\n。,;、|]{{0,10}}?(?:{keys})"
                ))
                .ok()
            })
            .collect()
    });

/// How many of the six standard section headings the body carries (the
/// pre-2019 numbering, with 收费 as 四 and 七、其他需要报告的事项, counts too).
pub(crate) fn section_count(body: &str) -> usize {
    SECTION_RES.iter().filter(|r| r.is_match(body)).count()
}

/// The standard tables' vocabulary (2021 and 2019 formats).
const TABLE_TERMS: &[&str] = &[
    "本年新收政府信息公开申请数量",
    "上年结转政府信息公开申请数量",
    "本年度办理结果",
    "予以公开",
    "部分公开",
    "不予公开",
    "无法提供",
    "不予处理",
    "结转下年度继续办理",
    "第二十条第(一)项",
    "第二十条第(五)项",
    "第二十条第(六)项",
    "第二十条第(八)项",
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "本年处理决定数量",
    "本年收费金额",
    "未经复议直接起诉",
    "复议后起诉",
    "结果维持",
    "结果纠正",
    "尚未审结",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "属于国家秘密",
    "本机关不掌握相关政府信息",
    "信访举报投诉类申请",
    "政府集中采购",
];

/// How many distinct standard table terms the (compact) text holds.
pub(crate) fn table_term_count(compact: &str) -> usize {
    TABLE_TERMS.iter().filter(|t| compact.contains(*t)).count()
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

/// A list row's month-day date at the end of a line: `10-19`, `[10-19]`.
static SHORT_DATE_RE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?:^|\s|\[|\()\d{2}-\d{2}(?:\]|\))?$").ok());

/// How a body looks as a list of links, if it does.
pub(crate) fn listing_shape(lines: &[String]) -> Option<String> {
    let n = lines.len();
    if n < 4 {
        return None;
    }
    let short = lines
        .iter()
        .filter(|l| l.chars().count() <= 60 && !l.contains('。'))
        .count();
    let dated = lines
        .iter()
        .filter(|l| date_in(l).is_some() || SHORT_DATE_RE.as_ref().is_some_and(|r| r.is_match(l)))
        .count();
    let reports = lines
        .iter()
        .filter(|l| l.chars().count() <= 60 && has_report_word(l) && !l.starts_with("附件"))
        .count();
    let pager = lines.iter().any(|l| {
        ["下一页", "上一页", "尾页", "末页", "下页"]
            .iter()
            .any(|w| l.contains(w))
            || (l.contains('共') && l.contains('页'))
    });
    let linky = short * 4 >= n * 3;
    if linky && (dated >= 3 || reports >= 3 || (pager && short >= 5)) {
        Some(format!(
            "listing: {short}/{n} short link-like lines, {dated} dated, {reports} naming reports{}",
            if pager { ", pager" } else { "" }
        ))
    } else {
        None
    }
}

// ---------------------------------------------------------------- URL

const COLUMN_TOKENS: &[&str] = &[
    "zfxxgkndbg",
    "xxgkndbg",
    "zfxxgknb",
    "xxgknb",
    "gknb",
    "ndbg",
    "nianbao",
    "annualreport",
];

/// Whether the URL lies in a report column (`xxgknb`, `zfxxgknb`, `gknb`,
/// `ndbg`, `zfxxgkndbg`, …).
pub(crate) fn report_column(url: &url::Url) -> bool {
    let p = url.path().to_ascii_lowercase();
    COLUMN_TOKENS.iter().any(|k| p.contains(k))
}

/// Whether the URL looks like an article (an id in its file name) rather
/// than a column index.
pub(crate) fn article_like(url: &url::Url) -> bool {
    if let Some(q) = url.query() {
        let q = q.to_ascii_lowercase();
        if q.contains("id=") || q.contains("fbtime=") {
            return true;
        }
    }
    let last = url
        .path_segments()
        .and_then(|mut s| s.next_back())
        .unwrap_or("")
        .to_ascii_lowercase();
    if last.is_empty()
        || last.starts_with("index")
        || last.starts_with("list")
        || last.starts_with("default")
    {
        return false;
    }
    let mut run = 0;
    let mut max_digits = 0;
    for c in last.chars() {
        if c.is_ascii_digit() {
            run += 1;
            max_digits = max_digits.max(run);
        } else {
            run = 0;
        }
    }
    let mut hex = 0;
    let mut max_hex = 0;
    for c in last.chars() {
        if c.is_ascii_hexdigit() {
            hex += 1;
            max_hex = max_hex.max(hex);
        } else {
            hex = 0;
        }
    }
    max_digits >= 4
        || max_hex >= 16
        || ["art_", "post_", "content", "doc_", "detail", "show"]
            .iter()
            .any(|k| last.contains(k))
}

/// Whether the URL is a column index: a directory, `index*`, `list*`,
/// `default*`.
pub(crate) fn column_index(url: &url::Url) -> bool {
    let last = url
        .path_segments()
        .and_then(|mut s| s.next_back())
        .unwrap_or("")
        .to_ascii_lowercase();
    url.query().is_none()
        && (last.is_empty()
            || last.starts_with("index")
            || last.starts_with("list")
            || last.starts_with("default"))
}

/// The report year a report column's URL names: `fbtime=2024`, `/2024/`,
/// `/2024n/`, `/n2024n/`, `/gknb2017/`, `/2021.html` after the column.
pub(crate) fn url_year(url: &url::Url) -> Option<i32> {
    for (k, v) in url.query_pairs() {
        if k.eq_ignore_ascii_case("fbtime") || k.eq_ignore_ascii_case("year") {
            if let Ok(y) = v.trim().parse::<i32>() {
                if plausible(y) {
                    return Some(y);
                }
            }
        }
    }
    if !report_column(url) {
        return None;
    }
    let segs: Vec<String> = url
        .path_segments()?
        .map(|s| s.to_ascii_lowercase())
        .collect();
    let from = segs
        .iter()
        .position(|s| COLUMN_TOKENS.iter().any(|k| s.contains(k)))?;
    segs[from..].iter().find_map(|s| {
        let stem = s
            .trim_end_matches(".html")
            .trim_end_matches(".shtml")
            .trim_end_matches(".htm");
        let stem = stem.strip_prefix('n').unwrap_or(stem);
        let stem = stem.strip_suffix('n').unwrap_or(stem);
        let letters = stem.trim_end_matches(|c: char| c.is_ascii_digit());
        let digits = &stem[letters.len()..];
        if s.contains('.') && letters.is_empty() && !segs.iter().any(|x| x == "year") {
            return None;
        }
        if digits.len() != 4 || !letters.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            return None;
        }
        if !letters.is_empty() && !letters.ends_with("nb") && !letters.ends_with("bg") {
            return None;
        }
        digits.parse::<i32>().ok().filter(|y| plausible(*y))
    })
}
