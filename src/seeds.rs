//! Seeds stage: seed files → [`Seed`]s, with every bad line reported.
//!
//! **In:** a path given to [`load`]. Either a directory, whose `*.txt` and
//! `*.csv` files are read (not recursively, sorted by file name; hidden files
//! and files with other extensions are ignored), or one file, read by its
//! extension (`.csv` as CSV, anything else as plain text).
//!
//! * `.txt`: one URL per line. Blank lines and `#` comments (whole-line, or
//!   trailing after whitespace: `http://www.x.gov.cn  # 县政府`) are ignored;
//!   surrounding whitespace and a UTF-8 BOM are trimmed.
//! * `.csv`: a header line naming a `url` column (case-insensitive), and
//!   optionally `name`, `code`, `province`, `level`; other columns are
//!   ignored. Lines starting with `#` are comments. Every record must have as
//!   many fields as the header.
//!
//! URLs are checked line by line: a missing scheme gets `http://` (portal
//! lists often omit it), only `http`/`https` are allowed, the host must be a
//! dotted domain name whose last label is alphabetic (or an IP address), and
//! stray characters (`http://www.x.gov.cn;`, spaces) are reported, never
//! repaired by guessing. The same URL twice keeps the first occurrence.
//!
//! **Out:** a [`SeedSet`]: the accepted [`Seed`]s in file order, each with its
//! `file:line` source, and a [`SeedProblem`] for every line that was skipped
//! or only partly accepted (`seeds/a.csv:12: <reason>`).
//!
//! **Never:** one bad line (or one unreadable file in a directory) never
//! aborts the load, and nothing here panics. [`load`] fails only when nothing
//! can be read at all: the path is missing or unreadable, or a directory holds
//! no seed files. Zero valid seeds is *not* an error here; the caller decides.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use url::Url;

/// One seed: a portal URL to start crawling from, with what the seed file
/// says about it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Seed {
    /// The parsed start URL (fragment removed).
    #[serde(with = "url_str")]
    pub url: Url,
    /// Name of the government body (`name` column), e.g. `平阳县`.
    pub name: Option<String>,
    /// Administrative division code, 6 or 12 digits (`code` column).
    pub code: Option<String>,
    /// Province (`province` column), e.g. `浙江省`.
    pub province: Option<String>,
    /// Level (`level` column), e.g. `county`; free text.
    pub level: Option<String>,
    /// Where the seed came from: `file:line`.
    pub source: String,
}

/// One problem with one line of a seed file. `line` is 1-based; it is 0 for
/// a problem with the whole file (e.g. unreadable), which displays without a
/// line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedProblem {
    pub file: PathBuf,
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for SeedProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file.display(), self.reason)
        } else {
            write!(f, "{}:{}: {}", self.file.display(), self.line, self.reason)
        }
    }
}

/// Everything [`load`] found.
#[derive(Debug, Default)]
pub struct SeedSet {
    /// Accepted seeds, in file order (files sorted by name), duplicates removed.
    pub seeds: Vec<Seed>,
    /// Every skipped or partly accepted line, in file order.
    pub problems: Vec<SeedProblem>,
    /// The seed files that were read, in the order they were read.
    pub files: Vec<PathBuf>,
}

/// Fatal errors: nothing could be read at all.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("seed path {} does not exist", .path.display())]
    NotFound { path: PathBuf },
    #[error("cannot read seed path {}: {source}", .path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("seed directory {} holds no .txt or .csv files", .path.display())]
    NoSeedFiles { path: PathBuf },
}

