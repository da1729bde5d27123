//! The document head: `<meta>` tags and `<title>`.
//!
//! Why: `ArticleTitle`, `PubDate`, `ContentSource` and the `<title>` text are
//! candidates the other readers weigh. In: the parsed document. Out:
//! lowercased meta names → collapsed values (first wins) and the `<title>`
//! text. Never: judge or clean the values beyond collapsing whitespace.

use std::collections::HashMap;
use std::sync::LazyLock;

use scraper::{Html, Selector};

use super::super::text::Collapser;
use super::clean_value;

static META_SEL: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("meta").expect("meta selector"));
static TITLE_SEL: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("title").expect("title selector"));

/// `<meta name=… content=…>` (and `property=`), names lowercased; first wins.
pub(crate) fn meta_tags(doc: &Html) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for m in doc.select(&META_SEL) {
        let e = m.value();
        let (Some(name), Some(content)) =
            (e.attr("name").or(e.attr("property")), e.attr("content"))
        else {
            continue;
        };
        let content = clean_value(content);
        if !content.is_empty() {
            out.entry(name.trim().to_ascii_lowercase())
                .or_insert(content);
        }
    }
    out
}

/// The text of the first `<title>`.
pub(crate) fn title_tag(doc: &Html) -> Option<String> {
    let t = doc.select(&TITLE_SEL).next()?;
    let mut c = Collapser::default();
    for s in t.text() {
        c.push(s);
    }
    let s = c.finish();
    (!s.is_empty()).then_some(s)
}
