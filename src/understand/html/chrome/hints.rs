//! Chrome by markup: elements that are site chrome by their tag
//! (`header`, `footer`, `nav`, `aside`) or a class/id word (nav, menu,
//! footer, share, breadcrumb, search, print, qrcode, related …).
//!
//! Why: skipping a whole menu or footer element is surer than judging its
//! lines one by one. In: one element of the flattened page. Out: whether
//! its markup names it chrome ([`Dom::mark_chrome`] then refuses hints on
//! elements too large to be chrome). Never: look at the text, or call
//! `<body>` chrome.

use super::super::dom::{Dom, Tag};

/// Class/id words (whole token, or a `-`/`_`-separated part of one) that
/// mark site chrome.
const HINT_PARTS: &[&str] = &[
    "head",
    "header",
    "foot",
    "footer",
    "nav",
    "navbar",
    "menu",
    "topbar",
    "top",
    "bottom",
    "sidebar",
    "crumb",
    "crumbs",
    "breadcrumb",
    "breadcrumbs",
    "position",
    "location",
    "weizhi",
    "dqwz",
    "share",
    "bdshare",
    "fenxiang",
    "search",
    "sousuo",
    "login",
    "qrcode",
    "ewm",
    "erweima",
    "related",
    "xgwz",
    "xgyd",
    "xglj",
    "copyright",
    "banquan",
    "toolbar",
    "updown",
    "prevnext",
    "sxp",
];

/// Class/id tokens that mark chrome only when they are the whole token
/// (`print-area` may hold a body; `print` is the button).
const HINT_WHOLE: &[&str] = &[
    "print", "dayin", "close", "guanbi", "printbtn", "tools", "tool",
];

/// Substrings distinctive enough to mark chrome anywhere in a class or id.
const HINT_SUBSTR: &[&str] = &[
    "footer",
    "copyright",
    "breadcrumb",
    "bdshare",
    "qrcode",
    "erweima",
    "sousuo",
    "navbar",
    "topbar",
    "sidebar",
    "fenxiang",
];

/// Whether element `i` is site chrome by its tag, class or id.
pub(crate) fn hinted(dom: &Dom<'_>, i: usize) -> bool {
    let Some(el) = dom.elem(i) else {
        return false;
    };
    if matches!(dom.name(i), "header" | "footer" | "nav" | "aside") {
        return true;
    }
    if dom.tag(i) == Some(Tag::Body) {
        return false;
    }
    let el = el.value();
    let tokens = el
        .attr("class")
        .into_iter()
        .flat_map(str::split_ascii_whitespace)
        .chain(el.id());
    for token in tokens {
        let t = token.to_ascii_lowercase();
        if HINT_WHOLE.contains(&t.as_str()) || HINT_SUBSTR.iter().any(|s| t.contains(s)) {
            return true;
        }
        if t.split(|c: char| c == '-' || c == '_' || c.is_ascii_digit())
            .any(|p| HINT_PARTS.contains(&p))
        {
            return true;
        }
    }
    false
}
