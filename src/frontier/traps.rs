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

/// Limits for [`TrapGuard`]; the `[traps]` table of `config.toml`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
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

/// `Some(fine)` when `name=value` is a numeric year/month/day parameter.
fn date_param(name: &str, value: &str) -> Option<bool> {
    let numeric = (1..=4).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit());
    match name.to_ascii_lowercase().as_str() {
        _ if !numeric => None,
        "year" | "y" | "yr" | "yy" | "yyyy" => Some(false),
        "month" | "m" | "mon" | "mm" | "day" | "d" | "dd" => Some(true),
        _ => None,
    }
}

/// The URL with date-like values replaced by NUL, and those values.
fn template(url: &Url) -> (String, Vec<DateVal>) {
    let mut dates = Vec::new();
    let mut rest = url[Position::BeforePath..Position::AfterPath].to_string();
    if let Some(q) = url.query() {
        rest.push('?');
        for (k, pair) in q.split('&').enumerate() {
            if k > 0 {
                rest.push('&');
            }
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            match date_param(name, value) {
                Some(fine) => {
                    dates.push(DateVal {
                        text: value.to_string(),
                        fine,
                    });
                    rest.push_str(name);
                    rest.push_str("=\u{0}");
                }
                None => rest.push_str(pair),
            }
        }
    }
    let mut out = url[..Position::BeforePath].to_string();
    let b = rest.as_bytes();
    let (mut i, mut copied) = (0, 0);
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        match date_at(b, i) {
            Ok(end) => {
                out.push_str(&rest[copied..i]);
                out.push('\u{0}');
                dates.push(DateVal {
                    text: rest[i..end].to_string(),
                    fine: true,
                });
                copied = end;
                i = end;
            }
            Err(end) => i = end,
        }
    }
    out.push_str(&rest[copied..]);
    (out, dates)
}

fn valid_ymd(y: u32, m: u32, d: Option<u32>) -> bool {
    (1900..=2100).contains(&y) && (1..=12).contains(&m) && d.is_none_or(|d| (1..=31).contains(&d))
}

/// Read a run of ASCII digits at `i`: (value, end).
fn digits(b: &[u8], i: usize) -> (u32, usize) {
    let end = (i..b.len())
        .find(|&j| !b[j].is_ascii_digit())
        .unwrap_or(b.len());
    let v = b[i..end].iter().fold(0u32, |v, &c| {
        v.saturating_mul(10).saturating_add(u32::from(c - b'0'))
    });
    (v, end)
}

