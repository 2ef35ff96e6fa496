//! HTML → Article.
//!
//! 1. Decode the bytes ([`crate::charset`]: BOM, HTTP header, `<meta>`, sniffing).
//! 2. Parse once with our own tree builder ([`dom`]); collect metadata candidates
//!    ([`meta`]).
//! 3. Choose the main content with a [`ContentFinder`] (by default the fast finder,
//!    falling back to the Rust port of trafilatura, whose `Document` is then built
//!    from our tree) and split its cleaned HTML into blocks ([`body`]).
//! 4. Move captions and credits to `captions`, drop residue lines (share bars,
//!    "Read more" …) into `removed`, and find every kept paragraph again in the page
//!    bytes ([`scan`]) for the alignment.
//! 5. Report the page chrome that was left out (navigation, comment forms, related
//!    links …) in `removed`, each with the rule that recognised it and its byte range.

pub mod body;
pub mod bylines;
pub mod dates;
pub mod dom;
pub mod fast;
pub mod meta;
pub mod scan;
pub mod timing;

use crate::charset::decode_html;
use crate::lexicon::{Credits, Hints, Residue};
use crate::{detect_language, Extracted};
use body::{Block, BlockKind};
use dateline_core::{Article, Caption, Field, Page, Provenance, RemovalReason, Removed, Span};
use dom::Tree;
pub use fast::{CascadeFinder, Confidence, FastFinder};

use meta::{Candidates, Meta};
use scan::{strip_tags_limited, Scan};
use std::sync::Arc;
use std::time::Instant;
use trafilatura::dom::Document;

/// Finds the main content of a parsed page and returns it as blocks of text.
///
/// The seam behind which the content-detection algorithm can be swapped.
pub trait ContentFinder: Send + Sync + std::fmt::Debug {
    /// The main-content blocks of `doc` (consumed: finders prune the tree).
    fn find(&self, doc: Document) -> FoundContent;

    /// Like [`ContentFinder::find`], told which metadata the page's own markup
    /// lacks: a finder whose metadata heuristics cost time may run them only then.
    fn find_needing(&self, doc: Document, needs: Needs) -> FoundContent {
        let _ = needs;
        self.find(doc)
    }

    /// Like [`ContentFinder::find_needing`], on a page parsed with our own tree: a
    /// finder that reads [`Tree`] builds trafilatura's `Document` only when it needs
    /// it. By default it takes the page's `Document` ([`ParsedPage::document`]) and
    /// calls `find_needing`.
    fn find_page(&self, page: &ParsedPage<'_>, needs: Needs) -> FoundContent {
        self.find_needing(page.document(), needs)
    }
}

/// A decoded page and our own tree of it ([`ContentFinder::find_page`]).
#[derive(Clone, Copy, Debug)]
pub struct ParsedPage<'a> {
    /// The decoded HTML.
    pub html: &'a str,
    /// Its tree.
    pub tree: &'a Tree<'a>,
    /// Build trafilatura's `Document` from [`Self::tree`] ([`Tree::to_document`])
    /// rather than parsing the page again with html5ever.
    pub document_from_tree: bool,
}

impl ParsedPage<'_> {
    /// trafilatura's `Document` of the page (timed as parsing).
    pub fn document(&self) -> Document {
        let t = Instant::now();
        let doc = if self.document_from_tree {
            self.tree.to_document()
        } else {
            Document::parse(self.html)
        };
        timing::lap(1, t);
        doc
    }
}

/// Metadata fields the page's own markup did not give, for which the extractor
/// would use a finder's heuristic guess ([`FoundContent`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// No title.
    pub title: bool,
    /// No author.
    pub author: bool,
    /// No publication date.
    pub date: bool,
    /// No site name.
    pub site: bool,
}

impl Needs {
    /// Every field missing (what a caller that has not looked must assume).
    pub fn all() -> Needs {
        Needs {
            title: true,
            author: true,
            date: true,
            site: true,
        }
    }

    /// Whether any field is missing.
    pub fn any(&self) -> bool {
        self.title || self.author || self.date || self.site
    }
}

