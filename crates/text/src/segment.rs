//! Rule-based tokenization and sentence splitting for news text.
//!
//! Tokens follow the conventions of the Universal Dependencies English treebanks:
//! punctuation is split off, possessives and clitics are their own tokens ("Japan",
//! "’s"; "does", "n't"), hyphens between words are tokens ("Japan", "-", "U.S."),
//! abbreviations keep their period ("U.S.", "Gen."), URLs and e-mail addresses stay
//! whole. Every token is a byte range of the input: nothing is rewritten.

use crate::lexicon::{AbbrevClass, Lexicon};
use std::ops::Range;

/// Characters that open: split off the front of a word.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '“' | '‘' | '«' | '‹' | '„' | '(' | '[' | '{' | '"' | '\'' | '`' | '¿' | '¡' | '*' | '<'
    )
}

/// Characters that close or separate: split off the end of a word.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’'
            | '»'
            | '›'
            | ')'
            | ']'
            | '}'
            | '"'
            | '\''
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '*'
            | '>'
    )
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―' | '‒')
}

const CLITICS: &[&str] = &[
    "'s", "’s", "'S", "’S", "'re", "’re", "'RE", "'ve", "’ve", "'VE", "'ll", "’ll", "'LL", "'d",
    "’d", "'D", "'m", "’m", "'M",
];

/// Splits `text` into tokens: byte ranges, in order, never overlapping, never holding
/// white space.
pub fn tokenize(text: &str, lex: &Lexicon) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                split(text, s, i, lex, &mut out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        split(text, s, text.len(), lex, &mut out);
    }
    out
}

fn first_char(s: &str) -> char {
    s.chars().next().unwrap_or(' ')
}

fn last_char(s: &str) -> char {
    s.chars().next_back().unwrap_or(' ')
}

fn is_url(w: &str) -> bool {
    let lower = w.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
        return true;
    }
    if let Some(at) = w.find('@') {
        let (user, dom) = (&w[..at], &w[at + 1..]);
        return !user.is_empty()
            && dom.contains('.')
            && !dom.ends_with('.')
            && dom
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    }
    // A bare domain: "reuters.com", "gov.uk/path".
    let host = lower.split('/').next().unwrap_or("");
    if let Some(dot) = host.rfind('.') {
        let tld = &host[dot + 1..];
        let name = &host[..dot];
        return matches!(
            tld,
            "com" | "org" | "net" | "gov" | "edu" | "int" | "io" | "uk" | "de" | "jp" | "cn"
        ) && !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    }
    false
}

/// The part of a word after its last internal hyphen, dash or slash.
fn tail_word(w: &str) -> &str {
    match w.rfind(['-', '/', '—', '–']) {
        Some(i) if i + 1 < w.len() => &w[i + w[i..].chars().next().map_or(1, char::len_utf8)..],
        _ => w,
    }
}

