//! Tree construction: the insertion modes of the HTML standard that shape the trees
//! of real pages (see the module documentation of [`super`] for what is left out).
//!
//! The table insertion modes ("in table", "in table body", "in row", "in cell",
//! "in caption", "in column group") and "in select" are not stored but read off
//! the stack of open elements, as the standard's "reset the insertion mode" does;
//! counters of open elements by tag make the common scope checks O(1) when the
//! element is not open at all, so deep nesting stays linear in practice.

use super::tokenizer::{Attr, RawKind, Token, Tokenizer};
use super::{Data, Node, Ns, Tree, NIL};
use crate::html::scan::{Scan, ScanSink};
use std::borrow::Cow;

/// Void elements (no content, no end tag).
pub fn is_void(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// The standard's "special" HTML elements.
fn is_special_html(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "applet"
            | "area"
            | "article"
            | "aside"
            | "base"
            | "basefont"
            | "bgsound"
            | "blockquote"
            | "body"
            | "br"
            | "button"
            | "caption"
            | "center"
            | "col"
            | "colgroup"
            | "dd"
            | "details"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "embed"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "frame"
            | "frameset"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "iframe"
            | "img"
            | "input"
            | "keygen"
            | "li"
            | "link"
            | "listing"
            | "main"
            | "marquee"
            | "menu"
            | "meta"
            | "nav"
            | "noembed"
            | "noframes"
            | "noscript"
            | "object"
            | "ol"
            | "p"
            | "param"
            | "plaintext"
            | "pre"
            | "script"
            | "search"
            | "section"
            | "select"
            | "source"
            | "style"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "template"
            | "textarea"
            | "tfoot"
            | "th"
            | "thead"
            | "title"
            | "tr"
            | "track"
            | "ul"
            | "wbr"
            | "xmp"
    )
}

fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn is_formatting(tag: &str) -> bool {
    matches!(
        tag,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

fn is_table_ish(tag: &str) -> bool {
    matches!(tag, "table" | "tbody" | "tfoot" | "thead" | "tr")
}

fn is_whitespace(s: &str) -> bool {
    s.bytes()
        .all(|b| matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' '))
}

/// Split at the first non-whitespace byte.
fn split_ws<'a>(t: &Cow<'a, str>) -> (Cow<'a, str>, Cow<'a, str>) {
    let at = t
        .bytes()
        .position(|b| !matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' '))
        .unwrap_or(t.len());
    match t {
        Cow::Borrowed(s) => (Cow::Borrowed(&s[..at]), Cow::Borrowed(&s[at..])),
        Cow::Owned(s) => (
            Cow::Owned(s[..at].to_string()),
            Cow::Owned(s[at..].to_string()),
        ),
    }
}

/// Tags whose open elements are counted (for quick "not in scope" answers).
fn slot(tag: &str) -> Option<usize> {
    Some(match tag {
        "p" => 0,
        "li" => 1,
        "dd" | "dt" => 2,
        "a" => 3,
        "button" => 4,
        "table" => 5,
        "select" => 6,
        "td" | "th" => 7,
        "tr" => 8,
        "tbody" | "thead" | "tfoot" => 9,
        "caption" => 10,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => 11,
        "nobr" => 12,
        "form" => 13,
        "template" => 14,
        "ruby" => 15,
        _ => return None,
    })
}
const SLOTS: usize = 16;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Initial,
    BeforeHead,
    InHead,
    AfterHead,
    Body,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scope {
    Default,
    Button,
    ListItem,
    Table,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum TableCtx {
    None,
    Table,
    Body,
    Row,
    Cell,
    Caption,
    ColGroup,
}

/// A marker in the list of active formatting elements.
const MARKER: u32 = NIL;

/// The most open elements: deeper elements are inserted as leaves (not opened),
/// so that their content stays with the element at this depth. No reader looks
/// this deep (text collection stops at 500 levels, as trafilatura's), and the
/// scope checks, which walk the stack, stay linear on pathological pages.
const MAX_OPEN: usize = 512;

/// The most active formatting elements (html5ever has no limit; real pages have a
/// handful, and without a limit a page of unclosed `<font>`s with distinct
/// attributes, one paragraph each, grows the tree quadratically).
const MAX_FMT: usize = 24;

/// The tree builder.
pub struct Builder<'a> {
    src: &'a str,
    tok: Tokenizer<'a>,
    nodes: Vec<Node<'a>>,
    attrs: Vec<Attr<'a>>,
    stack: Vec<u32>,
    fmt: Vec<u32>,
    counts: [u32; SLOTS],
    mode: Mode,
    head: u32,
    form: u32,
    quirks: bool,
    seen_doctype: bool,
    skip_newline: bool,
    foster: bool,
    /// A raw-text or RCDATA element is open: its text, then its end tag.
    raw_open: bool,
    /// After `</body>` (1) or `</html>` (2).
    after: u8,
    /// Template elements and the fragments that hold their contents.
    templates: Vec<(u32, u32)>,
    /// A limit was hit ([`MAX_OPEN`], [`MAX_FMT`]).
    limited: bool,
    /// The scan built on the way ([`Builder::with_scan`]).
    sink: Option<ScanSink<'a>>,
    /// The token being processed: its start and end in the page, and whether it
    /// is an end tag (where the elements it closes end, for the scan).
    cur: (usize, usize, bool),
    /// The page range of the run of text being processed.
    run_span: (usize, usize),
}

