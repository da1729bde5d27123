//! JSON Lines output: [`ExportRecord`]s → one compact JSON object per line.
//!
//! In: records. Out: UTF-8 bytes, each line exactly
//! `serde_json::to_string(&record)` followed by `\n` (keys: id, url, urls,
//! title, organ, year, published, seed{url,name,code}, text, content_hash,
//! source_type, fetched_at, first_run, near_duplicate_of, parsed; nulls as
//! `null`). An empty corpus is zero bytes. The `.zst` flavour is the same
//! bytes in a single zstd frame (level 3, with a content checksum), finished
//! before the file is handed back.
//!
//! Must never pretty-print, reorder or rename keys (users' scripts read this),
//! nor emit `\r\n`; it never fsyncs or renames (that is `mod.rs`'s job).

use std::borrow::Borrow;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::{ExportError, Sink};
use crate::corpus::record::ExportRecord;

/// zstd level for `.jsonl.zst`: the library default, fast; higher levels
/// gain little on plain text.
const ZSTD_LEVEL: i32 = 3;

/// Write records as JSON Lines to any writer (also used for
/// `data/new/<run-id>.jsonl`): one compact object per record, each followed by
/// `\n`, then flush. Returns how many records were written.
///
/// Pass a buffered writer; errors are plain [`io::Error`]s (serde errors are
/// converted), since only the caller knows the file's name.
pub fn write_jsonl<W, I>(mut writer: W, records: I) -> io::Result<u64>
where
    W: Write,
    I: IntoIterator,
    I::Item: Borrow<ExportRecord>,
{
    let mut n = 0u64;
    for r in records {
        write_line(&mut writer, r.borrow())?;
        n += 1;
    }
    writer.flush()?;
    Ok(n)
}

fn write_line<W: Write>(w: &mut W, record: &ExportRecord) -> io::Result<()> {
    serde_json::to_writer(&mut *w, record)?;
    w.write_all(b"\n")
}

/// Plain JSON Lines into the temporary file.
pub(crate) struct JsonlSink {
    w: BufWriter<File>,
    path: PathBuf,
}

impl JsonlSink {
    pub(crate) fn new(file: File, out: &Path) -> JsonlSink {
        JsonlSink {
            w: BufWriter::new(file),
            path: out.to_path_buf(),
        }
    }
}

impl Sink for JsonlSink {
    fn push(&mut self, record: ExportRecord) -> Result<(), ExportError> {
        write_line(&mut self.w, &record).map_err(|e| ExportError::io(&self.path, e))
    }

    fn finish(self) -> Result<File, ExportError> {
        let path = self.path;
        self.w
            .into_inner()
            .map_err(|e| ExportError::io(&path, e.into_error()))
    }
}

/// JSON Lines through a streaming zstd encoder into the temporary file.
pub(crate) struct ZstSink {
    w: BufWriter<zstd::stream::write::Encoder<'static, File>>,
    path: PathBuf,
}

impl ZstSink {
    pub(crate) fn new(file: File, out: &Path) -> Result<ZstSink, ExportError> {
        let mut enc = zstd::stream::write::Encoder::new(file, ZSTD_LEVEL)
            .map_err(|e| ExportError::io(out, e))?;
        enc.include_checksum(true)
            .map_err(|e| ExportError::io(out, e))?;
        Ok(ZstSink {
            w: BufWriter::new(enc),
            path: out.to_path_buf(),
        })
    }
}

impl Sink for ZstSink {
    fn push(&mut self, record: ExportRecord) -> Result<(), ExportError> {
        write_line(&mut self.w, &record).map_err(|e| ExportError::io(&self.path, e))
    }

    fn finish(self) -> Result<File, ExportError> {
        let path = self.path;
        let enc = self
            .w
            .into_inner()
            .map_err(|e| ExportError::io(&path, e.into_error()))?;
        // Writes the frame epilogue (and checksum); without it the file is truncated.
        enc.finish().map_err(|e| ExportError::io(&path, e))
    }
}
