//! One HTTP request, made carefully: timeouts, a streamed body cap, no
//! automatic redirects, cookies per host, and a resolver that can be pinned.
//!
//! In: a URL (and a form body for a POST). Out: status, headers and body
//! bytes, or a [`FetchError`] saying what went wrong and whether it is worth
//! retrying. Never: buffer a body past `max_body_bytes` (it is read chunk by
//! chunk and abandoned at the cap), follow a redirect by itself (the engine
//! scope-checks and queues every hop), or decode text (charset is the
//! caller's job: see [`super::charset`]).

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, ACCEPT_LANGUAGE, CONTENT_TYPE};
use url::Url;

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
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
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
            FetchError::Other(_) => "request",
        }
    }
}

/// The HTTP client of a crawl.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    max_body: u64,
}

/// A resolver with fixed answers; with `only`, names it does not know fail.
struct PinnedResolver {
    map: BTreeMap<String, IpAddr>,
    only: bool,
}

impl reqwest::dns::Resolve for PinnedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().trim_end_matches('.').to_ascii_lowercase();
        if let Some(ip) = self.map.get(&host) {
            let addr = SocketAddr::new(*ip, 0);
            return Box::pin(
                async move { Ok(Box::new(std::iter::once(addr)) as reqwest::dns::Addrs) },
            );
        }
        if self.only {
            return Box::pin(async move {
                Err(format!("{host}: not in http.resolve and http.resolve_only is set").into())
            });
        }
        Box::pin(async move {
            let addrs = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let v: Vec<SocketAddr> = addrs.collect();
            Ok(Box::new(v.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

impl Fetcher {
    pub fn new(cfg: &Config) -> anyhow::Result<Fetcher> {
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
            .pool_idle_timeout(Duration::from_secs(30))
            .pool_max_idle_per_host(4);
        let builder = if lower.is_empty() && !cfg.http.resolve_only {
            builder
        } else {
            builder.no_proxy().dns_resolver(Arc::new(PinnedResolver {
                map: lower,
                only: cfg.http.resolve_only,
            }))
        };
        let client = builder.build()?;
        Ok(Fetcher {
            client,
            max_body: cfg.http.max_body_bytes,
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
        let mut resp = req.send().await.map_err(classify)?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let remote = resp.remote_addr().map(|a| a.ip());
        if let Some(len) = resp.content_length() {
            if len > self.max_body {
                return Err(FetchError::TooLarge {
                    limit: self.max_body,
                    declared: Some(len),
                });
            }
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(classify)? {
            if body.len() as u64 + chunk.len() as u64 > self.max_body {
                return Err(FetchError::TooLarge {
                    limit: self.max_body,
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
}

fn classify(e: reqwest::Error) -> FetchError {
    let msg = error_chain(&e);
    if e.is_timeout() {
        FetchError::Timeout
    } else if e.is_connect() {
        FetchError::Connect(msg)
    } else if e.is_body() || e.is_decode() {
        FetchError::Body(msg)
    } else {
        FetchError::Other(msg)
    }
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
