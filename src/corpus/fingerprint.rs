//! Fingerprints of a report's text: the content hash that is its identity,
//! and the simhash that finds its near-duplicates.
//!
//! In: a document's body text (tables as ` | ` rows) and title. Out: a
//! [`Fingerprint`]. Never: depend on anything but the text — not the URL,
//! the chrome, the script (繁體 and 简体 hash alike) or whitespace — and
//! never change for the same text between versions of harvester without a
//! `reextract` (ids are stored).
//!
//! - **Content hash**: BLAKE3 of the normalized text
//!   ([`crate::understand::normalize::normalize`]: NFKC, pinyin annotations
//!   dropped, Traditional → Simplified, quotes and dashes folded, whitespace
//!   and `|` dropped), as 64 hex digits. BLAKE3 because an id must never
//!   collide across millions of reports (a 256-bit cryptographic hash), and it
//!   hashes faster than the text can be normalized. A first line that repeats
//!   the title is dropped before hashing, so an attachment that opens with its
//!   title hashes like the page that shows the title above its body.
//! - **Simhash**: 64-bit, over overlapping character 4-grams of the
//!   normalized text, each hashed with FNV-1a and a splitmix finaliser (both
//!   fixed forever, unlike `std`'s hasher). A corrected figure or a leftover
//!   line of chrome flips a few bits; unrelated texts differ in about 32.

use crate::understand::normalize::normalize;

/// Characters per shingle.
const SHINGLE: usize = 4;

/// A text's identity and similarity sketch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// BLAKE3 of the normalized text, hex.
    pub id: String,
    pub simhash: u64,
    /// Characters in the normalized text.
    pub chars: usize,
}

/// The normalized text a report's identity is taken of.
pub fn hashed_text(body: &str, title: Option<&str>) -> String {
    let mut lines = body.lines().skip_while(|l| l.trim().is_empty()).peekable();
    if let (Some(first), Some(title)) = (lines.peek(), title) {
        let t = normalize(title);
        if !t.is_empty() && normalize(first) == t {
            lines.next();
        }
    }
    let rest: Vec<&str> = lines.collect();
    normalize(&rest.join("\n"))
}

/// Fingerprint a document's text.
pub fn fingerprint(body: &str, title: Option<&str>) -> Fingerprint {
    let text = hashed_text(body, title);
    Fingerprint {
        id: blake3::hash(text.as_bytes()).to_hex().to_string(),
        simhash: simhash(&text),
        chars: text.chars().count(),
    }
}

/// BLAKE3 of raw bytes, hex: the key raw responses are stored under.
pub fn raw_key(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// 64-bit simhash of `text` over character [`SHINGLE`]-grams (the whole text
/// as one shingle when it is shorter).
pub fn simhash(text: &str) -> u64 {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return 0;
    }
    let mut weights = [0i64; 64];
    let mut add = |h: u64| {
        for (bit, w) in weights.iter_mut().enumerate() {
            if h >> bit & 1 == 1 {
                *w += 1;
            } else {
                *w -= 1;
            }
        }
    };
    if chars.len() <= SHINGLE {
        add(shingle_hash(&chars));
    } else {
        for window in chars.windows(SHINGLE) {
            add(shingle_hash(window));
        }
    }
    weights.iter().enumerate().fold(
        0u64,
        |acc, (bit, &w)| if w > 0 { acc | 1 << bit } else { acc },
    )
}

/// Bits in which two simhashes differ.
pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

fn shingle_hash(chars: &[char]) -> u64 {
    // FNV-1a over the UTF-8 bytes, then splitmix64's finaliser so that
    // every output bit depends on every input byte.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut buf = [0u8; 4];
    for c in chars {
        for b in c.encode_utf8(&mut buf).bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，现公布本县2024年度政府信息公开工作年度报告。\n\
        一、总体情况\n2024年，本县认真贯彻落实党中央、国务院关于政务公开的决策部署，围绕中心工作，深化主动公开，规范依申请公开。\n\
        （一）主动公开。全年主动公开政府信息1234条，其中政策文件56件。\n\
        二、主动公开政府信息情况\n规章 | 0 | 0 | 0\n行政规范性文件 | 3 | 1 | 45\n\
        三、收到和处理政府信息公开申请情况\n本年新收政府信息公开申请数量 | 12 | 3 | 0 | 0 | 0 | 1 | 16\n\
        四、政府信息公开行政复议、行政诉讼情况\n维持 | 1 | 0 | 0 | 0 | 1\n\
        五、存在的主要问题及改进情况\n一是公开内容不够全面；二是解读形式较为单一。下一步将持续改进。\n\
        六、其他需要报告的事项\n本年度未收取信息处理费。";

    #[test]
    fn whitespace_script_and_pipes_do_not_change_the_id() {
        let a = fingerprint(REPORT, None);
        let spaced = REPORT.replace('，', " ， ").replace(" | ", "\t");
        assert_eq!(fingerprint(&spaced, None).id, a.id);
        let traditional = REPORT
            .replace("政府信息公开", "政府資訊公開")
            .replace("规", "規");
        // 資訊 is a different word, not a script variant: a different text.
        assert_ne!(fingerprint(&traditional, None).id, a.id);
        let t = REPORT
            .replace("政府信息公开", "政府信息公開")
            .replace("规章", "規章");
        assert_eq!(fingerprint(&t, None).id, a.id);
        assert_eq!(a.id.len(), 64);
    }

    #[test]
    fn a_leading_title_line_is_not_part_of_the_identity() {
        let title = "某某县2024年政府信息公开工作年度报告";
        let with_title = format!("{title}\n{REPORT}");
        assert_eq!(
            fingerprint(&with_title, Some(title)).id,
            fingerprint(REPORT, Some(title)).id
        );
        // Only when it matches the title.
        assert_ne!(
            fingerprint(&with_title, Some("别的标题")).id,
            fingerprint(REPORT, Some("别的标题")).id
        );
    }

    #[test]
    fn a_corrected_figure_is_near_an_unrelated_text_is_far() {
        let a = fingerprint(REPORT, None);
        let corrected = fingerprint(&REPORT.replace("1234条", "1243条"), None);
        assert_ne!(a.id, corrected.id);
        let d = distance(a.simhash, corrected.simhash);
        assert!(d <= 6, "corrected figure: distance {d}");
        let chrome = fingerprint(&format!("{REPORT}\n打印本页 关闭窗口"), None);
        let d = distance(a.simhash, chrome.simhash);
        assert!(d <= 6, "leftover chrome: distance {d}");
        let other = fingerprint(
            "县人民政府关于印发2025年重点工作任务分工方案的通知。各乡镇人民政府，县直各单位：现将方案印发给你们，请认真贯彻执行。",
            None,
        );
        let d = distance(a.simhash, other.simhash);
        assert!(d >= 16, "unrelated text: distance {d}");
    }

    #[test]
    fn simhash_is_stable_across_versions() {
        // Stored ids and simhashes must not drift: pinned values.
        assert_eq!(simhash(""), 0);
        assert_eq!(simhash("年度报告"), shingle_hash(&['年', '度', '报', '告']));
        assert_eq!(distance(0, u64::MAX), 64);
        assert_eq!(
            simhash("政府信息公开工作年度报告"),
            11_970_606_194_476_686_865
        );
        assert_eq!(
            fingerprint("政府信息公开工作年度报告", None).id,
            blake3::hash("政府信息公开工作年度报告".as_bytes())
                .to_hex()
                .to_string()
        );
    }
}
