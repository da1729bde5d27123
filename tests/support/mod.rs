//! An in-process mock of several county-government portals, for integration
//! tests that run the real harvester crawl. Loopback only.
//!
//! One axum server on `127.0.0.1:0` serves several *virtual hosts*, chosen by
//! the request's `Host` header (port stripped). The crawler is configured
//! (see [`MockPortal::write_config`]) to resolve every host name to 127.0.0.1,
//! and URLs carry the port: `http://www.trs-county.gov.cn:41234/`. Pages that
//! use absolute links build them from the request's `Host` header.
//!
//! The server runs on its own thread with its own tokio runtime, so it keeps
//! answering whatever the test's runtime does (blocking waits included), and
//! stops when the [`MockPortal`] is dropped.
//!
//! | host | what it is |
//! |---|---|
//! | [`TRS`] | TRS WCM: `createPageHTML` pagers (3 variants), `.TRS_Editor` articles, a PDF attachment, robots `Disallow: /private/` |
//! | [`HANWEB`] | Hanweb jcms: `<datastore>` column page + `dataproxy.jsp` (POST and GET) |
//! | [`PLAIN`] | home-grown: 下一页 pagination, iframe, `<area>`, redirects, meta refresh, JS jump, traps, faults, RFC 9309 robots groups |
//! | [`PLAIN_XXGK`] | in-scope sub-domain of [`PLAIN`] |
//! | [`GBK`] | GBK bytes, `charset=gb2312` only in `<meta>`, GBK-only characters |
//! | [`SLOW`] | every request (robots.txt too) hangs 60 s |
//! | [`ANTIBOT`] | 412 + 瑞数-style JavaScript challenge |
//! | [`ROBOTS503`] | robots.txt 503 twice, then 200 |
//! | [`FAST`] | 20 tiny pages, instant |
//! | [`DELAY`] | robots `Crawl-delay: 0.4`, 5 tiny pages |
//! | [`ROBOTS_LOOP`] | robots.txt redirects forever |
//! | [`COOKIE`] | `/` sets a session cookie that `/members.html` requires |
//! | [`HOSTILE`] | attacks its crawler: 10 MiB robots.txt, gzip/brotli bombs, bad bytes, 10,000 headers, trickling body, redirect chains, malformed `Location`, odd `<base>`, SSRF links (see `hostile.rs`) |
//! | [`DUP`] | one county's reports, duplicated: republished column copy, print view, session-id variant, HTML + DOCX, a corrected edition (near-duplicate), an attachment-only report; [`MockPortal::set_edition`] adds a report |
//! | [`DUP_BIG5`] | 繁體 mirror of [`DUP`]: every path, converted with OpenCC `s2t` |
//!
//! HTTP validators (GET answers with status 200 only, see
//! [`MockPortal::validator_policy`]): [`TRS`] sends `ETag` and
//! `Last-Modified`, [`PLAIN`] and [`PLAIN_XXGK`] `Last-Modified` only,
//! [`GBK`] `ETag` only, [`DUP`] and [`DUP_BIG5`] both; the others none. The
//! `ETag` is `"<first 16 hex digits of BLAKE3(body)>"`, `Last-Modified` a
//! fixed date per host (a [`DUP`] page changed by edition 2 has a later one).
//! A matching `If-None-Match` (tag list, `*`, `W/` ignored) or, without
//! `If-None-Match`, an `If-Modified-Since` at or after `Last-Modified` gets
//! `304 Not Modified` with an empty body and the same validators.
//!
//! Anything else (including [`OUT_OF_SCOPE`] hosts) answers 404; every
//! request, whatever the host, is recorded as a [`Hit`].
#![allow(dead_code)]

mod chrome;
mod dup;
mod dup_report;
mod hanweb;
pub mod hostile;
mod others;
mod plain;
mod trs;
mod validators;

use std::collections::HashMap;
use std::future::IntoFuture;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, Uri};
use axum::response::Response;
use axum::Router;
use tokio::sync::{oneshot, watch};
use validators::{finish, validators, Conditions};

/// The exact title of the [`GBK`] article whose title has GBK-only
/// characters (朱镕基…).
pub fn gbk_title() -> &'static str {
    others::gbk_title()
}

