//! Long tables of the parser's numbers, for analysts: one CSV row per
//! report × table row × column.
//!
//! In: exported records whose `parsed` holds the report parser's output.
//! Out: CSV with `id, organ, year, url, row, column, value`. Never: invent
//! a value — a null cell is an empty `value`, and a record without `parsed`
//! gives no rows.

use std::fs::File;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{ExportError, Sink};
use crate::corpus::ExportRecord;

/// Which part of `parsed` to flatten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Section2,
    Section3,
    Section4,
}

impl Table {
    /// From the `--table` flag value.
    pub fn parse(s: &str) -> Option<Table> {
        match s {
            "section2" => Some(Table::Section2),
            "section3" => Some(Table::Section3),
            "section4" => Some(Table::Section4),
            _ => None,
        }
    }

    fn key(self) -> &'static str {
        match self {
            Table::Section2 => "section2",
            Table::Section3 => "section3",
            Table::Section4 => "section4",
        }
    }
}

/// Column names of a section-4 row (`[upheld, corrected, other, pending, total]`).
const SECTION4_COLUMNS: [&str; 5] = ["upheld", "corrected", "other", "pending", "total"];

/// The `(row, column, value)` cells of one record's table, in document order.
pub fn cells(parsed: &Value, table: Table) -> Vec<(String, String, Option<String>)> {
    let mut out = Vec::new();
    let Some(Value::Object(rows)) = parsed.get(table.key()) else {
        return out;
    };
    for (row, v) in rows {
        match v {
            Value::Object(cols) => {
                for (col, cell) in cols {
                    out.push((row.clone(), col.clone(), number(cell)));
                }
            }
            Value::Array(items) => {
                for (i, cell) in items.iter().enumerate() {
                    let col = SECTION4_COLUMNS.get(i).copied().unwrap_or("?");
                    out.push((row.clone(), col.to_string(), number(cell)));
                }
            }
            other => out.push((row.clone(), "value".to_string(), number(other))),
        }
    }
    out
}

fn number(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub(crate) struct LongSink {
    writer: csv::Writer<File>,
    path: PathBuf,
    table: Table,
}

impl LongSink {
    pub(crate) fn new(file: File, out: &Path, table: Table) -> Result<LongSink, ExportError> {
        let mut sink = LongSink {
            writer: csv::Writer::from_writer(file),
            path: out.to_path_buf(),
            table,
        };
        let header = ["id", "organ", "year", "url", "row", "column", "value"];
        sink.writer.write_record(header).map_err(|e| sink.err(e))?;
        Ok(sink)
    }

    fn err(&self, e: csv::Error) -> ExportError {
        ExportError::Csv {
            path: self.path.clone(),
            source: e,
        }
    }
}

impl Sink for LongSink {
    fn push(&mut self, record: ExportRecord) -> Result<(), ExportError> {
        let Some(parsed) = &record.parsed else {
            return Ok(());
        };
        let year = record.year.map(|y| y.to_string()).unwrap_or_default();
        let organ = record.organ.clone().unwrap_or_default();
        for (row, col, value) in cells(parsed, self.table) {
            let line = [
                record.id.as_str(),
                organ.as_str(),
                year.as_str(),
                record.url.as_str(),
                row.as_str(),
                col.as_str(),
                value.as_deref().unwrap_or(""),
            ];
            self.writer.write_record(line).map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<File, ExportError> {
        self.writer
            .flush()
            .map_err(|e| ExportError::io(&self.path, e))?;
        self.writer
            .into_inner()
            .map_err(|e| ExportError::io(&self.path, e.into_error()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_flattens_to_row_column_value() {
        let parsed = serde_json::json!({
            "section2": {"rules": {"made": 1, "repealed": null, "effective": 3}, "licensing": 12, "fees_10k_yuan": 7926.3139},
            "section3": {"new": {"natural_person": 5, "total": 5}},
            "section4": {"review": [1, 0, 0, 0, 1]}
        });
        let s2 = cells(&parsed, Table::Section2);
        assert!(s2.contains(&("rules".into(), "repealed".into(), None)));
        assert!(s2.contains(&("licensing".into(), "value".into(), Some("12".into()))));
        assert!(s2.contains(&(
            "fees_10k_yuan".into(),
            "value".into(),
            Some("7926.3139".into())
        )));
        let s3 = cells(&parsed, Table::Section3);
        assert_eq!(
            s3[0],
            ("new".into(), "natural_person".into(), Some("5".into()))
        );
        let s4 = cells(&parsed, Table::Section4);
        assert_eq!(s4.len(), 5);
        assert_eq!(s4[4], ("review".into(), "total".into(), Some("1".into())));
        assert!(cells(&serde_json::json!(null), Table::Section3).is_empty());
        assert_eq!(Table::parse("section3"), Some(Table::Section3));
        assert_eq!(Table::parse("section5"), None);
    }
}
