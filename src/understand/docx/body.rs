//! The body reader: `word/document.xml` text → [`Block`]s in document order.
//!
//! Exists to hold the streaming WordprocessingML state machine: which
//! paragraphs, runs, tables and cells are open, what counts as text
//! (`w:t`; `w:tab` → space, `w:br`/`w:cr` → line break; not `w:delText`,
//! `w:instrText` or the `mc:Fallback` copy of a text box), and where a
//! finished paragraph or table goes (the body, or the enclosing cell). In:
//! the XML text of the main part. Out: paragraphs and tables, or a reason
//! when the XML is malformed. Must never panic or recurse on hostile
//! nesting (the open elements are an explicit stack) and never drop text
//! a truncated document left open (it is closed and kept).

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::table::{self, finish_cell, finish_row, CellBuild, TableBuild};
use super::text::tidy_lines;
use super::xml::{attr, resolve_general_ref};
use super::Block;

/// An element we track while streaming.
#[derive(Debug)]
enum Open {
    Paragraph(String),
    Table(TableBuild),
}

struct Parser {
    blocks: Vec<Block>,
    open: Vec<Open>,
    /// Depth inside `w:r` elements (tabs and breaks count only in runs).
    run_depth: usize,
    /// Inside a `w:t` element.
    in_text: bool,
    /// Depth inside skipped subtrees (`mc:Fallback`).
    skip_depth: usize,
}

