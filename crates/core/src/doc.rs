//! `Doc`: an Article plus its stand-off layers — the JSON every face of dateline speaks.

use crate::{Article, Diagnostic, Entity, Event, Field, Mention, Quote, Sentence, Timex, Token};
use serde::{Deserialize, Serialize};

/// Version of the JSON schema of [`Doc`]; see `docs/SCHEMA.md`. Bumped on every change
/// a consumer could notice.
pub const SCHEMA_VERSION: &str = "0.1";

/// The layers a stage can need or give.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// `Article` itself (always present after extraction).
    Article,
    /// `Doc.sentences`.
    Sentences,
    /// `Doc.tokens` (spans).
    Tokens,
    /// POS tags and lemmas on tokens.
    Tags,
    /// Dependency heads and relations on tokens.
    Syntax,
    /// `Doc.mentions`.
    Mentions,
    /// `Doc.entities`.
    Entities,
    /// `Doc.reference_date`.
    ReferenceDate,
    /// `Doc.timexes`.
    Timexes,
    /// `Doc.quotes`.
    Quotes,
    /// `Doc.events`.
    Events,
}

/// An article with its annotation layers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Doc {
    /// [`SCHEMA_VERSION`].
    pub schema_version: String,
    /// The article (metadata, clean text, captions, removed residue, provenance).
    pub article: Article,
    /// The date relative expressions are resolved against (`Article.published`, else
    /// inferred from the text, with the evidence); `None` when nothing supports one.
    #[serde(default)]
    pub reference_date: Option<Field<String>>,
    /// Sentences.
    #[serde(default)]
    pub sentences: Vec<Sentence>,
    /// Tokens.
    #[serde(default)]
    pub tokens: Vec<Token>,
    /// Entity mentions.
    #[serde(default)]
    pub mentions: Vec<Mention>,
    /// Entities (clusters of mentions).
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// Time expressions.
    #[serde(default)]
    pub timexes: Vec<Timex>,
    /// Quotes.
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// Events.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Warnings from the stages (the document was still analysed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

impl Doc {
    /// A document with every layer empty.
    pub fn new(article: Article) -> Doc {
        Doc {
            schema_version: SCHEMA_VERSION.to_string(),
            article,
            reference_date: None,
            sentences: Vec::new(),
            tokens: Vec::new(),
            mentions: Vec::new(),
            entities: Vec::new(),
            timexes: Vec::new(),
            quotes: Vec::new(),
            events: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// The text every span points into.
    pub fn text(&self) -> &str {
        &self.article.text
    }

    /// Records a warning from `stage`.
    pub fn warn(&mut self, stage: &str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            stage: stage.to_string(),
            message: message.into(),
        });
    }
}
