//! The small hosts: GBK, slow, anti-bot, robots-503 and fast.
//!
//! * `www.gbk-county.gov.cn`: GBK bytes, `Content-Type: text/html` with no
//!   charset, `<meta … charset=gb2312>`, titles with GBK-only characters
//!   (镕 堃 喆 珺). `/` → `/list.html` (下一页 → `/list_2.html`), 4 articles.
//! * `slow.slow-county.gov.cn`: every request waits 60 s (or until
//!   [`super::MockPortal::release_slow`]), then answers 200.
//! * `www.antibot-county.gov.cn`: everything answers 412 with a 瑞数-style
//!   challenge; robots.txt is 404.
//! * `www.robots503-county.gov.cn`: robots.txt is 503 on its first two
//!   requests, then `User-agent: *\nDisallow:\n`; `/` links `/a.html`, `/b.html`.
//! * `www.fast-county.gov.cn`: `/` links `/p/1.html` … `/p/20.html`; robots
//!   404.
//! * `www.delay-county.gov.cn`: robots.txt asks `Crawl-delay: 0.4` of every
//!   agent; `/` links `/p/1.html` … `/p/5.html`.
//! * `www.robotsloop-county.gov.cn`: robots.txt redirects forever
//!   (`/robots.txt` → `/robots/1.txt` → `/robots/2.txt` …), which RFC 9309
//!   treats as "no robots.txt"; `/` links `/private/a.html`.
//! * `www.cookie-county.gov.cn`: `/` sets `JSESSIONID=mock42` and links
//!   `/members.html`, which answers 403 without that cookie.

use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;

use super::chrome::{self, esc, Chrome};
use super::Req;

// ---------------------------------------------------------------- GBK

const GBK_SITE: &str = "古北县人民政府";
/// (path, title, is an annual report); two per list page.
const GBK_ARTICLES: [(&str, &str, bool); 4] = [
    (
        "/xxgk/2025/0110/1001.html",
        "朱镕基同志视察我县三十周年纪念展开幕",
        false,
    ),
    (
        "/xxgk/2025/0108/1002.html",
        "县人民政府2024年政府信息公开工作年度报告",
        true,
    ),
    (
        "/xxgk/2025/0105/1003.html",
        "关于张珺、王喆同志任职的通知",
        false,
    ),
    (
        "/xxgk/2024/1228/1004.html",
        "县长李堃调研春耕备耕工作",
        false,
    ),
];

/// The exact title of the GBK article whose title has GBK-only characters.
pub fn gbk_title() -> &'static str {
    GBK_ARTICLES[0].1
}

