//! `www.trs-county.gov.cn`: a TRS WCM (拓尔思) portal.
//!
//! * `/` home: nav to the three columns and to `/private/secret.html`
//!   (disallowed by robots.txt).
//! * `/zwgk/xxgknb/` 政府信息公开年报: 5 pages (`index.html`, `index_1.html`
//!   … `index_4.html`), 4 articles each, pager only via
//!   `createPageHTML(5, k, "index", "html");` (the function's definition is
//!   inline, as on real pages). `index_5.html`, `index_99.html`… are 404.
//! * `/xwzx/` 新闻中心: `.shtml`, 3 pages, 3 articles each, pager
//!   `createPageHTML('page_div', 3, k, 'index', 'shtml')`.
//! * `/zwgk/tzgg/` 通知公告: 2 pages, 3 articles each, pager
//!   `var countPage = 2;//共多少页` … `createPageHTML(countPage, currentPage, "index", "html");`.
//! * Articles `./YYYYMM/tYYYYMMDD_<id>.html` with a `.TRS_Editor` body; the
//!   first report carries `附件：<a href="./P020250115_1.pdf">2024年报.pdf</a>`.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::http::StatusCode;
use axum::response::Response;

use super::chrome::{self, esc, Chrome};
use super::Req;

const SITE: &str = "测试县人民政府";
const NAV: [(&str, &str); 4] = [
    ("/", "首页"),
    ("/zwgk/xxgknb/index.html", "政府信息公开年报"),
    ("/zwgk/tzgg/index.html", "通知公告"),
    ("/xwzx/index.shtml", "新闻中心"),
];
const ROBOTS: &str = "User-agent: *\nDisallow: /private/\n";
const PDF_PATH: &str = "/zwgk/xxgknb/202501/P020250115_1.pdf";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pager {
    /// `createPageHTML(N, k, "index", "html");`
    Classic,
    /// `createPageHTML('page_div', N, k, 'index', 'shtml')`
    ElementId,
    /// `var countPage = N;` … `createPageHTML(countPage, currentPage, …)`
    CountVar,
}

struct Column {
    dir: &'static str,
    name: &'static str,
    ext: &'static str,
    per_page: usize,
    pager: Pager,
    /// (title, yyyymmdd, is an annual report)
    articles: &'static [(&'static str, &'static str, bool)],
    first_id: u32,
}

const XXGKNB: Column = Column {
    dir: "/zwgk/xxgknb/",
    name: "政府信息公开年报",
    ext: "html",
    per_page: 4,
    pager: Pager::Classic,
    first_id: 101001,
    articles: &[
        ("县人民政府2024年政府信息公开工作年度报告", "20250115", true),
        (
            "城关镇人民政府2024年政府信息公开工作年度报告",
            "20250114",
            true,
        ),
        (
            "关于做好2024年政府信息公开工作年度报告编制工作的通知",
            "20250110",
            false,
        ),
        (
            "东溪镇人民政府2024年政府信息公开工作年度报告",
            "20250109",
            true,
        ),
        ("县教育局2024年政府信息公开工作年度报告", "20250108", true),
        ("2024年法治政府建设年度报告", "20250106", false),
        (
            "西山乡人民政府2024年政府信息公开工作年度报告",
            "20250103",
            true,
        ),
        ("县财政局2024年度部门决算公开", "20241230", false),
        (
            "县卫生健康局2024年政府信息公开工作年度报告",
            "20241228",
            true,
        ),
        ("2025年县政府工作报告", "20241226", false),
        ("县2024年国民经济和社会发展统计公报", "20241220", false),
        (
            "城关镇人民政府2023年政府信息公开工作年度报告",
            "20240125",
            true,
        ),
        (
            "东溪镇人民政府2023年政府信息公开工作年度报告",
            "20240124",
            true,
        ),
        (
            "关于开展2023年度政府信息公开工作自查的通知",
            "20240110",
            false,
        ),
        ("县人民政府2023年政府信息公开工作年度报告", "20240108", true),
        (
            "关于做好2023年度企业年度报告公示工作的通告",
            "20240105",
            false,
        ),
        ("县人民政府2022年政府信息公开工作年度报告", "20230118", true),
        ("县2023年政务公开工作要点", "20230110", false),
        (
            "西山乡人民政府2022年政府信息公开工作年度报告",
            "20230109",
            true,
        ),
        ("县人民政府2021年政府信息公开工作年度报告", "20220120", true),
    ],
};

