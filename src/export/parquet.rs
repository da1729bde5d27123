//! Parquet output: [`ExportRecord`]s → one Apache Parquet file, through the
//! low-level column writer API (no Arrow).
//!
//! In: records. Out: a Snappy-compressed Parquet file with the schema in
//! [`SCHEMA`]: the CSV columns in the CSV order, every string a `BYTE_ARRAY`
//! annotated `STRING`, `year` an optional `INT32`, `urls` a standard
//! three-level `LIST` of strings, `parsed` the compact JSON text (a `STRING`,
//! not the `JSON` logical type, so every reader sees a plain string). Nullable
//! record fields are `OPTIONAL` columns (null ↔ definition level 0).
//!
//! Rows are buffered column by column and flushed as a row group every
//! [`ROW_GROUP_ROWS`] rows, or sooner once [`ROW_GROUP_BYTES`] of values are
//! buffered, so memory stays bounded however large the corpus. An empty
//! corpus gives a valid file with the schema and no row groups.
//!
//! Must never change column names, order or types (users' scripts read
//! them); it never fsyncs or renames (that is `mod.rs`'s job).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, Int32Type};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::{SerializedFileWriter, SerializedRowGroupWriter};
use parquet::schema::parser::parse_message_type;
use parquet::schema::types::ColumnPath;

use super::{ExportError, Sink};
use crate::corpus::record::ExportRecord;

/// The file schema. Leaf order is the column order of the row groups.
pub(crate) const SCHEMA: &str = "
message harvester_report {
  required binary id (STRING);
  required binary url (STRING);
  optional group urls (LIST) {
    repeated group list {
      required binary element (STRING);
    }
  }
  optional binary title (STRING);
  optional binary organ (STRING);
  optional int32 year;
  optional binary published (STRING);
  required binary seed_url (STRING);
  optional binary seed_name (STRING);
  optional binary seed_code (STRING);
  required binary source_type (STRING);
  required binary fetched_at (STRING);
  required binary first_run (STRING);
  required binary content_hash (STRING);
  optional binary near_duplicate_of (STRING);
  required binary text (STRING);
  optional binary parsed (STRING);
}
";

/// Most rows in one row group.
pub(crate) const ROW_GROUP_ROWS: usize = 10_000;
/// Flush a row group early once this many value bytes are buffered.
pub(crate) const ROW_GROUP_BYTES: usize = 64 << 20;

/// A `REQUIRED` string column.
#[derive(Default)]
struct Req(Vec<ByteArray>);

/// An `OPTIONAL` string column: values of the non-null rows, one level per row.
#[derive(Default)]
struct Opt {
    values: Vec<ByteArray>,
    defs: Vec<i16>,
}

/// The `OPTIONAL INT32` year column.
#[derive(Default)]
struct OptInt {
    values: Vec<i32>,
    defs: Vec<i16>,
}

/// The `urls` list leaf (`urls.list.element`): max definition level 2
/// (list present, element present), max repetition level 1.
#[derive(Default)]
struct List {
    values: Vec<ByteArray>,
    defs: Vec<i16>,
    reps: Vec<i16>,
}

impl Req {
    fn push(&mut self, s: String) -> usize {
        let n = s.len();
        self.0.push(ByteArray::from(s.into_bytes()));
        n
    }
}

impl Opt {
    fn push(&mut self, s: Option<String>) -> usize {
        match s {
            Some(s) => {
                self.defs.push(1);
                let n = s.len();
                self.values.push(ByteArray::from(s.into_bytes()));
                n
            }
            None => {
                self.defs.push(0);
                0
            }
        }
    }
}

impl List {
    fn push(&mut self, urls: Vec<String>) -> usize {
        if urls.is_empty() {
            // An empty list: the group is defined, no element.
            self.defs.push(1);
            self.reps.push(0);
            return 0;
        }
        let mut n = 0;
        for (i, u) in urls.into_iter().enumerate() {
            self.defs.push(2);
            self.reps.push(if i == 0 { 0 } else { 1 });
            n += u.len();
            self.values.push(ByteArray::from(u.into_bytes()));
        }
        n
    }
}

/// One row group's worth of rows, column by column.
#[derive(Default)]
struct Buffer {
    id: Req,
    url: Req,
    urls: List,
    title: Opt,
    organ: Opt,
    year: OptInt,
    published: Opt,
    seed_url: Req,
    seed_name: Opt,
    seed_code: Opt,
    source_type: Req,
    fetched_at: Req,
    first_run: Req,
    content_hash: Req,
    near_duplicate_of: Opt,
    text: Req,
    parsed: Opt,
    rows: usize,
    bytes: usize,
}

