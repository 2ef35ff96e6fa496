//! The store's one error type.

use std::path::PathBuf;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused an operation; `context` says which.
    #[error("{context}: {source}")]
    Sqlite {
        /// What the store was doing.
        context: String,
        /// The SQLite error.
        #[source]
        source: rusqlite::Error,
    },
    /// The database file could not be opened.
    #[error("cannot open database {path}: {source}")]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: rusqlite::Error,
    },
    /// The database was written by a newer dateline.
    #[error("database {path} has schema version {found}, newer than this dateline supports ({supported}); upgrade dateline")]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Version in the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// A query argument is invalid (a bad date, an unknown column).
    #[error("{0}")]
    Invalid(String),
    /// Writing output failed.
    #[error("writing {what}: {source}")]
    Io {
        /// What was being written.
        what: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// Writing CSV failed.
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    /// Writing Parquet failed.
    #[cfg(feature = "parquet")]
    #[error("writing Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    /// The pipeline could not be built.
    #[error("building the pipeline: {0}")]
    Pipeline(String),
}

impl StoreError {
    /// Whether the error is a closed output pipe (`dateline events | head`), which a
    /// command line tool should end on quietly.
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            StoreError::Io { source, .. } => source.kind() == std::io::ErrorKind::BrokenPipe,
            StoreError::Csv(e) => {
                matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
            }
            _ => false,
        }
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Adds context to SQLite errors.
pub(crate) trait SqlContext<T> {
    /// Wraps the error with what the store was doing.
    fn ctx(self, context: &str) -> Result<T>;
}

impl<T> SqlContext<T> for rusqlite::Result<T> {
    fn ctx(self, context: &str) -> Result<T> {
        self.map_err(|source| StoreError::Sqlite {
            context: context.to_string(),
            source,
        })
    }
}
