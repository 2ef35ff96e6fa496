//! Training the tagger, lemmatizer and parser from CoNLL-U treebanks.

use crate::conllu::{read_path, ConlluSentence};
use crate::lemma::Lemmatizer;
use crate::model::Models;
use crate::parser::{self, label_index, ParseSentence};
use crate::tagger::{self, upos_index, TagSentence};
use crate::TextError;
use std::collections::HashMap;
use std::path::PathBuf;

/// What to train on and for how long.
#[derive(Clone, Debug)]
pub struct TrainConfig {
    /// CoNLL-U files or directories.
    pub inputs: Vec<PathBuf>,
    /// Tagger epochs.
    pub tagger_epochs: usize,
    /// Parser epochs.
    pub parser_epochs: usize,
    /// Folds for jackknifed tags (the parser trains on predicted tags); 0 or 1 = gold tags.
    pub folds: usize,
    /// A subtyped relation ("nsubj:pass") is kept when seen this often, else reduced
    /// to its universal part.
    pub min_subtype: usize,
    /// Tagger weights below this magnitude are dropped from the shipped model.
    pub tagger_min_weight: f32,
    /// Parser weights below this magnitude are dropped from the shipped model.
    pub parser_min_weight: f32,
    /// Shipped weights are rounded to multiples of this.
    pub weight_step: f32,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            inputs: Vec::new(),
            tagger_epochs: 8,
            parser_epochs: 15,
            folds: 4,
            min_subtype: 300,
            tagger_min_weight: 0.5,
            parser_min_weight: 1.0,
            weight_step: 0.5,
        }
    }
}

fn tag_data(sents: &[ConlluSentence]) -> Vec<TagSentence> {
    sents
        .iter()
        .map(|s| {
            (
                s.words.iter().map(|w| w.form.clone()).collect(),
                s.words
                    .iter()
                    .map(|w| upos_index(&w.upos).unwrap_or(16))
                    .collect(),
            )
        })
        .collect()
}

/// Trains all models; `log` receives progress lines.
pub fn train(cfg: &TrainConfig, log: &mut dyn FnMut(String)) -> Result<Models, TextError> {
    let mut sents = Vec::new();
    for p in &cfg.inputs {
        let mut s = read_path(p)?;
        log(format!("read {} sentences from {}", s.len(), p.display()));
        sents.append(&mut s);
    }
    if sents.is_empty() {
        return Err(TextError::Model("no training sentences".into()));
    }
    let data = tag_data(&sents);
    let tagger = tagger::train(&data, cfg.tagger_epochs, log);

    // Jackknifed tags for the parser.
    let mut predicted: Vec<Vec<usize>> = data.iter().map(|d| d.1.clone()).collect();
    if cfg.folds > 1 {
        for fold in 0..cfg.folds {
            let train: Vec<TagSentence> = data
                .iter()
                .enumerate()
                .filter(|(i, _)| i % cfg.folds != fold)
                .map(|(_, d)| d.clone())
                .collect();
            let m = tagger::train(&train, cfg.tagger_epochs.min(5), &mut |_| {});
            let (mut right, mut total) = (0, 0);
            for (i, d) in data.iter().enumerate() {
                if i % cfg.folds == fold {
                    let forms: Vec<&str> = d.0.iter().map(|f| f.as_str()).collect();
                    predicted[i] = m.tag(&forms);
                    right += predicted[i]
                        .iter()
                        .zip(&d.1)
                        .filter(|(a, b)| a == b)
                        .count();
                    total += forms.len();
                }
            }
            log(format!(
                "jackknife fold {}: held-out UPOS {:.4}",
                fold + 1,
                right as f64 / total.max(1) as f64
            ));
        }
    }

    let triples: Vec<(&str, usize, &str)> = sents
        .iter()
        .flat_map(|s| s.words.iter())
        .map(|w| {
            (
                w.form.as_str(),
                upos_index(&w.upos).unwrap_or(16),
                w.lemma.as_str(),
            )
        })
        .collect();
    let lemmatizer = Lemmatizer::train(&triples);

    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in sents.iter().flat_map(|s| s.words.iter()) {
        *counts.entry(w.deprel.as_str()).or_default() += 1;
    }
    let mut labels: Vec<String> = counts
        .iter()
        .map(|(l, &c)| {
            if l.contains(':') && c < cfg.min_subtype {
                l.split(':').next().unwrap_or(l).to_string()
            } else {
                l.to_string()
            }
        })
        .chain(["root".to_string(), "dep".to_string()])
        .collect();
    labels.sort();
    labels.dedup();
    log(format!(
        "{} dependency labels: {}",
        labels.len(),
        labels.join(" ")
    ));
    let pdata: Vec<ParseSentence> = sents
        .iter()
        .zip(predicted)
        .map(|(s, tags)| ParseSentence {
            forms: s.words.iter().map(|w| w.form.clone()).collect(),
            tags,
            heads: s.words.iter().map(|w| w.head).collect(),
            labels: s
                .words
                .iter()
                .map(|w| label_index(&labels, &w.deprel))
                .collect(),
        })
        .collect();
    let parser = parser::train(&pdata, labels, cfg.parser_epochs, log);
    let mut models = Models {
        tagger,
        lemmatizer,
        parser,
    };
    models.prune(
        cfg.tagger_min_weight,
        cfg.parser_min_weight,
        cfg.weight_step,
    );
    let (tagger, parser) = (&models.tagger, &models.parser);
    log(format!(
        "features kept: tagger {}, parser {}",
        tagger.model.n_features(),
        parser.model.n_features()
    ));
    Ok(models)
}
