//! `www.dup-county.gov.cn`: one county's annual reports, duplicated the ways
//! real portals duplicate them, plus `big5.dup-county.gov.cn`, its 繁體
//! mirror (every path served converted with OpenCC `s2t`; DOCX bytes as they
//! are; links are root-relative, so they stay on the mirror).
//!
//! * `/`: 新闻中心 block, 通知公告 block (a notice about compiling the 2024
//!   reports: not a report), a link to the report column `/xxgk/ndbg/`, and
//!   简体版 / 繁體版 links (absolute, to the two hosts).
//! * `/xxgk/ndbg/` (下一页 → `index_1.html`): reports by date, newest first.
//! * `/xwzx/`: two news articles, one of them report A republished under the
//!   news column's chrome; a 热点推荐 link to report A with
//!   `?from=wx&uid=ab12cd34ef56` (a share link: a session-like query that
//!   URL canonicalization keeps, so it is a second URL).
//! * Report A (2024年度) `/xxgk/ndbg/202501/t20250120_1001.html`, its
//!   打印本页 view `…_1001_print.html` (title and body only), the republished
//!   copy `/xwzx/202501/t20250121_2001.html`.
//! * Report B (2023年度) page + the same report as DOCX `P020240125_1002.docx`.
//! * Report C (2022年度) and its corrected edition (（更正）, one table figure
//!   and one sentence differ): near-duplicates.
//! * Report D (2021年度): page says only "详见附件。", the DOCX has the report.
//! * Edition 2 ([`super::MockPortal::set_edition`]): report E (2025年度) on
//!   top of list page 1; every other page is byte for byte the same. Pages
//!   that edition 2 adds or changes carry [`LAST_MODIFIED_2`].
//! * robots.txt allows everything.

use std::sync::{LazyLock, OnceLock};

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use ferrous_opencc::{config::BuiltinConfig, OpenCC};

use super::chrome::{self, esc, Chrome};
use super::dup_report::{self, Which, ORGAN};
use super::Req;

pub const DUP: &str = "www.dup-county.gov.cn";
pub const DUP_BIG5: &str = "big5.dup-county.gov.cn";
/// `Last-Modified` of pages edition 2 leaves alone.
pub const LAST_MODIFIED: &str = "Tue, 21 Jan 2025 08:00:00 GMT";
/// `Last-Modified` of pages edition 2 adds or changes.
pub const LAST_MODIFIED_2: &str = "Tue, 20 Jan 2026 08:00:00 GMT";
/// The query of report A's share link in 新闻中心.
pub const SESSION_QUERY: &str = "from=wx&uid=ab12cd34ef56";

const NAV: [(&str, &str); 3] = [
    ("/", "首页"),
    ("/xxgk/ndbg/", "年度报告"),
    ("/xwzx/", "新闻中心"),
];
const ROBOTS: &str = "User-agent: *\nDisallow:\n";
const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const LIST: &str = "/xxgk/ndbg/";
const LIST_2: &str = "/xxgk/ndbg/index_1.html";
const PER_PAGE: usize = 3;
const NEWS_LIST: &str = "/xwzx/";
const REPUBLISHED: &str = "/xwzx/202501/t20250121_2001.html";
const NEWS: &str = "/xwzx/202501/t20250115_2002.html";
const NEWS_TITLE: &str = "我县召开2025年政务公开工作推进会";
const NOTICE: &str = "/tzgg/202412/t20241210_3001.html";
const NOTICE_TITLE: &str = "关于做好2024年度政府信息公开工作年度报告编制工作的通知";
const PRINT: &str = "/xxgk/ndbg/202501/t20250120_1001_print.html";

/// A report as the column lists it.
struct Entry {
    which: Which,
    page: &'static str,
    docx: Option<(&'static str, &'static str)>,
    date: &'static str,
    id: u32,
}