impl<'a> Builder<'a> {
    /// A builder for a page.
    pub fn new(src: &'a str) -> Builder<'a> {
        let mut nodes = Vec::with_capacity(src.len() / 40 + 8);
        nodes.push(Node {
            parent: NIL,
            first_child: NIL,
            last_child: NIL,
            prev_sibling: NIL,
            next_sibling: NIL,
            open: false,
            data: Data::Document,
        });
        Builder {
            src,
            tok: Tokenizer::new(src),
            nodes,
            attrs: Vec::new(),
            stack: Vec::new(),
            fmt: Vec::new(),
            counts: [0; SLOTS],
            mode: Mode::Initial,
            head: NIL,
            form: NIL,
            quirks: false,
            seen_doctype: false,
            skip_newline: false,
            foster: false,
            raw_open: false,
            after: 0,
            templates: Vec::new(),
            limited: false,
            sink: None,
            cur: (0, 0, false),
            run_span: (0, 0),
        }
    }

    /// Also builds the page's [`Scan`] (see [`Builder::run_scanned`]).
    pub(crate) fn with_scan(mut self, hints: &'a crate::lexicon::Hints) -> Builder<'a> {
        self.sink = Some(ScanSink::new(hints));
        self
    }

    /// Parses the whole page.
    pub fn run(self) -> Tree<'a> {
        self.run_scanned().0
    }

    /// Parses the whole page; with [`Builder::with_scan`], also its [`Scan`].
    pub(crate) fn run_scanned(mut self) -> (Tree<'a>, Option<Scan>) {
        // Consecutive text tokens (split at character references) are one run of
        // characters for the builder, as the standard's table-text rule needs.
        let mut text: Option<Cow<'a, str>> = None;
        let mut run_from = 0;
        let mut run_to = 0;
        loop {
            self.tok.cdata = self.stack.last().is_some_and(|&n| self.ns(n) != Ns::Html);
            let at = self.tok.pos();
            let t = self.tok.next_token();
            if let Some(Token::Text(s)) = t {
                if text.is_none() {
                    run_from = at;
                }
                run_to = self.tok.pos();
                text = Some(match text.take() {
                    None => s,
                    Some(mut old) => join(self.src, &mut old, s),
                });
                continue;
            }
            if let Some(s) = text.take() {
                self.run_span = (run_from, run_to);
                self.cur = (run_from, run_to, false);
                self.text_token(s);
            }
            let Some(t) = t else {
                break;
            };
            self.cur = (at, self.tok.pos(), matches!(t, Token::End { .. }));
            self.skip_newline = false;
            self.process(t);
        }
        // End of input: the implied elements up to <body>.
        self.cur = (self.src.len(), self.src.len(), false);
        self.raw_open = false;
        self.tok.attrs.clear();
        if self.mode == Mode::Initial {
            self.implied_html();
        }
        if self.mode == Mode::BeforeHead {
            self.implied_head();
        }
        if self.mode == Mode::InHead {
            self.leave_head();
        }
        if self.mode == Mode::AfterHead {
            self.implied_body();
        }
        let scan = self.sink.take().map(|s| s.finish(self.src));
        let tree = Tree {
            nodes: self.nodes,
            attrs: self.attrs,
            limited: self.limited,
        };
        (tree, scan)
    }

    fn text_token(&mut self, s: Cow<'a, str>) {
        let s = if std::mem::take(&mut self.skip_newline) && s.starts_with('\n') {
            match s {
                Cow::Borrowed(b) => Cow::Borrowed(&b[1..]),
                Cow::Owned(o) => Cow::Owned(o[1..].to_string()),
            }
        } else {
            s
        };
        if !s.is_empty() {
            self.process(Token::Text(s));
        }
    }

    // ----- node helpers -----

    fn tag(&self, n: u32) -> &str {
        match &self.nodes[n as usize].data {
            Data::Element { name, .. } => name,
            _ => "",
        }
    }

    fn ns(&self, n: u32) -> Ns {
        match &self.nodes[n as usize].data {
            Data::Element { ns, .. } => *ns,
            _ => Ns::Html,
        }
    }

    fn is_html(&self, n: u32, tag: &str) -> bool {
        matches!(&self.nodes[n as usize].data, Data::Element { name, ns: Ns::Html, .. } if name == tag)
    }

    fn current(&self) -> u32 {
        self.stack.last().copied().unwrap_or(0)
    }

    fn new_node(&mut self, data: Data<'a>) -> u32 {
        let id = self.nodes.len() as u32;
        self.nodes.push(Node {
            parent: NIL,
            first_child: NIL,
            last_child: NIL,
            prev_sibling: NIL,
            next_sibling: NIL,
            open: false,
            data,
        });
        id
    }

    fn take_attrs(&mut self) -> (u32, u32) {
        let start = self.attrs.len() as u32;
        self.attrs.append(&mut self.tok.attrs);
        (start, self.attrs.len() as u32)
    }

    fn attr(&self, n: u32, name: &str) -> Option<&str> {
        match &self.nodes[n as usize].data {
            Data::Element { attrs, .. } => self.attrs[attrs.0 as usize..attrs.1 as usize]
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_ref()),
            _ => None,
        }
    }

    fn detach(&mut self, c: u32) {
        let (p, prev, next) = {
            let n = &self.nodes[c as usize];
            (n.parent, n.prev_sibling, n.next_sibling)
        };
        if p == NIL {
            return;
        }
        if prev != NIL {
            self.nodes[prev as usize].next_sibling = next;
        } else {
            self.nodes[p as usize].first_child = next;
        }
        if next != NIL {
            self.nodes[next as usize].prev_sibling = prev;
        } else {
            self.nodes[p as usize].last_child = prev;
        }
        let n = &mut self.nodes[c as usize];
        n.parent = NIL;
        n.prev_sibling = NIL;
        n.next_sibling = NIL;
    }

    /// Inserts `c` into `parent` before `before` (at the end when `NIL`).
    fn insert_at(&mut self, parent: u32, before: u32, c: u32) {
        self.detach(c);
        let prev = if before == NIL {
            self.nodes[parent as usize].last_child
        } else {
            self.nodes[before as usize].prev_sibling
        };
        {
            let n = &mut self.nodes[c as usize];
            n.parent = parent;
            n.prev_sibling = prev;
            n.next_sibling = before;
        }
        if prev != NIL {
            self.nodes[prev as usize].next_sibling = c;
        } else {
            self.nodes[parent as usize].first_child = c;
        }
        if before != NIL {
            self.nodes[before as usize].prev_sibling = c;
        } else {
            self.nodes[parent as usize].last_child = c;
        }
    }

    /// The appropriate place for inserting a node: (parent, before).
    fn place(&self, target: Option<u32>) -> (u32, u32) {
        let target = target.unwrap_or_else(|| self.current());
        if self.foster && self.ns(target) == Ns::Html && is_table_ish(self.tag(target)) {
            if let Some(i) = self.stack.iter().rposition(|&n| self.is_html(n, "table")) {
                let table = self.stack[i];
                let p = self.nodes[table as usize].parent;
                if p != NIL {
                    return (p, table);
                }
                return (self.stack[i.saturating_sub(1)], NIL);
            }
        }
        if self.counts[14] > 0 && self.is_html(target, "template") {
            if let Some(&(_, content)) = self.templates.iter().rev().find(|(t, _)| *t == target) {
                return (content, NIL);
            }
        }
        (target, NIL)
    }

