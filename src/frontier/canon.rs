//! URL canonicalization: the frontier key.
//!
//! In: an absolute [`Url`] (or a raw `href` plus the page URL it was found on).
//! Out: the canonical absolute URL that keys the frontier, so that trivially
//! different spellings of one resource are crawled once.
//!
//! What [`canonicalize`] does (all of it idempotent):
//! - drops the fragment; scheme and host are lowercased and IDNA-encoded by
//!   `url`, default ports dropped, `/./` and `..` resolved, an empty path made
//!   `/`; a trailing dot on the host (`www.x.gov.cn.`) is removed;
//! - removes session ids: `;jsessionid=…`, `;sid=…`, `;phpsessid=…`,
//!   `;sessionid=…` path parameters, and the query parameters `jsessionid`,
//!   `sessionid`, `session_id`, `phpsessid`, `aspsessionid*`, `cfid`,
//!   `cftoken` (names case-insensitive). `sid` is removed from the query only
//!   when its value is not a short number: Guangdong's gkmlpt API uses
//!   `?sid=<site code>` (e.g. `sid=755031`) and must keep it;
//! - normalizes percent-encoding in path and query: escapes of unreserved
//!   characters (`A-Za-z0-9-._~`) are decoded, other escapes get uppercase hex;
//! - drops an empty query (`?`, or one left empty after removals) and empty
//!   `&&` pieces.
//!
//! It never sorts query parameters, never lowercases the path (servers may be
//! case-sensitive) and never touches non-http(s) URLs beyond dropping the
//! fragment. Pure functions, no I/O, no panics on any input.
use url::Url;

/// Query parameter names that carry a session id (compared lowercased).
const SESSION_QUERY: &[&str] = &[
    "jsessionid",
    "sessionid",
    "session_id",
    "phpsessid",
    "cfid",
    "cftoken",
];

/// Path parameter names (`;name=value`) that carry a session id.
const SESSION_PATH: &[&str] = &["jsessionid", "sid", "phpsessid", "sessionid"];

/// Schemes that never lead to a page.
const NON_PAGE_SCHEMES: &[&str] = &["javascript", "mailto", "tel", "data", "about", "vbscript"];

/// Canonical form of an absolute URL, used as the frontier key.
pub fn canonicalize(url: &Url) -> Url {
    let mut u = url.clone();
    u.set_fragment(None);
    if !matches!(u.scheme(), "http" | "https") {
        return u;
    }
    if let Some(host) = u.host_str() {
        if host.len() > 1 && host.ends_with('.') {
            let trimmed = host.trim_end_matches('.').to_string();
            if !trimmed.is_empty() {
                // Keep the original host if the trimmed one is rejected.
                let _ = u.set_host(Some(&trimmed));
            }
        }
    }
    let path = strip_path_sessions(&normalize_escapes(u.path()));
    if path != u.path() {
        u.set_path(&path);
    }
    let query = u.query().map(|q| clean_query(&normalize_escapes(q)));
    match query {
        Some(q) if q.is_empty() => u.set_query(None),
        Some(q) if Some(q.as_str()) != u.query() => u.set_query(Some(&q)),
        _ => {}
    }
    u
}

/// Resolve `href` (as found in a page) against `base`; `None` when it is not
/// an http(s) link (javascript:, mailto:, tel:, data:, about:, vbscript:,
/// empty, fragment-only) or cannot be parsed.
///
/// Padding whitespace (ASCII, U+3000, NBSP, zero-width space, BOM) is
/// trimmed and embedded tabs and newlines are removed, as browsers do.
pub fn resolve(base: &Url, href: &str) -> Option<Url> {
    let trimmed =
        href.trim_matches(|c: char| c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}');
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\r' | '\n'))
        .collect();
    if cleaned.is_empty() || cleaned.starts_with('#') {
        return None;
    }
    if let Some(scheme) = scheme_of(&cleaned) {
        if NON_PAGE_SCHEMES
            .iter()
            .any(|s| scheme.eq_ignore_ascii_case(s))
        {
            return None;
        }
    }
    let joined = base.join(&cleaned).ok()?;
    if !matches!(joined.scheme(), "http" | "https") || joined.host_str().is_none_or(str::is_empty) {
        return None;
    }
    Some(canonicalize(&joined))
}

