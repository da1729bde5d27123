//! Serving the synthetic network on loopback: axum on its own thread and
//! tokio runtime (threads named `bench-portal*`), and the child-process
//! protocol `harvester bench` uses to keep the server out of its own CPU and
//! memory figures.
//!
//! In: a [`Network`] and how many loopback addresses to listen on. Out: the
//! bound addresses; every request answered from [`Network::answer`]. Never:
//! listen beyond 127.0.0.0/8, or keep anything per request but counters.
//!
//! Addressing (both at once, on every address):
//! - **virtual hosts**: `Host: c0001.bench-county.gov.cn:PORT` (the crawler
//!   pins the names to 127.0.0.1 with `http.resolve`);
//! - **path prefix**: `http://127.0.0.K:PORT/c000K/…` — host `K` is also given
//!   its own loopback address, so crawlers that count politeness per host
//!   name (harvester) or per IP (Scrapy's download slots) see one site per
//!   host, and both crawl the same pages.
//!
//! `GET /_stats` (any host) answers the request and byte counters as JSON;
//! `/_stats?reset=1` zeroes them. Nothing links to it.

use std::future::IntoFuture;
use std::io::{BufRead, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use axum::Router;

use super::frontier_site::{Answer, FrontierSite};
use super::pages::{self, Ctx};
use super::site::Portal;

/// Everything the server answers for.
#[derive(Debug, Clone, Copy)]
pub struct Network {
    pub portal: Portal,
    pub frontier: Option<FrontierSite>,
}

const ALLOW_ALL: &str = "User-agent: *\nDisallow:\n";

impl Network {
    /// The answer to `path` on `host` (lower-case, port removed).
    pub fn answer(&self, host: &str, port: u16, path: &str) -> (StatusCode, &'static str, Vec<u8>) {
        const HTML: &str = "text/html; charset=utf-8";
        const TEXT: &str = "text/plain; charset=utf-8";
        if let Some(f) = &self.frontier {
            match f.answer(host, port, path) {
                Some(Answer::Html(s)) => return (StatusCode::OK, HTML, s.into_bytes()),
                Some(Answer::AllowAll) => return (StatusCode::OK, TEXT, ALLOW_ALL.into()),
                Some(Answer::Unavailable) => {
                    return (StatusCode::SERVICE_UNAVAILABLE, TEXT, b"busy".to_vec())
                }
                Some(Answer::NotFound) => return not_found(),
                None => {}
            }
        }
        if path == "/robots.txt" {
            return (StatusCode::OK, TEXT, ALLOW_ALL.into());
        }
        let portal = &self.portal;
        let (k, base, rest) = match portal.host_index(host) {
            Some(k) => (k, String::new(), path),
            None => match portal.split_prefix(path) {
                Some((k, rest)) => (k, Portal::prefix(k), rest),
                None => return not_found(),
            },
        };
        match portal.route(k, rest) {
            Some(page) => {
                let ctx = Ctx {
                    portal,
                    k,
                    base: &base,
                };
                (StatusCode::OK, HTML, pages::render(&ctx, page).into_bytes())
            }
            None => not_found(),
        }
    }
}

fn not_found() -> (StatusCode, &'static str, Vec<u8>) {
    (
        StatusCode::NOT_FOUND,
        "text/html; charset=utf-8",
        "<html><head><title>404 页面不存在</title></head><body><h1>404</h1></body></html>".into(),
    )
}

/// The loopback address of host `k` in the path-prefixed layout:
/// 127.0.0.1 for host 0, 127.0.0.2 for host 1, … (250 per third octet).
pub fn host_ip(k: usize) -> Ipv4Addr {
    Ipv4Addr::new(127, (k / 250 % 250) as u8, 0, (k % 250 + 1) as u8)
}

#[derive(Default)]
struct Counters {
    requests: AtomicU64,
    bytes: AtomicU64,
    not_found: AtomicU64,
}

struct Shared {
    net: Network,
    counters: Counters,
}

/// A running server; dropping it stops it.
pub struct Server {
    pub addrs: Vec<SocketAddr>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Bind `addresses` loopback addresses (host k's at [`host_ip`]`(k)`, all
/// on one port when it is free everywhere, else any port) and serve
/// `net` on a thread of its own.
pub fn start(net: Network, addresses: usize, port: u16) -> std::io::Result<Server> {
    let first = TcpListener::bind((host_ip(0), port))?;
    let port = first.local_addr()?.port();
    let mut listeners = vec![first];
    for k in 1..addresses.max(1) {
        let l = match TcpListener::bind((host_ip(k), port)) {
            Ok(l) => l,
            Err(_) => TcpListener::bind((host_ip(k), 0))?,
        };
        listeners.push(l);
    }
    let mut addrs = Vec::new();
    for l in &listeners {
        l.set_nonblocking(true)?;
        addrs.push(l.local_addr()?);
    }
    let shared = Arc::new(Shared {
        net,
        counters: Counters::default(),
    });
    let app = Router::new().fallback(handle).with_state(shared);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("bench-portal".into())
        .spawn(move || {
            let rt = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("bench-portal-w")
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => {
                    tracing::error!("bench portal runtime: {e}");
                    return;
                }
            };
            rt.block_on(async move {
                let mut servers = tokio::task::JoinSet::new();
                for l in listeners {
                    match tokio::net::TcpListener::from_std(l) {
                        Ok(l) => {
                            servers.spawn(axum::serve(l, app.clone()).into_future());
                        }
                        Err(e) => tracing::error!("bench portal listener: {e}"),
                    }
                }
                let _ = rx.await;
                servers.abort_all();
            });
            rt.shutdown_background();
        })?;
    Ok(Server {
        addrs,
        shutdown: Some(tx),
        thread: Some(thread),
    })
}

async fn handle(State(st): State<Arc<Shared>>, uri: Uri, headers: HeaderMap) -> Response {
    let authority = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, p.parse().unwrap_or(80)),
        None => (authority, 80),
    };
    let host = host.to_ascii_lowercase();
    let path = uri.path();
    let c = &st.counters;
    if path == "/_stats" {
        let body = format!(
            "{{\"requests\":{},\"bytes\":{},\"not_found\":{}}}\n",
            c.requests.load(Ordering::Relaxed),
            c.bytes.load(Ordering::Relaxed),
            c.not_found.load(Ordering::Relaxed)
        );
        if uri.query() == Some("reset=1") {
            for a in [&c.requests, &c.bytes, &c.not_found] {
                a.store(0, Ordering::Relaxed);
            }
        }
        return reply(StatusCode::OK, "application/json", body.into_bytes());
    }
    let (status, ctype, body) = st.net.answer(&host, port, path);
    c.requests.fetch_add(1, Ordering::Relaxed);
    c.bytes.fetch_add(body.len() as u64, Ordering::Relaxed);
    if status == StatusCode::NOT_FOUND {
        c.not_found.fetch_add(1, Ordering::Relaxed);
    }
    reply(status, ctype, body)
}

