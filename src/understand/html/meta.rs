//! Page metadata: the 信息公开 metadata block (→ `fields`), meta tags, the
//! title, the publication date, the issuing organ and attachment links.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use regex::Regex;
use scraper::{Html, Selector};
use url::Url;

use super::chrome;
use super::dom::{is_han, Collapser, Dom, Kind, Step, Tag};
use super::render::Line;

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

static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})").expect("date regex")
});

/// A date after an info-line label; group `l` (a specific label, anywhere)
/// or `g` (a bare 时间/日期, not inside a longer word) is the label.
static INFO_DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(?P<l>发\s*布\s*时\s*间|发\s*布\s*日\s*期|发表时间|发稿时间|更新时间|更新日期)|(?:^|[^\p{Han}])(?P<g>时\s*间|日\s*期))\s*[:：]\s*(?P<d>\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})",
    )
    .expect("info date regex")
});

/// The 来源 of the info line; group 1 is the value.
static ORGAN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^\p{Han}]|日)(?:信息来源|文章来源|稿件来源|来源单位|来\s*源)\s*[:：]\s*([^\s|｜【】\[\]]+)",
    )
    .expect("organ regex")
});

/// A line that is an info line: it opens with 来源 or carries another
/// info-line item.
static INFO_LINE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[【\[(（]?\s*(?:信息来源|文章来源|稿件来源|来源单位|来\s*源)|发布时间|发布日期|(?:^|[^\p{Han}])(?:时间|日期)\s*[:：]|浏览|点击|访问量|阅读|字[体号]\s*[:：]|作者\s*[:：]|编辑\s*[:：]",
    )
    .expect("info line regex")
});

/// A line that is only a date and a time (the stamp under a title).
static STAMP_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s+\d{1,2}:\d{2}(?::\d{2})?$")
        .expect("stamp regex")
});

/// Where an organ value running into the next info-line item is cut.
static ORGAN_CUT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"发布时间|发布日期|发表时间|时间[:：]|日期[:：]|浏览|点击|访问|作者|编辑|字体|字号|分享|打印|责任|阅读|\d{4}[-/.年]")
        .expect("organ cut regex")
});

fn normalize_label(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '【' | '】' | '[' | ']' | ':' | '：'))
        .collect()
}

fn is_known_label(s: &str) -> bool {
    LABELS.contains(&s)
}

fn clean_value(s: &str) -> String {
    let mut c = Collapser::default();
    c.push(s);
    c.finish()
        .trim_matches(|c: char| c == ':' || c == '：' || c.is_whitespace())
        .to_string()
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
pub(super) fn mark_meta_blocks(dom: &mut Dom<'_>) -> BTreeMap<String, String> {
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
pub(super) fn take_meta_lines(lines: &mut Vec<Line>, fields: &mut BTreeMap<String, String>) {
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

static META_SEL: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("meta").expect("meta selector"));
static TITLE_SEL: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("title").expect("title selector"));

/// `<meta name=… content=…>` (and `property=`), names lowercased; first wins.
pub(super) fn meta_tags(doc: &Html) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for m in doc.select(&META_SEL) {
        let e = m.value();
        let (Some(name), Some(content)) =
            (e.attr("name").or(e.attr("property")), e.attr("content"))
        else {
            continue;
        };
        let content = clean_value(content);
        if !content.is_empty() {
            out.entry(name.trim().to_ascii_lowercase())
                .or_insert(content);
        }
    }
    out
}

/// The text of the first `<title>`.
pub(super) fn title_tag(doc: &Html) -> Option<String> {
    let t = doc.select(&TITLE_SEL).next()?;
    let mut c = Collapser::default();
    for s in t.text() {
        c.push(s);
    }
    let s = c.finish();
    (!s.is_empty()).then_some(s)
}

/// Endings of a site or organ name (the suffix of a page title).
const SITE_ENDINGS: &[&str] = &[
    "人民政府",
    "政府网",
    "政府网站",
    "门户网站",
    "门户网",
    "门户",
    "网站",
    "政府",
    "政务网",
    "公开网",
    "信息网",
    "公开平台",
    "政务服务网",
    "局",
    "委员会",
    "办公室",
    "办事处",
];

/// Whether `s` names a site or an organ's portal.
pub(super) fn is_site_name(s: &str) -> bool {
    let s = s.trim();
    let n = s.chars().count();
    (2..=30).contains(&n) && SITE_ENDINGS.iter().any(|e| s.ends_with(e))
}

