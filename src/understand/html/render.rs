//! Rendering a subtree to lines: blocks and `<br>` break lines, whitespace
//! is collapsed, data tables become ` | ` rows in place.

use super::dom::{Dom, Kind, Step, Tag};
use super::table;
use super::text::{measure, Collapser};
use crate::understand::Table;

/// One rendered line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Line {
    pub text: String,
    /// Text measure of the line ([`super::text::measure`]).
    pub m: u32,
    /// Part of `m` inside links.
    pub lm: u32,
    /// A table row (never judged as chrome, never trimmed).
    pub table: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// The body: prune chrome, metadata and link-dense blocks below the
    /// root; data tables as grids.
    Body,
    /// Everything visible, tables cell by cell: for reading the info line.
    Raw,
}

pub(super) struct Rendered {
    pub lines: Vec<Line>,
    pub tables: Vec<Table>,
}

struct State<'d, 'a> {
    dom: &'d Dom<'a>,
    mode: Mode,
    cur: Collapser,
    cur_lm: u32,
    pre: usize,
    out: Rendered,
}

impl State<'_, '_> {
    fn flush(&mut self) {
        if self.cur.is_empty() {
            self.cur_lm = 0;
            return;
        }
        let text = self.cur.take();
        let m = measure(&text);
        self.out.lines.push(Line {
            lm: self.cur_lm.min(m),
            m,
            text,
            table: false,
        });
        self.cur_lm = 0;
    }

    fn text(&mut self, i: usize, t: &str) {
        let link = self.dom.in_link[i];
        if self.pre > 0 {
            let mut first = true;
            for part in t.split('\n') {
                if !first {
                    self.flush();
                }
                first = false;
                self.cur.push(part);
                if link {
                    self.cur_lm += measure(part);
                }
            }
        } else {
            self.cur.push(t);
            if link {
                self.cur_lm += measure(t);
            }
        }
    }

    /// Whether to skip element `i` (never the root).
    fn pruned(&self, i: usize) -> bool {
        let d = self.dom;
        d.chrome_here[i] || d.meta_here[i] || link_dense(d, i)
    }

    fn enter(&mut self, i: usize, root: usize) -> bool {
        let d = self.dom;
        if d.dead[i] {
            return false;
        }
        let tag = match d.nodes[i].kind {
            Kind::Text(t) => {
                self.text(i, t);
                return false;
            }
            Kind::Root => return true,
            Kind::Elem(_, tag) => tag,
        };
        if self.mode == Mode::Body && i != root && self.pruned(i) {
            return false;
        }
        match tag {
            Tag::Br => {
                self.flush();
                false
            }
            Tag::Table if self.mode == Mode::Body && d.data_table[i] => {
                self.flush();
                // A caption is text of the table that is no grid row.
                for c in d.child_elems(i).filter(|&c| d.name(c) == "caption") {
                    let text = d.flat_text(c);
                    if !text.is_empty() {
                        self.out.lines.push(Line {
                            m: measure(&text),
                            lm: 0,
                            text,
                            table: false,
                        });
                    }
                }
                if let Some(t) = table::grid(d, i) {
                    for text in t.to_lines() {
                        self.out.lines.push(Line {
                            m: measure(&text),
                            lm: 0,
                            text,
                            table: true,
                        });
                    }
                    self.out.tables.push(t);
                }
                false
            }
            _ => {
                if tag == Tag::Pre {
                    self.pre += 1;
                }
                if tag.is_block() {
                    self.flush();
                }
                true
            }
        }
    }

    fn exit(&mut self, i: usize) {
        match self.dom.tag(i) {
            Some(Tag::Pre) => {
                self.pre = self.pre.saturating_sub(1);
                self.flush();
            }
            Some(t) if t.is_block() => self.flush(),
            _ => {}
        }
    }
}

/// Render the subtree at `root` to lines (and tables, in [`Mode::Body`]).
pub(super) fn render(dom: &Dom<'_>, root: usize, mode: Mode) -> Rendered {
    let mut st = State {
        dom,
        mode,
        cur: Collapser::default(),
        cur_lm: 0,
        pre: 0,
        out: Rendered {
            lines: Vec::new(),
            tables: Vec::new(),
        },
    };
    dom.walk(root, |step| match step {
        Step::Enter(i) => st.enter(i, root),
        Step::Exit(i) => {
            st.exit(i);
            true
        }
    });
    st.flush();
    st.out
}

/// A block that is mostly links — a menu, a 相关链接 list — unless the
/// links are attachments.
pub(super) fn link_dense(dom: &Dom<'_>, i: usize) -> bool {
    let Some(tag) = dom.tag(i) else {
        return false;
    };
    if !(tag.is_block() || tag == Tag::Inline) || tag == Tag::Body {
        return false;
    }
    let (m, lm) = (dom.m[i], dom.lm[i]);
    if dom.links[i] < 3 || m == 0 || lm * 10 < m * 6 {
        return false;
    }
    let mut docs = 0;
    for j in i..dom.end[i] {
        if dom.tag(j) == Some(Tag::A) && dom.attr(j, "href").is_some_and(is_document_href) {
            docs += 1;
        }
    }
    docs * 2 < dom.links[i]
}

/// File extensions (with the dot, lowercase) of the documents a page may
/// attach: the same set as [`crate::discover::is_document_url`].
pub(super) const DOCUMENT_EXTS: [&str; 7] =
    [".pdf", ".doc", ".docx", ".wps", ".ofd", ".xls", ".xlsx"];

/// Whether an href names an attachment file (a cheap look at the text;
/// attachment URLs proper are judged by [`crate::discover::is_document_url`]).
pub(super) fn is_document_href(href: &str) -> bool {
    let h = href.trim().to_ascii_lowercase();
    let path = h.split(['?', '#']).next().unwrap_or("");
    DOCUMENT_EXTS.iter().any(|e| path.ends_with(e))
        || h.split_once('?')
            .is_some_and(|(_, q)| DOCUMENT_EXTS.iter().any(|e| q.contains(e)))
}
