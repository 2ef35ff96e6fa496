//! dateline's readers: turn paths, folders and stdin into [`Page`]s.
//!
//! The format is recognised from the content (gzip is transparent): WARC/WET files
//! stream one page per HTML response (or WET conversion) record, other files are one
//! page each. Every failure names the input and what is wrong, and one bad record
//! never stops the rest of a crawl file.
//!
//! ```
//! use dateline_ingest::{sniff, Sniffed};
//! assert_eq!(sniff(b"<!DOCTYPE html><html><body><p>Hi</p></body></html>"), Sniffed::Html);
//! assert_eq!(sniff(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n"), Sniffed::Warc);
//! assert_eq!(sniff(b"Japan, U.S. affirm alliance\n\nOSAKA - ..."), Sniffed::Text);
//! ```

mod error;
mod gzmember;
mod warc;

pub use error::{IngestError, Problem};
pub use gzmember::{MemberDecoder, MemberMap};
pub use warc::{WarcRecords, WarcStats};

use dateline_core::{content_hash, InputFormat, Page, Source};
use std::fs::File;
use std::io::{self, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

/// Default size limit for one input file (or one WARC record): 64 MiB.
pub const DEFAULT_MAX_SIZE: u64 = 64 * 1024 * 1024;

/// How inputs are read.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Largest accepted input file (decompressed) or WARC record, in bytes.
    pub max_size: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_size: DEFAULT_MAX_SIZE,
        }
    }
}

/// One input to read: a file or standard input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-`).
    Stdin,
    /// A file; `display` is the path as the user will recognise it.
    File {
        /// The path to open.
        path: PathBuf,
    },
}

impl Input {
    /// The name used in messages and in `Source.path`.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File { path } => path.display().to_string(),
        }
    }
}

/// Expands the paths given by the user: `-` is stdin, files are taken as they are,
/// directories are walked (sorted, hidden entries skipped). Paths that do not exist
/// and directories with no file are returned as errors, in order with the rest.
pub fn expand(paths: &[String]) -> Vec<Result<Input, IngestError>> {
    let mut out = Vec::new();
    for p in paths {
        if p == "-" {
            out.push(Ok(Input::Stdin));
            continue;
        }
        let path = Path::new(p);
        match std::fs::metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                out.push(Err(IngestError::new(p, Problem::NotFound)))
            }
            Err(e) => out.push(Err(IngestError::new(p, Problem::Io(e.to_string())))),
            Ok(m) if m.is_dir() => {
                let mut files = Vec::new();
                let mut errors = Vec::new();
                walk(path, &mut files, &mut errors);
                if files.is_empty() && errors.is_empty() {
                    out.push(Err(IngestError::new(p, Problem::EmptyDirectory)));
                }
                out.extend(errors.into_iter().map(Err));
                out.extend(files.into_iter().map(|path| Ok(Input::File { path })));
            }
            Ok(_) => out.push(Ok(Input::File {
                path: path.to_path_buf(),
            })),
        }
    }
    out
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<IngestError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(IngestError::new(
                &dir.display().to_string(),
                Problem::Io(e.to_string()),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, files, errors);
        } else if p.is_file() {
            files.push(p);
        }
    }
}

/// What the first bytes of an input look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sniffed {
    /// A WARC (or WET) file.
    Warc,
    /// An HTML page.
    Html,
    /// Plain text.
    Text,
    /// Binary data.
    Binary,
}

/// Recognises the format of (decompressed) content from its first bytes.
pub fn sniff(head: &[u8]) -> Sniffed {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let trimmed = &head[start..];
    if trimmed.starts_with(b"WARC/") || trimmed.starts_with(b"filedesc://") {
        return Sniffed::Warc;
    }
    let sample = &head[..head.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    if sample.contains(&0) || controls * 20 > sample.len().max(1) {
        return Sniffed::Binary;
    }
    if trimmed.first() == Some(&b'<') {
        let lower: Vec<u8> = trimmed[..trimmed.len().min(2048)]
            .iter()
            .map(u8::to_ascii_lowercase)
            .collect();
        let markers: [&[u8]; 7] = [
            b"<!doctype html",
            b"<html",
            b"<head",
            b"<body",
            b"<meta",
            b"<title",
            b"<?xml",
        ];
        if markers
            .iter()
            .any(|m| lower.windows(m.len()).any(|w| w == *m))
            || lower.starts_with(b"<!--")
            || lower.starts_with(b"<div")
            || lower.starts_with(b"<p")
            || lower.starts_with(b"<article")
        {
            return Sniffed::Html;
        }
    }
    Sniffed::Text
}

/// The pages of one input: one page for a text or HTML file, a stream for WARC.
pub enum Pages {
    /// A single page (or the error that prevented reading it).
    One(Option<Box<Result<Page, IngestError>>>),
    /// The records of a WARC or WET file.
    Warc(Box<WarcRecords<Box<dyn io::BufRead + Send>>>),
}

impl Iterator for Pages {
    type Item = Result<Page, IngestError>;
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Pages::One(p) => p.take().map(|b| *b),
            Pages::Warc(r) => r.next(),
        }
    }
}

impl Pages {
    /// For WARC inputs, counts of records read and skipped; `None` for single pages.
    pub fn warc_stats(&self) -> Option<&WarcStats> {
        match self {
            Pages::Warc(r) => Some(r.stats()),
            Pages::One(_) => None,
        }
    }
}