/// Strip site suffixes (`…_XX县人民政府`, `… - XX区政府网`,
/// `…|XX市人民政府门户网站`, `…——XX`): only after a separator, only when what
/// follows names a site or organ. Returns the title and the stripped names.
pub(super) fn strip_title_suffix(title: &str) -> (String, Vec<String>) {
    const SEPS: &[&str] = &["——", "—", "_", "|", "｜", " - ", "-", "－", " – ", "–"];
    let mut t = title.trim().to_string();
    let mut names = Vec::new();
    loop {
        let cut = SEPS
            .iter()
            .filter_map(|s| t.rfind(s).map(|p| (p, s.len())))
            .max_by_key(|&(p, l)| (p, l));
        let Some((p, l)) = cut else {
            break;
        };
        let suffix = t[p + l..].trim();
        let prefix = t[..p].trim_end_matches(['—', '-', '_', ' ']).trim();
        if prefix.is_empty() || !(suffix.is_empty() || is_site_name(suffix)) {
            break;
        }
        if !suffix.is_empty() {
            names.push(suffix.to_string());
        }
        t = prefix.to_string();
    }
    (t, names)
}

fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The title: `<meta name="ArticleTitle">`, else the article heading that
/// matches `<title>`, else the longer of `<title>` and the heading nearest
/// before the body container (or first inside it); site suffixes stripped.
pub(super) fn pick_title(
    dom: &Dom<'_>,
    container: usize,
    metas: &HashMap<String, String>,
    title_tag: Option<&str>,
) -> Option<String> {
    let cands = heading_candidates(dom, metas);
    choose_title(dom, container, metas, title_tag, &cands)
}

/// The page's own title heading when it sits inside `container` with no
/// heading of the same text before it: the container then reaches above
/// the article's body, and the heading is no body line. Returns its text.
pub(super) fn title_heading_inside(
    dom: &Dom<'_>,
    container: usize,
    metas: &HashMap<String, String>,
    title: &str,
) -> Option<String> {
    let want = norm(title);
    let cands = heading_candidates(dom, metas);
    let mut matching = cands
        .iter()
        .filter(|(_, t)| norm(&strip_title_suffix(t).0) == want || norm(t) == want);
    let (i, t) = matching.next()?;
    (dom.contains(container, *i) && *i != container).then(|| t.clone())
}

/// Headings that may carry the article title: h1–h3 and `*title*` /
/// `*biaoti*` classes, 4–150 characters, not links, not site names.
fn heading_candidates(dom: &Dom<'_>, metas: &HashMap<String, String>) -> Vec<(usize, String)> {
    let site = metas.get("sitename").map(String::as_str).unwrap_or("");
    let mut cands: Vec<(usize, String)> = Vec::new();
    for i in dom.body..dom.end[dom.body] {
        if dom.dead[i] || dom.in_link[i] || !(4..=150).contains(&dom.chars[i]) {
            continue;
        }
        let Some(el) = dom.elem(i) else {
            continue;
        };
        let heading = matches!(dom.name(i), "h1" | "h2" | "h3");
        let titled = el
            .value()
            .attr("class")
            .into_iter()
            .chain(el.value().id())
            .any(|c| {
                let c = c.to_ascii_lowercase();
                c.contains("title") || c.contains("biaoti")
            });
        if !(heading || titled) {
            continue;
        }
        let text = dom.flat_text(i);
        if text.chars().filter(|&c| is_han(c)).count() < 4
            || chrome::only_chrome_tokens(&text)
            || is_site_name(&text)
            || text == site
        {
            continue;
        }
        cands.push((i, text));
    }
    cands
}

fn choose_title(
    dom: &Dom<'_>,
    container: usize,
    metas: &HashMap<String, String>,
    title_tag: Option<&str>,
    cands: &[(usize, String)],
) -> Option<String> {
    if let Some(t) = metas.get("articletitle") {
        let (t, _) = strip_title_suffix(t);
        if !t.is_empty() {
            return Some(t);
        }
    }
    let tt = title_tag
        .map(|t| strip_title_suffix(t).0)
        .filter(|t| !t.is_empty() && !is_site_name(t));
    if let Some(tt) = &tt {
        let ntt = norm(tt);
        if let Some((_, t)) = cands.iter().find(|(_, t)| norm(t) == ntt) {
            return Some(t.clone());
        }
        let n = ntt.chars().count();
        if let Some((_, t)) = cands.iter().find(|(_, t)| {
            let nt = norm(t);
            let k = nt.chars().count();
            k >= 6 && k * 2 >= n && ntt.contains(&nt)
        }) {
            return Some(strip_title_suffix(t).0);
        }
        // A heading that carries most of <title> (the title has a prefix or
        // an organ suffix the heading words differently).
        let best = cands
            .iter()
            .map(|(_, t)| (bigram_share(&ntt, &norm(t)), t))
            .filter(|(s, _)| *s >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, t)) = best {
            return Some(strip_title_suffix(t).0);
        }
    }
    let before = cands.iter().rev().find(|(i, _)| *i < container);
    let inside = cands.iter().find(|(i, _)| dom.contains(container, *i));
    let heading = before
        .or(inside)
        .map(|(_, t)| strip_title_suffix(t).0)
        .filter(|t| !t.is_empty());
    // Neither matches the other: a short <title> is a column name, a short
    // heading a column heading; the longer one is the article's title.
    match (heading, tt) {
        (Some(h), Some(t)) if t.chars().count() >= h.chars().count() => Some(t),
        (h, t) => h.or(t),
    }
}

