//! Text layout → cells in reading order.
//!
//! In: the normalized lines of one section (see [`super::text::prepare`]).
//! Out: a flat list of [`Tok`]s — label texts, numbers, blanks that the
//! layout shows as blanks, and row breaks where the layout marks them.
//! Never: invent a blank the layout does not show (a collapsed empty cell is
//! simply absent), split a label into numbers, or look at anything but the
//! given lines.
//!
//! The layouts ([`Layout`]), detected per section:
//! - `PipeRows`: one table row per line, `|` between cells; interior empty
//!   cells are blanks, trailing empty cells are padding (collapsed layouts
//!   move all empties to the end, so they say nothing about position).
//! - `PipeCells`: one cell per line with a trailing `|`; a line of pipes
//!   only is one blank cell, unless it closes a cell from the line above.
//! - `Tabs`: cells indented by a tab, rows separated by empty lines; a line
//!   holding only the tab is a blank cell; a line without the tab continues
//!   the cell above (`商业` / `企业`).
//! - `DoubleSpaced`: one cell per line with an empty line after each; lines
//!   not separated by an empty line are one cell split across lines.
//! - `Plain`: one row or one cell per line, cells separated by whitespace
//!   or tabs.

use super::numbers::{is_blank_marker, parse_number, NumTok};
use super::text::compact;

/// One reading-order item of a table laid out as text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    /// A non-numeric cell, whitespace removed.
    Text(String),
    Num(NumTok),
    /// A cell the layout shows as empty.
    Blank,
    /// The end of a table row, where the layout marks it.
    Break,
}

/// How a section's table was flattened into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    PipeRows,
    PipeCells,
    Tabs,
    DoubleSpaced,
    Plain,
}

/// The layout of `lines`.
pub(crate) fn detect(lines: &[&str]) -> Layout {
    let nonempty: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let n = nonempty.len();
    if n == 0 {
        return Layout::Plain;
    }
    let tabbed = nonempty.iter().filter(|l| l.starts_with('\t')).count();
    if tabbed * 10 >= n * 3 {
        return Layout::Tabs;
    }
    let piped: Vec<&str> = nonempty
        .iter()
        .copied()
        .filter(|l| l.contains('|'))
        .collect();
    if piped.len() * 10 >= n * 3 {
        let (mut cell_style, mut row_style) = (0usize, 0usize);
        for l in &piped {
            let pieces: Vec<&str> = l.split('|').map(str::trim).collect();
            let filled = pieces.iter().filter(|p| !p.is_empty()).count();
            let pipes = pieces.len().saturating_sub(1);
            if filled >= 2 || pipes >= 4 {
                row_style += 1;
            } else if filled == 1 && !pieces[0].is_empty() {
                cell_style += 1;
            }
        }
        return if cell_style > row_style {
            Layout::PipeCells
        } else {
            Layout::PipeRows
        };
    }
    // Double spacing: most non-empty lines are followed by exactly one empty line.
    let mut spaced = 0usize;
    for w in lines.windows(3) {
        if !w[0].trim().is_empty() && w[1].trim().is_empty() && !w[2].trim().is_empty() {
            spaced += 1;
        }
    }
    if n >= 4 && spaced * 10 >= n * 6 {
        return Layout::DoubleSpaced;
    }
    Layout::Plain
}

/// The cells of `lines` in reading order.
pub(crate) fn tokenize(lines: &[&str]) -> Vec<Tok> {
    let layout = detect(lines);
    let mut out = Vec::new();
    match layout {
        Layout::PipeRows | Layout::PipeCells => pipes(lines, layout == Layout::PipeRows, &mut out),
        Layout::Tabs => tabs(lines, &mut out),
        Layout::DoubleSpaced => double_spaced(lines, &mut out),
        Layout::Plain => plain(lines, &mut out),
    }
    out
}