fn reply(status: StatusCode, ctype: &'static str, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    r
}

/// The line a child server prints on stdout once it listens.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Ready {
    pub addrs: Vec<SocketAddr>,
}

/// Child side: serve, announce the addresses as one JSON line on stdout,
/// and stop when stdin closes (the parent ended, however it ended).
pub fn serve_child(net: Network, addresses: usize) -> anyhow::Result<()> {
    let server = start(net, addresses, 0)?;
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(
        &mut out,
        &Ready {
            addrs: server.addrs.clone(),
        },
    )?;
    out.write_all(b"\n")?;
    out.flush()?;
    let mut sink = String::new();
    let mut stdin = std::io::stdin().lock();
    while stdin.read_line(&mut sink).map(|n| n > 0).unwrap_or(false) {
        sink.clear();
    }
    drop(server);
    Ok(())
}

/// A server running in a child process (this binary, `bench --serve-only
/// --child`).
pub struct Child {
    child: std::process::Child,
    pub addrs: Vec<SocketAddr>,
}

impl Child {
    /// Start the child with `args` (after `bench`) and wait for its addresses.
    pub fn spawn(args: &[String]) -> anyhow::Result<Child> {
        use anyhow::Context as _;
        let exe = std::env::current_exe().context("locating the harvester binary")?;
        let mut child = std::process::Command::new(&exe)
            .arg("bench")
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .with_context(|| format!("starting {} bench --serve-only", exe.display()))?;
        let stdout = child.stdout.take().context("child stdout")?;
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .context("reading the bench server's addresses")?;
        let ready: Ready = serde_json::from_str(line.trim()).with_context(|| {
            let _ = child.kill();
            format!("bench server did not start (said {line:?})")
        })?;
        Ok(Child {
            child,
            addrs: ready.addrs,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        // Closing stdin stops it; kill in case it does not notice.
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
