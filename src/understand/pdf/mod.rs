//! PDF → [`Document`]: the text layer, in reading order.
//!
//! Built on [pdf-extract] 0.12 (and the lopdf 0.42 it re-exports). It was
//! chosen over pdf_oxide 0.3 and bare lopdf 0.47 after running all three on
//! a real WPS-made report: pdf-extract gave every line whole and every table
//! row with its label and numbers; bare lopdf splits at every text operator;
//! pdf_oxide scattered table rows (labels away from their numbers), fused two
//! numbers into `72.64`, declares Rust 1.88 (this crate: 1.85) and brings a
//! far larger dependency tree.
//!
//! pdf-extract is not trusted with raw input (it `panic!`s, `unwrap`s and
//! recurses without bound on malformed files), so:
//!
//! - inputs over [`MAX_PDF_BYTES`] or [`MAX_PAGES`] pages are refused;
//! - parsing, the pre-pass and every page run under
//!   [`std::panic::catch_unwind`]: a panic costs one page (or the file), never
//!   the process. These caught panics are kept off the process's panic hook
//!   (no `thread … panicked at …` on stderr; a `tracing::debug!` line
//!   instead) by `quiet_panic`, which leaves every other panic alone;
//! - [`prepare`] rewrites the parsed document first: content streams keep
//!   only text operators with valid operands, images are dropped (and
//!   counted), form XObject recursion is bounded and cycle-checked, the page
//!   tree is resolved cycle-safely, and Type0 fonts on predefined Chinese
//!   CMaps (`UniGB-UCS2-H`, `GBK-EUC-H`, …, which pdf-extract cannot read) are
//!   converted to `Identity-H` with a Unicode mapping;
//! - [`layout`] orders the glyphs by position into lines.
//!
//! Not done here: a wall-clock timeout. A pathological file can still take
//! long (bounded by the byte, page and operation caps); callers that need a
//! hard limit should run [`extract`] in a worker they can abandon (a
//! `spawn_blocking` task raced against a timeout, or a child process, which
//! also contains aborts such as stack overflows that `catch_unwind` cannot).
//!
//! The verdict ([`Document::readability`]):
//!
//! - `Failed(reason)`: not a PDF, damaged, encrypted with a password, too
//!   large, or more than half of its pages could not be read (the text of
//!   the readable pages is still in the body).
//! - `NeedsOcr(reason)`: the file parses but has (almost) no text layer —
//!   fewer than [`MIN_CHARS_PER_PAGE`] non-whitespace characters per page on
//!   average (`image-only PDF: N pages, M chars of text, K images`; `no
//!   readable text layer: …` when the text is there but in fonts that cannot
//!   be decoded; `no text layer …` when there are no images either) — or its
//!   text cannot be decoded: most glyphs have no Unicode mapping (CID fonts
//!   without `ToUnicode`), or most characters are Private Use Area / U+FFFD /
//!   control characters, or it is Latin-1 mojibake of GBK bytes.
//! - `Ok`: otherwise. When some pages (at most half) failed, or more than 2%
//!   of the glyphs have no Unicode mapping, or some text was in fonts that
//!   cannot be read, the field `pdf_warning` in [`Document::fields`] says so.
//!
//! Body: lines in reading order, whitespace runs collapsed to one space,
//! Kangxi radicals and compatibility ideographs that some producers map
//! glyphs to turned into ordinary ideographs (`⼀` → `一`),
//! empty lines and page-number lines (`- 3 -`, `第 3 页 共 6 页`, `3/6`) at a
//! page's top or bottom dropped. Tables come out as text lines (`行政许可
//! 447228`); [`Document::tables`] stays empty. Title: the first line when it
//! is short or names the annual report (joined with the second line for a
//! two-line title), as for DOCX.
//!
//! [pdf-extract]: https://docs.rs/pdf-extract

mod layout;
mod prepare;
mod quiet_panic;

use std::panic::AssertUnwindSafe;

use quiet_panic::catch_quietly;

use super::{Document, Readability, SourceType};

/// Refuse PDFs larger than this (64 MiB).
pub const MAX_PDF_BYTES: usize = 64 * 1024 * 1024;
/// Refuse PDFs with more pages than this.
pub const MAX_PAGES: usize = 2000;
/// Below this many non-whitespace characters per page on average, the PDF
/// needs OCR.
pub const MIN_CHARS_PER_PAGE: usize = 20;

/// Extract the text layer of PDF bytes.
pub fn extract(bytes: &[u8]) -> Document {
    match read(bytes) {
        Ok(doc) => doc,
        Err(reason) => failed(reason),
    }
}

fn failed(reason: String) -> Document {
    Document::empty(SourceType::Pdf, Readability::Failed(reason))
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    let msg = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    let msg: String = msg.chars().take(200).collect();
    format!("PDF reader panicked: {msg}")
}

/// One page's outcome.
struct PageText {
    lines: Vec<String>,
    total_glyphs: usize,
    unmapped_glyphs: usize,
}

