//! The DOCX package: zip archive → the main document part's XML text.
//!
//! Exists to keep archive handling (finding the part, size limits,
//! decoding) apart from reading WordprocessingML. In: the raw file bytes.
//! Out: the text of `word/document.xml` (or the main part named in
//! `_rels/.rels`), or a reason it cannot be read. Must never inflate more
//! than [`MAX_DOCUMENT_XML`] bytes (zip bombs), never panic on a damaged
//! archive, and never read other parts (headers, footnotes, comments).

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;

use super::xml::attr;
use super::MAX_DOCUMENT_XML;

/// Read `word/document.xml` (or the main part named in `_rels/.rels`) as
/// UTF-8 text, refusing parts over [`MAX_DOCUMENT_XML`].
pub(super) fn read_main_part(bytes: &[u8]) -> Result<String, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable DOCX (zip): {e}"))?;
    let mut name = "word/document.xml".to_string();
    if archive.by_name(&name).is_err() {
        match main_part_from_rels(&mut archive) {
            Some(other) => name = other,
            None => return Err("DOCX has no word/document.xml".to_string()),
        }
    }
    let file = archive
        .by_name(&name)
        .map_err(|e| format!("DOCX part {name} unreadable: {e}"))?;
    if file.size() > MAX_DOCUMENT_XML {
        return Err(format!(
            "DOCX {name} too large: {} bytes uncompressed (limit {MAX_DOCUMENT_XML})",
            file.size()
        ));
    }
    // The declared size can lie: cap what is actually inflated too.
    let mut raw = Vec::new();
    file.take(MAX_DOCUMENT_XML + 1)
        .read_to_end(&mut raw)
        .map_err(|e| format!("DOCX {name} could not be decompressed: {e}"))?;
    if raw.len() as u64 > MAX_DOCUMENT_XML {
        return Err(format!(
            "DOCX {name} too large: over {MAX_DOCUMENT_XML} bytes uncompressed"
        ));
    }
    decode_xml_bytes(raw)
}

/// The main document part named by the package relationships, for files
/// that do not use the usual `word/document.xml`.
fn main_part_from_rels<R: Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
) -> Option<String> {
    let mut rels = String::new();
    archive
        .by_name("_rels/.rels")
        .ok()?
        .take(1024 * 1024)
        .read_to_string(&mut rels)
        .ok()?;
    let mut reader = Reader::from_str(&rels);
    loop {
        match reader.read_event() {
            Ok(Event::Empty(e)) | Ok(Event::Start(e))
                if e.local_name().as_ref() == "Relationship" =>
            {
                let ty = attr(&e, "Type").unwrap_or_default();
                if ty.ends_with("/officeDocument") {
                    let target = attr(&e, "Target")?;
                    let target = target.trim_start_matches('/').to_string();
                    return archive.by_name(&target).is_ok().then_some(target);
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// XML part bytes → text: UTF-8 (with or without BOM), or UTF-16 with a BOM.
fn decode_xml_bytes(raw: Vec<u8>) -> Result<String, String> {
    if raw.starts_with(&[0xFF, 0xFE]) || raw.starts_with(&[0xFE, 0xFF]) {
        let (text, _, had_errors) = encoding_rs::UTF_16LE.decode(&raw);
        if had_errors {
            return Err("DOCX document.xml: invalid UTF-16".to_string());
        }
        return Ok(text.into_owned());
    }
    let raw = raw
        .strip_prefix(&[0xEF, 0xBB, 0xBF])
        .map(<[u8]>::to_vec)
        .unwrap_or(raw);
    String::from_utf8(raw).map_err(|e| format!("DOCX document.xml is not UTF-8: {e}"))
}
