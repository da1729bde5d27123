//! Recognise anti-bot challenge and WAF block pages.
//!
//! In: a response's status, headers and (possibly GBK) body bytes. Out:
//! `Some(Challenge)` naming the vendor when the response is a challenge or a
//! block page rather than content, so the engine can mark the site blocked
//! with a reason and not loop. Pure, no I/O, never panics. It must never flag
//! an ordinary 404/500 page or an article that merely mentions JavaScript:
//! every rule needs a vendor-specific marker, and text-only markers count
//! only in small bodies (challenge pages are a few KiB, articles are not).
//!
//! Vendors (`Challenge::vendor`):
//! - `ruishu` 瑞数 (Rivers): status 412 (also 202/400) with `$_ts` or a
//!   `<meta … r='m'>` tag; or 412 with a small, script-only body; or, at any
//!   status, a small body carrying both `$_ts` and `r='m'`;
//! - `jiasule` 加速乐: status 521 with a `__jsluid` cookie or a
//!   `document.cookie` / `__jsl_clearance` script;
//! - `wzws` 网站卫士: "请开启JavaScript并刷新该页" (UTF-8 or GBK bytes) or
//!   `wzwschallenge` / `wzwsconfirm` / `WZWSRE` markers, any status;
//! - `safedog` 安全狗: a small page naming safedog / 安全狗 with block wording
//!   (拦截, 防火墙, 不合法) — its footer badge alone is not a block;
//! - `aliyun-waf` 阿里云盾: the `acw_sc__v2` cookie script, or
//!   "您的访问被阻断" (405/403 block page);
//! - `yunjiasu` 百度云加速: 403/503 with a `yunjiasu` server header or body;
//! - `cloudflare`: 403/503 with `cf-mitigated: challenge` or a `cf-chl` /
//!   "Just a moment" page.
use encoding_rs::GBK;
use reqwest::header::{HeaderMap, SERVER, SET_COOKIE};
use std::sync::LazyLock;

/// A recognised challenge: vendor id and a short human-readable detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub vendor: &'static str,
    pub detail: String,
}

/// Bodies larger than this are content, not challenge pages.
const SMALL_BODY: usize = 64 * 1024;
/// Only this much of a body is scanned.
const SCAN_LEN: usize = 256 * 1024;

/// A Chinese marker as UTF-8 and GBK bytes.
struct Marker {
    utf8: &'static str,
    gbk: Vec<u8>,
}

fn marker(s: &'static str) -> Marker {
    Marker {
        utf8: s,
        gbk: GBK.encode(s).0.into_owned(),
    }
}

static WZWS_TEXT: LazyLock<Marker> = LazyLock::new(|| marker("请开启JavaScript并刷新该页"));
static SAFEDOG_NAME: LazyLock<Marker> = LazyLock::new(|| marker("安全狗"));
static BLOCK_WORDS: LazyLock<[Marker; 3]> =
    LazyLock::new(|| [marker("拦截"), marker("防火墙"), marker("不合法")]);
static ALIYUN_BLOCK: LazyLock<Marker> = LazyLock::new(|| marker("您的访问被阻断"));

/// Substring search. Every 200 response goes through [`detect`], so this
/// is memchr's SIMD `memmem`, not a `windows()` scan (that scan was about a
/// tenth of the crawl's CPU: issue 7).
fn has(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && memchr::memmem::find(hay, needle).is_some()
}

