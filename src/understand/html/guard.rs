//! A guard against hostile nesting. The HTML parser (html5ever) sets no
//! depth limit of its own and is quadratic in the depth of open elements
//! (100,000 nested `<div>`s take minutes), so before parsing, a linear
//! scan estimates the depth and, past [`MAX_DEPTH`], drops the tags (never
//! the text) of elements opened deeper than that. Real pages nest a few
//! dozen levels and pass through untouched. Link tags (`<a>`) are kept at
//! any depth, so discovery still finds a link buried in hostile nesting.
//!
//! In: any page text. Out: the same text, or (only when it nests deeper
//! than [`MAX_DEPTH`]) a copy without the deep tags. Never: allocate more
//! than a copy of the page plus its open-element stack, take more than
//! linear time, or change a page that nests less deeply.
//!
//! Every HTML parse goes through it: [`super::parse`] (the one parse a
//! crawled page gets, shared by extraction and link discovery) and
//! [`super::defuse_nesting`] (the Hanweb record fragments).

use std::borrow::Cow;
use std::collections::HashMap;

/// Nesting kept as is.
pub(super) const MAX_DEPTH: usize = 1000;

/// Elements that never nest: void elements and those the parser closes
/// implicitly (`<p>`, `<li>`, `<td>`, … left unclosed by many pages).
fn counted(name: &[u8]) -> bool {
    !matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"keygen"
            | b"p"
            | b"li"
            | b"td"
            | b"th"
            | b"tr"
            | b"option"
            | b"optgroup"
            | b"dt"
            | b"dd"
            | b"tbody"
            | b"thead"
            | b"tfoot"
            | b"colgroup"
            | b"caption"
            | b"rb"
            | b"rt"
            | b"rp"
            | b"html"
            | b"head"
            | b"body"
    )
}

/// Names up to this long are kept as they are (lowercased); longer ones,
/// which no HTML element has, by a hash.
const SHORT_NAME: usize = 15;

/// A tag name as a value: no allocation per tag (this scan runs over every
/// page before it is parsed). Short names are their bytes and length;
/// longer ones a 64-bit FNV-1a hash of the lowercased bytes, flagged so
/// that they never equal a short name.
type Name = u128;

