//! Placing a row's values by the slots of its header row.
//!
//! In: the slots of a header row (which hold a column name) and the values
//! of a data row in the same slots — a table after span expansion, or a
//! text layout that keeps empty cells (` | ` rows). Out: one value per
//! header column. A header cell that spans two slots prints its name once
//! in its first slot and leaves the other empty; a data row's own spans
//! need not line up with the header's (`行政许可 | 3 |  |  | 3` under
//! `信息内容 | 上一年项目数量 | 本年增/减 |  | 处理决定数量`), so a column is
//! every slot from its name up to the next column's name, and its value is
//! the one value printed there (none: blank). Never: move a value to a
//! column it is not under — two values under one column, or a value left
//! of the first column, are an error, and the caller leaves the row null.

use super::place::Slot;

/// Where a header row's columns begin: the slots of its filled cells after
/// the first (the label column, `信息内容`). `None` unless the row is a
/// header: text cells only, a label cell first, at least one column.
pub(crate) fn starts(filled: &[HeaderCell]) -> Option<(usize, Vec<usize>)> {
    let mut it = filled
        .iter()
        .enumerate()
        .filter(|(_, c)| !matches!(c, HeaderCell::Empty));
    let (label, first) = it.next()?;
    if !matches!(first, HeaderCell::Name) {
        return None;
    }
    let mut cols = Vec::new();
    for (i, c) in it {
        match c {
            HeaderCell::Name => cols.push(i),
            _ => return None,
        }
    }
    (!cols.is_empty()).then_some((label, cols))
}

/// One slot of a candidate header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeaderCell {
    /// A column or label name.
    Name,
    /// An empty slot (covered by a span, or empty).
    Empty,
    /// A number or a blank marker: no header row holds one.
    Value,
}

/// The values of `row` (slots indexed like the header, `row[i]` is slot
/// `i`; slots past the end are blank) under the columns beginning at
/// `cols`, each column running to the next one's start (the last: to the
/// end of the row). Slots from `from` to `cols[0]` must hold no number
/// (text there continues the row's label).
///
/// `Ok((values, shifted))`: one slot per column; `shifted` when a value
/// sat in a slot its column's name does not (the row's spans differ from
/// the header's). `Err` says why the row cannot be placed.
pub(crate) fn by_slots(
    cols: &[usize],
    row: &[Slot],
    from: usize,
) -> Result<(Vec<Slot>, bool), String> {
    let Some(&first) = cols.first() else {
        return Err("no columns".to_string());
    };
    let valued = |s: &Slot| !matches!(s, Slot::Blank);
    if let Some(i) = (from..first.min(row.len())).find(|&i| matches!(row[i], Slot::Num(_))) {
        return Err(format!("a number in slot {i}, left of the first column"));
    }
    let mut out = Vec::with_capacity(cols.len());
    let mut shifted = false;
    for (k, &a) in cols.iter().enumerate() {
        let b = cols
            .get(k + 1)
            .copied()
            .unwrap_or(usize::MAX)
            .min(row.len());
        let found: Vec<usize> = (a.min(b)..b).filter(|&i| valued(&row[i])).collect();
        match found.as_slice() {
            [] => out.push(Slot::Blank),
            [i] => {
                shifted |= *i != a;
                out.push(row[*i].clone());
            }
            _ => {
                return Err(format!(
                    "{} values under one header column (slots {a}..{b})",
                    found.len()
                ))
            }
        }
    }
    Ok((out, shifted))
}
