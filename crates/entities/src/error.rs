//! The crate's one error type.

use std::path::PathBuf;

/// What can go wrong loading the lexicon or the model, or running an evaluation.
#[derive(Debug, thiserror::Error)]
pub enum EntitiesError {
    /// A lexicon line could not be read.
    #[error("{file}:{line}: {message}")]
    Lexicon {
        /// The file (a compiled-in name such as `knowledge/actors/people.tsv`, or the
        /// user's path).
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// The NER model file is malformed.
    #[error("NER model {file}: {message}")]
    Model {
        /// Which model.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Gold data could not be read.
    #[error("{file}:{line}: {message}")]
    Gold {
        /// The file.
        file: String,
        /// 1-based line number (0 when not about one line).
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl EntitiesError {
    pub(crate) fn lexicon(file: &str, line: usize, message: impl Into<String>) -> EntitiesError {
        EntitiesError::Lexicon {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }
}
