//! Plain text → Article: title from the first line, captions and credits apart, page
//! residue removed with a reason. `Article.text` keeps the input's characters: each
//! body paragraph is a verbatim slice of the input, and the alignment records where.

use crate::lexicon::{Credits, Residue};
use crate::{detect_language, Extracted};
use dateline_core::{Article, Caption, Field, Page, Provenance, RemovalReason, Removed, Span};
use regex::Regex;
use std::borrow::Cow;

/// The plain-text extractor.
#[derive(Clone, Debug)]
pub struct TextExtractor {
    residue: Residue,
    credits: Credits,
    byline: Regex,
}

impl Default for TextExtractor {
    fn default() -> Self {
        TextExtractor::new(Residue::builtin(), Credits::builtin())
    }
}

/// One unit of the input: a line, or a hard-wrapped block of lines.
struct Unit<'a> {
    text: Cow<'a, str>,
    input: Span,
}

impl TextExtractor {
    /// An extractor with the given lexicons.
    pub fn new(residue: Residue, credits: Credits) -> TextExtractor {
        TextExtractor {
            residue,
            credits,
            byline: Regex::new(
                r"^(?i:by|from)\s+(?P<names>\p{Lu}[\p{L}.'’\-]*(?:\s+\p{Lu}[\p{L}.'’\-]*){0,3}(?:\s*(?:,|\band\b|&)\s*\p{Lu}[\p{L}.'’\-]*(?:\s+\p{Lu}[\p{L}.'’\-]*){0,3})*)\s*(?:[,|–—-].{0,60})?$",
            )
            .expect("static pattern"),
        }
    }

    /// Extracts the article from a plain-text page.
    pub fn extract(&self, page: &Page) -> Extracted {
        let mut warnings = Vec::new();
        let bytes = &page.bytes;
        let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        if let Err(e) = std::str::from_utf8(&bytes[bom..]) {
            warnings.push(format!(
                "invalid UTF-8 at byte {} (decoded lossily: bad sequences became U+FFFD)",
                bom + e.valid_up_to()
            ));
        }
        let units = units(bytes, bom);
        let mut article = Article {
            source: page.source.clone(),
            ..Article::default()
        };
        let mut body: Vec<(String, Span)> = Vec::new();
        let mut in_related = false;
        let first_unit_is_title = units.len() > 1 && units[0].text.trim().len() <= 300;
        for (i, unit) in units.iter().enumerate() {
            let text = unit.text.trim();
            if i == 0 && first_unit_is_title {
                article.title = Some(Field::new(text.to_string(), Provenance::FirstLine));
                continue;
            }
            if let Some((reason, rule)) = self.residue.classify(text) {
                in_related = reason == RemovalReason::RelatedLinks;
                article.removed.push(Removed {
                    text: text.to_string(),
                    reason,
                    rule: rule.to_string(),
                    input_span: Some(unit.input),
                });
                continue;
            }
            if in_related && text.len() < 150 && !text.ends_with(['.', '!', '?', '"', '”']) {
                article.removed.push(Removed {
                    text: text.to_string(),
                    reason: RemovalReason::RelatedLinks,
                    rule: "headline under a related-links heading".into(),
                    input_span: Some(unit.input),
                });
                continue;
            }
            in_related = false;
            if let Some((caption, credit)) = self.credits.caption(text) {
                article.captions.push(Caption {
                    text: caption.to_string(),
                    credit: credit.map(str::to_string),
                    input_span: unit.input,
                });
                continue;
            }
            if i <= 4 && article.byline.is_none() && body.is_empty() {
                if let Some(c) = self.byline.captures(text) {
                    article.byline = Some(Field::new(text.to_string(), Provenance::Text));
                    article.authors = split_names(&c["names"]);
                    continue;
                }
            }
            // Keep the input's characters: trim only surrounding whitespace.
            let lead = unit.text.len() - unit.text.trim_start().len();
            let start = unit.input.start() + lead;
            body.push((text.to_string(), Span::new(start, start + text.len())));
        }
        article.set_body(body.iter().map(|(t, s)| (t.as_str(), *s)));
        if let Some(url) = &page.url {
            article.url = Some(Field::new(url.clone(), Provenance::Transport));
        }
        if let Some(site) = &page.site_override {
            article.site = Some(Field::new(site.clone(), Provenance::User));
        }
        if let Some(date) = &page.published_override {
            article.published = Some(Field::new(date.clone(), Provenance::User));
        }
        article.language =
            detect_language(&article.text).map(|l| Field::new(l.to_string(), Provenance::Detected));
        Extracted { article, warnings }
    }
}

