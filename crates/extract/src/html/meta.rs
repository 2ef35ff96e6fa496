//! Page metadata with provenance: title, authors, dates, site, canonical URL, language.
//!
//! One walk over the parsed tree collects the candidates (`<meta>`, JSON-LD,
//! `<time>`, `<title>`, `<h1>`, byline elements); [`Meta::from_candidates`] then
//! picks one value per field, remembering where it came from.

use super::dates::{
    date_from_url, first_date, parse_date, short_year_date, unambiguous_slashed_date,
    utc_to_central_european, utc_to_offset,
};
use super::dom::Dom;
use super::scan::collapse;
use dateline_core::{Field, Provenance};
use regex::Regex;
use serde_json::Value;
use std::sync::LazyLock;

/// Everything found in the tree that may become metadata.
#[derive(Debug, Default)]
pub struct Candidates {
    /// `<meta>` key (lowercased `property`/`name`/`itemprop`/`http-equiv`) and content.
    metas: Vec<(String, String)>,
    /// JSON-LD objects of article-like types, flattened out of `@graph` and lists.
    ld_articles: Vec<Value>,
    /// Every other JSON-LD object (WebPage, Organization, …).
    ld_other: Vec<Value>,
    /// Text of `<title>`.
    title: Option<String>,
    /// Texts of `<h1>` elements, in order; `true` when inside `<article>`/`<main>`.
    h1: Vec<(String, bool)>,
    /// `<time>` elements: (datetime attribute or text, is it marked as publication).
    times: Vec<(String, bool)>,
    /// Byline candidates: text of author/byline elements.
    bylines: Vec<String>,
    /// Weaker byline candidates, outside asides: elements whose class or id merely
    /// holds an author word (`entry-meta-author`, `authorDateBlock_authorName`), as
    /// (text, whether the word names a name or link: `author-name`, `author__link`).
    loose_bylines: Vec<(String, bool)>,
    /// `<link rel=canonical href>`.
    canonical: Option<String>,
    /// `<html lang>`.
    html_lang: Option<String>,
    /// Visible text right after each of the first `<h1>`s (a dateline or "Published"
    /// line usually sits there); `true` when the heading is inside `<article>`/`<main>`.
    /// The heading's own text starts the buffer (a date in a `<small>` inside it).
    after_h1: Vec<(String, bool, usize)>,
    /// Short texts of elements whose class or id names a date (`post-date`,
    /// `itemPostDate`, `datum`), as (text, inside `<article>`/`<main>`, position).
    date_elems: Vec<(String, bool, usize)>,
    /// Dates of update stamps (`class="updated"`, `itemprop="dateModified"`, "Last
    /// updated on …" in a date element), outside asides: the date of a page that
    /// gives no other ([`Meta::fallback_date`]).
    updates: Vec<String>,
    /// The first date printed in a byline element ("By Ann Lee, March 2, 2024").
    byline_dates: Vec<String>,
    /// Text nodes that are little more than a date, outside asides, with their
    /// position: the last resort of [`Meta::fallback_date`].
    bare_dates: Vec<(String, usize, bool)>,
    /// Dates printed after a publication label ("Published on", "Veröffentlicht
    /// am", "Publicado el"), outside asides and comments, in page order.
    labeled: Vec<String>,
    /// Text nodes left in which the date of a label that ended its node may come.
    label_pending: u8,
    /// Characters of visible text read so far (positions above count in these).
    pos: usize,
    /// Dates in the page's JSON data scripts (`<script type="application/json">`:
    /// a framework's page state, a widget's data): the first under a publication
    /// key (`publishedDate`, `datePublished`, …), the first under a creation key
    /// (`createdAt`, `dateCreated`, …).
    data_dates: [Option<String>; 2],
    /// The first full date in a copyright line ("Copyright © 19.12.2019 - 12:14 h
    /// by …"): a stamp of the page's last edit.
    copyright_date: Option<String>,
}

/// How far (characters of visible text) from the main heading a date element counts
/// as the heading's date.
const NEAR_H1_CHARS: usize = 400;

/// The longest text node (characters) read as a dateline next to the heading.
const DATELINE_CHARS: usize = 100;

/// How many characters of text after a heading are searched for its date.
const AFTER_H1_CHARS: usize = 300;

/// Labels that introduce a publication date in the visible text, lower case.
/// "Updated"/"Aktualisiert" lines are not here: the modification date is not the
/// publication date.
const PUBLISHED_LABELS: &[&str] = &[
    "published on",
    "published:",
    "first published",
    "date published",
    "publication date",
    "posted on",
    "veröffentlicht am",
    "veröffentlicht:",
    "erschienen am",
    "publiziert am",
    "publicado el",
    "publicado:",
    "fecha de publicación",
    "publié le",
    "publiée le",
    "date de publication",
    "pubblicato il",
    "data di pubblicazione",
    "gepubliceerd op",
    "opublikowano",
    "data publikacji",
];

/// The chosen metadata.
#[derive(Debug, Default)]
pub struct Meta {
    /// Headline without site suffix.
    pub title: Option<Field<String>>,
    /// Byline as printed (or the metadata author string).
    pub byline: Option<Field<String>>,
    /// Author names.
    pub authors: Vec<String>,
    /// Publication date, ISO 8601.
    pub published: Option<Field<String>>,
    /// Modification date, ISO 8601.
    pub modified: Option<Field<String>>,
    /// When no publication date is found: the update date the page shows (by its
    /// headline, else in an update stamp), else the modification date of its
    /// metadata. The extractor takes it only when the text gives no date either.
    pub fallback_date: Option<Field<String>>,
    /// Site name.
    pub site: Option<Field<String>>,
    /// Canonical URL.
    pub canonical: Option<String>,
    /// Declared language (primary subtag, lowercase).
    pub language: Option<Field<String>>,
}

const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "Report",
    "ScholarlyArticle",
    "TechArticle",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "DiscussionForumPosting",
    "Review",
    "Recipe",
];

impl Candidates {
    /// Collects candidates from a parsed page.
    pub fn collect<D: Dom>(doc: &D) -> Candidates {
        let mut c = Candidates::default();
        let root = doc.root();
        c.walk(doc, root, 0, false, false, NO_CHROME);
        c
    }

