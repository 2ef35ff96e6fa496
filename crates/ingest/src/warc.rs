//! A streaming WARC/WET (and ARC) reader: one [`Page`] per HTML response or WET
//! conversion record.
//!
//! Memory holds one record at a time. A malformed record is reported (file and byte
//! offset) and the reader resynchronises on the next `WARC/` version line.
//!
//! Offsets: for an uncompressed file, `Source.record_offset` is the byte offset of
//! the record's `WARC/` line. For `.warc.gz` it is the offset **in the compressed
//! file** of the gzip member that holds the record: with the usual one record per
//! member, `curl -r OFFSET-` (or a range request) plus `gunzip` gives the record
//! back on its own. Errors use the same coordinates.
//!
//! HTTP payloads of response records are decoded: chunked transfer-encoding is
//! undone (a body that is not valid chunked data is kept as it is, as browsers and
//! warcio do), and `Content-Encoding: gzip`/`deflate` is decompressed.
//! ARC (version 1) files are read the same way, record by record.

use crate::gzmember::MemberMap;
use crate::{IngestError, Problem};
use dateline_core::{content_hash, InputFormat, Page, Source};
use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};
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

/// Iterator over the pages of a WARC, WET or ARC stream.
pub struct WarcRecords<R> {
    reader: R,
    path: String,
    pos: u64,
    max_size: u64,
    done: bool,
    stats: WarcStats,
    line: Vec<u8>,
    members: Option<MemberMap>,
}

