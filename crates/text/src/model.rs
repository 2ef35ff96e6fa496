//! The bundle of trained models (tagger, lemmatizer, parser) and its compact file.

use crate::lemma::Lemmatizer;
use crate::parser::ParserModel;
use crate::perceptron::Reader;
use crate::tagger::TaggerModel;
use crate::TextError;
use std::io::{Read, Write};

/// The last byte is the parser's feature-set version: a model trained with another
/// feature set would score the wrong features, so it is refused.
const MAGIC: &[u8; 8] = b"DLSYN\x00\x00\x02";

/// The trained tagger, lemmatizer and parser.
#[derive(Debug, Default)]
pub struct Models {
    /// UPOS tagger.
    pub tagger: TaggerModel,
    /// Lemmatizer.
    pub lemmatizer: Lemmatizer,
    /// Dependency parser.
    pub parser: ParserModel,
}

impl Models {
    /// The models as gzip-compressed bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut raw = MAGIC.to_vec();
        self.tagger.write(&mut raw);
        self.lemmatizer.write(&mut raw);
        self.parser.write(&mut raw);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&raw).expect("writing to memory");
        gz.finish().expect("writing to memory")
    }

    /// Drops tagger and parser weights below the given magnitudes and rounds the
    /// rest to multiples of `step` (model size).
    pub fn prune(&mut self, tagger_min: f32, parser_min: f32, step: f32) {
        self.tagger.model = self.tagger.model.pruned(tagger_min, step);
        self.parser.model = self.parser.model.pruned(parser_min, step);
    }

    /// Reads models written by [`Models::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Models, TextError> {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut raw)
            .map_err(|e| TextError::Model(format!("not a gzip model file: {e}")))?;
        if !raw.starts_with(MAGIC) {
            if raw.len() >= 8 && raw[..7] == MAGIC[..7] {
                return Err(TextError::Model(format!(
                    "a syntax model for parser feature set {}, this build has feature set {}: retrain it (docs/SYNTAX.md)",
                    raw[7], MAGIC[7]
                )));
            }
            return Err(TextError::Model(
                "not a dateline syntax model (bad magic)".into(),
            ));
        }
        let mut r = Reader::new(&raw[MAGIC.len()..]);
        let tagger = TaggerModel::read(&mut r)?;
        let lemmatizer = Lemmatizer::read(&mut r)?;
        let parser = ParserModel::read(&mut r)?;
        if !r.at_end() {
            return Err(r.err("trailing bytes"));
        }
        Ok(Models {
            tagger,
            lemmatizer,
            parser,
        })
    }
}
