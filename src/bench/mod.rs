//! `harvester bench`: crawl a synthetic county-portal network on loopback
//! with politeness off and report what the crawl costs.
//!
//! In: [`Options`] (hosts, articles per host, concurrency; or `--frontier
//! N`). Out: a [`report::Report`]: pages fetched, wall time, pages/s, MB/s,
//! crawler CPU seconds per 1,000 pages, peak RSS, extraction ms per page;
//! with `--frontier N`, peak RSS with N URLs queued. Never: touch the
//! network beyond loopback, or the user's `data/` (the crawl state goes to a
//! temporary directory unless `--keep-data DIR` is given).
//!
//! How it is measured: the network (`site.rs`, `pages.rs`, `text.rs`,
//! `frontier_site.rs`) is served by axum (`server.rs`) in a **child
//! process** — this binary, `bench --serve-only --child` — so the crawler's
//! figures are its own: CPU is user + system time of this process from
//! `/proc/self/stat` over the crawl (every thread: runtime workers,
//! blocking pool, sled's flusher), peak RSS is `VmHWM` of this process read
//! when the crawl ends. The server's CPU is read from `/proc/<child>/stat`
//! and shown apart. The crawl is the real engine, [`crate::crawl::run`],
//! with the real parser and corpus. Extraction is timed afterwards, one
//! page at a time, on pages rendered in-process.
//!
//! Layouts: **virtual hosts** (`c0001.bench-county.gov.cn`, pinned to
//! 127.0.0.1 with `http.resolve` and `resolve_only`; the default) or
//! **path-prefixed** (`--prefixed`: `http://127.0.0.K:PORT/c000K/`, the
//! layout `--serve-only` prints for other crawlers, so harvester can be
//! compared with them on the same URLs).

mod frontier_site;
mod measure;
mod pages;
pub mod report;
mod server;
mod site;
mod text;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;

use crate::config::Config;
use crate::crawl;
use crate::seeds::Seed;
use crate::store::Store;
use frontier_site::FrontierSite;
use report::{Crawl, Extraction, FrontierFigures, Report, Timing};
use server::Network;
use site::{Kind, Page, Portal};

/// What `harvester bench` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    pub hosts: usize,
    /// Articles per host.
    pub pages: usize,
    /// `politeness.max_concurrent_total` (default 64).
    pub concurrency: Option<usize>,
    /// `politeness.max_concurrent_per_host` (default 8).
    pub per_host: Option<usize>,
    /// Keep the crawl state in this (new or empty) directory.
    pub keep_data: Option<PathBuf>,
    /// Frontier mode: one site linking this many never-fetched URLs.
    pub frontier: Option<u64>,
    /// Crawl the path-prefixed layout instead of virtual hosts.
    pub prefixed: bool,
    /// Articles timed for extraction.
    pub sample: usize,
}

/// What `harvester bench --serve-only` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub hosts: usize,
    pub pages: usize,
    pub frontier: Option<u64>,
    /// Port to listen on (0: any free one).
    pub port: u16,
    pub concurrency: Option<usize>,
    pub per_host: Option<usize>,
    /// Write the path-prefixed seed URLs here, one per line.
    pub write_seeds: Option<PathBuf>,
    /// Write a `config.toml` for `harvester crawl` of this network here.
    pub write_config: Option<PathBuf>,
}

const DEFAULT_PER_HOST: usize = 8;
const DEFAULT_TOTAL: usize = 64;

fn network(hosts: usize, pages: usize, frontier: Option<u64>) -> Network {
    Network {
        portal: Portal { hosts, pages },
        frontier: frontier.map(|urls| FrontierSite { urls }),
    }
}

