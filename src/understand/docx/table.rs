//! One WordprocessingML table (`w:tbl`) being built while the body streams.
//!
//! Exists to keep the grid rules in one place: merged cells follow the HTML
//! convention (text once, in the top-left slot; covered slots are `""`),
//! `w:gridSpan` adds empty slots after a cell, a `w:vMerge` continuation is
//! `""`, trailing empty slots are trimmed and empty rows dropped. In: cells
//! and rows as the body reader opens and closes them. Out: a [`Table`], or
//! one line of text when the table is nested in another table's cell. Must
//! never read XML itself (that is [`super::body`]'s job) and never grow a
//! row without bound (spans are clamped by the caller).

use super::text::collapse_whitespace;
use crate::understand::Table;

/// A table being read.
#[derive(Debug, Default)]
pub(super) struct TableBuild {
    pub(super) rows: Vec<Vec<String>>,
    pub(super) row: Option<Vec<String>>,
    pub(super) cell: Option<CellBuild>,
}

#[derive(Debug)]
pub(super) struct CellBuild {
    /// Lines of the cell's paragraphs (and nested tables).
    pub(super) parts: Vec<String>,
    pub(super) span: usize,
    /// `w:vMerge` continuation (or legacy `w:hMerge` continuation): covered.
    pub(super) covered: bool,
}

pub(super) fn finish_cell(t: &mut TableBuild) {
    let Some(cell) = t.cell.take() else { return };
    let row = t.row.get_or_insert_with(Vec::new);
    let text = if cell.covered {
        String::new()
    } else {
        collapse_whitespace(&cell.parts.join(" "))
    };
    row.push(text);
    row.extend(std::iter::repeat_n(String::new(), cell.span - 1));
}

pub(super) fn finish_row(t: &mut TableBuild) {
    if let Some(row) = t.row.take() {
        t.rows.push(row);
    }
}

/// Trim trailing empty slots; `None` for an empty row.
fn tidy_row(mut row: Vec<String>) -> Option<Vec<String>> {
    while row.last().is_some_and(|c| c.is_empty()) {
        row.pop();
    }
    (!row.is_empty()).then_some(row)
}

/// The finished grid: rows tidied, empty rows dropped (may leave none).
pub(super) fn into_table(t: TableBuild) -> Table {
    Table {
        rows: t.rows.into_iter().filter_map(tidy_row).collect(),
    }
}

/// A nested table's text for its enclosing cell: non-empty cells joined
/// with spaces, row after row.
pub(super) fn flatten(table: &Table) -> String {
    table
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .filter(|c| !c.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(" ")
}
