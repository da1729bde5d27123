//! Link discovery: a pure stage.
//!
//! **In:** the decoded text of one fetched page (`&str`, already converted to
//! UTF-8 by the fetch stage) and the URL it was fetched from.
//!
//! **Out:** a [`Discovery`]: the links to follow, in page order, deduplicated
//! within the page (first occurrence wins), each with its [`LinkKind`]
//! (`Document` = an attachment to fetch and never parse as HTML), the
//! [`Via`] it was found by, its text, and — for requests that must be POSTed —
//! its urlencoded form body; plus the page's `<title>` and
//! `<meta name="ArticleTitle">`.
//!
//! **Never:** no I/O (no network, no files, no clock; a page over the link
//! bound is reported with one `tracing` warning), never panic on any
//! input (malformed HTML, unterminated CDATA, absurd numbers, U+FFFD soup),
//! and never invent a URL the page does not imply: every link is either an
//! href/src written in the page, or one a recognised pager script on the page
//! would build (TRS `createPageHTML`, Hanweb `jpage`), bounded by
//! [`MAX_PAGES`] pages per pager (and at most 16 `createPageHTML` calls and
//! 64 jpage datastores per page).
//!
//! # Bounds on hostile pages
//!
//! * **Links per page:** at most `max_links` links are kept (the first ones,
//!   in the order below; [`DEFAULT_MAX_LINKS`] for [`discover`], the
//!   config's `crawl.max_links_per_page` in the crawl via
//!   [`discover_document`]). Candidates past the bound are neither resolved
//!   nor stored, only counted in [`Discovery::dropped`], and the page gets
//!   one warning.
//! * **Nesting:** the page is parsed by [`crate::understand::html::parse`],
//!   with the same nesting guard as page understanding (the crawl parses
//!   once and hands the tree to both, [`discover_document`]): the HTML parser is quadratic in the depth of open elements, so
//!   100,000 nested `<div>`s would otherwise take minutes. Every walk over
//!   the parsed tree here is iterative (scraper's `select`, `text`,
//!   `ancestors`), so depth never costs stack.
//!
//! # Rules
//!
//! * Every href goes through [`crate::frontier::canon::resolve`] against the
//!   page URL, or against `<base href>` when the page has one.
//! * Sources: `<a href>`, `<area href>`, `<frame src>`, `<iframe src>`,
//!   `<meta http-equiv=refresh>`, and in inline scripts the redirects
//!   `location = '…'`, `location.href = "…"` (with any `window.`/`top.`/…
//!   prefix) and `location.replace("…")` / `location.assign("…")` with a
//!   single string literal (a concatenation is not followed). Other URLs in
//!   scripts are ignored.
//! * Skipped: `javascript:`, `mailto:`, `tel:`, `#…`, empty hrefs, and
//!   asset URLs (.css .js images, audio/video, fonts, archives): see
//!   `filetype.rs`.
//! * `text`: the whitespace-collapsed anchor text; its `title` attribute when
//!   the text is empty or truncated with "..." / "…"; an inner image's `alt`
//!   when both are empty. Frames, areas: `title`/`alt`. Generated links: "".
//! * Pagination (`pager.rs`): an anchor is `Via::Pager` when its text is a
//!   pager word (下一页, 下页, 尾页, 末页, 后页, 上一页, 上页, 前页, 最后一页, ›, », >…),
//!   or a bare page number / 首页 / 第一页 inside a pager-ish container (an
//!   element within 4 levels whose class/id says page/pagin/fenye/fanye), or
//!   when its href looks like a pager (`index_2.html`, `list_2.shtml`,
//!   `?page=2`, `?pageNo=2`…). 首页 alone is the site home link far more often
//!   than a pager, so it needs the container.
//! * TRS WCM (`trs.rs`): `createPageHTML(count, current, "index", "html")` and
//!   its variants give pages `index.html`, `index_1.html` … `index_{N-1}.html`,
//!   relative to the page's directory (`Via::TrsPager`).
//! * Hanweb jpage (`hanweb.rs`):
//!   1. `<record><![CDATA[…<a href>…]]></record>` → `Via::HanwebRecord`.
//!   2. On a column page, each `<datastore>`'s `<nextgroup>` href gives the
//!      proxy path and form; `perPage`/`totalRecord` (found after that
//!      datastore, or anywhere in a page with a single datastore) give the
//!      pages. One `Via::HanwebProxy` link per page of records:
//!      `<proxy path>?startrecord=S&endrecord=E&perpage=P` with S = 1, 1+P, …,
//!      E = min(S+P-1, total), `form = Some(<the nextgroup href's query
//!      string, byte for byte>)`: the request must be POSTed with that body.
//!      Without a total, only the first page (P = perPage, else the
//!      nextgroup's `perpage`, else 15).
//!   3. When the page *is* a proxy answer (no `<html>`/`<body>`, and either
//!      fetched from a URL carrying `startrecord` or starting with `<?xml` /
//!      `<datastore>`), its records are extracted and, when `<totalrecord>`
//!      exceeds the base URL's `endrecord`, the remaining pages are emitted
//!      with the base URL's own query (only `startrecord`, `endrecord`,
//!      `perpage` replaced) and **`form: None`**.
//!
//!   **Form re-attachment rule (for the engine):** a link with
//!   `via == Via::HanwebProxy` and `form == None` was found in a proxy answer
//!   and points at the same scheme, host and path as that answer's URL. The
//!   engine must send it with the parent request's method and form body
//!   (POST + the parent's `form`), because discovery cannot know that body.
//!   A `HanwebProxy` link with `Some(form)` is POSTed with exactly that body.
//! * Dedup key within a page is (URL, form): two Hanweb columns on one page
//!   share the proxy URL and differ only by their form.
//! * Any link whose URL [`is_document_url`] is `LinkKind::Document`, whatever
//!   its `via`.

