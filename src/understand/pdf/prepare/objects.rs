//! Cycle-safe lookups in a parsed PDF's object graph.
//!
//! Exists because every part of the pre-pass follows references, and a
//! malformed file can make them loop or dangle. In: the document and an
//! object, dictionary or key. Out: the resolved value, or `None` / `Null`.
//! Must never recurse or loop without bound (reference chains, `Parent`
//! chains and reference collection are all capped or cycle-checked) and
//! never modify the document.

use std::collections::HashSet;

use pdf_extract::{Dictionary, Document, Object, ObjectId};

/// Look a key up on the page or its ancestors (cycle-safe).
pub(super) fn inherited<'a>(
    doc: &'a Document,
    page: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Object> {
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

pub(super) fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
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

pub(super) fn number(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) if r.is_finite() => Some(f64::from(*r)),
        _ => None,
    }
}

pub(super) fn dict_get<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Object> {
    dict.get(key)
        .ok()
        .map(|o| deref(doc, o))
        .filter(|o| !matches!(o, Object::Null))
}

pub(super) fn collect_references(o: &Object, out: &mut Vec<ObjectId>) {
    match o {
        Object::Reference(id) => out.push(*id),
        Object::Array(items) => items.iter().for_each(|i| collect_references(i, out)),
        Object::Dictionary(d) => d.iter().for_each(|(_, v)| collect_references(v, out)),
        Object::Stream(s) => s.dict.iter().for_each(|(_, v)| collect_references(v, out)),
        _ => {}
    }
}
