//! `www.hostile-county.gov.cn`: a portal that attacks its crawler, for
//! `tests/hostile_net.rs`. Every answer is deterministic; nothing waits on
//! the test except `/slow/trickle.html`, which trickles until the client
//! goes away.
//!
//! * `/robots.txt`: 10 MiB, streamed without a length: `User-agent: *`,
//!   `Disallow: /private/`, then 100-byte comment lines, and at the very end
//!   `Disallow: /` (which a crawler reading the whole file would obey).
//! * `/`: links every page below (and `/private/secret.html`).
//! * `/ssrf/`: links in-scope sub-domains that [`SSRF_PINS`] resolves to
//!   refused addresses (loopback, link-local metadata, private, CGNAT, IPv6
//!   loopback, IPv4-mapped loopback), two IP-literal URLs (out of scope),
//!   `/ssrf/ok.html` and `/ssrf/redirect` (302 to [`SSRF_REDIRECT`]).
//! * `/bomb/gzip.html`, `/bomb/brotli.html`: [`BOMB_BYTES`] of spaces,
//!   gzip- (about 64 KB) or brotli-encoded (54 bytes).
//! * `/bytes/…`: truncated gzip, a body that is not the gzip/br it claims,
//!   NUL bytes, invalid UTF-8, invalid GB18030, GBK sent as `charset=utf-8`,
//!   random binary as `text/html`.
//! * `/headers/many.html` (10,000 headers), `/headers/n80.html` (80),
//!   `/headers/big.html` (one 100 KB header), `/headers/huge.html` (1 MB).
//! * `/slow/trickle.html`: headers at once, then one byte per second.
//! * `/redirect/chain/N` → `/redirect/chain/N+1`, forever.
//! * `/redirect/bad/K`: 302 with the K-th of [`BAD_LOCATIONS`].
//! * `/bases/K.html`: a page with the K-th of [`ODD_BASES`] as `<base href>`
//!   and [`ODD_HREFS`] as links.

use std::io::Write as _;
use std::sync::OnceLock;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;

use super::chrome::{self, esc};
use super::Req;

pub const HOSTILE: &str = "www.hostile-county.gov.cn";
/// In scope of [`HOSTILE`], resolved to 127.0.0.1 (the mock): a request
/// for it shows up as a hit.
pub const SSRF_LOOPBACK: &str = "intranet.hostile-county.gov.cn";
/// Where `/ssrf/redirect` sends the crawler; resolved to 127.0.0.1.
pub const SSRF_REDIRECT: &str = "admin.hostile-county.gov.cn";
/// `name = address` pins for `[http.resolve]`: in-scope sub-domains of
/// [`HOSTILE`] on addresses the SSRF guard refuses, with the class its
/// reason names.
pub const SSRF_PINS: [(&str, &str, &str); 7] = [
    (SSRF_LOOPBACK, "127.0.0.1", "loopback"),
    (SSRF_REDIRECT, "127.0.0.1", "loopback"),
    (
        "metadata.hostile-county.gov.cn",
        "169.254.169.254",
        "link-local",
    ),
    ("lan.hostile-county.gov.cn", "10.0.0.1", "private"),
    (
        "cgnat.hostile-county.gov.cn",
        "100.64.0.1",
        "shared (CGNAT)",
    ),
    ("v6.hostile-county.gov.cn", "::1", "loopback"),
    (
        "mapped.hostile-county.gov.cn",
        "::ffff:127.0.0.1",
        "IPv4-mapped loopback",
    ),
];
/// Decompressed size of the bombs.
pub const BOMB_BYTES: usize = 64 << 20;
/// Size of `/robots.txt`.
pub const ROBOTS_BYTES: usize = 10 << 20;
/// Length of the one header of `/headers/big.html` and `/headers/huge.html`.
pub const BIG_HEADER: usize = 100_000;
pub const HUGE_HEADER: usize = 1_000_000;
/// Title of `/bytes/mislabelled.html` (GBK bytes, header says UTF-8) and of
/// the other `/bytes/` text pages.
pub const MISLABELLED_TITLE: &str = "关于做好春季森林防火工作的通知";
pub const INVALID_TITLE: &str = "县人民政府办公室关于印发工作要点的通知";

