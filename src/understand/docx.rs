//! DOCX → [`Document`].
//!
//! A DOCX file is a zip archive; its text lives in `word/document.xml`
//! (WordprocessingML). We read that one part with [`zip`] and stream it with
//! [`quick_xml`]:
//!
//! - each paragraph (`w:p`) becomes one body line: text runs (`w:t`) in order,
//!   `w:tab` → a space, `w:br` / `w:cr` → a line break, whitespace runs
//!   collapsed to one space, empty paragraphs dropped;
//! - each table (`w:tbl`) becomes one body line per row (`w:tr`), cells
//!   (`w:tc`) joined by ` | `, and is also pushed to [`Document::tables`].
//!   Merged cells follow the HTML convention: the text sits once in the
//!   top-left slot, every slot it covers is `""` — `w:gridSpan` (colspan)
//!   adds empty slots after the cell, a `w:vMerge` continuation cell is `""`,
//!   `w:gridBefore` adds leading empty slots. Trailing empty slots are
//!   trimmed and empty rows dropped. Paragraphs inside a cell are joined with
//!   a space; a nested table is flattened into its cell's text;
//! - text boxes (`w:txbxContent`) become lines of their own, placed before the
//!   paragraph that anchors them; the `mc:Fallback` copy of a text box is
//!   skipped so it is not read twice; deleted text (`w:delText`) and field
//!   instructions (`w:instrText`) are not text.
//!
//! Headers, footers, footnotes and comments (other parts) are not read.
//! The title is the first paragraph when it looks like one (short, no
//! sentence punctuation), joined with the second when only that one names
//! the report (`XX县人民政府` / `2023年政府信息公开工作年度报告`); the body
//! keeps the title line too.
//!
//! A damaged archive, a missing `word/document.xml`, malformed XML or a
//! document part over [`MAX_DOCUMENT_XML`] bytes uncompressed (zip bombs) give
//! [`Readability::Failed`]; nothing here panics on bad input.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{Document, Readability, SourceType, Table};

/// Refuse a `word/document.xml` larger than this, uncompressed (64 MiB).
pub const MAX_DOCUMENT_XML: u64 = 64 * 1024 * 1024;

/// Extract text (paragraphs, tables as ` | ` rows) from DOCX bytes.
pub fn extract(bytes: &[u8]) -> Document {
    let xml = match read_main_part(bytes) {
        Ok(xml) => xml,
        Err(reason) => return Document::empty(SourceType::Docx, Readability::Failed(reason)),
    };
    let blocks = match parse_document_xml(&xml) {
        Ok(blocks) => blocks,
        Err(reason) => return Document::empty(SourceType::Docx, Readability::Failed(reason)),
    };
    let mut doc = Document::empty(SourceType::Docx, Readability::Ok);
    let mut lines: Vec<String> = Vec::new();
    let mut paragraph_lines: Vec<&str> = Vec::new();
    for block in &blocks {
        match block {
            Block::Paragraph(text) => {
                lines.extend(text.lines().map(str::to_string));
            }
            Block::Table(table) => {
                lines.extend(table.to_lines());
                doc.tables.push(table.clone());
            }
        }
    }
    // Title: from the paragraphs before the first table only.
    for block in &blocks {
        match block {
            Block::Paragraph(text) => paragraph_lines.extend(text.lines()),
            Block::Table(_) => break,
        }
    }
    doc.title = title_from_lines(&paragraph_lines);
    doc.body = lines.join("\n");
    doc
}

/// Pick a title from the first lines of a document: the first line if it is
/// short and has no sentence punctuation; joined with the second line when
/// the first does not name the report and the second does
/// (`XX县人民政府` + `2023年政府信息公开工作年度报告`). Also used by the PDF
/// reader.
pub(crate) fn title_from_lines(lines: &[&str]) -> Option<String> {
    let mut it = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty());
    let first = it.next()?;
    if !looks_like_title(first) {
        return None;
    }
    if !first.contains("报告") && !first.contains("報告") {
        if let Some(second) = it.next() {
            if looks_like_title(second)
                && (second.contains("报告") || second.contains("報告"))
                && first.chars().count() + second.chars().count() <= 80
            {
                return Some(format!("{first}{second}"));
            }
        }
    }
    Some(first.to_string())
}

