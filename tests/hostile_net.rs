//! The hostile network: the SSRF guard and the network resource bounds,
//! against `www.hostile-county.gov.cn` (`tests/support/hostile.rs`).
//!
//! Two levels: the [`Fetcher`] on its own (exact errors, body lengths and
//! server hits), then whole crawls (the reason recorded per URL, the crawl
//! finishing with exit 0 and no panic). No sleeps as synchronisation: every
//! request is awaited under a generous time limit, and the mock counts hits.

mod common;
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use harvester::config::Config;
use harvester::fetch::client::{FetchError, Fetcher, Response};
use harvester::fetch::robots::{self, RobotsStatus};
use harvester::frontier::{State, UrlRecord};
use url::Url;

use common::{assert_success, tail, Run};
use support::hostile::{self, SSRF_LOOPBACK, SSRF_PINS, SSRF_REDIRECT};
use support::{MockPortal, HOSTILE};

/// No request may take longer than this, whatever the server does.
const LIMIT: Duration = Duration::from_secs(60);

/// A config for the [`Fetcher`]: the mock host and the SSRF pins resolved,
/// nothing else, the SSRF guard on; `tweak` changes the rest.
fn config(portal: &MockPortal, tweak: impl FnOnce(&mut Config)) -> Config {
    let mut c = Config::default();
    c.http.resolve_only = true;
    c.http.timeout_secs = 10.0;
    c.http.connect_timeout_secs = 2.0;
    c.http.resolve.insert(HOSTILE.into(), portal.addr.ip());
    for (host, ip, _) in SSRF_PINS {
        c.http.resolve.insert(host.into(), ip.parse().unwrap());
    }
    tweak(&mut c);
    c.validate(Path::new("test config")).unwrap();
    c
}

async fn get(f: &Fetcher, url: &str) -> Result<Response, FetchError> {
    let url = Url::parse(url).unwrap();
    tokio::time::timeout(LIMIT, f.fetch(&url, None))
        .await
        .unwrap_or_else(|_| panic!("{url}: no answer within {LIMIT:?}"))
}

fn refused(r: Result<Response, FetchError>, what: &str) -> String {
    match r {
        Err(e @ FetchError::Refused(_)) => {
            assert_eq!(e.kind(), "refused");
            assert!(!e.is_retryable(), "a refusal is never retried");
            e.to_string()
        }
        Err(e) => panic!("{what}: expected a refusal, got {e}"),
        Ok(r) => panic!("{what}: expected a refusal, got HTTP {}", r.status),
    }
}

// ------------------------------------------------------------ SSRF guard

#[tokio::test]
async fn ssrf_ip_literals_are_refused_unless_a_seed_names_them() {
    let portal = MockPortal::start().await;
    let port = portal.addr.port();
    let f = Fetcher::new(&config(&portal, |_| {})).unwrap();
    for host in [
        "127.0.0.1",
        "[::ffff:127.0.0.1]",
        "2130706433",
        "0x7f.1",
        "127.1",
    ] {
        let url = format!("http://{host}:{port}/ssrf/ok.html");
        let why = refused(get(&f, &url).await, &url);
        assert!(
            why.contains("loopback address (SSRF guard)"),
            "{url}: {why}"
        );
    }
    let why = refused(
        get(&f, "http://169.254.169.254/latest/meta-data/").await,
        "metadata",
    );
    assert_eq!(
        why,
        "refused: 169.254.169.254 is a link-local address (SSRF guard)"
    );
    let why = refused(get(&f, "http://10.0.0.1/").await, "lan");
    assert_eq!(why, "refused: 10.0.0.1 is a private address (SSRF guard)");
    assert!(portal.hits().is_empty(), "{:?}", portal.hits());

    // A seed on 127.0.0.1 allows that literal, and only it.
    let f = Fetcher::with_allowed_hosts(&config(&portal, |_| {}), ["127.0.0.1"]).unwrap();
    let r = get(&f, &format!("http://127.0.0.1:{port}/ssrf/ok.html")).await;
    assert!(r.is_ok(), "{r:?}");
    let url = format!("http://[::ffff:127.0.0.1]:{port}/ssrf/ok.html");
    refused(get(&f, &url).await, &url);
    assert_eq!(portal.hits().len(), 1, "{:?}", portal.hits());
}

