//! 繁體 mirror pages: the text a line is judged on.
//!
//! Why: many sites serve a Traditional copy made by a converter that also
//! appends pinyin (`領(lǐng)導(dǎo)`); the chrome phrases and info-line
//! labels are written once, in Simplified. In: rendered lines, or one
//! line's text. Out: whether the page looks Traditional, and a Simplified,
//! pinyin-free copy of a line for matching. Never: change the body text
//! itself (the copy is for judging only).

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::super::render::Line;
use crate::understand::normalize::to_simplified;

/// Pinyin a converter appends to each converted character: 領(lǐng).
static PINYIN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[1-5]?\)").expect("pinyin regex")
});

/// Characters frequent in Traditional chrome and text, absent from Simplified.
const TRADITIONAL_MARKS: &str =
    "們這個來時會為國發對說開關經過還與後體網頁點擊閱讀當碼權辦單號資訊覽瀏載檢";

/// Whether the (non-table) lines hold at least three Traditional marks.
pub(crate) fn looks_traditional(lines: &[Line]) -> bool {
    lines
        .iter()
        .filter(|l| !l.table)
        .flat_map(|l| l.text.chars())
        .filter(|c| TRADITIONAL_MARKS.contains(*c))
        .take(3)
        .count()
        >= 3
}

/// The text a line is judged on: pinyin annotations removed, and in
/// Simplified script when the page is Traditional.
pub(crate) fn judged_text(text: &str, traditional: bool) -> Cow<'_, str> {
    let mut t = PINYIN_RE.replace_all(text, "");
    if traditional {
        t = Cow::Owned(to_simplified(&t));
    }
    t
}
