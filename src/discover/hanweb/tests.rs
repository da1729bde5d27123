use super::*;
use crate::discover::{discover, Link, LinkKind};

const FORM: &str = "col=1&appid=1&webid=110&path=/&columnid=12377&unitid=38486\
&webname=%25E5%25AE%259A%25E8%25A5%25BF&permissiontype=0";

fn column_page(jpage: &str) -> String {
    format!(
        r#"<html><head><title>通知公告</title></head><body>
<div id="12377"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?{FORM}"></a>]]></nextgroup>
<recordset>
<record><![CDATA[
<li class="clearfix"><a target="_blank" href="/art/2022/1/20/art_12377_1486865.html" title="定西市文明祭祀倡议书">定西市文明祭祀倡议书</a><b>2022-01-20</b></li>]]></record>
<record><![CDATA[
<li><a href="/art/2022/1/19/art_12377_1486583.html" title="关于第四项第十三项问题整改完成情况的公示">关于第四项第十三项问题整改完成情...</a></li>]]></record>
<record><![CDATA[
<li><a href="http://zwgk.y.gov.cn/art/2021/11/4/art_12480_1461862.html" title="t">跨站</a></li>]]></record>
<record><![CDATA[<li><a href="/module/download/downfile.jsp?filename=2021nb.pdf">2021年报</a></li>]]></record>
</recordset></datastore></script></div>
<script>$(document).ready(function(){{ $('#12377').jpage({{ dataStore: dataStore, {jpage} groupSize: 3, barPosition: 'bottom' }}); }});</script>
</body></html>"#
    )
}

fn base() -> Url {
    Url::parse("http://www.x.gov.cn/col/col12377/index.html").unwrap()
}

fn proxies(links: &[Link]) -> Vec<(String, Option<&str>)> {
    links
        .iter()
        .filter(|l| l.via == Via::HanwebProxy)
        .map(|l| (l.url.to_string(), l.form.as_deref()))
        .collect()
}

fn proxy_url(s: u64, e: u64, p: u64) -> String {
    format!("http://www.x.gov.cn/module/web/jpage/dataproxy.jsp?startrecord={s}&endrecord={e}&perpage={p}")
}

#[test]
fn column_page_emits_seven_proxy_pages_with_exact_form() {
    let d = discover(&column_page("perPage: 15, totalRecord: 100,"), &base());
    let expected: Vec<(String, Option<&str>)> = [
        (1, 15),
        (16, 30),
        (31, 45),
        (46, 60),
        (61, 75),
        (76, 90),
        (91, 100),
    ]
    .iter()
    .map(|&(s, e)| (proxy_url(s, e, 15), Some(FORM)))
    .collect();
    assert_eq!(proxies(&d.links), expected);
    assert!(d
        .links
        .iter()
        .filter(|l| l.via == Via::HanwebProxy)
        .all(|l| l.kind == LinkKind::Page && l.text.is_empty()));
}

#[test]
fn column_page_records() {
    let d = discover(&column_page("perPage: 15, totalRecord: 100,"), &base());
    let recs: Vec<_> = d
        .links
        .iter()
        .filter(|l| l.via == Via::HanwebRecord)
        .map(|l| (l.url.as_str(), l.kind, l.text.as_str(), l.form.is_none()))
        .collect();
    assert_eq!(
        recs,
        [
            (
                "http://www.x.gov.cn/art/2022/1/20/art_12377_1486865.html",
                LinkKind::Page,
                "定西市文明祭祀倡议书",
                true
            ),
            (
                "http://www.x.gov.cn/art/2022/1/19/art_12377_1486583.html",
                LinkKind::Page,
                "关于第四项第十三项问题整改完成情况的公示",
                true
            ),
            (
                "http://zwgk.y.gov.cn/art/2021/11/4/art_12480_1461862.html",
                LinkKind::Page,
                "跨站",
                true
            ),
            (
                "http://www.x.gov.cn/module/download/downfile.jsp?filename=2021nb.pdf",
                LinkKind::Document,
                "2021年报",
                true
            ),
        ]
    );
    assert_eq!(d.title.as_deref(), Some("通知公告"));
}

