//! A fast main-content finder, and the cascade that falls back to trafilatura.
//!
//! [`FastFinder`] reads the already-parsed tree once, without changing it:
//!
//! 1. **Blocks.** A walk of `<body>` cuts the visible text into blocks at block-level
//!    elements (paragraphs, headings, list items, table rows with tab-separated
//!    cells, quotes, preformatted text, captions), counting for every block the
//!    characters inside links. Scripts, styles, forms' controls and hidden elements
//!    are skipped. Page chrome — `<nav>`, `<aside>`, `<header>`, `<footer>`,
//!    `<form>`, and elements whose class or id matches `knowledge/extract/boilerplate.tsv`
//!    (share bars, related links, comments, newsletter and cookie prompts, ads,
//!    author boxes) — is walked but marked, so it never counts as content.
//! 2. **Scores.** As in readability, every paragraph-like block of at least 25
//!    characters outside links adds `1 + commas + min(length / 100, 3)` to the
//!    element around it, half to the next one up and a third to the one above that;
//!    elements start from a tag prior (`<article>`, `<div>` up; lists, headings down)
//!    and a class/id prior (`article`, `content`, `story`, `post` … up), and the
//!    total is scaled by one minus the element's link density.
//! 3. **Region.** The best element, joined by those of its siblings that score at
//!    least a fifth of it (or are long, link-poor paragraphs), is the main content.
//!    Its blocks are returned in reading order, without chrome and without
//!    link lists (short blocks that are mostly link text).
//! 4. **Confidence.** The finder is sure when the region holds at least 400 characters
//!    of text in at least two paragraphs, little of it link text, and nearly all the
//!    paragraph text of the page outside chrome (a second article, a long comment
//!    thread or a content split over unrelated containers makes it unsure).
//!
//! [`CascadeFinder`] uses the fast finder's answer when it is sure, and hands the
//! page to [`TrafilaturaFinder`] (with its fallbacks) when it is not.

use super::body::{Block, BlockKind};
use super::{timing, ContentFinder, FoundContent, TrafilaturaFinder};
use crate::lexicon::Hints;
use std::collections::HashMap;
use std::time::Instant;
use trafilatura::dom::{Document, NodeId};

/// Elements whose content is never text of the page.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "button", "select",
    "textarea", "input", "option", "object", "embed", "canvas", "video", "audio", "map", "head",
    "dialog",
];

/// Elements that end a block of text.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "header",
    "footer",
    "aside",
    "nav",
    "form",
    "details",
    "summary",
    "hr",
    "center",
    "address",
    "fieldset",
    "caption",
];

/// Elements that are page chrome by their tag.
const CHROME_TAGS: &[&str] = &["nav", "aside", "header", "footer", "form"];

/// Class/id parts that mark the main content.
const POSITIVE: &[&str] = &[
    "article", "content", "entry", "main", "post", "story", "text", "body", "blog",
];

/// Class/id parts that mark secondary matter not covered by `boilerplate.tsv`.
const NEGATIVE: &[&str] = &[
    "meta", "tags", "byline", "dateline", "teaser", "card", "list", "hidden", "foot", "masthead",
];

/// Marks separating table cells inside a run of text.
const CELL: char = '\u{1}';

/// Thresholds of the fast finder's confidence.
#[derive(Clone, Copy, Debug)]
pub struct Confidence {
    /// Least characters of text in the region.
    pub min_chars: usize,
    /// Least paragraphs (blocks of ≥ 25 characters outside links) in the region.
    pub min_paragraphs: usize,
    /// Largest share of link text in the region.
    pub max_link_density: f64,
    /// Least share of the page's paragraph text (outside chrome) in the region.
    pub min_coverage: f64,
}

impl Default for Confidence {
    fn default() -> Self {
        Confidence {
            min_chars: 400,
            min_paragraphs: 2,
            max_link_density: 0.2,
            min_coverage: 0.9,
        }
    }
}

/// The fast finder alone (never falls back; returns what it found, sure or not).
#[derive(Clone, Debug)]
pub struct FastFinder {
    hints: Hints,
}

impl Default for FastFinder {
    fn default() -> Self {
        FastFinder {
            hints: Hints::builtin(),
        }
    }
}

/// What the fast finder found on a page.
#[derive(Clone, Debug, Default)]
pub struct FastResult {
    /// Main-content blocks in reading order.
    pub blocks: Vec<Block>,
    /// Characters of text in the chosen region.
    pub chars: usize,
    /// Paragraphs in the region.
    pub paragraphs: usize,
    /// Link text share in the region.
    pub link_density: f64,
    /// Share of the page's paragraph text (outside chrome) in the region.
    pub coverage: f64,
}

