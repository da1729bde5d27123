//! What a title names: a disclosure annual report, a negative (a notice
//! about the reports, another kind of annual document), a report column.
//!
//! Why: the title (or a heading line, a link text, an attachment name)
//! decides most pages, and the same tests apply to each. In: text already
//! passed through [`super::text::fold`] (Simplified, half-width, no pinyin)
//! and, for [`negative`], without whitespace. Out: yes/no, or why a title
//! is a negative. Never: look at the body (body structure is in `body`),
//! or treat a title naming no disclosure (信息公开 / 政务公开) as a report.

use super::dates::{has_year, years_in};
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