/// The tokens of one cell's text: a number, a blank marker, a label, or a
/// label followed by whitespace-separated numbers (`本年新收 21 0 0`).
pub(crate) fn cell_tokens(cell: &str, out: &mut Vec<Tok>) {
    let t = cell.trim();
    if t.is_empty() {
        return;
    }
    if is_blank_marker(t) {
        out.push(Tok::Blank);
        return;
    }
    if let Some(n) = parse_number(t) {
        out.push(Tok::Num(n));
        return;
    }
    let pieces: Vec<&str> = t.split_whitespace().collect();
    if pieces.len() > 1 {
        let mut k = pieces.len();
        while k > 0 && (parse_number(pieces[k - 1]).is_some() || is_blank_marker(pieces[k - 1])) {
            k -= 1;
        }
        if k < pieces.len() {
            if k > 0 {
                out.push(Tok::Text(pieces[..k].concat()));
            }
            for p in &pieces[k..] {
                match parse_number(p) {
                    Some(n) => out.push(Tok::Num(n)),
                    None => out.push(Tok::Blank),
                }
            }
            return;
        }
    }
    out.push(Tok::Text(compact(t)));
}

fn push_break(out: &mut Vec<Tok>) {
    if !matches!(out.last(), None | Some(Tok::Break)) {
        out.push(Tok::Break);
    }
}

fn pipes(lines: &[&str], rows: bool, out: &mut Vec<Tok>) {
    // Did the previous line leave a cell open (no trailing `|`)?
    let mut open = false;
    for line in lines {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        if !l.contains('|') {
            for c in l.split('\t') {
                cell_tokens(c, out);
            }
            open = true;
            if rows {
                push_break(out);
            }
            continue;
        }
        let mut pieces: Vec<&str> = l.split('|').map(str::trim).collect();
        while pieces.last() == Some(&"") {
            pieces.pop();
        }
        // In the one-cell-per-line layout a leading `|` may close the cell of
        // the line above (`总计` / `| ||`).
        let closes = open && !rows;
        if pieces.is_empty() {
            if !closes {
                out.push(Tok::Blank);
            }
        } else {
            let skip = usize::from(pieces[0].is_empty() && closes);
            for p in &pieces[skip..] {
                if p.is_empty() {
                    out.push(Tok::Blank);
                } else {
                    cell_tokens(p, out);
                }
            }
        }
        open = !l.ends_with('|');
        if rows {
            push_break(out);
        }
    }
}

fn tabs(lines: &[&str], out: &mut Vec<Tok>) {
    for line in lines {
        if line.trim().is_empty() && !line.contains('\t') {
            push_break(out);
            continue;
        }
        if let Some(rest) = line.strip_prefix('\t') {
            for c in rest.split('\t') {
                if c.trim().is_empty() {
                    out.push(Tok::Blank);
                } else {
                    cell_tokens(c, out);
                }
            }
            continue;
        }
        // A line without the indent continues the cell above when both are text.
        let t = line.trim();
        let continues = parse_number(t).is_none() && !is_blank_marker(t);
        match out.last_mut() {
            Some(Tok::Text(prev)) if continues => prev.push_str(&compact(t)),
            _ => {
                for c in t.split('\t') {
                    cell_tokens(c, out);
                }
            }
        }
    }
}

fn double_spaced(lines: &[&str], out: &mut Vec<Tok>) {
    let mut group: Vec<&str> = Vec::new();
    let mut empties = 0usize;
    let flush = |group: &mut Vec<&str>, out: &mut Vec<Tok>| {
        if group.len() > 1
            && group
                .iter()
                .all(|l| parse_number(l).is_none() && !is_blank_marker(l))
        {
            out.push(Tok::Text(compact(&group.concat())));
        } else {
            for l in group.iter() {
                cell_tokens(l, out);
            }
        }
        group.clear();
    };
    for line in lines {
        let l = line.trim();
        if l.is_empty() {
            empties += 1;
            continue;
        }
        if empties > 0 {
            flush(&mut group, out);
            // One empty line separates cells; each further pair is an empty cell.
            for _ in 0..(empties.saturating_sub(1) / 2) {
                out.push(Tok::Blank);
            }
            empties = 0;
        }
        group.push(l);
    }
    flush(&mut group, out);
}

fn plain(lines: &[&str], out: &mut Vec<Tok>) {
    for line in lines {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        let before = out.len();
        let cells: Vec<&str> = l.split('\t').collect();
        for (i, c) in cells.iter().enumerate() {
            if c.trim().is_empty() {
                // An empty cell between two tabs.
                if i > 0 && i + 1 < cells.len() {
                    out.push(Tok::Blank);
                }
            } else {
                cell_tokens(c, out);
            }
        }
        if out.len() >= before + 2 {
            push_break(out);
        }
    }
}
