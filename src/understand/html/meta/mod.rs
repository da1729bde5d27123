//! Page metadata: everything about the article that is not its body text.
//!
//! Why: a 信息公开 page states its title, date and issuer in several places
//! at once (meta tags, `<title>`, a labelled metadata block, the info line
//! under the heading); each place has its own reader here, and
//! [`super::run`] decides which one wins. In: the parsed page ([`Dom`](super::dom::Dom),
//! [`Html`](scraper::Html)) or its rendered lines. Out: strings
//! (`fields`, title, `YYYY-MM-DD` date, organ, attachment URLs). Never:
//! text the page does not hold (values are only trimmed and collapsed),
//! a panic on any input, or I/O.
//!
//! - `fields`: the 信息公开 metadata block (索引号, 发布机构, 生成日期 …).
//! - `head`: `<meta>` tags and `<title>`.
//! - `title`: the article title and site-suffix stripping.
//! - `info_line`: the publication date and the 来源 of the info line.
//! - `attachments`: document links around the body.

mod attachments;
mod fields;
mod head;
mod info_line;
mod title;

use super::text::Collapser;

pub(super) use attachments::attachments;
pub(super) use fields::{mark_meta_blocks, take_meta_lines};
pub(super) use head::{meta_tags, title_tag};
pub(super) use info_line::{clean_organ, info_date, info_organ, norm_date};
pub(super) use title::{pick_title, strip_title_suffix, title_heading_inside};

/// A value with whitespace collapsed and colons and spaces trimmed off.
fn clean_value(s: &str) -> String {
    let mut c = Collapser::default();
    c.push(s);
    c.finish()
        .trim_matches(|c: char| c == ':' || c == '：' || c.is_whitespace())
        .to_string()
}

/// `s` without any whitespace (for comparing titles and labels).
pub(super) fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}
