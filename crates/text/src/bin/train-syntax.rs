//! Trains dateline's tagger, lemmatizer and parser from CoNLL-U treebanks and writes
//! the compact model file.
//!
//! `train-syntax OUT.bin.gz TREEBANK...` (files or directories of `.conllu[.gz]`).

use dateline_text::train::{train, TrainConfig};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("prune") && args.len() == 6 {
        // train-syntax prune IN OUT TAGGER_MIN PARSER_MIN STEP: size experiments.
        let bytes = std::fs::read(&args[1]).expect("read model");
        let mut m = dateline_text::model::Models::from_bytes(&bytes).expect("decode model");
        let num = |i: usize| args[i].parse::<f32>().expect("a number");
        m.prune(num(3), num(4), num(5));
        let out = m.to_bytes();
        std::fs::write(&args[2], &out).expect("write model");
        eprintln!(
            "tagger {} features, parser {} features, {} bytes",
            m.tagger.model.n_features(),
            m.parser.model.n_features(),
            out.len()
        );
        return ExitCode::SUCCESS;
    }
    if args.len() < 2 {
        eprintln!("usage: train-syntax OUT.bin.gz TREEBANK...");
        return ExitCode::from(2);
    }
    let mut cfg = TrainConfig {
        inputs: args[1..].iter().map(PathBuf::from).collect(),
        ..TrainConfig::default()
    };
    // Experiments: DATELINE_TRAIN_PRUNE="TAGGER_MIN,PARSER_MIN,STEP" (e.g. "0,0,0" keeps
    // every weight, to re-prune later with `train-syntax prune`), and
    // DATELINE_TRAIN_EPOCHS="TAGGER,PARSER".
    if let Ok(v) = std::env::var("DATELINE_TRAIN_PRUNE") {
        let x: Vec<f32> = v.split(',').filter_map(|t| t.trim().parse().ok()).collect();
        if x.len() != 3 {
            eprintln!("train-syntax: DATELINE_TRAIN_PRUNE wants three numbers, got {v:?}");
            return ExitCode::from(2);
        }
        (
            cfg.tagger_min_weight,
            cfg.parser_min_weight,
            cfg.weight_step,
        ) = (x[0], x[1], x[2]);
    }
    if let Ok(v) = std::env::var("DATELINE_TRAIN_EPOCHS") {
        let x: Vec<usize> = v.split(',').filter_map(|t| t.trim().parse().ok()).collect();
        if x.len() != 2 {
            eprintln!("train-syntax: DATELINE_TRAIN_EPOCHS wants two numbers, got {v:?}");
            return ExitCode::from(2);
        }
        (cfg.tagger_epochs, cfg.parser_epochs) = (x[0], x[1]);
    }
    let start = std::time::Instant::now();
    match train(&cfg, &mut |l| {
        eprintln!("[{:6.1}s] {l}", start.elapsed().as_secs_f64())
    }) {
        Ok(models) => {
            let bytes = models.to_bytes();
            if let Err(e) = std::fs::write(&args[0], &bytes) {
                eprintln!("train-syntax: {}: {e}", args[0]);
                return ExitCode::from(1);
            }
            eprintln!("wrote {} ({} bytes)", args[0], bytes.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("train-syntax: {e}");
            ExitCode::from(1)
        }
    }
}