/// Load seeds from a directory of seed files or from one seed file.
/// See the [module docs](self) for the formats and rules.
pub fn load(path: &Path) -> Result<SeedSet, SeedError> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => SeedError::NotFound {
            path: path.to_path_buf(),
        },
        _ => SeedError::Unreadable {
            path: path.to_path_buf(),
            source: e,
        },
    })?;
    let mut loader = Loader::default();
    if !meta.is_dir() {
        let bytes = std::fs::read(path).map_err(|source| SeedError::Unreadable {
            path: path.to_path_buf(),
            source,
        })?;
        loader.file(path, &bytes);
        return Ok(loader.set);
    }

    let files = seed_files_in(path)?;
    if files.is_empty() {
        return Err(SeedError::NoSeedFiles {
            path: path.to_path_buf(),
        });
    }
    let mut first_error = None;
    for file in &files {
        match std::fs::read(file) {
            Ok(bytes) => loader.file(file, &bytes),
            Err(e) => {
                loader.problem(file, 0, format!("cannot read file: {e}"));
                first_error.get_or_insert((file.clone(), e));
            }
        }
    }
    if loader.set.files.is_empty() {
        if let Some((path, source)) = first_error {
            return Err(SeedError::Unreadable { path, source });
        }
    }
    Ok(loader.set)
}

/// The `*.txt` / `*.csv` files directly in `dir`, sorted by name.
fn seed_files_in(dir: &Path) -> Result<Vec<PathBuf>, SeedError> {
    let unreadable = |source| SeedError::Unreadable {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with('.') || kind_of(Path::new(name)).is_none() {
            continue;
        }
        let path = entry.path();
        // Follows symlinks; a dangling link or a sub-directory is skipped.
        if std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            files.push(path);
        }
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(files)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Txt,
    Csv,
}

fn kind_of(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" => Some(Kind::Txt),
        "csv" => Some(Kind::Csv),
        _ => None,
    }
}

/// Real line numbers of CSV records. The csv crate's `Position::line` does
/// not count the blank and comment lines it skips, and a record's position is
/// where the reader *started* (before those skipped lines), so the line is
/// computed here from the byte offset instead.
struct LineCounter<'a> {
    bytes: &'a [u8],
    /// Offset up to which newlines have been counted, and their count.
    offset: usize,
    newlines: usize,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            offset: 0,
            newlines: 0,
        }
    }

    /// 1-based line of the record whose reading started at byte `start`.
    fn record_line(&mut self, start: u64) -> usize {
        let b = self.bytes;
        let mut at = usize::try_from(start).unwrap_or(usize::MAX).min(b.len());
        // Skip what the reader skips: empty lines and `#` comment lines.
        while at < b.len() {
            match b[at] {
                b'\r' | b'\n' => at += 1,
                b'#' => match b[at..].iter().position(|&c| c == b'\n') {
                    Some(n) => at += n + 1,
                    None => at = b.len(),
                },
                _ => break,
            }
        }
        if at >= self.offset {
            self.newlines += b[self.offset..at].iter().filter(|&&c| c == b'\n').count();
        } else {
            self.newlines = b[..at].iter().filter(|&&c| c == b'\n').count();
        }
        self.offset = at;
        self.newlines + 1
    }
}

/// Columns of a CSV seed file, by index.
struct Columns {
    url: usize,
    name: Option<usize>,
    code: Option<usize>,
    province: Option<usize>,
    level: Option<usize>,
    count: usize,
    header: String,
}

#[derive(Default)]
struct Loader {
    set: SeedSet,
    /// Seen URL → its `file:line`.
    seen: HashMap<Url, String>,
}

impl Loader {
    fn problem(&mut self, file: &Path, line: usize, reason: String) {
        self.set.problems.push(SeedProblem {
            file: file.to_path_buf(),
            line,
            reason,
        });
    }

    fn file(&mut self, file: &Path, bytes: &[u8]) {
        self.set.files.push(file.to_path_buf());
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match kind_of(file).unwrap_or(Kind::Txt) {
            Kind::Txt => self.txt(file, bytes),
            Kind::Csv => self.csv(file, bytes),
        }
    }

