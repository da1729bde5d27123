//! DOCX → Document (being written).
use super::{Document, Readability, SourceType};

/// Extract text (paragraphs, tables as ` | ` rows) from DOCX bytes.
pub fn extract(_bytes: &[u8]) -> Document {
    Document::empty(SourceType::Docx, Readability::Ok)
}
