//! Repairs to simple (Type1, TrueType, Type3) font dictionaries.
//!
//! Exists because pdf-extract panics on encodings it does not know, on
//! malformed `Differences`, on a `LastChar` inconsistent with `Widths` and
//! on a missing `BaseFont`. In: a simple font dictionary. Out: the fix to
//! apply, if any is needed. Must never touch a font that needs no repair
//! and never invent glyph mappings (unknown encodings are removed, not
//! guessed).

use pdf_extract::{Dictionary, Document, Object};

use super::objects::{deref, dict_get};

/// Repairs to a simple (or Type3) font dict that pdf-extract would panic on.
#[derive(Debug, Default)]
pub(super) struct SimpleFontFix {
    /// New `Encoding`: `Some(None)` removes it.
    encoding: Option<Option<Object>>,
    last_char: Option<i64>,
    base_font: bool,
}

impl SimpleFontFix {
    pub(super) fn new(doc: &Document, font: &Dictionary, type3: bool) -> Option<SimpleFontFix> {
        const KNOWN: &[&[u8]] = &[
            b"WinAnsiEncoding",
            b"MacRomanEncoding",
            b"MacExpertEncoding",
        ];
        let mut fix = SimpleFontFix::default();
        let empty = || Object::Dictionary(Dictionary::new());
        match dict_get(doc, font, b"Encoding") {
            None if type3 => fix.encoding = Some(Some(empty())),
            None => {}
            Some(Object::Name(n)) if KNOWN.contains(&n.as_slice()) => {}
            Some(Object::Dictionary(enc)) => {
                let mut clean = Dictionary::new();
                if let Some(Object::Name(base)) = dict_get(doc, enc, b"BaseEncoding") {
                    if KNOWN.contains(&base.as_slice()) {
                        clean.set("BaseEncoding", Object::Name(base.clone()));
                    }
                }
                if let Some(Object::Array(diffs)) = dict_get(doc, enc, b"Differences") {
                    let mut kept = Vec::new();
                    let mut code: i64 = -1;
                    for d in diffs {
                        match deref(doc, d) {
                            Object::Integer(i) if (0..=255).contains(i) => {
                                code = *i;
                                kept.push(Object::Integer(*i));
                            }
                            Object::Name(n) if (0..=255).contains(&code) => {
                                kept.push(Object::Name(n.clone()));
                                code += 1;
                            }
                            _ => {
                                // Anything else: skip to the next code number.
                                code = -1;
                            }
                        }
                    }
                    clean.set("Differences", Object::Array(kept));
                }
                fix.encoding = Some(Some(Object::Dictionary(clean)));
            }
            Some(_) if type3 => fix.encoding = Some(Some(empty())),
            Some(_) => fix.encoding = Some(None),
        }
        let first = dict_get(doc, font, b"FirstChar").and_then(|o| o.as_i64().ok());
        let widths = dict_get(doc, font, b"Widths").and_then(|o| o.as_array().ok());
        if let (Some(first), Some(widths)) = (first, widths) {
            let last = first + widths.len() as i64 - 1;
            if dict_get(doc, font, b"LastChar").and_then(|o| o.as_i64().ok()) != Some(last) {
                fix.last_char = Some(last);
            }
        }
        fix.base_font =
            !type3 && !matches!(dict_get(doc, font, b"BaseFont"), Some(Object::Name(_)));
        (fix.encoding.is_some() || fix.last_char.is_some() || fix.base_font).then_some(fix)
    }

    pub(super) fn apply(self, font: &mut Dictionary) {
        match self.encoding {
            Some(Some(enc)) => font.set("Encoding", enc),
            Some(None) => {
                font.remove(b"Encoding");
            }
            None => {}
        }
        if let Some(last) = self.last_char {
            font.set("LastChar", Object::Integer(last));
        }
        if self.base_font {
            font.set("BaseFont", Object::Name(b"Unknown".to_vec()));
        }
    }
}