const XWZX: Column = Column {
    dir: "/xwzx/",
    name: "新闻中心",
    ext: "shtml",
    per_page: 3,
    pager: Pager::ElementId,
    first_id: 102001,
    articles: &[
        ("县委常委会召开会议传达学习全国两会精神", "20250312", false),
        ("我县召开2025年安全生产工作会议", "20250305", false),
        ("县领导督导春耕备耕工作", "20250228", false),
        ("我县举行重点项目集中开工仪式", "20250220", false),
        ("县政府召开第四十二次常务会议", "20250214", false),
        ("我县开展春节前安全生产大检查", "20250121", false),
        ("县人大常委会召开第二十五次会议", "20250116", false),
        ("我县召开政务公开工作推进会", "20250110", false),
        ("县政协十届四次会议隆重开幕", "20250106", false),
    ],
};

const TZGG: Column = Column {
    dir: "/zwgk/tzgg/",
    name: "通知公告",
    ext: "html",
    per_page: 3,
    pager: Pager::CountVar,
    first_id: 103001,
    articles: &[
        (
            "关于2024年政府信息公开工作年度报告报送情况的通报",
            "20250210",
            false,
        ),
        ("关于公布县级行政许可事项清单的通告", "20250122", false),
        (
            "关于做好2025年元旦春节期间有关工作的通知",
            "20241225",
            false,
        ),
        (
            "关于征求《县国土空间总体规划》意见的公告",
            "20241210",
            false,
        ),
        (
            "关于2024年度县级政府网站和政务新媒体检查情况的通报",
            "20241128",
            false,
        ),
        ("关于调整县城区公交线路的公告", "20241105", false),
    ],
};

const COLUMNS: [&Column; 3] = [&XXGKNB, &XWZX, &TZGG];

