//! Crawler-trap defenses for URLs about to enter the frontier.
//!
//! In: a new canonical URL, the page it was found on and that page's
//! calendar-chain length. Out: `Ok(chain length of the new URL)` or the
//! [`Trap`] that rejects it. Depth and pages-per-site caps live elsewhere.
//! Pure (the only state is the per-(host, path) query-variant map held by
//! [`TrapGuard`]), no I/O, never panics.
//!
//! Checks, in order:
//! 1. [`Trap::UrlTooLong`]: the serialized URL is longer than `max_url_len` bytes.
//! 2. [`Trap::TooManyParams`]: more than `max_query_params` `&`-separated pairs.
//! 3. [`Trap::RepeatedSegments`]: a path segment, or a run of segments,
//!    repeated consecutively more than `max_segment_repeats` times
//!    (`/x/x/x/`, `/a/b/a/b/a/b/`), or one segment more than 3 times anywhere.
//!    A single repeat (`/zwgk/zwgk/index.html`) is normal.
//! 4. [`Trap::CalendarChain`]: the new URL equals its parent except for
//!    date-like values (`2025-01-02`, `20250102`, `2025/1/2`, `2025-01`,
//!    `year=…&month=…&day=…`) → chain = parent chain + 1, else 0; rejected when
//!    the chain exceeds `max_date_chain`. A step that changes only a year
//!    (`?year=2023` → `?year=2022`) is not a calendar step: yearly report
//!    archives go back to 2008 and a bare year is bounded anyway.
//! 5. [`Trap::QueryExplosion`]: distinct query strings per (host:port, path)
//!    are counted; a new one beyond `max_query_variants` is rejected. Only
//!    URLs passing every check are counted.
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use url::{Position, Url};

/// Limits for [`TrapGuard`].
#[derive(Debug, Clone)]
pub struct TrapLimits {
    /// Consecutive repeats allowed for a segment or run of segments (min 1).
    pub max_segment_repeats: usize,
    pub max_date_chain: u32,
    pub max_query_variants: u32,
    pub max_query_params: usize,
    pub max_url_len: usize,
}

impl Default for TrapLimits {
    fn default() -> Self {
        TrapLimits {
            max_segment_repeats: 2,
            max_date_chain: 3,
            max_query_variants: 300,
            max_query_params: 8,
            max_url_len: 1024,
        }
    }
}

/// Why a URL was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trap {
    RepeatedSegments,
    CalendarChain,
    QueryExplosion,
    TooManyParams,
    UrlTooLong,
}

impl Trap {
    /// Human-readable reason for reports.
    pub fn as_str(&self) -> &'static str {
        match self {
            Trap::RepeatedSegments => "repeated path segments",
            Trap::CalendarChain => "calendar chain",
            Trap::QueryExplosion => "query explosion",
            Trap::TooManyParams => "too many query parameters",
            Trap::UrlTooLong => "URL too long",
        }
    }
}

/// Same segment anywhere in the path more often than this is a trap.
const MAX_SEGMENT_OCCURRENCES: usize = 3;

/// Trap state: limits plus, per `host:port/path`, the hashes of the distinct
/// query strings seen.
pub struct TrapGuard {
    limits: TrapLimits,
    variants: HashMap<String, HashSet<u64>>,
}

impl TrapGuard {
    pub fn new(limits: TrapLimits) -> Self {
        TrapGuard {
            limits,
            variants: HashMap::new(),
        }
    }

    /// Record a URL already in the frontier (rebuild state at startup) without checking.
    pub fn observe(&mut self, url: &Url) {
        if let Some((key, h)) = variant_key(url) {
            self.variants.entry(key).or_default().insert(h);
        }
    }

