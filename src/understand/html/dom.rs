//! A flat, pre-order copy of the parsed tree with the per-node numbers the
//! extractor needs (text measure, link text, chrome and hidden flags), each
//! computed in one linear pass.

use scraper::{ElementRef, Html, Node};

use super::text::{is_space, measure, Collapser};

/// What kind of element a node is, as far as extraction cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tag {
    A,
    Br,
    Table,
    Tr,
    Td,
    RowGroup,
    Heading,
    Pre,
    Body,
    /// Block-level container or paragraph (div, p, li, section, …).
    Block,
    /// Never rendered: script, style, head, form controls, media.
    Ignored,
    /// Inline formatting and unknown elements.
    Inline,
}

impl Tag {
    fn of(name: &str) -> Tag {
        match name {
            "a" => Tag::A,
            "br" => Tag::Br,
            "table" => Tag::Table,
            "tr" => Tag::Tr,
            "td" | "th" => Tag::Td,
            "thead" | "tbody" | "tfoot" => Tag::RowGroup,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Tag::Heading,
            "pre" | "listing" | "xmp" | "plaintext" => Tag::Pre,
            "body" => Tag::Body,
            "p" | "div" | "section" | "article" | "main" | "header" | "footer" | "nav"
            | "aside" | "ul" | "ol" | "li" | "dl" | "dt" | "dd" | "blockquote" | "address"
            | "center" | "form" | "fieldset" | "legend" | "figure" | "figcaption" | "hr"
            | "caption" | "details" | "summary" | "html" | "dir" | "menu" | "marquee"
            | "hgroup" | "colgroup" => Tag::Block,
            "script" | "style" | "noscript" | "template" | "head" | "title" | "meta" | "link"
            | "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "svg" | "math"
            | "canvas" | "video" | "audio" | "select" | "option" | "optgroup" | "button"
            | "input" | "textarea" | "map" | "area" | "datalist" | "base" | "param" | "source"
            | "track" | "img" | "picture" | "col" => Tag::Ignored,
            _ => Tag::Inline,
        }
    }

    /// Starts and ends a line in rendered text.
    pub(super) fn is_block(self) -> bool {
        matches!(
            self,
            Tag::Block
                | Tag::Table
                | Tag::Tr
                | Tag::Td
                | Tag::RowGroup
                | Tag::Heading
                | Tag::Pre
                | Tag::Body
        )
    }
}

pub(super) enum Kind<'a> {
    /// The document node.
    Root,
    Elem(ElementRef<'a>, Tag),
    Text(&'a str),
}

pub(super) struct DNode<'a> {
    pub parent: usize,
    pub children: Vec<usize>,
    pub kind: Kind<'a>,
}

/// The flattened tree plus per-node statistics. Index order is document
/// (pre-)order, so every node's descendants are `i + 1 .. end[i]`.
pub(super) struct Dom<'a> {
    pub nodes: Vec<DNode<'a>>,
    /// One past the last descendant of each node.
    pub end: Vec<usize>,
    /// `<body>` (or the root when there is none).
    pub body: usize,
    /// Not rendered: ignored tags, hidden elements and everything under them.
    pub dead: Vec<bool>,
    /// Inside an `<a href>` (the `<a>` included).
    pub in_link: Vec<bool>,
    /// Text measure of the visible subtree (see [`measure`]).
    pub m: Vec<u32>,
    /// Part of `m` inside links.
    pub lm: Vec<u32>,
    /// Visible non-whitespace characters.
    pub chars: Vec<u32>,
    /// `<a href>` elements in the subtree.
    pub links: Vec<u32>,
    /// This element is site chrome by its tag, class or id (see
    /// [`super::chrome::hinted`]), and small enough to believe it.
    pub chrome_here: Vec<bool>,
    /// Inside a chrome element.
    pub chrome: Vec<bool>,
    /// This element is a 信息公开 metadata block (see [`super::meta`]).
    pub meta_here: Vec<bool>,
    /// Text measure outside links, chrome and metadata: what a body is made of.
    pub good: Vec<u32>,
    /// Text measure in links and chrome.
    pub junk: Vec<u32>,
    /// This `<table>` is a data table (see [`super::table::mark_data_tables`]).
    pub data_table: Vec<bool>,
}

const NONE: usize = usize::MAX;

/// The value of the no-namespace attribute `name`, as scraper's
/// `Element::attr` gives it, without turning `name` into an interned atom
/// on every call (that lookup was ~4 % of a page's extraction). Elements
/// have a handful of attributes, so a scan is cheaper than the search.
fn attr_of<'e>(e: &'e scraper::node::Element, name: &str) -> Option<&'e str> {
    e.attrs
        .iter()
        .find(|(k, _)| k.ns.is_empty() && &*k.local == name)
        .map(|(_, v)| &**v)
}