fn looks_like_title(line: &str) -> bool {
    let n = line.chars().count();
    let limit = if line.contains("年度报告") || line.contains("年度報告") {
        80
    } else {
        40
    };
    (2..=limit).contains(&n)
        && !line.contains(['。', '，', '；', '！', '？', ',', ';', '!', '?', '|'])
        && !line.ends_with(['：', ':'])
}

/// One body element, in document order.
#[derive(Debug)]
enum Block {
    /// A paragraph's text; may hold `\n` from `w:br`. Never empty.
    Paragraph(String),
    Table(Table),
}

/// Read `word/document.xml` (or the main part named in `_rels/.rels`) as
/// UTF-8 text, refusing parts over [`MAX_DOCUMENT_XML`].
fn read_main_part(bytes: &[u8]) -> Result<String, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable DOCX (zip): {e}"))?;
    let mut name = "word/document.xml".to_string();
    if archive.by_name(&name).is_err() {
        match main_part_from_rels(&mut archive) {
            Some(other) => name = other,
            None => return Err("DOCX has no word/document.xml".to_string()),
        }
    }
    let file = archive
        .by_name(&name)
        .map_err(|e| format!("DOCX part {name} unreadable: {e}"))?;
    if file.size() > MAX_DOCUMENT_XML {
        return Err(format!(
            "DOCX {name} too large: {} bytes uncompressed (limit {MAX_DOCUMENT_XML})",
            file.size()
        ));
    }
    // The declared size can lie: cap what is actually inflated too.
    let mut raw = Vec::new();
    file.take(MAX_DOCUMENT_XML + 1)
        .read_to_end(&mut raw)
        .map_err(|e| format!("DOCX {name} could not be decompressed: {e}"))?;
    if raw.len() as u64 > MAX_DOCUMENT_XML {
        return Err(format!(
            "DOCX {name} too large: over {MAX_DOCUMENT_XML} bytes uncompressed"
        ));
    }
    decode_xml_bytes(raw)
}

/// The main document part named by the package relationships, for files
/// that do not use the usual `word/document.xml`.
fn main_part_from_rels<R: Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
) -> Option<String> {
    let mut rels = String::new();
    archive
        .by_name("_rels/.rels")
        .ok()?
        .take(1024 * 1024)
        .read_to_string(&mut rels)
        .ok()?;
    let mut reader = Reader::from_str(&rels);
    loop {
        match reader.read_event() {
            Ok(Event::Empty(e)) | Ok(Event::Start(e))
                if e.local_name().as_ref() == "Relationship" =>
            {
                let ty = attr(&e, "Type").unwrap_or_default();
                if ty.ends_with("/officeDocument") {
                    let target = attr(&e, "Target")?;
                    let target = target.trim_start_matches('/').to_string();
                    return archive.by_name(&target).is_ok().then_some(target);
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// XML part bytes → text: UTF-8 (with or without BOM), or UTF-16 with a BOM.
fn decode_xml_bytes(raw: Vec<u8>) -> Result<String, String> {
    if raw.starts_with(&[0xFF, 0xFE]) || raw.starts_with(&[0xFE, 0xFF]) {
        let (text, _, had_errors) = encoding_rs::UTF_16LE.decode(&raw);
        if had_errors {
            return Err("DOCX document.xml: invalid UTF-16".to_string());
        }
        return Ok(text.into_owned());
    }
    let raw = raw
        .strip_prefix(&[0xEF, 0xBB, 0xBF])
        .map(<[u8]>::to_vec)
        .unwrap_or(raw);
    String::from_utf8(raw).map_err(|e| format!("DOCX document.xml is not UTF-8: {e}"))
}

/// The value of the attribute with local name `name` (any prefix), with
/// entity references resolved.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.into_owned())
        })
}

/// A table being read.
#[derive(Debug, Default)]
struct TableBuild {
    rows: Vec<Vec<String>>,
    row: Option<Vec<String>>,
    cell: Option<CellBuild>,
}

#[derive(Debug)]
struct CellBuild {
    /// Lines of the cell's paragraphs (and nested tables).
    parts: Vec<String>,
    span: usize,
    /// `w:vMerge` continuation (or legacy `w:hMerge` continuation): covered.
    covered: bool,
}

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

fn parse_document_xml(xml: &str) -> Result<Vec<Block>, String> {
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
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten()
                } else {
                    match r.xml10_content().as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    }
                };
                if let Some(c) = resolved {
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
        let table = Table {
            rows: t.rows.into_iter().filter_map(tidy_row).collect(),
        };
        if table.rows.is_empty() {
            return;
        }
        // A nested table is flattened into the enclosing cell.
        for o in self.open.iter_mut().rev() {
            if let Open::Table(outer) = o {
                if let Some(cell) = outer.cell.as_mut() {
                    cell.parts.push(
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
                            .join(" "),
                    );
                    return;
                }
            }
        }
        self.blocks.push(Block::Table(table));
    }
}

