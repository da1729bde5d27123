//! Document → kind (annual report, listing, other), year reported on,
//! issuing organ, and the reasons for each.
//!
//! Pure and total: any [`Document`] (empty, unreadable, Traditional with
//! pinyin annotations, chrome left in) gives a [`Classification`].
//!
//! Decision, first rule that applies:
//! 1. **Negatives** → [`Kind::Other`]: the title (else a title-like line at
//!    the top of the body, else the link text) is a notice or other
//!    document *about* the reports (通知, 函, 通报, 关于…的, 自查, 报送, 督查,
//!    考核, 编制工作 …) or another kind of annual document (法治政府建设年度报告,
//!    政府工作报告, 企业年报 / 年报公示, 决算 / 预算, 统计公报, 政务公开工作要点,
//!    网站年度报表, 年报解读). The body is not consulted: a notice that quotes
//!    the six headings is still a notice. (A year-less negative title on a
//!    link list, or on an empty page at a column URL — 通知公告 — is a
//!    [`Kind::Listing`].)
//! 2. **Report body** → [`Kind::AnnualReport`]: at least 4 of the 6 standard
//!    section headings, or 10 standard table terms, or 3 headings and 4 terms.
//! 3. **Link list** → [`Kind::Listing`]: mostly short lines, several dated or
//!    naming reports, or a pager.
//! 4. **Title names a disclosure report for a year** → report (but a
//!    report column's index URL titled only by a year, with no prose and no
//!    attachment, is a listing).
//! 5. **Attachment-only**: a document attachment (or a 附件：… line) and a
//!    report named by the title, the attachment or the link text → report.
//! 6. **Weaker body evidence** (2 headings, 5 table terms or the statistics
//!    period) with a report title, report link text or a report-column
//!    article URL → report.
//! 7. **Link text names a report for a year** and the page holds little or
//!    unreadable text (an image-only PDF, a scan) → report.
//! 8. **Column title** (a report name without a year: 政府信息公开年报) on a
//!    non-article URL or with an empty body → listing; any page at a
//!    non-article URL (index, list, directory, `?page=`) whose body holds no
//!    sentence and under 200 characters → listing (the HTML extractor drops
//!    link-dense blocks, so a list page's body comes out next to empty).
//! 9. Otherwise [`Kind::Other`].
//!
//! Year and organ are given for reports only (`None` for listings and
//! other pages); `find_year` and `find_organ` document their order of
//! sources. Traditional pages are matched after Traditional → Simplified
//! conversion (ferrous-opencc), so an organ read from one comes out in
//! Simplified (涼山鄉人民政府 → 凉山乡人民政府).

mod organ;
mod signals;
#[cfg(test)]
mod tests;
mod text;

use serde::{Deserialize, Serialize};

use super::{Document, Readability};
use signals::{has_year, names_report, negative};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    AnnualReport,
    Listing,
    Other,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::AnnualReport => "annual_report",
            Kind::Listing => "listing",
            Kind::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classification {
    pub kind: Kind,
    /// The year reported on (not the publish year).
    pub year: Option<i32>,
    pub organ: Option<String>,
    pub reasons: Vec<String>,
}

/// Whether a title or link text names a disclosure annual report *for a
/// year* (Simplified or Traditional, pinyin annotations allowed, `附件：`
/// prefix and file extension allowed). Column names without a year
/// (政府信息公开年报) and the negatives (notices about the reports, 法治政府建设
/// 年度报告, 企业年报, …) are not.
pub fn is_report_title(text: &str) -> bool {
    let t = fold_title(text);
    !t.is_empty()
        && has_year(&t)
        && negative(&t).is_none()
        && (names_report(&t) || signals::bare_annual(&t))
}

/// Whether a URL lies in a report column (`xxgknb`, `zfxxgknb`, `gknb`,
/// `ndbg`, …): the crawler's attachment policy uses it.
pub fn is_report_column(url: &url::Url) -> bool {
    signals::report_column(url)
}

