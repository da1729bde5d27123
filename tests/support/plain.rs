//! `www.plain-county.gov.cn`: a home-grown portal with plain `<a>` links,
//! plus its in-scope sub-domain `xxgk.plain-county.gov.cn`.
//!
//! Links from `/`: the news list (`/news/list.html` → `list_2.html` …
//! `list_6.html`, 首页/上一页/numbers/下一页/尾页, 3 articles each), an
//! `<iframe src="/frame/inner.html">` (→ `/frame/only-here.html`), a
//! `<map><area href="/map/area.html">`, `/old/page.html` (301 →
//! `/new/page.html`), `/refresh.html` (meta refresh → `/refreshed.html`),
//! `/jump.html` (`window.location.href` → `/jumped.html`), the sub-domain,
//! two out-of-scope hosts, `"  /padded.html  "`, `;jsessionid=` and `#top`
//! variants of `/news/content_4001.html`, `/files/report.docx`.
//!
//! Traps: `/calendar/index.html?date=…` (前一天/后一天 forever), `/loop/`
//! (relative `a/` forever), `/search?page=N` (echoes N, links N+1 forever).
//! Faults: `/busy.html` (503 + `Retry-After: 1` on its first request),
//! `/huge.html` (50 MiB streamed, no length), `/huge-declared.html`
//! (`Content-Length: 52428800`), `/redirect-loop/N` (302 → N+1 forever).
//! robots.txt has a `harvester` group, which replaces `*` (RFC 9309): for
//! harvester only `/only-for-harvester/` is disallowed, `/private/` is not.

use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;

use super::chrome::{self, esc, Chrome};
use super::{Req, OUT_OF_SCOPE, PLAIN, PLAIN_XXGK};

const SITE: &str = "平原县人民政府";
const NAV: [(&str, &str); 2] = [("/", "首页"), ("/news/list.html", "新闻动态")];
const ROBOTS: &str = "User-agent: *\nCrawl-delay: 0.05\nDisallow: /private/\n\nUser-agent: harvester\nDisallow: /only-for-harvester/\n";
const LIST_PAGES: usize = 6;
const PER_PAGE: usize = 3;
const FIRST_ID: u32 = 4001;
/// Index (in [`TITLES`]) of the annual report carrying the .docx.
const REPORT: usize = 4;
pub const HUGE_CHUNK: usize = 64 * 1024;
pub const HUGE_CHUNKS: usize = 800;
/// 50 MiB.
pub const HUGE_LEN: usize = HUGE_CHUNK * HUGE_CHUNKS;

const TITLES: [&str; LIST_PAGES * PER_PAGE] = [
    "我县召开2025年农村工作会议",
    "县政府与省农科院签署战略合作协议",
    "关于做好2024年政府信息公开工作年度报告编制工作的通知",
    "我县开展“119”消防宣传月活动",
    "县人民政府2024年政府信息公开工作年度报告",
    "县领导调研重点项目建设",
    "全县安全生产工作会议召开",
    "我县举办2024年农民丰收节",
    "县人民政府2024年法治政府建设年度报告",
    "县医保局开展打击欺诈骗保专项行动",
    "我县召开优化营商环境工作推进会",
    "县图书馆新馆正式开放",
    "我县举行2024年度征兵欢送仪式",
    "县委理论学习中心组开展专题学习",
    "我县启动冬春农田水利建设",
    "县人民医院开展义诊进乡村活动",
    "我县召开河长制工作会议",
    "县教育局举办中小学教师技能大赛",
];

fn article_path(i: usize) -> String {
    format!("/news/content_{}.html", FIRST_ID + i as u32)
}

fn list_path(page: usize) -> String {
    match page {
        1 => "/news/list.html".to_string(),
        p => format!("/news/list_{p}.html"),
    }
}

const STATIC_PAGES: [&str; 13] = [
    "/frame/inner.html",
    "/frame/only-here.html",
    "/map/area.html",
    "/old/page.html",
    "/new/page.html",
    "/refresh.html",
    "/refreshed.html",
    "/jump.html",
    "/jumped.html",
    "/padded.html",
    "/files/report.docx",
    "/private/x.html",
    "/busy.html",
];

const TRAP_ENTRIES: [&str; 6] = [
    "/calendar/index.html?date=2025-01-01",
    "/loop/",
    "/search?page=1",
    "/huge.html",
    "/huge-declared.html",
    "/redirect-loop/0",
];

pub fn expected() -> Vec<String> {
    let mut v = vec!["/".to_string()];
    v.extend((1..=LIST_PAGES).map(list_path));
    v.extend((0..TITLES.len()).map(article_path));
    v.extend(STATIC_PAGES.iter().map(|s| s.to_string()));
    v.extend(TRAP_ENTRIES.iter().map(|s| s.to_string()));
    v
}

