//! End-to-end tests of `discover` on whole pages.
use super::*;

fn base(s: &str) -> Url {
    Url::parse(s).unwrap()
}

fn summary(d: &Discovery) -> Vec<(&str, LinkKind, Via, &str)> {
    d.links
        .iter()
        .map(|l| (l.url.as_str(), l.kind, l.via, l.text.as_str()))
        .collect()
}

#[test]
fn padded_hrefs_are_trimmed() {
    let d = discover(
        r#"<html><body><ul><li><a href="  /dynamic/picutre/8a24fe83.html " title="区领导检查两会安全保障工作。" target="_blank"><img src="/recourse/img_1.jpg"></a></li>
        <li><a href="
            /dynamic/zwhd/abc.html	">区政府常务会议</a></li></ul></body></html>"#,
        &base("http://www.bjchy.gov.cn/"),
    );
    assert_eq!(
        summary(&d),
        [
            (
                "http://www.bjchy.gov.cn/dynamic/picutre/8a24fe83.html",
                LinkKind::Page,
                Via::Anchor,
                "区领导检查两会安全保障工作。"
            ),
            (
                "http://www.bjchy.gov.cn/dynamic/zwhd/abc.html",
                LinkKind::Page,
                Via::Anchor,
                "区政府常务会议"
            ),
        ]
    );
}

#[test]
fn base_href_applies_to_all_sources() {
    let d = discover(
        r#"<html><head><base href="http://www.y.gov.cn/xxgk/"><meta http-equiv="Refresh" content="3;URL=r.html"></head>
        <body><a href="a.html">A</a><iframe src="f.html"></iframe>
        <script>createPageHTML(2, 0, "index", "html");</script></body></html>"#,
        &base("http://www.x.gov.cn/other/page.html"),
    );
    let urls: Vec<_> = d.links.iter().map(|l| (l.url.as_str(), l.via)).collect();
    assert_eq!(
        urls,
        [
            ("http://www.y.gov.cn/xxgk/r.html", Via::MetaRefresh),
            ("http://www.y.gov.cn/xxgk/a.html", Via::Anchor),
            ("http://www.y.gov.cn/xxgk/f.html", Via::Frame),
            ("http://www.y.gov.cn/xxgk/index.html", Via::TrsPager),
            ("http://www.y.gov.cn/xxgk/index_1.html", Via::TrsPager),
        ]
    );
}

