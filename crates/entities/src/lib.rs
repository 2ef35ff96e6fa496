//! dateline's entity stage: named-entity mentions, their clustering within an article,
//! roles and titles, and CAMEO-style actor codes with evidence.
//!
//! Mentions come from a small averaged-perceptron model ([`model`]) with gazetteer
//! features from the actor [`lexicon`], refined into PERSON/ORG/GPE/LOC/NORP/FAC/EVENT
//! by the lexicon; [`EntityTagger`] then clusters them ("Shinzo Abe" / "Abe"), links
//! definite descriptions and pronouns, and codes each entity as an actor, with people's
//! tenures checked against the article's date.
//!
//! ```
//! use dateline_entities::resolve_actor;
//! let abe = resolve_actor("Shinzo Abe", "2019-06-28").unwrap();
//! assert_eq!(abe.code, "JPNGOV");
//! assert_eq!(resolve_actor("Japan", "2019-06-28").unwrap().code, "JPN");
//! ```

// Sequence code indexes several parallel arrays by token position.
#![allow(clippy::needless_range_loop)]

mod error;
pub mod gold;
pub mod lexicon;
pub mod model;

pub use error::EntitiesError;
pub use lexicon::Lexicon;
pub mod actor;
mod coref;
pub mod eval;
pub mod simple;
mod tagger;

pub use actor::{resolve_actor, resolve_actor_with};
pub use coref::check_coref_knowledge;
pub use tagger::{conll_class, entity_actor, EntityTagger};
