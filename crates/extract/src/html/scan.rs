//! A light, position-keeping pass over the HTML source.
//!
//! html5ever's tree has no source positions, so this scanner walks the page once
//! more, cheaply, to keep the way back to the bytes: it records every visible text
//! node with its byte range, the elements that are page chrome (by tag, or by a
//! class/id hint from `knowledge/extract/boilerplate.tsv`) and caption elements.
//! Body paragraphs chosen on the tree are then found again in the text-node stream
//! ([`Scan::locate`]), which gives their byte ranges in the page.
//!
//! With our own tree ([`crate::html::dom`]) the same scan is built while the tree
//! is: the builder reports elements and text with their byte ranges to a
//! [`ScanSink`], so the page is tokenized once, and elements end where the tree
//! ends them. [`Scan::new`] remains for the html5ever path and for comparison
//! (`HtmlExtractor::with_separate_scan`).

use crate::lexicon::{Fnv, Hints};
use dateline_core::{RemovalReason, Span};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// A visible text node: its non-whitespace characters occupy `stream` in
/// [`Scan::stream`] and came from `source` in the page.
#[derive(Clone, Copy, Debug)]
struct TextNode {
    stream: (usize, usize),
    source: (usize, usize),
}

/// An element recognised as page chrome.
#[derive(Clone, Debug)]
pub struct Region {
    /// Why it is chrome.
    pub reason: RemovalReason,
    /// What fired (`<nav> element`, `class "share-bar"`).
    pub rule: String,
    /// Byte range of the element in the scanned text.
    pub span: Span,
    /// Nesting depth of the element (outer regions have smaller depth).
    pub depth: usize,
}

/// A caption element (`figcaption`, or a class/id hint naming a caption or credit).
#[derive(Clone, Debug)]
pub struct CaptionElement {
    /// Its text, whitespace collapsed.
    pub text: String,
    /// Byte range of the element in the scanned text.
    pub span: Span,
    /// Whether the element is only a credit (`class="credit"`).
    pub credit_only: bool,
}

/// The result of a scan.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    /// The visible text with all whitespace removed: the coordinate system for
    /// locating paragraphs whatever spacing the tree extraction chose.
    pub stream: String,
    nodes: Vec<TextNode>,
    /// Chrome elements, in document order of their start.
    pub regions: Vec<Region>,
    /// Caption elements.
    pub captions: Vec<CaptionElement>,
    cursor: usize,
}

