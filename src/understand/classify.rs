//! Document → kind, year, organ, reasons (being written).
use serde::{Deserialize, Serialize};

use super::Document;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    AnnualReport,
    Listing,
    Other,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::AnnualReport => "annual_report",
            Kind::Listing => "listing",
            Kind::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classification {
    pub kind: Kind,
    /// The year reported on (not the publish year).
    pub year: Option<i32>,
    pub organ: Option<String>,
    pub reasons: Vec<String>,
}

/// Classify a document. `url` and `link_text` (the anchor text it was found
/// under, if any) are extra signals.
pub fn classify(doc: &Document, url: &url::Url, link_text: Option<&str>) -> Classification {
    let _ = (doc, url, link_text);
    Classification {
        kind: Kind::Other,
        year: None,
        organ: None,
        reasons: Vec::new(),
    }
}
