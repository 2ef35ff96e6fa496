//! A light word scanner over `Article.text`: words, punctuation and quotation marks with
//! their byte spans, paragraph numbers and sentence boundaries. The quote finder needs
//! to see quotation marks and commas, which a general tokenizer may merge or drop, so it
//! scans the text itself; `Doc.sentences` is used only to report sentence indices.

use dateline_core::Span;

/// What a scanned token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A word or number.
    Word,
    /// A punctuation character.
    Punct(char),
    /// A double quotation mark that opens (“ « „ `` or a straight one judged opening).
    Open,
    /// A double quotation mark that closes (” » or a straight one judged closing).
    Close,
    /// A straight double quotation mark (`"` or `''`) whose direction the context must
    /// decide.
    Straight,
}

/// A scanned token.
#[derive(Clone, Debug)]
pub struct Tok {
    /// Byte span in the text.
    pub span: Span,
    /// Kind.
    pub kind: Kind,
    /// Lowercased text (words only; empty otherwise).
    pub lower: String,
    /// Whether the word starts with an uppercase letter.
    pub cap: bool,
    /// Paragraph index.
    pub para: usize,
    /// Whether a sentence ends after this token.
    pub sent_end: bool,
}

impl Tok {
    /// Whether it is the punctuation character `c`.
    pub fn is(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
    /// Whether it is a word.
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
    /// Whether it is any double quotation mark.
    pub fn is_mark(&self) -> bool {
        matches!(self.kind, Kind::Open | Kind::Close | Kind::Straight)
    }
}

/// Abbreviations whose final period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "cmdr", "adm",
    "maj", "st", "jr", "sr", "prof", "rev", "hon", "pres", "supt", "insp", "no", "vs", "jan",
    "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "inc", "corp", "co", "ltd",
    "u.s", "u.n", "u.k", "d.c", "e.g", "i.e", "a.m", "p.m", "mt", "ft", "approx", "est",
];

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | '&' | '‐' | '‑')
}

/// A non-ASCII symbol that a broken encoding leaves inside a word (`FranÃ§ois`
/// read twice as Latin-1): not punctuation, a quotation mark or a dash.
fn is_stray_symbol(c: char) -> bool {
    !c.is_ascii()
        && !c.is_alphanumeric()
        && !c.is_whitespace()
        && !('\u{2000}'..='\u{206F}').contains(&c)
        && !matches!(c, '«' | '»' | '―' | '·' | '×' | '÷' | '°')
}

/// Scans `text` (paragraphs given as spans) into tokens.
pub fn scan(text: &str, paragraphs: &[Span]) -> Vec<Tok> {
    let whole;
    let paragraphs = if paragraphs.is_empty() {
        whole = [Span::new(0, text.len())];
        &whole[..]
    } else {
        paragraphs
    };
    let mut toks = Vec::new();
    for (pi, p) in paragraphs.iter().enumerate() {
        let start = toks.len();
        scan_paragraph(text, *p, pi, &mut toks);
        mark_sentence_ends(text, &mut toks[start..]);
    }
    toks
}

fn scan_paragraph(text: &str, p: Span, para: usize, out: &mut Vec<Tok>) {
    let s = &text[p.start()..p.end()];
    let para_first = out.len();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    let push = |out: &mut Vec<Tok>, a: usize, b: usize, kind: Kind| {
        let span = Span::new(p.start() + a, p.start() + b);
        let word = &s[a..b];
        out.push(Tok {
            span,
            kind,
            lower: if kind == Kind::Word {
                word.to_lowercase()
            } else {
                String::new()
            },
            cap: word.chars().next().is_some_and(char::is_uppercase),
            para,
            sent_end: false,
        });
    };
    while i < chars.len() {
        let (at, c) = chars[i];
        let end_of = |j: usize| chars.get(j).map_or(s.len(), |x| x.0);
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j].1;
                if d.is_alphanumeric() || ('\u{300}'..='\u{36F}').contains(&d) {
                    // Letters, digits and combining accents.
                    j += 1;
                } else if is_stray_symbol(d) {
                    // Stray symbols of a broken encoding go with the word they touch
                    // ("JosÃ©").
                    j += 1;
                } else if is_joiner(d) && chars.get(j + 1).is_some_and(|x| x.1.is_alphanumeric()) {
                    j += 2;
                } else {
                    break;
                }
            }
            // A final period belongs to an abbreviation or an initial.
            if chars.get(j).is_some_and(|x| x.1 == '.') {
                let w = s[at..end_of(j)].to_lowercase();
                let initial = j == i + 1 && c.is_uppercase();
                // "R-Ky., told": a period before a comma closes an abbreviation.
                let before_comma = chars.get(j + 1).is_some_and(|x| x.1 == ',');
                if initial || before_comma || w.contains('.') || ABBREVIATIONS.contains(&w.as_str())
                {
                    j += 1;
                }
            }
            push(out, at, end_of(j), Kind::Word);
            i = j;
            continue;
        }
        let two = chars.get(i + 1).map(|x| x.1);
        let kind = match c {
            '“' | '«' | '„' | '‟' => Kind::Open,
            // A closing curly mark that opens its paragraph is a mis-curled opening one
            // (`”The plan …` at a paragraph start): nothing before it can be closed.
            '”' if out.len() == para_first => Kind::Open,
            '”' | '»' => Kind::Close,
            // An attribute value in left-over markup (`id="…"`) is not a quotation.
            '"' if i > 0 && chars[i - 1].1 == '=' => Kind::Punct('"'),
            '"' => straight_direction(&chars, i, 1),
            '`' if two == Some('`') => Kind::Open,
            // Two apostrophes stand for a double mark, opening or closing (NYT copy).
            '\'' if two == Some('\'') => straight_direction(&chars, i, 2),
            _ => Kind::Punct(c),
        };
        let j = if (c == '`' || c == '\'') && two == Some(c) {
            i + 2
        } else {
            i + 1
        };
        push(out, at, end_of(j), kind);
        i = j;
    }
}

