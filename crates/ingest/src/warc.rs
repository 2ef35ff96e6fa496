//! A streaming WARC/WET reader: one [`Page`] per HTML response or WET conversion record.
//!
//! Memory holds one record at a time. A malformed record is reported (file and byte
//! offset in the decompressed stream) and the reader resynchronises on the next
//! `WARC/` version line.

use crate::{IngestError, Problem};
use dateline_core::{content_hash, InputFormat, Page, Source};
use std::io::{self, BufRead, Read};

/// Counts of what a WARC file held.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WarcStats {
    /// Records read (well-formed or not).
    pub records: u64,
    /// Pages yielded.
    pub pages: u64,
    /// Records skipped because they carry no article: `(WARC-Type or content type, count)`.
    pub skipped: Vec<(String, u64)>,
    /// Malformed records.
    pub malformed: u64,
}

impl WarcStats {
    fn skip(&mut self, why: &str) {
        match self.skipped.iter_mut().find(|(k, _)| k == why) {
            Some((_, n)) => *n += 1,
            None => self.skipped.push((why.to_string(), 1)),
        }
    }
}

/// Iterator over the pages of a WARC or WET stream.
pub struct WarcRecords<R> {
    reader: R,
    path: String,
    pos: u64,
    max_size: u64,
    done: bool,
    stats: WarcStats,
    line: Vec<u8>,
}

impl<R: BufRead> WarcRecords<R> {
    /// Reads records from `reader`; `path` names the input in errors.
    pub fn new(reader: R, path: &str, max_size: u64) -> WarcRecords<R> {
        WarcRecords {
            reader,
            path: path.to_string(),
            pos: 0,
            max_size,
            done: false,
            stats: WarcStats::default(),
            line: Vec::new(),
        }
    }

    /// What has been read so far.
    pub fn stats(&self) -> &WarcStats {
        &self.stats
    }

    fn read_line(&mut self) -> io::Result<usize> {
        self.line.clear();
        let n = self.reader.read_until(b'\n', &mut self.line)?;
        self.pos += n as u64;
        Ok(n)
    }

    fn error(&mut self, offset: u64, problem: Problem) -> IngestError {
        if matches!(problem, Problem::BadWarc(_)) {
            self.stats.malformed += 1;
        }
        IngestError::at(&self.path, offset, problem)
    }

    /// Reads the next record; `Ok(None)` at the end, `Ok(Some(None))` for a skipped one.
    fn next_record(&mut self) -> Result<Option<Option<Page>>, IngestError> {
        // Find the version line, skipping blank lines (and garbage after an error).
        let offset;
        loop {
            let start = self.pos;
            let n = self
                .read_line()
                .map_err(|e| IngestError::at(&self.path, start, Problem::Io(e.to_string())))?;
            if n == 0 {
                return Ok(None);
            }
            if self.line.starts_with(b"WARC/") {
                offset = start;
                break;
            }
            if !self.line.iter().all(u8::is_ascii_whitespace) {
                let err = self.error(
                    start,
                    Problem::BadWarc("expected a `WARC/` version line".into()),
                );
                // Report once, then keep scanning for the next record.
                self.resync()?;
                return Err(err);
            }
        }
        self.stats.records += 1;
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            let n = self
                .read_line()
                .map_err(|e| IngestError::at(&self.path, offset, Problem::Io(e.to_string())))?;
            if n == 0 {
                return Err(self.error(offset, Problem::BadWarc("truncated record header".into())));
            }
            let line = String::from_utf8_lossy(&self.line);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                headers.push((k.trim().to_string(), v.trim().to_string()));
            } else if let Some(last) = headers.last_mut() {
                // Continuation line.
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
        }
        let get = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let Some(len) = get("Content-Length").and_then(|v| v.parse::<u64>().ok()) else {
            let err = self.error(
                offset,
                Problem::BadWarc("missing or invalid Content-Length".into()),
            );
            self.resync()?;
            return Err(err);
        };
        let warc_type = get("WARC-Type").unwrap_or("").to_ascii_lowercase();
        let url = get("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string());
        let date = get("WARC-Date").map(str::to_string);
        let id = get("WARC-Record-ID").map(str::to_string);
        let block_type = get("Content-Type").unwrap_or("").to_ascii_lowercase();
        let wanted = matches!(warc_type.as_str(), "response" | "conversion" | "resource");
        if !wanted || len > self.max_size {
            let copied = io::copy(&mut (&mut self.reader).take(len), &mut io::sink())
                .map_err(|e| IngestError::at(&self.path, offset, Problem::Io(e.to_string())))?;
            self.pos += copied;
            if copied < len {
                self.done = true;
                return Err(self.error(offset, truncated(len, copied)));
            }
            if len > self.max_size && wanted {
                return Err(IngestError::at(
                    &self.path,
                    offset,
                    Problem::TooLarge {
                        size: len,
                        limit: self.max_size,
                    },
                ));
            }
            self.stats.skip(if warc_type.is_empty() {
                "untyped"
            } else {
                &warc_type
            });
            return Ok(Some(None));
        }
        let mut block = Vec::with_capacity(len as usize);
        let copied = (&mut self.reader)
            .take(len)
            .read_to_end(&mut block)
            .map_err(|e| IngestError::at(&self.path, offset, Problem::Io(e.to_string())))?
            as u64;
        self.pos += copied;
        if copied < len {
            self.done = true;
            return Err(self.error(offset, truncated(len, copied)));
        }
        let (format, http_headers, body) = match warc_type.as_str() {
            "conversion" => (InputFormat::Wet, Vec::new(), block),
            "response"
                if block_type.contains("application/http") || block.starts_with(b"HTTP/") =>
            {
                let (h, body) = split_http(&block);
                (InputFormat::Warc, h, body)
            }
            _ => (InputFormat::Warc, Vec::new(), block),
        };
        if format == InputFormat::Warc {
            let ct = http_headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                .map(|(_, v)| v.to_ascii_lowercase())
                .unwrap_or_else(|| block_type.clone());
            let htmlish = ct.is_empty()
                || ct.contains("html")
                || (ct.contains("application/http") && crate::sniff(&body) == crate::Sniffed::Html);
            if !htmlish {
                let key = ct.split(';').next().unwrap_or("").trim().to_string();
                self.stats.skip(&format!("{warc_type} {key}"));
                return Ok(Some(None));
            }
        }
        if body.iter().all(u8::is_ascii_whitespace) {
            self.stats.skip(&format!("{warc_type} empty"));
            return Ok(Some(None));
        }
        self.stats.pages += 1;
        Ok(Some(Some(Page {
            source: Source {
                path: self.path.clone(),
                record_offset: Some(offset),
                record_id: id,
                format,
                content_hash: content_hash(&body),
            },
            bytes: body,
            url,
            headers: http_headers,
            fetched: date,
            ..Page::default()
        })))
    }

