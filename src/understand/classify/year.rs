//! The year reported on (not the year of publication).
//!
//! Why: a report for 2024 is published in 2025; titles, bodies and URLs
//! name the reported year in many ways, and the publish date is only a last
//! resort. In: the [`Prepared`] document, the [`Document`] (its published
//! date and fields) and the URL. Out: the year, with the reason naming its
//! source. Never: take a year from a negative title (a notice's year is not
//! a report's), or guess from a publish date outside January–March.

use super::super::Document;
use super::dates::{date_in, lead_year, named_report_year, period_year, title_year};
use super::organ;
use super::prepare::Prepared;
use super::signals::{bare_annual, has_disclosure, names_report, negative};
use super::urls::url_year;

/// The year reported on: the title (or the page heading), the link text,
/// the body's statistics period (自2024年1月1日起至2024年12月31日止), a year the
/// body names its report for, an attachment's name, the report column's URL
/// (`/2024/`, `n2024n`, `fbtime=2024`), a paragraph opening "2024年，", and
/// last the publish date minus one for reports published in January–March.
pub(super) fn find_year(
    p: &Prepared,
    doc: &Document,
    url: &url::Url,
    reasons: &mut Vec<String>,
) -> Option<i32> {
    let titled = |t: &&str| {
        negative(t).is_none() && (names_report(t) || bare_annual(t) || has_disclosure(t))
    };
    let mut found: Option<(i32, String)> = None;
    for (t, from) in [
        (p.title.as_deref(), "title"),
        (p.body_line.as_deref(), "page heading"),
        (p.link.as_deref(), "link text"),
    ] {
        if let Some(y) = t.filter(titled).and_then(title_year) {
            found = Some((y, format!("year {y} from {from}")));
            break;
        }
    }
    if found.is_none() {
        found = period_year(&p.body)
            .map(|y| (y, format!("year {y} from the body's statistics period")))
            .or_else(|| {
                named_report_year(&p.body)
                    .map(|y| (y, format!("year {y} from the body naming its report")))
            })
            .or_else(|| {
                p.attach_names
                    .iter()
                    .filter(|a| names_report(a) || bare_annual(a))
                    .find_map(|a| title_year(a))
                    .map(|y| (y, format!("year {y} from the attachment's name")))
            })
            .or_else(|| url_year(url).map(|y| (y, format!("year {y} from the report column URL"))))
            .or_else(|| {
                lead_year(&p.body).map(|y| (y, format!("year {y} from the body (\"{y}年，…\")")))
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
    if let Some(d) = doc.published.as_deref().and_then(date_in) {
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
            if let Some(d) = date_in(v) {
                return Some((d.0, d.1, "published"));
            }
        }
    }
    if let (_, Some(date)) = organ::signature(&p.lines) {
        if let Some(d) = date_in(&date) {
            return Some((d.0, d.1, "signed"));
        }
    }
    p.lines.iter().take(20).find_map(|l| {
        let i = l.find("发布时间").or_else(|| l.find("发布日期"))?;
        date_in(&l[i..]).map(|d| (d.0, d.1, "published"))
    })
}
