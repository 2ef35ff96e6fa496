//! dateline's quote stage: who said what.
//!
//! [`QuoteFinder`] fills `Doc.quotes` with
//! - **direct** quotations, in straight or curly marks, split by their cue
//!   (`“…,” he said. “…”`), running over several paragraphs, with nested quotes inside;
//! - **partial** quotations: a few quoted words inside the writer's own sentence that
//!   carries a cue (the “unwavering” alliance … according to an official); quoted words
//!   in a sentence without any cue are scare quotes or titles and are not taken;
//! - **indirect** speech: `X said (that) …`, `…, X said.`, `according to X, …`,
//!   `X admitted that …`.
//!
//! Each quote carries its cue, the source phrase as written and a [`Speaker`]: an entity
//! of `Doc.entities` (through the mention at the source, a pronoun resolved to its
//! antecedent), an anonymous source ("a government source", "officials") or unknown.
//! Unbalanced quotation marks cost at most the paragraph they stand in.
//!
//! ```
//! use dateline_core::{Article, Doc, QuoteKind, Span};
//! use dateline_quotes::QuoteFinder;
//! let mut article = Article::default();
//! let text = "“We will keep talking,” the minister said on Monday.";
//! article.set_body([(text, Span::new(0, text.len()))]);
//! let mut doc = Doc::new(article);
//! let finder = QuoteFinder::new();
//! let quotes = finder.find(&doc);
//! assert_eq!(quotes.len(), 1);
//! assert_eq!(quotes[0].kind, QuoteKind::Direct);
//! assert_eq!(quotes[0].content.slice(doc.text()), "We will keep talking,");
//! assert_eq!(quotes[0].source.unwrap().slice(doc.text()), "the minister");
//! ```

mod lexicon;
pub mod polnear;
mod tokens;

pub use lexicon::{Cue, Frames, Lexicon};

use dateline_core::{
    Doc, EntityType, Layer, MentionKind, Quote, QuoteKind, Span, Speaker, Stage, StageError,
};
use tokens::{scan, Kind, Tok};

/// Errors of the quote stage.
#[derive(Debug, thiserror::Error)]
pub enum QuoteError {
    /// A bad line in a lexicon file.
    #[error("{file}:{line}: {message}")]
    Lexicon {
        /// File name.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// The quote stage.
#[derive(Clone, Debug)]
pub struct QuoteFinder {
    lex: Lexicon,
}

impl Default for QuoteFinder {
    fn default() -> Self {
        QuoteFinder::new()
    }
}

impl Stage for QuoteFinder {
    fn name(&self) -> &'static str {
        "quotes"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Quotes]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let (quotes, unbalanced) = self.find_with_report(doc);
        if unbalanced > 0 {
            doc.warn(
                "quotes",
                format!("{unbalanced} quotation(s) without a closing mark; each was cut at its paragraph end"),
            );
        }
        doc.quotes.extend(quotes);
        Ok(())
    }
}

/// Words that end a source noun phrase (read outward from the cue).
const NP_STOP: &[&str] = &[
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "when",
    "while",
    "where",
    "as",
    "because",
    "but",
    "or",
    "if",
    "although",
    "though",
    "since",
    "after",
    "before",
    "until",
    "so",
    "than",
    "then",
    "in",
    "on",
    "at",
    "for",
    "with",
    "from",
    "to",
    "by",
    "about",
    "into",
    "over",
    "under",
    "during",
    "against",
    "between",
    "through",
    "without",
    "within",
    "among",
    "per",
    "via",
    "is",
    "was",
    "are",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "would",
    "will",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "not",
    "also",
    "and",
    "it's",
    "there",
    "here",
    "what",
    "why",
    "how",
    "yet",
    "still",
    "later",
    "earlier",
    "once",
    "again",
    "further",
    "instead",
    "even",
    "just",
    "only",
    "already",
    "never",
    "always",
    "this",
    "these",
    "those",
    "like",
    "i",
    "we",
    "you",
    "me",
    "us",
    "him",
    "them",
    "told",
    "said",
    "says",
    "say",
    "up",
    "out",
    "off",
    "ago",
    "today",
    "yesterday",
    "tonight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "week",
    "month",
    "year",
];

/// Words between a source and its cue that belong to neither ("Abe also said").
const AUX: &[&str] = &[
    "also",
    "now",
    "has",
    "had",
    "have",
    "would",
    "will",
    "later",
    "previously",
    "then",
    "repeatedly",
    "publicly",
    "privately",
    "reportedly",
    "once",
    "again",
    "further",
    "recently",
    "earlier",
    "often",
    "has",
    "simply",
    "flatly",
    "bluntly",
    "angrily",
    "quickly",
    "subsequently",
    "initially",
    "first",
    "last",
    "separately",
    "too",
    "even",
    "just",
    "only",
    "allegedly",
];

/// Determiners that begin a noun phrase.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "another", "some", "several", "many", "two", "three", "four", "his", "her",
    "its", "their", "our", "one", "other", "most", "few", "senior", "top", "both", "no",
];

/// Pronouns that can be a source.
const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you"];

/// Words that show that a quoted phrase inside a sentence is a title or name, not speech.
const TIME_WORDS: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "last",
    "this",
    "earlier",
    "later",
    "recently",
    "yesterday",
    "today",
    "tonight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "week",
    "month",
    "year",
    "morning",
    "afternoon",
    "evening",
    "night",
    "a",
    "an",
    "the",
    "statement",
    "interview",
    "speech",
    "news",
    "conference",
    "briefing",
    "his",
    "her",
    "their",
    "its",
    "recent",
    "separate",
    "written",
    "email",
    "e-mail",
    "tweet",
    "post",
    "television",
    "radio",
    "rally",
    "remarks",
    "again",
    "also",
    "repeatedly",
    "previously",
    "publicly",
    "privately",
    "then",
];

/// A pair of quotation marks (or an open mark cut at its paragraph end).
#[derive(Clone, Debug)]
struct Marked {
    open: usize,
    close: Option<usize>,
    /// Last token index inside (or the paragraph's last token when unclosed).
    last: usize,
    content: Span,
}

/// What the finder found before speakers are resolved.
#[derive(Clone, Debug)]
struct Found {
    content: Span,
    cue: Option<(usize, usize)>,
    source: Option<(usize, usize)>,
    kind: QuoteKind,
    confidence: f32,
    /// Token where the attribution sits (for sentence index and antecedents).
    anchor: usize,
}

impl QuoteFinder {
    /// A finder with the built-in lexicons.
    pub fn new() -> QuoteFinder {
        QuoteFinder::with_lexicon(Lexicon::builtin())
    }

    /// A finder with the given lexicons.
    pub fn with_lexicon(lex: Lexicon) -> QuoteFinder {
        QuoteFinder { lex }
    }

    /// The quotes of a document, speakers resolved against its mentions and entities
    /// when present.
    pub fn find(&self, doc: &Doc) -> Vec<Quote> {
        self.find_with_report(doc).0
    }

    /// The quotes and the number of unclosed quotations met.
    fn find_with_report(&self, doc: &Doc) -> (Vec<Quote>, usize) {
        let text = doc.text();
        let toks = scan(text, &doc.article.paragraphs);
        let (marks, unbalanced) = pair_marks(text, &toks);
        let mut in_quote = vec![false; toks.len()];
        let mut used_cue = vec![false; toks.len()];
        for m in &marks {
            for q in in_quote.iter_mut().take(m.last + 1).skip(m.open) {
                *q = true;
            }
            if let Some(c) = m.close {
                in_quote[c] = true;
            }
        }
        let mut found = self.direct(&toks, &marks, &mut used_cue);
        self.indirect(&toks, &in_quote, &used_cue, &mut found);
        let mut found = indirect_before_direct(&toks, &marks, found);
        found.sort_by_key(|f| (f.content.start(), f.content.end()));
        let quotes = found
            .iter()
            .enumerate()
            .map(|(i, f)| self.resolve(doc, &toks, &found[..i], f))
            .collect();
        (quotes, unbalanced)
    }

