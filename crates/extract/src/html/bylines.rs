//! Author names out of bylines and author metadata.
//!
//! What surrounds a name ("Written by", "| Staff Writer", "Updated March 3", "Zeige
//! alle Beiträge von") is data: `knowledge/extract/bylines.tsv`, read word by word
//! and case-insensitively. [`clean_author`] applies it and then the checks that are
//! not words: URLs, e-mail addresses, user names, dates, relative times, site names.

use super::dates::parse_date;
use super::meta::norm;
use super::scan::{collapse, decode_entities};
use crate::lexicon::LexiconError;
use std::sync::LazyLock;

const BYLINES_TSV: &str = include_str!("../../../../knowledge/extract/bylines.tsv");

/// The byline lexicon: each entry a lower-cased word sequence.
#[derive(Clone, Debug, Default)]
pub struct Bylines {
    prefixes: Vec<Vec<String>>,
    cuts: Vec<Vec<String>>,
    cut_last: Vec<String>,
    junk: Vec<Vec<String>>,
    junk_start: Vec<Vec<String>>,
}

impl Bylines {
    /// The built-in lexicon.
    pub fn builtin() -> &'static Bylines {
        static BUILTIN: LazyLock<Bylines> = LazyLock::new(|| {
            Bylines::parse("bylines.tsv", BYLINES_TSV).expect("built-in bylines.tsv is valid")
        });
        &BUILTIN
    }

    /// Parses the `bylines.tsv` format, validating every line.
    pub fn parse(file: &str, text: &str) -> Result<Bylines, LexiconError> {
        let mut b = Bylines::default();
        for (line, kind, words) in crate::lexicon::rows(file, text) {
            let err = |message: String| LexiconError {
                file: file.to_string(),
                line,
                message,
            };
            let words: Vec<String> = words.split_whitespace().map(str::to_lowercase).collect();
            if words.is_empty() {
                return Err(err(format!("`{kind}` without text")));
            }
            match kind {
                "prefix" => b.prefixes.push(words),
                "cut" => b.cuts.push(words),
                "cut_last" if words.len() == 1 => b.cut_last.extend(words),
                "cut_last" => return Err(err("`cut_last` takes one word".into())),
                "junk" => b.junk.push(words),
                "junk_start" => b.junk_start.push(words),
                other => {
                    return Err(err(format!(
                        "unknown kind `{other}` (prefix, cut, cut_last, junk or junk_start)"
                    )))
                }
            }
        }
        // Longest first, so that "written by" is tried before "by".
        b.prefixes.sort_by_key(|p| std::cmp::Reverse(p.len()));
        Ok(b)
    }
}

/// A word compared with lexicon words: lower case, without the punctuation around it.
fn key(word: &str) -> String {
    let t = word.trim_matches(|c: char| matches!(c, ':' | ',' | ';' | '.' | '(' | ')'));
    if t.is_empty() {
        word.to_lowercase()
    } else {
        t.to_lowercase()
    }
}

/// With `p`'s last word glued to a capitalised name (`["von"]` on `vonChris`): the
/// prefix and the name part of that word.
fn glued<'a>(
    words: &[&'a str],
    keys: &[String],
    p: &'a [String],
) -> Option<(&'a [String], &'a str)> {
    let (last, head) = p.split_last()?;
    // Not for a lone short label: "DiMaggio" is a name, not "di" + "Maggio".
    if (head.is_empty() && last.chars().count() < 3)
        || keys.len() < p.len()
        || !starts_with(keys, head)
    {
        return None;
    }
    let word = words[head.len()];
    let cut = word
        .char_indices()
        .nth(last.chars().count())
        .map(|(i, _)| i)?;
    let (label, rest) = word.split_at(cut);
    (label.to_lowercase() == *last && rest.chars().next().is_some_and(char::is_uppercase))
        .then_some((p, rest))
}

fn starts_with(words: &[String], seq: &[String]) -> bool {
    words.len() >= seq.len() && words.iter().zip(seq).all(|(w, s)| w == s)
}

/// Cleans one author string: drops "By", roles, dates, e-mail and junk; `None` when
/// nothing name-like remains.
pub fn clean_author(raw: &str, site: Option<&str>) -> Option<String> {
    let lex = Bylines::builtin();
    let decoded = decode_entities(raw);
    if decoded.contains("://") {
        // URLs are not names.
        return None;
    }
    let text = collapse(&decoded)
        .split_whitespace()
        // E-mail addresses, plain or spelled out ("name[at]site.net").
        .filter(|w| !w.contains('@') && !w.contains("[at]") && !w.contains("(at)"))
        .collect::<Vec<_>>()
        .join(" ");
    clean_words(&text, lex, site)
}