/// Share of `a`'s character bigrams found in `b`.
fn bigram_share(a: &str, b: &str) -> f64 {
    let grams = |s: &str| -> Vec<(char, char)> {
        let c: Vec<char> = s.chars().collect();
        c.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (ga, gb) = (grams(a), grams(b));
    if ga.is_empty() {
        return 0.0;
    }
    let hit = ga.iter().filter(|g| gb.contains(g)).count();
    hit as f64 / ga.len() as f64
}

/// The first valid date in `s`, as `YYYY-MM-DD`.
pub(super) fn norm_date(s: &str) -> Option<String> {
    DATE_RE.captures_iter(s).find_map(|c| {
        let y: u32 = c[1].parse().ok()?;
        let m: u32 = c[2].parse().ok()?;
        let d: u32 = c[3].parse().ok()?;
        ((1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
            .then(|| format!("{y:04}-{m:02}-{d:02}"))
    })
}

/// The publication date from the info line: 发布时间 / 发布日期 first, then
/// other labels, then an unlabelled date in an info line or a date-time
/// stamp line.
pub(super) fn info_date(lines: &[Line]) -> Option<String> {
    let mut best: Option<(u8, String)> = None;
    for l in lines {
        if l.text.chars().count() > 200 {
            continue;
        }
        for c in INFO_DATE_RE.captures_iter(&l.text) {
            let Some(label) = c.name("l").or(c.name("g")).map(|m| norm(m.as_str())) else {
                continue;
            };
            let rank = match label.as_str() {
                "发布时间" | "发布日期" => 0,
                "发表时间" | "发稿时间" => 1,
                "时间" | "日期" => 2,
                _ => 3,
            };
            if best.as_ref().is_some_and(|(r, _)| *r <= rank) {
                continue;
            }
            if let Some(d) = norm_date(&c["d"]) {
                best = Some((rank, d));
            }
        }
        if best.is_none() && (INFO_LINE_RE.is_match(&l.text) || STAMP_RE.is_match(&l.text)) {
            best = norm_date(&l.text).map(|d| (4, d));
        }
        if best.as_ref().is_some_and(|(r, _)| *r == 0) {
            break;
        }
    }
    best.map(|(_, d)| d)
}

/// An organ name without trailing junk; `None` for non-names (本站, 原创…).
pub(super) fn clean_organ(s: &str) -> Option<String> {
    let mut v = clean_value(s);
    if let Some(m) = ORGAN_CUT_RE.find(&v) {
        v.truncate(m.start());
    }
    let v = v
        .trim_end_matches(|c: char| c.is_whitespace() || ",，;；:：、.。|｜-—_【[(（".contains(c))
        .trim()
        .to_string();
    const JUNK: &[&str] = &[
        "本站",
        "本网",
        "原创",
        "网站",
        "互联网",
        "未知",
        "无",
        "其他",
        "网络",
        "转载",
    ];
    let n = v.chars().count();
    ((2..=40).contains(&n) && !JUNK.contains(&v.as_str()) && v.chars().any(is_han)).then_some(v)
}

/// The 来源 of the info line.
pub(super) fn info_organ(lines: &[Line]) -> Option<String> {
    lines
        .iter()
        .filter(|l| l.text.chars().count() <= 200 && INFO_LINE_RE.is_match(&l.text))
        .find_map(|l| ORGAN_RE.captures(&l.text).and_then(|c| clean_organ(&c[1])))
}

/// Whether a link text names a document file (`年度报告.pdf`), as the
/// download links of 博达 VSB (`download.jsp?…&wbfileid=…`) show them.
fn names_document(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    [".pdf", ".doc", ".docx", ".wps", ".ofd", ".xls", ".xlsx"]
        .iter()
        .any(|e| t.ends_with(e))
}

/// Attachment links (absolute, deduplicated, in page order) in the subtree
/// at `area`: `<a href>` to a document URL
/// ([`crate::discover::is_document_url`]) or whose text names a document
/// file, and `<iframe>`/`<embed>`/`<object>` showing a document.
pub(super) fn attachments(dom: &Dom<'_>, area: usize, url: &Url) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in area..dom.end[area] {
        let href = match dom.name(i) {
            "a" if !dom.dead[i] => dom.attr(i, "href"),
            "iframe" | "embed" => dom.attr(i, "src"),
            "object" => dom.attr(i, "data"),
            _ => None,
        };
        let Some(href) = href else {
            continue;
        };
        let Some(u) = crate::frontier::canon::resolve(url, href) else {
            continue;
        };
        let named = dom.name(i) == "a" && dom.chars[i] <= 200 && names_document(&dom.flat_text(i));
        if named || crate::discover::is_document_url(&u) {
            let s = u.to_string();
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}