    /// `aside`: inside a sidebar, navigation or footer, the `<body>` included when its
    /// class names one (`one-sidebar`: the dates are then not read, as measured, see
    /// docs/EVALUATION.md); `chrome`: the [`chrome_level`] around the node (for the
    /// loose bylines, update stamps and date lines).
    fn walk<D: Dom>(
        &mut self,
        doc: &D,
        id: D::Node,
        depth: usize,
        in_article: bool,
        aside: bool,
        chrome: u8,
    ) {
        if depth > 200 {
            return;
        }
        for child in doc.children(id) {
            if doc.is_text(child) {
                let t = doc.text(child);
                if !aside {
                    self.label_text(&t);
                }
                if chrome < CHROME {
                    self.bare_date(&t, chrome == TEASER);
                }
                if self.copyright_date.is_none() {
                    self.copyright_date = copyright_date(&t);
                }
                self.feed_text(&t);
                continue;
            }
            if !doc.is_element(child) {
                continue;
            }
            // Whether the class or id holds any word the element tests below look
            // for (most do not: then those tests need not lower-case anything).
            let named = [doc.attribute(child, "class"), doc.attribute(child, "id")]
                .iter()
                .flatten()
                .any(|v| MARK_WORDS.is_match(v));
            if is_update_stamp(doc, child, named) {
                if chrome == NO_CHROME && self.updates.len() < 4 {
                    if let Some(d) = attribute_date(doc, child)
                        .or_else(|| first_date(&collapse(&doc.text_content(child))).map(|(d, _)| d))
                    {
                        self.updates.push(d);
                    }
                }
                continue;
            }
            let tag = doc.tag_name(child);
            let mut inside = in_article;
            match tag {
                "html" => {
                    if let Some(l) = doc
                        .attribute(child, "lang")
                        .or_else(|| doc.attribute(child, "xml:lang"))
                    {
                        self.html_lang = Some(l.into_owned());
                    }
                }
                "meta" => {
                    let key = ["property", "name", "itemprop", "http-equiv"]
                        .iter()
                        .find_map(|k| doc.attribute(child, k));
                    let content = doc
                        .attribute(child, "content")
                        .or_else(|| doc.attribute(child, "datetime"));
                    if let (Some(k), Some(v)) = (key, content) {
                        let v = collapse(&v);
                        let k = k.as_ref();
                        if !v.is_empty() {
                            self.metas.push((k.trim().to_ascii_lowercase(), v));
                        }
                    }
                    continue;
                }
                "link" => {
                    let rel = attr_lower(doc, child, "rel");
                    if rel.split_whitespace().any(|r| r == "canonical") && self.canonical.is_none()
                    {
                        self.canonical = doc.attribute(child, "href").map(|h| h.trim().to_string());
                    }
                    continue;
                }
                "title" if self.title.is_none() => {
                    self.title = Some(collapse(&doc.text_content(child)));
                    continue;
                }
                "script" => {
                    let ty = doc.attribute(child, "type").unwrap_or_default();
                    let ty = ty.trim();
                    if ty.eq_ignore_ascii_case("application/ld+json") {
                        self.json_ld(&doc.text_content(child));
                    } else if ty.eq_ignore_ascii_case("application/json")
                        && self.data_dates.iter().any(Option::is_none)
                    {
                        self.data_dates(&doc.text_content(child));
                    }
                    continue;
                }
                "style" | "noscript" | "template" | "svg" => continue,
                "article" | "main" => inside = true,
                "h1" => {
                    let t = collapse(&doc.text_content(child));
                    if !t.is_empty() && self.h1.len() < 8 {
                        if self.after_h1.len() < 4 {
                            self.after_h1.push((String::new(), in_article, self.pos));
                        }
                        // Text nodes apart: "Title<small>02.02.2022</small>".
                        self.feed_text(&collapse(&doc.iter_text(child, " ")));
                        self.h1.push((t, in_article));
                        self.times_within(doc, child, 0);
                    }
                    continue;
                }
                "time" => {
                    let dt = doc.attribute(child, "datetime");
                    let marked = doc.attribute(child, "pubdate").is_some()
                        || doc
                            .attribute(child, "itemprop")
                            .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
                        || doc.attribute(child, "class").is_some_and(|c| {
                            let c = c.to_ascii_lowercase();
                            c.contains("publish")
                                || c.contains("entry-date")
                                || c.contains("posted")
                        });
                    let v =
                        dt.map_or_else(|| collapse(&doc.text_content(child)), |d| d.into_owned());
                    if !v.is_empty() && self.times.len() < 32 {
                        self.times.push((v, marked));
                    }
                }
                _ => {}
            }
            if self.bylines.len() < 8 && is_byline_element(doc, child, named) {
                let t = collapse(&doc.text_content(child));
                if !aside {
                    self.label_text(&t);
                }
                self.feed_text(&t);
                if chrome == NO_CHROME && self.byline_dates.is_empty() {
                    self.byline_dates.extend(first_date(&t).map(|(d, _)| d));
                }
                if !t.is_empty() && t.len() < 200 {
                    self.bylines.push(t);
                }
                continue;
            }
            // Read on inside (the name may sit in a child with a plainer class).
            if named && chrome == NO_CHROME && self.loose_bylines.len() < 8 {
                if let Some(name) = loose_byline(doc, child, tag) {
                    let t = collapse(&doc.text_content(child));
                    if !t.is_empty() && t.len() < 120 {
                        if self.byline_dates.is_empty() {
                            self.byline_dates.extend(first_date(&t).map(|(d, _)| d));
                        }
                        self.loose_bylines.push((t, name));
                    }
                }
            }
            if self.date_elems.len() < 16 && !aside {
                if let Some(update) = date_element(doc, child, named) {
                    let t = collapse(&doc.text_content(child));
                    if !t.is_empty() && t.len() < 120 {
                        if update || names_update(&t) {
                            if self.updates.len() < 4 {
                                self.updates.extend(
                                    first_date(&t)
                                        .or_else(|| unambiguous_slashed_date(&t))
                                        .map(|(d, _)| d),
                                );
                            }
                        } else if first_date(&t).is_none() {
                            // "Kultur, 2.11.22", "2/24/2026": read only here.
                            if let Some(d) = short_year_date(&t)
                                .or_else(|| unambiguous_slashed_date(&t).map(|(d, _)| d))
                            {
                                self.date_elems.push((d, in_article, self.pos));
                            }
                        } else {
                            self.date_elems.push((t, in_article, self.pos));
                        }
                    }
                }
            }
            // `<span itemprop="datePublished" content="…">`, `<abbr class="published"
            // title="…">`: the publication time on elements other than `<time>`.
            if tag != "time" && self.times.len() < 32 && marks_publication(doc, child, tag, named) {
                let v = attribute_date(doc, child)
                    .or_else(|| first_date(&collapse(&doc.text_content(child))).map(|(d, _)| d));
                if let Some(v) = v {
                    self.times.push((v, true));
                }
            }
            let aside = aside || is_aside(doc, child, named);
            let chrome = chrome.max(chrome_level(doc, child, tag, named));
            self.walk(doc, child, depth + 1, inside, aside, chrome);
        }
    }

    /// `<time>` elements inside a heading (`<h1><span class="kicker"><time
    /// datetime="2022-02-01">` …), which the walk does not enter.
    fn times_within<D: Dom>(&mut self, doc: &D, id: D::Node, depth: usize) {
        if depth > 8 {
            return;
        }
        for child in doc.children(id) {
            if !doc.is_element(child) || self.times.len() >= 32 {
                continue;
            }
            if doc.tag_name(child) == "time" {
                let v = doc
                    .attribute(child, "datetime")
                    .map_or_else(|| collapse(&doc.text_content(child)), |d| d.into_owned());
                if !v.is_empty() {
                    self.times.push((v, false));
                }
            } else {
                self.times_within(doc, child, depth + 1);
            }
        }
    }

    /// Keeps a text node that is little more than a date ("23.07.2025", "Updated
    /// March 5, 2025", "Feb 16, 2026 ·"), with its position.
    /// A short line that speaks of an update ("(last edited 2019-11-10 13:28:18 by
    /// Ann)", "Zuletzt geändert am 3. Mai 2021") goes to the update dates instead.
    fn bare_date(&mut self, text: &str, teaser: bool) {
        let t = text.trim();
        // Every date read here has a four-digit year: fewer digits, no regex.
        if t.len() < 6 || t.len() > 100 || t.bytes().filter(u8::is_ascii_digit).count() < 4 {
            return;
        }
        let date = |t: &str| first_date(t).or_else(|| unambiguous_slashed_date(t));
        if t.len() > 48 || self.bare_dates.len() >= 8 {
            if self.updates.len() < 4 && names_update(t) {
                self.updates.extend(date(t).map(|(d, _)| d));
            }
            return;
        }
        if let Some((d, ev)) = date(t) {
            // The date is most of the node: not a sentence that quotes one.
            if ev.len() * 5 >= t.len() * 2 {
                self.bare_dates.push((d, self.pos, teaser));
            }
        }
    }