/// Newest first; E only from edition 2.
const ENTRIES: [Entry; 6] = [
    Entry {
        which: Which::E,
        page: "/xxgk/ndbg/202601/t20260120_1006.html",
        docx: None,
        date: "2026-01-20",
        id: 1006,
    },
    Entry {
        which: Which::A,
        page: "/xxgk/ndbg/202501/t20250120_1001.html",
        docx: None,
        date: "2025-01-20",
        id: 1001,
    },
    Entry {
        which: Which::B,
        page: "/xxgk/ndbg/202401/t20240125_1002.html",
        docx: Some((
            "/xxgk/ndbg/202401/P020240125_1002.docx",
            "2023年政府信息公开工作年度报告.docx",
        )),
        date: "2024-01-25",
        id: 1002,
    },
    Entry {
        which: Which::CCorrected,
        page: "/xxgk/ndbg/202302/t20230210_1004.html",
        docx: None,
        date: "2023-02-10",
        id: 1004,
    },
    Entry {
        which: Which::C,
        page: "/xxgk/ndbg/202301/t20230130_1003.html",
        docx: None,
        date: "2023-01-30",
        id: 1003,
    },
    Entry {
        which: Which::D,
        page: "/xxgk/ndbg/202201/t20220128_1005.html",
        docx: Some((
            "/xxgk/ndbg/202201/P020220128_1005.docx",
            "2021年政府信息公开工作年度报告.docx",
        )),
        date: "2022-01-28",
        id: 1005,
    },
];

fn entry(which: Which) -> &'static Entry {
    ENTRIES.iter().find(|e| e.which == which).expect("entry")
}

/// The reports listed in `edition`, newest first.
fn listed(edition: u32) -> impl Iterator<Item = &'static Entry> {
    ENTRIES
        .iter()
        .filter(move |e| e.which != Which::E || edition >= 2)
}

fn session_variant() -> String {
    format!("{}?{SESSION_QUERY}", entry(Which::A).page)
}

/// Paths of each distinct report text (see `MockPortal::dup_report_groups`).
pub fn groups(edition: u32) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for e in [
        Which::A,
        Which::B,
        Which::C,
        Which::CCorrected,
        Which::D,
        Which::E,
    ] {
        let en = entry(e);
        if e == Which::E && edition < 2 {
            continue;
        }
        let mut g: Vec<String> = match (e, en.docx) {
            (Which::D, Some((docx, _))) => vec![docx.to_string(), en.page.to_string()],
            (_, Some((docx, _))) => vec![en.page.to_string(), docx.to_string()],
            _ => vec![en.page.to_string()],
        };
        if e == Which::A {
            g.extend([
                REPUBLISHED.to_string(),
                PRINT.to_string(),
                session_variant(),
            ]);
        }
        out.push(g);
    }
    out
}

pub fn near_pairs() -> Vec<(String, String)> {
    vec![(
        entry(Which::C).page.to_string(),
        entry(Which::CCorrected).page.to_string(),
    )]
}

/// Report pages and attachments (paths, same on both hosts).
pub fn reports(edition: u32) -> Vec<String> {
    groups(edition).into_iter().flatten().collect()
}

/// Every path a complete crawl requests (same on both hosts).
pub fn expected(edition: u32) -> Vec<String> {
    let mut v: Vec<String> = ["/", LIST, LIST_2, NEWS_LIST, NEWS, NOTICE]
        .iter()
        .map(|s| s.to_string())
        .collect();
    v.extend(reports(edition));
    v
}