pub const TRS: &str = "www.trs-county.gov.cn";
pub const HANWEB: &str = "www.hanweb-county.gov.cn";
pub const PLAIN: &str = "www.plain-county.gov.cn";
pub const PLAIN_XXGK: &str = "xxgk.plain-county.gov.cn";
pub const GBK: &str = "www.gbk-county.gov.cn";
pub const SLOW: &str = "slow.slow-county.gov.cn";
pub const ANTIBOT: &str = "www.antibot-county.gov.cn";
pub const ROBOTS503: &str = "www.robots503-county.gov.cn";
pub const FAST: &str = "www.fast-county.gov.cn";
pub const DELAY: &str = "www.delay-county.gov.cn";
pub const ROBOTS_LOOP: &str = "www.robotsloop-county.gov.cn";
pub const COOKIE: &str = "www.cookie-county.gov.cn";
/// A portal that attacks its crawler; see [`hostile`].
pub const HOSTILE: &str = hostile::HOSTILE;
/// Duplicates and re-harvests; see [`MockPortal::dup_report_groups`].
pub const DUP: &str = dup::DUP;
/// The Traditional-script mirror of [`DUP`] (same registrable domain).
pub const DUP_BIG5: &str = dup::DUP_BIG5;

/// Hosts linked from [`PLAIN`] that a crawl must never visit. Not served
/// (404), but [`MockPortal::write_config`] resolves them to 127.0.0.1 and the
/// links carry the port, so a scope bug shows up as a recorded [`Hit`].
pub const OUT_OF_SCOPE: [&str; 2] = ["www.evil-mirror.com", "www.other-county.gov.cn"];

const HOSTS: [&str; 15] = [
    TRS,
    HANWEB,
    PLAIN,
    PLAIN_XXGK,
    GBK,
    SLOW,
    ANTIBOT,
    ROBOTS503,
    FAST,
    DELAY,
    ROBOTS_LOOP,
    COOKIE,
    HOSTILE,
    DUP,
    DUP_BIG5,
];

/// `Last-Modified` of every [`TRS`] page.
pub const TRS_LAST_MODIFIED: &str = "Wed, 01 Jan 2025 00:00:00 GMT";
/// `Last-Modified` of every [`PLAIN`] and [`PLAIN_XXGK`] page.
pub const PLAIN_LAST_MODIFIED: &str = "Mon, 06 Jan 2025 08:00:00 GMT";
/// `Last-Modified` of the [`DUP`] / [`DUP_BIG5`] pages edition 2 does not
/// change.
pub const DUP_LAST_MODIFIED: &str = dup::LAST_MODIFIED;
/// `Last-Modified` of the [`DUP`] / [`DUP_BIG5`] pages edition 2 adds or
/// changes (report list page 1, report E).
pub const DUP_LAST_MODIFIED_2: &str = dup::LAST_MODIFIED_2;

/// One request as the mock saw it.
#[derive(Debug, Clone)]
pub struct Hit {
    /// `Host` header without the port, lower-cased.
    pub host: String,
    pub method: String,
    pub path_and_query: String,
    /// The request body (a POSTed form), lossily decoded; empty for GET.
    pub form: String,
    pub at: Instant,
    /// How many [`SLOW`] requests were in progress when this one arrived
    /// (not counting itself).
    pub slow_in_flight: usize,
    /// Response status; 0 until the response is built (a [`SLOW`] request
    /// whose client gave up stays 0). Set before the response is sent, so it
    /// is there once the client has the response headers.
    pub status: u16,
    /// Response body length sent; 0 for a 304, and for bodies that are
    /// streamed (no known length, or over 4 MiB: `/huge*.html`).
    pub bytes: usize,
    /// The `If-None-Match` request header, verbatim.
    pub if_none_match: Option<String>,
    /// The `If-Modified-Since` request header, verbatim.
    pub if_modified_since: Option<String>,
}

impl Hit {
    /// Whether the request was conditional (`If-None-Match` or
    /// `If-Modified-Since`).
    pub fn conditional(&self) -> bool {
        self.if_none_match.is_some() || self.if_modified_since.is_some()
    }
}

/// The running mock portal. Dropping it stops the server.
pub struct MockPortal {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
}

struct Shared {
    addr: SocketAddr,
    state: Mutex<MockState>,
    hit_count: watch::Sender<usize>,
    /// Flips to true (for good) on [`MockPortal::release_slow`].
    slow_release: watch::Sender<bool>,
    /// [`MockPortal::set_edition`].
    edition: AtomicU32,
}