    /// Tells the scan that element `n` opens (it goes on the stack).
    fn sink_open(&mut self, n: u32) {
        let Some(sink) = self.sink.as_mut() else {
            return;
        };
        if let Data::Element { name, attrs, .. } = &self.nodes[n as usize].data {
            let attrs = &self.attrs[attrs.0 as usize..attrs.1 as usize];
            let find = |key: &str| {
                attrs
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.as_ref())
            };
            sink.open(
                n,
                name,
                [find("class"), find("id")],
                self.cur.0,
                self.stack.len(),
            );
        }
    }

    /// Tells the scan that element `n` closes (it leaves the stack): where the
    /// current token starts, or, for an end tag, its content ends there and the
    /// element after the tag.
    fn sink_close(&mut self, n: u32) {
        let Some(sink) = self.sink.as_mut() else {
            return;
        };
        if let Data::Element { name, .. } = &self.nodes[n as usize].data {
            let (start, end, end_tag) = self.cur;
            sink.close(n, name, start, if end_tag { end } else { start }, self.src);
        }
    }

    fn push(&mut self, n: u32) {
        self.sink_open(n);
        self.nodes[n as usize].open = true;
        if self.ns(n) == Ns::Html {
            if let Some(s) = slot(self.tag(n)) {
                self.counts[s] += 1;
            }
        }
        self.stack.push(n);
    }

    fn pop(&mut self) -> Option<u32> {
        let n = self.stack.pop()?;
        self.unopen(n);
        Some(n)
    }

    fn unopen(&mut self, n: u32) {
        self.sink_close(n);
        self.nodes[n as usize].open = false;
        if self.ns(n) == Ns::Html {
            if let Some(s) = slot(self.tag(n)) {
                self.counts[s] -= 1;
            }
        }
    }

    fn remove_from_stack(&mut self, n: u32) {
        if let Some(i) = self.stack.iter().rposition(|&x| x == n) {
            self.stack.remove(i);
            self.unopen(n);
        }
    }

    fn open_count(&self, tag: &str) -> Option<u32> {
        slot(tag).map(|s| self.counts[s])
    }

    /// Creates an element for the current start tag (its attributes taken from the
    /// tokenizer) and inserts it at the appropriate place, on the stack.
    fn insert_element(&mut self, name: Cow<'a, str>, ns: Ns) -> u32 {
        let attrs = self.take_attrs();
        let n = self.new_node(Data::Element { name, ns, attrs });
        let (p, before) = self.place(None);
        self.insert_at(p, before, n);
        if self.stack.len() < MAX_OPEN {
            self.push(n);
        } else {
            self.limited = true;
        }
        n
    }

    /// Pops `n` if it is the current node (it is not when the stack was full).
    fn pop_if(&mut self, n: u32) {
        if self.stack.last() == Some(&n) {
            self.pop();
        }
    }

    fn insert_void(&mut self, name: Cow<'a, str>) {
        let n = self.insert_element(name, Ns::Html);
        self.pop_if(n);
    }

    fn insert_comment(&mut self) {
        let n = self.new_node(Data::Comment);
        let (p, before) = self.place(None);
        self.insert_at(p, before, n);
    }

    fn insert_text(&mut self, t: Cow<'a, str>) {
        if t.is_empty() {
            return;
        }
        let (p, before) = self.place(None);
        if p == 0 {
            return;
        }
        if let Some(sink) = self.sink.as_mut() {
            // A piece of the page where it is borrowed, else (references decoded)
            // the whole run it came from.
            let base = self.src.as_ptr() as usize;
            let at = t.as_ptr() as usize;
            let source = match &t {
                Cow::Borrowed(b) if at >= base && at + b.len() <= base + self.src.len() => {
                    (at - base, at - base + b.len())
                }
                _ => self.run_span,
            };
            sink.text(&t, source);
        }
        let prev = if before == NIL {
            self.nodes[p as usize].last_child
        } else {
            self.nodes[before as usize].prev_sibling
        };
        if prev != NIL {
            if let Data::Text(old) = &mut self.nodes[prev as usize].data {
                let joined = join(self.src, old, t);
                *old = joined;
                return;
            }
        }
        let n = self.new_node(Data::Text(t));
        self.insert_at(p, before, n);
    }

    // ----- scopes -----

    fn is_scope_boundary(&self, n: u32, scope: Scope) -> bool {
        let tag = self.tag(n);
        match self.ns(n) {
            Ns::Html => match scope {
                Scope::Table => matches!(tag, "html" | "table" | "template"),
                _ => {
                    matches!(
                        tag,
                        "applet"
                            | "caption"
                            | "html"
                            | "table"
                            | "td"
                            | "th"
                            | "marquee"
                            | "object"
                            | "select"
                            | "template"
                    ) || (scope == Scope::Button && tag == "button")
                        || (scope == Scope::ListItem && matches!(tag, "ol" | "ul"))
                }
            },
            Ns::MathMl => {
                scope != Scope::Table
                    && matches!(tag, "mi" | "mo" | "mn" | "ms" | "mtext" | "annotation-xml")
            }
            Ns::Svg => scope != Scope::Table && matches!(tag, "foreignObject" | "desc" | "title"),
        }
    }

    /// Whether an HTML element with a tag matching `target` is in scope.
    fn in_scope_by(&self, target: impl Fn(&str) -> bool, scope: Scope) -> Option<u32> {
        for &n in self.stack.iter().rev() {
            if self.ns(n) == Ns::Html && target(self.tag(n)) {
                return Some(n);
            }
            if self.is_scope_boundary(n, scope) {
                return None;
            }
        }
        None
    }

    fn in_scope(&self, tag: &str, scope: Scope) -> bool {
        if self.open_count(tag) == Some(0) {
            return false;
        }
        self.in_scope_by(|t| t == tag, scope).is_some()
    }

    fn generate_implied(&mut self, except: &str) {
        while let Some(&n) = self.stack.last() {
            let tag = self.tag(n);
            if self.ns(n) == Ns::Html
                && tag != except
                && matches!(
                    tag,
                    "dd" | "dt" | "li" | "optgroup" | "option" | "p" | "rb" | "rp" | "rt" | "rtc"
                )
            {
                self.pop();
            } else {
                break;
            }
        }
    }

    fn pop_until(&mut self, tag: &str) {
        while let Some(n) = self.pop() {
            if self.is_html(n, tag) {
                break;
            }
        }
    }

    fn pop_until_node(&mut self, target: u32) {
        while let Some(n) = self.pop() {
            if n == target {
                break;
            }
        }
    }

    fn close_p(&mut self) {
        if self.in_scope("p", Scope::Button) {
            self.generate_implied("p");
            self.pop_until("p");
        }
    }

    fn clear_fmt_to_marker(&mut self) {
        while let Some(e) = self.fmt.pop() {
            if e == MARKER {
                break;
            }
        }
    }

    // ----- active formatting elements -----

    fn same_attrs(&self, a: u32, b: u32) -> bool {
        let (x, y) = (self.attr_slice(a), self.attr_slice(b));
        x.len() == y.len()
            && x.iter()
                .all(|(k, v)| y.iter().any(|(k2, v2)| k == k2 && v == v2))
    }

    fn attr_slice(&self, n: u32) -> &[Attr<'a>] {
        match &self.nodes[n as usize].data {
            Data::Element { attrs, .. } => &self.attrs[attrs.0 as usize..attrs.1 as usize],
            _ => &[],
        }
    }

    fn push_fmt(&mut self, n: u32) {
        // Noah's Ark: at most three equal entries after the last marker.
        let mut equal = 0;
        let mut earliest = None;
        for i in (0..self.fmt.len()).rev() {
            let e = self.fmt[i];
            if e == MARKER {
                break;
            }
            if self.tag(e) == self.tag(n) && self.ns(e) == self.ns(n) && self.same_attrs(e, n) {
                equal += 1;
                earliest = Some(i);
            }
        }
        if equal >= 3 {
            if let Some(i) = earliest {
                self.fmt.remove(i);
            }
        }
        if self.fmt.len() >= MAX_FMT {
            self.limited = true;
            if let Some(i) = self.fmt.iter().position(|&e| e != MARKER) {
                self.fmt.remove(i);
            }
        }
        self.fmt.push(n);
    }

    fn clone_element(&mut self, n: u32) -> u32 {
        let data = self.nodes[n as usize].data.clone();
        self.new_node(data)
    }

    fn reconstruct(&mut self) {
        let Some(&last) = self.fmt.last() else {
            return;
        };
        if last == MARKER || self.nodes[last as usize].open {
            return;
        }
        let mut i = self.fmt.len() - 1;
        while i > 0 {
            let e = self.fmt[i - 1];
            if e == MARKER || self.nodes[e as usize].open {
                break;
            }
            i -= 1;
        }
        for j in i..self.fmt.len() {
            let old = self.fmt[j];
            let new = self.clone_element(old);
            let (p, before) = self.place(None);
            self.insert_at(p, before, new);
            if self.stack.len() < MAX_OPEN {
                self.push(new);
            }
            self.fmt[j] = new;
        }
    }

    /// The adoption agency algorithm, for the end tag (or implied end) `subject`.
    fn adoption(&mut self, subject: &str) {
        let cur = self.current();
        if self.is_html(cur, subject) && !self.fmt.contains(&cur) {
            self.pop();
            return;
        }
        for _ in 0..8 {
            // The formatting element.
            let Some(fi) = self
                .fmt
                .iter()
                .rposition(|&e| e == MARKER || self.is_html(e, subject))
                .filter(|&i| self.fmt[i] != MARKER)
            else {
                self.any_other_end(subject);
                return;
            };
            let fe = self.fmt[fi];
            if !self.nodes[fe as usize].open {
                self.fmt.remove(fi);
                return;
            }
            let Some(si) = self.stack.iter().rposition(|&n| n == fe) else {
                return;
            };
            // In scope?
            if self.stack[si + 1..]
                .iter()
                .any(|&n| self.is_scope_boundary(n, Scope::Default))
            {
                return;
            }
            // The furthest block.
            let Some(fbi) = (si + 1..self.stack.len()).find(|&i| self.is_special(self.stack[i]))
            else {
                self.pop_until_node(fe);
                self.fmt.remove(fi);
                return;
            };
            let fb = self.stack[fbi];
            let common = self.stack[si - 1];
            // Bookmark: Err(fe) = replace fe; Ok(x) = insert after x.
            let mut bookmark: Result<u32, u32> = Err(fe);
            let mut node_i = fbi;
            let mut last = fb;
            let mut inner = 0;
            loop {
                inner += 1;
                node_i -= 1;
                let node = self.stack[node_i];
                if node == fe {
                    break;
                }
                let in_list = self.fmt.iter().position(|&e| e == node);
                if inner > 3 {
                    if let Some(p) = in_list {
                        self.fmt.remove(p);
                    }
                }
                let Some(p) = self.fmt.iter().position(|&e| e == node) else {
                    self.stack.remove(node_i);
                    self.unopen(node);
                    continue;
                };
                let new = self.clone_element(node);
                self.fmt[p] = new;
                self.sink_close(node);
                self.sink_open(new);
                self.stack[node_i] = new;
                self.nodes[new as usize].open = true;
                self.nodes[node as usize].open = false;
                if last == fb {
                    bookmark = Ok(new);
                }
                self.insert_at(new, NIL, last);
                last = new;
            }
            let (p, before) = self.place(Some(common));
            self.insert_at(p, before, last);
            let new = self.clone_element(fe);
            while let Some(c) = Some(self.nodes[fb as usize].first_child).filter(|&c| c != NIL) {
                self.insert_at(new, NIL, c);
            }
            self.insert_at(fb, NIL, new);
            match bookmark {
                Err(_) => {
                    if let Some(i) = self.fmt.iter().position(|&e| e == fe) {
                        self.fmt[i] = new;
                    }
                }
                Ok(after) => {
                    self.fmt.retain(|&e| e != fe);
                    let at = self
                        .fmt
                        .iter()
                        .position(|&e| e == after)
                        .map_or(self.fmt.len(), |i| i + 1);
                    self.fmt.insert(at, new);
                }
            }
            // Replace fe on the stack by `new`, right above the furthest block.
            if let Some(i) = self.stack.iter().position(|&n| n == fe) {
                self.stack.remove(i);
                self.sink_close(fe);
                self.nodes[fe as usize].open = false;
            }
            let fb_at = self
                .stack
                .iter()
                .position(|&n| n == fb)
                .map_or(self.stack.len(), |i| i + 1);
            self.sink_open(new);
            self.stack.insert(fb_at, new);
            self.nodes[new as usize].open = true;
            // (Counts: `fe` and `new` share a tag, and cloned nodes replaced
            // their originals one for one, so the counters are unchanged, except
            // for nodes removed from the stack above, which `unopen` counted.)
        }
    }

    fn is_special(&self, n: u32) -> bool {
        let tag = self.tag(n);
        match self.ns(n) {
            Ns::Html => is_special_html(tag),
            Ns::MathMl => matches!(tag, "mi" | "mo" | "mn" | "ms" | "mtext" | "annotation-xml"),
            Ns::Svg => matches!(tag, "foreignObject" | "desc" | "title"),
        }
    }

    fn any_other_end(&mut self, tag: &str) {
        for i in (0..self.stack.len()).rev() {
            let n = self.stack[i];
            if self.is_html(n, tag) {
                self.generate_implied(tag);
                self.pop_until_node(n);
                return;
            }
            if self.is_special(n) {
                return;
            }
        }
    }

    // ----- dispatch -----

    fn process(&mut self, t: Token<'a>) {
        if self.raw_open {
            self.raw_open = false;
            match t {
                Token::Text(s) => {
                    self.insert_text(s);
                    self.raw_open = true;
                    return;
                }
                Token::End { ref name } => {
                    let cur = self.current();
                    if self.tag(cur) == name.as_ref() {
                        self.pop();
                    }
                    return;
                }
                _ => {}
            }
        }
        if self.counts[14] > 0 && self.mode == Mode::InHead {
            // Inside a <template> in the head: its content follows the body rules.
            let head_rule = match &t {
                Token::End { name } => name == "template",
                Token::Start { name, .. } => matches!(
                    name.as_ref(),
                    "base"
                        | "basefont"
                        | "bgsound"
                        | "link"
                        | "meta"
                        | "noframes"
                        | "script"
                        | "style"
                        | "template"
                        | "title"
                ),
                _ => false,
            };
            if !head_rule {
                return self.body(t);
            }
        }
        match self.mode {
            Mode::Initial => self.initial(t),
            Mode::BeforeHead => self.before_head(t),
            Mode::InHead => self.in_head(t),
            Mode::AfterHead => self.after_head(t),
            Mode::Body => self.body(t),
        }
    }

    fn initial(&mut self, t: Token<'a>) {
        match t {
            Token::Doctype(q) => {
                if !self.seen_doctype {
                    self.quirks = q;
                    self.seen_doctype = true;
                    let n = self.new_node(Data::Doctype);
                    self.insert_at(0, NIL, n);
                }
            }
            Token::Comment => {
                let n = self.new_node(Data::Comment);
                self.insert_at(0, NIL, n);
            }
            Token::Text(s) => {
                let (_, rest) = split_ws(&s);
                if !rest.is_empty() {
                    self.implied_html();
                    self.process(Token::Text(rest));
                }
            }
            Token::Start { ref name, .. } if name == "html" => {
                self.quirks |= !self.seen_doctype;
                let n = self.insert_element(Cow::Borrowed("html"), Ns::Html);
                debug_assert_eq!(n, self.stack[0]);
                self.mode = Mode::BeforeHead;
            }
            Token::End { ref name }
                if !matches!(name.as_ref(), "head" | "body" | "html" | "br") => {}
            t => {
                self.implied_html();
                self.process(t);
            }
        }
    }

    fn implied_html(&mut self) {
        self.quirks |= !self.seen_doctype;
        let saved = std::mem::take(&mut self.tok.attrs);
        self.insert_element(Cow::Borrowed("html"), Ns::Html);
        self.tok.attrs = saved;
        self.mode = Mode::BeforeHead;
    }

    fn before_head(&mut self, t: Token<'a>) {
        match t {
            Token::Text(s) => {
                let (_, rest) = split_ws(&s);
                if !rest.is_empty() {
                    self.implied_head();
                    self.process(Token::Text(rest));
                }
            }
            Token::Comment => self.insert_comment(),
            Token::Doctype(_) => {}
            Token::Start { ref name, .. } if name == "html" => self.body(t),
            Token::Start { ref name, .. } if name == "head" => {
                self.head = self.insert_element(Cow::Borrowed("head"), Ns::Html);
                self.mode = Mode::InHead;
            }
            Token::End { ref name }
                if !matches!(name.as_ref(), "head" | "body" | "html" | "br") => {}
            t => {
                self.implied_head();
                self.process(t);
            }
        }
    }

    fn implied_head(&mut self) {
        let saved = std::mem::take(&mut self.tok.attrs);
        self.head = self.insert_element(Cow::Borrowed("head"), Ns::Html);
        self.tok.attrs = saved;
        self.mode = Mode::InHead;
    }

    /// Start tags that "in head" handles wherever they appear; `true` if handled.
    #[allow(clippy::ptr_arg)] // (cloned as a `Cow`: a name borrowed from the page stays so)
    fn head_start(&mut self, name: &Cow<'a, str>) -> bool {
        match name.as_ref() {
            "base" | "basefont" | "bgsound" | "link" | "meta" => {
                self.insert_void(name.clone());
            }
            "title" => {
                self.insert_element(name.clone(), Ns::Html);
                self.tok.set_raw(RawKind::RcData, name.clone());
                self.raw_open = true;
            }
            "noscript" | "noframes" | "style" | "script" => {
                self.insert_element(name.clone(), Ns::Html);
                self.tok.set_raw(RawKind::RawText, name.clone());
                self.raw_open = true;
            }
            "template" => {
                let t = self.insert_element(name.clone(), Ns::Html);
                let content = self.new_node(Data::Document);
                self.templates.push((t, content));
                self.fmt.push(MARKER);
            }
            _ => return false,
        }
        true
    }

    fn in_head(&mut self, t: Token<'a>) {
        match t {
            Token::Text(s) => {
                let (ws, rest) = split_ws(&s);
                self.insert_text(ws);
                if !rest.is_empty() {
                    self.leave_head();
                    self.process(Token::Text(rest));
                }
            }
            Token::Comment => self.insert_comment(),
            Token::Doctype(_) => {}
            Token::Start { ref name, .. } if name == "html" => self.body(t),
            Token::Start { ref name, .. } if name == "head" => {}
            Token::Start { ref name, .. } if self.head_start(name) => {}
            Token::End { ref name } if name == "head" => self.leave_head(),
            Token::End { ref name } if name == "template" => {
                if self.stack.iter().any(|&n| self.is_html(n, "template")) {
                    self.generate_implied("");
                    self.pop_until("template");
                    self.clear_fmt_to_marker();
                }
            }
            Token::End { ref name } if !matches!(name.as_ref(), "body" | "html" | "br") => {}
            t => {
                self.leave_head();
                self.process(t);
            }
        }
    }

    fn leave_head(&mut self) {
        // Pop the head (and anything left open inside it).
        if self.head != NIL && self.nodes[self.head as usize].open {
            self.pop_until_node(self.head);
        }
        self.mode = Mode::AfterHead;
    }

    fn after_head(&mut self, t: Token<'a>) {
        match t {
            Token::Text(s) => {
                let (ws, rest) = split_ws(&s);
                self.insert_text(ws);
                if !rest.is_empty() {
                    self.implied_body();
                    self.process(Token::Text(rest));
                }
            }
            Token::Comment => self.insert_comment(),
            Token::Doctype(_) => {}
            Token::Start { ref name, .. } if name == "html" => self.body(t),
            Token::Start { ref name, .. } if name == "body" || name == "frameset" => {
                self.insert_element(name.clone(), Ns::Html);
                self.mode = Mode::Body;
            }
            Token::Start { ref name, .. }
                if matches!(
                    name.as_ref(),
                    "base"
                        | "basefont"
                        | "bgsound"
                        | "link"
                        | "meta"
                        | "noframes"
                        | "script"
                        | "style"
                        | "template"
                        | "title"
                ) && self.head != NIL =>
            {
                let head = self.head;
                self.push(head);
                self.head_start(name);
                self.remove_from_stack(head);
            }
            Token::Start { ref name, .. } if name == "head" => {}
            Token::End { ref name } if !matches!(name.as_ref(), "body" | "html" | "br") => {}
            t => {
                self.implied_body();
                self.process(t);
            }
        }
    }

    fn implied_body(&mut self) {
        let saved = std::mem::take(&mut self.tok.attrs);
        self.insert_element(Cow::Borrowed("body"), Ns::Html);
        self.tok.attrs = saved;
        self.mode = Mode::Body;
    }
}