    fn txt(&mut self, file: &Path, bytes: &[u8]) {
        for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
            let line = i + 1;
            let Ok(text) = std::str::from_utf8(raw) else {
                let reason = format!("line {}; line skipped", not_utf8(None));
                self.problem(file, line, reason);
                continue;
            };
            let text = strip_comment(text).trim();
            if text.is_empty() {
                continue;
            }
            self.add(file, line, text, Meta::default());
        }
    }

    fn csv(&mut self, file: &Path, bytes: &[u8]) {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .comment(Some(b'#'))
            .from_reader(bytes);
        let mut record = csv::ByteRecord::new();
        let mut columns: Option<Columns> = None;
        let mut lines = LineCounter::new(bytes);
        loop {
            let start = reader.position().byte();
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    // The csv reader is lenient; only I/O errors end up here,
                    // and on an in-memory buffer there are none. Stop rather
                    // than risk looping on the same error.
                    let line = lines.record_line(start);
                    self.problem(file, line, format!("unreadable CSV: {e}"));
                    break;
                }
            }
            let line = lines.record_line(record.position().map_or(start, |p| p.byte()));
            let mut fields = Vec::with_capacity(record.len());
            let mut bad_field = None;
            for (i, f) in record.iter().enumerate() {
                match std::str::from_utf8(f) {
                    Ok(s) => fields.push(s.trim()),
                    Err(_) => {
                        bad_field = Some(i + 1);
                        break;
                    }
                }
            }
            if let Some(n) = bad_field {
                let reason = not_utf8(Some(n));
                if columns.is_none() {
                    self.problem(file, line, format!("header {reason}; file skipped"));
                    return;
                }
                self.problem(file, line, format!("line {reason}; line skipped"));
                continue;
            }
            let Some(cols) = &columns else {
                match header_columns(&fields) {
                    Ok(c) => columns = Some(c),
                    Err(reason) => {
                        self.problem(file, line, reason);
                        return;
                    }
                }
                continue;
            };
            if fields.len() != cols.count {
                let reason = format!(
                    "expected {} fields ({}), found {}; line skipped",
                    cols.count,
                    cols.header,
                    fields.len()
                );
                self.problem(file, line, reason);
                continue;
            }
            let get = |i: Option<usize>| {
                i.map(|i| fields[i])
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            let meta = Meta {
                name: get(cols.name),
                code: get(cols.code),
                province: get(cols.province),
                level: get(cols.level),
            };
            let url = fields[cols.url];
            self.add(file, line, url, meta);
        }
        if columns.is_none() {
            let line = lines.record_line(reader.position().byte());
            self.problem(
                file,
                line,
                "no header line (empty file); expected a header with a `url` column".into(),
            );
        }
    }

    /// Validate one seed line and add it, or report why not.
    fn add(&mut self, file: &Path, line: usize, raw_url: &str, mut meta: Meta) {
        let url = match parse_seed_url(raw_url) {
            Ok(u) => u,
            Err(reason) => return self.problem(file, line, reason),
        };
        let source = format!("{}:{}", file.display(), line);
        if let Some(first) = self.seen.get(&url) {
            let reason = format!("duplicate of {first} ({url}); line skipped");
            return self.problem(file, line, reason);
        }
        if let Some(code) = meta.code.take() {
            if is_admin_code(&code) {
                meta.code = Some(code);
            } else {
                let reason = format!(
                    "code {code:?} is not a 6- or 12-digit admin code; seed kept without a code"
                );
                self.problem(file, line, reason);
            }
        }
        self.seen.insert(url.clone(), source.clone());
        self.set.seeds.push(Seed {
            url,
            name: meta.name,
            code: meta.code,
            province: meta.province,
            level: meta.level,
            source,
        });
    }
}

#[derive(Default)]
struct Meta {
    name: Option<String>,
    code: Option<String>,
    province: Option<String>,
    level: Option<String>,
}

fn not_utf8(field: Option<usize>) -> String {
    let at = field.map(|n| format!(" (field {n})")).unwrap_or_default();
    format!("is not valid UTF-8{at} (is the file GBK-encoded? save it as UTF-8)")
}