fn split(t: &str, s: usize, e: usize, lex: &Lexicon, out: &mut Vec<Range<usize>>) {
    if s >= e {
        return;
    }
    let w = &t[s..e];
    let first = first_char(w);
    let flen = first.len_utf8();
    if flen == w.len() {
        out.push(s..e);
        return;
    }
    // Leading ellipsis and dashes.
    for lead in ["...", "--", "…"] {
        if w.starts_with(lead) && w.len() > lead.len() {
            out.push(s..s + lead.len());
            return split(t, s + lead.len(), e, lex, out);
        }
    }
    if is_dash(first) {
        out.push(s..s + flen);
        return split(t, s + flen, e, lex, out);
    }
    if is_url(w) && !is_opener(first) {
        // Trailing sentence punctuation is not part of a URL.
        let mut end = e;
        while end > s {
            let c = last_char(&t[s..end]);
            if matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | ')' | '"' | '”' | '’' | '\''
            ) {
                end -= c.len_utf8();
            } else {
                break;
            }
        }
        out.push(s..end);
        let mut p = end;
        while p < e {
            let c = first_char(&t[p..e]);
            out.push(p..p + c.len_utf8());
            p += c.len_utf8();
        }
        return;
    }
    // Leading openers; an apostrophe that starts a clitic ("'s") or a year ("'90s") stays.
    if is_opener(first) {
        let keep = (first == '\'' || first == '‘' || first == '’')
            && (CLITICS.contains(&w) || w[flen..].starts_with(|c: char| c.is_ascii_digit()));
        if !keep {
            out.push(s..s + flen);
            return split(t, s + flen, e, lex, out);
        }
    }
    if first == '$' || first == '€' || first == '£' || first == '¥' || first == '#' {
        let rest = &w[flen..];
        if first != '#' && rest.starts_with(|c: char| c.is_ascii_digit()) {
            out.push(s..s + flen);
            return split(t, s + flen, e, lex, out);
        }
    }
    // Trailing ellipsis, closers, percent sign and sentence periods.
    for trail in ["...", "…"] {
        if w.ends_with(trail) && w.len() > trail.len() {
            split(t, s, e - trail.len(), lex, out);
            out.push(e - trail.len()..e);
            return;
        }
    }
    let last = last_char(w);
    let llen = last.len_utf8();
    if is_closer(last) || is_dash(last) || (last == '%' && w.len() > 1) {
        // "leaders’" (plural possessive) and a closing quote are the same token "’".
        split(t, s, e - llen, lex, out);
        out.push(e - llen..e);
        return;
    }
    if last == '.' {
        let is_abbrev = lex.abbreviation(tail_word(w)).is_some();
        if !is_abbrev {
            split(t, s, e - 1, lex, out);
            out.push(e - 1..e);
            return;
        }
    }
    // Internal separators.
    if let Some((a, b)) = internal_separator(w, lex) {
        split(t, s, s + a, lex, out);
        out.push(s + a..s + b);
        split(t, s + b, e, lex, out);
        return;
    }
    clitics(t, s, e, out);
}

/// Finds the first internal separator of a word: byte range within `w`.
fn internal_separator(w: &str, lex: &Lexicon) -> Option<(usize, usize)> {
    let chars: Vec<(usize, char)> = w.char_indices().collect();
    let mut seg_start = 0;
    for (k, &(i, c)) in chars.iter().enumerate() {
        let prev = if k > 0 { Some(chars[k - 1].1) } else { None };
        let next = chars.get(k + 1).map(|x| x.1);
        let end = i + c.len_utf8();
        match c {
            '…' | '—' | '–' | '―' | '"' | '“' | '”' | ';' | '!' | '?' | '(' | ')' | '[' | ']'
                if k > 0 =>
            {
                return Some((i, end));
            }
            '.' if w[i..].starts_with("...") && k > 0 => return Some((i, i + 3)),
            '-' if w[i..].starts_with("--") && k > 0 => {
                let mut j = i;
                while w[j..].starts_with('-') {
                    j += 1;
                }
                return Some((i, j));
            }
            '-' if k > 0 && next.is_some() => {
                let (p, n) = (prev.unwrap_or(' '), next.unwrap_or(' '));
                let digits = p.is_ascii_digit() && n.is_ascii_digit();
                let prefix = lex.is_hyphen_prefix(&w[seg_start..i]);
                if !digits && !prefix && (p.is_alphanumeric() || p == '.') && n.is_alphanumeric() {
                    return Some((i, end));
                }
                seg_start = end;
            }
            ',' if k > 0 && next.is_some() => {
                let (p, n) = (prev.unwrap_or(' '), next.unwrap_or(' '));
                if !(p.is_ascii_digit() && n.is_ascii_digit()) {
                    return Some((i, end));
                }
            }
            '/' => seg_start = end,
            _ => {}
        }
    }
    None
}

/// Splits clitics off an atom: "does|n't", "Japan|’s", "we|'re", "can|not", "gon|na".
fn clitics(t: &str, s: usize, e: usize, out: &mut Vec<Range<usize>>) {
    let w = &t[s..e];
    let lower = w.to_lowercase();
    let stem_ok = |n: usize| n > 0 && w[..n].chars().all(|c| c.is_alphabetic() || c == '.');
    for neg in ["n't", "n’t"] {
        if lower.ends_with(neg) && lower.len() == w.len() {
            let n = w.len() - neg.len();
            if stem_ok(n) {
                out.push(s..s + n);
                out.push(s + n..e);
                return;
            }
        }
    }
    for c in CLITICS {
        if w.ends_with(c) {
            let n = w.len() - c.len();
            if stem_ok(n) {
                out.push(s..s + n);
                out.push(s + n..e);
                return;
            }
        }
    }
    if lower == "cannot" {
        out.push(s..s + 3);
        out.push(s + 3..e);
        return;
    }
    if matches!(lower.as_str(), "gonna" | "gotta" | "wanna") {
        out.push(s..s + 3);
        out.push(s + 3..e);
        return;
    }
    out.push(s..e);
}

