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
//!    author boxes, popups) — is walked but marked, so it never counts as content.
//!    A `<header>` inside an `<article>`, or with an article-like class or id
//!    (`entry-header`, `article-header`), is the article's own header (headline,
//!    standfirst, byline), not page chrome.
//! 2. **Scores.** As in readability, every paragraph-like block of at least 25
//!    characters outside links adds `1 + commas + min(length / 100, 3)` to the
//!    element around it, half to the next one up and a third to the one above that;
//!    elements start from a tag prior (`<article>`, `<div>` up; lists, headings down)
//!    and a class/id prior (`article`, `content`, `story`, `post` … up), and the
//!    total is scaled by one minus the element's link density.
//! 3. **Region.** The best element, joined by those of its siblings that score at
//!    least a fifth of it (or are long, link-poor paragraphs), is the main content.
//!    While it holds less than 85 % of the page's paragraph text and its parent adds
//!    a quarter more (link-poor), the region climbs to the parent. Its blocks are
//!    returned in reading order, without chrome and without link lists (short
//!    blocks that are mostly link text).
//!    Before the first sentence of running text, the `<h1>` and short lines that
//!    are a URL, a byline ("By …", "Von …"), a dateline (digits, no sentence end)
//!    or mostly links are left to the metadata.
//! 4. **Confidence.** The finder is sure when the region holds at least 400
//!    characters of text in at least four paragraphs, at most 30 % of it link
//!    text, and at least 60 % of the paragraph text of the page outside chrome (a
//!    second article, a long comment thread or content split over unrelated
//!    containers makes it unsure). The thresholds were chosen on the dev splits
//!    with `scripts/cascade_report.py` ([`Confidence`]).
//!
//! 5. **Second chance** ([`FastFinder::analyze_twice`]). When the first answer is
//!    unsure, steps 2–4 run again on the same walk (no second walk) with three
//!    changes: when class/id chrome holds most of the page's running text (every
//!    paragraph in its own `widget`), such chrome holding running text is layout,
//!    not chrome (tag chrome, comment sections, popups and inline chrome stay);
//!    a table row of one cell holding running text is a paragraph (pages laid out
//!    with tables); and the region climbs over wrappers that add no paragraph
//!    text (a story split over `row > col > box` stacks), but never into a parent
//!    where another child holds more than half of the paragraph text (a comment
//!    thread beside a short post). Its answer has thresholds of its own
//!    ([`Confidence::second_chance`]): 200 characters, 20 % link text, 30 % of the
//!    paragraph text and 70 % of the running text of the page.
//!
//! [`CascadeFinder`] uses the fast finder's answer when the first pass or the second
//! chance is sure, and hands the page to [`TrafilaturaFinder`] (with its fallbacks)
//! when neither is.

use super::body::{Block, BlockKind};
use super::dom::Dom;
use super::{timing, ContentFinder, FoundContent, Needs, ParsedPage, TrafilaturaFinder};
use crate::lexicon::Hints;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::time::Instant;
use trafilatura::dom::Document;

/// Elements whose content is never text of the page.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "button", "select",
    "textarea", "input", "option", "object", "embed", "canvas", "video", "audio", "map", "head",
    "dialog",
];

/// Elements that end a block of text: those of the block splitter that reads
/// trafilatura's output ([`super::body`]), and chrome and form containers, which
/// that output never holds.
fn ends_block(tag: &str) -> bool {
    super::body::BLOCK_TAGS.contains(&tag) || ["nav", "form", "fieldset", "caption"].contains(&tag)
}

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

/// Class/id parts of popups, modals and overlays: chrome even when they hold much
/// of the page's text (never taken for a content wrapper, like comment sections).
const POPUP: &[&str] = &["popup", "modal", "overlay", "lightbox", "popmake"];

/// The region climbs to its parent while it holds less than this share (percent) of
/// the page's paragraph text and the parent adds at least a quarter more.
const CLIMB_BELOW: usize = 85;

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
    /// Largest amount of prose inside chrome elements, relative to the region's
    /// text (a content wrapper whose class looks like chrome, e.g. `ck-widget`).
    /// Off by default: on the dev sets it sent more pages to trafilatura than it
    /// saved (see docs/EVALUATION.md).
    pub max_chrome_prose: f64,
    /// Least share of the page's running text (long, link-poor paragraphs with a
    /// sentence end, outside chrome) in the region.
    pub min_prose_coverage: f64,
}

impl Default for Confidence {
    fn default() -> Self {
        Confidence {
            min_chars: 400,
            min_paragraphs: 4,
            max_link_density: 0.3,
            min_coverage: 0.6,
            max_chrome_prose: f64::INFINITY,
            min_prose_coverage: 0.0,
        }
    }
}

impl Confidence {
    /// The thresholds of the second chance.
    pub fn second_chance() -> Confidence {
        Confidence {
            min_chars: 200,
            min_paragraphs: 0,
            max_link_density: 0.2,
            min_coverage: 0.3,
            max_chrome_prose: f64::INFINITY,
            min_prose_coverage: 0.7,
        }
    }

