//! A guard against hostile nesting. The HTML parser is quadratic in the
//! depth of open elements (200 000 nested `<div>`s take minutes), so before
//! parsing, a linear scan estimates the depth and, past [`MAX_DEPTH`],
//! drops the tags (never the text) of elements opened deeper than that.
//! Real pages nest a few dozen levels and pass through untouched.

use std::borrow::Cow;

/// Nesting kept as is.
pub(super) const MAX_DEPTH: usize = 1000;

/// Elements that never nest: void elements and those the parser closes
/// implicitly (`<p>`, `<li>`, `<td>`, … left unclosed by many pages).
fn counted(name: &[u8]) -> bool {
    const SKIP: &[&[u8]] = &[
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"param",
        b"source",
        b"track",
        b"wbr",
        b"keygen",
        b"p",
        b"li",
        b"td",
        b"th",
        b"tr",
        b"option",
        b"optgroup",
        b"dt",
        b"dd",
        b"tbody",
        b"thead",
        b"tfoot",
        b"colgroup",
        b"caption",
        b"rb",
        b"rt",
        b"rp",
        b"html",
        b"head",
        b"body",
    ];
    !SKIP.contains(&name)
}

/// Elements whose content is raw text up to their end tag.
fn raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"textarea"
            | b"title"
            | b"xmp"
            | b"iframe"
            | b"noembed"
            | b"noframes"
    )
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

fn find_byte(hay: &[u8], from: usize, b: u8) -> Option<usize> {
    hay.get(from..)?
        .iter()
        .position(|&c| c == b)
        .map(|p| p + from)
}

/// Scan tags; `keep(start, end, deep)` is told each counted tag's span and
/// whether it lies beyond [`MAX_DEPTH`]. Returns the maximum depth seen.
fn scan(html: &str, mut tag: impl FnMut(usize, usize, bool)) -> usize {
    let b = html.as_bytes();
    let (mut i, mut depth, mut max) = (0usize, 0usize, 0usize);
    while let Some(lt) = find_byte(b, i, b'<') {
        if b[lt..].starts_with(b"<!--") {
            i = find(b, lt + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let close = b.get(lt + 1) == Some(&b'/');
        let name_start = lt + 1 + close as usize;
        let name_end = b[name_start.min(b.len())..]
            .iter()
            .position(|c| !c.is_ascii_alphanumeric())
            .map_or(b.len(), |p| p + name_start);
        if name_end == name_start || !b[name_start].is_ascii_alphabetic() {
            i = lt + 1;
            continue;
        }
        let name = b[name_start..name_end].to_ascii_lowercase();
        let gt = find_byte(b, name_end, b'>').map_or(b.len(), |g| g + 1);
        i = gt;
        if close {
            if counted(&name) {
                tag(lt, gt, depth > MAX_DEPTH);
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if raw_text(&name) {
            let mut end_tag = b"</".to_vec();
            end_tag.extend_from_slice(&name);
            i = find(b, gt, &end_tag).unwrap_or(b.len());
            continue;
        }
        let self_closing = gt >= 2 && b[gt - 2] == b'/';
        if counted(&name) && !self_closing {
            depth += 1;
            max = max.max(depth);
            tag(lt, gt, depth > MAX_DEPTH);
        }
    }
    max
}

/// `html` with the tags of elements nested deeper than [`MAX_DEPTH`]
/// removed (text kept); borrowed unchanged for every ordinary page.
pub(super) fn defuse(html: &str) -> Cow<'_, str> {
    if scan(html, |_, _, _| {}) <= MAX_DEPTH {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    scan(html, |start, end, deep| {
        if deep {
            out.push_str(&html[copied..start]);
            copied = end;
        }
    });
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}
