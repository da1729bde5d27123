//! Font probing: does pdf-extract survive this font?
//!
//! Exists so one bad font costs its own text, not every page that uses it.
//! In: a font named in a content stream's resources. Out: its [`FontKind`]
//! (cached per font), a note for fonts that are unreadable or whose
//! damaged `ToUnicode` must be dropped (recorded in [`Ctx`]). The probe
//! runs pdf-extract on a one-page copy holding only the font, under
//! `catch_unwind` with panics quieted. Must never run pdf-extract on the
//! real document here, and never let a probe's panic escape.

use std::panic::AssertUnwindSafe;

use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

use super::super::layout::Collector;
use super::super::quiet_panic::catch_quietly;
use super::objects::{collect_references, dict_get};
use super::{Ctx, FontKind};

impl Ctx<'_> {
    /// The kind of the font named `name` in the resources, if it is a font
    /// dict. Fonts are probed with pdf-extract the first time they are used.
    pub(super) fn font_kind(
        &mut self,
        fonts: Option<&Dictionary>,
        name: &[u8],
    ) -> Option<FontKind> {
        let doc = self.doc;
        let entry = fonts?.get(name).ok()?;
        match entry {
            Object::Reference(id) => {
                if let Some(kind) = self.fonts.get(id) {
                    return Some(*kind);
                }
                let font = doc.get_dictionary(*id).ok()?;
                font.get(b"Subtype").and_then(Object::as_name).ok()?;
                let mut kind = self.classified.get(id).copied().unwrap_or(FontKind::Ok);
                if kind != FontKind::Unsupported {
                    if let Err(first) = probe_font(doc, *id, false) {
                        let label = font_label(doc, font);
                        if font.has(b"ToUnicode") && probe_font(doc, *id, true).is_ok() {
                            self.drop_to_unicode.insert(*id);
                            self.notes
                                .push(format!("{label}: damaged ToUnicode ignored"));
                        } else {
                            self.notes.push(format!("{label}: unreadable ({first})"));
                            kind = FontKind::Unsupported;
                        }
                    }
                }
                self.fonts.insert(*id, kind);
                Some(kind)
            }
            // Inline font dicts (rare) are not probed: only plain ones are used.
            Object::Dictionary(font) => {
                let subtype = font.get(b"Subtype").and_then(Object::as_name).ok()?;
                match subtype {
                    b"Type1" | b"TrueType"
                        if !font.has(b"FontDescriptor") && !font.has(b"ToUnicode") =>
                    {
                        Some(FontKind::Ok)
                    }
                    _ => Some(FontKind::Unsupported),
                }
            }
            _ => None,
        }
    }
}

fn font_label(doc: &Document, font: &Dictionary) -> String {
    dict_get(doc, font, b"BaseFont")
        .and_then(|o| o.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_else(|| "unnamed font".to_string())
}

/// Can pdf-extract build this font and show a string with it? Runs it on a
/// one-page document holding only the font (and what it references), under
/// `catch_unwind`; `without_to_unicode` tries it with `ToUnicode` removed.
fn probe_font(doc: &Document, font_id: ObjectId, without_to_unicode: bool) -> Result<(), String> {
    let mut probe = Document::with_version("1.5");
    let mut todo = vec![font_id];
    while let Some(id) = todo.pop() {
        if probe.objects.contains_key(&id) || probe.objects.len() > 2000 {
            continue;
        }
        let Ok(object) = doc.get_object(id) else {
            continue;
        };
        collect_references(object, &mut todo);
        probe.objects.insert(id, object.clone());
    }
    if without_to_unicode {
        if let Ok(font) = probe.get_dictionary_mut(font_id) {
            font.remove(b"ToUnicode");
        }
    }
    probe.max_id = doc
        .max_id
        .max(probe.objects.keys().map(|k| k.0).max().unwrap_or(0));
    let content = probe.add_object(Object::Stream(Stream::new(
        Dictionary::new(),
        b"BT /F1 10 Tf 0 0 Td <00410042> Tj [<0043> -100 <0044>] TJ ET".to_vec(),
    )));
    let pages_id = probe.new_object_id();
    let mut font_res = Dictionary::new();
    font_res.set("F1", Object::Reference(font_id));
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(font_res));
    let mut page = Dictionary::new();
    page.set("Type", Object::Name(b"Page".to_vec()));
    page.set("Parent", Object::Reference(pages_id));
    page.set(
        "MediaBox",
        Object::Array(vec![0.into(), 0.into(), 100.into(), 100.into()]),
    );
    page.set("Contents", Object::Reference(content));
    page.set("Resources", Object::Dictionary(resources));
    let page_id = probe.add_object(Object::Dictionary(page));
    let mut pages = Dictionary::new();
    pages.set("Type", Object::Name(b"Pages".to_vec()));
    pages.set("Kids", Object::Array(vec![Object::Reference(page_id)]));
    pages.set("Count", Object::Integer(1));
    probe.objects.insert(pages_id, Object::Dictionary(pages));
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(pages_id));
    let catalog_id = probe.add_object(Object::Dictionary(catalog));
    probe.trailer.set("Root", Object::Reference(catalog_id));

    let mut sink = Collector::new(0);
    match catch_quietly(AssertUnwindSafe(|| {
        pdf_extract::output_doc_page(&probe, &mut sink, 1)
    })) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(payload) => Err(payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string())
            .chars()
            .take(120)
            .collect()),
    }
}
