//! The HTML tokenizer: tags with their attributes, text with character references
//! decoded, comments, doctypes, CDATA sections, and the raw-text and RCDATA content
//! of `<script>`, `<style>`, `<title>`, `<textarea>` and their kin.
//!
//! It follows the tokenizer states of the HTML standard where they decide what is a
//! tag and what is text (a `<` not followed by a letter is text, an attribute value
//! runs to its closing quote, a comment ends at `-->` or `--!>`, raw text ends at the
//! first `</name` followed by a space, `/` or `>`), without the parse-error
//! bookkeeping. Text and attribute values borrow from the source whenever nothing
//! had to be decoded. Carriage returns become line feeds, as in the standard's
//! input preprocessing.

use memchr::{memchr, memchr3, memmem};
use std::borrow::Cow;

/// An attribute: lower-cased name and decoded value.
pub type Attr<'a> = (Cow<'a, str>, Cow<'a, str>);

/// How the content after a start tag is tokenized (set by the tree builder).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawKind {
    /// `<script>`, `<style>`, `<xmp>`, `<iframe>`, `<noembed>`, `<noframes>`,
    /// `<noscript>`: text up to the matching end tag, nothing decoded.
    RawText,
    /// `<title>`, `<textarea>`: text up to the matching end tag, character
    /// references decoded.
    RcData,
    /// `<plaintext>`: the rest of the input is text.
    PlainText,
}

/// A token.
#[derive(Debug)]
pub enum Token<'a> {
    /// A start tag; its attributes are in [`Tokenizer::attrs`].
    Start {
        /// Lower-cased tag name.
        name: Cow<'a, str>,
        /// Ends with `/>`.
        self_closing: bool,
    },
    /// An end tag.
    End {
        /// Lower-cased tag name.
        name: Cow<'a, str>,
    },
    /// A run of text.
    Text(Cow<'a, str>),
    /// A comment (its text is not kept).
    Comment,
    /// A doctype; `true` when it puts the document in quirks mode.
    Doctype(bool),
}

/// The tokenizer over a decoded page.
pub struct Tokenizer<'a> {
    src: &'a str,
    pos: usize,
    /// Attributes of the last start tag (duplicates dropped, first wins).
    pub attrs: Vec<Attr<'a>>,
    raw: Option<(RawKind, Cow<'a, str>)>,
    /// Whether `<![CDATA[` opens a CDATA section (in SVG and MathML content).
    pub cdata: bool,
}

impl<'a> Tokenizer<'a> {
    /// A tokenizer at the start of `src`.
    pub fn new(src: &'a str) -> Tokenizer<'a> {
        Tokenizer {
            src,
            pos: 0,
            attrs: Vec::new(),
            raw: None,
            cdata: false,
        }
    }

    /// The byte offset of the next token.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Tokenizes what follows the last start tag as raw text or RCDATA, up to the
    /// end tag `name`.
    pub fn set_raw(&mut self, kind: RawKind, name: Cow<'a, str>) {
        self.raw = Some((kind, name));
    }

    /// The next token, `None` at the end of the input.
    pub fn next_token(&mut self) -> Option<Token<'a>> {
        if let Some((kind, name)) = self.raw.take() {
            if let Some(t) = self.raw_text(kind, &name) {
                return Some(t);
            }
        }
        loop {
            let bytes = self.src.as_bytes();
            if self.pos >= bytes.len() {
                return None;
            }
            if bytes[self.pos] != b'<' {
                return Some(self.text());
            }
            // A markup opener, or a literal '<'.
            let start = self.pos;
            match bytes.get(start + 1) {
                Some(c) if c.is_ascii_alphabetic() => {
                    self.pos = start + 1;
                    match self.tag(false) {
                        Some(t) => return Some(t),
                        None => return None,
                    }
                }
                Some(b'/') => match bytes.get(start + 2) {
                    Some(c) if c.is_ascii_alphabetic() => {
                        self.pos = start + 2;
                        return self.tag(true);
                    }
                    Some(b'>') => {
                        self.pos = start + 3;
                        continue;
                    }
                    None => {
                        self.pos = bytes.len();
                        return Some(Token::Text(Cow::Borrowed("</")));
                    }
                    Some(_) => {
                        self.pos = start + 2;
                        self.bogus_comment();
                        return Some(Token::Comment);
                    }
                },
                Some(b'!') => return Some(self.markup_declaration()),
                Some(b'?') => {
                    self.pos = start + 1;
                    self.bogus_comment();
                    return Some(Token::Comment);
                }
                _ => {
                    // A '<' that opens nothing is text.
                    self.pos = start + 1;
                    return Some(Token::Text(Cow::Borrowed(&self.src[start..start + 1])));
                }
            }
        }
    }

