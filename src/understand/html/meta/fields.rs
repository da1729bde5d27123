//! The 信息公开 metadata block (索引号, 发布机构, 生成日期, 文号 …) → `fields`.
//!
//! Why: the block is metadata, not body text, and its labels (发布机构,
//! 发布日期) are the best source of organ and date. In: the marked-up page
//! (blocks with ≥ 2 known labels and little else) and the rendered body
//! lines (labels written as lines). Out: label → value pairs (label without
//! colon or spaces, empty values skipped); the blocks are marked in
//! `dom.meta_here` and the lines taken out of the body. Never: take a block
//! that holds much besides its labels (a report paragraph that mentions 文号
//! stays body), or invent a value.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::super::dom::{Dom, Kind, Step, Tag};
use super::super::render::Line;
use super::super::text::{is_han, Collapser};
use super::clean_value;

/// Labels of the 信息公开 metadata block (longest first where one contains
/// another). Written without spaces; pages may space them out (索 引 号).
const LABELS: &[&str] = &[
    "信息索引号",
    "索引号",
    "发布机构",
    "发文机关",
    "发文机构",
    "发布单位",
    "公开主体",
    "生成日期",
    "成文日期",
    "发文日期",
    "发布日期",
    "公开日期",
    "印发日期",
    "实施日期",
    "施行日期",
    "废止日期",
    "产生日期",
    "信息时效期",
    "有效期",
    "发文字号",
    "发文文号",
    "文件编号",
    "文号",
    "公开方式",
    "公开范围",
    "公开时限",
    "公开形式",
    "公开属性",
    "主题分类",
    "主题词",
    "关键词",
    "关键字",
    "有效性",
    "时效性",
    "效力状态",
    "信息分类",
    "组配分类",
    "体裁分类",
    "服务对象",
    "信息类别",
    "所属类别",
    "所属机构",
    "所属主题",
    "内容分类",
    "信息名称",
    "文件名称",
    "名称",
    "标题",
    "统一编码",
    "内容概述",
    "责任部门",
    "信息格式",
    "载体类型",
];

fn spaced(label: &str) -> String {
    label
        .chars()
        .map(|c| regex::escape(&c.to_string()))
        .collect::<Vec<_>>()
        .join(r"\s*")
}

/// A known label followed by a colon, at the start or after a space or bracket.
static LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    let alt: Vec<String> = LABELS.iter().map(|l| spaced(l)).collect();
    Regex::new(&format!(
        r"(?:^|[\s|｜【\[】\]])[【\[]?\s*({})\s*[】\]]?\s*[:：]",
        alt.join("|")
    ))
    .expect("label regex")
});

/// A known label anywhere (for counting candidates cheaply).
static LABEL_ANY_RE: LazyLock<Regex> = LazyLock::new(|| {
    let alt: Vec<String> = LABELS.iter().map(|l| spaced(l)).collect();
    Regex::new(&alt.join("|")).expect("label-any regex")
});

/// A generic `标签：` at the start of a cell.
static GENERIC_LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[【\[]?\s*(\p{Han}{2,8})\s*[】\]]?\s*[:：]").expect("generic label")
});

fn normalize_label(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '【' | '】' | '[' | ']' | ':' | '：'))
        .collect()
}

fn is_known_label(s: &str) -> bool {
    LABELS.contains(&s)
}

/// A segment that is only a label (`索引号`, `索 引 号：`, generic `标签：`).
fn whole_label(seg: &str, generic: bool) -> Option<String> {
    let norm = normalize_label(seg);
    if is_known_label(&norm) {
        return Some(norm);
    }
    let colon = seg.trim_end().ends_with([':', '：']);
    let n = norm.chars().count();
    (generic && colon && (2..=8).contains(&n) && norm.chars().all(is_han)).then_some(norm)
}

/// Label/value pairs from cell texts. Labels are the known ones (and, with
/// `generic`, any short `标签：` opening a cell); a label alone in a cell
/// takes the next cell as its value.
fn parse_pairs(segments: &[String], generic: bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut pending: Option<String> = None;
    for seg in segments {
        let seg = seg.trim();
        if seg.is_empty() {
            continue;
        }
        if let Some(label) = whole_label(seg, generic) {
            if let Some(p) = pending.replace(label) {
                out.push((p, String::new()));
            }
            continue;
        }
        // (label start, value start, label)
        let mut found: Vec<(usize, usize, String)> = LABEL_RE
            .captures_iter(seg)
            .filter_map(|c| {
                let whole = c.get(0)?;
                let label = c.get(1)?;
                Some((whole.start(), whole.end(), normalize_label(label.as_str())))
            })
            .collect();
        if generic && found.first().is_none_or(|f| f.0 > 0) {
            if let Some(c) = GENERIC_LABEL_RE.captures(seg) {
                let (m, l) = (c.get(0).expect("match"), c.get(1).expect("group"));
                if found.first().is_none_or(|f| f.0 >= m.end()) {
                    found.insert(0, (0, m.end(), normalize_label(l.as_str())));
                }
            }
        }
        if found.is_empty() {
            if let Some(p) = pending.take() {
                out.push((p, clean_value(seg)));
            }
            continue;
        }
        let head = clean_value(&seg[..found[0].0]);
        if let Some(p) = pending.take() {
            out.push((p, head));
        }
        for k in 0..found.len() {
            let vend = found.get(k + 1).map_or(seg.len(), |f| f.0);
            let start = found[k].1.min(vend);
            let v = clean_value(&seg[start..vend]);
            let label = found[k].2.clone();
            if v.is_empty() && k + 1 == found.len() {
                pending = Some(label);
            } else {
                out.push((label, v));
            }
        }
    }
    if let Some(p) = pending {
        out.push((p, String::new()));
    }
    out
}

