//! The crate's one error type.

/// Errors of the event coder: bad knowledge files and bad gold data.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A line of a knowledge file (codebook, mapping, patterns, transforms) is wrong.
    #[error("{file}:{line}: {message}")]
    Knowledge {
        /// File name.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A gold file could not be read or understood.
    #[error("{path}: {message}")]
    Gold {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// Reading a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl Error {
    /// A knowledge-file error at `file:line`.
    pub fn knowledge(file: &str, line: usize, message: impl Into<String>) -> Error {
        Error::Knowledge {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }
}
