//! Section 3 (收到和处理政府信息公开申请情况): 25 rows × 7 columns.
//!
//! In: the section's tokens (text layouts) or, through [`Rows3`], rows
//! already split into cells by [`super::table`]. Out: a [`Section3`] whose
//! rows were found by their labels (本年新收, 上年结转, 予以公开, …, 总计,
//! 结转下年度继续办理) and whose values were placed by [`place`], plus
//! whether `（六）其他处理` was a single row (the 2019 format). Never: take
//! a header cell (`总计`, `其他` are also column names) for a row label, take
//! a row's values from another row, or fill a cell that was not read — rows
//! not found are null, with a warning.

use super::labels::{
    is_label3, match_row3, Label3, COLS3, GRANTED, NAMES3, NOT_PROCESSED_FIRST,
    OTHER_NO_CORRECTION, OTHER_NO_FEE, OTHER_OTHER, ROWS3, TOTAL,
};
use super::numbers::sum;
use super::place::{collect, place, RowSpec, Slot};
use super::schema::{Cell, Num, Section3};
use super::tokens::Tok;

/// What was read of section 3.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Read3 {
    pub section: Section3,
    /// `（六）其他处理` had no sub-rows: its values are `other_other` and
    /// `other_no_correction` / `other_no_fee` do not exist.
    pub other_single_row: bool,
    /// Per row of [`ROWS3`], the sum of its seven cells when known.
    pub sums: Vec<Option<RowSum>>,
}

/// The sum of a row's seven cells: from its placed cells, or — for a row
/// whose values could not be placed (empty cells collapsed) — from the
/// numbers it prints, since its other cells are empty. Unknown (`None`)
/// when a cell is not a number, a 总计 was left empty, the row was not
/// found, or its values may not be its own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RowSum {
    pub value: Num,
    /// Summed from the printed values of a row that could not be placed.
    pub printed: bool,
}

/// The sum of the row `cells` placed from `slots`.
fn row_sum(cells: &[Cell], slots: &[Slot]) -> Option<RowSum> {
    if let Some(known) = cells.iter().copied().collect::<Option<Vec<Num>>>() {
        return Some(RowSum {
            value: sum(&known),
            printed: false,
        });
    }
    let mut nums = Vec::new();
    for s in slots {
        match s {
            Slot::Num(n) => nums.push(n.value),
            Slot::Blank => {}
            Slot::Other(_) => return None,
        }
    }
    // Only a row that was not placed at all, with fewer numbers than
    // cells: all its numbers are in its cells, its blanks are empty.
    (cells.iter().all(Option::is_none) && nums.len() < COLS3.len()).then(|| RowSum {
        value: sum(&nums),
        printed: true,
    })
}

/// Rows collected so far, in [`ROWS3`] order.
#[derive(Debug, Default)]
pub(crate) struct Rows3 {
    rows: Vec<Option<Vec<Cell>>>,
    sums: Vec<Option<RowSum>>,
    /// The values after `（六）其他处理` itself, and whether it was seen.
    group: Option<Vec<Slot>>,
    group_seen: bool,
}

impl Rows3 {
    pub fn new() -> Rows3 {
        Rows3 {
            rows: vec![None; ROWS3.len()],
            sums: vec![None; ROWS3.len()],
            group: None,
            group_seen: false,
        }
    }

    pub fn is_set(&self, i: usize) -> bool {
        self.rows.get(i).is_some_and(Option::is_some)
    }

    pub fn any(&self) -> bool {
        self.group_seen || self.rows.iter().any(Option::is_some)
    }

    /// May a weak label (bare `总计` / `其他`) name row `i` at this point?
    pub fn weak_allowed(&self, i: usize) -> bool {
        match i {
            TOTAL => (GRANTED..=OTHER_OTHER).any(|r| self.is_set(r)) || self.group_seen,
            OTHER_OTHER => {
                (NOT_PROCESSED_FIRST..=OTHER_NO_FEE).any(|r| self.is_set(r)) || self.group_seen
            }
            _ => true,
        }
    }

    /// Place `slots` as row `i` unless it was read already; `true` if set.
    pub fn set(&mut self, i: usize, slots: &[Slot], warnings: &mut Vec<String>) -> bool {
        if i >= self.rows.len() || self.is_set(i) {
            return false;
        }
        let path = format!("section3.{}", ROWS3[i]);
        let spec = RowSpec {
            path: &path,
            name: NAMES3[i],
            cols: &COLS3,
            total_last: true,
        };
        let cells = place(slots, &spec, warnings);
        self.sums[i] = row_sum(&cells, slots);
        self.rows[i] = Some(cells);
        true
    }

    /// Row `i` is known to exist but its cells cannot be read.
    pub fn nullify(&mut self, i: usize) {
        if let Some(r) = self.rows.get_mut(i) {
            *r = Some(vec![None; COLS3.len()]);
            self.sums[i] = None;
        }
    }