impl Buffer {
    fn push(&mut self, r: ExportRecord) {
        let mut n = 0;
        n += self.id.push(r.id);
        n += self.url.push(r.url);
        n += self.urls.push(r.urls);
        n += self.title.push(r.title);
        n += self.organ.push(r.organ);
        match r.year {
            Some(y) => {
                self.year.defs.push(1);
                self.year.values.push(y);
            }
            None => self.year.defs.push(0),
        }
        n += self.published.push(r.published);
        n += self.seed_url.push(r.seed.url);
        n += self.seed_name.push(r.seed.name);
        n += self.seed_code.push(r.seed.code);
        n += self.source_type.push(r.source_type);
        n += self.fetched_at.push(r.fetched_at);
        n += self.first_run.push(r.first_run);
        n += self.content_hash.push(r.content_hash);
        n += self.near_duplicate_of.push(r.near_duplicate_of);
        n += self.text.push(r.text);
        n += self.parsed.push(r.parsed.map(|v| v.to_string()));
        self.rows += 1;
        self.bytes += n;
    }

    fn is_full(&self) -> bool {
        self.rows >= ROW_GROUP_ROWS || self.bytes >= ROW_GROUP_BYTES
    }

    /// Write the buffered rows as one row group, leaves in schema order.
    fn write(&self, rg: &mut SerializedRowGroupWriter<'_, File>) -> Result<(), ParquetError> {
        use Col::*;
        let cols = [
            Str(&self.id.0, None),
            Str(&self.url.0, None),
            Repeated(&self.urls),
            Str(&self.title.values, Some(&self.title.defs)),
            Str(&self.organ.values, Some(&self.organ.defs)),
            Int(&self.year),
            Str(&self.published.values, Some(&self.published.defs)),
            Str(&self.seed_url.0, None),
            Str(&self.seed_name.values, Some(&self.seed_name.defs)),
            Str(&self.seed_code.values, Some(&self.seed_code.defs)),
            Str(&self.source_type.0, None),
            Str(&self.fetched_at.0, None),
            Str(&self.first_run.0, None),
            Str(&self.content_hash.0, None),
            Str(
                &self.near_duplicate_of.values,
                Some(&self.near_duplicate_of.defs),
            ),
            Str(&self.text.0, None),
            Str(&self.parsed.values, Some(&self.parsed.defs)),
        ];
        for col in cols {
            let mut cw = rg.next_column()?.ok_or_else(|| {
                ParquetError::General("schema has fewer columns than the buffer".into())
            })?;
            match col {
                Str(values, defs) => {
                    cw.typed::<ByteArrayType>().write_batch(
                        values,
                        defs.map(Vec::as_slice),
                        None,
                    )?;
                }
                Int(c) => {
                    cw.typed::<Int32Type>()
                        .write_batch(&c.values, Some(&c.defs), None)?;
                }
                Repeated(c) => {
                    cw.typed::<ByteArrayType>().write_batch(
                        &c.values,
                        Some(&c.defs),
                        Some(&c.reps),
                    )?;
                }
            }
            cw.close()?;
        }
        if rg.next_column()?.is_some() {
            return Err(ParquetError::General(
                "schema has more columns than the buffer".into(),
            ));
        }
        Ok(())
    }
}

/// A borrowed column of [`Buffer`], for writing.
enum Col<'a> {
    Str(&'a Vec<ByteArray>, Option<&'a Vec<i16>>),
    Int(&'a OptInt),
    Repeated(&'a List),
}

/// Parquet into the temporary file.
pub(crate) struct ParquetSink {
    writer: SerializedFileWriter<File>,
    buf: Buffer,
    path: PathBuf,
}

fn pq_err(out: &Path, source: ParquetError) -> ExportError {
    ExportError::Parquet {
        path: out.to_path_buf(),
        source,
    }
}

impl ParquetSink {
    pub(crate) fn new(file: File, out: &Path) -> Result<ParquetSink, ExportError> {
        let schema = Arc::new(parse_message_type(SCHEMA).map_err(|e| pq_err(out, e))?);
        // Long free text compresses well but never repeats: no dictionary.
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_column_dictionary_enabled(ColumnPath::from("text"), false)
            .set_column_dictionary_enabled(ColumnPath::from("parsed"), false)
            .build();
        let writer =
            SerializedFileWriter::new(file, schema, Arc::new(props)).map_err(|e| pq_err(out, e))?;
        Ok(ParquetSink {
            writer,
            buf: Buffer::default(),
            path: out.to_path_buf(),
        })
    }

    fn flush_group(&mut self) -> Result<(), ParquetError> {
        if self.buf.rows == 0 {
            return Ok(());
        }
        let mut rg = self.writer.next_row_group()?;
        self.buf.write(&mut rg)?;
        rg.close()?;
        self.buf = Buffer::default();
        Ok(())
    }
}

impl Sink for ParquetSink {
    fn push(&mut self, record: ExportRecord) -> Result<(), ExportError> {
        self.buf.push(record);
        if self.buf.is_full() {
            self.flush_group().map_err(|e| pq_err(&self.path, e))?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<File, ExportError> {
        self.flush_group().map_err(|e| pq_err(&self.path, e))?;
        self.writer.into_inner().map_err(|e| pq_err(&self.path, e))
    }
}
