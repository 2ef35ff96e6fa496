//! Charset detection and decoding for HTML pages.
//!
//! The order is the browser's, with one correction for mislabelled pages:
//! 1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE);
//! 2. the `charset` of the HTTP `Content-Type` header (from a WARC response);
//! 3. `<meta charset>` or `<meta http-equiv="Content-Type" content="…charset=…">`
//!    in the first 4 KiB;
//! 4. otherwise sniffing: valid UTF-8 is UTF-8, else `chardetng`'s guess.
//!
//! A declared single-byte legacy charset (windows-1252, ISO-8859-x, …) on bytes that
//! are valid, non-ASCII UTF-8 is overruled: such bytes are almost never meant as
//! legacy text, and servers often send a stale default.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// Where the charset came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CharsetSource {
    /// A byte-order mark.
    Bom,
    /// The HTTP `Content-Type` header.
    Http,
    /// A `<meta>` declaration in the page.
    Meta,
    /// Content sniffing (UTF-8 validity, then chardetng).
    Sniffed,
}

/// A page decoded to UTF-8.
#[derive(Clone, Debug)]
pub struct DecodedPage {
    /// The text.
    pub text: String,
    /// The encoding used (its WHATWG name via `encoding.name()`).
    pub encoding: &'static Encoding,
    /// Where the encoding came from.
    pub source: CharsetSource,
    /// Bytes of a byte-order mark skipped at the start.
    pub bom: usize,
    /// Whether malformed sequences were replaced by U+FFFD.
    pub had_errors: bool,
}

impl DecodedPage {
    /// Maps a byte offset in `text` back to a byte offset in the input, exactly for
    /// UTF-8 and single-byte encodings. For multi-byte legacy encodings (Shift_JIS,
    /// GBK, …) the offset stays in decoded-text coordinates.
    pub fn to_input(&self, at: usize) -> usize {
        if self.encoding == UTF_8 && !self.had_errors {
            at + self.bom
        } else if self.encoding.is_single_byte() {
            self.bom
                + self.text[..floor_char_boundary(&self.text, at)]
                    .chars()
                    .count()
        } else {
            at + self.bom
        }
    }
}

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The charset named in a `Content-Type` value (`text/html; charset=UTF-8`).
pub fn charset_from_content_type(value: &str) -> Option<&'static Encoding> {
    let lower = value.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = lower[at + 7..].trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(rest.len());
    Encoding::for_label(&rest.as_bytes()[..end])
}

/// The charset declared by a `<meta>` tag in the first 4 KiB of the page.
pub fn charset_from_meta(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(k) = find(&lower[from..], b"<meta") {
        let start = from + k;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = String::from_utf8_lossy(&lower[start..end]);
        if tag.contains("charset") {
            if let Some(enc) = charset_from_content_type(&tag) {
                // A page that says UTF-16 in ASCII-compatible bytes is UTF-8 (HTML spec).
                return Some(if enc == UTF_16LE || enc == UTF_16BE {
                    UTF_8
                } else {
                    enc
                });
            }
        }
        from = end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Decodes a page: BOM, then HTTP header charset, then `<meta>`, then sniffing.
/// `tld` (like `"de"`) helps the detector when the page declares nothing.
pub fn decode_html(bytes: &[u8], content_type: Option<&str>, tld: Option<&str>) -> DecodedPage {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        return DecodedPage {
            text: text.into_owned(),
            encoding: enc,
            source: CharsetSource::Bom,
            bom,
            had_errors,
        };
    }
    let declared = content_type
        .and_then(charset_from_content_type)
        .map(|e| (e, CharsetSource::Http))
        .or_else(|| charset_from_meta(bytes).map(|e| (e, CharsetSource::Meta)));
    let utf8 = std::str::from_utf8(bytes).ok();
    let (enc, source) = match (declared, utf8) {
        // Valid non-ASCII UTF-8 labelled as a single-byte charset is UTF-8.
        (Some((e, _)), Some(s)) if e.is_single_byte() && !s.is_ascii() => {
            (UTF_8, CharsetSource::Sniffed)
        }
        (Some((e, src)), _) => (e, src),
        (None, Some(_)) => (UTF_8, CharsetSource::Sniffed),
        (None, None) => {
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
            det.feed(bytes, true);
            let tld = tld.map(str::as_bytes);
            (
                det.guess(tld, chardetng::Utf8Detection::Allow),
                CharsetSource::Sniffed,
            )
        }
    };
    if enc == UTF_8 {
        if let Some(s) = utf8 {
            return DecodedPage {
                text: s.to_string(),
                encoding: UTF_8,
                source,
                bom: 0,
                had_errors: false,
            };
        }
    }
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    DecodedPage {
        text: text.into_owned(),
        encoding: enc,
        source,
        bom: 0,
        had_errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_bom_wins_over_meta() {
        let mut bytes = vec![0xFF, 0xFE];
        for c in "<meta charset=latin1><p>é</p>".encode_utf16() {
            bytes.extend_from_slice(&c.to_le_bytes());
        }
        let d = decode_html(&bytes, None, None);
        assert_eq!(d.source, CharsetSource::Bom);
        assert_eq!(d.text, "<meta charset=latin1><p>é</p>");
    }

    #[test]
    fn charset_http_header_then_meta() {
        let bytes = b"<meta charset=\"iso-8859-1\"><p>Gr\xfc\xdfe</p>";
        let d = decode_html(bytes, None, None);
        assert_eq!(
            (d.source, d.encoding.name()),
            (CharsetSource::Meta, "windows-1252")
        );
        assert_eq!(d.text, "<meta charset=\"iso-8859-1\"><p>Grüße</p>");
        assert_eq!(d.to_input(d.text.find("</p>").unwrap()), 35);
        let d = decode_html(bytes, Some("text/html; charset=windows-1251"), None);
        assert_eq!(d.source, CharsetSource::Http);
        assert_eq!(d.encoding.name(), "windows-1251");
    }

    #[test]
    fn charset_http_equiv_meta_is_read() {
        let bytes =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"><p>\x93\xfa\x96\x7b</p>";
        let d = decode_html(bytes, None, None);
        assert_eq!(d.encoding.name(), "Shift_JIS");
        assert!(d.text.contains("日本"));
    }

    #[test]
    fn charset_mislabelled_utf8_is_utf8() {
        let bytes = "<meta charset=iso-8859-1><p>Grüße</p>".as_bytes();
        let d = decode_html(bytes, None, None);
        assert_eq!(d.encoding, UTF_8);
        assert!(d.text.contains("Grüße"));
    }

    #[test]
    fn charset_sniffed_when_undeclared() {
        // "Größere Änderungen" in windows-1252, long enough for the detector.
        let text = "Die Stadt plant größere Änderungen für die Straßen und Plätze.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let d = decode_html(&bytes, None, Some("de"));
        assert_eq!(d.source, CharsetSource::Sniffed);
        assert_eq!(d.text, text);
    }
}