    /// Reads the dates of a JSON data script ([`Candidates::data_dates`]).
    fn data_dates(&mut self, json: &str) {
        for c in DATA_DATE.captures_iter(json) {
            let slot = usize::from(!PUBLISHED_KEYS.contains(&&c[1]));
            if self.data_dates[slot].is_none() {
                self.data_dates[slot] = parse_date(&c[2]);
            }
            if self.data_dates.iter().all(Option::is_some) {
                break;
            }
        }
    }

    /// Appends visible text to the buffers of the headings still being read.
    fn feed_text(&mut self, text: &str) {
        let t = text.trim();
        if t.is_empty() {
            return;
        }
        self.pos += t.len() + 1;
        for (buf, _, _) in &mut self.after_h1 {
            if buf.len() < AFTER_H1_CHARS {
                buf.push('\n');
                buf.push_str(t);
            }
        }
    }

    /// Looks for a publication label and the date that follows it, in this text or
    /// (when the label ends the text, as in `<span>Published:</span> <b>3 May</b>`)
    /// in the next two text nodes.
    fn label_text(&mut self, text: &str) {
        let t = text.trim();
        if t.is_empty() || self.labeled.len() >= 4 {
            return;
        }
        // A date must start right after the label, not somewhere further on.
        let near = |rest: &str| {
            first_date(rest)
                .filter(|(_, ev)| rest.find(ev.as_str()).is_some_and(|at| at <= 24))
                .map(|(d, _)| d)
        };
        if self.label_pending > 0 {
            self.label_pending -= 1;
            if let Some(d) = near(t) {
                self.labeled.push(d);
                self.label_pending = 0;
                return;
            }
        }
        if t.len() > 400 {
            return;
        }
        // One case-insensitive automaton for all labels (a per-node lower-casing and a
        // search per label cost more than the rest of the walk).
        static LABELS: LazyLock<Regex> = LazyLock::new(|| {
            let alternatives: Vec<String> =
                PUBLISHED_LABELS.iter().map(|l| regex::escape(l)).collect();
            Regex::new(&format!("(?i){}", alternatives.join("|"))).expect("valid label pattern")
        });
        let Some(label) = LABELS.find(t) else {
            return;
        };
        let rest = &t[label.end()..];
        match near(rest) {
            Some(d) => self.labeled.push(d),
            None if rest.trim_matches(|c: char| !c.is_alphanumeric()).is_empty() => {
                self.label_pending = 2;
            }
            None => {}
        }
    }

    fn json_ld(&mut self, text: &str) {
        let text = text
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->");
        let Ok(v) = serde_json::from_str::<Value>(text.trim()) else {
            return;
        };
        let mut stack = vec![v];
        let mut seen = 0;
        while let Some(v) = stack.pop() {
            seen += 1;
            if seen > 256 {
                break;
            }
            match v {
                Value::Array(items) => stack.extend(items.into_iter().rev()),
                Value::Object(mut map) => {
                    if let Some(graph) = map.remove("@graph") {
                        stack.push(graph);
                    }
                    let is_article = match map.get("@type") {
                        Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
                        Some(Value::Array(ts)) => ts
                            .iter()
                            .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
                        _ => false,
                    };
                    if is_article {
                        self.ld_articles.push(Value::Object(map));
                    } else if let Some(main) = map.get("mainEntity").cloned() {
                        stack.push(main);
                        self.ld_other.push(Value::Object(map));
                    } else {
                        self.ld_other.push(Value::Object(map));
                    }
                }
                _ => {}
            }
        }
    }

    fn meta(&self, keys: &[&str]) -> Option<(&str, &str)> {
        keys.iter().find_map(|k| {
            self.metas
                .iter()
                .find(|(mk, _)| mk == k)
                .map(|(mk, v)| (mk.as_str(), v.as_str()))
        })
    }

    fn ld_str(&self, key: &str) -> Option<String> {
        self.ld_articles.iter().find_map(|o| ld_text(o.get(key)?))
    }
}

/// Keys of a JSON data script that name a publication date (the others in
/// [`DATA_DATE`] name a creation date).
const PUBLISHED_KEYS: &[&str] = &[
    "publishedDate",
    "datePublished",
    "publishDate",
    "publishedAt",
    "published_at",
    "publicationDate",
    "firstPublishedAt",
];

/// `"key": "2016-11-04T20:37:27Z"` in a JSON data script, for the publication keys
/// and the creation keys.
static DATA_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#""(publishedDate|datePublished|publishDate|publishedAt|published_at|publicationDate|firstPublishedAt|createdAt|created_at|dateCreated|createdDate|creationDate)"\s*:\s*"((?:19|20)\d\d-\d\d-\d\d[^"]{0,30})""#,
    )
    .expect("valid data date pattern")
});

/// The first full date in the 50 bytes from a copyright sign or word
/// ("© 19.12.2019 - 12:14 h by Qualisys GmbH"); a year alone is not a date.
/// Runs on every text node until one is found: two substring searches each.
fn copyright_date(text: &str) -> Option<String> {
    let at = text
        .find('©')
        .or_else(|| text.find("opyright").map(|k| k.saturating_sub(1)))?;
    let mut end = (at + 50).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let near = &text[at..end];
    if near.bytes().filter(u8::is_ascii_digit).count() < 6 {
        return None;
    }
    first_date(near).map(|(d, _)| d)
}

/// Every word (ASCII case-insensitive) that [`is_aside`], [`is_update_stamp`],
/// [`date_element`] and [`is_byline_element`] look for in a class or id: an
/// element whose class and id hold none of them is none of those.
static MARK_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        "(?i-u)sidebar|widget|related|teaser|footer|update|modif|comment|expir|birth|event\
         |date|datum|publish|posted|byline|author|autor|writer|contributor|username|submitted",
    )
    .expect("valid mark pattern")
});

