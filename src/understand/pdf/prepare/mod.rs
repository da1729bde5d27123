//! The pre-pass over a parsed PDF, before pdf-extract interprets it.
//!
//! pdf-extract panics on much that real files contain and never bounds its
//! recursion. Rather than trust it, we rewrite the document it sees so that
//! only what it handles well is left:
//!
//! - **Pages**: `MediaBox`, `Resources` and `Rotate` are resolved through the
//!   page tree here (cycle-safe) and written onto each page, so pdf-extract
//!   never climbs the `Parent` chain (it has no cycle check) and never meets
//!   a missing or malformed `MediaBox`.
//! - **Content streams** (pages and form XObjects) are decoded, and only the
//!   text operators pdf-extract uses are kept, with their operands checked
//!   (it `assert!`s / `unwrap`s on them): `BT ET q Q cm Tm Td TD T* Tc Tw Tz
//!   TL Ts Tf Tj TJ Do`. Paths, colours, images (XObject and inline) and
//!   everything else are dropped (images are counted, for the OCR verdict);
//!   so is `gs` (pdf-extract only reads soft masks from it, and panics on
//!   unexpected values).
//!   `'` and `"` (which pdf-extract ignores) become `T*` + `Tj`. A text
//!   operator before any usable `Tf` is dropped (pdf-extract would unwrap a
//!   missing font). Form XObjects are followed, with a depth limit and
//!   cycle check: a `Do` that would recurse is dropped.
//! - **Type0 fonts with predefined Chinese CMaps** (pdf-extract panics on any
//!   encoding other than `Identity-H/V`): `UniGB-UCS2-H`, `UniGB-UTF16-H` and
//!   the other `Uni*-UCS2/UTF16` CMaps have Unicode codes, so the font is
//!   switched to `Identity-H` with an identity `ToUnicode`; the GBK/GB2312
//!   (`GBK-EUC-H`, `GB-EUC-H`, `GBpc-EUC-H`, `GBK2K-H`, …) and Big5 CMaps get
//!   the same, and the strings shown with them are transcoded to UTF-16BE in
//!   the content stream. Widths are remapped for the new codes (ASCII from the
//!   Adobe-GB1 proportional CIDs, the rest the default width). Other
//!   predefined CMaps are unsupported: text shown with them is dropped and
//!   counted.
//! - **Simple fonts**: encodings pdf-extract does not know (`StandardEncoding`,
//!   junk) are removed, `Differences` cleaned, `LastChar` made consistent
//!   with `Widths`, a missing `BaseFont` supplied.
//! - **Every font** is then *probed* the first time content uses it:
//!   pdf-extract runs, under `catch_unwind`, on a one-page document holding
//!   only that font. A font that panics is retried without its `ToUnicode`
//!   (a damaged CMap is the usual cause; its glyphs then count as unmapped);
//!   if it still panics, text shown with it is dropped and counted. So one
//!   bad font costs its own text, not every page that uses it.
//!
//! The pass is split by subject: [`fonts`] (with [`type0`] and
//! [`simple_font`]) repairs font dictionaries before anything reads them;
//! [`page`] resolves each page's inherited attributes; [`content`] rewrites
//! content streams, asking [`probe`] about each font it meets; [`objects`]
//! holds the cycle-safe lookups they all use. This file holds the shared
//! types and applies the collected changes.

mod content;
mod fonts;
mod objects;
mod page;
mod probe;
mod simple_font;
mod type0;

use std::collections::{BTreeMap, HashMap, HashSet};

use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

use content::FormResult;
use fonts::fix_fonts;
use page::PageUpdate;

/// Most content operations examined per document (all pages and forms).
pub(super) const MAX_OPERATIONS: usize = 5_000_000;