/// Joins a text node's text and the next piece, borrowing from the source when
/// they are adjacent there.
fn join<'a>(src: &'a str, old: &mut Cow<'a, str>, new: Cow<'a, str>) -> Cow<'a, str> {
    if let (Cow::Borrowed(a), Cow::Borrowed(b)) = (&*old, &new) {
        let base = src.as_ptr() as usize;
        let (pa, pb) = (a.as_ptr() as usize, b.as_ptr() as usize);
        if pa >= base && pb >= base && pa + a.len() == pb && pb + b.len() <= base + src.len() {
            let start = pa - base;
            return Cow::Borrowed(&src[start..start + a.len() + b.len()]);
        }
    }
    let mut s = std::mem::take(old).into_owned();
    s.push_str(&new);
    Cow::Owned(s)
}

/// SVG tag names in their standard case (the tokenizer lower-cases them).
fn svg_name(name: Cow<'_, str>) -> Cow<'_, str> {
    Cow::Borrowed(match name.as_ref() {
        "altglyph" => "altGlyph",
        "altglyphdef" => "altGlyphDef",
        "altglyphitem" => "altGlyphItem",
        "animatecolor" => "animateColor",
        "animatemotion" => "animateMotion",
        "animatetransform" => "animateTransform",
        "clippath" => "clipPath",
        "feblend" => "feBlend",
        "fecolormatrix" => "feColorMatrix",
        "fecomponenttransfer" => "feComponentTransfer",
        "fecomposite" => "feComposite",
        "feconvolvematrix" => "feConvolveMatrix",
        "fediffuselighting" => "feDiffuseLighting",
        "fedisplacementmap" => "feDisplacementMap",
        "fedistantlight" => "feDistantLight",
        "fedropshadow" => "feDropShadow",
        "feflood" => "feFlood",
        "fefunca" => "feFuncA",
        "fefuncb" => "feFuncB",
        "fefuncg" => "feFuncG",
        "fefuncr" => "feFuncR",
        "fegaussianblur" => "feGaussianBlur",
        "feimage" => "feImage",
        "femerge" => "feMerge",
        "femergenode" => "feMergeNode",
        "femorphology" => "feMorphology",
        "feoffset" => "feOffset",
        "fepointlight" => "fePointLight",
        "fespecularlighting" => "feSpecularLighting",
        "fespotlight" => "feSpotLight",
        "fetile" => "feTile",
        "feturbulence" => "feTurbulence",
        "foreignobject" => "foreignObject",
        "glyphref" => "glyphRef",
        "lineargradient" => "linearGradient",
        "radialgradient" => "radialGradient",
        "textpath" => "textPath",
        _ => return name,
    })
}

/// Start tags that close an open `<p>` and open a block.
fn is_block_start(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "search"
            | "section"
            | "summary"
            | "ul"
    )
}

