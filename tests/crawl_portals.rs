//! A whole crawl of the mock CMS portals, asserted on what the server saw:
//! every list page reached, no page twice, robots respected, traps
//! contained, faults survived.

mod common;
mod support;

use std::collections::BTreeSet;

use common::{assert_success, page_requests, repeated, Run};
use harvester::frontier::State;
use support::MockPortal;

const TRS: &str = "www.trs-county.gov.cn";
const HANWEB: &str = "www.hanweb-county.gov.cn";
const PLAIN: &str = "www.plain-county.gov.cn";
const GBK: &str = "www.gbk-county.gov.cn";

const FAST_CONFIG: &str = r#"
[retry]
max_attempts = 3
base_delay_secs = 0.05
max_delay_secs = 5.0

[crawl]
max_depth = 8
attachments = "all"

[traps]
max_date_chain = 3
max_query_variants = 10
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_list_page_reached_once_and_robots_respected() {
    let portal = MockPortal::start().await;
    let run = Run::new(&portal, &[TRS, HANWEB, PLAIN, GBK], FAST_CONFIG);
    let out = run.crawl().await;
    assert_success(&out);

    for host in [TRS, HANWEB, PLAIN, support::PLAIN_XXGK, GBK] {
        let hits = portal.hits_for(host);
        for p in portal.forbidden_pages(host) {
            assert!(
                !hits.iter().any(|h| h.path_and_query == p),
                "{host}: requested forbidden {p}"
            );
        }
        let requested: BTreeSet<String> = hits.iter().map(|h| h.path_and_query.clone()).collect();
        let missing: Vec<String> = portal
            .expected_pages(host)
            .into_iter()
            .filter(|p| !requested.contains(p))
            .collect();
        assert!(missing.is_empty(), "{host}: never requested {missing:?}");
        let robots = hits
            .iter()
            .filter(|h| h.path_and_query == "/robots.txt")
            .count();
        assert_eq!(robots, 1, "{host}: robots.txt fetched {robots} times");
        // Only /busy.html may be asked twice (it answers 503 first).
        let again: Vec<_> = repeated(&page_requests(&hits))
            .into_iter()
            .filter(|(r, _)| !r.ends_with("/busy.html"))
            .collect();
        assert!(again.is_empty(), "{host}: fetched twice: {again:?}");
    }

    // Hanweb paging is POSTed, as jpage does, with the nextgroup parameters.
    let proxy: Vec<_> = portal
        .hits_for(HANWEB)
        .into_iter()
        .filter(|h| h.path_and_query.contains("dataproxy.jsp"))
        .collect();
    assert_eq!(proxy.len(), 3, "{proxy:?}");
    for h in &proxy {
        assert_eq!(h.method, "POST");
        assert!(h.form.contains("columnid=1229"), "{h:?}");
        assert!(h.form.contains("unitid=5678"), "{h:?}");
    }

    // robots.txt: `*` disallows /private/ on the TRS site; on the plain site
    // a group names harvester, which replaces `*` (RFC 9309).
    let trs = page_requests(&portal.hits_for(TRS));
    assert!(!trs.iter().any(|r| r.contains("/private/")), "{trs:?}");
    let plain = page_requests(&portal.hits_for(PLAIN));
    assert!(!plain.iter().any(|r| r.contains("/only-for-harvester/")));
    assert!(plain.iter().any(|r| r.contains("/private/x.html")));

    // Nothing outside the seeds' government domains was ever asked for.
    let foreign: Vec<_> = portal
        .hits()
        .into_iter()
        .filter(|h| !MockPortal::hosts().contains(&h.host.as_str()))
        .collect();
    assert!(foreign.is_empty(), "{foreign:?}");
    assert!(portal.hits_for("www.other-county.gov.cn").is_empty());

    let records = run.records();
    let skipped_scope = records
        .values()
        .filter(|r| r.state == State::Skipped && r.reason.as_deref() == Some("out of scope"))
        .count();
    assert!(skipped_scope >= 2, "out-of-scope links are recorded");
    let robots_skipped = records
        .values()
        .filter(|r| r.reason.as_deref() == Some("disallowed by robots.txt"))
        .count();
    assert!(
        robots_skipped >= 2,
        "robots skips recorded: {robots_skipped}"
    );

    // Attachments are fetched as documents and read by their own readers,
    // never as HTML (the mock's files are stubs: their readers say so).
    for (ext, kind) in [(".pdf", "pdf"), (".docx", "docx")] {
        let docs: Vec<_> = records.values().filter(|r| r.url.ends_with(ext)).collect();
        assert!(!docs.is_empty(), "no {ext} attachment recorded");
        for d in docs {
            assert!(d.document, "{d:?}");
            assert_eq!(d.state, State::Done, "{d:?}");
            let f = d.fetch.as_ref().unwrap();
            assert_eq!(f.source_type.as_deref(), Some(kind), "{d:?}");
            assert!(f.readability.is_some(), "{d:?}");
            assert!(f.content_type.is_some());
        }
    }

    // GBK page declared gb2312 with GBK-only characters: title decoded whole.
    let titles: Vec<String> = records
        .values()
        .filter_map(|r| r.fetch.as_ref().and_then(|f| f.title.clone()))
        .collect();
    assert!(
        titles.iter().any(|t| t.contains(support::gbk_title())),
        "no title contains {:?}: {titles:?}",
        support::gbk_title()
    );
    assert!(!titles.iter().any(|t| t.contains('\u{FFFD}')), "{titles:?}");

    // Report pages were recognised.
    let reports = records.values().filter(|r| r.is_report()).count();
    assert!(reports >= 2, "report pages found: {reports}");
    // Page understanding agrees with the mock's ground truth: report
    // articles and report attachments, nothing else.
    for host in [TRS, HANWEB, PLAIN, support::PLAIN_XXGK, GBK] {
        let truth: BTreeSet<String> = portal.report_pages(host).into_iter().collect();
        let found: BTreeSet<String> = records
            .values()
            .filter(|r| r.is_report())
            .filter_map(|r| url::Url::parse(&r.url).ok())
            .filter(|u| u.host_str() == Some(host))
            .map(|u| match u.query() {
                Some(q) => format!("{}?{q}", u.path()),
                None => u.path().to_string(),
            })
            .collect();
        assert_eq!(found, truth, "{host}: report pages");
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("sites"), "{stdout}");
    eprintln!("summary:\n{stdout}");
    eprintln!(
        "pages fetched (all hosts): {}",
        page_requests(&portal.hits()).len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn traps_and_faults_are_contained() {
    let portal = MockPortal::start().await;
    let run = Run::new(&portal, &[PLAIN], FAST_CONFIG);
    let out = run.crawl().await;
    assert_success(&out);
    let reqs = page_requests(&portal.hits_for(PLAIN));
    let count = |needle: &str| reqs.iter().filter(|r| r.contains(needle)).count();

    // Calendar: the start page plus at most max_date_chain (3) days in each
    // direction (it links both 前一天 and 后一天).
    let cal = count("/calendar/");
    assert!((1..=7).contains(&cal), "calendar pages fetched: {cal}");
    // /loop/a/a/a…: a few levels at most.
    let lp = count("/loop/");
    assert!((1..=4).contains(&lp), "loop pages fetched: {lp}");
    // ?page=N echo: bounded by traps.max_query_variants (10).
    let search = count("/search");
    assert!((1..=11).contains(&search), "search pages fetched: {search}");
    // Redirect loop: at most max_redirects + 1 hops.
    let rl = count("/redirect-loop/");
    assert!((1..=6).contains(&rl), "redirect loop hops: {rl}");

    let records = run.records();
    let reason = |path: &str| {
        records
            .values()
            .find(|r| r.url.ends_with(path))
            .and_then(|r| r.reason.clone())
            .unwrap_or_default()
    };
    assert!(
        reason("/huge.html").contains("cap"),
        "{}",
        reason("/huge.html")
    );
    assert!(
        reason("/huge-declared.html").contains("cap"),
        "{}",
        reason("/huge-declared.html")
    );
    // 503 + Retry-After: 1 → asked again, no sooner than a second later.
    let busy: Vec<_> = portal
        .hits_for(PLAIN)
        .into_iter()
        .filter(|h| h.path_and_query == "/busy.html")
        .collect();
    assert_eq!(busy.len(), 2, "busy.html requests");
    let gap = busy[1].at.duration_since(busy[0].at);
    assert!(gap.as_secs_f64() >= 0.95, "Retry-After ignored: {gap:?}");
    let busy_rec = records
        .values()
        .find(|r| r.url.ends_with("/busy.html"))
        .unwrap();
    assert_eq!(busy_rec.state, State::Done);
    // Redirects: both ends recorded, target fetched once.
    let new_page = records
        .values()
        .find(|r| r.url.ends_with("/new/page.html"))
        .unwrap();
    assert_eq!(new_page.state, State::Done);
    assert_eq!(new_page.via, "redirect");
    assert_eq!(count("/new/page.html"), 1);
    // Meta refresh, script redirects, frames, areas, padded hrefs.
    for p in [
        "/refreshed.html",
        "/jumped.html",
        "/frame/inner.html",
        "/padded.html",
    ] {
        assert_eq!(count(p), 1, "{p} fetched {} times", count(p));
    }
    // The in-scope subdomain was crawled.
    assert!(!portal.hits_for("xxgk.plain-county.gov.cn").is_empty());
    eprintln!(
        "traps: calendar {cal}, loop {lp}, search {search}, redirect loop {rl}; busy gap {gap:?}"
    );
}
