//! Body text → the normalized form that content hashes are taken of.
//!
//! This form is never shown to users; it exists so that one report published
//! several ways hashes the same: the ordinary page, its print view, a
//! republished copy with other whitespace or table layout, half- or
//! full-width punctuation, and the 繁體 mirror produced by a converter that
//! appends pinyin to every converted character (`領(lǐng)導(dǎo)`).
//!
//! Steps, in order:
//!
//! 1. NFKC ([`unicode_normalization`]): full-width letters, digits and
//!    punctuation become ASCII (`，` → `,`, `（` → `(`, `２０２４` → `2024`),
//!    compatibility ideographs become unified ones, combining tone marks are
//!    composed. (`、` and `。` have no half-width form and stay.)
//! 2. Pinyin annotations are removed: a parenthesised lowercase pinyin
//!    syllable (tone marks, `ü`, or a tone digit 1–5) right after a Han
//!    character, `領(lǐng)` → `領`. Only text shaped like one pinyin syllable
//!    is removed, so `（一）`, `(2024)` or `(OA)` stay.
//! 3. Traditional → Simplified with OpenCC `t2s` ([`ferrous_opencc`]), built
//!    once per process.
//! 4. Quotes and dashes are folded (`“”「」『』` → `"`, `‘’` → `'`,
//!    `–—―−` → `-`).
//! 5. All whitespace, the table separator `|` and zero-width / format
//!    characters (ZWSP, ZWJ, ZWNJ, word joiner, BOM, soft hyphen) are removed.

use std::sync::LazyLock;

use ferrous_opencc::{config::BuiltinConfig, OpenCC};
use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// The OpenCC Traditional → Simplified converter, built on first use (it
/// parses the embedded dictionaries: a few milliseconds, once per process).
/// `None` if the embedded configuration cannot be loaded, which would be a
/// packaging bug; normalization then skips the script conversion rather than
/// panic.
static T2S: LazyLock<Option<OpenCC>> =
    LazyLock::new(|| OpenCC::from_config(BuiltinConfig::T2s).ok());

/// A Han character followed by a parenthesised run of Latin letters (with
/// tone marks / ü) and an optional tone digit. The run is then checked to be
/// one pinyin syllable by [`is_pinyin_syllable`].
static PINYIN_ANNOTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{Han})\(\s*([a-zA-ZüÜāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]{1,7}[1-5]?)\s*\)")
        .expect("static regex")
});

/// The normalized form of a body text: what content hashes are taken of.
pub fn normalize(text: &str) -> String {
    let nfkc: String = text.nfkc().collect();
    let unannotated = strip_pinyin_annotations(&nfkc);
    let simplified = to_simplified(&unannotated);
    simplified
        .chars()
        .filter(|&c| !c.is_whitespace() && c != '|' && !is_invisible(c))
        .map(fold_punctuation)
        .collect()
}

/// Traditional → Simplified (OpenCC `t2s`). Text that is already Simplified
/// passes through unchanged.
pub fn to_simplified(text: &str) -> String {
    match T2S.as_ref() {
        Some(cc) => cc.convert(text),
        None => text.to_string(),
    }
}

/// Remove pinyin annotations after Han characters: `領(lǐng)導(dǎo)` → `領導`.
/// Expects NFKC input (ASCII parentheses, composed tone marks); full-width
/// parentheses are handled too.
pub fn strip_pinyin_annotations(text: &str) -> String {
    let owned;
    let text = if text.contains(['（', '）']) {
        owned = text.replace('（', "(").replace('）', ")");
        owned.as_str()
    } else {
        text
    };
    PINYIN_ANNOTATION
        .replace_all(text, |caps: &regex::Captures<'_>| {
            if is_pinyin_syllable(&caps[2]) {
                caps[1].to_string()
            } else {
                caps[0].to_string()
            }
        })
        .into_owned()
}

