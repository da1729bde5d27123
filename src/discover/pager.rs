//! Plain `<a>` pagination: 下一页 / 尾页 / page numbers / `index_2.html`.
use std::sync::LazyLock;

use regex::Regex;
use scraper::ElementRef;
use url::Url;

/// Texts that are pagination wherever they appear (after stripping
/// brackets, arrows and spaces; compared case-insensitively).
const PAGER_WORDS: &[&str] = &[
    "下一页",
    "下页",
    "尾页",
    "末页",
    "最末页",
    "最后一页",
    "后页",
    "后一页",
    "上一页",
    "上页",
    "前页",
    "前一页",
    "next",
    "prev",
    "previous",
    "last",
    "nextpage",
];

/// Texts that are pagination only inside a pager container: on their own
/// they are usually the site's home link.
const CONTEXT_WORDS: &[&str] = &["首页", "第一页", "first"];

/// Decoration around pager words: brackets, arrows, spaces.
const DECORATION: &[char] = &[
    '[', ']', '【', '】', '(', ')', '（', '）', '<', '>', '«', '»', '‹', '›', '〈', '〉', '《',
    '》', ' ', '\u{a0}', '\u{3000}', '|', '.', '…',
];

/// The last path segment of a pager href: `index_2.html`, `list-3.shtml`…
static PAGER_FILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:index|list|default|page)[_-]\d{1,6}\.(?:s?html?|jsp|aspx?|php)$")
        .expect("static regex")
});

/// A bare page number as link text: `3`, `[3]`, `第3页`.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\[【(（]?\s*第?\s*\d{1,5}\s*页?\s*[\]】)）]?$").expect("static regex")
});

/// Query keys that carry a page number.
const PAGE_KEYS: &[&str] = &[
    "page",
    "pageno",
    "page_no",
    "pagenum",
    "pagenumber",
    "pageindex",
    "curpage",
    "currpage",
    "currentpage",
    "pagecurrent",
];

/// How many ancestors up a pager container may sit.
const CONTAINER_DEPTH: usize = 4;

/// Whether an anchor (`el`, its chosen text and resolved URL) is pagination.
pub(super) fn is_pager_anchor(el: ElementRef<'_>, text: &str, url: &Url) -> bool {
    if is_pager_href(url) {
        return true;
    }
    let stripped: String = text.chars().filter(|c| !DECORATION.contains(c)).collect();
    let stripped = stripped.to_lowercase();
    if stripped.is_empty() {
        // Pure arrows: ">", "»", ">>", "‹".
        return !text.trim().is_empty() && text.chars().any(|c| "<>«»‹›".contains(c));
    }
    if PAGER_WORDS.contains(&stripped.as_str()) {
        return true;
    }
    (CONTEXT_WORDS.contains(&stripped.as_str()) || PAGE_NUMBER.is_match(text.trim()))
        && in_pager_container(el)
}

/// Whether `url` looks like a page of a list: `index_2.html`, `?page=2`.
pub(super) fn is_pager_href(url: &Url) -> bool {
    let last = url.path().rsplit('/').next().unwrap_or("");
    if PAGER_FILE.is_match(last) {
        return true;
    }
    url.query().is_some()
        && url.query_pairs().any(|(k, v)| {
            !v.is_empty()
                && v.len() <= 6
                && v.bytes().all(|b| b.is_ascii_digit())
                && PAGE_KEYS.iter().any(|p| k.eq_ignore_ascii_case(p))
        })
}

/// Whether the anchor or one of its near ancestors is a pager container.
fn in_pager_container(el: ElementRef<'_>) -> bool {
    std::iter::once(*el)
        .chain(el.ancestors())
        .take(CONTAINER_DEPTH + 1)
        .filter_map(ElementRef::wrap)
        .any(|e| {
            let v = e.value();
            v.id().into_iter().chain(v.classes()).any(|name| {
                let n = name.to_ascii_lowercase();
                ["page", "pagin", "fenye", "fanye"]
                    .iter()
                    .any(|k| n.contains(k))
            })
        })
}

