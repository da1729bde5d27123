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

use std::collections::{BTreeMap, HashMap, HashSet};

use pdf_extract::content::{Content, Operation};
use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

/// Deepest nesting of form XObjects followed.
const MAX_FORM_DEPTH: usize = 12;
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

struct PageUpdate {
    content: Vec<u8>,
    media_box: [f64; 4],
    resources: Option<Object>,
}

#[derive(Debug, Clone)]
enum FormResult {
    /// Being processed (a `Do` reaching it again is a cycle).
    InProgress,
    Rewritten(Vec<u8>),
    Unusable,
}

/// Look a key up on the page or its ancestors (cycle-safe).
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut seen = HashSet::new();
    let mut dict = page;
    for _ in 0..64 {
        if let Ok(value) = dict.get(key) {
            return Some(deref(doc, value));
        }
        let parent = dict.get(b"Parent").and_then(Object::as_reference).ok()?;
        if !seen.insert(parent) {
            return None;
        }
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    let mut o = o;
    for _ in 0..16 {
        match o {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(next) => o = next,
                Err(_) => return &Object::Null,
            },
            _ => return o,
        }
    }
    &Object::Null
}

fn number(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) if r.is_finite() => Some(f64::from(*r)),
        _ => None,
    }
}

fn dict_get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key)
        .ok()
        .map(|o| deref(doc, o))
        .filter(|o| !matches!(o, Object::Null))
}