/// End tags that close their block when it is in scope.
fn is_block_end(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "button"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "pre"
            | "search"
            | "section"
            | "select"
            | "summary"
            | "ul"
    )
}

/// HTML tags that break out of SVG and MathML content.
fn is_breakout(tag: &str) -> bool {
    matches!(
        tag,
        "b" | "big"
            | "blockquote"
            | "body"
            | "br"
            | "center"
            | "code"
            | "dd"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "embed"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "hr"
            | "i"
            | "img"
            | "li"
            | "listing"
            | "menu"
            | "meta"
            | "nobr"
            | "ol"
            | "p"
            | "pre"
            | "ruby"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "strike"
            | "sub"
            | "sup"
            | "table"
            | "tt"
            | "u"
            | "ul"
            | "var"
    )
}

impl<'a> Builder<'a> {
    /// "In body" and the modes read off the stack (table parts, select, foreign
    /// content).
    fn body(&mut self, t: Token<'a>) {
        if self.after > 0 {
            match &t {
                Token::Comment => {
                    let n = self.new_node(Data::Comment);
                    let parent = if self.after == 1 {
                        self.stack.first().copied().unwrap_or(0)
                    } else {
                        0
                    };
                    self.insert_at(parent, NIL, n);
                    return;
                }
                Token::Doctype(_) => return,
                Token::Text(s) if is_whitespace(s) => {}
                Token::End { name } if name == "html" => {
                    self.after = 2;
                    return;
                }
                _ => self.after = 0,
            }
        }
        let cur = self.current();
        if self.ns(cur) != Ns::Html && !self.html_rules_in_foreign(cur, &t) {
            return self.foreign(t);
        }
        if self.counts[5] > 0 {
            match self.table_ctx() {
                TableCtx::None => {}
                TableCtx::Table | TableCtx::Body | TableCtx::Row => return self.in_table(t),
                TableCtx::Cell => return self.in_cell(t),
                TableCtx::Caption => return self.in_caption(t),
                TableCtx::ColGroup => return self.in_colgroup(t),
            }
        }
        self.in_body(t)
    }