/// Opens an input and returns its pages. An error here means nothing of the input
/// could be read; errors inside a WARC file come from the iterator, record by record.
pub fn read(input: &Input, opts: &ReadOptions) -> Result<Pages, IngestError> {
    let name = input.name();
    let raw: Box<dyn Read + Send> = match input {
        Input::Stdin => Box::new(io::stdin()),
        Input::File { path } => {
            let f = File::open(path).map_err(|e| {
                let problem = if e.kind() == io::ErrorKind::NotFound {
                    Problem::NotFound
                } else {
                    Problem::Io(e.to_string())
                };
                IngestError::new(&name, problem)
            })?;
            Box::new(f)
        }
    };
    let mut raw = BufReader::new(raw);
    let magic = io::BufRead::fill_buf(&mut raw)
        .map_err(|e| IngestError::new(&name, Problem::Io(e.to_string())))?;
    let gz = magic.starts_with(&[0x1f, 0x8b]);
    let mut members = None;
    let mut reader: Box<dyn Read + Send> = if gz {
        let (dec, map) = MemberDecoder::new(raw);
        members = Some(map);
        Box::new(dec)
    } else {
        Box::new(raw)
    };
    let mut head = Vec::with_capacity(65536);
    (&mut reader)
        .take(65536)
        .read_to_end(&mut head)
        .map_err(|e| read_problem(&name, gz, e))?;
    if head.iter().all(u8::is_ascii_whitespace) {
        return Err(IngestError::new(&name, Problem::Empty));
    }
    match sniff(&head) {
        Sniffed::Binary => Err(IngestError::new(&name, Problem::Binary)),
        Sniffed::Warc => {
            let stream: Box<dyn io::BufRead + Send> = Box::new(BufReader::with_capacity(
                1 << 16,
                Cursor::new(head).chain(reader),
            ));
            let mut records = WarcRecords::new(stream, &name, opts.max_size);
            if let Some(map) = members {
                records = records.with_gzip_members(map);
            }
            Ok(Pages::Warc(Box::new(records)))
        }
        kind => {
            let mut bytes = head;
            let limit = opts.max_size;
            reader
                .take(limit.saturating_add(1).saturating_sub(bytes.len() as u64))
                .read_to_end(&mut bytes)
                .map_err(|e| read_problem(&name, gz, e))?;
            if bytes.len() as u64 > limit {
                let size = match input {
                    Input::File { path } if !gz => std::fs::metadata(path)
                        .map(|m| m.len())
                        .unwrap_or(bytes.len() as u64),
                    _ => bytes.len() as u64,
                };
                return Err(IngestError::new(&name, Problem::TooLarge { size, limit }));
            }
            let format = if kind == Sniffed::Html {
                InputFormat::Html
            } else {
                InputFormat::Text
            };
            Ok(Pages::One(Some(Box::new(Ok(page_from_bytes(
                &name, format, bytes,
            ))))))
        }
    }
}

fn read_problem(name: &str, gz: bool, e: io::Error) -> IngestError {
    if gz {
        IngestError::new(name, Problem::BadGzip(e.to_string()))
    } else {
        IngestError::new(name, Problem::Io(e.to_string()))
    }
}

/// A page from bytes already in memory.
pub fn page_from_bytes(name: &str, format: InputFormat, bytes: Vec<u8>) -> Page {
    Page {
        source: Source {
            path: name.to_string(),
            record_offset: None,
            record_id: None,
            format,
            content_hash: content_hash(&bytes),
        },
        bytes,
        ..Page::default()
    }
}

/// Text decoded from bytes that should be UTF-8.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text (invalid sequences replaced by U+FFFD).
    pub text: String,
    /// Byte offset in the input of the first invalid sequence, when there was one.
    pub first_invalid: Option<usize>,
    /// Bytes skipped at the start (a byte-order mark).
    pub bom: usize,
}

/// Decodes UTF-8 (a BOM is skipped), lossily, remembering where the first bad byte was.
pub fn decode_utf8(bytes: &[u8]) -> Decoded {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let body = &bytes[bom..];
    match std::str::from_utf8(body) {
        Ok(s) => Decoded {
            text: s.to_string(),
            first_invalid: None,
            bom,
        },
        Err(e) => Decoded {
            text: String::from_utf8_lossy(body).into_owned(),
            first_invalid: Some(bom + e.valid_up_to()),
            bom,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniff_binary_and_text() {
        assert_eq!(sniff(b"\x00\x01\x02\x03PK"), Sniffed::Binary);
        assert_eq!(sniff("Caf\u{e9} owner says\n".as_bytes()), Sniffed::Text);
        assert_eq!(sniff(b"\xEF\xBB\xBF<html><p>x</p>"), Sniffed::Html);
    }

    #[test]
    fn decode_utf8_reports_first_bad_byte() {
        let d = decode_utf8(b"abc\xffdef");
        assert_eq!(d.first_invalid, Some(3));
        assert_eq!(d.text, "abc\u{fffd}def");
        let d = decode_utf8(b"\xEF\xBB\xBFok");
        assert_eq!((d.text.as_str(), d.bom, d.first_invalid), ("ok", 3, None));
    }
}
