//! Checks that the mock portal in `tests/support` behaves as documented.
//! HTTP validators, hit accounting and the duplicates portal are checked in
//! `support/dup_selftest.rs` (a module of this test crate).
#[path = "support/dup_selftest.rs"]
mod dup_selftest;
mod support;

use std::collections::HashSet;
use std::time::Duration;

use reqwest::StatusCode;
use support::{
    Hit, MockPortal, ANTIBOT, FAST, GBK, HANWEB, PLAIN, PLAIN_XXGK, ROBOTS503, SLOW, TRS,
};

fn client(portal: &MockPortal) -> reqwest::Client {
    client_with(portal, Duration::from_secs(10))
}

fn client_with(portal: &MockPortal, timeout: Duration) -> reqwest::Client {
    let mut b = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout);
    for host in MockPortal::hosts() {
        b = b.resolve(host, portal.addr);
    }
    b.build().unwrap()
}

async fn get(
    c: &reqwest::Client,
    portal: &MockPortal,
    host: &str,
    path: &str,
) -> (StatusCode, String) {
    let r = c.get(portal.url(host, path)).send().await.unwrap();
    let status = r.status();
    (status, r.text().await.unwrap())
}

#[tokio::test]
async fn trs_pager_is_script_only() {
    let portal = MockPortal::start().await;
    let c = client(&portal);
    let (s, body) = get(&c, &portal, TRS, "/zwgk/xxgknb/index.html").await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains(r#"createPageHTML(5, 0, "index", "html");"#));
    assert!(!body.contains("index_1"), "no pager link in the HTML");
    assert_eq!(
        body.matches("./2025").count() + body.matches("./2024").count(),
        4
    );
    let (_, body) = get(&c, &portal, TRS, "/zwgk/xxgknb/index_4.html").await;
    assert!(body.contains(r#"createPageHTML(5, 4, "index", "html");"#));
    let (s, _) = get(&c, &portal, TRS, "/zwgk/xxgknb/index_99.html").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, body) = get(&c, &portal, TRS, "/xwzx/index_1.shtml").await;
    assert!(body.contains("createPageHTML('page_div', 3, 1, 'index', 'shtml')"));
    let (_, body) = get(&c, &portal, TRS, "/zwgk/tzgg/index_1.html").await;
    assert!(body.contains("var countPage = 2;//共多少页"));
    assert!(body.contains("var currentPage = 1;"));
    assert!(body.contains("createPageHTML(countPage, currentPage, \"index\", \"html\");"));

    let report = &portal.report_pages(TRS)[0];
    let (_, body) = get(&c, &portal, TRS, report).await;
    assert!(body.contains("class=\"TRS_Editor\""));
    assert!(body.contains("一、总体情况") && body.contains("六、其他需要报告的事项"));
    assert!(body.contains("附件：<a href=\"./P020250115_1.pdf\">2024年报.pdf</a>"));
    let r = c
        .get(portal.url(TRS, "/zwgk/xxgknb/202501/P020250115_1.pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF-1.4"));
}

#[tokio::test]
async fn every_expected_page_is_served() {
    let portal = MockPortal::start().await;
    let c = client(&portal);
    let sizes: Vec<(&str, usize)> = [
        TRS, HANWEB, PLAIN, PLAIN_XXGK, GBK, SLOW, ANTIBOT, ROBOTS503, FAST,
    ]
    .iter()
    .map(|h| (*h, portal.expected_pages(h).len()))
    .collect();
    assert_eq!(
        sizes,
        [
            (TRS, 47),
            (HANWEB, 43),
            (PLAIN, 44),
            (PLAIN_XXGK, 2),
            (GBK, 7),
            (SLOW, 0),
            (ANTIBOT, 1),
            (ROBOTS503, 3),
            (FAST, 21)
        ]
    );
    for host in [TRS, HANWEB, PLAIN, PLAIN_XXGK, GBK, ROBOTS503, FAST] {
        let pages = portal.expected_pages(host);
        assert_eq!(
            pages.iter().collect::<HashSet<_>>().len(),
            pages.len(),
            "{host}: duplicates"
        );
        for report in portal.report_pages(host) {
            assert!(
                pages.contains(&report),
                "{host}: report {report} not expected"
            );
        }
        for path in &pages {
            if path.starts_with("/huge")
                || path.starts_with("/redirect-loop/")
                || path == "/old/page.html"
                || path == "/busy.html"
            {
                continue;
            }
            let r = c.get(portal.url(host, path)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{host}{path}");
        }
        for path in portal.forbidden_pages(host) {
            assert!(
                !pages.contains(&path),
                "{host}: {path} both expected and forbidden"
            );
        }
    }
}

#[tokio::test]
async fn hanweb_datastore_and_proxy() {
    let portal = MockPortal::start().await;
    let c = client(&portal);
    let (_, body) = get(&c, &portal, HANWEB, "/col/col1229/index.html").await;
    assert!(body.contains("<nextgroup><![CDATA[<a href=\"/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3&path=/&columnid=1229&unitid=5678&webname=%25E6%25B5%258B%25E8%25AF%2595&permissiontype=0\"></a>]]></nextgroup>"));
    assert_eq!(body.matches("<record>").count(), 15);
    assert!(body.contains("totalRecord: 38") && body.contains("perPage: 15"));
    assert!(body.contains("proxyUrl: '/module/web/jpage/dataproxy.jsp'"));
    assert!(body.contains("...</a>"), "some titles are truncated");

    let form = "page=1&appid=1&webid=3&path=/&columnid=1229&unitid=5678&webname=%25E6%25B5%258B%25E8%25AF%2595&permissiontype=0";
    let r = c
        .post(portal.url(
            HANWEB,
            "/module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=30&perpage=15",
        ))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    let xml = r.text().await.unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?><datastore><totalrecord>38</totalrecord><totalpage>3</totalpage>"));
    assert_eq!(xml.matches("<record><![CDATA[").count(), 15);
    assert!(xml.contains("art_1229_3016.html") && xml.contains("art_1229_3030.html"));
    assert!(!xml.contains("art_1229_3015.html") && !xml.contains("art_1229_3031.html"));
    let hit = portal.hits_for(HANWEB).pop().unwrap();
    assert_eq!(hit.method, "POST");
    assert_eq!(hit.form, form);

    let (_, xml) = get(
        &c,
        &portal,
        HANWEB,
        "/module/web/jpage/dataproxy.jsp?startrecord=31&endrecord=38&perpage=15",
    )
    .await;
    assert_eq!(xml.matches("<record>").count(), 8);
    let expected = portal.expected_pages(HANWEB);
    for q in [
        "startrecord=1&endrecord=15&perpage=15",
        "startrecord=16&endrecord=30&perpage=15",
        "startrecord=31&endrecord=38&perpage=15",
    ] {
        assert!(
            expected.contains(&format!("/module/web/jpage/dataproxy.jsp?{q}")),
            "{q}"
        );
    }
}

#[tokio::test]
async fn gbk_pages_are_gbk_bytes_without_header_charset() {
    let portal = MockPortal::start().await;
    let c = client(&portal);
    let r = c.get(portal.url(GBK, "/list.html")).send().await.unwrap();
    assert_eq!(r.headers()["content-type"], "text/html");
    let bytes = r.bytes().await.unwrap();
    assert!(std::str::from_utf8(&bytes).is_err());
    let (text, _, bad) = encoding_rs::GB18030.decode(&bytes);
    assert!(!bad);
    assert!(text.contains("charset=gb2312"));
    assert!(text.contains(support::gbk_title()));
    assert!(text.contains("下一页"));
    assert!(support::gbk_title().contains('镕'));
}

#[tokio::test]
async fn faults_robots_and_redirects() {
    let portal = MockPortal::start().await;
    let c = client(&portal);
    let r = c.get(portal.url(PLAIN, "/busy.html")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.headers()["retry-after"], "1");
    assert_eq!(
        get(&c, &portal, PLAIN, "/busy.html").await.0,
        StatusCode::OK
    );

    let statuses = [
        get(&c, &portal, ROBOTS503, "/robots.txt").await,
        get(&c, &portal, ROBOTS503, "/robots.txt").await,
        get(&c, &portal, ROBOTS503, "/robots.txt").await,
    ];
    assert_eq!(statuses[0].0, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(statuses[1].0, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        statuses[2],
        (StatusCode::OK, "User-agent: *\nDisallow:\n".to_string())
    );

    assert_eq!(
        get(&c, &portal, TRS, "/robots.txt").await.1,
        "User-agent: *\nDisallow: /private/\n"
    );
    assert_eq!(
        get(&c, &portal, PLAIN, "/robots.txt").await.1,
        "User-agent: *\nCrawl-delay: 0.05\nDisallow: /private/\n\nUser-agent: harvester\nDisallow: /only-for-harvester/\n"
    );
    assert_eq!(
        get(&c, &portal, FAST, "/robots.txt").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&c, &portal, ANTIBOT, "/robots.txt").await.0,
        StatusCode::NOT_FOUND
    );
    let (s, body) = get(&c, &portal, ANTIBOT, "/").await;
    assert_eq!(s, StatusCode::PRECONDITION_FAILED);
    assert!(body.contains("$_ts=window['$_ts'];") && body.contains("r='m'"));

    let r = c
        .get(portal.url(PLAIN, "/redirect-loop/7"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FOUND);
    assert_eq!(r.headers()["location"], "/redirect-loop/8");
    let r = c
        .get(portal.url(PLAIN, "/old/page.html"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(r.headers()["location"], "/new/page.html");

    let mut r = c.get(portal.url(PLAIN, "/huge.html")).send().await.unwrap();
    assert_eq!(r.content_length(), None);
    assert!(r.chunk().await.unwrap().is_some());
    drop(r);
    let r = c
        .get(portal.url(PLAIN, "/huge-declared.html"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.content_length(), Some(50 * 1024 * 1024));
}

#[tokio::test]
async fn plain_links_and_traps() {
    let portal = MockPortal::start().await;
    let c = client(&portal);
    let (_, home) = get(&c, &portal, PLAIN, "/").await;
    let port = portal.addr.port();
    for needle in [
        format!("http://xxgk.plain-county.gov.cn:{port}/index.html"),
        format!("http://www.evil-mirror.com:{port}/"),
        format!("http://www.other-county.gov.cn:{port}/"),
        "href=\"  /padded.html  \"".to_string(),
        ";jsessionid=ABC123".to_string(),
        "<iframe src=\"/frame/inner.html\"".to_string(),
        "href=\"/map/area.html\"".to_string(),
        "/only-for-harvester/x.html".to_string(),
    ] {
        assert!(home.contains(&needle), "home lacks {needle}");
    }
    let (_, list) = get(&c, &portal, PLAIN, "/news/list_3.html").await;
    assert!(
        list.contains("<a href=\"list_4.html\">下一页</a>")
            && list.contains("<a href=\"list_6.html\">尾页</a>")
    );
    let (_, cal) = get(&c, &portal, PLAIN, "/calendar/index.html?date=2025-02-28").await;
    assert!(cal.contains("<a href=\"index.html?date=2025-03-01\">后一天</a>"));
    let (s, lp) = get(&c, &portal, PLAIN, "/loop/a/a/a/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(lp.contains("href=\"a/\""));
    let (_, sr) = get(&c, &portal, PLAIN, "/search?page=12345").await;
    assert!(sr.contains("第12345页") && sr.contains("search?page=12346"));
    let (_, jump) = get(&c, &portal, PLAIN, "/jump.html").await;
    assert!(jump.contains("window.location.href = \"/jumped.html\";"));
    assert_eq!(
        get(
            &c,
            &portal,
            PLAIN,
            "/news/content_4001.html;jsessionid=ABC123"
        )
        .await
        .0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn hits_are_recorded_and_awaitable() {
    let portal = MockPortal::start().await;
    let c = client(&portal);
    let waiter = {
        let c = c.clone();
        let urls: Vec<String> = (1..=3)
            .map(|n| portal.url(FAST, &format!("/p/{n}.html")))
            .collect();
        tokio::spawn(async move {
            for u in urls {
                c.get(u).send().await.unwrap();
            }
        })
    };
    tokio::time::timeout(Duration::from_secs(10), portal.wait_for_hits(3))
        .await
        .expect("3 hits");
    waiter.await.unwrap();
    let unknown = reqwest::Client::builder()
        .no_proxy()
        .resolve("www.unknown.gov.cn", portal.addr)
        .build()
        .unwrap();
    let r = unknown
        .get(portal.url("www.unknown.gov.cn", "/x?y=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let hits = portal.hits();
    assert_eq!(hits.len(), 4);
    let paths: Vec<&str> = hits.iter().map(|h| h.path_and_query.as_str()).collect();
    assert_eq!(paths, ["/p/1.html", "/p/2.html", "/p/3.html", "/x?y=1"]);
    assert_eq!(hits[3].host, "www.unknown.gov.cn");
    assert_eq!(portal.hits_for(FAST).len(), 3);
    assert!(hits.windows(2).all(|w| w[0].at <= w[1].at));
    // Already satisfied: resolves at once.
    portal.wait_for_hits(4).await;
}

#[tokio::test]
async fn slow_host_hangs_and_is_counted_in_flight() {
    let portal = MockPortal::start().await;
    let short = client_with(&portal, Duration::from_millis(1500));
    let mut slow = Vec::new();
    for path in ["/robots.txt", "/"] {
        let (c, u) = (short.clone(), portal.url(SLOW, path));
        slow.push(tokio::spawn(async move { c.get(u).send().await }));
    }
    portal.wait_for_hits(2).await;
    assert_eq!(portal.slow_in_flight(), 2);
    get(&client(&portal), &portal, FAST, "/").await;
    let fast: Vec<Hit> = portal.hits_for(FAST);
    assert_eq!(fast[0].slow_in_flight, 2);
    for t in slow {
        assert!(t.await.unwrap().unwrap_err().is_timeout());
    }
    // The client gave up; the server notices the closed connections.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while portal.slow_in_flight() > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(portal.slow_in_flight(), 0);

    // release_slow lets a waiting request answer.
    let (c, u) = (client(&portal), portal.url(SLOW, "/"));
    let t = tokio::spawn(async move { c.get(u).send().await });
    portal.wait_for_hits(4).await;
    assert_eq!(portal.hits().last().unwrap().slow_in_flight, 0);
    portal.release_slow();
    let r = tokio::time::timeout(Duration::from_secs(5), t)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn write_config_resolves_every_host() {
    let portal = MockPortal::start().await;
    let dir = tempfile::tempdir().unwrap();
    let path = portal.write_config(dir.path(), "[crawl]\nmax_depth = 3\n");
    let text = std::fs::read_to_string(&path).unwrap();
    let v: toml::Table = text.parse().unwrap();
    assert_eq!(
        v["politeness"]["requests_per_second"].as_float(),
        Some(50.0)
    );
    assert_eq!(v["http"]["resolve_only"].as_bool(), Some(true));
    let resolve = v["http"]["resolve"].as_table().unwrap();
    for host in MockPortal::hosts()
        .iter()
        .chain(support::OUT_OF_SCOPE.iter())
    {
        assert_eq!(resolve[*host].as_str(), Some("127.0.0.1"), "{host}");
    }
    assert_eq!(v["crawl"]["max_depth"].as_integer(), Some(3));
    assert!(MockPortal::hosts().iter().all(|h| h.ends_with(".gov.cn")));

    // The crate's own loader accepts it.
    let cfg = harvester::config::Config::load(&path).expect("harvester accepts the test config");
    assert!(cfg.http.resolve_only);
    assert_eq!(cfg.http.resolve.len(), MockPortal::hosts().len() + 2);
}
