//! Whitespace tidying for DOCX text.
//!
//! Exists so paragraphs and table cells are tidied the same way. In: raw
//! run text (may hold `\n` from `w:br`). Out: whitespace runs (incl. NBSP
//! and U+3000) collapsed to one space, lines trimmed, empty lines dropped.
//! Must never change non-whitespace characters.

/// Collapse whitespace within each line, drop empty lines.
pub(super) fn tidy_lines(text: &str) -> String {
    text.split('\n')
        .map(collapse_whitespace)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs of whitespace (incl. NBSP and U+3000) → one space; trimmed.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