/// ASCII case-insensitive substring search: candidates are the positions
/// of the needle's first byte in either case (memchr2), not every byte.
fn has_ci(hay: &[u8], needle: &[u8]) -> bool {
    let Some(&first) = needle.first() else {
        return false;
    };
    memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), hay).any(|i| {
        hay.get(i..i + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

fn has_marker(hay: &[u8], m: &Marker) -> bool {
    has(hay, m.utf8.as_bytes()) || has(hay, &m.gbk)
}

fn cookies_contain(headers: &HeaderMap, name: &str) -> bool {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .any(|v| has_ci(v.as_bytes(), name.as_bytes()))
}

fn found(vendor: &'static str, detail: String) -> Option<Challenge> {
    Some(Challenge { vendor, detail })
}

/// Is the body a tiny page that is almost all `<script>`? (visible text,
/// outside tags and scripts, under 200 bytes, and at least one script)
fn script_only(body: &[u8]) -> bool {
    let mut text = 0usize;
    let mut scripts = 0usize;
    let mut i = 0;
    while i < body.len() {
        if body[i] == b'<' {
            let rest = &body[i..];
            if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"<script") {
                scripts += 1;
                let close = (i + 7..body.len()).find(|&j| {
                    body[j..].len() >= 9 && body[j..j + 9].eq_ignore_ascii_case(b"</script>")
                });
                i = close.map_or(body.len(), |j| j + 9);
                continue;
            }
            i = (i..body.len())
                .find(|&j| body[j] == b'>')
                .map_or(body.len(), |j| j + 1);
            continue;
        }
        if !body[i].is_ascii_whitespace() {
            text += 1;
        }
        i += 1;
    }
    scripts > 0 && text < 200
}

/// Recognise a challenge or block page.
pub fn detect(status: u16, headers: &HeaderMap, body: &[u8]) -> Option<Challenge> {
    let small = body.len() <= SMALL_BODY;
    let b = &body[..body.len().min(SCAN_LEN)];

    // 瑞数 Rivers.
    let ts = has(b, b"$_ts");
    let rm = has(b, b"r='m'") || has(b, b"r=\"m\"");
    if matches!(status, 412 | 202 | 400) && small && (ts || rm) {
        let what = if ts { "$_ts" } else { "meta r='m'" };
        return found(
            "ruishu",
            format!("HTTP {status} with {what} JavaScript challenge"),
        );
    }
    if status == 412 && small && script_only(b) {
        return found("ruishu", "HTTP 412 with a script-only body".into());
    }
    if small && ts && rm {
        return found(
            "ruishu",
            format!("HTTP {status} with $_ts and meta r='m' challenge"),
        );
    }

    // 加速乐 Jiasule.
    if status == 521 {
        if cookies_contain(headers, "__jsluid") {
            return found("jiasule", "HTTP 521 with __jsluid cookie".into());
        }
        if small && (has(b, b"document.cookie") || has(b, b"__jsl_clearance")) {
            return found("jiasule", "HTTP 521 with document.cookie script".into());
        }
    }

    // WZWS 网站卫士.
    if has_marker(b, &WZWS_TEXT) {
        return found("wzws", format!("HTTP {status}: 请开启JavaScript并刷新该页"));
    }
    if small && (has_ci(b, b"wzwschallenge") || has_ci(b, b"wzwsconfirm") || has(b, b"WZWSRE")) {
        return found("wzws", format!("HTTP {status} with wzws challenge script"));
    }

    // 安全狗 SafeDog (its badge is common in footers: require block wording).
    if small
        && (has_ci(b, b"safedog") || has_marker(b, &SAFEDOG_NAME))
        && BLOCK_WORDS.iter().any(|m| has_marker(b, m))
        && (status >= 400 || body.len() <= 16 * 1024)
    {
        return found("safedog", format!("HTTP {status}: 安全狗 block page"));
    }

    // 阿里云盾 Aliyun WAF.
    if small && has(b, b"acw_sc__v2") {
        return found(
            "aliyun-waf",
            format!("HTTP {status} with acw_sc__v2 cookie challenge"),
        );
    }
    if small && has_marker(b, &ALIYUN_BLOCK) {
        return found("aliyun-waf", format!("HTTP {status}: 您的访问被阻断"));
    }

    // 百度云加速 and Cloudflare challenges.
    if matches!(status, 403 | 503) {
        let server = headers
            .get(SERVER)
            .map(|v| v.as_bytes())
            .unwrap_or_default();
        if has_ci(server, b"yunjiasu") || (small && has_ci(b, b"yunjiasu")) {
            return found("yunjiasu", format!("HTTP {status} from 百度云加速"));
        }
        let cf = headers
            .get("cf-mitigated")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"challenge"));
        if cf || (small && (has(b, b"cf-chl") || has(b, b"<title>Just a moment...</title>"))) {
            return found("cloudflare", format!("HTTP {status} Cloudflare challenge"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn substring_searches_find_markers_anywhere_and_only_there() {
        assert!(has(b"xx$_ts", b"$_ts"));
        assert!(has(b"$_tsxx", b"$_ts"));
        assert!(!has(b"$_t", b"$_ts"));
        assert!(!has(b"abc", b""));
        assert!(has_ci(b"..WzWsChallenge", b"wzwschallenge"));
        assert!(has_ci(b"wwwzwsconfirm", b"wzwsconfirm"));
        assert!(!has_ci(b"wzwsconfir", b"wzwsconfirm"));
        assert!(!has_ci(b"", b"x"));
        assert!(!has_ci(b"x", b""));
    }

    fn none() -> HeaderMap {
        HeaderMap::new()
    }

    fn gbk(s: &str) -> Vec<u8> {
        GBK.encode(s).0.into_owned()
    }

    fn vendor(status: u16, headers: &HeaderMap, body: &[u8]) -> Option<&'static str> {
        detect(status, headers, body).map(|c| c.vendor)
    }

    const RUISHU: &str = r#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><meta id="9DhefwqGPrzGxEp9hPaoag" content="hAq1tK8Ru1Pt7b..." r='m'><script type="text/javascript" r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=12345;$_ts.cd="qlaArr";</script><script type="text/javascript" charset="utf-8" src="/4QbVtADbnLVIc/d.FxJzG50F.dfe1675.js" r='m'></script></head><body></body></html>"#;

    const NOT_FOUND: &str = "<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>";

    #[test]
    fn ruishu() {
        assert_eq!(
            detect(412, &none(), RUISHU.as_bytes()),
            Some(Challenge {
                vendor: "ruishu",
                detail: "HTTP 412 with $_ts JavaScript challenge".into()
            })
        );
        assert_eq!(vendor(202, &none(), RUISHU.as_bytes()), Some("ruishu"));
        assert_eq!(vendor(200, &none(), RUISHU.as_bytes()), Some("ruishu"));
        let only_meta = r#"<html><head><meta id="a" content="b" r="m"></head></html>"#;
        assert_eq!(vendor(400, &none(), only_meta.as_bytes()), Some("ruishu"));
        let script_only = "<!DOCTYPE html><html><head><script src=\"/a/b.js\"></script><script>var x='1234567890';eval(x)</script></head><body></body></html>";
        assert_eq!(
            detect(412, &none(), script_only.as_bytes()).map(|c| c.detail),
            Some("HTTP 412 with a script-only body".to_string())
        );
        // A plain 412 from a server is not a challenge.
        assert_eq!(
            vendor(
                412,
                &none(),
                b"<html><body><h1>412 Precondition Failed</h1></body></html>"
            ),
            None
        );
    }

    #[test]
    fn jiasule() {
        let mut h = HeaderMap::new();
        h.insert(
            SET_COOKIE,
            HeaderValue::from_static("__jsluid_h=6a1f7c1d2b3e; max-age=31536000; path=/; HttpOnly"),
        );
        assert_eq!(vendor(521, &h, b""), Some("jiasule"));
        let body = b"<script>document.cookie=('_')+('_')+('j')+('s')+('l')+('_')+('c')+('l')+('e')+('a')+('r')+('a')+('n')+('c')+('e');location.href=location.pathname+location.search</script>";
        assert_eq!(
            detect(521, &none(), body),
            Some(Challenge {
                vendor: "jiasule",
                detail: "HTTP 521 with document.cookie script".into()
            })
        );
        // Cloudflare's "web server is down" 521 is not Jiasule.
        assert_eq!(
            vendor(
                521,
                &none(),
                b"<html><title>Web server is down</title></html>"
            ),
            None
        );
        assert_eq!(vendor(200, &h, b"<html>ok</html>"), None);
    }

    #[test]
    fn wzws_in_utf8_and_gbk() {
        let page = "<html><head><title></title></head><body><noscript>请开启JavaScript并刷新该页.</noscript><script>var wzwschallenge=\"RANDOMSTR\";</script></body></html>";
        assert_eq!(
            detect(200, &none(), page.as_bytes()),
            Some(Challenge {
                vendor: "wzws",
                detail: "HTTP 200: 请开启JavaScript并刷新该页".into()
            })
        );
        assert_eq!(vendor(200, &none(), &gbk(page)), Some("wzws"));
        let gbk_only_text = gbk("<html><body>请开启JavaScript并刷新该页</body></html>");
        assert_eq!(vendor(403, &none(), &gbk_only_text), Some("wzws"));
        assert_eq!(
            vendor(
                200,
                &none(),
                b"<script>wzwsconfirm=1;location='/WZWSREL2luZGV4'</script>"
            ),
            Some("wzws")
        );
    }

    #[test]
    fn safedog_aliyun_yunjiasu_cloudflare() {
        let sd = "<html><head><title>网站防火墙</title></head><body>您的请求带有不合法参数，已被网站管理员设置拦截！<a href=\"http://www.safedog.cn\">安全狗</a></body></html>";
        assert_eq!(vendor(403, &none(), sd.as_bytes()), Some("safedog"));
        assert_eq!(vendor(200, &none(), &gbk(sd)), Some("safedog"));
        let ali = "<html><body>很抱歉，由于您访问的URL有可能对网站造成安全威胁，您的访问被阻断。</body></html>";
        assert_eq!(vendor(405, &none(), ali.as_bytes()), Some("aliyun-waf"));
        assert_eq!(
            vendor(
                200,
                &none(),
                b"<html><script>var arg1='3A5B';document.cookie='acw_sc__v2='+x;</script></html>"
            ),
            Some("aliyun-waf")
        );
        let mut h = HeaderMap::new();
        h.insert(SERVER, HeaderValue::from_static("yunjiasu-nginx"));
        assert_eq!(vendor(503, &h, b"<html>checking</html>"), Some("yunjiasu"));
        assert_eq!(vendor(200, &h, b"<html>ok</html>"), None);
        let mut h = HeaderMap::new();
        h.insert("cf-mitigated", HeaderValue::from_static("challenge"));
        assert_eq!(vendor(403, &h, b""), Some("cloudflare"));
        assert_eq!(
            vendor(
                503,
                &none(),
                b"<html><head><title>Just a moment...</title></head></html>"
            ),
            Some("cloudflare")
        );
    }

    #[test]
    fn ordinary_pages_are_not_flagged() {
        for status in [200, 404, 500, 502, 503, 403, 412, 521] {
            assert_eq!(
                vendor(status, &none(), NOT_FOUND.as_bytes()),
                None,
                "{status}"
            );
            assert_eq!(vendor(status, &none(), b""), None, "{status}");
        }
        let err500 = "<html><head><title>500 Internal Server Error</title><script src=\"/js/jquery.js\"></script></head><body><h1>服务器错误</h1><p>系统繁忙，请稍后再试。如有疑问请联系网站管理员。</p></body></html>";
        assert_eq!(vendor(500, &none(), err500.as_bytes()), None);
        assert_eq!(vendor(500, &none(), &gbk(err500)), None);
        let article = format!(
            "<html><head><script src=\"/js/common.js\"></script></head><body><div class=\"TRS_Editor\"><p>本网站部分功能需要开启JavaScript，请使用支持JavaScript的浏览器访问。为保障网络安全，本单位部署了防火墙和网站安全狗，拦截恶意访问，document.cookie 不会被滥用。</p>{}</div></body></html>",
            "<p>一、总体情况。本年度共主动公开政府信息一千二百条。</p>".repeat(1200)
        );
        assert!(article.len() > SMALL_BODY);
        for status in [200, 404, 412, 521] {
            assert_eq!(
                vendor(status, &none(), article.as_bytes()),
                None,
                "{status}"
            );
            assert_eq!(vendor(status, &none(), &gbk(&article)), None, "{status}");
        }
        // A small article with a 安全狗 footer badge but no block wording.
        let badge = "<html><body><p>政府信息公开工作年度报告</p><a href=\"http://www.safedog.cn\"><img alt=\"网站安全狗\"></a></body></html>";
        assert_eq!(vendor(200, &none(), badge.as_bytes()), None);
    }

    #[test]
    fn never_panics() {
        let samples: [&[u8]; 6] = [
            b"<",
            b"<script",
            b"<script>",
            b"</script>",
            &[0xFF, 0xFE, 0x81],
            b"<a<b<<script<",
        ];
        for s in samples {
            for status in [0, 200, 412, 521, 999] {
                let _ = detect(status, &none(), s);
            }
        }
        assert!(script_only(b"<script"));
        assert!(!script_only(b"<"));
    }
}