#[tokio::test]
async fn ssrf_names_resolving_to_refused_addresses_are_refused() {
    let portal = MockPortal::start().await;
    let port = portal.addr.port();
    let f = Fetcher::new(&config(&portal, |_| {})).unwrap();
    // Even the mock host itself: it resolves to 127.0.0.1 and is no seed here.
    let why = refused(
        get(&f, &portal.url(HOSTILE, "/ssrf/ok.html")).await,
        HOSTILE,
    );
    assert_eq!(why, "refused: 127.0.0.1 is a loopback address (SSRF guard)");
    for (host, ip, class) in SSRF_PINS {
        let url = format!("http://{host}:{port}/latest/meta-data/");
        let why = refused(get(&f, &url).await, &url);
        assert!(
            why.contains(&format!("{ip} is a")) && why.contains(&format!("{class} address")),
            "{url}: {why}"
        );
    }
    assert!(portal.hits().is_empty(), "{:?}", portal.hits());

    // A seed host is allowed whatever it resolves to; its siblings are not.
    let f = Fetcher::with_allowed_hosts(&config(&portal, |_| {}), [HOSTILE]).unwrap();
    let r = get(&f, &portal.url(HOSTILE, "/ssrf/ok.html"))
        .await
        .unwrap();
    assert_eq!(r.status, 200);
    refused(
        get(&f, &portal.url(SSRF_LOOPBACK, "/")).await,
        SSRF_LOOPBACK,
    );
    assert_eq!(portal.hits().len(), 1);
}

#[tokio::test]
async fn allow_private_addresses_allows_everything() {
    let portal = MockPortal::start().await;
    let f = Fetcher::new(&config(&portal, |c| c.http.allow_private_addresses = true)).unwrap();
    for url in [
        portal.url(HOSTILE, "/ssrf/ok.html"),
        portal.url(SSRF_LOOPBACK, "/"),
        format!("http://127.0.0.1:{}/", portal.addr.port()),
    ] {
        let r = get(&f, &url).await;
        assert!(r.is_ok(), "{url}: {r:?}");
    }
    assert_eq!(portal.hits().len(), 3);
}

// ------------------------------------------------------- resource bounds

#[tokio::test]
async fn decompression_bombs_stop_at_the_body_cap() {
    let portal = MockPortal::start().await;
    let f = Fetcher::with_allowed_hosts(
        &config(&portal, |c| c.http.max_body_bytes = 1 << 20),
        [HOSTILE],
    )
    .unwrap();
    assert!(hostile::gzip_bomb().len() < 200_000);
    assert_eq!(hostile::BROTLI_BOMB.len(), 54);
    for path in ["/bomb/gzip.html", "/bomb/brotli.html"] {
        match get(&f, &portal.url(HOSTILE, path)).await {
            Err(e @ FetchError::TooLarge { .. }) => {
                assert_eq!(e.to_string(), "body larger than the 1048576-byte cap")
            }
            other => panic!("{path}: {:?}", other.map(|r| r.body.len())),
        }
    }
    // The bombs are real: with room for them, they are 64 MiB of spaces.
    let f = Fetcher::with_allowed_hosts(
        &config(&portal, |c| c.http.max_body_bytes = 128 << 20),
        [HOSTILE],
    )
    .unwrap();
    for path in ["/bomb/gzip.html", "/bomb/brotli.html"] {
        let r = get(&f, &portal.url(HOSTILE, path)).await.unwrap();
        assert_eq!(r.body.len(), hostile::BOMB_BYTES, "{path}");
        assert!(r.body.iter().all(|&b| b == b' '));
    }
}

fn headers_too_large(r: Result<Response, FetchError>, what: &str) -> String {
    match r {
        Err(e @ FetchError::HeadersTooLarge(_)) => {
            assert_eq!(e.kind(), "headers_too_large");
            e.to_string()
        }
        other => panic!("{what}: {:?}", other.map(|r| r.headers.len())),
    }
}

#[tokio::test]
async fn header_count_is_bounded() {
    let portal = MockPortal::start().await;
    let url = |p| portal.url(HOSTILE, p);
    let f = Fetcher::with_allowed_hosts(&config(&portal, |c| c.http.max_headers = 50), [HOSTILE])
        .unwrap();
    let why = headers_too_large(get(&f, &url("/headers/n80.html")).await, "80 headers");
    assert!(why.contains("http.max_headers = 50"), "{why}");
    // The default (100) lets 80 through, and stops 10,000.
    let f = Fetcher::with_allowed_hosts(&config(&portal, |_| {}), [HOSTILE]).unwrap();
    let r = get(&f, &url("/headers/n80.html")).await.unwrap();
    assert!(r.headers.len() >= 80);
    headers_too_large(get(&f, &url("/headers/many.html")).await, "10,000 headers");
}

