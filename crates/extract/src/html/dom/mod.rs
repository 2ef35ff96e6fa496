//! Our own HTML tree: a tokenizer and a tree builder writing into an arena, and the
//! [`Dom`] trait through which the fast finder and the metadata walk read a page.
//!
//! Why: html5ever (through scraper and trafilatura's `Document`) was a third of the
//! extraction time, and the `Document` API allocates on every access (a `Vec` of
//! children, a `String` per attribute). [`Tree`] parses the same pages into the
//! same shape for what our walkers read, several times faster, and reads without
//! allocating: text and attribute values borrow from the page where nothing had to
//! be decoded.
//!
//! What the builder implements of HTML5 tree construction ([`builder`]): implicit
//! `<html>`, `<head>` and `<body>`, head elements moving to the body, void
//! elements, implied end tags (`<p>` closed by block starts, `<li>`, `<dt>`/`<dd>`,
//! `<option>`, table cells and rows, implied `<tbody>`/`<tr>`), end tags closing up
//! to their open element and stray ones ignored (a stray `</p>` makes an empty
//! paragraph), the active formatting elements with their reconstruction and the
//! adoption agency algorithm, foster parenting of content misplaced in tables,
//! `<select>` content, SVG and MathML subtrees with their HTML breakouts, quirks
//! mode for `<table>` inside `<p>`. What it does not: `<template>` contents as a
//! separate fragment (its children stay in place), `<frameset>` documents, the
//! script-data escape states (`<!--<script>` inside a script), the SVG/MathML
//! case adjustment of tag and attribute names (ours are lower case), NUL handling,
//! and parse errors. Nesting is not capped (as in html5ever); readers cap their
//! recursion.
//!
//! Both [`Tree`] and trafilatura's `Document` implement [`Dom`], so the walkers run
//! on either and the two trees can be compared page by page (`eval_extraction …
//! cascade-html5ever`). The tests assert equal shapes on fixtures; the fuzz target
//! in `fuzz/` reaches the parser through `HtmlExtractor`.

pub mod builder;
pub mod tokenizer;

use crate::html::scan::Scan;
use crate::lexicon::Hints;
use std::borrow::Cow;
use trafilatura::dom::{Document, NodeId};

/// Read access to a parsed HTML page, as the walkers of this crate need it.
pub trait Dom {
    /// A node handle.
    type Node: Copy + Eq + std::fmt::Debug;
    /// The document node.
    fn root(&self) -> Self::Node;
    /// The `<body>` element (child of `<html>`), if any.
    fn body(&self) -> Option<Self::Node>;
    /// The first child node (of any kind).
    fn first_child(&self, n: Self::Node) -> Option<Self::Node>;
    /// The next sibling node (of any kind).
    fn next_sibling(&self, n: Self::Node) -> Option<Self::Node>;
    /// Whether the node is an element.
    fn is_element(&self, n: Self::Node) -> bool;
    /// Whether the node is a text node.
    fn is_text(&self, n: Self::Node) -> bool;
    /// The lower-case tag name of an element ("" for other nodes).
    fn tag_name(&self, n: Self::Node) -> &str;
    /// An attribute's value.
    fn attribute(&self, n: Self::Node, name: &str) -> Option<Cow<'_, str>>;
    /// The text of a text node ("" for other nodes).
    fn text(&self, n: Self::Node) -> Cow<'_, str>;

    /// The child nodes.
    fn children(&self, n: Self::Node) -> Children<'_, Self>
    where
        Self: Sized,
    {
        Children {
            dom: self,
            next: self.first_child(n),
        }
    }

    /// All text in the subtree, concatenated (depth capped at 500 as in trafilatura).
    fn text_content(&self, n: Self::Node) -> String
    where
        Self: Sized,
    {
        let mut out = String::new();
        collect_text(self, n, &mut out, 0);
        out
    }

    /// The subtree's text with `sep` where the nesting level changes between text
    /// nodes and at void elements, trimmed (trafilatura's `iter_text`).
    fn iter_text(&self, n: Self::Node, sep: &str) -> String
    where
        Self: Sized,
    {
        let mut out = String::new();
        let mut last = 0;
        iter_text(self, n, 0, sep, &mut out, &mut last);
        out.trim().to_string()
    }
}