impl FastResult {
    /// Whether the result passes the thresholds.
    pub fn is_confident(&self, c: &Confidence) -> bool {
        self.chars >= c.min_chars
            && self.paragraphs >= c.min_paragraphs
            && self.link_density <= c.max_link_density
            && self.coverage >= c.min_coverage
    }
}

impl FastResult {
    /// The confidence figures, for traces.
    pub fn describe(&self) -> String {
        format!(
            "chars={} paragraphs={} link_density={:.3} coverage={:.3}",
            self.chars, self.paragraphs, self.link_density, self.coverage
        )
    }
}

impl FastFinder {
    /// Analyses a parsed page.
    pub fn analyze(&self, doc: &Document) -> FastResult {
        let Some(body) = doc.body() else {
            return FastResult::default();
        };
        let mut w = Walker {
            doc,
            hints: &self.hints,
            cache: HashMap::new(),
            elems: Vec::new(),
            blocks: Vec::new(),
            run: String::new(),
            run_links: 0,
        };
        w.elems.push(Elem {
            parent: usize::MAX,
            end: 0,
            prior: 0.0,
            score: 0.0,
            chars: 0,
            links: 0,
        });
        let ctx = Ctx {
            elem: 0,
            kind: BlockKind::Paragraph,
            link: false,
            chrome: false,
        };
        w.walk(body, ctx, 0);
        w.flush(ctx);
        w.elems[0].end = w.elems.len();
        let Walker {
            mut elems, blocks, ..
        } = w;
        choose(&mut elems, blocks)
    }
}

impl ContentFinder for FastFinder {
    fn find(&self, doc: Document) -> FoundContent {
        let t = Instant::now();
        let r = self.analyze(&doc);
        timing::count_path(true);
        timing::note(|| r.describe());
        drop(doc);
        timing::lap(3, t);
        FoundContent {
            blocks: r.blocks,
            ..FoundContent::default()
        }
    }
}

/// The default finder: [`FastFinder`] when it is sure, else trafilatura.
#[derive(Clone, Debug)]
pub struct CascadeFinder {
    fast: FastFinder,
    confidence: Confidence,
    fallback: TrafilaturaFinder,
}

impl Default for CascadeFinder {
    fn default() -> Self {
        CascadeFinder::new(Confidence::default(), TrafilaturaFinder::default())
    }
}

impl CascadeFinder {
    /// With thresholds and the trafilatura finder to fall back to.
    pub fn new(confidence: Confidence, fallback: TrafilaturaFinder) -> CascadeFinder {
        CascadeFinder {
            fast: FastFinder::default(),
            confidence,
            fallback,
        }
    }
}

impl ContentFinder for CascadeFinder {
    fn find(&self, doc: Document) -> FoundContent {
        let t = Instant::now();
        let r = self.fast.analyze(&doc);
        let sure = r.is_confident(&self.confidence);
        timing::count_path(sure);
        timing::note(|| r.describe());
        if sure {
            drop(doc);
            timing::lap(3, t);
            return FoundContent {
                blocks: r.blocks,
                ..FoundContent::default()
            };
        }
        timing::lap(3, t);
        self.fallback.find(doc)
    }
}

/// An element on the walk (preorder index = position in `Walker::elems`).
#[derive(Clone, Debug)]
struct Elem {
    parent: usize,
    /// One past the last element of its subtree.
    end: usize,
    prior: f64,
    score: f64,
    /// Characters of text in the subtree, outside chrome.
    chars: usize,
    /// Of those, inside links.
    links: usize,
}

/// A block of text as found on the walk.
#[derive(Clone, Debug)]
struct RawBlock {
    text: String,
    kind: BlockKind,
    /// The element that holds it (the innermost block-level element).
    elem: usize,
    links: usize,
    chrome: bool,
}

#[derive(Clone, Copy, Debug)]
struct Ctx {
    elem: usize,
    kind: BlockKind,
    link: bool,
    chrome: bool,
}

struct Walker<'a> {
    doc: &'a Document,
    hints: &'a Hints,
    /// Class/id value → (chrome, caption, class prior).
    cache: HashMap<String, (bool, bool, f64)>,
    elems: Vec<Elem>,
    blocks: Vec<RawBlock>,
    run: String,
    run_links: usize,
}

