//! Reading the sections from table cells (HTML and DOCX reports).
//!
//! In: the document's [`Table`]s — rows of cell texts after span expansion,
//! merged text once at its top-left slot, covered slots `""`, trailing empty
//! cells trimmed. Out: sections 2, 3 and 4 read by position: a row's label
//! from its label cells, its values from the data columns found under the
//! header (`自然人` … `总计`; for section 2, each column of the header row
//! above, spans included: see [`super::header`]); an empty or missing data
//! cell is a blank (0),
//! a cell with text that is not a number is null with a warning. `None` for
//! a section no table holds (the caller then reads the text). Never: shift
//! a value to another column, or read a table that is not the section's.

use super::header::{by_slots, starts, HeaderCell};
use super::labels::{match_row2, match_row3, Label3};
use super::numbers::{is_blank_marker, parse_number};
use super::place::Slot;
use super::schema::{Section2, Section2In2019, Section4};
use super::section2::{shifted_warning, width, Rows2};
use super::section3::{Read3, Rows3};
use super::section4::{from_slots, is_header};
use super::text::{compact, prepare};
use crate::understand::Table;

/// A table's cells, normalized.
pub(crate) type Grid = Vec<Vec<String>>;

/// The tables with every cell normalized (see [`prepare`]) and trimmed.
pub(crate) fn normalize(tables: &[Table]) -> Vec<Grid> {
    tables
        .iter()
        .map(|t| {
            t.rows
                .iter()
                .map(|r| r.iter().map(|c| prepare(c).trim().to_string()).collect())
                .collect()
        })
        .collect()
}

/// All cells of all tables, for format detection.
pub(crate) fn all_text(grids: &[Grid]) -> String {
    let mut s = String::new();
    for g in grids {
        for r in g {
            for c in r {
                s.push_str(c);
            }
        }
    }
    s
}

/// One data cell as a value.
fn slot(cell: &str) -> Slot {
    let t = cell.trim();
    if t.is_empty() || is_blank_marker(t) {
        return Slot::Blank;
    }
    match parse_number(t) {
        Some(n) => Slot::Num(n),
        None => Slot::Other(compact(t)),
    }
}

/// The label a row gives in its label cells (left of `first_data`).
fn label3(row: &[String], first_data: usize) -> Option<Label3> {
    let cells = &row[..first_data.min(row.len())];
    let last = cells.iter().rev().find(|c| !c.is_empty())?;
    let m = match_row3(&compact(last));
    if m.is_some() {
        return m;
    }
    match_row3(&compact(&cells.concat()))
}

/// The seven data columns of a section 3 table, from its header cells or,
/// failing that, its width.
fn columns3(header: &[Vec<String>], body: &[Vec<String>]) -> Option<[usize; 7]> {
    let find = |pred: &dyn Fn(&str) -> bool| -> Option<usize> {
        header
            .iter()
            .find_map(|r| r.iter().position(|c| pred(&compact(c))))
    };
    let nat = find(&|c| c.contains("自然人"));
    let total = nat.and_then(|n| {
        header.iter().find_map(|r| {
            r.iter()
                .enumerate()
                .skip(n + 1)
                .find(|(_, c)| compact(c).contains("总计"))
                .map(|(i, _)| i)
        })
    });
    let orgs = [
        find(&|c| c.contains("商业企业")),
        find(&|c| c.contains("科研机构")),
        find(&|c| c.contains("社会公益")),
        find(&|c| c.contains("法律服务")),
        find(&|c| c == "其他"),
    ];
    if let (Some(n), Some(t), [Some(a), Some(b), Some(c), Some(d), Some(e)]) = (nat, total, orgs) {
        let cols = [n, a, b, c, d, e, t];
        if cols.windows(2).all(|w| w[0] < w[1]) {
            return Some(cols);
        }
    }
    if let (Some(n), Some(t)) = (nat, total) {
        if t == n + 6 {
            return Some([n, n + 1, n + 2, n + 3, n + 4, n + 5, n + 6]);
        }
    }
    let w = body.iter().map(Vec::len).max()?;
    if w >= 8 {
        let n = w - 7;
        return Some([n, n + 1, n + 2, n + 3, n + 4, n + 5, n + 6]);
    }
    None
}

/// Section 3 from the first table holding at least three of its rows.
pub(crate) fn read3(grids: &[Grid], is2019: bool, warnings: &mut Vec<String>) -> Option<Read3> {
    for g in grids {
        let anchored: Vec<usize> = (0..g.len())
            .filter(|&i| {
                g[i].iter()
                    .any(|c| matches!(match_row3(&compact(c)), Some(Label3::Row(_))))
            })
            .collect();
        if anchored.len() < 3 {
            continue;
        }
        let first = anchored[0];
        let Some(cols) = columns3(&g[..first], &g[first..]) else {
            continue;
        };
        let mut rows = Rows3::new();
        for r in &g[first..] {
            let slots: Vec<Slot> = cols
                .iter()
                .map(|&c| slot(r.get(c).map_or("", String::as_str)))
                .collect();
            match label3(r, cols[0]) {
                Some(Label3::Row(i) | Label3::Weak(i)) => {
                    rows.set(i, &slots, warnings);
                }
                Some(Label3::OtherGroup) => rows.group(slots),
                None => {}
            }
        }
        if rows.any() {
            return Some(rows.finish(is2019, warnings));
        }
    }
    None
}

