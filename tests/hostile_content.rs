//! Content- and store-side resource bounds against hostile pages and sites
//! (issue 6, item 2): links per page, HTML nesting depth, frontier size per
//! site, disk used by the data dir, pages per site, URL length.
//!
//! In: pages served by a tiny in-file axum server on loopback (one host,
//! `www.hostile.gov.cn`, pinned to 127.0.0.1) and the real `harvester`
//! binary. Out: assertions on what was fetched and recorded. Never: touch
//! the network beyond loopback, or synchronise by sleeping (the crawl runs
//! to its end; the nesting tests use a generous deadline only to fail
//! instead of hanging when the parser goes quadratic).

mod common;
mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{header, StatusCode, Uri};
use axum::response::IntoResponse;
use harvester::frontier::{State, UrlRecord};
use harvester::store::Store;
use url::Url;

use common::show;

const HOST: &str = "www.hostile.gov.cn";

type Pages = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// A loopback site answering every path with `pages(path)` (404 for None).
struct Site {
    port: u16,
    hits: Arc<Mutex<Vec<String>>>,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

impl Site {
    async fn start(pages: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Site {
        let pages: Pages = Arc::new(pages);
        let hits = Arc::new(Mutex::new(Vec::new()));
        let h = hits.clone();
        let app = axum::Router::new().fallback(move |uri: Uri| {
            let (pages, h) = (pages.clone(), h.clone());
            async move {
                let path = uri.path_and_query().map_or("/", |p| p.as_str()).to_string();
                h.lock().unwrap().push(path.clone());
                match pages(&path) {
                    Some(body) => {
                        ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
                    }
                    None => StatusCode::NOT_FOUND.into_response(),
                }
            }
        });
        let (port, tx) = common::serve(app).await;
        Site {
            port,
            hits,
            _shutdown: tx,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{HOST}:{}{path}", self.port)
    }

    /// Page requests so far (robots.txt left out), in order.
    fn pages_hit(&self) -> Vec<String> {
        let hits = self.hits.lock().unwrap();
        hits.iter()
            .filter(|p| *p != "/robots.txt")
            .cloned()
            .collect()
    }
}

/// A scratch dir with a seeds file (the site's `/`) and a data dir.
struct Crawl {
    dir: tempfile::TempDir,
    seeds: PathBuf,
    data: PathBuf,
}

impl Crawl {
    fn new(site: &Site) -> Crawl {
        let dir = tempfile::tempdir().unwrap();
        let seeds = dir.path().join("seeds.txt");
        std::fs::write(&seeds, format!("{}\n", site.url("/"))).unwrap();
        let data = dir.path().join("data");
        Crawl { dir, seeds, data }
    }

    /// Run `harvester crawl` to its end with `crawl_keys` in `[crawl]`,
    /// `max_disk` in `[store]` and extra `args`.
    async fn run(&self, crawl_keys: &str, max_disk: u64, args: &[&str]) -> Output {
        let config = self.dir.path().join("config.toml");
        std::fs::write(
            &config,
            format!(
                "[politeness]\nrequests_per_second = 1000.0\nburst = 50\nmax_concurrent_per_host = 4\n\
                 [http]\ntimeout_secs = 20\nconnect_timeout_secs = 5\nresolve_only = true\n\
                 allow_private_addresses = true\n[http.resolve]\n\"{HOST}\" = \"127.0.0.1\"\n\
                 [retry]\nmax_attempts = 1\n[progress]\nlog_interval_secs = 3600.0\n\
                 [crawl]\n{crawl_keys}\n[store]\nmax_disk_bytes = {max_disk}\n"
            ),
        )
        .unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_harvester"));
        cmd.arg("crawl")
            .arg("--seeds")
            .arg(&self.seeds)
            .arg("--config")
            .arg(&config)
            .arg("--data")
            .arg(&self.data)
            .args(args)
            .env("HARVESTER_LOG", "harvester=info")
            .stdin(Stdio::null());
        tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap()
    }

    fn records(&self) -> Vec<UrlRecord> {
        common::records(&self.data).into_values().collect()
    }
}

/// A page linking `/p0.html` … `/p{n-1}.html`.
fn link_farm(n: usize) -> String {
    html(
        &(0..n)
            .map(|i| format!("<a href=\"/p{i}.html\">第{i}篇</a>"))
            .collect::<String>(),
    )
}

fn html(body: &str) -> String {
    format!("<html><head><title>t</title></head><body>{body}</body></html>")
}

// ---------------------------------------------------------------- links per page

#[test]
fn a_page_of_100000_links_gives_the_first_5000() {
    let page = link_farm(100_000);
    let base = Url::parse("http://www.hostile.gov.cn/").unwrap();
    let d = harvester::discover::discover(&page, &base);
    assert_eq!(d.links.len(), harvester::discover::DEFAULT_MAX_LINKS);
    assert_eq!(d.links[0].url.path(), "/p0.html");
    assert_eq!(d.links[4999].url.path(), "/p4999.html");
    assert_eq!(d.dropped, 95_000);
    let d = harvester::discover::discover_bounded(&page, &base, 10);
    assert_eq!(d.links.len(), 10);
}

#[tokio::test(flavor = "multi_thread")]
async fn crawl_keeps_max_links_per_page() {
    let site = Site::start(|path| match path {
        "/" => Some(link_farm(100_000)),
        p if p.starts_with("/p") => Some(html("<p>正文</p>")),
        _ => None,
    })
    .await;
    let c = Crawl::new(&site);
    let out = c.run("max_links_per_page = 50", 50 << 30, &[]).await;
    assert!(out.status.success(), "{}", show(&out));
    let recs = c.records();
    assert_eq!(recs.len(), 51, "the seed and its first 50 links");
    assert!(recs
        .iter()
        .any(|r| r.url.ends_with("/p49.html") && r.state == State::Done));
    assert_eq!(site.pages_hit().len(), 51);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("more links than crawl.max_links_per_page"),
        "{}",
        show(&out)
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains("1 pages over crawl.max_links_per_page"),
        "{summary}"
    );
}

// ---------------------------------------------------------------- nesting depth

/// 100,000 nested tags of each kind through discovery, extraction and
/// classification on a thread with a 2 MiB stack (a recursive walk would
/// overflow it), each within a deadline (the parser is quadratic in depth:
/// without the guard this takes minutes).
#[test]
fn hostile_nesting_neither_overflows_nor_hangs() {
    const N: usize = 100_000;
    let variants: Vec<(&str, String)> = vec![
        ("div", "<div>".repeat(N)),
        ("b", "<b>".repeat(N)),
        ("font", "<font color=red>".repeat(N)),
        ("table", "<table>".repeat(N)),
        ("table-tr-td", "<table><tr><td>".repeat(N)),
        ("div + stray </span>", "<div></span>".repeat(N)),
        ("div/", "<div/>".repeat(N)),
        ("div-b-span", "<div><b><span>".repeat(N / 3)),
    ];
    for (name, nest) in variants {
        let page = format!(
            "<html><head><title>某县2023年政府信息公开工作年度报告</title></head><body>{nest}\
             <a href=\"/deep.html\">深处的链接</a><p>深处的文字</p></body></html>"
        );
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name(format!("nesting {name}"))
            .stack_size(2 << 20)
            .spawn(move || {
                let base = Url::parse("http://www.hostile.gov.cn/a/").unwrap();
                let d = harvester::discover::discover(&page, &base);
                let doc = harvester::understand::html::extract(&page, &base);
                let class = harvester::understand::classify::classify(&doc, &base, None);
                let _ = tx.send((d.links, doc.body, class.kind));
            })
            .unwrap();
        let (links, body, _kind) = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|e| panic!("{name}: no result within 30 s ({e})"));
        assert!(
            links
                .iter()
                .any(|l| l.url.as_str() == "http://www.hostile.gov.cn/deep.html"),
            "{name}: the deep link is still found: {links:?}"
        );
        assert!(body.contains("深处的文字"), "{name}: text kept");
    }
}

// ---------------------------------------------------------------- frontier per site

/// 20 list pages of 1,000 distinct out-of-scope links each: without the
/// bound, 20,000 skipped records; with it, no more than the bound. The
/// second run finds 20 new list pages on the seed (a new edition of the
/// site): the count, rebuilt from the store, keeps them out.
#[tokio::test(flavor = "multi_thread")]
async fn frontier_records_per_site_are_bounded_across_runs() {
    let edition = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let ed = edition.clone();
    let site = Site::start(move |path| {
        let list = ["l", "m"][ed.load(std::sync::atomic::Ordering::SeqCst)];
        if path == "/" {
            return Some(html(
                &(0..20)
                    .map(|i| format!("<a href=\"/{list}{i}.html\">列表{i}</a>"))
                    .collect::<String>(),
            ));
        }
        let i: usize = path.get(2..)?.strip_suffix(".html")?.parse().ok()?;
        Some(html(
            &(0..1000)
                .map(|j| format!("<a href=\"{path}/spam{i}.example.com/{j}.html\">x</a>"))
                .map(|a| a.replace("href=\"/", "href=\"http://"))
                .collect::<String>(),
        ))
    })
    .await;
    let c = Crawl::new(&site);
    let mut after_first = 0;
    for run in 0..2 {
        edition.store(run, std::sync::atomic::Ordering::SeqCst);
        let out = c.run("max_frontier_per_site = 3000", 50 << 30, &[]).await;
        assert!(out.status.success(), "run {run}: {}", show(&out));
        let n = c.records().len();
        if run == 0 {
            assert!(
                (2900..=3000).contains(&n),
                "run {run}: {n} records: the bound, not more, not much less"
            );
            after_first = n;
        } else {
            assert_eq!(n, after_first, "run {run}: nothing new recorded");
        }
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("site reached crawl.max_frontier_per_site"),
            "run {run}: {}",
            show(&out)
        );
        let summary = String::from_utf8_lossy(&out.stdout);
        assert!(summary.contains("FRONTIER FULL"), "run {run}: {summary}");
    }
    let lists: BTreeSet<String> = site.pages_hit().into_iter().filter(|p| p != "/").collect();
    let want: BTreeSet<String> = (0..20).map(|i| format!("/l{i}.html")).collect();
    assert_eq!(
        lists, want,
        "in-scope pages recorded before the bound are crawled, later ones not"
    );
}

