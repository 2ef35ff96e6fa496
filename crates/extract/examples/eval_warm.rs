//! `eval_warm GOLD [ROUNDS]`: the cascade's extraction evaluation run ROUNDS times
//! (default 3) in one process, printing F1 and pages per CPU-second each round and
//! the per-step milliseconds of the last.
//!
//! The first round pays one-time costs (regex compilation, lazy DFA states,
//! trafilatura's and justext's tables) inside page time; the later rounds show the
//! steady state that a long crawl sees. `scripts/bench_extraction_peers.py` runs all
//! sets in one process, so only its first set pays them.

use dateline_extract::eval::{evaluate, EvalOptions};
use dateline_extract::HtmlExtractor;

fn main() {
    let mut args = std::env::args().skip(1);
    let gold = args.next().expect("usage: eval_warm GOLD_DIR [ROUNDS]");
    let rounds: usize = args.next().map_or(3, |r| r.parse().expect("ROUNDS"));
    let opts = EvalOptions {
        predictions: None,
        limit: None,
        extractor: Some(HtmlExtractor::default()),
    };
    for round in 0..rounds {
        for s in evaluate(std::path::Path::new(&gold), &opts).expect("evaluation") {
            println!(
                "round {round} {:<20} F1 {:.3} {:.1} pages/CPU-s",
                s.dataset,
                s.f1.unwrap_or(0.0),
                s.pages_per_cpu_second
            );
            if round + 1 == rounds {
                for (k, v) in s.extra.iter().filter(|(k, _)| k.starts_with("ms_")) {
                    println!("    {k:<16} {v:.3}");
                }
            }
        }
    }
}
