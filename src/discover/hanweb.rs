//! Hanweb 大汉 jcms `jpage` lists: datastore records, proxy page requests,
//! and proxy answers. See the module rules in `discover` for the contract,
//! especially the form re-attachment rule for follow-ups of proxy answers.
use std::sync::LazyLock;

use regex::Regex;
use scraper::{Html, Selector};
use url::Url;

use super::{link_text, Collector, Via, MAX_PAGES};

/// A `<record>` and its content (up to `</record>`, or the end of an
/// unterminated body). `<recordset>` is not a record.
static RECORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<record(?:\s[^>]*)?>(.*?)(?:</record\s*>|\z)").expect("static regex")
});
static DATASTORE_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<datastore\b").expect("static regex"));
static DATASTORE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)</datastore\s*>").expect("static regex"));
static NEXTGROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<nextgroup\s*>(.*?)(?:</nextgroup\s*>|\z)").expect("static regex")
});
static HREF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#).expect("static regex")
});
static PER_PAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\bperPage["']?\s*:\s*["']?(\d+)"#).expect("static regex"));
static TOTAL_RECORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\btotalRecord["']?\s*:\s*["']?(\d+)"#).expect("static regex")
});
static TOTAL_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)<totalrecord>\s*(?:<!\[CDATA\[)?\s*(\d+)").expect("static regex")
});
static HTML_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<(?:html|body)\b").expect("static regex"));
static ANCHOR: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("a[href]").expect("static selector"));

/// At most this many datastores (jpage lists) per page get proxy requests.
const MAX_DATASTORES: usize = 64;

/// jpage's default page size.
const DEFAULT_PER_PAGE: u64 = 15;

fn num(s: &str) -> u64 {
    s.parse().unwrap_or(u64::MAX)
}

/// Value of a query parameter (case-insensitive key) of `url`.
fn query_num(url: &Url, key: &str) -> Option<u64> {
    url.query_pairs()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .and_then(|(_, v)| v.trim().parse().ok())
}

/// Whether `body` is a jpage proxy answer rather than an HTML page: no
/// `<html>`/`<body>`, and either fetched with `startrecord` or starting
/// (after a BOM, whitespace and comments) with `<?xml` or `<datastore`.
pub(super) fn is_proxy_answer(body: &str, base: &Url) -> bool {
    if HTML_TAG.is_match(body) {
        return false;
    }
    if query_num(base, "startrecord").is_some() {
        return true;
    }
    let mut rest = body.trim_start_matches('\u{feff}').trim_start();
    while let Some(after) = rest.strip_prefix("<!--") {
        rest = after.split_once("-->").map_or("", |(_, r)| r).trim_start();
    }
    let head = rest.get(..10).unwrap_or(rest);
    head.starts_with("<?xml") || head.to_ascii_lowercase().starts_with("<datastore")
}

/// Links inside `<record>` elements (CDATA or not) → `Via::HanwebRecord`.
pub(super) fn records(body: &str, base: &Url, out: &mut Collector) {
    if !body.contains("<record") && !body.contains("<RECORD") {
        return;
    }
    let mut html = String::new();
    for c in RECORD.captures_iter(body) {
        if let Some(inner) = c.get(1) {
            let inner = inner.as_str().replace("<![CDATA[", "").replace("]]>", "");
            html.push_str(&inner);
            html.push('\n');
        }
    }
    if html.is_empty() {
        return;
    }
    let frag = Html::parse_fragment(&crate::understand::html::defuse_nesting(&html));
    for a in frag.select(&ANCHOR) {
        if out.full() {
            out.overflow();
            continue;
        }
        let text = link_text(&a.text().collect::<String>(), a.attr("title"));
        let href = a.attr("href").unwrap_or("");
        out.href(base, href, Via::HanwebRecord, text);
    }
}

/// The requests for pages `S = first, first+P, …` up to `total`, at most
/// `MAX_PAGES` of them: (startrecord, endrecord).
fn page_ranges(first: u64, per: u64, total: u64) -> impl Iterator<Item = (u64, u64)> {
    let per = per.max(1);
    (0..MAX_PAGES)
        .map(move |i| first.saturating_add(i.saturating_mul(per)))
        .take_while(move |s| *s <= total && *s >= first)
        .map(move |s| (s, s.saturating_add(per - 1).min(total)))
}

