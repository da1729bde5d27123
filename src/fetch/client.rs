//! One HTTP request, made carefully: timeouts, streamed caps, bounded
//! headers, no automatic redirects, cookies per host, the SSRF guard, and a
//! resolver that can be pinned.
//!
//! In: a URL (and a form body for a POST). Out: status, headers and body
//! bytes, or a [`FetchError`] saying what went wrong and whether it is worth
//! retrying. Never: buffer a body past `http.max_body_bytes` after
//! decompression (it is read chunk by chunk and abandoned at the cap), keep
//! more than `http.max_robots_bytes` of a `/robots.txt` (it is cut at the
//! last complete line and the rest never read), accept more than
//! `http.max_headers` headers or `http.max_header_bytes` of them, take longer
//! than `http.timeout_secs` from connect to last byte, connect to a refused
//! address (see [`super::ssrf`]; checked after resolution and for IP-literal
//! URLs), follow a redirect by itself (the engine scope-checks and queues
//! every hop), or decode text (charset is the caller's job: see
//! [`super::charset`]).

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, ACCEPT_LANGUAGE, CONTENT_TYPE};
use url::{Host, Url};

use super::ssrf::{Guard, Refusal};
use crate::config::Config;

/// What an earlier response said about its version, for a conditional request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Validators {
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// A response, body complete and within the cap.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    /// The server's address, when the connection reported it.
    pub remote: Option<std::net::IpAddr>,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Response {
    /// A header's value, trimmed. Raw UTF-8 is accepted (Chinese servers
    /// send `Location: /信息公开/…` unencoded); other non-ASCII bytes give
    /// `None`.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| std::str::from_utf8(v.as_bytes()).ok())
            .map(|s| s.trim().to_string())
    }
}

/// Why a request produced no usable response.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FetchError {
    #[error("timed out")]
    Timeout,
    #[error("connect failed: {0}")]
    Connect(String),
    #[error("body larger than the {limit}-byte cap{}", declared.map(|d| format!(" (declared {d} bytes)")).unwrap_or_default())]
    TooLarge { limit: u64, declared: Option<u64> },
    #[error("body read failed: {0}")]
    Body(String),
    /// The SSRF guard refused the address, or the URL names port 0 (never
    /// retried; robots.txt is not asked for either).
    #[error("refused: {0}")]
    Refused(String),
    /// Too many response headers, or too many bytes of them.
    #[error("response headers too large: {0}")]
    HeadersTooLarge(String),
    #[error("request failed: {0}")]
    Other(String),
}

impl FetchError {
    /// Transient network trouble that a later try may not meet.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            FetchError::Timeout | FetchError::Connect(_) | FetchError::Body(_)
        )
    }

    /// A short stable label for summaries ("timeout", "connect", …).
    pub fn kind(&self) -> &'static str {
        match self {
            FetchError::Timeout => "timeout",
            FetchError::Connect(_) => "connect",
            FetchError::TooLarge { .. } => "too_large",
            FetchError::Body(_) => "body",
            FetchError::Refused(_) => "refused",
            FetchError::HeadersTooLarge(_) => "headers_too_large",
            FetchError::Other(_) => "request",
        }
    }
}

/// hyper's HTTP/1 read buffer, which bounds a response head (status line
/// and headers) whatever `http.max_header_bytes` says: 8 KiB + 100 × 4 KiB.
/// reqwest does not expose it; `hostile_net.rs` shows a 1 MB header fails.
pub const HYPER_MAX_HEAD_BYTES: usize = 8192 + 4096 * 100;

/// The HTTP client of a crawl.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    max_body: u64,
    max_robots: u64,
    max_headers: usize,
    max_header_bytes: u64,
    guard: Arc<Guard>,
}