fn is_terminal(tok: &str) -> bool {
    matches!(tok, "." | "!" | "?" | "..." | "…") || (tok.len() > 1 && tok.chars().all(|c| c == '.'))
}

fn is_trailing_closer(tok: &str) -> bool {
    matches!(tok, "”" | "’" | "»" | ")" | "]" | "\"" | "'" | "›")
}

fn paragraph_break(gap: &str) -> bool {
    gap.matches('\n').count() >= 2
}

/// Groups tokens into sentences: ranges of token indices. A blank line (paragraph
/// break) always ends a sentence.
pub fn split_sentences(text: &str, tokens: &[Range<usize>], lex: &Lexicon) -> Vec<Range<usize>> {
    let mut sents = Vec::new();
    let n = tokens.len();
    let mut start = 0;
    let gap = |i: usize| &text[tokens[i - 1].end..tokens[i].start];
    let mut i = 0;
    while i < n {
        let tok = &text[tokens[i].clone()];
        let mut end_after = None;
        if i + 1 == n || paragraph_break(gap(i + 1)) {
            end_after = Some(i);
        } else if is_terminal(tok) {
            let mut j = i + 1;
            while j < n && !paragraph_break(gap(j)) {
                let t = &text[tokens[j].clone()];
                if is_terminal(t) || (is_trailing_closer(t) && (gap(j).is_empty() || t == ")")) {
                    j += 1;
                } else {
                    break;
                }
            }
            if j >= n || paragraph_break(gap(j)) {
                end_after = Some(j - 1);
            } else {
                let next = &text[tokens[j].clone()];
                let nf = first_char(next);
                let ellipsis = tok != "." && tok.starts_with(['.', '…']);
                let brk = if ellipsis {
                    !gap(j).is_empty() && (nf.is_uppercase() || is_opener(nf)) && next != "I"
                } else if tok == "." {
                    true
                } else {
                    !nf.is_lowercase()
                };
                if brk {
                    end_after = Some(j - 1);
                } else {
                    i = j - 1;
                }
            }
        } else if tok.len() > 1 && tok.ends_with('.') {
            let next = &text[tokens[i + 1].clone()];
            let class = lex.abbreviation(tail_word(tok));
            if class != Some(AbbrevClass::Title) && lex.is_starter(next) {
                end_after = Some(i);
            }
        }
        if let Some(k) = end_after {
            sents.push(start..k + 1);
            start = k + 1;
            i = k + 1;
        } else {
            i += 1;
        }
    }
    if start < n {
        sents.push(start..n);
    }
    sents
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        tokenize(s, Lexicon::builtin())
            .into_iter()
            .map(|r| &s[r])
            .collect()
    }

    #[test]
    fn segment_tokens_are_substrings_in_order() {
        let s = "“If Japan is attacked…but if we’re attacked,” he said. Japan-U.S. ties.";
        let t = tokenize(s, Lexicon::builtin());
        for w in t.windows(2) {
            assert!(w[0].end <= w[1].start);
        }
        assert_eq!(
            toks(s),
            [
                "“", "If", "Japan", "is", "attacked", "…", "but", "if", "we", "’re", "attacked",
                ",", "”", "he", "said", ".", "Japan", "-", "U.S.", "ties", "."
            ]
        );
    }

    #[test]
    fn segment_urls_and_emails_stay_whole() {
        assert_eq!(
            toks("See https://example.com/a-b?x=1."),
            ["See", "https://example.com/a-b?x=1", "."]
        );
        assert_eq!(toks("(mail@example.org)"), ["(", "mail@example.org", ")"]);
    }
}