    /// Text up to the next `<` (a character reference or a carriage return ends
    /// the borrowed piece; the tree builder joins adjacent pieces).
    fn text(&mut self) -> Token<'a> {
        let bytes = self.src.as_bytes();
        let start = self.pos;
        if bytes[start] == b'&' {
            self.pos += 1;
            return match decode_reference(&self.src[start + 1..], false) {
                Some((s, used)) => {
                    self.pos = start + 1 + used;
                    Token::Text(s)
                }
                None => Token::Text(Cow::Borrowed(&self.src[start..start + 1])),
            };
        }
        if bytes[start] == b'\r' {
            self.pos += 1;
            if bytes.get(self.pos) == Some(&b'\n') {
                self.pos += 1;
            }
            return Token::Text(Cow::Borrowed("\n"));
        }
        let end = memchr3(b'<', b'&', b'\r', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        self.pos = end;
        Token::Text(Cow::Borrowed(&self.src[start..end]))
    }

    /// A start or end tag; `self.pos` is at the first letter of its name. `None`
    /// when the input ends inside the tag (the tag is dropped, as the standard says).
    fn tag(&mut self, end: bool) -> Option<Token<'a>> {
        let bytes = self.src.as_bytes();
        let name_start = self.pos;
        let mut i = name_start;
        while i < bytes.len()
            && !matches!(
                bytes[i],
                b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>'
            )
        {
            i += 1;
        }
        let name = lower(&self.src[name_start..i]);
        self.attrs.clear();
        let mut self_closing = false;
        loop {
            // Before an attribute name.
            while i < bytes.len() && matches!(bytes[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ') {
                i += 1;
            }
            if i >= bytes.len() {
                self.pos = bytes.len();
                return None;
            }
            match bytes[i] {
                b'>' => {
                    i += 1;
                    break;
                }
                b'/' => {
                    i += 1;
                    if bytes.get(i) == Some(&b'>') {
                        self_closing = true;
                        i += 1;
                        break;
                    }
                    continue;
                }
                _ => {}
            }
            // The attribute name (a leading '=' belongs to it).
            let a_start = i;
            i += 1;
            while i < bytes.len()
                && !matches!(
                    bytes[i],
                    b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>' | b'='
                )
            {
                i += 1;
            }
            let a_name = &self.src[a_start..i];
            while i < bytes.len() && matches!(bytes[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ') {
                i += 1;
            }
            let mut value: Cow<'a, str> = Cow::Borrowed("");
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                while i < bytes.len() && matches!(bytes[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
                {
                    i += 1;
                }
                match bytes.get(i) {
                    None => {
                        self.pos = bytes.len();
                        return None;
                    }
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let v_start = i + 1;
                        let Some(len) = memchr(q, &bytes[v_start..]) else {
                            self.pos = bytes.len();
                            return None;
                        };
                        value = attr_value(&self.src[v_start..v_start + len]);
                        i = v_start + len + 1;
                    }
                    Some(b'>') => {}
                    Some(_) => {
                        let v_start = i;
                        while i < bytes.len()
                            && !matches!(bytes[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'>')
                        {
                            i += 1;
                        }
                        value = attr_value(&self.src[v_start..i]);
                    }
                }
            }
            if !end {
                let a_name = lower(a_name);
                if !self.attrs.iter().any(|(n, _)| *n == a_name) {
                    self.attrs.push((a_name, value));
                }
            }
        }
        self.pos = i;
        Some(if end {
            Token::End { name }
        } else {
            Token::Start { name, self_closing }
        })
    }

    /// `<!` …: a comment, a doctype, a CDATA section or a bogus comment.
    fn markup_declaration(&mut self) -> Token<'a> {
        let rest = &self.src.as_bytes()[self.pos + 2..];
        if rest.starts_with(b"--") {
            self.pos += 4;
            self.comment();
            return Token::Comment;
        }
        if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"doctype") {
            let start = self.pos + 9;
            let end =
                memchr(b'>', &self.src.as_bytes()[start..]).map_or(self.src.len(), |i| start + i);
            let quirks = doctype_quirks(&self.src[start..end]);
            self.pos = (end + 1).min(self.src.len());
            return Token::Doctype(quirks);
        }
        if self.cdata && rest.starts_with(b"[CDATA[") {
            let start = self.pos + 9;
            let bytes = &self.src.as_bytes()[start..];
            let (end, next) = match memmem::find(bytes, b"]]>") {
                Some(i) => (start + i, start + i + 3),
                None => (self.src.len(), self.src.len()),
            };
            self.pos = next;
            return Token::Text(normalize_cr(&self.src[start..end]));
        }
        self.pos += 2;
        self.bogus_comment();
        Token::Comment
    }