    /// Skips to just before the next `WARC/` line.
    fn resync(&mut self) -> Result<(), IngestError> {
        loop {
            let buf = self
                .reader
                .fill_buf()
                .map_err(|e| IngestError::at(&self.path, self.pos, Problem::Io(e.to_string())))?;
            if buf.is_empty() || buf.starts_with(b"WARC/") {
                return Ok(());
            }
            let n = buf
                .iter()
                .position(|&b| b == b'\n')
                .map_or(buf.len(), |i| i + 1);
            self.reader.consume(n);
            self.pos += n as u64;
        }
    }
}

fn truncated(len: u64, got: u64) -> Problem {
    Problem::BadWarc(format!(
        "truncated record: Content-Length {len} but only {got} bytes follow"
    ))
}

/// Splits an HTTP response into headers and body.
fn split_http(block: &[u8]) -> (Vec<(String, String)>, Vec<u8>) {
    let (head_end, body_start) = match find(block, b"\r\n\r\n") {
        Some(i) => (i, i + 4),
        None => match find(block, b"\n\n") {
            Some(i) => (i, i + 2),
            None => return (Vec::new(), block.to_vec()),
        },
    };
    let head = String::from_utf8_lossy(&block[..head_end]);
    let headers = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    (headers, block[body_start..].to_vec())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

impl<R: BufRead> Iterator for WarcRecords<R> {
    type Item = Result<Page, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.next_record() {
                Ok(None) => self.done = true,
                Ok(Some(None)) => continue,
                Ok(Some(Some(page))) => return Some(Ok(page)),
                Err(e) => return Some(Err(e)),
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, extra: &str, block: &str) -> String {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: http://example.org/a\r\n{extra}Content-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )
    }

    #[test]
    fn warc_yields_html_responses_and_counts_the_rest() {
        let http = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>Hi</p></html>";
        let img = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG";
        let data = record("warcinfo", "", "software: x")
            + &record("request", "", "GET / HTTP/1.1")
            + &record("response", "Content-Type: application/http\r\n", http)
            + &record("response", "Content-Type: application/http\r\n", img);
        let mut r = WarcRecords::new(data.as_bytes(), "t.warc", 1 << 20);
        let pages: Vec<_> = r.by_ref().collect();
        assert_eq!(pages.len(), 1);
        let page = pages[0].as_ref().unwrap();
        assert_eq!(page.bytes, b"<html><p>Hi</p></html>");
        assert_eq!(page.url.as_deref(), Some("http://example.org/a"));
        let offset = page.source.record_offset.unwrap() as usize;
        assert!(data[offset..].starts_with("WARC/1.0\r\nWARC-Type: response"));
        assert_eq!(r.stats().records, 4);
        assert_eq!(r.stats().pages, 1);
    }

    #[test]
    fn warc_malformed_record_is_reported_and_skipped() {
        let good = record("conversion", "", "Plain text of a page");
        let data = format!(
            "{good}WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: abc\r\n\r\njunk\r\n\r\n{good}"
        );
        let results: Vec<_> = WarcRecords::new(data.as_bytes(), "t.wet", 1 << 20).collect();
        assert_eq!(results.len(), 3);
        assert!(results[0].is_ok());
        let err = results[1].as_ref().unwrap_err();
        assert_eq!(err.offset, Some(good.len() as u64));
        assert!(err.to_string().contains("t.wet (at byte"), "{err}");
        assert!(results[2].is_ok());
    }

    #[test]
    fn warc_truncated_record_ends_the_stream_with_an_error() {
        let data = "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 500\r\n\r\nshort";
        let results: Vec<_> = WarcRecords::new(data.as_bytes(), "t.wet", 1 << 20).collect();
        assert_eq!(results.len(), 1);
        assert!(results[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("truncated"));
    }
}
