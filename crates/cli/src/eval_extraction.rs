//! `dateline eval extraction`: scores article extraction on the public gold sets.

use anyhow::Result;
use clap::Args;
use dateline::extract::eval::{evaluate, DatasetScore, EvalOptions};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `dateline eval extraction`.
#[derive(Args)]
pub struct EvalExtractionArgs {
    /// A gold set folder (scrapinghub-aeb, wcxb, trafilatura-eval,
    /// mozilla-readability) or a folder holding several.
    #[arg(long)]
    gold: PathBuf,
    /// Print one JSON object per dataset instead of a table.
    #[arg(long)]
    json: bool,
    /// Write the predictions, one `DATASET.json` per set in the reference
    /// scorers' format, to this folder.
    #[arg(long)]
    predictions: Option<PathBuf>,
    /// Score at most this many pages per set.
    #[arg(long)]
    limit: Option<usize>,
}

/// Runs the evaluation and prints the scores.
pub fn run(args: EvalExtractionArgs) -> Result<ExitCode> {
    let opts = EvalOptions {
        predictions: args.predictions,
        limit: args.limit,
    };
    let scores = evaluate(&args.gold, &opts)?;
    for s in &scores {
        if args.json {
            println!("{}", serde_json::to_string(s)?);
        } else {
            print_table(s);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_table(s: &DatasetScore) {
    let f = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.3}"));
    println!(
        "{:<20} n {:>4}  P {}  R {}  F1 {}  {:.1} pages/CPU-s, {:.1} pages/s ({:.2} s; slowest {} {:.3} s; empty {})",
        s.dataset,
        s.n,
        f(s.precision),
        f(s.recall),
        f(s.f1),
        s.pages_per_cpu_second,
        s.pages_per_second,
        s.seconds,
        s.slowest.0,
        s.slowest.1,
        s.empty
    );
    for (k, v) in &s.extra {
        println!("    {k:<12} {v:.3}");
    }
    for (k, v) in &s.metadata {
        println!(
            "    {k:<12} {:.1}% of {} ({} correct)",
            100.0 * v.accuracy,
            v.total,
            v.correct
        );
    }
}
