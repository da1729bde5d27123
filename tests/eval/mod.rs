//! Shared machinery of the page-understanding evaluation: the fixture set in
//! `tests/fixtures/understand/`, running the code under test once over it,
//! and the scores (body bigram F1, chrome phrases, classification).

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use harvester::understand::classify::{classify, Classification, Kind};
use harvester::understand::{understand, Document};
use serde::Deserialize;

/// One `NAME.gold.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    pub url: String,
    pub content_type: String,
    pub kind: String,
    pub year: Option<i32>,
    pub organ: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub body: String,
}

/// A fixture and what the code under test made of it.
pub struct Page {
    pub name: String,
    pub gold: Gold,
    pub bytes_len: usize,
    /// `None` when `understand` or `classify` panicked (the message is in `panic`).
    pub doc: Option<Document>,
    pub class: Option<Classification>,
    pub panic: Option<String>,
}

impl Page {
    pub fn body(&self) -> &str {
        self.doc.as_ref().map(|d| d.body.as_str()).unwrap_or("")
    }

    pub fn kind(&self) -> &'static str {
        match &self.class {
            Some(c) => c.kind.as_str(),
            None => "(panic)",
        }
    }

    pub fn is_report(&self) -> bool {
        self.gold.kind == Kind::AnnualReport.as_str()
    }
}

pub fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/understand")
}

/// Every `*.gold.json` with its page, sorted by name. Panics with a clear
/// message on a malformed fixture (that is a bug in the set, not in the code
/// under test).
pub fn load_fixtures() -> Vec<(String, Gold, Vec<u8>)> {
    let dir = fixture_dir();
    let mut out = Vec::new();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("dir entry").path();
        let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
            continue;
        };
        let Some(name) = file.strip_suffix(".gold.json") else {
            continue;
        };
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        let gold: Gold = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: bad gold JSON: {e}", path.display()));
        let html = dir.join(format!("{name}.html"));
        let bytes = std::fs::read(&html).unwrap_or_else(|e| panic!("{}: {e}", html.display()));
        out.push((name.to_string(), gold, bytes));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

/// The evaluation, computed once per test binary and shared by every test.
pub fn pages() -> &'static [Page] {
    static PAGES: OnceLock<Vec<Page>> = OnceLock::new();
    PAGES.get_or_init(|| {
        load_fixtures()
            .into_iter()
            .map(|(name, gold, bytes)| {
                let url = url::Url::parse(&gold.url)
                    .unwrap_or_else(|e| panic!("{name}: bad url {}: {e}", gold.url));
                let run = catch_unwind(AssertUnwindSafe(|| {
                    let doc = understand(&bytes, Some(&gold.content_type), &url);
                    let class = classify(&doc, &url, None);
                    (doc, class)
                }));
                let (doc, class, panic) = match run {
                    Ok((d, c)) => (Some(d), Some(c), None),
                    Err(p) => (None, None, Some(panic_message(p.as_ref()))),
                };
                Page {
                    name,
                    gold,
                    bytes_len: bytes.len(),
                    doc,
                    class,
                    panic,
                }
            })
            .collect()
    })
}

// ------------------------------------------------------------------ body F1

/// The text the F1 is computed on: everything but whitespace and `|`.
pub fn squash(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '|')
        .collect()
}

fn bigrams(chars: &[char]) -> HashMap<(char, char), usize> {
    let mut m = HashMap::new();
    for w in chars.windows(2) {
        *m.entry((w[0], w[1])).or_insert(0) += 1;
    }
    m
}