/// Iterator over a node's children.
pub struct Children<'d, D: Dom> {
    dom: &'d D,
    next: Option<D::Node>,
}

impl<D: Dom> Iterator for Children<'_, D> {
    type Item = D::Node;
    fn next(&mut self) -> Option<D::Node> {
        let n = self.next?;
        self.next = self.dom.next_sibling(n);
        Some(n)
    }
}

/// Recursion cap of the text collectors (trafilatura's `MAX_TREE_DEPTH`).
const MAX_DEPTH: usize = 500;

fn collect_text<D: Dom>(d: &D, n: D::Node, out: &mut String, depth: usize) {
    if depth >= MAX_DEPTH {
        return;
    }
    if d.is_text(n) {
        out.push_str(&d.text(n));
    }
    for c in d.children(n) {
        collect_text(d, c, out, depth + 1);
    }
}

fn iter_text<D: Dom>(
    d: &D,
    n: D::Node,
    level: usize,
    sep: &str,
    out: &mut String,
    last: &mut usize,
) {
    if level >= MAX_DEPTH {
        return;
    }
    if d.is_element(n) {
        if builder::is_void(d.tag_name(n)) {
            out.push_str(sep);
        }
    } else if d.is_text(n) {
        if level != *last {
            out.push_str(sep);
        }
        out.push_str(&d.text(n));
    }
    *last = level;
    for c in d.children(n) {
        iter_text(d, c, level + 1, sep, out, last);
    }
}

/// No node (index sentinel).
pub(crate) const NIL: u32 = u32::MAX;

/// The namespace of an element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ns {
    /// HTML.
    Html,
    /// SVG.
    Svg,
    /// MathML.
    MathMl,
}

/// What a node is.
#[derive(Clone, Debug)]
pub enum Data<'a> {
    /// The document.
    Document,
    /// A doctype.
    Doctype,
    /// A comment.
    Comment,
    /// Text.
    Text(Cow<'a, str>),
    /// An element: lower-case name, namespace, and its attributes (a range of
    /// [`Tree`]'s attribute list).
    Element {
        /// Tag name.
        name: Cow<'a, str>,
        /// Namespace.
        ns: Ns,
        /// Start and end in the attribute list.
        attrs: (u32, u32),
    },
}

/// A node of the arena.
#[derive(Clone, Debug)]
pub struct Node<'a> {
    pub(crate) parent: u32,
    pub(crate) first_child: u32,
    pub(crate) last_child: u32,
    pub(crate) prev_sibling: u32,
    pub(crate) next_sibling: u32,
    /// On the builder's stack of open elements.
    pub(crate) open: bool,
    /// What the node is.
    pub data: Data<'a>,
}

/// A parsed page: nodes in an arena (index 0 is the document), borrowing text and
/// attribute values from the page where nothing was decoded.
#[derive(Clone, Debug)]
pub struct Tree<'a> {
    pub(crate) nodes: Vec<Node<'a>>,
    pub(crate) attrs: Vec<tokenizer::Attr<'a>>,
    /// Whether the builder hit one of its limits (see [`Tree::pathological`]).
    pub(crate) limited: bool,
}

impl<'a> Tree<'a> {
    /// Parses a page.
    pub fn parse(html: &'a str) -> Tree<'a> {
        builder::Builder::new(html).run()
    }

    /// Parses a page and builds its [`Scan`] on the way (one tokenization for
    /// both), chrome and captions recognised with `hints`.
    pub fn parse_with_scan(html: &'a str, hints: &'a Hints) -> (Tree<'a>, Scan) {
        let (tree, scan) = builder::Builder::new(html).with_scan(hints).run_scanned();
        (tree, scan.unwrap_or_default())
    }

    /// Whether the page nests deeper than the builder's limit of open elements
    /// or leaves more formatting elements unclosed than its limit: markup on which
    /// html5ever (which has no limits) can take seconds and gigabytes.
    pub fn pathological(&self) -> bool {
        self.limited
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the tree holds only the document node.
    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }

    /// A node.
    pub fn node(&self, n: u32) -> &Node<'a> {
        &self.nodes[n as usize]
    }