/// What a [`ContentFinder`] returns.
#[derive(Clone, Debug, Default)]
pub struct FoundContent {
    /// Main-content blocks in reading order.
    pub blocks: Vec<Block>,
    /// A publication date the finder's own heuristics found (ISO date), if any.
    pub date: Option<String>,
    /// An author the finder's heuristics found, if any.
    pub author: Option<String>,
    /// A title the finder's heuristics found, if any.
    pub title: Option<String>,
    /// A site name the finder's heuristics found, if any.
    pub site: Option<String>,
}

/// Main-content detection by `trafilatura` (the Rust port of Python trafilatura).
#[derive(Clone, Debug)]
pub struct TrafilaturaFinder {
    options: trafilatura::Options,
    /// The same without date heuristics (the costly part of its metadata).
    undated: trafilatura::Options,
    /// Whether the cascade runs trafilatura's metadata heuristics on pages whose
    /// content the fast finder chose ([`TrafilaturaFinder::with_metadata_heuristics`]).
    metadata_heuristics: bool,
}

impl Default for TrafilaturaFinder {
    fn default() -> Self {
        TrafilaturaFinder::new(Focus::Balanced, true)
    }
}

/// How the trafilatura finder trades precision against recall.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Focus {
    /// trafilatura's default balance.
    #[default]
    Balanced,
    /// Fewer boilerplate lines, some body lost.
    Precision,
    /// More body, more boilerplate.
    Recall,
}

impl TrafilaturaFinder {
    /// With a focus, and its readability/justext fallbacks on or off (off is faster).
    pub fn new(focus: Focus, fallback: bool) -> TrafilaturaFinder {
        let focus = match focus {
            Focus::Balanced => trafilatura::ExtractionFocus::Balanced,
            Focus::Precision => trafilatura::ExtractionFocus::FavorPrecision,
            Focus::Recall => trafilatura::ExtractionFocus::FavorRecall,
        };
        let options = trafilatura::Options::default()
            .with_exclude_comments(true)
            .with_fallback(fallback)
            .with_focus(focus);
        TrafilaturaFinder::with_options(options)
    }

    /// With explicit trafilatura options.
    pub fn with_options(options: trafilatura::Options) -> TrafilaturaFinder {
        let undated = options
            .clone()
            .with_html_date_mode(trafilatura::HtmlDateMode::Disabled);
        TrafilaturaFinder {
            options,
            undated,
            metadata_heuristics: false,
        }
    }

    /// Also run trafilatura's metadata heuristics (author, date, site name) on the
    /// pages whose content [`CascadeFinder`] takes from its fast finder, for the
    /// fields the markup lacks. Off by default: our own walk ([`meta`]) finds as
    /// many (docs/EVALUATION.md, stop 18) at a fraction of the cost.
    pub fn with_metadata_heuristics(mut self, on: bool) -> TrafilaturaFinder {
        self.metadata_heuristics = on;
        self
    }

    /// Whether [`TrafilaturaFinder::with_metadata_heuristics`] is on.
    pub fn metadata_heuristics(&self) -> bool {
        self.metadata_heuristics
    }
}

impl ContentFinder for TrafilaturaFinder {
    fn find(&self, doc: Document) -> FoundContent {
        self.find_needing(doc, Needs::all())
    }

    /// Without trafilatura's date search when the page's markup dated it: the
    /// extractor then never uses the finder's date, and the text is the same.
    fn find_needing(&self, doc: Document, needs: Needs) -> FoundContent {
        let t = Instant::now();
        let options = if needs.date {
            &self.options
        } else {
            &self.undated
        };
        let found = self.find_timed(doc, options);
        timing::lap(4, t);
        found
    }
}

impl TrafilaturaFinder {
    fn find_timed(&self, doc: Document, options: &trafilatura::Options) -> FoundContent {
        match trafilatura::extract_document(doc, options) {
            Ok(r) => FoundContent {
                blocks: body::blocks(&r.content_html),
                ..FoundContent::from_metadata(&r.metadata)
            },
            Err(_) => FoundContent::default(),
        }
    }

