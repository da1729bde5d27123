//! The document made ready for matching: folded title, link text and body,
//! and the counts and candidates the rules ask for.
//!
//! Why: every rule looks at the same few things (the title, a heading line
//! at the top of the body, the link text, section and table-term counts,
//! attachment names); they are computed once here, on text folded by
//! [`super::text::fold`] (Simplified, half-width, no pinyin). In: a
//! [`Document`] and the link text it was found under. Out: [`Prepared`].
//! Never: decide anything (no kind, year or organ is chosen here), or keep
//! the folded text beyond classification (the document is not changed).

use super::super::{Document, Readability};
use super::body;
use super::dates::{date_in, has_year};
use super::signals::{bare_annual, has_report_word, names_report, negative};
use super::text;
use super::urls::last_segment;

/// A title-like string folded for matching: Simplified, half-width, no
/// pinyin, no spaces, no `附件：` prefix, no file extension, and of a
/// `title_site` pair the part that names a report.
pub(super) fn fold_title(s: &str) -> String {
    let trad = text::is_traditional(s);
    let f = text::fold(s, trad);
    let parts: Vec<&str> = f
        .split(['_', '|'])
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(" — "))
        .filter(|p| !p.trim().is_empty())
        .collect();
    let chosen = if parts.len() > 1 {
        parts
            .iter()
            .find(|p| {
                let c = text::compact(p);
                names_report(&c) || negative(&c).is_some() || has_report_word(&c)
            })
            .map(|p| p.to_string())
            .unwrap_or(f.clone())
    } else {
        f.clone()
    };
    let mut t: String = chosen.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(rest) = t.strip_prefix("附件") {
        t = rest
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches([':', '.', '、'])
            .to_string();
    }
    let lower = t.to_ascii_lowercase();
    for ext in [
        ".pdf", ".docx", ".doc", ".wps", ".ofd", ".xlsx", ".xls", ".jpg", ".png",
    ] {
        if lower.ends_with(ext) {
            t.truncate(t.len() - ext.len());
            break;
        }
    }
    text::trim_title(&t).to_string()
}

/// Attachment extensions that hold a document.
const DOC_EXTS: &[&str] = &[
    "pdf", "doc", "docx", "wps", "ofd", "xls", "xlsx", "et", "rtf", "zip", "rar", "7z",
];

/// `(".pdf", ".pdf ")` … for each of [`DOC_EXTS`]: a line naming a file
/// ends with the first or holds the second.
static EXT_PATTERNS: std::sync::LazyLock<Vec<(String, String)>> = std::sync::LazyLock::new(|| {
    DOC_EXTS
        .iter()
        .map(|e| (format!(".{e}"), format!(".{e} ")))
        .collect()
});

pub(super) struct Prepared {
    pub(super) title: Option<String>,
    pub(super) link: Option<String>,
    pub(super) body: String,
    pub(super) lines: Vec<String>,
    pub(super) sections: usize,
    pub(super) terms: usize,
    /// A title-like line near the top of the body (the page heading when the
    /// title is missing or is the site's name).
    pub(super) body_line: Option<String>,
    /// Attachment names: decoded file names of document attachments and
    /// 附件：… lines of the body.
    pub(super) attach_names: Vec<String>,
    pub(super) has_doc_attachment: bool,
    pub(super) unreadable: bool,
}