    /// The parent of a node.
    pub fn parent(&self, n: u32) -> Option<u32> {
        let p = self.nodes[n as usize].parent;
        (p != NIL).then_some(p)
    }

    /// An element's attributes.
    pub fn attributes(&self, n: u32) -> &[tokenizer::Attr<'a>] {
        match &self.nodes[n as usize].data {
            Data::Element { attrs, .. } => &self.attrs[attrs.0 as usize..attrs.1 as usize],
            _ => &[],
        }
    }

    /// trafilatura's `Document` of this tree, built through its API instead of a
    /// second parse with html5ever. Comments and the doctype are left out (texts
    /// on both sides of a comment are joined), and so are the elements trafilatura's
    /// cleaning deletes anyway ([`left_out_for_trafilatura`]); attributes are added
    /// in name order (scraper keeps them sorted and looks them up by binary search).
    pub fn to_document(&self) -> Document {
        let mut doc = Document::parse("");
        let root = doc.root();
        for c in doc.child_nodes(root) {
            doc.remove(c, false);
        }
        let mut work: Vec<(u32, NodeId)> = vec![(0, root)];
        let mut text = String::new();
        let mut attrs: Vec<(&str, &str)> = Vec::new();
        while let Some((ours, theirs)) = work.pop() {
            let mut last: Option<NodeId> = None;
            let flush = |doc: &mut Document, text: &mut String, last: Option<NodeId>| {
                if !text.is_empty() {
                    match last {
                        None => doc.set_text(theirs, text),
                        Some(e) => doc.set_tail(e, text),
                    }
                    text.clear();
                }
            };
            for c in self.children(ours) {
                match &self.nodes[c as usize].data {
                    Data::Text(t) => text.push_str(t),
                    Data::Element { name, .. } if left_out_for_trafilatura(self, c, name) => {}
                    Data::Element { name, .. } => {
                        flush(&mut doc, &mut text, last);
                        let e = doc.sub_element(theirs, name);
                        attrs.clear();
                        attrs.extend(
                            self.attributes(c)
                                .iter()
                                .map(|(k, v)| (k.as_ref(), v.as_ref())),
                        );
                        attrs.sort_unstable_by(|a, b| a.0.cmp(b.0));
                        for (k, v) in &attrs {
                            doc.set_attribute(e, k, v);
                        }
                        last = Some(e);
                        work.push((c, e));
                    }
                    _ => {}
                }
            }
            flush(&mut doc, &mut text, last);
        }
        doc
    }

    fn child_of(&self, parent: u32, tag: &str) -> Option<u32> {
        self.children(parent)
            .find(|&c| self.is_element(c) && self.tag_name(c) == tag)
    }
}

impl Dom for Tree<'_> {
    type Node = u32;

    fn root(&self) -> u32 {
        0
    }

    fn body(&self) -> Option<u32> {
        let html = self.child_of(0, "html")?;
        self.child_of(html, "body")
    }

    fn first_child(&self, n: u32) -> Option<u32> {
        let c = self.nodes[n as usize].first_child;
        (c != NIL).then_some(c)
    }

    fn next_sibling(&self, n: u32) -> Option<u32> {
        let c = self.nodes[n as usize].next_sibling;
        (c != NIL).then_some(c)
    }

    fn is_element(&self, n: u32) -> bool {
        matches!(self.nodes[n as usize].data, Data::Element { .. })
    }

    fn is_text(&self, n: u32) -> bool {
        matches!(self.nodes[n as usize].data, Data::Text(_))
    }

    fn tag_name(&self, n: u32) -> &str {
        match &self.nodes[n as usize].data {
            Data::Element { name, .. } => name,
            _ => "",
        }
    }

    fn attribute(&self, n: u32, name: &str) -> Option<Cow<'_, str>> {
        self.attributes(n)
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| Cow::Borrowed(v.as_ref()))
    }

    fn text(&self, n: u32) -> Cow<'_, str> {
        match &self.nodes[n as usize].data {
            Data::Text(t) => Cow::Borrowed(t.as_ref()),
            _ => Cow::Borrowed(""),
        }
    }
}