    /// Like [`ContentFinder::find`], with `blocks` (another finder's answer) as
    /// trafilatura's fallback candidate: when its own extraction is too short, it
    /// weighs them before, and often instead of, its readability pass.
    pub fn find_with_candidate(
        &self,
        doc: Document,
        needs: Needs,
        blocks: &[Block],
    ) -> FoundContent {
        let t = Instant::now();
        let mut html = String::from("<html><body>");
        for b in blocks {
            let tag = match b.kind {
                BlockKind::Heading => "h2",
                BlockKind::ListItem => "li",
                _ => "p",
            };
            html.push('<');
            html.push_str(tag);
            html.push('>');
            for c in b.text.chars() {
                match c {
                    '<' => html.push_str("&lt;"),
                    '>' => html.push_str("&gt;"),
                    '&' => html.push_str("&amp;"),
                    c => html.push(c),
                }
            }
            html.push_str("</");
            html.push_str(tag);
            html.push('>');
        }
        html.push_str("</body></html>");
        let mut candidates = trafilatura::FallbackCandidates::default();
        candidates.readability_html = Some(html);
        let options = if needs.date {
            &self.options
        } else {
            &self.undated
        };
        let options = options.clone().with_fallback_candidates(candidates);
        let found = self.find_timed(doc, &options);
        timing::lap(4, t);
        found
    }

    /// trafilatura's metadata heuristics alone (no content extraction); its date
    /// search only when the date is needed.
    pub(crate) fn metadata(&self, doc: &Document, needs: Needs) -> FoundContent {
        let options = if needs.date {
            &self.options
        } else {
            &self.undated
        };
        FoundContent::from_metadata(&trafilatura::metadata::extract_metadata(doc, options))
    }
}

impl FoundContent {
    fn from_metadata(m: &trafilatura::Metadata) -> FoundContent {
        let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        FoundContent {
            blocks: Vec::new(),
            date: m.date.map(|d| d.format("%Y-%m-%d").to_string()),
            author: nonempty(&m.author),
            title: nonempty(&m.title),
            site: nonempty(&m.sitename),
        }
    }
}

/// The HTML extractor.
#[derive(Clone, Debug)]
pub struct HtmlExtractor {
    finder: Arc<dyn ContentFinder>,
    hints: Hints,
    residue: Residue,
    credits: Credits,
    /// Parse with our own tree ([`dom::Tree`]) rather than html5ever.
    own_tree: bool,
    /// Build trafilatura's `Document` from our tree ([`ParsedPage::document_from_tree`]).
    document_from_tree: bool,
    /// Build the [`Scan`] while our tree is parsed ([`Tree::parse_with_scan`]),
    /// rather than with a second pass over the page ([`Scan::new`]).
    scan_with_tree: bool,
}

impl Default for HtmlExtractor {
    fn default() -> Self {
        HtmlExtractor::new(Arc::new(CascadeFinder::default()))
    }
}

/// Largest number of chrome regions listed in `removed` per page.
const MAX_REMOVED_REGIONS: usize = 64;

impl HtmlExtractor {
    /// An extractor with the given content finder and the built-in lexicons.
    pub fn new(finder: Arc<dyn ContentFinder>) -> HtmlExtractor {
        HtmlExtractor {
            finder,
            hints: Hints::builtin(),
            residue: Residue::builtin(),
            credits: Credits::builtin(),
            own_tree: true,
            document_from_tree: true,
            scan_with_tree: true,
        }
    }

    /// Scans the page in a pass of its own ([`Scan::new`]), as before the scan
    /// was built with the tree: for comparing the two.
    pub fn with_separate_scan(mut self) -> HtmlExtractor {
        self.scan_with_tree = false;
        self
    }

    /// Parses with html5ever (trafilatura's `Document`) for the metadata walk and
    /// the finder, as before our own tree: for comparing the two parsers.
    pub fn with_html5ever(mut self) -> HtmlExtractor {
        self.own_tree = false;
        self.document_from_tree = false;
        self
    }

    /// Our own tree for the metadata walk and the fast finder, but html5ever's
    /// parse (not [`Tree::to_document`]) for trafilatura: with comments, whose
    /// dates trafilatura's date search reads.
    pub fn with_html5ever_for_trafilatura(mut self) -> HtmlExtractor {
        self.document_from_tree = false;
        self
    }