impl Prepared {
    pub(super) fn new(doc: &Document, link_text: Option<&str>) -> Prepared {
        let sample: String = doc
            .title
            .iter()
            .map(String::as_str)
            .chain(link_text)
            .chain(std::iter::once(doc.body.as_str()))
            .flat_map(str::chars)
            .take(6000)
            .collect();
        let trad = text::is_traditional(&sample);
        let title = doc
            .title
            .as_deref()
            .map(fold_title)
            .filter(|t| !t.is_empty());
        let link = link_text.map(fold_title).filter(|t| !t.is_empty());
        let body = text::fold(&doc.body, trad);
        let lines: Vec<String> = body
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect();
        let mut table_text = String::new();
        for t in &doc.tables {
            for l in t.to_lines() {
                table_text.push_str(&l);
                table_text.push('\n');
            }
        }
        let compact = text::compact(&format!("{body}\n{}", text::fold(&table_text, trad)));
        let sections = body::section_count(&body);
        let terms = body::table_term_count(&compact);
        let body_line = body_title_line(&lines);

        let mut attach_names = Vec::new();
        let mut has_doc_attachment = false;
        for a in &doc.attachments {
            let Ok(u) = url::Url::parse(a) else { continue };
            let last = last_segment(&u);
            let ext = last.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
            if last.contains('.') && DOC_EXTS.contains(&ext.as_str()) {
                has_doc_attachment = true;
                let name = percent_encoding::percent_decode_str(last).decode_utf8_lossy();
                attach_names.push(fold_title(&name));
            }
        }
        for l in &lines {
            // (no copy or pattern built per line: this runs on every page)
            let is_file = l.contains('.') && {
                let lower = l.to_ascii_lowercase();
                EXT_PATTERNS
                    .iter()
                    .any(|(end, mid)| lower.ends_with(end.as_str()) || lower.contains(mid.as_str()))
            };
            if l.starts_with("附件") || is_file {
                if is_file {
                    has_doc_attachment = true;
                }
                attach_names.push(fold_title(l));
            }
        }
        let unreadable = !matches!(doc.readability, Readability::Ok);
        Prepared {
            title,
            link,
            body,
            lines,
            sections,
            terms,
            body_line,
            attach_names,
            has_doc_attachment,
            unreadable,
        }
    }

    /// The title, else the body's title line, that names a report for a
    /// year; else one that names a report.
    pub(super) fn heading(&self) -> Option<&str> {
        let cands = [self.title.as_deref(), self.body_line.as_deref()];
        cands
            .iter()
            .flatten()
            .find(|t| names_report(t) && has_year(t))
            .or_else(|| cands.iter().flatten().find(|t| names_report(t)))
            .copied()
    }

    pub(super) fn link_names_report(&self) -> bool {
        self.link
            .as_deref()
            .is_some_and(|l| negative(l).is_none() && (names_report(l) || bare_annual(l)))
    }
}

/// A title-like line near the top of the body: short, no sentence, names a
/// report or is a notice title. Stops at the first section heading. Prefers
/// a line naming a report for a year, then a notice title, then any line
/// naming a report (a breadcrumb's column name).
fn body_title_line(lines: &[String]) -> Option<String> {
    let mut cands: Vec<String> = Vec::new();
    for l in lines.iter().take(15) {
        if ["一、", "一.", "一,"].iter().any(|p| l.starts_with(p)) {
            break;
        }
        let n = l.chars().count();
        let sentence = [
            "根据",
            "按照",
            "依据",
            "为了",
            "为",
            "本",
            "现",
            "我",
            "经",
            "在",
            "附件",
            "来源",
            "当前位置",
            "首页",
        ]
        .iter()
        .any(|p| l.starts_with(p))
            || ["要求", "精神", "规定", "如下", ":"]
                .iter()
                .any(|p| l.ends_with(p))
            || l.contains('。')
            || l.contains('>')
            || l.contains('»')
            || date_in(l).is_some();
        if !(6..=80).contains(&n) || sentence {
            continue;
        }
        let t = fold_title(l);
        let notice = ["通知", "通报", "的函"].iter().any(|w| t.ends_with(w));
        if has_report_word(&t) || notice {
            cands.push(t);
        }
    }
    let pick = |f: &dyn Fn(&str) -> bool| cands.iter().find(|t| f(t)).cloned();
    pick(&|t| names_report(t) && has_year(t) && negative(t).is_none())
        .or_else(|| pick(&|t| negative(t).is_some()))
        .or_else(|| cands.first().cloned())
}
