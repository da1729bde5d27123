//! Placing a row's values into its columns — or saying it cannot be done.
//!
//! In: the values read after one row label ([`Slot`]s: numbers, blanks the
//! layout shows, or unreadable cells) and the row's columns ([`RowSpec`]).
//! Out: one [`Cell`] per column, with warnings naming the row and cell.
//! Never: guess. When a layout collapsed empty cells and the values that
//! are left differ, nobody can tell which column each belongs to: the cells
//! are null with a warning. What is sound is placed:
//!
//! - as many slots as columns: in order, a blank is 0;
//! - as many numbers as columns (extra blanks are padding): in order;
//! - no numbers at all, or only zeros: every cell is 0 (a blank is 0
//!   wherever it is);
//! - for rows with a trailing 总计 column: six numbers whose last is not the
//!   sum of the first five are the six applicant columns with the 总计
//!   left empty (null); two equal numbers are one applicant column and the
//!   总计, so the 总计 is known and the six applicant cells are null;
//! - a 总计 cell shown blank in a row whose other cells add up to more than
//!   0 was left empty, not 0: null.

use super::numbers::{same, show, sum, NumTok};
use super::schema::{Cell, Num};
use super::tokens::Tok;

/// One value read for a row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Slot {
    Num(NumTok),
    /// A cell the layout shows as empty: 0.
    Blank,
    /// A cell holding text that is not a number (tables only).
    Other(String),
}

/// The columns of one row: its path in the output (`section3.new`), its
/// label as the table prints it (`本年新收`, for warnings; may be empty),
/// the column names (`""` for a one-column row) and whether the last
/// column is a 总计 of the others.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowSpec<'a> {
    pub path: &'a str,
    pub name: &'a str,
    pub cols: &'a [&'a str],
    pub total_last: bool,
}

impl RowSpec<'_> {
    /// The row as warnings name it: `section3.new (本年新收)`.
    fn row_name(&self) -> String {
        if self.name.is_empty() {
            self.path.to_string()
        } else {
            format!("{} ({})", self.path, self.name)
        }
    }

    fn cell_name(&self, i: usize) -> String {
        match self.cols.get(i) {
            Some(c) if !c.is_empty() => format!("{}.{}", self.path, c),
            _ => self.path.to_string(),
        }
    }
}

