//! `Article`: what a page says — clean body text and metadata, each with its provenance.

use crate::{Source, Span};
use serde::{Deserialize, Serialize};

/// Where a metadata value was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// Given by the user on the command line or through the API.
    User,
    /// A `<meta>` tag.
    Meta,
    /// JSON-LD / schema.org.
    JsonLd,
    /// A `<time>` element.
    TimeElement,
    /// The HTML `<title>` or a heading.
    Heading,
    /// The URL.
    Url,
    /// Transport headers (HTTP / WARC).
    Transport,
    /// The first line of a plain-text input.
    FirstLine,
    /// A visible line of the page text (byline, dateline).
    Text,
    /// Inferred from evidence in the article text (see the `evidence` field).
    Inferred,
    /// Detected statistically (language identification).
    Detected,
}

/// A metadata value with where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Field<T> {
    /// The value.
    pub value: T,
    /// Where it was found.
    pub source: Provenance,
    /// Free-text evidence (the tag, the line, the reasoning), when useful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Confidence in the value, 0..=1, when it was inferred rather than read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
}

impl<T> Field<T> {
    /// A value found at `source`.
    pub fn new(value: T, source: Provenance) -> Field<T> {
        Field {
            value,
            source,
            evidence: None,
            confidence: None,
        }
    }

    /// The same, with evidence.
    pub fn with_evidence(mut self, evidence: impl Into<String>) -> Field<T> {
        self.evidence = Some(evidence.into());
        self
    }

    /// The same, with a confidence (0..=1).
    pub fn with_confidence(mut self, confidence: f32) -> Field<T> {
        self.confidence = Some(confidence);
        self
    }
}

/// A photo caption, kept apart from the body, with its credit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Caption {
    /// The caption text without the credit.
    pub text: String,
    /// The photo credit ("Kimimasa Mayama/Pool via REUTERS"), when one was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
    /// Byte range of the whole caption (text and credit) in the input.
    pub input_span: Span,
}

/// Why a piece of the page was dropped from the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalReason {
    /// Navigation menus, breadcrumbs, headers and footers.
    Navigation,
    /// "Leave a comment", "Please enter your name here", comment threads.
    CommentForm,
    /// "Share this", social buttons.
    ShareBar,
    /// "Related articles", "Read more", teaser lists.
    RelatedLinks,
    /// Cookie and consent notices.
    CookieNotice,
    /// Newsletter and subscription prompts.
    Newsletter,
    /// "Click here to …" and similar calls to action.
    CallToAction,
    /// Advertisements.
    Advertisement,
    /// Author boxes and bios.
    AuthorBox,
    /// Copyright and legal lines.
    Legal,
    /// Anything else recognised as page residue.
    Other,
}

/// A piece of the page dropped from the body, with the reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Removed {
    /// The dropped text (whitespace collapsed; may be shortened for long blocks).
    pub text: String,
    /// Why.
    pub reason: RemovalReason,
    /// Which rule fired (a residue-lexicon pattern, a CSS hint, …).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rule: String,
    /// Byte range in the input, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_span: Option<Span>,
}

/// One piece of the alignment from `Article.text` back to the input bytes:
/// the text bytes `text` came from the input bytes `input`.
///
/// When both have the same length the mapping inside the piece is byte-for-byte;
/// otherwise (entities decoded, whitespace collapsed) only the ends are exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlignedPiece {
    /// Range in `Article.text`.
    pub text: Span,
    /// Range in the input bytes (the decoded page for HTML; the input file for text).
    pub input: Span,
}

/// The map from `Article.text` back to the input. Pieces are sorted by `text` and do
/// not overlap; text between pieces (paragraph separators) has no input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alignment {
    /// The pieces, in text order.
    pub pieces: Vec<AlignedPiece>,
}

impl Alignment {
    /// Adds a piece; pieces must be pushed in text order.
    pub fn push(&mut self, text: Span, input: Span) {
        debug_assert!(self
            .pieces
            .last()
            .is_none_or(|p| p.text.end() <= text.start()));
        self.pieces.push(AlignedPiece { text, input });
    }

    /// The input offset of text offset `at`, when it lies in a piece.
    pub fn to_input(&self, at: usize) -> Option<usize> {
        let i = self.pieces.partition_point(|p| p.text.end() < at);
        let p = self.pieces.get(i)?;
        if at < p.text.start() || at > p.text.end() {
            return None;
        }
        if p.text.len() == p.input.len() {
            Some(p.input.start() + (at - p.text.start()))
        } else if at == p.text.end() {
            Some(p.input.end())
        } else {
            Some(p.input.start())
        }
    }

    /// The input range of a text span, when both ends align.
    pub fn span_to_input(&self, span: Span) -> Option<Span> {
        let s = self.to_input(span.start())?;
        let e = self.to_input(span.end())?;
        (s <= e).then(|| Span::new(s, e))
    }
}

/// What a page says: the clean body and its metadata.
///
/// `text` is the coordinate system for everything after extraction: every span in
/// every layer is a byte range into it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Where the page came from.
    pub source: Source,
    /// The page URL, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Field<String>>,
    /// The canonical URL, when the page declares one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<String>,
    /// The headline, without a site-name suffix.
    #[serde(default)]
    pub title: Option<Field<String>>,
    /// The byline as printed, when found.
    #[serde(default)]
    pub byline: Option<Field<String>>,
    /// Author names parsed from the byline or metadata.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Publication date or date-time, ISO 8601 (`2019-06-28` or `2019-06-28T10:00:00+09:00`).
    #[serde(default)]
    pub published: Option<Field<String>>,
    /// Last modification date or date-time, ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<Field<String>>,
    /// Site name.
    #[serde(default)]
    pub site: Option<Field<String>>,
    /// Language as a BCP 47 tag (`en`), declared or detected.
    #[serde(default)]
    pub language: Option<Field<String>>,
    /// The clean body: paragraphs separated by one blank line (`"\n\n"`).
    pub text: String,
    /// Paragraph spans in `text`.
    pub paragraphs: Vec<Span>,
    /// Photo captions and credits, kept out of `text`.
    pub captions: Vec<Caption>,
    /// What was dropped from the page, and why.
    pub removed: Vec<Removed>,
    /// Byte offset in the input where the body starts (the first body paragraph).
    pub body_start: usize,
    /// Map from `text` back to the input bytes.
    pub alignment: Alignment,
}

impl Article {
    /// Builds `text`, `paragraphs` and `alignment` from body paragraphs given as
    /// (text, input span) pairs, joining them with blank lines.
    pub fn set_body<'a, I>(&mut self, paragraphs: I)
    where
        I: IntoIterator<Item = (&'a str, Span)>,
    {
        self.text.clear();
        self.paragraphs.clear();
        self.alignment = Alignment::default();
        for (i, (para, input)) in paragraphs.into_iter().enumerate() {
            if i > 0 {
                self.text.push_str("\n\n");
            } else {
                self.body_start = input.start();
            }
            let start = self.text.len();
            self.text.push_str(para);
            let span = Span::new(start, self.text.len());
            self.paragraphs.push(span);
            self.alignment.push(span, input);
        }
    }
}
