//! One unit of crawl work, run as its own task: fetch a request, then
//! understand the answer off the async threads.
//!
//! In: a [`Job`] (a page or a robots.txt). Out: a [`JobResult`] carrying
//! everything the engine needs to settle it. Never: touch the frontier or
//! the host table (the engine owns them), or parse HTML on an async worker
//! thread (decoding and link discovery run in `spawn_blocking`).

use std::time::SystemTime;

use url::Url;

use crate::discover::{self, Link};
use crate::fetch::client::{FetchError, Fetcher, Response, Validators};
use crate::fetch::robots::{self, RobotsStatus};
use crate::fetch::{antibot, charset};
use crate::frontier::{canon, FetchMeta, UrlRecord};
use crate::understand::classify::Kind;
use crate::understand::{self, Readability, SourceType};

/// Longest time reading one response (decode, links, extraction) may take.
const UNDERSTAND_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Page readings (decode, parse, extract, classify) run on the blocking
/// pool, at most [`READINGS_PER_CORE`] per core at a time: each holds a
/// parsed tree (about ten times its page) in memory, and with 64 fetches in
/// flight unbounded readings only pile up trees. Measured on 2 cores
/// (`harvester bench --hosts 10 --pages 300`): unbounded 3.19 CPU s per
/// 1,000 pages and 134 MB peak RSS; 1 per core 3.6 s and 86 MB (the
/// fetching side then idles and wakes more per page); 4 per core 3.19 s
/// and 109 MB. A reading that passes [`UNDERSTAND_LIMIT`] is abandoned but
/// keeps its permit until its thread really ends, so the bound holds even
/// then.
const READINGS_PER_CORE: usize = 4;

static READINGS: std::sync::LazyLock<std::sync::Arc<tokio::sync::Semaphore>> =
    std::sync::LazyLock::new(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        std::sync::Arc::new(tokio::sync::Semaphore::new(READINGS_PER_CORE * cores))
    });

/// robots.txt redirects followed before it counts as "unavailable" (4xx).
const ROBOTS_MAX_REDIRECTS: u32 = 5;

pub enum Job {
    Page { host: String, rec: Box<UrlRecord> },
    Robots { host: String, origin: String },
}

pub enum JobResult {
    Page {
        host: String,
        rec: Box<UrlRecord>,
        outcome: PageOutcome,
    },
    Robots {
        host: String,
        origin: String,
        status: RobotsStatus,
    },
}

/// What fetching and reading one page gave.
pub enum PageOutcome {
    /// No response (network trouble, or the body cap).
    Error(FetchError),
    /// A response, read.
    Response(Box<Page>),
}

pub struct Page {
    pub meta: FetchMeta,
    /// The exchange as made and received, for the WARC archive and the corpus.
    pub exchange: Exchange,
    /// The understood document, when the page or attachment is a report.
    pub report: Option<Box<understand::Document>>,
    pub retry_after: Option<String>,
    pub challenge: Option<antibot::Challenge>,
    pub links: Vec<Link>,
    /// Link candidates ignored past `crawl.max_links_per_page`.
    pub links_dropped: usize,
    pub kind: Option<Kind>,
}

pub async fn run(job: Job, fetcher: Fetcher, agent: String, max_links: usize) -> JobResult {
    match job {
        Job::Robots { host, origin } => {
            let status = fetch_robots(&fetcher, &origin, &agent).await;
            JobResult::Robots {
                host,
                origin,
                status,
            }
        }
        Job::Page { host, rec } => {
            let outcome = fetch_page(&fetcher, &rec, max_links).await;
            JobResult::Page { host, rec, outcome }
        }
    }
}

/// One request and its response, as made and received (body decoded).
#[derive(Debug, Default)]
pub struct Exchange {
    pub method: &'static str,
    /// Headers harvester set itself (the client adds User-Agent, Accept-Encoding, cookies).
    pub request_headers: Vec<(String, String)>,
    pub response_headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub remote: Option<std::net::IpAddr>,
    pub at: Option<SystemTime>,
}

