//! dateline's event coder: who did what to whom, when and where, in CAMEO and PLOVER, with
//! the evidence.
//!
//! The knowledge is data in `knowledge/events/`: the CAMEO 1.1b3 codebook with Goldstein
//! scores and QuadClass (`cameo.tsv`), the CAMEO → PLOVER mapping (`cameo_plover.tsv`), our
//! own verb and noun patterns (`patterns.txt`) and the transforms governing verbs apply
//! (`transforms.txt`). All are compiled in and validated on load; a user file can add or
//! override patterns ([`EventCoder::with_user_patterns`]).
//!
//! [`EventCoder`] is a [`Stage`](dateline_core::Stage): it reads sentences, tokens (with
//! tags, lemmas and the parse when present), entity mentions and timexes, and adds
//! `Doc.events`.
//!
//! ```
//! use dateline_core::{Article, Doc, Span, Sentence, Token, Mention, Entity, EntityType, MentionKind, ActorCode};
//! use dateline_events::EventCoder;
//!
//! let mut article = Article::default();
//! article.set_body([("Israel released the mayor.", Span::new(0, 26))]);
//! let mut doc = Doc::new(article);
//! // tokens: Israel released the mayor .
//! for (s, e) in [(0, 6), (7, 15), (16, 19), (20, 25), (25, 26)] {
//!     doc.tokens.push(Token { span: Span::new(s, e), sentence: 0, upos: None, lemma: None, head: None, deprel: None });
//! }
//! doc.sentences.push(Sentence { span: Span::new(0, 26), first_token: 0, token_count: 5 });
//! for (i, (s, e, code)) in [(0, 6, "ISR"), (16, 25, "PSEGOV")].into_iter().enumerate() {
//!     let t = if i == 0 { EntityType::Gpe } else { EntityType::Person };
//!     doc.mentions.push(Mention { span: Span::new(s, e), entity_type: t, kind: MentionKind::Name, entity: Some(i), role: None, confidence: 1.0 });
//!     doc.entities.push(Entity { id: i, name: code.into(), entity_type: t, role: None, country: None,
//!         actor: Some(ActorCode { code: code.into(), evidence: String::new(), confidence: 1.0 }), mentions: vec![i] });
//! }
//! let events = EventCoder::new().code(&doc);
//! assert_eq!(events[0].cameo, "0841");
//! assert_eq!(events[0].source.code.as_deref(), Some("ISR"));
//! assert_eq!(events[0].target.code.as_deref(), Some("PSEGOV"));
//! assert_eq!(events[0].plover, "RETREAT");
//! ```

pub mod agents;
pub mod classes;
pub mod codebook;
mod coder;
pub mod docgen;
mod error;
pub mod eval;
pub mod morph;
pub mod patterns;
mod view;

pub use codebook::{CodeInfo, Codebook, PloverInfo};
pub use coder::EventCoder;
pub use error::Error;
pub use patterns::{Pattern, PatternSet, Slot, Transform, TransformKind};