impl<'a> Dom<'a> {
    /// Flatten `doc`. `keep_hidden` renders `display:none` elements too (the
    /// retry when a page hides its whole body).
    pub fn build(doc: &'a Html, keep_hidden: bool) -> Dom<'a> {
        let mut nodes: Vec<DNode<'a>> = Vec::with_capacity(1024);
        let mut stack = vec![(doc.tree.root(), NONE)];
        while let Some((n, parent)) = stack.pop() {
            let kind = match n.value() {
                Node::Document | Node::Fragment => Kind::Root,
                Node::Element(e) => {
                    let Some(er) = ElementRef::wrap(n) else {
                        continue;
                    };
                    Kind::Elem(er, Tag::of(e.name()))
                }
                Node::Text(t) => Kind::Text(&t.text),
                _ => continue,
            };
            let idx = nodes.len();
            nodes.push(DNode {
                parent,
                children: Vec::new(),
                kind,
            });
            if parent != NONE {
                nodes[parent].children.push(idx);
            }
            let mut child = n.last_child();
            while let Some(c) = child {
                stack.push((c, idx));
                child = c.prev_sibling();
            }
        }
        let len = nodes.len();
        let mut dom = Dom {
            nodes,
            end: vec![0; len],
            body: 0,
            dead: vec![false; len],
            in_link: vec![false; len],
            m: vec![0; len],
            lm: vec![0; len],
            chars: vec![0; len],
            links: vec![0; len],
            chrome_here: vec![false; len],
            chrome: vec![false; len],
            meta_here: vec![false; len],
            good: vec![0; len],
            junk: vec![0; len],
            data_table: vec![false; len],
        };
        dom.inherited_flags(keep_hidden);
        dom.base_stats();
        dom.body = (0..len)
            .find(|&i| dom.tag(i) == Some(Tag::Body))
            .unwrap_or(0);
        dom
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn tag(&self, i: usize) -> Option<Tag> {
        match self.nodes[i].kind {
            Kind::Elem(_, t) => Some(t),
            _ => None,
        }
    }

    pub fn elem(&self, i: usize) -> Option<ElementRef<'a>> {
        match self.nodes[i].kind {
            Kind::Elem(e, _) => Some(e),
            _ => None,
        }
    }

    pub fn name(&self, i: usize) -> &'a str {
        match self.nodes[i].kind {
            Kind::Elem(e, _) => e.value().name(),
            _ => "",
        }
    }