#[derive(Default)]
struct MockState {
    hits: Vec<Hit>,
    /// Requests so far per `host + path_and_query`.
    per_path: HashMap<String, usize>,
    slow_in_flight: usize,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, MockState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Decrements the slow-request count when the handler finishes or is
/// dropped (client gone).
struct SlowGuard(Arc<Shared>);

impl Drop for SlowGuard {
    fn drop(&mut self) {
        let mut st = self.0.state();
        st.slow_in_flight = st.slow_in_flight.saturating_sub(1);
    }
}

/// What a site handler gets to know about a request.
pub(crate) struct Req {
    pub host: String,
    /// The port the client addressed (from `Host`), for absolute links.
    pub port: u16,
    pub method: Method,
    pub path: String,
    pub query: Option<String>,
    pub form: String,
    /// 1 for the first request of this host + path_and_query, then 2, 3…
    pub nth: usize,
    /// The `Cookie` request header, if any.
    pub cookie: Option<String>,
    /// The site edition ([`MockPortal::set_edition`]) when the request came.
    pub edition: u32,
}

impl Req {
    /// `http://{host}:{port}` for absolute links to `host`.
    pub fn origin(&self, host: &str) -> String {
        format!("http://{host}:{}", self.port)
    }

    /// A query parameter, or (for POST) a form field of that name.
    pub fn param(&self, name: &str) -> Option<String> {
        let from = |s: &str| {
            url::form_urlencoded::parse(s.as_bytes())
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        self.query
            .as_deref()
            .and_then(from)
            .or_else(|| from(&self.form))
    }
}

impl MockPortal {
    /// Bind `127.0.0.1:0` and start serving on a dedicated thread.
    pub async fn start() -> MockPortal {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Shared {
            addr,
            state: Mutex::new(MockState::default()),
            hit_count: watch::Sender::new(0),
            slow_release: watch::Sender::new(false),
            edition: AtomicU32::new(1),
        });
        let app = Router::new().fallback(handle).with_state(shared.clone());
        let (tx, rx) = oneshot::channel::<()>();
        std::thread::Builder::new()
            .name(format!("mock-portal-{}", addr.port()))
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("mock portal runtime");
                rt.block_on(async move {
                    let listener =
                        tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                    let server = axum::serve(listener, app).into_future();
                    tokio::select! {
                        _ = server => {}
                        _ = rx => {}
                    }
                });
                rt.shutdown_background();
            })
            .expect("spawn mock portal thread");
        MockPortal {
            addr,
            shared,
            shutdown: Some(tx),
        }
    }

    /// `http://{host}:{port}{path}`.
    pub fn url(&self, host: &str, path: &str) -> String {
        format!("http://{host}:{}{path}", self.addr.port())
    }

    /// Every virtual host served (all end in `.gov.cn`), for the crawler's
    /// resolve map. [`OUT_OF_SCOPE`] hosts are not in it.
    pub fn hosts() -> &'static [&'static str] {
        &HOSTS
    }

    /// Every request so far, in arrival order (unknown hosts and robots.txt
    /// included).
    pub fn hits(&self) -> Vec<Hit> {
        self.shared.state().hits.clone()
    }

    /// The hits whose host is `host`.
    pub fn hits_for(&self, host: &str) -> Vec<Hit> {
        let st = self.shared.state();
        st.hits.iter().filter(|h| h.host == host).cloned().collect()
    }

    /// Resolves once at least `n` requests have arrived.
    pub async fn wait_for_hits(&self, n: usize) {
        let mut rx = self.shared.hit_count.subscribe();
        // The sender lives as long as `self`, so this cannot fail.
        let _ = rx.wait_for(|&count| count >= n).await;
    }

    /// [`SLOW`] requests in progress right now.
    pub fn slow_in_flight(&self) -> usize {
        self.shared.state().slow_in_flight
    }

    /// Let every waiting [`SLOW`] request answer now (it answers 200), and
    /// every later one at once.
    pub fn release_slow(&self) {
        self.shared.slow_release.send_replace(true);
    }

    /// Every path_and_query (GET unless noted) a complete crawl of `host`
    /// must request: seeds (`/`), list pages, articles, attachments, and the
    /// entry of each trap/fault. robots.txt is not listed. For [`HANWEB`] the
    /// proxy requests are listed as `/module/web/jpage/dataproxy.jsp?startrecord=S&endrecord=E&perpage=P`.
    /// Empty for [`SLOW`] (nothing there can complete) and unknown hosts.
    pub fn expected_pages(&self, host: &str) -> Vec<String> {
        let pages = match host {
            TRS => trs::expected(),
            HANWEB => hanweb::expected(),
            PLAIN => plain::expected(),
            PLAIN_XXGK => plain::xxgk_expected(),
            GBK => others::gbk_expected(),
            ANTIBOT => vec!["/".to_string()],
            ROBOTS503 => others::robots503_expected(),
            FAST => others::fast_expected(),
            DELAY => others::delay_expected(),
            ROBOTS_LOOP => others::robots_loop_expected(),
            COOKIE => others::cookie_expected(),
            DUP | DUP_BIG5 => dup::expected(self.edition()),
            _ => Vec::new(),
        };
        debug_assert!(pages.iter().all(|p| p.starts_with('/')));
        pages
    }

    /// Paths of `host` that must never be requested (robots.txt disallows
    /// them for `harvester`, or they exist only beyond a pager's end).
    pub fn forbidden_pages(&self, host: &str) -> Vec<String> {
        match host {
            TRS => trs::forbidden(),
            PLAIN => plain::forbidden(),
            _ => Vec::new(),
        }
    }

    /// The pages of `host` (paths from [`Self::expected_pages`]) that are
    /// real 政府信息公开工作年度报告: HTML articles, plus attachment-only ones.
    pub fn report_pages(&self, host: &str) -> Vec<String> {
        match host {
            TRS => trs::reports(),
            HANWEB => hanweb::reports(),
            PLAIN => plain::reports(),
            PLAIN_XXGK => plain::xxgk_reports(),
            GBK => others::gbk_reports(),
            DUP | DUP_BIG5 => dup::reports(self.edition()),
            _ => Vec::new(),
        }
    }

    /// Switch the [`DUP`] / [`DUP_BIG5`] sites to edition `n` (1 at start).
    /// Edition 2 adds report E (2025年度) at the top of the report list's
    /// first page; every other page stays byte for byte the same.
    pub fn set_edition(&self, n: u32) {
        self.shared.edition.store(n, Ordering::SeqCst);
    }

    /// The current edition (see [`Self::set_edition`]).
    pub fn edition(&self) -> u32 {
        self.shared.edition.load(Ordering::SeqCst)
    }

    /// Which validators `host` sends on GET 200 answers: (`ETag`?, default
    /// `Last-Modified`).
    pub fn validator_policy(host: &str) -> (bool, Option<&'static str>) {
        let v = validators(host);
        (v.etag, v.last_modified)
    }

    /// Paths on [`DUP`] a complete crawl from `http://DUP:port/` must request
    /// (same as `expected_pages(DUP)`); the crawl must request the same paths
    /// on [`DUP_BIG5`] too (see [`Self::dup_expected_urls`]).
    pub fn dup_expected(&self) -> Vec<String> {
        dup::expected(self.edition())
    }

    /// Full URLs, on both [`DUP`] and [`DUP_BIG5`], a complete crawl from
    /// `http://DUP:port/` must request (robots.txt not listed).
    pub fn dup_expected_urls(&self) -> Vec<String> {
        let paths = self.dup_expected();
        [DUP, DUP_BIG5]
            .iter()
            .flat_map(|h| paths.iter().map(move |p| self.url(h, p)))
            .collect()
    }

    /// One entry per distinct report text of [`DUP`]: every full URL (as
    /// linked, `http://host:port/path?query`) carrying it: the [`DUP`] URLs,
    /// then the same paths on [`DUP_BIG5`]; the first is the canonical one
    /// (the article; for report D the DOCX). Groups in order: A (2024年度:
    /// article, republished copy in 新闻中心, print view, session variant),
    /// B (2023年度: page, DOCX), C (2022年度), C corrected, D (2021年度: DOCX,
    /// then its "详见附件。" page, which has no text of its own), and in
    /// edition 2 E (2025年度).
    pub fn dup_report_groups(&self) -> Vec<Vec<String>> {
        dup::groups(self.edition())
            .into_iter()
            .map(|g| {
                [DUP, DUP_BIG5]
                    .iter()
                    .flat_map(|h| g.iter().map(move |p| self.url(h, p)))
                    .collect()
            })
            .collect()
    }

    /// Pairs of near-duplicate (distinct but almost equal) report texts, as
    /// the www article URLs: report C and its corrected edition.
    pub fn dup_near_pairs(&self) -> Vec<(String, String)> {
        dup::near_pairs()
            .into_iter()
            .map(|(a, b)| (self.url(DUP, &a), self.url(DUP, &b)))
            .collect()
    }

    /// Write a harvester `config.toml` into `dir` (politeness 50 req/s, short
    /// timeouts, every host of [`Self::hosts`] and [`OUT_OF_SCOPE`] resolved
    /// to 127.0.0.1 with `resolve_only = true`, and
    /// `allow_private_addresses = true` since the SSRF guard refuses
    /// loopback), append `extra_toml`
    /// verbatim, and return the file's path.
    pub fn write_config(&self, dir: &Path, extra_toml: &str) -> PathBuf {
        let mut toml = String::from(
            "[politeness]\nrequests_per_second = 50.0\nburst = 1\n\n\
             [http]\ntimeout_secs = 5\nconnect_timeout_secs = 2\n\
             resolve_only = true\nallow_private_addresses = true\n\n[http.resolve]\n",
        );
        let ip = self.addr.ip();
        for host in HOSTS.iter().chain(OUT_OF_SCOPE.iter()) {
            toml.push_str(&format!("\"{host}\" = \"{ip}\"\n"));
        }
        if !extra_toml.is_empty() {
            toml.push('\n');
            toml.push_str(extra_toml);
            if !extra_toml.ends_with('\n') {
                toml.push('\n');
            }
        }
        let path = dir.join("config.toml");
        std::fs::write(&path, toml).expect("write config.toml");
        path
    }
}