/// Is `s` one lowercase pinyin syllable (tone marks allowed, or a trailing
/// tone digit)? `lǐng`, `nv3`, `lüè`, `er`, `ng` yes; `OA`, `app`, `xyz` no.
fn is_pinyin_syllable(s: &str) -> bool {
    let s = s
        .strip_suffix(|c: char| ('1'..='5').contains(&c))
        .unwrap_or(s);
    let mut plain = String::with_capacity(s.len());
    for c in s.chars() {
        let base = match c {
            'a'..='z' => c,
            'ā' | 'á' | 'ǎ' | 'à' => 'a',
            'ē' | 'é' | 'ě' | 'è' => 'e',
            'ī' | 'í' | 'ǐ' | 'ì' => 'i',
            'ō' | 'ó' | 'ǒ' | 'ò' => 'o',
            'ū' | 'ú' | 'ǔ' | 'ù' => 'u',
            'ü' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => 'v',
            'ń' | 'ň' | 'ǹ' => 'n',
            'ḿ' => 'm',
            _ => return false,
        };
        plain.push(base);
    }
    if matches!(plain.as_str(), "n" | "ng" | "m" | "hm" | "hng") {
        return true;
    }
    let rest = ["zh", "ch", "sh"]
        .iter()
        .find_map(|i| plain.strip_prefix(i))
        .or_else(|| plain.strip_prefix(|c: char| "bpmfdtnlgkhjqxrzcsyw".contains(c)))
        .unwrap_or(&plain);
    const FINALS: &[&str] = &[
        "a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "er", "i", "ia",
        "ie", "iao", "iu", "iou", "ian", "in", "iang", "ing", "iong", "u", "ua", "uo", "uai", "ui",
        "uei", "uan", "un", "uen", "uang", "ueng", "v", "ve", "ue", "van", "vn",
    ];
    FINALS.contains(&rest)
}