impl Walker<'_> {
    fn walk(&mut self, id: NodeId, ctx: Ctx, depth: usize) {
        if depth > 400 {
            return;
        }
        for child in self.doc.child_nodes(id) {
            if self.doc.is_text(child) {
                let t = self.doc.text_content(child);
                if ctx.link {
                    self.run_links += t.split_whitespace().map(str::len).sum::<usize>();
                }
                self.run.push_str(&t);
                continue;
            }
            if !self.doc.is_element(child) {
                continue;
            }
            let tag = self.doc.tag_name(child);
            if SKIP.contains(&tag) || self.hidden(child) {
                continue;
            }
            match tag {
                "br" => {
                    self.run.push(' ');
                    continue;
                }
                "td" | "th" => {
                    self.run.push(CELL);
                }
                _ => {}
            }
            let block = BLOCK.contains(&tag);
            let (chrome_attr, caption_attr, class_prior) = self.classify(child, tag);
            let chrome = ctx.chrome || CHROME_TAGS.contains(&tag) || chrome_attr;
            let kind = match tag {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
                "li" | "dt" | "dd" => BlockKind::ListItem,
                "tr" => BlockKind::TableRow,
                "blockquote" => BlockKind::Quote,
                "pre" => BlockKind::Pre,
                "figcaption" => BlockKind::Caption,
                _ if caption_attr => BlockKind::Caption,
                _ => ctx.kind,
            };
            if !block {
                let inner = Ctx {
                    link: ctx.link || tag == "a",
                    chrome,
                    kind: if kind == BlockKind::Caption {
                        kind
                    } else {
                        ctx.kind
                    },
                    ..ctx
                };
                if inner.chrome != ctx.chrome || inner.kind != ctx.kind {
                    // Inline chrome or caption: its text is a block of its own.
                    self.flush(ctx);
                    self.walk(child, inner, depth + 1);
                    self.flush(inner);
                } else {
                    self.walk(child, inner, depth + 1);
                }
                continue;
            }
            self.flush(ctx);
            let index = self.elems.len();
            let prior = class_prior
                + match tag {
                    "article" | "main" => 10.0,
                    "div" | "section" => 5.0,
                    "pre" | "td" | "blockquote" => 3.0,
                    "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" => -3.0,
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
                    _ => 0.0,
                };
            self.elems.push(Elem {
                parent: ctx.elem,
                end: 0,
                prior,
                score: 0.0,
                chars: 0,
                links: 0,
            });
            let inner = Ctx {
                elem: index,
                kind,
                link: ctx.link,
                chrome,
            };
            self.walk(child, inner, depth + 1);
            self.flush(inner);
            self.elems[index].end = self.elems.len();
        }
    }

    fn hidden(&self, id: NodeId) -> bool {
        if self.doc.get_attribute(id, "hidden").is_some() {
            return true;
        }
        self.doc.get_attribute(id, "style").is_some_and(|s| {
            let s: String = s
                .chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
    }

    /// (chrome, caption, score prior) from the class and id.
    fn classify(&mut self, id: NodeId, tag: &str) -> (bool, bool, f64) {
        let class = self.doc.class_name(id);
        let ident = self.doc.id_attr(id);
        if class.is_empty() && ident.is_empty() {
            return (false, false, 0.0);
        }
        let key = format!("{class}\u{0}{ident}");
        if let Some(v) = self.cache.get(&key) {
            return if matches!(tag, "article" | "main" | "body") {
                (false, v.1, v.2)
            } else {
                *v
            };
        }
        let mut chrome = false;
        let mut caption = false;
        for value in [&class, &ident] {
            match self.hints.classify(value) {
                Some((Some(_), _)) => chrome = true,
                Some((None, _)) => caption = true,
                None => continue,
            }
            break;
        }
        let lower = key.to_ascii_lowercase();
        let parts: Vec<&str> = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|p| !p.is_empty())
            .collect();
        let mut prior = 0.0;
        if parts.iter().any(|p| POSITIVE.contains(p)) {
            prior += 25.0;
        }
        if parts.iter().any(|p| NEGATIVE.contains(p)) {
            prior -= 25.0;
        }
        let v = (chrome, caption, prior);
        self.cache.insert(key, v);
        if matches!(tag, "article" | "main" | "body") {
            (false, caption, prior)
        } else {
            v
        }
    }

    /// Ends the current run of text as a block of `ctx.elem`.
    fn flush(&mut self, ctx: Ctx) {
        if self.run.is_empty() {
            return;
        }
        let text = if ctx.kind == BlockKind::TableRow || self.run.contains(CELL) {
            let cells: Vec<String> = self
                .run
                .split(CELL)
                .map(super::scan::collapse)
                .filter(|c| !c.is_empty())
                .collect();
            if ctx.kind == BlockKind::TableRow {
                cells.join("\t")
            } else {
                cells.join(" ")
            }
        } else {
            super::scan::collapse(&self.run)
        };
        self.run.clear();
        let links = std::mem::take(&mut self.run_links);
        if text.is_empty() {
            return;
        }
        let chars = text.len();
        if !ctx.chrome {
            let mut e = ctx.elem;
            while e != usize::MAX {
                self.elems[e].chars += chars;
                self.elems[e].links += links.min(chars);
                e = self.elems[e].parent;
            }
        }
        self.blocks.push(RawBlock {
            text,
            kind: ctx.kind,
            elem: ctx.elem,
            links: links.min(chars),
            chrome: ctx.chrome,
        });
    }
}