    /// After `<!--`: up to `-->` or `--!>` (`<!-->` and `<!--->` are empty comments).
    fn comment(&mut self) {
        let bytes = self.src.as_bytes();
        let rest = &bytes[self.pos..];
        if rest.starts_with(b">") {
            self.pos += 1;
            return;
        }
        if rest.starts_with(b"->") {
            self.pos += 2;
            return;
        }
        let mut from = 0;
        while let Some(i) = memmem::find(&rest[from..], b"--") {
            let at = from + i + 2;
            match rest.get(at) {
                Some(b'>') => {
                    self.pos += at + 1;
                    return;
                }
                Some(b'!') if rest.get(at + 1) == Some(&b'>') => {
                    self.pos += at + 2;
                    return;
                }
                _ => from += i + 1,
            }
        }
        self.pos = bytes.len();
    }

    /// Up to the next `>`.
    fn bogus_comment(&mut self) {
        let bytes = self.src.as_bytes();
        self.pos = memchr(b'>', &bytes[self.pos..]).map_or(bytes.len(), |i| self.pos + i + 1);
    }

    /// The content of a raw-text or RCDATA element, as one text token (`None` when
    /// it is empty).
    fn raw_text(&mut self, kind: RawKind, name: &str) -> Option<Token<'a>> {
        let bytes = self.src.as_bytes();
        let start = self.pos;
        let end = if kind == RawKind::PlainText {
            bytes.len()
        } else if name == "script" {
            script_end(bytes, start)
        } else {
            let n = name.len();
            let mut from = start;
            loop {
                let Some(i) = memmem::find(&bytes[from..], b"</") else {
                    break bytes.len();
                };
                let at = from + i;
                let after = at + 2 + n;
                if after <= bytes.len()
                    && bytes[at + 2..after].eq_ignore_ascii_case(name.as_bytes())
                    && bytes.get(after).is_none_or(|c| {
                        matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>')
                    })
                {
                    break at;
                }
                from = at + 2;
            }
        };
        self.pos = end;
        if end == start {
            return None;
        }
        let s = &self.src[start..end];
        Some(Token::Text(if kind == RawKind::RcData && s.contains('&') {
            Cow::Owned(decode_text(s))
        } else {
            normalize_cr(s)
        }))
    }
}