mod filetype;
mod hanweb;
mod html;
mod pager;
mod script;
mod trs;

use std::collections::HashSet;

use scraper::Html;
use url::Url;

pub use filetype::is_document_url;

/// Upper bound on the pages generated from one pager script (TRS or jpage).
pub const MAX_PAGES: u64 = 2000;

/// Links kept from one page by [`discover`] (the crawl's default for
/// `crawl.max_links_per_page`).
pub const DEFAULT_MAX_LINKS: usize = 5000;

/// One link found on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub url: Url,
    pub kind: LinkKind,
    pub via: Via,
    /// Anchor text (whitespace-collapsed), or its `title` when truncated.
    pub text: String,
    /// `Some(urlencoded body)` when the request must be POSTed.
    pub form: Option<String>,
}

/// What to do with a link's target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// An HTML page (or a proxy answer) to parse for more links.
    Page,
    /// An attachment to fetch; never parse it as HTML.
    Document,
}

/// Where in the page a link came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Via {
    Anchor,
    Frame,
    Area,
    MetaRefresh,
    Script,
    TrsPager,
    HanwebRecord,
    HanwebProxy,
    Pager,
}

/// Everything discovery learns from one page.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    pub links: Vec<Link>,
    pub title: Option<String>,
    pub article_title: Option<String>,
    /// Link candidates ignored because the page already gave the maximum
    /// number of links (duplicates and unusable hrefs among them included).
    pub dropped: usize,
}

/// Find the links (and titles) in a decoded page fetched from `base`,
/// keeping at most [`DEFAULT_MAX_LINKS`].
pub fn discover(body: &str, base: &Url) -> Discovery {
    discover_bounded(body, base, DEFAULT_MAX_LINKS)
}

/// [`discover`], keeping at most `max_links` links (the first ones).
pub fn discover_bounded(body: &str, base: &Url, max_links: usize) -> Discovery {
    if hanweb::is_proxy_answer(body, base) {
        // Not HTML: the records are read from the text, no parse needed.
        return discover_document(&Html::new_document(), body, base, max_links);
    }
    let doc = crate::understand::html::parse(body);
    discover_document(&doc, body, base, max_links)
}

