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
/// Labels decoded as GB18030 (WHATWG's GBK labels plus common extras).
const GBK_LABELS: &str = "gb2312 gbk x-gbk cp936 gb_2312-80 gb_2312 gb-2312 chinese csgb2312 \
                          csiso58gb231280 iso-ir-58 gb18030 ms936 windows-936 euc-cn x-euc-cn";

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
    if GBK_LABELS.split_whitespace().any(|g| g == l) {
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
        } else if enc == GB18030
            && matches!(state, Utf8State::Valid | Utf8State::Truncated)
            && multibyte_count(bytes, 8) >= 8
        {
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

/// Advance from `i` while `f` holds.
fn skip(b: &[u8], mut i: usize, f: impl Fn(u8) -> bool) -> usize {
    while i < b.len() && f(b[i]) {
        i += 1;
    }
    i
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
        i = skip(b, i, |c| is_ws(c) || c == b'/');
        match b.get(i) {
            None => return (attrs, b.len()),
            Some(b'>') => return (attrs, i + 1),
            Some(_) => {}
        }
        // The first byte always belongs to the name (even '='): progress.
        let ns = i;
        i = skip(b, i + 1, |c| !is_ws(c) && !matches!(c, b'=' | b'>' | b'/'));
        let name = b[ns..i].to_ascii_lowercase();
        i = skip(b, i, is_ws);
        let mut value: &[u8] = &[];
        if b.get(i) == Some(&b'=') {
            i = skip(b, i + 1, is_ws);
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = skip(b, i + 1, |c| c != q);
                    value = &b[i + 1..end];
                    i = (end + 1).min(b.len());
                }
                _ => {
                    let end = skip(b, i, |c| !is_ws(c) && c != b'>');
                    value = &b[i..end];
                    i = end;
                }
            }
        }
        attrs.push((name, value.to_vec()));
    }
}

fn meta_charset(attrs: &[Attr]) -> Option<&'static Encoding> {
    let get = |n: &[u8]| {
        attrs
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.as_slice())
    };
    if let Some(enc) = get(b"charset").and_then(label_encoding) {
        return Some(enc);
    }
    // Lenient: a `content` with charset counts unless http-equiv says otherwise.
    let equiv = get(b"http-equiv").map(<[u8]>::trim_ascii);
    if equiv.is_none_or(|v| v.eq_ignore_ascii_case(b"content-type")) {
        return charset_in_content(get(b"content")?);
    }
    None
}

/// `charset=…` inside a `content` attribute (quotes optional).
fn charset_in_content(c: &[u8]) -> Option<&'static Encoding> {
    let mut from = 0;
    while let Some(p) = find_ci(c, from, b"charset") {
        let i = skip(c, p + 7, is_ws);
        if c.get(i) == Some(&b'=') {
            let vs = skip(c, i + 1, is_ws);
            let ve = skip(c, vs, |x| !is_ws(x) && !matches!(x, b';' | b','));
            return label_encoding(&c[vs..ve]);
        }
        from = p + 7;
    }
    None
}

/// `<?xml … encoding="…"?>` at the start of the document.
fn xml_declaration(b: &[u8]) -> Option<&'static Encoding> {
    let start = skip(b, 0, is_ws);
    if !starts_with_ci(b, start, b"<?xml") {
        return None;
    }
    let decl = &b[start..find_ci(b, start, b"?>")?];
    let p = find_ci(decl, 0, b"encoding")?;
    let vs = skip(decl, p + 8, |c| {
        is_ws(c) || matches!(c, b'=' | b'"' | b'\'')
    });
    let ve = skip(decl, vs, |c| !is_ws(c) && !matches!(c, b'"' | b'\''));
    label_encoding(&decl[vs..ve])
}

#[cfg(test)]
mod tests {
    use super::*;
    use CharsetSource::*;

    const ZH: &str = "朱镕基 王堃 张喆。一、总体情况：本年度共主动公开政府信息一千二百条，\
                      依申请公开办理三十件，未发生行政复议和行政诉讼案件。二、主动公开政府信息情况。";
    const HTML: Option<&str> = Some("text/html");
    const CT_GB: Option<&str> = Some("text/html; charset=gb2312");
    const CT_UTF8: Option<&str> = Some("text/html; charset=UTF-8");
    const CT_LATIN1: Option<&str> = Some("text/html; charset=ISO-8859-1");
    const META_GB: &str = r#"<meta charset="gb2312">"#;
    const META_UTF8: &str = r#"<meta charset="utf-8">"#;