/// Cut a trailing `#` comment: a `#` at the start or after whitespace.
/// A `#` inside a URL (`http://x.gov.cn/#/home`) is kept.
fn strip_comment(line: &str) -> &str {
    let mut prev_ws = true;
    for (i, c) in line.char_indices() {
        if c == '#' && prev_ws {
            return &line[..i];
        }
        prev_ws = c.is_whitespace();
    }
    line
}

fn header_columns(fields: &[&str]) -> Result<Columns, String> {
    let names: Vec<String> = fields
        .iter()
        .map(|f| f.trim_start_matches('\u{feff}').trim().to_lowercase())
        .collect();
    let find = |want: &str| names.iter().position(|n| n == want);
    let Some(url) = find("url") else {
        return Err(format!(
            "header has no `url` column (found: {}); file skipped",
            fields.join(",")
        ));
    };
    Ok(Columns {
        url,
        name: find("name"),
        code: find("code"),
        province: find("province"),
        level: find("level"),
        count: fields.len(),
        header: names.join(","),
    })
}

fn is_admin_code(code: &str) -> bool {
    matches!(code.len(), 6 | 12) && code.bytes().all(|b| b.is_ascii_digit())
}

/// Characters that end a URL only by mistake (copied punctuation).
const STRAY_TAIL: &[char] = &[';', ',', '。', '，', '；', '、', '"', '\'', '“', '”'];

/// Parse and check one seed URL; `Err` carries the reason, naming the value.
fn parse_seed_url(raw: &str) -> Result<Url, String> {
    if raw.is_empty() {
        return Err("empty url".into());
    }
    if let Some(c) = raw.chars().find(|c| c.is_whitespace()) {
        let what = if c == '\u{3000}' {
            "a full-width space"
        } else {
            "whitespace"
        };
        return Err(format!("url {raw:?} contains {what}"));
    }
    if let Some(c) = raw.chars().last().filter(|c| STRAY_TAIL.contains(c)) {
        return Err(format!("url {raw:?} ends with a stray {c:?}"));
    }
    let with_scheme = match scheme_of(raw) {
        Some(scheme) => {
            let lower = scheme.to_ascii_lowercase();
            if lower != "http" && lower != "https" {
                return Err(format!(
                    "url {raw:?} has unsupported scheme {scheme:?} (only http and https)"
                ));
            }
            if !raw[scheme.len() + 1..].starts_with("//") {
                return Err(format!("url {raw:?} lacks \"//\" after \"{scheme}:\""));
            }
            raw.to_string()
        }
        None if raw.starts_with("//") => format!("http:{raw}"),
        None => format!("http://{raw}"),
    };
    let mut url = Url::parse(&with_scheme).map_err(|e| format!("invalid url {raw:?}: {e}"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!("url {raw:?} carries a user name or password"));
    }
    match url.host() {
        None => return Err(format!("url {raw:?} has no host")),
        Some(url::Host::Ipv4(_)) | Some(url::Host::Ipv6(_)) => {}
        Some(url::Host::Domain(host)) => check_domain(raw, host)?,
    }
    url.set_fragment(None);
    Ok(url)
}

/// The scheme of `raw` if it starts with one. `www.x.gov.cn:8080/a` has none
/// (a dotted name before the colon, or digits after it, is a host and port).
fn scheme_of(raw: &str) -> Option<&str> {
    let colon = raw.find(':')?;
    let (scheme, rest) = (&raw[..colon], &raw[colon + 1..]);
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-'));
    let port_follows = rest.starts_with(|c: char| c.is_ascii_digit());
    (valid && !port_follows).then_some(scheme)
}

