//! Choosing the body container: known CMS containers first, then a
//! density scorer adapted to CJK text.

use std::sync::LazyLock;

use scraper::{CaseSensitivity, ElementRef, Selector};

use super::dom::{Dom, Tag};
use super::render::is_document_href;

/// Body containers of the CMS families met on county portals, most
/// specific first: TRS WCM (`.TRS_Editor`, `.TRS_UEDITOR`,
/// `.Custom_UnionStyle`), 开普 UCAP (`#UCAP-CONTENT`), Hanweb 大汉
/// (`#zoom`, `.bt_content`, `.wzy_con`), 博达 VSB (`#vsb_content`,
/// `.v_news_content`), and common home-grown names.
pub(super) const CONTAINERS: &[&str] = &[
    ".TRS_Editor",
    ".TRS_UEDITOR",
    "#UCAP-CONTENT",
    "#zoom",
    "#Zoom",
    ".zoom",
    "#fontzoom",
    ".bt_content",
    ".wzy_con",
    ".Custom_UnionStyle",
    "#vsb_content",
    ".v_news_content",
    ".art_con",
    "#art_con",
    ".article-content",
    ".article_content",
    "#article_content",
    ".news_content",
    ".pages_content",
    "#zwnr",
    ".zwnr",
    "#content .content",
    ".view",
];

/// How one [`CONTAINERS`] entry is matched. `.x` and `#x` are tested on
/// each element directly (one walk over the page for all of them: a
/// `select` per entry was ~7% of crawl CPU); anything else through its
/// selector. scraper matches classes and ids case-sensitively (it always
/// runs selectors in no-quirks mode), and so does this.
enum Matcher {
    Class(&'static str),
    Id(&'static str),
    Selector(Selector),
}

impl Matcher {
    fn new(s: &'static str) -> Option<Matcher> {
        let simple = |rest: &str| {
            !rest.is_empty()
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        match (s.strip_prefix('.'), s.strip_prefix('#')) {
            (Some(c), _) if simple(c) => Some(Matcher::Class(c)),
            (_, Some(i)) if simple(i) => Some(Matcher::Id(i)),
            _ => Selector::parse(s).ok().map(Matcher::Selector),
        }
    }

    fn matches(&self, e: ElementRef<'_>) -> bool {
        match self {
            Matcher::Class(c) => e.value().has_class(c, CaseSensitivity::CaseSensitive),
            Matcher::Id(i) => e.value().id() == Some(*i),
            Matcher::Selector(sel) => sel.matches(&e),
        }
    }
}

static MATCHERS: LazyLock<Vec<Matcher>> =
    LazyLock::new(|| CONTAINERS.iter().filter_map(|s| Matcher::new(s)).collect());

/// Text measure a container must reach to be believed (unless it carries
/// an attachment link: an attachment-only report).
pub(super) const MIN_BODY: u32 = 40;

/// Whether the subtree holds a link to an attachment file.
pub(super) fn has_document_link(dom: &Dom<'_>, i: usize) -> bool {
    (i..dom.end[i]).any(|j| {
        dom.tag(j) == Some(super::dom::Tag::A)
            && !dom.dead[j]
            && dom.attr(j, "href").is_some_and(is_document_href)
    })
}

/// The first known container (per selector, the match with most text)
/// with a plausible amount of text; a link-heavy one is narrowed by the
/// density scorer.
pub(super) fn known_container(dom: &Dom<'_>) -> Option<usize> {
    // Per matcher, the elements it matches, in document order.
    let mut matched: Vec<Vec<usize>> = vec![Vec::new(); MATCHERS.len()];
    for i in 0..dom.len() {
        let Some(e) = dom.elem(i) else {
            continue;
        };
        if e.value().id().is_none() && e.value().classes().next().is_none() {
            continue; // every entry names a class or an id
        }
        for (k, m) in MATCHERS.iter().enumerate() {
            if m.matches(e) {
                matched[k].push(i);
            }
        }
    }
    for matches in matched {
        let best = matches
            .into_iter()
            .filter(|&i| !dom.dead[i])
            .max_by_key(|&i| (dom.m[i], std::cmp::Reverse(i)));
        let Some(best) = best else {
            continue;
        };
        if dom.m[best] >= MIN_BODY || has_document_link(dom, best) {
            if dom.junk[best] > dom.good[best] {
                return Some(by_density(dom, best).unwrap_or(best));
            }
            return Some(best);
        }
    }
    None
}

/// Elements that may hold a body.
fn candidate(dom: &Dom<'_>, i: usize) -> bool {
    dom.tag(i).is_some_and(|t| {
        matches!(
            t,
            Tag::Block | Tag::Td | Tag::Body | Tag::RowGroup | Tag::Tr
        ) || (t == Tag::Table && !dom.data_table[i])
    }) && !dom.dead[i]
        && !dom.chrome[i]
}

/// Weight of link and chrome text against body text.
const JUNK_WEIGHT: f64 = 1.5;
/// A child holding this share of its parent's body text replaces it.
const DESCEND_SHARE: f64 = 0.95;

/// The density scorer, within the subtree at `scope`.
///
/// Every element's text is measured in CJK characters + CJK punctuation
/// (plus one per Latin word or number); text inside links and inside chrome
/// is junk. Scores add up from the text blocks to their ancestors (a data
/// table counts whole, as one block). The element maximizing
/// `good − 1.5·junk` is the page region richest in body text and poorest in
/// links; from there the pick descends while one child holds ≥ 95 % of the
/// body text, so a page-level wrapper gives way to the block that really
/// holds the text, and a data table is never split.
pub(super) fn by_density(dom: &Dom<'_>, scope: usize) -> Option<usize> {
    let mut best: Option<(f64, usize)> = None;
    for i in scope..dom.end[scope] {
        if !candidate(dom, i) || dom.good[i] == 0 {
            continue;
        }
        let score = dom.good[i] as f64 - JUNK_WEIGHT * dom.junk[i] as f64;
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, i));
        }
    }
    let (_, mut cur) = best?;
    while let Some(c) = dom
        .child_elems(cur)
        .filter(|&c| !dom.dead[c])
        .max_by_key(|&c| dom.good[c])
    {
        if dom.good[cur] == 0
            || (dom.good[c] as f64) < DESCEND_SHARE * dom.good[cur] as f64
            || dom.data_table[c]
        {
            break;
        }
        cur = c;
    }
    Some(cur)
}
