//! Section 2 (主动公开政府信息情况), both formats.
//!
//! In: the section's tokens (text layouts), or rows of cells from
//! [`super::table`] through [`Rows2`]. Out: the 2021 [`Section2`], and for a
//! 2019-format report also [`Section2In2019`] with the 2021 fields mapped
//! from it (制作数量 → made, 处理决定数量 → licensing / punishment /
//! coercion; the rest null). A text row one per line that keeps its empty
//! cells is placed by the slots of its header row (spanned header cells,
//! see [`super::header`]), like a table's. Never: read a row the format
//! does not have, or fill a field the format has no column for — those are
//! null, said once.

use super::header::{by_slots, starts, HeaderCell};
use super::labels::{is_label2, match_row2, Label2};
use super::place::{collect, place, RowSpec, Slot};
use super::schema::{
    Cell, Documents, Documents2019, Items2019, Procurement2019, Section2, Section2In2019,
};
use super::tokens::Tok;

const ROWS_2021: [(Label2, &str, &[&str]); 6] = [
    (
        Label2::Rules,
        "section2.rules",
        &["made", "repealed", "effective"],
    ),
    (
        Label2::Normative,
        "section2.normative_documents",
        &["made", "repealed", "effective"],
    ),
    (Label2::Licensing, "section2.licensing", &[""]),
    (Label2::Punishment, "section2.punishment", &[""]),
    (Label2::Coercion, "section2.coercion", &[""]),
    (Label2::Fees, "section2.fees_10k_yuan", &[""]),
];

const DOCS_2019: &[&str] = &["new_made", "new_published", "total_published"];
const ITEMS_2019: &[&str] = &["last_year", "change", "decisions"];

const ROWS_2019: [(Label2, &str, &[&str]); 8] = [
    (Label2::Rules, "section2_2019.rules", DOCS_2019),
    (
        Label2::Normative,
        "section2_2019.normative_documents",
        DOCS_2019,
    ),
    (Label2::Licensing, "section2_2019.licensing", ITEMS_2019),
    (
        Label2::OtherServices,
        "section2_2019.other_services",
        ITEMS_2019,
    ),
    (Label2::Punishment, "section2_2019.punishment", ITEMS_2019),
    (Label2::Coercion, "section2_2019.coercion", ITEMS_2019),
    (Label2::Fees, "section2_2019.fees", &["last_year", "change"]),
    (
        Label2::Procurement,
        "section2_2019.procurement",
        &["projects", "amount_10k_yuan"],
    ),
];

fn rows(is2019: bool) -> &'static [(Label2, &'static str, &'static [&'static str])] {
    if is2019 {
        &ROWS_2019
    } else {
        &ROWS_2021
    }
}

/// The number of values a section 2 row has in this format (`None`: the
/// format has no such row).
pub(crate) fn width(label: Label2, is2019: bool) -> Option<usize> {
    rows(is2019)
        .iter()
        .find(|(l, _, _)| *l == label)
        .map(|(_, _, cols)| cols.len())
}

/// Section 2 rows collected so far.
#[derive(Debug)]
pub(crate) struct Rows2 {
    is2019: bool,
    cells: Vec<Option<Vec<Cell>>>,
}

impl Rows2 {
    pub fn new(is2019: bool) -> Rows2 {
        Rows2 {
            is2019,
            cells: vec![None; rows(is2019).len()],
        }
    }

    pub fn any(&self) -> bool {
        self.cells.iter().any(Option::is_some)
    }

    /// Place `slots` as the row `label` unless read already; `true` if set.
    pub fn set(&mut self, label: Label2, slots: &[Slot], warnings: &mut Vec<String>) -> bool {
        let Some(k) = rows(self.is2019).iter().position(|(l, _, _)| *l == label) else {
            return false;
        };
        if self.cells[k].is_some() {
            return false;
        }
        let (_, path, cols) = rows(self.is2019)[k];
        let spec = RowSpec {
            path,
            name: label.name(),
            cols,
            total_last: false,
        };
        self.cells[k] = Some(place(slots, &spec, warnings));
        true
    }