/// A resolver with optional fixed answers (with `only`, names it does not
/// know fail) whose answers pass the SSRF guard.
struct GuardedResolver {
    map: BTreeMap<String, IpAddr>,
    only: bool,
    guard: Arc<Guard>,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().trim_end_matches('.').to_ascii_lowercase();
        let pinned = self.map.get(&host).copied();
        let only = self.only;
        let guard = self.guard.clone();
        Box::pin(async move {
            let ips: Vec<IpAddr> = match pinned {
                Some(ip) => vec![ip],
                None if only => {
                    return Err(
                        format!("{host}: not in http.resolve and http.resolve_only is set").into(),
                    )
                }
                None => tokio::net::lookup_host((host.as_str(), 0))
                    .await?
                    .map(|a| a.ip())
                    .collect(),
            };
            let ips = guard.filter(&host, ips)?;
            let addrs = ips.into_iter().map(|ip| SocketAddr::new(ip, 0));
            Ok(Box::new(addrs.collect::<Vec<_>>().into_iter()) as reqwest::dns::Addrs)
        })
    }
}

impl Fetcher {
    /// A client whose SSRF guard allows no host in particular.
    pub fn new(cfg: &Config) -> anyhow::Result<Fetcher> {
        Self::with_allowed_hosts(cfg, std::iter::empty::<&str>())
    }

    /// A client whose SSRF guard lets `hosts` (the seeds' hosts: names or IP
    /// literals) through whatever they resolve to.
    pub fn with_allowed_hosts<S: AsRef<str>>(
        cfg: &Config,
        hosts: impl IntoIterator<Item = S>,
    ) -> anyhow::Result<Fetcher> {
        let mut guard = Guard::new(cfg.http.allow_private_addresses);
        for h in hosts {
            guard.allow_host(h.as_ref());
        }
        let guard = Arc::new(guard);
        let mut headers = HeaderMap::new();
        headers.insert(
            ACCEPT,
            HeaderValue::from_static(
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            ),
        );
        headers.insert(
            ACCEPT_LANGUAGE,
            HeaderValue::from_static("zh-CN,zh;q=0.9,en;q=0.5"),
        );
        let mut lower: BTreeMap<String, IpAddr> = BTreeMap::new();
        for (k, v) in &cfg.http.resolve {
            lower.insert(k.trim_end_matches('.').to_ascii_lowercase(), *v);
        }
        let builder = reqwest::Client::builder()
            .user_agent(cfg.http.user_agent.clone())
            .default_headers(headers)
            .timeout(cfg.timeout())
            .connect_timeout(cfg.connect_timeout())
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .gzip(true)
            .brotli(true)
            .deflate(true)
            .http1_max_headers(cfg.http.max_headers)
            .http2_max_header_list_size(
                u32::try_from(cfg.http.max_header_bytes).unwrap_or(u32::MAX),
            )
            .pool_idle_timeout(Duration::from_secs(30))
            .pool_max_idle_per_host(4);
        // The guard must see the address it connects to, so no proxy (a
        // proxy would resolve the names itself) while it is on.
        let builder = if guard.allow_all && lower.is_empty() && !cfg.http.resolve_only {
            builder
        } else {
            builder.no_proxy().dns_resolver(Arc::new(GuardedResolver {
                map: lower,
                only: cfg.http.resolve_only,
                guard: guard.clone(),
            }))
        };
        let client = builder.build()?;
        Ok(Fetcher {
            client,
            max_body: cfg.http.max_body_bytes,
            max_robots: cfg.http.max_robots_bytes,
            max_headers: cfg.http.max_headers,
            max_header_bytes: cfg.http.max_header_bytes,
            guard,
        })
    }

    /// GET `url`, or POST `form` (urlencoded) to it.
    pub async fn fetch(&self, url: &Url, form: Option<&str>) -> Result<Response, FetchError> {
        self.fetch_if(url, form, &Validators::default()).await
    }

