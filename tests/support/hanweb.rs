//! `www.hanweb-county.gov.cn`: a Hanweb 大汉 jcms portal.
//!
//! * `/` links to the column `/col/col1229/index.html`.
//! * The column page holds `<script type="text/xml"><datastore>` with a
//!   `<nextgroup>` pointing at `/module/web/jpage/dataproxy.jsp?page=1&…` and
//!   the first 15 of 38 records, then `$('#5678').jpage({… perPage: 15,
//!   totalRecord: 38, proxyUrl: '/module/web/jpage/dataproxy.jsp' …})`.
//! * The proxy answers GET and POST; `startrecord`, `endrecord`, `perpage`
//!   come from the query string or the form body (defaults 1, 15, 15) and it
//!   returns records S..=E (clamped to 38) as `<datastore>` XML.
//! * Articles `/art/2025/1/D/art_1229_<id>.html`, body in `#zoom`. Long
//!   titles are cut to `…...` in the link text, full in `title=`.

use std::sync::OnceLock;

use axum::http::StatusCode;
use axum::response::Response;

use super::chrome::{self, esc, Chrome};
use super::Req;

const SITE: &str = "汉韦县人民政府";
const NAV: [(&str, &str); 2] = [
    ("/", "首页"),
    ("/col/col1229/index.html", "政府信息公开年报"),
];
const COLUMN_PATH: &str = "/col/col1229/index.html";
pub const PROXY_PATH: &str = "/module/web/jpage/dataproxy.jsp";
/// The `<nextgroup>` href, also what a POST's form body carries.
pub const NEXTGROUP: &str = "/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3&path=/&columnid=1229&unitid=5678&webname=%25E6%25B5%258B%25E8%25AF%2595&permissiontype=0";
pub const TOTAL: usize = 38;
pub const PER_PAGE: usize = 15;
const ROBOTS: &str = "User-agent: *\nDisallow: /module/search/\n";

const TOWNS: [&str; 8] = [
    "城关镇",
    "新华镇",
    "红星乡",
    "石桥镇",
    "杨柳乡",
    "东关街道",
    "西城街道",
    "马集镇",
];
const DEPARTMENTS: [&str; 12] = [
    "县发展和改革局",
    "县财政局",
    "县民政局",
    "县自然资源局",
    "县住房和城乡建设局",
    "县交通运输局",
    "县农业农村局",
    "县文化广电和旅游局",
    "县卫生健康委员会",
    "县应急管理局",
    "县市场监督管理局",
    "县医疗保障局",
];
const NEGATIVES: [&str; 8] = [
    "关于做好2024年政府信息公开工作年度报告编制工作的通知",
    "县人民政府2024年法治政府建设年度报告",
    "关于2024年度县级预算执行情况的报告",
    "关于印发《2025年政务公开工作要点》的通知",
    "县2024年国民经济和社会发展统计公报",
    "关于开展2024年度企业年度报告公示工作的通告",
    "县统计局2024年部门决算",
    "关于报送2024年政府信息公开工作年度报告的通知",
];
const NEWS: [&str; 10] = [
    "我县召开2025年经济工作会议",
    "县领导走访慰问困难群众",
    "我县举办政务公开培训班",
    "县政府召开常务会议研究部署近期重点工作",
    "我县开展冬季森林防火专项检查",
    "全县农村人居环境整治工作推进会召开",
    "我县入选省级乡村振兴示范县",
    "县政务服务中心推出“周末不打烊”服务",
    "我县举行新春文艺汇演",
    "县人大常委会开展执法检查",
];

pub struct Record {
    pub id: u32,
    pub title: String,
    pub day: u32,
    pub is_report: bool,
}

impl Record {
    pub fn path(&self) -> String {
        format!("/art/2025/1/{}/art_1229_{}.html", self.day, self.id)
    }

    /// The `<li>` inside a record's CDATA.
    fn li(&self) -> String {
        let chars: Vec<char> = self.title.chars().collect();
        let text = if chars.len() > 24 {
            format!("{}...", chars[..22].iter().collect::<String>())
        } else {
            self.title.clone()
        };
        format!(
            "<li class=\"clearfix\">    <a target=\"_blank\" href=\"{}\" title=\"{}\">{}</a>    <b>2025-01-{:02}</b></li>",
            self.path(),
            esc(&self.title),
            esc(&text),
            self.day
        )
    }
}

/// The 38 records, newest first: 20 reports, 8 negatives, 10 news.
pub fn records() -> &'static [Record] {
    static RECORDS: OnceLock<Vec<Record>> = OnceLock::new();
    RECORDS.get_or_init(|| {
        let mut reports = TOWNS.iter().chain(DEPARTMENTS.iter());
        let (mut neg, mut news) = (NEGATIVES.iter(), NEWS.iter());
        (0..TOTAL)
            .map(|k| {
                let (title, is_report) = match k % 19 {
                    2 | 7 | 12 | 16 => (neg.next().map(|s| s.to_string()), false),
                    4 | 9 | 14 | 17 | 18 => (news.next().map(|s| s.to_string()), false),
                    _ => (
                        reports
                            .next()
                            .map(|u| format!("{u}2024年政府信息公开工作年度报告")),
                        true,
                    ),
                };
                Record {
                    id: 3001 + k as u32,
                    title: title.unwrap_or_else(|| format!("县政府信息{k}")),
                    day: 20 - (k as u32) / 2,
                    is_report,
                }
            })
            .collect()
    })
}