impl Ctx<'_> {
    fn prepare_page(&mut self, page_id: ObjectId) -> (Option<PageUpdate>, PageInfo) {
        let doc = self.doc;
        let mut info = PageInfo::default();
        let Ok(page) = doc.get_dictionary(page_id) else {
            info.error = Some("page object is not a dictionary".into());
            return (None, info);
        };
        let media_box = inherited(doc, page, b"MediaBox")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| {
                let v: Vec<f64> = a.iter().filter_map(|o| number(deref(doc, o))).collect();
                (v.len() == 4 && (v[2] - v[0]).abs() > 1.0 && (v[3] - v[1]).abs() > 1.0).then(
                    || {
                        [
                            v[0].min(v[2]),
                            v[1].min(v[3]),
                            v[0].max(v[2]),
                            v[1].max(v[3]),
                        ]
                    },
                )
            })
            .unwrap_or([0.0, 0.0, 595.0, 842.0]);
        info.rotate = inherited(doc, page, b"Rotate")
            .and_then(number)
            .map(|r| ((r as i64 % 360) + 360) % 360 / 90 * 90)
            .unwrap_or(0);
        let resources = inherited(doc, page, b"Resources").and_then(|o| o.as_dict().ok());
        let content = match doc.get_page_content(page_id) {
            Ok(c) => c,
            Err(e) => {
                info.error = Some(format!("page content unreadable: {e}"));
                return (None, info);
            }
        };
        let mut stack = Vec::new();
        let ops = match self.sanitize(&content, resources, &mut stack, &mut info) {
            Ok(ops) => ops,
            Err(e) => {
                info.error = Some(e);
                return (None, info);
            }
        };
        let content = match (Content { operations: ops }).encode() {
            Ok(c) => c,
            Err(e) => {
                info.error = Some(format!("page content could not be re-encoded: {e}"));
                return (None, info);
            }
        };
        let update = PageUpdate {
            content,
            media_box,
            resources: resources.map(|r| Object::Dictionary(r.clone())),
        };
        (Some(update), info)
    }

    /// Decode a content stream and keep the text operators pdf-extract handles,
    /// with valid operands. Follows form XObjects (rewriting them in `forms`).
    fn sanitize(
        &mut self,
        content: &[u8],
        resources: Option<&'_ Dictionary>,
        stack: &mut Vec<ObjectId>,
        info: &mut PageInfo,
    ) -> Result<Vec<Operation>, String> {
        let doc = self.doc;
        let decoded =
            Content::decode(content).map_err(|e| format!("content stream unparsable: {e}"))?;
        if decoded.operations.len() > self.budget {
            return Err(format!(
                "too many content operations (limit {MAX_OPERATIONS} per document)"
            ));
        }
        self.budget -= decoded.operations.len();

        let font_dict = resources
            .and_then(|r| dict_get(doc, r, b"Font"))
            .and_then(|o| o.as_dict().ok());
        let xobjects = resources
            .and_then(|r| dict_get(doc, r, b"XObject"))
            .and_then(|o| o.as_dict().ok());

        // The current font's kind, saved and restored with q/Q as pdf-extract does.
        let mut font: Option<FontKind> = None;
        let mut font_stack: Vec<Option<FontKind>> = Vec::new();
        let mut out = Vec::with_capacity(decoded.operations.len() / 2);

        for op in decoded.operations {
            let nums = |n: usize| {
                op.operands.len() == n && op.operands.iter().all(|o| number(o).is_some())
            };
            match op.operator.as_str() {
                "BT" | "ET" | "T*" => out.push(Operation::new(&op.operator, vec![])),
                "q" => {
                    font_stack.push(font);
                    out.push(op);
                }
                "Q" => {
                    if let Some(f) = font_stack.pop() {
                        font = f;
                        out.push(op);
                    }
                }
                "cm" | "Tm" if nums(6) => out.push(op),
                "Td" | "TD" if nums(2) => out.push(op),
                "Tc" | "Tw" | "Tz" | "TL" | "Ts" if nums(1) => out.push(op),
                "Tf" => {
                    let kind = match (op.operands.first(), op.operands.get(1)) {
                        (Some(Object::Name(name)), Some(size)) if number(size).is_some() => {
                            self.font_kind(font_dict, name)
                        }
                        _ => None,
                    };
                    match kind {
                        Some(FontKind::Unsupported) | None => font = Some(FontKind::Unsupported),
                        Some(k) => {
                            font = Some(k);
                            out.push(op);
                        }
                    }
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    let usable = matches!(font, Some(k) if k != FontKind::Unsupported);
                    if !usable {
                        info.dropped_text_ops += 1;
                        continue;
                    }
                    let transcode = match font {
                        Some(FontKind::Transcode(enc)) => Some(enc),
                        _ => None,
                    };
                    let shown = match (op.operator.as_str(), op.operands.as_slice()) {
                        ("Tj", [Object::String(s, _)]) => {
                            Some(Object::String(s.clone(), StringFormat::Hexadecimal))
                        }
                        ("'", [Object::String(s, _)]) => {
                            out.push(Operation::new("T*", vec![]));
                            Some(Object::String(s.clone(), StringFormat::Hexadecimal))
                        }
                        ("\"", [aw, ac, Object::String(s, _)])
                            if number(aw).is_some() && number(ac).is_some() =>
                        {
                            out.push(Operation::new("Tw", vec![aw.clone()]));
                            out.push(Operation::new("Tc", vec![ac.clone()]));
                            out.push(Operation::new("T*", vec![]));
                            Some(Object::String(s.clone(), StringFormat::Hexadecimal))
                        }
                        ("TJ", [Object::Array(items)]) => Some(Object::Array(
                            items
                                .iter()
                                .filter(|o| matches!(o, Object::String(..)) || number(o).is_some())
                                .cloned()
                                .collect(),
                        )),
                        _ => None,
                    };
                    let Some(shown) = shown else { continue };
                    let shown = match transcode {
                        Some(enc) => transcode_operand(shown, enc),
                        None => shown,
                    };
                    info.text_ops += 1;
                    let operator = if matches!(shown, Object::Array(_)) {
                        "TJ"
                    } else {
                        "Tj"
                    };
                    out.push(Operation::new(operator, vec![shown]));
                }
                "Do" => {
                    let Some(Object::Name(name)) = op.operands.first() else {
                        continue;
                    };
                    let Some(reference) = xobjects.and_then(|x| x.get(name).ok()) else {
                        continue;
                    };
                    let Ok(id) = reference.as_reference() else {
                        continue;
                    };
                    let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
                        continue;
                    };
                    match stream.dict.get(b"Subtype").and_then(Object::as_name) {
                        Ok(b"Form") => {}
                        Ok(b"Image") => {
                            info.images += 1;
                            continue;
                        }
                        _ => continue,
                    }
                    if stack.contains(&id) || stack.len() >= MAX_FORM_DEPTH {
                        continue;
                    }
                    match self.forms.get(&id) {
                        Some(FormResult::Rewritten(_)) => {
                            out.push(op);
                            continue;
                        }
                        Some(_) => continue,
                        None => {}
                    }
                    self.forms.insert(id, FormResult::InProgress);
                    let Ok(bytes) = stream.get_plain_content() else {
                        self.forms.insert(id, FormResult::Unusable);
                        continue;
                    };
                    let form_resources = dict_get(doc, &stream.dict, b"Resources")
                        .and_then(|o| o.as_dict().ok())
                        .or(resources);
                    stack.push(id);
                    let result = self.sanitize(&bytes, form_resources, stack, info);
                    stack.pop();
                    match result
                        .ok()
                        .and_then(|ops| Content { operations: ops }.encode().ok())
                    {
                        Some(bytes) => {
                            self.forms.insert(id, FormResult::Rewritten(bytes));
                            out.push(op);
                        }
                        None => {
                            self.forms.insert(id, FormResult::Unusable);
                        }
                    }
                }
                "BI" | "ID" | "EI" => info.images += 1,
                _ => {}
            }
        }
        Ok(out)
    }

    /// The kind of the font named `name` in the resources, if it is a font
    /// dict. Fonts are probed with pdf-extract the first time they are used.
    fn font_kind(&mut self, fonts: Option<&Dictionary>, name: &[u8]) -> Option<FontKind> {
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

    let mut sink = super::layout::Collector::new(0);
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
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

fn collect_references(o: &Object, out: &mut Vec<ObjectId>) {
    match o {
        Object::Reference(id) => out.push(*id),
        Object::Array(items) => items.iter().for_each(|i| collect_references(i, out)),
        Object::Dictionary(d) => d.iter().for_each(|(_, v)| collect_references(v, out)),
        Object::Stream(s) => s.dict.iter().for_each(|(_, v)| collect_references(v, out)),
        _ => {}
    }
}

fn transcode_operand(o: Object, enc: &'static encoding_rs::Encoding) -> Object {
    match o {
        Object::String(s, _) => Object::String(to_utf16be(&s, enc), StringFormat::Hexadecimal),
        Object::Array(items) => Object::Array(
            items
                .into_iter()
                .map(|i| transcode_operand(i, enc))
                .collect(),
        ),
        other => other,
    }
}

fn to_utf16be(bytes: &[u8], enc: &'static encoding_rs::Encoding) -> Vec<u8> {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    text.encode_utf16().flat_map(u16::to_be_bytes).collect()
}

/// Predefined CMaps whose codes are UTF-16BE (UCS-2 is a subset).
fn is_unicode_cmap(name: &str) -> bool {
    name.starts_with("Uni") && (name.contains("-UCS2-") || name.contains("-UTF16-"))
}

/// Predefined CMaps over a legacy multibyte encoding we can decode.
fn legacy_cmap(name: &str) -> Option<&'static encoding_rs::Encoding> {
    const GB: &[&str] = &[
        "GB-EUC-H",
        "GB-EUC-V",
        "GBpc-EUC-H",
        "GBpc-EUC-V",
        "GBK-EUC-H",
        "GBK-EUC-V",
        "GBKp-EUC-H",
        "GBKp-EUC-V",
        "GBK2K-H",
        "GBK2K-V",
        "GBT-EUC-H",
        "GBT-EUC-V",
        "GBTpc-EUC-H",
        "GBTpc-EUC-V",
    ];
    const BIG5: &[&str] = &[
        "B5pc-H",
        "B5pc-V",
        "ETen-B5-H",
        "ETen-B5-V",
        "ETenms-B5-H",
        "ETenms-B5-V",
        "HKscs-B5-H",
        "HKscs-B5-V",
    ];
    if GB.contains(&name) {
        Some(encoding_rs::GB18030)
    } else if BIG5.contains(&name) {
        Some(encoding_rs::BIG5)
    } else {
        None
    }
}

