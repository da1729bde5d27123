//! The parser stage: a stored report → its standard tables as numbers.
//!
//! In: a report's text and tables ([`ParseInput`]). Out: the parser's
//! structured result as JSON (the `parsed` field of exported records), or
//! `None`. Never: do I/O or panic; a parser that cannot read a report says
//! so inside its output, it does not fail the crawl.
//!
//! The corpus calls the parser once for every newly stored report. The
//! parser is a trait so the crawl does not depend on how reports are read;
//! [`default_parser`] is the one the command line uses.

use serde_json::Value;

use crate::understand::Table;

/// What a parser gets to see of a report.
#[derive(Debug, Clone, Copy)]
pub struct ParseInput<'a> {
    /// Body text, tables as ` | ` rows.
    pub text: &'a str,
    /// The tables as rows of cells (HTML and DOCX reports; empty for PDF).
    pub tables: &'a [Table],
    /// "html", "pdf", "docx".
    pub source_type: &'a str,
    pub title: Option<&'a str>,
    pub year: Option<i32>,
    pub organ: Option<&'a str>,
}

/// Turns a report into structured data.
pub trait ReportParser: Send + Sync {
    /// Name and version, recorded so that `harvester parse` can tell stale output.
    fn name(&self) -> &'static str;
    /// The structured result, or `None` when this parser has nothing to say.
    fn parse(&self, input: &ParseInput<'_>) -> Option<Value>;
}

/// The parser used when none is configured: it reads nothing, so every
/// record's `parsed` is `null`. The report-table parser replaces it.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoParser;

impl ReportParser for NoParser {
    fn name(&self) -> &'static str {
        "none"
    }

    fn parse(&self, _input: &ParseInput<'_>) -> Option<Value> {
        None
    }
}

/// The parser the command line runs.
pub fn default_parser() -> Box<dyn ReportParser> {
    Box::new(NoParser)
}