#[test]
fn meta_refresh_any_case_and_quotes() {
    for (content, want) in [
        ("0; url=/zwgk/", "http://x.gov.cn/zwgk/"),
        ("0;URL='index.shtml'", "http://x.gov.cn/a/index.shtml"),
        ("0 ; Url = 'http://www.x.gov.cn/' ", "http://www.x.gov.cn/"),
    ] {
        let page =
            format!(r#"<HTML><HEAD><META HTTP-EQUIV="REFRESH" CONTENT="{content}"></HEAD></HTML>"#);
        let d = discover(&page, &base("http://x.gov.cn/a/b.html"));
        assert_eq!(
            summary(&d),
            [(want, LinkKind::Page, Via::MetaRefresh, "")],
            "{content}"
        );
    }
    let d = discover(
        r#"<meta http-equiv='refresh' content='0;url=/a.html'><meta http-equiv="refresh" content="300">"#,
        &base("http://x.gov.cn/"),
    );
    assert_eq!(d.links.len(), 1);
    assert_eq!(d.links[0].url.as_str(), "http://x.gov.cn/a.html");
}

#[test]
fn script_redirect_page() {
    let d = discover(
        r#"<html><head><script type="text/javascript">window.location.href="./zfxxgk/index.html";</script></head></html>"#,
        &base("http://www.x.gov.cn/"),
    );
    assert_eq!(
        summary(&d),
        [(
            "http://www.x.gov.cn/zfxxgk/index.html",
            LinkKind::Page,
            Via::Script,
            ""
        )]
    );
}

#[test]
fn frames_iframes_and_areas() {
    let d = discover(
        r#"<html><frameset><frame src="top.html" name="t"><frame src=" main.html " title="主体"><frame></frameset></html>"#,
        &base("http://x.gov.cn/a/"),
    );
    assert_eq!(
        summary(&d),
        [
            ("http://x.gov.cn/a/top.html", LinkKind::Page, Via::Frame, ""),
            (
                "http://x.gov.cn/a/main.html",
                LinkKind::Page,
                Via::Frame,
                "主体"
            ),
        ]
    );
    let d = discover(
        r#"<html><body><iframe src="/if/list.html"></iframe><iframe src="about:blank"></iframe>
        <map><area shape="rect" href="/zwgk/" alt="政务公开"><area nohref><area href="x.html" title="X"></map></body></html>"#,
        &base("http://x.gov.cn/a/"),
    );
    assert_eq!(
        summary(&d),
        [
            (
                "http://x.gov.cn/if/list.html",
                LinkKind::Page,
                Via::Frame,
                ""
            ),
            (
                "http://x.gov.cn/zwgk/",
                LinkKind::Page,
                Via::Area,
                "政务公开"
            ),
            ("http://x.gov.cn/a/x.html", LinkKind::Page, Via::Area, "X"),
        ]
    );
}

#[test]
fn next_and_last_page_links() {
    let d = discover(
        r#"<html><body><a href="./201710/t20171019_398276.html">江西医药产业推介会</a>
        <div class="page"><a href="list_2.html">下一页</a> <a href="list_9.html">尾页</a>
        <a href="list.html">首页</a><a href="list_3.html">3</a></div>
        <a href="/">首页</a></body></html>"#,
        &base("http://x.gov.cn/zwgk/list.html"),
    );
    assert_eq!(
        summary(&d),
        [
            (
                "http://x.gov.cn/zwgk/201710/t20171019_398276.html",
                LinkKind::Page,
                Via::Anchor,
                "江西医药产业推介会"
            ),
            (
                "http://x.gov.cn/zwgk/list_2.html",
                LinkKind::Page,
                Via::Pager,
                "下一页"
            ),
            (
                "http://x.gov.cn/zwgk/list_9.html",
                LinkKind::Page,
                Via::Pager,
                "尾页"
            ),
            (
                "http://x.gov.cn/zwgk/list.html",
                LinkKind::Page,
                Via::Pager,
                "首页"
            ),
            (
                "http://x.gov.cn/zwgk/list_3.html",
                LinkKind::Page,
                Via::Pager,
                "3"
            ),
            ("http://x.gov.cn/", LinkKind::Page, Via::Anchor, "首页"),
        ]
    );
}

#[test]
fn attachments_are_documents_whatever_the_via() {
    let d = discover(
        r#"<html><head><meta http-equiv="refresh" content="0;url=/r/2023.PDF"></head><body>
        附件：<a href="/up/2023年报.docx">2023年政府信息公开工作年度报告.docx</a>
        <a href="/up/b.wps">b</a><a href="/up/c.ofd">c</a><a href="/up/d.XLS">d</a>
        <a href="/download.jsp?filename=e.pdf">e</a><iframe src="/view/f.pdf"></iframe></body></html>"#,
        &base("http://x.gov.cn/art/1.html"),
    );
    let got: Vec<_> = d
        .links
        .iter()
        .map(|l| (l.url.path(), l.kind, l.via))
        .collect();
    assert_eq!(
        got,
        [
            ("/r/2023.PDF", LinkKind::Document, Via::MetaRefresh),
            (
                "/up/2023%E5%B9%B4%E6%8A%A5.docx",
                LinkKind::Document,
                Via::Anchor
            ),
            ("/up/b.wps", LinkKind::Document, Via::Anchor),
            ("/up/c.ofd", LinkKind::Document, Via::Anchor),
            ("/up/d.XLS", LinkKind::Document, Via::Anchor),
            ("/download.jsp", LinkKind::Document, Via::Anchor),
            ("/view/f.pdf", LinkKind::Document, Via::Frame),
        ]
    );
}

#[test]
fn dedup_first_occurrence_wins_and_keeps_order() {
    let d = discover(
        r#"<a href="/b.html">B</a><a href="/a.html">A1</a><a href="/a.html#top">A2</a>
        <a href="http://x.gov.cn/b.html">B2</a><script>location.href='/a.html'</script><a href="/c.html">C</a>"#,
        &base("http://x.gov.cn/"),
    );
    assert_eq!(
        summary(&d),
        [
            ("http://x.gov.cn/b.html", LinkKind::Page, Via::Anchor, "B"),
            ("http://x.gov.cn/a.html", LinkKind::Page, Via::Anchor, "A1"),
            ("http://x.gov.cn/c.html", LinkKind::Page, Via::Anchor, "C"),
        ]
    );
}

#[test]
fn skipped_hrefs_and_assets() {
    let d = discover(
        r##"<html><head><link rel="stylesheet" href="/s.css"><script src="/a.js"></script></head><body>
        <a href="javascript:void(0)">js</a><a href="JavaScript:window.print()">print</a>
        <a href="mailto:gov@x.gov.cn">mail</a><a href="tel:0791-1">tel</a><a href="#">top</a>
        <a href="">empty</a><a href="   ">blank</a><a>none</a><a href="#sec">frag</a>
        <a href="/i/a.JPG">img</a><a href="/s.css">css</a><a href="/f.zip">zip</a><a href="/v.mp4">v</a>
        <img src="/i/b.png"><script>document.write("<a href='/in-script.html'>x</a>"); var u = "/x.html";</script>
        <a href="/ok.html">ok</a></body></html>"##,
        &base("http://x.gov.cn/"),
    );
    assert_eq!(
        summary(&d),
        [("http://x.gov.cn/ok.html", LinkKind::Page, Via::Anchor, "ok")]
    );
}

#[test]
fn truncated_text_uses_title() {
    let d = discover(
        r#"<a href="/1.html" title="定西市人民政府办公室关于2021年第四季度检查情况的通报">定西市人民政府办公室关于2021年...</a>
        <a href="/2.html" title="全称">简称…</a><a href="/3.html" title="ignored">完整标题</a><a href="/4.html" title=" 空 ">  </a>
        <a href="/5.html">无标题...</a>"#,
        &base("http://x.gov.cn/"),
    );
    let texts: Vec<_> = d.links.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "定西市人民政府办公室关于2021年第四季度检查情况的通报",
            "全称",
            "完整标题",
            "空",
            "无标题..."
        ]
    );
}

