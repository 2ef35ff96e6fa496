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

pub mod clusters;
pub mod conllu;
pub mod eval;
mod features;
pub mod lemma;
mod lexicon;
pub mod model;
pub mod parser;
pub mod perceptron;
pub mod segment;
pub mod tagger;
pub mod train;

pub use lexicon::{AbbrevClass, Lexicon};

use dateline_core::{Doc, Layer, Sentence, Span, Stage, StageError, Token};
use model::Models;
use std::sync::OnceLock;

/// The trained models shipped in the binary (`models/en-syntax.bin.gz`), decoded on
/// first use. When the environment variable `DATELINE_SYNTAX_MODEL` names a model
/// file (as written by `train-syntax`), that file is used instead.
pub fn builtin_models() -> Result<&'static Models, &'static TextError> {
    static MODELS: OnceLock<Result<Models, TextError>> = OnceLock::new();
    MODELS
        .get_or_init(|| match std::env::var_os("DATELINE_SYNTAX_MODEL") {
            Some(path) => std::fs::read(&path)
                .map_err(|e| TextError::Io {
                    path: path.to_string_lossy().into_owned(),
                    source: e,
                })
                .and_then(|b| Models::from_bytes(&b)),
            None => Models::from_bytes(include_bytes!("../models/en-syntax.bin.gz")),
        })
        .as_ref()
}

fn models(stage: &'static str) -> Result<&'static Models, StageError> {
    builtin_models().map_err(|e| StageError::new(stage, e.to_string()))
}

/// Part-of-speech tagging and lemmatization: needs tokens, gives Universal POS tags
/// and lemmas.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tagger;

impl Stage for Tagger {
    fn name(&self) -> &'static str {
        "tag"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Tags]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let m = models(self.name())?;
        let text = &doc.article.text;
        for s in &doc.sentences {
            let range = s.first_token..s.first_token + s.token_count;
            let forms: Vec<&str> = doc.tokens[range.clone()]
                .iter()
                .map(|t| t.span.slice(text))
                .collect();
            let tags = m.tagger.tag(&forms);
            for ((tok, form), tag) in doc.tokens[range].iter_mut().zip(&forms).zip(tags) {
                tok.upos = Some(tagger::UPOS[tag].to_string());
                tok.lemma = Some(m.lemmatizer.lemma(form, tag));
            }
        }
        Ok(())
    }
}

/// Dependency parsing: needs tags, gives heads and Universal Dependencies relations.
#[derive(Clone, Copy, Debug, Default)]
pub struct Parser;

impl Stage for Parser {
    fn name(&self) -> &'static str {
        "parse"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tags]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Syntax]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let m = models(self.name())?;
        let text = &doc.article.text;
        for s in &doc.sentences {
            let range = s.first_token..s.first_token + s.token_count;
            let toks = &doc.tokens[range.clone()];
            let forms: Vec<&str> = toks.iter().map(|t| t.span.slice(text)).collect();
            let tags: Vec<usize> = toks
                .iter()
                .map(|t| t.upos.as_deref().and_then(tagger::upos_index).unwrap_or(16))
                .collect();
            let p = m.parser.parse(&forms, &tags);
            for (i, tok) in doc.tokens[range].iter_mut().enumerate() {
                tok.head = p.heads[i].checked_sub(1);
                tok.deprel = Some(m.parser.labels[p.labels[i]].clone());
            }
        }
        Ok(())
    }
}

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
    /// A malformed CoNLL-U input.
    #[error("{input}:{line}: {message}")]
    Conllu {
        /// The file (or other input).
        input: String,
        /// 1-based line number (0 when the problem is not on one line).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A malformed or missing model.
    #[error("syntax model: {0}")]
    Model(String),
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
