//! The segmentation knowledge compiled in from `knowledge/text/`, validated on first use.

use crate::TextError;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// How an abbreviation behaves at a possible sentence end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AbbrevClass {
    /// Precedes a name or number ("Gen.", "No."); never ends a sentence.
    Title,
    /// A month or weekday ("Jan.", "Fri.").
    Month,
    /// May end a sentence ("Inc.", "U.S.") when the next word opens one.
    Other,
}

/// The compiled segmentation lexicon.
#[derive(Debug)]
pub struct Lexicon {
    abbrevs: HashMap<String, AbbrevClass>,
    starters: HashSet<String>,
    prefixes: HashSet<String>,
}

const ABBREV_FILE: &str = "knowledge/text/abbreviations.tsv";
const STARTER_FILE: &str = "knowledge/text/sentence_starters.txt";
const PREFIX_FILE: &str = "knowledge/text/hyphen_prefixes.txt";

fn data_lines<'a>(src: &'a str) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    src.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

fn word_list(file: &str, src: &str) -> Result<HashSet<String>, TextError> {
    let mut set = HashSet::new();
    for (line, l) in data_lines(src) {
        let w = l.trim();
        if w.contains(char::is_whitespace) || w.chars().any(|c| c.is_uppercase()) {
            return Err(TextError::Lexicon {
                file: file.to_string(),
                line,
                message: format!("expected one lower-case word, found {w:?}"),
            });
        }
        set.insert(w.to_string());
    }
    Ok(set)
}

impl Lexicon {
    /// Parses the three knowledge files; a malformed line is an error naming file and line.
    pub fn parse(abbrevs: &str, starters: &str, prefixes: &str) -> Result<Lexicon, TextError> {
        let mut map = HashMap::new();
        for (line, l) in data_lines(abbrevs) {
            let err = |message: String| TextError::Lexicon {
                file: ABBREV_FILE.to_string(),
                line,
                message,
            };
            let (class, word) = l
                .split_once('\t')
                .ok_or_else(|| err(format!("expected `class<TAB>abbreviation`, found {l:?}")))?;
            let class = match class {
                "title" => AbbrevClass::Title,
                "month" => AbbrevClass::Month,
                "other" => AbbrevClass::Other,
                c => return Err(err(format!("unknown class {c:?} (title, month, other)"))),
            };
            if !word.ends_with('.') || word.contains(char::is_whitespace) || word.len() < 2 {
                return Err(err(format!(
                    "abbreviation {word:?} must be one word ending in a period"
                )));
            }
            if word.chars().all(|c| !c.is_uppercase()) {
                let mut cap = String::new();
                let mut chars = word.chars();
                if let Some(f) = chars.next() {
                    cap.extend(f.to_uppercase());
                    cap.push_str(chars.as_str());
                }
                map.insert(cap, class);
            }
            map.insert(word.to_string(), class);
        }
        Ok(Lexicon {
            abbrevs: map,
            starters: word_list(STARTER_FILE, starters)?,
            prefixes: word_list(PREFIX_FILE, prefixes)?,
        })
    }

    /// The class of a word ending in a period, when it is a known abbreviation or has
    /// the shape of one (initials "U.S.", "e.g.", "J.").
    pub fn abbreviation(&self, word: &str) -> Option<AbbrevClass> {
        if let Some(c) = self.abbrevs.get(word) {
            return Some(*c);
        }
        // Shape: letter, period, repeated ("U.S.", "a.m.", "J.").
        let b = word.as_bytes();
        if b.len() >= 2 && b.len().is_multiple_of(2) {
            let shaped = b
                .chunks(2)
                .all(|p| p[0].is_ascii_alphabetic() && p[1] == b'.');
            if shaped {
                return if b.len() == 2 && b[0].is_ascii_lowercase() {
                    None
                } else {
                    Some(AbbrevClass::Other)
                };
            }
        }
        None
    }

    /// Whether `word` opens a sentence (used after an abbreviation).
    pub fn is_starter(&self, word: &str) -> bool {
        let mut chars = word.chars();
        match chars.next() {
            Some(f) if f.is_uppercase() => {
                let lower: String = f.to_lowercase().chain(chars).collect();
                self.starters.contains(&lower)
            }
            _ => false,
        }
    }

    /// Whether `word` (lower-cased) stays joined to what follows its hyphen.
    pub fn is_hyphen_prefix(&self, word: &str) -> bool {
        self.prefixes.contains(&word.to_lowercase())
    }

    /// The lexicon compiled into the binary.
    pub fn builtin() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| {
            Lexicon::parse(
                include_str!("../../../knowledge/text/abbreviations.tsv"),
                include_str!("../../../knowledge/text/sentence_starters.txt"),
                include_str!("../../../knowledge/text/hyphen_prefixes.txt"),
            )
            .unwrap_or_else(|e| panic!("built-in text knowledge is invalid: {e}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_builtin_loads_and_classifies() {
        let lex = Lexicon::builtin();
        assert_eq!(lex.abbreviation("Gen."), Some(AbbrevClass::Title));
        assert_eq!(lex.abbreviation("Jan."), Some(AbbrevClass::Month));
        assert_eq!(lex.abbreviation("U.S."), Some(AbbrevClass::Other));
        assert_eq!(lex.abbreviation("J."), Some(AbbrevClass::Other));
        assert_eq!(lex.abbreviation("Etc."), Some(AbbrevClass::Other));
        assert_eq!(lex.abbreviation("war."), None);
        assert!(lex.is_starter("The"));
        assert!(!lex.is_starter("the"));
    }

    #[test]
    fn lexicon_bad_line_names_file_and_line() {
        let err = Lexicon::parse("title\tGen.\nrank Gen\n", "", "").unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("abbreviations.tsv") && msg.contains(":2"),
            "{msg}"
        );
        let err = Lexicon::parse("bogus\tX.\n", "", "").unwrap_err();
        assert!(err.to_string().contains("unknown class"));
    }
}