/// Splits the input into units: lines, or blocks of hard-wrapped lines.
fn units(bytes: &[u8], bom: usize) -> Vec<Unit<'_>> {
    // Lines with their input spans (line terminators excluded).
    let mut lines: Vec<Span> = Vec::new();
    let mut start = bom;
    for (i, &b) in bytes.iter().enumerate().skip(bom) {
        if b == b'\n' {
            let end = if i > start && bytes[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            lines.push(Span::new(start, end));
            start = i + 1;
        }
    }
    if start < bytes.len() {
        lines.push(Span::new(start, bytes.len()));
    }
    let text_of = |s: Span| String::from_utf8_lossy(&bytes[s.start()..s.end()]);
    let blank = |s: Span| {
        bytes[s.start()..s.end()]
            .iter()
            .all(u8::is_ascii_whitespace)
    };
    let has_blank_lines = lines.iter().any(|&s| blank(s));
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if blank(lines[i]) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        // A block of consecutive non-blank lines where every line but the last looks
        // hard-wrapped (long, no closing punctuation) is one paragraph.
        if has_blank_lines {
            while j < lines.len() && !blank(lines[j]) {
                let prev = text_of(lines[j - 1]);
                let prev = prev.trim_end();
                let wrapped = prev.len() >= 50 && !prev.ends_with(['.', '!', '?', '"', '”', ':']);
                if !wrapped {
                    break;
                }
                j += 1;
            }
        }
        let span = Span::new(lines[i].start(), lines[j - 1].end());
        out.push(Unit {
            text: text_of(span),
            input: span,
        });
        i = j;
    }
    out
}

fn split_names(names: &str) -> Vec<String> {
    names
        .split([',', '&'])
        .flat_map(|p| p.split(" and "))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty() && !is_role(s))
        .collect()
}

/// Job titles and desks that follow names in bylines ("Staff Writers").
fn is_role(s: &str) -> bool {
    const ROLE: &[&str] = &[
        "staff",
        "writer",
        "writers",
        "correspondent",
        "correspondents",
        "reporter",
        "reporters",
        "editor",
        "editors",
        "contributor",
        "bureau",
        "desk",
        "press",
        "agency",
        "news",
        "columnist",
        "producer",
    ];
    s.split_whitespace()
        .any(|w| ROLE.contains(&w.to_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_ingest::page_from_bytes;

    fn extract(text: &str) -> Article {
        let page = page_from_bytes("t.txt", dateline_core::InputFormat::Text, text.into());
        TextExtractor::default().extract(&page).article
    }

    #[test]
    fn text_extract_title_captions_residue_and_body() {
        let input = "Harbour deal signed after long talks\n\n\
            Dock workers wave at the port of Valdora, March 3, 2024. REUTERS/Ana Lopes\n\n\
            VALDORA (Reuters) - The two ports agreed on Tuesday to share a pilot service.\n\n\
            \u{201c}It is a good day,\u{201d} the mayor said.\n\n\
            Share this article\n\
            Related articles\n\
            Port strike ends in Maris\n\
            Leave a Reply\n";
        let a = extract(input);
        assert_eq!(
            a.title.as_ref().unwrap().value,
            "Harbour deal signed after long talks"
        );
        assert_eq!(a.captions.len(), 1);
        assert_eq!(a.captions[0].credit.as_deref(), Some("REUTERS/Ana Lopes"));
        assert_eq!(a.paragraphs.len(), 2);
        assert!(a.text.starts_with("VALDORA (Reuters)"));
        assert!(!a.text.contains("Share this"));
        let reasons: Vec<_> = a.removed.iter().map(|r| r.reason).collect();
        assert_eq!(
            reasons,
            [
                RemovalReason::ShareBar,
                RemovalReason::RelatedLinks,
                RemovalReason::RelatedLinks,
                RemovalReason::CommentForm
            ]
        );
        // Every body paragraph is a verbatim slice of the input.
        for p in &a.paragraphs {
            let input_span = a.alignment.span_to_input(*p).unwrap();
            assert_eq!(p.slice(&a.text), input_span.slice(input));
        }
        assert_eq!(a.body_start, input.find("VALDORA").unwrap());
    }

    #[test]
    fn text_extract_hard_wrapped_paragraphs_stay_whole() {
        let input = "Title line\n\nThis paragraph was wrapped by an old mail client at a\nfixed column so it spans two lines.\n\nSecond one.\n";
        let a = extract(input);
        assert_eq!(a.paragraphs.len(), 2);
        assert!(a.text.contains("at a\nfixed column"));
    }

    #[test]
    fn text_extract_byline_is_metadata_not_body() {
        let a = extract("Storm hits coast\nBy Mara Quell and Tom Ivers, Staff Writers\nThe storm came ashore at dawn.\n");
        assert_eq!(a.authors, ["Mara Quell", "Tom Ivers"]);
        assert_eq!(a.text, "The storm came ashore at dawn.");
    }
}