fn check_domain(raw: &str, host: &str) -> Result<(), String> {
    if let Some(c) = host
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        let tail = if host.ends_with(c) { "trailing " } else { "" };
        return Err(format!(
            "host {host:?} of url {raw:?} contains {tail}{c:?}, not allowed in a host name"
        ));
    }
    if !host.contains('.') {
        return Err(format!("host {host:?} of url {raw:?} has no dot"));
    }
    if host.ends_with('.') || host.starts_with('.') || host.contains("..") {
        return Err(format!("host {host:?} of url {raw:?} has an empty label"));
    }
    let tld = host.rsplit('.').next().unwrap_or_default();
    let alphabetic = tld.len() > 1 && tld.chars().all(|c| c.is_ascii_alphabetic());
    if !alphabetic && !tld.starts_with("xn--") {
        return Err(format!(
            "host {host:?} of url {raw:?} has an invalid top-level label {tld:?}"
        ));
    }
    Ok(())
}

/// Serialize a [`Url`] as its string (the `url` crate's serde feature is off).
mod url_str {
    use serde::{Deserialize, Deserializer, Serializer};
    use url::Url;

    pub fn serialize<S: Serializer>(url: &Url, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(url.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Url, D::Error> {
        let s = String::deserialize(d)?;
        Url::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
        let p = dir.join(name);
        fs::write(&p, content).unwrap();
        p
    }

    fn messages(set: &SeedSet) -> Vec<String> {
        set.problems.iter().map(ToString::to_string).collect()
    }

    fn urls(set: &SeedSet) -> Vec<&str> {
        set.seeds.iter().map(|s| s.url.as_str()).collect()
    }

    #[test]
    fn txt_with_comments_blank_lines_and_bom() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "a.txt",
            "\u{feff}# 县级政府门户\n\n  http://www.zjpy.gov.cn  \r\nwww.neixiangxian.gov.cn # 内乡县\nhttps://www.qianjiang.gov.cn/#/home\n\t# indented comment\n"
                .as_bytes(),
        );
        let set = load(&p).unwrap();
        assert_eq!(set.problems, vec![], "{:?}", messages(&set));
        assert_eq!(
            urls(&set),
            [
                "http://www.zjpy.gov.cn/",
                "http://www.neixiangxian.gov.cn/",
                "https://www.qianjiang.gov.cn/"
            ]
        );
        let src: Vec<_> = set.seeds.iter().map(|s| s.source.clone()).collect();
        let f = p.display();
        assert_eq!(src, [format!("{f}:3"), format!("{f}:4"), format!("{f}:5")]);
        assert_eq!(set.seeds[0].name, None);
        assert_eq!(set.files, vec![p]);
    }