/// Character-bigram scores of `got` against `want`.
#[derive(Debug, Clone, Copy)]
pub struct F1 {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Multiset character-bigram precision/recall/F1, after [`squash`]. Both
/// empty → 1.0; one empty → 0.0. (A one-character text has no bigram: it
/// scores 1.0 only against the same character.)
pub fn bigram_f1(got: &str, want: &str) -> F1 {
    let (g, w) = (squash(got), squash(want));
    let (bg, bw) = (bigrams(&g), bigrams(&w));
    let (ng, nw) = (g.len().saturating_sub(1), w.len().saturating_sub(1));
    if ng == 0 && nw == 0 {
        let same = if g == w { 1.0 } else { 0.0 };
        return F1 {
            precision: same,
            recall: same,
            f1: same,
        };
    }
    if ng == 0 || nw == 0 {
        return F1 {
            precision: 0.0,
            recall: 0.0,
            f1: 0.0,
        };
    }
    let overlap: usize = bg
        .iter()
        .map(|(k, n)| (*n).min(*bw.get(k).unwrap_or(&0)))
        .sum();
    let p = overlap as f64 / ng as f64;
    let r = overlap as f64 / nw as f64;
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    F1 {
        precision: p,
        recall: r,
        f1: f,
    }
}

/// A short, readable hint of how `got` differs from `want`: where the
/// squashed texts first diverge, then gold lines missing from the extraction
/// and extracted lines that are not in the gold.
pub fn diff_hint(got: &str, want: &str) -> String {
    let (g, w) = (squash(got), squash(want));
    let common = g.iter().zip(w.iter()).take_while(|(a, b)| a == b).count();
    let around = |s: &[char], at: usize| -> String {
        let from = at.saturating_sub(15);
        let to = (at + 45).min(s.len());
        let mut t: String = s[from..to].iter().collect();
        if to < s.len() {
            t.push('…');
        }
        if from > 0 {
            t.insert(0, '…');
        }
        t
    };
    let mut out = String::new();
    out.push_str(&format!(
        "    extracted {} chars, gold {} chars; identical for the first {} chars\n",
        g.len(),
        w.len(),
        common
    ));
    if common < g.len().max(w.len()) {
        out.push_str(&format!(
            "    gold      at {common}: {}\n",
            around(&w, common)
        ));
        out.push_str(&format!(
            "    extracted at {common}: {}\n",
            around(&g, common)
        ));
    }
    let gs: String = g.iter().collect();
    let ws: String = w.iter().collect();
    let clip = |s: &str| -> String {
        let c: Vec<char> = s.chars().collect();
        if c.len() > 60 {
            format!("{}…", c[..60].iter().collect::<String>())
        } else {
            s.to_string()
        }
    };
    let missing: Vec<&str> = want
        .lines()
        .filter(|l| !squash(l).is_empty() && !gs.contains(&squash(l).iter().collect::<String>()))
        .collect();
    let extra: Vec<&str> = got
        .lines()
        .filter(|l| !squash(l).is_empty() && !ws.contains(&squash(l).iter().collect::<String>()))
        .collect();
    if !missing.is_empty() {
        out.push_str(&format!(
            "    {} gold line(s) not in the extraction, e.g.:\n",
            missing.len()
        ));
        for l in missing.iter().take(4) {
            out.push_str(&format!("      - {}\n", clip(l.trim())));
        }
    }
    if !extra.is_empty() {
        out.push_str(&format!(
            "    {} extracted line(s) not in the gold, e.g.:\n",
            extra.len()
        ));
        for l in extra.iter().take(4) {
            out.push_str(&format!("      + {}\n", clip(l.trim())));
        }
    }
    out
}

// ------------------------------------------------------------------ chrome

/// Phrases of site chrome that must never reach a body (portal-patterns.md),
/// with their Traditional forms as converter mirrors show them.
pub const CHROME: &[&str] = &[
    "繁體版",
    "繁体版",
    "无障碍",
    "关怀版",
    "长者版",
    "本站地图",
    "网站地图",
    "全文检索",
    "当前位置",
    "您的位置",
    "浏览次数",
    "访问量",
    "【字体",
    "打印本页",
    "关闭窗口",
    "分享到",
    "上一篇",
    "下一篇",
    "相关链接",
    "主办单位",
    "承办单位",
    "网站标识码",
    "ICP备",
    "公网安备",
    "版权所有",
    "索引号",
    // Traditional (OpenCC s2t / s2tw give the same forms)
    "無障礙",
    "關懷版",
    "長者版",
    "本站地圖",
    "網站地圖",
    "全文檢索",
    "當前位置",
    "瀏覽次數",
    "訪問量",
    "【字體",
    "打印本頁",
    "關閉窗口",
    "相關鏈接",
    "主辦單位",
    "承辦單位",
    "網站標識碼",
    "ICP備",
    "公網安備",
    "版權所有",
    "索引號",
];

/// Text with a converter's pinyin annotations removed (`領(lǐng)導(dǎo)` → `領導`)
/// and whitespace dropped, so chrome phrases are found however they are
/// spaced or annotated.
pub fn chrome_text(s: &str) -> String {
    static PINYIN: OnceLock<regex::Regex> = OnceLock::new();
    let re = PINYIN
        .get_or_init(|| regex::Regex::new(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}\)").unwrap());
    re.replace_all(s, "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Chrome phrases the extracted body holds more often than the gold body
/// (a 政府网站工作年度报表 really has 主办单位 and 网站标识码 rows), with a
/// snippet of where.
pub fn chrome_leaks(got: &str, want: &str) -> Vec<(String, String)> {
    let (g, w) = (chrome_text(got), chrome_text(want));
    let mut out = Vec::new();
    for p in CHROME {
        if g.matches(p).count() > w.matches(p).count() {
            let at = g.find(p).unwrap_or(0);
            let chars: Vec<char> = g.chars().collect();
            let ci = g[..at].chars().count();
            let from = ci.saturating_sub(12);
            let to = (ci + p.chars().count() + 12).min(chars.len());
            out.push((p.to_string(), chars[from..to].iter().collect()));
        }
    }
    out
}

// ------------------------------------------------------------------ formatting

pub fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        1.0
    } else {
        n as f64 / d as f64
    }
}

pub fn opt<T: std::fmt::Debug>(v: &Option<T>) -> String {
    match v {
        Some(x) => format!("{x:?}"),
        None => "null".to_string(),
    }
}