    /// The values after the `（六）其他处理` label itself.
    pub fn group(&mut self, slots: Vec<Slot>) {
        self.group_seen = true;
        if self.group.is_none() && !slots.is_empty() {
            self.group = Some(slots);
        }
    }

    /// The section, with warnings for rows not found.
    pub fn finish(mut self, is2019: bool, warnings: &mut Vec<String>) -> Read3 {
        let single = self.group_seen
            && !self.is_set(OTHER_NO_CORRECTION)
            && !self.is_set(OTHER_NO_FEE)
            && !self.is_set(OTHER_OTHER);
        if single {
            let slots = self.group.take().unwrap_or_default();
            self.set(OTHER_OTHER, &slots, warnings);
            warnings.push(if is2019 {
                "2019 format: 其他处理 is one row, read as other_other".to_string()
            } else {
                "section3: 其他处理 has no sub-rows 1-3; read as one row into other_other, other_no_correction/other_no_fee null".to_string()
            });
        }
        let mut section = Section3::default();
        for (i, row) in self.rows.iter().enumerate() {
            match row {
                Some(cells) => {
                    if let Some(r) = super::labels::row3_mut(&mut section, i) {
                        *r = super::labels::row_from(cells);
                    }
                }
                None => {
                    if !(single && (i == OTHER_NO_CORRECTION || i == OTHER_NO_FEE)) {
                        warnings.push(format!("section3.{}: row not found, cells null", ROWS3[i]));
                    }
                }
            }
        }
        Read3 {
            section,
            other_single_row: single,
            sums: self.sums,
        }
    }
}

/// The row a section 3 label names here, given the rows read so far.
pub(crate) fn resolve(label: Option<Label3>, rows: &Rows3) -> Option<Label3> {
    match label? {
        Label3::Weak(i) if !rows.weak_allowed(i) => None,
        Label3::Weak(i) => Some(Label3::Row(i)),
        other => Some(other),
    }
}

/// Section 3 from a text layout's tokens; `None` when no row label is found.
pub(crate) fn read_text(toks: &[Tok], is2019: bool, warnings: &mut Vec<String>) -> Option<Read3> {
    let mut rows = Rows3::new();
    let mut consumed = vec![false; toks.len()];
    let mut first_anchor: Option<usize> = None;
    // Rows with no value at all, and values in rows with far too many.
    let mut empty_rows: Vec<usize> = Vec::new();
    let mut overlong = 0usize;
    let mut i = 0;
    while i < toks.len() {
        let Tok::Text(t) = &toks[i] else {
            i += 1;
            continue;
        };
        let mut anchor = i;
        let mut label = resolve(match_row3(t), &rows);
        if label.is_none() {
            // A label split over two cells (`1.属于国家` / `秘密`).
            if let Some(Tok::Text(next)) = toks.get(i + 1) {
                let joined = format!("{t}{next}");
                if let Some(l) = resolve(match_row3(&joined), &rows) {
                    if match_row3(next).is_none() {
                        label = Some(l);
                        anchor = i + 1;
                    }
                }
            }
        }
        let Some(label) = label else {
            i += 1;
            continue;
        };
        let (slots, end) = collect(toks, anchor + 1, is_label3);
        match label {
            Label3::Row(r) => {
                if !rows.set(r, &slots, warnings) {
                    i = anchor + 1;
                    continue;
                }
                if slots.is_empty() {
                    empty_rows.push(r);
                } else if slots.len() > COLS3.len() + 2 {
                    overlong += slots.len();
                }
            }
            Label3::OtherGroup => rows.group(slots),
            Label3::Weak(_) => {}
        }
        first_anchor.get_or_insert(i);
        for c in consumed.iter_mut().take(end).skip(anchor + 1) {
            *c = true;
        }
        i = end.max(anchor + 1);
    }
    if !rows.any() {
        return None;
    }
    let start = first_anchor.unwrap_or(0);
    let stray: Vec<&str> = toks
        .iter()
        .enumerate()
        .skip(start)
        .filter(|(k, _)| !consumed[*k])
        .filter_map(|(_, t)| match t {
            Tok::Num(n) => Some(n.raw.as_str()),
            _ => None,
        })
        .collect();
    if !stray.is_empty() {
        warnings.push(format!(
            "section3: {} numbers outside the recognized rows were not read ({})",
            stray.len(),
            stray.iter().take(8).copied().collect::<Vec<_>>().join(", ")
        ));
    }
    if !empty_rows.is_empty() && stray.len() + overlong >= COLS3.len() {
        // The numbers are not next to their labels (a column-wise
        // extraction): a row without values says nothing, it is not 0.
        warnings.push(format!(
            "section3: {} numbers are not next to row labels (table not extracted row by row); {} rows without values left null instead of 0",
            stray.len() + overlong,
            empty_rows.len()
        ));
        for r in empty_rows {
            rows.nullify(r);
        }
    }
    Some(rows.finish(is2019, warnings))
}