/// A date starting at the digit run at `i` (`yyyymmdd`, `yyyy<sep>m<sep>d`
/// with one sep of `-/_.`, or `yyyy-mm`): `Ok(end)`, else `Err(end of the run)`.
fn date_at(b: &[u8], i: usize) -> Result<usize, usize> {
    let (y, end) = digits(b, i);
    if end - i == 8 && valid_ymd(y / 10000, y / 100 % 100, Some(y % 100)) {
        return Ok(end);
    }
    let sep = match b.get(end) {
        Some(&c @ (b'-' | b'/' | b'_' | b'.')) if end - i == 4 => c,
        _ => return Err(end),
    };
    let (m, mend) = digits(b, end + 1);
    if !(1..=2).contains(&(mend - end - 1)) || !valid_ymd(y, m, None) {
        return Err(end);
    }
    if b.get(mend) == Some(&sep) {
        let (d, dend) = digits(b, mend + 1);
        if (1..=2).contains(&(dend - mend - 1)) && valid_ymd(y, m, Some(d)) {
            return Ok(dend);
        }
    }
    if sep == b'-' {
        Ok(mend)
    } else {
        Err(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: &str = "http://x.gov.cn";

    fn u(path: &str) -> Url {
        Url::parse(&format!("{H}{path}")).unwrap()
    }

    fn guard_with(f: impl FnOnce(&mut TrapLimits)) -> TrapGuard {
        let mut l = TrapLimits::default();
        f(&mut l);
        TrapGuard::new(l)
    }

    fn chk(g: &mut TrapGuard, path: &str) -> Result<u32, Trap> {
        g.check(&u(path), None)
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
        let mut g = guard_with(|_| {});
        let paths = "/ /art/2024/1/20/art_1_2.html /zwgk/zwgk/index.html /a/b/a/b/index.html \
                     /art/2021/1/1/art_1_1.html /col/202501/t20250115_123.html";
        for p in paths.split_whitespace() {
            assert_eq!(chk(&mut g, p), Ok(0), "{p}");
        }
    }

    #[test]
    fn repeated_segments_rejected() {
        let mut g = guard_with(|_| {});
        let paths = "/x/x/x/ /a/b/a/b/a/b/index.html /q/a/b/c/a/b/c/a/b/c/ /a/1/b/1/c/1/d/1 \
                     /zwgk/xxgk/zwgk/zwgk/zwgk/";
        for p in paths.split_whitespace() {
            assert_eq!(chk(&mut g, p), Err(Trap::RepeatedSegments), "{p}");
        }
        let mut g = guard_with(|l| l.max_segment_repeats = 3);
        assert_eq!(chk(&mut g, "/a/b/a/b/a/b/"), Ok(0));
        assert_eq!(chk(&mut g, "/x/x/x/x/"), Err(Trap::RepeatedSegments));
        // A limit of 0 is treated as 1.
        let mut g = guard_with(|l| l.max_segment_repeats = 0);
        assert_eq!(chk(&mut g, "/a/b/c"), Ok(0));
        assert_eq!(chk(&mut g, "/a/a"), Err(Trap::RepeatedSegments));
    }

    #[test]
    fn too_long_and_too_many_params() {
        let mut g = guard_with(|_| {});
        let long = format!("/{}", "a".repeat(1100));
        assert_eq!(chk(&mut g, &long), Err(Trap::UrlTooLong));
        let exact = format!("/{}", "a".repeat(1024 - H.len() - 1));
        assert_eq!(u(&exact).as_str().len(), 1024);
        assert_eq!(chk(&mut g, &exact), Ok(0));
        assert_eq!(chk(&mut g, "/s?a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8"), Ok(0));
        let nine = "/s?a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9";
        assert_eq!(chk(&mut g, nine), Err(Trap::TooManyParams));
    }

    #[test]
    fn query_explosion() {
        let mut g = guard_with(|l| l.max_query_variants = 3);
        for p in 1..=3 {
            assert_eq!(chk(&mut g, &format!("/list?page={p}")), Ok(0));
        }
        assert_eq!(chk(&mut g, "/list?page=4"), Err(Trap::QueryExplosion));
        // Already-seen variants and other paths/hosts/ports are unaffected.
        assert_eq!(chk(&mut g, "/list?page=2"), Ok(0));
        assert_eq!(chk(&mut g, "/list"), Ok(0));
        assert_eq!(chk(&mut g, "/other?page=4"), Ok(0));
        for other in [
            "http://y.gov.cn/list?page=4",
            "http://x.gov.cn:8080/list?page=4",
        ] {
            assert_eq!(g.check(&Url::parse(other).unwrap(), None), Ok(0));
        }
    }

    #[test]
    fn observe_rebuilds_state_and_rejected_urls_do_not_count() {
        let mut g = guard_with(|l| l.max_query_variants = 2);
        g.observe(&u("/s?q=1"));
        g.observe(&u("/s?q=1"));
        // Too many params: rejected before counting.
        assert_eq!(
            chk(&mut g, "/s?a&b&c&d&e&f&g&h&i"),
            Err(Trap::TooManyParams)
        );
        assert_eq!(chk(&mut g, "/s?q=2"), Ok(0));
        assert_eq!(chk(&mut g, "/s?q=3"), Err(Trap::QueryExplosion));
    }

    /// One "parent child" pair per line.
    const STEPS: &str = "
        /cal?date=2025-01-02 /cal?date=2025-01-03
        /cal?date=2025-1-2 /cal?date=2025-1-3
        /cal/20250102.html /cal/20250103.html
        /cal/2025/01/02/ /cal/2025/01/03/
        /cal/2025-01/ /cal/2025-02/
        /c?year=2025&month=1&day=2 /c?year=2025&month=1&day=3
        /c?year=2024&month=12 /c?year=2025&month=1
        /c?d=20250102&t=1 /c?d=20250101&t=1";

    /// List → article, consecutive articles (ids differ), year-only changes
    /// (report archives), paging, identical URLs, invalid dates.
    const NON_STEPS: &str = "
        /col/col1/index.html /art/2024/1/20/art_1_2.html
        /art/2024/1/20/art_1_2.html /art/2024/1/21/art_1_3.html
        /c/t20250115_1.html /c/t20250116_2.html
        /nb?year=2024 /nb?year=2023
        /jsp?area=1&fbtime=2024 /jsp?area=1&fbtime=2023
        /l?page=2 /l?page=3
        /cal/20250102 /cal/20250102
        /i/12345678 /i/12345679
        /i/20251399 /i/20251398";

    fn pairs(table: &str) -> impl Iterator<Item = (&str, &str)> {
        table.lines().filter_map(|l| l.trim().split_once(' '))
    }

    #[test]
    fn calendar_steps() {
        assert_eq!(pairs(STEPS).count(), 8);
        for (a, b) in pairs(STEPS) {
            assert!(step(a, b), "{a} -> {b}");
        }
        assert_eq!(pairs(NON_STEPS).count(), 9);
        for (a, b) in pairs(NON_STEPS) {
            assert!(!step(a, b), "{a} -> {b}");
        }
        let other = Url::parse("http://y.gov.cn/cal/20250103").unwrap();
        assert!(!calendar_step(&u("/cal/20250102"), &other));
    }

    #[test]
    fn chain_grows_and_is_capped() {
        let mut g = guard_with(|_| {});
        let d: Vec<Url> = (1..=5)
            .map(|i| u(&format!("/cal?date=2025-01-0{i}")))
            .collect();
        assert_eq!(g.check(&d[0], None), Ok(0));
        assert_eq!(g.check(&d[1], Some((&d[0], 0))), Ok(1));
        assert_eq!(g.check(&d[2], Some((&d[1], 1))), Ok(2));
        assert_eq!(g.check(&d[3], Some((&d[2], 2))), Ok(3));
        assert_eq!(g.check(&d[4], Some((&d[3], 3))), Err(Trap::CalendarChain));
        assert_eq!(
            g.check(&d[4], Some((&d[3], u32::MAX))),
            Err(Trap::CalendarChain)
        );
        // A non-calendar link from a deep calendar page resets the chain.
        assert_eq!(g.check(&u("/art/1.html"), Some((&d[3], 3))), Ok(0));
    }

    #[test]
    fn template_scan_edge_cases() {
        let (t, d) = template(&u("/2025-"));
        assert_eq!((t.as_str(), d.len()), ("http://x.gov.cn/2025-", 0));
        let (t, d) = template(&u("/a/2025/1/2?day=7&y"));
        assert_eq!(t, "http://x.gov.cn/a/\u{0}?day=\u{0}&y");
        let texts: Vec<_> = d.iter().map(|v| (v.text.as_str(), v.fine)).collect();
        assert_eq!(texts, [("7", true), ("2025/1/2", true)]);
        for p in "/2025. /2025/1/ /99999999999999999999 /?=&&= /2025-01-99".split(' ') {
            let _ = template(&u(p));
        }
    }
}
