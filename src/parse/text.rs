//! Layout-preserving normalization of a report's text.
//!
//! In: body text or one table cell as extracted (any width, Traditional or
//! Simplified, possibly with pinyin after converted characters). Out: the
//! same text with NFKC applied, pinyin annotations removed (`領(lǐng)` →
//! `領`), Traditional turned into Simplified, dashes and minus signs folded
//! to `-`, zero-width characters and `\r` removed — but lines, tabs, spaces
//! and `|` kept, because they carry the table layout. Never: drop or merge
//! lines, or change digits other than width.

use unicode_normalization::UnicodeNormalization;

use crate::understand::normalize::{strip_pinyin_annotations, to_simplified};

/// The text normalized for reading, layout kept.
pub(crate) fn prepare(text: &str) -> String {
    let nfkc: String = text.nfkc().collect();
    let unannotated = strip_pinyin_annotations(&nfkc);
    let simplified = to_simplified(&unannotated);
    simplified
        .chars()
        .filter(|&c| c != '\r' && !is_invisible(c))
        .map(|c| match c {
            '‐' | '‑' | '‒' | '–' | '−' | '﹣' => '-',
            '\u{a0}' | '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Text without any whitespace: what labels are matched on.
pub(crate) fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Zero-width and format characters that carry no text.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
    )
}