/// Whether a block counts as a paragraph of running text.
fn is_paragraph(b: &RawBlock) -> bool {
    !b.chrome
        && matches!(
            b.kind,
            BlockKind::Paragraph | BlockKind::Quote | BlockKind::Pre | BlockKind::ListItem
        )
        && b.text.len().saturating_sub(b.links) >= 25
}

/// Scores the elements, picks the region and measures the confidence.
fn choose(elems: &mut [Elem], blocks: Vec<RawBlock>) -> FastResult {
    for e in elems.iter_mut() {
        e.score = e.prior;
    }
    let mut scored = vec![false; elems.len()];
    for b in blocks.iter().filter(|b| is_paragraph(b)) {
        let commas = b.text.matches([',', '，', '、', '،']).count() as f64;
        let s = 1.0 + commas + (b.text.len() as f64 / 100.0).min(3.0);
        // The element holding the paragraph, its parent and grandparent.
        let mut e = elems[b.elem].parent;
        if b.kind == BlockKind::Paragraph && elems[b.elem].end == b.elem + 1 {
            // A leaf block (`<p>`): its container is the parent.
        } else {
            e = b.elem;
        }
        for level in 0..3 {
            if e == usize::MAX {
                break;
            }
            scored[e] = true;
            elems[e].score += s / [1.0, 2.0, 3.0][level];
            e = elems[e].parent;
        }
    }
    let mut best: Option<(usize, f64)> = None;
    for (i, e) in elems.iter().enumerate() {
        if !scored[i] {
            continue;
        }
        let ld = if e.chars > 0 {
            e.links as f64 / e.chars as f64
        } else {
            0.0
        };
        let s = e.score * (1.0 - ld);
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    let Some((top, top_score)) = best else {
        return FastResult::default();
    };
    // The region: the top element and its strong siblings.
    let parent = elems[top].parent;
    let threshold = (top_score * 0.2).max(10.0);
    let mut region: Vec<(usize, usize)> = vec![(top, elems[top].end)];
    if parent != usize::MAX {
        let mut i = parent + 1;
        while i < elems[parent].end {
            if i != top {
                let e = &elems[i];
                let ld = if e.chars > 0 {
                    e.links as f64 / e.chars as f64
                } else {
                    1.0
                };
                let s = e.score * (1.0 - ld);
                if scored[i] && s >= threshold {
                    region.push((i, e.end));
                } else if blocks
                    .iter()
                    .any(|b| b.elem == i && is_paragraph(b) && b.text.len() > 80 && ld < 0.25)
                {
                    region.push((i, e.end));
                }
            }
            i = elems[i].end.max(i + 1);
        }
    }
    let inside = |b: &RawBlock| region.iter().any(|(s, e)| *s <= b.elem && b.elem < *e);
    let page_text: usize = blocks
        .iter()
        .filter(|b| is_paragraph(b))
        .map(|b| b.text.len())
        .sum();
    let mut out = Vec::new();
    let (mut chars, mut links, mut paragraphs, mut covered) = (0, 0, 0, 0);
    for b in blocks {
        if b.chrome || !inside(&b) {
            continue;
        }
        let ld = b.links as f64 / b.text.len().max(1) as f64;
        if ld > 0.5 && b.text.len() < 300 {
            continue;
        }
        if is_paragraph(&b) {
            paragraphs += 1;
            covered += b.text.len();
        }
        chars += b.text.len();
        links += b.links;
        out.push(Block {
            text: b.text,
            kind: b.kind,
        });
    }
    FastResult {
        blocks: out,
        chars,
        paragraphs,
        link_density: links as f64 / chars.max(1) as f64,
        coverage: covered as f64 / page_text.max(1) as f64,
    }
}
