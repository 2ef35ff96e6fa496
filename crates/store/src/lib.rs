//! dateline's store: an embedded SQLite database (bundled, with FTS5) of articles,
//! entities, mentions, time expressions, quotes and events with their evidence.
//!
//! - [`ingest()`] streams inputs through the [`dateline::Pipeline`] on all cores and
//!   writes batches in transactions (WAL). Pages are keyed by content, so re-ingesting
//!   stores nothing twice and a killed run resumes where it stopped.
//! - Syndicated copies of one story are grouped into a story cluster by MinHash over
//!   word shingles ([`cluster`]); events are merged across a cluster (the
//!   `merged_events` view) with counts of mentions, articles and sources.
//! - [`query`] answers the CLI's `events`, `quotes`, `entities`, `search` and `stats`;
//!   [`output`] writes tables as text, JSON, JSON Lines, CSV or Parquet; [`export`]
//!   writes whole tables, events also in the GDELT 2.0 column layout.
//!
//! ```
//! use dateline_core::{Article, Doc, Span};
//! use dateline_store::{Prepared, Store, Stored};
//! let dir = tempfile::tempdir().unwrap();
//! let mut store = Store::open(dir.path().join("news.db")).unwrap();
//! let mut article = Article::default();
//! article.set_body([("Flood waters rose overnight in the river town.", Span::new(0, 47))]);
//! let doc = Doc::new(article);
//! assert!(matches!(store.add(Prepared::from_doc(doc.clone())).unwrap(), Stored::New { .. }));
//! assert_eq!(store.add(Prepared::from_doc(doc)).unwrap(), Stored::Duplicate);
//! ```

pub mod cluster;
mod error;
pub mod export;
mod ingest;
pub mod output;
pub mod query;
mod schema;
mod store;

pub use error::{Result, StoreError};
pub use ingest::{ingest, IngestOptions, Progress, StageFailures, Summary};
pub use schema::SCHEMA_VERSION;
pub use store::{doc_key, page_key, url_host, Failure, Prepared, Store, Stored};
