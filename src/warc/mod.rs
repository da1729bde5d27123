//! WARC/1.1 output (ISO 28500) for `harvester crawl --warc DIR`.
//!
//! **In**: one [`Exchange`] per HTTP request/response pair that the crawl
//! engine performed (URL, method, request headers and form body, status,
//! response headers as received, the payload *after* content decoding, fetch
//! time, peer address).
//!
//! **Out**: files `DIR/harvester-<run_id>-<seq:05>.warc.gz`. Each file opens
//! with a `warcinfo` record, then holds a `request` and a `response` record per
//! exchange, linked both ways by `WARC-Concurrent-To`. Every record is its own
//! gzip member, so standard tools can seek to any record and a crawl killed
//! mid-way leaves only whole members behind. A new file is started once the
//! current one has reached `max_file_bytes` (a file overshoots by at most one
//! exchange). A resumed run with the same run id numbers its files after the
//! existing ones and opens them with `create_new`, so it never overwrites.
//!
//! **The response block is not the bytes on the wire.** reqwest has already
//! undone gzip/brotli/deflate and chunking, so the block holds the *decoded*
//! payload. To keep the record self-consistent the writer drops the
//! `Content-Encoding`, `Transfer-Encoding` and `Content-Length` headers, appends
//! `Content-Length: <decoded length>`, and keeps each dropped value as
//! `X-Harvester-Original-<Name>: <value>` inside the HTTP header block (the
//! original `Content-Length` only when it differs from the decoded length).
//! `WARC-Payload-Digest` is therefore the SHA-1 of the decoded payload.
//!
//! **Never**: panic on hostile input (header names, values and URLs with CR, LF
//! or other control characters are neutralised, so a server cannot inject WARC
//! or HTTP header lines); leave a half-written gzip member when the process
//! survives an I/O error (each exchange is compressed into memory first, written
//! with one `write_all`, and on failure the file is truncated back to its last
//! whole member, or abandoned for a fresh file if even that fails).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use data_encoding::BASE32;
use flate2::{write::GzEncoder, Compression};
use sha1::{Digest, Sha1};

#[cfg(test)]
mod tests;

/// Errors from writing WARC files; every message names the path involved.
#[derive(Debug, thiserror::Error)]
pub enum WarcError {
    /// `what` is e.g. "create directory", "write file", "sync file".
    #[error("WARC: cannot {what} {path}: {source}")]
    Io {
        what: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("WARC: empty run id (files would go to {dir})")]
    EmptyRunId { dir: PathBuf },
}

/// `map_err` adapter naming the operation and the path.
fn io_err(what: &'static str, path: &Path) -> impl FnOnce(io::Error) -> WarcError {
    let path = path.to_path_buf();
    move |source| WarcError::Io { what, path, source }
}

/// One HTTP exchange as harvester saw it.
pub struct Exchange<'a> {
    pub url: &'a str,
    /// "GET" / "POST".
    pub method: &'a str,
    pub request_headers: &'a [(String, String)],
    /// The POSTed form, if any.
    pub request_body: Option<&'a [u8]>,
    pub status: u16,
    /// As received, in order.
    pub response_headers: &'a [(String, String)],
    /// Payload after content decoding (reqwest decompresses gzip/br/deflate).
    pub body: &'a [u8],
    pub fetched_at: SystemTime,
    pub peer_ip: Option<IpAddr>,
}

/// The file currently being appended to.
struct OpenFile {
    file: File,
    path: PathBuf,
    /// Bytes of whole members written so far.
    len: u64,
    warcinfo_id: String,
    exchanges: u64,
    /// A failed write could not be rolled back: never append to it again.
    broken: bool,
}

/// Writes exchanges to rotating `.warc.gz` files. Single-threaded by design:
/// the crawl coordinator owns it.
pub struct WarcWriter {
    dir: PathBuf,
    run_id: String,
    max_file_bytes: u64,
    next_seq: u64,
    current: Option<OpenFile>,
    files: Vec<PathBuf>,
    records: u64,
}

