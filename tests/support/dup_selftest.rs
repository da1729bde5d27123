//! Self-tests (part of `tests/mock_portal_selftest.rs`, not of the shared
//! `support` module): HTTP validators and 304s, [`Hit`] status / bytes /
//! conditional, and the [`DUP`] / [`DUP_BIG5`] duplicates portal with its
//! edition switch.

use std::collections::{HashMap, HashSet};

use reqwest::StatusCode;

use super::support::{self, Hit, MockPortal, DUP, DUP_BIG5, FAST, GBK, HANWEB, PLAIN, TRS};
use super::{client, get};

/// GET `url` with extra request headers: (status, headers, body).
async fn get_with(
    c: &reqwest::Client,
    url: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
    let mut rb = c.get(url);
    for (k, v) in headers {
        rb = rb.header(*k, *v);
    }
    let r = rb.send().await.unwrap();
    let (s, h) = (r.status(), r.headers().clone());
    (s, h, r.bytes().await.unwrap().to_vec())
}

fn header<'a>(h: &'a reqwest::header::HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn conditional_requests_get_304() {
    let portal = MockPortal::start().await;
    let c = client(&portal);
    let page = &portal.report_pages(TRS)[1];
    let url = portal.url(TRS, page);
    let (s, h, body) = get_with(&c, &url, &[]).await;
    assert_eq!(s, StatusCode::OK);
    let etag = header(&h, "etag").unwrap().to_string();
    assert_eq!(etag, format!("\"{}\"", &blake3::hash(&body).to_hex()[..16]));
    assert_eq!(
        header(&h, "last-modified"),
        Some(support::TRS_LAST_MODIFIED)
    );
    assert_eq!(h["content-length"], body.len().to_string().as_str());

    for inm in [
        etag.clone(),
        format!("W/{etag}"),
        format!("\"0123456789abcdef\", {etag}"),
        "*".to_string(),
    ] {
        let (s, h, b) = get_with(&c, &url, &[("if-none-match", &inm)]).await;
        assert_eq!(s, StatusCode::NOT_MODIFIED, "{inm}");
        assert!(b.is_empty());
        assert_eq!(header(&h, "etag"), Some(etag.as_str()));
        assert_eq!(
            header(&h, "last-modified"),
            Some(support::TRS_LAST_MODIFIED)
        );
    }
    // A wrong tag decides, whatever If-Modified-Since says.
    let (s, _, b) = get_with(
        &c,
        &url,
        &[
            ("if-none-match", "\"0123456789abcdef\""),
            ("if-modified-since", "Fri, 01 Jan 2100 00:00:00 GMT"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(b, body);
    let ims = [("if-modified-since", support::TRS_LAST_MODIFIED)];
    assert_eq!(get_with(&c, &url, &ims).await.0, StatusCode::NOT_MODIFIED);

    let hits = portal.hits_for(TRS);
    let statuses: Vec<u16> = hits.iter().map(|h| h.status).collect();
    assert_eq!(statuses, [200, 304, 304, 304, 304, 200, 304]);
    assert!(!hits[0].conditional() && hits[1..].iter().all(Hit::conditional));
    assert_eq!(hits[0].bytes, body.len());
    assert_eq!(hits[5].bytes, body.len());
    assert!(hits
        .iter()
        .filter(|h| h.status == 304)
        .all(|h| h.bytes == 0));
    assert_eq!(hits[1].if_none_match.as_deref(), Some(etag.as_str()));
    assert_eq!(hits[1].if_modified_since, None);
    assert_eq!(
        hits[6].if_modified_since.as_deref(),
        Some(support::TRS_LAST_MODIFIED)
    );

    // PLAIN: Last-Modified only.
    let url = portal.url(PLAIN, "/news/list.html");
    let (s, h, _) = get_with(&c, &url, &[]).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(header(&h, "etag"), None);
    assert_eq!(
        header(&h, "last-modified"),
        Some(support::PLAIN_LAST_MODIFIED)
    );
    for (since, want) in [
        (support::PLAIN_LAST_MODIFIED, StatusCode::NOT_MODIFIED),
        ("Fri, 01 Jan 2100 00:00:00 GMT", StatusCode::NOT_MODIFIED),
        ("Sun, 01 Dec 2024 00:00:00 GMT", StatusCode::OK),
        ("not a date", StatusCode::OK),
    ] {
        let (s, h, b) = get_with(&c, &url, &[("if-modified-since", since)]).await;
        assert_eq!(s, want, "{since}");
        assert_eq!(b.is_empty(), want == StatusCode::NOT_MODIFIED);
        assert_eq!(
            header(&h, "last-modified"),
            Some(support::PLAIN_LAST_MODIFIED)
        );
    }

    // GBK: ETag only, so If-Modified-Since alone is not enough.
    let url = portal.url(GBK, "/list.html");
    let (_, h, _) = get_with(&c, &url, &[]).await;
    let etag = header(&h, "etag").unwrap().to_string();
    assert_eq!(header(&h, "last-modified"), None);
    let ims = [("if-modified-since", "Fri, 01 Jan 2100 00:00:00 GMT")];
    assert_eq!(get_with(&c, &url, &ims).await.0, StatusCode::OK);
    let inm = [("if-none-match", etag.as_str())];
    assert_eq!(get_with(&c, &url, &inm).await.0, StatusCode::NOT_MODIFIED);

    // No validators, no 304: FAST, HANWEB; and never on a 404 or a POST.
    for (host, path) in [(FAST, "/p/1.html"), (HANWEB, "/"), (TRS, "/nope.html")] {
        let (s, h, _) = get_with(&c, &portal.url(host, path), &[("if-none-match", "*")]).await;
        assert!(
            s == StatusCode::OK || s == StatusCode::NOT_FOUND,
            "{host}{path}"
        );
        assert_eq!(header(&h, "etag"), None, "{host}{path}");
    }
    let r = c
        .post(portal.url(TRS, "/"))
        .header("if-none-match", "*")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(MockPortal::validator_policy(HANWEB), (false, None));
}

#[tokio::test]
async fn hits_record_status_and_bytes() {
    let portal = MockPortal::start().await;
    let c = client(&portal);
    let (_, body) = get(&c, &portal, FAST, "/p/3.html").await;
    get(&c, &portal, FAST, "/p/99.html").await;
    get(&c, &portal, PLAIN, "/busy.html").await;
    let r = c.get(portal.url(PLAIN, "/huge.html")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    drop(r);
    let hits = portal.hits();
    let got: Vec<(u16, usize)> = hits.iter().map(|h| (h.status, h.bytes)).collect();
    assert_eq!(got[0], (200, body.len()));
    assert_eq!(got[1].0, 404);
    assert!(got[1].1 > 0);
    assert_eq!(got[2].0, 503);
    // Streamed: not buffered, not counted.
    assert_eq!(got[3], (200, 0));
    assert!(hits.iter().all(|h| !h.conditional()));
}

/// The part of a [`DUP`] article page between `#zoom` and its end.
fn zoom(html: &str) -> &str {
    let start = html
        .find("<div class=\"content\" id=\"zoom\">")
        .expect("#zoom");
    let rest = &html[start..];
    &rest[..rest.find("</div>").unwrap()]
}

fn t2s() -> ferrous_opencc::OpenCC {
    ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s).unwrap()
}

#[tokio::test]
async fn dup_portal_serves_every_copy() {
    let portal = MockPortal::start().await;
    let c = client(&portal);
    let port = portal.addr.port();
    let paths = portal.dup_expected();
    assert_eq!(paths.len(), 16);
    assert_eq!(paths, portal.expected_pages(DUP));
    assert_eq!(paths, portal.expected_pages(DUP_BIG5));
    assert_eq!(paths.iter().collect::<HashSet<_>>().len(), paths.len());
    for r in portal.report_pages(DUP) {
        assert!(paths.contains(&r), "{r}");
    }
    let mut www = HashMap::new();
    for url in portal.dup_expected_urls() {
        let (s, h, b) = get_with(&c, &url, &[]).await;
        assert_eq!(s, StatusCode::OK, "{url}");
        assert!(header(&h, "etag").is_some() && header(&h, "last-modified").is_some());
        www.insert(url, b);
    }
    let text =
        |host: &str, path: &str| String::from_utf8(www[&portal.url(host, path)].clone()).unwrap();
    assert_eq!(
        get(&c, &portal, DUP, "/robots.txt").await.1,
        "User-agent: *\nDisallow:\n"
    );

    let home = text(DUP, "/");
    for needle in [
        format!("href=\"http://big5.dup-county.gov.cn:{port}/\""),
        "繁體版".to_string(),
        "href=\"/xxgk/ndbg/\"".to_string(),
        "关于做好2024年度政府信息公开工作年度报告编制工作的通知".to_string(),
    ] {
        assert!(home.contains(&needle), "home lacks {needle}");
    }
    let list = text(DUP, "/xxgk/ndbg/");
    assert!(list.contains("<a href=\"index_1.html\">下一页</a>"));
    assert_eq!(list.matches("年度政府信息公开工作年度报告").count(), 3 * 2);
    let news = text(DUP, "/xwzx/");
    assert!(news.contains("t20250120_1001.html?from=wx&amp;uid=ab12cd34ef56"));

    // The session variant survives canonicalization: a second URL.
    let groups = portal.dup_report_groups();
    let a = &groups[0];
    let canon = |u: &str| harvester::frontier::canon::canonicalize(&url::Url::parse(u).unwrap());
    assert!(a[3].ends_with("?from=wx&uid=ab12cd34ef56"));
    assert_eq!(canon(&a[3]).as_str(), a[3]);
    assert_ne!(canon(&a[3]), canon(&a[0]));

    // Group sizes: A 4 URLs per host, B page + DOCX, C, C corrected, D.
    let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
    assert_eq!(sizes, [8, 4, 2, 2, 4]);
    let all: Vec<&String> = groups.iter().flatten().collect();
    assert_eq!(all.iter().collect::<HashSet<_>>().len(), all.len());
    let t2s = t2s();
    for g in &groups {
        let first = &www[&g[0]];
        let docx = g.iter().find(|u| u.ends_with(".docx")).map(|u| &www[u]);
        for u in g {
            assert!(www.contains_key(u), "{u} not in dup_expected_urls");
            let b = &www[u];
            if u.ends_with(".docx") {
                assert!(Some(b) == docx, "{u}: the same DOCX bytes");
            } else if g[0].ends_with(".docx") {
                assert!(String::from_utf8_lossy(b).contains("附件。"), "{u}");
            } else {
                // Same body everywhere; the mirror's converts back.
                let page = String::from_utf8(b.clone()).unwrap();
                let page = match u.contains(DUP_BIG5) {
                    true => t2s.convert(&page),
                    false => page,
                };
                let want = String::from_utf8(first.clone()).unwrap();
                assert_eq!(zoom(&page), zoom(&want), "{u}");
            }
        }
    }
    // Print view: title and body, no chrome.
    let print = text(DUP, "/xxgk/ndbg/202501/t20250120_1001_print.html");
    assert!(!print.contains("网站标识码") && !print.contains("当前位置"));
    assert!(text(DUP, "/xxgk/ndbg/202501/t20250120_1001.html").contains("打印本页</a>"));

    // The mirror is Traditional, the same page up to the script (report
    // bodies convert back exactly: checked above).
    for path in &paths {
        if path.ends_with(".docx") {
            continue;
        }
        let (s, t) = (text(DUP, path), text(DUP_BIG5, path));
        assert_ne!(s, t, "{path}");
        assert_eq!(t2s.convert(&t), t2s.convert(&s), "{path}");
    }
    let big5 = text(DUP_BIG5, "/xxgk/ndbg/202501/t20250120_1001.html");
    assert!(big5.contains("總體情況") && big5.contains("縣人民政府"));
    assert!(!big5.contains("总体情况"));

    // Report B's DOCX holds the title, the sections and the tables.
    let b_docx = &www[&groups[1][1]];
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(b_docx.clone())).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    for needle in [
        "同文县人民政府2023年度政府信息公开工作年度报告",
        "六、其他需要报告的事项",
        "第二十条第（一）项",
        "<w:t xml:space=\"preserve\">3874</w:t>",
        "（本列数据的勾稽关系为",
        "复议后起诉",
    ] {
        assert!(xml.contains(needle), "B's DOCX lacks {needle}");
    }
    let b_page = text(DUP, "/xxgk/ndbg/202401/t20240125_1002.html");
    assert!(b_page
        .contains("<a href=\"./P020240125_1002.docx\">2023年政府信息公开工作年度报告.docx</a>"));
    assert!(b_page.contains("<td colspan=\"3\" style=\"text-align:center\">3874</td>"));

    // C and its corrected edition: one table figure and one sentence apart.
    let near = portal.dup_near_pairs();
    assert_eq!(near, [(groups[2][0].clone(), groups[3][0].clone())]);
    let (c1, c2) = (
        String::from_utf8(www[&near[0].0].clone()).unwrap(),
        String::from_utf8(www[&near[0].1].clone()).unwrap(),
    );
    let cells = |s: &str| -> Vec<String> {
        let cells = zoom(s).split("<td").skip(1);
        cells
            .map(|c| c[..c.find("</td>").unwrap()].to_string())
            .collect()
    };
    let (t1, t2) = (cells(&c1), cells(&c2));
    assert_eq!(t1.len(), t2.len());
    assert_eq!(t1.iter().zip(&t2).filter(|(a, b)| a != b).count(), 1);
    let paras = |s: &str| zoom(s).matches("<p").count();
    assert_eq!(paras(&c2), paras(&c1) + 1);
    assert!(c2.contains("年度报告（更正）</h1>"));
}

#[tokio::test]
async fn dup_edition_two_adds_a_report() {
    let portal = MockPortal::start().await;
    let c = client(&portal);
    let list = portal.url(DUP, "/xxgk/ndbg/");
    let a = portal.dup_report_groups()[0][0].clone();
    let e = portal.url(DUP, "/xxgk/ndbg/202601/t20260120_1006.html");
    let etag = |h: &reqwest::header::HeaderMap| header(h, "etag").unwrap().to_string();
    let (_, h, before) = get_with(&c, &list, &[]).await;
    let list_tag = etag(&h);
    assert_eq!(
        header(&h, "last-modified"),
        Some(support::DUP_LAST_MODIFIED)
    );
    let a_tag = etag(&get_with(&c, &a, &[]).await.1);
    let (_, h, _) = get_with(&c, &portal.url(DUP_BIG5, "/xxgk/ndbg/"), &[]).await;
    let big5_tag = etag(&h);
    assert_eq!(get_with(&c, &e, &[]).await.0, StatusCode::NOT_FOUND);
    let mut old = Vec::new();
    for url in portal.dup_expected_urls() {
        let tag = etag(&get_with(&c, &url, &[]).await.1);
        old.push((url, tag));
    }

    portal.set_edition(2);
    assert_eq!(portal.edition(), 2);
    let (s, h, after) = get_with(&c, &list, &[("if-none-match", &list_tag)]).await;
    assert_eq!(s, StatusCode::OK);
    assert_ne!(etag(&h), list_tag);
    assert_eq!(
        header(&h, "last-modified"),
        Some(support::DUP_LAST_MODIFIED_2)
    );
    let after = String::from_utf8(after).unwrap();
    assert!(after.contains("./202601/t20260120_1006.html"));
    assert!(after.contains("同文县人民政府2025年度政府信息公开工作年度报告"));
    assert_ne!(after.as_bytes(), &before[..]);
    let ims = [("if-modified-since", support::DUP_LAST_MODIFIED)];
    assert_eq!(get_with(&c, &list, &ims).await.0, StatusCode::OK);
    let big5 = portal.url(DUP_BIG5, "/xxgk/ndbg/");
    assert_eq!(
        get_with(&c, &big5, &[("if-none-match", &big5_tag)]).await.0,
        StatusCode::OK
    );

    // Everything else is unchanged: 304 on every old URL but list page 1.
    for (url, tag) in &old {
        let (s, h, _) = get_with(&c, url, &[("if-none-match", tag)]).await;
        match url.ends_with("/xxgk/ndbg/") {
            true => assert_eq!(s, StatusCode::OK, "{url}"),
            false => {
                assert_eq!(s, StatusCode::NOT_MODIFIED, "{url}");
                assert_eq!(&etag(&h), tag, "{url}");
            }
        }
    }
    let (s, h, _) = get_with(&c, &a, &[("if-none-match", &a_tag)]).await;
    assert_eq!(s, StatusCode::NOT_MODIFIED);
    assert_eq!(etag(&h), a_tag);
    assert_eq!(get_with(&c, &a, &ims).await.0, StatusCode::NOT_MODIFIED);
    let (s, h, _) = get_with(&c, &e, &[]).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        header(&h, "last-modified"),
        Some(support::DUP_LAST_MODIFIED_2)
    );

    let groups = portal.dup_report_groups();
    assert_eq!(groups.len(), 6);
    assert_eq!(
        groups[5],
        [
            e.clone(),
            portal.url(DUP_BIG5, "/xxgk/ndbg/202601/t20260120_1006.html")
        ]
    );
    assert_eq!(portal.dup_expected().len(), 17);
    assert!(portal
        .report_pages(DUP)
        .contains(&"/xxgk/ndbg/202601/t20260120_1006.html".to_string()));
}