#[cfg(test)]
mod tests {
    use super::super::{Collector, Via};
    use super::*;
    use scraper::{Html, Selector};

    /// (text, is_pager) for every anchor in `body`.
    fn classify(body: &str) -> Vec<(String, bool)> {
        let doc = Html::parse_document(body);
        let sel = Selector::parse("a[href]").unwrap();
        let base = Url::parse("http://x.gov.cn/col/").unwrap();
        doc.select(&sel)
            .map(|a| {
                let url = base.join(a.attr("href").unwrap()).unwrap();
                let text = super::super::collapse_ws(&a.text().collect::<String>());
                let p = is_pager_anchor(a, &text, &url);
                (text, p)
            })
            .collect()
    }

    #[test]
    fn pager_words_anywhere() {
        let got = classify(
            r#"<a href="a1.html">下一页</a><a href="a2.html">[尾页]</a><a href="a3.html">末页</a>
               <a href="a4.html"> 上一页 </a><a href="a5.html">下页&gt;&gt;</a><a href="a6.html">»</a>
               <a href="a7.html">&gt;</a><a href="a8.html">后页</a><a href="a9.html">Next</a>"#,
        );
        assert!(got.iter().all(|(_, p)| *p), "{got:?}");
    }

    #[test]
    fn not_pager_words() {
        let got = classify(
            r#"<a href="b1.html">下一篇</a><a href="b2.html">更多&gt;&gt;</a><a href="/">首页</a>
               <a href="b3.html">3</a><a href="b4.html">2023年报</a><a href="b5.html"></a>"#,
        );
        assert!(got.iter().all(|(_, p)| !*p), "{got:?}");
    }

    #[test]
    fn numbers_and_home_inside_pager_container() {
        let got = classify(
            r#"<div class="pagination"><ul><li><a href="c1.html">首页</a></li>
               <li><a href="c2.html">2</a></li><li><a href="c3.html">[3]</a></li>
               <li><a href="c4.html">第4页</a></li></ul></div>
               <div id="fenye"><a href="c5.html">5</a></div>"#,
        );
        assert!(got.iter().all(|(_, p)| *p), "{got:?}");
    }

    #[test]
    fn pager_hrefs() {
        for s in [
            "http://x.gov.cn/col/index_2.html",
            "http://x.gov.cn/col/index_1.shtml",
            "http://x.gov.cn/col/list_2.html",
            "http://x.gov.cn/col/list-12.htm",
            "http://x.gov.cn/list.jsp?id=3&page=2",
            "http://x.gov.cn/list.aspx?PageIndex=4",
        ] {
            assert!(is_pager_href(&Url::parse(s).unwrap()), "{s}");
        }
        for s in [
            "http://x.gov.cn/col/index.html",
            "http://x.gov.cn/col/201710/t20171019_398276.html",
            "http://x.gov.cn/col/art_12_2.html",
            "http://x.gov.cn/list.jsp?page=abc",
            "http://x.gov.cn/list.jsp?id=2",
        ] {
            assert!(!is_pager_href(&Url::parse(s).unwrap()), "{s}");
        }
    }

    #[test]
    fn pager_anchor_via_in_discover() {
        let mut out = Collector::default();
        let base = Url::parse("http://x.gov.cn/col/index.html").unwrap();
        super::super::html::scan(
            &crate::understand::html::parse(
                r#"<a href="index_1.html">2</a><a href="t1.html">文章</a><a href="index_1.html">下一页</a>"#,
            ),
            &base,
            &mut out,
        );
        let v: Vec<_> = out.links.iter().map(|l| (l.url.as_str(), l.via)).collect();
        assert_eq!(
            v,
            [
                ("http://x.gov.cn/col/index_1.html", Via::Pager),
                ("http://x.gov.cn/col/t1.html", Via::Anchor)
            ]
        );
    }
}
