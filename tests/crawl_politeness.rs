//! Politeness measured on the server side: the configured rate per host,
//! no head-of-line blocking behind a slow host, robots.txt status rules and
//! anti-bot challenges.

mod common;
mod support;

use common::{assert_success, page_requests, Run};
use support::MockPortal;

const FAST: &str = "www.fast-county.gov.cn";
const SLOW: &str = "slow.slow-county.gov.cn";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configured_rate_per_host_is_kept() {
    let portal = MockPortal::start().await;
    // write_config sets 50 rps; this run asks for 5 with burst 1.
    let run = Run::new(&portal, &[FAST], "[crawl]\nmax_depth = 3\n");
    let cfg = std::fs::read_to_string(&run.config).unwrap();
    let cfg = cfg.replace("requests_per_second = 50.0", "requests_per_second = 5.0");
    assert!(cfg.contains("requests_per_second = 5.0"));
    std::fs::write(&run.config, cfg).unwrap();
    let out = run.crawl().await;
    assert_success(&out);

    let hits = portal.hits_for(FAST);
    // robots.txt + / + 20 pages
    assert_eq!(hits.len(), 22, "{:?}", page_requests(&hits));
    let span = hits
        .last()
        .unwrap()
        .at
        .duration_since(hits[0].at)
        .as_secs_f64();
    let observed = (hits.len() - 1) as f64 / span;
    let min_gap = hits
        .windows(2)
        .map(|w| w[1].at.duration_since(w[0].at).as_secs_f64())
        .fold(f64::INFINITY, f64::min);
    eprintln!(
        "rate: configured 5.0 rps, observed {observed:.3} rps over {} requests in {span:.2} s; min gap {:.1} ms",
        hits.len(),
        min_gap * 1000.0
    );
    assert!(observed <= 5.0 * 1.05, "observed {observed:.3} rps > 5");
    assert!(
        observed >= 2.0,
        "observed {observed:.3} rps: far below the configured rate"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_host_does_not_hold_up_a_fast_one() {
    let portal = MockPortal::start().await;
    let run = Run::new(
        &portal,
        &[SLOW, FAST],
        "[retry]\nmax_attempts = 1\n[robots]\nunavailable_max_attempts = 1\n",
    );
    // The slow host hangs every request; the client's timeout (5 s in the
    // test config) cuts it. The fast host must finish meanwhile.
    let out = run.crawl().await;
    assert_success(&out);
    let fast = portal.hits_for(FAST);
    let slow = portal.hits_for(SLOW);
    assert_eq!(fast.len(), 22, "fast host fully crawled");
    assert!(!slow.is_empty(), "slow host was tried");
    let last_fast = fast.last().unwrap();
    assert!(
        last_fast.slow_in_flight >= 1,
        "the fast host's last request came after the slow host's request had ended"
    );
    let first_slow = slow[0].at;
    let fast_done = last_fast.at.saturating_duration_since(first_slow);
    eprintln!(
        "fast host: {} requests, all served within {fast_done:?} of the slow host's first request, while it was still hanging (timeout 5 s)",
        fast.len()
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("robots.txt unavailable"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_5xx_means_wait_then_crawl() {
    let portal = MockPortal::start().await;
    let host = "www.robots503-county.gov.cn";
    let run = Run::new(
        &portal,
        &[host],
        "[robots]\nunavailable_retry_secs = 0.2\nunavailable_max_attempts = 5\n",
    );
    let out = run.crawl().await;
    assert_success(&out);
    let hits = portal.hits_for(host);
    let robots: Vec<usize> = hits
        .iter()
        .enumerate()
        .filter(|(_, h)| h.path_and_query == "/robots.txt")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(
        robots.len(),
        3,
        "503, 503, then 200: {:?}",
        page_requests(&hits)
    );
    let first_page = hits
        .iter()
        .position(|h| h.path_and_query != "/robots.txt")
        .expect("pages fetched once robots.txt answered");
    assert!(
        first_page > robots[2],
        "a page was fetched while robots.txt was 5xx"
    );
    assert_eq!(page_requests(&hits).len(), 3, "/ and its 2 links");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anti_bot_challenge_blocks_the_host_without_looping() {
    let portal = MockPortal::start().await;
    let host = "www.antibot-county.gov.cn";
    let run = Run::new(&portal, &[host, FAST], "");
    let out = run.crawl().await;
    assert_success(&out);
    let pages = page_requests(&portal.hits_for(host));
    assert_eq!(
        pages,
        vec![format!("GET {host} /")],
        "challenge retried: {pages:?}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("BLOCKED"), "{stdout}");
    assert_eq!(portal.hits_for(FAST).len(), 22, "other sites unaffected");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crawl_delay_slows_a_host_below_the_configured_rate() {
    let portal = MockPortal::start().await;
    // 50 rps configured; robots.txt asks Crawl-delay: 0.4 of every agent.
    let run = Run::new(&portal, &[support::DELAY], "");
    assert_success(&run.crawl().await);
    let hits = portal.hits_for(support::DELAY);
    assert_eq!(hits.len(), 7, "robots + / + 5 pages");
    // Gaps between requests after robots.txt was read.
    let gaps: Vec<f64> = hits[1..]
        .windows(2)
        .map(|w| w[1].at.duration_since(w[0].at).as_secs_f64())
        .collect();
    let min = gaps.iter().copied().fold(f64::INFINITY, f64::min);
    eprintln!("crawl-delay 0.4 s: gaps {gaps:.3?}");
    assert!(min >= 0.38, "Crawl-delay not honoured: min gap {min:.3} s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_redirect_loop_counts_as_no_robots_txt() {
    let portal = MockPortal::start().await;
    let run = Run::new(&portal, &[support::ROBOTS_LOOP], "");
    assert_success(&run.crawl().await);
    let hits = portal.hits_for(support::ROBOTS_LOOP);
    let robots = hits
        .iter()
        .filter(|h| h.path_and_query.starts_with("/robots"))
        .count();
    assert_eq!(robots, 6, "robots.txt and 5 redirects, then give up");
    let pages = page_requests(&hits)
        .into_iter()
        .filter(|r| !r.contains("/robots/"))
        .count();
    assert_eq!(pages, 2, "everything allowed (4xx rule)");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cookies_are_kept_per_host() {
    let portal = MockPortal::start().await;
    let run = Run::new(&portal, &[support::COOKIE], "");
    assert_success(&run.crawl().await);
    let records = run.records();
    let members = records
        .values()
        .find(|r| r.url.ends_with("/members.html"))
        .expect("members page discovered");
    assert_eq!(
        members.fetch.as_ref().map(|f| f.status),
        Some(200),
        "session cookie from / not sent back: {members:?}"
    );
}
