//! Decode fetched bytes to text the way a browser would, tuned for Chinese
//! government portals.
//!
//! In: the response body and its `Content-Type` header value. Out: [`Decoded`]
//! text with the encoding used and where that choice came from. Pure, no I/O,
//! never panics; decoding never fails (bad bytes become U+FFFD and
//! `had_errors` is set).
//!
//! Order of evidence:
//! 1. a byte-order mark (UTF-8/UTF-16): it wins even over the header, as in
//!    browsers (the HTML standard sniffs the BOM first) — a BOM is never wrong;
//! 2. the `charset` of the `Content-Type` header;
//! 3. `<meta charset>` / `<meta http-equiv="Content-Type" content="…charset=…">`
//!    prescanned in the first 4 KiB (case-insensitive, quotes optional,
//!    comments skipped), then an XML declaration `<?xml … encoding="…"?>`;
//!    a meta naming UTF-16 means UTF-8 (HTML standard);
//! 4. sniffing: valid UTF-8 is UTF-8, otherwise chardetng with the `cn` TLD;
//! 5. UTF-8 (pure ASCII with no declaration; source `Default`).
//!
//! Labels `gb2312`, `gbk`, `x-gbk`, `cp936`, `gb_2312-80`, … decode as
//! GB18030: pages declaring gb2312 routinely contain GBK-only characters.
//!
//! Corrections (source then becomes `Meta` or `Sniffed`):
//! - **Weak Latin-1 header.** Error pages and misconfigured servers send
//!   `charset=ISO-8859-1` (also `latin1`, `windows-1252`, `us-ascii`: all the
//!   windows-1252 decoder). Such a header is kept only if nothing contradicts
//!   it: a `<meta>` declaring any other charset wins (source `Meta`); failing
//!   that, non-ASCII bytes that are valid UTF-8 or that chardetng guesses as
//!   anything but windows-1252 (GBK, Big5, …) win (source `Sniffed`).
//! - **UTF-8 declared, GBK sent.** When header or meta says UTF-8 but the
//!   bytes are invalid UTF-8 (not merely cut off at the end) and decode
//!   cleanly as GB18030, GB18030 is used.
//! - **GBK declared, UTF-8 sent** (sites migrated to UTF-8 that kept their
//!   old meta): bytes that are entirely valid UTF-8 with at least
//!   8 multi-byte sequences are decoded as UTF-8; real GBK text practically
//!   never forms that much valid UTF-8.
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// Where the encoding came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    Header,
    Bom,
    Meta,
    Sniffed,
    Default,
}

/// Decoded text and how it was decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub source: CharsetSource,
    pub had_errors: bool,
}

const PRESCAN_LEN: usize = 4096;
const SNIFF_LEN: usize = 64 * 1024;
const GBK_LABELS: &[&str] = &[
    "gb2312",
    "gbk",
    "x-gbk",
    "cp936",
    "gb_2312-80",
    "gb_2312",
    "gb-2312",
    "chinese",
    "csgb2312",
    "csiso58gb231280",
    "iso-ir-58",
    "gb18030",
    "ms936",
    "windows-936",
    "euc-cn",
    "x-euc-cn",
];

/// Encoding for a charset label (`gb2312`/`gbk`/… → GB18030). Surrounding
/// whitespace, quotes and `;`/`,` are trimmed. Unknown labels and labels of
/// the WHATWG "replacement" encoding (`iso-2022-cn`, …) give `None`.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let l = label
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ';' | ','))
        .to_ascii_lowercase();
    if l.is_empty() {
        return None;
    }
    if GBK_LABELS.contains(&l.as_str()) {
        return Some(GB18030);
    }
    Encoding::for_label_no_replacement(l.as_bytes()).map(|e| if e == GBK { GB18030 } else { e })
}