#[test]
fn quoted_keys_any_order_and_exact_multiple() {
    let d = discover(
        &column_page(r#""totalRecord":"30", "perPage":"10","#),
        &base(),
    );
    let got: Vec<_> = proxies(&d.links).into_iter().map(|(u, _)| u).collect();
    assert_eq!(
        got,
        [
            proxy_url(1, 10, 10),
            proxy_url(11, 20, 10),
            proxy_url(21, 30, 10)
        ]
    );
}

#[test]
fn total_in_another_object() {
    let mut page = column_page("perPage:20,");
    page.push_str("<script>var pageInfo = {totalRecord:41, other: 1};</script>");
    let got: Vec<_> = proxies(&discover(&page, &base()).links)
        .into_iter()
        .map(|(u, _)| u)
        .collect();
    assert_eq!(
        got,
        [
            proxy_url(1, 20, 20),
            proxy_url(21, 40, 20),
            proxy_url(41, 41, 20)
        ]
    );
}

#[test]
fn missing_counts_give_only_first_page() {
    let d = discover(&column_page(""), &base());
    assert_eq!(proxies(&d.links), [(proxy_url(1, 15, 15), Some(FORM))]);
}

#[test]
fn missing_counts_use_nextgroup_perpage() {
    let page = column_page("").replace("?col=1&", "?col=1&perpage=12&");
    let d = discover(&page, &base());
    let (url, form) = &proxies(&d.links)[0];
    assert_eq!(url, &proxy_url(1, 12, 12));
    assert!(form.unwrap().starts_with("col=1&perpage=12&appid=1"));
    assert_eq!(proxies(&d.links).len(), 1);
}

#[test]
fn nextgroup_path_is_read_not_hardcoded() {
    let page = column_page("perPage:15,totalRecord:15,")
        .replace("/module/web/jpage/dataproxy.jsp", "../../jpage/proxy2.jsp");
    let d = discover(&page, &base());
    assert_eq!(
        proxies(&d.links),
        [(
            "http://www.x.gov.cn/jpage/proxy2.jsp?startrecord=1&endrecord=15&perpage=15".to_owned(),
            Some(FORM)
        )]
    );
}

#[test]
fn zero_total_gives_no_requests_and_huge_total_is_capped() {
    assert!(
        proxies(&discover(&column_page("perPage:15,totalRecord:0,"), &base()).links).is_empty()
    );
    let d = discover(
        &column_page("perPage:1,totalRecord:999999999999999999999999,"),
        &base(),
    );
    assert_eq!(proxies(&d.links).len(), MAX_PAGES as usize);
}

#[test]
fn two_datastores_share_url_but_not_form() {
    let one = r#"<datastore><nextgroup><![CDATA[<a href="/dp.jsp?columnid=1"></a>]]></nextgroup></datastore>
        <script>jpage({perPage:5,totalRecord:5})</script>"#;
    let two = r#"<datastore><nextgroup><![CDATA[<a href='/dp.jsp?columnid=2&amp;x=1'></a>]]></nextgroup></datastore>
        <script>jpage({perPage:5,totalRecord:7})</script>"#;
    let page = format!("<html><body>{one}{two}</body></html>");
    let d = discover(&page, &base());
    let got = proxies(&d.links);
    let u = |s, e| format!("http://www.x.gov.cn/dp.jsp?startrecord={s}&endrecord={e}&perpage=5");
    assert_eq!(
        got,
        [
            (u(1, 5), Some("columnid=1")),
            (u(1, 5), Some("columnid=2&x=1")),
            (u(6, 7), Some("columnid=2&x=1")),
        ]
    );
}

const ANSWER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<datastore>
<totalrecord>100</totalrecord>
<recordset>
<record><![CDATA[<li><a href="/art/2021/9/30/art_12377_1452945.html" title="关于拟引进急需紧缺人才的公示">关于拟引进...</a></li>]]></record>
<record><![CDATA[<li><a href="/art/2021/9/30/art_12377_1452766.html">征集建议的公告</a></li>]]></record>
</recordset>
</datastore>"#;

#[test]
fn proxy_answer_records_and_followups() {
    let base = Url::parse(&proxy_url(46, 60, 15)).unwrap();
    assert!(is_proxy_answer(ANSWER, &base));
    let d = discover(ANSWER, &base);
    let recs: Vec<_> = d
        .links
        .iter()
        .filter(|l| l.via == Via::HanwebRecord)
        .map(|l| (l.url.as_str(), l.text.as_str()))
        .collect();
    assert_eq!(
        recs,
        [
            (
                "http://www.x.gov.cn/art/2021/9/30/art_12377_1452945.html",
                "关于拟引进急需紧缺人才的公示"
            ),
            (
                "http://www.x.gov.cn/art/2021/9/30/art_12377_1452766.html",
                "征集建议的公告"
            ),
        ]
    );
    assert_eq!(
        proxies(&d.links),
        [
            (proxy_url(61, 75, 15), None),
            (proxy_url(76, 90, 15), None),
            (proxy_url(91, 100, 15), None),
        ]
    );
    assert_eq!(d.links.len(), 5);
    assert_eq!(d.title, None);
}

#[test]
fn proxy_answer_keeps_other_query_params_in_place() {
    let base = Url::parse(
        "http://www.x.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1&columnid=9&endrecord=50&perpage=50",
    )
    .unwrap();
    let d = discover(ANSWER, &base);
    let got = proxies(&d.links);
    assert_eq!(
        got,
        [(
            "http://www.x.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=51&columnid=9&endrecord=100&perpage=50"
                .to_owned(),
            None
        )]
    );
}

#[test]
fn proxy_answer_fully_covered_or_without_total() {
    let base = Url::parse(&proxy_url(91, 100, 15)).unwrap();
    assert!(proxies(&discover(ANSWER, &base).links).is_empty());
    let no_total = ANSWER.replace("<totalrecord>100</totalrecord>", "");
    let base = Url::parse(&proxy_url(1, 15, 15)).unwrap();
    let d = discover(&no_total, &base);
    assert!(proxies(&d.links).is_empty());
    assert_eq!(d.links.len(), 2);
}

#[test]
fn proxy_answer_detection() {
    let page = Url::parse("http://www.x.gov.cn/col/col1/index.html").unwrap();
    assert!(is_proxy_answer(ANSWER, &page));
    assert!(is_proxy_answer(
        "\u{feff}<!-- c -->\n<datastore><recordset/></datastore>",
        &page
    ));
    assert!(!is_proxy_answer(&column_page(""), &page));
    assert!(!is_proxy_answer("<p>hello</p>", &page));
    let proxy = Url::parse(&proxy_url(1, 15, 15)).unwrap();
    assert!(is_proxy_answer("<record><li>x</li></record>", &proxy));
    assert!(!is_proxy_answer("<html><body>error</body></html>", &proxy));
}

#[test]
fn replace_params_appends_missing_keys() {
    assert_eq!(
        replace_params("a=1&StartRecord=1", 16, 30, 15),
        "a=1&StartRecord=16&endrecord=30&perpage=15"
    );
    assert_eq!(
        replace_params("", 1, 2, 2),
        "startrecord=1&endrecord=2&perpage=2"
    );
}

#[test]
fn unterminated_cdata_and_records_do_not_panic() {
    let base = Url::parse(&proxy_url(1, 15, 15)).unwrap();
    for body in [
        "<datastore><totalrecord>99999999999999999999999999</totalrecord><recordset><record><![CDATA[<li><a href=\"/a.html\">a",
        "<datastore><nextgroup><![CDATA[<a href=\"",
        "<datastore><record><![CDATA[]]></record><record>",
        "<datastore><totalrecord>",
        "<record",
    ] {
        let d = discover(body, &base);
        assert!(d.links.len() <= MAX_PAGES as usize + 1);
    }
    let d = discover(
        "<datastore><recordset><record><![CDATA[<li><a href=\"/a.html\">a",
        &base,
    );
    assert_eq!(d.links[0].url.as_str(), "http://www.x.gov.cn/a.html");
    let page = "<html><body><script type=\"text/xml\"><datastore><nextgroup><![CDATA[<a href=\"/dp.jsp?x=1";
    let d = discover(page, &Url::parse("http://www.x.gov.cn/c/").unwrap());
    assert!(d.links.iter().all(|l| l.via == Via::HanwebProxy));
}

#[test]
fn many_unterminated_datastores_are_bounded() {
    let page = format!(
        "<html><body>{}</body></html>",
        "<datastore><nextgroup><![CDATA[<a href=\"/p.jsp?a=1\"></a>]]></nextgroup>\n".repeat(2_000)
    );
    assert!(page.len() > 100_000);
    let d = discover(&page, &base());
    assert_eq!(
        proxies(&d.links),
        [(
            "http://www.x.gov.cn/p.jsp?startrecord=1&endrecord=15&perpage=15".to_owned(),
            Some("a=1")
        )]
    );
}