/// What the scanner does with an element, by its (lower-cased) tag name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    /// Page chrome by its tag: the reason and the rule.
    Chrome(RemovalReason, &'static str),
    /// Content that is no visible text (`script`, `style` …): skipped up to the
    /// closing tag, whose start (`</script`) this is.
    Skip(&'static str),
    /// An element without content (`br`, `img` …).
    Void,
    /// `figcaption`.
    Figcaption,
    /// `body`, `html`, `article`, `main`: never chrome, whatever their class.
    Container,
    /// Any other element.
    Other,
}

fn tag_of(lower: &[u8]) -> Tag {
    match lower {
        b"nav" => Tag::Chrome(RemovalReason::Navigation, "<nav> element"),
        b"header" => Tag::Chrome(RemovalReason::Navigation, "<header> element"),
        b"footer" => Tag::Chrome(RemovalReason::Legal, "<footer> element"),
        b"aside" => Tag::Chrome(RemovalReason::RelatedLinks, "<aside> element"),
        b"form" => Tag::Chrome(RemovalReason::CommentForm, "<form> element"),
        b"script" => Tag::Skip("</script"),
        b"style" => Tag::Skip("</style"),
        b"noscript" => Tag::Skip("</noscript"),
        b"template" => Tag::Skip("</template"),
        b"svg" => Tag::Skip("</svg"),
        b"title" => Tag::Skip("</title"),
        b"textarea" => Tag::Skip("</textarea"),
        b"select" => Tag::Skip("</select"),
        b"area" | b"base" | b"br" | b"col" | b"embed" | b"hr" | b"img" | b"input" | b"link"
        | b"meta" | b"source" | b"track" | b"wbr" | b"param" => Tag::Void,
        b"figcaption" => Tag::Figcaption,
        b"body" | b"html" | b"article" | b"main" => Tag::Container,
        _ => Tag::Other,
    }
}

struct Open {
    /// Where the tag name starts in the page, and its length (names are ASCII and
    /// compared case-insensitively).
    name_at: usize,
    name_len: usize,
    start: usize,
    region: Option<(RemovalReason, String)>,
    caption: Option<bool>,
}

/// What a class or id value says ([`Hints::classify`]): the reason (`None`: a
/// caption) and the byte range of the token that fired.
type Hint = Option<(Option<RemovalReason>, usize, usize)>;

/// A per-page memo of [`Hints::classify`]: pages repeat their class values.
#[derive(Default)]
struct HintMemo {
    seen: HashMap<String, Hint, BuildHasherDefault<Fnv>>,
}

/// What an element's class or id makes it: chrome (the reason and the rule that
/// fired) or a caption (`true`: only a credit).
type ClassOrId = (Option<(RemovalReason, String)>, Option<bool>);

impl HintMemo {
    /// The class value, else the id value (`value_of("class")`, `value_of("id")`),
    /// the first that a hint fires on.
    fn class_or_id<S: AsRef<str>>(
        &mut self,
        hints: &Hints,
        mut value_of: impl FnMut(&str) -> Option<S>,
    ) -> ClassOrId {
        for key in ["class", "id"] {
            let Some(value) = value_of(key) else {
                continue;
            };
            let value = value.as_ref();
            match self.classify(hints, value) {
                Some((Some(reason), s, e)) => {
                    // `class "share-bar"` (no `format!`: this runs for every chrome
                    // element of the page).
                    let token = &value[s..e];
                    let mut rule = String::with_capacity(key.len() + token.len() + 3);
                    rule.push_str(key);
                    rule.push_str(" \"");
                    rule.push_str(token);
                    rule.push('"');
                    return (Some((reason, rule)), None);
                }
                Some((None, s, e)) => return (None, Some(value[s..e].contains("credit"))),
                None => continue,
            }
        }
        (None, None)
    }

    fn classify(&mut self, hints: &Hints, value: &str) -> Hint {
        if let Some(h) = self.seen.get(value) {
            return *h;
        }
        let h = hints.classify(value).map(|(reason, token)| {
            let at = token.as_ptr() as usize - value.as_ptr() as usize;
            (reason, at, at + token.len())
        });
        self.seen.insert(value.to_string(), h);
        h
    }
}

impl Scan {
    /// Scans `html` (decoded text). Offsets are byte offsets into it.
    pub fn new(html: &str, hints: &Hints) -> Scan {
        let mut scan = Scan::default();
        let b = html.as_bytes();
        let mut stack: Vec<Open> = Vec::new();
        let mut memo = HintMemo::default();
        let mut i = 0;
        while i < b.len() {
            if b[i] != b'<' {
                let next = memchr(b'<', &b[i..]).map_or(b.len(), |k| i + k);
                scan.push_text(&html[i..next], i);
                i = next;
                continue;
            }
            let rest = &b[i + 1..];
            if rest.starts_with(b"!--") {
                i = memchr::memmem::find(&b[i + 4..], b"-->").map_or(b.len(), |k| i + 4 + k + 3);
                continue;
            }
            if rest.starts_with(b"!") || rest.starts_with(b"?") {
                i = memchr(b'>', &b[i..]).map_or(b.len(), |k| i + k + 1);
                continue;
            }
            let end_tag = rest.starts_with(b"/");
            let name_start = i + 1 + usize::from(end_tag);
            let name_len = b[name_start..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
                .count();
            if name_len == 0 || !b[name_start].is_ascii_alphabetic() {
                // A lone '<' is text.
                scan.push_text("<", i);
                i += 1;
                continue;
            }
            let name = &b[name_start..name_start + name_len];
            let close = tag_end(b, name_start + name_len);
            let attrs_end = if b.get(close.wrapping_sub(1)) == Some(&b'>') {
                close - 1
            } else {
                close
            };
            let raw = &html[name_start + name_len..attrs_end.max(name_start + name_len)];
            if end_tag {
                if let Some(pos) = stack.iter().rposition(|o| {
                    o.name_len == name_len
                        && b[o.name_at..o.name_at + name_len].eq_ignore_ascii_case(name)
                }) {
                    if stack.len() - pos <= 64 {
                        while stack.len() > pos {
                            let open = stack.pop().expect("non-empty");
                            scan.finish(open, i, close, html, stack.len());
                        }
                    }
                }
                i = close;
                continue;
            }
            // Every name the scanner knows is shorter than 16 bytes.
            let mut lower = [0u8; 16];
            let tag = if name_len <= lower.len() {
                lower[..name_len].copy_from_slice(name);
                lower[..name_len].make_ascii_lowercase();
                tag_of(&lower[..name_len])
            } else {
                Tag::Other
            };
            let self_closing = raw.trim_end().ends_with('/');
            if let Tag::Skip(closing) = tag {
                if !self_closing {
                    let skip = find_ci(&html[close..], closing).map_or(b.len(), |k| close + k);
                    i = memchr(b'>', &b[skip..]).map_or(b.len(), |k| skip + k + 1);
                    continue;
                }
            }
            if tag == Tag::Void || self_closing {
                i = close;
                continue;
            }
            let mut region = match tag {
                Tag::Chrome(reason, rule) => Some((reason, rule.to_string())),
                _ => None,
            };
            let mut caption = (tag == Tag::Figcaption).then_some(false);
            // Both attributes need an `=`.
            if region.is_none() && caption.is_none() && raw.as_bytes().contains(&b'=') {
                (region, caption) = memo.class_or_id(hints, |key| attr(raw, key));
            }
            if tag == Tag::Container {
                region = None;
            }
            if stack.len() < 512 {
                stack.push(Open {
                    name_at: name_start,
                    name_len,
                    start: i,
                    region,
                    caption,
                });
            }
            i = close;
        }
        while let Some(open) = stack.pop() {
            scan.finish(open, b.len(), b.len(), html, stack.len());
        }
        scan.regions.sort_by_key(|r| (r.span.start(), r.depth));
        scan
    }

    fn push_text(&mut self, raw: &str, at: usize) {
        let start = self.stream.len();
        let stream = &mut self.stream;
        if raw.contains('&') {
            let decoded = decode_entities(raw);
            for_each_run(&decoded, is_ws, |run| stream.push_str(run));
        } else {
            for_each_run(raw, is_ws, |run| stream.push_str(run));
        }
        if self.stream.len() > start {
            self.nodes.push(TextNode {
                stream: (start, self.stream.len()),
                source: (at, at + raw.len()),
            });
        }
    }

    fn finish(&mut self, open: Open, end: usize, close: usize, html: &str, depth: usize) {
        let span = Span::new(open.start, close.max(end).min(html.len()));
        if let Some((reason, rule)) = open.region {
            self.regions.push(Region {
                reason,
                rule,
                span,
                depth,
            });
        }
        if let Some(credit_only) = open.caption {
            let text = strip_tags(&html[open.start..end.min(html.len())]);
            if !text.is_empty() {
                self.captions.push(CaptionElement {
                    text,
                    span,
                    credit_only,
                });
            }
        }
    }

    /// Finds a paragraph of extracted text in the page and returns the byte range
    /// from its first to its last character. Searching starts after the previous
    /// paragraph found, so repeated phrases resolve in reading order.
    pub fn locate(&mut self, paragraph: &str) -> Option<Span> {
        let (needle, head, tail) = needle_parts(paragraph);
        if needle == 0 {
            return None;
        }
        let (head, tail) = (head.as_str(), tail.as_str());
        let start = self.stream[self.cursor..]
            .find(head)
            .map(|k| self.cursor + k)
            .or_else(|| self.stream.find(head))?;
        let expect_end = start + needle;
        let from = floor(
            &self.stream,
            expect_end.saturating_sub(tail.len() + 64).max(start),
        );
        // The tail must end within 4 KiB after where the needle would: later
        // occurrences end later, so the first one in that window is the one.
        let window_end = floor(&self.stream, expect_end + 4096).max(from);
        let end = match self.stream[from..window_end].find(tail) {
            Some(k) => from + k + tail.len(),
            None => floor(&self.stream, expect_end),
        };
        self.cursor = floor(&self.stream, end);
        let s = self.source_at(start, false)?;
        let e = self.source_at(end, true)?;
        (s < e).then(|| Span::new(s, e))
    }

    /// The source offset of stream offset `at`: the start of the node holding it, or
    /// (for an end) the end of the node holding the character before it.
    fn source_at(&self, at: usize, is_end: bool) -> Option<usize> {
        let probe = if is_end { at.checked_sub(1)? } else { at };
        let i = self.nodes.partition_point(|n| n.stream.1 <= probe);
        let n = self.nodes.get(i)?;
        if probe < n.stream.0 {
            return None;
        }
        // Inside a node with no entities the mapping is exact per character.
        let len_s = n.stream.1 - n.stream.0;
        let len_src = n.source.1 - n.source.0;
        if len_s == len_src {
            return Some(n.source.0 + (at - n.stream.0));
        }
        Some(if is_end { n.source.1 } else { n.source.0 })
    }
}

/// The scan built while our tree builder parses ([`crate::html::dom::Tree::parse_with_scan`]):
/// the builder reports each element it opens and closes and each run of text it
/// inserts, with their byte ranges in the page, so the page is tokenized once.
/// Elements follow the tree (a `<p>` closed by the next one ends there), where
/// [`Scan::new`]'s own pass only closes an element at its end tag.
pub(crate) struct ScanSink<'h> {
    hints: &'h Hints,
    memo: HintMemo,
    scan: Scan,
    /// Open elements that are chrome or captions: (node, depth, state).
    open: Vec<(u32, usize, Open)>,
    /// Open elements whose content is no visible text (`script`, `svg` …).
    hidden: u32,
}

/// Whether an element's content is no visible text (what [`Scan::new`] skips).
fn hides(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "noscript" | "template" | "svg" | "title" | "textarea" | "select"
    )
}

