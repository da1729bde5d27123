//! Section 4 (行政复议、行政诉讼): 15 numbers after the header rows.
//!
//! In: the section's tokens (text layouts), or the data row's cells from
//! [`super::table`]. Out: a [`Section4`] — 行政复议, 未经复议直接起诉,
//! 复议后起诉, each `[结果维持, 结果纠正, 其他结果, 尚未审结, 总计]`.
//! Never: read a number from the narrative around the table, or place
//! fewer than 15 values when the empty cells were collapsed (unless they
//! are all zero) — those cells are null with a warning. A data row of a
//! layout that keeps empty cells (blanks inside its header rows and before
//! one of its values) lost only its trailing empty cells: those are 0.

use super::place::{place, RowSpec, Slot};
use super::schema::Section4;
use super::tokens::Tok;

const COLS4: [&str; 15] = [
    "review.upheld",
    "review.corrected",
    "review.other",
    "review.pending",
    "review.total",
    "litigation_direct.upheld",
    "litigation_direct.corrected",
    "litigation_direct.other",
    "litigation_direct.pending",
    "litigation_direct.total",
    "litigation_after_review.upheld",
    "litigation_after_review.corrected",
    "litigation_after_review.other",
    "litigation_after_review.pending",
    "litigation_after_review.total",
];

/// Words of the section 4 header cells.
const HEADER_WORDS: [&str; 12] = [
    "维持", "纠正", "其他", "结果", "尚未", "审结", "总计", "起诉", "复议", "诉讼", "合计", "情况",
];

/// Is this a section 4 header cell?
pub(crate) fn is_header(t: &str) -> bool {
    HEADER_WORDS.iter().any(|w| t.contains(w))
}

/// The section from its 15 values (in reading order), placed by [`place`].
pub(crate) fn from_slots(slots: &[Slot], warnings: &mut Vec<String>) -> Section4 {
    let spec = RowSpec {
        path: "section4",
        name: "行政复议、行政诉讼",
        cols: &COLS4,
        total_last: false,
    };
    let cells = place(slots, &spec, warnings);
    let mut s = Section4::default();
    for (i, c) in cells.into_iter().enumerate().take(15) {
        match i / 5 {
            0 => s.review[i % 5] = c,
            1 => s.litigation_direct[i % 5] = c,
            _ => s.litigation_after_review[i % 5] = c,
        }
    }
    s
}

/// Section 4 from a text layout's tokens; `None` when the section shows
/// neither header nor values.
pub(crate) fn read_text(toks: &[Tok], warnings: &mut Vec<String>) -> Option<Section4> {
    let header_seen = toks
        .iter()
        .any(|t| matches!(t, Tok::Text(x) if x.contains("维持") || x.contains("审结")));
    // Numbers before the detailed header cells are narrative, not data.
    let from = toks
        .iter()
        .position(|t| matches!(t, Tok::Text(x) if x.contains("维持") || x.contains("审结")))
        .unwrap_or(0);
    let first = toks[from..]
        .iter()
        .position(|t| matches!(t, Tok::Num(_)))
        .map(|k| k + from);
    let Some(first) = first else {
        if !header_seen {
            return None;
        }
        // A header and a data row of empty cells only (or no data row at all).
        let last_header = toks
            .iter()
            .rposition(|t| matches!(t, Tok::Text(x) if is_header(x)))
            .unwrap_or(0);
        let blanks = toks[last_header..]
            .iter()
            .take_while(|t| !matches!(t, Tok::Text(x) if !is_header(x)))
            .filter(|t| matches!(t, Tok::Blank))
            .count();
        if blanks == 0 {
            warnings.push("section4: no values found after the header, cells null".to_string());
            return Some(Section4::default());
        }
        return Some(from_slots(&[Slot::Blank], warnings));
    };
    // The values start after the header cell before the first number.
    let mut start = first;
    while start > 0 && matches!(toks[start - 1], Tok::Blank | Tok::Break) {
        start -= 1;
    }
    if start > 0 {
        if let Tok::Text(x) = &toks[start - 1] {
            if !is_header(x) && !header_seen {
                return None;
            }
        }
    }
    let mut slots = Vec::new();
    // Row breaks after the first value: the values span several rows.
    let mut breaks = 0usize;
    let mut ends_row = true;
    for t in &toks[start..] {
        match t {
            Tok::Num(n) => {
                if breaks > 0 && !slots.is_empty() {
                    ends_row = false;
                }
                slots.push(Slot::Num(n.clone()));
            }
            Tok::Blank => {
                if breaks > 0 && !slots.is_empty() {
                    ends_row = false;
                }
                slots.push(Slot::Blank);
            }
            Tok::Break => breaks += usize::from(!slots.is_empty()),
            Tok::Text(_) => break,
        }
    }
    if slots.len() < COLS4.len() && ends_row && kept_empty_slots(&toks[..start], &slots) {
        warnings.push(format!(
            "section4: the data row shows {} cells, its empty cells kept: the {} missing trailing cells were trimmed as empty, read as 0",
            slots.len(),
            COLS4.len() - slots.len()
        ));
        slots.resize(COLS4.len(), Slot::Blank);
    }
    Some(from_slots(&slots, warnings))
}

/// Does the layout keep empty cells in place (so that a short data row
/// only lost its trailing empty cells)? The header rows `before` hold an
/// empty slot before a header cell, and the data row `slots` a blank
/// before a value — a layout that collapses empty cells shows neither.
fn kept_empty_slots(before: &[Tok], slots: &[Slot]) -> bool {
    let row_blank = slots
        .iter()
        .skip_while(|s| !matches!(s, Slot::Blank))
        .any(|s| matches!(s, Slot::Num(_)));
    let header_blank = before.split(|t| matches!(t, Tok::Break)).any(|row| {
        row.iter()
            .skip_while(|t| !matches!(t, Tok::Blank))
            .any(|t| matches!(t, Tok::Text(x) if is_header(x)))
    });
    row_blank && header_blank
}