/// Malformed or odd `Location` values of `/redirect/bad/K`.
pub const BAD_LOCATIONS: [&[u8]; 14] = [
    b"http://[::1",
    b"",
    b"http://",
    b"http://www.hostile-county.gov.cn:99999/",
    b"javascript:alert(1)",
    "/重定向/目标.html".as_bytes(),
    b"/\xd6\xd8\xb6\xa8\xcf\xf2.html", // GBK bytes, not UTF-8
    b"   /spaces in location.html   ",
    b"//",
    b"\\\\evil.example\\x",
    b"http://0x7f.1/",
    b"data:text/html,hi",
    b"#top",
    b"http://user:pass@www.hostile-county.gov.cn/creds.html",
];
/// `<base href>` values of `/bases/K.html`.
pub const ODD_BASES: [&str; 12] = [
    "javascript:void(0)",
    "http://[::1",
    "data:text/html,x",
    "mailto:someone@example.com",
    "//www.hostile-county.gov.cn/based/",
    "http://www.hostile-county.gov.cn/a/b/c/d/e/",
    "",
    "about:blank",
    "file:///etc/",
    "http://",
    "?q=1",
    "sub/dir/",
];
/// Links on every `/bases/K.html`.
pub const ODD_HREFS: [&str; 16] = [
    "a.html",
    "../../../../../../up.html",
    "?page=2",
    "#frag",
    "http:scheme-relative.html",
    "\\back\\slash.html",
    " \t\n/ws.html\n",
    "%zz.html",
    "/.%2e/.%2e/dots.html",
    "javascript:void(0)",
    "mailto:x@y.cn",
    "http://[::1/",
    "http://%00/",
    "http://www.hostile-county.gov.cn:0/port0.html",
    "./a/../../b.html",
    "////triple.html",
];

pub(crate) async fn serve(req: &Req) -> Response {
    let path = req.path.as_str();
    if let Some(n) = path.strip_prefix("/redirect/chain/") {
        let n: u64 = n.parse().unwrap_or(0);
        return chrome::redirect(StatusCode::FOUND, &format!("/redirect/chain/{}", n + 1));
    }
    if let Some(k) = path.strip_prefix("/redirect/bad/") {
        let loc = k.parse::<usize>().ok().and_then(|k| BAD_LOCATIONS.get(k));
        return match loc {
            Some(loc) => bad_redirect(&with_port(loc, req.port)),
            None => chrome::not_found(),
        };
    }
    if let Some(k) = path.strip_prefix("/bases/") {
        let base = k
            .strip_suffix(".html")
            .and_then(|k| k.parse::<usize>().ok())
            .and_then(|k| ODD_BASES.get(k));
        return match base {
            Some(b) => chrome::html(odd_base_page(&String::from_utf8_lossy(&with_port(
                b.as_bytes(),
                req.port,
            )))),
            None => chrome::not_found(),
        };
    }
    match path {
        "/robots.txt" => robots(),
        "/" => chrome::html(index()),
        "/ssrf/" => chrome::html(ssrf_page(req)),
        "/ssrf/ok.html" => chrome::html(page("本站页面", "<p>正常页面。</p>")),
        "/ssrf/redirect" => chrome::redirect(
            StatusCode::FOUND,
            &format!("{}/internal/admin.html", req.origin(SSRF_REDIRECT)),
        ),
        "/bomb/gzip.html" => encoded("gzip", gzip_bomb().to_vec()),
        "/bomb/brotli.html" => encoded("br", BROTLI_BOMB.to_vec()),
        "/bytes/truncated-gzip.html" => {
            let mut z = gzip(page("被截断的页面", &"<p>正文内容。</p>".repeat(2000)).as_bytes());
            z.truncate(z.len() / 2);
            encoded("gzip", z)
        }
        "/bytes/not-gzip.html" => encoded("gzip", page("假压缩", "<p>x</p>").into_bytes()),
        "/bytes/not-brotli.html" => encoded("br", b"\xff\xfe\xfd not brotli at all".to_vec()),
        "/bytes/nul.html" => chrome::html(
            page("含\0空\0字节的页面", "<p>正\0文</p><a hr\0ef=\"/x\0y.html\">链\0接</a>\0\0")
                .replace("<body>", "<bo\0dy>"),
        ),
        "/bytes/invalid-utf8.html" => typed("text/html; charset=utf-8", invalid_utf8()),
        "/bytes/invalid-gb18030.html" => typed("text/html; charset=gbk", invalid_gb18030()),
        "/bytes/mislabelled.html" => typed("text/html; charset=utf-8", gbk(&page(MISLABELLED_TITLE, &"<p>各乡镇人民政府，县政府各部门：为切实做好春季森林防火工作，现将有关事项通知如下。</p>".repeat(20)))),
        "/bytes/binary.html" => typed("text/html", noise(64 * 1024, 7)),
        "/headers/many.html" => with_headers(10_000, 0),
        "/headers/n80.html" => with_headers(80, 0),
        "/headers/big.html" => with_headers(0, BIG_HEADER),
        "/headers/huge.html" => with_headers(0, HUGE_HEADER),
        "/slow/trickle.html" => trickle(),
        _ => chrome::not_found(),
    }
}

