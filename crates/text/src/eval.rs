//! Scoring against CoNLL-U gold, with the CoNLL 2018 shared-task definitions:
//! sentences, tokens and words are matched by their character spans in the raw text;
//! UPOS, UAS and LAS are F1 over aligned words (LAS compares the universal part of
//! the relation). With gold tokens every word aligns and the F1 is an accuracy.

use crate::conllu::ConlluSentence;
use crate::{Parser, Segmenter, Tagger};
use dateline_core::{Article, Doc, Stage};
use std::collections::HashMap;
use std::time::Instant;

/// Precision, recall and F1 from counts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Prf {
    /// Correct items.
    pub correct: usize,
    /// Items in the gold standard.
    pub gold: usize,
    /// Items produced.
    pub system: usize,
}

impl Prf {
    /// Precision.
    pub fn precision(&self) -> f64 {
        self.correct as f64 / self.system.max(1) as f64
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        self.correct as f64 / self.gold.max(1) as f64
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// The scores of one evaluation run.
#[derive(Clone, Debug, Default)]
pub struct SyntaxScores {
    /// Whether raw text was analysed (else gold tokens).
    pub raw: bool,
    /// Sentence boundaries (raw mode).
    pub sentences: Prf,
    /// Surface tokens (raw mode).
    pub tokens: Prf,
    /// Syntactic words.
    pub words: Prf,
    /// UPOS.
    pub upos: Prf,
    /// Lemmas.
    pub lemmas: Prf,
    /// Unlabeled attachment.
    pub uas: Prf,
    /// Labeled attachment (universal relation).
    pub las: Prf,
    /// Words analysed by the system.
    pub analysed_tokens: usize,
    /// CPU seconds of the analysing thread spent in analysis (segmentation, tagging,
    /// parsing); wall seconds where CPU time is unavailable.
    pub seconds: f64,
}

impl SyntaxScores {
    /// Tokens per second of analysis.
    pub fn tokens_per_second(&self) -> f64 {
        self.analysed_tokens as f64 / self.seconds.max(1e-9)
    }
}

/// A gold word with its place in the reconstructed text.
struct GoldWord {
    start: usize,
    end: usize,
    upos: String,
    lemma: String,
    /// Global index of the head word, `None` for the root.
    head: Option<usize>,
    deprel: String,
}

fn universal(l: &str) -> &str {
    l.split(':').next().unwrap_or(l)
}

/// The raw text of gold sentences (paragraphs separated by blank lines), the gold
/// sentence spans, token spans and words.
#[allow(clippy::type_complexity)]
fn reconstruct(
    gold: &[ConlluSentence],
) -> (
    String,
    Vec<(usize, usize)>,
    Vec<(usize, usize)>,
    Vec<GoldWord>,
) {
    let mut text = String::new();
    let mut sents = Vec::new();
    let mut toks = Vec::new();
    let mut words: Vec<GoldWord> = Vec::new();
    let mut space = false;
    for (k, s) in gold.iter().enumerate() {
        if k > 0 {
            if s.new_paragraph {
                text.push_str("\n\n");
            } else if space {
                text.push(' ');
            }
        }
        let base = words.len();
        let sent_start = text.len();
        let mut i = 0;
        while i < s.words.len() {
            if let Some(mw) = s.multiwords.iter().find(|m| m.first == i) {
                let start = text.len();
                text.push_str(&mw.form);
                toks.push((start, text.len()));
                // Split the surface among its words where their forms spell it out.
                let mut pos = start;
                for j in mw.first..=mw.last.min(s.words.len() - 1) {
                    let f = &s.words[j].form;
                    let rest = &text[pos..];
                    let (a, b) = if rest.len() >= f.len()
                        && rest.is_char_boundary(f.len())
                        && rest[..f.len()].eq_ignore_ascii_case(f)
                    {
                        (pos, pos + f.len())
                    } else if j == mw.first {
                        (start, text.len())
                    } else {
                        (text.len(), text.len())
                    };
                    pos = b;
                    push_word(&mut words, s, j, base, a, b);
                }
                space = mw.space_after;
                i = mw.last + 1;
            } else {
                let start = text.len();
                text.push_str(&s.words[i].form);
                toks.push((start, text.len()));
                push_word(&mut words, s, i, base, start, text.len());
                space = s.words[i].space_after;
                i += 1;
            }
            if i < s.words.len() && space {
                text.push(' ');
            }
        }
        sents.push((sent_start, text.len()));
    }
    (text, sents, toks, words)
}

fn push_word(
    words: &mut Vec<GoldWord>,
    s: &ConlluSentence,
    j: usize,
    base: usize,
    a: usize,
    b: usize,
) {
    let w = &s.words[j];
    words.push(GoldWord {
        start: a,
        end: b,
        upos: w.upos.clone(),
        lemma: w.lemma.clone(),
        head: if w.head == 0 {
            None
        } else {
            Some(base + w.head - 1)
        },
        deprel: w.deprel.clone(),
    });
}

/// Analyses gold sentences and scores the result. With `raw`, the reconstructed
/// text goes through the segmenter; otherwise the gold words are tagged and parsed.
pub fn evaluate(gold: &[ConlluSentence], raw: bool) -> SyntaxScores {
    let mut sc = SyntaxScores {
        raw,
        ..SyntaxScores::default()
    };
    let (text, gsents, gtoks, gwords) = reconstruct(gold);
    let mut doc = Doc::new(Article {
        text: text.clone(),
        ..Article::default()
    });
    // Decode the models before timing.
    let _ = crate::builtin_models();
    let start = Instant::now();
    let cpu0 = thread_cpu_seconds();
    if raw {
        let stages: [&dyn Stage; 3] = [&Segmenter, &Tagger, &Parser];
        for st in stages {
            if let Err(e) = st.process(&mut doc) {
                doc.warn("eval", e.to_string());
            }
        }
    } else {
        // Gold words and sentences as the token and sentence layers.
        let mut k = 0;
        for (si, s) in gold.iter().enumerate() {
            let first = doc.tokens.len();
            for _ in &s.words {
                let w = &gwords[k];
                doc.tokens.push(dateline_core::Token {
                    span: dateline_core::Span::new(w.start, w.end),
                    sentence: si,
                    upos: None,
                    lemma: None,
                    head: None,
                    deprel: None,
                });
                k += 1;
            }
            doc.sentences.push(dateline_core::Sentence {
                span: dateline_core::Span::new(gsents[si].0, gsents[si].1),
                first_token: first,
                token_count: s.words.len(),
            });
        }
        let _ = Tagger.process(&mut doc);
        let _ = Parser.process(&mut doc);
    }
    sc.seconds = match (cpu0, thread_cpu_seconds()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => start.elapsed().as_secs_f64(),
    };
    sc.analysed_tokens = doc.tokens.len();

    // Sentences and tokens by span.
    let sys_sents: Vec<(usize, usize)> = doc
        .sentences
        .iter()
        .map(|s| (s.span.start(), s.span.end()))
        .collect();
    sc.sentences = match_spans(&gsents, &sys_sents);
    let sys_toks: Vec<(usize, usize)> = doc
        .tokens
        .iter()
        .map(|t| (t.span.start(), t.span.end()))
        .collect();
    sc.tokens = match_spans(&gtoks, &sys_toks);

    // Words: align by span (in gold-token mode every word aligns by construction).
    let index: HashMap<(usize, usize), usize> =
        sys_toks.iter().enumerate().map(|(i, &s)| (s, i)).collect();
    let align: Vec<Option<usize>> = if raw {
        gwords
            .iter()
            .map(|w| index.get(&(w.start, w.end)).copied())
            .collect()
    } else {
        (0..gwords.len()).map(Some).collect()
    };
    let n_sys = doc.tokens.len();
    let prf = |correct: usize| Prf {
        correct,
        gold: gwords.len(),
        system: n_sys,
    };
    let (mut words, mut upos, mut lemma, mut uas, mut las) = (0, 0, 0, 0, 0);
    for (g, a) in gwords.iter().zip(&align) {
        let Some(s) = *a else { continue };
        let t = &doc.tokens[s];
        words += 1;
        upos += (t.upos.as_deref() == Some(g.upos.as_str())) as usize;
        lemma += (t.lemma.as_deref() == Some(g.lemma.as_str())) as usize;
        let sys_head = t.head.map(|h| doc.sentences[t.sentence].first_token + h);
        let head_ok = match (g.head, sys_head) {
            (None, None) => true,
            (Some(gh), Some(sh)) => align[gh] == Some(sh),
            _ => false,
        };
        if head_ok {
            uas += 1;
            if t.deprel.as_deref().map(universal) == Some(universal(&g.deprel)) {
                las += 1;
            }
        }
    }
    sc.words = prf(words);
    sc.upos = prf(upos);
    sc.lemmas = prf(lemma);
    sc.uas = prf(uas);
    sc.las = prf(las);
    sc
}

/// CPU seconds used by the calling thread (Linux `/proc/thread-self/stat`), if known.
pub fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Runs segmentation, tagging and parsing over texts; returns the number of tokens.
/// The caller times it.
pub fn analyse_texts(texts: &[String]) -> usize {
    let mut n = 0;
    for t in texts {
        let mut doc = Doc::new(Article {
            text: t.clone(),
            ..Article::default()
        });
        let stages: [&dyn Stage; 3] = [&Segmenter, &Tagger, &Parser];
        for st in stages {
            if st.process(&mut doc).is_err() {
                break;
            }
        }
        n += doc.tokens.len();
    }
    n
}

fn match_spans(gold: &[(usize, usize)], sys: &[(usize, usize)]) -> Prf {
    let set: std::collections::HashSet<&(usize, usize)> = gold.iter().collect();
    Prf {
        correct: sys.iter().filter(|s| set.contains(s)).count(),
        gold: gold.len(),
        system: sys.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eval_reconstructs_text_with_multiwords_and_paragraphs() {
        let src = "# newpar\n1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\
                   1\tdo\tdo\tAUX\t_\t_\t0\troot\t_\t_\n2\tn't\tnot\tPART\t_\t_\t1\tadvmod\t_\tSpaceAfter=No\n\
                   3\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\t_\n\n\
                   # newpar\n1\tOk\tok\tINTJ\t_\t_\t0\troot\t_\t_\n\n";
        let gold = crate::conllu::parse("t", src).unwrap();
        let (text, sents, toks, words) = reconstruct(&gold);
        assert_eq!(text, "don't.\n\nOk");
        assert_eq!(sents, vec![(0, 6), (8, 10)]);
        assert_eq!(toks.len(), 3);
        assert_eq!((words[1].start, words[1].end), (2, 5));
        assert_eq!(words[1].head, Some(0));
    }
}