/// A Type0 font's kind, and a note when its text cannot be mapped.
fn classify_type0(doc: &Document, font: &Dictionary) -> (FontKind, Option<String>) {
    let base = dict_get(doc, font, b"BaseFont")
        .and_then(|o| o.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default();
    let descendant = dict_get(doc, font, b"DescendantFonts")
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.first())
        .map(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok());
    let Some(descendant) = descendant else {
        return (
            FontKind::Unsupported,
            Some(format!("{base}: Type0 font without descendant")),
        );
    };
    if dict_get(doc, descendant, b"FontDescriptor")
        .and_then(|o| o.as_dict().ok())
        .is_none()
    {
        return (
            FontKind::Unsupported,
            Some(format!("{base}: CID font without descriptor")),
        );
    }
    let to_unicode = dict_get(doc, font, b"ToUnicode");
    let has_to_unicode = matches!(to_unicode, Some(Object::Stream(_)));
    match dict_get(doc, font, b"Encoding") {
        Some(Object::Name(n)) => {
            let name = String::from_utf8_lossy(n).into_owned();
            if name == "Identity-H" || name == "Identity-V" {
                let note = (!has_to_unicode).then(|| {
                    let ordering = dict_get(doc, descendant, b"CIDSystemInfo")
                        .and_then(|o| o.as_dict().ok())
                        .and_then(|d| dict_get(doc, d, b"Ordering"))
                        .and_then(|o| o.as_str().ok())
                        .map(|s| String::from_utf8_lossy(s).into_owned())
                        .unwrap_or_default();
                    format!("{base}: {name} without ToUnicode (CID ordering {ordering:?})")
                });
                (FontKind::Ok, note)
            } else if is_unicode_cmap(&name) {
                (FontKind::Unicode, None)
            } else if let Some(enc) = legacy_cmap(&name) {
                (FontKind::Transcode(enc), None)
            } else {
                (
                    FontKind::Unsupported,
                    Some(format!("{base}: unsupported CMap {name}")),
                )
            }
        }
        Some(Object::Stream(_)) => (FontKind::Ok, None),
        _ => (
            FontKind::Unsupported,
            Some(format!("{base}: Type0 font without a usable Encoding")),
        ),
    }
}

