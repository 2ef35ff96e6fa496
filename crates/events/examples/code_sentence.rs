//! Codes sentences given on the command line (no tagger, no entities: the word-order
//! fallback) and prints each event with the rule that fired.
//!
//! `cargo run -p dateline-events --example code_sentence -- "Gondor attacked Rohan."`

use dateline_core::{Article, Doc, Sentence, Span, Token};
use dateline_events::EventCoder;

fn main() {
    let coder = EventCoder::new();
    for text in std::env::args().skip(1) {
        let mut article = Article::default();
        article.set_body([(text.as_str(), Span::new(0, text.len()))]);
        let mut doc = Doc::new(article);
        let mut start = None;
        let mut spans = Vec::new();
        for (i, c) in text.char_indices() {
            let word = c.is_alphanumeric() || c == '-' || c == '\'';
            match (word, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    spans.push((s, i));
                    start = None;
                }
                _ => {}
            }
            if !word && !c.is_whitespace() {
                spans.push((i, i + c.len_utf8()));
            }
        }
        if let Some(s) = start {
            spans.push((s, text.len()));
        }
        for &(s, e) in &spans {
            doc.tokens.push(Token {
                span: Span::new(s, e),
                sentence: 0,
                upos: None,
                lemma: None,
                head: None,
                deprel: None,
            });
        }
        doc.sentences.push(Sentence {
            span: Span::new(0, text.len()),
            first_token: 0,
            token_count: spans.len(),
        });
        println!("{text}");
        for e in coder.code(&doc) {
            println!(
                "  {} {:<28} {:?}/{:?} conf {:.2}  «{}»",
                e.cameo,
                e.rule,
                e.polarity,
                e.modality,
                e.confidence,
                e.evidence[0].slice(doc.text())
            );
        }
    }
}