/// The config of a bench crawl: politeness off, loopback only.
fn bench_config(hosts: usize, concurrency: Option<usize>, per_host: Option<usize>) -> Config {
    let mut cfg = Config::default();
    cfg.politeness.requests_per_second = 1000.0;
    cfg.politeness.burst = 1000;
    cfg.politeness.max_concurrent_per_host = per_host.unwrap_or(DEFAULT_PER_HOST);
    cfg.politeness.max_concurrent_total = concurrency.unwrap_or(DEFAULT_TOTAL);
    cfg.http.allow_private_addresses = true;
    cfg.http.resolve_only = true;
    let localhost = std::net::IpAddr::from([127, 0, 0, 1]);
    for k in 0..hosts {
        cfg.http.resolve.insert(Portal::host_name(k), localhost);
    }
    for h in [frontier_site::LIST_HOST, frontier_site::ARTICLE_HOST] {
        cfg.http.resolve.insert(h.to_string(), localhost);
    }
    cfg.crawl.max_pages_per_site = 1_000_000_000;
    cfg
}

fn seed(url: &str, name: String, k: usize) -> anyhow::Result<Seed> {
    Ok(Seed {
        url: url::Url::parse(url).with_context(|| format!("seed {url}"))?,
        name: Some(name),
        code: Some(format!("33{:04}", k + 1)),
        province: None,
        level: Some("county".into()),
        source: format!("bench:{}", k + 1),
    })
}

/// Path-prefixed seed URLs for the addresses a server listens on.
fn prefixed_seeds(addrs: &[std::net::SocketAddr], hosts: usize) -> Vec<String> {
    (0..hosts)
        .map(|k| {
            let a = addrs.get(k).or(addrs.first()).expect("an address");
            format!("http://{a}{}/", Portal::prefix(k))
        })
        .collect()
}

/// A data dir for the crawl: `--keep-data DIR` (new or empty) or a fresh temporary one.
fn data_dir(keep: Option<&Path>) -> anyhow::Result<PathBuf> {
    match keep {
        Some(d) => {
            let empty = std::fs::read_dir(d)
                .map(|mut e| e.next().is_none())
                .unwrap_or(true);
            if !empty {
                anyhow::bail!(
                    "--keep-data {}: must be a new or empty directory",
                    d.display()
                );
            }
            Ok(d.to_owned())
        }
        None => {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            Ok(
                std::env::temp_dir()
                    .join(format!("harvester-bench-{}-{nanos}", std::process::id())),
            )
        }
    }
}

