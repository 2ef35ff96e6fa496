//! A plain fallback segmenter (sentences and tokens) for tests, examples and
//! evaluation runs without the syntax stage. The pipeline uses `dateline-text`'s
//! segmenter; this one only splits on spaces and punctuation.

use dateline_core::{Doc, Sentence, Span, Token};

const ABBREV: &[&str] = &[
    "mr.", "mrs.", "ms.", "dr.", "st.", "jr.", "sr.", "gen.", "lt.", "col.", "sen.", "rep.",
    "gov.", "prof.", "inc.", "corp.", "co.", "ltd.", "vs.", "no.", "jan.", "feb.", "aug.", "sept.",
    "sep.", "oct.", "nov.", "dec.", "capt.", "sgt.", "adm.", "maj.", "rev.", "u.s.", "u.n.",
    "u.k.", "e.u.",
];

fn is_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// Token byte spans of `text` (whitespace-separated words with leading and trailing
/// punctuation split off; "'s" and "n't" split; inner dots, hyphens and apostrophes
/// kept; a final period kept on abbreviations and initials).
pub fn tokenize(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        // Any Unicode space (a no-break space too), or the word loop below never starts.
        if let Some(c) = text[i..].chars().next().filter(|c| c.is_whitespace()) {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        while i < text.len() && !text[i..].starts_with(char::is_whitespace) {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
        split_word(text, start, i, &mut out);
    }
    out
}

fn split_word(text: &str, mut s: usize, mut e: usize, out: &mut Vec<(usize, usize)>) {
    // leading punctuation
    while s < e {
        let c = text[s..e].chars().next().unwrap();
        if is_punct(c) {
            out.push((s, s + c.len_utf8()));
            s += c.len_utf8();
        } else {
            break;
        }
    }
    let mut trail = Vec::new();
    while s < e {
        let c = text[s..e].chars().next_back().unwrap();
        if !is_punct(c) {
            break;
        }
        if c == '.' {
            let w = text[s..e].to_lowercase();
            let initial = e - s == 2 && text[s..].starts_with(char::is_uppercase);
            let dotted = text[s..e - 1].contains('.');
            if ABBREV.contains(&w.as_str()) || initial || dotted {
                break;
            }
        }
        trail.push((e - c.len_utf8(), e));
        e -= c.len_utf8();
    }
    if s < e {
        let w = &text[s..e];
        let lw = w.to_lowercase();
        let split = ["'s", "’s", "n't", "n’t"]
            .iter()
            .find(|suf| lw.ends_with(*suf) && lw.len() > suf.len())
            .map(|suf| suf.len());
        match split {
            Some(n) => {
                out.push((s, e - n));
                out.push((e - n, e));
            }
            None => out.push((s, e)),
        }
    }
    out.extend(trail.into_iter().rev());
}

/// Fills `doc.sentences` and `doc.tokens` from `doc.article.text`: a sentence ends at
/// a line break, or after `.`/`!`/`?` before a capitalised word.
pub fn segment(doc: &mut Doc) {
    let text = doc.article.text.clone();
    let toks = tokenize(&text);
    doc.tokens.clear();
    doc.sentences.clear();
    let mut start = 0;
    for i in 0..toks.len() {
        let end_here = i + 1 == toks.len()
            || text[toks[i].1..toks[i + 1].0].contains('\n')
            || (matches!(&text[toks[i].0..toks[i].1], "." | "!" | "?")
                && text[toks[i + 1].0..]
                    .starts_with(|c: char| c.is_uppercase() || c == '"' || c == '“'));
        if end_here {
            let si = doc.sentences.len();
            for t in &toks[start..=i] {
                doc.tokens.push(Token {
                    span: Span::new(t.0, t.1),
                    sentence: si,
                    upos: None,
                    lemma: None,
                    head: None,
                    deprel: None,
                });
            }
            doc.sentences.push(Sentence {
                span: Span::new(toks[start].0, toks[i].1),
                first_token: start,
                token_count: i + 1 - start,
            });
            start = i + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_tokenize_splits_punct_and_possessive() {
        let t = "Japan's U.S. ally, Mr. Abe (PM) said: \"yes.\"";
        let words: Vec<&str> = tokenize(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(
            words,
            vec![
                "Japan", "'s", "U.S.", "ally", ",", "Mr.", "Abe", "(", "PM", ")", "said", ":",
                "\"", "yes", ".", "\""
            ]
        );
    }

    #[test]
    fn simple_tokenize_skips_no_break_spaces() {
        let t = "Mr.\u{a0}Lee\u{2009}said";
        let words: Vec<&str> = tokenize(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(words, vec!["Mr.", "Lee", "said"]);
    }
}
