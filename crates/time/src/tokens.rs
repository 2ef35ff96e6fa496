//! A small tokenizer for the recogniser: runs of letters, runs of digits, single
//! punctuation characters, each with its byte span and whether space precedes it.

/// Kind of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters.
    Alpha,
    /// ASCII digits.
    Digit,
    /// One other character.
    Punct,
}

/// A token of the recogniser.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok<'a> {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Kind.
    pub kind: Kind,
    /// Lowercased text (apostrophes normalised to `'`).
    pub norm: &'a str,
    /// Whether the original starts with an uppercase letter.
    pub cap: bool,
    /// Whether whitespace separates it from the previous token.
    pub space_before: bool,
    /// Whether a sentence (or paragraph) may start here.
    pub sentence_start: bool,
}

impl Tok<'_> {
    /// The numeric value of a digit token.
    pub fn digits(&self) -> Option<u32> {
        if self.kind == Kind::Digit && self.norm.len() <= 9 {
            self.norm.parse().ok()
        } else {
            None
        }
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}')
}

/// Tokenizes `text`; `lower` must be `text.to_ascii_lowercase()`.
pub(crate) fn tokenize<'a>(text: &str, lower: &'a str) -> Vec<Tok<'a>> {
    let mut out: Vec<Tok<'a>> = Vec::with_capacity(text.len() / 4);
    let mut iter = text.char_indices().peekable();
    let mut space = true;
    let mut newlines = 2usize;
    let mut pending_sentence = true;
    while let Some((i, c)) = iter.next() {
        if c.is_whitespace() {
            space = true;
            if c == '\n' {
                newlines += 1;
            }
            continue;
        }
        let (kind, end) = if c.is_ascii_digit() {
            let mut end = i + 1;
            while let Some(&(j, d)) = iter.peek() {
                if d.is_ascii_digit() {
                    end = j + 1;
                    iter.next();
                } else {
                    break;
                }
            }
            (Kind::Digit, end)
        } else if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                if d.is_alphabetic() {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            (Kind::Alpha, end)
        } else {
            (Kind::Punct, i + c.len_utf8())
        };
        let norm: &'a str = if kind == Kind::Punct && is_apostrophe(c) {
            "'"
        } else {
            &lower[i..end]
        };
        let cap = c.is_uppercase();
        let sentence_start = newlines >= 2 || (pending_sentence && space && cap) || out.is_empty();
        out.push(Tok {
            start: i,
            end,
            kind,
            norm,
            cap,
            space_before: space,
            sentence_start,
        });
        pending_sentence = kind == Kind::Punct && matches!(c, '.' | '!' | '?')
            || (pending_sentence && kind == Kind::Punct && matches!(c, '"' | '\u{201d}' | ')'));
        space = false;
        newlines = 0;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_split_letters_digits_and_marks() {
        let text = "Mid-April, 35-minute talks at 10:30 a.m. Then Trump’s.";
        let lower = text.to_ascii_lowercase();
        let toks = tokenize(text, &lower);
        let norms: Vec<&str> = toks.iter().map(|t| t.norm).collect();
        assert_eq!(
            norms,
            [
                "mid", "-", "april", ",", "35", "-", "minute", "talks", "at", "10", ":", "30", "a",
                ".", "m", ".", "then", "trump", "'", "s", "."
            ]
        );
        assert!(toks[0].cap && toks[0].sentence_start);
        assert!(!toks[2].space_before);
        assert!(toks[16].sentence_start, "a sentence starts after 'a.m. '");
        assert_eq!(&text[toks[18].start..toks[18].end], "’");
    }
}
