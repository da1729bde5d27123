//! Glyphs → lines in reading order.
//!
//! pdf-extract reports every glyph it draws, with its text-rendering matrix,
//! to an [`OutputDev`]; [`Collector`] keeps them with their position in
//! display space (page `/Rotate` applied, y downwards) and [`Collector::lines`]
//! lays them out:
//!
//! 1. **Chunks**: consecutive glyphs in content-stream order that continue
//!    one another on one baseline. Order inside a chunk is the stream's
//!    (robust to wrong glyph widths); a space goes in where the stream had one
//!    or the gap is wider than a fifth of the font size (half of it next to
//!    a CJK character). A glyph repeated at
//!    (almost) the same place — fake bold — is dropped.
//! 2. **Lines**: chunks sorted top to bottom and grouped when their baselines
//!    are within 0.4 × font size; inside a line, chunks are ordered left to
//!    right and joined with a space when apart (table cells of one row come
//!    out as one line: `行政许可 447228`). An identical chunk drawn over
//!    another is dropped.
//!
//! Good for the single-column layout of the reports; multi-column pages
//! would interleave their columns line by line.

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// Most glyphs kept per page; beyond it the page is cut short.
pub(super) const MAX_GLYPHS_PER_PAGE: usize = 400_000;

#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
    text: String,
    /// pdf-extract's word (one string operand) the glyph belongs to.
    word: u64,
    /// A whitespace glyph preceded it in the same word.
    space_before: bool,
}

/// Collects the glyphs of one page.
pub(super) struct Collector {
    rotate: i64,
    glyphs: Vec<Glyph>,
    word: u64,
    pending_space: bool,
    /// Glyphs drawn, mapped or not.
    pub total_glyphs: usize,
    /// Glyphs drawn without a Unicode mapping (pdf-extract gives "").
    pub unmapped_glyphs: usize,
    /// The page hit [`MAX_GLYPHS_PER_PAGE`].
    pub truncated: bool,
}

impl Collector {
    pub(super) fn new(rotate: i64) -> Collector {
        Collector {
            rotate,
            glyphs: Vec::new(),
            word: 0,
            pending_space: false,
            total_glyphs: 0,
            unmapped_glyphs: 0,
            truncated: false,
        }
    }

    /// User space → display space (page rotation applied, y downwards).
    fn display(&self, x: f64, y: f64) -> (f64, f64) {
        match self.rotate {
            90 => (y, x),
            180 => (-x, y),
            270 => (-y, -x),
            _ => (x, -y),
        }
    }

    /// The page's text as lines, top to bottom (not yet tidied).
    pub(super) fn lines(&self) -> Vec<String> {
        let chunks = chunks(&self.glyphs);
        layout_lines(chunks)
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        self.total_glyphs += 1;
        if char.is_empty() {
            self.unmapped_glyphs += 1;
            return Ok(());
        }
        if char.chars().all(char::is_whitespace) {
            self.pending_space = true;
            return Ok(());
        }
        if self.glyphs.len() >= MAX_GLYPHS_PER_PAGE {
            self.truncated = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        let (ux, uy) = (trm.m31, trm.m32);
        let advance = width * font_size;
        let (ex, ey) = (ux + advance * trm.m11, uy + advance * trm.m12);
        let size = (font_size * trm.m21.hypot(trm.m22)).abs();
        let size = if size.is_finite() && size > 0.1 {
            size
        } else {
            10.0
        };
        let (x, y) = self.display(ux, uy);
        let (end, _) = self.display(ex, ey);
        if !(x.is_finite() && y.is_finite() && end.is_finite()) {
            return Ok(());
        }
        self.glyphs.push(Glyph {
            x,
            y,
            end: end.max(x),
            size,
            text: char.to_string(),
            word: self.word,
            space_before: std::mem::take(&mut self.pending_space),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.word += 1;
        self.pending_space = false;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// A run of glyphs on one baseline, in stream order.
#[derive(Debug, Clone)]
struct Chunk {
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    text: String,
}

fn chunks(glyphs: &[Glyph]) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::new();
    let mut prev: Option<&Glyph> = None;
    for g in glyphs {
        if let Some(p) = prev {
            let size = p.size.min(g.size);
            let same_baseline = (g.y - p.y).abs() <= 0.3 * size;
            // Fake bold: the same glyph again at (almost) the same place.
            if same_baseline && g.text == p.text && (g.x - p.x).abs() <= 0.15 * size {
                continue;
            }
            let gap = g.x - p.end;
            let continues = same_baseline && g.x >= p.x - 0.1 * size && gap <= 2.0 * size;
            if continues {
                if let Some(chunk) = out.last_mut() {
                    if g.space_before && g.word == p.word
                        || gap > space_threshold(&p.text, &g.text, size)
                    {
                        chunk.text.push(' ');
                    }
                    chunk.text.push_str(&g.text);
                    chunk.x1 = chunk.x1.max(g.end);
                    chunk.size = chunk.size.max(g.size);
                    prev = Some(g);
                    continue;
                }
            }
        }
        out.push(Chunk {
            x0: g.x,
            x1: g.end,
            y: g.y,
            size: g.size,
            text: g.text.clone(),
        });
        prev = Some(g);
    }
    out
}

fn layout_lines(mut chunks: Vec<Chunk>) -> Vec<String> {
    chunks.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Vec<Chunk>> = Vec::new();
    for c in chunks {
        if let Some(line) = lines.last_mut() {
            let first = &line[0];
            if (c.y - first.y).abs() <= 0.4 * c.size.min(first.size) {
                line.push(c);
                continue;
            }
        }
        lines.push(vec![c]);
    }
    lines
        .into_iter()
        .map(|mut line| {
            line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let mut text = String::new();
            let mut last: Option<&Chunk> = None;
            for c in &line {
                if let Some(p) = last {
                    // The same text drawn over itself (fake bold, shadows).
                    if c.text == p.text && (c.x0 - p.x0).abs() <= 0.3 * c.size {
                        continue;
                    }
                    if c.x0 - p.x1 > space_threshold(&p.text, &c.text, c.size.min(p.size)) {
                        text.push(' ');
                    }
                }
                text.push_str(&c.text);
                last = Some(c);
            }
            text
        })
        .collect()
}

/// How wide a gap between two pieces of text means a space: a fifth of the
/// font size, but half of it next to a CJK character (justified Chinese text
/// is spread with small gaps, and word processors set Latin text and digits
/// slightly apart from CJK: `2024年`, not `2024 年`).
fn space_threshold(before: &str, after: &str, size: f64) -> f64 {
    let cjk = |c: Option<char>| {
        c.is_some_and(|c| matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}'))
    };
    if cjk(before.chars().last()) || cjk(after.chars().next()) {
        0.5 * size
    } else {
        0.2 * size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(x: f64, y: f64, text: &str, word: u64) -> Glyph {
        Glyph {
            x,
            y,
            end: x + 10.0,
            size: 10.0,
            text: text.into(),
            word,
            space_before: false,
        }
    }

    #[test]
    fn rows_and_cells() {
        // Stream order: a cell on the right first, then the row label, then the next line.
        let glyphs = vec![
            g(200.0, 100.0, "4", 1),
            g(210.0, 100.0, "4", 1),
            g(10.0, 100.5, "行", 2),
            g(20.0, 100.5, "政", 2),
            g(10.0, 120.0, "下", 3),
            g(20.0, 120.0, "一", 3),
            g(20.3, 120.0, "一", 3),
        ];
        let lines = layout_lines(chunks(&glyphs));
        assert_eq!(lines, vec!["行政 44", "下一"]);
    }
}
