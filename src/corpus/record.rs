//! One report in the corpus, as stored and as exported.
//!
//! Plain data with serde. [`ReportRecord`] is what sled holds (JSON, so a
//! data dir can be inspected and fields added later with `#[serde(default)]`);
//! [`ExportRecord`] is the public shape of a snapshot row, the contract with
//! users' scripts (keys never renamed).

use serde::{Deserialize, Serialize};

/// The seed a report was found under.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedRef {
    pub url: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
}

/// One URL a report was fetched from, with what that fetch gave.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub url: String,
    /// "html", "pdf", "docx".
    pub source_type: String,
    #[serde(default)]
    pub content_type: Option<String>,
    /// RFC 3339.
    pub fetched_at: String,
    /// Key of the raw response bytes in the raw tree (blake3 of the bytes).
    #[serde(default)]
    pub raw: Option<String>,
    pub bytes: u64,
    /// The page this URL was found on (for attachments: the report page).
    #[serde(default)]
    pub found_on: Option<String>,
}

/// A unique report: one per content hash, however many URLs carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportRecord {
    /// Content hash of the normalized text (blake3, 64 hex digits).
    pub id: String,
    /// The first URL it was found at.
    pub url: String,
    /// Every URL it was found at, in the order found (`url` first).
    pub urls: Vec<String>,
    pub title: Option<String>,
    pub organ: Option<String>,
    pub year: Option<i32>,
    /// YYYY-MM-DD.
    pub published: Option<String>,
    pub seed: SeedRef,
    /// Body text, tables as ` | ` rows.
    pub text: String,
    /// "html", "pdf", "docx" (of the first source).
    pub source_type: String,
    /// First fetch, RFC 3339.
    pub fetched_at: String,
    /// The run that first stored it.
    pub first_run: String,
    /// 64-bit simhash of the normalized text.
    pub simhash: u64,
    /// Id of an earlier record whose text is nearly the same (see corpus docs).
    #[serde(default)]
    pub near_duplicate_of: Option<String>,
    /// Hamming distance of the simhashes, when `near_duplicate_of` is set.
    #[serde(default)]
    pub near_distance: Option<u32>,
    /// Every fetch that gave this text.
    pub sources: Vec<Source>,
    /// The parser's output (null when no parser ran or it gave nothing).
    #[serde(default)]
    pub parsed: Option<serde_json::Value>,
}

/// One row of an exported snapshot (and of `data/new/<run-id>.jsonl`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportRecord {
    pub id: String,
    pub url: String,
    pub urls: Vec<String>,
    pub title: Option<String>,
    pub organ: Option<String>,
    pub year: Option<i32>,
    pub published: Option<String>,
    pub seed: SeedRef,
    pub text: String,
    pub content_hash: String,
    pub source_type: String,
    pub fetched_at: String,
    pub first_run: String,
    pub near_duplicate_of: Option<String>,
    pub parsed: Option<serde_json::Value>,
}

impl From<&ReportRecord> for ExportRecord {
    fn from(r: &ReportRecord) -> ExportRecord {
        ExportRecord {
            id: r.id.clone(),
            url: r.url.clone(),
            urls: r.urls.clone(),
            title: r.title.clone(),
            organ: r.organ.clone(),
            year: r.year,
            published: r.published.clone(),
            seed: r.seed.clone(),
            text: r.text.clone(),
            content_hash: r.id.clone(),
            source_type: r.source_type.clone(),
            fetched_at: r.fetched_at.clone(),
            first_run: r.first_run.clone(),
            near_duplicate_of: r.near_duplicate_of.clone(),
            parsed: r.parsed.clone(),
        }
    }
}
