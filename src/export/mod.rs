//! Snapshots of the corpus: [`ExportRecord`]s → one file in jsonl,
//! jsonl.zst, csv or parquet, written atomically.
//!
//! In: an iterator of `Result<ExportRecord, E>` (the corpus being walked; an
//! `Err` item aborts the snapshot), the output path and a [`Format`].
//! Out: the file at `out`, complete, and a [`Written`] summary.
//!
//! Every format is written into a temporary file next to `out`
//! (`.<file name>.tmp-<pid>`), fsynced, then renamed over `out`; the directory
//! is fsynced after the rename where the platform allows it. This module must
//! never leave a half-written `out`: on any error the temporary file is removed
//! and whatever was at `out` before (an older snapshot) stays byte-for-byte
//! intact. It never reads or modifies the data directory itself.
//!
//! The format writers live in the private modules `jsonl` (also used for
//! `data/new/<run-id>.jsonl` through [`write_jsonl`]), `csv` and `parquet`;
//! each documents its exact layout. In short: jsonl is the serde shape of
//! [`ExportRecord`], one object per line; csv is plain UTF-8 (no BOM: pandas
//! and DuckDB read it directly, Excel users can import it) with `urls`
//! space-joined and `parsed` as compact JSON; parquet has the csv columns,
//! `urls` as a `LIST<STRING>`, Snappy, row groups of at most 10,000 rows.

mod csv;
mod jsonl;
pub mod long;
mod parquet;
#[cfg(test)]
mod tests;

use std::fmt::Display;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use crate::corpus::record::ExportRecord;

pub use self::jsonl::write_jsonl;

/// A snapshot file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// JSON Lines: one object per line, the serde shape of [`ExportRecord`].
    Jsonl,
    /// The same bytes as [`Format::Jsonl`], in one zstd frame.
    JsonlZst,
    /// CSV with a header row, plain UTF-8 (no BOM).
    Csv,
    /// Apache Parquet, Snappy-compressed, row groups of up to 10,000 rows.
    Parquet,
}

impl Format {
    /// Every format, in the order they are documented.
    pub const ALL: [Format; 4] = [
        Format::Jsonl,
        Format::JsonlZst,
        Format::Csv,
        Format::Parquet,
    ];

    /// From the `--format` flag value (`jsonl`, `jsonl.zst`, `csv`, `parquet`;
    /// an error on anything else), else from the file name's extension
    /// (`.jsonl.zst`/`.zst` → JsonlZst, `.csv` → Csv, `.parquet` → Parquet,
    /// anything else → Jsonl). Extensions are compared case-insensitively.
    pub fn choose(flag: Option<&str>, out: &Path) -> Result<Format, ExportError> {
        if let Some(flag) = flag {
            return Format::ALL
                .into_iter()
                .find(|f| f.as_str() == flag)
                .ok_or_else(|| ExportError::UnknownFormat {
                    path: out.to_path_buf(),
                    value: flag.to_string(),
                });
        }
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        Ok(if name.ends_with(".zst") {
            Format::JsonlZst
        } else if name.ends_with(".csv") {
            Format::Csv
        } else if name.ends_with(".parquet") {
            Format::Parquet
        } else {
            Format::Jsonl
        })
    }

    /// The flag value naming this format (`"jsonl"`, `"jsonl.zst"`, `"csv"`,
    /// `"parquet"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::JsonlZst => "jsonl.zst",
            Format::Csv => "csv",
            Format::Parquet => "parquet",
        }
    }
}

impl Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a snapshot was not written. Every message names the output file.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The `--format` value is not one of the four formats.
    #[error("{}: unknown export format {value:?} (expected jsonl, jsonl.zst, csv or parquet)", path.display())]
    UnknownFormat { path: PathBuf, value: String },
    /// `out` has no file name (`/`, `..`, empty).
    #[error("{}: not a file path", path.display())]
    NotAFile { path: PathBuf },
    /// The temporary file could not be created (missing directory, no permission, …).
    #[error("{}: cannot create temporary file {}: {source}", path.display(), tmp.display())]
    Create {
        path: PathBuf,
        tmp: PathBuf,
        #[source]
        source: io::Error,
    },
    /// Writing, flushing or fsyncing the temporary file failed.
    #[error("{}: write failed: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The CSV writer failed.
    #[error("{}: csv write failed: {source}", path.display())]
    Csv {
        path: PathBuf,
        #[source]
        source: ::csv::Error,
    },
    /// The Parquet writer failed.
    #[error("{}: parquet write failed: {source}", path.display())]
    Parquet {
        path: PathBuf,
        #[source]
        source: ::parquet::errors::ParquetError,
    },
    /// The record source yielded an error; nothing was written.
    #[error("{}: record {index} could not be read: {message}", path.display())]
    Record {
        path: PathBuf,
        /// 0-based position of the failing item.
        index: u64,
        message: String,
    },
    /// The finished temporary file could not be renamed over `out`.
    #[error("{}: cannot rename {} into place: {source}", path.display(), tmp.display())]
    Rename {
        path: PathBuf,
        tmp: PathBuf,
        #[source]
        source: io::Error,
    },
}

