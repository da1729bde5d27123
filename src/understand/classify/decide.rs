//! The decision: report, listing or other, by the rules 1–9 listed in the
//! [module documentation](super), first rule that applies.
//!
//! Why: one place holds the order of the rules, which matters more than any
//! single signal (a notice that quotes the six headings is still a notice).
//! In: the [`Prepared`] document and its URL. Out: the [`Kind`], with the
//! reasons pushed to `reasons` (a listing replaces the reasons gathered
//! before it). Never: look at the body for negatives (titles and structure
//! decide those), or find year or organ (see `year` and `organ`).

use super::body::listing_shape;
use super::dates::{has_year, period_year, title_year};
use super::organ;
use super::prepare::Prepared;
use super::signals::{bare_annual, column_title, names_report, negative};
use super::urls::{article_like, column_index, report_column};
use super::Kind;

pub(super) fn decide(p: &Prepared, url: &url::Url, reasons: &mut Vec<String>) -> Kind {
    let listing = listing_shape(&p.lines);
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
    let link_page = !article_like(url)
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
            let y = title_year(h).unwrap_or_default();
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
        && column_index(url)
        && report_column(url)
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
        .any(|a| negative(a).is_none() && (names_report(a) || bare_annual(a)));
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
    let weak = p.sections >= 2 || p.terms >= 5 || period_year(&p.body).is_some();
    let column_article = report_column(url) && article_like(url);
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
            p.link.as_deref().and_then(title_year).unwrap_or_default(),
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
        .find(|t| column_title(t));
    if let Some(c) = column {
        if !article_like(url) || p.lines.len() <= 2 {
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