    #[test]
    fn csv_with_bom_extra_columns_and_quoted_fields() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "c.csv",
            "\u{feff} Code ,Name,LEVEL,Province,URL,note\n\
             330326,平阳县,county,浙江省,http://www.zjpy.gov.cn,\"温州,平阳\"\n\
             # a comment line\n\
             411325,\" 内乡县 \",county,河南省,www.neixiangxian.gov.cn/,\n\
             ,,,,https://www.qianjiang.gov.cn,\n"
                .as_bytes(),
        );
        let set = load(&p).unwrap();
        assert_eq!(messages(&set), Vec::<String>::new());
        assert_eq!(set.seeds.len(), 3);
        let s = &set.seeds[0];
        assert_eq!(s.url.as_str(), "http://www.zjpy.gov.cn/");
        assert_eq!(s.name.as_deref(), Some("平阳县"));
        assert_eq!(s.code.as_deref(), Some("330326"));
        assert_eq!(s.province.as_deref(), Some("浙江省"));
        assert_eq!(s.level.as_deref(), Some("county"));
        assert_eq!(s.source, format!("{}:2", p.display()));
        assert_eq!(set.seeds[1].name.as_deref(), Some("内乡县"));
        assert_eq!(set.seeds[1].source, format!("{}:4", p.display()));
        assert_eq!(set.seeds[2].code, None);
        assert_eq!(set.seeds[2].name, None);
        assert_eq!(set.seeds[2].source, format!("{}:5", p.display()));
    }

    #[test]
    fn bad_csv_lines_have_exact_file_line_messages() {
        let dir = tempfile::tempdir().unwrap();
        let mut content = b"url,name,code\n".to_vec(); // 1
        content.extend_from_slice("http://www.xiuning.gov.cn;,休宁县,341022\n".as_bytes()); // 2
        content.extend_from_slice(b"http://www.qdsn.gov.cnn16,x,370202\n"); // 3
        content.extend_from_slice(b"https://58.49.42.70/zjxt/,ip,429004\n"); // 4 ok
        content.extend_from_slice(b"http://www.a.gov.cn,a,12345\n"); // 5 kept, bad code
        content.extend_from_slice(b"http://www.b.gov.cn,b\n"); // 6 field count
        content.extend_from_slice(b"http://www.c.gov.cn,\xD6\xD0\xCE\xC4,100000\n"); // 7 GBK
        content.extend_from_slice(b",empty,100000\n"); // 8
        content.extend_from_slice(b"HTTP://WWW.A.GOV.CN/,dup,\n"); // 9
        content.extend_from_slice(b"ftp://www.d.gov.cn,d,\n"); // 10
        content.extend_from_slice(b"http://www.e .gov.cn,e,\n"); // 11
        content.extend_from_slice(b"http://intranet/,f,\n"); // 12
        content.extend_from_slice(b"\"http://www.g.gov.cn\n/x\",g,\n"); // 13-14
        content.extend_from_slice(b"http://www.h.gov.c,h,\n"); // 15
        content.extend_from_slice(b"http:www.i.gov.cn,i,\n"); // 16
        content.extend_from_slice(b"javascript:void(0),j,\n"); // 17
        content.extend_from_slice("http://www.k.gov.cn。,k,\n".as_bytes()); // 18
        content.extend_from_slice(b"www.l.gov.cn:8080/a,l,110101000000\n"); // 19 ok
        let p = write(dir.path(), "a.csv", &content);
        let set = load(&p).unwrap();
        let f = p.display();
        let expected = [
            format!("{f}:2: url \"http://www.xiuning.gov.cn;\" ends with a stray ';'"),
            format!("{f}:3: host \"www.qdsn.gov.cnn16\" of url \"http://www.qdsn.gov.cnn16\" has an invalid top-level label \"cnn16\""),
            format!("{f}:5: code \"12345\" is not a 6- or 12-digit admin code; seed kept without a code"),
            format!("{f}:6: expected 3 fields (url,name,code), found 2; line skipped"),
            format!("{f}:7: line is not valid UTF-8 (field 2) (is the file GBK-encoded? save it as UTF-8); line skipped"),
            format!("{f}:8: empty url"),
            format!("{f}:9: duplicate of {f}:5 (http://www.a.gov.cn/); line skipped"),
            format!("{f}:10: url \"ftp://www.d.gov.cn\" has unsupported scheme \"ftp\" (only http and https)"),
            format!("{f}:11: url \"http://www.e .gov.cn\" contains whitespace"),
            format!("{f}:12: host \"intranet\" of url \"http://intranet/\" has no dot"),
            format!("{f}:13: url \"http://www.g.gov.cn\\n/x\" contains whitespace"),
            format!("{f}:15: host \"www.h.gov.c\" of url \"http://www.h.gov.c\" has an invalid top-level label \"c\""),
            format!("{f}:16: url \"http:www.i.gov.cn\" lacks \"//\" after \"http:\""),
            format!("{f}:17: url \"javascript:void(0)\" has unsupported scheme \"javascript\" (only http and https)"),
            format!("{f}:18: url \"http://www.k.gov.cn。\" ends with a stray '。'"),
        ];
        assert_eq!(messages(&set), expected);
        assert_eq!(
            urls(&set),
            [
                "https://58.49.42.70/zjxt/",
                "http://www.a.gov.cn/",
                "http://www.l.gov.cn:8080/a"
            ]
        );
        assert_eq!(set.seeds[1].code, None);
        assert_eq!(set.seeds[2].code.as_deref(), Some("110101000000"));
        assert_eq!(set.problems[0].line, 2);
        assert_eq!(set.problems[0].file, p);
    }

    #[test]
    fn bad_txt_lines_are_reported_and_the_rest_loaded() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "list.txt",
            b"http://www.a.gov.cn;\nhttp://www.b.gov.cn http://www.c.gov.cn\n\xC4\xDA\xCF\xE7\n//www.d.gov.cn/x\nhttp://user:pw@www.e.gov.cn\nhttp://[::1]:8080/\nhttp://www.a.gov.cn/#top\n",
        );
        let set = load(&p).unwrap();
        let f = p.display();
        assert_eq!(
            messages(&set),
            [
                format!("{f}:1: url \"http://www.a.gov.cn;\" ends with a stray ';'"),
                format!("{f}:2: url \"http://www.b.gov.cn http://www.c.gov.cn\" contains whitespace"),
                format!("{f}:3: line is not valid UTF-8 (is the file GBK-encoded? save it as UTF-8); line skipped"),
                format!("{f}:5: url \"http://user:pw@www.e.gov.cn\" carries a user name or password"),
            ]
        );
        assert_eq!(
            urls(&set),
            [
                "http://www.d.gov.cn/x",
                "http://[::1]:8080/",
                "http://www.a.gov.cn/"
            ]
        );
    }

    #[test]
    fn host_with_junk_in_the_middle_names_the_character() {
        let err = parse_seed_url("http://www.x.gov.cn;/index.html").unwrap_err();
        assert_eq!(
            err,
            "host \"www.x.gov.cn;\" of url \"http://www.x.gov.cn;/index.html\" contains trailing ';', not allowed in a host name"
        );
        assert!(parse_seed_url("localhost:8080")
            .unwrap_err()
            .contains("has no dot"));
        assert!(parse_seed_url("http://www..gov.cn").is_err());
        assert!(parse_seed_url("http://www.x.gov.cn.").is_err());
        assert_eq!(
            parse_seed_url("http://中国政府.政务").unwrap().host_str(),
            Some("xn--fiqs8sirgfmh.xn--zfr164b")
        );
    }

    #[test]
    fn directory_with_both_kinds_sorted_and_deduplicated() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "b.txt",
            b"http://www.zjpy.gov.cn\nhttp://www.hsxzf.gov.cn\n",
        );
        write(
            dir.path(),
            "a.csv",
            "url,name\nhttp://www.zjpy.gov.cn/,平阳县\n".as_bytes(),
        );
        write(dir.path(), "README.md", b"http://www.ignored.gov.cn\n");
        write(dir.path(), ".hidden.txt", b"http://www.hidden.gov.cn\n");
        fs::create_dir(dir.path().join("sub.txt")).unwrap();
        write(dir.path(), "C.TXT", b"https://www.qianjiang.gov.cn\n");
        let set = load(dir.path()).unwrap();
        let names: Vec<_> = set
            .files
            .iter()
            .map(|p| p.file_name().unwrap().to_str().unwrap())
            .collect();
        assert_eq!(names, ["C.TXT", "a.csv", "b.txt"]);
        assert_eq!(
            urls(&set),
            [
                "https://www.qianjiang.gov.cn/",
                "http://www.zjpy.gov.cn/",
                "http://www.hsxzf.gov.cn/"
            ]
        );
        assert_eq!(set.seeds[1].name.as_deref(), Some("平阳县"));
        let a = dir.path().join("a.csv");
        let b = dir.path().join("b.txt");
        assert_eq!(
            messages(&set),
            [format!(
                "{}:1: duplicate of {}:2 (http://www.zjpy.gov.cn/); line skipped",
                b.display(),
                a.display()
            )]
        );
    }

    #[test]
    fn csv_header_problems_skip_the_file_only() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "1.csv",
            b"address,name\nhttp://www.a.gov.cn,a\n",
        );
        write(dir.path(), "2.csv", b"");
        write(dir.path(), "3.csv", b"\n\nURL\n\nhttp://www.b.gov.cn\n");
        let set = load(dir.path()).unwrap();
        let d = dir.path();
        assert_eq!(
            messages(&set),
            [
                format!(
                    "{}:1: header has no `url` column (found: address,name); file skipped",
                    d.join("1.csv").display()
                ),
                format!(
                    "{}:1: no header line (empty file); expected a header with a `url` column",
                    d.join("2.csv").display()
                ),
            ]
        );
        assert_eq!(urls(&set), ["http://www.b.gov.cn/"]);
        assert_eq!(
            set.seeds[0].source,
            format!("{}:5", d.join("3.csv").display())
        );
    }

    #[test]
    fn single_file_with_other_extension_is_read_as_txt() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "seeds.list", b"url,name\nwww.a.gov.cn\n");
        let set = load(&p).unwrap();
        assert_eq!(urls(&set), ["http://www.a.gov.cn/"]);
        assert_eq!(set.problems.len(), 1);
        assert_eq!(
            set.problems[0].to_string(),
            format!(
                "{}:1: host \"url,name\" of url \"url,name\" contains ',', not allowed in a host name",
                p.display()
            )
        );
    }

    #[test]
    fn fatal_errors_name_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let e = load(&missing).unwrap_err();
        assert!(matches!(e, SeedError::NotFound { .. }));
        assert!(
            e.to_string().contains(&missing.display().to_string()),
            "{e}"
        );

        write(dir.path(), "notes.md", b"x");
        let e = load(dir.path()).unwrap_err();
        assert!(matches!(e, SeedError::NoSeedFiles { .. }));
        assert_eq!(
            e.to_string(),
            format!(
                "seed directory {} holds no .txt or .csv files",
                dir.path().display()
            )
        );
    }

    #[test]
    fn zero_valid_seeds_is_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "a.txt", b"# nothing yet\n\n");
        let set = load(&p).unwrap();
        assert!(set.seeds.is_empty() && set.problems.is_empty());
    }

    #[test]
    fn problem_display_without_line() {
        let p = SeedProblem {
            file: PathBuf::from("seeds/a.csv"),
            line: 0,
            reason: "cannot read file: denied".into(),
        };
        assert_eq!(p.to_string(), "seeds/a.csv: cannot read file: denied");
        let p = SeedProblem { line: 12, ..p };
        assert_eq!(p.to_string(), "seeds/a.csv:12: cannot read file: denied");
    }

    #[test]
    fn shipped_seed_directory_loads_cleanly() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let set = load(&dir).unwrap();
        assert_eq!(messages(&set), Vec::<String>::new());
        let got: Vec<_> = set
            .seeds
            .iter()
            .map(|s| (s.name.as_deref().unwrap(), s.code.as_deref().unwrap()))
            .collect();
        assert_eq!(
            got,
            [
                ("平阳县", "330326"),
                ("内乡县", "411325"),
                ("合水县", "621024"),
                ("黔江区", "500114")
            ]
        );
        assert_eq!(set.seeds[3].url.as_str(), "https://www.qianjiang.gov.cn/");
        assert!(set
            .seeds
            .iter()
            .all(|s| s.level.as_deref() == Some("county")));
    }

    #[test]
    fn seed_serializes_url_as_string() {
        let seed = Seed {
            url: Url::parse("http://www.zjpy.gov.cn/").unwrap(),
            name: Some("平阳县".into()),
            code: Some("330326".into()),
            province: None,
            level: None,
            source: "seeds/counties.csv:2".into(),
        };
        let json = serde_json::to_string(&seed).unwrap();
        assert!(
            json.contains("\"url\":\"http://www.zjpy.gov.cn/\""),
            "{json}"
        );
        let back: Seed = serde_json::from_str(&json).unwrap();
        assert_eq!(back, seed);
    }
}