enum Page {
    Home,
    List(&'static Column, usize),
    Article(&'static Column, usize),
    Pdf,
    Private,
}

impl Column {
    fn pages(&self) -> usize {
        self.articles.len().div_ceil(self.per_page)
    }

    fn list_path(&self, page: usize) -> String {
        match page {
            0 => format!("{}index.{}", self.dir, self.ext),
            k => format!("{}index_{k}.{}", self.dir, self.ext),
        }
    }

    /// Relative href (from the column dir) and absolute path of article `i`.
    fn article_href(&self, i: usize) -> (String, String) {
        let (_, ymd, _) = self.articles[i];
        let id = self.first_id + i as u32;
        let rel = format!("./{}/t{ymd}_{id}.{}", &ymd[..6], self.ext);
        let abs = format!("{}{}", self.dir, &rel[2..]);
        (rel, abs)
    }
}

fn routes() -> &'static HashMap<String, Page> {
    static ROUTES: OnceLock<HashMap<String, Page>> = OnceLock::new();
    ROUTES.get_or_init(|| {
        let mut m = HashMap::new();
        m.insert("/".to_string(), Page::Home);
        m.insert("/index.html".to_string(), Page::Home);
        m.insert(PDF_PATH.to_string(), Page::Pdf);
        m.insert("/private/secret.html".to_string(), Page::Private);
        for col in COLUMNS {
            for p in 0..col.pages() {
                m.insert(col.list_path(p), Page::List(col, p));
            }
            for i in 0..col.articles.len() {
                m.insert(col.article_href(i).1, Page::Article(col, i));
            }
        }
        m
    })
}

pub fn expected() -> Vec<String> {
    let mut v = vec!["/".to_string()];
    for col in COLUMNS {
        v.extend((0..col.pages()).map(|p| col.list_path(p)));
        v.extend((0..col.articles.len()).map(|i| col.article_href(i).1));
    }
    v.push(PDF_PATH.to_string());
    v
}

pub fn forbidden() -> Vec<String> {
    vec![
        "/private/secret.html".to_string(),
        XXGKNB.list_path(XXGKNB.pages()),
    ]
}

pub fn reports() -> Vec<String> {
    let mut v: Vec<String> = (0..XXGKNB.articles.len())
        .filter(|&i| XXGKNB.articles[i].2)
        .map(|i| XXGKNB.article_href(i).1)
        .collect();
    v.push(PDF_PATH.to_string());
    v
}

pub fn serve(req: &Req) -> Response {
    if req.path == "/robots.txt" {
        return chrome::text(StatusCode::OK, ROBOTS);
    }
    match routes().get(req.path.as_str()) {
        Some(Page::Home) => chrome::html(home()),
        Some(Page::List(col, p)) => chrome::html(list(col, *p)),
        Some(Page::Article(col, i)) => chrome::html(article(col, *i)),
        Some(Page::Pdf) => chrome::with_type(
            StatusCode::OK,
            "application/pdf",
            chrome::pdf_bytes("2024年报"),
        ),
        Some(Page::Private) => chrome::html(
            chrome_for(&["内部"], String::new()).page("内部资料", "<p>本页面仅供内部使用。</p>"),
        ),
        None => chrome::not_found(),
    }
}

fn chrome_for<'a>(crumbs: &'a [&'a str], head: String) -> Chrome<'a> {
    Chrome {
        site: SITE,
        charset_meta: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\" />",
        nav: &NAV,
        head,
        crumbs,
        site_code: "3303260001",
    }
}

fn home() -> String {
    let mut blocks = String::new();
    for col in COLUMNS {
        let items: String = (0..col.per_page.min(3))
            .map(|i| {
                let (title, ymd, _) = col.articles[i];
                let href = format!("{}{}", col.dir, &col.article_href(i).0[2..]);
                format!(
                    "<li><a href=\"{href}\" target=\"_blank\" title=\"{t}\">{t}</a><span>{}-{}</span></li>",
                    &ymd[4..6],
                    &ymd[6..],
                    t = esc(title)
                )
            })
            .collect();
        blocks.push_str(&format!(
            "<div class=\"block\"><div class=\"hd\"><span>{}</span><a class=\"more\" href=\"{}\">更多&gt;&gt;</a></div><ul>{items}</ul></div>\n",
            col.name,
            col.list_path(0)
        ));
    }
    blocks.push_str("<div class=\"links\"><a href=\"/private/secret.html\">内部办公</a></div>");
    chrome_for(&[], String::new()).page("首页", &blocks)
}

const PAGER_FN: &str = r#"<script language="javascript">
<!--
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt)
{
var styleDIY = "fystyle";
if(_nPageCount == null || _nPageCount<=1){ return; }
var nCurrIndex = _nCurrIndex || 0;
if(nCurrIndex == 0)
	document.write("<font class=\"" + styleDIY + "\">首页</font> <font class=\"" + styleDIY + "\">上一页</font> ");
else {
	var prev = (nCurrIndex == 1) ? _sPageName + "." + _sPageExt : _sPageName + "_" + (nCurrIndex - 1) + "." + _sPageExt;
	document.write("<a href=\"" + _sPageName + "." + _sPageExt + "\" class=\"" + styleDIY + "\">首页</a> <a href=\"" + prev + "\" class=\"" + styleDIY + "\">上一页</a> ");
}
if(nCurrIndex + 1 >= _nPageCount)
	document.write("<font class=\"" + styleDIY + "\">下一页</font> <font class=\"" + styleDIY + "\">尾页</font>");
else
	document.write("<a href=\"" + _sPageName + "_" + (nCurrIndex + 1) + "." + _sPageExt + "\" class=\"" + styleDIY + "\">下一页</a> <a href=\"" + _sPageName + "_" + (_nPageCount - 1) + "." + _sPageExt + "\" class=\"" + styleDIY + "\">尾页</a>");
document.write("&nbsp;共" + _nPageCount + "页");
}
//-->
</script>"#;

fn list(col: &Column, page: usize) -> String {
    let n = col.pages();
    let start = page * col.per_page;
    let end = (start + col.per_page).min(col.articles.len());
    let items: String = (start..end)
        .map(|i| {
            let (title, ymd, _) = col.articles[i];
            format!(
                "<li><a href=\"{}\" target=\"_blank\" title=\"{t}\">{t}</a><span class=\"date\">{}-{}-{}</span></li>\n",
                col.article_href(i).0,
                &ymd[..4],
                &ymd[4..6],
                &ymd[6..],
                t = esc(title)
            )
        })
        .collect();
    let pager = match col.pager {
        Pager::Classic => format!(
            "<div class=\"page\">{PAGER_FN}\n<script>createPageHTML({n}, {page}, \"index\", \"{}\");</script></div>",
            col.ext
        ),
        Pager::ElementId => format!(
            "<div class=\"page\" id=\"page_div\"></div>\n<script type=\"text/javascript\" src=\"/images/trs_page.js\"></script>\n<script type=\"text/javascript\">\n  createPageHTML('page_div', {n}, {page}, 'index', '{}');\n</script>",
            col.ext
        ),
        Pager::CountVar => format!(
            "<div class=\"page\">{PAGER_FN}\n<script language=\"javascript\">\n\tvar currentPage = {page};//所在页从0开始\n\tvar prevPage = currentPage-1//上一页\n\tvar nextPage = currentPage+1//下一页\n\tvar countPage = {n};//共多少页\n\tcreatePageHTML(countPage, currentPage, \"index\", \"{}\");\n</script></div>",
            col.ext
        ),
    };
    let content = format!(
        "<div class=\"list_box\"><div class=\"list_title\">{name}</div>\n<ul class=\"list\">\n{items}</ul>\n{pager}\n</div>",
        name = col.name
    );
    let head = format!("<meta name=\"ColumnName\" content=\"{}\">", col.name);
    chrome_for(&[col.name], head).page(col.name, &content)
}

fn article(col: &Column, i: usize) -> String {
    let (title, ymd, is_report) = col.articles[i];
    let id = col.first_id + i as u32;
    let date = format!("{}-{}-{}", &ymd[..4], &ymd[4..6], &ymd[6..]);
    let body = if is_report {
        let unit = title.split("20").next().unwrap_or(SITE);
        let year = title
            .find("年政府")
            .and_then(|at| title[at - 4..at].parse().ok())
            .unwrap_or(2024);
        chrome::report_body(unit, year, id)
    } else {
        chrome::news_body(title)
    };
    let attachment = if col.dir == XXGKNB.dir && i == 0 {
        "<div class=\"xgfj\">附件：<a href=\"./P020250115_1.pdf\">2024年报.pdf</a></div>"
    } else {
        ""
    };
    let meta_table = if col.dir.starts_with("/zwgk/") {
        format!(
            "<table class=\"xxgk_table\"><tr><td>索引号：</td><td>11330326002612345X/{}-{id}</td><td>发布机构：</td><td>县政府办</td></tr><tr><td>生成日期：</td><td>{date}</td><td>公开方式：</td><td>主动公开</td></tr></table>",
            &ymd[..4]
        )
    } else {
        String::new()
    };
    let content = format!(
        r#"{meta_table}
<div class="article">
<h1 class="title">{t}</h1>
<div class="info">来源：县政府办 发布时间：{date} 浏览次数：<span id="view">{views}</span> 【字体：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a>】</div>
<div class="TRS_Editor"><style type="text/css">
.TRS_Editor P{{margin-top:5px;margin-bottom:5px;line-height:1.8;font-family:宋体;font-size:12pt;}}.TRS_Editor TD{{font-size:12pt;}}
</style>
{body}
</div>
{attachment}
<div class="share">分享到：<a href="javascript:;">微信</a> <a href="javascript:;">微博</a></div>
<div class="print">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
</div>"#,
        t = esc(title),
        views = id % 997,
    );
    let head = format!(
        "<meta name=\"ArticleTitle\" content=\"{t}\">\n<meta name=\"PubDate\" content=\"{date} 09:30\">\n<meta name=\"ColumnName\" content=\"{}\">\n<meta name=\"ContentSource\" content=\"县政府办\">",
        col.name,
        t = esc(title)
    );
    chrome_for(&[col.name, "正文"], head).page(title, &content)
}