/// The proxy query for records `s..=e`.
pub fn proxy_query(s: usize, e: usize) -> String {
    format!("{PROXY_PATH}?startrecord={s}&endrecord={e}&perpage={PER_PAGE}")
}

pub fn expected() -> Vec<String> {
    let mut v = vec!["/".to_string(), COLUMN_PATH.to_string()];
    let mut s = 1;
    while s <= TOTAL {
        let e = (s + PER_PAGE - 1).min(TOTAL);
        v.push(proxy_query(s, e));
        s = e + 1;
    }
    v.extend(records().iter().map(Record::path));
    v
}

pub fn reports() -> Vec<String> {
    records()
        .iter()
        .filter(|r| r.is_report)
        .map(Record::path)
        .collect()
}

pub fn serve(req: &Req) -> Response {
    match req.path.as_str() {
        "/robots.txt" => chrome::text(StatusCode::OK, ROBOTS),
        "/" | "/index.html" => chrome::html(home()),
        COLUMN_PATH => chrome::html(column()),
        PROXY_PATH => proxy(req),
        p => match records().iter().find(|r| r.path() == p) {
            Some(r) => chrome::html(article(r)),
            None => chrome::not_found(),
        },
    }
}

fn chrome_for<'a>(crumbs: &'a [&'a str], head: String) -> Chrome<'a> {
    Chrome {
        site: SITE,
        charset_meta: "<meta charset=\"utf-8\">",
        nav: &NAV,
        head,
        crumbs,
        site_code: "6210240001",
    }
}

fn home() -> String {
    let content = format!(
        "<div class=\"block\"><div class=\"hd\">政务公开</div><ul><li><a href=\"{COLUMN_PATH}\" target=\"_blank\">政府信息公开年报</a></li></ul></div>"
    );
    chrome_for(&[], String::new()).page("首页", &content)
}

fn datastore_records(s: usize, e: usize) -> String {
    records()[s - 1..e]
        .iter()
        .map(|r| format!("<record><![CDATA[\n{}]]></record>\n", r.li()))
        .collect()
}

fn column() -> String {
    let first = datastore_records(1, PER_PAGE);
    let content = format!(
        r#"<div class="lm_name">政府信息公开年报</div>
<div class="default_pgContainer" id="5678"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="{NEXTGROUP}"></a>]]></nextgroup>
<recordset>
{first}</recordset>
</datastore></script></div>
<script language="javascript">
$(document).ready(function(){{
	$('#5678').jpage({{
		dataStore: dataStore,
		perPage: {PER_PAGE},
		totalRecord: {TOTAL},
		proxyUrl: '{PROXY_PATH}',
		groupSize: 1,
		barPosition: 'bottom',
		ajaxParam: {{col:1,appid:1,webid:3,path:'/',columnid:1229,sourceContentType:1,unitid:'5678',webname:'测试',permissiontype:0}},
		pageBtnContainer: 'default_pgBtn',
		showMode: 'full'
	}});
}});
</script>"#
    );
    let head = "<meta name=\"ColumnName\" content=\"政府信息公开年报\">\n<script type=\"text/javascript\" src=\"/module/jslib/jquery/jquery.js\"></script>\n<script type=\"text/javascript\" src=\"/module/jslib/jpage/jpage.js\"></script>".to_string();
    chrome_for(&["政务公开", "政府信息公开年报"], head).page("政府信息公开年报", &content)
}

fn proxy(req: &Req) -> Response {
    let num = |name: &str, default: usize| {
        req.param(name)
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(default)
    };
    let per_page = num("perpage", PER_PAGE).max(1);
    let start = num("startrecord", 1).max(1);
    let end = num("endrecord", start + per_page - 1).min(TOTAL);
    let recs = if start <= end {
        datastore_records(start, end)
    } else {
        String::new()
    };
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><datastore><totalrecord>{TOTAL}</totalrecord><totalpage>{}</totalpage><recordset>{recs}</recordset></datastore>",
        TOTAL.div_ceil(per_page)
    );
    chrome::with_type(StatusCode::OK, "text/xml;charset=UTF-8", xml.into_bytes())
}

fn article(r: &Record) -> String {
    let body = if r.is_report {
        let unit = r.title.split("2024").next().unwrap_or(SITE);
        chrome::report_body(unit, 2024, r.id)
    } else {
        chrome::news_body(&r.title)
    };
    let content = format!(
        r#"<div class="main-txt">
<div class="title"><h1>{t}</h1></div>
<div class="info"><span>发布日期：2025-01-{d:02}</span><span>信息来源：县政府办</span><span>访问量：<script>document.write(123)</script></span></div>
<div id="zoom">
{body}
</div>
<div class="xgxx">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
</div>"#,
        t = esc(&r.title),
        d = r.day,
    );
    let head = format!(
        "<meta name=\"ArticleTitle\" content=\"{t}\">\n<meta name=\"PubDate\" content=\"2025-01-{d:02} 10:00\">\n<meta name=\"ColumnName\" content=\"政府信息公开年报\">",
        t = esc(&r.title),
        d = r.day
    );
    chrome_for(&["政务公开", "政府信息公开年报"], head).page(&r.title, &content)
}