/// The validators of a record's last full response, for a conditional re-fetch.
fn validators(rec: &UrlRecord) -> Validators {
    match &rec.fetch {
        Some(f) if (200..300).contains(&f.status) => Validators {
            etag: f.etag.clone(),
            last_modified: f.last_modified.clone(),
        },
        _ => Validators::default(),
    }
}

async fn fetch_page(fetcher: &Fetcher, rec: &UrlRecord, max_links: usize) -> PageOutcome {
    let Ok(url) = Url::parse(&rec.url) else {
        return PageOutcome::Error(FetchError::Other(format!("unparsable URL {}", rec.url)));
    };
    let validators = validators(rec);
    let at = SystemTime::now();
    let resp = match fetcher
        .fetch_if(&url, rec.form.as_deref(), &validators)
        .await
    {
        Ok(r) => r,
        Err(e) => return PageOutcome::Error(e),
    };
    let mut request_headers = Vec::new();
    if rec.form.is_some() {
        request_headers.push((
            "Content-Type".to_string(),
            "application/x-www-form-urlencoded; charset=UTF-8".to_string(),
        ));
    }
    if let Some(e) = &validators.etag {
        request_headers.push(("If-None-Match".into(), e.clone()));
    }
    if let Some(lm) = &validators.last_modified {
        request_headers.push(("If-Modified-Since".into(), lm.clone()));
    }
    let document = rec.document;
    let anchor = rec.anchor.clone();
    let method = if rec.form.is_some() { "POST" } else { "GET" };
    let Ok(permit) = READINGS.clone().acquire_owned().await else {
        return PageOutcome::Error(FetchError::Other("page reading pool closed".into()));
    };
    let reading = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let mut page = understand_bounded(&url, &resp, document, &anchor, max_links);
        page.exchange = Exchange {
            method,
            request_headers,
            response_headers: resp
                .headers
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: resp.body,
            remote: resp.remote,
            at: Some(at),
        };
        page
    });
    // A pathological file must not hold the crawl: after the limit the
    // blocking thread is abandoned and the URL fails with the reason.
    match tokio::time::timeout(UNDERSTAND_LIMIT, reading).await {
        Ok(Ok(page)) => PageOutcome::Response(Box::new(page)),
        Ok(Err(e)) => PageOutcome::Error(FetchError::Other(format!("page reading failed: {e}"))),
        Err(_) => PageOutcome::Error(FetchError::Other(format!(
            "page reading took longer than {} s",
            UNDERSTAND_LIMIT.as_secs()
        ))),
    }
}

/// Read a response: metadata, anti-bot challenge, its content and kind
/// (page understanding), and for HTML its links (at most
/// [`discover::DEFAULT_MAX_LINKS`]). Pure apart from the clock.
pub fn understand(url: &Url, resp: &Response, document: bool, link_text: &str) -> Page {
    understand_bounded(url, resp, document, link_text, discover::DEFAULT_MAX_LINKS)
}