/// Every page `/` links (besides `/private/secret.html`).
pub fn linked_pages() -> Vec<String> {
    let mut v: Vec<String> = [
        "/bomb/gzip.html",
        "/bomb/brotli.html",
        "/bytes/truncated-gzip.html",
        "/bytes/not-gzip.html",
        "/bytes/not-brotli.html",
        "/bytes/nul.html",
        "/bytes/invalid-utf8.html",
        "/bytes/invalid-gb18030.html",
        "/bytes/mislabelled.html",
        "/bytes/binary.html",
        "/headers/many.html",
        "/headers/n80.html",
        "/headers/big.html",
        "/headers/huge.html",
        "/slow/trickle.html",
        "/redirect/chain/1",
    ]
    .map(String::from)
    .to_vec();
    v.extend((0..BAD_LOCATIONS.len()).map(|k| format!("/redirect/bad/{k}")));
    v.extend((0..ODD_BASES.len()).map(|k| format!("/bases/{k}.html")));
    v
}

fn page(title: &str, content: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{}</title></head><body><h1>{}</h1>{content}</body></html>",
        esc(title),
        esc(title)
    )
}

fn index() -> String {
    let mut links = String::from("<a href=\"/private/secret.html\">内部</a>\n");
    for p in linked_pages() {
        links.push_str(&format!("<a href=\"{p}\">{p}</a>\n"));
    }
    page("敌意县人民政府", &links)
}

fn ssrf_page(req: &Req) -> String {
    let mut links = String::new();
    for (host, _, _) in SSRF_PINS {
        if host != SSRF_REDIRECT {
            links.push_str(&format!(
                "<a href=\"{}/latest/meta-data/\">{host}</a>\n",
                req.origin(host)
            ));
        }
    }
    for u in [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
    ] {
        links.push_str(&format!("<a href=\"{u}\">{u}</a>\n"));
    }
    links.push_str("<a href=\"/ssrf/ok.html\">本站</a>\n<a href=\"/ssrf/redirect\">跳转</a>\n");
    page("内网探测", &links)
}

fn odd_base_page(base: &str) -> String {
    let mut links = String::new();
    for h in ODD_HREFS {
        links.push_str(&format!("<a href=\"{}\">链接</a>\n", esc(h)));
    }
    links.push_str(&format!("<a href=\"/{}\">长</a>\n", "x".repeat(5000)));
    format!(
        "<html><head><base href=\"{}\"><title>奇怪的基准地址</title></head><body>{links}</body></html>",
        esc(base)
    )
}

fn typed(content_type: &str, bytes: Vec<u8>) -> Response {
    chrome::with_type(StatusCode::OK, content_type, bytes)
}

fn encoded(encoding: &'static str, bytes: Vec<u8>) -> Response {
    let mut r = typed("text/html; charset=utf-8", bytes);
    r.headers_mut()
        .insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    r
}

/// `www.hostile-county.gov.cn/` → `www.hostile-county.gov.cn:{port}/`.
fn with_port(b: &[u8], port: u16) -> Vec<u8> {
    let needle = format!("{HOSTILE}/");
    match b.windows(needle.len()).position(|w| w == needle.as_bytes()) {
        Some(i) => [
            &b[..i + HOSTILE.len()],
            format!(":{port}").as_bytes(),
            &b[i + HOSTILE.len()..],
        ]
        .concat(),
        None => b.to_vec(),
    }
}