/// Decode a response body. `content_type` is the raw header value, if any.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return finish(enc, &bytes[bom_len..], CharsetSource::Bom);
    }
    let header = content_type.and_then(header_charset);
    let meta = prescan(bytes).map(|e| {
        if e == UTF_16LE || e == UTF_16BE {
            UTF_8
        } else {
            e
        }
    });
    let state = utf8_state(bytes);
    let (mut enc, mut source) = match (header, meta) {
        (Some(h), meta) if h == WINDOWS_1252 => match meta {
            Some(m) if m != WINDOWS_1252 => (m, CharsetSource::Meta),
            _ if state == Utf8State::Ascii => (h, CharsetSource::Header),
            _ => match sniff(bytes, state) {
                s if s != WINDOWS_1252 => (s, CharsetSource::Sniffed),
                _ => (h, CharsetSource::Header),
            },
        },
        (Some(h), _) => (h, CharsetSource::Header),
        (None, Some(m)) => (m, CharsetSource::Meta),
        (None, None) if state == Utf8State::Ascii => (UTF_8, CharsetSource::Default),
        (None, None) => (sniff(bytes, state), CharsetSource::Sniffed),
    };
    if matches!(source, CharsetSource::Header | CharsetSource::Meta) {
        if enc == UTF_8
            && state == Utf8State::Invalid
            && GB18030
                .decode_without_bom_handling_and_without_replacement(bytes)
                .is_some()
        {
            (enc, source) = (GB18030, CharsetSource::Sniffed);
        } else if enc == GB18030 && state == Utf8State::Valid && multibyte_count(bytes, 8) >= 8 {
            (enc, source) = (UTF_8, CharsetSource::Sniffed);
        }
    }
    finish(enc, bytes, source)
}

fn finish(enc: &'static Encoding, body: &[u8], source: CharsetSource) -> Decoded {
    let (text, had_errors) = enc.decode_without_bom_handling(body);
    Decoded {
        text: text.into_owned(),
        encoding: enc,
        source,
        had_errors,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Utf8State {
    Ascii,
    Valid,
    /// Valid except for an incomplete sequence at the very end (capped body).
    Truncated,
    Invalid,
}

fn utf8_state(bytes: &[u8]) -> Utf8State {
    if bytes.is_ascii() {
        return Utf8State::Ascii;
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => Utf8State::Valid,
        Err(e) if e.error_len().is_none() => Utf8State::Truncated,
        Err(_) => Utf8State::Invalid,
    }
}

/// Count UTF-8 lead bytes of multi-byte sequences, stopping at `limit`.
fn multibyte_count(bytes: &[u8], limit: usize) -> usize {
    bytes.iter().filter(|&&b| b >= 0xC2).take(limit).count()
}

/// Guess the encoding of non-ASCII bytes with no usable declaration.
fn sniff(bytes: &[u8], state: Utf8State) -> &'static Encoding {
    if matches!(state, Utf8State::Valid | Utf8State::Truncated) {
        return UTF_8;
    }
    let whole = bytes.len() <= SNIFF_LEN;
    let mut det = EncodingDetector::new(Iso2022JpDetection::Deny);
    det.feed(&bytes[..bytes.len().min(SNIFF_LEN)], whole);
    let g = det.guess(Some(b"cn"), Utf8Detection::Allow);
    if g == GBK {
        GB18030
    } else {
        g
    }
}

/// The `charset` parameter of a Content-Type value.
fn header_charset(ct: &str) -> Option<&'static Encoding> {
    ct.split(';').find_map(|part| {
        let (name, value) = part.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| encoding_for_label(value))
            .flatten()
    })
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn starts_with_ci(b: &[u8], i: usize, pat: &[u8]) -> bool {
    b.get(i..i + pat.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(pat))
}

fn find_ci(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    (from..b.len()).find(|&i| starts_with_ci(b, i, pat))
}

fn label_encoding(v: &[u8]) -> Option<&'static Encoding> {
    encoding_for_label(&String::from_utf8_lossy(v))
}

