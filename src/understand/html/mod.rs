//! HTML pages → [`Document`].
//!
//! **In**: a decoded HTML page (any quality: a fragment, unclosed tags, an
//! empty string, hostile nesting) and its URL. **Out**: a [`Document`] with
//! `source_type = Html` and `readability = Ok`: the report body as text,
//! its data tables, the 信息公开 metadata fields, title, publication date,
//! issuing organ and attachment links. **Never**: I/O, a panic on any
//! input, or text the page does not hold — every character of `body` comes
//! from the page (nothing translated, guessed or reordered; paragraphs keep
//! document order), and site chrome is dropped.
//!
//! # Steps
//! 1. **Parse** with scraper/html5ever, after `guard` has flattened
//!    nesting deeper than 1000 elements (the parser is quadratic in depth).
//!    `<script>`, `<style>`, `<noscript>`, form controls, media and hidden
//!    elements (`display:none`, `visibility:hidden`, `hidden`) are not
//!    text. (When the visible page has no body but hidden elements hold
//!    three times its text, the page is read again with them.)
//! 2. **Container** (`density.rs`): the first known CMS body container with
//!    a plausible amount of text (≥ 40 CJK units, or an attachment link),
//!    the one with most text when a selector matches several, in this
//!    order: `.TRS_Editor`, `.TRS_UEDITOR`, `#UCAP-CONTENT`, `#zoom`,
//!    `#Zoom`, `.zoom`, `#fontzoom`, `.bt_content`, `.wzy_con`,
//!    `.Custom_UnionStyle`, `#vsb_content`, `.v_news_content`, `.art_con`,
//!    `#art_con`, `.article-content`, `.article_content`,
//!    `#article_content`, `.news_content`, `.pages_content`, `#zwnr`,
//!    `.zwnr`, `#content .content`, `.view`. A known container that is
//!    mostly links is narrowed by the scorer; one holding under half of
//!    the body text the scorer finds is a fragment and the scorer's pick is
//!    tried first. Without a known container: the CJK density scorer
//!    (`density::by_density`). When the result is still implausibly short
//!    (< 40 units while the page holds more than three times that): the
//!    whole `<body>` minus chrome. **Listing pages** (`listing.rs`): when no
//!    known container was accepted, no metadata block exists and the
//!    page's main list (≥ 5 items with a title link and a date) outweighs
//!    the text found, the body is the list: one item per line, `title
//!    date`, the pager left out.
//! 3. **Chrome** (`chrome/`): below the container, elements that are
//!    chrome by tag (`header`, `footer`, `nav`, `aside`) or class/id (nav,
//!    menu, head/foot/top/bottom, footer, share, breadcrumb/position,
//!    search, print/close, qrcode, related …; never so large that the hint
//!    must be wrong) are skipped, as are link-dense blocks (≥ 3 links,
//!    ≥ 60 % of the text in links, not attachment lists). Then rendered
//!    lines *made of* chrome go whole: the top bar (繁體版, 无障碍, 关怀版,
//!    本站地图, 手机版, 登录 …), search, breadcrumbs (当前位置：首页 > …, or
//!    any trail of short names joined by `>`), the info line (来源, 发布时间,
//!    浏览次数, 【字体：大 中 小】 …), share bars, 【打印本页】【关闭窗口】,
//!    上一篇/下一篇, a 相关链接 heading and the link lines under it, footer
//!    lines (主办单位, ICP备, 公网安备, 版权所有 …) and contact lines next to
//!    them, 扫一扫/二维码, and the site's name alone in the page head (after
//!    the body has begun it is a signature and stays). A sentence is never
//!    cut, and running text (ending in 。, several clauses) is never taken
//!    for a footer. The page's title heading caught inside a wide
//!    container is dropped; a title the article repeats inside its body
//!    stays. On 繁體 mirror pages lines are judged on a Simplified copy with
//!    converter pinyin (領(lǐng)) removed; the body keeps the page's own
//!    text.
//! 4. **Metadata** (`meta/`): the 信息公开 block anywhere on the page (a
//!    table, list or lines with ≥ 2 known labels — 索引号, 发布机构, 生成日期,
//!    成文日期, 文号, 公开方式, 主题分类, 有效性 … — and little else) becomes
//!    `fields` (label without colon or spaces → value; empty values
//!    skipped) and stays out of `body` and `tables`.
//!    - `title`: `<meta name="ArticleTitle">`, else the article heading
//!      (h1–h3 or a `*title*` class) that matches `<title>`, else the longer
//!      of `<title>` and the heading nearest before the container (a short
//!      one is a column name); a suffix after `_ - | ——` naming a site or
//!      organ (…人民政府, …政府网, …门户网站,
//!      …网站, …局 …) is stripped, so `XX县人民政府2024年…报告` stays whole.
//!    - `published` (`YYYY-MM-DD`, zero-padded): meta `PubDate` /
//!      `firstpublishedtime`, else the info line (发布时间/发布日期 first;
//!      `2025-01-15 10:00`, `2025年1月15日`, `2025/1/15`), else fields
//!      发布日期/生成日期/成文日期.
//!    - `organ`: field 发布机构, else the info line's 来源/信息来源/文章来源
//!      (cut before the next info item; 本站/原创 are no organ), else
//!      `<meta name="ContentSource">`.
//!    - `attachments`: absolute URLs ([`crate::frontier::canon::resolve`])
//!      of links in the article area (the container and up to three levels
//!      around it) that are documents by
//!      [`crate::discover::is_document_url`] (.pdf .doc .docx .wps .ofd
//!      .xls .xlsx) or whose link text names such a file (博达 VSB
//!      `download.jsp?…` links); deduplicated, in page order.
//!
//! # Body text
//! One paragraph per line, in document order: `<p>`, `<div>`, `<li>`,
//! headings, cells of layout tables and other blocks end a line, and so
//! does `<br>`. Whitespace (NBSP and U+3000 included) collapses to one
//! space, so Latin words keep single spaces; lines are trimmed; empty lines
//! are dropped; control and zero-width characters are removed.
//!
//! # Tables
//! A `<table>` is a *data table* when it has ≥ 2 rows with cells and ≥ 2
//! columns, its non-empty cells are short (median < 40 characters, none
//! over 300, none over 100 holding several paragraphs), it is not mostly
//! links, and it holds no data table itself. Any other table — a page
//! layout, a one-cell wrapper, a menu — is a layout container: its cells
//! are rendered as blocks, never as ` | ` rows.
//!
//! A data table is written in place, one row per line, and pushed to
//! `tables` (its `<caption>`, if any, is a line just before it). The
//! convention, which the report parser relies on:
//! - the full grid is built; a cell with `rowspan`/`colspan` puts its text
//!   once, in its top-left slot, and every other slot it covers is `""` —
//!   nothing invented, nothing lost, columns stay aligned;
//! - a row's line is all its slots joined by ` | ` (space, pipe, space),
//!   empty slots included (`a |  | b`; a row starting under a rowspan
//!   starts with ` | `); trailing empty slots are trimmed; `Table::rows`
//!   holds the same trimmed rows, so the body lines are exactly
//!   `Table::to_lines`;
//! - cell text is the cell's text with whitespace collapsed; inner `<br>`,
//!   `<p>` and other blocks join with a single space (`本年新<br>制作数量`
//!   → `本年新 制作数量`); a nested table is flattened into its cell;
//! - rows with no text in any slot are dropped.