    fn cue_at(&self, toks: &[Tok], i: usize) -> Option<(&Cue, usize)> {
        let words: Vec<&str> = toks[i..toks.len().min(i + 3)]
            .iter()
            .take_while(|t| t.is_word())
            .map(|t| t.lower.as_str())
            .collect();
        let c = self.lex.cue_at(&words)?;
        Some((c, i + c.words.len() - 1))
    }

    /// Direct and partial quotes from the paired marks.
    fn direct(&self, toks: &[Tok], marks: &[Marked], used_cue: &mut [bool]) -> Vec<Found> {
        let mut out: Vec<Found> = Vec::new();
        // The last attributed direct quote: (found index, paragraph of its end).
        let mut last: Option<usize> = None;
        for m in marks {
            if m.content.is_empty() {
                continue;
            }
            let conf_base = if m.close.is_some() { 1.0 } else { 0.6 };
            // The last character inside, past a nested quotation's closing mark.
            let inner_end = toks[..m.close.unwrap_or(m.last + 1)]
                .iter()
                .rev()
                .filter(|t| !matches!(t.kind, Kind::Punct('\'' | '’')))
                .find(|t| t.span.start() >= m.content.start());
            let ends_open = inner_end.is_some_and(|t| {
                matches!(
                    t.kind,
                    Kind::Punct(',' | '?' | '!' | '—' | '–' | '-' | '…' | ':')
                )
            });
            let ends_terminal = inner_end.is_some_and(|t| t.is('.') || t.is('?') || t.is('!'));
            let after = m.close.map_or(m.last + 1, |c| c + 1);
            let tail_end = clause_end(toks, after);
            let tail = &toks[after.min(toks.len())..tail_end];
            let head_start = sentence_start(toks, m.open);
            let head = &toks[head_start..m.open];
            let sentence_initial_strict = head.is_empty();
            let sentence_initial = head.is_empty()
                || head
                    .last()
                    .is_some_and(|t| t.is(':') || t.is(',') || t.is('—'));

            // 1. A cue after the closing mark: “…,” he said / “…,” said Abe.
            if m.close.is_some() {
                let comma = tail.first().is_some_and(|t| t.is(',') || t.is('—'));
                let lower_start = tail.first().is_some_and(|t| t.is_word() && !t.cap);
                if ends_open || comma || (ends_terminal && lower_start) {
                    let from = after + usize::from(comma);
                    if let Some((cue, source)) = self.tail_attribution(toks, from, tail_end) {
                        if !sentence_initial {
                            // `The deal was “a disaster,” he said.`: a partial quote
                            // inside reported speech.
                            if !is_title_like(toks, m) {
                                out.push(Found {
                                    content: m.content,
                                    cue: Some(cue),
                                    source,
                                    kind: QuoteKind::Partial,
                                    confidence: 0.7 * conf_base,
                                    anchor: cue.0,
                                });
                                // A quotation right after it continues this speaker.
                                last = Some(out.len() - 1);
                            }
                            continue;
                        }
                        for u in used_cue.iter_mut().take(cue.1 + 1).skip(cue.0) {
                            *u = true;
                        }
                        out.push(Found {
                            content: m.content,
                            cue: Some(cue),
                            source,
                            kind: QuoteKind::Direct,
                            confidence: 0.9 * conf_base,
                            anchor: cue.0,
                        });
                        last = Some(out.len() - 1);
                        continue;
                    }
                }
            }
            // 1a. “…” for criminal behavior, she said.
            if m.close.is_some() && sentence_initial {
                if let Some(c) = (after..tail_end).rev().find(|&i| toks[i].is(',')) {
                    if c > after {
                        if let Some((cue, source)) = self.tail_attribution(toks, c + 1, tail_end) {
                            let rest_ok = toks[cue.1 + 1..tail_end].iter().all(|t| {
                                !t.is_word() || TIME_WORDS.contains(&t.lower.as_str()) || t.cap
                            });
                            if source.is_some() && rest_ok {
                                out.push(Found {
                                    content: m.content,
                                    cue: Some(cue),
                                    source,
                                    kind: QuoteKind::Direct,
                                    confidence: 0.75 * conf_base,
                                    anchor: cue.0,
                                });
                                last = Some(out.len() - 1);
                                continue;
                            }
                        }
                    }
                }
            }
            // 1b. A signature after a dash: “…” ― Ann Lee.
            if m.close.is_some()
                && tail
                    .first()
                    .is_some_and(|t| matches!(t.kind, Kind::Punct('―' | '—' | '–')))
            {
                let mut e = after + 1;
                while e < tail_end && toks[e].is_word() && (toks[e].cap || toks[e].lower.len() <= 3)
                {
                    e += 1;
                }
                let line_ends = e >= tail_end
                    || toks[e].para != toks[after].para
                    || toks[e].is_mark()
                    || toks[e].is('.');
                if e > after + 1 && e - after <= 6 && toks[after + 1].cap && line_ends {
                    out.push(Found {
                        content: m.content,
                        cue: None,
                        source: Some((after + 1, e - 1)),
                        kind: QuoteKind::Direct,
                        confidence: 0.7 * conf_base,
                        anchor: after + 1,
                    });
                    last = Some(out.len() - 1);
                    continue;
                }
            }
            // 2. A cue before the opening mark: X said, “…” / She tweeted: “…”. A title
            //    right after the verb is not speech ("She read “War and Peace”").
            let bare_title =
                m.open > head_start && toks[m.open - 1].is_word() && is_title_like(toks, m);
            let head_attr = if bare_title {
                None
            } else {
                self.head_attribution(toks, head_start, m.open)
            };
            if let Some((cue, source)) = head_attr {
                for u in used_cue.iter_mut().take(cue.1 + 1).skip(cue.0) {
                    *u = true;
                }
                out.push(Found {
                    content: m.content,
                    cue: Some(cue),
                    source,
                    kind: QuoteKind::Direct,
                    confidence: 0.9 * conf_base,
                    anchor: cue.0,
                });
                last = Some(out.len() - 1);
                continue;
            }
            // 2b. The sentence before announces it: "X said on Twitter. “…”",
            //     "Sanders made the following comment:¶“…”".
            if sentence_initial_strict {
                if let Some((cue, source)) = self.previous_sentence_attribution(toks, m.open) {
                    out.push(Found {
                        content: m.content,
                        cue: Some(cue),
                        source,
                        kind: QuoteKind::Direct,
                        confidence: 0.75 * conf_base,
                        anchor: cue.0,
                    });
                    last = Some(out.len() - 1);
                    continue;
                }
            }
            if !sentence_initial {
                // 3. Quoted words inside the writer's sentence: partial quote when the
                //    sentence carries a cue, else a scare quote or title.
                if is_title_like(toks, m) {
                    continue;
                }
                let s_end = sentence_end(toks, m.open);
                if let Some((cue, source)) = self.sentence_cue(toks, head_start, s_end, m) {
                    out.push(Found {
                        content: m.content,
                        cue: Some(cue),
                        source,
                        kind: QuoteKind::Partial,
                        confidence: 0.7 * conf_base,
                        anchor: cue.0,
                    });
                }
                continue;
            }
            // 3b. A colon inside the sentence announces the quotation: "The paper ran
            //     her words as its headline: “…”". The sentence's subject is the source.
            if head.len() > 1 && head.last().is_some_and(|t| t.is(':')) {
                let colon = m.open - 1;
                if let Some(src) = subject(toks, head_start, colon) {
                    out.push(Found {
                        content: m.content,
                        cue: Some((colon, colon)),
                        source: Some(src),
                        kind: QuoteKind::Direct,
                        confidence: 0.6 * conf_base,
                        anchor: colon,
                    });
                    last = Some(out.len() - 1);
                    continue;
                }
            }
            // 4. A quotation standing alone: the previous speaker goes on (“A,” he said.
            //    “B.”), or it is unattributed.
            let words = count_words(toks, m);
            if words < 3 && !ends_terminal {
                continue;
            }
            // A title opening the sentence: “Route 66 Blues” was written by …
            if !ends_terminal && !ends_open && is_title_like(toks, m) {
                continue;
            }
            let prev = last.map(|i| out[i].clone());
            match prev {
                Some(p) if toks[m.open].para <= toks[p.anchor].para + 1 => {
                    let same_para = toks[m.open].para == toks[p.anchor].para;
                    out.push(Found {
                        content: m.content,
                        cue: if same_para { p.cue } else { None },
                        source: p.source,
                        kind: QuoteKind::Direct,
                        confidence: 0.7 * conf_base,
                        anchor: m.open,
                    });
                }
                _ => out.push(Found {
                    content: m.content,
                    cue: None,
                    source: None,
                    kind: QuoteKind::Direct,
                    confidence: 0.4 * conf_base,
                    anchor: m.open,
                }),
            }
        }
        out
    }