/// Browser-style prescan of the first 4 KiB for a declared charset.
fn prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let b = &bytes[..bytes.len().min(PRESCAN_LEN)];
    let mut i = 0;
    while i < b.len() {
        if starts_with_ci(b, i, b"<!--") {
            i = find_ci(b, i + 4, b"-->").map_or(b.len(), |p| p + 3);
        } else if starts_with_ci(b, i, b"<meta")
            && b.get(i + 5).is_some_and(|&c| is_ws(c) || c == b'/')
        {
            let (attrs, next) = parse_attrs(b, i + 5);
            if let Some(enc) = meta_charset(&attrs) {
                return Some(enc);
            }
            i = next;
        } else {
            i += 1;
        }
    }
    xml_declaration(b)
}

type Attr = (Vec<u8>, Vec<u8>);

/// Parse tag attributes from `start` to the closing `>`; returns the
/// attributes (names lowercased) and the index after the tag.
fn parse_attrs(b: &[u8], start: usize) -> (Vec<Attr>, usize) {
    let mut attrs = Vec::new();
    let mut i = start;
    loop {
        while i < b.len() && (is_ws(b[i]) || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (attrs, b.len());
        }
        if b[i] == b'>' {
            return (attrs, i + 1);
        }
        let ns = i;
        i += 1; // the first byte always belongs to the name (even '=')
        while i < b.len() && !is_ws(b[i]) && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = b[ns..i].to_ascii_lowercase();
        while i < b.len() && is_ws(b[i]) {
            i += 1;
        }
        let mut value = Vec::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && is_ws(b[i]) {
                i += 1;
            }
            if i < b.len() && matches!(b[i], b'"' | b'\'') {
                let q = b[i];
                let vs = i + 1;
                i = vs;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                value = b[vs..i].to_vec();
                i = (i + 1).min(b.len());
            } else {
                let vs = i;
                while i < b.len() && !is_ws(b[i]) && b[i] != b'>' {
                    i += 1;
                }
                value = b[vs..i].to_vec();
            }
        }
        attrs.push((name, value));
    }
}

fn meta_charset(attrs: &[Attr]) -> Option<&'static Encoding> {
    let get = |n: &[u8]| {
        attrs
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.as_slice())
    };
    if let Some(cs) = get(b"charset") {
        if let Some(enc) = label_encoding(cs) {
            return Some(enc);
        }
    }
    let equiv_ok =
        get(b"http-equiv").is_none_or(|v| v.trim_ascii().eq_ignore_ascii_case(b"content-type"));
    if equiv_ok {
        return charset_in_content(get(b"content")?);
    }
    None
}

/// `charset=…` inside a `content` attribute (quotes optional).
fn charset_in_content(c: &[u8]) -> Option<&'static Encoding> {
    let mut from = 0;
    while let Some(p) = find_ci(c, from, b"charset") {
        let mut i = p + 7;
        while i < c.len() && is_ws(c[i]) {
            i += 1;
        }
        if i < c.len() && c[i] == b'=' {
            i += 1;
            while i < c.len() && is_ws(c[i]) {
                i += 1;
            }
            let vs = i;
            while i < c.len() && !is_ws(c[i]) && !matches!(c[i], b';' | b',') {
                i += 1;
            }
            return label_encoding(&c[vs..i]);
        }
        from = p + 7;
    }
    None
}

