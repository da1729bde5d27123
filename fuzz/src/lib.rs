//! The fuzz harnesses: one function per cargo-fuzz target, each taking the
//! raw fuzzer input. The targets in `fuzz_targets/` are one-line wrappers, and
//! `tests/fuzz_regressions.rs` includes this file (`#[path]`) to run the seed
//! corpora and the kept crash inputs through exactly the same code.
//!
//! Input conventions (so seed files stay readable):
//!
//! * `extract`: the first byte picks the route — `p` PDF, `d` DOCX, `g`
//!   [`understand`] as `text/html; charset=gbk`, `u` [`understand`] with no
//!   Content-Type (sniffing), anything else `html::extract` of the rest as
//!   (lossy) UTF-8. The document is then classified and normalized.
//! * `discover`: the first byte modulo 6 picks the page URL from
//!   [`DISCOVER_BASES`] (`'0'`..`'5'` give 0..5); the rest is the page.
//! * `robots`: the whole input is a robots.txt served with status 200.
//! * `charset`: the first line is the Content-Type header (empty: none),
//!   the rest the body.
//! * `parser`: the input is the report text; every run of lines containing
//!   `|` is also a table (cells split on `|`).
//! * `seeds`: the first byte picks the file type (even: `.txt`, odd: `.csv`;
//!   `'0'` / `'1'`), the rest is the file.
//! * `config`: the input is `config.toml` (invalid UTF-8 is refused, as
//!   `Config::load` does).
//!
//! [`understand`]: harvester::understand::understand

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use harvester::understand::Table;
use url::Url;

const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// `understand::html::extract` / `understand::understand`, then `classify` and `normalize`.
pub fn extract(data: &[u8]) {
    use harvester::understand::{self, classify, html, normalize};
    let Some((&route, rest)) = data.split_first() else {
        return;
    };
    let (doc, url) = match route {
        b'p' => {
            let url = url("http://www.example.gov.cn/xxgk/P020240101.pdf");
            (
                understand::understand(rest, Some("application/pdf"), &url),
                url,
            )
        }
        b'd' => {
            let url = url("http://www.example.gov.cn/xxgk/W020240101.docx");
            (understand::understand(rest, Some(DOCX_TYPE), &url), url)
        }
        b'g' => {
            let url = url("http://www.example.gov.cn/xxgk/zfxxgknb/t20240101_1.html");
            let ct = Some("text/html; charset=gbk");
            (understand::understand(rest, ct, &url), url)
        }
        b'u' => {
            let url = url("http://www.example.gov.cn/col/col123/art/2024/art_1.html");
            (understand::understand(rest, None, &url), url)
        }
        _ => {
            let url = url("http://www.example.gov.cn/xxgk/zfxxgknb/t20240101_1.html");
            (html::extract(&String::from_utf8_lossy(rest), &url), url)
        }
    };
    let link_text = doc.title.clone();
    let _ = classify::classify(&doc, &url, link_text.as_deref());
    let _ = normalize::normalize(&doc.body);
    for t in &doc.tables {
        let _ = t.to_lines();
    }
}

/// Page URLs the `discover` target resolves against: ordinary, Hanweb proxy
/// answer, TRS column, odd (IP host, port, query, fragment, IDN, deep path).
pub const DISCOVER_BASES: [&str; 6] = [
    "http://www.example.gov.cn/col/col123/index.html",
    "http://www.example.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15&col=1&webid=1&columnid=123",
    "http://www.example.gov.cn/xxgk/zfxxgknb/index.shtml",
    "https://192.168.1.1:8443/a/b/../c/page.jsp?x=1&y=%E4%B8%AD#frag",
    "http://xn--fiqs8s.gov.cn/",
    "http://www.example.gov.cn/a/b/c/d/e/f/g/index_3.html",
];

/// `discover::discover`.
pub fn discover(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let base = url(DISCOVER_BASES[usize::from(pick) % DISCOVER_BASES.len()]);
    let found = harvester::discover::discover(&String::from_utf8_lossy(rest), &base);
    for link in &found.links {
        let _ = harvester::discover::is_document_url(&link.url);
    }
}