fn read(bytes: &[u8]) -> Result<Document, String> {
    if bytes.len() > MAX_PDF_BYTES {
        return Err(format!(
            "PDF too large: {} bytes (limit {MAX_PDF_BYTES})",
            bytes.len()
        ));
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err("not a PDF: no %PDF- header".to_string());
    }
    let mut doc = catch_quietly(|| pdf_extract::Document::load_mem(bytes))
        .map_err(panic_message)?
        .map_err(|e| format!("PDF could not be parsed: {e}"))?;
    // lopdf decrypts files with an empty user password while loading.
    if doc.is_encrypted() {
        return Err("encrypted PDF: a password is needed".to_string());
    }
    let page_count =
        catch_quietly(AssertUnwindSafe(|| doc.get_pages().len())).map_err(panic_message)?;
    if page_count == 0 {
        return Err("PDF has no pages (damaged or empty page tree)".to_string());
    }
    if page_count > MAX_PAGES {
        return Err(format!("PDF has {page_count} pages (limit {MAX_PAGES})"));
    }
    let prepared =
        catch_quietly(AssertUnwindSafe(|| prepare::prepare(&mut doc))).map_err(panic_message)?;

    let mut pages: Vec<PageText> = Vec::new();
    let mut failures: Vec<(u32, String)> = Vec::new();
    let mut images = 0;
    let mut dropped_text_ops = 0;
    for (&number, info) in &prepared.pages {
        images += info.images;
        dropped_text_ops += info.dropped_text_ops;
        if let Some(error) = &info.error {
            failures.push((number, error.clone()));
            continue;
        }
        let mut collector = layout::Collector::new(info.rotate);
        let outcome = catch_quietly(AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(&doc, &mut collector, number)
        }));
        let error = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(_)) if collector.truncated => Some(format!(
                "more than {} glyphs, cut short",
                layout::MAX_GLYPHS_PER_PAGE
            )),
            Ok(Err(e)) => Some(format!("PDF page unreadable: {e}")),
            Err(payload) => Some(panic_message(payload)),
        };
        let lines = catch_quietly(AssertUnwindSafe(|| collector.lines())).unwrap_or_default();
        if let Some(error) = error {
            failures.push((number, error));
            // A page cut short keeps what was read.
            if !collector.truncated {
                continue;
            }
        }
        pages.push(PageText {
            lines,
            total_glyphs: collector.total_glyphs,
            unmapped_glyphs: collector.unmapped_glyphs,
        });
    }

    let body = assemble_body(&pages);
    let mut document = Document::empty(SourceType::Pdf, Readability::Ok);
    let lines: Vec<&str> = body.lines().collect();
    document.title = super::docx::title_from_lines(&lines[..lines.len().min(3)]);
    document.body = body;

    let failure_summary = || match failures.first() {
        Some((first_page, first_reason)) => format!(
            "{} of {page_count} pages could not be read (page {first_page}: {first_reason})",
            failures.len()
        ),
        None => "no page could be read".to_string(),
    };
    if pages.is_empty() || failures.len() * 2 > page_count {
        document.readability = Readability::Failed(failure_summary());
        return Ok(document);
    }
    let stats = Stats {
        page_count,
        images,
        dropped_text_ops,
        total_glyphs: pages.iter().map(|p| p.total_glyphs).sum(),
        unmapped_glyphs: pages.iter().map(|p| p.unmapped_glyphs).sum(),
        font_notes: &prepared.font_notes,
    };
    document.readability = verdict(&document.body, &stats);
    if document.readability == Readability::Ok {
        let mut warnings = Vec::new();
        if !failures.is_empty() {
            warnings.push(failure_summary());
        }
        if stats.unmapped_glyphs * 50 > stats.total_glyphs || stats.dropped_text_ops > 0 {
            warnings.push(format!(
                "text partly unreadable: {} of {} glyphs without Unicode mapping, {} text strings in unreadable fonts",
                stats.unmapped_glyphs, stats.total_glyphs, stats.dropped_text_ops
            ));
        }
        if !warnings.is_empty() {
            document
                .fields
                .insert("pdf_warning".to_string(), warnings.join("; "));
        }
    }
    Ok(document)
}

/// Page lines → body: whitespace tidied, empty and page-number lines dropped.
fn assemble_body(pages: &[PageText]) -> String {
    let mut out: Vec<String> = Vec::new();
    for page in pages {
        let lines: Vec<String> = page
            .lines
            .iter()
            .map(|l| super::docx::collapse_whitespace(&unify_ideographs(l)))
            .filter(|l| !l.is_empty())
            .collect();
        let n = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            let at_edge = i < 2 || i + 2 >= n;
            if at_edge && is_page_number(&line) {
                continue;
            }
            out.push(line);
        }
    }
    out.join("\n")
}