mod chrome;
mod density;
mod dom;
mod guard;
mod listing;
mod meta;
mod render;
mod table;
mod text;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use scraper::Html;
use url::Url;

use super::{Document, Readability, SourceType};
use dom::Dom;
use render::{render, Mode};

/// `html` with the tags of elements nested deeper than the parser can
/// take in reasonable time removed (text kept); borrowed unchanged for
/// every ordinary page. See `guard.rs`.
pub fn defuse_nesting(html: &str) -> std::borrow::Cow<'_, str> {
    guard::defuse(html)
}

/// Parse a decoded HTML page the way [`extract`] does: nesting defused
/// first. The crawl parses each page once with this and hands the tree to
/// both link discovery ([`crate::discover::discover_document`]) and
/// [`extract_document`].
pub fn parse(html: &str) -> Html {
    Html::parse_document(&guard::defuse(html))
}

/// Extract the clean document from a decoded HTML page. Pure; never panics.
pub fn extract(html: &str, url: &Url) -> Document {
    extract_document(&parse(html), url)
}

/// [`extract`] of a page already [`parse`]d.
pub fn extract_document(doc: &Html, url: &Url) -> Document {
    let first = run(doc, url, false);
    if first.body_m < density::MIN_BODY {
        // A page that hides its body (shown by script): read hidden text too.
        let all = Dom::build(doc, true);
        let with_hidden = all.m[all.body];
        if with_hidden >= 100 && with_hidden >= first.page_m.saturating_mul(3) {
            drop(all);
            return run(doc, url, true).doc;
        }
    }
    first.doc
}

/// One rendering of a candidate body root.
struct Attempt {
    root: usize,
    lines: Vec<render::Line>,
    tables: Vec<super::Table>,
    fields: BTreeMap<String, String>,
    m: u32,
}

struct Run {
    doc: Document,
    /// Text measure of the body found.
    body_m: u32,
    /// Visible text measure of the whole page.
    page_m: u32,
}

