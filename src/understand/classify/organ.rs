//! The issuing organ: candidates from the title, the body and the page's
//! metadata, and the fullest form of the one that leads.
//!
//! Why: a report names its issuer in a short form in the title (XX镇) and
//! in full elsewhere (the signature, the body, the 发布机构 field); the
//! organ should be the one the report is *by*, in its fullest form. In:
//! the [`Prepared`] document and the [`Document`] (its fields and organ),
//! or single folded strings for the readers. Out: an organ name, with the
//! reason naming its source. Never: let a later candidate replace the
//! leading one by a different organ (only a fuller form of the same one),
//! or expand XX镇 to XX镇人民政府 from a mention that goes on into a
//! sub-office (XX镇人民政府办公室).

use std::sync::LazyLock;

use regex::Regex;

use super::super::Document;
use super::dates::{is_date_line, years_in};
use super::prepare::Prepared;
use super::signals::{bare_annual, names_report, negative};
use super::text::{self, is_cjk, trim_title};

/// The issuing organ. Candidates, in order: the title's prefix before the
/// year (XX镇2024年… → XX镇), the page heading's, the link text's, the
/// signature line at the end, 由XX编制 in the opening, the attachment's
/// name, the 发布机构 / 来源 fields, a 来源: line in the chrome, the
/// document's organ. The first candidate leads; the result is its fullest
/// form among the others (XX镇 + signature XX镇人民政府 → XX镇人民政府),
/// including the lead's full government name where the body text says it
/// (XX镇 → XX镇人民政府, XX街道 → XX街道办事处).
pub(super) fn find_organ(
    p: &Prepared,
    doc: &Document,
    reasons: &mut Vec<String>,
) -> Option<String> {
    let mut cands: Vec<(String, &'static str)> = Vec::new();
    let titled = |t: &&str| negative(t).is_none() && (names_report(t) || bare_annual(t));
    for (t, from) in [
        (p.title.as_deref(), "title"),
        (p.body_line.as_deref(), "page heading"),
        (p.link.as_deref(), "link text"),
    ] {
        if let Some(o) = t.filter(titled).and_then(from_title) {
            cands.push((o, from));
        }
    }
    if let (Some(o), _) = signature(&p.lines) {
        cands.push((o, "signature"));
    }
    if let Some(o) = compiled_by(&p.body) {
        cands.push((o, "\"由…编制\""));
    }
    for a in &p.attach_names {
        if names_report(a) || bare_annual(a) {
            if let Some(o) = from_title(a) {
                cands.push((o, "attachment name"));
            }
        }
    }
    let trad = text::is_traditional(&doc.body);
    for key in [
        "发布机构",
        "发文机关",
        "发布单位",
        "公开主体",
        "信息来源",
        "来源",
    ] {
        for (k, v) in &doc.fields {
            if k.contains(key) {
                if let Some(o) = from_field(&text::fold(v, trad || text::is_traditional(v))) {
                    cands.push((o, "metadata field"));
                }
            }
        }
    }
    if let Some(o) = from_source_lines(&p.lines) {
        cands.push((o, "来源 line"));
    }
    if let Some(v) = doc.organ.as_deref() {
        if let Some(o) = from_field(&text::fold(v, text::is_traditional(v))) {
            cands.push((o, "page organ"));
        }
    }
    if let Some(m) = cands
        .first()
        .and_then(|(lead, _)| body_mention(lead, &p.body))
    {
        cands.push((m, "body text"));
    }
    let (best, from) = fullest(&cands)?;
    let lead = cands.first().map(|c| c.1).unwrap_or(from);
    if lead == from {
        reasons.push(format!("organ {best} from {from}"));
    } else {
        reasons.push(format!(
            "organ {best} from {from} (fullest form of the {lead}'s)"
        ));
    }
    Some(best)
}

/// How organ names end.
const SUFFIXES: &[&str] = &[
    "政府",
    "办事处",
    "街道",
    "镇",
    "乡",
    "办公室",
    "委员会",
    "管委会",
    "局",
    "委",
    "办",
    "中心",
    "院",
    "所",
    "站",
    "队",
    "县",
    "区",
    "市",
    "旗",
    "盟",
    "州",
    "处",
    "厅",
    "部",
    "会",
    "馆",
    "署",
    "社",
    "室",
    "科",
    "公司",
    "场",
    "苏木",
    "组",
    "团",
    "园",
    "庭",
];

/// Words an organ name never holds (a heading, a sentence, a report name).
const NOT_IN_ORGAN: &[&str] = &[
    "报告",
    "情况",
    "事项",
    "关于",
    "通知",
    "如下",
    "年报",
    "公开工作",
    "主办",
    "承办",
    "版权",
    "网站",
    "首页",
    "位置",
    "检索",
    "无障碍",
    "本站",
    "本网",
    "我镇",
    "我乡",
    "我局",
    "我区",
    "我县",
];

/// Whether a string reads as the name of a government body.
pub(crate) fn looks_like_organ(s: &str) -> bool {
    let n = s.chars().count();
    if !(2..=40).contains(&n) {
        return false;
    }
    if !s.chars().next().is_some_and(is_cjk) {
        return false;
    }
    if !s.chars().all(|c| is_cjk(c) || "()·".contains(c)) {
        return false;
    }
    if NOT_IN_ORGAN.iter().any(|w| s.contains(w)) {
        return false;
    }
    if s.starts_with('第') {
        return false;
    }
    let core = match s.rfind('(') {
        Some(p) if s.ends_with(')') && p > 0 => &s[..p],
        _ => s,
    };
    SUFFIXES.iter().any(|x| core.ends_with(x)) && core.chars().count() >= 2
}

/// Clean an organ-ish prefix: spaces, brackets, 关于, 的.
fn clean(s: &str) -> String {
    // A label before a colon: 图解:XX镇, 附件1:XX镇.
    let s = s.rsplit([':', '：']).next().unwrap_or(s);
    // The issuer of "XX办公室关于XX县…": the part before 关于.
    let s = match s.find("关于") {
        Some(p) if p > 0 => &s[..p],
        _ => s,
    };
    let mut t = trim_title(s).to_string();
    loop {
        let before = t.clone();
        for p in ["关于", "附件", "发布", "印发"] {
            if let Some(x) = t.strip_prefix(p) {
                t = trim_title(x).to_string();
            }
        }
        for p in ["关于", "的", "公布", "发布", "度"] {
            if let Some(x) = t.strip_suffix(p) {
                t = trim_title(x).to_string();
            }
        }
        if t == before {
            break;
        }
    }
    t.trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(['.', ':'])
        .to_string()
}

/// The organ a report title names: the text before its year, else before
/// its 政府信息公开, else between year and report words
/// (2024年XX镇政府信息公开…).
pub(crate) fn from_title(t: &str) -> Option<String> {
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let t = trim_title(&t);
    let years = years_in(t);
    let disc = ["政府信息公开", "信息公开", "政务公开"]
        .iter()
        .find_map(|w| t.find(w));
    let report = ["年度报告", "年报"].iter().find_map(|w| t.find(w));
    let organ_of = |s: &str| {
        let mut o = clean(s);
        if o.ends_with("人民") {
            o.push_str("政府");
        }
        looks_like_organ(&o).then_some(o)
    };
    // Before the year; before 政府信息公开; between the year and it.
    let before_year = years.first().and_then(|h| organ_of(&t[..h.start]));
    let before_disc = disc
        .or(report)
        .filter(|d| years.first().is_none_or(|h| h.start > *d))
        .and_then(|d| organ_of(&t[..d]));
    let between = match (years.first(), disc.or(report)) {
        (Some(h), Some(d)) if d > h.end => organ_of(&t[h.end..d]),
        _ => None,
    };
    before_year.or(before_disc).or(between)
}

/// The signature at the end: a line that is only an organ name, optionally
/// followed by a date, or followed by a date line. Returns the organ and the
/// signature date line, if any.
pub(crate) fn signature(lines: &[String]) -> (Option<String>, Option<String>) {
    let mut date: Option<String> = None;
    for line in lines.iter().rev().take(8) {
        let l = text::compact(line);
        if l.is_empty() {
            continue;
        }
        if is_date_line(&l) {
            date.get_or_insert(l);
            continue;
        }
        // "XX镇人民政府 2025年1月10日" on one line.
        let cut = ["二〇", "二○", "二零"]
            .iter()
            .filter_map(|p| l.find(p))
            .chain(l.find(|c: char| c.is_ascii_digit()))
            .min()
            .unwrap_or(l.len());
        let (head, rest) = l.split_at(cut);
        let head = head.to_string();
        if looks_like_organ(&head) && (rest.is_empty() || is_date_line(rest)) {
            if !rest.is_empty() {
                date.get_or_insert(rest.to_string());
            }
            return (Some(head), date);
        }
        if l.contains('。') || l.chars().count() > 40 {
            break;
        }
    }
    (None, date)
}

static BY_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"由([^\s,;:、()《》“”。]{2,30}?)(?:结合|根据|依据|按照|负责|汇总|起草|制作|编制|编写|组织|综合)").ok()
});

