use std::fmt;

/// What is wrong with an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The path does not exist.
    NotFound,
    /// The file could not be read (permissions, I/O).
    Io(String),
    /// The file is empty (or holds only whitespace).
    Empty,
    /// A directory that holds no readable file.
    EmptyDirectory,
    /// Binary data that is neither text, HTML nor WARC.
    Binary,
    /// Larger than the size limit.
    TooLarge {
        /// Its size (or the size read so far) in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A gzip stream that does not decompress.
    BadGzip(String),
    /// A malformed WARC record (the reader skips to the next one when it can).
    BadWarc(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotFound => write!(f, "no such file or directory"),
            Problem::Io(e) => write!(f, "cannot read: {e}"),
            Problem::Empty => write!(f, "empty input: no text to analyse"),
            Problem::EmptyDirectory => write!(f, "directory holds no readable file"),
            Problem::Binary => write!(
                f,
                "binary data: not plain text, HTML, WARC or WET (nor gzip of those)"
            ),
            Problem::TooLarge { size, limit } => write!(
                f,
                "input is {size} bytes, over the size limit of {limit} bytes (raise it with --max-size)"
            ),
            Problem::BadGzip(e) => write!(f, "corrupt gzip data: {e}"),
            Problem::BadWarc(e) => write!(f, "malformed WARC record: {e}"),
        }
    }
}

/// An input that could not be read, naming the input (and the WARC record offset).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct IngestError {
    /// The input path as given (`-` for stdin).
    pub path: String,
    /// Byte offset in the (decompressed) input where the problem is, when it matters.
    pub offset: Option<u64>,
    /// What is wrong.
    pub problem: Problem,
}

impl IngestError {
    pub(crate) fn new(path: &str, problem: Problem) -> IngestError {
        IngestError {
            path: path.to_string(),
            offset: None,
            problem,
        }
    }

    pub(crate) fn at(path: &str, offset: u64, problem: Problem) -> IngestError {
        IngestError {
            path: path.to_string(),
            offset: Some(offset),
            problem,
        }
    }
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(o) => write!(f, "{} (at byte {o}): {}", self.path, self.problem),
            None => write!(f, "{}: {}", self.path, self.problem),
        }
    }
}