/// A record header, WARC or ARC, reduced to what the reader uses.
struct Header {
    warc_type: String,
    len: u64,
    url: Option<String>,
    date: Option<String>,
    id: Option<String>,
    block_type: String,
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
            members: None,
        }
    }

    /// Reports offsets as gzip-member offsets in the compressed file (`.warc.gz`).
    pub fn with_gzip_members(mut self, members: MemberMap) -> WarcRecords<R> {
        self.members = Some(members);
        self
    }

    /// What has been read so far.
    pub fn stats(&self) -> &WarcStats {
        &self.stats
    }

    /// The user-facing offset of decompressed position `pos`.
    fn offset(&self, pos: u64) -> u64 {
        match &self.members {
            Some(m) => m.member_of(pos).unwrap_or(pos),
            None => pos,
        }
    }

    fn read_line(&mut self) -> io::Result<usize> {
        self.line.clear();
        let n = (&mut self.reader)
            .take(1 << 20)
            .read_until(b'\n', &mut self.line)?;
        self.pos += n as u64;
        Ok(n)
    }

    fn error(&mut self, offset: u64, problem: Problem) -> IngestError {
        if matches!(problem, Problem::BadWarc(_)) {
            self.stats.malformed += 1;
        }
        IngestError::at(&self.path, offset, problem)
    }

    fn io_error(&self, offset: u64, e: io::Error) -> IngestError {
        let problem = if self.members.is_some() {
            Problem::BadGzip(e.to_string())
        } else {
            Problem::Io(e.to_string())
        };
        IngestError::at(&self.path, offset, problem)
    }

    /// Reads the next record; `Ok(None)` at the end, `Ok(Some(None))` for a skipped one.
    fn next_record(&mut self) -> Result<Option<Option<Page>>, IngestError> {
        // Find the version line, skipping blank lines (and garbage after an error).
        let start;
        let header;
        loop {
            let at = self.pos;
            let n = self
                .read_line()
                .map_err(|e| self.io_error(self.offset(at), e))?;
            if n == 0 {
                return Ok(None);
            }
            if self.line.starts_with(b"WARC/") {
                start = at;
                header = self.warc_header(self.offset(at))?;
                break;
            }
            if let Some(h) = arc_header(&self.line) {
                start = at;
                self.stats.records += 1;
                header = h;
                break;
            }
            if !self.line.iter().all(u8::is_ascii_whitespace) {
                let offset = self.offset(at);
                let err = self.error(
                    offset,
                    Problem::BadWarc("expected a `WARC/` version line".into()),
                );
                // Report once, then keep scanning for the next record.
                self.resync()?;
                return Err(err);
            }
        }
        let offset = self.offset(start);
        let Header {
            warc_type,
            len,
            url,
            date,
            id,
            block_type,
        } = header;
        let wanted = matches!(warc_type.as_str(), "response" | "conversion" | "resource");
        if !wanted || len > self.max_size {
            let copied = io::copy(&mut (&mut self.reader).take(len), &mut io::sink())
                .map_err(|e| self.io_error(offset, e))?;
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
        let mut block = Vec::with_capacity(len.min(1 << 24) as usize);
        let copied = (&mut self.reader)
            .take(len)
            .read_to_end(&mut block)
            .map_err(|e| self.io_error(offset, e))? as u64;
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
                match decode_payload(&h, body, self.max_size) {
                    Ok(body) => (InputFormat::Warc, h, body),
                    Err(why) => {
                        self.stats.skip(&format!("{warc_type} {why}"));
                        return Ok(Some(None));
                    }
                }
            }
            _ => (InputFormat::Warc, Vec::new(), block),
        };
        if format == InputFormat::Warc {
            let ct = http_headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                .map(|(_, v)| v.to_ascii_lowercase())
                .unwrap_or_else(|| block_type.clone());
            let htmlish = ct.contains("html")
                || ((ct.is_empty() || ct.contains("application/http") || ct.contains("unk"))
                    && crate::sniff(&body) == crate::Sniffed::Html);
            if !htmlish {
                let key = ct.split(';').next().unwrap_or("").trim().to_string();
                let key = if key.is_empty() {
                    "no content type".to_string()
                } else {
                    key
                };
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

    /// Reads the header lines of a WARC record (after its version line).
    fn warc_header(&mut self, offset: u64) -> Result<Header, IngestError> {
        self.stats.records += 1;
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            let n = self.read_line().map_err(|e| self.io_error(offset, e))?;
            if n == 0 {
                self.done = true;
                return Err(self.error(offset, Problem::BadWarc("truncated record header".into())));
            }
            let line = String::from_utf8_lossy(&self.line);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                break;
            }
            if headers.len() > 512 {
                let err = self.error(
                    offset,
                    Problem::BadWarc("more than 512 header lines".into()),
                );
                self.resync()?;
                return Err(err);
            }
            if line.starts_with([' ', '\t']) {
                // Continuation line.
                if let Some(last) = headers.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(line.trim());
                }
            } else if let Some((k, v)) = line.split_once(':') {
                headers.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
        let get = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let Some(len) = get("Content-Length").and_then(|v| v.trim().parse::<u64>().ok()) else {
            let err = self.error(
                offset,
                Problem::BadWarc("missing or invalid Content-Length".into()),
            );
            self.resync()?;
            return Err(err);
        };
        Ok(Header {
            warc_type: get("WARC-Type").unwrap_or("").to_ascii_lowercase(),
            len,
            url: get("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).trim().to_string()),
            date: get("WARC-Date").map(str::to_string),
            id: get("WARC-Record-ID").map(str::to_string),
            block_type: get("Content-Type").unwrap_or("").to_ascii_lowercase(),
        })
    }

    /// Skips to just before the next `WARC/` line.
    fn resync(&mut self) -> Result<(), IngestError> {
        loop {
            let pos = self.pos;
            let buf = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) => {
                    self.done = true;
                    return Err(self.io_error(self.offset(pos), e));
                }
            };
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

/// An ARC v1 record header line: `URL IP DATE CONTENT-TYPE LENGTH`.
fn arc_header(line: &[u8]) -> Option<Header> {
    let line = std::str::from_utf8(line).ok()?.trim_end();
    let fields: Vec<&str> = line.split(' ').collect();
    if fields.len() < 5 || !fields[0].contains("://") {
        return None;
    }
    let len: u64 = fields[fields.len() - 1].parse().ok()?;
    let ctype = fields[fields.len() - 2].to_ascii_lowercase();
    let date = fields[fields.len() - 3];
    if date.len() < 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // A URL with spaces in it: everything before IP and date.
    let url = fields[..fields.len() - 4].join(" ");
    let is_desc = url.starts_with("filedesc://");
    Some(Header {
        warc_type: if is_desc {
            "arc filedesc".into()
        } else {
            "response".into()
        },
        len,
        url: Some(url),
        date: Some(arc_date(date)),
        id: None,
        block_type: if ctype == "text/html" {
            "application/http".into()
        } else {
            ctype
        },
    })
}

/// `20080430204825` → `2008-04-30T20:48:25Z`.
fn arc_date(d: &str) -> String {
    if d.len() >= 14 {
        format!(
            "{}-{}-{}T{}:{}:{}Z",
            &d[..4],
            &d[4..6],
            &d[6..8],
            &d[8..10],
            &d[10..12],
            &d[12..14]
        )
    } else {
        d.to_string()
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

/// Undoes chunked transfer-encoding and gzip/deflate content-encoding. `Err` names
/// why the payload cannot be used (an unsupported or broken content-encoding).
fn decode_payload(
    headers: &[(String, String)],
    body: Vec<u8>,
    max_size: u64,
) -> Result<Vec<u8>, String> {
    let get = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.to_ascii_lowercase())
    };
    let mut body = body;
    if get("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        if let Some(d) = dechunk(&body) {
            body = d;
        }
    }
    let encoding = get("content-encoding").unwrap_or_default();
    let encoding = encoding.trim();
    let mut out = Vec::new();
    let limit = max_size.saturating_add(1);
    let result = match encoding {
        "" | "identity" | "none" => return Ok(body),
        "gzip" | "x-gzip" => {
            if !body.starts_with(&[0x1f, 0x8b]) {
                // Servers that say gzip but send plain bytes.
                return Ok(body);
            }
            MultiGzDecoder::new(&body[..])
                .take(limit)
                .read_to_end(&mut out)
        }
        "deflate" => ZlibDecoder::new(&body[..])
            .take(limit)
            .read_to_end(&mut out)
            .or_else(|_| {
                out.clear();
                DeflateDecoder::new(&body[..])
                    .take(limit)
                    .read_to_end(&mut out)
            }),
        other => return Err(format!("content-encoding {other}")),
    };
    match result {
        Ok(_) if out.len() as u64 > max_size => Err("payload over the size limit".into()),
        Ok(_) => Ok(out),
        Err(_) if !out.is_empty() => Ok(out),
        Err(_) => Err(format!("broken {encoding} content-encoding")),
    }
}

/// Decodes chunked transfer-encoding; `None` when the body is not valid chunked data.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    loop {
        let eol = find(&body[i..], b"\r\n").or_else(|| find(&body[i..], b"\n"))?;
        let line = std::str::from_utf8(&body[i..i + eol]).ok()?;
        let size_str = line.split(';').next()?.trim();
        if size_str.is_empty() || size_str.len() > 16 {
            return None;
        }
        let size = usize::from_str_radix(size_str, 16).ok()?;
        i += eol + if body[i + eol] == b'\r' { 2 } else { 1 };
        if size == 0 {
            return Some(out);
        }
        if i + size > body.len() {
            // Truncated last chunk: keep what is there.
            out.extend_from_slice(&body[i..]);
            return Some(out);
        }
        out.extend_from_slice(&body[i..i + size]);
        i += size;
        if body[i..].starts_with(b"\r\n") {
            i += 2;
        } else if body[i..].starts_with(b"\n") {
            i += 1;
        }
        if i >= body.len() {
            return Some(out);
        }
    }
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
                Err(e) => {
                    if matches!(e.problem, Problem::BadGzip(_) | Problem::Io(_)) {
                        self.done = true;
                    }
                    return Some(Err(e));
                }
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

    fn http_record(headers: &str, body: &[u8]) -> Vec<u8> {
        let mut block = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
        block.extend_from_slice(body);
        let mut rec = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/b\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        rec.extend_from_slice(&block);
        rec.extend_from_slice(b"\r\n\r\n");
        rec
    }

    fn gz(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn warc_chunked_and_gzip_payloads_are_decoded() {
        let chunked = http_record(
            "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
            b"6\r\n<html>\r\nf\r\n<p>Hello there.\r\n7\r\n</html>\r\n0\r\n\r\n",
        );
        let zipped = http_record(
            "Content-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n",
            &gz(b"<html><p>Zipped page.</p></html>"),
        );
        let data = [chunked, zipped].concat();
        let pages: Vec<_> = WarcRecords::new(&data[..], "t.warc", 1 << 20)
            .map(Result::unwrap)
            .collect();
        assert_eq!(pages[0].bytes, b"<html><p>Hello there.</html>");
        assert_eq!(pages[1].bytes, b"<html><p>Zipped page.</p></html>");
        assert_eq!(
            pages[1].header("content-type"),
            Some("text/html; charset=utf-8")
        );
    }

    #[test]
    fn warc_bad_chunking_keeps_the_raw_body() {
        let rec = http_record(
            "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
            b"<html><p>Not chunked at all.</p></html>",
        );
        let pages: Vec<_> = WarcRecords::new(&rec[..], "t.warc", 1 << 20).collect();
        assert_eq!(
            pages[0].as_ref().unwrap().bytes,
            b"<html><p>Not chunked at all.</p></html>"
        );
    }

    #[test]
    fn warc_gz_record_offset_is_the_gzip_member_offset() {
        let first = gz(record("warcinfo", "", "software: test").as_bytes());
        let second_plain = http_record(
            "Content-Type: text/html\r\n",
            b"<html><p>Second.</p></html>",
        );
        let file = [first.clone(), gz(&second_plain)].concat();
        let dir = std::env::temp_dir().join(format!("dateline-warc-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.warc.gz");
        std::fs::write(&path, &file).unwrap();
        let input = crate::Input::File { path: path.clone() };
        let pages: Vec<_> = crate::read(&input, &crate::ReadOptions::default())
            .unwrap()
            .map(Result::unwrap)
            .collect();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(pages.len(), 1);
        let off = pages[0].source.record_offset.unwrap() as usize;
        assert_eq!(off, first.len());
        // The member at that offset decompresses to the record alone.
        let mut alone = Vec::new();
        flate2::read::GzDecoder::new(&file[off..])
            .read_to_end(&mut alone)
            .unwrap();
        assert_eq!(alone, second_plain);
    }

    #[test]
    fn warc_arc_records_are_read() {
        let http = "HTTP/1.0 200 OK\nContent-Type: text/html\n\n<html><p>Arc page.</p></html>";
        let desc = "1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n";
        let data = format!(
            "filedesc://t.arc 0.0.0.0 20080430204825 text/plain {}\n{desc}\nhttp://example.org/c 10.0.0.1 20080430204826 text/html {}\n{http}\n",
            desc.len(),
            http.len()
        );
        let mut r = WarcRecords::new(data.as_bytes(), "t.arc", 1 << 20);
        let pages: Vec<_> = r.by_ref().map(Result::unwrap).collect();
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].bytes, b"<html><p>Arc page.</p></html>");
        assert_eq!(pages[0].url.as_deref(), Some("http://example.org/c"));
        assert_eq!(pages[0].fetched.as_deref(), Some("2008-04-30T20:48:26Z"));
        assert_eq!(r.stats().records, 2);
    }
}