    /// Thresholds every answer passes.
    pub fn any() -> Confidence {
        Confidence {
            min_chars: 0,
            min_paragraphs: 0,
            max_link_density: f64::INFINITY,
            min_coverage: 0.0,
            max_chrome_prose: f64::INFINITY,
            min_prose_coverage: 0.0,
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
    /// Prose (long, link-poor paragraphs) inside chrome, relative to the region.
    pub chrome_prose: f64,
    /// Share of the page's running text (outside chrome) in the region.
    pub prose_coverage: f64,
}

impl FastResult {
    /// Whether the result passes the thresholds.
    pub fn is_confident(&self, c: &Confidence) -> bool {
        self.chars >= c.min_chars
            && self.paragraphs >= c.min_paragraphs
            && self.link_density <= c.max_link_density
            && self.coverage >= c.min_coverage
            && self.chrome_prose <= c.max_chrome_prose
            && self.prose_coverage >= c.min_prose_coverage
    }
}

impl FastResult {
    /// The confidence figures, for traces.
    pub fn describe(&self) -> String {
        format!(
            "chars={} paragraphs={} link_density={:.3} coverage={:.3} chrome_prose={:.3} prose_coverage={:.3}",
            self.chars, self.paragraphs, self.link_density, self.coverage, self.chrome_prose, self.prose_coverage
        )
    }
}

/// Settings of one pass of the region choice over the page's walk.
#[derive(Clone, Copy, Debug, Default)]
struct Pass {
    /// The second chance (see [`FastFinder::analyze_twice`]).
    second: bool,
}

/// The blocks one pass picked, with its confidence figures (`figures.blocks` empty).
#[derive(Clone, Debug, Default)]
struct Choice {
    picked: Vec<usize>,
    figures: FastResult,
}

impl Choice {
    /// The result, with the picked blocks' texts taken out of `blocks`.
    fn into_result(self, blocks: &mut [RawBlock]) -> FastResult {
        FastResult {
            blocks: self
                .picked
                .iter()
                .map(|&i| Block {
                    text: std::mem::take(&mut blocks[i].text),
                    kind: blocks[i].kind,
                })
                .collect(),
            ..self.figures
        }
    }

    /// The result, with copies of the picked blocks' texts.
    fn to_result(&self, blocks: &[RawBlock]) -> FastResult {
        FastResult {
            blocks: self
                .picked
                .iter()
                .map(|&i| Block {
                    text: blocks[i].text.clone(),
                    kind: blocks[i].kind,
                })
                .collect(),
            ..self.figures.clone()
        }
    }
}

impl FastFinder {
    /// Analyses a parsed page.
    pub fn analyze<D: Dom>(&self, doc: &D) -> FastResult {
        match self.walk_page(doc) {
            Some((mut elems, mut blocks)) => {
                choose(&mut elems, &mut blocks, Pass::default()).into_result(&mut blocks)
            }
            None => FastResult::default(),
        }
    }

    /// The first pass and, when it is not sure by `confidence`, the second chance
    /// on the same walk: class/id chrome relaxed when it holds most of the page's
    /// running text, the region widened over wrappers.
    pub fn analyze_twice<D: Dom>(
        &self,
        doc: &D,
        confidence: &Confidence,
    ) -> (FastResult, Option<FastResult>) {
        let Some((mut elems, mut blocks)) = self.walk_page(doc) else {
            return (FastResult::default(), None);
        };
        let first = choose(&mut elems, &mut blocks, Pass::default());
        if first.figures.is_confident(confidence) {
            return (first.into_result(&mut blocks), None);
        }
        let first = first.to_result(&blocks);
        let second = choose(&mut elems, &mut blocks, Pass { second: true });
        (first, Some(second.into_result(&mut blocks)))
    }

    /// The walk of `<body>`: its elements and blocks (`None` without a body).
    fn walk_page<D: Dom>(&self, doc: &D) -> Option<(Vec<Elem>, Vec<RawBlock>)> {
        let body = doc.body()?;
        let mut w = Walker {
            doc,
            hints: &self.hints,
            cache: HashMap::default(),
            key: String::new(),
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
            chrome: None,
            chrome_up: NONE,
            class_chrome: false,
            header: false,
            table: false,
        });
        let ctx = Ctx {
            elem: 0,
            kind: BlockKind::Paragraph,
            link: false,
            chrome: false,
            chrome_at: NONE,
            h1: false,
            article: false,
            header: NONE,
        };
        w.walk(body, ctx, 0);
        w.flush(ctx);
        w.elems[0].end = w.elems.len();
        Some((w.elems, w.blocks))
    }

    /// Every block of the walk with its element, its parent, and whether it lies
    /// inside a chrome element (before the wrapper rule), for debugging the finder
    /// on a page.
    #[doc(hidden)]
    pub fn debug<D: Dom>(&self, doc: &D) -> String {
        let Some((elems, blocks)) = self.walk_page(doc) else {
            return String::new();
        };
        let mut out = String::new();
        for b in &blocks {
            let text: String = b.text.chars().take(80).collect();
            out.push_str(&format!(
                "{:>5} p{:<5} {:?} chrome={} links={} {}\n",
                b.elem, elems[b.elem].parent, b.kind, b.chrome, b.links, text
            ));
        }
        out
    }
}

impl FastFinder {
    fn find_in<D: Dom>(&self, doc: &D) -> FoundContent {
        let t = Instant::now();
        let r = self.analyze(doc);
        timing::count_path(true);
        timing::note(|| r.describe());
        timing::lap(3, t);
        FoundContent {
            blocks: r.blocks,
            ..FoundContent::default()
        }
    }
}

impl ContentFinder for FastFinder {
    fn find(&self, doc: Document) -> FoundContent {
        self.find_in(&doc)
    }

    fn find_page(&self, page: &ParsedPage<'_>, _needs: Needs) -> FoundContent {
        self.find_in(page.tree)
    }
}

/// The default finder: [`FastFinder`] when it is sure, else trafilatura.
#[derive(Clone, Debug)]
pub struct CascadeFinder {
    fast: FastFinder,
    confidence: Confidence,
    /// The second chance's thresholds (`None`: no second chance).
    second: Option<Confidence>,
    fallback: TrafilaturaFinder,
    /// Hand trafilatura our unsure answer as its readability candidate
    /// ([`CascadeFinder::with_candidate`]).
    candidate: bool,
}

/// Which pass of the fast finder answered ([`CascadeFinder`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Answer {
    /// The first pass, sure.
    First,
    /// The second chance, sure (the first pass was not).
    Second,
    /// Neither is sure: trafilatura decides.
    Unsure,
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
            second: Some(Confidence::second_chance()),
            fallback,
            candidate: true,
        }
    }

    /// On the pages both passes are unsure of, hand trafilatura the second answer as
    /// its fallback candidate (on by default): trafilatura weighs it before its own
    /// readability pass, which it then skips when the candidate is long enough
    /// (docs/EVALUATION.md, "Our answer as trafilatura's candidate").
    pub fn with_candidate(mut self, on: bool) -> CascadeFinder {
        self.candidate = on;
        self
    }

    /// With other thresholds for the second chance, or none (`None`: every page the
    /// first pass is unsure of goes to trafilatura).
    pub fn with_second_chance(mut self, second: Option<Confidence>) -> CascadeFinder {
        self.second = second;
        self
    }

    /// Both passes of the fast finder (the second only when the first is unsure),
    /// and whether the answer returned is sure by one of them.
    fn fast_answer<D: Dom>(&self, doc: &D) -> (FastResult, Answer) {
        let Some(c2) = &self.second else {
            let r = self.fast.analyze(doc);
            let sure = r.is_confident(&self.confidence);
            timing::note(|| r.describe());
            return (r, if sure { Answer::First } else { Answer::Unsure });
        };
        let (r, second) = self.fast.analyze_twice(doc, &self.confidence);
        match second {
            None => {
                timing::note(|| r.describe());
                (r, Answer::First)
            }
            Some(s) => {
                let sure = s.is_confident(c2);
                timing::note(|| {
                    let same = r.blocks.len() == s.blocks.len()
                        && r.blocks
                            .iter()
                            .zip(&s.blocks)
                            .all(|(a, b)| a.text == b.text);
                    format!(
                        "{} | second: {} same={}",
                        r.describe(),
                        s.describe(),
                        u8::from(same)
                    )
                });
                if sure {
                    (s, Answer::Second)
                } else if self.candidate {
                    (s, Answer::Unsure)
                } else {
                    (r, Answer::Unsure)
                }
            }
        }
    }
}

impl ContentFinder for CascadeFinder {
    fn find(&self, doc: Document) -> FoundContent {
        self.find_needing(doc, Needs::all())
    }

    fn find_needing(&self, doc: Document, needs: Needs) -> FoundContent {
        let t = Instant::now();
        let (r, answer) = self.fast_answer(&doc);
        if answer == Answer::Unsure {
            timing::count_path(false);
            timing::lap(3, t);
            return self.fallback.find_needing(doc, needs);
        }
        timing::lap(3, t);
        self.finish(r, needs, || doc)
    }

    fn find_page(&self, page: &ParsedPage<'_>, needs: Needs) -> FoundContent {
        let t = Instant::now();
        let (r, answer) = self.fast_answer(page.tree);
        let parse = || page.document();
        if page.tree.pathological() {
            // Markup past our builder's limits can keep html5ever busy for seconds
            // (it has none): the fast finder's answer stands, without trafilatura.
            timing::count_path(true);
            timing::lap(3, t);
            return FoundContent {
                blocks: r.blocks,
                ..FoundContent::default()
            };
        }
        if answer == Answer::Unsure {
            timing::count_path(false);
            timing::lap(3, t);
            if self.candidate && !r.blocks.is_empty() {
                return self.fallback.find_with_candidate(parse(), needs, &r.blocks);
            }
            return self.fallback.find_needing(parse(), needs);
        }
        timing::lap(3, t);
        self.finish(r, needs, parse)
    }
}