/// `fetch::robots::from_fetch` with status 200, then `allowed` and `crawl_delay`.
pub fn robots(data: &[u8]) {
    use harvester::fetch::robots::{from_fetch, RobotsStatus};
    let RobotsStatus::Rules(rules) = from_fetch(Some(200), data, false, "harvester") else {
        panic!("a 200 robots.txt must give rules");
    };
    let _ = rules.crawl_delay();
    for path in [
        "/",
        "/robots.txt",
        "/xxgk/zfxxgknb/index.html",
        "/col/col123/index.html?uid=1&pageNum=2",
        "/%E4%BF%A1%E6%81%AF/a b.html",
        "/cgi-bin/../admin/*$",
    ] {
        let _ = rules.allowed(&url("http://www.example.gov.cn").join(path).unwrap());
    }
    // A path taken from the input itself, so patterns can meet their match.
    let text = String::from_utf8_lossy(&data[..data.len().min(256)]);
    if let Some(line) = text.lines().last() {
        if let Ok(u) = url("http://www.example.gov.cn/").join(line) {
            let _ = rules.allowed(&u);
        }
    }
}

/// `fetch::charset::decode`.
pub fn charset(data: &[u8]) {
    let (header, body) = match data.iter().position(|&b| b == b'\n') {
        Some(n) => (&data[..n], &data[n + 1..]),
        None => (&[][..], data),
    };
    let header = String::from_utf8_lossy(header);
    let content_type = (!header.is_empty()).then_some(&*header);
    let decoded = harvester::fetch::charset::decode(body, content_type);
    // Whatever the label, the text must be complete UTF-8 (it is a String)
    // and never empty for a non-empty body that is not only a BOM.
    let _ = decoded.text.len();
    if let Some(label) = content_type {
        let _ = harvester::fetch::charset::encoding_for_label(label);
    }
}

/// The report parser (`parse::default_parser`), with the input as text and
/// its `|` lines as tables.
pub fn parser(data: &[u8]) {
    use harvester::parse::{default_parser, parse_text, ParseInput};
    let text = String::from_utf8_lossy(data);
    let mut tables = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for line in text.lines() {
        if line.contains('|') {
            rows.push(line.split('|').map(|c| c.trim().to_string()).collect());
        } else if !rows.is_empty() {
            tables.push(Table {
                rows: std::mem::take(&mut rows),
            });
        }
    }
    if !rows.is_empty() {
        tables.push(Table { rows });
    }
    let parser = default_parser();
    let _ = parser.name();
    for (tables, source_type) in [(&tables[..], "html"), (&[][..], "pdf")] {
        let _ = parser.parse(&ParseInput {
            text: &text,
            tables,
            source_type,
            title: text.lines().next(),
            year: Some(2023),
            organ: None,
        });
    }
    let _ = parse_text(&text, &tables);
}

/// `seeds::load` of one file holding the input.
pub fn seeds(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let ext = if pick % 2 == 0 { "txt" } else { "csv" };
    let file = TempFile::new(ext, rest);
    match harvester::seeds::load(file.path()) {
        Ok(set) => {
            for p in &set.problems {
                let _ = p.to_string();
            }
        }
        Err(e) => panic!("one readable seed file must load: {e}"),
    }
}

/// `config::Config::parse` and `validate`; a config that validates must give
/// every duration and rate the crawl derives from it without panicking.
pub fn config(data: &[u8]) {
    use harvester::config::Config;
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz/config.toml");
    let Ok(cfg) = Config::parse(text, path) else {
        return;
    };
    if cfg.validate(path).is_err() {
        return;
    }
    let _ = cfg.agent_token();
    let _ = cfg.timeout();
    let _ = cfg.connect_timeout();
    // The conversions the crawl makes (crawl/hosts.rs, crawl/settle.rs, crawl/mod.rs).
    let _ = Duration::from_secs_f64(1.0 / cfg.politeness.requests_per_second);
    let _ = Duration::from_secs_f64(cfg.politeness.max_crawl_delay_secs);
    let _ = Duration::from_secs_f64(cfg.robots.unavailable_retry_secs);
    let _ = Duration::from_secs_f64(cfg.retry.base_delay_secs);
    let _ = Duration::from_secs_f64(cfg.retry.max_delay_secs);
    let _ = Duration::from_secs_f64(cfg.progress.log_interval_secs);
    // frontier/revisit.rs.
    let _ = time::Duration::seconds_f64(cfg.recrawl.listing_after_days * 86_400.0);
    let _ = time::Duration::seconds_f64(cfg.recrawl.article_after_days * 86_400.0);
}

fn url(s: &str) -> Url {
    Url::parse(s).expect("harness URLs are valid")
}

/// A file under the temp dir, unique per process and call, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(ext: &str, contents: &[u8]) -> TempFile {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let name = format!("harvester-fuzz-{}-{n}.{ext}", std::process::id());
        let path = std::env::temp_dir().join(name);
        std::fs::write(&path, contents).expect("write temp seed file");
        TempFile(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
