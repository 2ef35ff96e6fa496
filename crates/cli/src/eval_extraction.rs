//! `dateline eval extraction`: scores article extraction on the public gold sets.

use anyhow::Result;
use clap::Args;
use dateline::extract::eval::{evaluate, warc_check, DatasetScore, EvalOptions, WarcFileReport};
use dateline::extract::{
    CascadeFinder, Confidence, ContentFinder, FastFinder, Focus, HtmlExtractor, TrafilaturaFinder,
};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// Arguments of `dateline eval extraction`.
#[derive(Args)]
pub struct EvalExtractionArgs {
    /// A gold set folder (scrapinghub-aeb, wcxb, trafilatura-eval,
    /// mozilla-readability) or a folder holding several.
    #[arg(long, required_unless_present = "warc")]
    gold: Option<PathBuf>,
    /// Also read every crawl file under this folder (WARC, WARC.gz, WET, ARC),
    /// extract every page, and report records, skips, malformed records, errors
    /// (file and offset) and the slowest page.
    #[arg(long)]
    warc: Option<PathBuf>,
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
    /// Main-content focus: balanced, precision or recall.
    #[arg(long, default_value = "balanced")]
    focus: String,
    /// Turn off trafilatura's readability/justext fallbacks (faster).
    #[arg(long)]
    no_fallback: bool,
    /// Main-content finder: cascade (the fast finder when it is sure, else
    /// trafilatura), fast (the fast finder alone) or trafilatura.
    #[arg(long, default_value = "cascade")]
    finder: String,
}

/// Runs the evaluation and prints the scores.
pub fn run(args: EvalExtractionArgs) -> Result<ExitCode> {
    let focus = match args.focus.as_str() {
        "balanced" => Focus::Balanced,
        "precision" => Focus::Precision,
        "recall" => Focus::Recall,
        other => anyhow::bail!("--focus {other}: expected balanced, precision or recall"),
    };
    let trafilatura = TrafilaturaFinder::new(focus, !args.no_fallback);
    let finder: Arc<dyn ContentFinder> = match args.finder.as_str() {
        "cascade" => Arc::new(CascadeFinder::new(Confidence::default(), trafilatura)),
        "fast" => Arc::new(FastFinder::default()),
        "trafilatura" => Arc::new(trafilatura),
        other => anyhow::bail!("--finder {other}: expected cascade, fast or trafilatura"),
    };
    let opts = EvalOptions {
        predictions: args.predictions,
        limit: args.limit,
        extractor: Some(HtmlExtractor::new(finder)),
    };
    if let Some(dir) = &args.warc {
        let reports = warc_check(dir);
        let mut panics = 0;
        for r in &reports {
            panics += r.panics;
            if args.json {
                println!("{}", serde_json::to_string(r)?);
            } else {
                print_warc(r);
            }
        }
        if panics > 0 {
            anyhow::bail!("{panics} page(s) made the extractor panic");
        }
    }
    let Some(gold) = &args.gold else {
        return Ok(ExitCode::SUCCESS);
    };
    let scores = evaluate(gold, &opts)?;
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
    let mut steps = Vec::new();
    for (k, v) in &s.extra {
        match k.strip_prefix("ms_") {
            Some(step) => steps.push(format!("{step} {v:.2}")),
            None => println!("    {k:<12} {v:.3}"),
        }
    }
    if !steps.is_empty() {
        println!("    ms/page (wall): {}", steps.join(", "));
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

fn print_warc(r: &WarcFileReport) {
    println!(
        "{}: {} records, {} pages ({} without text), {} malformed, {} panics, slowest page {:.3} s, {:.2} s",
        r.path, r.records, r.pages, r.empty, r.malformed, r.panics, r.slowest, r.seconds
    );
    if !r.skipped.is_empty() {
        let kinds: Vec<String> = r.skipped.iter().map(|(k, n)| format!("{k} {n}")).collect();
        println!("    skipped: {}", kinds.join(", "));
    }
    for e in &r.errors {
        println!("    error: {e}");
    }
}
