//! What a body's structure says: the standard section headings, the
//! standard tables' vocabulary, and the shape of a list of links.
//!
//! Why: a report body is known by its six headings and table terms, a
//! column page by its many short dated lines, whatever the title says. In:
//! the folded body (for headings), its compact form (whitespace and `|`
//! removed, for table terms) or its non-empty lines. Out: counts, or the
//! listing verdict as a reason. Never: look at the title or the URL.

use std::sync::LazyLock;

use regex::Regex;

use super::dates::date_in;
use super::signals::has_report_word;

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