    /// `[source] cue [source]` read from `from` to `end` (after a closing mark).
    #[allow(clippy::type_complexity)]
    fn tail_attribution(
        &self,
        toks: &[Tok],
        from: usize,
        end: usize,
    ) -> Option<((usize, usize), Option<(usize, usize)>)> {
        // "according to X"
        if toks.get(from).is_some_and(|t| t.lower == "according")
            && toks.get(from + 1).is_some_and(|t| t.lower == "to")
        {
            let np = np_after(toks, from + 2, end)?;
            return Some(((from, from + 1), Some(np)));
        }
        let limit = end.min(from + 30);
        let mut k = from;
        while k < limit {
            let t = &toks[k];
            if !t.is_word() {
                // Commas may set off an appositive between source and cue, brackets a
                // party and state ("(R-Ohio)").
                if t.is('(') {
                    match (k..limit).find(|&j| toks[j].is(')')) {
                        Some(j) => k = j + 1,
                        None => return None,
                    }
                    continue;
                }
                if t.is(',') || t.is('-') || t.is('—') {
                    k += 1;
                    continue;
                }
                return None;
            }
            if k >= from + 14 && !toks[from..k].iter().any(|t| t.is(',')) {
                return None;
            }
            // Inside an appositive ("Burman, director of the centre at …, said") any
            // word may stand.
            let in_apposition = toks[from..k].iter().any(|t| t.is(','));
            if let Some((cue, cue_end)) = self.cue_at(toks, k) {
                if !cue.frames.direct {
                    k += 1;
                    continue;
                }
                if k == from {
                    // Inverted: said Abe / said the prime minister.
                    let np = np_after(toks, cue_end + 1, end)?;
                    return Some(((k, cue_end), Some(np)));
                }
                // Everything between the mark and the cue is the source, less adverbs
                // and auxiliaries next to the cue.
                let mut e = k;
                while e > from
                    && (AUX.contains(&toks[e - 1].lower.as_str())
                        || toks[e - 1].is(',')
                        || (!toks[e - 1].cap && toks[e - 1].lower.ends_with("ly")))
                {
                    e -= 1;
                }
                if e == from {
                    return None;
                }
                return Some(((k, cue_end), Some((from, e - 1))));
            }
            if NP_STOP.contains(&t.lower.as_str()) && !AUX.contains(&t.lower.as_str()) {
                // "a spokesman for the ministry said", "a narrator in the ad asks".
                let of_place = k > from
                    && k - from <= 4
                    && matches!(
                        t.lower.as_str(),
                        "for" | "in" | "at" | "from" | "with" | "on"
                    )
                    && toks[k - 1].is_word()
                    && !PRONOUNS.contains(&toks[from].lower.as_str());
                // A source does not start with "and" or "of" ("…,” and concluded).
                let ok_inside = (k > from && matches!(t.lower.as_str(), "of" | "and"))
                    || in_apposition
                    || of_place;
                if !ok_inside {
                    return None;
                }
            }
            k += 1;
        }
        None
    }

    /// A cue in the sentence right before a quotation that starts a sentence, when
    /// that sentence holds no quotation itself and ends with a full stop or a colon (a
    /// colon may end the previous paragraph).
    #[allow(clippy::type_complexity)]
    fn previous_sentence_attribution(
        &self,
        toks: &[Tok],
        open: usize,
    ) -> Option<((usize, usize), Option<(usize, usize)>)> {
        let pe = open.checked_sub(1)?;
        let colon = toks[pe].is(':');
        if !(colon || (toks[pe].is('.') && toks[pe].para == toks[open].para)) {
            return None;
        }
        let ps = sentence_start(toks, pe);
        if toks[ps..pe].iter().any(|t| t.is_mark()) || pe - ps > 40 {
            return None;
        }
        let mut k = pe;
        while k > ps {
            k -= 1;
            if !toks[k].is_word() {
                continue;
            }
            if let Some((cue, cue_end)) = self.cue_at(toks, k) {
                if !cue.frames.direct || noun_use(toks, k, ps) {
                    continue;
                }
                let np = np_before(toks, k, ps).or_else(|| {
                    inverted_position(toks, k, ps)
                        .then(|| np_after(toks, cue_end + 1, pe))
                        .flatten()
                });
                if np.is_some() {
                    return Some(((k, cue_end), np));
                }
            }
        }
        if colon {
            let src = subject(toks, ps, pe)?;
            return Some(((pe, pe), Some(src)));
        }
        None
    }

    /// `X cue[,:] “` read back from an opening mark.
    #[allow(clippy::type_complexity)]
    fn head_attribution(
        &self,
        toks: &[Tok],
        start: usize,
        open: usize,
    ) -> Option<((usize, usize), Option<(usize, usize)>)> {
        if open == start {
            return None;
        }
        let mut j = open;
        if toks[j - 1].is(',') || toks[j - 1].is(':') {
            j -= 1;
        }
        // "According to X, “…”"
        if toks[start].lower == "according"
            && toks.get(start + 1).is_some_and(|t| t.lower == "to")
            && toks[j].is(',')
        {
            let np = np_after(toks, start + 2, j)?;
            return (np.1 + 1 == j).then_some(((start, start + 1), Some(np)));
        }
        // Up to six words between the cue and the mark ("told reporters", "in a statement").
        let lo = j.saturating_sub(7).max(start);
        let mut k = j;
        while k > lo {
            k -= 1;
            let t = &toks[k];
            if !t.is_word() {
                return None;
            }
            if let Some((cue, cue_end)) = self.cue_at(toks, k) {
                if !cue.frames.direct || noun_use(toks, k, start) {
                    continue;
                }
                // Between the cue and the mark: a hearer, a time or a medium; a "that"
                // makes the quote part of indirect speech.
                if toks[cue_end + 1..j].iter().any(|t| t.lower == "that") {
                    return None;
                }
                if j == open && cue_end + 1 != open {
                    // no comma or colon before the mark: only "said “…" directly.
                    return None;
                }
                // "…, saying, “…”": the subject of the sentence.
                let mut b = k;
                while b > start && AUX.contains(&toks[b - 1].lower.as_str()) {
                    b -= 1;
                }
                // "…, while chanting, “…”", "before asking her, “…”": the same.
                if toks[k].lower.ends_with("ing")
                    && b > start
                    && (toks[b - 1].is(',')
                        || PARTICIPLE_LINKS.contains(&toks[b - 1].lower.as_str()))
                {
                    return Some(((k, cue_end), subject(toks, start, b - 1)));
                }
                // "Said Ellis: “…”"
                let np = np_before(toks, k, start).or_else(|| {
                    inverted_position(toks, k, start)
                        .then(|| np_after(toks, cue_end + 1, j))
                        .flatten()
                });
                // "I laughed and said, “…”": the subject of the coordinated verb.
                let np = np.or_else(|| {
                    (b > start && matches!(toks[b - 1].lower.as_str(), "and" | "but"))
                        .then(|| clause_subject(toks, start, b - 1))
                        .flatten()
                });
                return Some(((k, cue_end), np));
            }
        }
        None
    }

