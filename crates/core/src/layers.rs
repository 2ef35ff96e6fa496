//! The stand-off annotation layers. Every record points into `Article.text` with a [`Span`].

use crate::Span;
use serde::{Deserialize, Serialize};

/// A sentence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    /// Byte range in `Article.text`.
    pub span: Span,
    /// Index of its first token in `Doc.tokens`.
    pub first_token: usize,
    /// Number of tokens.
    pub token_count: usize,
}

/// A token with its tags and its place in the dependency tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Token {
    /// Byte range in `Article.text`.
    pub span: Span,
    /// Index of the sentence it belongs to.
    pub sentence: usize,
    /// Universal POS tag (`NOUN`, `PROPN`, `VERB`, …), when tagged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upos: Option<String>,
    /// Lemma, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lemma: Option<String>,
    /// Index of the head token within the sentence (0-based), `None` for the root or
    /// when not parsed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<usize>,
    /// Universal Dependencies relation to the head (`nsubj`, `obj`, `root`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprel: Option<String>,
}

/// Entity types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    /// People.
    Person,
    /// Organisations.
    Org,
    /// Countries, cities, states.
    Gpe,
    /// Other places: regions, seas, straits, mountains.
    Loc,
    /// Nationalities, religious and political groups.
    Norp,
    /// Buildings, airports, venues.
    Fac,
    /// Named events (summits, wars).
    Event,
    /// Anything else named.
    Misc,
}

/// How a mention refers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A name ("Shinzo Abe", "Abe").
    Name,
    /// A definite description ("the prime minister").
    Nominal,
    /// A pronoun ("he").
    Pronoun,
}

/// One mention of an entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Byte range of the name (or description, or pronoun).
    pub span: Span,
    /// Type of the mention.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Name, nominal or pronoun.
    pub kind: MentionKind,
    /// Index into `Doc.entities`, when clustered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<usize>,
    /// The title or role the text gives this mention ("Deputy Chief Cabinet Secretary").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Span>,
    /// Confidence in the link to its entity, 0..=1.
    pub confidence: f32,
}

/// An actor code with the evidence for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorCode {
    /// CAMEO-style actor code (`JPNGOV`, `USA`, `IGOUNO`).
    pub code: String,
    /// Why: the lexicon entry, the role word, the context.
    pub evidence: String,
    /// Confidence, 0..=1.
    pub confidence: f32,
}

/// A cluster of mentions that refer to the same thing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Its index in `Doc.entities`.
    pub id: usize,
    /// Canonical name ("Shinzo Abe").
    pub name: String,
    /// Type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Title or role ("Prime Minister of Japan"), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// ISO 3166-1 alpha-3 country, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Actor code, when one applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<ActorCode>,
    /// Indices into `Doc.mentions`.
    pub mentions: Vec<usize>,
}

/// TIMEX3 types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date or period ("Friday", "June 2019", "last week").
    Date,
    /// A time of day ("Thursday night", "10 a.m.").
    Time,
    /// A length of time ("35-minute", "five years").
    Duration,
    /// A recurrence ("every Sunday").
    Set,
}

/// A time expression, normalised.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timex {
    /// Byte range in `Article.text`.
    pub span: Span,
    /// TIMEX3 type.
    #[serde(rename = "type")]
    pub timex_type: TimexType,
    /// ISO / TIMEX3 value (`2019-06-28`, `2019-W26`, `P2D`, `XXXX-WXX-7`); `None` when
    /// it could not be resolved (a relative expression with no reference date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// TIMEX3 `mod` (`MID`, `START`, `END`, `APPROX`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
    /// What it was resolved against: `absolute`, `reference_date`, or another timex.
    pub anchor: String,
    /// Index of the sentence.
    pub sentence: usize,
    /// Index (in `Doc.tokens`) of the verb or head it attaches to, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub governor: Option<usize>,
}

/// Who a quote is by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Speaker {
    /// An entity of `Doc.entities`.
    Entity {
        /// Entity index.
        entity: usize,
        /// The mention in the quote's attribution (may be a pronoun).
        span: Span,
    },
    /// An anonymous source ("a government source", "officials").
    Anonymous {
        /// The description as written.
        description: String,
        /// Where it is written.
        span: Span,
    },
    /// No speaker could be found.
    Unknown,
}

/// Direct, indirect or partial.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// Quoted words standing as a whole utterance.
    Direct,
    /// Reported speech ("X said that …").
    Indirect,
    /// A few quoted words inside the writer's own sentence.
    Partial,
}

/// A quote and its attribution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Who said it.
    pub speaker: Speaker,
    /// The speech verb or phrase ("said", "according to"), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<Span>,
    /// The source as written in the attribution ("Abe", "he", "a government source"),
    /// whether or not it could be resolved to an entity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Span>,
    /// The content (without quotation marks).
    pub content: Span,
    /// Kind.
    pub kind: QuoteKind,
    /// Index of the sentence holding the cue (or the content's first sentence).
    pub sentence: usize,
    /// Confidence, 0..=1.
    pub confidence: f32,
}

/// Per-document warnings a stage wants the user to see (not errors: the document was
/// still analysed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The stage that reports it.
    pub stage: String,
    /// What happened.
    pub message: String,
}
