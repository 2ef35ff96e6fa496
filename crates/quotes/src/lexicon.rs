//! The quote lexicons (`knowledge/quotes/`), loaded and validated once.

use crate::QuoteError;
use std::collections::{HashMap, HashSet};

const CUES_TSV: &str = include_str!("../../../knowledge/quotes/cues.tsv");
const ANONYMOUS_TSV: &str = include_str!("../../../knowledge/quotes/anonymous.tsv");

/// What a cue can do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Frames {
    /// It attaches to a direct quotation.
    pub direct: bool,
    /// It takes reported content as a clause.
    pub that: bool,
    /// A hearer may stand between it and the content.
    pub object: bool,
    /// The content may follow without "that".
    pub clause: bool,
    /// It only frames partial quotations.
    pub partial: bool,
    /// What follows it is the attributed content.
    pub topic: bool,
}

/// One cue form ("said", "pointed out") with its lemma and frames.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue {
    /// Lemma ("say").
    pub lemma: String,
    /// The form's words, lowercase.
    pub words: Vec<String>,
    /// Frames.
    pub frames: Frames,
}

/// The cue and anonymous-source lexicons.
#[derive(Clone, Debug)]
pub struct Lexicon {
    /// Cue forms keyed by their first word; longest first.
    cues: HashMap<String, Vec<Cue>>,
    anonymous: HashSet<String>,
}

fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> + '_ {
    text.lines().enumerate().filter_map(|(i, line)| {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            return None;
        }
        Some((i + 1, line.split('\t').map(str::trim).collect()))
    })
}

fn bad(file: &str, line: usize, message: impl Into<String>) -> QuoteError {
    QuoteError::Lexicon {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

impl Lexicon {
    /// The built-in lexicons.
    pub fn builtin() -> Lexicon {
        Lexicon::parse(("cues.tsv", CUES_TSV), &[("anonymous.tsv", ANONYMOUS_TSV)])
            .expect("built-in quote lexicons are valid")
    }

    /// Parses a cue file and anonymous-noun files, validating every line.
    pub fn parse(cues: (&str, &str), anonymous: &[(&str, &str)]) -> Result<Lexicon, QuoteError> {
        let (file, text) = cues;
        let mut map: HashMap<String, Vec<Cue>> = HashMap::new();
        let mut lemmas = HashSet::new();
        for (line, cols) in rows(text) {
            if cols.len() != 3 {
                return Err(bad(
                    file,
                    line,
                    format!("expected 3 tab-separated columns, found {}", cols.len()),
                ));
            }
            let lemma = cols[0];
            if lemma.is_empty() || !lemmas.insert(lemma.to_string()) {
                return Err(bad(
                    file,
                    line,
                    format!("empty or repeated lemma `{lemma}`"),
                ));
            }
            let mut frames = Frames::default();
            for f in cols[2].split(',').map(str::trim) {
                match f {
                    "direct" => frames.direct = true,
                    "that" => frames.that = true,
                    "object" => frames.object = true,
                    "clause" => frames.clause = true,
                    "partial" => frames.partial = true,
                    "topic" => frames.topic = true,
                    _ => return Err(bad(file, line, format!("unknown frame `{f}`"))),
                }
            }
            for form in cols[1].split(',').map(str::trim) {
                if form.is_empty() || form.chars().any(|c| c.is_uppercase()) {
                    return Err(bad(
                        file,
                        line,
                        format!("bad form `{form}` (empty or not lowercase)"),
                    ));
                }
                let words: Vec<String> = form.split_whitespace().map(str::to_string).collect();
                map.entry(words[0].clone()).or_default().push(Cue {
                    lemma: lemma.to_string(),
                    words,
                    frames,
                });
            }
        }
        for v in map.values_mut() {
            v.sort_by_key(|c| std::cmp::Reverse(c.words.len()));
        }
        let mut anon = HashSet::new();
        for (file, text) in anonymous {
            for (line, cols) in rows(text) {
                let w = cols[0];
                if cols.len() != 1
                    || w.is_empty()
                    || w.contains(' ')
                    || w.chars().any(|c| c.is_uppercase())
                {
                    return Err(bad(
                        file,
                        line,
                        format!("expected one lowercase word, found `{}`", cols.join("\t")),
                    ));
                }
                anon.insert(w.to_string());
            }
        }
        Ok(Lexicon {
            cues: map,
            anonymous: anon,
        })
    }

    /// The longest cue starting at `words[0]` (lowercase words), if any.
    pub fn cue_at(&self, words: &[&str]) -> Option<&Cue> {
        let first = words.first()?;
        self.cues.get(*first)?.iter().find(|c| {
            c.words.len() <= words.len() && c.words.iter().zip(words).all(|(a, b)| a == b)
        })
    }

    /// Whether `word` (lowercase) is an anonymous-source head noun.
    pub fn is_anonymous_noun(&self, word: &str) -> bool {
        self.anonymous.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_builtin_loads_and_finds_multiword_cues() {
        let lex = Lexicon::builtin();
        assert_eq!(lex.cue_at(&["said"]).unwrap().lemma, "say");
        let c = lex.cue_at(&["pointed", "out", "that"]).unwrap();
        assert_eq!(c.words.len(), 2);
        assert!(lex.cue_at(&["table"]).is_none());
        assert!(lex.is_anonymous_noun("officials"));
    }

    #[test]
    fn lexicon_bad_line_names_file_and_line() {
        let err = Lexicon::parse(("c.tsv", "# x\nsay\tsaid\tdirect\nadd\tadded\tloud\n"), &[])
            .unwrap_err();
        assert_eq!(err.to_string(), "c.tsv:3: unknown frame `loud`");
        let err = Lexicon::parse(("c.tsv", "say\tsaid\n"), &[]).unwrap_err();
        assert!(err.to_string().starts_with("c.tsv:1:"));
        let err = Lexicon::parse(("c.tsv", ""), &[("a.tsv", "Officials\n")]).unwrap_err();
        assert!(err.to_string().starts_with("a.tsv:1:"));
    }
}
