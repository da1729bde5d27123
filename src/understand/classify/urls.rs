//! What a URL says: a report column (`xxgknb`, `ndbg` …), an article or a
//! column index, and a year in a report column's path or query.
//!
//! Why: report pages live in report columns, and a column's index page is
//! a listing whatever its title. In: the page URL. Out: yes/no, or the
//! year. Never: fetch or resolve anything, or read a year from a URL
//! outside a report column (except an explicit `fbtime=` / `year=`).

use super::dates::plausible;

const COLUMN_TOKENS: &[&str] = &[
    "zfxxgkndbg",
    "xxgkndbg",
    "zfxxgknb",
    "xxgknb",
    "gknb",
    "ndbg",
    "nianbao",
    "annualreport",
];

/// The last segment of a URL's path, as is (`""` for a directory).
pub(super) fn last_segment(url: &url::Url) -> &str {
    url.path_segments()
        .and_then(|mut s| s.next_back())
        .unwrap_or("")
}

/// Whether the URL lies in a report column (`xxgknb`, `zfxxgknb`, `gknb`,
/// `ndbg`, `zfxxgkndbg`, …).
pub(crate) fn report_column(url: &url::Url) -> bool {
    let p = url.path().to_ascii_lowercase();
    COLUMN_TOKENS.iter().any(|k| p.contains(k))
}

/// Whether the URL looks like an article (an id in its file name) rather
/// than a column index.
pub(crate) fn article_like(url: &url::Url) -> bool {
    if let Some(q) = url.query() {
        let q = q.to_ascii_lowercase();
        if q.contains("id=") || q.contains("fbtime=") {
            return true;
        }
    }
    let last = last_segment(url).to_ascii_lowercase();
    if last.is_empty()
        || last.starts_with("index")
        || last.starts_with("list")
        || last.starts_with("default")
    {
        return false;
    }
    let mut run = 0;
    let mut max_digits = 0;
    for c in last.chars() {
        if c.is_ascii_digit() {
            run += 1;
            max_digits = max_digits.max(run);
        } else {
            run = 0;
        }
    }
    let mut hex = 0;
    let mut max_hex = 0;
    for c in last.chars() {
        if c.is_ascii_hexdigit() {
            hex += 1;
            max_hex = max_hex.max(hex);
        } else {
            hex = 0;
        }
    }
    max_digits >= 4
        || max_hex >= 16
        || ["art_", "post_", "content", "doc_", "detail", "show"]
            .iter()
            .any(|k| last.contains(k))
}

/// Whether the URL is a column index: a directory, `index*`, `list*`,
/// `default*`.
pub(crate) fn column_index(url: &url::Url) -> bool {
    let last = last_segment(url).to_ascii_lowercase();
    url.query().is_none()
        && (last.is_empty()
            || last.starts_with("index")
            || last.starts_with("list")
            || last.starts_with("default"))
}

/// The report year a report column's URL names: `fbtime=2024`, `/2024/`,
/// `/2024n/`, `/n2024n/`, `/gknb2017/`, `/2021.html` after the column.
pub(crate) fn url_year(url: &url::Url) -> Option<i32> {
    for (k, v) in url.query_pairs() {
        if k.eq_ignore_ascii_case("fbtime") || k.eq_ignore_ascii_case("year") {
            if let Ok(y) = v.trim().parse::<i32>() {
                if plausible(y) {
                    return Some(y);
                }
            }
        }
    }
    if !report_column(url) {
        return None;
    }
    let segs: Vec<String> = url
        .path_segments()?
        .map(|s| s.to_ascii_lowercase())
        .collect();
    let from = segs
        .iter()
        .position(|s| COLUMN_TOKENS.iter().any(|k| s.contains(k)))?;
    segs[from..].iter().find_map(|s| {
        let stem = s
            .trim_end_matches(".html")
            .trim_end_matches(".shtml")
            .trim_end_matches(".htm");
        let stem = stem.strip_prefix('n').unwrap_or(stem);
        let stem = stem.strip_suffix('n').unwrap_or(stem);
        let letters = stem.trim_end_matches(|c: char| c.is_ascii_digit());
        let digits = &stem[letters.len()..];
        if s.contains('.') && letters.is_empty() && !segs.iter().any(|x| x == "year") {
            return None;
        }
        if digits.len() != 4 || !letters.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            return None;
        }
        if !letters.is_empty() && !letters.ends_with("nb") && !letters.ends_with("bg") {
            return None;
        }
        digits.parse::<i32>().ok().filter(|y| plausible(*y))
    })
}