pub(super) fn parse_document_xml(xml: &str) -> Result<Vec<Block>, String> {
    let mut reader = Reader::from_str(xml);
    {
        let config = reader.config_mut();
        config.trim_text(false);
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
    }
    let mut p = Parser {
        blocks: Vec::new(),
        open: Vec::new(),
        run_depth: 0,
        in_text: false,
        skip_depth: 0,
    };
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "DOCX document.xml is malformed at byte {}: {e}",
                reader.error_position()
            )
        })?;
        let reading = p.skip_depth == 0;
        let in_text = reading && p.in_text;
        match event {
            Event::Start(_) if !reading => p.skip_depth += 1,
            Event::Start(e) => p.start(&e, false),
            Event::Empty(e) if reading => p.start(&e, true),
            Event::End(_) if !reading => p.skip_depth -= 1,
            Event::End(e) => p.end(e.local_name().as_ref()),
            Event::Text(t) if in_text => p.push_text(&t.xml10_content()),
            Event::CData(t) if in_text => p.push_text(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                if let Some(c) = resolve_general_ref(&r) {
                    p.push_text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Close whatever a truncated document left open.
    while let Some(open) = p.open.pop() {
        match open {
            Open::Paragraph(text) => p.emit_paragraph(text),
            Open::Table(mut t) => {
                finish_cell(&mut t);
                finish_row(&mut t);
                p.emit_table(t);
            }
        }
    }
    Ok(p.blocks)
}

impl Parser {
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let local = e.local_name();
        match local.as_ref() {
            "Fallback" if !empty => self.skip_depth = 1,
            "p" => {
                if empty {
                    return;
                }
                self.open.push(Open::Paragraph(String::new()));
            }
            "r" if !empty => self.run_depth += 1,
            "t" if !empty => self.in_text = true,
            "tab" | "ptab" if self.run_depth > 0 => self.push_text(" "),
            "br" | "cr" if self.run_depth > 0 => self.push_text("\n"),
            "noBreakHyphen" if self.run_depth > 0 => self.push_text("-"),
            "tbl" if !empty => self.open.push(Open::Table(TableBuild::default())),
            "tr" => {
                if let Some(t) = self.table() {
                    finish_cell(t);
                    finish_row(t);
                    t.row = Some(Vec::new());
                    if empty {
                        finish_row(t);
                    }
                }
            }
            "tc" => {
                if let Some(t) = self.table() {
                    finish_cell(t);
                    if t.row.is_none() {
                        t.row = Some(Vec::new());
                    }
                    t.cell = Some(CellBuild {
                        parts: Vec::new(),
                        span: 1,
                        covered: false,
                    });
                    if empty {
                        finish_cell(t);
                    }
                }
            }
            "gridSpan" => {
                let span = attr(e, "val").and_then(|v| v.trim().parse::<usize>().ok());
                if let Some(cell) = self.table().and_then(|t| t.cell.as_mut()) {
                    cell.span = span.unwrap_or(1).clamp(1, 64);
                }
            }
            "vMerge" | "hMerge" => {
                let restart = attr(e, "val").is_some_and(|v| v == "restart");
                if let Some(cell) = self.table().and_then(|t| t.cell.as_mut()) {
                    cell.covered = !restart;
                }
            }
            "gridBefore" => {
                let n = attr(e, "val").and_then(|v| v.trim().parse::<usize>().ok());
                if let Some(t) = self.table() {
                    if t.cell.is_none() {
                        if let Some(row) = t.row.as_mut() {
                            row.extend(std::iter::repeat_n(String::new(), n.unwrap_or(0).min(64)));
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, local: &str) {
        match local {
            "p" => {
                if let Some(pos) = self
                    .open
                    .iter()
                    .rposition(|o| matches!(o, Open::Paragraph(_)))
                {
                    // Anything opened inside the paragraph and left open is closed with it.
                    while self.open.len() > pos + 1 {
                        if let Some(Open::Table(mut t)) = self.open.pop() {
                            finish_cell(&mut t);
                            finish_row(&mut t);
                            self.emit_table(t);
                        }
                    }
                    if let Some(Open::Paragraph(text)) = self.open.pop() {
                        self.emit_paragraph(text);
                    }
                }
            }
            "r" => self.run_depth = self.run_depth.saturating_sub(1),
            "t" => self.in_text = false,
            "tc" => {
                if let Some(t) = self.table() {
                    finish_cell(t);
                }
            }
            "tr" => {
                if let Some(t) = self.table() {
                    finish_cell(t);
                    finish_row(t);
                }
            }
            "tbl" => {
                if let Some(pos) = self.open.iter().rposition(|o| matches!(o, Open::Table(_))) {
                    while self.open.len() > pos + 1 {
                        if let Some(Open::Paragraph(text)) = self.open.pop() {
                            self.emit_paragraph(text);
                        }
                    }
                    if let Some(Open::Table(mut t)) = self.open.pop() {
                        finish_cell(&mut t);
                        finish_row(&mut t);
                        self.emit_table(t);
                    }
                }
            }
            _ => {}
        }
    }

    /// The innermost open table.
    fn table(&mut self) -> Option<&mut TableBuild> {
        self.open.iter_mut().rev().find_map(|o| match o {
            Open::Table(t) => Some(t),
            Open::Paragraph(_) => None,
        })
    }

    fn push_text(&mut self, s: &str) {
        if let Some(Open::Paragraph(text)) = self
            .open
            .iter_mut()
            .rev()
            .find(|o| matches!(o, Open::Paragraph(_)))
        {
            text.push_str(s);
        }
    }

    /// A finished paragraph goes to the innermost open table cell, else to
    /// the body (a text-box paragraph nested in a paragraph becomes a line
    /// of its own).
    fn emit_paragraph(&mut self, text: String) {
        let text = tidy_lines(&text);
        if text.is_empty() {
            return;
        }
        for o in self.open.iter_mut().rev() {
            if let Open::Table(t) = o {
                if let Some(cell) = t.cell.as_mut() {
                    cell.parts.push(text);
                    return;
                }
            }
        }
        self.blocks.push(Block::Paragraph(text));
    }

    fn emit_table(&mut self, t: TableBuild) {
        let table = table::into_table(t);
        if table.rows.is_empty() {
            return;
        }
        // A nested table is flattened into the enclosing cell.
        for o in self.open.iter_mut().rev() {
            if let Open::Table(outer) = o {
                if let Some(cell) = outer.cell.as_mut() {
                    cell.parts.push(table::flatten(&table));
                    return;
                }
            }
        }
        self.blocks.push(Block::Table(table));
    }
}
