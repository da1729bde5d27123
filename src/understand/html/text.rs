//! Text primitives of the extractor: what counts as whitespace, as
//! invisible, as Han; the text measure; and collapsing whitespace.
//!
//! Why: every part of the extractor (DOM statistics, rendering, metadata,
//! listings) must agree on these, or lengths and lines would not match.
//! In: characters and strings of page text. Out: yes/no, a measure, a
//! collapsed line. Never: translate, reorder or add text (collapsing only
//! turns whitespace runs into one space and drops invisible characters).

/// Whitespace as the extractor sees it: Unicode whitespace (which includes
/// NBSP and the ideographic space U+3000).
pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Invisible characters dropped from text (control characters, zero-width
/// space, BOM, soft hyphen).
pub(super) fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
        )
}

/// Builds one line of text with whitespace collapsed to single spaces and
/// no leading or trailing space.
#[derive(Default)]
pub(super) struct Collapser {
    buf: String,
    pending: bool,
}

impl Collapser {
    pub fn push(&mut self, s: &str) {
        // Runs of kept characters are copied whole, not char by char.
        let mut run = 0;
        for (i, c) in s.char_indices() {
            let space = is_space(c);
            if space || is_invisible(c) {
                if run < i {
                    self.emit(&s[run..i]);
                }
                run = i + c.len_utf8();
                if space {
                    self.pending = !self.buf.is_empty();
                }
            }
        }
        if run < s.len() {
            self.emit(&s[run..]);
        }
    }

    /// Append visible text, after the space a break left pending.
    fn emit(&mut self, t: &str) {
        if self.pending {
            self.buf.push(' ');
            self.pending = false;
        }
        self.buf.push_str(t);
    }

    /// A soft break: a single space if more text follows.
    pub fn space(&mut self) {
        self.pending = !self.buf.is_empty();
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    pub fn take(&mut self) -> String {
        self.pending = false;
        std::mem::take(&mut self.buf)
    }

    pub fn finish(self) -> String {
        self.buf
    }
}

/// CJK ideograph.
pub(super) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4e00}'..='\u{9fff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{3134f}')
}

/// CJK punctuation and full-width forms.
pub(super) fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{301f}'
        | '\u{2014}' | '\u{2026}' | '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}' | '\u{b7}'
        | '\u{ff01}'..='\u{ff5e}')
}

/// Text measure: CJK ideographs and CJK punctuation count one each; a run
/// of ASCII letters or digits (a number, a Latin word) counts one.
pub(super) fn measure(s: &str) -> u32 {
    let mut n = 0;
    let mut in_run = false;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            if !in_run {
                n += 1;
                in_run = true;
            }
            continue;
        }
        in_run = false;
        if is_han(c) || is_cjk_punct(c) {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-at-a-time definition `push` must keep to.
    fn reference(parts: &[&str]) -> String {
        let (mut buf, mut pending) = (String::new(), false);
        for c in parts.iter().flat_map(|p| p.chars()) {
            if is_space(c) {
                pending = !buf.is_empty();
            } else if !is_invisible(c) {
                if pending {
                    buf.push(' ');
                    pending = false;
                }
                buf.push(c);
            }
        }
        buf
    }

    #[test]
    fn collapsing_by_runs_equals_collapsing_by_characters() {
        let cases: &[&[&str]] = &[
            &[""],
            &["  一、总体情况  ", "\n\t本年\u{200b}度\u{feff}", "", "  "],
            &["a\u{00a0}b\u{3000}c", "\u{ad}d\r\ne ", " f"],
            &["\u{7}\u{0}x", "y\u{2060}", "   "],
            &["已有文本", "紧接", " 后接 ", "z"],
        ];
        for parts in cases {
            let mut c = Collapser::default();
            for p in *parts {
                c.push(p);
            }
            assert_eq!(c.finish(), reference(parts), "{parts:?}");
        }
    }
}
