//! `Event`: who did what to whom, when and where, with the evidence.

use crate::Span;
use serde::{Deserialize, Serialize};

/// One side of an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventActor {
    /// Index into `Doc.entities`, when the actor is an entity of the article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<usize>,
    /// Actor code (`JPNGOV`); `None` with `unknown: true` when the actor is not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The words that name the actor in the evidence sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// Whether the actor is unknown ("were attacked" with no agent).
    #[serde(default)]
    pub unknown: bool,
}

/// Where an event's date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateBasis {
    /// A time expression in the event's own clause.
    Clause,
    /// A time expression elsewhere in the sentence.
    Sentence,
    /// No time expression: the article's reference date.
    ReferenceDate,
    /// No date could be given.
    Unknown,
}

/// The date of an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventDate {
    /// ISO / TIMEX3 value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Where it came from.
    pub basis: DateBasis,
    /// Index into `Doc.timexes`, when a timex dated it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timex: Option<usize>,
}

/// Where an event happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventLocation {
    /// Place name.
    pub name: String,
    /// ISO 3166-1 alpha-3 country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Latitude, degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Longitude, degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// Where the place is named (the clause or the dateline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// Asserted or negated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// It happened (or is said to have happened).
    Asserted,
    /// The text says it did not happen ("did not ask").
    Negated,
}

/// The event's modality.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    /// It happened.
    Actual,
    /// Intended or agreed to ("agreed to bolster").
    Intended,
    /// Hypothetical or counterfactual ("came close to launching", "if Japan is attacked").
    Hypothetical,
    /// Reported by someone else ("according to a report").
    Reported,
}

/// A coded event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// CAMEO 1.1b3 code (`042`).
    pub cameo: String,
    /// PLOVER event type (`CONSULT`).
    pub plover: String,
    /// PLOVER mode, where the mapping gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plover_mode: Option<String>,
    /// Goldstein score of the code, -10..=10.
    pub goldstein: f32,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
    /// 4 material conflict.
    pub quad_class: u8,
    /// Who acts.
    pub source: EventActor,
    /// On whom.
    pub target: EventActor,
    /// When.
    pub date: EventDate,
    /// Where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<EventLocation>,
    /// Asserted or negated.
    pub polarity: Polarity,
    /// Actual, intended, hypothetical or reported.
    pub modality: Modality,
    /// Index of the sentence it was coded from (the first, when stated several times).
    pub sentence: usize,
    /// The supporting spans in `Article.text` (one per statement of the event).
    pub evidence: Vec<Span>,
    /// The pattern that fired.
    pub rule: String,
    /// Confidence, 0..=1.
    pub confidence: f32,
}