    pub fn attr(&self, i: usize, name: &str) -> Option<&'a str> {
        self.elem(i).and_then(|e| attr_of(e.value(), name))
    }

    pub fn parent(&self, i: usize) -> Option<usize> {
        let p = self.nodes[i].parent;
        (p != NONE).then_some(p)
    }

    /// Whether `anc` is `i` or one of its ancestors.
    pub fn contains(&self, anc: usize, i: usize) -> bool {
        anc <= i && i < self.end[anc]
    }

    /// The node's element children.
    pub fn child_elems(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.nodes[i]
            .children
            .iter()
            .copied()
            .filter(|&c| matches!(self.nodes[c].kind, Kind::Elem(..)))
    }

    fn is_link(&self, i: usize) -> bool {
        self.tag(i) == Some(Tag::A)
            && self
                .attr(i, "href")
                .is_some_and(|h| !h.trim().is_empty() && !h.trim_start().starts_with('#'))
    }

    fn hidden(&self, i: usize) -> bool {
        let Some(e) = self.elem(i) else {
            return false;
        };
        let e = e.value();
        if attr_of(e, "hidden").is_some() {
            return true;
        }
        attr_of(e, "style").is_some_and(|s| {
            // Most styles hide nothing: no copy unless one could.
            let b = s.as_bytes();
            let could = |w: &[u8]| b.windows(w.len()).any(|x| x.eq_ignore_ascii_case(w));
            if !could(b"none") && !could(b"hidden") {
                return false;
            }
            let s: String = s
                .chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
    }

    /// `dead` and `in_link`, top-down.
    fn inherited_flags(&mut self, keep_hidden: bool) {
        for i in 0..self.len() {
            let (pdead, plink) = match self.parent(i) {
                Some(p) => (self.dead[p], self.in_link[p]),
                None => (false, false),
            };
            let own_dead = match self.tag(i) {
                Some(Tag::Ignored) => true,
                Some(_) => !keep_hidden && self.hidden(i),
                None => false,
            };
            self.dead[i] = pdead || own_dead;
            self.in_link[i] = plink || self.is_link(i);
        }
    }

    /// `m`, `lm`, `chars`, `links`, `end`, bottom-up.
    fn base_stats(&mut self) {
        for i in (0..self.len()).rev() {
            let mut end = i + 1;
            if let Some(&last) = self.nodes[i].children.last() {
                end = self.end[last];
            }
            self.end[i] = end;
            if self.dead[i] {
                continue;
            }
            match self.nodes[i].kind {
                Kind::Text(t) => {
                    let m = measure(t);
                    self.m[i] = m;
                    self.lm[i] = if self.in_link[i] { m } else { 0 };
                    self.chars[i] = t.chars().filter(|c| !is_space(*c)).count() as u32;
                }
                _ => {
                    let (mut m, mut lm, mut ch, mut ln) = (0, 0, 0, 0);
                    for &c in &self.nodes[i].children {
                        m += self.m[c];
                        lm += self.lm[c];
                        ch += self.chars[c];
                        ln += self.links[c];
                    }
                    if self.is_link(i) {
                        ln += 1;
                    }
                    self.m[i] = m;
                    self.lm[i] = lm;
                    self.chars[i] = ch;
                    self.links[i] = ln;
                }
            }
        }
    }

    /// Mark chrome elements: hinted by `is_chrome(i)` and not so large that
    /// the hint must be wrong (a body is never site chrome).
    pub fn mark_chrome(&mut self, is_chrome: impl Fn(&Dom<'a>, usize) -> bool) {
        let page = self.m[self.body];
        let limit = 400u32.max(page * 3 / 10);
        for i in 0..self.len() {
            let inherited = self.parent(i).is_some_and(|p| self.chrome[p]);
            if !inherited && !self.dead[i] && self.m[i] < limit && is_chrome(self, i) {
                self.chrome_here[i] = true;
            }
            self.chrome[i] = inherited || self.chrome_here[i];
        }
    }

    /// `good` and `junk`, bottom-up; call after chrome and metadata are marked.
    pub fn score_stats(&mut self) {
        let mut in_meta = vec![false; self.len()];
        for i in 0..self.len() {
            in_meta[i] = self.meta_here[i] || self.parent(i).is_some_and(|p| in_meta[p]);
        }
        for i in (0..self.len()).rev() {
            if self.dead[i] {
                continue;
            }
            match self.nodes[i].kind {
                Kind::Text(_) => {
                    if in_meta[i] {
                        continue;
                    }
                    if self.chrome[i] || self.in_link[i] {
                        self.junk[i] = self.m[i];
                    } else {
                        self.good[i] = self.m[i];
                    }
                }
                _ => {
                    let (mut g, mut j) = (0, 0);
                    for &c in &self.nodes[i].children {
                        g += self.good[c];
                        j += self.junk[c];
                    }
                    self.good[i] = g;
                    self.junk[i] = j;
                }
            }
        }
    }

    /// Depth-first walk without recursion (pages can nest deeper than the
    /// stack): `f(Enter(i))` says whether to descend into `i`; `Exit(i)`
    /// follows only for nodes descended into.
    pub fn walk(&self, root: usize, mut f: impl FnMut(Step) -> bool) {
        let mut stack = vec![(root, false)];
        while let Some((i, exit)) = stack.pop() {
            if exit {
                f(Step::Exit(i));
                continue;
            }
            if f(Step::Enter(i)) {
                stack.push((i, true));
                stack.extend(self.nodes[i].children.iter().rev().map(|&c| (c, false)));
            }
        }
    }

    /// The visible text of a subtree, whitespace collapsed, blocks and `<br>`
    /// joined by a single space.
    pub fn flat_text(&self, root: usize) -> String {
        let mut out = Collapser::default();
        self.walk(root, |step| match step {
            Step::Enter(i) => {
                if self.dead[i] {
                    return false;
                }
                match self.nodes[i].kind {
                    Kind::Text(t) => out.push(t),
                    _ if self.is_break(i) => out.space(),
                    _ => {}
                }
                true
            }
            Step::Exit(i) => {
                if self.is_break(i) {
                    out.space();
                }
                true
            }
        });
        out.finish()
    }

    fn is_break(&self, i: usize) -> bool {
        self.tag(i).is_some_and(|t| t.is_block() || t == Tag::Br)
    }
}

/// One event of [`Dom::walk`].
#[derive(Debug, Clone, Copy)]
pub(super) enum Step {
    Enter(usize),
    Exit(usize),
}

#[cfg(test)]
mod attr_tests {
    use super::*;

    #[test]
    fn attr_of_answers_as_scrapers_attr() {
        let html = Html::parse_document(
            r#"<div HIDDEN style="display:none" data-x="1"><a href="a.html" title=t>x</a>
               <svg><a xlink:href="svg.html" href="plain.html">y</a></svg>
               <p>no attributes</p><img src=i.png alt=""></div>"#,
        );
        let mut seen = 0;
        for e in html.tree.nodes().filter_map(|n| n.value().as_element()) {
            for name in [
                "hidden",
                "style",
                "href",
                "title",
                "src",
                "alt",
                "data-x",
                "xlink:href",
                "nope",
            ] {
                assert_eq!(attr_of(e, name), e.attr(name), "<{}> {name}", e.name());
                seen += usize::from(e.attr(name).is_some());
            }
        }
        assert!(seen >= 8, "{seen}");
    }
}