/// Whether `b[at..]` starts with `name` (ASCII case-insensitive) followed by a
/// space, `/`, `>` or the end.
fn name_at(b: &[u8], at: usize, name: &[u8]) -> bool {
    let end = at + name.len();
    end <= b.len()
        && b[at..end].eq_ignore_ascii_case(name)
        && b.get(end)
            .is_none_or(|c| matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>'))
}

/// Where a script's content ends: at the first `</script`, except inside the
/// standard's "double-escaped" parts (`<!--` … `<script>` … `</script>` … `-->`,
/// the old `document.write` idiom), where that end tag belongs to the string.
fn script_end(b: &[u8], start: usize) -> usize {
    // 0: script data, 1: escaped (after `<!--`), 2: double escaped.
    let mut state = 0u8;
    let mut i = start;
    while let Some(k) = memchr::memchr2(b'<', b'-', &b[i..]) {
        let at = i + k;
        if b[at] == b'-' {
            if state > 0 && b[at..].starts_with(b"-->") {
                state = 0;
                i = at + 3;
            } else {
                i = at + 1;
            }
            continue;
        }
        if state == 0 && b[at..].starts_with(b"<!--") {
            if b.get(at + 4) != Some(&b'>') {
                state = 1;
            }
            i = at + 4;
            // `<!--->` ends the escape at once too.
            if b[i..].starts_with(b"->") {
                state = 0;
                i += 2;
            }
            continue;
        }
        if b.get(at + 1) == Some(&b'/') && name_at(b, at + 2, b"script") {
            if state == 2 {
                state = 1;
                i = at + 8;
                continue;
            }
            return at;
        }
        if state == 1 && name_at(b, at + 1, b"script") {
            state = 2;
            i = at + 7;
            continue;
        }
        i = at + 1;
    }
    b.len()
}

/// Lower-cases an ASCII name, borrowing when it already is.
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// Carriage returns to line feeds (CR LF to one LF).
fn normalize_cr(s: &str) -> Cow<'_, str> {
    if memchr(b'\r', s.as_bytes()).is_some() {
        Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(s)
    }
}

/// An attribute value with its character references decoded.
fn attr_value(s: &str) -> Cow<'_, str> {
    // Most values have neither: one search for both.
    if memchr::memchr2(b'&', b'\r', s.as_bytes()).is_none() {
        return Cow::Borrowed(s);
    }
    if memchr(b'&', s.as_bytes()).is_none() {
        return normalize_cr(s);
    }
    let out = decode_references(s, true);
    match normalize_cr(&out) {
        Cow::Borrowed(_) => Cow::Owned(out),
        Cow::Owned(o) => Cow::Owned(o),
    }
}

/// Text with its character references decoded (RCDATA).
fn decode_text(s: &str) -> String {
    normalize_cr(&decode_references(s, false)).into_owned()
}