pub fn forbidden() -> Vec<String> {
    vec![
        "/only-for-harvester/x.html".to_string(),
        format!("{};jsessionid=ABC123", article_path(0)),
    ]
}

pub fn reports() -> Vec<String> {
    vec![article_path(REPORT), "/files/report.docx".to_string()]
}

pub fn xxgk_expected() -> Vec<String> {
    vec!["/index.html".to_string(), "/xxgknb/2024.html".to_string()]
}

pub fn xxgk_reports() -> Vec<String> {
    vec!["/xxgknb/2024.html".to_string()]
}

fn chrome_for<'a>(crumbs: &'a [&'a str], head: String) -> Chrome<'a> {
    Chrome {
        site: SITE,
        charset_meta: "<meta charset=\"utf-8\">",
        nav: &NAV,
        head,
        crumbs,
        site_code: "1304230001",
    }
}

fn simple(title: &str, content: &str) -> Response {
    chrome::html(chrome_for(&[title], String::new()).page(title, content))
}

pub fn serve(req: &Req) -> Response {
    // Like a Java server: `;jsessionid=…` is not part of the resource path.
    let path = req.path.split(";jsessionid=").next().unwrap_or("/");
    if let Some(rest) = path.strip_prefix("/redirect-loop/") {
        let n: u64 = rest.parse().unwrap_or(0);
        return chrome::redirect(StatusCode::FOUND, &format!("/redirect-loop/{}", n + 1));
    }
    if let Some(rest) = path.strip_prefix("/loop/") {
        return match rest.split_terminator('/').all(|seg| seg == "a") {
            true => loop_page(path),
            false => chrome::not_found(),
        };
    }
    if let Some(page) = (1..=LIST_PAGES).find(|&p| list_path(p) == path) {
        return chrome::html(list(page));
    }
    if let Some(i) = (0..TITLES.len()).find(|&i| article_path(i) == path) {
        return chrome::html(article(i));
    }
    match path {
        "/robots.txt" => chrome::text(StatusCode::OK, ROBOTS),
        "/" | "/index.html" => chrome::html(home(req)),
        "/frame/inner.html" => chrome::html(
            "<html><head><meta charset=\"utf-8\"><title>inner</title></head><body><ul><li><a href=\"/frame/only-here.html\" target=\"_top\">便民服务指南</a></li></ul></body></html>"
                .to_string(),
        ),
        "/frame/only-here.html" => simple("便民服务指南", "<p>只能从内嵌框架到达的页面。</p>"),
        "/map/area.html" => simple("政务地图", "<p>只能从图片热区到达的页面。</p>"),
        "/old/page.html" => chrome::redirect(StatusCode::MOVED_PERMANENTLY, "/new/page.html"),
        "/new/page.html" => simple("新版页面", "<p>页面已迁移到新地址。</p>"),
        "/refresh.html" => chrome::html(
            "<html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0; url=/refreshed.html\"><title>跳转中</title></head><body>正在跳转…</body></html>".to_string(),
        ),
        "/refreshed.html" => simple("刷新后页面", "<p>由 meta refresh 到达。</p>"),
        "/jump.html" => chrome::html(
            "<html><head><meta charset=\"utf-8\"><title>跳转中</title><script type=\"text/javascript\">\nwindow.location.href = \"/jumped.html\";\n</script></head><body>页面跳转中，请稍候…</body></html>".to_string(),
        ),
        "/jumped.html" => simple("脚本跳转后页面", "<p>由 window.location.href 到达。</p>"),
        "/padded.html" => simple("带空格链接页面", "<p>链接的 href 两侧带有空格。</p>"),
        "/files/report.docx" => chrome::with_type(
            StatusCode::OK,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            chrome::docx_bytes(),
        ),
        "/private/x.html" => simple("内部页面", "<p>robots.txt 对 harvester 允许此页。</p>"),
        "/only-for-harvester/x.html" => simple("禁止页面", "<p>robots.txt 对 harvester 禁止此页。</p>"),
        "/calendar/index.html" => calendar(req),
        "/search" => search(req),
        "/busy.html" if req.nth == 1 => {
            let mut r = chrome::with_type(
                StatusCode::SERVICE_UNAVAILABLE,
                "text/html; charset=utf-8",
                "<html><body><h1>503 Service Unavailable</h1><p>服务器繁忙，请稍后再试。</p></body></html>".as_bytes().to_vec(),
            );
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            r
        }
        "/busy.html" => simple("繁忙后恢复", "<p>第二次请求成功。</p>"),
        "/huge.html" => huge(false),
        "/huge-declared.html" => huge(true),
        _ => chrome::not_found(),
    }
}

fn home(req: &Req) -> String {
    let xxgk = req.origin(PLAIN_XXGK);
    let evil = req.origin(OUT_OF_SCOPE[0]);
    let other = req.origin(OUT_OF_SCOPE[1]);
    let me = req.origin(PLAIN);
    let news: String = (0..PER_PAGE)
        .map(|i| {
            format!(
                "<li><a href=\"{}\">{}</a></li>",
                article_path(i),
                esc(TITLES[i])
            )
        })
        .collect();
    let content = format!(
        r##"<div class="block"><div class="hd">新闻动态 <a href="/news/list.html">更多</a></div><ul>{news}
<li><a href="{a0};jsessionid=ABC123">{t0}</a></li>
<li><a href="{a0}#top">{t0}（返回顶部）</a></li></ul></div>
<div class="block"><div class="hd">政务公开</div><ul>
<li><a href="{xxgk}/index.html" target="_blank">政府信息公开平台</a></li>
<li><a href="/files/report.docx">2024年年报下载</a></li>
<li><a href="{me}/old/page.html">旧版页面</a></li>
<li><a href="/refresh.html">刷新跳转</a></li>
<li><a href="/jump.html">脚本跳转</a></li>
<li><a href="  /padded.html  ">办事指南</a></li>
<li><a href="/calendar/index.html?date=2025-01-01">活动日历</a></li>
<li><a href="/loop/">栏目目录</a></li>
<li><a href="/search?page=1">站内搜索</a></li>
<li><a href="/busy.html">在线访谈</a></li>
<li><a href="/huge.html">数据开放</a></li>
<li><a href="/huge-declared.html">数据下载</a></li>
<li><a href="/redirect-loop/0">互动交流</a></li>
<li><a href="/private/x.html">内部通知</a></li>
<li><a href="/only-for-harvester/x.html">专用页面</a></li>
</ul></div>
<iframe src="/frame/inner.html" width="300" height="100" frameborder="0" scrolling="no"></iframe>
<img src="/images/map.png" usemap="#govmap" alt="政务地图">
<map name="govmap"><area shape="rect" coords="0,0,120,60" href="/map/area.html" alt="政务地图"></map>
<div class="yqlj">友情链接：<a href="{evil}/zfxxgk/nb2024.html" target="_blank">县政府信息公开</a> <a href="{other}/index.html" target="_blank">邻县人民政府</a></div>"##,
        a0 = article_path(0),
        t0 = esc(TITLES[0]),
    );
    chrome_for(&[], String::new()).page("首页", &content)
}

fn list(page: usize) -> String {
    let rel = |p: usize| list_path(p)["/news/".len()..].to_string();
    let items: String = (0..PER_PAGE)
        .map(|k| (page - 1) * PER_PAGE + k)
        .map(|i| {
            format!(
                "<li><a href=\"{}\" target=\"_blank\">{}</a><span>2025-01-{:02}</span></li>\n",
                &article_path(i)["/news/".len()..],
                esc(TITLES[i]),
                20 - i
            )
        })
        .collect();
    let mut pager = String::from("<div class=\"pagination\">");
    if page == 1 {
        pager.push_str("<span>首页</span> <span>上一页</span> ");
    } else {
        pager.push_str(&format!(
            "<a href=\"{}\">首页</a> <a href=\"{}\">上一页</a> ",
            rel(1),
            rel(page - 1)
        ));
    }
    for p in page.saturating_sub(2).max(1)..=(page + 2).min(LIST_PAGES) {
        if p == page {
            pager.push_str(&format!("<span class=\"current\">{p}</span> "));
        } else {
            pager.push_str(&format!("<a href=\"{}\">{p}</a> ", rel(p)));
        }
    }
    if page == LIST_PAGES {
        pager.push_str("<span>下一页</span> <span>尾页</span>");
    } else {
        pager.push_str(&format!(
            "<a href=\"{}\">下一页</a> <a href=\"{}\">尾页</a>",
            rel(page + 1),
            rel(LIST_PAGES)
        ));
    }
    pager.push_str(&format!(" 共{LIST_PAGES}页</div>"));
    let content = format!("<ul class=\"news_list\">\n{items}</ul>\n{pager}");
    chrome_for(&["新闻动态"], String::new()).page("新闻动态", &content)
}

fn article(i: usize) -> String {
    let title = TITLES[i];
    let id = FIRST_ID + i as u32;
    let body = if i == REPORT {
        format!(
            "{}\n<p>附件：<a href=\"/files/report.docx\">县人民政府2024年政府信息公开工作年度报告.docx</a></p>",
            chrome::report_body("平原县人民政府", 2024, id)
        )
    } else {
        chrome::news_body(title)
    };
    let content = format!(
        "<div class=\"article\"><h1>{t}</h1><div class=\"info\">发布时间：2025-01-{d:02} 来源：县融媒体中心</div>\n<div class=\"content\" id=\"top\">\n{body}\n</div>\n<div class=\"prev_next\">上一篇：<a href=\"{prev}\">上一篇</a></div></div>",
        t = esc(title),
        d = 20 - i,
        prev = article_path(i.saturating_sub(1)),
    );
    let head = format!("<meta name=\"ArticleTitle\" content=\"{}\">", esc(title));
    chrome_for(&["新闻动态", "正文"], head).page(title, &content)
}

fn calendar(req: &Req) -> Response {
    let raw = req
        .param("date")
        .unwrap_or_else(|| "2025-01-01".to_string());
    let Some(date) = parse_date(&raw) else {
        return chrome::not_found();
    };
    let (prev, next) = match (date.previous_day(), date.next_day()) {
        (Some(p), Some(n)) => (p, n),
        _ => return chrome::not_found(),
    };
    let content = format!(
        "<div class=\"calendar\"><h2>活动日历 {date}</h2><p>今日暂无活动安排。</p>\n<a href=\"index.html?date={prev}\">前一天</a> <a href=\"index.html?date={next}\">后一天</a></div>"
    );
    chrome::html(chrome_for(&["活动日历"], String::new()).page("活动日历", &content))
}

fn parse_date(s: &str) -> Option<time::Date> {
    let mut it = s.splitn(3, '-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u8 = it.next()?.parse().ok()?;
    let d: u8 = it.next()?.parse().ok()?;
    time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()
}

fn loop_page(path: &str) -> Response {
    let content = format!(
        "<p>当前目录：{}</p><ul><li><a href=\"a/\">下一级目录</a></li></ul>",
        esc(path)
    );
    chrome::html(chrome_for(&["栏目目录"], String::new()).page("栏目目录", &content))
}

fn search(req: &Req) -> Response {
    let page = req.param("page").unwrap_or_else(|| "1".to_string());
    let next = page.parse::<u64>().map_or(2, |n| n.saturating_add(1));
    let content = format!(
        "<div class=\"search\"><p>搜索结果 第{}页</p><ul><li><a href=\"/news/content_{FIRST_ID}.html\">{}</a></li></ul><a href=\"search?page={next}\">下一页</a></div>",
        esc(&page),
        esc(TITLES[0]),
    );
    chrome::html(chrome_for(&["站内搜索"], String::new()).page("站内搜索", &content))
}

/// 50 MiB of HTML generated chunk by chunk; with `declared`, a
/// `Content-Length` is sent (and exactly that many bytes follow).
fn huge(declared: bool) -> Response {
    let mut filler = Vec::with_capacity(HUGE_CHUNK);
    while filler.len() < HUGE_CHUNK {
        filler.extend_from_slice(b"<p>0123456789 abcdefghijklmnopqrstuvwxyz</p>\n");
    }
    filler.truncate(HUGE_CHUNK);
    let chunk = Bytes::from(filler);
    let chunks = std::iter::repeat_n(chunk, HUGE_CHUNKS).map(Ok::<Bytes, Infallible>);
    let mut r = Response::new(Body::from_stream(futures_util::stream::iter(chunks)));
    let headers = r.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if declared {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(HUGE_LEN));
    }
    r
}

pub fn serve_xxgk(req: &Req) -> Response {
    let chrome = Chrome {
        site: "平原县政府信息公开平台",
        charset_meta: "<meta charset=\"utf-8\">",
        nav: &[("/index.html", "首页")],
        head: String::new(),
        crumbs: &[],
        site_code: "1304230002",
    };
    match req.path.as_str() {
        "/" | "/index.html" => {
            let content = format!(
                "<ul><li><a href=\"xxgknb/2024.html\">城南镇人民政府2024年政府信息公开工作年度报告</a></li><li><a href=\"{}/\">返回县政府门户</a></li></ul>",
                req.origin(PLAIN)
            );
            chrome::html(chrome.page("政府信息公开", &content))
        }
        "/xxgknb/2024.html" => {
            let title = "城南镇人民政府2024年政府信息公开工作年度报告";
            let content = format!(
                "<h1>{title}</h1><div class=\"zoom\">{}</div>",
                chrome::report_body("城南镇人民政府", 2024, 77)
            );
            chrome::html(chrome.page(title, &content))
        }
        _ => chrome::not_found(),
    }
}