    /// Check a new URL found on `parent` (whose own calendar-chain length is given); Ok(chain length of the new URL).
    pub fn check(&mut self, url: &Url, parent: Option<(&Url, u32)>) -> Result<u32, Trap> {
        if url.as_str().len() > self.limits.max_url_len {
            return Err(Trap::UrlTooLong);
        }
        let params = url
            .query()
            .map_or(0, |q| q.split('&').filter(|p| !p.is_empty()).count());
        if params > self.limits.max_query_params {
            return Err(Trap::TooManyParams);
        }
        if repeated_segments(url.path(), self.limits.max_segment_repeats.max(1)) {
            return Err(Trap::RepeatedSegments);
        }
        let chain = match parent {
            Some((p, pchain)) if calendar_step(p, url) => pchain.saturating_add(1),
            _ => 0,
        };
        if chain > self.limits.max_date_chain {
            return Err(Trap::CalendarChain);
        }
        if let Some((key, h)) = variant_key(url) {
            let max = self.limits.max_query_variants as usize;
            let set = self.variants.entry(key).or_default();
            if !set.contains(&h) {
                if set.len() >= max {
                    return Err(Trap::QueryExplosion);
                }
                set.insert(h);
            }
        }
        Ok(chain)
    }
}

/// `host:port/path` and the hash of the query, for URLs with a non-empty query.
fn variant_key(url: &Url) -> Option<(String, u64)> {
    let q = url.query().filter(|q| !q.is_empty())?;
    let key = url[Position::BeforeHost..Position::AfterPath].to_string();
    let mut h = DefaultHasher::new();
    q.hash(&mut h);
    Some((key, h.finish()))
}

fn repeated_segments(path: &str, max_repeats: usize) -> bool {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for s in &segs {
        let n = counts.entry(s).or_insert(0);
        *n += 1;
        if *n > MAX_SEGMENT_OCCURRENCES {
            return true;
        }
    }
    // A run of length `len` repeated `max_repeats + 1` times means
    // `len * max_repeats` consecutive positions with segs[i] == segs[i + len].
    let need = max_repeats + 1;
    let n = segs.len();
    for len in 1..=n / need {
        let mut run = 0;
        for i in 0..n - len {
            if segs[i] == segs[i + len] {
                run += 1;
                if run >= len * max_repeats {
                    return true;
                }
            } else {
                run = 0;
            }
        }
    }
    false
}

/// A date-like value found in a URL: its text, and whether it names a month
/// or day (not just a year).
#[derive(Debug, PartialEq, Eq)]
struct DateVal {
    text: String,
    fine: bool,
}

/// Does `child` equal `parent` except for date-like values, with at least one
/// month- or day-level value changed?
fn calendar_step(parent: &Url, child: &Url) -> bool {
    let (pt, pd) = template(parent);
    let (ct, cd) = template(child);
    pt == ct
        && pd.len() == cd.len()
        && pd
            .iter()
            .zip(&cd)
            .any(|(a, b)| a.text != b.text && (a.fine || b.fine))
}

const YEAR_KEYS: &[&str] = &["year", "y", "yr", "yy", "yyyy"];
const MONTH_KEYS: &[&str] = &["month", "m", "mon", "mm"];
const DAY_KEYS: &[&str] = &["day", "d", "dd"];

/// The URL with date-like values replaced by a placeholder, and those values.
fn template(url: &Url) -> (String, Vec<DateVal>) {
    let mut dates = Vec::new();
    let mut rest = url[Position::BeforePath..Position::AfterPath].to_string();
    if let Some(q) = url.query() {
        rest.push('?');
        let pairs: Vec<String> = q
            .split('&')
            .map(|pair| {
                let Some((name, value)) = pair.split_once('=') else {
                    return pair.to_string();
                };
                let lname = name.to_ascii_lowercase();
                let numeric =
                    (1..=4).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit());
                let is_year = YEAR_KEYS.contains(&lname.as_str());
                if numeric
                    && (is_year
                        || MONTH_KEYS.contains(&lname.as_str())
                        || DAY_KEYS.contains(&lname.as_str()))
                {
                    dates.push(DateVal {
                        text: value.to_string(),
                        fine: !is_year,
                    });
                    format!("{name}=\u{0}")
                } else {
                    pair.to_string()
                }
            })
            .collect();
        rest.push_str(&pairs.join("&"));
    }
    let mut out = url[..Position::BeforePath].to_string();
    scan_dates(&rest, &mut out, &mut dates);
    (out, dates)
}

fn valid_ymd(y: u32, m: u32, d: Option<u32>) -> bool {
    (1900..=2100).contains(&y) && (1..=12).contains(&m) && d.is_none_or(|d| (1..=31).contains(&d))
}

