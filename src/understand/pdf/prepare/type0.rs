//! Type0 (CID) fonts: which CMaps can be read, and how to rewrite them.
//!
//! Exists because pdf-extract reads only `Identity-H/V` Type0 fonts, while
//! Chinese reports often use predefined CMaps (`UniGB-UCS2-H`,
//! `GBK-EUC-H`, …). In: a Type0 font dictionary. Out: its [`FontKind`] and
//! a note when its text cannot be mapped; an identity `ToUnicode` CMap and
//! remapped widths for fonts switched to `Identity-H`. Must never modify
//! the document (the font pass applies the results) and never loop without
//! bound on a hostile `W` array.

use std::collections::HashMap;

use pdf_extract::{Dictionary, Document, Object};

use super::objects::{deref, dict_get, number};
use super::FontKind;

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
pub(super) fn classify_type0(doc: &Document, font: &Dictionary) -> (FontKind, Option<String>) {
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

/// A `ToUnicode` CMap mapping every 2-byte code to the same UTF-16 unit.
pub(super) fn identity_to_unicode() -> Vec<u8> {
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
pub(super) fn remapped_widths(doc: &Document, descendant: &Dictionary) -> Object {
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