    /// Whether a token is handled by the HTML rules although the current node is
    /// an SVG or MathML element (integration points).
    fn html_rules_in_foreign(&self, cur: u32, t: &Token<'a>) -> bool {
        let tag = self.tag(cur);
        let start_or_text = matches!(t, Token::Start { .. } | Token::Text(_));
        match self.ns(cur) {
            Ns::MathMl => {
                (matches!(tag, "mi" | "mo" | "mn" | "ms" | "mtext")
                    && match t {
                        Token::Start { name, .. } => name != "mglyph" && name != "malignmark",
                        Token::Text(_) => true,
                        _ => false,
                    })
                    || (tag == "annotation-xml"
                        && (matches!(t, Token::Start { name, .. } if name == "svg")
                            || (start_or_text
                                && self.attr(cur, "encoding").is_some_and(|e| {
                                    e.eq_ignore_ascii_case("text/html")
                                        || e.eq_ignore_ascii_case("application/xhtml+xml")
                                }))))
            }
            Ns::Svg => start_or_text && matches!(tag, "foreignObject" | "desc" | "title"),
            Ns::Html => true,
        }
    }

    fn table_ctx(&self) -> TableCtx {
        for &n in self.stack.iter().rev() {
            if self.ns(n) != Ns::Html {
                continue;
            }
            return match self.tag(n) {
                "td" | "th" => TableCtx::Cell,
                "tr" => TableCtx::Row,
                "tbody" | "thead" | "tfoot" => TableCtx::Body,
                "caption" => TableCtx::Caption,
                "colgroup" => TableCtx::ColGroup,
                "table" => TableCtx::Table,
                "html" | "template" => TableCtx::None,
                _ => continue,
            };
        }
        TableCtx::None
    }

    fn in_body(&mut self, t: Token<'a>) {
        match t {
            Token::Text(s) => {
                self.reconstruct();
                self.insert_text(s);
            }
            Token::Comment => self.insert_comment(),
            Token::Doctype(_) => {}
            Token::Start { name, self_closing } => self.body_start(name, self_closing),
            Token::End { name } => self.body_end(name),
        }
    }

    fn merge_attrs(&mut self, n: u32) {
        let Data::Element { attrs, .. } = &self.nodes[n as usize].data else {
            return;
        };
        let (s, e) = *attrs;
        let new: Vec<Attr<'a>> = std::mem::take(&mut self.tok.attrs)
            .into_iter()
            .filter(|(k, _)| {
                !self.attrs[s as usize..e as usize]
                    .iter()
                    .any(|(k2, _)| k2 == k)
            })
            .collect();
        if new.is_empty() {
            return;
        }
        let start = self.attrs.len() as u32;
        for i in s..e {
            let a = self.attrs[i as usize].clone();
            self.attrs.push(a);
        }
        self.attrs.extend(new);
        let end = self.attrs.len() as u32;
        if let Data::Element { attrs, .. } = &mut self.nodes[n as usize].data {
            *attrs = (start, end);
        }
    }

    fn body_start(&mut self, name: Cow<'a, str>, self_closing: bool) {
        let tag = name.as_ref();
        match tag {
            "html" => {
                if let Some(&h) = self.stack.first() {
                    self.merge_attrs(h);
                }
            }
            "base" | "basefont" | "bgsound" | "link" | "meta" | "noframes" | "script" | "style"
            | "template" | "title" => {
                self.head_start(&name);
            }
            "body" => {
                if let Some(&b) = self.stack.get(1) {
                    if self.is_html(b, "body") {
                        self.merge_attrs(b);
                    }
                }
            }
            "frameset" | "caption" | "col" | "colgroup" | "frame" | "head" | "tbody" | "td"
            | "tfoot" | "th" | "thead" | "tr" => {}
            _ if is_block_start(tag) => {
                self.close_p();
                self.insert_element(name, Ns::Html);
            }
            _ if is_heading(tag) => {
                self.close_p();
                let cur = self.current();
                if self.ns(cur) == Ns::Html && is_heading(self.tag(cur)) {
                    self.pop();
                }
                self.insert_element(name, Ns::Html);
            }
            "pre" | "listing" => {
                self.close_p();
                self.insert_element(name, Ns::Html);
                self.skip_newline = true;
            }
            "form" => {
                if self.form != NIL && self.counts[14] == 0 {
                    return;
                }
                self.close_p();
                let n = self.insert_element(name, Ns::Html);
                if self.counts[14] == 0 {
                    self.form = n;
                }
            }
            "li" | "dd" | "dt" => {
                let targets: &[&str] = if tag == "li" { &["li"] } else { &["dd", "dt"] };
                if self.open_count(tag) != Some(0) || tag != "li" {
                    for i in (0..self.stack.len()).rev() {
                        let n = self.stack[i];
                        let nt = self.tag(n);
                        if self.ns(n) == Ns::Html && targets.contains(&nt) {
                            let nt = nt.to_string();
                            self.generate_implied(&nt);
                            self.pop_until_node(n);
                            break;
                        }
                        if self.is_special(n)
                            && !(self.ns(n) == Ns::Html && matches!(nt, "address" | "div" | "p"))
                        {
                            break;
                        }
                    }
                }
                self.close_p();
                self.insert_element(name, Ns::Html);
            }
            "plaintext" => {
                self.close_p();
                self.insert_element(name.clone(), Ns::Html);
                self.tok.set_raw(RawKind::PlainText, name);
                self.raw_open = true;
            }
            "button" => {
                if self.in_scope("button", Scope::Default) {
                    self.generate_implied("");
                    self.pop_until("button");
                }
                self.reconstruct();
                self.insert_element(name, Ns::Html);
            }
            "a" => {
                let open_a = self
                    .fmt
                    .iter()
                    .rev()
                    .take_while(|&&e| e != MARKER)
                    .find(|&&e| self.is_html(e, "a"))
                    .copied();
                if let Some(a) = open_a {
                    let saved = std::mem::take(&mut self.tok.attrs);
                    self.adoption("a");
                    self.tok.attrs = saved;
                    self.fmt.retain(|&e| e != a);
                    self.remove_from_stack(a);
                }
                self.reconstruct();
                let n = self.insert_element(name, Ns::Html);
                self.push_fmt(n);
            }
            "b" | "big" | "code" | "em" | "font" | "i" | "s" | "small" | "strike" | "strong"
            | "tt" | "u" => {
                self.reconstruct();
                let n = self.insert_element(name, Ns::Html);
                self.push_fmt(n);
            }
            "nobr" => {
                self.reconstruct();
                if self.in_scope("nobr", Scope::Default) {
                    let saved = std::mem::take(&mut self.tok.attrs);
                    self.adoption("nobr");
                    self.tok.attrs = saved;
                    self.reconstruct();
                }
                let n = self.insert_element(name, Ns::Html);
                self.push_fmt(n);
            }
            "applet" | "marquee" | "object" => {
                self.reconstruct();
                self.insert_element(name, Ns::Html);
                self.fmt.push(MARKER);
            }
            "table" => {
                if !self.quirks {
                    self.close_p();
                }
                self.insert_element(name, Ns::Html);
            }
            "area" | "br" | "embed" | "img" | "keygen" | "wbr" => {
                self.reconstruct();
                self.insert_void(name);
            }
            "input" => {
                if self.in_scope("select", Scope::Default) {
                    self.pop_until("select");
                }
                self.reconstruct();
                self.insert_void(name);
            }
            "image" => {
                self.reconstruct();
                self.insert_void(Cow::Borrowed("img"));
            }
            "param" | "source" | "track" => self.insert_void(name),
            "hr" => {
                self.close_p();
                if self.in_scope("select", Scope::Default) {
                    self.generate_implied("");
                }
                self.insert_void(name);
            }
            "textarea" => {
                self.insert_element(name.clone(), Ns::Html);
                self.tok.set_raw(RawKind::RcData, name);
                self.raw_open = true;
                self.skip_newline = true;
            }
            "xmp" => {
                self.close_p();
                self.reconstruct();
                self.insert_element(name.clone(), Ns::Html);
                self.tok.set_raw(RawKind::RawText, name);
                self.raw_open = true;
            }
            "iframe" | "noembed" | "noscript" => {
                self.insert_element(name.clone(), Ns::Html);
                self.tok.set_raw(RawKind::RawText, name);
                self.raw_open = true;
            }
            // The customizable-select rules of html5ever 0.39 (no "in select" mode).
            "select" if self.in_scope("select", Scope::Default) => self.pop_until("select"),
            "select" => {
                self.reconstruct();
                self.insert_element(name, Ns::Html);
            }
            "option" | "optgroup" => {
                if self.in_scope("select", Scope::Default) {
                    self.generate_implied(if tag == "option" { "optgroup" } else { "" });
                } else if self.is_html(self.current(), "option") {
                    self.pop();
                }
                self.reconstruct();
                self.insert_element(name, Ns::Html);
            }
            "rb" | "rtc" | "rp" | "rt" => {
                if self.in_scope("ruby", Scope::Default) {
                    self.generate_implied(if tag == "rb" || tag == "rtc" {
                        ""
                    } else {
                        "rtc"
                    });
                }
                self.insert_element(name, Ns::Html);
            }
            "math" | "svg" => {
                self.reconstruct();
                let ns = if tag == "svg" { Ns::Svg } else { Ns::MathMl };
                let n = self.insert_element(name, ns);
                if self_closing {
                    self.pop_if(n);
                }
            }
            _ => {
                self.reconstruct();
                self.insert_element(name, Ns::Html);
            }
        }
    }

