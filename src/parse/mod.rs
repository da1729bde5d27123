//! The parser stage: a stored report → its standard tables as numbers.
//!
//! In: a report's text and tables ([`ParseInput`]). Out: the parser's
//! structured result as JSON (the `parsed` field of exported records), or
//! `None`. Never: do I/O or panic; a parser that cannot read a report says
//! so inside its output, it does not fail the crawl.
//!
//! The corpus calls the parser once for every newly stored report. The
//! parser is a trait so the crawl does not depend on how reports are read;
//! [`default_parser`] is the one the command line uses: [`ReportTablesParser`].
//!
//! The report-table parser, by module:
//! - `text`: layout-preserving normalization (NFKC, pinyin, Traditional → Simplified);
//! - `sections`: where sections 2, 3, 4 are, and which format (2021 / 2019);
//! - `tokens`: a section's text layout → cells in reading order;
//! - `numbers`: a cell → a number as printed (with its unit suffix);
//! - `labels`: a label cell → which row;
//! - `place`: a row's values → its columns, or null when that is unknowable;
//! - `header`: a row's values → the columns of the header row above it, by slot;
//! - `section2`, `section3`, `section4`: the sections from text;
//! - `table`: the sections from table cells (HTML, DOCX), preferred;
//! - `meta`: year and organ; `checks`: the tables' identities.

mod checks;
mod header;
mod labels;
mod meta;
mod numbers;
mod place;
pub mod schema;
mod section2;
mod section3;
mod section4;
mod sections;
mod table;
mod text;
mod tokens;

#[cfg(test)]
mod tests;

use serde_json::Value;

use self::schema::{Parsed, Section2, Section3, Section4};
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

/// Reads the national format's tables (sections 2, 3, 4) into [`Parsed`]:
/// from table cells when the document has them, else from the text layout.
#[derive(Debug, Default, Clone, Copy)]
pub struct ReportTablesParser;

impl ReportParser for ReportTablesParser {
    fn name(&self) -> &'static str {
        "report-tables/1"
    }

    fn parse(&self, input: &ParseInput<'_>) -> Option<Value> {
        serde_json::to_value(parse_report(input)?).ok()
    }
}

/// The parser the command line runs.
pub fn default_parser() -> Box<dyn ReportParser> {
    Box::new(ReportTablesParser)
}

/// A report's text and tables → its parsed tables; `None` when the report
/// shows no sign of the standard tables at all.
pub fn parse_text(text: &str, tables: &[Table]) -> Option<Parsed> {
    parse_report(&ParseInput {
        text,
        tables,
        source_type: if tables.is_empty() { "pdf" } else { "html" },
        title: None,
        year: None,
        organ: None,
    })
}

/// What [`ReportTablesParser`] returns, as data; `None` when the report
/// shows no sign of the standard tables at all.
pub fn parse_report(input: &ParseInput<'_>) -> Option<Parsed> {
    let text = text::prepare(input.text);
    let lines: Vec<&str> = text.split('\n').collect();
    let secs = sections::locate(&lines);
    let grids = table::normalize(input.tables);
    let region = |r: &Option<std::ops::Range<usize>>| -> Option<Vec<&str>> {
        r.as_ref()
            .and_then(|r| lines.get(r.clone()))
            .map(<[&str]>::to_vec)
    };
    let s2_lines = region(&secs.s2);
    let is2019 = match &s2_lines {
        Some(l) => sections::is_2019(&l.join("\n")),
        None => sections::is_2019(&text),
    } || sections::is_2019(&table::all_text(&grids));

    let mut w2 = Vec::new();
    let mut w3 = Vec::new();
    let mut w4 = Vec::new();
    let s2 = table::read2(&grids, is2019, &mut w2).or_else(|| {
        w2.clear();
        section2::read_text(&tokens::tokenize(s2_lines.as_deref()?), is2019, &mut w2)
    });
    let s3 = table::read3(&grids, is2019, &mut w3).or_else(|| {
        w3.clear();
        section3::read_text(&tokens::tokenize(&region(&secs.s3)?), is2019, &mut w3)
    });
    let s4 = table::read4(&grids, &mut w4).or_else(|| {
        w4.clear();
        section4::read_text(&tokens::tokenize(&region(&secs.s4)?), &mut w4)
    });
    if !secs.any() && s2.is_none() && s3.is_none() && s4.is_none() {
        return None;
    }

    let mut warnings = Vec::new();
    let year = meta::year(&lines, input.title, input.year, &mut warnings);
    let organ = meta::organ(&lines, input.title, input.organ);
    let (section2, section2_2019) = match s2 {
        Some(s) => {
            warnings.append(&mut w2);
            s
        }
        None => {
            warnings.push("section2: table not found, cells null".to_string());
            let s19 = is2019.then(schema::Section2In2019::default);
            (Section2::default(), s19)
        }
    };
    let (section3, single, sums) = match s3 {
        Some(r) => {
            warnings.append(&mut w3);
            (r.section, r.other_single_row, r.sums)
        }
        None => {
            warnings.push("section3: table not found, cells null".to_string());
            (Section3::default(), false, Vec::new())
        }
    };
    let section4 = match s4 {
        Some(s) => {
            warnings.append(&mut w4);
            s
        }
        None => {
            warnings.push("section4: table not found, cells null".to_string());
            Section4::default()
        }
    };
    let checks = checks::run(&section3, &section4, single, &sums, &mut warnings);
    Some(Parsed {
        format: if is2019 { "2019" } else { "2021" }.to_string(),
        year,
        organ,
        section2,
        section3,
        section4,
        checks,
        warnings,
        section2_2019,
    })
}