#[tokio::test]
async fn header_bytes_are_bounded() {
    let portal = MockPortal::start().await;
    let url = |p| portal.url(HOSTILE, p);
    let f = Fetcher::with_allowed_hosts(&config(&portal, |_| {}), [HOSTILE]).unwrap();
    // 100 KB: within hyper's head buffer, over http.max_header_bytes (64 KiB).
    let why = headers_too_large(get(&f, &url("/headers/big.html")).await, "100 KB header");
    assert!(why.contains("http.max_header_bytes cap of 65536"), "{why}");
    // 1 MB: over hyper's own head buffer, whatever the config says.
    let f = Fetcher::with_allowed_hosts(
        &config(&portal, |c| c.http.max_header_bytes = 4 << 20),
        [HOSTILE],
    )
    .unwrap();
    let why = headers_too_large(get(&f, &url("/headers/huge.html")).await, "1 MB header");
    assert!(why.contains("message head is too large"), "{why}");
    let r = get(&f, &url("/headers/big.html")).await.unwrap();
    assert_eq!(
        r.header("x-huge").map(|v| v.len()),
        Some(hostile::BIG_HEADER)
    );
}

#[tokio::test]
async fn a_trickling_body_is_cut_by_the_total_timeout() {
    let portal = MockPortal::start().await;
    let f = Fetcher::with_allowed_hosts(&config(&portal, |c| c.http.timeout_secs = 2.0), [HOSTILE])
        .unwrap();
    let started = Instant::now();
    let r = get(&f, &portal.url(HOSTILE, "/slow/trickle.html")).await;
    let took = started.elapsed();
    assert!(
        matches!(r, Err(FetchError::Timeout)),
        "{:?}",
        r.map(|r| r.body)
    );
    assert!(
        took >= Duration::from_millis(1900) && took < Duration::from_secs(10),
        "{took:?}"
    );
}

#[tokio::test]
async fn robots_txt_is_read_up_to_its_cap_and_parsed() {
    let portal = MockPortal::start().await;
    let f = Fetcher::with_allowed_hosts(&config(&portal, |_| {}), [HOSTILE]).unwrap();
    let r = get(&f, &portal.url(HOSTILE, "/robots.txt")).await.unwrap();
    assert_eq!(r.status, 200);
    assert!(
        r.body.len() <= 512 * 1024 && r.body.len() > 500 * 1024,
        "{}",
        r.body.len()
    );
    assert!(r.body.ends_with(b"\n"), "cut after a complete line");
    assert!(r.body.starts_with(b"User-agent: *\nDisallow: /private/\n"));
    let RobotsStatus::Rules(rules) = robots::from_fetch(Some(200), &r.body, false, "harvester")
    else {
        panic!("robots.txt not parsed");
    };
    let u = |p| Url::parse(&portal.url(HOSTILE, p)).unwrap();
    assert!(!rules.allowed(&u("/private/secret.html")));
    assert!(
        rules.allowed(&u("/bytes/nul.html")),
        "the tail beyond the cap is not read"
    );

    let f = Fetcher::with_allowed_hosts(
        &config(&portal, |c| c.http.max_robots_bytes = 1000),
        [HOSTILE],
    )
    .unwrap();
    let r = get(&f, &portal.url(HOSTILE, "/robots.txt")).await.unwrap();
    assert!(
        r.body.len() <= 1000 && r.body.ends_with(b"\n"),
        "{}",
        r.body.len()
    );
}

#[tokio::test]
async fn broken_encodings_fail_with_a_reason() {
    let portal = MockPortal::start().await;
    let f = Fetcher::with_allowed_hosts(&config(&portal, |_| {}), [HOSTILE]).unwrap();
    for path in [
        "/bytes/truncated-gzip.html",
        "/bytes/not-gzip.html",
        "/bytes/not-brotli.html",
    ] {
        match get(&f, &portal.url(HOSTILE, path)).await {
            Err(e @ FetchError::Body(_)) => {
                assert!(
                    e.to_string().contains("decoding response body"),
                    "{path}: {e}"
                )
            }
            other => panic!("{path}: {:?}", other.map(|r| r.body.len())),
        }
    }
}

