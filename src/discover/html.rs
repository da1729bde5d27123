//! The DOM pass: anchors, areas, frames, meta refresh, `<base>`, titles, and
//! the inline script texts for the script-level passes.
use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};
use url::Url;

use super::{collapse_ws, link_text, pager, script, Collector, Via};

static ELEMENTS: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse("a[href], area[href], frame[src], iframe[src], meta, title, script")
        .expect("static selector")
});
static BASE: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("base[href]").expect("static selector"));
static IMG: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("img[alt]").expect("static selector"));

/// What the DOM pass hands back to the orchestrator.
pub(super) struct Page {
    /// The document base: `<base href>` resolved, else the page URL.
    pub base: Url,
    pub title: Option<String>,
    pub article_title: Option<String>,
    /// Inline script texts (no `src`), in order, joined with newlines.
    pub scripts: String,
}

/// Collect the DOM links of a parsed page into `out`.
pub(super) fn scan(doc: &Html, url: &Url, out: &mut Collector) -> Page {
    let base = doc
        .select(&BASE)
        .next()
        .and_then(|b| b.attr("href"))
        .and_then(|h| crate::frontier::canon::resolve(url, h))
        .unwrap_or_else(|| url.clone());
    let mut page = Page {
        base,
        title: None,
        article_title: None,
        scripts: String::new(),
    };
    for el in doc.select(&ELEMENTS) {
        match el.value().name() {
            "a" => anchor(el, &page.base, out),
            "area" => {
                let text = el.attr("alt").or(el.attr("title")).unwrap_or("");
                let href = el.attr("href").unwrap_or("");
                out.href(&page.base, href, Via::Area, collapse_ws(text));
            }
            "frame" | "iframe" => {
                let text = el.attr("title").unwrap_or("");
                let src = el.attr("src").unwrap_or("");
                out.href(&page.base, src, Via::Frame, collapse_ws(text));
            }
            "meta" => meta(el, &mut page, out),
            "title" if page.title.is_none() => {
                page.title =
                    Some(collapse_ws(&el.text().collect::<String>())).filter(|t| !t.is_empty());
            }
            "script" if el.attr("src").is_none() => {
                for t in el.text() {
                    page.scripts.push_str(t);
                }
                page.scripts.push('\n');
            }
            _ => {}
        }
    }
    page
}

fn anchor(el: ElementRef<'_>, base: &Url, out: &mut Collector) {
    if out.full() {
        out.overflow();
        return;
    }
    let href = el.attr("href").unwrap_or("");
    let Some(url) = crate::frontier::canon::resolve(base, href) else {
        return;
    };
    let raw: String = el.text().collect();
    let mut text = link_text(&raw, el.attr("title"));
    if text.is_empty() {
        if let Some(alt) = el.select(&IMG).find_map(|i| i.attr("alt")) {
            text = collapse_ws(alt);
        }
    }
    let via = if pager::is_pager_anchor(el, &text, &url) {
        Via::Pager
    } else {
        Via::Anchor
    };
    out.push(url, via, text, None);
}

fn meta(el: ElementRef<'_>, page: &mut Page, out: &mut Collector) {
    let content = el.attr("content").unwrap_or("");
    if el
        .attr("http-equiv")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("refresh"))
    {
        if let Some(target) = script::refresh_target(content) {
            out.href(&page.base, target, Via::MetaRefresh, String::new());
        }
    } else if page.article_title.is_none()
        && el
            .attr("name")
            .is_some_and(|n| n.trim().eq_ignore_ascii_case("ArticleTitle"))
    {
        page.article_title = Some(collapse_ws(content)).filter(|t| !t.is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_str(body: &str, url: &str) -> (Page, Vec<super::super::Link>) {
        let mut out = Collector::default();
        let page = scan(
            &crate::understand::html::parse(body),
            &Url::parse(url).unwrap(),
            &mut out,
        );
        (page, out.links)
    }

    #[test]
    fn collects_scripts_without_src_only() {
        let (page, _) = scan_str(
            r#"<script src="/a.js">var no = 1;</script><script>var countPage = 3;</script>
               <body><script type="text/javascript">createPageHTML(countPage, 0, "index", "html");</script>"#,
            "http://x.gov.cn/",
        );
        assert!(page.scripts.contains("var countPage = 3;"));
        assert!(page.scripts.contains("createPageHTML(countPage"));
        assert!(!page.scripts.contains("var no"));
    }

    #[test]
    fn base_href_is_resolved_against_page() {
        let (page, links) = scan_str(
            r#"<head><base href="../col2/"></head><a href="a.html">A</a>"#,
            "http://x.gov.cn/col1/sub/index.html",
        );
        assert_eq!(page.base.as_str(), "http://x.gov.cn/col1/col2/");
        assert_eq!(links[0].url.as_str(), "http://x.gov.cn/col1/col2/a.html");
    }

    #[test]
    fn unusable_base_href_falls_back_to_page_url() {
        let (page, _) = scan_str(
            r#"<base href="javascript:void(0)"><a href="a.html">A</a>"#,
            "http://x.gov.cn/c/i.html",
        );
        assert_eq!(page.base.as_str(), "http://x.gov.cn/c/i.html");
    }

    #[test]
    fn first_title_and_article_title() {
        let (page, _) = scan_str(
            "<title>\n  某县人民政府 \n</title><meta name=\"articletitle\" content=\" 2023年 年报 \">\
             <meta name=\"ArticleTitle\" content=\"second\"><svg><title>x</title></svg>",
            "http://x.gov.cn/",
        );
        assert_eq!(page.title.as_deref(), Some("某县人民政府"));
        assert_eq!(page.article_title.as_deref(), Some("2023年 年报"));
    }

    #[test]
    fn empty_title_is_none() {
        let (page, _) = scan_str("<title>  </title><p>x</p>", "http://x.gov.cn/");
        assert_eq!(page.title, None);
        assert_eq!(page.article_title, None);
    }

    #[test]
    fn image_alt_is_last_resort_text() {
        let (_, links) = scan_str(
            r#"<a href="/p.html"><img src="/i.png" alt=" 年报 专栏 "></a>"#,
            "http://x.gov.cn/",
        );
        assert_eq!(links[0].text, "年报 专栏");
    }
}