/// Run the benchmark.
pub async fn run(opts: &Options) -> anyhow::Result<Report> {
    let net = network(opts.hosts, opts.pages, opts.frontier);
    let frontier = opts.frontier.is_some();
    let prefixed = opts.prefixed && !frontier;
    let mut child_args: Vec<String> = vec![
        "--serve-only".into(),
        "--child".into(),
        "--hosts".into(),
        opts.hosts.to_string(),
        "--pages".into(),
        opts.pages.to_string(),
    ];
    if let Some(n) = opts.frontier {
        child_args.extend(["--frontier".into(), n.to_string()]);
    }
    if prefixed {
        child_args.push("--prefixed".into());
    }
    let child = server::Child::spawn(&child_args)?;
    let port = child.addrs[0].port();

    let mut cfg = bench_config(opts.hosts, opts.concurrency, opts.per_host);
    let mut seeds = Vec::new();
    let (expected_pages, expected_reports) = if let Some(f) = &net.frontier {
        // Articles live on a host whose robots.txt answers 503: give it
        // up at once so they stay queued and the run ends by itself.
        cfg.robots.unavailable_max_attempts = 1;
        // The frontier bound (issue 6) would stop recording at 200,000:
        // this mode measures N queued URLs, so the bound is lifted above N.
        cfg.crawl.max_frontier_per_site = f.urls.saturating_mul(2).max(1000);
        let url = format!("http://{}:{port}/", frontier_site::LIST_HOST);
        seeds.push(seed(&url, "前沿县人民政府".into(), 0)?);
        (f.pages(), 0)
    } else {
        let urls = if prefixed {
            prefixed_seeds(&child.addrs, opts.hosts)
        } else {
            (0..opts.hosts)
                .map(|k| format!("http://{}:{port}/", Portal::host_name(k)))
                .collect()
        };
        for (k, u) in urls.iter().enumerate() {
            seeds.push(seed(u, format!("{}人民政府", Portal::county(k)), k)?);
        }
        (
            net.portal.pages_per_host() * opts.hosts as u64,
            net.portal.reports_per_host() * opts.hosts as u64,
        )
    };
    cfg.validate(Path::new("harvester bench"))?;
    let per_host = cfg.politeness.max_concurrent_per_host;
    let total = cfg.politeness.max_concurrent_total;

    let dir = data_dir(opts.keep_data.as_deref())?;
    let store = Store::open(&dir)?;
    let crawl_opts = crawl::Options {
        warc: None,
        parser: crate::parse::default_parser(),
    };
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let cpu0 = measure::cpu_secs("self");
    let server0 = measure::cpu_secs(&child.pid().to_string());
    let t0 = Instant::now();
    let (summary, _ending, _run) = crawl::run(cfg, seeds, store.clone(), crawl_opts, interrupt)
        .await
        .context("the bench crawl")?;
    let wall = t0.elapsed().as_secs_f64();
    let cpu = cpu0.zip(measure::cpu_secs("self")).map(|(a, b)| b - a);
    let server_cpu = server0
        .zip(measure::cpu_secs(&child.pid().to_string()))
        .map(|(a, b)| b - a);
    let peak = measure::peak_rss();
    let rss_end = measure::status_bytes("self", "VmRSS");
    drop(child);
    drop(store);

    let mut c = Crawl {
        expected_pages,
        expected_reports,
        wall_secs: wall,
        cpu_secs: cpu,
        server_cpu_secs: server_cpu,
        peak_rss_bytes: peak,
        ..Crawl::default()
    };
    for s in &summary.sites {
        c.pages += s.run.fetched;
        c.reports += s.run.reports;
        c.body_bytes += s.run.bytes;
        c.errors += s.run.errors.values().sum::<u64>();
        c.queued += s.queued;
    }
    c.pages_per_sec = c.pages as f64 / wall.max(1e-9);
    c.mb_per_sec = c.body_bytes as f64 / (1024.0 * 1024.0) / wall.max(1e-9);
    c.cpu_secs_per_1000_pages = cpu
        .filter(|_| c.pages > 0)
        .map(|s| s * 1000.0 / c.pages as f64);
    c.pages_per_cpu_sec = cpu.filter(|&s| s > 0.0).map(|s| c.pages as f64 / s);
    c.data_dir_bytes = measure::dir_bytes(&dir);
    if opts.keep_data.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }

    let extraction = (!frontier && opts.pages > 0 && opts.hosts > 0)
        .then(|| time_extraction(&net.portal, opts.sample));
    Ok(Report {
        mode: if frontier { "frontier" } else { "portal" },
        layout: if prefixed { "path-prefixed" } else { "virtual-hosts" },
        hosts: if frontier { 1 } else { opts.hosts },
        pages_per_host: opts.pages,
        max_concurrent_total: total,
        max_concurrent_per_host: per_host,
        crawl: c,
        extraction,
        frontier: net.frontier.map(|f| FrontierFigures {
            urls: f.urls,
            list_pages: f.list_pages(),
            rss_end_bytes: rss_end,
        }),
        data_dir: opts.keep_data.as_ref().map(|d| d.display().to_string()),
        method: "server in a child process; crawler CPU = utime+stime of this process over the crawl (/proc/self/stat); peak RSS = VmHWM of this process; extraction = fastest of 3 runs per page, one thread",
    })
}

fn timing(mut v: Vec<f64>) -> Timing {
    v.sort_by(f64::total_cmp);
    Timing {
        median_ms: measure::quantile(&v, 0.5),
        p95_ms: measure::quantile(&v, 0.95),
        max_ms: v.last().copied().unwrap_or(0.0),
    }
}

fn median_u64(mut v: Vec<u64>) -> u64 {
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or(0)
}