fn clean_words(text: &str, lex: &Bylines, site: Option<&str>) -> Option<String> {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    if text.len() > 240 {
        return None;
    }
    // Labels before the name, possibly several ("Text von Anna Roe").
    for _ in 0..3 {
        let keys: Vec<String> = words.iter().map(|w| key(w)).collect();
        if let Some(p) = lex.prefixes.iter().find(|p| starts_with(&keys, p)) {
            words.drain(..p.len());
            continue;
        }
        // A label glued to the name by the markup ("Veröffentlicht vonChris Jung").
        let Some((p, rest)) = lex.prefixes.iter().find_map(|p| glued(&words, &keys, p)) else {
            break;
        };
        words.drain(..p.len());
        words.insert(0, rest);
    }
    // The name ends before a role, a date or "Updated …".
    let keys: Vec<String> = words.iter().map(|w| key(w)).collect();
    if let Some(at) = (1..keys.len()).find(|&i| lex.cuts.iter().any(|c| starts_with(&keys[i..], c)))
    {
        words.truncate(at);
    }
    while words
        .last()
        .is_some_and(|w| lex.cut_last.iter().any(|c| *c == key(w)))
    {
        words.pop();
    }
    let s = words
        .join(" ")
        .trim()
        .trim_matches(|c: char| c == ',' || c == ':' || c == '|' || c == '·')
        .trim()
        .to_string();
    if s.is_empty() {
        return None;
    }
    let keys: Vec<String> = s.split_whitespace().map(key).collect();
    if lex.junk.contains(&keys) || lex.junk_start.iter().any(|j| starts_with(&keys, j)) {
        return None;
    }
    let l = s.to_lowercase();
    if l.contains("ago") && l.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    if parse_date(&s).is_some() || s.chars().filter(|c| c.is_ascii_digit()).count() > 2 {
        return None;
    }
    if site.is_some_and(|site| norm(site) == norm(&s)) {
        return None;
    }
    if keys.len() > 8 || !s.chars().next().is_some_and(char::is_alphabetic) {
        return None;
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_roles_and_dates_around_a_name_are_dropped() {
        let c = |s: &str| clean_author(s, None);
        assert_eq!(c("By Jane Roe").as_deref(), Some("Jane Roe"));
        assert_eq!(c("Written by: Jane Roe").as_deref(), Some("Jane Roe"));
        assert_eq!(
            c("Zeige alle Beiträge von Petra Muster").as_deref(),
            Some("Petra Muster")
        );
        assert_eq!(
            c("Text von Anna Beispiel").as_deref(),
            Some("Anna Beispiel")
        );
        assert_eq!(c("Jane Roe | Staff Writer").as_deref(), Some("Jane Roe"));
        assert_eq!(
            c("Jane Roe Contributing Writer").as_deref(),
            Some("Jane Roe")
        );
        assert_eq!(c("Jane Roe, Updated March 3").as_deref(), Some("Jane Roe"));
        assert_eq!(c("Jane Roe December").as_deref(), Some("Jane Roe"));
        assert_eq!(c("Jane Roe Last").as_deref(), Some("Jane Roe"));
        assert_eq!(c("Haus Beispiel vor").as_deref(), Some("Haus Beispiel"));
        assert_eq!(c("Jane &amp; John Roe").as_deref(), Some("Jane & John Roe"));
        // Names that look like labels, months or roles stay.
        assert_eq!(c("Byron Smith").as_deref(), Some("Byron Smith"));
        assert_eq!(c("Theresa May").as_deref(), Some("Theresa May"));
        assert_eq!(c("DiMaggio Roe").as_deref(), Some("DiMaggio Roe"));
        assert_eq!(c("August Wilson").as_deref(), Some("August Wilson"));
    }

    #[test]
    fn values_that_are_no_name_give_none() {
        for junk in [
            "Email the author",
            "3 hours ago",
            "The Author",
            "Author",
            "No author",
            "Updated January",
            "October",
            "jroe[at]example.net",
            "https://example.net/jane",
        ] {
            assert_eq!(clean_author(junk, None), None, "{junk}");
        }
        assert_eq!(clean_author("Harbour Times", Some("Harbour Times")), None);
    }

    #[test]
    fn a_bad_lexicon_line_is_named() {
        let err = Bylines::parse("b.tsv", "prefix\tby\nsuffix\tx\n").unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("b.tsv", 2));
        let err = Bylines::parse("b.tsv", "cut_last\ttwo words\n").unwrap_err();
        assert_eq!(err.line, 1);
    }
}
