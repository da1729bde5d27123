//! Configuration: `config.toml` → [`Config`].
//!
//! In: the path of a TOML file (and CLI overrides, applied by the caller with
//! [`Config::validate`] run afterwards). Out: a validated [`Config`].
//! Never: guess at a misspelt key (unknown keys are errors), or accept a
//! value the crawl cannot honour (a zero rate, a zero cap). Every error names
//! the file and, where TOML tells us, the line.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

/// Everything the crawl reads from `config.toml`. Every section and key is
/// optional; defaults are the values documented in the shipped file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub politeness: Politeness,
    pub http: Http,
    pub retry: Retry,
    pub robots: Robots,
    pub crawl: Crawl,
    pub store: StoreLimits,
    pub traps: crate::frontier::traps::TrapLimits,
    pub progress: Progress,
    pub recrawl: Recrawl,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Politeness {
    /// Requests per second per host (a governor limiter keyed by host).
    pub requests_per_second: f64,
    /// Requests a host may receive back to back before the rate applies.
    pub burst: u32,
    /// Requests in flight at once to one host.
    pub max_concurrent_per_host: usize,
    /// Requests in flight at once over all hosts.
    pub max_concurrent_total: usize,
    /// Upper bound on a robots.txt Crawl-delay we honour, in seconds.
    pub max_crawl_delay_secs: f64,
}

