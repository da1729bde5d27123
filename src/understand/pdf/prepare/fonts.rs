//! The font pass: every font dictionary checked and repaired up front.
//!
//! Exists because pdf-extract panics on fonts real files contain (bad
//! `ToUnicode` entries, predefined Chinese CMaps, junk encodings). In: the
//! parsed document. Out: the document's fonts rewritten in place (Type0
//! fonts on `Uni*`/GBK/Big5 CMaps switched to `Identity-H`, bad `ToUnicode`
//! removed, simple fonts repaired), each Type0 font's [`FontKind`], and
//! notes in [`Prepared`]. Must never touch content streams (the content
//! pass does that) and never drop a font's text on its own: unusable fonts
//! are only classified here.

use std::collections::HashMap;

use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

use super::objects::{deref, dict_get};
use super::simple_font::SimpleFontFix;
use super::type0::{classify_type0, identity_to_unicode, remapped_widths};
use super::{FontKind, Prepared};

/// Classify every Type0 font and rewrite the ones on predefined Chinese
/// CMaps; drop `ToUnicode` entries pdf-extract would panic on.
pub(super) fn fix_fonts(
    doc: &mut Document,
    prepared: &mut Prepared,
) -> HashMap<ObjectId, FontKind> {
    let mut kinds = HashMap::new();
    let mut rewrites: Vec<(ObjectId, FontKind, Option<ObjectId>)> = Vec::new();
    let mut bad_to_unicode: Vec<ObjectId> = Vec::new();
    let mut simple_fixes: Vec<(ObjectId, SimpleFontFix)> = Vec::new();
    for (&id, object) in doc.objects.iter() {
        let Object::Dictionary(font) = object else {
            continue;
        };
        let Ok(subtype) = font.get(b"Subtype").and_then(Object::as_name) else {
            continue;
        };
        let is_font = font
            .get(b"Type")
            .and_then(Object::as_name)
            .is_ok_and(|t| t == b"Font")
            || font.has(b"BaseFont")
            || font.has(b"DescendantFonts");
        if !is_font {
            continue;
        }
        if let Ok(tu) = font.get(b"ToUnicode") {
            let tu = deref(doc, tu);
            let fine = matches!(tu, Object::Stream(_))
                || matches!(tu, Object::Name(n) if n == b"Identity-H");
            if !fine {
                bad_to_unicode.push(id);
            }
        }
        if subtype != b"Type0" {
            if let Some(fix) = SimpleFontFix::new(doc, font, subtype == b"Type3") {
                simple_fixes.push((id, fix));
            }
            continue;
        }
        let (kind, note) = classify_type0(doc, font);
        if let Some(note) = note {
            prepared.font_notes.push(note);
        }
        kinds.insert(id, kind);
        if matches!(kind, FontKind::Unicode | FontKind::Transcode(_)) {
            let descendant = dict_get(doc, font, b"DescendantFonts")
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| o.as_reference().ok());
            rewrites.push((id, kind, descendant));
        }
    }
    for id in bad_to_unicode {
        if let Ok(font) = doc.get_dictionary_mut(id) {
            font.remove(b"ToUnicode");
        }
    }
    for (id, fix) in simple_fixes {
        if let Ok(font) = doc.get_dictionary_mut(id) {
            fix.apply(font);
        }
    }
    if rewrites.is_empty() {
        return kinds;
    }
    let identity = doc.add_object(Object::Stream(Stream::new(
        Dictionary::new(),
        identity_to_unicode(),
    )));
    for (id, kind, descendant) in rewrites {
        let has_to_unicode = doc
            .get_dictionary(id)
            .ok()
            .and_then(|f| f.get(b"ToUnicode").ok())
            .is_some_and(|o| matches!(deref(doc, o), Object::Stream(_)));
        let widths = descendant
            .and_then(|d| doc.get_dictionary(d).ok())
            .map(|d| remapped_widths(doc, d));
        if let Ok(font) = doc.get_dictionary_mut(id) {
            font.set("Encoding", Object::Name(b"Identity-H".to_vec()));
            if matches!(kind, FontKind::Transcode(_)) || !has_to_unicode {
                font.set("ToUnicode", Object::Reference(identity));
            }
        }
        if let (Some(d), Some(w)) = (descendant, widths) {
            if let Ok(desc) = doc.get_dictionary_mut(d) {
                desc.set("W", w);
            }
        }
        prepared.fonts_fixed += 1;
    }
    kinds
}