fn run(doc: &Html, url: &Url, keep_hidden: bool) -> Run {
    let mut dom = Dom::build(doc, keep_hidden);
    dom.mark_chrome(chrome::hinted);
    let mut fields = meta::mark_meta_blocks(&mut dom);
    dom.score_stats();
    table::mark_data_tables(&mut dom);

    let metas = meta::meta_tags(doc);
    let title_tag = meta::title_tag(doc);
    let mut site_names: Vec<String> = Vec::new();
    if let Some(s) = metas.get("sitename") {
        site_names.push(s.clone());
    }
    if let Some(t) = &title_tag {
        site_names.extend(meta::strip_title_suffix(t).1);
    }

    let page_good = dom.good[dom.body];
    let body = dom.body;
    let known = density::known_container(&dom);
    let dens = density::by_density(&dom, body);
    let mut attempts: Vec<(usize, bool)> = Vec::new();
    if let Some(k) = known {
        attempts.push((k, false));
    }
    if let Some(d) = dens.filter(|&d| Some(d) != known) {
        // A known container holding under half the body text the scorer
        // finds is a fragment (an abstract, a first part): scorer first.
        let fragment = known
            .is_some_and(|k| dom.good[d] >= 2 * dom.good[k] && dom.good[d] >= dom.good[k] + 200);
        if fragment {
            attempts.insert(0, (d, false));
        } else {
            attempts.push((d, false));
        }
    }
    // Render a candidate root: lines after metadata and chrome removal.
    let attempt = |root: usize, loose: bool| {
        let rendered = render(&dom, root, Mode::Body);
        let mut lines = rendered.lines;
        let mut f = BTreeMap::new();
        meta::take_meta_lines(&mut lines, &mut f);
        let lines = chrome::filter_lines(lines, &site_names, loose || root == body);
        let m: u32 = lines.iter().map(|l| l.m).sum();
        let attachment_only = Some(root) == known && density::has_document_link(&dom, root);
        let plausible =
            m >= density::MIN_BODY || attachment_only || m.saturating_mul(3) >= page_good;
        (
            plausible,
            Attempt {
                root,
                lines,
                tables: rendered.tables,
                fields: f,
                m,
            },
        )
    };
    let chosen = attempts
        .iter()
        .map(|&(root, loose)| attempt(root, loose))
        .find(|(plausible, _)| *plausible)
        .map_or_else(|| attempt(body, true).1, |(_, a)| a);
    let Attempt {
        root,
        mut lines,
        tables,
        fields: line_fields,
        m: body_m,
    } = chosen;
    for (k, v) in line_fields {
        fields.entry(k).or_insert(v);
    }

    let raw = render(&dom, body, Mode::Raw).lines;
    let title = meta::pick_title(&dom, root, &metas, title_tag.as_deref());
    // The page's heading caught inside a wide container is no body line
    // (a title the article repeats inside its body stays).
    if let Some(h) = title
        .as_deref()
        .and_then(|t| meta::title_heading_inside(&dom, root, &metas, t))
    {
        let h = meta::squeeze(&h);
        if let Some(k) = lines
            .iter()
            .take(3)
            .position(|l| !l.table && meta::squeeze(&l.text) == h)
        {
            lines.remove(k);
        }
    }
    // Without a CMS container the page's own title line, shown above the
    // text as a styled block rather than a heading, is no body line either.
    if Some(root) != known {
        if let Some(t) = title.as_deref().map(meta::squeeze) {
            if lines
                .first()
                .is_some_and(|l| !l.table && meta::squeeze(&l.text) == t)
            {
                lines.remove(0);
            }
        }
    }
    let published = [
        "pubdate",
        "firstpublishedtime",
        "publishdate",
        "article:published_time",
    ]
    .iter()
    .find_map(|k| metas.get(*k).and_then(|v| meta::norm_date(v)))
    .or_else(|| {
        if chrome::looks_traditional(&raw) {
            // 發佈時間 on a 繁體 mirror: read dates from a Simplified copy.
            let simplified: Vec<render::Line> = raw
                .iter()
                .filter(|l| l.text.chars().count() <= 200)
                .map(|l| render::Line {
                    text: chrome::judged_text(&l.text, true).into_owned(),
                    ..l.clone()
                })
                .collect();
            meta::info_date(&simplified)
        } else {
            meta::info_date(&raw)
        }
    })
    .or_else(|| {
        ["发布日期", "生成日期", "成文日期", "公开日期", "发文日期"]
            .iter()
            .find_map(|k| fields.get(*k).and_then(|v| meta::norm_date(v)))
    });
    let organ = ["发布机构", "发文机关", "发布单位", "发文机构", "公开主体"]
        .iter()
        .find_map(|k| fields.get(*k).and_then(|v| meta::clean_organ(v)))
        .or_else(|| meta::info_organ(&raw))
        .or_else(|| {
            metas
                .get("contentsource")
                .and_then(|v| meta::clean_organ(v))
        });

    let mut area = root;
    for _ in 0..3 {
        match dom.parent(area) {
            Some(p) if dom.contains(body, p) => area = p,
            _ => break,
        }
    }
    if !dom.contains(body, area) {
        area = body;
    }
    let attachments = meta::attachments(&dom, area, url);

    let mut body_text = lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut tables = tables;
    // A listing page: no article container was accepted, no metadata block,
    // and the main list outweighs the text found.
    if Some(root) != known && fields.is_empty() {
        if let Some(l) = listing::find(&dom) {
            if l.link_m >= body_m.saturating_mul(2) {
                body_text = l.lines.join("\n");
                tables = Vec::new();
            }
        }
    }
    let mut out = Document::empty(SourceType::Html, Readability::Ok);
    out.title = title;
    out.published = published;
    out.organ = organ;
    out.body = body_text;
    out.tables = tables;
    out.fields = fields;
    out.attachments = attachments;
    Run {
        doc: out,
        body_m,
        page_m: dom.m[body],
    }
}
