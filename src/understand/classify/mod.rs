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
//!
//! Layout:
//! - `prepare`: the document folded and measured once (`Prepared`);
//! - `decide`: rules 1–9 above; `year` and `organ`: the year and issuer of
//!   a report;
//! - the signals they read: `signals` (what a title names, negatives),
//!   `body` (section headings, table terms, list shape), `dates` (years and
//!   dates in text), `urls` (report columns, article or index URLs);
//! - `text`: the folding every signal assumes (Simplified, half-width, no
//!   pinyin).

mod body;
mod dates;
mod decide;
mod organ;
mod prepare;
mod signals;
#[cfg(test)]
mod tests;
mod text;
mod urls;
mod year;

use serde::{Deserialize, Serialize};

use super::Document;
use dates::has_year;
use prepare::{fold_title, Prepared};
use signals::{bare_annual, names_report, negative};

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
    !t.is_empty() && has_year(&t) && negative(&t).is_none() && (names_report(&t) || bare_annual(&t))
}

/// Whether a URL lies in a report column (`xxgknb`, `zfxxgknb`, `gknb`,
/// `ndbg`, …): the crawler's attachment policy uses it.
pub fn is_report_column(url: &url::Url) -> bool {
    urls::report_column(url)
}

/// Classify a document. `url` and `link_text` (the anchor text it was found
/// under, if any) are extra signals.
pub fn classify(doc: &Document, url: &url::Url, link_text: Option<&str>) -> Classification {
    let p = Prepared::new(doc, link_text);
    let mut reasons = Vec::new();
    let kind = decide::decide(&p, url, &mut reasons);
    let (year, organ) = if kind == Kind::AnnualReport {
        (
            year::find_year(&p, doc, url, &mut reasons),
            organ::find_organ(&p, doc, &mut reasons),
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