/// Classify every Type0 font and rewrite the ones on predefined Chinese
/// CMaps; drop `ToUnicode` entries pdf-extract would panic on.
fn fix_fonts(doc: &mut Document, prepared: &mut Prepared) -> HashMap<ObjectId, FontKind> {
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

/// Repairs to a simple (or Type3) font dict that pdf-extract would panic on.
#[derive(Debug, Default)]
struct SimpleFontFix {
    /// New `Encoding`: `Some(None)` removes it.
    encoding: Option<Option<Object>>,
    last_char: Option<i64>,
    base_font: bool,
}

impl SimpleFontFix {
    fn new(doc: &Document, font: &Dictionary, type3: bool) -> Option<SimpleFontFix> {
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

    fn apply(self, font: &mut Dictionary) {
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

/// A `ToUnicode` CMap mapping every 2-byte code to the same UTF-16 unit.
fn identity_to_unicode() -> Vec<u8> {
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Harvester-UCS2 def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    // 256 ranges (one per high byte) so no range crosses a high-byte boundary.
    for chunk in (0u32..256).collect::<Vec<_>>().chunks(100) {
        s.push_str(&format!("{} beginbfrange\n", chunk.len()));
        for hi in chunk {
            s.push_str(&format!("<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>\n"));
        }
        s.push_str("endbfrange\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

/// Widths for the new Unicode codes of a rewritten font: printable ASCII
/// from the Adobe-GB1 proportional CIDs 1–95 (code − 31), else the default.
fn remapped_widths(doc: &Document, descendant: &Dictionary) -> Object {
    let mut by_cid: HashMap<i64, f64> = HashMap::new();
    if let Some(Object::Array(w)) = dict_get(doc, descendant, b"W") {
        let mut i = 0;
        while i + 1 < w.len() && by_cid.len() < 100_000 {
            let first = number(deref(doc, &w[i])).map(|f| f as i64);
            match (first, deref(doc, &w[i + 1])) {
                (Some(first), Object::Array(ws)) => {
                    for (j, width) in ws.iter().enumerate() {
                        if let Some(width) = number(deref(doc, width)) {
                            by_cid.insert(first + j as i64, width);
                        }
                    }
                    i += 2;
                }
                (Some(first), last) if i + 2 < w.len() => {
                    if let (Some(last), Some(width)) = (number(last), number(deref(doc, &w[i + 2])))
                    {
                        for cid in first..=(last as i64).min(first + 100_000) {
                            if (1..=95).contains(&cid) {
                                by_cid.insert(cid, width);
                            }
                        }
                    }
                    i += 3;
                }
                _ => break,
            }
        }
    }
    let ascii: Vec<Object> = (0x20i64..=0x7E)
        .map(|code| Object::Real(by_cid.get(&(code - 31)).copied().unwrap_or(500.0) as f32))
        .collect();
    Object::Array(vec![Object::Integer(0x20), Object::Array(ascii)])
}