    /// Like [`Fetcher::fetch`], but conditional when `validators` hold an
    /// ETag (If-None-Match) or a Last-Modified date (If-Modified-Since).
    pub async fn fetch_if(
        &self,
        url: &Url,
        form: Option<&str>,
        validators: &Validators,
    ) -> Result<Response, FetchError> {
        // Nothing listens on port 0; connecting there fails after a while
        // on some systems and at once on others: refuse it here, for good.
        if url.port() == Some(0) {
            return Err(FetchError::Refused(format!(
                "{url} names port 0, where no server can listen"
            )));
        }
        // IP literals never reach the resolver: check them here.
        let literal: Option<IpAddr> = match url.host() {
            Some(Host::Ipv4(v4)) => Some(v4.into()),
            Some(Host::Ipv6(v6)) => Some(v6.into()),
            _ => None,
        };
        if let Some(ip) = literal {
            self.guard
                .check_literal(ip)
                .map_err(|r| FetchError::Refused(r.to_string()))?;
        }
        let req = match form {
            Some(body) => self
                .client
                .post(url.clone())
                .header(
                    CONTENT_TYPE,
                    "application/x-www-form-urlencoded; charset=UTF-8",
                )
                .body(body.to_string()),
            None => self.client.get(url.clone()),
        };
        let mut req = req;
        if let Some(etag) = &validators.etag {
            req = req.header(reqwest::header::IF_NONE_MATCH, etag.as_str());
        }
        if let Some(lm) = &validators.last_modified {
            req = req.header(reqwest::header::IF_MODIFIED_SINCE, lm.as_str());
        }
        let mut resp = req.send().await.map_err(|e| self.classify(e))?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let head_bytes = header_bytes(&headers);
        if head_bytes > self.max_header_bytes {
            return Err(FetchError::HeadersTooLarge(format!(
                "{head_bytes} bytes in {} headers, over the http.max_header_bytes cap of {}",
                headers.len(),
                self.max_header_bytes
            )));
        }
        let remote = resp.remote_addr().map(|a| a.ip());
        // robots.txt: keep what fits (RFC 9309 §2.5 lets a crawler stop at
        // 500 KiB and parse what it has); anything else: fail at the cap.
        let robots = form.is_none() && url.path() == "/robots.txt";
        let limit = if robots {
            self.max_robots
        } else {
            self.max_body
        };
        if let Some(len) = resp.content_length() {
            if len > limit && !robots {
                return Err(FetchError::TooLarge {
                    limit,
                    declared: Some(len),
                });
            }
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.classify(e))? {
            if body.len() as u64 + chunk.len() as u64 > limit {
                if robots {
                    let room = (limit as usize).saturating_sub(body.len());
                    body.extend_from_slice(&chunk[..room.min(chunk.len())]);
                    let end = body.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
                    body.truncate(end);
                    tracing::info!(%url, kept = body.len(), "robots.txt over http.max_robots_bytes: the rest is not read");
                    break;
                }
                return Err(FetchError::TooLarge {
                    limit,
                    declared: None,
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Response {
            status,
            remote,
            headers,
            body,
        })
    }

    fn classify(&self, e: reqwest::Error) -> FetchError {
        let msg = error_chain(&e);
        let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        while let Some(c) = cur {
            if let Some(r) = c.downcast_ref::<Refusal>() {
                return FetchError::Refused(r.to_string());
            }
            cur = c.source();
        }
        if msg.contains("message head is too large") {
            FetchError::HeadersTooLarge(format!(
                "more than http.max_headers = {} headers, or a response head over {} bytes ({msg})",
                self.max_headers, HYPER_MAX_HEAD_BYTES
            ))
        } else if e.is_timeout() {
            FetchError::Timeout
        } else if e.is_connect() {
            FetchError::Connect(msg)
        } else if e.is_body() || e.is_decode() {
            FetchError::Body(msg)
        } else {
            FetchError::Other(msg)
        }
    }
}

/// Bytes of a header block as sent on the wire (`name: value\r\n`).
fn header_bytes(h: &HeaderMap) -> u64 {
    h.iter()
        .map(|(k, v)| (k.as_str().len() + v.len() + 4) as u64)
        .sum()
}

/// The error with its causes, on one line.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let m = c.to_string();
        if !s.contains(&m) {
            s.push_str(": ");
            s.push_str(&m);
        }
        cur = c.source();
    }
    s
}