/// Classify a document. `url` and `link_text` (the anchor text it was found
/// under, if any) are extra signals.
pub fn classify(doc: &Document, url: &url::Url, link_text: Option<&str>) -> Classification {
    let p = Prepared::new(doc, link_text);
    let mut reasons = Vec::new();
    let kind = decide(&p, url, &mut reasons);
    let (year, organ) = if kind == Kind::AnnualReport {
        (
            find_year(&p, doc, url, &mut reasons),
            find_organ(&p, doc, &mut reasons),
        )
    } else {
        (None, None)
    };
    Classification {
        kind,
        year,
        organ,
        reasons,
    }
}

// ------------------------------------------------------------ preparation

/// A title-like string folded for matching: Simplified, half-width, no
/// pinyin, no spaces, no `附件：` prefix, no file extension, and of a
/// `title_site` pair the part that names a report.
fn fold_title(s: &str) -> String {
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
                names_report(&c) || negative(&c).is_some() || signals::has_report_word(&c)
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

struct Prepared {
    title: Option<String>,
    link: Option<String>,
    body: String,
    lines: Vec<String>,
    sections: usize,
    terms: usize,
    /// A title-like line near the top of the body (the page heading when the
    /// title is missing or is the site's name).
    body_line: Option<String>,
    /// Attachment names: decoded file names of document attachments and
    /// 附件：… lines of the body.
    attach_names: Vec<String>,
    has_doc_attachment: bool,
    unreadable: bool,
}

impl Prepared {
    fn new(doc: &Document, link_text: Option<&str>) -> Prepared {
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
        let sections = signals::section_count(&body);
        let terms = signals::table_term_count(&compact);
        let body_line = body_title_line(&lines);

        let mut attach_names = Vec::new();
        let mut has_doc_attachment = false;
        for a in &doc.attachments {
            let Ok(u) = url::Url::parse(a) else { continue };
            let last = u
                .path_segments()
                .and_then(|mut s| s.next_back())
                .unwrap_or("");
            let ext = last.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
            if last.contains('.') && DOC_EXTS.contains(&ext.as_str()) {
                has_doc_attachment = true;
                let name = percent_encoding::percent_decode_str(last).decode_utf8_lossy();
                attach_names.push(fold_title(&name));
            }
        }
        for l in &lines {
            let lower = l.to_ascii_lowercase();
            let is_file = DOC_EXTS
                .iter()
                .any(|e| lower.ends_with(&format!(".{e}")) || lower.contains(&format!(".{e} ")));
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
    fn heading(&self) -> Option<&str> {
        let cands = [self.title.as_deref(), self.body_line.as_deref()];
        cands
            .iter()
            .flatten()
            .find(|t| names_report(t) && has_year(t))
            .or_else(|| cands.iter().flatten().find(|t| names_report(t)))
            .copied()
    }

    fn link_names_report(&self) -> bool {
        self.link
            .as_deref()
            .is_some_and(|l| negative(l).is_none() && (names_report(l) || signals::bare_annual(l)))
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
            || signals::date_in(l).is_some();
        if !(6..=80).contains(&n) || sentence {
            continue;
        }
        let t = fold_title(l);
        let notice = ["通知", "通报", "的函"].iter().any(|w| t.ends_with(w));
        if signals::has_report_word(&t) || notice {
            cands.push(t);
        }
    }
    let pick = |f: &dyn Fn(&str) -> bool| cands.iter().find(|t| f(t)).cloned();
    pick(&|t| names_report(t) && has_year(t) && negative(t).is_none())
        .or_else(|| pick(&|t| negative(t).is_some()))
        .or_else(|| cands.first().cloned())
}

// ------------------------------------------------------------ decision

fn decide(p: &Prepared, url: &url::Url, reasons: &mut Vec<String>) -> Kind {
    let listing = signals::listing_shape(&p.lines);
    let body_report = p.sections >= 4 || p.terms >= 10 || (p.sections >= 3 && p.terms >= 4);
    let title_dated_report = p
        .title
        .as_deref()
        .is_some_and(|t| names_report(t) && has_year(t));
    let title_names = p.title.as_deref().is_some_and(names_report);
    let heading = p.heading();
    let prose = p.lines.iter().any(|l| l.contains('。'));
    // What the extractor leaves of a list page (link-dense blocks are
    // dropped as chrome): next to nothing, at a URL that is no article.
    let link_page = !signals::article_like(url)
        && !prose
        && p.body.chars().count() < 200
        && p.sections == 0
        && !p.has_doc_attachment;

    // 1. Negatives: titles and structure decide, never the body.
    let neg = p
        .title
        .as_deref()
        .and_then(|t| negative(t).map(|r| (r, "title")))
        .or_else(|| {
            (!title_dated_report)
                .then(|| p.body_line.as_deref().and_then(negative))
                .flatten()
                .map(|r| (r, "page heading"))
        })
        .or_else(|| {
            (heading.is_none() && !title_names)
                .then(|| p.link.as_deref().and_then(negative))
                .flatten()
                .map(|r| (r, "link text"))
        });
    if let Some((r, from)) = neg {
        let dated = p.title.as_deref().is_some_and(has_year)
            || p.body_line.as_deref().is_some_and(has_year);
        if !body_report && !dated && (listing.is_some() || link_page) {
            reasons.push(
                listing
                    .clone()
                    .unwrap_or_else(|| "listing: no text body at a column URL".to_string()),
            );
            reasons.push(format!("column of non-reports: {r} ({from})"));
            return Kind::Listing;
        }
        reasons.push(if from == "title" {
            r
        } else {
            format!("{r}, in the {from}")
        });
        return Kind::Other;
    }

    if let Some(h) = heading {
        if has_year(h) {
            let y = signals::title_year(h).unwrap_or_default();
            let from = if Some(h) == p.title.as_deref() {
                "title"
            } else {
                "page heading"
            };
            reasons.push(format!("{from} names a disclosure annual report ({y})"));
        }
    }

    // 2. A report body.
    if body_report {
        reasons.push(format!("body has {}/6 standard sections", p.sections));
        if p.terms > 0 {
            reasons.push(format!("body has {} standard table terms", p.terms));
        }
        return Kind::AnnualReport;
    }

    // 3. A list of links (unless a dated, organ-named report title or an
    // attachment says this is a report page with related links around it).
    let report_page = p
        .title
        .as_deref()
        .is_some_and(|h| names_report(h) && has_year(h) && organ::from_title(h).is_some())
        || (title_names && p.has_doc_attachment);
    if let (Some(l), false) = (listing, report_page) {
        reasons.clear();
        reasons.push(l);
        return Kind::Listing;
    }

    // A report column's index page titled by its year (2024年度政府信息公开年报):
    // no organ in the title, no prose, nothing attached.
    let bare_dated_title = p
        .title
        .as_deref()
        .is_some_and(|t| has_year(t) && organ::from_title(t).is_none());
    if bare_dated_title
        && signals::column_index(url)
        && signals::report_column(url)
        && !p.has_doc_attachment
        && !prose
        && p.sections == 0
    {
        reasons.clear();
        reasons.push("listing: report column index URL titled by its year".to_string());
        return Kind::Listing;
    }

    // 4. The title names a report for a year.
    if heading.is_some_and(has_year) {
        return Kind::AnnualReport;
    }

    // 5. Attachment-only report pages.
    let attach_report = p
        .attach_names
        .iter()
        .any(|a| negative(a).is_none() && (names_report(a) || signals::bare_annual(a)));
    if p.has_doc_attachment && (heading.is_some() || attach_report || p.link_names_report()) {
        let what = if heading.is_some() {
            "the title names a report"
        } else if attach_report {
            "the attachment names a report"
        } else {
            "the link text names a report"
        };
        reasons.push(format!("attachment-only page: {what}, document attached"));
        return Kind::AnnualReport;
    }

    // 6. Weaker body evidence with a report title, link or column.
    let weak = p.sections >= 2 || p.terms >= 5 || signals::period_year(&p.body).is_some();
    let column_article = signals::report_column(url) && signals::article_like(url);
    if weak && (heading.is_some() || p.link_names_report() || column_article) {
        reasons.push(format!(
            "some report structure ({} sections, {} table terms) under a report {}",
            p.sections,
            p.terms,
            if heading.is_some() {
                "title"
            } else if p.link_names_report() {
                "link"
            } else {
                "column URL"
            }
        ));
        return Kind::AnnualReport;
    }

    // 7. Link text names a report for a year; the page says little.
    let little = p.unreadable || p.title.is_none() || p.body.chars().count() < 300;
    if little
        && p.link.as_deref().is_some_and(has_year)
        && p.link_names_report()
        && heading.is_none()
    {
        reasons.push(format!(
            "link text names a disclosure annual report ({}); the page {}",
            p.link
                .as_deref()
                .and_then(signals::title_year)
                .unwrap_or_default(),
            if p.unreadable {
                "is unreadable"
            } else {
                "holds little text"
            }
        ));
        return Kind::AnnualReport;
    }

    // 8. Column pages.
    let column = [p.title.as_deref(), p.body_line.as_deref()]
        .into_iter()
        .flatten()
        .find(|t| signals::column_title(t));
    if let Some(c) = column {
        if !signals::article_like(url) || p.lines.len() <= 2 {
            reasons.push(format!("listing: title is a column name ({c})"));
            return Kind::Listing;
        }
        reasons.push(format!(
            "title names a report without a year ({c}) but the page holds no report"
        ));
        return Kind::Other;
    }
    if link_page {
        reasons.push(format!(
            "listing: no text body ({} lines, no sentence) at a column URL",
            p.lines.len()
        ));
        return Kind::Listing;
    }

    reasons.push(format!(
        "no report title, {} sections, {} table terms",
        p.sections, p.terms
    ));
    Kind::Other
}

// ------------------------------------------------------------ year

/// The year reported on: the title (or the page heading), the link text,
/// the body's statistics period (自2024年1月1日起至2024年12月31日止), a year the
/// body names its report for, an attachment's name, the report column's URL
/// (`/2024/`, `n2024n`, `fbtime=2024`), a paragraph opening "2024年，", and
/// last the publish date minus one for reports published in January–March.
fn find_year(
    p: &Prepared,
    doc: &Document,
    url: &url::Url,
    reasons: &mut Vec<String>,
) -> Option<i32> {
    let titled = |t: &&str| {
        negative(t).is_none()
            && (names_report(t) || signals::bare_annual(t) || signals::has_disclosure(t))
    };
    let mut found: Option<(i32, String)> = None;
    for (t, from) in [
        (p.title.as_deref(), "title"),
        (p.body_line.as_deref(), "page heading"),
        (p.link.as_deref(), "link text"),
    ] {
        if let Some(y) = t.filter(titled).and_then(signals::title_year) {
            found = Some((y, format!("year {y} from {from}")));
            break;
        }
    }
    if found.is_none() {
        found = signals::period_year(&p.body)
            .map(|y| (y, format!("year {y} from the body's statistics period")))
            .or_else(|| {
                signals::named_report_year(&p.body)
                    .map(|y| (y, format!("year {y} from the body naming its report")))
            })
            .or_else(|| {
                p.attach_names
                    .iter()
                    .filter(|a| names_report(a) || signals::bare_annual(a))
                    .find_map(|a| signals::title_year(a))
                    .map(|y| (y, format!("year {y} from the attachment's name")))
            })
            .or_else(|| {
                signals::url_year(url).map(|y| (y, format!("year {y} from the report column URL")))
            })
            .or_else(|| {
                signals::lead_year(&p.body)
                    .map(|y| (y, format!("year {y} from the body (\"{y}年，…\")")))
            });
    }
    if found.is_none() {
        if let Some((y, m, from)) = published(p, doc) {
            if m <= 3 {
                found = Some((
                    y - 1,
                    format!("year {} = {from} {y}-{m:02} minus one", y - 1),
                ));
            } else {
                reasons.push(format!(
                    "year unknown ({from} {y}-{m:02} is not in January–March)"
                ));
            }
        }
    }
    found.map(|(y, r)| {
        reasons.push(r);
        y
    })
}

/// The publish date: `published`, a date field, the signature's date, a
/// 发布时间 line in the body's chrome.
fn published(p: &Prepared, doc: &Document) -> Option<(i32, u32, &'static str)> {
    if let Some(d) = doc.published.as_deref().and_then(signals::date_in) {
        return Some((d.0, d.1, "published"));
    }
    for (k, v) in &doc.fields {
        if [
            "发布日期",
            "发布时间",
            "成文日期",
            "生成日期",
            "公开日期",
            "日期",
        ]
        .iter()
        .any(|w| k.contains(w))
        {
            if let Some(d) = signals::date_in(v) {
                return Some((d.0, d.1, "published"));
            }
        }
    }
    if let (_, Some(date)) = organ::signature(&p.lines) {
        if let Some(d) = signals::date_in(&date) {
            return Some((d.0, d.1, "signed"));
        }
    }
    p.lines.iter().take(20).find_map(|l| {
        let i = l.find("发布时间").or_else(|| l.find("发布日期"))?;
        signals::date_in(&l[i..]).map(|d| (d.0, d.1, "published"))
    })
}

// ------------------------------------------------------------ organ

/// The issuing organ. Candidates, in order: the title's prefix before the
/// year (XX镇2024年… → XX镇), the page heading's, the link text's, the
/// signature line at the end, 由XX编制 in the opening, the attachment's
/// name, the 发布机构 / 来源 fields, a 来源: line in the chrome, the
/// document's organ. The first candidate leads; the result is its fullest
/// form among the others (XX镇 + signature XX镇人民政府 → XX镇人民政府),
/// including the lead's full government name where the body text says it
/// (XX镇 → XX镇人民政府, XX街道 → XX街道办事处).
fn find_organ(p: &Prepared, doc: &Document, reasons: &mut Vec<String>) -> Option<String> {
    let mut cands: Vec<(String, &'static str)> = Vec::new();
    let titled = |t: &&str| negative(t).is_none() && (names_report(t) || signals::bare_annual(t));
    for (t, from) in [
        (p.title.as_deref(), "title"),
        (p.body_line.as_deref(), "page heading"),
        (p.link.as_deref(), "link text"),
    ] {
        if let Some(o) = t.filter(titled).and_then(organ::from_title) {
            cands.push((o, from));
        }
    }
    if let (Some(o), _) = organ::signature(&p.lines) {
        cands.push((o, "signature"));
    }
    if let Some(o) = organ::compiled_by(&p.body) {
        cands.push((o, "\"由…编制\""));
    }
    for a in &p.attach_names {
        if names_report(a) || signals::bare_annual(a) {
            if let Some(o) = organ::from_title(a) {
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
                if let Some(o) = organ::from_field(&text::fold(v, trad || text::is_traditional(v)))
                {
                    cands.push((o, "metadata field"));
                }
            }
        }
    }
    if let Some(o) = organ::from_source_lines(&p.lines) {
        cands.push((o, "来源 line"));
    }
    if let Some(v) = doc.organ.as_deref() {
        if let Some(o) = organ::from_field(&text::fold(v, text::is_traditional(v))) {
            cands.push((o, "page organ"));
        }
    }
    if let Some(m) = cands
        .first()
        .and_then(|(lead, _)| organ::body_mention(lead, &p.body))
    {
        cands.push((m, "body text"));
    }
    let (best, from) = organ::fullest(&cands)?;
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