impl WarcWriter {
    /// Create DIR if needed; files are `DIR/harvester-<run_id>-<seq:05>.warc.gz`,
    /// seq starting after any existing file of that run id in DIR (a resumed run
    /// never overwrites). Characters of `run_id` outside `[A-Za-z0-9._-]` become
    /// `_`. Each file starts with a `warcinfo` record.
    pub fn create(dir: &Path, run_id: &str, max_file_bytes: u64) -> Result<WarcWriter, WarcError> {
        let run_id = run_id.replace(
            |c: char| !c.is_ascii_alphanumeric() && !"._-".contains(c),
            "_",
        );
        if run_id.is_empty() {
            return Err(WarcError::EmptyRunId {
                dir: dir.to_path_buf(),
            });
        }
        fs::create_dir_all(dir).map_err(io_err("create directory", dir))?;
        let next_seq = next_free_seq(dir, &run_id)?;
        let mut writer = WarcWriter {
            dir: dir.to_path_buf(),
            run_id,
            max_file_bytes,
            next_seq,
            current: None,
            files: Vec::new(),
            records: 0,
        };
        writer.current = Some(writer.open_next()?);
        Ok(writer)
    }

    /// A `request` record and a `response` record (linked by
    /// `WARC-Concurrent-To`), each its own gzip member, written with one
    /// `write_all` and flushed to the OS before returning.
    pub fn write_exchange(&mut self, ex: &Exchange) -> Result<(), WarcError> {
        let mut cur = match self.current.take() {
            Some(cur) => cur,
            None => self.open_next()?,
        };
        let res =
            exchange_members(ex, &cur.warcinfo_id, &cur.path).and_then(|buf| cur.append(&buf));
        if let Err(e) = res {
            if !cur.broken {
                self.current = Some(cur);
            }
            return Err(e);
        }
        self.records += 2;
        cur.exchanges += 1;
        if cur.len >= self.max_file_bytes {
            close(cur)
        } else {
            self.current = Some(cur);
            Ok(())
        }
    }

    /// Paths written so far.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// Records written so far (warcinfo excluded).
    pub fn records(&self) -> u64 {
        self.records
    }

    /// fsync and close.
    pub fn finish(mut self) -> Result<Vec<PathBuf>, WarcError> {
        if let Some(cur) = self.current.take() {
            close(cur)?;
        }
        Ok(self.files)
    }

    /// Open the next free file of this run (never an existing one) and write its
    /// `warcinfo` record.
    fn open_next(&mut self) -> Result<OpenFile, WarcError> {
        let (file, path) = loop {
            let name = format!("harvester-{}-{:05}.warc.gz", self.run_id, self.next_seq);
            let path = self.dir.join(&name);
            self.next_seq += 1;
            match OpenOptions::new().append(true).create_new(true).open(&path) {
                Ok(file) => break (file, path),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(io_err("create file", &path)(e)),
            }
        };
        let warcinfo_id = new_record_id();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let block = format!(
            "software: harvester {}\r\nformat: WARC File Format 1.1\r\n\
             conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n\
             isPartOf: harvester-{}\r\n",
            env!("CARGO_PKG_VERSION"),
            self.run_id
        )
        .into_bytes();
        let fields = [
            ("WARC-Type", "warcinfo".to_string()),
            ("WARC-Record-ID", warcinfo_id.clone()),
            ("WARC-Date", warc_date(SystemTime::now())),
            ("WARC-Filename", name),
            ("Content-Type", "application/warc-fields".to_string()),
            ("WARC-Block-Digest", sha1_b32(&block)),
        ];
        let buf = gzip_record(&fields, &block, &path)?;
        let mut cur = OpenFile {
            file,
            path,
            len: 0,
            warcinfo_id,
            exchanges: 0,
            broken: false,
        };
        if let Err(e) = cur.append(&buf) {
            let _ = fs::remove_file(&cur.path);
            return Err(e);
        }
        self.files.push(cur.path.clone());
        Ok(cur)
    }
}