/// What a path is.
enum Page {
    Home,
    List(usize),
    NewsList,
    News,
    Notice,
    Article(&'static Entry),
    Republished,
    Print,
    Docx(&'static Entry),
}

fn route(path: &str, edition: u32) -> Option<Page> {
    let page = match path {
        "/" | "/index.html" => Page::Home,
        LIST | "/xxgk/ndbg/index.html" => Page::List(0),
        LIST_2 => Page::List(1),
        NEWS_LIST | "/xwzx/index.html" => Page::NewsList,
        NEWS => Page::News,
        NOTICE => Page::Notice,
        REPUBLISHED => Page::Republished,
        PRINT => Page::Print,
        _ => {
            let e =
                listed(edition).find(|e| e.page == path || e.docx.is_some_and(|d| d.0 == path))?;
            match e.page == path {
                true => Page::Article(e),
                false => Page::Docx(e),
            }
        }
    };
    Some(page)
}

/// A page's body: HTML (converted on the mirror) or DOCX bytes (as is).
enum Body {
    Html(String),
    Docx(Vec<u8>),
}

pub fn serve(req: &Req) -> Response {
    respond(req, false)
}

pub fn serve_big5(req: &Req) -> Response {
    respond(req, true)
}

fn respond(req: &Req, big5: bool) -> Response {
    if req.path == "/robots.txt" {
        return chrome::text(StatusCode::OK, ROBOTS);
    }
    let Some(page) = route(&req.path, req.edition) else {
        return chrome::not_found();
    };
    let changed = req.edition >= 2
        && match page {
            Page::List(p) => p == 0,
            Page::Article(e) => e.which == Which::E,
            _ => false,
        };
    let mut r = match render(&page, req) {
        Body::Html(html) if big5 => chrome::html(to_traditional(&html)),
        Body::Html(html) => chrome::html(html),
        Body::Docx(bytes) => chrome::with_type(StatusCode::OK, DOCX_TYPE, bytes),
    };
    if changed {
        r.headers_mut().insert(
            header::LAST_MODIFIED,
            HeaderValue::from_static(LAST_MODIFIED_2),
        );
    }
    r
}

/// Simplified → Traditional (OpenCC `s2t`), as a 繁體 mirror gateway does.
pub fn to_traditional(text: &str) -> String {
    static S2T: LazyLock<OpenCC> = LazyLock::new(|| {
        OpenCC::from_config(BuiltinConfig::S2t).expect("OpenCC s2t configuration")
    });
    S2T.convert(text)
}

fn docx_bytes(which: Which) -> Vec<u8> {
    static B: OnceLock<Vec<u8>> = OnceLock::new();
    static D: OnceLock<Vec<u8>> = OnceLock::new();
    let cell = if which == Which::D { &D } else { &B };
    cell.get_or_init(|| dup_report::docx(&dup_report::report(which)))
        .clone()
}

fn chrome_for<'a>(crumbs: &'a [&'a str], head: String) -> Chrome<'a> {
    Chrome {
        site: ORGAN,
        charset_meta: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\" />",
        nav: &NAV,
        head,
        crumbs,
        site_code: "3303290001",
    }
}

fn render(page: &Page, req: &Req) -> Body {
    let html = match page {
        Page::Home => home(req),
        Page::List(p) => list(*p, req.edition),
        Page::NewsList => news_list(),
        Page::News => simple_article(
            NEWS_TITLE,
            "2025-01-15",
            2002,
            &["新闻中心", "正文"],
            &format!(
                "{}\n<p style=\"text-indent:2em\">会议要求，各单位要按时完成2024年度政府信息公开工作年度报告的编制和发布工作。</p>\n",
                chrome::news_body(NEWS_TITLE)
            ),
        ),
        Page::Notice => simple_article(
            NOTICE_TITLE,
            "2024-12-10",
            3001,
            &["通知公告", "正文"],
            NOTICE_BODY,
        ),
        Page::Article(e) => report_article(e),
        Page::Republished => {
            let e = entry(Which::A);
            let r = dup_report::report(e.which);
            simple_article(
                &r.title,
                "2025-01-21",
                2001,
                &["新闻中心", "正文"],
                &dup_report::html_body(&r),
            )
        }
        Page::Print => {
            let r = dup_report::report(Which::A);
            format!(
                "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n</head>\n<body onload=\"window.print()\">\n<div class=\"print_main\">\n<h1>{t}</h1>\n<div class=\"content\" id=\"zoom\">\n{body}</div>\n</div>\n</body>\n</html>\n",
                t = esc(&r.title),
                body = dup_report::html_body(&r),
            )
        }
        Page::Docx(e) => return Body::Docx(docx_bytes(e.which)),
    };
    Body::Html(html)
}

const NOTICE_BODY: &str = r#"<p>各乡镇人民政府、街道办事处，县政府各部门、各直属单位：</p>
<p style="text-indent:2em">根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》有关规定，现就做好2024年度政府信息公开工作年度报告编制和发布工作通知如下：</p>
<p style="text-indent:2em">一、各单位要严格按照年度报告格式要求编制本单位年度报告，如实填报统计数据，确保数据准确、表述规范。</p>
<p style="text-indent:2em">二、年度报告经本单位主要负责同志审定后，于2025年1月31日前在县政府门户网站本单位政府信息公开专栏发布。</p>
<p style="text-indent:2em">三、县政府办公室将对年度报告发布情况进行检查，检查结果纳入年度政务公开工作考核。</p>
<p style="text-align:right">同文县人民政府办公室</p>
<p style="text-align:right">2024年12月10日</p>
"#;

fn home(req: &Req) -> String {
    let r = dup_report::report(Which::A);
    let content = format!(
        r#"<div class="lang"><a href="{www}/">简体版</a> | <a href="{big5}/" title="繁體版">繁體版</a> | <a href="javascript:;">本站地图</a></div>
<div class="block"><div class="hd"><span>新闻中心</span><a class="more" href="/xwzx/">更多&gt;&gt;</a></div><ul>
<li><a href="{REPUBLISHED}" target="_blank" title="{ta}">{ta}</a><span>01-21</span></li>
<li><a href="{NEWS}" target="_blank" title="{NEWS_TITLE}">{NEWS_TITLE}</a><span>01-15</span></li>
</ul></div>
<div class="block"><div class="hd"><span>通知公告</span></div><ul>
<li><a href="{NOTICE}" target="_blank" title="{NOTICE_TITLE}">{NOTICE_TITLE}</a><span>12-10</span></li>
</ul></div>
<div class="block"><div class="hd"><span>政府信息公开</span></div><ul>
<li><a href="{LIST}">政府信息公开工作年度报告</a></li>
</ul></div>"#,
        www = req.origin(DUP),
        big5 = req.origin(DUP_BIG5),
        ta = esc(&r.title),
    );
    chrome_for(&[], String::new()).page("首页", &content)
}

fn list(page: usize, edition: u32) -> String {
    let all: Vec<&Entry> = listed(edition).collect();
    // Edition 2's extra report goes on top of page 1; page 2 is unchanged.
    let first = all.len() - (ENTRIES.len() - 1 - PER_PAGE);
    let items = match page {
        0 => &all[..first],
        _ => &all[first..],
    };
    let items: String = items
        .iter()
        .map(|e| {
            let t = dup_report::report(e.which).title;
            format!(
                "<li><a href=\".{}\" target=\"_blank\" title=\"{t}\">{t}</a><span class=\"date\">{}</span></li>\n",
                &e.page[LIST.len() - 1..],
                e.date,
                t = esc(&t)
            )
        })
        .collect();
    let pager = match page {
        0 => "<span>首页</span> <span>上一页</span> <a href=\"index_1.html\">下一页</a> <a href=\"index_1.html\">尾页</a> 共2页",
        _ => "<a href=\"./\">首页</a> <a href=\"./\">上一页</a> <span>下一页</span> <span>尾页</span> 共2页",
    };
    let content = format!(
        "<div class=\"list_box\"><div class=\"list_title\">政府信息公开工作年度报告</div>\n<ul class=\"list\">\n{items}</ul>\n<div class=\"page\">{pager}</div>\n</div>"
    );
    chrome_for(&["政府信息公开", "年度报告"], String::new()).page("年度报告", &content)
}

fn news_list() -> String {
    let a = dup_report::report(Which::A);
    let content = format!(
        r#"<div class="list_box"><div class="list_title">新闻中心</div>
<ul class="list">
<li><a href=".{rel_a}" target="_blank" title="{ta}">{ta}</a><span class="date">2025-01-21</span></li>
<li><a href=".{rel_n}" target="_blank" title="{NEWS_TITLE}">{NEWS_TITLE}</a><span class="date">2025-01-15</span></li>
</ul>
<div class="page"><span>首页</span> <span>上一页</span> <span>下一页</span> <span>尾页</span> 共1页</div>
</div>
<div class="side"><div class="hd">热点推荐</div><ul>
<li><a href="{share}" target="_blank">{ta}</a></li>
</ul></div>"#,
        rel_a = &REPUBLISHED[NEWS_LIST.len() - 1..],
        rel_n = &NEWS[NEWS_LIST.len() - 1..],
        ta = esc(&a.title),
        share = esc(&session_variant()),
    );
    chrome_for(&["新闻中心"], String::new()).page("新闻中心", &content)
}

fn report_article(e: &Entry) -> String {
    let r = dup_report::report(e.which);
    let body = match e.which {
        Which::D => "<p style=\"text-indent:2em\">详见附件。</p>\n".to_string(),
        _ => dup_report::html_body(&r),
    };
    let dir_len = e.page.rfind('/').map_or(0, |i| i + 1);
    let attachment = match e.docx {
        Some((path, text)) => format!(
            "<div class=\"xgfj\">附件：<a href=\"./{}\">{text}</a></div>\n",
            &path[dir_len..]
        ),
        None => String::new(),
    };
    let print = match e.which {
        Which::A => format!(
            "<a href=\"./{}\" target=\"_blank\">打印本页</a>",
            &PRINT[dir_len..]
        ),
        _ => PRINT_JS.to_string(),
    };
    let meta = format!(
        "<table class=\"xxgk_table\"><tr><td>索引号：</td><td>11330329002619876X/{}-{}</td><td>发布机构：</td><td>{ORGAN}办公室</td></tr><tr><td>生成日期：</td><td>{}</td><td>公开方式：</td><td>主动公开</td></tr></table>\n",
        &e.date[..4],
        e.id,
        e.date
    );
    Article {
        title: &r.title,
        date: e.date,
        id: e.id,
        crumbs: &["政府信息公开", "年度报告", "正文"],
        meta: &meta,
        body: &body,
        after: &attachment,
        print: &print,
    }
    .page()
}

const PRINT_JS: &str = "<a href=\"javascript:window.print()\">打印本页</a>";

/// A chromed article: metadata table, title, 来源/发布时间/浏览次数 line,
/// body in `#zoom`, attachments, print and share links.
struct Article<'a> {
    title: &'a str,
    date: &'a str,
    id: u32,
    crumbs: &'a [&'a str],
    meta: &'a str,
    body: &'a str,
    after: &'a str,
    print: &'a str,
}

impl Article<'_> {
    fn page(&self) -> String {
        let content = format!(
            r#"{meta}<div class="article">
<h1 class="title">{t}</h1>
<div class="info">来源：{ORGAN}办公室 发布时间：{date} 浏览次数：<span id="view">{views}</span> 【字体：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a>】</div>
<div class="content" id="zoom">
{body}</div>
{after}<div class="print">【{print}】【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="share">分享到：<a href="javascript:;">微信</a> <a href="javascript:;">微博</a></div>
</div>"#,
            meta = self.meta,
            t = esc(self.title),
            date = self.date,
            body = self.body,
            after = self.after,
            print = self.print,
            views = self.id * 7 % 1000 + 100,
        );
        let column = self.crumbs.first().copied().unwrap_or("");
        let head = format!(
            "<meta name=\"ArticleTitle\" content=\"{t}\">\n<meta name=\"PubDate\" content=\"{date} 10:00\">\n<meta name=\"ColumnName\" content=\"{column}\">\n<meta name=\"ContentSource\" content=\"{ORGAN}办公室\">",
            t = esc(self.title),
            date = self.date,
        );
        chrome_for(self.crumbs, head).page(self.title, &content)
    }
}

/// A plain (non-report) article.
fn simple_article(title: &str, date: &str, id: u32, crumbs: &[&str], body: &str) -> String {
    Article {
        title,
        date,
        id,
        crumbs,
        meta: "",
        body,
        after: "",
        print: PRINT_JS,
    }
    .page()
}
