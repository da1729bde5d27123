//! One URL's persisted record: its state and what its fetch saw.
//!
//! Plain data with serde; JSON in sled so that a data dir can be inspected
//! and old records keep loading when fields are added (every field added
//! later carries `#[serde(default)]`).

use serde::{Deserialize, Serialize};
use url::Url;

use crate::discover::LinkKind;

/// The key a request is stored under: its canonical URL, plus the form body
/// for a POST (two POSTs to one URL with different bodies are two requests).
pub fn request_key(url: &str, form: Option<&str>) -> String {
    match form {
        Some(f) => format!("{url}\0POST\0{f}"),
        None => url.to_string(),
    }
}

/// Where a URL stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Queued,
    InFlight,
    Done,
    Failed,
    Skipped,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Queued => "queued",
            State::InFlight => "in_flight",
            State::Done => "done",
            State::Failed => "failed",
            State::Skipped => "skipped",
        }
    }
}

/// What one fetch saw (the last one, when retried).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FetchMeta {
    pub status: u16,
    pub final_url: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_type: Option<String>,
    /// RFC 3339.
    pub fetched_at: String,
    pub bytes: u64,
    /// Encoding the page was decoded with, and how it was chosen.
    pub charset: Option<String>,
    /// Title (`ArticleTitle` meta, else `<title>`).
    pub title: Option<String>,
    /// Location of a redirect, resolved.
    pub redirect_to: Option<String>,
    /// Classification: "annual_report", "listing", "other".
    pub page_kind: Option<String>,
    /// "html", "pdf", "docx", "other".
    #[serde(default)]
    pub source_type: Option<String>,
    /// "ok", or "needs_ocr: …", "unsupported: …", "failed: …".
    #[serde(default)]
    pub readability: Option<String>,
    /// The year a report covers.
    #[serde(default)]
    pub year: Option<i32>,
    /// The issuing organ, when the page says.
    #[serde(default)]
    pub organ: Option<String>,
    /// Publication date (YYYY-MM-DD), when the page says.
    #[serde(default)]
    pub published: Option<String>,
    /// The last fetch was a conditional request answered 304: the fields
    /// above are from the earlier full response; `fetched_at` is the 304's.
    #[serde(default)]
    pub revalidated: bool,
}

/// A URL in the frontier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UrlRecord {
    pub url: String,
    #[serde(default)]
    pub form: Option<String>,
    pub state: State,
    /// Why it failed or was skipped (or why its last try was retried).
    #[serde(default)]
    pub reason: Option<String>,
    pub document: bool,
    pub depth: u32,
    /// Canonical URL of the seed it was found under.
    pub seed: String,
    #[serde(default)]
    pub found_on: Option<String>,
    #[serde(default)]
    pub via: String,
    #[serde(default)]
    pub anchor: String,
    #[serde(default)]
    pub attempts: u32,
    #[serde(default)]
    pub date_chain: u32,
    #[serde(default)]
    pub redirects: u32,
    #[serde(default)]
    pub fetch: Option<FetchMeta>,
}

impl UrlRecord {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        url: &Url,
        form: Option<String>,
        kind: LinkKind,
        depth: u32,
        seed: &str,
        found_on: Option<&str>,
        via: &str,
        anchor: &str,
    ) -> UrlRecord {
        UrlRecord {
            url: url.to_string(),
            form,
            state: State::Queued,
            reason: None,
            document: kind == LinkKind::Document,
            depth,
            seed: seed.to_string(),
            found_on: found_on.map(str::to_string),
            via: via.to_string(),
            anchor: anchor.chars().take(200).collect(),
            attempts: 0,
            date_chain: 0,
            redirects: 0,
            fetch: None,
        }
    }

    /// The frontier key of this record.
    pub fn key(&self) -> String {
        request_key(&self.url, self.form.as_deref())
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a UrlRecord always serializes")
    }

    /// Whether this record used up one of its site's `max_pages_per_site`.
    pub fn counts_against_cap(&self) -> bool {
        self.state != State::Skipped
    }

    /// The fetched page's classification ("annual_report", "listing", "other").
    pub fn page_kind(&self) -> Option<&str> {
        self.fetch.as_ref().and_then(|f| f.page_kind.as_deref())
    }

    /// Whether the fetched page was classified as an annual report.
    pub fn is_report(&self) -> bool {
        self.page_kind() == Some(crate::understand::classify::Kind::AnnualReport.as_str())
    }

    pub fn parsed_url(&self) -> Option<Url> {
        Url::parse(&self.url).ok()
    }
}