    /// Has row `label` been read (or nullified)?
    pub fn is_set(&self, label: Label2) -> bool {
        rows(self.is2019)
            .iter()
            .position(|(l, _, _)| *l == label)
            .is_some_and(|k| self.cells[k].is_some())
    }

    /// The output path of row `label` (`section2.rules`).
    pub fn path(&self, label: Label2) -> &'static str {
        rows(self.is2019)
            .iter()
            .find(|(l, _, _)| *l == label)
            .map_or("section2", |(_, p, _)| p)
    }

    /// Row `label` exists but its cells cannot be read.
    pub fn nullify(&mut self, label: Label2) {
        let r = rows(self.is2019);
        if let Some(k) = r.iter().position(|(l, _, _)| *l == label) {
            self.cells[k] = Some(vec![None; r[k].2.len()]);
        }
    }

    fn get(&self, label: Label2, col: usize) -> Cell {
        let k = rows(self.is2019).iter().position(|(l, _, _)| *l == label)?;
        self.cells[k].as_ref()?.get(col).copied().flatten()
    }

    /// The section (and its 2019 form), with warnings for rows not found.
    pub fn finish(self, warnings: &mut Vec<String>) -> (Section2, Option<Section2In2019>) {
        for ((_, path, _), c) in rows(self.is2019).iter().zip(&self.cells) {
            if c.is_none() {
                warnings.push(format!("{path}: row not found, cells null"));
            }
        }
        let g = |l: Label2, c: usize| self.get(l, c);
        if !self.is2019 {
            let docs = |l: Label2| Documents {
                made: g(l, 0),
                repealed: g(l, 1),
                effective: g(l, 2),
            };
            let s = Section2 {
                rules: docs(Label2::Rules),
                normative_documents: docs(Label2::Normative),
                licensing: g(Label2::Licensing, 0),
                punishment: g(Label2::Punishment, 0),
                coercion: g(Label2::Coercion, 0),
                fees_10k_yuan: g(Label2::Fees, 0),
            };
            return (s, None);
        }
        let docs = |l: Label2| Documents2019 {
            new_made: g(l, 0),
            new_published: g(l, 1),
            total_published: g(l, 2),
        };
        let items = |l: Label2| Items2019 {
            last_year: g(l, 0),
            change: g(l, 1),
            decisions: g(l, 2),
        };
        let s19 = Section2In2019 {
            rules: docs(Label2::Rules),
            normative_documents: docs(Label2::Normative),
            licensing: items(Label2::Licensing),
            other_services: items(Label2::OtherServices),
            punishment: items(Label2::Punishment),
            coercion: items(Label2::Coercion),
            fees: Items2019 {
                last_year: g(Label2::Fees, 0),
                change: g(Label2::Fees, 1),
                decisions: None,
            },
            procurement: Procurement2019 {
                projects: g(Label2::Procurement, 0),
                amount_10k_yuan: g(Label2::Procurement, 1),
            },
        };
        let s = Section2 {
            rules: Documents {
                made: s19.rules.new_made,
                repealed: None,
                effective: None,
            },
            normative_documents: Documents {
                made: s19.normative_documents.new_made,
                repealed: None,
                effective: None,
            },
            licensing: s19.licensing.decisions,
            punishment: s19.punishment.decisions,
            coercion: s19.coercion.decisions,
            fees_10k_yuan: None,
        };
        warnings.push(
            "2019 format: section2 repealed/effective and fees_10k_yuan have no column in this format, left null (see section2_2019)"
                .to_string(),
        );
        (s, Some(s19))
    }
}