/// Reads a straight mark's direction from its neighbours: after a space and before a
/// word it opens; after a word and before a space or punctuation it closes.
fn straight_direction(chars: &[(usize, char)], i: usize, width: usize) -> Kind {
    let before = i.checked_sub(1).map(|j| chars[j].1);
    let after = chars.get(i + width).map(|x| x.1);
    let space_before = before.is_none_or(|c| c.is_whitespace() || "([{—–-/".contains(c));
    let space_after = after.is_none_or(|c| c.is_whitespace());
    let punct_after = after.is_some_and(|c| ".,;:!?)]—–-".contains(c));
    match (space_before, space_after || punct_after) {
        (true, false) => Kind::Open,
        (false, true) => Kind::Close,
        _ => Kind::Straight,
    }
}

fn mark_sentence_ends(text: &str, toks: &mut [Tok]) {
    let n = toks.len();
    for i in 0..n {
        let t = &toks[i];
        let terminal = matches!(
            t.kind,
            Kind::Punct('.') | Kind::Punct('!') | Kind::Punct('?')
        ) || (t.kind == Kind::Punct('…'));
        let word_abbrev_end = t.is_word() && t.span.slice(text).ends_with('.');
        if !(terminal || word_abbrev_end) {
            continue;
        }
        // Closing marks and brackets right after the terminal belong to the sentence.
        let mut k = i;
        while k + 1 < n {
            let nx = &toks[k + 1];
            let glued = nx.span.start() == toks[k].span.end();
            let closes = matches!(nx.kind, Kind::Close | Kind::Punct(')') | Kind::Punct('’'))
                || (nx.kind == Kind::Straight && glued);
            if !closes {
                break;
            }
            k += 1;
        }
        let next = toks.get(k + 1);
        let starts = match next {
            None => true,
            Some(nx) => {
                let gap = nx.span.start() > toks[k].span.end();
                gap && (nx.cap
                    || matches!(nx.kind, Kind::Open | Kind::Straight)
                    || nx.lower.chars().next().is_some_and(|c| c.is_ascii_digit()))
            }
        };
        // An abbreviation's period ends a sentence only before a clear new start.
        if word_abbrev_end && !terminal {
            let w = &toks[i].lower;
            let title_like = [
                "mr.", "mrs.", "ms.", "dr.", "gen.", "sen.", "rep.", "gov.", "st.", "lt.", "col.",
                "prof.", "rev.", "no.",
            ]
            .contains(&w.as_str());
            let initial = w.len() == 2;
            if title_like || initial || next.is_some_and(|nx| !nx.cap) {
                continue;
            }
            if next.is_some()
                && !matches!(
                    next.map(|t| t.lower.as_str()),
                    Some("the" | "he" | "she" | "it" | "they" | "we" | "but" | "and" | "in" | "a")
                )
            {
                continue;
            }
        }
        if starts {
            toks[k].sent_end = true;
        }
    }
    if let Some(last) = toks.last_mut() {
        last.sent_end = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        scan(text, &[])
            .iter()
            .map(|t| t.span.slice(text).to_string())
            .collect()
    }

    #[test]
    fn tokens_keep_abbreviations_contractions_and_marks() {
        assert_eq!(
            words("“I don’t know,” said Mr. Abe of the U.S. team."),
            [
                "“", "I", "don’t", "know", ",", "”", "said", "Mr.", "Abe", "of", "the", "U.S.",
                "team", "."
            ]
        );
    }

    #[test]
    fn tokens_sentence_ends_after_closing_mark() {
        let text = "“It is done.” He left. Mr. Smith stayed.";
        let toks = scan(text, &[]);
        let ends: Vec<&str> = toks
            .iter()
            .filter(|t| t.sent_end)
            .map(|t| t.span.slice(text))
            .collect();
        assert_eq!(ends, ["”", ".", "."]);
    }
}