#[test]
fn trs_list_page_end_to_end() {
    let page = r#"<html><head><title>综合信息</title><link href="../../images/zgzs.css" rel="stylesheet"></head><body>
    <table><tr><td><a href="./201710/t20171019_398276.html" target="_blank"><span>江西（樟树）医药产业招商引资推介会举行</span></a></td></tr></table>
    <script language="javascript">
    <!--
    function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt)
    { if(_nPageCount == null || _nPageCount<=0){ return; }
      document.write("<select onchange=\"location.replace(this.value)\">");
      document.write("<a href=\""+_sPageName+"_" + (_nCurrIndex+1) + "."+_sPageExt+"\">下一页</a>"); }
    -->
    </script>
    <script>createPageHTML(3, 0, "index", "html");</script></body></html>"#;
    let d = discover(page, &base("http://www.zhangshu.gov.cn/zwgk/zhxx/"));
    assert_eq!(d.title.as_deref(), Some("综合信息"));
    assert_eq!(
        summary(&d),
        [
            (
                "http://www.zhangshu.gov.cn/zwgk/zhxx/201710/t20171019_398276.html",
                LinkKind::Page,
                Via::Anchor,
                "江西（樟树）医药产业招商引资推介会举行"
            ),
            (
                "http://www.zhangshu.gov.cn/zwgk/zhxx/index.html",
                LinkKind::Page,
                Via::TrsPager,
                ""
            ),
            (
                "http://www.zhangshu.gov.cn/zwgk/zhxx/index_1.html",
                LinkKind::Page,
                Via::TrsPager,
                ""
            ),
            (
                "http://www.zhangshu.gov.cn/zwgk/zhxx/index_2.html",
                LinkKind::Page,
                Via::TrsPager,
                ""
            ),
        ]
    );
}

#[test]
fn article_title_meta() {
    let d = discover(
        r#"<html><head><title>某县 - 年报</title><meta name="ArticleTitle" content="某县2023年政府信息公开工作年度报告"></head></html>"#,
        &base("http://x.gov.cn/"),
    );
    assert_eq!(d.title.as_deref(), Some("某县 - 年报"));
    assert_eq!(
        d.article_title.as_deref(),
        Some("某县2023年政府信息公开工作年度报告")
    );
    assert!(d.links.is_empty());
}