// ------------------------------------------------------------- crawls

/// A run over `seeds` with the SSRF guard on (write_config turns it off)
/// and the SSRF pins in `[http.resolve]`.
fn guarded_run(portal: &MockPortal, seeds: &[String], extra: &str) -> Run {
    let run = Run::new(portal, &[HOSTILE], extra);
    std::fs::write(&run.seeds, seeds.join("\n") + "\n").unwrap();
    let text = std::fs::read_to_string(&run.config).unwrap();
    assert!(text.contains("allow_private_addresses = true\n"));
    let mut pins = String::from("[http.resolve]\n");
    for (host, ip, _) in SSRF_PINS {
        pins.push_str(&format!("\"{host}\" = \"{ip}\"\n"));
    }
    let text = text
        .replace(
            "allow_private_addresses = true\n",
            "allow_private_addresses = false\n",
        )
        .replacen("[http.resolve]\n", &pins, 1);
    std::fs::write(&run.config, text).unwrap();
    run
}

/// The records whose URL starts with `prefix`.
fn under<'a>(
    recs: &'a std::collections::BTreeMap<String, UrlRecord>,
    prefix: &str,
) -> Vec<&'a UrlRecord> {
    recs.values()
        .filter(|r| r.url.starts_with(prefix))
        .collect()
}