/// An attribute's value in lower case ("" when absent).
fn attr_lower<D: Dom>(doc: &D, id: D::Node, name: &str) -> String {
    doc.attribute(id, name)
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Is the element a sidebar, navigation or footer (whose dates belong to other
/// stories)?
fn is_aside<D: Dom>(doc: &D, id: D::Node, named: bool) -> bool {
    if matches!(doc.tag_name(id), "aside" | "nav" | "footer") {
        return true;
    }
    if !named {
        return false;
    }
    let class = attr_lower(doc, id, "class");
    let idv = attr_lower(doc, id, "id");
    ["sidebar", "widget", "related", "teaser", "footer"]
        .iter()
        .any(|w| class.contains(w) || idv.contains(w))
}

/// Inside page chrome, by a stricter test than [`is_aside`] (for the bylines and
/// dates added in stop 18): [`CHROME`] for a sidebar, navigation, widget,
/// related-links box or footer, [`TEASER`] for a teaser (which may also be how a
/// page marks up its own header), [`NO_CHROME`] otherwise. A class or id token
/// counts when one of its `-`/`_` parts is such a word, unless another part says it
/// is a layout (`panel-two-col-sidebar-right-mix`); `<body>` classes never count
/// (`one-sidebar` describes the page).
fn chrome_level<D: Dom>(doc: &D, id: D::Node, tag: &str, named: bool) -> u8 {
    if matches!(tag, "aside" | "nav" | "footer") {
        return CHROME;
    }
    if !named || matches!(tag, "html" | "body") {
        return NO_CHROME;
    }
    let class = attr_lower(doc, id, "class");
    let idv = attr_lower(doc, id, "id");
    let mut level = NO_CHROME;
    for tok in class.split_whitespace().chain(idv.split_whitespace()) {
        let mut found = NO_CHROME;
        let mut layout = false;
        for p in tok.split(['-', '_']).filter(|p| !p.is_empty()) {
            match p {
                "sidebar" | "widget" | "related" | "footer" => found = CHROME,
                "teaser" | "teasers" => found = found.max(TEASER),
                "layout" | "col" | "cols" | "column" | "mix" | "panel" | "grid" | "has"
                | "with" | "no" => layout = true,
                _ => {}
            }
        }
        if !layout {
            level = level.max(found);
        }
    }
    level
}

/// [`chrome_level`]: not in chrome.
const NO_CHROME: u8 = 0;
/// [`chrome_level`]: in a teaser.
const TEASER: u8 = 1;
/// [`chrome_level`]: in a sidebar, navigation, widget, related-links box or footer.
const CHROME: u8 = 2;

/// Is the element an update stamp (`<time class="updated" itemprop="dateModified">`)?
/// WordPress marks the publication time `entry-date published updated`: not one.
fn is_update_stamp<D: Dom>(doc: &D, id: D::Node, named: bool) -> bool {
    if matches!(doc.tag_name(id), "meta" | "link" | "script") {
        return false;
    }
    if !named {
        return doc
            .attribute(id, "itemprop")
            .is_some_and(|p| p.eq_ignore_ascii_case("datemodified"));
    }
    let class = attr_lower(doc, id, "class");
    let itemprop = attr_lower(doc, id, "itemprop");
    if itemprop == "datemodified" {
        return true;
    }
    let tokens: Vec<&str> = class.split_whitespace().collect();
    tokens
        .iter()
        .any(|t| t.contains("updated") || t.contains("modified"))
        && !tokens
            .iter()
            .any(|t| t.contains("publish") || t.contains("entry-date"))
}

/// Does this text speak of an update ("Updated", "Aktualisiert", "modifié")?
fn names_update(text: &str) -> bool {
    mentions_any(
        text,
        &[
            "update",
            "aktualisiert",
            "geändert",
            "modifi",
            "änderung",
            "actualiz",
            "mis à jour",
            "revised",
            "edited",
        ],
    )
}

/// Does the element's class or id name a date (`post-date`, `itemPostDate`, `datum`,
/// `published`)? `Some(true)` for an update stamp (`date-last-modify`,
/// `updated-date`), `Some(false)` for a publication date, `None` for anything else:
/// teasers, comments, events and dates that name no date.
fn date_element<D: Dom>(doc: &D, id: D::Node, named: bool) -> Option<bool> {
    if !named {
        return None;
    }
    let class = attr_lower(doc, id, "class");
    let idv = attr_lower(doc, id, "id");
    let tokens = class.split_whitespace().chain(idv.split_whitespace());
    let mut named = false;
    let mut update = false;
    for tok in tokens {
        if ["teaser", "comment", "related", "event", "expir", "birth"]
            .iter()
            .any(|w| tok.contains(w))
        {
            return None;
        }
        if ["update", "modif"].iter().any(|w| tok.contains(w)) {
            update = true;
        }
        if ["date", "datum", "publish", "posted", "dateline"]
            .iter()
            .any(|w| tok.contains(w))
        {
            named = true;
        }
    }
    named.then_some(update)
}

/// A date in the element's `datetime`, `content` or `title` attribute.
fn attribute_date<D: Dom>(doc: &D, id: D::Node) -> Option<String> {
    ["datetime", "content", "title"]
        .iter()
        .find_map(|k| parse_date(&doc.attribute(id, k)?))
}

/// Is the element marked as the publication time (`itemprop="datePublished"`, or an
/// `<abbr class="published">` microformat)?
fn marks_publication<D: Dom>(doc: &D, id: D::Node, tag: &str, named: bool) -> bool {
    if matches!(tag, "meta" | "link" | "script") {
        return false;
    }
    doc.attribute(id, "itemprop")
        .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
        || (named
            && tag == "abbr"
            && attr_lower(doc, id, "class")
                .split_whitespace()
                .any(|t| t == "published"))
}

fn is_byline_element<D: Dom>(doc: &D, id: D::Node, named: bool) -> bool {
    let attr = |k| {
        doc.attribute(id, k)
            .unwrap_or_default()
            .to_ascii_lowercase()
    };
    let is_author = |k| {
        doc.attribute(id, k)
            .is_some_and(|v| v.eq_ignore_ascii_case("author"))
    };
    if is_author("rel") || is_author("itemprop") {
        return true;
    }
    if !named {
        return false;
    }
    let class = attr("class");
    let idv = attr("id");
    [class.as_str(), idv.as_str()].iter().any(|v| {
        v.split(|c: char| c.is_whitespace()).any(|tok| {
            matches!(
                tok,
                "byline"
                    | "author"
                    | "author-name"
                    | "authorname"
                    | "byline-name"
                    | "article-author"
                    | "post-author"
                    | "entry-author"
                    | "author_name"
                    | "byline__name"
                    | "byline__author"
                    | "c-byline"
                    | "author-link"
                    | "autor"
                    | "author-byline"
                    | "story-byline"
                    | "meta-author"
            )
        })
    })
}

/// Is the element a byline by a looser test than [`is_byline_element`]: a class or
/// id token that holds an author word (`entry-meta-author`, `article__meta__authors`,
/// `authorDateBlock_authorName__x1`, `byline-contributor`, `username`,
/// `submitted-by`), none naming what is not a name (a bio, an avatar, a comment, a
/// date, a box or pop-up around more than the name)? `Some(true)` when a token also
/// says it holds the name or its link (`author-name`, `author__link`): those come
/// first.
fn loose_byline<D: Dom>(doc: &D, id: D::Node, tag: &str) -> Option<bool> {
    if matches!(
        tag,
        "html"
            | "body"
            | "article"
            | "section"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "ul"
            | "ol"
            | "table"
            | "form"
            | "figure"
            | "figcaption"
            | "img"
            | "time"
            | "button"
            | "h1"
            | "h2"
    ) {
        return None;
    }
    let class = attr_lower(doc, id, "class");
    let idv = attr_lower(doc, id, "id");
    let mut hit = false;
    let mut name = false;
    for tok in class.split_whitespace().chain(idv.split_whitespace()) {
        // `vcard` is the hCard microformat of a name, not a card around more.
        if tok != "vcard" && LOOSE_BYLINE_STOP.iter().any(|w| tok.contains(w)) {
            return None;
        }
        if [
            "author",
            "autor",
            "byline",
            "writer",
            "contributor",
            "submitted",
            "posted-by",
        ]
        .iter()
        .any(|w| tok.contains(w))
            || tok == "username"
        {
            hit = true;
            name |= tok.contains("name") || tok.contains("link");
        }
    }
    hit.then_some(name)
}

/// Class/id words that keep an element from being a loose byline ([`loose_byline`]).
const LOOSE_BYLINE_STOP: &[&str] = &[
    "comment", "bio", "desc", "about", "avatar", "image", "img", "photo", "pic", "thumb", "social",
    "follow", "share", "more", "date", "time", "title", "box", "card", "tooltip", "popover",
    "overlay", "modal", "label", "role", "job", "position", "posts", "list", "count",
];

/// A string out of a JSON-LD value: a string, `{"name": …}`, or the first of a list.
fn ld_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(collapse(s)).filter(|s| !s.is_empty()),
        Value::Object(o) => o.get("name").and_then(ld_text),
        Value::Array(a) => a.iter().find_map(ld_text),
        _ => None,
    }
}