/// Section 4 from the table whose header holds 结果维持 … 复议后起诉.
pub(crate) fn read4(grids: &[Grid], warnings: &mut Vec<String>) -> Option<Section4> {
    for g in grids {
        let flat = compact(&g.iter().map(|r| r.concat()).collect::<String>());
        if !(flat.contains("复议") && (flat.contains("维持") || flat.contains("审结"))) {
            continue;
        }
        let Some(h) = g.iter().rposition(|r| {
            r.iter()
                .any(|c| !c.is_empty() && parse_number(c).is_none() && is_header(&compact(c)))
        }) else {
            continue;
        };
        let Some(row) = g.get(h + 1) else {
            continue;
        };
        let mut slots: Vec<Slot> = row.iter().map(|c| slot(c)).collect();
        // A leading label cell (`数量`) is not data.
        while matches!(slots.first(), Some(Slot::Other(_))) {
            slots.remove(0);
        }
        if slots.iter().any(|s| matches!(s, Slot::Other(_))) {
            continue;
        }
        while slots.len() > 15 && matches!(slots.first(), Some(Slot::Blank)) {
            slots.remove(0);
        }
        if slots.len() > 15 {
            warnings.push(format!(
                "section4: the table's data row has {} cells for 15 columns; read from the text instead",
                slots.len()
            ));
            continue;
        }
        // Trailing empty cells were trimmed: they are blanks.
        slots.resize(15, Slot::Blank);
        return Some(from_slots(&slots, warnings));
    }
    None
}

/// Section 2 from the rows of any table labelled 规章, 行政许可, ….
pub(crate) fn read2(
    grids: &[Grid],
    is2019: bool,
    warnings: &mut Vec<String>,
) -> Option<(Section2, Option<Section2In2019>)> {
    let mut rows = Rows2::new(is2019);
    for g in grids {
        // Only the section's own tables, not a site's menu with a 规章 link.
        let labels = g
            .iter()
            .filter_map(|r| r.iter().find(|c| !c.is_empty()))
            .filter(|c| match_row2(&compact(c)).is_some())
            .count();
        let headed = g
            .iter()
            .flatten()
            .any(|c| c.contains("第二十条") || c.contains("信息内容"));
        if labels == 0 || (labels < 2 && !headed) {
            continue;
        }
        for (idx, r) in g.iter().enumerate() {
            let Some(j) = r.iter().position(|c| !c.is_empty()) else {
                continue;
            };
            let Some(label) = match_row2(&compact(&r[j])) else {
                continue;
            };
            let Some(n) = width(label, is2019) else {
                continue;
            };
            if rows.is_set(label) {
                continue;
            }
            if let Some((h, cols)) = header2_above(g, idx) {
                if cols.len() == n && h <= j && cols[0] > j {
                    let cells: Vec<Slot> = r.iter().map(|c| slot(c)).collect();
                    match by_slots(&cols, &cells, j + 1) {
                        Ok((values, shifted)) => {
                            if shifted {
                                warnings.push(shifted_warning(rows.path(label)));
                            }
                            rows.set(label, &values, warnings);
                        }
                        Err(e) => {
                            warnings.push(format!("{}: {e}; cells null", rows.path(label)));
                            rows.nullify(label);
                        }
                    }
                    continue;
                }
            }
            let mut k = j + 1;
            while let Some(c) = r.get(k) {
                if c.is_empty() || is_blank_marker(c) || parse_number(c).is_some() {
                    break;
                }
                k += 1;
            }
            let slots: Vec<Slot> = (k..k + n)
                .map(|x| slot(r.get(x).map_or("", String::as_str)))
                .collect();
            rows.set(label, &slots, warnings);
        }
    }
    if !rows.any() {
        return None;
    }
    Some(rows.finish(warnings))
}

/// The header row above row `idx` of a section 2 table (the first row
/// above that is no section 2 row): its label slot and column starts.
fn header2_above(g: &Grid, idx: usize) -> Option<(usize, Vec<usize>)> {
    for r in g[..idx].iter().rev() {
        match r.iter().find(|c| !c.is_empty()) {
            None => continue,
            Some(c) if match_row2(&compact(c)).is_some() => continue,
            Some(_) => {}
        }
        let cells: Vec<HeaderCell> = r
            .iter()
            .map(|c| {
                if c.is_empty() {
                    HeaderCell::Empty
                } else if is_blank_marker(c) || parse_number(c).is_some() {
                    HeaderCell::Value
                } else {
                    HeaderCell::Name
                }
            })
            .collect();
        return starts(&cells);
    }
    None
}
