//! Tables: telling data tables from layout, and building the grid.
//!
//! Grid convention: the full grid is built; a cell with rowspan/colspan
//! puts its text once, in its top-left slot, and the other slots it covers
//! are `""`. Trailing empty slots of a row are trimmed; rows with no text
//! are dropped.

use super::dom::{Dom, Tag};
use crate::understand::Table;

/// Widest grid built (columns), a guard against absurd colspans.
const MAX_COLS: usize = 256;
/// Longest colspan honoured.
const MAX_COLSPAN: usize = 64;

/// The `<tr>` rows of table `t` (direct, or in its thead/tbody/tfoot).
pub(super) fn rows(dom: &Dom<'_>, t: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for c in dom.child_elems(t) {
        match dom.tag(c) {
            Some(Tag::Tr) => out.push(c),
            Some(Tag::RowGroup) => {
                out.extend(dom.child_elems(c).filter(|&r| dom.tag(r) == Some(Tag::Tr)));
            }
            _ => {}
        }
    }
    out
}

/// The `<td>`/`<th>` cells of row `r`.
pub(super) fn cells<'d>(dom: &'d Dom<'_>, r: usize) -> impl Iterator<Item = usize> + 'd {
    dom.child_elems(r).filter(|&c| dom.tag(c) == Some(Tag::Td))
}

/// Mark data tables, innermost first: ≥ 2 rows with cells and ≥ 2 columns,
/// short cells (median < 40 characters, none over 300, no cell over 100
/// holding several paragraphs), not mostly links, and no data table inside
/// (a table around data tables is layout).
pub(super) fn mark_data_tables(dom: &mut Dom<'_>) {
    let n = dom.len();
    let mut has_data_inside = vec![false; n];
    // Line breaks (<br> and blocks) per subtree.
    let mut breaks = vec![0u32; n];
    for i in (0..n).rev() {
        let mut inside = false;
        let mut b = 0;
        for &c in &dom.nodes[i].children {
            inside |= has_data_inside[c] || dom.data_table[c];
            b += breaks[c];
        }
        if dom
            .tag(i)
            .is_some_and(|t| t == Tag::Br || (t.is_block() && t != Tag::Td))
        {
            b += 1;
        }
        breaks[i] = b;
        has_data_inside[i] = inside;
        if dom.tag(i) == Some(Tag::Table) && !dom.dead[i] && !inside {
            dom.data_table[i] = looks_like_data(dom, i, &breaks);
        }
    }
}

fn looks_like_data(dom: &Dom<'_>, t: usize, breaks: &[u32]) -> bool {
    let mut n_rows = 0;
    let mut max_cols = 0;
    let mut lens: Vec<u32> = Vec::new();
    for r in rows(dom, t) {
        let mut cols = 0;
        for c in cells(dom, r) {
            cols += 1;
            let len = dom.chars[c];
            if len > 0 {
                lens.push(len);
            }
            if len > 100 && breaks[c] >= 3 {
                return false;
            }
        }
        if cols > 0 {
            n_rows += 1;
            max_cols = max_cols.max(cols);
        }
    }
    if n_rows < 2 || max_cols < 2 || lens.is_empty() || n_rows > 5000 {
        return false;
    }
    if dom.m[t] > 0 && dom.lm[t] * 2 > dom.m[t] {
        return false;
    }
    lens.sort_unstable();
    let median = lens[lens.len() / 2];
    median < 40 && lens[lens.len() - 1] <= 300
}

fn span(dom: &Dom<'_>, c: usize, attr: &str) -> Option<usize> {
    let v = dom.attr(c, attr)?.trim();
    let digits: String = v.chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<usize>().ok()
}

/// The grid of table `t` (see the module doc); `None` when no row has text.
pub(super) fn grid(dom: &Dom<'_>, t: usize) -> Option<Table> {
    let trs = rows(dom, t);
    let n = trs.len();
    // None = free slot; Some("") = covered by a span.
    let mut g: Vec<Vec<Option<String>>> = vec![Vec::new(); n];
    for (r, &tr) in trs.iter().enumerate() {
        let mut col = 0;
        for c in cells(dom, tr) {
            while col < g[r].len() && g[r][col].is_some() {
                col += 1;
            }
            if col >= MAX_COLS {
                break;
            }
            let rs = match span(dom, c, "rowspan") {
                Some(0) => n - r,
                Some(k) => k.min(n - r),
                None => 1,
            };
            let cs = span(dom, c, "colspan")
                .unwrap_or(1)
                .clamp(1, MAX_COLSPAN)
                .min(MAX_COLS - col);
            let text = dom.flat_text(c);
            for (dr, row) in g.iter_mut().enumerate().skip(r).take(rs) {
                if row.len() < col + cs {
                    row.resize(col + cs, None);
                }
                for (dc, slot) in row.iter_mut().enumerate().skip(col).take(cs) {
                    let first = dr == r && dc == col;
                    if first {
                        *slot = Some(text.clone());
                    } else if slot.is_none() {
                        *slot = Some(String::new());
                    }
                }
            }
            col += cs;
        }
    }
    let rows: Vec<Vec<String>> = g
        .into_iter()
        .map(|row| {
            let mut row: Vec<String> = row.into_iter().map(Option::unwrap_or_default).collect();
            while row.last().is_some_and(String::is_empty) {
                row.pop();
            }
            row
        })
        .filter(|row| !row.is_empty())
        .collect();
    (!rows.is_empty()).then_some(Table { rows })
}
