//! A minimal PDF writer for the PDF reader's tests, on lopdf.
//!
//! Exists so the tests can build exactly the structures they exercise
//! (fonts, CMaps, form XObjects, encryption dictionaries) without sample
//! files. In: pages' content streams, resources and extra entries. Out: the
//! saved PDF bytes. Must never be used outside tests, and never try to be
//! a complete writer (no fonts embedded, no validation).

use pdf_extract::{Dictionary, Object, ObjectId, Stream, StringFormat};

pub(super) fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

fn lit(s: &str) -> Object {
    Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
}

pub(super) fn dict(entries: Vec<(&str, Object)>) -> Dictionary {
    let mut d = Dictionary::new();
    for (k, v) in entries {
        d.set(k, v);
    }
    d
}

pub(super) fn nums(values: &[f64]) -> Object {
    Object::Array(values.iter().map(|v| Object::Real(*v as f32)).collect())
}

/// A small PDF under construction.
pub(super) struct Builder {
    pub(super) doc: pdf_extract::Document,
    pages_id: ObjectId,
    kids: Vec<Object>,
}

impl Builder {
    pub(super) fn new() -> Builder {
        let mut doc = pdf_extract::Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        Builder {
            doc,
            pages_id,
            kids: Vec::new(),
        }
    }

    pub(super) fn add(&mut self, o: impl Into<Object>) -> ObjectId {
        self.doc.add_object(o.into())
    }

    pub(super) fn page(
        &mut self,
        content: &[u8],
        resources: Dictionary,
        extra: Vec<(&str, Object)>,
    ) {
        let content_id = self.add(Stream::new(Dictionary::new(), content.to_vec()));
        let mut page = dict(vec![
            ("Type", name("Page")),
            ("Parent", Object::Reference(self.pages_id)),
            ("MediaBox", nums(&[0.0, 0.0, 595.0, 842.0])),
            ("Contents", Object::Reference(content_id)),
            ("Resources", Object::Dictionary(resources)),
        ]);
        for (k, v) in extra {
            page.set(k, v);
        }
        let id = self.add(page);
        self.kids.push(Object::Reference(id));
    }

    pub(super) fn helvetica(&mut self) -> ObjectId {
        self.add(dict(vec![
            ("Type", name("Font")),
            ("Subtype", name("Type1")),
            ("BaseFont", name("Helvetica")),
            ("Encoding", name("WinAnsiEncoding")),
        ]))
    }

    /// A non-embedded Chinese CID font (STSong-Light) with the given CMap.
    pub(super) fn cid_font(&mut self, encoding: &str) -> ObjectId {
        let descriptor = self.add(dict(vec![
            ("Type", name("FontDescriptor")),
            ("FontName", name("STSong-Light")),
            ("Flags", Object::Integer(6)),
            ("FontBBox", nums(&[-25.0, -254.0, 1000.0, 880.0])),
            ("ItalicAngle", Object::Integer(0)),
            ("Ascent", Object::Integer(880)),
            ("Descent", Object::Integer(-120)),
            ("CapHeight", Object::Integer(880)),
            ("StemV", Object::Integer(80)),
        ]));
        let cid = self.add(dict(vec![
            ("Type", name("Font")),
            ("Subtype", name("CIDFontType0")),
            ("BaseFont", name("STSong-Light")),
            (
                "CIDSystemInfo",
                Object::Dictionary(dict(vec![
                    ("Registry", lit("Adobe")),
                    ("Ordering", lit("GB1")),
                    ("Supplement", Object::Integer(4)),
                ])),
            ),
            ("FontDescriptor", Object::Reference(descriptor)),
            ("DW", Object::Integer(1000)),
            (
                "W",
                Object::Array(vec![
                    Object::Integer(1),
                    Object::Integer(95),
                    Object::Integer(500),
                ]),
            ),
        ]));
        self.add(dict(vec![
            ("Type", name("Font")),
            ("Subtype", name("Type0")),
            ("BaseFont", name("STSong-Light")),
            ("Encoding", name(encoding)),
            (
                "DescendantFonts",
                Object::Array(vec![Object::Reference(cid)]),
            ),
        ]))
    }

    pub(super) fn finish(mut self) -> Vec<u8> {
        let count = self.kids.len() as i64;
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(dict(vec![
                ("Type", name("Pages")),
                ("Kids", Object::Array(self.kids)),
                ("Count", Object::Integer(count)),
            ])),
        );
        let catalog = self.doc.add_object(dict(vec![
            ("Type", name("Catalog")),
            ("Pages", Object::Reference(self.pages_id)),
        ]));
        self.doc.trailer.set("Root", Object::Reference(catalog));
        let mut out = Vec::new();
        self.doc.save_to(&mut out).unwrap();
        out
    }
}

pub(super) fn fonts(entries: Vec<(&str, ObjectId)>) -> Dictionary {
    let mut f = Dictionary::new();
    for (k, id) in entries {
        f.set(k, Object::Reference(id));
    }
    dict(vec![("Font", Object::Dictionary(f))])
}

pub(super) fn hex(bytes: &[u8]) -> String {
    let h: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    format!("<{h}>")
}

pub(super) fn ucs2(s: &str) -> String {
    hex(&s
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect::<Vec<_>>())
}

pub(super) fn gbk(s: &str) -> String {
    hex(&encoding_rs::GBK.encode(s).0)
}
