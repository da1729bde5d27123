//! Text folding for matching: pinyin annotations out, full-width ASCII to
//! half-width, Traditional to Simplified (only when the text is Traditional).
//!
//! Why: pages come in Simplified and Traditional, with converter pinyin
//! (`領(lǐng)導(dǎo)`) and full-width punctuation; every signal is written
//! once, for the folded form. In: any text. Out: the folded text, and small
//! helpers (compact form, trimmed title, script test). Never: change the
//! document (the folded text is for matching only), or fold more than the
//! matching needs (line breaks and spaces stay; see [`compact`]).

use std::sync::LazyLock;

use crate::understand::normalize::to_simplified;

/// Characters that occur in Traditional script and never in Simplified.
const TRAD_MARKERS: &str = "開報總體況資訊條項務與為會縣鄉鎮區國門關請處發這們對應實經規辦機統計數據書複訴號單態黨達貫該認進過確";

/// Whether a text is in Traditional script (a few marker characters).
pub(crate) fn is_traditional(s: &str) -> bool {
    static MARKERS: LazyLock<Vec<char>> = LazyLock::new(|| {
        let mut m: Vec<char> = TRAD_MARKERS.chars().collect();
        m.sort_unstable();
        m
    });
    // Under 200 characters? (at most 4 bytes a character: no count needed
    // for short or long texts)
    let short = match s.len() {
        0..200 => true,
        800.. => false,
        _ => s.chars().count() < 200,
    };
    let need = if short { 1 } else { 3 };
    s.chars()
        .filter(|c| !c.is_ascii() && MARKERS.binary_search(c).is_ok())
        .take(need)
        .count()
        >= need
}

/// The folded form used for all matching: pinyin annotations removed,
/// full-width ASCII made half-width, odd spaces made spaces, and, when
/// `trad`, Traditional converted to Simplified.
pub(crate) fn fold(s: &str, trad: bool) -> String {
    let narrow: String = s
        .chars()
        .filter_map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
            '\u{3000}' | '\u{00A0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' => Some(' '),
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' => None,
            _ => Some(c),
        })
        .collect();
    let plain = strip_pinyin(&narrow);
    if trad {
        let s = t2s(&plain);
        s.replace("资讯公开", "信息公开")
            .replace("政府资讯", "政府信息")
            .replace("资讯", "信息")
    } else {
        plain
    }
}

/// Remove pinyin annotations a converter appended after CJK characters:
/// `領(lǐng)導(dǎo)` → `領導`. Only parenthesised lower-case Latin runs that
/// follow a CJK character; file extensions like `(pdf)` stay.
pub(crate) fn strip_pinyin(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '(' && i > 0 && is_cjk(chars[i - 1]) {
            let mut j = i + 1;
            while j < chars.len() && j - i <= 8 && is_pinyin_letter(chars[j]) {
                j += 1;
            }
            if j < chars.len() && chars[j] == ')' && j > i + 1 {
                let word: String = chars[i + 1..j].iter().collect();
                let ext = [
                    "pdf", "doc", "docx", "wps", "ofd", "xls", "xlsx", "zip", "rar", "txt", "jpg",
                    "png", "html", "htm",
                ];
                if !ext.contains(&word.as_str()) {
                    i = j + 1;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase()
        || matches!(c, '\u{00E0}'..='\u{00FC}' | '\u{0100}'..='\u{01DC}' | '\u{01F9}' | '\u{1E3F}')
}

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

/// Traditional → Simplified with the converter [`to_simplified`] shares
/// (OpenCC `t2s`); should its dictionary fail to load (it then passes text
/// through unchanged, 開 included), with the few characters of [`small_t2s`].
fn t2s(s: &str) -> String {
    static LOADED: LazyLock<bool> = LazyLock::new(|| to_simplified("開") != "開");
    if *LOADED {
        to_simplified(s)
    } else {
        s.chars().map(small_t2s).collect()
    }
}

/// The few characters the matching needs, should the dictionary fail to load.
fn small_t2s(c: char) -> char {
    const PAIRS: &[(char, char)] = &[
        ('開', '开'),
        ('報', '报'),
        ('總', '总'),
        ('體', '体'),
        ('況', '况'),
        ('資', '资'),
        ('訊', '讯'),
        ('條', '条'),
        ('項', '项'),
        ('務', '务'),
        ('與', '与'),
        ('為', '为'),
        ('會', '会'),
        ('縣', '县'),
        ('鄉', '乡'),
        ('鎮', '镇'),
        ('區', '区'),
        ('國', '国'),
        ('門', '门'),
        ('關', '关'),
        ('請', '请'),
        ('處', '处'),
        ('發', '发'),
        ('對', '对'),
        ('實', '实'),
        ('規', '规'),
        ('辦', '办'),
        ('機', '机'),
        ('統', '统'),
        ('計', '计'),
        ('數', '数'),
        ('據', '据'),
        ('複', '复'),
        ('覆', '复'),
        ('訴', '诉'),
        ('議', '议'),
        ('問', '问'),
        ('題', '题'),
        ('進', '进'),
        ('結', '结'),
        ('轉', '转'),
        ('決', '决'),
        ('維', '维'),
        ('糾', '纠'),
        ('審', '审'),
        ('東', '东'),
        ('陽', '阳'),
        ('涼', '凉'),
        ('書', '书'),
        ('聯', '联'),
        ('號', '号'),
        ('據', '据'),
        ('錄', '录'),
        ('單', '单'),
        ('費', '费'),
        ('處', '处'),
        ('門', '门'),
        ('長', '长'),
        ('導', '导'),
        ('領', '领'),
        ('歲', '岁'),
        ('產', '产'),
        ('價', '价'),
        ('點', '点'),
        ('編', '编'),
        ('製', '制'),
        ('預', '预'),
        ('筆', '笔'),
        ('廢', '废'),
        ('現', '现'),
        ('權', '权'),
        ('認', '认'),
        ('強', '强'),
        ('徵', '征'),
        ('許', '许'),
        ('罰', '罚'),
        ('級', '级'),
        ('紹', '绍'),
        ('組', '组'),
        ('織', '织'),
        ('學', '学'),
        ('研', '研'),
        ('業', '业'),
        ('態', '态'),
        ('黨', '党'),
        ('稅', '税'),
        ('員', '员'),
        ('勞', '劳'),
        ('動', '动'),
        ('衛', '卫'),
        ('健', '健'),
        ('環', '环'),
        ('農', '农'),
        ('場', '场'),
        ('華', '华'),
        ('畫', '画'),
        ('劃', '划'),
    ];
    PAIRS
        .iter()
        .find(|(t, _)| *t == c)
        .map(|(_, s)| *s)
        .unwrap_or(c)
}

/// Without whitespace and table cell separators: for phrases that a table
/// layout may have split across lines (商业\n企业).
pub(crate) fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '|')
        .collect()
}

/// Trim spaces and decorative punctuation around a title-like string.
pub(crate) fn trim_title(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace() || "【】[]《》<>“”\"'‘’•·*#:：-—_|、,.。;".contains(c)
    })
}