impl<'h> ScanSink<'h> {
    /// An empty scan, classifying class and id values with `hints`.
    pub(crate) fn new(hints: &'h Hints) -> ScanSink<'h> {
        ScanSink {
            hints,
            memo: HintMemo::default(),
            scan: Scan::default(),
            open: Vec::new(),
            hidden: 0,
        }
    }

    /// An element `name` (lower case) opened at byte `start`, `depth` elements deep,
    /// with its `class` and `id` values.
    pub(crate) fn open(
        &mut self,
        node: u32,
        name: &str,
        class_id: [Option<&str>; 2],
        start: usize,
        depth: usize,
    ) {
        if hides(name) {
            self.hidden += 1;
            return;
        }
        if self.hidden > 0 {
            return;
        }
        let tag = if name.len() <= 16 {
            tag_of(name.as_bytes())
        } else {
            Tag::Other
        };
        if tag == Tag::Void {
            return;
        }
        let mut region = match tag {
            Tag::Chrome(reason, rule) => Some((reason, rule.to_string())),
            _ => None,
        };
        let mut caption = (tag == Tag::Figcaption).then_some(false);
        if region.is_none() && caption.is_none() {
            let [class, id] = class_id;
            (region, caption) =
                self.memo
                    .class_or_id(self.hints, |key| if key == "class" { class } else { id });
        }
        if tag == Tag::Container {
            region = None;
        }
        if region.is_some() || caption.is_some() {
            self.open.push((
                node,
                depth,
                Open {
                    name_at: 0,
                    name_len: 0,
                    start,
                    region,
                    caption,
                },
            ));
        }
    }

    /// The element `node` (`name`) closed: its content ends at byte `end`, the
    /// element (with its end tag, if any) at `close`.
    pub(crate) fn close(&mut self, node: u32, name: &str, end: usize, close: usize, html: &str) {
        if hides(name) {
            self.hidden = self.hidden.saturating_sub(1);
            return;
        }
        if let Some(i) = self.open.iter().rposition(|(n, ..)| *n == node) {
            let (_, depth, open) = self.open.remove(i);
            self.scan.finish(open, end, close, html, depth);
        }
    }

    /// A run of text inserted into the tree, from `source` in the page.
    pub(crate) fn text(&mut self, text: &str, source: (usize, usize)) {
        if self.hidden > 0 {
            return;
        }
        let start = self.scan.stream.len();
        for_each_run(text, is_ws, |run| self.scan.stream.push_str(run));
        if self.scan.stream.len() > start {
            self.scan.nodes.push(TextNode {
                stream: (start, self.scan.stream.len()),
                source,
            });
        }
    }

    /// The scan, once the page is parsed (elements still open end with it).
    pub(crate) fn finish(mut self, html: &str) -> Scan {
        while let Some((_, depth, open)) = self.open.pop() {
            self.scan.finish(open, html.len(), html.len(), html, depth);
        }
        self.scan.regions.sort_by_key(|r| (r.span.start(), r.depth));
        self.scan
    }
}

/// Of a paragraph without its whitespace (the needle [`Scan::locate`] looks for):
/// the length, the first 48 bytes and the last 48 bytes (whole characters), without
/// building it.
fn needle_parts(paragraph: &str) -> (usize, String, String) {
    let mut len = 0;
    let mut head = String::with_capacity(48);
    let mut head_done = false;
    for_each_run(paragraph, is_ws, |run| {
        if !head_done {
            let part = prefix(run, 48 - head.len());
            head.push_str(part);
            head_done = part.len() < run.len() || head.len() == 48;
        }
        len += run.len();
    });
    let mut tail_runs: Vec<&str> = Vec::with_capacity(16);
    let mut tail_len = 0;
    for_each_run_rev(paragraph, is_ws, |run| {
        if tail_len >= 48 {
            return false;
        }
        let part = suffix(run, 48 - tail_len);
        tail_len += part.len();
        tail_runs.push(part);
        part.len() == run.len()
    });
    tail_runs.reverse();
    (len, head, tail_runs.concat())
}

fn prefix(s: &str, n: usize) -> &str {
    let mut end = s.len().min(n);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn suffix(s: &str, n: usize) -> &str {
    let mut start = s.len().saturating_sub(n);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

fn floor(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn is_ws(c: char) -> bool {
    c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}'
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    memchr::memchr(needle, hay)
}

/// The index just after the `>` closing a tag whose attributes start at `from`,
/// honouring quoted attribute values.
fn tag_end(b: &[u8], from: usize) -> usize {
    // A runaway quote: after this many bytes, fall back to the first '>'.
    const LIMIT: usize = 16384;
    let window_end = b.len().min(from + LIMIT + 1);
    let w = &b[..window_end];
    let mut quote = 0u8;
    let mut i = from;
    loop {
        // Only quotes and '>' matter outside a value, only the closing quote inside.
        let next = if quote != 0 {
            memchr(quote, &w[i..])
        } else {
            memchr::memchr3(b'"', b'\'', b'>', &w[i..])
        };
        let Some(k) = next else { break };
        i += k;
        let c = w[i];
        if quote != 0 {
            quote = 0;
        } else if c == b'>' {
            return i + 1;
        } else {
            // Only a quote right after '=' (possibly spaced) opens a value.
            let prev = b[from..i].iter().rev().find(|c| !c.is_ascii_whitespace());
            if prev == Some(&b'=') {
                quote = c;
            }
        }
        i += 1;
    }
    if window_end < b.len() || b.len() - from > LIMIT {
        return memchr(b'>', &b[from..]).map_or(b.len(), |k| from + k + 1);
    }
    b.len()
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let first = *n.first()?;
    let mut i = 0;
    // Jump between candidates for the first byte in either case.
    while let Some(k) = memchr::memchr2(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        &h[i..],
    ) {
        let at = i + k;
        if h.len() - at < n.len() {
            return None;
        }
        if h[at..at + n.len()].eq_ignore_ascii_case(n) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// The value of attribute `name` in the attribute part of a raw tag.
pub(crate) fn attr(raw: &str, name: &str) -> Option<String> {
    // The name (any case), right after the start, ASCII whitespace or a quote, and
    // then an `=` after any whitespace. Every such name ends where the whitespace
    // before an `=` starts: the `=` signs are the candidates, in order.
    let bytes = raw.as_bytes();
    let n = name.len();
    for eq in memchr::memchr_iter(b'=', bytes) {
        let at_end = raw[..eq].trim_end().len();
        let Some(at) = at_end.checked_sub(n) else {
            continue;
        };
        if !bytes[at..at_end].eq_ignore_ascii_case(name.as_bytes())
            || !(at == 0 || bytes[at - 1].is_ascii_whitespace() || bytes[at - 1] == b'"')
        {
            continue;
        }
        let v = raw[eq + 1..].trim_start();
        let (q, v) = match v.chars().next() {
            Some(q @ ('"' | '\'')) => (Some(q), &v[1..]),
            _ => (None, v),
        };
        let end = match q {
            Some(q) => v.find(q).unwrap_or(v.len()),
            None => v
                .find(|c: char| c.is_whitespace() || c == '>')
                .unwrap_or(v.len()),
        };
        return Some(decode_entities(&v[..end]));
    }
    None
}

/// Tag-stripped, entity-decoded, whitespace-collapsed text of an HTML fragment
/// (script and style content dropped).
pub(crate) fn strip_tags(html: &str) -> String {
    strip_tags_limited(html, usize::MAX)
}

/// [`strip_tags`], or a prefix of it longer than `limit` bytes: the fragment is read
/// only as far as needed to tell.
pub(crate) fn strip_tags_limited(html: &str, limit: usize) -> String {
    let mut next_check = limit.saturating_add(1);
    let mut out = String::new();
    let b = html.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<' {
            // The six characters after '<' (none when fewer, or when the sixth
            // byte ends inside a character), compared without case.
            let head = html[i + 1..].get(..6).unwrap_or("").as_bytes();
            let close = memchr(b'>', &b[i..]).map_or(b.len(), |k| i + k + 1);
            let script = head.eq_ignore_ascii_case(b"script");
            if script
                || head
                    .get(..5)
                    .is_some_and(|h| h.eq_ignore_ascii_case(b"style"))
            {
                let name = if script { "</script" } else { "</style" };
                i = find_ci(&html[close..], name)
                    .map(|k| close + k)
                    .map_or(b.len(), |k| {
                        memchr(b'>', &b[k..]).map_or(b.len(), |e| k + e + 1)
                    });
                continue;
            }
            out.push(' ');
            i = close;
            // After a tag no entity or word is cut: the text so far, decoded and
            // collapsed, is a prefix of the whole.
            if out.len() >= next_check {
                let text = collapse(&decode_entities(&out));
                if text.len() > limit {
                    return text;
                }
                next_check = out.len().saturating_mul(2);
            }
        } else {
            let next = memchr(b'<', &b[i..]).map_or(b.len(), |k| i + k);
            out.push_str(&html[i..next]);
            i = next;
        }
    }
    collapse(&decode_entities(&out))
}

/// Collapses runs of whitespace to one space and trims.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for_each_run(s, char::is_whitespace, |w| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    });
    out
}

/// Like [`for_each_run`], from the last run backwards, while `f` returns true.
fn for_each_run_rev<'s>(s: &'s str, ws: impl Fn(char) -> bool, mut f: impl FnMut(&'s str) -> bool) {
    let mut end = s.len();
    let mut i = s.len();
    for (at, c) in s.char_indices().rev() {
        if ws(c) {
            if at + c.len_utf8() < end && !f(&s[at + c.len_utf8()..end]) {
                return;
            }
            end = at;
        }
        i = at;
    }
    if i < end {
        f(&s[i..end]);
    }
}

/// Calls `f` on each maximal run of `s` without characters that `ws` accepts, in
/// order (`str::split_whitespace` for `char::is_whitespace`). `ws` must accept the
/// ASCII whitespace of `char::is_whitespace` (tab, line feed, vertical tab, form
/// feed, carriage return, space) and no other ASCII character: ASCII bytes are
/// tested without decoding.
fn for_each_run(s: &str, ws: impl Fn(char) -> bool, mut f: impl FnMut(&str)) {
    let b = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let len = if c < 0x80 {
            if !matches!(c, b'\t'..=b'\r' | b' ') {
                i += 1;
                continue;
            }
            1
        } else {
            let ch = s[i..].chars().next().expect("char boundary");
            if !ws(ch) {
                i += ch.len_utf8();
                continue;
            }
            ch.len_utf8()
        };
        if run < i {
            f(&s[run..i]);
        }
        i += len;
        run = i;
    }
    if run < b.len() {
        f(&s[run..]);
    }
}

/// Decodes the common named and all numeric character references.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k]);
        rest = &rest[k..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|e| e + 1)
            .filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
            } else if let Some(num) = name.strip_prefix('#') {
                num.parse().ok().and_then(char::from_u32)
            } else {
                named_entity(name)
            };
            let len = if rest.as_bytes().get(e) == Some(&b';') {
                e + 1
            } else {
                e
            };
            c.map(|c| (c, len))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "rsquo" => '’',
        "lsquo" => '‘',
        "ldquo" => '“',
        "rdquo" => '”',
        "sbquo" => '‚',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "middot" => '·',
        "bull" => '•',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "para" => '¶',
        "times" => '×',
        "divide" => '÷',
        "shy" => '\u{ad}',
        "thinsp" => '\u{2009}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "zwj" => '\u{200d}',
        "zwnj" => '\u{200c}',
        "auml" => 'ä',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "Auml" => 'Ä',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "szlig" => 'ß',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "Eacute" => 'É',
        "aacute" => 'á',
        "agrave" => 'à',
        "acirc" => 'â',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "ntilde" => 'ñ',
        "ccedil" => 'ç',
        "iquest" => '¿',
        "iexcl" => '¡',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_locates_paragraphs_in_page_bytes() {
        let html = "<div class=\"story\"><p>First  line &amp; more.</p>\n<p>Second <b>bold</b> line.</p></div>";
        let mut s = Scan::new(html, &Hints::builtin());
        let a = s.locate("First line & more.").unwrap();
        assert_eq!(a.slice(html), "First  line &amp; more.");
        let b = s.locate("Second bold line.").unwrap();
        assert_eq!(b.slice(html), "Second <b>bold</b> line.");
    }

    #[test]
    fn needle_parts_match_the_whitespace_free_paragraph() {
        for p in [
            "",
            "   ",
            "short one",
            "Ein sehr langer Absatz über Änderungen, Straßen und Plätze in der Stadt, mit Umlauten überall.",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbé",
            "x\u{200b}y\u{feff} z\u{a0}w\t\u{3000}日本語のテキストがここにあります、とても長い文章です。さらに続きます。",
            "€€€€€€€€€€€€€€€€ €€€€€€€€€€€€€€€€ €€€€€€€€€€€€€€€€ €€€€€€€€",
        ] {
            let needle: String = p.chars().filter(|c| !is_ws(*c)).collect();
            let (len, head, tail) = needle_parts(p);
            assert_eq!(len, needle.len(), "{p}");
            assert_eq!(head, prefix(&needle, 48), "{p}");
            assert_eq!(tail, suffix(&needle, 48), "{p}");
        }
    }

    #[test]
    fn strip_tags_limited_is_a_prefix_of_strip_tags() {
        let html = "<div><script>var a = '<p>';</script><p>One &amp; two</p>\n<STYLE>p{}</STYLE>\
<p>three&nbsp;four</p><ul><li>five</li><li>six seven eight</li></ul></div>";
        let full = strip_tags(html);
        assert_eq!(full, "One & two three four five six seven eight");
        for limit in [0, 3, 10, 20, 1000] {
            let part = strip_tags_limited(html, limit);
            assert!(full.starts_with(&part), "{limit}");
            assert!(part.len() > limit || part == full, "{limit}");
        }
    }

    #[test]
    fn scan_records_chrome_and_captions() {
        let html = "<nav><a>Home</a></nav><div class=\"share-tools\">Share</div>\
<figure><img src=a.jpg><figcaption>Boats at dawn. Photo: J. Roe</figcaption></figure>";
        let s = Scan::new(html, &Hints::builtin());
        let reasons: Vec<_> = s.regions.iter().map(|r| r.reason).collect();
        assert_eq!(
            reasons,
            [RemovalReason::Navigation, RemovalReason::ShareBar]
        );
        assert_eq!(
            s.regions[1].span.slice(html),
            "<div class=\"share-tools\">Share</div>"
        );
        assert_eq!(s.captions[0].text, "Boats at dawn. Photo: J. Roe");
    }

    #[test]
    fn scan_built_with_the_tree_agrees_with_the_scan_of_its_own() {
        use crate::html::dom::Tree;
        let html =
            "<html><head><title>Not body</title><script>var x = '<p>no</p>';</script></head>\
<body><nav><a>Home</a></nav><div class=\"share-tools\">Share</div>\
<div class=\"story\"><p>First  line &amp; more.</p>\n<p>Second <b>bold</b> line.</p></div>\
<figure><img src=a.jpg><figcaption>Boats at dawn. Photo: J. Roe</figcaption></figure>\
<select><option>Pick one</option></select><svg><text>chart label</text></svg></body></html>";
        let hints = Hints::builtin();
        let mut own = Scan::new(html, &hints);
        let (_, mut with_tree) = Tree::parse_with_scan(html, &hints);
        assert_eq!(with_tree.stream, own.stream);
        assert!(!with_tree.stream.contains("Notbody") && !with_tree.stream.contains("chart"));
        let spans = |s: &Scan| {
            s.regions
                .iter()
                .map(|r| (r.reason, r.span))
                .collect::<Vec<_>>()
        };
        assert_eq!(spans(&with_tree), spans(&own));
        assert_eq!(with_tree.captions[0].text, own.captions[0].text);
        for p in ["First line & more.", "Second bold line."] {
            assert_eq!(with_tree.locate(p), own.locate(p));
        }
    }

    #[test]
    fn scan_built_with_the_tree_ends_elements_where_the_tree_does() {
        use crate::html::dom::Tree;
        // The share line's <p> is never closed: a <div> ends it in the tree (as in
        // browsers), where a scan of its own lets it run to the end of the page
        // and take the story with it.
        let html = "<p class=\"share-tools\">Share<div><p>The story itself, which is not chrome.</p></div>";
        let (_, mut s) = Tree::parse_with_scan(html, &Hints::builtin());
        assert_eq!(s.regions.len(), 1);
        let story = s.locate("The story itself, which is not chrome.").unwrap();
        assert!(s.regions[0].span.end() <= story.start());
        let own = Scan::new(html, &Hints::builtin());
        assert!(own.regions[0].span.end() > story.start());
    }

    #[test]
    fn attr_finds_the_named_attribute_only() {
        let a = |raw: &str, name: &str| attr(raw, name);
        assert_eq!(a(r#" id="x" class="a b""#, "class").as_deref(), Some("a b"));
        assert_eq!(a(r#" CLASS = 'a'"#, "class").as_deref(), Some("a"));
        assert_eq!(
            a(r#" data-class="no" class=yes>"#, "class").as_deref(),
            Some("yes")
        );
        assert_eq!(a(r#" subclass="no""#, "class"), None);
        assert_eq!(a(r#" classy="no""#, "class"), None);
        assert_eq!(a(r#" uuid="1" id="2""#, "id").as_deref(), Some("2"));
        assert_eq!(a(r#" alt="x"id="3""#, "id").as_deref(), Some("3"));
        assert_eq!(a(r#" class="a&amp;b""#, "class").as_deref(), Some("a&b"));
        assert_eq!(a(" class\u{a0}= \"nb\"", "class").as_deref(), Some("nb"));
        assert_eq!(a(" class", "class"), None);
        assert_eq!(a("=x", "class"), None);
    }

    #[test]
    fn scan_survives_broken_markup() {
        for html in [
            "<",
            "<p",
            "<a href=\"x>y",
            "</div></div><p>x",
            "<!--",
            "<script>x",
        ] {
            let mut s = Scan::new(html, &Hints::builtin());
            let _ = s.locate("x");
        }
    }
}