/// `<?xml … encoding="…"?>` at the start of the document.
fn xml_declaration(b: &[u8]) -> Option<&'static Encoding> {
    let start = b.iter().position(|&c| !is_ws(c))?;
    if !starts_with_ci(b, start, b"<?xml") {
        return None;
    }
    let end = find_ci(b, start, b"?>")?;
    let decl = &b[start..end];
    let p = find_ci(decl, 0, b"encoding")?;
    let mut i = p + 8;
    while i < decl.len() && (is_ws(decl[i]) || decl[i] == b'=') {
        i += 1;
    }
    let q = *decl.get(i)?;
    let vs = if matches!(q, b'"' | b'\'') { i + 1 } else { i };
    let ve = (vs..decl.len())
        .find(|&j| matches!(decl[j], b'"' | b'\'') || is_ws(decl[j]))
        .unwrap_or(decl.len());
    label_encoding(decl.get(vs..ve)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZH: &str = "朱镕基 王堃 张喆。一、总体情况：本年度共主动公开政府信息一千二百条，依申请公开办理三十件，未发生行政复议和行政诉讼案件。二、主动公开政府信息情况。";

    fn gbk(s: &str) -> Vec<u8> {
        let (b, _, unmappable) = GBK.encode(s);
        assert!(!unmappable);
        b.into_owned()
    }

    fn html(head: &str, body: &str) -> String {
        format!("<!DOCTYPE html><html><head>{head}<title>年报</title></head><body><p>{body}</p></body></html>")
    }

    #[test]
    fn gbk_only_chars_declared_gb2312_in_header() {
        let bytes = gbk(&html("", ZH));
        let d = decode(&bytes, Some("text/html; charset=gb2312"));
        assert_eq!(d.text, html("", ZH));
        assert_eq!(d.encoding, GB18030);
        assert_eq!(d.source, CharsetSource::Header);
        assert!(!d.had_errors);
    }

    #[test]
    fn meta_http_equiv_and_meta_charset() {
        for head in [
            r#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />"#,
            r#"<META HTTP-EQUIV=Content-Type CONTENT="text/html;charset=GBK">"#,
            r#"<meta content='text/html; charset = "gb2312"' http-equiv='content-type'>"#,
            r#"<meta charset=gbk>"#,
            r#"<meta name="x" content="y"><meta charset='GB2312'/>"#,
            r#"<!-- <meta charset="big5"> --><meta charset="gb2312">"#,
        ] {
            let page = html(head, ZH);
            let d = decode(&gbk(&page), Some("text/html"));
            assert_eq!(
                (d.encoding, d.source),
                (GB18030, CharsetSource::Meta),
                "{head}"
            );
            assert_eq!(d.text, page);
        }
    }

    #[test]
    fn xml_declaration_is_read() {
        let doc = format!("<?xml version=\"1.0\" encoding=\"gbk\"?><datastore><record><![CDATA[{ZH}]]></record></datastore>");
        let d = decode(&gbk(&doc), None);
        assert_eq!(
            (d.encoding, d.source, d.text.as_str()),
            (GB18030, CharsetSource::Meta, doc.as_str())
        );
        assert_eq!(
            xml_declaration(b"  <?xml version='1.0' encoding='UTF-8' ?>"),
            Some(UTF_8)
        );
        assert_eq!(
            xml_declaration(b"<?xml version=\"1.0\"?><a encoding=\"gbk\"/>"),
            None
        );
    }

    #[test]
    fn utf8_bom_wins() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(html("", ZH).as_bytes());
        for ct in [
            None,
            Some("text/html; charset=gbk"),
            Some("text/html; charset=utf-8"),
        ] {
            let d = decode(&bytes, ct);
            assert_eq!((d.encoding, d.source), (UTF_8, CharsetSource::Bom));
            assert_eq!(d.text, html("", ZH));
        }
        let mut le = vec![0xFF, 0xFE];
        le.extend("年报".encode_utf16().flat_map(u16::to_le_bytes));
        let d = decode(&le, None);
        assert_eq!(
            (d.encoding, d.source, d.text.as_str()),
            (UTF_16LE, CharsetSource::Bom, "年报")
        );
    }

    #[test]
    fn header_beats_meta() {
        let page = html(r#"<meta charset="gb2312">"#, ZH);
        let d = decode(page.as_bytes(), Some("text/html; charset=UTF-8"));
        assert_eq!((d.encoding, d.source), (UTF_8, CharsetSource::Header));
        assert_eq!(d.text, page);
        let page = html(r#"<meta charset="utf-8">"#, ZH);
        let d = decode(&gbk(&page), Some("text/html; charset=\"GBK\""));
        assert_eq!(
            (d.encoding, d.source, d.text.as_str()),
            (GB18030, CharsetSource::Header, page.as_str())
        );
    }

    #[test]
    fn latin1_header_yields_to_meta_or_sniffing() {
        let page = html(r#"<meta charset="gb2312">"#, ZH);
        let d = decode(&gbk(&page), Some("text/html; charset=ISO-8859-1"));
        assert_eq!(
            (d.encoding, d.source, d.text.as_str()),
            (GB18030, CharsetSource::Meta, page.as_str())
        );
        let page = html("", ZH);
        let d = decode(&gbk(&page), Some("text/html;charset=iso-8859-1"));
        assert_eq!(
            (d.encoding, d.source, d.text.as_str()),
            (GB18030, CharsetSource::Sniffed, page.as_str())
        );
        let d = decode(page.as_bytes(), Some("text/html; charset=latin1"));
        assert_eq!(
            (d.encoding, d.source, d.text.as_str()),
            (UTF_8, CharsetSource::Sniffed, page.as_str())
        );
        let d = decode(
            b"<h1>404 Not Found</h1>",
            Some("text/html; charset=us-ascii"),
        );
        assert_eq!(
            (d.encoding, d.source),
            (WINDOWS_1252, CharsetSource::Header)
        );
    }

    #[test]
    fn real_latin1_stays_latin1() {
        let text = "Die Übersetzung des Berichts wurde später veröffentlicht. Ça coûte très cher à l'école française, où l'été est chaud.";
        let (bytes, _, _) = WINDOWS_1252.encode(text);
        let d = decode(&bytes, Some("text/html; charset=ISO-8859-1"));
        assert_eq!(
            (d.encoding, d.source, d.text.as_str()),
            (WINDOWS_1252, CharsetSource::Header, text)
        );
    }

    #[test]
    fn undeclared_pages_are_sniffed() {
        let page = html("", ZH);
        let d = decode(&gbk(&page), None);
        assert_eq!(
            (d.encoding, d.source, d.text.as_str()),
            (GB18030, CharsetSource::Sniffed, page.as_str())
        );
        let d = decode(page.as_bytes(), Some("text/html"));
        assert_eq!(
            (d.encoding, d.source, d.text.as_str()),
            (UTF_8, CharsetSource::Sniffed, page.as_str())
        );
        let d = decode(b"<html>plain</html>", None);
        assert_eq!(
            (d.encoding, d.source, d.text.as_str()),
            (UTF_8, CharsetSource::Default, "<html>plain</html>")
        );
        let d = decode(b"", None);
        assert_eq!(
            (d.encoding, d.source, d.text.as_str(), d.had_errors),
            (UTF_8, CharsetSource::Default, "", false)
        );
    }

    #[test]
    fn meta_beyond_4k_is_not_seen() {
        let page = format!(
            "<html><head><!--{}--><meta charset=\"gb2312\"></head><body>{ZH}</body></html>",
            " ".repeat(5000)
        );
        let d = decode(&gbk(&page), None);
        assert_eq!((d.encoding, d.source), (GB18030, CharsetSource::Sniffed));
    }

    #[test]
    fn utf8_declared_gbk_sent() {
        let page = html("", ZH);
        let d = decode(&gbk(&page), Some("text/html; charset=utf-8"));
        assert_eq!(
            (d.encoding, d.source, d.text.as_str()),
            (GB18030, CharsetSource::Sniffed, page.as_str())
        );
        let page = html(r#"<meta charset="utf-8">"#, ZH);
        let d = decode(&gbk(&page), None);
        assert_eq!(
            (d.encoding, d.source, d.text.as_str()),
            (GB18030, CharsetSource::Sniffed, page.as_str())
        );
    }

    #[test]
    fn truncated_utf8_stays_utf8() {
        let page = html("", ZH);
        let cut = &page.as_bytes()[..page.len() - 1 - "</p></body></html>".len()];
        let d = decode(cut, Some("text/html; charset=utf-8"));
        assert_eq!(
            (d.encoding, d.source, d.had_errors),
            (UTF_8, CharsetSource::Header, true)
        );
        assert!(d.text.starts_with("<!DOCTYPE html><html><head><title>年报"));
    }

    #[test]
    fn gbk_declared_utf8_sent() {
        let page = html(
            r#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312">"#,
            ZH,
        );
        let d = decode(page.as_bytes(), None);
        assert_eq!(
            (d.encoding, d.source, d.text.as_str()),
            (UTF_8, CharsetSource::Sniffed, page.as_str())
        );
        // One stray character is not enough evidence.
        let page = html(r#"<meta charset="gbk">"#, "é");
        let d = decode(page.as_bytes(), None);
        assert_eq!((d.encoding, d.source), (GB18030, CharsetSource::Meta));
    }

    #[test]
    fn meta_utf16_means_utf8() {
        let page = html(r#"<meta charset="utf-16">"#, ZH);
        let d = decode(page.as_bytes(), None);
        assert_eq!(
            (d.encoding, d.source, d.text.as_str()),
            (UTF_8, CharsetSource::Meta, page.as_str())
        );
    }

    #[test]
    fn labels() {
        for l in [
            "gb2312",
            "GB2312",
            " \"gbk\" ",
            "x-gbk",
            "cp936",
            "gb_2312-80",
            "'GB18030';",
            "euc-cn",
        ] {
            assert_eq!(encoding_for_label(l), Some(GB18030), "{l}");
        }
        assert_eq!(encoding_for_label("utf8"), Some(UTF_8));
        assert_eq!(encoding_for_label("UTF-8"), Some(UTF_8));
        assert_eq!(encoding_for_label("iso-8859-1"), Some(WINDOWS_1252));
        assert_eq!(encoding_for_label("big5"), Some(encoding_rs::BIG5));
        assert_eq!(encoding_for_label("iso-2022-cn"), None);
        assert_eq!(encoding_for_label("no-such"), None);
        assert_eq!(encoding_for_label(" '' "), None);
        assert_eq!(header_charset("text/html; charset="), None);
        assert_eq!(header_charset("charset=gbk"), Some(GB18030));
        assert_eq!(
            header_charset("text/html; Charset = 'utf-8' ; q=1"),
            Some(UTF_8)
        );
    }

    #[test]
    fn never_panics_on_garbage() {
        let samples: Vec<Vec<u8>> = vec![
            b"<meta".to_vec(),
            b"<meta ".to_vec(),
            b"<meta charset".to_vec(),
            b"<meta charset=".to_vec(),
            b"<meta charset='".to_vec(),
            b"<meta =>".to_vec(),
            b"<meta/=/=/>".to_vec(),
            b"<meta content=\"charset\">".to_vec(),
            b"<meta content=charset=".to_vec(),
            b"<?xml".to_vec(),
            b"<?xml encoding?>".to_vec(),
            b"<?xml encoding='?>".to_vec(),
            b"<!--".to_vec(),
            (0u8..=255).collect(),
            vec![0xFF; 10],
            vec![0xEF, 0xBB],
            vec![0x81],
        ];
        for s in &samples {
            for ct in [
                None,
                Some("text/html; charset=utf-8"),
                Some("charset=iso-8859-1"),
                Some(";;=;"),
            ] {
                let _ = decode(s, ct);
            }
        }
        let d = decode(&[0x81], None);
        assert!(d.had_errors);
    }
}