impl Default for Politeness {
    fn default() -> Self {
        Politeness {
            requests_per_second: 1.0,
            burst: 1,
            max_concurrent_per_host: 2,
            max_concurrent_total: 32,
            max_crawl_delay_secs: 60.0,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Http {
    pub user_agent: String,
    /// Total time for one request, connect to last byte.
    pub timeout_secs: f64,
    pub connect_timeout_secs: f64,
    /// Bodies larger than this are abandoned while streaming.
    pub max_body_bytes: u64,
    /// Redirect hops followed from one URL before it is failed.
    pub max_redirects: u32,
    /// Fixed name → IP address mappings, like `curl --resolve`.
    pub resolve: BTreeMap<String, IpAddr>,
    /// Refuse to resolve any host not in `resolve` (used by the test suite
    /// so that nothing ever leaves loopback).
    pub resolve_only: bool,
    /// Let requests go to loopback, private, link-local, CGNAT, multicast
    /// and other non-public addresses (the SSRF guard, `fetch::ssrf`). The
    /// seeds' own hosts are allowed either way.
    pub allow_private_addresses: bool,
    /// Response headers accepted (HTTP/1; more fail the request).
    pub max_headers: usize,
    /// Bytes of response headers accepted (HTTP/1 and HTTP/2).
    pub max_header_bytes: u64,
    /// Bytes of a `/robots.txt` read; the rest is never downloaded and the
    /// file is parsed up to its last complete line.
    pub max_robots_bytes: u64,
}

impl Default for Http {
    fn default() -> Self {
        Http {
            user_agent: format!(
                "harvester/{} (+https://github.com/harvester-crawler/harvester)",
                env!("CARGO_PKG_VERSION")
            ),
            timeout_secs: 30.0,
            connect_timeout_secs: 10.0,
            max_body_bytes: 32 * 1024 * 1024,
            max_redirects: 5,
            resolve: BTreeMap::new(),
            resolve_only: false,
            allow_private_addresses: false,
            max_headers: 100,
            max_header_bytes: 64 * 1024,
            max_robots_bytes: 512 * 1024,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Retry {
    /// Attempts per URL (first try included) on connect errors, timeouts, 429 and 5xx.
    pub max_attempts: u32,
    /// First backoff; doubled each attempt, with ±50 % jitter.
    pub base_delay_secs: f64,
    /// Cap on any backoff, Retry-After included.
    pub max_delay_secs: f64,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            max_attempts: 3,
            base_delay_secs: 2.0,
            max_delay_secs: 300.0,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Robots {
    /// Wait before asking again for a robots.txt that was unreachable or 5xx.
    pub unavailable_retry_secs: f64,
    /// Tries per host and run; after that the host is left for the next run.
    pub unavailable_max_attempts: u32,
}

impl Default for Robots {
    fn default() -> Self {
        Robots {
            unavailable_retry_secs: 60.0,
            unavailable_max_attempts: 3,
        }
    }
}

/// Which attachments (pdf, doc, docx, wps, ofd, xls, xlsx) are downloaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttachmentPolicy {
    /// Every in-scope attachment.
    All,
    /// Attachments linked from a report page, or whose link text or URL
    /// names an annual report.
    Reports,
    /// None.
    None,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Crawl {
    /// Link hops from the seed (the seed is depth 0).
    pub max_depth: u32,
    /// URLs admitted to the frontier per seed, over all runs.
    pub max_pages_per_site: u32,
    pub attachments: AttachmentPolicy,
    /// Links kept from one page (the first ones); the rest are ignored.
    pub max_links_per_page: usize,
    /// URL records kept per seed, over all runs, whatever their state
    /// (skipped ones included); links found beyond it are not recorded.
    pub max_frontier_per_site: u64,
}

impl Default for Crawl {
    fn default() -> Self {
        Crawl {
            max_depth: 8,
            max_pages_per_site: 20_000,
            attachments: AttachmentPolicy::Reports,
            max_links_per_page: crate::discover::DEFAULT_MAX_LINKS,
            max_frontier_per_site: 200_000,
        }
    }
}

/// Bounds on the data directory.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreLimits {
    /// Bytes the data dir may hold (every file under it); a crawl that
    /// finds it over this stops like an interrupt, state saved.
    pub max_disk_bytes: u64,
}

impl Default for StoreLimits {
    fn default() -> Self {
        StoreLimits {
            max_disk_bytes: 50 << 30,
        }
    }
}

/// When a later run fetches a known page again (conditionally, with
/// If-None-Match / If-Modified-Since when the server gave validators).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Recrawl {
    /// List pages, column pages, pagers and seeds: re-read when their last
    /// fetch is at least this many days older than the run (0 = every run).
    pub listing_after_days: f64,
    /// Articles, reports and attachments (and failed URLs): re-read after
    /// this many days.
    pub article_after_days: f64,
}

impl Default for Recrawl {
    fn default() -> Self {
        Recrawl {
            listing_after_days: 0.0,
            article_after_days: 30.0,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Progress {
    /// Seconds between plain progress lines when stderr is not a terminal.
    pub log_interval_secs: f64,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            log_interval_secs: 30.0,
        }
    }
}

/// Why a config could not be used. Always names the file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read config: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{path}: {key}: {message}")]
    Invalid {
        path: PathBuf,
        key: &'static str,
        message: String,
    },
}

impl Config {
    /// Read and validate a config file. A missing file is an error: the
    /// caller decides whether defaults are acceptable (see [`Config::load_or_default`]).
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        let cfg = Self::parse(&text, path)?;
        cfg.validate(path)?;
        Ok(cfg)
    }

    /// Like [`Config::load`], but a missing file gives the defaults.
    pub fn load_or_default(path: &Path) -> Result<Config, ConfigError> {
        if !path.exists() {
            tracing::warn!(path = %path.display(), "config file not found; using defaults");
            return Ok(Config::default());
        }
        Self::load(path)
    }

    /// Parse TOML text; `path` only labels errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
                .unwrap_or(0);
            ConfigError::Parse {
                path: path.to_owned(),
                line,
                message: e.message().trim().to_string(),
            }
        })
    }

    /// Check every value the crawl depends on. Run again after CLI overrides.
    pub fn validate(&self, path: &Path) -> Result<(), ConfigError> {
        let bad = |key: &'static str, message: String| ConfigError::Invalid {
            path: path.to_owned(),
            key,
            message,
        };
        // The crawl turns these into `Duration`s, which panic past ~584 years.
        const MAX_SECS: f64 = 1e9;
        let positive = |key: &'static str, v: f64| {
            if v.is_finite() && v > 0.0 && v <= MAX_SECS {
                Ok(())
            } else {
                Err(bad(
                    key,
                    format!("must be a positive number of at most {MAX_SECS}, got {v}"),
                ))
            }
        };
        positive(
            "politeness.requests_per_second",
            self.politeness.requests_per_second,
        )?;
        positive("http.timeout_secs", self.http.timeout_secs)?;
        positive("http.connect_timeout_secs", self.http.connect_timeout_secs)?;
        positive("retry.base_delay_secs", self.retry.base_delay_secs)?;
        positive("retry.max_delay_secs", self.retry.max_delay_secs)?;
        positive(
            "robots.unavailable_retry_secs",
            self.robots.unavailable_retry_secs,
        )?;
        positive(
            "progress.log_interval_secs",
            self.progress.log_interval_secs,
        )?;
        for (key, v) in [
            (
                "recrawl.listing_after_days",
                self.recrawl.listing_after_days,
            ),
            (
                "recrawl.article_after_days",
                self.recrawl.article_after_days,
            ),
        ] {
            if !(v.is_finite() && v >= 0.0 && v * 86_400.0 <= MAX_SECS) {
                return Err(bad(
                    key,
                    format!("must be zero or a positive number of days (at most 11574), got {v}"),
                ));
            }
        }
        if !(self.politeness.max_crawl_delay_secs.is_finite()
            && self.politeness.max_crawl_delay_secs >= 0.0
            && self.politeness.max_crawl_delay_secs <= MAX_SECS)
        {
            return Err(bad(
                "politeness.max_crawl_delay_secs",
                "must be zero or a positive number".into(),
            ));
        }
        if 1.0 / self.politeness.requests_per_second > MAX_SECS {
            return Err(bad(
                "politeness.requests_per_second",
                format!("must be at least {}", 1.0 / MAX_SECS),
            ));
        }
        if self.politeness.requests_per_second > 1000.0 {
            return Err(bad(
                "politeness.requests_per_second",
                "more than 1000 per host is not polite".into(),
            ));
        }
        let nonzero = |key: &'static str, v: u64| {
            if v == 0 {
                Err(bad(key, "must be at least 1".into()))
            } else {
                Ok(())
            }
        };
        nonzero("politeness.burst", self.politeness.burst.into())?;
        nonzero(
            "politeness.max_concurrent_per_host",
            self.politeness.max_concurrent_per_host as u64,
        )?;
        nonzero(
            "politeness.max_concurrent_total",
            self.politeness.max_concurrent_total as u64,
        )?;
        nonzero("http.max_body_bytes", self.http.max_body_bytes)?;
        nonzero("http.max_headers", self.http.max_headers as u64)?;
        nonzero("http.max_robots_bytes", self.http.max_robots_bytes)?;
        if self.http.max_header_bytes < 1024 {
            return Err(bad(
                "http.max_header_bytes",
                format!(
                    "must be at least 1024 (a status line and a few headers), got {}",
                    self.http.max_header_bytes
                ),
            ));
        }
        nonzero("retry.max_attempts", self.retry.max_attempts.into())?;
        nonzero(
            "robots.unavailable_max_attempts",
            self.robots.unavailable_max_attempts.into(),
        )?;
        nonzero(
            "crawl.max_pages_per_site",
            self.crawl.max_pages_per_site.into(),
        )?;
        nonzero(
            "crawl.max_links_per_page",
            self.crawl.max_links_per_page as u64,
        )?;
        nonzero(
            "crawl.max_frontier_per_site",
            self.crawl.max_frontier_per_site,
        )?;
        nonzero("store.max_disk_bytes", self.store.max_disk_bytes)?;
        if self.http.user_agent.trim().is_empty() {
            return Err(bad("http.user_agent", "must not be empty".into()));
        }
        if reqwest::header::HeaderValue::from_str(&self.http.user_agent).is_err() {
            return Err(bad(
                "http.user_agent",
                "must be visible ASCII (a header value)".into(),
            ));
        }
        Ok(())
    }

    /// The robots.txt product token: the user agent up to the first `/` or space.
    pub fn agent_token(&self) -> String {
        let ua = self.http.user_agent.trim();
        let end = ua.find(['/', ' ']).unwrap_or(ua.len());
        ua[..end].to_ascii_lowercase()
    }

    pub fn timeout(&self) -> Duration {
        Duration::from_secs_f64(self.http.timeout_secs)
    }

    pub fn connect_timeout(&self) -> Duration {
        Duration::from_secs_f64(self.http.connect_timeout_secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        let c = Config::parse(text, Path::new("c.toml"))?;
        c.validate(Path::new("c.toml"))?;
        Ok(c)
    }

    #[test]
    fn the_two_keys_scripts_depend_on() {
        let c =
            parse("[politeness]\nrequests_per_second = 2.5\n[http]\ntimeout_secs = 7\n").unwrap();
        assert_eq!(c.politeness.requests_per_second, 2.5);
        assert_eq!(c.http.timeout_secs, 7.0);
        assert_eq!(c.timeout(), Duration::from_secs(7));
    }

    #[test]
    fn shipped_config_parses_and_matches_defaults() {
        let text = include_str!("../config.toml");
        let c = parse(text).unwrap();
        let d = Config::default();
        assert_eq!(c.politeness.requests_per_second, 1.0);
        assert_eq!(c.http.timeout_secs, 30.0);
        assert_eq!(c.politeness.burst, d.politeness.burst);
        assert_eq!(c.crawl.max_depth, d.crawl.max_depth);
        assert_eq!(c.crawl.max_pages_per_site, d.crawl.max_pages_per_site);
        assert_eq!(c.crawl.max_links_per_page, d.crawl.max_links_per_page);
        assert_eq!(c.crawl.max_frontier_per_site, d.crawl.max_frontier_per_site);
        assert_eq!(c.store.max_disk_bytes, d.store.max_disk_bytes);
        assert_eq!(c.http.max_body_bytes, d.http.max_body_bytes);
        assert_eq!(
            c.http.allow_private_addresses,
            d.http.allow_private_addresses
        );
        assert_eq!(c.http.max_headers, d.http.max_headers);
        assert_eq!(c.http.max_header_bytes, d.http.max_header_bytes);
        assert_eq!(c.http.max_robots_bytes, d.http.max_robots_bytes);
        assert_eq!(c.retry.max_attempts, d.retry.max_attempts);
    }

    #[test]
    fn unknown_key_names_file_and_line() {
        let err = parse("[politeness]\n\nrequests_per_secnd = 1.0\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("c.toml:3:"), "{msg}");
        assert!(msg.contains("requests_per_secnd"), "{msg}");
    }

    #[test]
    fn wrong_type_names_line() {
        let err = parse("[http]\ntimeout_secs = \"thirty\"\n").unwrap_err();
        assert!(err.to_string().starts_with("c.toml:2:"), "{err}");
    }

    #[test]
    fn invalid_values_are_refused() {
        for (text, key) in [
            (
                "[politeness]\nrequests_per_second = 0\n",
                "requests_per_second",
            ),
            (
                "[politeness]\nrequests_per_second = -1\n",
                "requests_per_second",
            ),
            (
                "[politeness]\nmax_concurrent_total = 0\n",
                "max_concurrent_total",
            ),
            ("[http]\ntimeout_secs = 0\n", "timeout_secs"),
            ("[http]\nuser_agent = \"\"\n", "user_agent"),
            ("[http]\nmax_headers = 0\n", "max_headers"),
            ("[http]\nmax_header_bytes = 100\n", "max_header_bytes"),
            ("[http]\nmax_robots_bytes = 0\n", "max_robots_bytes"),
            ("[retry]\nmax_attempts = 0\n", "max_attempts"),
        ] {
            let err = parse(text).unwrap_err().to_string();
            assert!(err.contains(key), "{text}: {err}");
        }
    }

    #[test]
    fn resolve_table() {
        let c = parse(
            "[http]\nresolve_only = true\n[http.resolve]\n\"www.a.gov.cn\" = \"127.0.0.1\"\n",
        )
        .unwrap();
        assert!(c.http.resolve_only);
        assert_eq!(
            c.http.resolve.get("www.a.gov.cn"),
            Some(&"127.0.0.1".parse::<IpAddr>().unwrap())
        );
    }

    #[test]
    fn agent_token_is_product_name() {
        let c = Config::default();
        assert_eq!(c.agent_token(), "harvester");
    }
}