pub fn gbk_expected() -> Vec<String> {
    let mut v: Vec<String> = ["/", "/list.html", "/list_2.html"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    v.extend(GBK_ARTICLES.iter().map(|a| a.0.to_string()));
    v
}

pub fn gbk_reports() -> Vec<String> {
    GBK_ARTICLES
        .iter()
        .filter(|a| a.2)
        .map(|a| a.0.to_string())
        .collect()
}

/// `html` encoded as GBK, served as `text/html` without a charset.
fn gbk_html(html: &str) -> Response {
    let (bytes, _, _) = encoding_rs::GBK.encode(html);
    chrome::with_type(StatusCode::OK, "text/html", bytes.into_owned())
}

fn gbk_chrome<'a>(crumbs: &'a [&'a str], head: String) -> Chrome<'a> {
    Chrome {
        site: GBK_SITE,
        charset_meta: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\" />",
        nav: &[("/", "首页"), ("/list.html", "信息公开")],
        head,
        crumbs,
        site_code: "1101050001",
    }
}

pub fn serve_gbk(req: &Req) -> Response {
    let path = req.path.as_str();
    if path == "/robots.txt" {
        return chrome::text(StatusCode::OK, "User-agent: *\nDisallow: /cgi-bin/\n");
    }
    if path == "/" || path == "/index.html" {
        let content = "<div class=\"block\"><a href=\"/list.html\">信息公开目录</a></div>";
        return gbk_html(&gbk_chrome(&[], String::new()).page("首页", content));
    }
    let page = match path {
        "/list.html" => Some(0),
        "/list_2.html" => Some(1),
        _ => None,
    };
    if let Some(page) = page {
        let items: String = GBK_ARTICLES[page * 2..page * 2 + 2]
            .iter()
            .map(|(href, title, _)| {
                format!(
                    "<li><a href=\"{href}\" target=\"_blank\">{}</a></li>\n",
                    esc(title)
                )
            })
            .collect();
        let pager = if page == 0 {
            "<a href=\"list_2.html\">下一页</a> <a href=\"list_2.html\">尾页</a>"
        } else {
            "<a href=\"list.html\">首页</a> <a href=\"list.html\">上一页</a>"
        };
        let content = format!("<ul>\n{items}</ul>\n<div class=\"page\">{pager}</div>");
        return gbk_html(&gbk_chrome(&["信息公开"], String::new()).page("信息公开", &content));
    }
    match GBK_ARTICLES.iter().find(|a| a.0 == path) {
        Some((_, title, is_report)) => {
            let body = if *is_report {
                chrome::report_body(GBK_SITE, 2024, 9)
            } else {
                chrome::news_body(title)
            };
            let content = format!(
                "<h1 class=\"title\">{t}</h1>\n<div class=\"content\">{body}</div>",
                t = esc(title)
            );
            let head = format!("<meta name=\"ArticleTitle\" content=\"{}\">", esc(title));
            gbk_html(&gbk_chrome(&["信息公开", "正文"], head).page(title, &content))
        }
        None => chrome::not_found(),
    }
}

// ---------------------------------------------------------------- slow

/// How long a slow request hangs unless released.
pub const SLOW_WAIT: Duration = Duration::from_secs(60);

pub async fn serve_slow(req: &Req, release: &tokio::sync::watch::Sender<bool>) -> Response {
    let mut released = release.subscribe();
    tokio::select! {
        _ = tokio::time::sleep(SLOW_WAIT) => {}
        _ = released.wait_for(|r| *r) => {}
    }
    if req.path == "/robots.txt" {
        return chrome::text(StatusCode::OK, "User-agent: *\nDisallow:\n");
    }
    chrome::html(
        "<html><head><meta charset=\"utf-8\"><title>慢速县人民政府</title></head><body><a href=\"/a.html\">政务公开</a></body></html>"
            .to_string(),
    )
}

// ---------------------------------------------------------------- anti-bot

pub const ANTIBOT_BODY: &str = r#"<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><meta id="9DhefwqGPrzGxEp9hPaoag" content="Kk9Ttf1nmnkm0rPU0rQ5fTS6dFrWLmxd1bXLqGYP4P7WiP0C8I4pTdMLHGpqmNcIYZKjPeWGDbnGUPMkw23dUrLQnaK9Ug_4GwL7tP3B1aJMWEI2O8.lp2bNdwD6tUJ8a" r='m'><!--[if lt IE 9]><script r='m'>document.createElement("section")</script><![endif]--><script type="text/javascript" charset="utf-8" src="/4QbVtADbnLVIc/d.FxJzG50F.dfe1675.js" r='m'></script><script type="text/javascript" r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=84361;$_ts.cd="qXbcrrAlx9bYqqAlqxEqrrAlx9VYqqAlqGEqrGAlx9bY";if($_ts.lcd)$_ts.lcd();</script></head><body></body></html>"#;

pub fn serve_antibot(req: &Req) -> Response {
    if req.path == "/robots.txt" {
        return chrome::not_found();
    }
    let mut r = chrome::with_type(
        StatusCode::PRECONDITION_FAILED,
        "text/html",
        ANTIBOT_BODY.as_bytes().to_vec(),
    );
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("NfBCSins2OywO=60bQ3hPVGpXfLtWnJk; path=/; expires=Fri, 20 Jan 2035 00:00:00 GMT; HttpOnly"),
    );
    r
}

// ---------------------------------------------------------------- robots 503

pub fn robots503_expected() -> Vec<String> {
    ["/", "/a.html", "/b.html"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

pub fn serve_robots503(req: &Req) -> Response {
    let page = |title: &str, body: &str| {
        chrome::html(format!(
            "<html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>{body}</body></html>"
        ))
    };
    match req.path.as_str() {
        "/robots.txt" if req.nth <= 2 => chrome::text(
            StatusCode::SERVICE_UNAVAILABLE,
            "503 Service Temporarily Unavailable",
        ),
        "/robots.txt" => chrome::text(StatusCode::OK, "User-agent: *\nDisallow:\n"),
        "/" | "/index.html" => page(
            "罗伯县人民政府",
            "<a href=\"/a.html\">政务公开</a> <a href=\"/b.html\">政务服务</a>",
        ),
        "/a.html" => page("政务公开", "<p>政务公开</p>"),
        "/b.html" => page("政务服务", "<p>政务服务</p>"),
        _ => chrome::not_found(),
    }
}

// ---------------------------------------------------------------- fast

pub const FAST_PAGES: usize = 20;

pub fn fast_expected() -> Vec<String> {
    let mut v = vec!["/".to_string()];
    v.extend((1..=FAST_PAGES).map(|n| format!("/p/{n}.html")));
    v
}

pub fn serve_fast(req: &Req) -> Response {
    let path = req.path.as_str();
    if path == "/" || path == "/index.html" {
        let links: String = (1..=FAST_PAGES)
            .map(|n| format!("<li><a href=\"/p/{n}.html\">第{n}页</a></li>"))
            .collect();
        return chrome::html(format!(
            "<html><head><meta charset=\"utf-8\"><title>快速县人民政府</title></head><body><ul>{links}</ul></body></html>"
        ));
    }
    let n = path
        .strip_prefix("/p/")
        .and_then(|s| s.strip_suffix(".html"))
        .and_then(|s| s.parse::<usize>().ok());
    match n {
        Some(n) if (1..=FAST_PAGES).contains(&n) => chrome::html(format!(
            "<html><head><meta charset=\"utf-8\"><title>第{n}页</title></head><body><p>第{n}页</p></body></html>"
        )),
        _ => chrome::not_found(),
    }
}

// ---------------------------------------------------------------- delay

pub const DELAY_PAGES: usize = 5;

fn tiny(title: &str, body: &str) -> Response {
    chrome::html(format!(
        "<html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>{body}</body></html>"
    ))
}

pub fn delay_expected() -> Vec<String> {
    let mut v = vec!["/".to_string()];
    v.extend((1..=DELAY_PAGES).map(|n| format!("/p/{n}.html")));
    v
}

pub fn serve_delay(req: &Req) -> Response {
    match req.path.as_str() {
        "/robots.txt" => chrome::text(
            StatusCode::OK,
            "User-agent: *\nCrawl-delay: 0.4\nDisallow:\n",
        ),
        "/" => {
            let links: String = (1..=DELAY_PAGES)
                .map(|n| format!("<a href=\"/p/{n}.html\">第{n}页</a> "))
                .collect();
            tiny("慢速县人民政府", &links)
        }
        p if p.starts_with("/p/") => tiny("页面", "<p>内容</p>"),
        _ => chrome::not_found(),
    }
}

// ---------------------------------------------------------------- robots loop

pub fn robots_loop_expected() -> Vec<String> {
    vec!["/".to_string(), "/private/a.html".to_string()]
}

pub fn serve_robots_loop(req: &Req) -> Response {
    let path = req.path.as_str();
    if path == "/robots.txt" {
        return chrome::redirect(StatusCode::FOUND, "/robots/1.txt");
    }
    if let Some(n) = path
        .strip_prefix("/robots/")
        .and_then(|s| s.strip_suffix(".txt"))
        .and_then(|s| s.parse::<u32>().ok())
    {
        return chrome::redirect(StatusCode::FOUND, &format!("/robots/{}.txt", n + 1));
    }
    match path {
        "/" => tiny("循环县人民政府", "<a href=\"/private/a.html\">内部</a>"),
        "/private/a.html" => tiny("内部", "<p>内部</p>"),
        _ => chrome::not_found(),
    }
}

// ---------------------------------------------------------------- cookie

pub fn cookie_expected() -> Vec<String> {
    vec!["/".to_string(), "/members.html".to_string()]
}

pub fn serve_cookie(req: &Req) -> Response {
    match req.path.as_str() {
        "/" => {
            let mut r = tiny("会话县人民政府", "<a href=\"/members.html\">政务公开</a>");
            r.headers_mut().insert(
                header::SET_COOKIE,
                HeaderValue::from_static("JSESSIONID=mock42; Path=/"),
            );
            r
        }
        "/members.html" => {
            let has = req
                .cookie
                .as_deref()
                .is_some_and(|c| c.contains("JSESSIONID=mock42"));
            if has {
                tiny("政务公开", "<p>欢迎</p>")
            } else {
                chrome::text(StatusCode::FORBIDDEN, "no session")
            }
        }
        _ => chrome::not_found(),
    }
}