    /// Extracts the article from an HTML page.
    pub fn extract(&self, page: &Page) -> Extracted {
        let t = Instant::now();
        let mut warnings = Vec::new();
        let tld = page.url.as_deref().and_then(tld_of);
        let decoded = decode_html(&page.bytes, page.header("content-type"), tld.as_deref());
        if decoded.had_errors {
            warnings.push(format!(
                "malformed {} sequences in the page (replaced by U+FFFD)",
                decoded.encoding.name()
            ));
        }
        let html = decoded.text.as_str();
        let t = timing::lap(0, t);
        let needs_of = |meta: &Meta| Needs {
            title: meta.title.is_none(),
            author: meta.authors.is_empty(),
            date: meta.published.is_none() && meta.fallback_date.is_none(),
            site: meta.site.is_none(),
        };
        // The finders time themselves (fast path, trafilatura, building its Document).
        let mut scan = None;
        let (meta, found) = if self.own_tree {
            let tree = if self.scan_with_tree {
                let (tree, s) = Tree::parse_with_scan(html, &self.hints);
                scan = Some(s);
                tree
            } else {
                Tree::parse(html)
            };
            let t = timing::lap(1, t);
            let candidates = Candidates::collect(&tree);
            let meta = Meta::from_candidates(&candidates, page.url.as_deref());
            timing::lap(2, t);
            let needs = needs_of(&meta);
            let parsed = ParsedPage {
                html,
                tree: &tree,
                document_from_tree: self.document_from_tree,
            };
            let found = self.finder.find_page(&parsed, needs);
            (meta, found)
        } else {
            let doc = Document::parse(html);
            let t = timing::lap(1, t);
            let candidates = Candidates::collect(&doc);
            let meta = Meta::from_candidates(&candidates, page.url.as_deref());
            timing::lap(2, t);
            let needs = needs_of(&meta);
            (meta, self.finder.find_needing(doc, needs))
        };
        let t = Instant::now();
        let mut scan = scan.unwrap_or_else(|| Scan::new(html, &self.hints));
        let t = timing::lap(5, t);
        let mut article = Article {
            source: page.source.clone(),
            ..Article::default()
        };
        let to_input = |s: Span| Span::new(decoded.to_input(s.start()), decoded.to_input(s.end()));

        // Body, captions and residue.
        let title_norm = meta.title.as_ref().map(|t| norm(&t.value));
        let caption_texts: Vec<String> = scan.captions.iter().map(|c| norm(&c.text)).collect();
        let located: Vec<Option<Span>> =
            found.blocks.iter().map(|b| scan.locate(&b.text)).collect();
        let chrome = chrome_regions(&scan.regions, &found.blocks, &located, html.len());
        let mut body: Vec<(String, Span)> = Vec::new();
        let mut kinds: Vec<BlockKind> = Vec::new();
        let mut in_related = false;
        for (i, block) in found.blocks.iter().enumerate() {
            let text = block.text.as_str();
            let span = located[i].map(to_input);
            // The headline repeated as the first block is metadata, not body.
            if i == 0
                && block.kind == BlockKind::Heading
                && title_norm
                    .as_deref()
                    .is_some_and(|t| !t.is_empty() && norm(text) == t)
            {
                continue;
            }
            let is_caption = block.kind == BlockKind::Caption
                || (!caption_texts.is_empty() && {
                    let n = norm(text);
                    !n.is_empty() && caption_texts.contains(&n)
                })
                || self.credits.is_caption_line(text);
            if is_caption {
                let (text, credit) = match self.credits.caption(text) {
                    Some((t, c)) => (t.to_string(), c.map(str::to_string)),
                    None => (text.to_string(), None),
                };
                article.captions.push(Caption {
                    text,
                    credit,
                    input_span: span.unwrap_or_default(),
                });
                continue;
            }
            if let Some(r) = located[i].and_then(|l| {
                chrome
                    .iter()
                    .find(|r| r.span.start() <= l.start() && l.end() <= r.span.end())
            }) {
                article.removed.push(Removed {
                    text: text.to_string(),
                    reason: r.reason,
                    rule: format!("inside {}", r.rule),
                    input_span: span,
                });
                continue;
            }
            if let Some((reason, rule)) = self.residue.classify(text) {
                in_related = reason == RemovalReason::RelatedLinks;
                article.removed.push(Removed {
                    text: text.to_string(),
                    reason,
                    rule: rule.to_string(),
                    input_span: span,
                });
                continue;
            }
            if in_related
                && matches!(block.kind, BlockKind::ListItem | BlockKind::Heading)
                && text.len() < 150
                && !text.ends_with(['.', '!', '?', '"', '”'])
            {
                article.removed.push(Removed {
                    text: text.to_string(),
                    reason: RemovalReason::RelatedLinks,
                    rule: "headline under a related-links heading".into(),
                    input_span: span,
                });
                continue;
            }
            in_related = false;
            body.push((text.to_string(), span.unwrap_or_default()));
            kinds.push(block.kind);
        }
        // Headings and "…:" lines at the very end introduce something that is not
        // there (a teaser box, a map, a list of links left out): not body.
        while let (Some((text, span)), Some(kind)) = (body.last(), kinds.last()) {
            let t = text.trim_end();
            let heading = *kind == BlockKind::Heading && t.len() < 150 && !t.ends_with('.');
            if !(heading || t.len() < 100 && t.ends_with(':')) {
                break;
            }
            article.removed.push(Removed {
                text: text.clone(),
                reason: RemovalReason::RelatedLinks,
                rule: "heading or \"…:\" line with nothing after it".into(),
                input_span: (!span.is_empty()).then_some(*span),
            });
            body.pop();
            kinds.pop();
        }
        article.set_body(body.iter().map(|(t, s)| (t.as_str(), *s)));
        // Paragraphs that could not be found again in the page have no alignment.
        article.alignment.pieces.retain(|p| !p.input.is_empty());
        article.body_start = article
            .alignment
            .pieces
            .first()
            .map_or(0, |p| p.input.start());

        // Captions of the page that the content finder left out.
        for c in &scan.captions {
            let span = to_input(c.span);
            let text_norm = norm(&c.text);
            if article.captions.iter().any(|k| {
                k.input_span.start() < span.end().max(span.start() + 1)
                    && span.start() < k.input_span.end().max(k.input_span.start() + 1)
                    && {
                        let k_norm = norm(&k.text);
                        !k_norm.is_empty()
                            && (k_norm.contains(&text_norm) || text_norm.contains(&k_norm))
                    }
            }) || c.text.len() > 1200
            {
                continue;
            }
            let (text, credit) = if c.credit_only {
                (String::new(), Some(c.text.clone()))
            } else {
                match self.credits.caption(&c.text) {
                    Some((t, cr)) => (t.to_string(), cr.map(str::to_string)),
                    None => (c.text.clone(), None),
                }
            };
            // A credit element right after its caption joins it.
            if c.credit_only {
                if let Some(last) = article.captions.last_mut() {
                    if last.credit.is_none()
                        && span.start() >= last.input_span.end()
                        && span.start() - last.input_span.end() < 400
                    {
                        last.credit = credit;
                        last.input_span = Span::new(last.input_span.start(), span.end());
                        continue;
                    }
                }
            }
            article.captions.push(Caption {
                text,
                credit,
                input_span: span,
            });
        }
        article.captions.sort_by_key(|c| c.input_span.start());

        // Chrome that was left out, outermost regions only.
        let pieces: Vec<Span> = article.alignment.pieces.iter().map(|p| p.input).collect();
        let mut last_end = 0;
        let mut listed = 0;
        for r in &scan.regions {
            let span = to_input(r.span);
            if span.start() < last_end {
                continue;
            }
            if pieces
                .iter()
                .any(|p| p.start() < span.end() && span.start() < p.end())
            {
                continue;
            }
            // Only what `shorten` keeps is needed.
            let text = strip_tags_limited(r.span.slice(html), SHORTEN_AT);
            if text.is_empty() {
                continue;
            }
            last_end = span.end();
            listed += 1;
            if listed > MAX_REMOVED_REGIONS {
                break;
            }
            article.removed.push(Removed {
                text: shorten(&text),
                reason: r.reason,
                rule: r.rule.clone(),
                input_span: Some(span),
            });
        }
        article
            .removed
            .sort_by_key(|r| r.input_span.map_or(usize::MAX, |s| s.start()));

        // Metadata.
        let site_name = meta.site.as_ref().map(|s| s.value.clone());
        article.title = meta.title.or_else(|| {
            found.title.as_deref().map(|t| {
                Field::new(
                    meta::strip_site_affix(t, site_name.as_deref(), None),
                    Provenance::Inferred,
                )
                .with_evidence("trafilatura title heuristics")
            })
        });
        article.byline = meta.byline;
        article.authors = meta.authors;
        if article.authors.is_empty() {
            if let Some(a) = found.author.as_deref() {
                let names: Vec<String> = a
                    .split(';')
                    .filter_map(|n| meta::clean_author(n, site_name.as_deref()))
                    .collect();
                if !names.is_empty() {
                    article.byline = Some(
                        Field::new(a.to_string(), Provenance::Inferred)
                            .with_evidence("trafilatura author heuristics"),
                    );
                    article.authors = names;
                }
            }
        }
        article.published = meta
            .published
            .or_else(|| {
                dates::date_in_text(&article.text, 400)
                    .map(|(d, ev)| Field::new(d, Provenance::Text).with_evidence(ev))
            })
            .or(meta.fallback_date)
            .or_else(|| {
                found.date.clone().map(|d| {
                    Field::new(d, Provenance::Inferred).with_evidence("trafilatura date heuristics")
                })
            });
        article.modified = meta.modified;
        article.site = meta.site.or_else(|| {
            found.site.clone().map(|s| {
                Field::new(s, Provenance::Inferred).with_evidence("trafilatura site heuristics")
            })
        });
        article.canonical_url = meta.canonical;
        article.language = meta.language.or_else(|| {
            detect_language(&article.text).map(|l| Field::new(l.to_string(), Provenance::Detected))
        });
        if let Some(url) = &page.url {
            article.url = Some(Field::new(url.clone(), Provenance::Transport));
        }
        if let Some(site) = &page.site_override {
            article.site = Some(Field::new(site.clone(), Provenance::User));
        }
        if let Some(date) = &page.published_override {
            article.published = Some(Field::new(date.clone(), Provenance::User));
        }
        timing::lap(6, t);
        Extracted { article, warnings }
    }
}