/// Time page understanding on `sample` articles spread over the network,
/// one page at a time on this thread.
fn time_extraction(portal: &Portal, sample: usize) -> Extraction {
    use crate::understand::classify::{classify, Kind as Class};
    const WARM_UP: usize = 5;
    // Each page is timed REPEAT times and the fastest kept: preemption by
    // other processes only ever makes a run slower, so the minimum is the
    // page's own cost even on a busy machine.
    const REPEAT: usize = 3;
    let fastest = |f: &mut dyn FnMut()| {
        (0..REPEAT)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64() * 1e3
            })
            .fold(f64::INFINITY, f64::min)
    };
    let mut ext = Vec::new();
    let mut read = Vec::new();
    let mut reports = Vec::new();
    let (mut sizes, mut report_sizes) = (Vec::new(), Vec::new());
    let mut misclassified = 0;
    for i in 0..sample + WARM_UP {
        let k = i % portal.hosts;
        let a = (i.wrapping_mul(7919) + i / portal.hosts) % portal.pages;
        let art = portal.article(k, a);
        let ctx = pages::Ctx {
            portal,
            k,
            base: "",
        };
        let html = pages::render(&ctx, Page::Article(art));
        let Ok(url) = url::Url::parse(&format!("http://{}{}", Portal::host_name(k), art.path()))
        else {
            continue;
        };
        let mut class = None;
        let ms = fastest(&mut || {
            let doc = crate::understand::html::extract(&html, &url);
            class = Some(classify(&doc, &url, None).kind);
        });
        let len = html.len() as u64;
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::CONTENT_TYPE,
            reqwest::header::HeaderValue::from_static("text/html; charset=utf-8"),
        );
        let resp = crate::fetch::client::Response {
            status: 200,
            remote: None,
            headers,
            body: html.into_bytes(),
        };
        let read_ms = fastest(&mut || {
            std::hint::black_box(crawl::work::understand(&url, &resp, false, ""));
        });
        if i < WARM_UP {
            continue;
        }
        let is_report = art.kind == Kind::Report;
        if is_report != (class == Some(Class::AnnualReport)) {
            misclassified += 1;
        }
        ext.push(ms);
        read.push(read_ms);
        sizes.push(len);
        if is_report {
            reports.push(ms);
            report_sizes.push(len);
        }
    }
    Extraction {
        sample: ext.len(),
        median_page_bytes: median_u64(sizes),
        extract_classify: timing(ext),
        read_page: timing(read),
        report_sample: reports.len(),
        reports: timing(reports),
        median_report_bytes: median_u64(report_sizes),
        misclassified,
    }
}

/// The hidden child mode: serve and report the addresses on stdout.
pub fn serve_child(
    hosts: usize,
    pages: usize,
    frontier: Option<u64>,
    prefixed: bool,
) -> anyhow::Result<()> {
    let addresses = if prefixed { hosts } else { 1 };
    server::serve_child(network(hosts, pages, frontier), addresses)
}