impl OpenFile {
    /// Append whole members. On failure truncate back to the last whole member;
    /// if that fails too, mark the file broken so the next exchange starts a new one.
    fn append(&mut self, buf: &[u8]) -> Result<(), WarcError> {
        match self.file.write_all(buf).and_then(|()| self.file.flush()) {
            Ok(()) => {
                self.len += buf.len() as u64;
                Ok(())
            }
            Err(source) => {
                if let Err(e) = self.file.set_len(self.len) {
                    tracing::warn!(path = %self.path.display(), error = %e,
                        "cannot truncate WARC file after a failed write; abandoning it");
                    self.broken = true;
                }
                Err(io_err("write file", &self.path)(source))
            }
        }
    }
}

/// fsync a finished file.
fn close(cur: OpenFile) -> Result<(), WarcError> {
    cur.file
        .sync_all()
        .map_err(io_err("sync file", &cur.path))?;
    tracing::debug!(path = %cur.path.display(), bytes = cur.len, exchanges = cur.exchanges, "closed WARC file");
    Ok(())
}

/// The `request` and `response` records of one exchange, each a gzip member,
/// concatenated so they reach the file in one `write_all`.
fn exchange_members(ex: &Exchange, warcinfo_id: &str, path: &Path) -> Result<Vec<u8>, WarcError> {
    let date = warc_date(ex.fetched_at);
    let target = sanitize_uri(ex.url);
    let (req_id, resp_id) = (new_record_id(), new_record_id());
    let ip = ex.peer_ip.map(|ip| ip.to_string());
    let record = |kind: &str, id: &str, other: &str, block: &[u8], payload: Option<&[u8]>| {
        let mut fields = vec![
            ("WARC-Type", kind.to_string()),
            ("WARC-Record-ID", id.to_string()),
            ("WARC-Date", date.clone()),
            ("WARC-Target-URI", target.clone()),
        ];
        fields.extend(ip.clone().map(|ip| ("WARC-IP-Address", ip)));
        fields.push(("WARC-Warcinfo-ID", warcinfo_id.to_string()));
        fields.push(("WARC-Concurrent-To", other.to_string()));
        fields.push(("Content-Type", format!("application/http;msgtype={kind}")));
        fields.push(("WARC-Block-Digest", sha1_b32(block)));
        fields.extend(payload.map(|p| ("WARC-Payload-Digest", sha1_b32(p))));
        gzip_record(&fields, block, path)
    };
    let (req, resp) = (request_block(ex), response_block(ex));
    let mut buf = record("request", &req_id, &resp_id, &req, ex.request_body)?;
    buf.extend(record("response", &resp_id, &req_id, &resp, Some(ex.body))?);
    Ok(buf)
}

/// First sequence number after every `harvester-<run_id>-<digits>.warc.gz` in `dir`.
fn next_free_seq(dir: &Path, run_id: &str) -> Result<u64, WarcError> {
    let err = |e| io_err("list directory", dir)(e);
    let prefix = format!("harvester-{run_id}-");
    let mut next = 0;
    for entry in fs::read_dir(dir).map_err(err)? {
        let name = entry.map_err(err)?.file_name();
        let Some(name) = name.to_str() else { continue };
        let seq = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".warc.gz"))
            .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|d| d.parse::<u64>().ok());
        if let Some(seq) = seq {
            next = next.max(seq.saturating_add(1));
        }
    }
    Ok(next)
}