impl CascadeFinder {
    /// The fast finder's sure answer. Our own metadata walk stands alone unless the
    /// fallback finder asks for trafilatura's metadata heuristics
    /// ([`TrafilaturaFinder::with_metadata_heuristics`]): then they fill what the
    /// markup lacks (on the page's `Document`, built only then).
    fn finish(&self, r: FastResult, needs: Needs, doc: impl FnOnce() -> Document) -> FoundContent {
        timing::count_path(true);
        // Its time counts to the fast path, the lazy parse's to the parse.
        let meta =
            if self.fallback.metadata_heuristics() && (needs.date || needs.author || needs.site) {
                let doc = doc();
                let t = Instant::now();
                let meta = self.fallback.metadata(&doc, needs);
                timing::lap(3, t);
                meta
            } else {
                FoundContent::default()
            };
        FoundContent {
            blocks: r.blocks,
            ..meta
        }
    }
}

/// A fast hash for the per-page class/id cache (FxHash's mixing; the keys come
/// from one page, so no protection against chosen collisions is needed).
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
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
    /// Whether the element is chrome by its tag or class/id (`Some(true)`: a
    /// comment section or a popup, which stays chrome whatever it holds).
    chrome: Option<bool>,
    /// The nearest chrome element above it.
    chrome_up: usize,
    /// Chrome by its class or id only (not by its tag, no comment section or popup).
    class_chrome: bool,
    /// An article's own `<header>` (see [`Walker::walk`]).
    header: bool,
    /// A `<table>` (its rows score the element that holds it).
    table: bool,
}

/// No chrome element.
const NONE: usize = usize::MAX;
/// Inside inline chrome (a `<span class="share">`): chrome whatever the page.
const ALWAYS: usize = usize::MAX - 1;

/// A block of text as found on the walk.
#[derive(Clone, Debug)]
struct RawBlock {
    text: String,
    kind: BlockKind,
    /// The element that holds it (the innermost block-level element).
    elem: usize,
    links: usize,
    /// Decided once the walk is over (see [`choose`]).
    chrome: bool,
    /// The nearest chrome element around it ([`NONE`], [`ALWAYS`] or an element).
    chrome_at: usize,
    /// A top-level heading (`<h1>`): the headline, not body.
    h1: bool,
    /// The article's own `<header>` around it ([`NONE`] if none): only its prose
    /// (the standfirst) is body, unless the header wraps much of the page's text.
    header: usize,
}

#[derive(Clone, Copy, Debug)]
struct Ctx {
    elem: usize,
    kind: BlockKind,
    link: bool,
    chrome: bool,
    chrome_at: usize,
    h1: bool,
    /// Inside an `<article>` element.
    article: bool,
    /// The article's own `<header>` around it ([`NONE`] if none).
    header: usize,
}

struct Walker<'a, D: Dom> {
    doc: &'a D,
    hints: &'a Hints,
    /// Class/id value → (chrome, caption, class prior).
    cache: HashMap<String, (Option<bool>, bool, f64), BuildHasherDefault<Fx>>,
    /// The cache key of the element at hand (reused: no allocation on a hit).
    key: String,
    elems: Vec<Elem>,
    blocks: Vec<RawBlock>,
    run: String,
    run_links: usize,
}