/// All names out of a JSON-LD author value.
fn ld_names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(collapse(s)),
        Value::Object(o) => {
            if let Some(n) = o.get("name").and_then(ld_text) {
                out.push(n);
            }
        }
        Value::Array(a) => a.iter().take(12).for_each(|x| ld_names(x, out)),
        _ => {}
    }
}

/// The names of the JSON-LD objects that `v` refers to by `@id` (a Person listed
/// elsewhere in the page's graph).
fn ld_referenced_names(c: &Candidates, v: &Value, out: &mut Vec<String>) {
    let mut ids: Vec<&str> = Vec::new();
    match v {
        Value::Object(o) => ids.extend(o.get("@id").and_then(Value::as_str)),
        Value::Array(a) => ids.extend(
            a.iter()
                .take(12)
                .filter_map(|x| x.get("@id").and_then(Value::as_str)),
        ),
        _ => {}
    }
    for id in ids {
        if let Some(name) = c
            .ld_other
            .iter()
            .find(|o| o.get("@id").and_then(Value::as_str) == Some(id))
            .and_then(|o| o.get("name"))
            .and_then(ld_text)
        {
            out.push(name);
        }
    }
}

impl Meta {
    /// Picks one value per field from the candidates. `url` is the page URL when known.
    pub fn from_candidates(c: &Candidates, url: Option<&str>) -> Meta {
        let mut m = Meta::default();
        // Site name first: the title's suffix is recognised by it.
        let site = c
            .meta(&[
                "og:site_name",
                "application-name",
                "al:android:app_name",
                "twitter:app:name:iphone",
            ])
            .map(|(k, v)| Field::new(v.to_string(), Provenance::Meta).with_evidence(k))
            .or_else(|| {
                c.ld_articles
                    .iter()
                    .find_map(|o| ld_text(o.get("publisher")?))
                    .map(|v| Field::new(v, Provenance::JsonLd).with_evidence("publisher.name"))
            });
        m.site = site;
        m.canonical = c
            .canonical
            .clone()
            .filter(|u| u.starts_with("http"))
            .or_else(|| {
                c.meta(&["og:url"])
                    .map(|(_, v)| v.to_string())
                    .filter(|u| u.starts_with("http"))
            });
        if m.site.is_none() {
            m.site = site_in_title(c, url.or(m.canonical.as_deref()));
        }
        m.title = pick_title(
            c,
            m.site.as_ref().map(|f| f.value.as_str()),
            url.or(m.canonical.as_deref()),
        );
        pick_authors(c, &mut m);
        let page_url = url.map(str::to_string).or_else(|| m.canonical.clone());
        m.language = c
            .html_lang
            .as_deref()
            .and_then(primary_language)
            .map(|l| Field::new(l, Provenance::Meta).with_evidence("html lang"))
            .or_else(|| {
                c.meta(&["content-language", "language", "og:locale", "dc.language"])
                    .and_then(|(k, v)| {
                        primary_language(v)
                            .map(|l| Field::new(l, Provenance::Meta).with_evidence(k))
                    })
            })
            .or_else(|| {
                c.ld_str("inLanguage")
                    .and_then(|v| primary_language(&v))
                    .map(|l| Field::new(l, Provenance::JsonLd).with_evidence("inLanguage"))
            });
        pick_dates(c, &mut m, page_url.as_deref());
        m
    }
}

/// The part of `<title>` before or after a separator that spells the page's host
/// name ("Simple Anomaly Detection | Haki Benita" on hakibenita.com): the site name
/// of a page that declares none.
fn site_in_title(c: &Candidates, url: Option<&str>) -> Option<Field<String>> {
    let host = norm(&host_of(url?)?);
    let title = c.title.as_deref()?;
    if host.len() < 4 {
        return None;
    }
    TITLE_SEPARATORS.iter().find_map(|sep| {
        let (head, tail) = title.split_once(sep)?;
        let last = title.rsplit_once(sep).map_or(tail, |(_, t)| t);
        [last, head].into_iter().find_map(|part| {
            let part = part.trim();
            (part.len() < 60 && norm(part) == host).then(|| {
                Field::new(part.to_string(), Provenance::Heading)
                    .with_evidence("<title> part naming the host")
            })
        })
    })
}

/// `en-US` → `en`; rejects values that are not language tags.
fn primary_language(tag: &str) -> Option<String> {
    let p = tag
        .trim()
        .split(['-', '_', ',', ';'])
        .next()?
        .trim()
        .to_ascii_lowercase();
    (p.len() >= 2 && p.len() <= 3 && p.chars().all(|c| c.is_ascii_alphabetic()) && p != "xx")
        .then_some(p)
}

const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " » ", " « ", " / ", ": ",
];

