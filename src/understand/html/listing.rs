//! Listing pages (a column's index of articles): the list items are the
//! page's content.
//!
//! A list is an element whose children are *items*: short (≤ 200
//! characters, ≤ 3 links) and holding a title link (an `<a href>` with ≥ 4
//! Han characters); it counts when ≥ 5 items carry a date. The list with
//! most dated items wins; sibling lists of the same kind (a list split into
//! groups) join it. Each item becomes one line, its own text (`title
//! date`); a pager is no item (its links are short).

use std::sync::LazyLock;

use regex::Regex;

use super::dom::{Dom, Kind, Step, Tag};
use super::text::{is_han, Collapser};

/// A date as list items show it: `2025-01-15`, `2025/1/15`, `2025年1月15日`,
/// or a bare `[01-15]`.
static ITEM_DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|^\s*[\[(（]?\d{1,2}-\d{1,2}[\])）]?\s*$",
    )
    .expect("item date regex")
});

/// Items a list needs (with a date) to be taken as the page's content.
const MIN_ITEMS: usize = 5;

pub(super) struct Listing {
    /// One line per item, in page order.
    pub lines: Vec<String>,
    /// Text measure of the items' links.
    pub link_m: u32,
}

/// The page's main list, if it has one.
pub(super) fn find(dom: &Dom<'_>) -> Option<Listing> {
    let n = dom.len();
    let mut dated = vec![false; n];
    let mut han = vec![0u32; n];
    let mut titled = vec![false; n];
    for i in (0..n).rev() {
        if dom.dead[i] {
            continue;
        }
        match dom.nodes[i].kind {
            Kind::Text(t) => {
                dated[i] = ITEM_DATE_RE.is_match(t);
                han[i] = t.chars().filter(|&c| is_han(c)).count() as u32;
            }
            _ => {
                for &c in &dom.nodes[i].children {
                    dated[i] |= dated[c];
                    han[i] += han[c];
                    titled[i] |= titled[c];
                }
                let link = dom.tag(i) == Some(Tag::A) && dom.in_link[i];
                titled[i] |= link && han[i] >= 4;
            }
        }
    }
    let item = |c: usize| !dom.dead[c] && titled[c] && dom.links[c] <= 3 && dom.chars[c] <= 200;
    // Per element: its items, and how many carry a date.
    let counts = |p: usize| -> (usize, usize) {
        let mut k = (0, 0);
        for c in dom.child_elems(p).filter(|&c| item(c)) {
            k.0 += 1;
            k.1 += dated[c] as usize;
        }
        k
    };
    let mut best: Option<(usize, usize, usize)> = None; // (dated, items, element)
    for p in 0..n {
        if dom.dead[p] || dom.chrome[p] || dom.tag(p).is_none() {
            continue;
        }
        let (items, with_date) = counts(p);
        if with_date >= MIN_ITEMS && best.is_none_or(|b| (with_date, items) > (b.0, b.1)) {
            best = Some((with_date, items, p));
        }
    }
    let (_, _, list) = best?;
    // Sibling groups of the same tag with dated items join the list.
    let groups: Vec<usize> = match dom.parent(list) {
        Some(gp) => dom
            .child_elems(gp)
            .filter(|&s| {
                s == list || (dom.name(s) == dom.name(list) && !dom.chrome[s] && counts(s).1 >= 2)
            })
            .collect(),
        None => vec![list],
    };
    let mut lines = Vec::new();
    let mut link_m = 0;
    for g in groups {
        for c in dom.child_elems(g).filter(|&c| item(c)) {
            let text = item_text(dom, c);
            if !text.is_empty() {
                link_m += dom.lm[c];
                lines.push(text);
            }
        }
    }
    Some(Listing { lines, link_m })
}

/// An item's text with a space around its links and blocks: `title date`.
fn item_text(dom: &Dom<'_>, item: usize) -> String {
    let mut out = Collapser::default();
    let brk = |i: usize| {
        dom.tag(i)
            .is_some_and(|t| t == Tag::A || t == Tag::Br || t.is_block())
    };
    dom.walk(item, |step| match step {
        Step::Enter(i) => {
            if dom.dead[i] {
                return false;
            }
            match dom.nodes[i].kind {
                Kind::Text(t) => out.push(t),
                _ if brk(i) => out.space(),
                _ => {}
            }
            true
        }
        Step::Exit(i) => {
            if brk(i) {
                out.space();
            }
            true
        }
    });
    out.finish()
}