    fn body_end(&mut self, name: Cow<'a, str>) {
        let tag = name.as_ref();
        match tag {
            "body" | "html" => {
                if self.in_scope("body", Scope::Default) {
                    self.after = if tag == "html" { 2 } else { 1 };
                }
            }
            "template" => {
                if self.counts[14] > 0 {
                    self.generate_implied("");
                    self.pop_until("template");
                    self.clear_fmt_to_marker();
                }
            }
            "form" => {
                let node = std::mem::replace(&mut self.form, NIL);
                if node == NIL || !self.node_in_scope(node) {
                    return;
                }
                self.generate_implied("");
                self.remove_from_stack(node);
            }
            "p" => {
                if !self.in_scope("p", Scope::Button) {
                    self.tok.attrs.clear();
                    self.insert_element(Cow::Borrowed("p"), Ns::Html);
                }
                self.close_p();
            }
            "li" => {
                if self.in_scope("li", Scope::ListItem) {
                    self.generate_implied("li");
                    self.pop_until("li");
                }
            }
            "dd" | "dt" => {
                if self.in_scope(tag, Scope::Default) {
                    self.generate_implied(tag);
                    self.pop_until(tag);
                }
            }
            _ if is_heading(tag) => {
                if self.counts[11] > 0 && self.in_scope_by(is_heading, Scope::Default).is_some() {
                    self.generate_implied("");
                    while let Some(n) = self.pop() {
                        if self.ns(n) == Ns::Html && is_heading(self.tag(n)) {
                            break;
                        }
                    }
                }
            }
            _ if is_formatting(tag) => self.adoption(tag),
            "applet" | "marquee" | "object" => {
                if self.in_scope(tag, Scope::Default) {
                    self.generate_implied("");
                    self.pop_until(tag);
                    self.clear_fmt_to_marker();
                }
            }
            "br" => {
                self.tok.attrs.clear();
                self.body_start(Cow::Borrowed("br"), false);
            }
            _ if is_block_end(tag) => {
                if self.in_scope(tag, Scope::Default) {
                    self.generate_implied("");
                    self.pop_until(tag);
                }
            }
            _ => self.any_other_end(tag),
        }
    }

    fn node_in_scope(&self, target: u32) -> bool {
        for &n in self.stack.iter().rev() {
            if n == target {
                return true;
            }
            if self.is_scope_boundary(n, Scope::Default) {
                return false;
            }
        }
        false
    }

    // ----- tables -----

    fn clear_to(&mut self, stops: &[&str]) {
        while let Some(&n) = self.stack.last() {
            if self.ns(n) == Ns::Html && (stops.contains(&self.tag(n)) || self.tag(n) == "html") {
                break;
            }
            self.pop();
        }
    }

    /// Inserts an implied element; `false` when the stack is full (then the token
    /// must not be reprocessed, or it would imply the element again and again).
    fn insert_implied(&mut self, tag: &'static str) -> bool {
        let saved = std::mem::take(&mut self.tok.attrs);
        let n = self.insert_element(Cow::Borrowed(tag), Ns::Html);
        self.tok.attrs = saved;
        self.current() == n
    }

    fn foster_body(&mut self, t: Token<'a>) {
        let was = std::mem::replace(&mut self.foster, true);
        self.in_body(t);
        self.foster = was;
    }

    fn in_table(&mut self, t: Token<'a>) {
        let ctx = self.table_ctx();
        let cur = self.current();
        let cur_tableish = self.ns(cur) == Ns::Html && is_table_ish(self.tag(cur));
        match t {
            Token::Text(s) => {
                if cur_tableish && is_whitespace(&s) {
                    self.insert_text(s);
                } else {
                    self.foster_body(Token::Text(s));
                }
            }
            Token::Comment => self.insert_comment(),
            Token::Doctype(_) => {}
            Token::Start { ref name, .. } => {
                let tag = name.as_ref();
                match (ctx, tag) {
                    (TableCtx::Row, "th" | "td") => {
                        self.clear_to(&["tr", "template"]);
                        self.insert_element(name.clone(), Ns::Html);
                        self.fmt.push(MARKER);
                    }
                    (
                        TableCtx::Row,
                        "caption" | "col" | "colgroup" | "tbody" | "tfoot" | "thead" | "tr",
                    ) => {
                        if self.in_scope("tr", Scope::Table) {
                            self.clear_to(&["tr", "template"]);
                            self.pop();
                            self.body(t);
                        }
                    }
                    (TableCtx::Body, "tr") => {
                        self.clear_to(&["tbody", "tfoot", "thead", "template"]);
                        self.insert_element(name.clone(), Ns::Html);
                    }
                    (TableCtx::Body, "th" | "td") => {
                        self.clear_to(&["tbody", "tfoot", "thead", "template"]);
                        if self.insert_implied("tr") {
                            self.body(t);
                        }
                    }
                    (
                        TableCtx::Body,
                        "caption" | "col" | "colgroup" | "tbody" | "tfoot" | "thead",
                    ) => {
                        self.clear_to(&["tbody", "tfoot", "thead", "template"]);
                        self.pop();
                        self.body(t);
                    }
                    (_, "caption") => {
                        self.clear_to(&["table", "template"]);
                        self.fmt.push(MARKER);
                        self.insert_element(name.clone(), Ns::Html);
                    }
                    (_, "colgroup") => {
                        self.clear_to(&["table", "template"]);
                        self.insert_element(name.clone(), Ns::Html);
                    }
                    (_, "col") => {
                        self.clear_to(&["table", "template"]);
                        if self.insert_implied("colgroup") {
                            self.body(t);
                        }
                    }
                    (_, "tbody" | "tfoot" | "thead") => {
                        self.clear_to(&["table", "template"]);
                        self.insert_element(name.clone(), Ns::Html);
                    }
                    (_, "td" | "th" | "tr") => {
                        self.clear_to(&["table", "template"]);
                        if self.insert_implied("tbody") {
                            self.body(t);
                        }
                    }
                    (_, "table") => {
                        if self.in_scope("table", Scope::Table) {
                            self.pop_until("table");
                            self.body(t);
                        }
                    }
                    (_, "style" | "script" | "template") => {
                        self.head_start(name);
                    }
                    (_, "input")
                        if self
                            .tok
                            .attrs
                            .iter()
                            .any(|(k, v)| k == "type" && v.eq_ignore_ascii_case("hidden")) =>
                    {
                        self.insert_void(name.clone());
                    }
                    (_, "form") => {
                        if self.form == NIL && self.counts[14] == 0 {
                            let n = self.insert_element(name.clone(), Ns::Html);
                            self.form = n;
                            self.pop_if(n);
                        }
                    }
                    _ => self.foster_body(t),
                }
            }
            Token::End { ref name } => {
                let tag = name.as_ref();
                match (ctx, tag) {
                    (TableCtx::Row, "tr") => {
                        if self.in_scope("tr", Scope::Table) {
                            self.clear_to(&["tr", "template"]);
                            self.pop();
                        }
                    }
                    (TableCtx::Row, "table") => {
                        if self.in_scope("tr", Scope::Table) {
                            self.clear_to(&["tr", "template"]);
                            self.pop();
                            self.body(t);
                        }
                    }
                    (TableCtx::Row, "tbody" | "tfoot" | "thead") => {
                        if self.in_scope(tag, Scope::Table) && self.in_scope("tr", Scope::Table) {
                            self.clear_to(&["tr", "template"]);
                            self.pop();
                            self.body(t);
                        }
                    }
                    (TableCtx::Body, "tbody" | "tfoot" | "thead") => {
                        if self.in_scope(tag, Scope::Table) {
                            self.clear_to(&["tbody", "tfoot", "thead", "template"]);
                            self.pop();
                        }
                    }
                    (TableCtx::Body, "table") => {
                        if self.counts[9] > 0 {
                            self.clear_to(&["tbody", "tfoot", "thead", "template"]);
                            self.pop();
                            self.body(t);
                        }
                    }
                    (_, "table") => {
                        if self.in_scope("table", Scope::Table) {
                            self.pop_until("table");
                        }
                    }
                    (
                        _,
                        "body" | "caption" | "col" | "colgroup" | "html" | "tbody" | "td" | "tfoot"
                        | "th" | "thead" | "tr",
                    ) => {}
                    _ => self.foster_body(t),
                }
            }
        }
    }