fn known_count(pairs: &[(String, String)]) -> usize {
    let mut seen: Vec<&str> = pairs
        .iter()
        .map(|(l, _)| l.as_str())
        .filter(|l| is_known_label(l))
        .collect();
    seen.sort_unstable();
    seen.dedup();
    seen.len()
}

fn add_fields(fields: &mut BTreeMap<String, String>, pairs: Vec<(String, String)>) {
    for (l, v) in pairs {
        if !l.is_empty() && !v.is_empty() {
            fields.entry(l).or_insert(v);
        }
    }
}

/// The text of a subtree as cells: one segment per block, cell or `<br>`.
fn segments(dom: &Dom<'_>, root: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = Collapser::default();
    let brk = |i: usize| dom.tag(i).is_some_and(|t| t.is_block() || t == Tag::Br);
    dom.walk(root, |step| match step {
        Step::Enter(i) => {
            if dom.dead[i] {
                return false;
            }
            match dom.nodes[i].kind {
                Kind::Text(t) => cur.push(t),
                _ if brk(i) && !cur.is_empty() => out.push(cur.take()),
                _ => {}
            }
            true
        }
        Step::Exit(i) => {
            if brk(i) && !cur.is_empty() {
                out.push(cur.take());
            }
            true
        }
    });
    if !cur.is_empty() {
        out.push(cur.finish());
    }
    out
}

/// Find the 信息公开 metadata blocks (≥ 2 known labels, and little else),
/// mark them in `dom.meta_here` and return their fields.
pub(crate) fn mark_meta_blocks(dom: &mut Dom<'_>) -> BTreeMap<String, String> {
    // Label occurrences per subtree, counted once per text node.
    let mut hits = vec![0u32; dom.len()];
    for i in (0..dom.len()).rev() {
        if dom.dead[i] {
            continue;
        }
        hits[i] = match dom.nodes[i].kind {
            Kind::Text(t) => LABEL_ANY_RE.find_iter(t).count() as u32,
            _ => dom.nodes[i].children.iter().map(|&c| hits[c]).sum(),
        };
    }
    let mut fields = BTreeMap::new();
    let mut marked = Vec::new();
    let d: &Dom<'_> = dom;
    d.walk(d.body, |step| {
        let Step::Enter(i) = step else {
            return true;
        };
        if d.dead[i] || hits[i] < 2 {
            return false;
        }
        let Some(tag) = d.tag(i) else {
            return true;
        };
        let limit = 45 * hits[i] as usize + 60;
        if i == d.body || !(tag.is_block() || tag == Tag::Inline) || d.chars[i] as usize > limit {
            return true;
        }
        let segs = segments(d, i);
        let pairs = parse_pairs(&segs, false);
        let known = known_count(&pairs);
        if known >= 2 && (d.chars[i] as usize) <= 45 * known + 60 {
            add_fields(&mut fields, parse_pairs(&segs, true));
            marked.push(i);
            return false;
        }
        true
    });
    for i in marked {
        dom.meta_here[i] = true;
    }
    fields
}

/// Metadata written as lines in the body (`索引号：…` / `发布机构：…`): when
/// at least two lines open with a known label, they become fields and
/// leave the body.
pub(crate) fn take_meta_lines(lines: &mut Vec<Line>, fields: &mut BTreeMap<String, String>) {
    let is_meta: Vec<bool> = lines
        .iter()
        .map(|l| {
            if l.table || l.text.chars().count() > 300 {
                return false;
            }
            let pairs = parse_pairs(std::slice::from_ref(&l.text), false);
            let opens = LABEL_RE
                .captures(&l.text)
                .and_then(|c| c.get(0))
                .is_some_and(|m| m.start() == 0);
            known_count(&pairs) >= 1 && (opens || known_count(&pairs) >= 2)
        })
        .collect();
    if is_meta.iter().filter(|&&b| b).count() < 2 {
        return;
    }
    let mut k = 0;
    lines.retain(|l| {
        let meta = is_meta[k];
        k += 1;
        if meta {
            add_fields(fields, parse_pairs(std::slice::from_ref(&l.text), true));
        }
        !meta
    });
}