// ---------------------------------------------------------------- disk used by data/

/// A site whose 60 list pages each add ~600 KB of skipped records.
async fn heavy_site() -> Site {
    Site::start(|path| {
        if path == "/" {
            return Some(html(
                &(0..60)
                    .map(|i| format!("<a href=\"/l{i}.html\">列表{i}</a>"))
                    .collect::<String>(),
            ));
        }
        let i: usize = path
            .strip_prefix("/l")?
            .strip_suffix(".html")?
            .parse()
            .ok()?;
        let pad = "q".repeat(850);
        Some(html(
            &(0..300)
                .map(|j| format!("<a href=\"http://other.example.com/{i}/{j}/{pad}\">x</a>"))
                .collect::<String>(),
        ))
    })
    .await
}

fn disk_usage(data: &Path) -> u64 {
    Store::open(data).unwrap().disk_usage().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn disk_bound_stops_the_crawl_like_an_interrupt() {
    let site = heavy_site().await;
    let c = Crawl::new(&site);

    // Over the bound from the start: nothing is fetched, the state is saved.
    let out = c.run("", 1, &[]).await;
    assert_eq!(out.status.code(), Some(130), "{}", show(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    let data = c.data.display().to_string();
    assert!(
        err.contains(&data) && err.contains("over store.max_disk_bytes = 1 B"),
        "{}",
        show(&out)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("STOPPED: "));
    assert!(site.pages_hit().is_empty(), "{:?}", site.pages_hit());
    assert_eq!(c.records().len(), 1, "the seed is queued for the next run");

    // A bound a few MB above the start: the crawl stops part-way.
    let bound = disk_usage(&c.data) + (3 << 20);
    let out = c.run("", bound, &[]).await;
    assert_eq!(out.status.code(), Some(130), "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&format!("({bound} bytes)")),
        "{}",
        show(&out)
    );
    let fetched: BTreeSet<String> = site.pages_hit().into_iter().collect();
    assert!(
        fetched.len() > 1 && fetched.len() < 30,
        "stopped within 16 responses (+ those in flight) of the bound: {} pages",
        fetched.len()
    );
    assert!(disk_usage(&c.data) > bound);
    let recs = c.records();
    assert!(
        recs.iter().all(|r| r.state != State::InFlight),
        "requests in flight were settled"
    );

    // Room again: the same run continues to its end.
    let out = c.run("", 50 << 30, &[]).await;
    assert!(out.status.success(), "{}", show(&out));
    let fetched: BTreeSet<String> = site.pages_hit().into_iter().collect();
    assert_eq!(fetched.len(), 61, "every page fetched in the end");
}

// ---------------------------------------------------------------- pages per site, URL length

#[tokio::test(flavor = "multi_thread")]
async fn pages_per_site_hold_across_runs() {
    let site = Site::start(|path| match path {
        "/" => Some(link_farm(50)),
        p if p.starts_with("/p") => Some(html("<p>正文</p>")),
        _ => None,
    })
    .await;
    let c = Crawl::new(&site);
    for run in 0..2 {
        let out = c.run("", 50 << 30, &["--max-pages", "5"]).await;
        assert!(out.status.success(), "run {run}: {}", show(&out));
        let fetched: BTreeSet<String> = site.pages_hit().into_iter().collect();
        assert_eq!(fetched.len(), 5, "run {run}: {fetched:?}");
    }
    let recs = c.records();
    let admitted = recs.iter().filter(|r| r.state != State::Skipped).count();
    assert_eq!(admitted, 5);
    assert!(recs.iter().any(|r| r
        .reason
        .as_deref()
        .is_some_and(|why| why.contains("max pages"))));
}

#[tokio::test(flavor = "multi_thread")]
async fn over_long_urls_are_neither_fetched_nor_recorded() {
    let long = format!("/{}.html", "a".repeat(3000));
    let page = html(&format!(
        "<a href=\"{long}\">长</a><a href=\"/ok.html\">短</a>"
    ));
    let site = Site::start(move |path| match path {
        "/" => Some(page.clone()),
        "/ok.html" => Some(html("<p>正文</p>")),
        _ => Some(html("<p>不该被请求</p>")),
    })
    .await;
    let c = Crawl::new(&site);
    let out = c.run("", 50 << 30, &[]).await;
    assert!(out.status.success(), "{}", show(&out));
    assert_eq!(site.pages_hit(), ["/", "/ok.html"]);
    let recs = c.records();
    assert!(recs.iter().all(|r| r.url.len() < 1024), "no record of it");
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(c.data.join("last-run.json")).unwrap()).unwrap();
    assert_eq!(summary["sites"][0]["run"]["traps"], 1, "{summary}");
}
