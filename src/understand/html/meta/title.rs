//! The article title, and a page title's site suffix.
//!
//! Why: `<title>` usually carries the site's name (`…_XX县人民政府`) and
//! the page may hold several headings (column, site, article). In: the DOM,
//! the body container, meta tags and the `<title>` text. Out: the title
//! with any site suffix stripped, the stripped site names (chrome filtering
//! uses them), and the title heading caught inside the container. Never:
//! strip anything that is not after a separator and does not name a site or
//! organ (`XX县人民政府2024年…报告` stays whole), or make up a title.

use std::collections::HashMap;

use super::super::chrome;
use super::super::dom::Dom;
use super::super::text::is_han;
use super::squeeze as norm;

/// Endings of a site or organ name (the suffix of a page title).
const SITE_ENDINGS: &[&str] = &[
    "人民政府",
    "政府网",
    "政府网站",
    "门户网站",
    "门户网",
    "门户",
    "网站",
    "政府",
    "政务网",
    "公开网",
    "信息网",
    "公开平台",
    "政务服务网",
    "局",
    "委员会",
    "办公室",
    "办事处",
];

/// Whether `s` names a site or an organ's portal.
fn is_site_name(s: &str) -> bool {
    let s = s.trim();
    let n = s.chars().count();
    (2..=30).contains(&n) && SITE_ENDINGS.iter().any(|e| s.ends_with(e))
}

/// Strip site suffixes (`…_XX县人民政府`, `… - XX区政府网`,
/// `…|XX市人民政府门户网站`, `…——XX`): only after a separator, only when what
/// follows names a site or organ. Returns the title and the stripped names.
pub(crate) fn strip_title_suffix(title: &str) -> (String, Vec<String>) {
    const SEPS: &[&str] = &["——", "—", "_", "|", "｜", " - ", "-", "－", " – ", "–"];
    let mut t = title.trim().to_string();
    let mut names = Vec::new();
    loop {
        let cut = SEPS
            .iter()
            .filter_map(|s| t.rfind(s).map(|p| (p, s.len())))
            .max_by_key(|&(p, l)| (p, l));
        let Some((p, l)) = cut else {
            break;
        };
        let suffix = t[p + l..].trim();
        let prefix = t[..p].trim_end_matches(['—', '-', '_', ' ']).trim();
        if prefix.is_empty() || !(suffix.is_empty() || is_site_name(suffix)) {
            break;
        }
        if !suffix.is_empty() {
            names.push(suffix.to_string());
        }
        t = prefix.to_string();
    }
    (t, names)
}

/// The title: `<meta name="ArticleTitle">`, else the article heading that
/// matches `<title>`, else the longer of `<title>` and the heading nearest
/// before the body container (or first inside it); site suffixes stripped.
pub(crate) fn pick_title(
    dom: &Dom<'_>,
    container: usize,
    metas: &HashMap<String, String>,
    title_tag: Option<&str>,
) -> Option<String> {
    let cands = heading_candidates(dom, metas);
    choose_title(dom, container, metas, title_tag, &cands)
}

/// The page's own title heading when it sits inside `container` with no
/// heading of the same text before it: the container then reaches above
/// the article's body, and the heading is no body line. Returns its text.
pub(crate) fn title_heading_inside(
    dom: &Dom<'_>,
    container: usize,
    metas: &HashMap<String, String>,
    title: &str,
) -> Option<String> {
    let want = norm(title);
    let cands = heading_candidates(dom, metas);
    let mut matching = cands
        .iter()
        .filter(|(_, t)| norm(&strip_title_suffix(t).0) == want || norm(t) == want);
    let (i, t) = matching.next()?;
    (dom.contains(container, *i) && *i != container).then(|| t.clone())
}

/// Headings that may carry the article title: h1–h3 and `*title*` /
/// `*biaoti*` classes, 4–150 characters, not links, not site names.
fn heading_candidates(dom: &Dom<'_>, metas: &HashMap<String, String>) -> Vec<(usize, String)> {
    let site = metas.get("sitename").map(String::as_str).unwrap_or("");
    let mut cands: Vec<(usize, String)> = Vec::new();
    for i in dom.body..dom.end[dom.body] {
        if dom.dead[i] || dom.in_link[i] || !(4..=150).contains(&dom.chars[i]) {
            continue;
        }
        let Some(el) = dom.elem(i) else {
            continue;
        };
        let heading = matches!(dom.name(i), "h1" | "h2" | "h3");
        let titled = el
            .value()
            .attr("class")
            .into_iter()
            .chain(el.value().id())
            .any(|c| {
                let c = c.to_ascii_lowercase();
                c.contains("title") || c.contains("biaoti")
            });
        if !(heading || titled) {
            continue;
        }
        let text = dom.flat_text(i);
        if text.chars().filter(|&c| is_han(c)).count() < 4
            || chrome::only_chrome_tokens(&text)
            || is_site_name(&text)
            || text == site
        {
            continue;
        }
        cands.push((i, text));
    }
    cands
}

fn choose_title(
    dom: &Dom<'_>,
    container: usize,
    metas: &HashMap<String, String>,
    title_tag: Option<&str>,
    cands: &[(usize, String)],
) -> Option<String> {
    if let Some(t) = metas.get("articletitle") {
        let (t, _) = strip_title_suffix(t);
        if !t.is_empty() {
            return Some(t);
        }
    }
    let tt = title_tag
        .map(|t| strip_title_suffix(t).0)
        .filter(|t| !t.is_empty() && !is_site_name(t));
    if let Some(tt) = &tt {
        let ntt = norm(tt);
        if let Some((_, t)) = cands.iter().find(|(_, t)| norm(t) == ntt) {
            return Some(t.clone());
        }
        let n = ntt.chars().count();
        if let Some((_, t)) = cands.iter().find(|(_, t)| {
            let nt = norm(t);
            let k = nt.chars().count();
            k >= 6 && k * 2 >= n && ntt.contains(&nt)
        }) {
            return Some(strip_title_suffix(t).0);
        }
        // A heading that carries most of <title> (the title has a prefix or
        // an organ suffix the heading words differently).
        let best = cands
            .iter()
            .map(|(_, t)| (bigram_share(&ntt, &norm(t)), t))
            .filter(|(s, _)| *s >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, t)) = best {
            return Some(strip_title_suffix(t).0);
        }
    }
    let before = cands.iter().rev().find(|(i, _)| *i < container);
    let inside = cands.iter().find(|(i, _)| dom.contains(container, *i));
    let heading = before
        .or(inside)
        .map(|(_, t)| strip_title_suffix(t).0)
        .filter(|t| !t.is_empty());
    // Neither matches the other: a short <title> is a column name, a short
    // heading a column heading; the longer one is the article's title.
    match (heading, tt) {
        (Some(h), Some(t)) if t.chars().count() >= h.chars().count() => Some(t),
        (h, t) => h.or(t),
    }
}

/// Share of `a`'s character bigrams found in `b`.
fn bigram_share(a: &str, b: &str) -> f64 {
    let grams = |s: &str| -> Vec<(char, char)> {
        let c: Vec<char> = s.chars().collect();
        c.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (ga, gb) = (grams(a), grams(b));
    if ga.is_empty() {
        return 0.0;
    }
    let hit = ga.iter().filter(|g| gb.contains(g)).count();
    hit as f64 / ga.len() as f64
}