fn list(slots: &[&Slot]) -> String {
    slots
        .iter()
        .map(|s| match s {
            Slot::Num(n) => n.raw.clone(),
            Slot::Blank => "(blank)".to_string(),
            Slot::Other(t) => format!("'{t}'"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn read_num(spec: &RowSpec<'_>, i: usize, n: &NumTok, warnings: &mut Vec<String>) -> Cell {
    if let Some(sfx) = &n.suffix {
        warnings.push(format!(
            "{}: read '{}' as {} (suffix '{}')",
            spec.cell_name(i),
            n.raw,
            show(&n.value),
            sfx
        ));
    }
    Some(n.value)
}

/// The row's cells (one per column of `spec`).
pub(crate) fn place(slots: &[Slot], spec: &RowSpec<'_>, warnings: &mut Vec<String>) -> Vec<Cell> {
    let ncols = spec.cols.len();
    let mut s: Vec<&Slot> = slots.iter().collect();
    let nums: Vec<&NumTok> = slots
        .iter()
        .filter_map(|x| match x {
            Slot::Num(n) => Some(n),
            _ => None,
        })
        .collect();
    let others = slots.iter().any(|x| matches!(x, Slot::Other(_)));
    if s.len() > ncols {
        if nums.len() == ncols && !others {
            s.retain(|x| matches!(x, Slot::Num(_)));
        } else {
            while s.len() > ncols && matches!(s.last(), Some(Slot::Blank)) {
                s.pop();
            }
            while s.len() > ncols && matches!(s.first(), Some(Slot::Blank)) {
                s.remove(0);
            }
        }
    }
    if s.len() == ncols {
        let mut cells = Vec::with_capacity(ncols);
        for (i, x) in s.iter().enumerate() {
            cells.push(match x {
                Slot::Num(n) => read_num(spec, i, n, warnings),
                Slot::Blank => Some(Num::Int(0)),
                Slot::Other(t) => {
                    warnings.push(format!(
                        "{}: '{t}' is not a number, left null",
                        spec.cell_name(i)
                    ));
                    None
                }
            });
        }
        if spec.total_last && ncols >= 2 && matches!(s.last(), Some(Slot::Blank)) {
            let parts: Option<Vec<Num>> = cells[..ncols - 1].iter().copied().collect();
            if let Some(parts) = parts {
                let total = sum(&parts);
                if !same(&total, &Num::Int(0)) {
                    warnings.push(format!(
                        "{}: blank although the row adds up to {}; the 总计 was left empty, read as null",
                        spec.cell_name(ncols - 1),
                        show(&total)
                    ));
                    cells[ncols - 1] = None;
                }
            }
        }
        return cells;
    }
    let nulls = vec![None; ncols];
    if s.len() > ncols {
        warnings.push(format!(
            "{}: {} values for {} columns ({}); cannot tell which belong where, cells null",
            spec.row_name(),
            s.len(),
            ncols,
            list(&s)
        ));
        return nulls;
    }
    // Fewer values than columns: empty cells were collapsed.
    if !others && nums.iter().all(|n| n.is_zero()) {
        for n in &nums {
            if let Some(sfx) = &n.suffix {
                warnings.push(format!(
                    "{}: read '{}' as 0 (suffix '{sfx}')",
                    spec.row_name(),
                    n.raw
                ));
            }
        }
        return vec![Some(Num::Int(0)); ncols];
    }
    let all_nums = !others && nums.len() == s.len();
    if spec.total_last && all_nums && ncols >= 3 {
        let k = nums.len();
        if k == ncols - 1 {
            let first: Vec<Num> = nums[..k - 1].iter().map(|n| n.value).collect();
            if !same(&sum(&first), &nums[k - 1].value) {
                warnings.push(format!(
                    "{}: {} values for {} columns ({}), the last not the sum of the others: read as the applicant columns with the 总计 left empty (null)",
                    spec.row_name(),
                    k,
                    ncols,
                    list(&s)
                ));
                let mut cells: Vec<Cell> = Vec::with_capacity(ncols);
                for (i, n) in nums.iter().enumerate() {
                    cells.push(read_num(spec, i, n, warnings));
                }
                cells.push(None);
                return cells;
            }
        }
        if k == 2 && same(&nums[0].value, &nums[1].value) {
            // Most likely one applicant column and its 总计, but two
            // applicant columns with 总计 left empty print the same: the
            // row cannot be placed with certainty, not even its total.
            warnings.push(format!(
                "{}: 2 equal values ({}) for {} columns (empty cells collapsed): which columns hold them is unknown, row cannot be placed, cells null",
                spec.row_name(),
                list(&s),
                ncols,
            ));
            return nulls;
        }
    }
    warnings.push(format!(
        "{}: {} values for {} columns ({}): empty cells collapsed, placement unknown, cells null",
        spec.row_name(),
        s.len(),
        ncols,
        list(&s)
    ));
    nulls
}

/// The values that follow a row label: from `toks[from]`, numbers and
/// blanks, skipping text that continues the label (but not another label),
/// up to the first text after the values, a row break, or the end. Returns
/// the values and the index where reading stopped.
pub(crate) fn collect(
    toks: &[Tok],
    from: usize,
    is_label: impl Fn(&str) -> bool,
) -> (Vec<Slot>, usize) {
    let mut slots = Vec::new();
    let mut skipped = 0usize;
    let mut i = from;
    while let Some(t) = toks.get(i) {
        match t {
            // Digits that are no number (too long, `1.2.3`): a value that
            // cannot be read, so the row cannot be placed around it.
            Tok::Text(x) if looks_numeric(x) => slots.push(Slot::Other(x.clone())),
            Tok::Text(x) => {
                // Up to two cells continuing the label (`(区分处理的,…)`);
                // more text means this was no row of the table.
                if !slots.is_empty() || is_label(x) || skipped >= 2 {
                    break;
                }
                skipped += 1;
            }
            Tok::Num(n) => slots.push(Slot::Num(n.clone())),
            Tok::Blank => slots.push(Slot::Blank),
            Tok::Break => break,
        }
        i += 1;
    }
    (slots, i)
}

/// Text made of digits, commas and dots only (not ending in a dot, which is
/// an item number `1.`).
fn looks_numeric(t: &str) -> bool {
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    body.starts_with(|c: char| c.is_ascii_digit())
        && !body.ends_with('.')
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}