/// Letters and digits only, lower case: for comparing names and titles.
pub(super) fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Removes a site-name prefix or suffix ("Headline | Site", "Site - Headline").
pub fn strip_site_affix(title: &str, site: Option<&str>, host: Option<&str>) -> String {
    let title = title.trim();
    let site_n = site.map(norm).unwrap_or_default();
    let host_n = host.map(norm).unwrap_or_default();
    let is_site = |part: &str| {
        let p = norm(part);
        !p.is_empty()
            && ((!site_n.is_empty() && (p == site_n || site_n.contains(&p) || p.contains(&site_n)))
                || (!host_n.is_empty() && (host_n.contains(&p) || p.contains(&host_n))))
    };
    for sep in TITLE_SEPARATORS {
        if !title.contains(sep) {
            continue;
        }
        let parts: Vec<&str> = title.split(sep).collect();
        // Drop site-name parts at either end.
        let mut lo = 0;
        let mut hi = parts.len();
        while hi - lo > 1 && is_site(parts[hi - 1]) {
            hi -= 1;
        }
        while hi - lo > 1 && is_site(parts[lo]) {
            lo += 1;
        }
        if hi - lo < parts.len() {
            return parts[lo..hi].join(sep).trim().to_string();
        }
    }
    // No known site name: a short last part after " | " or " - " is a site name.
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " » "] {
        if let Some(k) = title.rfind(sep) {
            let (head, tail) = (&title[..k], &title[k + sep.len()..]);
            if tail.chars().count() * 2 < head.chars().count()
                && tail.split_whitespace().count() <= 4
            {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

fn host_of(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    // The registrable-looking part before the TLD: "news.example.co.uk" → "example".
    let labels: Vec<&str> = host.split('.').collect();
    let core = if labels.len() >= 3 && labels[labels.len() - 2].len() <= 3 {
        labels[labels.len() - 3]
    } else if labels.len() >= 2 {
        labels[labels.len() - 2]
    } else {
        host
    };
    Some(core.to_string())
}

fn pick_title(c: &Candidates, site: Option<&str>, url: Option<&str>) -> Option<Field<String>> {
    let host = url.and_then(host_of);
    let meta_title = c
        .meta(&[
            "og:title",
            "twitter:title",
            "dc.title",
            "title",
            "parsely-title",
            "sailthru.title",
        ])
        .map(|(k, v)| (v.to_string(), Provenance::Meta, k.to_string()))
        .or_else(|| {
            c.ld_str("headline")
                .map(|v| (v, Provenance::JsonLd, "headline".to_string()))
        })
        .or_else(|| {
            c.title
                .clone()
                .filter(|t| !t.is_empty())
                .map(|t| (t, Provenance::Heading, "<title>".to_string()))
        });
    let doc_title = c.title.as_deref().unwrap_or("");
    let ld_headline = c.ld_str("headline");
    // A single <h1> (or the first inside <article>) that the other titles agree with
    // is the headline as printed.
    let h1 =
        c.h1.iter()
            .find(|(_, inside)| *inside)
            .or_else(|| (c.h1.len() == 1).then(|| &c.h1[0]))
            .map(|(t, _)| t.clone());
    if let Some(h1) = h1 {
        let hn = norm(&h1);
        let agrees = |t: &str| {
            let tn = norm(t);
            !hn.is_empty() && hn.len() >= 8 && tn.contains(&hn)
        };
        if agrees(doc_title)
            || meta_title.as_ref().is_some_and(|(t, _, _)| agrees(t))
            || ld_headline.as_deref().is_some_and(agrees)
        {
            return Some(Field::new(h1, Provenance::Heading).with_evidence("<h1>"));
        }
    }
    let (t, src, ev) = meta_title?;
    let stripped = strip_site_affix(&t, site, host.as_deref());
    (!stripped.is_empty()).then(|| Field::new(stripped, src).with_evidence(ev))
}

pub use super::bylines::clean_author;

fn split_names(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in s
        .split([',', ';', '&'])
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" und "))
    {
        let p = part.trim();
        if !p.is_empty() {
            out.push(p.to_string());
        }
    }
    out
}

/// Meta keys whose content is the author, in order of trust.
const AUTHOR_META: &[&str] = &[
    "author",
    "article:author",
    "dc.creator",
    "parsely-author",
    "sailthru.author",
    "byl",
    "dcterms.creator",
    "cxenseparse:author",
    "shareaholic:article_author_name",
];

/// Does a `twitter:label1` value announce the author ("Written by", "Verfasst von")?
fn is_author_label(label: &str) -> bool {
    mentions_any(
        label,
        &[
            "written by",
            "author",
            "autor",
            "verfasst von",
            "geschrieben von",
            "écrit par",
            "escrito por",
            "scritto da",
        ],
    )
}

/// Whether the lower-cased text holds any of the (lower-case) words.
fn mentions_any(text: &str, words: &[&str]) -> bool {
    let lower = text.to_lowercase();
    words.iter().any(|w| lower.contains(w))
}

fn pick_authors(c: &Candidates, m: &mut Meta) {
    // A site name read off the title's host part is often the author's own name
    // (a personal blog): only a declared one rules names out.
    let site = m
        .site
        .as_ref()
        .filter(|f| f.source != Provenance::Heading)
        .map(|f| f.value.clone());
    let site = site.as_deref();
    let mut found: Option<(Vec<String>, Provenance, String, String)> = None;
    for o in &c.ld_articles {
        if let Some(a) = o.get("author").or_else(|| o.get("creator")) {
            let mut names = Vec::new();
            ld_names(a, &mut names);
            if names.is_empty() {
                // `"author": {"@id": "…/#/schema/person/1"}` names a Person elsewhere in
                // the page's graph.
                ld_referenced_names(c, a, &mut names);
            }
            let names: Vec<String> = names.iter().filter_map(|n| clean_author(n, site)).collect();
            if !names.is_empty() {
                let raw = names.join(", ");
                found = Some((names, Provenance::JsonLd, "author".into(), raw));
                break;
            }
        }
    }
    // Each key in turn: a publisher's Facebook page in `article:author` does not hide
    // the name in `parsely-author`.
    let twitter_author = c
        .meta(&["twitter:label1"])
        .filter(|(_, l)| is_author_label(l))
        .and_then(|_| c.meta(&["twitter:data1"]));
    for (k, v) in AUTHOR_META
        .iter()
        .filter_map(|k| c.meta(&[k]))
        .chain(twitter_author)
    {
        if found.is_some() {
            break;
        }
        let names: Vec<String> = split_names(v)
            .iter()
            .filter_map(|n| clean_author(n, site))
            .collect();
        if !names.is_empty() {
            found = Some((names, Provenance::Meta, k.to_string(), v.to_string()));
        }
    }
    // Byline elements: the clearly marked ones, then those whose class only holds an
    // author word, the ones naming a name or link first.
    let loose = |want: bool| {
        c.loose_bylines
            .iter()
            .filter(move |(_, name)| *name == want)
            .map(|(t, _)| t)
    };
    for b in c.bylines.iter().chain(loose(true)).chain(loose(false)) {
        if found.is_some() {
            break;
        }
        if let Some(clean) = clean_author(b, site) {
            let names: Vec<String> = split_names(&clean)
                .iter()
                .filter_map(|n| clean_author(n, site))
                .collect();
            if !names.is_empty() {
                found = Some((names, Provenance::Text, "byline element".into(), b.clone()));
            }
        }
    }
    if let Some((names, src, ev, raw)) = found {
        m.byline = Some(Field::new(raw, src).with_evidence(ev));
        let mut uniq: Vec<String> = Vec::new();
        for n in names {
            if !uniq.iter().any(|u| u.eq_ignore_ascii_case(&n)) {
                uniq.push(n);
            }
        }
        m.authors = uniq;
    }
}

/// Does the page declare a language (and region) whose readers are in Central
/// European Time, so that a UTC timestamp is shown as the CET/CEST wall-clock day?
/// The page's declared language tag (`<html lang>`, else a language meta key),
/// lower case with `-` between subtags (`es_BO` → `es-bo`); "" when none.
fn language_tag(c: &Candidates) -> String {
    c.html_lang
        .clone()
        .or_else(|| {
            c.meta(&["content-language", "language", "og:locale", "dc.language"])
                .map(|(_, v)| v.to_string())
        })
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
        .replace('_', "-")
}

fn central_european(c: &Candidates) -> bool {
    let tag = language_tag(c);
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("");
    let region = parts.next().unwrap_or("");
    match lang {
        "de" | "it" | "nl" | "pl" | "cs" | "sk" | "hu" | "da" | "sv" | "nb" | "no" | "nn"
        | "sl" | "hr" | "sr" | "bs" | "lb" => true,
        "fr" => matches!(region, "" | "fr" | "be" | "ch" | "lu" | "mc"),
        "es" => region == "es",
        "en" => matches!(region, "de" | "at" | "ch" | "nl" | "se" | "dk"),
        _ => false,
    }
}

/// Countries of one time zone without daylight saving time, by ISO 3166 code, and
/// their offset from UTC in minutes (Latin America, where sites store UTC and show
/// the local day; the offsets are those in force since 2022).
const FIXED_ZONES: &[(&str, i64)] = &[
    ("ar", -180),
    ("bo", -240),
    ("co", -300),
    ("cr", -360),
    ("ec", -300),
    ("gt", -360),
    ("hn", -360),
    ("ni", -360),
    ("pa", -300),
    ("pe", -300),
    ("sv", -360),
    ("uy", -180),
    ("ve", -240),
];

/// The fixed UTC offset of the page's country, from the region of its declared
/// language (`es-BO`, `es_UY`) or else its country-code domain (`.com.bo`; not
/// `.co`, which sites everywhere use).
fn fixed_zone(c: &Candidates, url: Option<&str>) -> Option<i64> {
    let region = language_tag(c).split('-').nth(1).map(str::to_string);
    let host = url
        .and_then(|u| u.split("://").nth(1))
        .and_then(|rest| rest.split(['/', '?', '#', ':']).next());
    let tld = host.and_then(|h| {
        let labels: Vec<&str> = h.rsplit('.').collect();
        let last = *labels.first()?;
        (last != "co" || labels.get(1).is_some_and(|l| *l == "com")).then(|| last.to_string())
    });
    region
        .into_iter()
        .chain(tld)
        .find_map(|r| FIXED_ZONES.iter().find(|(cc, _)| *cc == r).map(|z| z.1))
}

/// The main heading's entry in `after_h1` (see [`shown_date`]).
fn main_heading<'c>(c: &'c Candidates, title: Option<&str>) -> Option<&'c (String, bool, usize)> {
    let heading = |buf: &str| norm(buf.split('\n').find(|l| !l.is_empty()).unwrap_or(""));
    let title = title.map(norm).filter(|t| !t.is_empty());
    title
        .and_then(|t| {
            c.after_h1.iter().find(|h| {
                let h = heading(&h.0);
                !h.is_empty() && (h.contains(&t) || t.contains(&h))
            })
        })
        .or_else(|| c.after_h1.iter().find(|h| h.1))
        .or_else(|| c.after_h1.first())
}

