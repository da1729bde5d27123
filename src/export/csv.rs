//! CSV output: [`ExportRecord`]s → a header row and one row per record.
//!
//! In: records. Out: plain UTF-8 CSV (no BOM; pandas, DuckDB and polars read
//! it directly, Excel users can import it as UTF-8), RFC 4180 quoting (only
//! fields with commas, quotes or line breaks are quoted), `\n` line ends.
//! Columns, in this order:
//!
//! `id,url,urls,title,organ,year,published,seed_url,seed_name,seed_code,
//! source_type,fetched_at,first_run,content_hash,near_duplicate_of,text,parsed`
//!
//! `urls` is every URL joined with a single space (URLs never contain
//! spaces); `parsed` is its compact JSON text; a null is an empty cell. An
//! empty corpus gives the header row alone.
//!
//! Must never reorder or rename the columns, nor flatten `text` (its line
//! breaks and ` | ` table rows stay as they are, quoted); it never fsyncs or
//! renames (that is `mod.rs`'s job).

use std::fs::File;
use std::path::{Path, PathBuf};

use super::{ExportError, Sink};
use crate::corpus::record::ExportRecord;

/// The header row; [`row`] gives the cells in the same order.
pub(crate) const COLUMNS: [&str; 17] = [
    "id",
    "url",
    "urls",
    "title",
    "organ",
    "year",
    "published",
    "seed_url",
    "seed_name",
    "seed_code",
    "source_type",
    "fetched_at",
    "first_run",
    "content_hash",
    "near_duplicate_of",
    "text",
    "parsed",
];

/// The cells of one record, in [`COLUMNS`] order.
fn row(r: ExportRecord) -> [String; 17] {
    [
        r.id,
        r.url,
        r.urls.join(" "),
        r.title.unwrap_or_default(),
        r.organ.unwrap_or_default(),
        r.year.map(|y| y.to_string()).unwrap_or_default(),
        r.published.unwrap_or_default(),
        r.seed.url,
        r.seed.name.unwrap_or_default(),
        r.seed.code.unwrap_or_default(),
        r.source_type,
        r.fetched_at,
        r.first_run,
        r.content_hash,
        r.near_duplicate_of.unwrap_or_default(),
        r.text,
        r.parsed.map(|v| v.to_string()).unwrap_or_default(),
    ]
}

/// CSV into the temporary file; the header is written on creation.
pub(crate) struct CsvSink {
    w: csv::Writer<File>,
    path: PathBuf,
}

impl CsvSink {
    pub(crate) fn new(file: File, out: &Path) -> Result<CsvSink, ExportError> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(file);
        w.write_record(COLUMNS).map_err(|e| csv_err(out, e))?;
        Ok(CsvSink {
            w,
            path: out.to_path_buf(),
        })
    }
}

fn csv_err(out: &Path, source: csv::Error) -> ExportError {
    ExportError::Csv {
        path: out.to_path_buf(),
        source,
    }
}

impl Sink for CsvSink {
    fn push(&mut self, record: ExportRecord) -> Result<(), ExportError> {
        self.w
            .write_record(row(record))
            .map_err(|e| csv_err(&self.path, e))
    }

    fn finish(self) -> Result<File, ExportError> {
        let path = self.path;
        self.w
            .into_inner()
            .map_err(|e| ExportError::io(&path, e.into_error()))
    }
}