    fn gbk(s: &str) -> Vec<u8> {
        let (b, _, unmappable) = GBK.encode(s);
        assert!(!unmappable);
        b.into_owned()
    }

    fn page(head: &str) -> String {
        format!("<html><head>{head}<title>年报</title></head><body><p>{ZH}</p></body></html>")
    }

    type Out = (&'static Encoding, CharsetSource, String);

    /// (encoding, source, text) of a decode; asserts `had_errors` is false.
    fn dec(bytes: &[u8], ct: Option<&str>) -> Out {
        let d = decode(bytes, ct);
        assert!(!d.had_errors, "{:?}", d.text);
        (d.encoding, d.source, d.text)
    }

    #[test]
    fn gbk_only_chars_declared_gb2312_in_header() {
        let p = page("");
        assert_eq!(dec(&gbk(&p), CT_GB), (GB18030, Header, p));
    }

    #[test]
    fn meta_http_equiv_and_meta_charset() {
        let heads = r#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
            <META HTTP-EQUIV=Content-Type CONTENT="text/html;charset=GBK">
            <meta content='text/html; charset = "gb2312"' http-equiv='content-type'>
            <meta charset=gbk>
            <meta name="x" content="y"><meta charset='GB2312'/>
            <!-- <meta charset="big5"> --><meta charset="gb2312">"#;
        for head in heads.lines() {
            let p = page(head.trim());
            assert_eq!(dec(&gbk(&p), HTML), (GB18030, Meta, p), "{head}");
        }
    }

    #[test]
    fn xml_declaration_is_read() {
        let doc = format!("<?xml version=\"1.0\" encoding=\"gbk\"?><datastore>{ZH}</datastore>");
        assert_eq!(dec(&gbk(&doc), None), (GB18030, Meta, doc));
        let decl = b"  <?xml version='1.0' encoding='UTF-8' ?>";
        assert_eq!(xml_declaration(decl), Some(UTF_8));
        let not_decl = b"<?xml version=\"1.0\"?><a encoding=\"gbk\"/>";
        assert_eq!(xml_declaration(not_decl), None);
    }

    #[test]
    fn bom_wins() {
        let bytes = [&[0xEF, 0xBB, 0xBF][..], page("").as_bytes()].concat();
        for ct in [None, Some("text/html; charset=gbk"), CT_UTF8] {
            assert_eq!(dec(&bytes, ct), (UTF_8, Bom, page("")));
        }
        let utf16 = "年报".encode_utf16().flat_map(u16::to_le_bytes);
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(utf16).collect();
        assert_eq!(dec(&le, None), (UTF_16LE, Bom, "年报".to_string()));
    }

    #[test]
    fn header_beats_meta() {
        let p = page(META_GB);
        assert_eq!(dec(p.as_bytes(), CT_UTF8), (UTF_8, Header, p));
        let p = page(META_UTF8);
        let ct = Some("text/html; charset=\"GBK\"");
        assert_eq!(dec(&gbk(&p), ct), (GB18030, Header, p));
    }

    #[test]
    fn latin1_header_yields_to_meta_or_sniffing() {
        let p = page(META_GB);
        assert_eq!(dec(&gbk(&p), CT_LATIN1), (GB18030, Meta, p));
        let p = page("");
        assert_eq!(dec(&gbk(&p), CT_LATIN1), (GB18030, Sniffed, p.clone()));
        let ct = Some("text/html;charset=latin1");
        assert_eq!(dec(p.as_bytes(), ct), (UTF_8, Sniffed, p));
        let ascii = "<h1>404 Not Found</h1>";
        let ct = Some("text/html; charset=us-ascii");
        assert_eq!(
            dec(ascii.as_bytes(), ct),
            (WINDOWS_1252, Header, ascii.into())
        );
    }

    #[test]
    fn real_latin1_stays_latin1() {
        let text = "Die Übersetzung des Berichts wurde später veröffentlicht. \
                    Ça coûte très cher à l'école française, où l'été est chaud.";
        let bytes = WINDOWS_1252.encode(text).0;
        assert_eq!(dec(&bytes, CT_LATIN1), (WINDOWS_1252, Header, text.into()));
    }

    #[test]
    fn undeclared_pages_are_sniffed() {
        let p = page("");
        assert_eq!(dec(&gbk(&p), None), (GB18030, Sniffed, p.clone()));
        assert_eq!(dec(p.as_bytes(), HTML), (UTF_8, Sniffed, p));
        assert_eq!(dec(b"<p>x</p>", None), (UTF_8, Default, "<p>x</p>".into()));
        assert_eq!(dec(b"", None), (UTF_8, Default, String::new()));
        // A meta beyond the first 4 KiB is not seen.
        let late = format!("<!--{}-->{META_GB}<p>{ZH}</p>", " ".repeat(5000));
        assert_eq!(dec(&gbk(&late), None), (GB18030, Sniffed, late));
    }

    #[test]
    fn utf8_declared_gbk_sent() {
        let p = page("");
        assert_eq!(dec(&gbk(&p), CT_UTF8), (GB18030, Sniffed, p));
        let p = page(META_UTF8);
        assert_eq!(dec(&gbk(&p), None), (GB18030, Sniffed, p));
    }

    #[test]
    fn truncated_utf8_stays_utf8() {
        let p = page("");
        let cut = &p.as_bytes()[..p.len() - 1 - "</p></body></html>".len()];
        let d = decode(cut, CT_UTF8);
        assert_eq!((d.encoding, d.source, d.had_errors), (UTF_8, Header, true));
        assert!(d.text.starts_with("<html><head><title>年报"));
    }

    #[test]
    fn gbk_declared_utf8_sent() {
        let p = page(r#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312">"#);
        assert_eq!(dec(p.as_bytes(), None), (UTF_8, Sniffed, p));
        // A few stray multi-byte characters are not enough evidence.
        let d = decode("<meta charset=\"gbk\"><p>é年报</p>".as_bytes(), None);
        assert_eq!((d.encoding, d.source), (GB18030, Meta));
    }

    #[test]
    fn meta_utf16_means_utf8() {
        let p = page(r#"<meta charset="utf-16">"#);
        assert_eq!(dec(p.as_bytes(), None), (UTF_8, Meta, p));
    }

    #[test]
    fn labels() {
        for l in "gb2312 GB2312 \"gbk\" x-gbk cp936 gb_2312-80 'GB18030'; euc-cn".split(' ') {
            assert_eq!(encoding_for_label(l), Some(GB18030), "{l}");
        }
        assert_eq!(encoding_for_label(" \t'gbk' "), Some(GB18030));
        assert_eq!(encoding_for_label("utf8"), Some(UTF_8));
        assert_eq!(encoding_for_label("UTF-8"), Some(UTF_8));
        assert_eq!(encoding_for_label("iso-8859-1"), Some(WINDOWS_1252));
        assert_eq!(encoding_for_label("big5"), Some(encoding_rs::BIG5));
        for l in ["iso-2022-cn", "no-such", " '' ", ""] {
            assert_eq!(encoding_for_label(l), None, "{l}");
        }
        assert_eq!(header_charset("text/html; charset="), None);
        assert_eq!(header_charset("charset=gbk"), Some(GB18030));
        assert_eq!(
            header_charset("text/html; Charset = 'utf-8' ;q=1"),
            Some(UTF_8)
        );
    }

    #[test]
    fn never_panics_on_garbage() {
        let tags = "<meta|<meta |<meta charset|<meta charset=|<meta charset='|<meta =>|\
                    <meta/=/=/>|<meta content=\"charset\">|<meta content=charset=|<?xml|\
                    <?xml encoding?>|<?xml encoding='?>|<!--|<meta http-equiv=refresh x=";
        let mut samples: Vec<Vec<u8>> = tags.split('|').map(|t| t.as_bytes().to_vec()).collect();
        samples.extend([
            (0u8..=255).collect(),
            vec![0xFF; 10],
            vec![0xEF, 0xBB],
            vec![0x81],
        ]);
        for s in &samples {
            for ct in [None, CT_UTF8, CT_LATIN1, Some(";;=;")] {
                let _ = decode(s, ct);
            }
        }
        assert!(decode(&[0x81], None).had_errors);
        let refresh = b"<meta http-equiv=refresh content=\"0; charset=gbk\">";
        assert_eq!(prescan(refresh), None);
    }
}