fn no_panic(out: &std::process::Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{}", tail(&stderr, 80));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ssrf_guard_in_a_crawl_refuses_links_and_redirects_but_not_seeds() {
    let portal = MockPortal::start().await;
    let port = portal.addr.port();
    let ip_seed = format!("http://127.0.0.1:{port}/");
    let run = guarded_run(
        &portal,
        &[portal.url(HOSTILE, "/ssrf/"), ip_seed.clone()],
        "",
    );
    let out = tokio::time::timeout(Duration::from_secs(120), run.crawl())
        .await
        .unwrap();
    assert_success(&out);
    no_panic(&out);

    for (host, _, _) in SSRF_PINS {
        assert!(portal.hits_for(host).is_empty(), "{host} was requested");
    }
    let seen: Vec<String> = portal
        .hits_for(HOSTILE)
        .iter()
        .map(|h| h.path_and_query.clone())
        .collect();
    for p in ["/ssrf/", "/ssrf/ok.html", "/ssrf/redirect"] {
        assert!(seen.iter().any(|s| s == p), "{p} not fetched: {seen:?}");
    }
    assert_eq!(
        portal.hits_for("127.0.0.1").len(),
        2,
        "the IP seed (robots.txt + /)"
    );

    let recs = run.records();
    for (host, ip, class) in SSRF_PINS {
        let mine = under(&recs, &format!("http://{host}:{port}/"));
        assert_eq!(mine.len(), 1, "{host}: {mine:?}");
        let r = mine[0];
        assert_eq!(r.state, State::Failed, "{r:?}");
        assert_eq!(r.attempts, 1, "refusals are not retried: {r:?}");
        let reason = r.reason.as_deref().unwrap_or_default();
        assert!(
            reason.contains(&format!("{ip} is a"))
                && reason.contains(&format!("{class} address (SSRF guard)")),
            "{host}: {reason}"
        );
    }
    let redirect = under(&recs, &portal.url(SSRF_REDIRECT, "/"))[0];
    assert_eq!(redirect.via, "redirect");
    for u in ["http://169.254.169.254/", "http://10.0.0.1/"] {
        let r = *under(&recs, u)
            .first()
            .unwrap_or_else(|| panic!("{u} not recorded"));
        assert_eq!(r.state, State::Skipped, "{r:?}");
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("refused"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_portal_leaves_the_crawl_standing() {
    let portal = MockPortal::start().await;
    let run = guarded_run(
        &portal,
        &[portal.url(HOSTILE, "/")],
        "[retry]\nmax_attempts = 1\n[crawl]\nmax_depth = 3\n",
    );
    let text = std::fs::read_to_string(&run.config).unwrap();
    let text = text.replace(
        "timeout_secs = 5\n",
        "timeout_secs = 2\nmax_body_bytes = 1048576\nmax_redirects = 3\n",
    );
    std::fs::write(&run.config, text).unwrap();
    let out = tokio::time::timeout(Duration::from_secs(180), run.crawl())
        .await
        .unwrap();
    assert_success(&out);
    no_panic(&out);

    let recs = run.records();
    let hits = portal.hits();
    assert!(
        hits.iter().all(|h| h.host == HOSTILE),
        "only the seed host is requested"
    );
    assert_eq!(
        hits.iter()
            .filter(|h| h.path_and_query == "/robots.txt")
            .count(),
        1
    );
    assert!(
        !hits
            .iter()
            .any(|h| h.path_and_query.starts_with("/private/")),
        "robots.txt (its first 512 KiB) disallows /private/"
    );
    let chain = hits
        .iter()
        .filter(|h| h.path_and_query.starts_with("/redirect/chain/"))
        .count();
    assert_eq!(chain, 4, "the first request and 3 redirects");

    for r in recs.values() {
        assert!(
            matches!(r.state, State::Done | State::Failed | State::Skipped),
            "left {:?}: {r:?}",
            r.state
        );
    }
    let rec = |path: &str| -> &UrlRecord {
        let u = portal.url(HOSTILE, path);
        recs.get(&u).unwrap_or_else(|| panic!("{u} not recorded"))
    };
    let failed_with = |path: &str, text: &str| {
        let r = rec(path);
        assert_eq!(r.state, State::Failed, "{path}: {r:?}");
        let reason = r.reason.as_deref().unwrap_or_default();
        assert!(reason.contains(text), "{path}: {reason}");
    };
    failed_with("/bomb/gzip.html", "body larger than the 1048576-byte cap");
    failed_with("/bomb/brotli.html", "body larger than the 1048576-byte cap");
    failed_with("/headers/many.html", "response headers too large");
    failed_with("/headers/huge.html", "response headers too large");
    failed_with("/headers/big.html", "http.max_header_bytes");
    failed_with("/slow/trickle.html", "timed out");
    failed_with("/bytes/truncated-gzip.html", "body read failed");
    failed_with("/bytes/not-gzip.html", "body read failed");
    failed_with("/bytes/not-brotli.html", "body read failed");
    failed_with("/redirect/chain/4", "more than 3 redirects");
    let done_titled = |path: &str, title: &str| {
        let r = rec(path);
        assert_eq!(r.state, State::Done, "{path}: {r:?}");
        let t = r
            .fetch
            .as_ref()
            .and_then(|f| f.title.clone())
            .unwrap_or_default();
        assert!(t.contains(title), "{path}: title {t:?}");
    };
    done_titled("/bytes/mislabelled.html", hostile::MISLABELLED_TITLE);
    done_titled("/bytes/invalid-utf8.html", hostile::INVALID_TITLE);
    done_titled("/bytes/invalid-gb18030.html", hostile::INVALID_TITLE);
    done_titled("/bytes/nul.html", "字节的页面");
    assert_eq!(rec("/headers/n80.html").state, State::Done);
    assert_eq!(rec("/bytes/binary.html").state, State::Done);
    for k in 0..hostile::BAD_LOCATIONS.len() {
        let r = rec(&format!("/redirect/bad/{k}"));
        let ok = r.state == State::Done
            || r.reason
                .as_deref()
                .is_some_and(|s| s.contains("without a usable Location"));
        assert!(ok, "bad Location {k}: {r:?}");
    }
    // Raw UTF-8 in Location is followed (percent-encoded); raw GBK is not.
    let utf8 = rec("/redirect/bad/5")
        .fetch
        .as_ref()
        .and_then(|f| f.redirect_to.clone());
    assert_eq!(
        utf8,
        Some(portal.url(
            HOSTILE,
            "/%E9%87%8D%E5%AE%9A%E5%90%91/%E7%9B%AE%E6%A0%87.html"
        ))
    );
    assert_eq!(rec("/redirect/bad/6").state, State::Failed);
    let port0 = recs
        .values()
        .find(|r| r.url.contains(":0/"))
        .expect("port 0 link");
    assert_eq!(port0.state, State::Failed);
    assert!(
        port0
            .reason
            .as_deref()
            .unwrap_or_default()
            .contains("port 0"),
        "{port0:?}"
    );
    for k in 0..hostile::ODD_BASES.len() {
        assert_eq!(
            rec(&format!("/bases/{k}.html")).state,
            State::Done,
            "base {k}"
        );
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    eprintln!("{stdout}");
}