/// Kangxi radicals (U+2F00–U+2FD5) and CJK compatibility ideographs, which
/// some PDF producers' `ToUnicode` maps use for ordinary characters
/// (`⼀、总体情况`), become the unified ideographs they stand for
/// (`一、总体情况`), so the text can be searched.
fn unify_ideographs(s: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::char::decompose_compatible;
    let odd = |c: char| matches!(c, '\u{2F00}'..='\u{2FDF}' | '\u{F900}'..='\u{FAFF}');
    if !s.chars().any(odd) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if odd(c) {
            decompose_compatible(c, |d| out.push(d));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `- 3 -`, `—3—`, `第 3 页`, `第3页 共6页`, `3 / 6`, `Page 3 of 6`.
fn is_page_number(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let digits_only =
        |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    let dashes: &[char] = &['-', '－', '—', '–', '―', '‐', '‑'];
    if let Some(inner) = compact
        .strip_prefix(dashes)
        .and_then(|s| s.strip_suffix(dashes))
    {
        return digits_only(inner.trim_matches(dashes));
    }
    if let Some(rest) = compact.strip_prefix('第') {
        if let Some((num, tail)) = rest.split_once('页') {
            let tail_ok = tail.is_empty()
                || tail
                    .strip_prefix('共')
                    .and_then(|t| t.strip_suffix('页'))
                    .is_some_and(digits_only);
            return digits_only(num) && tail_ok;
        }
    }
    if let Some((a, b)) = compact.split_once('/') {
        return digits_only(a) && digits_only(b);
    }
    let lower = compact.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("page") {
        return match rest.split_once("of") {
            Some((a, b)) => digits_only(a) && digits_only(b),
            None => digits_only(rest),
        };
    }
    false
}

struct Stats<'a> {
    page_count: usize,
    images: usize,
    dropped_text_ops: usize,
    total_glyphs: usize,
    unmapped_glyphs: usize,
    font_notes: &'a [String],
}

/// Decide between Ok and NeedsOcr for a PDF whose pages were read.
fn verdict(body: &str, s: &Stats<'_>) -> Readability {
    let fonts = || {
        if s.font_notes.is_empty() {
            String::new()
        } else {
            let mut notes: Vec<&str> = s.font_notes.iter().map(String::as_str).collect();
            notes.sort_unstable();
            notes.dedup();
            let shown: Vec<&str> = notes.iter().take(3).copied().collect();
            format!("; fonts: {}", shown.join(", "))
        }
    };
    // Glyphs pdf-extract could not map to Unicode at all.
    if s.total_glyphs >= 20 && s.unmapped_glyphs * 2 > s.total_glyphs {
        return Readability::NeedsOcr(format!(
            "text layer without Unicode mapping: {} of {} glyphs unmapped{}",
            s.unmapped_glyphs,
            s.total_glyphs,
            fonts()
        ));
    }
    let chars: Vec<char> = body.chars().filter(|c| !c.is_whitespace()).collect();
    let n = chars.len();
    let garbage = chars
        .iter()
        .filter(|&&c| {
            c == '\u{FFFD}'
                || ('\u{E000}'..='\u{F8FF}').contains(&c)
                || c >= '\u{F0000}'
                || (c.is_control() && c != '\t')
        })
        .count();
    if n >= 20 && garbage * 10 > n * 3 {
        return Readability::NeedsOcr(format!(
            "text layer garbled: {} of {} chars are private-use, U+FFFD or control characters{}",
            garbage,
            n,
            fonts()
        ));
    }
    let cjk = chars.iter().filter(|&&c| is_cjk(c)).count();
    let latin1 = chars
        .iter()
        .filter(|&&c| ('\u{00C0}'..='\u{00FF}').contains(&c))
        .count();
    if n >= 50 && cjk * 20 < n && latin1 * 10 > n * 3 {
        return Readability::NeedsOcr(format!(
            "text layer garbled: {latin1} of {n} chars are Latin-1 letters (GBK text decoded as Latin-1?){}",
            fonts()
        ));
    }
    if n < MIN_CHARS_PER_PAGE * s.page_count {
        let what = if s.dropped_text_ops > 0 || s.unmapped_glyphs > 0 {
            "no readable text layer"
        } else if s.images > 0 {
            "image-only PDF"
        } else {
            "no text layer (blank, or text drawn as outlines)"
        };
        let mut reason = format!(
            "{what}: {} pages, {} chars of text, {} images",
            s.page_count, n, s.images
        );
        if s.dropped_text_ops > 0 {
            reason.push_str(&format!(
                "; {} text strings in fonts that cannot be read",
                s.dropped_text_ops
            ));
        }
        if s.unmapped_glyphs > 0 {
            reason.push_str(&format!(
                "; {} glyphs without Unicode mapping",
                s.unmapped_glyphs
            ));
        }
        reason.push_str(&fonts());
        return Readability::NeedsOcr(reason);
    }
    Readability::Ok
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3134F}')
}

#[cfg(test)]
mod tests;