/// Read a run of ASCII digits at `i`: (value, end).
fn digits(b: &[u8], i: usize) -> (u32, usize) {
    let mut j = i;
    let mut v: u32 = 0;
    while j < b.len() && b[j].is_ascii_digit() {
        v = v.saturating_mul(10).saturating_add(u32::from(b[j] - b'0'));
        j += 1;
    }
    (v, j)
}

/// Copy `s` to `out`, replacing dates (`yyyymmdd`, `yyyy<sep>m<sep>d` with
/// sep in `-/_.`, `yyyy-mm`) by a placeholder and pushing them to `dates`.
fn scan_dates(s: &str, out: &mut String, dates: &mut Vec<DateVal>) {
    let b = s.as_bytes();
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let (v, end) = digits(b, i);
        let len = end - i;
        let mut found = None;
        if len == 8 && valid_ymd(v / 10000, v / 100 % 100, Some(v % 100)) {
            found = Some(end);
        } else if len == 4 && end + 1 < b.len() && matches!(b[end], b'-' | b'/' | b'_' | b'.') {
            let sep = b[end];
            let (m, mend) = digits(b, end + 1);
            if (1..=2).contains(&(mend - end - 1)) && valid_ymd(v, m, None) {
                let (d, dend) = if mend + 1 < b.len() && b[mend] == sep {
                    digits(b, mend + 1)
                } else {
                    (0, mend)
                };
                if (1..=2).contains(&(dend.saturating_sub(mend + 1))) && valid_ymd(v, m, Some(d)) {
                    found = Some(dend);
                } else if sep == b'-' && !b.get(mend).is_some_and(u8::is_ascii_digit) {
                    found = Some(mend);
                }
            }
        }
        match found {
            Some(e) => {
                out.push_str(&s[copied..i]);
                out.push('\u{0}');
                dates.push(DateVal {
                    text: s[i..e].to_string(),
                    fine: true,
                });
                copied = e;
                i = e;
            }
            None => i = end,
        }
    }
    out.push_str(&s[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    fn guard() -> TrapGuard {
        TrapGuard::new(TrapLimits::default())
    }

    fn chk(g: &mut TrapGuard, s: &str) -> Result<u32, Trap> {
        g.check(&u(s), None)
    }

    fn step(parent: &str, child: &str) -> bool {
        calendar_step(&u(parent), &u(child))
    }

    #[test]
    fn names() {
        assert_eq!(Trap::RepeatedSegments.as_str(), "repeated path segments");
        assert_eq!(Trap::CalendarChain.as_str(), "calendar chain");
        assert_eq!(Trap::QueryExplosion.as_str(), "query explosion");
        assert_eq!(Trap::TooManyParams.as_str(), "too many query parameters");
        assert_eq!(Trap::UrlTooLong.as_str(), "URL too long");
    }

    #[test]
    fn normal_paths_pass() {
        let mut g = guard();
        for s in [
            "http://x.gov.cn/",
            "http://x.gov.cn/art/2024/1/20/art_1_2.html",
            "http://x.gov.cn/zwgk/zwgk/index.html",
            "http://x.gov.cn/a/b/a/b/index.html",
            "http://x.gov.cn/art/2021/1/1/art_1_1.html",
            "http://x.gov.cn/col/202501/t20250115_123.html",
        ] {
            assert_eq!(chk(&mut g, s), Ok(0), "{s}");
        }
    }

    #[test]
    fn repeated_segments_rejected() {
        let mut g = guard();
        for s in [
            "http://x.gov.cn/x/x/x/",
            "http://x.gov.cn/a/b/a/b/a/b/index.html",
            "http://x.gov.cn/q/a/b/c/a/b/c/a/b/c/",
            "http://x.gov.cn/a/1/b/1/c/1/d/1",
            "http://x.gov.cn/zwgk/xxgk/zwgk/zwgk/zwgk/",
        ] {
            assert_eq!(chk(&mut g, s), Err(Trap::RepeatedSegments), "{s}");
        }
        // Looser limit lets three repeats through.
        let mut g = TrapGuard::new(TrapLimits {
            max_segment_repeats: 3,
            ..TrapLimits::default()
        });
        assert_eq!(chk(&mut g, "http://x.gov.cn/a/b/a/b/a/b/"), Ok(0));
        assert_eq!(
            chk(&mut g, "http://x.gov.cn/x/x/x/x/"),
            Err(Trap::RepeatedSegments)
        );
    }

    #[test]
    fn too_long_and_too_many_params() {
        let mut g = guard();
        let long = format!("http://x.gov.cn/{}", "a".repeat(1100));
        assert_eq!(chk(&mut g, &long), Err(Trap::UrlTooLong));
        let exact = format!("http://x.gov.cn/{}", "a".repeat(1024 - 16));
        assert_eq!(exact.len(), 1024);
        assert_eq!(chk(&mut g, &exact), Ok(0));
        assert_eq!(
            chk(&mut g, "http://x.gov.cn/s?a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8"),
            Ok(0)
        );
        assert_eq!(
            chk(
                &mut g,
                "http://x.gov.cn/s?a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9"
            ),
            Err(Trap::TooManyParams)
        );
    }

    #[test]
    fn query_explosion() {
        let mut g = TrapGuard::new(TrapLimits {
            max_query_variants: 3,
            ..TrapLimits::default()
        });
        for p in 1..=3 {
            assert_eq!(
                chk(&mut g, &format!("http://x.gov.cn/list?page={p}")),
                Ok(0)
            );
        }
        assert_eq!(
            chk(&mut g, "http://x.gov.cn/list?page=4"),
            Err(Trap::QueryExplosion)
        );
        // Already-seen variants and other paths/hosts/ports are unaffected.
        assert_eq!(chk(&mut g, "http://x.gov.cn/list?page=2"), Ok(0));
        assert_eq!(chk(&mut g, "http://x.gov.cn/list"), Ok(0));
        assert_eq!(chk(&mut g, "http://x.gov.cn/other?page=4"), Ok(0));
        assert_eq!(chk(&mut g, "http://y.gov.cn/list?page=4"), Ok(0));
        assert_eq!(chk(&mut g, "http://x.gov.cn:8080/list?page=4"), Ok(0));
    }

    #[test]
    fn observe_rebuilds_state_and_rejected_urls_do_not_count() {
        let mut g = TrapGuard::new(TrapLimits {
            max_query_variants: 2,
            ..TrapLimits::default()
        });
        g.observe(&u("http://x.gov.cn/s?q=1"));
        g.observe(&u("http://x.gov.cn/s?q=1"));
        // Too many params: rejected before counting.
        assert_eq!(
            chk(&mut g, "http://x.gov.cn/s?a&b&c&d&e&f&g&h&i"),
            Err(Trap::TooManyParams)
        );
        assert_eq!(chk(&mut g, "http://x.gov.cn/s?q=2"), Ok(0));
        assert_eq!(
            chk(&mut g, "http://x.gov.cn/s?q=3"),
            Err(Trap::QueryExplosion)
        );
    }

    #[test]
    fn calendar_steps_detected() {
        assert!(step(
            "http://x.gov.cn/cal?date=2025-01-02",
            "http://x.gov.cn/cal?date=2025-01-03"
        ));
        assert!(step(
            "http://x.gov.cn/cal?date=2025-1-2",
            "http://x.gov.cn/cal?date=2025-1-3"
        ));
        assert!(step(
            "http://x.gov.cn/cal/20250102.html",
            "http://x.gov.cn/cal/20250103.html"
        ));
        assert!(step(
            "http://x.gov.cn/cal/2025/01/02/",
            "http://x.gov.cn/cal/2025/01/03/"
        ));
        assert!(step(
            "http://x.gov.cn/cal/2025-01/",
            "http://x.gov.cn/cal/2025-02/"
        ));
        assert!(step(
            "http://x.gov.cn/c?year=2025&month=1&day=2",
            "http://x.gov.cn/c?year=2025&month=1&day=3"
        ));
        assert!(step(
            "http://x.gov.cn/c?year=2024&month=12",
            "http://x.gov.cn/c?year=2025&month=1"
        ));
        assert!(step(
            "http://x.gov.cn/c?d=20250102&t=1",
            "http://x.gov.cn/c?d=20250101&t=1"
        ));
    }

    #[test]
    fn non_steps() {
        // List page linking to an article.
        assert!(!step(
            "http://x.gov.cn/col/col1/index.html",
            "http://x.gov.cn/art/2024/1/20/art_1_2.html"
        ));
        // Two articles on consecutive days differ by their id too.
        assert!(!step(
            "http://x.gov.cn/art/2024/1/20/art_1_2.html",
            "http://x.gov.cn/art/2024/1/21/art_1_3.html"
        ));
        assert!(!step(
            "http://x.gov.cn/c/t20250115_1.html",
            "http://x.gov.cn/c/t20250116_2.html"
        ));
        // Year-only change: report archives.
        assert!(!step(
            "http://x.gov.cn/nb?year=2024",
            "http://x.gov.cn/nb?year=2023"
        ));
        assert!(!step(
            "http://x.gov.cn/jsp?area=1&fbtime=2024",
            "http://x.gov.cn/jsp?area=1&fbtime=2023"
        ));
        // Paging, identical URL, other host.
        assert!(!step(
            "http://x.gov.cn/l?page=2",
            "http://x.gov.cn/l?page=3"
        ));
        assert!(!step(
            "http://x.gov.cn/cal/20250102",
            "http://x.gov.cn/cal/20250102"
        ));
        assert!(!step(
            "http://x.gov.cn/cal/20250102",
            "http://y.gov.cn/cal/20250103"
        ));
        // Invalid dates are not dates.
        assert!(!step(
            "http://x.gov.cn/i/12345678",
            "http://x.gov.cn/i/12345679"
        ));
        assert!(!step(
            "http://x.gov.cn/i/20251399",
            "http://x.gov.cn/i/20251398"
        ));
    }

    #[test]
    fn chain_grows_and_is_capped() {
        let mut g = guard();
        let days = [
            "2025-01-01",
            "2025-01-02",
            "2025-01-03",
            "2025-01-04",
            "2025-01-05",
        ];
        let urls: Vec<Url> = days
            .iter()
            .map(|d| u(&format!("http://x.gov.cn/cal?date={d}")))
            .collect();
        assert_eq!(g.check(&urls[0], None), Ok(0));
        assert_eq!(g.check(&urls[1], Some((&urls[0], 0))), Ok(1));
        assert_eq!(g.check(&urls[2], Some((&urls[1], 1))), Ok(2));
        assert_eq!(g.check(&urls[3], Some((&urls[2], 2))), Ok(3));
        assert_eq!(
            g.check(&urls[4], Some((&urls[3], 3))),
            Err(Trap::CalendarChain)
        );
        // A non-calendar link from a deep calendar page resets the chain.
        assert_eq!(
            g.check(&u("http://x.gov.cn/art/1.html"), Some((&urls[3], 3))),
            Ok(0)
        );
        assert_eq!(
            g.check(&urls[4], Some((&urls[3], u32::MAX))),
            Err(Trap::CalendarChain)
        );
    }

    #[test]
    fn template_scan_edge_cases() {
        let (t, d) = template(&u("http://x.gov.cn/2025-"));
        assert_eq!((t.as_str(), d.len()), ("http://x.gov.cn/2025-", 0));
        let (t, d) = template(&u("http://x.gov.cn/a/2025/1/2?day=7&y"));
        assert_eq!(t, "http://x.gov.cn/a/\u{0}?day=\u{0}&y");
        assert_eq!(
            d,
            vec![
                DateVal {
                    text: "7".into(),
                    fine: true
                },
                DateVal {
                    text: "2025/1/2".into(),
                    fine: true
                }
            ]
        );
        for s in [
            "http://x.gov.cn/2025.",
            "http://x.gov.cn/2025/1/",
            "http://x.gov.cn/99999999999999999999",
            "http://x.gov.cn/?=&&=",
        ] {
            let _ = template(&u(s));
        }
    }

    #[test]
    fn zero_repeat_limit_is_treated_as_one() {
        let mut g = TrapGuard::new(TrapLimits {
            max_segment_repeats: 0,
            ..TrapLimits::default()
        });
        assert_eq!(chk(&mut g, "http://x.gov.cn/a/b/c"), Ok(0));
        assert_eq!(
            chk(&mut g, "http://x.gov.cn/a/a"),
            Err(Trap::RepeatedSegments)
        );
    }
}
