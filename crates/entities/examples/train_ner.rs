//! Trains the NER model on CoNLL-2003 train and writes `knowledge/actors/ner/model.bin`.
//!
//! ```text
//! cargo run --release -p dateline-entities --example train_ner -- \
//!     ../shared/eval/ner/conll2003/eng.train.gz ../shared/eval/ner/conll2003/eng.testa.gz \
//!     knowledge/actors/ner/model.bin [EPOCHS] [MIN_WEIGHT]
//! ```
//!
//! The dev file is only used to print the score after each epoch (on gold tokens).

use dateline_entities::gold::{read_conll, GoldDoc};
use dateline_entities::model::{encode, spans, Model, Prepared, Trainer, CLASSES};
use dateline_entities::Lexicon;
use std::path::Path;

fn prepare<'a>(lx: &Lexicon, d: &'a GoldDoc) -> (Prepared<'a>, Vec<usize>) {
    let p = Prepared::new(lx, &d.text, d.offsets.clone(), d.sentences.clone());
    let sp: Vec<(usize, usize, usize)> = d
        .entities
        .iter()
        .map(|(a, b, t)| {
            (
                *a,
                *b,
                CLASSES.iter().position(|c| c == t).expect("CoNLL type"),
            )
        })
        .collect();
    (p, encode(d.tokens.len(), &sp))
}

fn f1(model: &Model, lx: &Lexicon, docs: &[GoldDoc]) -> f64 {
    let (mut tp, mut np, mut ng) = (0usize, 0usize, 0usize);
    for d in docs {
        let (p, gold) = prepare(lx, d);
        let pred = spans(&model.tag(&p));
        let g = spans(&gold);
        ng += g.len();
        np += pred.len();
        tp += pred.iter().filter(|x| g.contains(x)).count();
    }
    let p = tp as f64 / np.max(1) as f64;
    let r = tp as f64 / ng.max(1) as f64;
    2.0 * p * r / (p + r).max(1e-9)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: train_ner TRAIN DEV OUT [EPOCHS] [MIN_WEIGHT]");
        std::process::exit(2);
    }
    let epochs: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(8);
    let min_w: f32 = args.get(5).and_then(|s| s.parse().ok()).unwrap_or(0.05);
    let lx = Lexicon::builtin().expect("lexicon");
    let train = read_conll(Path::new(&args[1])).expect("train");
    let dev = read_conll(Path::new(&args[2])).expect("dev");
    let prepared: Vec<_> = train.iter().map(|d| prepare(&lx, d)).collect();
    let mut trainer = Trainer::new();
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for epoch in 0..epochs {
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        let mut errors = 0;
        for &k in &order {
            errors += trainer.train_doc(&prepared[k].0, &prepared[k].1);
        }
        let bytes = trainer.finish(min_w);
        let model = Model::from_bytes("trained", &bytes).expect("model");
        eprintln!(
            "epoch {epoch}: {errors} token errors, {} features ({} kept, {} bytes), dev F1 {:.4}",
            trainer.len(),
            model.len(),
            bytes.len(),
            f1(&model, &lx, &dev)
        );
        if epoch + 1 == epochs {
            std::fs::write(&args[3], &bytes).expect("write model");
        }
    }
}