    fn close_cell(&mut self) {
        self.generate_implied("");
        while let Some(n) = self.pop() {
            if self.is_html(n, "td") || self.is_html(n, "th") {
                break;
            }
        }
        self.clear_fmt_to_marker();
    }

    fn in_cell(&mut self, t: Token<'a>) {
        match &t {
            Token::Start { name, .. }
                if matches!(
                    name.as_ref(),
                    "caption"
                        | "col"
                        | "colgroup"
                        | "tbody"
                        | "td"
                        | "tfoot"
                        | "th"
                        | "thead"
                        | "tr"
                ) =>
            {
                self.close_cell();
                self.body(t);
            }
            Token::End { name } if matches!(name.as_ref(), "td" | "th") => {
                if self.in_scope(name, Scope::Table) {
                    self.close_cell();
                }
            }
            Token::End { name }
                if matches!(name.as_ref(), "table" | "tbody" | "tfoot" | "thead" | "tr") =>
            {
                if self.in_scope(name, Scope::Table) {
                    self.close_cell();
                    self.body(t);
                }
            }
            Token::End { name }
                if matches!(
                    name.as_ref(),
                    "body" | "caption" | "col" | "colgroup" | "html"
                ) => {}
            _ => self.in_body(t),
        }
    }

    fn in_caption(&mut self, t: Token<'a>) {
        let closes = match &t {
            Token::Start { name, .. } => matches!(
                name.as_ref(),
                "caption" | "col" | "colgroup" | "tbody" | "td" | "tfoot" | "th" | "thead" | "tr"
            ),
            Token::End { name } => matches!(name.as_ref(), "caption" | "table"),
            _ => false,
        };
        if closes {
            let reprocess = !matches!(&t, Token::End { name } if name == "caption");
            self.generate_implied("");
            self.pop_until("caption");
            self.clear_fmt_to_marker();
            if reprocess {
                self.body(t);
            }
            return;
        }
        match &t {
            Token::End { name }
                if matches!(
                    name.as_ref(),
                    "body"
                        | "col"
                        | "colgroup"
                        | "html"
                        | "tbody"
                        | "td"
                        | "tfoot"
                        | "th"
                        | "thead"
                        | "tr"
                ) => {}
            _ => self.in_body(t),
        }
    }

    fn in_colgroup(&mut self, t: Token<'a>) {
        match &t {
            Token::Text(s) if is_whitespace(s) => {
                if let Token::Text(s) = t {
                    self.insert_text(s);
                }
            }
            Token::Comment => self.insert_comment(),
            Token::Start { name, .. } if name == "col" => self.insert_void(name.clone()),
            Token::End { name } if name == "colgroup" => {
                if self.is_html(self.current(), "colgroup") {
                    self.pop();
                }
            }
            Token::End { name } if name == "col" => {}
            _ => {
                if self.is_html(self.current(), "colgroup") {
                    self.pop();
                    self.body(t);
                } else {
                    // Something foster-parented is open above the column group.
                    self.foster_body(t);
                }
            }
        }
    }

    // ----- SVG and MathML -----

    fn foreign(&mut self, t: Token<'a>) {
        match t {
            Token::Text(s) => self.insert_text(s),
            Token::Comment => self.insert_comment(),
            Token::Doctype(_) => {}
            Token::Start {
                ref name,
                self_closing,
            } => {
                let breakout = is_breakout(name)
                    || (name == "font"
                        && self
                            .tok
                            .attrs
                            .iter()
                            .any(|(k, _)| matches!(k.as_ref(), "color" | "face" | "size")));
                if breakout {
                    while let Some(&n) = self.stack.last() {
                        if self.ns(n) == Ns::Html || self.is_integration_point(n) {
                            break;
                        }
                        self.pop();
                    }
                    self.body(t);
                    return;
                }
                let ns = self.ns(self.current());
                let name = if ns == Ns::Svg {
                    svg_name(name.clone())
                } else {
                    name.clone()
                };
                let n = self.insert_element(name, ns);
                if self_closing {
                    self.pop_if(n);
                }
            }
            Token::End { ref name } if name == "p" || name == "br" => {
                while let Some(&n) = self.stack.last() {
                    if self.ns(n) == Ns::Html || self.is_integration_point(n) {
                        break;
                    }
                    self.pop();
                }
                self.body(t);
            }
            Token::End { ref name } => {
                for i in (0..self.stack.len()).rev() {
                    let n = self.stack[i];
                    if self.ns(n) == Ns::Html {
                        // Back in HTML: the HTML rules decide.
                        let was = std::mem::replace(&mut self.foster, false);
                        self.body_html(t);
                        self.foster = was;
                        return;
                    }
                    if self.tag(n).eq_ignore_ascii_case(name) {
                        self.pop_until_node(n);
                        return;
                    }
                }
            }
        }
    }

    /// The HTML rules for a token while the current node may be foreign.
    fn body_html(&mut self, t: Token<'a>) {
        if self.counts[5] > 0 {
            match self.table_ctx() {
                TableCtx::None => {}
                TableCtx::Table | TableCtx::Body | TableCtx::Row => return self.in_table(t),
                TableCtx::Cell => return self.in_cell(t),
                TableCtx::Caption => return self.in_caption(t),
                TableCtx::ColGroup => return self.in_colgroup(t),
            }
        }
        self.in_body(t)
    }

    fn is_integration_point(&self, n: u32) -> bool {
        let tag = self.tag(n);
        match self.ns(n) {
            Ns::MathMl => {
                matches!(tag, "mi" | "mo" | "mn" | "ms" | "mtext")
                    || (tag == "annotation-xml"
                        && self.attr(n, "encoding").is_some_and(|e| {
                            e.eq_ignore_ascii_case("text/html")
                                || e.eq_ignore_ascii_case("application/xhtml+xml")
                        }))
            }
            Ns::Svg => matches!(tag, "foreignObject" | "desc" | "title"),
            Ns::Html => true,
        }
    }
}