/// The update date printed right after the main heading ("Last updated on:" and
/// the date on that line or the next), for a page that shows no other.
fn shown_update(c: &Candidates, title: Option<&str>) -> Option<Field<String>> {
    let (text, _, _) = main_heading(c, title)?;
    let mut after_label = false;
    text.split('\n')
        .filter(|l| !l.is_empty())
        .filter(|l| l.chars().count() <= DATELINE_CHARS)
        .find_map(|l| {
            let found = (after_label || names_update(l))
                .then(|| first_date(l))
                .flatten();
            after_label = names_update(l) && found.is_none();
            found
        })
        .map(|(d, ev)| {
            Field::new(d, Provenance::Text)
                .with_evidence(format!("update date after the headline: {ev}"))
        })
}

/// The date the page shows next to its headline. The main heading is the `<h1>`
/// that holds the chosen title, else the first inside `<article>`/`<main>`, else the
/// first. In order: an element whose
/// class names a date within [`NEAR_H1_CHARS`] of text before or after that heading
/// (the nearest); the first date in the heading or a short line right after it; a
/// date element inside `<article>`/`<main>`, then anywhere. The flag is `true` for
/// the first two (dates printed by the headline itself).
fn shown_date(c: &Candidates, title: Option<&str>) -> Option<(Field<String>, bool)> {
    let main = main_heading(c, title);
    let elem = |t: &str, how: &str| {
        first_date(t)
            .map(|(d, ev)| Field::new(d, Provenance::Text).with_evidence(format!("{how}: {ev}")))
    };
    // Under a heading inside `<article>`/`<main>`, only that container's dates count.
    let main_in_article = main.is_some_and(|m| m.1);
    let near = main.and_then(|(_, _, at)| {
        let mut near: Vec<_> = c
            .date_elems
            .iter()
            .filter(|e| e.2.abs_diff(*at) <= NEAR_H1_CHARS && (e.1 || !main_in_article))
            .collect();
        near.sort_by_key(|e| e.2.abs_diff(*at));
        near.into_iter()
            .find_map(|e| elem(&e.0, "date element by the headline"))
    });
    // Datelines are short lines; a date inside the lead paragraph is not one.
    // A line that says "Updated" (or follows a label that does) is not the
    // publication date.
    let after = main.and_then(|(t, _, _)| {
        let mut prev_update = false;
        t.split('\n').filter(|l| !l.is_empty()).find_map(|l| {
            let update = names_update(l);
            let skip = update || prev_update || l.chars().count() > DATELINE_CHARS;
            prev_update = update && first_date(l).is_none();
            if skip {
                None
            } else {
                elem(l, "after the headline")
            }
        })
    });
    // A date after an explicit label ("Veröffentlicht am 16.08.2019") is what the
    // page says the publication date is, wherever it stands.
    let labeled = c.labeled.first().map(|d| {
        Field::new(d.clone(), Provenance::Text).with_evidence(format!("after a label: {d}"))
    });
    labeled.or(near).or(after).map(|f| (f, true)).or_else(|| {
        c.date_elems
            .iter()
            .filter(|e| e.1)
            .chain(c.date_elems.iter().filter(|e| !e.1))
            .find_map(|e| elem(&e.0, "date element"))
            .map(|f| (f, false))
    })
}

/// How many of the first publication-date meta keys are Open Graph's.
const OG_PUB_KEYS: usize = 3;

