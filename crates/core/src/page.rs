//! `Page`: what arrived, before any interpretation.

use serde::{Deserialize, Serialize};

/// Where a record came from: enough to find it again in the input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The input path as given on the command line (`-` for standard input).
    pub path: String,
    /// Byte offset of the WARC record in the (decompressed-member) file, when the page
    /// came from a WARC/WET file. For `.warc.gz` it is the offset of the gzip member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_offset: Option<u64>,
    /// `WARC-Record-ID`, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_id: Option<String>,
    /// What the input was recognised as.
    pub format: InputFormat,
    /// SHA-like content key of the page bytes (hex), for deduplication and provenance.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub content_hash: String,
}

/// The formats dateline reads, recognised from content, not only from the extension.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Plain text: a scraped article, first line its title.
    #[default]
    Text,
    /// An HTML page.
    Html,
    /// A WARC response record carrying HTML.
    Warc,
    /// A WET conversion record carrying extracted plain text.
    Wet,
}

/// One page as it arrived: raw bytes plus what the transport said about them.
#[derive(Clone, Debug, Default)]
pub struct Page {
    /// Where it came from.
    pub source: Source,
    /// The payload bytes (HTTP body for WARC responses), possibly not UTF-8.
    pub bytes: Vec<u8>,
    /// The page URL, when known (`--url`, `WARC-Target-URI`).
    pub url: Option<String>,
    /// Transport headers (HTTP response headers from a WARC record), in order.
    pub headers: Vec<(String, String)>,
    /// When it was fetched (`WARC-Date`), ISO 8601, when known.
    pub fetched: Option<String>,
    /// The publication date given by the user (`--published`), which overrides detection.
    pub published_override: Option<String>,
    /// The site name given by the user (`--site`), which overrides detection.
    pub site_override: Option<String>,
}

impl Page {
    /// The value of the first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A fast, stable 64-bit FNV-1a hash of bytes rendered as 16 hex digits.
///
/// Used as a content key (dedup, provenance). Not cryptographic.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}
