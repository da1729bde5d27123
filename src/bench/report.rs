//! What `harvester bench` prints: one [`Report`], as text or JSON.
//!
//! In: figures measured by `bench::run`. Out: a human summary (Display) and
//! the same fields as JSON (Serialize). Never: measure anything itself.

use std::fmt;

use serde::Serialize;

const MB: f64 = 1024.0 * 1024.0;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// "portal" or "frontier".
    pub mode: &'static str,
    /// "virtual-hosts" or "path-prefixed".
    pub layout: &'static str,
    pub hosts: usize,
    pub pages_per_host: usize,
    pub max_concurrent_total: usize,
    pub max_concurrent_per_host: usize,
    pub crawl: Crawl,
    pub extraction: Option<Extraction>,
    pub frontier: Option<FrontierFigures>,
    /// Where the crawl state was kept (only with --keep-data).
    pub data_dir: Option<String>,
    /// How the figures were taken.
    pub method: &'static str,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Crawl {
    /// Pages a complete crawl must fetch (robots.txt not counted).
    pub expected_pages: u64,
    /// Pages fetched with 2xx, from the run summary.
    pub pages: u64,
    pub expected_reports: u64,
    /// Pages classified as annual reports.
    pub reports: u64,
    pub errors: u64,
    /// URLs still queued at the end (the frontier mode's N).
    pub queued: u64,
    pub wall_secs: f64,
    pub pages_per_sec: f64,
    /// Response body bytes (decoded).
    pub body_bytes: u64,
    pub mb_per_sec: f64,
    /// User + system CPU of the crawler process during the crawl.
    pub cpu_secs: Option<f64>,
    pub cpu_secs_per_1000_pages: Option<f64>,
    pub pages_per_cpu_sec: Option<f64>,
    /// CPU of the server process over the same time (not in the above).
    pub server_cpu_secs: Option<f64>,
    /// VmHWM of the crawler process (the server is another process).
    pub peak_rss_bytes: Option<u64>,
    /// Data dir size at the end.
    pub data_dir_bytes: u64,
}

/// Quantiles of one timing over the pages, in milliseconds (each page's
/// fastest of 3 runs on one thread).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timing {
    pub median_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Extraction {
    /// Article pages timed (after warm-up), one at a time, on one thread.
    pub sample: usize,
    pub median_page_bytes: u64,
    /// `understand::html::extract` + `classify` on the decoded page.
    pub extract_classify: Timing,
    /// The whole page reading of a crawl task (`crawl::work::understand`):
    /// charset decoding, link discovery, extraction, classification.
    pub read_page: Timing,
    /// `extract` + `classify` on the report pages of the sample only.
    pub reports: Timing,
    pub report_sample: usize,
    pub median_report_bytes: u64,
    /// Sampled articles whose kind the classifier got wrong (report vs not).
    pub misclassified: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct FrontierFigures {
    /// Article URLs the site links to (the N asked for).
    pub urls: u64,
    pub list_pages: u64,
    /// VmRSS when the crawl had ended (frontier still open).
    pub rss_end_bytes: Option<u64>,
}

fn mb(b: u64) -> String {
    format!("{:.1} MB", b as f64 / MB)
}

fn opt<T>(v: Option<T>, f: impl Fn(T) -> String) -> String {
    v.map(f).unwrap_or_else(|| "n/a".into())
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.crawl;
        match self.frontier.as_ref() {
            Some(fr) => writeln!(
                f,
                "harvester bench --frontier {}: one site, {} list pages linking {} article URLs (queued, never fetched)",
                fr.urls, fr.list_pages, fr.urls
            )?,
            None => writeln!(
                f,
                "harvester bench: {} hosts × {} articles ({}), concurrency {} total / {} per host, politeness off",
                self.hosts, self.pages_per_host, self.layout, self.max_concurrent_total, self.max_concurrent_per_host
            )?,
        }
        writeln!(
            f,
            "  pages fetched      {} of {} expected ({} reports of {} expected, {} errors, {} still queued)",
            c.pages, c.expected_pages, c.reports, c.expected_reports, c.errors, c.queued
        )?;
        if let Some(fr) = &self.frontier {
            if c.queued < fr.urls {
                writeln!(
                    f,
                    "  WARNING: only {} of the {} URLs were queued; the RSS below is not that of N",
                    c.queued, fr.urls
                )?;
            }
        }
        writeln!(f, "  wall               {:.2} s", c.wall_secs)?;
        writeln!(f, "  pages/s            {:.0}", c.pages_per_sec)?;
        writeln!(
            f,
            "  MB/s               {:.1} ({} of bodies)",
            c.mb_per_sec,
            mb(c.body_bytes)
        )?;
        writeln!(
            f,
            "  CPU per 1000 pages {} (crawler {}; server, another process, {})",
            opt(c.cpu_secs_per_1000_pages, |v| format!("{v:.2} s")),
            opt(c.cpu_secs, |v| format!("{v:.2} s")),
            opt(c.server_cpu_secs, |v| format!("{v:.2} s")),
        )?;
        writeln!(
            f,
            "  pages per CPU-s    {}",
            opt(c.pages_per_cpu_sec, |v| format!("{v:.0}"))
        )?;
        writeln!(
            f,
            "  peak RSS           {} (crawler only)",
            opt(c.peak_rss_bytes, mb)
        )?;
        if let Some(fr) = &self.frontier {
            writeln!(f, "  RSS at end         {}", opt(fr.rss_end_bytes, mb))?;
        }
        writeln!(f, "  data dir           {}", mb(c.data_dir_bytes))?;
        if let Some(e) = &self.extraction {
            writeln!(
                f,
                "  extraction         {:.2} ms median, {:.2} ms p95 (extract + classify, {} articles, median {} KB)",
                e.extract_classify.median_ms,
                e.extract_classify.p95_ms,
                e.sample,
                e.median_page_bytes / 1024
            )?;
            writeln!(
                f,
                "  report pages       {:.2} ms median, {:.2} ms p95 ({} reports, median {} KB)",
                e.reports.median_ms,
                e.reports.p95_ms,
                e.report_sample,
                e.median_report_bytes / 1024
            )?;
            writeln!(
                f,
                "  whole page read    {:.2} ms median, {:.2} ms p95 (decode + links + extract + classify); {} misclassified",
                e.read_page.median_ms, e.read_page.p95_ms, e.misclassified
            )?;
        }
        if let Some(d) = &self.data_dir {
            writeln!(f, "  crawl state kept in {d}")?;
        }
        writeln!(f, "  ({})", self.method)
    }
}
