//! dateline's text analysis: sentences, tokens, part-of-speech tags, lemmas and a
//! dependency parse, each a stage that adds its layer to a [`Doc`].
//!
//! * [`Segmenter`] — rule-based sentence splitting and tokenization robust to news
//!   typography (abbreviations, initials, curly quotes, dashes, datelines, hyphenated
//!   compounds, possessives, URLs). Tokens follow the Universal Dependencies English
//!   conventions and are byte spans into `Article.text`.
//!
//! ```
//! use dateline_core::{Article, Doc, Span, Stage};
//! use dateline_text::Segmenter;
//! let mut article = Article::default();
//! article.set_body([("Gen. Smith met U.S. officials. Japan’s envoy left.", Span::new(0, 52))]);
//! let mut doc = Doc::new(article);
//! Segmenter::new().process(&mut doc).unwrap();
//! assert_eq!(doc.sentences.len(), 2);
//! let words: Vec<&str> = doc.tokens.iter().map(|t| t.span.slice(doc.text())).collect();
//! assert_eq!(&words[..6], ["Gen.", "Smith", "met", "U.S.", "officials", "."]);
//! assert_eq!(&words[6..8], ["Japan", "’s"]);
//! ```

mod lexicon;
pub mod segment;

pub use lexicon::{AbbrevClass, Lexicon};

use dateline_core::{Doc, Layer, Sentence, Span, Stage, StageError, Token};

/// Errors of the text-analysis crate.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// A malformed line in a knowledge file.
    #[error("{file}:{line}: {message}")]
    Lexicon {
        /// The knowledge file.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// The sentence splitter and tokenizer stage: needs the article, gives sentences and
/// tokens.
#[derive(Clone, Copy, Debug, Default)]
pub struct Segmenter;

impl Segmenter {
    /// The segmenter with the built-in knowledge.
    pub fn new() -> Segmenter {
        Segmenter
    }

    /// Segments a text: sentences as ranges of token indices, tokens as byte ranges.
    pub fn segment(
        &self,
        text: &str,
    ) -> (Vec<std::ops::Range<usize>>, Vec<std::ops::Range<usize>>) {
        let lex = Lexicon::builtin();
        let tokens = segment::tokenize(text, lex);
        let sents = segment::split_sentences(text, &tokens, lex);
        (sents, tokens)
    }
}

impl Stage for Segmenter {
    fn name(&self) -> &'static str {
        "segment"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Article]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let (sents, tokens) = self.segment(doc.text());
        let base = doc.tokens.len();
        let first_sentence = doc.sentences.len();
        doc.tokens.reserve(tokens.len());
        for (si, range) in sents.iter().enumerate() {
            let span = Span::new(tokens[range.start].start, tokens[range.end - 1].end);
            doc.sentences.push(Sentence {
                span,
                first_token: base + range.start,
                token_count: range.len(),
            });
            for t in &tokens[range.clone()] {
                doc.tokens.push(Token {
                    span: Span::new(t.start, t.end),
                    sentence: first_sentence + si,
                    upos: None,
                    lemma: None,
                    head: None,
                    deprel: None,
                });
            }
        }
        Ok(())
    }
}