/// Serialise one record and compress it as a gzip member of its own.
fn gzip_record(fields: &[(&str, String)], block: &[u8], path: &Path) -> Result<Vec<u8>, WarcError> {
    let mut head = String::from("WARC/1.1\r\n");
    for (name, value) in fields {
        head.push_str(&format!("{name}: {}\r\n", sanitize_value(value)));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
    let mut gz = GzEncoder::new(Vec::with_capacity(512), Compression::default());
    let res = gz
        .write_all(head.as_bytes())
        .and_then(|()| gz.write_all(block))
        .and_then(|()| gz.write_all(b"\r\n\r\n"))
        .and_then(|()| gz.finish());
    res.map_err(io_err("compress a record for", path))
}

/// `<METHOD> <path?query> HTTP/1.1`, `Host`, the request headers, body.
fn request_block(ex: &Exchange) -> Vec<u8> {
    let method = Some(sanitize_token(ex.method.trim())).filter(|m| !m.is_empty());
    let method = method.unwrap_or_else(|| "GET".to_string());
    let (target, host) = match url::Url::parse(ex.url) {
        Ok(u) => {
            let mut t = u.path().to_string();
            if let Some(q) = u.query() {
                t.push('?');
                t.push_str(q);
            }
            let host = u.host_str().map(|h| match u.port() {
                Some(p) => format!("{h}:{p}"),
                None => h.to_string(),
            });
            (t, host)
        }
        Err(_) => (ex.url.to_string(), None),
    };
    let mut out = format!("{method} {} HTTP/1.1\r\n", sanitize_uri(&target));
    if let Some(host) = host {
        out.push_str(&format!("Host: {}\r\n", sanitize_value(&host)));
    }
    for (name, value) in ex.request_headers {
        let lower = name.trim().to_ascii_lowercase();
        if lower == "host" || lower == "content-length" {
            continue;
        }
        push_header(&mut out, name, value);
    }
    if let Some(body) = ex.request_body {
        out.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    out.push_str("\r\n");
    let mut block = out.into_bytes();
    block.extend_from_slice(ex.request_body.unwrap_or_default());
    block
}

/// `HTTP/1.1 <status> <reason>`, headers minus the encodings (kept as
/// `X-Harvester-Original-*`), `Content-Length` of the decoded body, body.
fn response_block(ex: &Exchange) -> Vec<u8> {
    let reason = reqwest::StatusCode::from_u16(ex.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Unknown");
    let mut out = format!("HTTP/1.1 {:03} {reason}\r\n", ex.status);
    let mut originals = Vec::new();
    let decoded_len = ex.body.len().to_string();
    for (name, value) in ex.response_headers {
        let canonical = match name.trim().to_ascii_lowercase().as_str() {
            "content-encoding" => "Content-Encoding",
            "transfer-encoding" => "Transfer-Encoding",
            "content-length" => "Content-Length",
            _ => {
                push_header(&mut out, name, value);
                continue;
            }
        };
        if canonical != "Content-Length" || value.trim() != decoded_len {
            originals.push((format!("X-Harvester-Original-{canonical}"), value));
        }
    }
    out.push_str(&format!("Content-Length: {decoded_len}\r\n"));
    for (name, value) in originals {
        push_header(&mut out, &name, value);
    }
    out.push_str("\r\n");
    let mut block = out.into_bytes();
    block.extend_from_slice(ex.body);
    block
}

fn push_header(out: &mut String, name: &str, value: &str) {
    let name = sanitize_token(name.trim());
    if !name.is_empty() {
        out.push_str(&format!("{name}: {}\r\n", sanitize_value(value.trim())));
    }
}

/// An HTTP token (header name, method): anything else becomes `_`.
fn sanitize_token(s: &str) -> String {
    s.replace(
        |c: char| !c.is_ascii_alphanumeric() && !"!#$%&'*+-.^_`|~".contains(c),
        "_",
    )
}

/// A header value on one line: CR, LF and other control characters (tab
/// excepted) become spaces.
fn sanitize_value(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
        .collect()
}

/// A URI on one line without spaces: controls and space are percent-encoded.
fn sanitize_uri(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() || c == ' ' {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `sha1:<BASE32>` as used by WARC-Block-Digest and WARC-Payload-Digest.
fn sha1_b32(data: &[u8]) -> String {
    format!("sha1:{}", BASE32.encode(&Sha1::digest(data)))
}

/// `<urn:uuid:…>` from 16 random bytes with the version 4 / RFC 4122 variant bits.
fn new_record_id() -> String {
    let n = u128::from_be_bytes(rand::random()) & !(0xf << 76) & !(0x3 << 62);
    let n = n | (0x4 << 76) | (0x2 << 62); // version 4, RFC 4122 variant
    let h = format!("{n:032x}");
    let (a, b, c, d, e) = (&h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..]);
    format!("<urn:uuid:{a}-{b}-{c}-{d}-{e}>")
}

/// UTC `YYYY-MM-DDThh:mm:ssZ`; a time before 1970 or after 9999 is clamped.
fn warc_date(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let secs = secs.min(253_402_300_799) as i64; // 9999-12-31T23:59:59Z
    time::OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|dt| {
            dt.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string())
}