impl<D: Dom> Walker<'_, D> {
    fn walk(&mut self, id: D::Node, ctx: Ctx, depth: usize) {
        if depth > 400 {
            return;
        }
        for child in self.doc.children(id) {
            if self.doc.is_text(child) {
                let t = self.doc.text(child);
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
            let block = ends_block(tag);
            let (chrome_attr, caption_attr, class_prior) = self.classify(child, tag);
            // An article's own header (inside `<article>`, or `entry-header`) holds
            // its headline and standfirst, not page chrome.
            let article_header =
                tag == "header" && (ctx.article || class_prior > 0.0) && chrome_attr.is_none();
            let tag_chrome = CHROME_TAGS.contains(&tag) && !article_header;
            let own_chrome = if tag_chrome {
                Some(chrome_attr == Some(true))
            } else {
                chrome_attr
            };
            let chrome = ctx.chrome || own_chrome.is_some();
            let kind = super::body::kind_of(tag).unwrap_or(if caption_attr {
                BlockKind::Caption
            } else {
                ctx.kind
            });
            if !block {
                let inner = Ctx {
                    link: ctx.link || tag == "a",
                    chrome,
                    chrome_at: if own_chrome.is_some() {
                        ALWAYS
                    } else {
                        ctx.chrome_at
                    },
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
                chrome: own_chrome,
                chrome_up: ctx.chrome_at,
                class_chrome: !tag_chrome && own_chrome == Some(false),
                header: article_header,
                table: tag == "table",
            });
            let inner = Ctx {
                elem: index,
                kind,
                link: ctx.link,
                chrome,
                chrome_at: if own_chrome.is_some() {
                    index
                } else {
                    ctx.chrome_at
                },
                h1: ctx.h1 || tag == "h1",
                article: ctx.article || tag == "article",
                header: if article_header { index } else { ctx.header },
            };
            self.walk(child, inner, depth + 1);
            self.flush(inner);
            self.elems[index].end = self.elems.len();
        }
    }

    fn hidden(&self, id: D::Node) -> bool {
        if self.doc.attribute(id, "hidden").is_some() {
            return true;
        }
        self.doc.attribute(id, "style").is_some_and(|s| {
            let s: String = s
                .chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
    }

    /// (chrome — `Some(true)` for comments —, caption, score prior) from the
    /// class and id.
    fn classify(&mut self, id: D::Node, tag: &str) -> (Option<bool>, bool, f64) {
        let class = self.doc.attribute(id, "class").unwrap_or_default();
        let ident = self.doc.attribute(id, "id").unwrap_or_default();
        if class.is_empty() && ident.is_empty() {
            return (None, false, 0.0);
        }
        self.key.clear();
        self.key.push_str(&class);
        self.key.push('\u{0}');
        self.key.push_str(&ident);
        if let Some(v) = self.cache.get(self.key.as_str()) {
            return if matches!(tag, "article" | "main" | "body") {
                (None, v.1, v.2)
            } else {
                *v
            };
        }
        let mut chrome = None;
        let mut caption = false;
        for value in [&class, &ident] {
            match self.hints.classify(value) {
                Some((Some(reason), token)) => {
                    // A popup (the token that marked the element as chrome names
                    // one, and its class and id hold no content word) is chrome
                    // whatever it holds: its hidden text can outweigh the story.
                    let token = token.to_ascii_lowercase();
                    let words = |s: &str| {
                        s.to_ascii_lowercase()
                            .split(|c: char| !c.is_ascii_alphanumeric())
                            .map(str::to_string)
                            .collect::<Vec<_>>()
                    };
                    let popup = words(&token).iter().any(|w| POPUP.contains(&w.as_str()))
                        && !words(&class)
                            .iter()
                            .chain(&words(&ident))
                            .any(|w| POSITIVE.contains(&w.as_str()));
                    chrome = Some(reason == dateline_core::RemovalReason::CommentForm || popup);
                }
                Some((None, _)) => caption = true,
                None => continue,
            }
            break;
        }
        let lower = self.key.to_ascii_lowercase();
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
        self.cache.insert(self.key.clone(), v);
        if matches!(tag, "article" | "main" | "body") {
            (None, caption, prior)
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
        self.blocks.push(RawBlock {
            text,
            kind: ctx.kind,
            elem: ctx.elem,
            links: links.min(chars),
            chrome: ctx.chrome,
            chrome_at: ctx.chrome_at,
            h1: ctx.h1,
            header: ctx.header,
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

/// A table row outside chrome with at least as much text outside links as a
/// paragraph (the unit of coverage on a page without paragraphs).
fn is_row(b: &RawBlock) -> bool {
    !b.chrome && b.kind == BlockKind::TableRow && b.text.len().saturating_sub(b.links) >= 25
}

/// Scores the elements, picks the region and measures the confidence.
fn choose(elems: &mut [Elem], blocks: &mut [RawBlock], pass: Pass) -> Choice {
    if pass.second {
        // A table row of one cell holding running text is a paragraph of a page
        // laid out with a table.
        for b in blocks.iter_mut() {
            if b.kind == BlockKind::TableRow && !b.text.contains('\t') {
                b.kind = BlockKind::Paragraph;
                if !is_prose(b) {
                    b.kind = BlockKind::TableRow;
                }
            }
        }
    }
    resolve_chrome(elems, blocks, pass);
    for e in elems.iter_mut() {
        e.chars = 0;
        e.links = 0;
    }
    for b in blocks.iter().filter(|b| !b.chrome) {
        let mut e = b.elem;
        while e != usize::MAX {
            elems[e].chars += b.text.len();
            elems[e].links += b.links;
            e = elems[e].parent;
        }
    }
    for e in elems.iter_mut() {
        e.score = e.prior;
    }
    // On a page whose text is mostly table rows (a results table, a timetable, a
    // curriculum), rows are units of content with the paragraphs: they score the
    // elements, and the coverage is the share of both.
    let (para_text, row_text) = blocks.iter().fold((0, 0), |(p, r), b| {
        (
            p + if is_paragraph(b) { b.text.len() } else { 0 },
            r + if is_row(b) { b.text.len() } else { 0 },
        )
    });
    let by_rows = row_text > para_text;
    let unit = |b: &RawBlock| is_paragraph(b) || (by_rows && is_row(b));
    let paras = if by_rows {
        text_per_elem(elems, blocks.iter().filter(|b| is_paragraph(b)))
    } else {
        Vec::new()
    };
    let mut scored = vec![false; elems.len()];
    for b in blocks.iter().filter(|b| unit(b)) {
        let commas = b.text.matches([',', '，', '、', '،']).count() as f64;
        let s = 1.0 + commas + (b.text.len() as f64 / 100.0).min(3.0);
        // The element holding the paragraph, its parent and grandparent.
        // A leaf block (`<p>`, `<li>`) scores its container; a block of text
        // directly in a container scores the container itself.
        let mut e = if elems[b.elem].end == b.elem + 1 {
            elems[b.elem].parent
        } else {
            b.elem
        };
        if b.kind == BlockKind::TableRow {
            // A table among the paragraphs of a story: its rows score what holds
            // it, as the paragraphs do (not a layout table, whose parent holds no
            // paragraph of its own).
            let mut t = b.elem;
            while t != usize::MAX && !elems[t].table {
                t = elems[t].parent;
            }
            if t != usize::MAX {
                let p = elems[t].parent;
                if p != usize::MAX && paras[p] > paras[t] {
                    e = p;
                }
            }
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
    let Some((mut top, top_score)) = best else {
        return Choice::default();
    };
    // Paragraph text per element, to climb from a part of the content to all of it.
    let para = text_per_elem(elems, blocks.iter().filter(|b| unit(b)));
    let page_para = para[0];
    while para[top] * 100 < page_para * CLIMB_BELOW {
        let mut p = elems[top].parent;
        if pass.second {
            // Wrappers that add no paragraph text are passed over.
            while p != usize::MAX && p != 0 && para[p] == para[top] {
                p = elems[p].parent;
            }
        }
        if p == usize::MAX || p == 0 {
            break;
        }
        if pass.second {
            // Not into a parent where another part outweighs the rest (a comment
            // thread under a short post): the region would be a minor part of it.
            let mut c = p + 1;
            let mut dominated = false;
            while c < elems[p].end {
                if !(c <= top && top < elems[c].end) && para[c] * 2 > para[p] {
                    dominated = true;
                }
                c = elems[c].end.max(c + 1);
            }
            if dominated {
                break;
            }
        }
        let ld = elems[p].links as f64 / elems[p].chars.max(1) as f64;
        if para[p] * 4 < para[top] * 5 || ld > 0.25 {
            break;
        }
        top = p;
    }
    // The region: the top element and its strong siblings.
    let parent = elems[top].parent;
    let threshold = (top_score * 0.2).max(10.0);
    let mut region: Vec<(usize, usize)> = vec![(top, elems[top].end)];
    // Elements holding a long, link-poor paragraph of their own.
    let mut long_para = vec![false; elems.len()];
    for b in blocks
        .iter()
        .filter(|b| is_paragraph(b) && b.text.len() > 80)
    {
        long_para[b.elem] = true;
    }
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
                if (scored[i] && s >= threshold) || (long_para[i] && ld < 0.25) {
                    region.push((i, e.end));
                }
            }
            i = elems[i].end.max(i + 1);
        }
    }
    // The article's own header next to the region (a sibling of the region's
    // element or of one of its three nearest ancestors): its standfirst is body.
    let mut a = top;
    for _ in 0..3 {
        let p = elems[a].parent;
        if p == usize::MAX {
            break;
        }
        let mut i = p + 1;
        while i < elems[p].end {
            if elems[i].header && !region.iter().any(|&(s, e)| s <= i && i < e) {
                region.push((i, elems[i].end));
            }
            i = elems[i].end.max(i + 1);
        }
        a = p;
    }
    let mut in_region = vec![false; elems.len()];
    for &(start, end) in &region {
        in_region[start..end].iter_mut().for_each(|x| *x = true);
    }
    let lead = standfirst(elems, blocks, top, &in_region);
    let inside = |i: usize, b: &RawBlock| in_region[b.elem] || lead == Some(i);
    // An article header's kicker and headline are not body (not page text either),
    // unless the "header" wraps half of the page's running text.
    let prose = text_per_elem(elems, blocks.iter().filter(|b| is_prose(b)));
    let header_only =
        |b: &RawBlock| b.header != NONE && !is_prose(b) && prose[b.header] * 2 < prose[0];
    let page_text: usize = blocks
        .iter()
        .filter(|b| unit(b) && !header_only(b))
        .map(|b| b.text.len())
        .sum();
    let chrome_prose: usize = blocks
        .iter()
        .filter(|b| b.chrome && is_prose(b))
        .map(|b| b.text.len())
        .sum();
    let page_prose: usize = blocks
        .iter()
        .filter(|b| !b.chrome && is_prose(b))
        .map(|b| b.text.len())
        .sum();
    let mut covered_prose = 0;
    let mut picked = Vec::new();
    let (mut chars, mut links, mut paragraphs, mut covered) = (0, 0, 0, 0);
    // With no running text in the region at all, nothing is a leading line.
    let mut started = !blocks
        .iter()
        .enumerate()
        .any(|(i, b)| !b.chrome && inside(i, b) && is_prose(b));
    for (i, b) in blocks.iter().enumerate() {
        if b.chrome || !inside(i, b) || header_only(b) {
            continue;
        }
        // Before the first sentence of running text: the headline, its URL, the
        // dateline and byline belong to the metadata, not the body.
        started = started || is_prose(b);
        if !started && (b.h1 || is_leading_meta(b)) {
            continue;
        }
        let ld = b.links as f64 / b.text.len().max(1) as f64;
        if ld > 0.5 && b.text.len() < 300 {
            continue;
        }
        // The standfirst joins the output but not the confidence figures: it must
        // not make a region that misses part of the story look complete.
        if in_region[b.elem] {
            if is_paragraph(b) {
                paragraphs += 1;
            }
            if unit(b) {
                covered += b.text.len();
            }
            if is_prose(b) {
                covered_prose += b.text.len();
            }
            chars += b.text.len();
            links += b.links;
        }
        picked.push(i);
    }
    Choice {
        picked,
        figures: FastResult {
            blocks: Vec::new(),
            chars,
            paragraphs,
            link_density: links as f64 / chars.max(1) as f64,
            coverage: covered as f64 / page_text.max(1) as f64,
            chrome_prose: chrome_prose as f64 / chars.max(1) as f64,
            // On a page of rows, running text the region leaves out that is a
            // sliver of what it holds (a contact block in an unmarked footer) does
            // not make it unsure: the coverage counted it already.
            prose_coverage: if page_prose == 0
                || (by_rows && (page_prose - covered_prose) * 20 <= chars)
            {
                1.0
            } else {
                covered_prose as f64 / page_prose as f64
            },
        },
    }
}

/// The standfirst printed just above the region: the nearest block before the
/// region's first one, passing over chrome and at most eight headings, captions,
/// short labels and metadata lines (bylines, dates), when it is link-poor running
/// text in the same part of the page (under the region's third ancestor, below
/// `<body>`).
fn standfirst(
    elems: &[Elem],
    blocks: &[RawBlock],
    top: usize,
    in_region: &[bool],
) -> Option<usize> {
    let first = blocks.iter().position(|b| !b.chrome && in_region[b.elem])?;
    let mut scope = top;
    for _ in 0..3 {
        let p = elems[scope].parent;
        if p == usize::MAX || p == 0 {
            break;
        }
        scope = p;
    }
    let mut passed = 0;
    for i in (first.saturating_sub(64)..first).rev() {
        let b = &blocks[i];
        if b.chrome {
            continue;
        }
        let label = b.text.len() < 40 && !b.text.ends_with(['.', '!', '?']);
        if b.h1
            || matches!(b.kind, BlockKind::Heading | BlockKind::Caption)
            || label
            || is_leading_meta(b)
        {
            passed += 1;
            if passed > 8 {
                return None;
            }
            continue;
        }
        let within = scope <= b.elem && b.elem < elems[scope].end;
        return (within && is_prose(b) && b.links * 10 < b.text.len()).then_some(i);
    }
    None
}

/// Bytes of text of `blocks` inside each element (its own and its descendants').
fn text_per_elem<'a>(elems: &[Elem], blocks: impl Iterator<Item = &'a RawBlock>) -> Vec<usize> {
    let mut sum = vec![0usize; elems.len()];
    for b in blocks {
        let mut e = b.elem;
        while e != usize::MAX {
            sum[e] += b.text.len();
            e = elems[e].parent;
        }
    }
    sum
}

/// Decides which blocks are chrome. An element that is chrome by its tag or class
/// but holds at least half of the page's running text is a wrapper of the content
/// (a `<form>` around the whole page, a `ck-widget` holding the story), not chrome;
/// comment sections and popups stay chrome.
fn resolve_chrome(elems: &[Elem], blocks: &mut [RawBlock], pass: Pass) {
    let prose = text_per_elem(elems, blocks.iter().filter(|b| is_prose(b)));
    let total = prose[0];
    let wrapper = |e: usize| elems[e].chrome == Some(false) && total > 0 && prose[e] * 2 >= total;
    mark_chrome(elems, blocks, wrapper);
    if !pass.second {
        return;
    }
    // The second chance: when class/id chrome holds most of the page's running
    // text (every paragraph in its own `widget`), it is layout, not chrome, wherever
    // it holds running text.
    let free: usize = blocks
        .iter()
        .filter(|b| !b.chrome && is_prose(b))
        .map(|b| b.text.len())
        .sum();
    if free * 2 < total {
        mark_chrome(elems, blocks, |e| {
            wrapper(e) || (elems[e].class_chrome && prose[e] > 0)
        });
    }
}

/// Marks as chrome the blocks inside a chrome element that is not `kept`.
fn mark_chrome(elems: &[Elem], blocks: &mut [RawBlock], kept: impl Fn(usize) -> bool) {
    for b in blocks.iter_mut() {
        let mut c = b.chrome_at;
        b.chrome = false;
        while c != NONE {
            if c == ALWAYS || !kept(c) {
                b.chrome = true;
                break;
            }
            c = elems[c].chrome_up;
        }
    }
}

/// A short line before the story that is metadata: a URL, a dateline, a byline.
fn is_leading_meta(b: &RawBlock) -> bool {
    let t = b.text.as_str();
    if b.kind == BlockKind::Heading || t.len() >= 120 {
        return false;
    }
    let url = !t.contains(' ') && (t.starts_with("http") || t.starts_with("www."));
    let ends = t.ends_with(['.', '!', '?', '…', '"', '”', '»']);
    let digit = t.chars().any(|c| c.is_ascii_digit());
    let lower = t.to_lowercase();
    let byline = ["by ", "von ", "par ", "por ", "door ", "di ", "av ", "af "]
        .iter()
        .any(|p| lower.starts_with(p));
    url || byline || (digit && !ends) || b.links * 2 > t.len()
}

/// Whether a block reads as running text: long enough, few links, and a sentence end.
fn is_prose(b: &RawBlock) -> bool {
    let len = b.text.len();
    len >= 80
        && b.links * 4 < len
        && matches!(b.kind, BlockKind::Paragraph | BlockKind::Quote)
        && b.text.contains(['.', '!', '?', '。', '！', '？'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::HtmlExtractor;
    use dateline_core::{InputFormat, RemovalReason};
    use std::sync::Arc;

    /// A news page written for these tests: chrome all around a long article with a
    /// figure, a list and a table.
    const PAGE: &str = r##"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Valley orchards count the cost of the late frost | Valley Courier</title>
<meta property="og:title" content="Valley orchards count the cost of the late frost">
<style>.x{color:red}</style><script>var tracking = "Do not show this";</script></head>
<body>
<div class="top-menu"><ul><li><a href="/">Home</a></li><li><a href="/farming">Farming</a></li><li><a href="/weather">Weather</a></li></ul></div>
<nav><a href="/a">Politics</a> <a href="/b">Business</a> <a href="/c">Culture</a></nav>
<main><div class="wrapper">
<div class="story-body">
<h1>Valley orchards count the cost of the late frost</h1>
<p class="dateline">Updated 4 May 2025</p>
<div class="social-share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email this story</a></div>
<p>Fruit growers across the upper valley spent the weekend walking their rows after two nights of frost, counting buds that had turned brown before they could open.</p>
<p>The cold arrived three weeks after the blossom, which is the worst possible moment, said Marta Ilic, who grows apples and pears on forty hectares near the river, and whose family has farmed there since the 1950s.</p>
<figure><img src="rows.jpg" alt=""><figcaption>Frost-damaged blossom on a pear tree near the river.</figcaption></figure>
<p>Growers who ran wind machines through both nights reported lighter losses, but the machines are expensive to buy, and many smaller farms share one between several neighbours.</p>
<h2>What the growers ask for</h2>
<ul>
<li>Emergency loans at low interest for the farms that lost most of their crop.</li>
<li>A shared fund for frost protection machines, managed by the cooperative.</li>
</ul>
<table><tr><th>Crop</th><th>Estimated loss</th></tr><tr><td>Apples</td><td>40 %</td></tr><tr><td>Pears</td><td>55 %</td></tr></table>
<p>The regional farming office said it would publish a first estimate of the damage on Friday, after inspectors have visited the worst affected orchards in the valley.</p>
<p>For now, growers say, there is little to do but wait: the surviving buds will show within a fortnight whether the season can still be saved, or whether it is lost.</p>
</div>
<div class="related-articles"><h3>More from Farming</h3><ul><li><a href="/1">Dairy prices climb again after a dry spring in the lowlands</a></li><li><a href="/2">Cooperative elects a new board at its annual meeting</a></li></ul></div>
<div id="comments"><h3>Leave a comment</h3><form><p>Your name</p><input><textarea>Write here</textarea><button>Post comment</button></form></div>
</div></main>
<footer><p>&copy; 2025 Valley Courier. All rights reserved. Contact the newsroom for corrections.</p></footer>
</body></html>"##;

    fn texts(r: &FastResult) -> Vec<(&str, BlockKind)> {
        r.blocks.iter().map(|b| (b.text.as_str(), b.kind)).collect()
    }

    #[test]
    fn fast_finder_keeps_the_article_and_drops_the_chrome() {
        let doc = Document::parse(PAGE);
        let r = FastFinder::default().analyze(&doc);
        let all: String = r.blocks.iter().map(|b| format!("{}\n", b.text)).collect();
        assert!(
            r.is_confident(&Confidence::default()),
            "{} {all}",
            r.describe()
        );
        for kept in [
            "Fruit growers across the upper valley",
            "worst possible moment",
            "many smaller farms share one",
            "whether it is lost.",
        ] {
            assert!(all.contains(kept), "{kept} missing from {all}");
        }
        for chrome in [
            "Home",
            "Politics",
            "Share on Facebook",
            "Dairy prices climb",
            "Leave a comment",
            "Post comment",
            "All rights reserved",
            "tracking",
            "color:red",
        ] {
            assert!(!all.contains(chrome), "{chrome} kept in {all}");
        }
        // The headline and the dateline before the first sentence are metadata.
        assert!(!all.contains("Valley orchards count the cost"), "{all}");
        assert!(!all.contains("Updated 4 May"), "{all}");
        assert!(r.blocks[0].text.starts_with("Fruit growers"), "{all}");
    }

    #[test]
    fn fast_finder_keeps_structure_lists_tables_and_marks_captions() {
        let doc = Document::parse(PAGE);
        let r = FastFinder::default().analyze(&doc);
        let t = texts(&r);
        assert!(t.contains(&("What the growers ask for", BlockKind::Heading)));
        assert!(t.contains(&(
            "Emergency loans at low interest for the farms that lost most of their crop.",
            BlockKind::ListItem
        )));
        assert!(t.contains(&("Crop\tEstimated loss", BlockKind::TableRow)));
        assert!(t.contains(&("Pears\t55 %", BlockKind::TableRow)));
        assert!(t.contains(&(
            "Frost-damaged blossom on a pear tree near the river.",
            BlockKind::Caption
        )));
        // Paragraphs stay separate blocks, in reading order.
        let first = t.iter().position(|(s, _)| s.starts_with("Fruit growers"));
        let last = t
            .iter()
            .position(|(s, _)| s.starts_with("For now, growers say"));
        assert!(first < last && last.is_some());
    }

    #[test]
    fn cascade_takes_the_fast_path_and_the_extractor_files_captions() {
        let (a, paths) = cascade_article(PAGE);
        assert_eq!(paths, [1, 0], "the page should take the fast path");
        assert!(a.text.starts_with("Fruit growers across"), "{}", a.text);
        assert!(a.text.contains("\n\nThe cold arrived"), "{}", a.text);
        assert!(a.text.contains("Apples\t40 %"), "{}", a.text);
        assert!(!a.text.contains("Frost-damaged blossom"), "{}", a.text);
        assert!(a
            .captions
            .iter()
            .any(|c| c.text.starts_with("Frost-damaged blossom")));
        assert!(!a.text.contains("Share on"), "{}", a.text);
        assert!(!a.text.contains("Dairy prices"), "{}", a.text);
        assert_eq!(
            a.title.map(|t| t.value).as_deref(),
            Some("Valley orchards count the cost of the late frost")
        );
        // The chrome left out is listed with its reason.
        assert!(a
            .removed
            .iter()
            .any(|r| r.reason == RemovalReason::ShareBar && r.text.contains("Share on Facebook")));
        // Every body paragraph points back into the page.
        for p in &a.alignment.pieces {
            let src = &PAGE[p.input.start()..p.input.end()];
            assert!(!src.is_empty());
        }
        assert!(a.alignment.pieces.len() >= 8);
    }

    #[test]
    fn cascade_falls_back_when_unsure() {
        // Two short paragraphs and a link farm: too little text to be sure.
        let page = r#"<html><body><div class="links"><a href="/1">One story</a> <a href="/2">Two stories</a></div>
<div><p>A short note about the meeting, moved to Thursday.</p><p>Bring the minutes of the last one.</p></div></body></html>"#;
        let doc = Document::parse(page);
        let r = FastFinder::default().analyze(&doc);
        assert!(!r.is_confident(&Confidence::default()), "{}", r.describe());
        timing::take();
        let found = CascadeFinder::default().find(Document::parse(page));
        let (_, paths) = timing::take();
        assert_eq!(paths, [0, 1]);
        assert!(found
            .blocks
            .iter()
            .any(|b| b.text.contains("moved to Thursday")));
    }

    /// Runs the cascade on `page` and returns the article and the paths taken.
    fn cascade_article(page: &str) -> (dateline_core::Article, [usize; 2]) {
        let ex = HtmlExtractor::new(Arc::new(CascadeFinder::default()));
        let p = dateline_ingest::page_from_bytes(
            "page.html",
            InputFormat::Html,
            page.as_bytes().into(),
        );
        timing::take();
        let a = ex.extract(&p).article;
        (a, timing::take().1)
    }

    /// Runs the cascade on `page` and returns the body and the paths taken.
    fn cascade(page: &str) -> (String, [usize; 2]) {
        let (a, paths) = cascade_article(page);
        (a.text, paths)
    }

    /// The first pass is unsure of `page`; the second is sure, keeps every
    /// paragraph and none of the chrome.
    fn second_chance_reads(page: &str, paragraphs: &[&str], chrome: &[&str]) {
        let first = FastFinder::default().analyze(&Document::parse(page));
        assert!(
            !first.is_confident(&Confidence::default()),
            "{}",
            first.describe()
        );
        let (text, paths) = cascade(page);
        assert_eq!(paths, [1, 0], "the second chance should be sure: {text}");
        for p in paragraphs {
            assert!(text.contains(p), "{p} missing from {text}");
        }
        for c in chrome {
            assert!(!text.contains(c), "{c} kept in {text}");
        }
    }

    #[test]
    fn second_chance_pages_are_dated_by_the_data_a_script_hands_its_app() {
        // The widget page of the test below, undated but for the data a script
        // hands its app: our walk reads it on either path, and the second chance
        // is sure (no trafilatura).
        let widgets: String = (0..6)
            .map(|i| {
                format!(
                    "<div class=\"widget widget-text\"><div class=\"widget-inner\"><p>Paragraph {i} of the \
                     report says that the harbour board voted to extend the night ferry to the island, \
                     after a winter in which the last boat left before most shifts ended.</p></div></div>\n"
                )
            })
            .collect();
        let page = format!(
            r#"<html><head><script type="application/json">{{"story":{{"publishedDate":"2021-03-04T10:00:00Z"}}}}</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="page"><div class="builder-row">{widgets}</div></div>
<footer><p>Harbour News, all rights reserved.</p></footer></body></html>"#
        );
        let p = dateline_ingest::page_from_bytes(
            "page.html",
            InputFormat::Html,
            page.as_bytes().into(),
        );
        let date = |finder: Arc<dyn ContentFinder>| {
            HtmlExtractor::new(finder)
                .extract(&p)
                .article
                .published
                .map(|f| f.value[..10].to_string())
        };
        assert_eq!(
            date(Arc::new(FastFinder::default())).as_deref(),
            Some("2021-03-04")
        );
        timing::take();
        assert_eq!(
            date(Arc::new(CascadeFinder::default())).as_deref(),
            Some("2021-03-04")
        );
        assert_eq!(timing::take().1, [1, 0], "the second chance should be sure");
    }

    #[test]
    fn second_chance_relaxes_class_chrome_holding_the_story() {
        // A page builder puts every paragraph in its own "widget": by class, all of
        // the story is chrome, so the first pass finds nothing.
        let para = [
            "The harbour board voted on Monday to extend the night ferry to the island, after a winter in which the last boat left before most shifts ended.",
            "Nurses and hotel staff had asked for the change for years, said the board's chair, who called the vote the easiest decision of her term.",
            "The extra crossings will cost about forty thousand a year, which the island council and the ferry company have agreed to share equally.",
            "A trial run in March carried more than two hundred passengers a night, far more than the company had expected when it planned the service.",
            "Passengers will buy tickets for the late crossings on the boat itself, as they already do for the day service.",
            "Island shops welcomed the vote, saying that evening visitors from the mainland had been their best customers during the trial.",
        ];
        let widgets: String = para
            .iter()
            .map(|p| format!("<div class=\"widget widget-text\"><div class=\"widget-inner\"><p>{p}</p></div></div>\n"))
            .collect();
        let page = format!(
            r#"<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="page"><div class="builder-row">{widgets}</div>
<div class="widget widget-links"><ul><li><a href="/a">Ferry times</a></li><li><a href="/b">Island events</a></li></ul></div></div>
<footer><p>Harbour News, all rights reserved. Contact the newsroom for corrections.</p></footer></body></html>"#
        );
        second_chance_reads(
            &page,
            &para,
            &["Ferry times", "Home", "all rights reserved"],
        );
    }

    #[test]
    fn second_chance_climbs_over_wrappers_to_the_whole_story() {
        // Each part of the story sits in its own stack of wrappers: the first pass
        // stops at one part (its wrappers add nothing), the second climbs over them.
        let parts = [
            ("Morning", "The market opens at six, when the first vans arrive from the farms along the river, and the traders set out their stalls in the dark."),
            ("Noon", "By noon the square is full, and the cafés on its edge put out extra tables, because the lunch crowd comes from the offices nearby."),
            ("Afternoon", "In the afternoon the prices fall, and the students arrive, looking for bargains on the fruit that will not keep until Monday."),
            ("Evening", "At seven the stalls close, the sweepers move in, and by eight the square is empty again, as if the market had never been there."),
        ];
        let sections: String = parts
            .iter()
            .map(|(h, p)| {
                format!(
                    "<div class=\"row\"><div class=\"col\"><div class=\"box\"><h2>{h}</h2>\
                     <p>{p}</p><p>{p} It is, the traders say, the same every week.</p></div></div></div>\n"
                )
            })
            .collect();
        let page = format!(
            r#"<html><body><header><a href="/">Town Journal</a></header>
<div id="page"><div class="wrap">{sections}</div></div>
<footer><p>Town Journal, all rights reserved. Contact the newsroom for corrections.</p></footer></body></html>"#
        );
        let first = FastFinder::default().analyze(&Document::parse(&page));
        assert!(
            !first.is_confident(&Confidence::default()),
            "{}",
            first.describe()
        );
        let (text, paths) = cascade(&page);
        assert_eq!(paths, [1, 0], "the second chance should be sure: {text}");
        for (h, p) in parts {
            assert!(text.contains(p), "{p} missing from {text}");
            assert!(text.contains(h), "{h} missing from {text}");
        }
        assert!(!text.contains("all rights reserved"), "{text}");
    }

    #[test]
    fn second_chance_reads_prose_in_table_cells_as_paragraphs() {
        // A page laid out with a table: its paragraphs are rows' text, not
        // paragraphs, to the first pass.
        let para = [
            "Our village choir was founded in 1952 by the schoolteacher, who gathered twelve singers in the back room of the inn on Thursday evenings.",
            "Today the choir has forty members, from farmers to students, and sings at weddings, funerals and the autumn festival in the market square.",
            "New singers are always welcome: no audition is needed, and the choir lends sheet music to anyone who cannot buy their own copies.",
            "Rehearsals take place every Thursday at eight in the parish hall, and the first three evenings are free for anyone who wants to try.",
        ];
        let cell: String = para.iter().map(|p| format!("<p>{p}</p>\n")).collect();
        let page = format!(
            r#"<html><body><table width="100%"><tr><td width="150"><a href="/">Home</a><br><a href="/concerts">Concerts</a><br><a href="/join">Join us</a></td>
<td>{cell}</td></tr><tr><td colspan="2"><a href="/contact">Contact</a> | <a href="/imprint">Imprint</a></td></tr></table></body></html>"#
        );
        second_chance_reads(&page, &para, &["Concerts", "Join us", "Imprint"]);
    }

    /// The fast finder's last answer on `page`: the second chance's when the
    /// first pass is unsure.
    fn last_answer(page: &str) -> FastResult {
        let (first, second) =
            FastFinder::default().analyze_twice(&Document::parse(page), &Confidence::default());
        second.unwrap_or(first)
    }

    /// Rows of a results table: `n` relay teams with times.
    fn result_rows(n: usize) -> String {
        (0..n)
            .map(|i| {
                format!(
                    "<tr><td>{}.</td><td>Athletics Club Riverside {i}</td><td>4 x 100 m</td><td>5{i},{i}0 sec.</td></tr>\n",
                    i + 1
                )
            })
            .collect()
    }

    #[test]
    fn a_page_of_table_rows_is_measured_by_its_rows() {
        // A results page: no paragraph but a byline full of links, the text is
        // the table. The region that holds the table covers the page.
        let page = format!(
            r#"<html><body><nav><ul><li><a href="/">Home</a></li><li><a href="/results">Results</a></li></ul></nav>
<div class="entry"><h1>Regional championship, relay results</h1><p>By <a href="/author/secretary">the club secretary of the athletics club</a> | Sunday, 20 May 2007 | <a href="/results">Results, Results 2007</a></p><table>{}</table></div>
<footer><a href="/imprint">Imprint</a></footer></body></html>"#,
            result_rows(30)
        );
        let r = last_answer(&page);
        assert!(r.coverage > 0.9, "{}", r.describe());
        let (text, paths) = cascade(&page);
        assert_eq!(paths, [1, 0], "sure of the table: {text}");
        assert!(text.contains("Athletics Club Riverside 29"), "{text}");
        assert!(!text.contains("Imprint"), "{text}");
    }

    #[test]
    fn a_table_inside_a_story_scores_the_story() {
        // Standings under a short report: the rows outweigh the paragraphs, and
        // they score the report that holds the table, not the table alone.
        let para = [
            "The season ended on Sunday with the closest finish in the history of the series, three points separating the first four drivers.",
            "The champion won only five races but finished in the top ten in twenty-seven of the thirty-six, a record for consistency.",
            "The standings below are final; the prize-giving is on Friday evening at the hall by the old harbour.",
            "Only the twelve best drivers of the regular season raced for the title in the last ten races, under the new rules.",
        ];
        let page = format!(
            r#"<html><body><nav><a href="/">Home</a> <a href="/series">Series</a></nav>
<div class="post"><h1>Final standings</h1><p>{}</p><p>{}</p><table>{}</table><p>{}</p><p>{}</p></div>
<footer><a href="/imprint">Imprint</a></footer></body></html>"#,
            para[0],
            para[1],
            result_rows(40),
            para[2],
            para[3]
        );
        let r = FastFinder::default().analyze(&Document::parse(&page));
        assert!(r.is_confident(&Confidence::default()), "{}", r.describe());
        for p in para {
            assert!(r.blocks.iter().any(|b| b.text == p), "{p} missing");
        }
        assert!(r.blocks.iter().any(|b| b.text.contains("Riverside 39")));
    }

    #[test]
    fn rows_score_the_region_of_a_page_without_paragraphs() {
        // A timetable page: rows only, and the one piece of running text is the
        // contact block of a footer no class marks. The table is the region, and
        // the footer's sliver of prose does not make the finder unsure.
        let page = format!(
            r#"<html><body><div id="top"><a href="/">Home</a> <a href="/courses">Courses</a></div>
<div id="content"><h1>Timetable, first year</h1><table>{}</table></div>
<div id="bottom"><p>School office: open Monday to Friday from eight to noon. Call us or write to the office, we answer within a day.</p></div></body></html>"#,
            result_rows(60)
        );
        let r = last_answer(&page);
        assert!(
            r.blocks.iter().any(|b| b.text.contains("Riverside 59")),
            "{}",
            r.describe()
        );
        assert!(
            !r.blocks.iter().any(|b| b.text.contains("School office")),
            "{:?}",
            r.blocks
        );
        assert!(r.prose_coverage > 0.99, "{}", r.describe());
        let (text, paths) = cascade(&page);
        assert_eq!(paths, [1, 0], "sure of the table: {text}");
        // A story beside the table is no sliver: leaving it out is unsure.
        let story = "The relay season ended with a record: the club's first team ran the fastest time in the history of the regional championship, and the coach said so.";
        let page = page.replace(
            "<div id=\"bottom\">",
            &format!("<div id=\"story\"><p>{story}</p><p>{story}</p><p>{story}</p><p>{story}</p></div><div id=\"bottom\">"),
        );
        let r = last_answer(&page);
        assert!(!r.blocks.iter().any(|b| b.text == story), "{:?}", r.blocks);
        assert!(r.prose_coverage < 0.7, "{}", r.describe());
        assert_eq!(cascade(&page).1, [0, 1], "unsure: trafilatura reads it");
    }

    #[test]
    fn second_chance_does_not_climb_into_a_larger_thread() {
        // A short post and a longer thread of replies beside it (class names the
        // hints do not know): climbing from the post to their common parent would
        // make the post a minor part of the region.
        let post = [
            "The council has, after months of debate, approved the new cycle lanes on the river road, the bridge, and the long avenue up to the station.",
            "Work starts in April, the council said, and the lanes, which will be painted green, separated by kerbs, and lit at night, open in September.",
        ];
        let replies: String = (0..8)
            .map(|i| format!("<div class=\"note\"><p>Reply number {i} says that the lanes are a good idea but that the bridge section looks too narrow for two bikes to pass safely.</p></div>\n"))
            .collect();
        let page = format!(
            r#"<html><body><div id="main"><div class="col"><div class="entry"><p>{}</p><p>{}</p></div></div>
<div class="responses">{replies}</div></div></body></html>"#,
            post[0], post[1]
        );
        let doc = Document::parse(&page);
        let (first, second) = FastFinder::default().analyze_twice(&doc, &Confidence::default());
        assert!(first.blocks.iter().any(|b| b.text == post[0]), "{first:?}");
        let second = second.expect("the first pass is unsure");
        assert!(
            second.blocks.iter().any(|b| b.text == post[1]),
            "{second:?}"
        );
        assert!(
            !second
                .blocks
                .iter()
                .any(|b| b.text.starts_with("Reply number")),
            "{second:?}"
        );
    }

    #[test]
    fn fast_finder_skips_hidden_and_survives_odd_markup() {
        let hidden = r#"<html><body><article><p style="display: none">Secret text that is not shown.</p>
<p hidden>Also hidden from readers of the page.</p><p>Visible text of the page, long enough to count as a paragraph.</p></article></body></html>"#;
        let r = FastFinder::default().analyze(&Document::parse(hidden));
        let all: Vec<&str> = r.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            all,
            ["Visible text of the page, long enough to count as a paragraph."]
        );
        // Deep nesting, no body text, unclosed tags: no panic, nothing found.
        let deep = "<div>".repeat(5000) + "x" + &"</div>".repeat(10);
        FastFinder::default().analyze(&Document::parse(&deep));
        let empty = FastFinder::default().analyze(&Document::parse(""));
        assert!(empty.blocks.is_empty());
        FastFinder::default().analyze(&Document::parse("<p>one<table><td>cell<p>two"));
    }

    #[test]
    fn pathological_markup_never_reaches_html5ever() {
        // Unclosed <font>s with distinct colours, a paragraph each: quadratic in
        // html5ever, past our builder's limit of formatting elements.
        let page: String = (0..3000)
            .map(|i| format!("<font color=\"#{i:06}\">Line {i} of a page, long enough to count as a paragraph of running text.<p>"))
            .collect();
        let ex = HtmlExtractor::new(Arc::new(CascadeFinder::default()));
        let p =
            dateline_ingest::page_from_bytes("fonts.html", InputFormat::Html, page.into_bytes());
        timing::take();
        let a = ex.extract(&p).article;
        assert_eq!(timing::take().1, [1, 0], "the fast path, not trafilatura");
        assert!(a.text.contains("Line 2999 of a page"), "{}", a.text.len());
    }

    #[test]
    fn teasers_and_stamps_in_other_languages_are_residue() {
        let page = r##"<html lang="de"><body><div class="inhalt">
<p>Der Gemeinderat hat am Dienstagabend beschlossen, die alte Brücke über den Mühlbach bis zum Herbst zu sanieren, nachdem Gutachter deutliche Schäden gefunden hatten.</p>
<p>Die Kosten von rund 400.000 Euro teilen sich Gemeinde und Landkreis, wie der Bürgermeister nach der Sitzung mitteilte. Die Bauarbeiten sollen im Mai beginnen.</p>
<p>Während der Arbeiten wird der Verkehr über die Umgehungsstraße geleitet, Fußgänger können eine Behelfsbrücke nutzen, die neben der alten Brücke errichtet wird.</p>
<p>Anwohner hatten seit Jahren auf die Sanierung gedrängt; bei der Versammlung im Januar waren mehr als hundert Menschen gekommen, um ihre Sorgen vorzutragen.</p>
<p>03.04.2024</p>
<h3>Das könnte Sie auch interessieren!</h3>
<ul><li>Neue Buslinie fährt ab Juni</li><li>Freibad öffnet früher</li></ul>
</div></body></html>"##;
        let ex = HtmlExtractor::new(Arc::new(CascadeFinder::default()));
        let p = dateline_ingest::page_from_bytes(
            "brücke.html",
            InputFormat::Html,
            page.as_bytes().to_vec(),
        );
        timing::take();
        let a = ex.extract(&p).article;
        assert_eq!(
            timing::take().1,
            [1, 0],
            "the page should take the fast path"
        );
        assert!(a.text.contains("Behelfsbrücke nutzen"), "{}", a.text);
        for residue in ["Das könnte Sie", "Neue Buslinie", "Freibad", "03.04.2024"] {
            assert!(!a.text.contains(residue), "{residue} kept: {}", a.text);
        }
        assert!(
            a.removed
                .iter()
                .any(|r| r.reason == RemovalReason::RelatedLinks
                    && r.text.contains("Das könnte Sie auch interessieren")),
            "{:?}",
            a.removed
        );
    }
}
