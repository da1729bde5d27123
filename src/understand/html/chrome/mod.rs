//! Site chrome: which elements are chrome by their tag, class or id, and
//! which rendered lines are chrome by their words.
//!
//! Lines are judged whole: a line goes when it is *made of* chrome (the top
//! bar, a breadcrumb, the info line, a share bar, a footer line), never by
//! deleting words from a sentence, so a report sentence that mentions 网站
//! or 来源 survives. Table rows are never judged here.
//!
//! Why: a CMS page wraps its article in menus, bars and footers that must
//! not reach `body`. In: the flattened page (element verdicts, used while
//! marking the DOM) and rendered body lines (line verdicts). Out: whether
//! an element is chrome, and the lines with chrome lines dropped. Never:
//! drop part of a line, judge a table row, or drop a sentence of running
//! text whatever words it holds.
//!
//! - `hints`: elements that are chrome by tag, class or id.
//! - `lines`: lines made of chrome words (top bar, breadcrumb, info line,
//!   share bar, footer …), and the filter that drops them.
//! - `mirror`: the text a line is judged on (Simplified, no pinyin) on
//!   繁體 mirror pages.

mod hints;
mod lines;
mod mirror;

pub(super) use hints::hinted;
pub(super) use lines::{filter_lines, only_chrome_tokens};
pub(super) use mirror::{judged_text, looks_traditional};