/// Proxy page requests for each `<datastore>`'s `<nextgroup>` on a column page.
pub(super) fn proxy_requests(body: &str, base: &Url, out: &mut Collector) {
    let starts: Vec<usize> = DATASTORE_START.find_iter(body).map(|m| m.start()).collect();
    if starts.len() > MAX_DATASTORES {
        tracing::debug!(n = starts.len(), cap = MAX_DATASTORES, %base, "datastores capped");
    }
    for (i, &start) in starts.iter().enumerate().take(MAX_DATASTORES) {
        let next = starts.get(i + 1).copied().unwrap_or(body.len());
        let end = DATASTORE_END
            .find(&body[start..next])
            .map_or(next, |m| start + m.end());
        let after = &body[end..next];
        let Some(href) = nextgroup_href(&body[start..end]) else {
            continue;
        };
        let href = href.replace("&amp;", "&");
        let href = href.trim();
        let href = href.split('#').next().unwrap_or(href);
        let (path, form) = href.split_once('?').unwrap_or((href, ""));
        let find = |re: &Regex| {
            re.captures(after)
                .or_else(|| (starts.len() == 1).then(|| re.captures(body)).flatten())
                .and_then(|c| c.get(1))
                .map(|m| num(m.as_str()))
        };
        let group_per = crate::frontier::canon::resolve(base, href)
            .and_then(|u| query_num(&u, "perpage"))
            .filter(|p| *p > 0);
        let per = find(&PER_PAGE)
            .filter(|p| *p > 0)
            .or(group_per)
            .unwrap_or(DEFAULT_PER_PAGE)
            .min(u64::from(u32::MAX));
        let total = find(&TOTAL_RECORD).unwrap_or(per);
        for (s, e) in page_ranges(1, per, total) {
            let req = format!("{path}?startrecord={s}&endrecord={e}&perpage={per}");
            if let Some(url) = crate::frontier::canon::resolve(base, &req) {
                out.push(url, Via::HanwebProxy, String::new(), Some(form.to_owned()));
            }
        }
    }
}

/// The href in a datastore's `<nextgroup>`, as written.
fn nextgroup_href(datastore: &str) -> Option<String> {
    let group = NEXTGROUP.captures(datastore)?.get(1)?.as_str();
    let c = HREF.captures(group)?;
    let m = c.get(1).or(c.get(2)).or(c.get(3))?;
    Some(m.as_str().to_owned())
}

/// Follow-up requests of a proxy answer whose `<totalrecord>` exceeds what
/// the base URL asked for: same query with startrecord/endrecord/perpage
/// replaced, `form: None` (the engine re-attaches the parent's form).
pub(super) fn answer_followups(body: &str, base: &Url, out: &mut Collector) {
    let Some(total) = TOTAL_TAG
        .captures(body)
        .and_then(|c| c.get(1))
        .map(|m| num(m.as_str()))
    else {
        return;
    };
    let start = query_num(base, "startrecord");
    let end = query_num(base, "endrecord");
    let per = query_num(base, "perpage")
        .filter(|p| *p > 0)
        .or_else(|| Some(end?.checked_sub(start?)? + 1))
        .unwrap_or(DEFAULT_PER_PAGE)
        .min(u64::from(u32::MAX));
    let covered = match (start, end) {
        (_, Some(e)) => e,
        (Some(s), None) => s.saturating_add(per - 1),
        (None, None) => RECORD.find_iter(body).count() as u64,
    };
    if total <= covered {
        return;
    }
    let raw = base.query().unwrap_or("");
    for (s, e) in page_ranges(covered + 1, per, total) {
        let query = replace_params(raw, s, e, per);
        if let Some(url) =
            crate::frontier::canon::resolve(base, &format!("{}?{query}", base.path()))
        {
            out.push(url, Via::HanwebProxy, String::new(), None);
        }
    }
}

/// `raw` with startrecord/endrecord/perpage set (in place, or appended).
fn replace_params(raw: &str, s: u64, e: u64, per: u64) -> String {
    let mut want = [
        ("startrecord", s, false),
        ("endrecord", e, false),
        ("perpage", per, false),
    ];
    let mut parts: Vec<String> = Vec::new();
    for pair in raw.split('&').filter(|p| !p.is_empty()) {
        let key = pair.split('=').next().unwrap_or("");
        match want
            .iter_mut()
            .find(|(k, _, _)| k.eq_ignore_ascii_case(key))
        {
            Some((_, v, done)) => {
                *done = true;
                parts.push(format!("{key}={v}"));
            }
            None => parts.push(pair.to_owned()),
        }
    }
    for (k, v, done) in want {
        if !done {
            parts.push(format!("{k}={v}"));
        }
    }
    parts.join("&")
}

#[cfg(test)]
mod tests;
