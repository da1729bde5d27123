//! The frontier-memory site: one portal whose list pages each link to
//! 1,000 distinct articles that the crawl queues but never fetches.
//!
//! In: N, the number of article URLs, and a request. Out: pages of
//! `www.frontier-county.gov.cn` (home → TRS-paged list `/list/index.html`,
//! `index_1.html` …, ⌈N/1000⌉ pages) and, for `art.frontier-county.gov.cn`
//! (in scope: same government domain), a robots.txt that answers 503.
//! With `robots.unavailable_max_attempts = 1` the crawl gives that host up
//! for the run, so every article stays queued in the frontier and the run
//! ends by itself with exactly N URLs queued. Never: state per URL.

use std::fmt::Write as _;

/// The seed host.
pub const LIST_HOST: &str = "www.frontier-county.gov.cn";
/// The host of the articles (robots.txt 503: never fetched).
pub const ARTICLE_HOST: &str = "art.frontier-county.gov.cn";
/// Article links per list page.
pub const LINKS_PER_LIST: u64 = 1000;

/// The site, for N article URLs.
#[derive(Debug, Clone, Copy)]
pub struct FrontierSite {
    pub urls: u64,
}

/// What the site answers.
pub enum Answer {
    Html(String),
    /// robots.txt allowing everything.
    AllowAll,
    /// 503 (the article host's robots.txt).
    Unavailable,
    NotFound,
}

impl FrontierSite {
    pub fn list_pages(&self) -> u64 {
        self.urls.div_ceil(LINKS_PER_LIST).max(1)
    }

    /// Pages a complete crawl fetches: home and the list pages.
    pub fn pages(&self) -> u64 {
        1 + self.list_pages()
    }

    /// Answer a request for `host` (lower-case, no port); `port` is the
    /// one the client addressed, for absolute links.
    pub fn answer(&self, host: &str, port: u16, path: &str) -> Option<Answer> {
        match host {
            ARTICLE_HOST => Some(match path {
                "/robots.txt" => Answer::Unavailable,
                _ => Answer::NotFound,
            }),
            LIST_HOST => Some(match path {
                "/" | "/index.html" => Answer::Html(
                    "<html><head><title>首页_前沿县人民政府</title></head><body>\
                     <div class=\"nav\"><a href=\"/list/index.html\">政务信息</a></div></body></html>"
                        .to_string(),
                ),
                "/robots.txt" => Answer::AllowAll,
                _ => match list_index(path) {
                    Some(i) if i < self.list_pages() => Answer::Html(self.list(i, port)),
                    _ => Answer::NotFound,
                },
            }),
            _ => None,
        }
    }

    fn list(&self, i: u64, port: u16) -> String {
        let first = i * LINKS_PER_LIST;
        let last = (first + LINKS_PER_LIST).min(self.urls);
        let mut out = String::with_capacity(((last - first) * 160 + 2048) as usize);
        let _ = write!(
            out,
            "<html><head><meta charset=\"utf-8\"><title>政务信息_前沿县人民政府</title></head><body>\n\
             <div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; 政务信息</div>\n<ul class=\"list\">\n"
        );
        for j in first..last {
            let _ = writeln!(
                out,
                "<li><a href=\"http://{ARTICLE_HOST}:{port}/a/{i}/{j}.html\" target=\"_blank\">关于第{i}批第{j}项政务信息的公告</a><span>2025-01-{:02}</span></li>",
                j % 28 + 1
            );
        }
        let _ = write!(
            out,
            "</ul>\n<div class=\"page\"><script>createPageHTML({}, {i}, \"index\", \"html\");</script></div>\n</body></html>\n",
            self.list_pages()
        );
        out
    }
}

/// `/list/index.html` → 0, `/list/index_3.html` → 3.
fn list_index(path: &str) -> Option<u64> {
    let file = path.strip_prefix("/list/")?;
    if file == "index.html" {
        return Some(0);
    }
    file.strip_prefix("index_")?
        .strip_suffix(".html")?
        .parse()
        .ok()
        .filter(|&i| i > 0)
}