impl Drop for MockPortal {
    fn drop(&mut self) {
        self.shared.slow_release.send_replace(true);
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// `host[:port]` → (lower-cased host, port).
fn split_host_port(authority: &str, default_port: u16) -> (String, u16) {
    let authority = authority.trim().to_ascii_lowercase();
    if let Some((host, port)) = authority.rsplit_once(':') {
        if let Ok(port) = port.parse() {
            return (host.to_string(), port);
        }
    }
    (authority, default_port)
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let authority = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| uri.authority().map(|a| a.to_string()))
        .unwrap_or_default();
    let (host, port) = split_host_port(&authority, shared.addr.port());
    let path_and_query = uri
        .path_and_query()
        .map_or_else(|| "/".to_string(), |pq| pq.as_str().to_string());
    let form = String::from_utf8_lossy(&body).into_owned();
    let slow = host == SLOW;
    let header_str = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let if_none_match = header_str(header::IF_NONE_MATCH);
    let if_modified_since = header_str(header::IF_MODIFIED_SINCE);

    let (nth, index, _guard) = {
        let mut st = shared.state();
        let nth = st
            .per_path
            .entry(format!("{host}{path_and_query}"))
            .and_modify(|n| *n += 1)
            .or_insert(1);
        let nth = *nth;
        let hit = Hit {
            host: host.clone(),
            method: method.to_string(),
            path_and_query: path_and_query.clone(),
            form: form.clone(),
            at: Instant::now(),
            slow_in_flight: st.slow_in_flight,
            status: 0,
            bytes: 0,
            if_none_match: if_none_match.clone(),
            if_modified_since: if_modified_since.clone(),
        };
        st.hits.push(hit);
        let guard = slow.then(|| {
            st.slow_in_flight += 1;
            SlowGuard(shared.clone())
        });
        (nth, st.hits.len() - 1, guard)
    };
    shared.hit_count.send_replace(index + 1);

    let req = Req {
        host,
        port,
        method,
        path: uri.path().to_string(),
        query: uri.query().map(str::to_string),
        form,
        nth,
        cookie: header_str(header::COOKIE),
        edition: shared.edition.load(Ordering::SeqCst),
    };
    let response = match req.host.as_str() {
        TRS => trs::serve(&req),
        HANWEB => hanweb::serve(&req),
        PLAIN => plain::serve(&req),
        PLAIN_XXGK => plain::serve_xxgk(&req),
        GBK => others::serve_gbk(&req),
        SLOW => others::serve_slow(&req, &shared.slow_release).await,
        ANTIBOT => others::serve_antibot(&req),
        ROBOTS503 => others::serve_robots503(&req),
        FAST => others::serve_fast(&req),
        DELAY => others::serve_delay(&req),
        ROBOTS_LOOP => others::serve_robots_loop(&req),
        COOKIE => others::serve_cookie(&req),
        HOSTILE => hostile::serve(&req).await,
        DUP => dup::serve(&req),
        DUP_BIG5 => dup::serve_big5(&req),
        _ => chrome::not_found(),
    };
    let conditions = Conditions {
        get: req.method == Method::GET,
        if_none_match: if_none_match.as_deref(),
        if_modified_since: if_modified_since.as_deref(),
    };
    let (response, bytes) = finish(response, validators(&req.host), &conditions).await;
    if let Some(hit) = shared.state().hits.get_mut(index) {
        hit.status = response.status().as_u16();
        hit.bytes = bytes;
    }
    response
}