fn finish_cell(t: &mut TableBuild) {
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

fn finish_row(t: &mut TableBuild) {
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

/// Collapse whitespace within each line, drop empty lines.
fn tidy_lines(text: &str) -> String {
    text.split('\n')
        .map(collapse_whitespace)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs of whitespace (incl. NBSP and U+3000) → one space; trimmed.
fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

    fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in parts {
            w.start_file(*name, opts).unwrap();
            w.write_all(content.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn document_xml(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}<w:sectPr/></w:body></w:document>"#
        )
    }

    fn para(text: &str) -> String {
        format!(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#
        )
    }

    fn cell(text: &str, props: &str) -> String {
        format!(
            r#"<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"#
        )
    }

    fn sample() -> Vec<u8> {
        let table = format!(
            "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>\
             <w:tr>{}{}{}</w:tr>\
             <w:tr>{}{}{}{}</w:tr>\
             <w:tr>{}{}{}{}</w:tr>\
             <w:tr>{}{}</w:tr>\
             </w:tbl>",
            cell("信息内容", r#"<w:vMerge w:val="restart"/>"#),
            cell("申请人情况", r#"<w:gridSpan w:val="2"/>"#),
            cell("总计", r#"<w:vMerge w:val="restart"/>"#),
            cell("", "<w:vMerge/>"),
            cell("自然人", ""),
            cell("法人", ""),
            cell("", r#"<w:vMerge w:val="continue"/>"#),
            cell("新收申请", ""),
            cell("3", ""),
            cell("1", ""),
            cell("4", ""),
            cell("", ""),
            cell("", ""),
        );
        let body = format!(
            "{}{}{}{}{}{}",
            para("XX县人民政府"),
            para("2023年政府信息公开工作年度报告"),
            r#"<w:p><w:r><w:t>一、</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>总体情况</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t xml:space="preserve">本年度  共公开</w:t><w:tab/><w:t>信息 12 条 &amp; 解读&#x4E00;件。</w:t><w:br/><w:t>第二行</w:t></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del></w:p>"#,
            table,
            para("二、其他"),
        );
        docx(&[
            ("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", &document_xml(&body)),
        ])
    }

    #[test]
    fn paragraphs_and_merged_table() {
        let doc = extract(&sample());
        assert_eq!(doc.readability, Readability::Ok);
        assert_eq!(doc.source_type, SourceType::Docx);
        let lines: Vec<&str> = doc.body.lines().collect();
        assert_eq!(
            lines,
            vec![
                "XX县人民政府",
                "2023年政府信息公开工作年度报告",
                "一、总体情况",
                "本年度 共公开 信息 12 条 & 解读一件。",
                "第二行",
                "信息内容 | 申请人情况 |  | 总计",
                " | 自然人 | 法人",
                "新收申请 | 3 | 1 | 4",
                "二、其他",
            ]
        );
        assert_eq!(doc.tables.len(), 1);
        assert_eq!(
            doc.tables[0].rows,
            vec![
                vec!["信息内容", "申请人情况", "", "总计"],
                vec!["", "自然人", "法人"],
                vec!["新收申请", "3", "1", "4"],
            ]
        );
        assert_eq!(
            doc.title.as_deref(),
            Some("XX县人民政府2023年政府信息公开工作年度报告")
        );
    }

    #[test]
    fn title_only_when_title_like() {
        let body = format!(
            "{}{}",
            para("在县委、县政府的正确领导下，我乡认真贯彻落实条例。"),
            para("一、总体情况")
        );
        let doc = extract(&docx(&[("word/document.xml", &document_xml(&body))]));
        assert_eq!(doc.title, None);
        let body = para("2023年政府信息公开工作年度报告");
        let doc = extract(&docx(&[("word/document.xml", &document_xml(&body))]));
        assert_eq!(doc.title.as_deref(), Some("2023年政府信息公开工作年度报告"));
    }

    #[test]
    fn text_box_fallback_read_once_and_grid_before() {
        let body = r#"<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:tbl><w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"#;
        let doc = extract(&docx(&[("word/document.xml", &document_xml(body))]));
        assert_eq!(doc.body, "文本框\n正文\n | a b");
        assert_eq!(doc.tables[0].rows, vec![vec!["", "a b"]]);
    }

    #[test]
    fn nested_table_is_flattened_into_its_cell() {
        let body = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>外</w:t></w:r></w:p></w:tc><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>内1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>内2</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>";
        let doc = extract(&docx(&[("word/document.xml", &document_xml(body))]));
        assert_eq!(doc.body, "外 | 内1 内2");
        assert_eq!(doc.tables.len(), 1);
    }

    #[test]
    fn corrupt_and_missing_parts_fail() {
        for bytes in [
            &b""[..],
            b"PK\x03\x04garbage",
            b"not a zip at all",
            &sample()[..200],
        ] {
            let doc = extract(bytes);
            assert!(
                matches!(doc.readability, Readability::Failed(_)),
                "{:?}",
                doc.readability
            );
        }
        let doc = extract(&docx(&[("[Content_Types].xml", CONTENT_TYPES)]));
        assert_eq!(
            doc.readability,
            Readability::Failed("DOCX has no word/document.xml".into())
        );
        let doc = extract(&docx(&[(
            "word/document.xml",
            "<w:document><w:body><w:p><w:t>x</w:t></w:p>",
        )]));
        // Unclosed elements at the end: what was read is kept.
        assert_eq!(doc.readability, Readability::Ok);
        assert_eq!(doc.body, "x");
        let doc = extract(&docx(&[(
            "word/document.xml",
            "<w:document><w:body><w:p><w:t>x</w:t></w:p",
        )]));
        assert!(
            matches!(doc.readability, Readability::Failed(_)),
            "{:?}",
            doc.readability
        );
    }

    #[test]
    fn main_part_found_through_rels() {
        let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
        let doc = extract(&docx(&[
            ("_rels/.rels", rels),
            ("word/document2.xml", &document_xml(&para("正文"))),
        ]));
        assert_eq!(doc.body, "正文");
    }

    #[test]
    fn zip_bomb_refused() {
        // A highly compressible document.xml just over the limit.
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        w.start_file("word/document.xml", opts).unwrap();
        let chunk = vec![b' '; 1024 * 1024];
        for _ in 0..=64 {
            w.write_all(&chunk).unwrap();
        }
        let bytes = w.finish().unwrap().into_inner();
        assert!(bytes.len() < 1024 * 1024);
        match extract(&bytes).readability {
            Readability::Failed(reason) => assert!(reason.contains("too large"), "{reason}"),
            other => panic!("{other:?}"),
        }
    }

    /// The official 2021-format template (three empty tables), when the
    /// shared material is present; skipped silently otherwise.
    #[test]
    fn real_template_tables() {
        let Ok(bytes) =
            std::fs::read("/work/shared/real/govnianbao_zhengwugongkai_nianbao_template.docx")
        else {
            return;
        };
        let doc = extract(&bytes);
        assert_eq!(doc.readability, Readability::Ok);
        assert_eq!(doc.tables.len(), 3, "{}", doc.body);
        let first = doc.tables[0].to_lines().join("\n");
        assert!(
            first.contains("第二十条第（一）项") || first.contains("第二十条 第（一）项"),
            "{first}"
        );
        assert!(first.contains("本年制发件数"), "{first}");
        let second = doc.tables[1].to_lines().join("\n");
        assert!(second.contains("申请人情况"), "{second}");
        assert!(second.contains("自然人"), "{second}");
        let third = doc.tables[2].to_lines().join("\n");
        assert!(third.contains("行政复议"), "{third}");
        assert!(third.contains("行政诉讼"), "{third}");
        assert!(doc.body.contains("一、总体情况"));
    }
}