/// [`discover_bounded`] of a page already parsed: `doc` must be `body`
/// through [`crate::understand::html::parse`] (the crawl parses each page
/// once for discovery and extraction). The script-level passes still read
/// `body`.
pub fn discover_document(doc: &Html, body: &str, base: &Url, max_links: usize) -> Discovery {
    let mut out = Collector::with_limit(max_links);
    let mut title = None;
    let mut article_title = None;
    let mut doc_base = base.clone();

    if hanweb::is_proxy_answer(body, base) {
        hanweb::records(body, base, &mut out);
        hanweb::answer_followups(body, base, &mut out);
    } else {
        let page = html::scan(doc, base, &mut out);
        title = page.title;
        article_title = page.article_title;
        doc_base = page.base;
        script::redirects(&page.scripts, &doc_base, &mut out);
        trs::pages(&page.scripts, &doc_base, &mut out);
        hanweb::records(body, &doc_base, &mut out);
        hanweb::proxy_requests(body, &doc_base, &mut out);
    }
    tracing::trace!(url = %base, base = %doc_base, links = out.links.len(), "discovered");
    if out.dropped > 0 {
        tracing::warn!(
            url = %base,
            kept = out.links.len(),
            ignored = out.dropped,
            "page has more links than crawl.max_links_per_page; only the first ones are kept"
        );
    }
    Discovery {
        links: out.links,
        title,
        article_title,
        dropped: out.dropped,
    }
}

/// Accumulates links in order, deduplicated on (URL, form), up to a bound.
pub(crate) struct Collector {
    seen: HashSet<(String, Option<String>)>,
    links: Vec<Link>,
    limit: usize,
    dropped: usize,
}

impl Default for Collector {
    fn default() -> Self {
        Collector::with_limit(usize::MAX)
    }
}

impl Collector {
    fn with_limit(limit: usize) -> Self {
        Collector {
            seen: HashSet::new(),
            links: Vec::new(),
            limit,
            dropped: 0,
        }
    }

    /// Whether the bound is reached: the caller counts the candidate with
    /// [`Collector::overflow`] instead of resolving it.
    fn full(&self) -> bool {
        self.links.len() >= self.limit
    }

    fn overflow(&mut self) {
        self.dropped += 1;
    }

    /// Resolve `href` against `base` and add it; ignored when unresolvable
    /// (javascript:, mailto:, empty, `#`…) or an asset.
    fn href(&mut self, base: &Url, href: &str, via: Via, text: String) {
        if self.full() {
            self.overflow();
            return;
        }
        if let Some(url) = crate::frontier::canon::resolve(base, href) {
            self.push(url, via, text, None);
        }
    }

    /// Add an already resolved URL.
    fn push(&mut self, url: Url, via: Via, text: String, form: Option<String>) {
        if self.full() {
            self.overflow();
            return;
        }
        if filetype::is_asset_url(&url) {
            return;
        }
        let kind = if is_document_url(&url) {
            LinkKind::Document
        } else {
            LinkKind::Page
        };
        if self.seen.insert((url.as_str().to_owned(), form.clone())) {
            self.links.push(Link {
                url,
                kind,
                via,
                text,
                form,
            });
        }
    }
}

/// Collapse runs of whitespace (including U+00A0 and U+3000) into one space.
fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Anchor text rule: the text, unless it is empty or truncated and a title
/// attribute is available.
fn link_text(text: &str, title: Option<&str>) -> String {
    let text = collapse_ws(text);
    let truncated = text.is_empty() || text.ends_with("...") || text.ends_with('…');
    if truncated {
        if let Some(t) = title.map(collapse_ws).filter(|t| !t.is_empty()) {
            return t;
        }
    }
    text
}

#[cfg(test)]
mod tests;