/// trafilatura's html5ever tree, for comparison (allocates on most accesses).
impl Dom for Document {
    type Node = NodeId;

    fn root(&self) -> NodeId {
        Document::root(self)
    }

    fn body(&self) -> Option<NodeId> {
        Document::body(self)
    }

    fn first_child(&self, n: NodeId) -> Option<NodeId> {
        self.child_nodes(n).first().copied()
    }

    fn next_sibling(&self, n: NodeId) -> Option<NodeId> {
        Document::next_sibling(self, n)
    }

    fn is_element(&self, n: NodeId) -> bool {
        Document::is_element(self, n)
    }

    fn is_text(&self, n: NodeId) -> bool {
        Document::is_text(self, n)
    }

    fn tag_name(&self, n: NodeId) -> &str {
        Document::tag_name(self, n)
    }

    fn attribute(&self, n: NodeId, name: &str) -> Option<Cow<'_, str>> {
        self.get_attribute(n, name).map(Cow::Owned)
    }

    fn text(&self, n: NodeId) -> Cow<'_, str> {
        if Document::is_text(self, n) {
            Cow::Owned(Document::text_content(self, n))
        } else {
            Cow::Borrowed("")
        }
    }

    fn text_content(&self, n: NodeId) -> String {
        Document::text_content(self, n)
    }

    fn iter_text(&self, n: NodeId, sep: &str) -> String {
        Document::iter_text(self, n, sep)
    }
}

#[cfg(test)]
mod tests;

/// The tree as indented lines (elements with their `id` and `class`, text nodes
/// with escaped line breaks), for comparing two trees of the same page.
#[doc(hidden)]
pub fn outline<D: Dom>(d: &D) -> String {
    fn go<D: Dom>(d: &D, n: D::Node, depth: usize, out: &mut String) {
        for c in d.children(n) {
            if d.is_element(c) {
                out.push_str(&" ".repeat(depth.min(200)));
                out.push('<');
                out.push_str(d.tag_name(c));
                for a in ["id", "class", "href", "lang"] {
                    if let Some(v) = d.attribute(c, a) {
                        out.push_str(&format!(" {a}={v:?}"));
                    }
                }
                out.push_str(">\n");
                if depth < 400 {
                    go(d, c, depth + 1, out);
                }
            } else if d.is_text(c) {
                out.push_str(&" ".repeat(depth.min(200)));
                out.push_str(&format!("{:?}\n", d.text(c)));
            }
        }
    }
    let mut out = String::new();
    go(d, d.root(), 0, &mut out);
    out
}

/// Elements left out of the `Document` built for trafilatura ([`Tree::to_document`]):
/// those its cleaning deletes before its main extraction anyway (navigation,
/// footers, asides, styles, scripts, SVG, form controls, embedded media). Its
/// extraction copies and queries the whole tree several times over, so they cost
/// time without adding text (measured: the same F1 and metadata on every dev set,
/// its time on trafilatura-eval 0.40 -> 0.24 ms per page, docs/EVALUATION.md).
/// Kept: JSON scripts (JSON-LD and page data, which its metadata reads), `<noscript>`
/// (blog platforms put the post there, which its fallbacks read), `<form>` (old
/// sites wrap the whole page in one) and `<header>`.
fn left_out_for_trafilatura(tree: &Tree<'_>, node: u32, name: &str) -> bool {
    match name {
        "nav" | "footer" | "aside" | "style" | "svg" | "template" | "iframe" | "select"
        | "option" | "button" | "input" | "textarea" | "object" | "embed" | "canvas" | "video"
        | "audio" | "map" | "math" => true,
        "script" => !tree
            .attributes(node)
            .iter()
            .any(|(k, v)| k.as_ref() == "type" && v.to_ascii_lowercase().contains("json")),
        _ => false,
    }
}