/// Zero-width and format characters that carry no text.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// Quotes and dashes that publishers swap freely.
fn fold_punctuation(c: char) -> char {
    match c {
        '“' | '”' | '„' | '‟' | '〝' | '〞' | '「' | '」' | '『' | '』' | '″' => {
            '"'
        }
        '‘' | '’' | '‚' | '‛' | '′' => '\'',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '─' => '-',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIMPLIFIED: &str = "一、总体情况
在县委、县政府的正确领导下，我乡认真贯彻落实《中华人民共和国政府信息公开条例》，规范开展政府信息公开工作。
（一）主动公开情况。2022年，主动公开政府信息数量126条，关于行政复议和行政诉讼的情况见下表。
二、主动公开政府信息情况
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数
规章 | 0 | 0 | 0
行政事业性收费 | 本年收费金额（单位：万元） | 12.5
四、政府信息公开行政复议、行政诉讼情况
行政复议 | 结果维持 | 总计 | 1";

    /// The same report as a converter mirror shows it: Traditional, pinyin
    /// after converted characters, half-width punctuation, cells one per line
    /// with a trailing `|`.
    const TRADITIONAL_PINYIN: &str = "一、總(zǒng)體(tǐ)情況(kuàng)
在縣(xiàn)委、縣(xiàn)政府的正確(què)領(lǐng)導(dǎo)下,我鄉(xiāng)認(rèn)真貫(guàn)徹(chè)落實(shí)《中華(huá)人民共和國(guó)政府信息公開(kāi)條(tiáo)例》,規(guī)範(fàn)開(kāi)展政府信息公開(kāi)工作。
(一)主動(dòng)公開(kāi)情況(kuàng)。2022年,主動(dòng)公開(kāi)政府信息數(shù)量(liàng)126條(tiáo),關(guān)於行政復(fù)議(yì)和行政訴(sù)訟(sòng)的情況(kuàng)見(jiàn)下表。
二、主動(dòng)公開(kāi)政府信息情況(kuàng)
信息內(nèi)容 |
本年制發(fā)件數(shù) |
本年廢(fèi)止件數(shù) |
現(xiàn)行有效件數(shù) |
規(guī)章 |
0 |
0 |
0 |
行政事業(yè)性收費(fèi) |
本年收費(fèi)金額(單位:萬(wàn)元) |
12.5 |
四、政府信息公開(kāi)行政復(fù)議(yì)、行政訴(sù)訟(sòng)情況(kuàng)
行政復(fù)議(yì) |
結(jié)果維持 |
總(zǒng)計(jì) |
1 |";

    /// A republished copy: full-width digits and punctuation, other spacing,
    /// tabs between cells, an NBSP and a zero-width space, no pipes.
    const REPUBLISHED: &str = "  一、总体情况\u{00A0}\r\n\r\n在县委、县政府的正确领导下，我乡认真贯彻落实《中华人民共和国政府信息公开条例》，规范开展政府信息公开工作。\n（一）主动公开情况。２０２２年，主动公开政府信息数量１２６条，关于行政复议和行政诉讼的情况见下表。\n\n二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t０\t０\t０\n行政事业性收费\t本年收费金额（单位：万元）\t12.5\n四、政府信息公开行政复议、行政诉讼情况\n行政复议  结果维持  总计  1\u{200B}\n";

    #[test]
    fn mirror_print_view_and_republished_copy_normalize_equal() {
        let a = normalize(SIMPLIFIED);
        let b = normalize(TRADITIONAL_PINYIN);
        let c = normalize(REPUBLISHED);
        assert_eq!(a, b, "Traditional + pinyin mirror differs");
        assert_eq!(a, c, "republished copy differs");
        assert!(a.starts_with("一、总体情况在县委"));
        assert!(!a.contains(char::is_whitespace));
        assert!(!a.contains('|'));
    }

    #[test]
    fn different_reports_differ() {
        let other = SIMPLIFIED.replace("126条", "127条");
        assert_ne!(normalize(SIMPLIFIED), normalize(&other));
        let other_year = SIMPLIFIED.replace("2022年", "2023年");
        assert_ne!(normalize(SIMPLIFIED), normalize(&other_year));
        assert_ne!(
            normalize("一、总体情况"),
            normalize("二、主动公开政府信息情况")
        );
    }

    #[test]
    fn pinyin_annotations() {
        assert_eq!(strip_pinyin_annotations("領(lǐng)導(dǎo)"), "領導");
        assert_eq!(strip_pinyin_annotations("認（rèn）真"), "認真");
        assert_eq!(
            strip_pinyin_annotations("規(guī)範(fàn)數(shù)量(liàng)"),
            "規範數量"
        );
        assert_eq!(strip_pinyin_annotations("綠(lǜ)化 女(nv3)"), "綠化 女");
        // Not pinyin: kept.
        assert_eq!(strip_pinyin_annotations("第(一)項"), "第(一)項");
        assert_eq!(strip_pinyin_annotations("办公系统(OA)"), "办公系统(OA)");
        assert_eq!(strip_pinyin_annotations("平台(app)"), "平台(app)");
        assert_eq!(strip_pinyin_annotations("年度(2024)"), "年度(2024)");
        assert_eq!(strip_pinyin_annotations("见(附件)"), "见(附件)");
        // Not after a Han character: kept.
        assert_eq!(strip_pinyin_annotations("abc(ling)"), "abc(ling)");
        assert_eq!(normalize("領（lǐng）導（dǎo）"), "领导");
    }

    #[test]
    fn tricky_traditional_to_simplified() {
        for (t, s) in [
            ("於", "于"),
            ("關於", "关于"),
            ("條例", "条例"),
            ("製", "制"),
            ("萬元", "万元"),
            ("總計", "总计"),
            ("複議", "复议"),
            ("訴訟", "诉讼"),
            ("復議", "复议"),
            ("政府資訊公開", "政府资讯公开"),
            ("行政許可", "行政许可"),
            ("編製", "编制"),
            ("製發", "制发"),
            ("覆蓋", "覆盖"),
            ("於2022年", "于2022年"),
        ] {
            assert_eq!(to_simplified(t), s, "{t}");
            assert_eq!(normalize(t), s, "{t}");
        }
    }

    #[test]
    fn simplified_text_is_stable() {
        // Characters that are valid in Simplified text must not be changed.
        let s = "政府信息公开工作年度报告 行政复议 覆盖 制发 关于 干部 发展 里程 台账";
        assert_eq!(to_simplified(s), s);
    }

    #[test]
    fn invisible_and_width() {
        assert_eq!(normalize("ａｂｃ\u{200B}１２３\u{FEFF} |\t"), "abc123");
        assert_eq!(normalize("“政务公开”"), normalize("\"政务公开\""));
        assert_eq!(normalize("「政務公開」"), normalize("“政务公开”"));
        assert_eq!(normalize(""), "");
    }
}

#[cfg(test)]
mod perf {
    use super::*;

    /// `cargo test --release --lib understand::normalize::perf -- --ignored --nocapture`
    #[test]
    #[ignore = "timing report, run by hand"]
    fn normalize_60kb() {
        let t = std::time::Instant::now();
        let _ = to_simplified("總");
        let init = t.elapsed();
        for (what, unit) in [
            ("Traditional + pinyin", super::tests_text().to_string()),
            (
                "Simplified",
                to_simplified(&strip_pinyin_annotations(super::tests_text())),
            ),
        ] {
            let mut text = String::new();
            while text.len() < 60 * 1024 {
                text.push_str(&unit);
            }
            let t = std::time::Instant::now();
            let n = 20;
            for _ in 0..n {
                std::hint::black_box(normalize(&text));
            }
            println!(
                "OpenCC t2s init {:?}; normalize {} bytes of {what}: {:?} per call",
                init,
                text.len(),
                t.elapsed() / n
            );
        }
    }
}

#[cfg(test)]
fn tests_text() -> &'static str {
    "一、總(zǒng)體(tǐ)情況(kuàng)\n在縣(xiàn)委、縣(xiàn)政府的正確(què)領(lǐng)導(dǎo)下,我鄉(xiāng)認(rèn)真貫(guàn)徹(chè)落實(shí)《中華(huá)人民共和國(guó)政府信息公開(kāi)條(tiáo)例》。\n規(guī)章 | 0 | 0 | 0\n行政事業(yè)性收費(fèi) | 本年收費(fèi)金額(單位:萬(wàn)元) | 12.5\n"
}