impl ExportError {
    pub(crate) fn io(path: &Path, source: io::Error) -> ExportError {
        ExportError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// What [`write_snapshot`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The snapshot file (the `out` given).
    pub path: PathBuf,
    /// Records written.
    pub records: u64,
    /// Size of the file in bytes.
    pub bytes: u64,
}

/// A format writer over the temporary file: records go in one at a time,
/// `finish` completes the format (footer, zstd frame end, flush) and hands
/// the file back for fsync.
pub(crate) trait Sink {
    fn push(&mut self, record: ExportRecord) -> Result<(), ExportError>;
    fn finish(self) -> Result<File, ExportError>;
}

/// Write every record to `out` in `format`, atomically: into a temp file in
/// the same directory (`.<file name>.tmp-<pid>`), fsync, then rename over
/// `out`. On any error (including an error item from the iterator) the temp
/// file is removed and `out` is untouched (an existing older snapshot stays
/// intact).
pub fn write_snapshot<I, E>(records: I, out: &Path, format: Format) -> Result<Written, ExportError>
where
    I: IntoIterator<Item = Result<ExportRecord, E>>,
    E: Display,
{
    atomically(out, |file| match format {
        Format::Jsonl => feed(records, jsonl::JsonlSink::new(file, out), out),
        Format::JsonlZst => feed(records, jsonl::ZstSink::new(file, out)?, out),
        Format::Csv => feed(records, csv::CsvSink::new(file, out)?, out),
        Format::Parquet => feed(records, parquet::ParquetSink::new(file, out)?, out),
    })
}

/// Write the parser's `table` of every record as a long CSV (one row per
/// report × row × column), atomically like [`write_snapshot`]; `records`
/// counts reports.
pub fn write_long_table<I, E>(
    records: I,
    out: &Path,
    table: long::Table,
) -> Result<Written, ExportError>
where
    I: IntoIterator<Item = Result<ExportRecord, E>>,
    E: Display,
{
    atomically(out, |file| {
        feed(records, long::LongSink::new(file, out, table)?, out)
    })
}

/// Run `write` over a temporary file in `out`'s directory
/// (`.<file name>.tmp-<pid>`), fsync it, then rename it over `out`. On any
/// error the temp file is removed and `out` is untouched.
fn atomically(
    out: &Path,
    write: impl FnOnce(File) -> Result<(File, u64), ExportError>,
) -> Result<Written, ExportError> {
    let name = out.file_name().ok_or_else(|| ExportError::NotAFile {
        path: out.to_path_buf(),
    })?;
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = dir.join(tmp_name);

    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&tmp)
        .map_err(|source| ExportError::Create {
            path: out.to_path_buf(),
            tmp: tmp.clone(),
            source,
        })?;
    let guard = TempGuard(Some(tmp.clone()));
    let (file, count) = write(file)?;
    file.sync_all().map_err(|e| ExportError::io(out, e))?;
    let bytes = file.metadata().map_err(|e| ExportError::io(out, e))?.len();
    drop(file);

    fs::rename(&tmp, out).map_err(|source| ExportError::Rename {
        path: out.to_path_buf(),
        tmp: tmp.clone(),
        source,
    })?;
    guard.disarm();
    sync_dir(dir);

    Ok(Written {
        path: out.to_path_buf(),
        records: count,
        bytes,
    })
}

/// Push every record into `sink`, stopping at the first error item.
fn feed<I, E, S>(records: I, mut sink: S, out: &Path) -> Result<(File, u64), ExportError>
where
    I: IntoIterator<Item = Result<ExportRecord, E>>,
    E: Display,
    S: Sink,
{
    let mut count = 0u64;
    for item in records {
        let record = item.map_err(|e| ExportError::Record {
            path: out.to_path_buf(),
            index: count,
            message: e.to_string(),
        })?;
        sink.push(record)?;
        count += 1;
    }
    Ok((sink.finish()?, count))
}

/// Make the rename durable. Best effort: opening a directory for fsync is not
/// possible on every platform, and the snapshot itself is already complete.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Removes the temporary file when dropped, unless disarmed after the rename.
struct TempGuard(Option<PathBuf>);

impl TempGuard {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = fs::remove_file(p);
        }
    }
}