fn bad_redirect(location: &[u8]) -> Response {
    let mut r = chrome::html(page("跳转", "<p>moved</p>"));
    *r.status_mut() = StatusCode::FOUND;
    if let Ok(v) = HeaderValue::from_bytes(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn with_headers(count: usize, one_of: usize) -> Response {
    let mut r = chrome::html(page("头部", "<p>headers</p>"));
    let h = r.headers_mut();
    for i in 0..count {
        let name = HeaderName::from_bytes(format!("x-junk-{i}").as_bytes()).unwrap();
        h.insert(name, HeaderValue::from_static("v"));
    }
    if one_of > 0 {
        h.insert(
            "x-huge",
            HeaderValue::from_str(&"a".repeat(one_of)).unwrap(),
        );
    }
    r
}

fn robots() -> Response {
    let head = "User-agent: *\nDisallow: /private/\n";
    let tail = "User-agent: *\nDisallow: /\n";
    let line = format!("# {}\n", "x".repeat(97));
    let lines = (ROBOTS_BYTES - head.len() - tail.len()) / line.len();
    let chunk_lines = 640; // 64 000 bytes per chunk
    let mut chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![Ok(head.as_bytes().to_vec())];
    let mut left = lines;
    while left > 0 {
        let n = left.min(chunk_lines);
        chunks.push(Ok(line.repeat(n).into_bytes()));
        left -= n;
    }
    chunks.push(Ok(tail.as_bytes().to_vec()));
    let mut r = Response::new(Body::from_stream(futures_util::stream::iter(chunks)));
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    r
}

fn trickle() -> Response {
    let stream = futures_util::stream::unfold(0u32, |n| async move {
        if n > 0 {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        (n < 600).then_some((Ok::<_, std::io::Error>(b"<".to_vec()), n + 1))
    });
    let mut r = Response::new(Body::from_stream(stream));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// [`BOMB_BYTES`] spaces, gzipped once per process.
pub fn gzip_bomb() -> &'static [u8] {
    static BOMB: OnceLock<Vec<u8>> = OnceLock::new();
    BOMB.get_or_init(|| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let mib = vec![b' '; 1 << 20];
        for _ in 0..BOMB_BYTES >> 20 {
            e.write_all(&mib).unwrap();
        }
        e.finish().unwrap()
    })
}

/// 64 MiB of spaces, brotli (quality 11, window 24), made with the
/// `brotli` crate 9.1.1.
pub const BROTLI_BOMB: [u8; 54] = [
    0xcf, 0xff, 0xff, 0x7f, 0xf8, 0x25, 0x40, 0xe2, 0xb1, 0x40, 0x20, 0xf7, 0xfe, 0x9f, 0xff, 0xff,
    0xff, 0xf0, 0x4b, 0x00, 0xc4, 0x61, 0x01, 0x80, 0xee, 0xfd, 0x3f, 0xff, 0xff, 0xff, 0xe1, 0x97,
    0x00, 0x88, 0xc3, 0x22, 0x00, 0xdd, 0xfb, 0x7f, 0xfe, 0xff, 0xff, 0xc3, 0x2f, 0x01, 0x10, 0x87,
    0x05, 0x00, 0xba, 0xf7, 0xff, 0x03,
];

fn gbk(s: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(s).0.into_owned()
}

fn invalid_utf8() -> Vec<u8> {
    let mut b = page(INVALID_TITLE, "<p>第一段。</p>").into_bytes();
    let at = b
        .windows(4)
        .position(|w| w == b"<p>\xe7")
        .unwrap_or(b.len() / 2);
    // A stray continuation byte, an overlong '/', a surrogate, 0xFF, a cut
    // sequence, inside the body (the title stays valid).
    b.splice(
        at..at,
        b"\x80\xc0\xaf\xed\xa0\x80\xff\xe4\xb8".iter().copied(),
    );
    b
}

fn invalid_gb18030() -> Vec<u8> {
    let mut b = gbk(&page(INVALID_TITLE, "<p>第一段。</p><p>第二段。</p>"));
    let at = b
        .windows(3)
        .position(|w| w == b"<p>")
        .unwrap_or(b.len() / 2);
    // A lead byte before ASCII, 0x80, 0xFF, a four-byte sequence cut short.
    b.splice(at..at, b"\x81\x20\x80\xff\x81\x30\x81".iter().copied());
    b
}

/// Deterministic noise (xorshift).
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}