/// [`understand`], keeping at most `max_links` links.
pub fn understand_bounded(
    url: &Url,
    resp: &Response,
    document: bool,
    link_text: &str,
    max_links: usize,
) -> Page {
    let content_type = resp.header("content-type");
    let mut meta = FetchMeta {
        status: resp.status,
        final_url: url.to_string(),
        etag: resp.header("etag"),
        last_modified: resp.header("last-modified"),
        content_type: content_type.clone(),
        fetched_at: now_rfc3339(),
        bytes: resp.body.len() as u64,
        ..FetchMeta::default()
    };
    let challenge = antibot::detect(resp.status, &resp.headers, &resp.body);
    if (300..400).contains(&resp.status) {
        meta.redirect_to = resp
            .header("location")
            .and_then(|loc| canon::resolve(url, &loc))
            .map(|u| u.to_string());
    }
    let mut page = Page {
        meta,
        exchange: Exchange::default(),
        report: None,
        retry_after: resp.header("retry-after"),
        challenge,
        links: Vec::new(),
        links_dropped: 0,
        kind: None,
    };
    if !(200..300).contains(&resp.status) || page.challenge.is_some() {
        return page;
    }
    let (doc, links) = if document || !is_markup(content_type.as_deref(), &resp.body) {
        // Attachments: read (PDF, DOCX) or recorded as unsupported; never parsed as HTML.
        (
            understand::understand(&resp.body, content_type.as_deref(), url),
            Vec::new(),
        )
    } else {
        let decoded = charset::decode(&resp.body, content_type.as_deref());
        page.meta.charset = Some(format!(
            "{} ({:?})",
            decoded.encoding.name(),
            decoded.source
        ));
        // One parse serves link discovery and extraction.
        let tree = understand::html::parse(&decoded.text);
        let found = discover::discover_document(&tree, &decoded.text, url, max_links);
        page.links_dropped = found.dropped;
        let mut doc = understand::html::extract_document(&tree, url);
        drop(tree);
        if doc.title.is_none() {
            doc.title = found
                .article_title
                .or(found.title)
                .map(|t| t.trim().to_string());
        }
        (doc, found.links)
    };
    let anchor = (!link_text.is_empty()).then_some(link_text);
    let class = understand::classify::classify(&doc, url, anchor);
    page.meta.title = doc.title.clone();
    page.meta.page_kind = Some(class.kind.as_str().into());
    page.meta.source_type = Some(source_type_str(doc.source_type).into());
    page.meta.readability = Some(readability_str(&doc.readability));
    page.meta.year = class.year;
    page.meta.organ = class.organ.clone();
    page.meta.published = doc.published.clone();
    page.kind = Some(class.kind);
    page.links = links;
    if class.kind == Kind::AnnualReport {
        page.report = Some(Box::new(doc));
    }
    page
}

fn source_type_str(t: SourceType) -> &'static str {
    match t {
        SourceType::Html => "html",
        SourceType::Pdf => "pdf",
        SourceType::Docx => "docx",
        SourceType::Other => "other",
    }
}

fn readability_str(r: &Readability) -> String {
    match r {
        Readability::Ok => "ok".into(),
        Readability::NeedsOcr(why) => format!("needs_ocr: {why}"),
        Readability::Unsupported(why) => format!("unsupported: {why}"),
        Readability::Failed(why) => format!("failed: {why}"),
    }
}

/// HTML, XHTML or XML (Hanweb proxy answers), by header or by a look at the bytes.
fn is_markup(content_type: Option<&str>, body: &[u8]) -> bool {
    if let Some(ct) = content_type {
        let ct = ct.to_ascii_lowercase();
        if ct.contains("html") || ct.contains("xml") {
            return true;
        }
        if ct.starts_with("application/")
            || ct.starts_with("image/")
            || ct.starts_with("audio/")
            || ct.starts_with("video/")
        {
            return false;
        }
    }
    let head = &body[..body.len().min(1024)];
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    !lower.starts_with("%pdf")
        && (lower.contains('<') || content_type.is_none_or(|c| c.starts_with("text/")))
}

async fn fetch_robots(fetcher: &Fetcher, origin: &str, agent: &str) -> RobotsStatus {
    let Ok(mut url) = Url::parse(origin).and_then(|o| o.join("/robots.txt")) else {
        return RobotsStatus::AllowAll(format!("{origin}: no robots.txt URL"));
    };
    let mut hops = 0;
    loop {
        match fetcher.fetch(&url, None).await {
            Ok(resp) if (300..400).contains(&resp.status) => {
                hops += 1;
                let next = resp
                    .header("location")
                    .and_then(|loc| canon::resolve(&url, &loc));
                match next {
                    Some(n) if hops <= ROBOTS_MAX_REDIRECTS => url = n,
                    _ => return robots::from_fetch(Some(resp.status), &[], true, agent),
                }
            }
            Ok(resp) => return robots::from_fetch(Some(resp.status), &resp.body, false, agent),
            // RFC 9309 "unreachable" (say why in the summary), or refused.
            Err(e) => return robots::from_error(&e),
        }
    }
}

pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::from(SystemTime::now());
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
