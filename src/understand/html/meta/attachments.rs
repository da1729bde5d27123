//! Attachment links: the documents a report page offers for download.
//!
//! Why: many reports are published as an attached PDF or Word file with
//! next to no page text; the classifier and the crawler need those links.
//! In: the DOM, the article area (the container and a few levels around
//! it) and the page URL. Out: absolute URLs, deduplicated, in page order.
//! Never: look outside the given area (site-wide download links are not
//! the article's), or return a link that cannot be resolved.

use url::Url;

use super::super::dom::Dom;
use super::super::render::DOCUMENT_EXTS;

/// Whether a link text names a document file (`年度报告.pdf`), as the
/// download links of 博达 VSB (`download.jsp?…&wbfileid=…`) show them.
fn names_document(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    DOCUMENT_EXTS.iter().any(|e| t.ends_with(e))
}

/// Attachment links (absolute, deduplicated, in page order) in the subtree
/// at `area`: `<a href>` to a document URL
/// ([`crate::discover::is_document_url`]) or whose text names a document
/// file, and `<iframe>`/`<embed>`/`<object>` showing a document.
pub(crate) fn attachments(dom: &Dom<'_>, area: usize, url: &Url) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in area..dom.end[area] {
        let href = match dom.name(i) {
            "a" if !dom.dead[i] => dom.attr(i, "href"),
            "iframe" | "embed" => dom.attr(i, "src"),
            "object" => dom.attr(i, "data"),
            _ => None,
        };
        let Some(href) = href else {
            continue;
        };
        let Some(u) = crate::frontier::canon::resolve(url, href) else {
            continue;
        };
        let named = dom.name(i) == "a" && dom.chars[i] <= 200 && names_document(&dom.flat_text(i));
        if named || crate::discover::is_document_url(&u) {
            let s = u.to_string();
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}