fn name_key(lower: &[u8], long: &[u8]) -> Name {
    if long.len() <= SHORT_NAME {
        let mut k = [0u8; 16];
        k[..lower.len()].copy_from_slice(lower);
        k[15] = lower.len() as u8;
        return u128::from_le_bytes(k);
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &c in long {
        h = (h ^ u64::from(c.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3);
    }
    (0xFF << 120) | u128::from(h)
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

/// ASCII case-insensitive search for `needle` (a `-->` or `</name`) from
/// `from`: candidates are the positions of its first byte (memchr2).
fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let rest = hay.get(from..)?;
    memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), rest)
        .find(|&p| {
            rest.get(p..p + needle.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        })
        .map(|p| p + from)
}

fn find_byte(hay: &[u8], from: usize, b: u8) -> Option<usize> {
    memchr::memchr(b, hay.get(from..)?).map(|p| p + from)
}

/// Scan tags the way the parser will nest them, closely enough to bound
/// its depth; `tag(start, end, deep)` is told the span of each counted
/// tag and whether it lies beyond [`MAX_DEPTH`] (an end tag is deep when
/// the element it closes was opened deep). Returns the maximum depth seen.
///
/// The model is a stack of open elements, like the parser's:
/// - an end tag closes its element only when one of that name is open, and
///   closes everything opened after it too (`<div></span>` leaves the div
///   open, as the parser does);
/// - `<x/>` opens `x` like `<x>` (HTML ignores the slash on non-void
///   elements) except for `<svg/>`, `<math/>` and inside SVG or MathML,
///   where it closes;
/// - `<plaintext>` ends markup;
/// - `<a>` tags are never dropped, however deep.
///
/// It over-estimates where the parser closes elements implicitly
/// (`<table><table>`, `<a><a>`): the worst that does is strip the tags of
/// a page no real site serves.
fn scan(html: &str, mut tag: impl FnMut(usize, usize, bool)) -> usize {
    let b = html.as_bytes();
    let mut i = 0usize;
    let mut max = 0usize;
    // (name, opened deep)
    let mut stack: Vec<(Name, bool)> = Vec::new();
    let mut open: HashMap<Name, usize> = HashMap::new();
    let mut foreign = 0usize;
    let (svg, math) = (name_key(b"svg", b"svg"), name_key(b"math", b"math"));
    let is_foreign_root = |k: Name| k == svg || k == math;
    let mut lower = [0u8; SHORT_NAME];
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
        let raw_name = &b[name_start..name_end];
        // The lowercased name when short; a long name is no HTML element
        // (counted, not raw text, not foreign) and only its key is used.
        let short = raw_name.len() <= SHORT_NAME;
        let name: &[u8] = if short {
            let n = &mut lower[..raw_name.len()];
            n.copy_from_slice(raw_name);
            n.make_ascii_lowercase();
            n
        } else {
            b"-"
        };
        let key = name_key(name, raw_name);
        let gt = find_byte(b, name_end, b'>').map_or(b.len(), |g| g + 1);
        i = gt;
        if close {
            if counted(name) && open.get(&key).is_some_and(|&n| n > 0) {
                while let Some((top, deep)) = stack.pop() {
                    if is_foreign_root(top) {
                        foreign -= 1;
                    }
                    if let Some(n) = open.get_mut(&top) {
                        *n -= 1;
                    }
                    if top == key {
                        tag(lt, gt, deep);
                        break;
                    }
                }
            }
            continue;
        }
        if short && name == b"plaintext" {
            break;
        }
        if short && raw_text(name) && foreign == 0 {
            let mut end_tag = [0u8; SHORT_NAME + 2];
            end_tag[..2].copy_from_slice(b"</");
            end_tag[2..2 + name.len()].copy_from_slice(name);
            i = find(b, gt, &end_tag[..2 + name.len()]).unwrap_or(b.len());
            continue;
        }
        let slash = gt >= 2 && b[gt - 2] == b'/';
        let self_closing = slash && (foreign > 0 || is_foreign_root(key));
        if counted(name) && !self_closing {
            let depth = stack.len() + 1;
            max = max.max(depth);
            // Links are kept at any depth (discovery needs them; an `<a>`
            // inside an `<a>` closes it, so they cannot pile up).
            let deep = depth > MAX_DEPTH && name != b"a";
            tag(lt, gt, deep);
            if is_foreign_root(key) {
                foreign += 1;
            }
            *open.entry(key).or_default() += 1;
            stack.push((key, deep));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(html: &str) -> usize {
        scan(html, |_, _, _| {})
    }

    #[test]
    fn ordinary_pages_pass_untouched() {
        let page = "<html><head><title>t</title><script>if (a<b) {}</script></head>\
                    <body><div><p>一<p>二<ul><li>x<li>y</ul><br/><img src=a.png/></div>\
                    <svg>"
            .to_string()
            + &"<path d=\"M0\"/>".repeat(5000)
            + "</svg><table><tr><td>a<td>b</table></body></html>";
        assert!(depth(&page) < 10, "{}", depth(&page));
        assert!(matches!(defuse(&page), Cow::Borrowed(_)));
    }

    #[test]
    fn stray_end_tags_do_not_hide_depth() {
        // The parser ignores `</span>` without an open span: the divs nest.
        let n = MAX_DEPTH + 500;
        let page = "<div></span>".repeat(n);
        assert_eq!(depth(&page), n);
        let out = defuse(&page);
        assert_eq!(depth(&out), MAX_DEPTH);
        assert_eq!(
            out.matches("</span>").count(),
            n,
            "text and stray tags kept"
        );
    }

    #[test]
    fn long_and_mixed_case_names_nest_and_close_by_name() {
        let open = "<MyVeryLongCustomElementName>".repeat(5);
        assert_eq!(depth(&open), 5);
        let closed = "<myverylongcustomelementname>x</MYVERYLONGCUSTOMELEMENTNAME>".repeat(5);
        assert_eq!(depth(&closed), 1);
        // Two long names with the same 15-byte prefix stay distinct.
        let other = "<myverylongcustomelementname><myverylongcustomelementnamf></myverylongcustomelementname>".repeat(3);
        assert_eq!(depth(&other), 2);
        assert_eq!(
            depth(&"<DIV><Script>var a='<div>';</SCRIPT></div>".repeat(4)),
            1
        );
    }

    #[test]
    fn slash_on_html_elements_does_not_close_them() {
        let n = MAX_DEPTH + 10;
        assert_eq!(depth(&"<div/>".repeat(n)), n);
        assert_eq!(depth(&"<svg/>".repeat(n)), 0);
    }

    #[test]
    fn end_tag_closes_what_was_opened_after_it() {
        assert_eq!(depth(&"<div><b><i></div>".repeat(3000)), 3);
        let deep = format!(
            "{}x{}",
            "<div>".repeat(MAX_DEPTH + 2),
            "</div>".repeat(MAX_DEPTH + 2)
        );
        let out = defuse(&deep);
        assert_eq!(out.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(
            out.matches("</div>").count(),
            MAX_DEPTH,
            "deep end tags go with their start tags"
        );
    }
}