fn pick_dates(c: &Candidates, m: &mut Meta, url: Option<&str>) {
    const PUB_META: &[&str] = &[
        "article:published_time",
        "og:published_time",
        "article:published",
        "datepublished",
        "publishdate",
        "publish-date",
        "publish_date",
        "pubdate",
        "date",
        "dc.date.issued",
        "dc.date",
        "dcterms.date",
        "dcterms.created",
        "sailthru.date",
        "parsely-pub-date",
        "article.published",
        "published-date",
        "published_time",
        "cxenseparse:recs:publishtime",
        "citation_publication_date",
        "citation_date",
        "originalpublicationdate",
        "datecreated",
        "created",
        "release_date",
    ];
    const MOD_META: &[&str] = &[
        "article:modified_time",
        "og:modified_time",
        "datemodified",
        "last-modified",
        "dcterms.modified",
        "dc.date.modified",
        "lastmod",
        "article.updated",
        "og:updated_time",
    ];
    let ld_pub = c
        .ld_str("datePublished")
        .or_else(|| c.ld_str("dateCreated"))
        .and_then(|v| {
            parse_date(&v).map(|d| {
                Field::new(d, Provenance::JsonLd).with_evidence(format!("datePublished: {v}"))
            })
        });
    let meta_pub = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            let (k, v) = c.meta(&[k])?;
            parse_date(v)
                .map(|d| Field::new(d, Provenance::Meta).with_evidence(format!("{k}: {v}")))
        })
    };
    // Open Graph's `article:published_time` is what link previews show, so
    // publishers keep it right; it comes before JSON-LD (as in htmldate, which reads
    // the header first), the other meta keys after it.
    let (og_keys, other_keys) = PUB_META.split_at(OG_PUB_KEYS);
    let time_pub = c
        .times
        .iter()
        .filter(|(_, marked)| *marked)
        .chain(c.times.iter().filter(|(_, marked)| !*marked))
        .find_map(|(v, _)| {
            parse_date(v).map(|d| Field::new(d, Provenance::TimeElement).with_evidence(v.clone()))
        });
    let url_pub = url.and_then(|u| {
        date_from_url(u).map(|d| Field::new(d, Provenance::Url).with_evidence(u.to_string()))
    });
    // Any other JSON-LD object's datePublished (a WebPage's, when the page declares
    // no article) comes after the article-level sources.
    let other_ld_pub = || {
        c.ld_other.iter().find_map(|o| {
            let v = ld_text(o.get("datePublished")?)?;
            parse_date(&v).map(|d| {
                Field::new(d, Provenance::JsonLd).with_evidence(format!("datePublished: {v}"))
            })
        })
    };
    // Any other key that names a publication (`w-published-date`, `published`).
    let any_pub_key = || {
        c.metas.iter().find_map(|(k, v)| {
            let publication = k.contains("publish")
                && !["modif", "update", "publisher"]
                    .iter()
                    .any(|w| k.contains(w));
            publication
                .then(|| parse_date(v))
                .flatten()
                .map(|d| Field::new(d, Provenance::Meta).with_evidence(format!("{k}: {v}")))
        })
    };
    let mut declared = meta_pub(og_keys)
        .or(ld_pub)
        .or_else(|| meta_pub(other_keys))
        .or_else(any_pub_key)
        .or(time_pub)
        .or_else(other_ld_pub);
    // The day the metadata names in its own time zone (before the conversion below).
    let declared_day = declared
        .as_ref()
        .and_then(|d| d.value.get(..10).map(str::to_string));
    if let Some(d) = &mut declared {
        if central_european(c) {
            d.value = utc_to_central_european(&d.value);
        } else if let Some(offset) = fixed_zone(c, url) {
            d.value = utc_to_offset(&d.value, offset);
        }
    }
    // A full date in the URL path is written once, when the story is filed; metadata
    // dates are often the last update or a UTC shift of local midnight. When both
    // exist and name different days, the URL wins.
    let has_url_date = url_pub.is_some();
    m.published = match (declared, url_pub) {
        (Some(d), Some(u)) if !d.value.starts_with(&u.value) => Some(u),
        (Some(d), _) => Some(d),
        (None, u) => u,
    };
    // The date printed by the headline is what readers see: when it names another
    // day than the metadata (a republished story keeps its old datePublished, a CMS
    // stamps the import time), it wins. A date in the URL was written once, when the
    // story was filed, and is not overruled.
    let shown = shown_date(c, m.title.as_ref().map(|t| t.value.as_str()));
    if let (false, Some(p), Some((s, true))) = (has_url_date, &m.published, &shown) {
        // A page that prints the UTC day of its metadata's timestamp shows the same
        // instant: the converted local day stands.
        if p.value.get(..10) != s.value.get(..10) && s.value.get(..10) != declared_day.as_deref() {
            m.published = Some(s.clone());
        }
    }
    if m.published.is_none() {
        m.published = shown.map(|(s, _)| s);
    }
    // A page without any of those that names a full date in its title ("Lagebericht
    // vom 22.04.2020", "Daily briefing, June 3, 2021") is the report of that day: a
    // better guess than the first date quoted in the body.
    if m.published.is_none() {
        m.published = c.title.as_deref().and_then(first_date).map(|(d, ev)| {
            Field::new(d, Provenance::Text).with_evidence(format!("in the title: {ev}"))
        });
    }
    let modified = c
        .ld_str("dateModified")
        .and_then(|v| {
            parse_date(&v).map(|d| {
                Field::new(d, Provenance::JsonLd).with_evidence(format!("dateModified: {v}"))
            })
        })
        .or_else(|| {
            MOD_META.iter().find_map(|k| {
                let (k, v) = c.meta(&[k])?;
                parse_date(v)
                    .map(|d| Field::new(d, Provenance::Meta).with_evidence(format!("{k}: {v}")))
            })
        });
    // A page that gives no publication date but an update date is best dated by it
    // (htmldate's default, which reports the latest date, does the same).
    if m.published.is_none() {
        let title = m.title.as_ref().map(|t| t.value.as_str());
        let text = |d: &String, how: &str| {
            Field::new(d.clone(), Provenance::Text).with_evidence(format!("{how}: {d}"))
        };
        // The first date-only line after the main heading, else the first anywhere;
        // lines inside teasers only when there is no other.
        let at = main_heading(c, title).map_or(0, |h| h.2);
        let bare = [false, true]
            .iter()
            .find_map(|&teaser| {
                let mut lines = c.bare_dates.iter().filter(|b| b.2 == teaser);
                lines.clone().find(|b| b.1 >= at).or_else(|| lines.next())
            })
            .map(|(d, _, _)| text(d, "date line"));
        m.fallback_date = c
            .byline_dates
            .first()
            .map(|d| text(d, "in the byline"))
            .or_else(|| shown_update(c, title))
            .or_else(|| c.updates.first().map(|d| text(d, "update stamp")))
            .or_else(|| modified.clone())
            .or(bare)
            .or_else(|| {
                // Last: the page's JSON data (a publication key before a creation
                // key), then a dated copyright line.
                let data = |d: &String, key: &str| {
                    Field::new(d.clone(), Provenance::Meta)
                        .with_evidence(format!("{key} in a JSON data script: {d}"))
                };
                let [published, created] = &c.data_dates;
                published
                    .as_ref()
                    .map(|d| data(d, "publication key"))
                    .or_else(|| created.as_ref().map(|d| data(d, "creation key")))
                    .or_else(|| c.copyright_date.as_ref().map(|d| text(d, "copyright line")))
            });
    }
    m.modified = modified;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_title_site_suffix_removed() {
        assert_eq!(
            strip_site_affix(
                "Port deal signed | Harbour Times",
                Some("Harbour Times"),
                None
            ),
            "Port deal signed"
        );
        assert_eq!(
            strip_site_affix(
                "Harbour Times - Port deal signed",
                Some("Harbour Times"),
                None
            ),
            "Port deal signed"
        );
        assert_eq!(
            strip_site_affix(
                "Port deal signed - harbourtimes.com",
                None,
                host_of("https://www.harbourtimes.com/x").as_deref()
            ),
            "Port deal signed"
        );
        assert_eq!(
            strip_site_affix(
                "Mayor, unions agree on a new port deal - Harbour",
                None,
                None
            ),
            "Mayor, unions agree on a new port deal"
        );
        assert_eq!(strip_site_affix("A - B", None, None), "A - B");
    }

    #[test]
    fn meta_authors_never_junk() {
        assert_eq!(
            clean_author("By Jane Roe", None).as_deref(),
            Some("Jane Roe")
        );
        assert_eq!(
            clean_author("Jane Roe | Staff Writer", None).as_deref(),
            Some("Jane Roe")
        );
        assert_eq!(clean_author("Email the author", None), None);
        assert_eq!(clean_author("3 hours ago", None), None);
        assert_eq!(clean_author("Harbour Times", Some("Harbour Times")), None);
        assert_eq!(clean_author("https://www.facebook.com/jane", None), None);
        assert_eq!(clean_author("June 3, 2024", None), None);
        assert_eq!(
            clean_author("Eingestellt von Der Michel", None).as_deref(),
            Some("Der Michel")
        );
        assert_eq!(
            clean_author("Ann Lee says", None).as_deref(),
            Some("Ann Lee")
        );
    }
}