/// The chrome regions that hold body candidates but only a small share of them:
/// a share bar or related-links box the finder let through. A region holding much
/// of the content is a wrapper whose class merely looks like chrome.
fn chrome_regions<'a>(
    regions: &'a [scan::Region],
    blocks: &[Block],
    located: &[Option<Span>],
    page_len: usize,
) -> Vec<&'a scan::Region> {
    let total: usize = blocks.iter().map(|b| b.text.len()).sum();
    let inside = |r: &scan::Region, l: &Option<Span>| {
        l.is_some_and(|l| r.span.start() <= l.start() && l.end() <= r.span.end())
    };
    let chosen: Vec<&scan::Region> = regions
        .iter()
        // An element left open to the end of the page is a parsing artefact.
        .filter(|r| r.span.end() < page_len)
        .filter(|r| {
            !matches!(
                r.rule.as_str(),
                "<header> element" | "<footer> element" | "<form> element"
            )
        })
        .filter(|r| {
            let held: usize = blocks
                .iter()
                .zip(located)
                .filter(|(_, l)| inside(r, l))
                .map(|(b, _)| b.text.len())
                .sum();
            held > 0 && held * 5 < total
        })
        .collect();
    // Never let the filter take a large share of the content: then the page marks
    // up its article with chrome-like classes, and the finder knew better.
    let dropped: usize = blocks
        .iter()
        .zip(located)
        .filter(|(_, l)| chosen.iter().any(|r| inside(r, l)))
        .map(|(b, _)| b.text.len())
        .sum();
    if dropped * 4 > total {
        return Vec::new();
    }
    chosen
}

/// The letters and digits of `s`, lower-cased: texts compared whatever their
/// spacing, punctuation and case.
fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

fn tld_of(url: &str) -> Option<String> {
    let host = url
        .split("://")
        .nth(1)?
        .split(['/', '?', '#', ':'])
        .next()?;
    let tld = host.rsplit('.').next()?;
    (tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| tld.to_ascii_lowercase())
}

/// Longest text (bytes) of a left-out region listed in `removed`.
const SHORTEN_AT: usize = 300;

fn shorten(s: &str) -> String {
    if s.len() <= SHORTEN_AT {
        return s.to_string();
    }
    let mut end = SHORTEN_AT;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

#[cfg(test)]
mod tests;