#[test]
fn malformed_input_does_not_panic() {
    let b = base("http://x.gov.cn/a/");
    let long_nest = "<div>".repeat(5000);
    let inputs = [
        "",
        "<",
        "<a href=",
        "<a href=\"/x.html",
        "<a href='/ok.html'>unclosed <b><i>",
        "<html><head><title>",
        "<script>createPageHTML(",
        "<script>createPageHTML(1e999, 0, \"index\", \"html\")</script>",
        "<script>createPageHTML(-5, 0, \"index\", \"html\")</script>",
        "<script>createPageHTML(99999999999999999999999999999999999999, 0, 'index', 'html')</script>",
        "<script>var countPage = 184467440737095516160; createPageHTML(countPage, 0, 'i', 'html')</script>",
        "<meta http-equiv=refresh content=\"0;url='\">",
        "<meta http-equiv=refresh content=\"\u{fffd}\u{fffd};url=\u{fffd}\">",
        "<base href=\"http://[::1\"><a href=\"x\">x</a>",
        "<a href=\"http://[bad\">x</a><a href=\"http://%zz/\">y</a><a href=\"//\">z</a>",
        "\u{fffd}\u{fffd}<a href=\"\u{fffd}.html\">\u{fffd}</a>\0\0",
        "<![CDATA[<a href=\"/cdata.html\">",
        "<script type=\"text/xml\"><datastore><nextgroup><![CDATA[",
        "<datastore><recordset><record><![CDATA[<li><a href=\"/r.html\">",
        "<script>jpage({perPage:0,totalRecord:99999999999999999999999})</script><datastore><nextgroup><a href=\"/p.jsp?a=1\"></a></nextgroup>",
        &long_nest,
    ];
    for body in inputs {
        let d = discover(body, &b);
        assert!(d.links.len() <= 2 * MAX_PAGES as usize, "{body}");
    }
}

#[test]
fn large_page_is_linear_enough() {
    let mut page = String::from("<html><body><ul>");
    for i in 0..8000 {
        page.push_str(&format!(
            "<li><a href=\"./202401/t20240115_{i}.html\" title=\"标题{i}\">标题{i}</a><span>2024-01-15</span></li>\n"
        ));
    }
    page.push_str("</ul><script>createPageHTML(50, 0, 'index', 'html')</script></body></html>");
    assert!(page.len() > 400_000);
    let d = super::discover_bounded(&page, &base("http://x.gov.cn/col/"), 10_000);
    assert_eq!(d.links.len(), 8050);
    assert_eq!(d.dropped, 0);
    assert_eq!(
        d.links[7999].url.as_str(),
        "http://x.gov.cn/col/202401/t20240115_7999.html"
    );
}

#[test]
fn links_per_page_are_bounded_first_ones_kept() {
    let mut page = String::from("<html><body>");
    for i in 0..12 {
        page.push_str(&format!(
            "<a href=\"/p{i}.html\">p{i}</a><a href=\"/p{i}.html\">dup</a>"
        ));
    }
    page.push_str("<script>createPageHTML(5, 0, 'index', 'html')</script>");
    let d = super::discover_bounded(&page, &base("http://x.gov.cn/"), 10);
    let urls: Vec<_> = d.links.iter().map(|l| l.url.path().to_string()).collect();
    let want: Vec<_> = (0..10).map(|i| format!("/p{i}.html")).collect();
    assert_eq!(urls, want, "the first 10 distinct links, in page order");
    let all = discover(&page, &base("http://x.gov.cn/"));
    let pager = all.links.iter().filter(|l| l.via == Via::TrsPager).count();
    assert!(pager >= 4, "{:?}", all.links);
    assert_eq!(all.links.len(), 12 + pager);
    assert_eq!(all.dropped, 0);
    // p10, p11 (twice each) and every pager page are ignored (candidates
    // past the bound are counted unresolved, so repeats count too).
    assert!(d.dropped >= 4 + pager, "{}", d.dropped);
}