/// `s` with every character reference decoded (`in_attribute`: the attribute-value
/// rules of [`decode_reference`]); an `&` that starts none stays.
fn decode_references(s: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        match decode_reference(rest, in_attribute) {
            Some((d, used)) => {
                out.push_str(&d);
                rest = &rest[used..];
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

/// The longest name in the table of named references (with its `;`).
const MAX_NAME: usize = 40;

/// Decodes the character reference after a `&` (`s` starts after it): the
/// characters and the bytes used, or `None` when it is no reference (the `&` is
/// then text). Named references follow the standard's longest match, legacy names
/// without `;` included (not inside attribute values when `=` or a letter or digit
/// follows); numeric ones remap C1 controls as Windows-1252 and turn NUL,
/// surrogates and out-of-range values into U+FFFD.
pub fn decode_reference(s: &str, in_attr: bool) -> Option<(Cow<'static, str>, usize)> {
    let b = s.as_bytes();
    match b.first()? {
        b'#' => {
            let (hex, digits_at) = match b.get(1) {
                Some(b'x' | b'X') => (true, 2),
                _ => (false, 1),
            };
            let mut i = digits_at;
            let mut v: u32 = 0;
            while i < b.len() {
                let d = match (hex, b[i]) {
                    (_, c @ b'0'..=b'9') => u32::from(c - b'0'),
                    (true, c @ b'a'..=b'f') => u32::from(c - b'a' + 10),
                    (true, c @ b'A'..=b'F') => u32::from(c - b'A' + 10),
                    _ => break,
                };
                v = v
                    .saturating_mul(if hex { 16 } else { 10 })
                    .saturating_add(d);
                i += 1;
            }
            if i == digits_at {
                return None;
            }
            if b.get(i) == Some(&b';') {
                i += 1;
            }
            let c = match v {
                0 => '\u{FFFD}',
                0x80..=0x9F => markup5ever::data::C1_REPLACEMENTS[(v - 0x80) as usize]
                    .unwrap_or_else(|| char::from_u32(v).unwrap_or('\u{FFFD}')),
                _ => char::from_u32(v).unwrap_or('\u{FFFD}'),
            };
            Some((Cow::Owned(c.to_string()), i))
        }
        c if c.is_ascii_alphanumeric() => {
            let run = b
                .iter()
                .take(MAX_NAME)
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            let mut key = [0u8; MAX_NAME + 1];
            if b.get(run) == Some(&b';') {
                key[..=run].copy_from_slice(&b[..=run]);
                let k = std::str::from_utf8(&key[..=run]).ok()?;
                // (The table also holds every prefix of a name, as (0, 0).)
                if let Some(&(c1, c2)) = markup5ever::data::NAMED_ENTITIES
                    .get(k)
                    .filter(|v| v.0 != 0)
                {
                    return Some((chars(c1, c2), run + 1));
                }
            }
            // Legacy names without ';' (the longest is six letters).
            for len in (2..=run.min(6)).rev() {
                let k = &s[..len];
                if let Some(&(c1, c2)) = markup5ever::data::NAMED_ENTITIES
                    .get(k)
                    .filter(|v| v.0 != 0)
                {
                    if in_attr
                        && b.get(len)
                            .is_some_and(|c| *c == b'=' || c.is_ascii_alphanumeric())
                    {
                        return None;
                    }
                    return Some((chars(c1, c2), len));
                }
            }
            None
        }
        _ => None,
    }
}

fn chars(c1: u32, c2: u32) -> Cow<'static, str> {
    let mut s = String::new();
    s.extend(char::from_u32(c1));
    if c2 != 0 {
        s.extend(char::from_u32(c2));
    }
    Cow::Owned(s)
}

/// Whether a doctype's content (after `<!DOCTYPE`) puts the page in quirks mode:
/// another name than `html`, or an old public identifier (HTML 2–4.0, HTML 4.01
/// Transitional or Frameset without a system identifier).
fn doctype_quirks(inner: &str) -> bool {
    let lower = inner.trim().to_ascii_lowercase();
    let mut words = lower.split_ascii_whitespace();
    if words.next() != Some("html") {
        return true;
    }
    let Some(p) = lower.find("public") else {
        return false;
    };
    let after = &lower[p + 6..];
    let mut ids = after.split(['"', '\'']).skip(1).step_by(2);
    let public = ids.next().unwrap_or("");
    let has_system = ids.next().is_some();
    const OLD: &[&str] = &[
        "-//w3o//",
        "-//ietf//dtd html",
        "-//w3c//dtd html 3",
        "-//w3c//dtd html 4.0 transitional",
        "-//w3c//dtd html 4.0 frameset",
        "-//w3c//dtd w3 html",
        "-//netscape comm. corp.//",
        "-//microsoft//",
        "-//softquad",
        "-//spyglass//",
        "-//webtechs//",
        "-//o'reilly and associates//",
        "-//sun microsystems corp.//",
        "-//sq//dtd html 2.0",
        "-//as//dtd html 3.0",
        "-//advasoft ltd//",
        "+//silmaril//",
        "-//metrius//",
    ];
    OLD.iter().any(|o| public.starts_with(o))
        || (!has_system
            && (public.starts_with("-//w3c//dtd html 4.01 transitional")
                || public.starts_with("-//w3c//dtd html 4.01 frameset")))
}