/// 本报告由XX镇人民政府编制 / 由昆阳镇结合有关统计数据编制, near the start.
pub(crate) fn compiled_by(body: &str) -> Option<String> {
    let re = BY_RE.as_ref()?;
    let head: String = body.chars().take(1200).collect();
    re.captures_iter(&head).find_map(|c| {
        let o = clean(c.get(1)?.as_str());
        looks_like_organ(&o).then_some(o)
    })
}

/// An organ from a metadata value (发布机构, 来源): its first token.
pub(crate) fn from_field(v: &str) -> Option<String> {
    let v = v.replace(['\u{3000}', '\u{00A0}'], " ");
    let first = v.split_whitespace().next()?;
    let o = clean(first);
    looks_like_organ(&o).then_some(o)
}

/// 来源:XX镇 lines in the page's leftover chrome.
pub(crate) fn from_source_lines(lines: &[String]) -> Option<String> {
    lines.iter().take(20).find_map(|l| {
        ["发布机构:", "信息来源:", "来源:", "发布单位:"]
            .iter()
            .find_map(|k| l.find(k).map(|p| &l[p + k.len()..]))
            .and_then(from_field)
    })
}

/// The lead organ's full government name where the body says it: XX镇 →
/// XX镇人民政府, XX街道 → XX街道办事处, unless the mention continues into
/// another body (XX镇人民政府办公室, XX县人民政府驻…).
pub(crate) fn body_mention(lead: &str, body: &str) -> Option<String> {
    let full = if lead.ends_with("街道") {
        format!("{lead}办事处")
    } else if ["镇", "乡", "县", "区", "市", "旗"]
        .iter()
        .any(|x| lead.ends_with(x))
    {
        format!("{lead}人民政府")
    } else {
        return None;
    };
    body.match_indices(&full).find_map(|(i, m)| {
        let rest = &body[i + m.len()..];
        let sub = ["办", "党", "驻", "各", "直", "所属", "部门", "组成"]
            .iter()
            .any(|w| rest.starts_with(w));
        (!sub).then(|| full.clone())
    })
}

/// The organ with its government suffix taken off: XX镇人民政府 → XX镇,
/// XX街道办事处 → XX街道, XX镇政府 → XX镇.
fn base(s: &str) -> &str {
    if let Some(b) = s.strip_suffix("人民政府") {
        return b;
    }
    if let Some(b) = s.strip_suffix("办事处") {
        return b;
    }
    match s.strip_suffix("政府") {
        Some(b) if b.chars().count() >= 2 => b,
        _ => s,
    }
}

/// Whether two names are the same organ in fuller or shorter form.
pub(crate) fn same_organ(a: &str, b: &str) -> bool {
    let (x, y) = (base(a), base(b));
    x == y
        || (x.chars().count() >= 2 && y.ends_with(x))
        || (y.chars().count() >= 2 && x.ends_with(y))
}

/// The leading candidate in its fullest form found among the others.
pub(crate) fn fullest(cands: &[(String, &'static str)]) -> Option<(String, &'static str)> {
    let (lead, _) = cands.first()?;
    let mut best = cands[0].clone();
    for c in cands.iter().skip(1) {
        if same_organ(lead, &c.0) && c.0.chars().count() > best.0.chars().count() {
            best = c.clone();
        }
    }
    Some(best)
}
