//! The crate's one error type.

use std::path::PathBuf;

/// Errors of the time crate.
#[derive(Debug, thiserror::Error)]
pub enum TimeError {
    /// A bad line in a lexicon file.
    #[error("{file}:{line}: {message}")]
    Lexicon {
        /// File name.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A gold file that could not be read or parsed.
    #[error("{}: {message}", path.display())]
    Gold {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// An I/O error on a file.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}