    /// A cue anywhere in the sentence `[start, end)` outside the quotation `m`.
    #[allow(clippy::type_complexity)]
    fn sentence_cue(
        &self,
        toks: &[Tok],
        start: usize,
        end: usize,
        m: &Marked,
    ) -> Option<((usize, usize), Option<(usize, usize)>)> {
        let outside = |k: usize| k < m.open || k > m.close.unwrap_or(m.last);
        for k in start..end {
            if outside(k)
                && toks[k].lower == "according"
                && toks.get(k + 1).is_some_and(|n| n.lower == "to")
            {
                let np = np_after(toks, k + 2, end);
                return Some(((k, k + 1), np));
            }
        }
        let mut k = start;
        while k < end {
            if !outside(k) {
                k += 1;
                continue;
            }
            let t = &toks[k];
            if t.is_word() && !noun_use(toks, k, start) {
                if let Some((_, cue_end)) = self.cue_at(toks, k) {
                    let np = np_before(toks, k, start).or_else(|| {
                        inverted_position(toks, k, start)
                            .then(|| np_after(toks, cue_end + 1, end))
                            .flatten()
                    });
                    if np.is_some() {
                        return Some(((k, cue_end), np));
                    }
                }
            }
            k += 1;
        }
        None
    }

    /// Indirect speech in the sentences, outside direct quotes.
    fn indirect(&self, toks: &[Tok], in_quote: &[bool], used_cue: &[bool], out: &mut Vec<Found>) {
        let mut a = 0;
        while a < toks.len() {
            let b = sentence_end(toks, a); // exclusive
            self.indirect_sentence(toks, a, b, in_quote, used_cue, out);
            a = b;
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn indirect_sentence(
        &self,
        toks: &[Tok],
        a: usize,
        b: usize,
        in_quote: &[bool],
        used_cue: &[bool],
        out: &mut Vec<Found>,
    ) {
        // The content ends before the sentence's final punctuation.
        let mut last = b;
        while last > a
            && matches!(
                toks[last - 1].kind,
                Kind::Punct('.' | '!' | '?' | ';' | ':')
            )
        {
            last -= 1;
        }
        let span_of = |s: usize, e: usize| -> Option<Span> {
            // tokens [s, e)
            if e <= s || e - s < 3 {
                return None;
            }
            if toks[s..e].iter().all(|_| false) {
                return None;
            }
            Some(Span::new(toks[s].span.start(), toks[e - 1].span.end()))
        };
        // Reported content may hold partial quotes, but does not start inside one.
        let mostly_quoted =
            |s: usize, e: usize| -> bool { in_quote[s] || in_quote[s..e].iter().all(|x| *x) };
        let mut k = a;
        while k < last {
            if in_quote[k] || used_cue[k] || !toks[k].is_word() {
                k += 1;
                continue;
            }
            // according to X, …  /  …, according to X.
            if toks[k].lower == "according" && toks.get(k + 1).is_some_and(|t| t.lower == "to") {
                let Some(np) = np_after(toks, k + 2, last) else {
                    k += 1;
                    continue;
                };
                let content = if k == a && toks.get(np.1 + 1).is_some_and(|t| t.is(',')) {
                    (np.1 + 2, last)
                } else if k > a && toks[k - 1].is(',') {
                    (a, k - 1)
                } else {
                    (a, k)
                };
                if content.1 > content.0 && !mostly_quoted(content.0, content.1) {
                    if let Some(span) = span_of(content.0, content.1) {
                        out.push(Found {
                            content: span,
                            cue: Some((k, k + 1)),
                            source: Some(np),
                            kind: QuoteKind::Indirect,
                            confidence: 0.7,
                            anchor: k,
                        });
                    }
                }
                k = np.1 + 1;
                continue;
            }
            let Some((cue, cue_end)) = self.cue_at(toks, k) else {
                k += 1;
                continue;
            };
            if !cue.frames.that && !cue.frames.direct && !cue.frames.topic {
                k += 1;
                continue;
            }
            let participle = toks[k].lower.ends_with("ing") && k > a && toks[k - 1].is(',');
            let mut src = if participle {
                // "…,” the mayor said, adding that …": the speaker of the quote before.
                out.iter()
                    .rev()
                    .find(|f| f.cue.is_some_and(|c| c.0 >= a && c.1 < k))
                    .and_then(|f| f.source)
                    .or_else(|| subject(toks, a, k))
            } else {
                np_before(toks, k, a)
            };
            if src.is_none() && !participle {
                // "X encouraged … but has said …": the subject of the coordinated verb.
                let mut j = k;
                while j > a && AUX.contains(&toks[j - 1].lower.as_str()) {
                    j -= 1;
                }
                if j > a && matches!(toks[j - 1].lower.as_str(), "and" | "but") {
                    src = subject(toks, a, j - 1);
                }
            }
            // A noun ("a report by X that …"): the source follows "by".
            let nominal = !participle
                && k > a
                && (DETERMINERS.contains(&toks[k - 1].lower.as_str())
                    || toks[k - 1].lower.ends_with("'s")
                    || toks[k - 1].lower.ends_with("’s"));
            if nominal {
                src = toks[cue_end + 1..last]
                    .iter()
                    .position(|t| t.lower == "by")
                    .filter(|&p| p < 3)
                    .and_then(|p| np_after(toks, cue_end + 2 + p, last));
            }
            // …, X said.  /  …, said X.
            let src_after = np_after(toks, cue_end + 1, last);
            let before_src = src.map(|s| s.0).unwrap_or(k);
            if before_src > a
                && toks[before_src - 1].is(',')
                && src.is_some()
                && !participle
                && !nominal
            {
                let rest = last - (cue_end + 1);
                let adjunct = rest == 0
                    || (TIME_WORDS.contains(&toks[cue_end + 1].lower.as_str())
                        && !DETERMINERS.contains(&toks[cue_end + 1].lower.as_str()))
                    || matches!(
                        toks[cue_end + 1].lower.as_str(),
                        "after"
                            | "before"
                            | "when"
                            | "while"
                            | "as"
                            | "without"
                            | "by"
                            | "to"
                            | "from"
                            | "with"
                            | "of"
                    );
                if rest <= 8
                    && adjunct
                    && before_src > a + 3
                    && !toks[cue_end + 1..last].iter().any(|t| t.lower == "that")
                {
                    let content = (a, before_src - 1);
                    if !mostly_quoted(content.0, content.1) {
                        if let Some(span) = span_of(content.0, content.1) {
                            out.push(Found {
                                content: span,
                                cue: Some((k, cue_end)),
                                source: src,
                                kind: QuoteKind::Indirect,
                                confidence: 0.7,
                                anchor: k,
                            });
                        }
                    }
                    k = cue_end + 1;
                    continue;
                }
            }
            // …, he said, …: the content stands on both sides.
            if let Some(sr) = src {
                if !participle
                    && !nominal
                    && sr.0 > a + 2
                    && toks[sr.0 - 1].is(',')
                    && toks.get(cue_end + 1).is_some_and(|t| t.is(','))
                    && cue_end + 2 < last
                {
                    let parts = [(a, sr.0 - 1), (cue_end + 2, last)];
                    if !mostly_quoted(parts[0].0, parts[0].1) {
                        for (s0, e0) in parts {
                            if let Some(span) = span_of(s0, e0) {
                                out.push(Found {
                                    content: span,
                                    cue: Some((k, cue_end)),
                                    source: src,
                                    kind: QuoteKind::Indirect,
                                    confidence: 0.6,
                                    anchor: k,
                                });
                            }
                        }
                        k = last;
                        continue;
                    }
                }
            }
            if k > a && toks[k - 1].is(',') {
                if let Some(np) = src_after {
                    if last - np.1 <= 5 {
                        let content = (a, k - 1);
                        if !mostly_quoted(content.0, content.1) {
                            if let Some(span) = span_of(content.0, content.1) {
                                out.push(Found {
                                    content: span,
                                    cue: Some((k, cue_end)),
                                    source: Some(np),
                                    kind: QuoteKind::Indirect,
                                    confidence: 0.65,
                                    anchor: k,
                                });
                            }
                        }
                        k = cue_end + 1;
                        continue;
                    }
                }
            }
            // X said (that) …
            if cue.frames.that && (src.is_some() || nominal) {
                {
                    if let Some(c0) = self.content_start(toks, cue, cue_end + 1, last) {
                        let content = (c0, last);
                        if !mostly_quoted(content.0, content.1) {
                            if let Some(span) = span_of(content.0, content.1) {
                                out.push(Found {
                                    content: span,
                                    cue: Some((k, cue_end)),
                                    source: src,
                                    kind: QuoteKind::Indirect,
                                    confidence: 0.6,
                                    anchor: k,
                                });
                                k = last;
                                continue;
                            }
                        }
                    }
                }
            }
            // X urged Congress to act / X called for new talks (unless the sentence
            // is attributed to someone else: "…, according to Y").
            let according = (a..last).any(|i| {
                !in_quote[i]
                    && toks[i].lower == "according"
                    && toks.get(i + 1).is_some_and(|t| t.lower == "to")
            });
            if cue.frames.topic && src.is_some() && !participle && !according && last > cue_end + 2
            {
                let content = (cue_end + 1, last);
                if !mostly_quoted(content.0, content.1) {
                    out.push(Found {
                        content: Span::new(
                            toks[content.0].span.start(),
                            toks[content.1 - 1].span.end(),
                        ),
                        cue: Some((k, cue_end)),
                        source: src,
                        kind: QuoteKind::Indirect,
                        confidence: 0.45,
                        anchor: k,
                    });
                    k = last;
                    continue;
                }
            }
            k = cue_end + 1;
        }
    }

    /// Where the reported content starts after a cue: at "that", or at a clause that
    /// follows directly ("said he would …"), past a hearer or a time expression.
    fn content_start(&self, toks: &[Tok], cue: &Cue, from: usize, last: usize) -> Option<usize> {
        // "that" past a hearer, a time, a place or a medium: "told reporters on
        // Friday that …".
        // Further off, "that" must open a clause ("suggested at the start of the talks
        // that his attention …"), not end one ("said the test could change that").
        let mut j = from;
        let mut plain = true;
        while j < last.min(from + 10) {
            let t = &toks[j];
            if t.lower == "that" {
                let next = toks.get(j + 1).filter(|n| n.is_word());
                let opens = next.is_some_and(|n| {
                    !matches!(
                        n.lower.as_str(),
                        "is" | "was"
                            | "are"
                            | "were"
                            | "has"
                            | "had"
                            | "would"
                            | "will"
                            | "could"
                            | "can"
                    )
                });
                if plain || opens {
                    return Some(j);
                }
                break;
            }
            let adjunct = t.is(',')
                || (t.is_word() && (TIME_WORDS.contains(&t.lower.as_str()) || t.cap))
                || (cue.frames.object && j < from + 4 && t.is_word());
            if (!t.is_word() && !t.is(',')) || self.cue_at(toks, j).is_some() {
                break;
            }
            plain &= adjunct;
            j += 1;
        }
        if !cue.frames.clause {
            return None;
        }
        // A clause right after the cue: "said he would …", "said the deal was off",
        // "said fathers would not …"; past a time or a medium ("said on Friday the …").
        // "said after the convention he would …": a short adjunct, then a pronoun.
        if toks.get(from).is_some_and(|t| {
            matches!(
                t.lower.as_str(),
                "after" | "before" | "during" | "since" | "following" | "in" | "at" | "on"
            )
        }) {
            let stop = last.min(from + 7);
            for (j, t) in toks.iter().enumerate().take(stop).skip(from + 1) {
                if t.is(',') {
                    return (j + 1 < last).then_some(j + 1);
                }
                if is_pronounish(&t.lower) && t.lower != "you" && t.lower != "it" {
                    return Some(j);
                }
                if !t.is_word() {
                    break;
                }
            }
        }
        let mut j = from;
        while j < last.min(from + 6) {
            let t = &toks[j];
            if !t.is_word() {
                return None;
            }
            let w = t.lower.as_str();
            let starts_clause = is_pronounish(w) && w != "you"
                || DETERMINERS.contains(&w)
                || w == "there"
                || t.cap
                || w.chars().next().is_some_and(|c| c.is_ascii_digit())
                || (!NP_STOP.contains(&w)
                    && !TIME_WORDS.contains(&w)
                    && !w.ends_with("ly")
                    && !cue.frames.object);
            let adjunct_start = matches!(
                w,
                "on" | "in"
                    | "at"
                    | "during"
                    | "last"
                    | "this"
                    | "earlier"
                    | "later"
                    | "recently"
                    | "yesterday"
                    | "today"
                    | "tonight"
                    | "again"
                    | "also"
                    | "then"
                    | "repeatedly"
                    | "previously"
                    | "publicly"
                    | "privately"
            );
            if j > from && t.cap && matches!(toks[j - 1].lower.as_str(), "on" | "last" | "this") {
                // "said on Friday": the weekday is part of the adjunct.
                j += 1;
                continue;
            }
            if starts_clause && !(adjunct_start && j == from) {
                if j == from
                    || matches!(toks[j - 1].kind, Kind::Punct(','))
                    || TIME_WORDS.contains(&toks[j - 1].lower.as_str())
                    || toks[j - 1].cap
                {
                    return Some(j);
                }
                return None;
            }
            if !(adjunct_start || TIME_WORDS.contains(&w) || (cue.frames.object && j < from + 3)) {
                return None;
            }
            j += 1;
        }
        None
    }

    /// Turns a finding into a [`Quote`], resolving its speaker.
    fn resolve(&self, doc: &Doc, toks: &[Tok], before: &[Found], f: &Found) -> Quote {
        let cue = f
            .cue
            .map(|(s, e)| Span::new(toks[s].span.start(), toks[e].span.end()));
        let source = f
            .source
            .map(|(s, e)| Span::new(toks[s].span.start(), toks[e].span.end()));
        let speaker = match source {
            None => Speaker::Unknown,
            Some(src) => self.speaker(doc, toks, before, src, f.source.expect("source")),
        };
        let at = cue.map_or(f.content.start(), |c| c.start());
        let sentence = if doc.sentences.is_empty() {
            toks[..f.anchor].iter().filter(|t| t.sent_end).count()
        } else {
            doc.sentences
                .partition_point(|s| s.span.end() <= at)
                .min(doc.sentences.len() - 1)
        };
        let mut confidence = f.confidence;
        if matches!(speaker, Speaker::Unknown) {
            confidence *= 0.8;
        }
        Quote {
            speaker,
            cue,
            source,
            content: f.content,
            kind: f.kind,
            sentence,
            confidence,
        }
    }

    fn speaker(
        &self,
        doc: &Doc,
        toks: &[Tok],
        before: &[Found],
        src: Span,
        range: (usize, usize),
    ) -> Speaker {
        let text = doc.text();
        let words: Vec<&Tok> = toks[range.0..=range.1].iter().collect();
        // The mention at the head of the phrase (its last word: "Deputy Chief Cabinet
        // Secretary Yasutoshi Nishimura", "the ministry"), not a modifier inside it
        // ("a Japanese government official").
        let head = toks[range.1].span;
        let at_head = doc
            .mentions
            .iter()
            .filter(|m| m.span.overlaps(head))
            .find_map(|m| m.entity.map(|e| (e, m)));
        if let Some((e, m)) = at_head {
            if m.kind != MentionKind::Pronoun || words.len() > 1 {
                return Speaker::Entity {
                    entity: e,
                    span: m.span,
                };
            }
        }
        if words.len() == 1 && matches!(words[0].lower.as_str(), "who" | "which") {
            // A relative pronoun: the mention it follows ("Stevie Wonder, who joked").
            let antecedent = doc
                .mentions
                .iter()
                .filter(|m| m.span.end() <= src.start())
                .filter(|m| {
                    text[m.span.end()..src.start()]
                        .trim_matches([',', ' '])
                        .is_empty()
                })
                .find_map(|m| m.entity.map(|e| (e, m.span)));
            return match antecedent {
                Some((entity, span)) => Speaker::Entity { entity, span },
                None => Speaker::Unknown,
            };
        }
        if words.len() == 1 && PRONOUNS.contains(&words[0].lower.as_str()) {
            if let Some((e, _)) = at_head {
                return Speaker::Entity {
                    entity: e,
                    span: src,
                };
            }
            if let Some(e) = self.antecedent(doc, toks, before, src, &words[0].lower) {
                return Speaker::Entity {
                    entity: e,
                    span: src,
                };
            }
            return Speaker::Unknown;
        }
        let anonymous = words.iter().any(|t| self.lex.is_anonymous_noun(&t.lower))
            && !words.iter().enumerate().any(|(i, t)| {
                t.cap
                    && !(i == 0 && DETERMINERS.contains(&t.lower.as_str()))
                    && !is_adjectival_cap(&t.lower)
            });
        if anonymous {
            return Speaker::Anonymous {
                description: src.slice(text).to_string(),
                span: src,
            };
        }
        // Another person or organisation named in the phrase ("Abe's spokesman").
        let inside = doc
            .mentions
            .iter()
            .filter(|m| m.span.overlaps(src))
            .filter(|m| matches!(m.entity_type, EntityType::Person | EntityType::Org))
            .find_map(|m| m.entity.map(|e| (e, m.span)));
        if let Some((entity, span)) = inside {
            return Speaker::Entity { entity, span };
        }
        Speaker::Unknown
    }

    /// The entity a pronoun at `at` refers to: the speaker of a recent quote, or the
    /// last person (or, for "they"/"it", organisation) in subject position before it.
    fn antecedent(
        &self,
        doc: &Doc,
        toks: &[Tok],
        before: &[Found],
        at: Span,
        pronoun: &str,
    ) -> Option<usize> {
        let wants_person = matches!(pronoun, "he" | "she" | "i");
        let fits = |t: EntityType| {
            if wants_person {
                t == EntityType::Person
            } else {
                matches!(
                    t,
                    EntityType::Org | EntityType::Gpe | EntityType::Norp | EntityType::Person
                )
            }
        };
        let para_of = |off: usize| doc.article.paragraphs.partition_point(|p| p.end() < off);
        let here = para_of(at.start());
        // The last person mention in subject position (first in its sentence) before `at`,
        // or the nearest one earlier in the same sentence.
        let sent_start = |off: usize| -> usize {
            let i = toks.partition_point(|t| t.span.start() < off);
            let s = sentence_start(toks, i.min(toks.len().saturating_sub(1)));
            toks.get(s).map_or(0, |t| t.span.start())
        };
        let cur_sent = sent_start(at.start());
        let mut best: Option<(usize, usize)> = None; // (position, entity)
        let mut seen_sentences = std::collections::HashSet::new();
        for m in doc.mentions.iter().rev() {
            if m.span.start() >= at.start() || m.span == at {
                continue;
            }
            if here.saturating_sub(para_of(m.span.start())) > 3 {
                break;
            }
            let (Some(e), true) = (m.entity, fits(m.entity_type)) else {
                continue;
            };
            if m.span.start() >= cur_sent {
                best = Some((m.span.start(), e));
                break;
            }
            let s = sent_start(m.span.start());
            seen_sentences.insert(s);
            // First fitting mention of its sentence?
            let first = !doc.mentions.iter().any(|o| {
                o.span.start() >= s
                    && o.span.start() < m.span.start()
                    && o.entity.is_some()
                    && fits(o.entity_type)
            });
            if first {
                best = Some((m.span.start(), e));
                break;
            }
        }
        // A recent quote's speaker wins when it is later than that mention.
        let recent = before.iter().rev().find_map(|f| {
            let src = f.source?;
            let span = Span::new(toks[src.0].span.start(), toks[src.1].span.end());
            if span.start() >= at.start() || here.saturating_sub(para_of(span.start())) > 1 {
                return None;
            }
            let m = doc
                .mentions
                .iter()
                .filter(|m| m.span.overlaps(span))
                .find_map(|m| m.entity.filter(|_| fits(m.entity_type)))?;
            Some((f.content.end().max(span.end()), m))
        });
        match (best, recent) {
            (Some(b), Some(r)) => Some(if r.0 > b.0 { r.1 } else { b.1 }),
            (b, r) => b.or(r).map(|x| x.1),
        }
    }
}

/// A pronoun, possibly contracted ("they're", "he'd").
fn is_pronounish(w: &str) -> bool {
    let base = w.split(['\'', '’']).next().unwrap_or(w);
    PRONOUNS.contains(&base)
}

/// Capitalised words that do not make a phrase a name ("a Japanese government source").
fn is_adjectival_cap(lower: &str) -> bool {
    lower.ends_with("ese")
        || lower.ends_with("an")
        || lower.ends_with("ian")
        || lower.ends_with("ish")
        || lower.ends_with("i")
        || matches!(
            lower,
            "u.s."
                | "u.s"
                | "us"
                | "white"
                | "house"
                | "senior"
                | "state"
                | "defense"
                | "administration"
                | "government"
                | "republican"
                | "democratic"
                | "pentagon"
                | "trump"
                | "clinton"
                | "obama"
                | "campaign"
        )
}

/// Pairs quotation marks paragraph by paragraph. Returns the pairs and the number of
/// opening marks left unclosed at a paragraph end.
fn pair_marks(text: &str, toks: &[Tok]) -> (Vec<Marked>, usize) {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut depth = 0usize;
    let mut unbalanced = 0;
    let content = |o: usize, end: usize| -> Span {
        let s = toks[o].span.end();
        let e = end.max(s);
        let inner = &text[s..e];
        let lead = inner.len() - inner.trim_start().len();
        let trail = inner.len() - inner.trim_end().len();
        Span::new(s + lead, (e - trail).max(s + lead))
    };
    for i in 0..toks.len() {
        let t = &toks[i];
        if i > 0 && t.para != toks[i - 1].para {
            if let Some(o) = open {
                // A quotation that runs on opens the next paragraph with a mark again.
                // Only an utterance that started a sentence (or followed a cue's comma
                // or colon) and ended its paragraph with a full stop runs on.
                let utterance = o == 0
                    || toks[o - 1].para != toks[o].para
                    || toks[o - 1].sent_end
                    || toks[o - 1].is(',')
                    || toks[o - 1].is(':');
                let stopped = matches!(
                    toks[i - 1].kind,
                    Kind::Punct('.' | '?' | '!' | '…' | '—' | ':')
                );
                if matches!(t.kind, Kind::Open | Kind::Straight) && utterance && stopped {
                    depth = 1;
                    continue;
                }
                out.push(Marked {
                    open: o,
                    close: None,
                    last: i - 1,
                    content: content(o, toks[i - 1].span.end()),
                });
                unbalanced += 1;
                open = None;
                depth = 0;
            }
        }
        match t.kind {
            Kind::Open => {
                match open {
                    None => {
                        open = Some(i);
                        depth = 1;
                    }
                    // Straight marks do not nest: an earlier one left open was unbalanced.
                    Some(o) if is_straight(text, &toks[o]) && is_straight(text, t) => {
                        unbalanced += 1;
                        open = Some(i);
                        depth = 1;
                    }
                    Some(_) => depth += 1,
                }
            }
            Kind::Close => {
                if let Some(o) = open {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        out.push(Marked {
                            open: o,
                            close: Some(i),
                            last: i - 1,
                            content: content(o, t.span.start()),
                        });
                        open = None;
                    }
                }
            }
            Kind::Straight => {
                if let Some(o) = open {
                    out.push(Marked {
                        open: o,
                        close: Some(i),
                        last: i - 1,
                        content: content(o, t.span.start()),
                    });
                    open = None;
                    depth = 0;
                } else {
                    open = Some(i);
                    depth = 1;
                }
            }
            _ => {}
        }
    }
    if let Some(o) = open {
        let last = toks.len() - 1;
        out.push(Marked {
            open: o,
            close: None,
            last,
            content: content(o, toks[last].span.end()),
        });
        unbalanced += 1;
    }
    (out, unbalanced)
}

/// Reported speech does not run on into a direct quotation that has its own
/// attribution: `X said the plan, in one tweet, failed: “…,” Y wrote.` An indirect
/// content that holds the cue before a direct quotation is dropped (the words are that
/// quotation's attribution); otherwise it is cut before the opening mark, and dropped
/// when fewer than three words are left.
fn indirect_before_direct(toks: &[Tok], marks: &[Marked], found: Vec<Found>) -> Vec<Found> {
    let mut opens: Vec<(usize, Option<(usize, usize)>)> = found
        .iter()
        .filter(|d| d.kind == QuoteKind::Direct)
        .filter_map(|d| {
            let m = marks.iter().find(|m| m.content == d.content)?;
            Some((m.open, d.cue))
        })
        .collect();
    opens.sort_unstable();
    let inside = |span: Span, i: usize| {
        toks[i].span.start() >= span.start() && toks[i].span.end() <= span.end()
    };
    found
        .into_iter()
        .filter_map(|mut f| {
            if f.kind != QuoteKind::Indirect {
                return Some(f);
            }
            for &(open, cue) in &opens {
                let at = toks[open].span.start();
                if !(f.content.start() < at && at < f.content.end()) {
                    continue;
                }
                if cue
                    .is_some_and(|(s, e)| e < open && inside(f.content, s) && inside(f.content, e))
                {
                    return None;
                }
                let first = toks.partition_point(|t| t.span.start() < f.content.start());
                let mut last = open;
                while last > first
                    && matches!(
                        toks[last - 1].kind,
                        Kind::Punct(',' | ':' | ';' | '—' | '–' | '-')
                    )
                {
                    last -= 1;
                }
                let words = toks[first..last].iter().filter(|t| t.is_word()).count();
                if words < 3 {
                    return None;
                }
                f.content = Span::new(f.content.start(), toks[last - 1].span.end());
                break;
            }
            Some(f)
        })
        .collect()
}

/// Words after which an `-ing` cue takes the sentence's subject ("while chanting").
const PARTICIPLE_LINKS: &[&str] = &["while", "before", "after", "by", "when", "then"];

/// Whether the cue word at `k` is a noun: after a determiner ("a statement", "in one
/// tweet") or an announcing adjective ("the following comment").
fn noun_use(toks: &[Tok], k: usize, lo: usize) -> bool {
    k > lo
        && matches!(
            toks[k - 1].lower.as_str(),
            "the"
                | "a"
                | "an"
                | "another"
                | "one"
                | "his"
                | "her"
                | "its"
                | "their"
                | "our"
                | "my"
                | "your"
                | "every"
                | "each"
                | "following"
                | "this"
                | "these"
                | "that's"
                | "that’s"
        )
}

/// The subject of the clause that ends at `k`: after the last comma before it ("when
/// my mother called, I laughed and said"), else of the whole span.
fn clause_subject(toks: &[Tok], a: usize, k: usize) -> Option<(usize, usize)> {
    (a..k)
        .rev()
        .find(|&j| toks[j].is(','))
        .and_then(|c| subject(toks, c + 1, k))
        .or_else(|| subject(toks, a, k))
}

/// Whether the cue at `k` stands where a speaker may follow it ("Said Ellis: …",
/// "…. Said Ellis"): first in its clause. Elsewhere the phrase after a verb is its
/// object ("criticized Obama", "did not suggest retaliation"), not its subject.
fn inverted_position(toks: &[Tok], k: usize, lo: usize) -> bool {
    k == lo || !toks[k - 1].is_word()
}

/// Whether a quotation-mark token is a straight one (`"` or `''`).
fn is_straight(text: &str, t: &Tok) -> bool {
    let s = t.span.slice(text);
    s == "\"" || s == "''"
}

/// First token of the sentence holding token `i` (stops at a paragraph start).
fn sentence_start(toks: &[Tok], i: usize) -> usize {
    let mut j = i;
    while j > 0 && toks[j - 1].para == toks[i].para && !toks[j - 1].sent_end {
        j -= 1;
    }
    j
}

/// One past the last token of the sentence holding token `i`.
fn sentence_end(toks: &[Tok], i: usize) -> usize {
    let mut j = i;
    while j < toks.len() {
        if toks[j].sent_end || toks.get(j + 1).is_some_and(|n| n.para != toks[j].para) {
            return j + 1;
        }
        j += 1;
    }
    toks.len()
}

/// End (exclusive) of the clause after a closing mark: the sentence end, or the next
/// quotation mark.
fn clause_end(toks: &[Tok], from: usize) -> usize {
    // A new paragraph after the mark: nothing of this clause follows.
    if from > 0
        && toks
            .get(from)
            .is_some_and(|t| t.para != toks[from - 1].para)
    {
        return from;
    }
    let mut j = from;
    while j < toks.len() {
        let t = &toks[j];
        if t.is_mark() || (j > from && t.para != toks[j - 1].para) {
            return j;
        }
        if t.sent_end {
            return j + 1;
        }
        j += 1;
    }
    toks.len()
}

fn count_words(toks: &[Tok], m: &Marked) -> usize {
    toks[m.open + 1..=m.last.max(m.open)]
        .iter()
        .filter(|t| t.is_word())
        .count()
}

/// A quoted phrase whose words are all capitalised (a title, a slogan as a name).
fn is_title_like(toks: &[Tok], m: &Marked) -> bool {
    let words: Vec<&Tok> = toks[m.open + 1..=m.last.max(m.open)]
        .iter()
        .filter(|t| t.is_word())
        .collect();
    !words.is_empty()
        && words.len() <= 8
        && words.iter().all(|t| {
            t.cap
                || t.lower.starts_with(|c: char| c.is_ascii_digit())
                || matches!(
                    t.lower.as_str(),
                    "of" | "the" | "a" | "and" | "in" | "on" | "for" | "to"
                )
        })
        && words.iter().any(|t| t.cap)
}

/// The source phrase that ends right before token `cue` (not before `lo`).
fn np_before(toks: &[Tok], cue: usize, lo: usize) -> Option<(usize, usize)> {
    let mut j = cue;
    let adverb = |t: &Tok| {
        AUX.contains(&t.lower.as_str())
            || (t.is_word() && !t.cap && t.lower.len() > 4 && t.lower.ends_with("ly"))
    };
    while j > lo && adverb(&toks[j - 1]) {
        j -= 1;
    }
    // A parenthesis after a name: "Sen. Ann Lee (D-Ore.) said".
    if j > lo + 1 && toks[j - 1].is(')') {
        let mut k = j - 1;
        while k > lo && !toks[k].is('(') {
            k -= 1;
        }
        if toks[k].is('(') && k > lo {
            j = k;
        }
    }
    // An appositive set off by dashes: "Dickey, the chief executive of Ora -- the
    // company that owns … -- told me".
    let dash = |t: &Tok| matches!(t.kind, Kind::Punct('—' | '–' | '-'));
    if j > lo + 2 && dash(&toks[j - 1]) {
        let mut k = j - 1;
        while k > lo && dash(&toks[k - 1]) {
            k -= 1;
        }
        let floor = lo.max(k.saturating_sub(40));
        let open = (floor..k).rev().find(|&i| dash(&toks[i]));
        match open {
            Some(mut o) if o > lo => {
                while o > lo && dash(&toks[o - 1]) {
                    o -= 1;
                }
                j = o;
            }
            _ => return None,
        }
    }
    // An appositive or relative clause set off by commas: "Nishimura, who …, said".
    if j > lo + 1 && toks[j - 1].is(',') {
        let mut k = j - 1;
        let floor = lo.max(j.saturating_sub(25));
        let mut found = None;
        while k > floor {
            k -= 1;
            if toks[k].is(',') {
                found = Some(k);
                break;
            }
        }
        match found {
            Some(k) if k > lo => j = k,
            _ => return None,
        }
    }
    if j <= lo {
        return None;
    }
    let end = j - 1;
    let t = &toks[end];
    if !t.is_word() {
        return None;
    }
    if PRONOUNS.contains(&t.lower.as_str()) {
        return Some((end, end));
    }
    // A relative pronoun right before the cue ("the department which reported …",
    // "Wonder, who joked …"): the source as written; the speaker is its antecedent.
    if matches!(t.lower.as_str(), "who" | "which") && end > lo {
        return Some((end, end));
    }
    if NP_STOP.contains(&t.lower.as_str()) {
        return None;
    }
    let mut s = end;
    while s > lo {
        let p = &toks[s - 1];
        if !p.is_word() {
            break;
        }
        let w = p.lower.as_str();
        if DETERMINERS.contains(&w) {
            s -= 1;
            if !matches!(
                w,
                "senior" | "top" | "two" | "three" | "four" | "several" | "many"
            ) {
                break;
            }
            continue;
        }
        if w == "and" && p.cap {
            break;
        }
        if w == "and" && s >= 2 && toks[s - 2].cap && toks[s].cap {
            s -= 1;
            continue;
        }
        if w == "of" && (toks[s].cap || s - 1 > lo) {
            s -= 1;
            continue;
        }
        if NP_STOP.contains(&w) || PRONOUNS.contains(&w) {
            break;
        }
        if end - s >= 11 || (end - s >= 6 && !p.cap) {
            break;
        }
        s -= 1;
    }
    // "at the same time Nishimura said": keep the name at the end.
    if toks[end].cap
        && s < end
        && !toks[s..=end]
            .iter()
            .all(|t| t.cap || t.lower == "of" || t.lower == "and")
    {
        let mut c = end;
        while c > s && (toks[c - 1].cap || (toks[c - 1].lower == "of" && c >= 2 && toks[c - 2].cap))
        {
            c -= 1;
        }
        let title_before = c > s && DETERMINERS.contains(&toks[c - 1].lower.as_str());
        if !title_before
            && toks[s..c]
                .iter()
                .any(|t| !t.cap && !DETERMINERS.contains(&t.lower.as_str()))
        {
            s = c;
        }
    }
    // "Protesters marching through the streets chanted", "police in riot gear said": a
    // phrase after a preposition belongs to the noun phrase before it.
    if s > lo + 1 && PREPOSITIONS.contains(&toks[s - 1].lower.as_str()) && toks[s - 2].is_word() {
        if let Some((s2, _)) = np_before(toks, s - 1, lo) {
            if end - s2 <= 12 {
                return Some((s2, end));
            }
        }
    }
    plausible_source(&toks[s..=end]).then_some((s, end))
}

/// Prepositions that put a noun phrase out of subject position.
const PREPOSITIONS: &[&str] = &[
    "in",
    "on",
    "at",
    "through",
    "from",
    "with",
    "into",
    "across",
    "near",
    "around",
    "outside",
    "inside",
    "toward",
    "towards",
    "along",
    "past",
    "behind",
    "beyond",
    "throughout",
];

/// Whether a phrase can name a source: it holds a name, a pronoun or a noun-like
/// word, not only function words, adverbs or a negated auxiliary.
fn plausible_source(words: &[Tok]) -> bool {
    const NOT_SOURCES: &[&str] = &[
        "now", "anymore", "here", "there", "so", "too", "well", "start", "end", "time", "day",
    ];
    words.iter().any(|t| {
        let w = t.lower.as_str();
        if !t.is_word() || DETERMINERS.contains(&w) || AUX.contains(&w) || NOT_SOURCES.contains(&w)
        {
            return false;
        }
        if PRONOUNS.contains(&w) {
            return true;
        }
        let negated = w.ends_with("n't") || w.ends_with("n’t");
        let adverb = w.ends_with("ly") && !t.cap;
        let lone_possessive = (w.ends_with("’s") || w.ends_with("'s")) && words.len() == 1;
        !(NP_STOP.contains(&w) || negated || adverb || lone_possessive)
    })
}

/// Words that open a sentence-initial adjunct before its subject ("As chairman, Abe …").
const ADJUNCT_OPENERS: &[&str] = &[
    "as",
    "while",
    "after",
    "before",
    "in",
    "on",
    "at",
    "with",
    "during",
    "despite",
    "although",
    "though",
    "when",
    "if",
    "because",
    "since",
    "for",
    "from",
    "under",
    "earlier",
    "later",
    "but",
    "and",
    "yet",
    "still",
    "meanwhile",
    "however",
    "instead",
    "also",
];

/// The subject of the clause `[a, k)`: its first name, pronoun or noun phrase, past a
/// sentence-initial adjunct.
fn subject(toks: &[Tok], a: usize, k: usize) -> Option<(usize, usize)> {
    let (s, e) = subject_phrase(toks, a, k)?;
    plausible_source(&toks[s..=e]).then_some((s, e))
}

fn subject_phrase(toks: &[Tok], a: usize, k: usize) -> Option<(usize, usize)> {
    let mut i = a;
    // A quotation opening the sentence: its attribution's source ("“…,” Lee said,
    // adding …").
    if toks.get(i).is_some_and(|t| t.is_mark()) && i < k {
        // An opening mark left unclosed before `k` is skipped alone.
        i = (i + 1..k).find(|&j| toks[j].is_mark()).unwrap_or(i) + 1;
        while i < k && !toks[i].is_word() {
            i += 1;
        }
    }
    // A sentence-initial adjunct: a preposition or conjunction ("As chairman, …") or a
    // participle ("Faced with …, …").
    let participle = |j: usize| {
        let t = &toks[j];
        t.cap
            && t.lower.len() > 4
            && (t.lower.ends_with("ed") || t.lower.ends_with("ing"))
            && toks.get(j + 1).is_some_and(|n| {
                matches!(
                    n.lower.as_str(),
                    "with"
                        | "by"
                        | "to"
                        | "about"
                        | "in"
                        | "on"
                        | "at"
                        | "for"
                        | "from"
                        | "after"
                        | "during"
                        | "over"
                        | "as"
                )
            })
    };
    let opener = i < k && (ADJUNCT_OPENERS.contains(&toks[i].lower.as_str()) || participle(i));
    if opener {
        let comma = (i..k).find(|&j| toks[j].is(','))?;
        i = comma + 1;
        // "On July 6, 2015, Sanders …": a year after the first comma.
        if toks
            .get(i)
            .is_some_and(|t| t.lower.len() == 4 && t.lower.chars().all(|c| c.is_ascii_digit()))
            && toks.get(i + 1).is_some_and(|t| t.is(','))
        {
            i += 2;
        }
    }
    let t = toks.get(i).filter(|_| i < k)?;
    if !t.is_word() {
        return None;
    }
    if PRONOUNS.contains(&t.lower.as_str()) {
        return Some((i, i));
    }
    let mut e = i;
    if t.cap && !DETERMINERS.contains(&t.lower.as_str()) {
        while e + 1 < k && (toks[e + 1].cap && toks[e + 1].is_word()) {
            e += 1;
        }
        return Some((i, e));
    }
    // A determiner and its noun: stop before a verb-looking word.
    while e + 1 < k
        && e < i + 4
        && toks[e + 1].is_word()
        && !NP_STOP.contains(&toks[e + 1].lower.as_str())
        && !toks[e + 1].lower.ends_with("ed")
    {
        e += 1;
    }
    Some((i, e))
}

/// The source phrase that starts at token `from` (inverted order: "said Abe").
fn np_after(toks: &[Tok], from: usize, end: usize) -> Option<(usize, usize)> {
    let mut j = from;
    let mut last = None;
    while j < end && j < from + 9 {
        let t = &toks[j];
        if !t.is_word() {
            break;
        }
        let w = t.lower.as_str();
        if j == from && PRONOUNS.contains(&w) {
            return Some((j, j));
        }
        if (NP_STOP.contains(&w) && !(w == "of" && last.is_some()) && !(w == "and" && t.cap))
            || (j > from && DETERMINERS.contains(&w) && w != "senior" && w != "top")
        {
            break;
        }
        last = Some(j);
        j += 1;
    }
    // Do not end on "of".
    let mut l = last?;
    while l > from && toks[l].lower == "of" {
        l -= 1;
    }
    plausible_source(&toks[from..=l]).then_some((from, l))
}

#[cfg(test)]
mod tests;