/// The scheme of `s` if it starts with `scheme:` (RFC 3986 scheme syntax).
fn scheme_of(s: &str) -> Option<&str> {
    let colon = s.find(':')?;
    let scheme = &s[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decode escapes of unreserved characters, uppercase the hex of the others.
/// A `%` not followed by two hex digits is left as it is.
fn normalize_escapes(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex_val(bytes[i + 1]), hex_val(bytes[i + 2])) {
                let v = (h << 4) | l;
                if v.is_ascii_alphanumeric() || matches!(v, b'-' | b'.' | b'_' | b'~') {
                    out.push(v as char);
                } else {
                    out.push('%');
                    out.push(bytes[i + 1].to_ascii_uppercase() as char);
                    out.push(bytes[i + 2].to_ascii_uppercase() as char);
                }
                i += 3;
                continue;
            }
        }
        // `s` comes from a serialized Url and is ASCII; copy other chars whole.
        let ch_len = s[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&s[i..i + ch_len]);
        i += ch_len;
    }
    out
}

/// Remove `;name=value` session parameters from every path segment.
fn strip_path_sessions(path: &str) -> String {
    if !path.contains(';') {
        return path.to_string();
    }
    path.split('/')
        .map(|seg| {
            let mut parts = seg.split(';');
            let mut kept = parts.next().unwrap_or("").to_string();
            for p in parts {
                let name = p.split('=').next().unwrap_or("");
                if !SESSION_PATH.iter().any(|s| name.eq_ignore_ascii_case(s)) {
                    kept.push(';');
                    kept.push_str(p);
                }
            }
            kept
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Is this `name=value` query pair a session id?
fn is_session_pair(pair: &str) -> bool {
    let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
    let name = name.to_ascii_lowercase();
    if SESSION_QUERY.contains(&name.as_str()) || name.starts_with("aspsessionid") {
        return true;
    }
    // `sid` is a session id unless it is a short number (gkmlpt site codes).
    name == "sid"
        && !(!value.is_empty() && value.len() <= 12 && value.bytes().all(|b| b.is_ascii_digit()))
}

fn clean_query(q: &str) -> String {
    q.split('&')
        .filter(|p| !p.is_empty() && !is_session_pair(p))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "http://www.zjpy.gov.cn/zwgk/xxgknb/index.html";

    fn c(s: &str) -> String {
        canonicalize(&Url::parse(s).unwrap()).to_string()
    }

    fn r(href: &str) -> Option<String> {
        resolve(&Url::parse(BASE).unwrap(), href).map(|u| u.to_string())
    }

    /// Each non-empty line: `input expected` (URLs contain no spaces).
    fn table(t: &str, f: impl Fn(&str) -> String) {
        let mut n = 0;
        for line in t.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let (input, want) = line.split_once(' ').unwrap();
            assert_eq!(f(input), want.trim(), "{input}");
            n += 1;
        }
        assert!(n > 0);
    }

    #[test]
    fn basic_normalization() {
        table(
            "HTTP://WWW.ZJPY.GOV.CN:80/A/B.html#top  http://www.zjpy.gov.cn/A/B.html
             https://x.gov.cn:443/                   https://x.gov.cn/
             http://x.gov.cn:8080/a                  http://x.gov.cn:8080/a
             http://x.gov.cn                         http://x.gov.cn/
             http://www.x.gov.cn./a                  http://www.x.gov.cn/a
             http://x.gov.cn/Col/COL1/Index.HTML?b=2&a=1 http://x.gov.cn/Col/COL1/Index.HTML?b=2&a=1
             http://x.gov.cn/a/./b/../c.html         http://x.gov.cn/a/c.html
             http://x.gov.cn/a/%2E%2E/c.html         http://x.gov.cn/c.html
             ftp://x.gov.cn/a?#f                     ftp://x.gov.cn/a?",
            c,
        );
    }

    #[test]
    fn session_ids_removed() {
        table(
            "http://x.gov.cn/a/l.jsp;jsessionid=ABC0123?page=2 http://x.gov.cn/a/l.jsp?page=2
             http://x.gov.cn/a;JSESSIONID=1/b.jsp          http://x.gov.cn/a/b.jsp
             http://x.gov.cn/b.php;sid=9;v=2               http://x.gov.cn/b.php;v=2
             http://x.gov.cn/b.php;PHPSESSID=zz            http://x.gov.cn/b.php
             http://x.gov.cn/a?id=5&JSESSIONID=abc&b=2     http://x.gov.cn/a?id=5&b=2
             http://x.gov.cn/a?PHPSESSID=abc               http://x.gov.cn/a
             http://x.gov.cn/a?ASPSESSIONIDQQSRT=XYZ&x=1   http://x.gov.cn/a?x=1
             http://x.gov.cn/a?cfid=1&cftoken=2&session_id=3&sessionid=4 http://x.gov.cn/a
             http://x.gov.cn/a?sid=3f9a8b7c6d5e4f3a2b1c&p=1 http://x.gov.cn/a?p=1
             http://x.gov.cn/a?sid=&p=1                    http://x.gov.cn/a?p=1",
            c,
        );
    }

    #[test]
    fn numeric_gkmlpt_sid_kept() {
        table(
            "http://www.gd.gov.cn/gkmlpt/api/all/5?page=2&sid=2 http://www.gd.gov.cn/gkmlpt/api/all/5?page=2&sid=2
             http://jr.sz.gov.cn/gkmlpt/api/all/28?sid=755031 http://jr.sz.gov.cn/gkmlpt/api/all/28?sid=755031",
            c,
        );
    }

    #[test]
    fn query_and_percent_encoding() {
        table(
            "http://x.gov.cn/a?                      http://x.gov.cn/a
             http://x.gov.cn/a?&&                    http://x.gov.cn/a
             http://x.gov.cn/a?a=1&&b=2&             http://x.gov.cn/a?a=1&b=2
             http://x.gov.cn/%7Eu/%61b%2fc?q=%7e%2a  http://x.gov.cn/~u/ab%2Fc?q=~%2A
             http://x.gov.cn/年报/a.html             http://x.gov.cn/%E5%B9%B4%E6%8A%A5/a.html
             http://x.gov.cn/%e5%b9%b4               http://x.gov.cn/%E5%B9%B4
             http://x.gov.cn/a%zz%4                  http://x.gov.cn/a%zz%4",
            c,
        );
    }

    #[test]
    fn canonicalize_is_idempotent() {
        for s in [
            "http://x.gov.cn/a;jsessionid=1/%7e?x=%2f&sid=abcdefabcdefabcdef&",
            "https://X.gov.cn:443/年报?q=中文#f",
            "http://x.gov.cn/a%zz?%",
            "http://x.gov.cn./",
        ] {
            let once = canonicalize(&Url::parse(s).unwrap());
            assert_eq!(canonicalize(&once), once, "{s}");
        }
    }

    #[test]
    fn resolves_relative_links() {
        let r = |h: &str| r(h).unwrap_or_else(|| "-".into());
        table(
            "./202501/t20250115_123.html   http://www.zjpy.gov.cn/zwgk/xxgknb/202501/t20250115_123.html
             ../index_1.html               http://www.zjpy.gov.cn/zwgk/index_1.html
             /art/2024/1/20/art_1_2.html#x http://www.zjpy.gov.cn/art/2024/1/20/art_1_2.html
             //xxgk.zjpy.gov.cn/a          http://xxgk.zjpy.gov.cn/a
             ?page=2                       http://www.zjpy.gov.cn/zwgk/xxgknb/index.html?page=2
             HTTPS://Other.gov.cn          https://other.gov.cn/
             \\a\\b.html                   http://www.zjpy.gov.cn/a/b.html
             javascript:void(0)            -
             JavaScript:;                  -
             mailto:a@b.cn                 -
             tel:12345                     -
             data:text/html,hi             -
             about:blank                   -
             vbscript:x                    -
             ftp://x.gov.cn/a              -
             file:///etc/passwd            -
             http://                       -
             #top                          -",
            r,
        );
    }

    #[test]
    fn trims_padding_and_embedded_newlines() {
        let want = Some("http://www.zjpy.gov.cn/dynamic/a.html".to_string());
        for href in [
            "  /dynamic/a.html ",
            "\u{3000}/dynamic/a.html\u{a0}",
            "\n/dyn\r\namic/a\t.html\n",
        ] {
            assert_eq!(r(href), want, "{href:?}");
        }
        assert_eq!(
            r("\u{feff}\u{200b}/x").as_deref(),
            Some("http://www.zjpy.gov.cn/x")
        );
        for href in [
            "",
            "   ",
            "\u{3000}",
            "#",
            " #a",
            "java\nscript:alert(1)",
            " mailto:x@y.cn",
        ] {
            assert_eq!(r(href), None, "{href:?}");
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for href in [
            "%",
            "%%%",
            "%e5%",
            "http://[::1",
            "\\\\host\\a",
            "?%zz",
            ";",
            "/;jsessionid",
            "http:x",
        ] {
            let _ = r(href);
        }
        let _ = c("http://a.b/;;;?&=&;");
    }
}
