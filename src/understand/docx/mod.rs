//! DOCX → [`Document`].
//!
//! A DOCX file is a zip archive; its text lives in `word/document.xml`
//! (WordprocessingML). We read that one part with [`zip`] and stream it with
//! [`quick_xml`]:
//!
//! - each paragraph (`w:p`) becomes one body line: text runs (`w:t`) in order,
//!   `w:tab` → a space, `w:br` / `w:cr` → a line break, whitespace runs
//!   collapsed to one space, empty paragraphs dropped;
//! - each table (`w:tbl`) becomes one body line per row (`w:tr`), cells
//!   (`w:tc`) joined by ` | `, and is also pushed to [`Document::tables`].
//!   Merged cells follow the HTML convention: the text sits once in the
//!   top-left slot, every slot it covers is `""` — `w:gridSpan` (colspan)
//!   adds empty slots after the cell, a `w:vMerge` continuation cell is `""`,
//!   `w:gridBefore` adds leading empty slots. Trailing empty slots are
//!   trimmed and empty rows dropped. Paragraphs inside a cell are joined with
//!   a space; a nested table is flattened into its cell's text;
//! - text boxes (`w:txbxContent`) become lines of their own, placed before the
//!   paragraph that anchors them; the `mc:Fallback` copy of a text box is
//!   skipped so it is not read twice; deleted text (`w:delText`) and field
//!   instructions (`w:instrText`) are not text.
//!
//! Headers, footers, footnotes and comments (other parts) are not read.
//! The title is the first paragraph when it looks like one (short, no
//! sentence punctuation), joined with the second when only that one names
//! the report (`XX县人民政府` / `2023年政府信息公开工作年度报告`); the body
//! keeps the title line too.
//!
//! A damaged archive, a missing `word/document.xml`, malformed XML or a
//! document part over [`MAX_DOCUMENT_XML`] bytes uncompressed (zip bombs) give
//! [`Readability::Failed`]; nothing here panics on bad input.
//!
//! This file only ties the steps together (bytes → XML text → blocks →
//! [`Document`]); each step lives in its own module:
//!
//! - `package`: the zip archive → the main part's XML text;
//! - `body`: the XML text → `Block`s (paragraphs and tables);
//! - `table`: building one table's grid while streaming;
//! - `text`, `xml`: whitespace tidying and quick-xml helpers;
//! - `title`: choosing the title (shared with the PDF reader).

mod body;
mod package;
mod table;
mod text;
mod title;
mod xml;

#[cfg(test)]
mod tests;

use super::{Document, Readability, SourceType, Table};

pub(crate) use text::collapse_whitespace;
pub(crate) use title::title_from_lines;

/// Refuse a `word/document.xml` larger than this, uncompressed (64 MiB).
pub const MAX_DOCUMENT_XML: u64 = 64 * 1024 * 1024;

/// Extract text (paragraphs, tables as ` | ` rows) from DOCX bytes.
pub fn extract(bytes: &[u8]) -> Document {
    let xml = match package::read_main_part(bytes) {
        Ok(xml) => xml,
        Err(reason) => return Document::empty(SourceType::Docx, Readability::Failed(reason)),
    };
    let blocks = match body::parse_document_xml(&xml) {
        Ok(blocks) => blocks,
        Err(reason) => return Document::empty(SourceType::Docx, Readability::Failed(reason)),
    };
    let mut doc = Document::empty(SourceType::Docx, Readability::Ok);
    let mut lines: Vec<String> = Vec::new();
    let mut paragraph_lines: Vec<&str> = Vec::new();
    for block in &blocks {
        match block {
            Block::Paragraph(text) => {
                lines.extend(text.lines().map(str::to_string));
            }
            Block::Table(table) => {
                lines.extend(table.to_lines());
                doc.tables.push(table.clone());
            }
        }
    }
    // Title: from the paragraphs before the first table only.
    for block in &blocks {
        match block {
            Block::Paragraph(text) => paragraph_lines.extend(text.lines()),
            Block::Table(_) => break,
        }
    }
    doc.title = title_from_lines(&paragraph_lines);
    doc.body = lines.join("\n");
    doc
}

/// One body element, in document order.
#[derive(Debug)]
enum Block {
    /// A paragraph's text; may hold `\n` from `w:br`. Never empty.
    Paragraph(String),
    Table(Table),
}