/// Section 2 from a text layout's tokens; `None` when no row label is found.
pub(crate) fn read_text(
    toks: &[Tok],
    is2019: bool,
    warnings: &mut Vec<String>,
) -> Option<(Section2, Option<Section2In2019>)> {
    let mut rows = Rows2::new(is2019);
    let mut consumed = vec![false; toks.len()];
    let mut empty: Vec<Label2> = Vec::new();
    let mut first: Option<usize> = None;
    let mut i = 0;
    while i < toks.len() {
        if let Tok::Text(t) = &toks[i] {
            if let Some(label) = match_row2(t) {
                let (mut slots, end) = collect(toks, i + 1, is_label2);
                let placed = match width(label, is2019) {
                    Some(n) if !rows.is_set(label) => under_header(toks, i, end, &slots, n),
                    _ => None,
                };
                match placed {
                    Some(Ok((values, shifted))) => {
                        if shifted {
                            warnings.push(shifted_warning(rows.path(label)));
                        }
                        slots = values;
                    }
                    Some(Err(e)) => {
                        warnings.push(format!("{}: {e}; cells null", rows.path(label)));
                        rows.nullify(label);
                        first.get_or_insert(i);
                        for c in consumed.iter_mut().take(end).skip(i + 1) {
                            *c = true;
                        }
                        i = end.max(i + 1);
                        continue;
                    }
                    None => {}
                }
                if rows.set(label, &slots, warnings) {
                    first.get_or_insert(i);
                    if slots.is_empty() {
                        empty.push(label);
                    }
                    for c in consumed.iter_mut().take(end).skip(i + 1) {
                        *c = true;
                    }
                    i = end.max(i + 1);
                    continue;
                }
            }
        }
        i += 1;
    }
    let first = first?;
    let stray = toks
        .iter()
        .enumerate()
        .skip(first)
        .filter(|(k, t)| !consumed[*k] && matches!(t, Tok::Num(_)))
        .count();
    if !empty.is_empty() && stray >= 2 {
        // Numbers away from their labels: a row without values is unknown, not 0.
        warnings.push(format!(
            "section2: {stray} numbers are not next to row labels; {} rows without values left null instead of 0",
            empty.len()
        ));
        for l in empty {
            rows.nullify(l);
        }
    }
    Some(rows.finish(warnings))
}

/// The warning for a row whose values sat under a header cell's span
/// rather than in its first slot.
pub(crate) fn shifted_warning(path: &str) -> String {
    format!(
        "{path}: the row's cells do not line up with the header's (spanned cells); values placed by the header column they sit under"
    )
}

/// The row of `n` values whose label is `toks[at]` and whose values
/// `slots` end at `end`, placed by the slots of the header row above it
/// (see [`by_slots`]) — when the layout shows that empty slots were kept:
/// one row per line, the header with empty slots inside its span cells,
/// and the row with more slots than columns or a blank before a value (a
/// layout that collapses empty cells has neither). `None`: not such a row,
/// read it in order.
fn under_header(
    toks: &[Tok],
    at: usize,
    end: usize,
    slots: &[Slot],
    n: usize,
) -> Option<Result<(Vec<Slot>, bool), String>> {
    let starts_row = at == 0 || matches!(toks[at - 1], Tok::Break);
    let whole_row = end == at + 1 + slots.len()
        && matches!(toks.get(end), None | Some(Tok::Break))
        && !slots.iter().any(|s| matches!(s, Slot::Other(_)));
    let blank_before_value = slots
        .iter()
        .skip_while(|s| !matches!(s, Slot::Blank))
        .any(|s| matches!(s, Slot::Num(_)));
    if !starts_row || !whole_row || !(slots.len() > n || blank_before_value) {
        return None;
    }
    let header = header_above(toks, at)?;
    let (label, cols) = starts(&header)?;
    if label != 0 || cols.len() != n || header.len() <= n + 1 || slots.len() >= header.len() {
        return None;
    }
    let mut row = vec![Slot::Blank];
    row.extend_from_slice(slots);
    Some(by_slots(&cols, &row, 1))
}

/// The first row above the row starting at `toks[at]` that is no section 2
/// row, as header cells.
fn header_above(toks: &[Tok], at: usize) -> Option<Vec<HeaderCell>> {
    let mut end = at.checked_sub(1)?;
    loop {
        let start = toks[..end]
            .iter()
            .rposition(|t| matches!(t, Tok::Break))
            .map_or(0, |k| k + 1);
        let row = &toks[start..end];
        let is_data = matches!(row.first(), Some(Tok::Text(x)) if match_row2(x).is_some());
        if !is_data {
            return Some(
                row.iter()
                    .map(|t| match t {
                        Tok::Text(_) => HeaderCell::Name,
                        Tok::Blank => HeaderCell::Empty,
                        _ => HeaderCell::Value,
                    })
                    .collect(),
            );
        }
        end = start.checked_sub(1)?;
    }
}
