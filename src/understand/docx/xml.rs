//! Small quick-xml helpers shared by the package and body readers.
//!
//! Exists so attribute lookup and entity resolution are written once.
//! In: quick-xml events' parts. Out: plain values. Must never fail hard:
//! an undecodable value falls back to its raw form or to `None`.

use quick_xml::events::{BytesRef, BytesStart};

/// The value of the attribute with local name `name` (any prefix), with
/// entity references resolved.
pub(super) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.into_owned())
        })
}

/// The character a general reference (`&amp;`, `&#x4E00;`) in text stands
/// for: character references and the five predefined entities; `None` for
/// anything else (undeclared entities are dropped).
pub(super) fn resolve_general_ref(r: &BytesRef<'_>) -> Option<char> {
    if r.is_char_ref() {
        r.resolve_char_ref().ok().flatten()
    } else {
        match r.xml10_content().as_ref() {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => None,
        }
    }
}
