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
    let cfg = TrainConfig {
        inputs: args[1..].iter().map(PathBuf::from).collect(),
        ..TrainConfig::default()
    };
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
