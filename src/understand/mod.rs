//! Page understanding: what a fetched page or attachment *is*, and its
//! clean content.
//!
//! In: the bytes of a response (with its Content-Type and URL). Out: a
//! [`Document`] — title, published date, organ, body text with tables as
//! ` | ` rows, the tables themselves, metadata fields — and a
//! [`classify::Classification`] of it (annual report, listing, other; year;
//! organ; reasons). Never: do I/O, panic on malformed input, or invent text
//! the page does not hold. Everything here is a pure function so it can be
//! tested with a string in and a value out.
//!
//! - [`html`]: HTML pages → [`Document`] (CMS containers, density scorer, chrome removal, tables).
//! - [`docx`], [`pdf`]: attachments → [`Document`].
//! - [`classify`]: [`Document`] → [`classify::Classification`].
//! - [`normalize`]: body text → the normalized form that content hashes are taken of.

pub mod classify;
pub mod docx;
pub mod html;
pub mod normalize;
pub mod pdf;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Where a document's text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceType {
    Html,
    Pdf,
    Docx,
    /// .doc, .wps, .ofd, .xls, images …: kept, not read.
    Other,
}

/// Whether the text could be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", content = "reason", rename_all = "snake_case")]
pub enum Readability {
    Ok,
    /// An image-only PDF or a scan: text needs OCR.
    NeedsOcr(String),
    /// A format we do not read (legacy .doc/.wps, .ofd, …), with why.
    Unsupported(String),
    /// The file is damaged or could not be parsed (the reason says how).
    Failed(String),
}

/// One table, as rows of cell texts (after rowspan/colspan expansion, see
/// [`html`] for the convention).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The table as body lines: one row per line, cells joined by ` | `.
    pub fn to_lines(&self) -> Vec<String> {
        self.rows.iter().map(|r| r.join(" | ")).collect()
    }
}

/// The clean content of a page or attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub source_type: SourceType,
    pub readability: Readability,
    /// Title without the site suffix.
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Issuing organ as the page states it (发布机构 / 来源 / 信息来源).
    pub organ: Option<String>,
    /// Body text: paragraphs in order, one per line; each table in place,
    /// one row per line, cells joined by ` | `.
    pub body: String,
    pub tables: Vec<Table>,
    /// Labelled fields from the page's metadata (索引号, 发布机构, 文号, 生成日期, …).
    pub fields: BTreeMap<String, String>,
    /// Attachment links on the page (absolute URLs), for attachment-only reports.
    pub attachments: Vec<String>,
}

impl Document {
    pub fn empty(source_type: SourceType, readability: Readability) -> Document {
        Document {
            source_type,
            readability,
            title: None,
            published: None,
            organ: None,
            body: String::new(),
            tables: Vec::new(),
            fields: BTreeMap::new(),
            attachments: Vec::new(),
        }
    }
}

/// Read any fetched response: HTML through [`html::extract`], DOCX and PDF
/// through their readers, anything else recorded as unsupported.
pub fn understand(bytes: &[u8], content_type: Option<&str>, url: &url::Url) -> Document {
    let path = url.path().to_ascii_lowercase();
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    if path.ends_with(".pdf") || ct.contains("application/pdf") || bytes.starts_with(b"%PDF") {
        return pdf::extract(bytes);
    }
    if path.ends_with(".docx") || ct.contains("officedocument.wordprocessingml") {
        return docx::extract(bytes);
    }
    for (ext, what) in [
        (".doc", "legacy Word .doc"),
        (".wps", "WPS .wps"),
        (".ofd", "OFD"),
        (".xls", "Excel .xls"),
        (".xlsx", "Excel .xlsx"),
    ] {
        if path.ends_with(ext) {
            return Document::empty(
                SourceType::Other,
                Readability::Unsupported(format!("{what}: no sound pure-Rust reader; file kept")),
            );
        }
    }
    let decoded = crate::fetch::charset::decode(bytes, content_type);
    html::extract(&decoded.text, url)
}