/// `--serve-only`: serve until Ctrl-C, after printing the seeds and the
/// resolve map (and writing them to files when asked).
pub async fn serve_only(opts: &ServeOptions) -> anyhow::Result<()> {
    let net = network(opts.hosts, opts.pages, opts.frontier);
    let server = server::start(net, opts.hosts.max(1), opts.port)
        .context("binding loopback addresses for the bench network")?;
    let port = server.addrs[0].port();
    let seeds = prefixed_seeds(&server.addrs, opts.hosts);
    let pages = net.portal.pages_per_host() * opts.hosts as u64;
    println!(
        "harvester bench network: {} hosts × {} articles = {pages} pages ({} reports), robots.txt allow-all",
        opts.hosts,
        opts.pages,
        net.portal.reports_per_host() * opts.hosts as u64
    );
    println!("\npath-prefixed seeds (one loopback address per host; same pages for any crawler):");
    for s in &seeds {
        println!("{s}");
    }
    println!("\nvirtual hosts (harvester: [http.resolve] pins with resolve_only = true):");
    for k in 0..opts.hosts {
        println!(
            "\"{}\" = \"127.0.0.1\"    # seed http://{}:{port}/",
            Portal::host_name(k),
            Portal::host_name(k)
        );
    }
    if let Some(f) = &net.frontier {
        println!(
            "\nfrontier site: http://{}:{port}/ ({} article URLs on {}, whose robots.txt answers 503)",
            frontier_site::LIST_HOST,
            f.urls,
            frontier_site::ARTICLE_HOST
        );
    }
    if let Some(p) = &opts.write_seeds {
        std::fs::write(p, seeds.join("\n") + "\n")
            .with_context(|| format!("{}: cannot write", p.display()))?;
        println!("\nseeds written to {}", p.display());
    }
    if let Some(p) = &opts.write_config {
        let cfg = config_toml(opts.hosts, opts.concurrency, opts.per_host);
        std::fs::write(p, cfg).with_context(|| format!("{}: cannot write", p.display()))?;
        println!(
            "config for `harvester crawl --config {}` written",
            p.display()
        );
    }
    println!("\nrequest counters: curl http://127.0.0.1:{port}/_stats (?reset=1 zeroes them). Ctrl-C stops.");
    tokio::signal::ctrl_c().await?;
    drop(server);
    Ok(())
}

/// A `config.toml` equivalent to [`bench_config`], for `harvester crawl`.
fn config_toml(hosts: usize, concurrency: Option<usize>, per_host: Option<usize>) -> String {
    let c = bench_config(hosts, concurrency, per_host);
    let mut s = format!(
        "# harvester bench network: politeness off, loopback only\n[politeness]\nrequests_per_second = {:.1}\nburst = {}\nmax_concurrent_per_host = {}\nmax_concurrent_total = {}\n\n[http]\nallow_private_addresses = true\nresolve_only = true\n\n[crawl]\nmax_pages_per_site = {}\n\n[http.resolve]\n",
        c.politeness.requests_per_second,
        c.politeness.burst,
        c.politeness.max_concurrent_per_host,
        c.politeness.max_concurrent_total,
        c.crawl.max_pages_per_site
    );
    for (name, ip) in &c.http.resolve {
        s.push_str(&format!("\"{name}\" = \"{ip}\"\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_config_parses_and_validates() {
        let text = config_toml(3, Some(16), Some(4));
        let cfg = Config::parse(&text, Path::new("bench.toml")).unwrap();
        cfg.validate(Path::new("bench.toml")).unwrap();
        assert_eq!(cfg.politeness.max_concurrent_per_host, 4);
        assert_eq!(cfg.http.resolve.len(), 5);
    }

    #[test]
    fn every_link_of_a_small_network_is_served() {
        // A complete crawl fetches exactly pages_per_host pages per host:
        // every in-site link the pages carry must route.
        let portal = Portal {
            hosts: 2,
            pages: 43,
        };
        let net = network(2, 43, None);
        for k in 0..2 {
            let ctx = pages::Ctx {
                portal: &portal,
                k,
                base: "",
            };
            let mut pages_seen = std::collections::BTreeSet::new();
            let mut todo = vec!["/".to_string()];
            let host = Portal::host_name(k);
            while let Some(p) = todo.pop() {
                if !pages_seen.insert(p.clone()) {
                    continue;
                }
                let route = portal
                    .route(k, &p)
                    .unwrap_or_else(|| panic!("{p} not served"));
                let html = pages::render(&ctx, route);
                let base = url::Url::parse(&format!("http://{host}{p}")).unwrap();
                for link in crate::discover::discover(&html, &base).links {
                    if link.url.host_str() == Some(host.as_str()) {
                        todo.push(link.url.path().to_string());
                    }
                }
                let (status, _, _) = net.answer(&host, 80, &p);
                assert_eq!(status, axum::http::StatusCode::OK, "{p}");
            }
            assert_eq!(
                pages_seen.len() as u64,
                portal.pages_per_host(),
                "{pages_seen:?}"
            );
        }
    }
}