/// What the pre-pass learned about one page.
#[derive(Debug, Default, Clone)]
pub(super) struct PageInfo {
    /// Text-showing operators kept.
    pub text_ops: usize,
    /// Text-showing operators dropped (no usable font / unsupported encoding).
    pub dropped_text_ops: usize,
    /// Images drawn (XObject or inline).
    pub images: usize,
    /// Page rotation in degrees (0, 90, 180, 270).
    pub rotate: i64,
    /// Why the page cannot be read, if it cannot.
    pub error: Option<String>,
}

/// What the pre-pass learned about the document.
#[derive(Debug, Default)]
pub(super) struct Prepared {
    /// By page number (1-based, as pdf-extract numbers them).
    pub pages: BTreeMap<u32, PageInfo>,
    /// Notes on fonts whose text cannot be mapped to Unicode.
    pub font_notes: Vec<String>,
    /// Fonts switched from a predefined Chinese CMap.
    pub fonts_fixed: usize,
}

/// How a Type0 font's codes are handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FontKind {
    /// Usable as it is.
    Ok,
    /// Codes are UTF-16BE already (switched to Identity-H).
    Unicode,
    /// Codes in a legacy multibyte encoding: strings are transcoded.
    Transcode(&'static encoding_rs::Encoding),
    /// pdf-extract cannot use it: text shown with it is dropped.
    Unsupported,
}

/// Rewrite `doc` in place as described in the module docs. Never panics on
/// malformed structure (the caller still runs it under `catch_unwind`).
pub(super) fn prepare(doc: &mut Document) -> Prepared {
    let mut prepared = Prepared::default();
    let classified = fix_fonts(doc, &mut prepared);

    let pages: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().collect();
    let mut ctx = Ctx {
        doc,
        classified,
        fonts: HashMap::new(),
        drop_to_unicode: HashSet::new(),
        notes: Vec::new(),
        forms: HashMap::new(),
        budget: MAX_OPERATIONS,
    };
    let mut page_updates: Vec<(ObjectId, PageUpdate)> = Vec::new();
    for (number, page_id) in pages {
        let (update, info) = ctx.prepare_page(page_id);
        prepared.pages.insert(number, info);
        if let Some(update) = update {
            page_updates.push((page_id, update));
        }
    }
    let Ctx {
        forms,
        drop_to_unicode,
        notes,
        ..
    } = ctx;
    prepared.font_notes.extend(notes);
    // Apply: fonts, forms (shared), then pages.
    for id in drop_to_unicode {
        if let Ok(font) = doc.get_dictionary_mut(id) {
            font.remove(b"ToUnicode");
        }
    }
    for (id, result) in forms {
        if let FormResult::Rewritten(bytes) = result {
            if let Ok(Object::Stream(stream)) = doc.get_object_mut(id) {
                stream.set_plain_content(bytes);
            }
        }
    }
    for (page_id, update) in page_updates {
        let content_id = doc.add_object(Object::Stream(Stream::new(
            Dictionary::new(),
            update.content,
        )));
        if let Ok(page) = doc.get_dictionary_mut(page_id) {
            page.set("Contents", Object::Reference(content_id));
            page.set(
                "MediaBox",
                Object::Array(
                    update
                        .media_box
                        .iter()
                        .map(|v| Object::Real(*v as f32))
                        .collect(),
                ),
            );
            match update.resources {
                Some(r) => page.set("Resources", r),
                None => page.set("Resources", Object::Dictionary(Dictionary::new())),
            }
        }
    }
    prepared
}

/// State of the content pass (the document is read-only during it; the
/// changes are applied afterwards).
struct Ctx<'d> {
    doc: &'d Document,
    /// Type0 fonts classified by [`fix_fonts`].
    classified: HashMap<ObjectId, FontKind>,
    /// Fonts seen in content, after probing.
    fonts: HashMap<ObjectId, FontKind>,
    /// Fonts whose `ToUnicode` makes pdf-extract panic (usable without it).
    drop_to_unicode: HashSet<ObjectId>,
    notes: Vec<String>,
    forms: HashMap<ObjectId, FormResult>,
    /// Content operations left to examine.
    budget: usize,
}
