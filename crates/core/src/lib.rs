//! dateline's core: the document model and the stage traits.
//!
//! Bytes arrive as a [`Page`]; extraction turns it into an [`Article`] whose `text` is
//! the coordinate system for everything after; annotation stages add stand-off layers
//! to a [`Doc`]; coding stages add quotes and [`Event`]s. No async runtime and no
//! database here: this crate is what every other crate may depend on.
//!
//! ```
//! use dateline_core::{Article, Doc, Span};
//! let mut article = Article::default();
//! article.set_body([("Abe met Trump.", Span::new(40, 54))]);
//! let doc = Doc::new(article);
//! assert_eq!(doc.text(), "Abe met Trump.");
//! assert_eq!(doc.article.alignment.to_input(4), Some(44));
//! ```

mod article;
mod doc;
mod event;
mod layers;
pub mod metrics;
mod page;
mod span;
mod stage;

pub use article::{
    AlignedPiece, Alignment, Article, Caption, Field, Provenance, RemovalReason, Removed,
};
pub use doc::{Doc, Layer, SCHEMA_VERSION};
pub use event::{DateBasis, Event, EventActor, EventDate, EventLocation, Modality, Polarity};
pub use layers::{
    ActorCode, Diagnostic, Entity, EntityType, Mention, MentionKind, Quote, QuoteKind, Sentence,
    Speaker, Timex, TimexType, Token,
};
pub use page::{content_hash, InputFormat, Page, Source};
pub use span::Span;
pub use stage::{check_order, Extractor, OrderError, Stage, StageError};
