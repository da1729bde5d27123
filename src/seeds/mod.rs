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

mod url_check;
use url_check::parse_seed_url;

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
mod tests;
