//! `dateline eval syntax`: sentences, tokens, tags and dependency parse against
//! CoNLL-U gold (CoNLL 2018 shared-task definitions).

use anyhow::{Context, Result};
use clap::Args;
use dateline::text::{conllu, eval};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `dateline eval syntax`.
#[derive(Args)]
pub struct EvalSyntaxArgs {
    /// CoNLL-U gold: a file (`.conllu` or `.conllu.gz`) or a directory of them.
    #[arg(long, required_unless_present = "texts")]
    gold: Option<PathBuf>,
    /// Measure speed instead: a JSON object of records with an `articleBody` (as in
    /// the scrapinghub benchmark's `ground-truth.json`); prints tokens per CPU-second
    /// of the whole stage (sentences, tokens, tags, lemmas, parse) on one thread.
    #[arg(long, conflicts_with = "gold")]
    texts: Option<PathBuf>,
    /// Analyse the raw text rebuilt from the gold (own sentence splitting and
    /// tokenization); scores are F1 over character-aligned words.
    #[arg(long, conflicts_with = "gold_tokens")]
    raw: bool,
    /// Tag and parse the gold words (the default when neither mode is given: both run).
    #[arg(long)]
    gold_tokens: bool,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

fn prf(p: &eval::Prf) -> serde_json::Value {
    serde_json::json!({
        "precision": p.precision(), "recall": p.recall(), "f1": p.f1(),
        "correct": p.correct, "gold": p.gold, "system": p.system,
    })
}

fn to_json(s: &eval::SyntaxScores) -> serde_json::Value {
    let mut v = serde_json::json!({
        "mode": if s.raw { "raw" } else { "gold_tokens" },
        "words": prf(&s.words),
        "upos": prf(&s.upos),
        "lemmas": prf(&s.lemmas),
        "uas": prf(&s.uas),
        "las": prf(&s.las),
        "tokens_analysed": s.analysed_tokens,
        "seconds": s.seconds,
        "tokens_per_second": s.tokens_per_second(),
    });
    if s.raw {
        v["sentences"] = prf(&s.sentences);
        v["tokens"] = prf(&s.tokens);
    }
    v
}

fn run_speed(path: &PathBuf, json: bool) -> Result<ExitCode> {
    let raw =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let v: serde_json::Value =
        serde_json::from_str(&raw).with_context(|| format!("{}: not JSON", path.display()))?;
    let obj = v
        .as_object()
        .with_context(|| format!("{}: expected a JSON object of records", path.display()))?;
    let texts: Vec<String> = obj
        .values()
        .filter_map(|r| {
            r.get("articleBody")
                .and_then(|b| b.as_str())
                .map(String::from)
        })
        .collect();
    anyhow::ensure!(
        !texts.is_empty(),
        "{}: no articleBody records",
        path.display()
    );
    // Decode the models before timing.
    dateline::text::builtin_models().map_err(|e| anyhow::anyhow!("{e}"))?;
    let (c0, t0) = (eval::thread_cpu_seconds(), std::time::Instant::now());
    let tokens = eval::analyse_texts(&texts);
    let wall = t0.elapsed().as_secs_f64();
    let cpu = match (c0, eval::thread_cpu_seconds()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => wall,
    };
    if json {
        let out = serde_json::json!({
            "task": "syntax-speed", "texts": texts.len(), "tokens": tokens,
            "cpu_seconds": cpu, "wall_seconds": wall,
            "tokens_per_cpu_second": tokens as f64 / cpu,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!(
            "{} texts, {} tokens: {:.3} CPU s ({:.3} s wall) = {:.0} tokens per CPU-second",
            texts.len(),
            tokens,
            cpu,
            wall,
            tokens as f64 / cpu
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs the command.
pub fn run(args: EvalSyntaxArgs) -> Result<ExitCode> {
    // A model that does not load (a bad DATELINE_SYNTAX_MODEL) is an error, not a
    // run of empty parses scored as zero.
    dateline::text::builtin_models().map_err(|e| anyhow::anyhow!("syntax model: {e}"))?;
    if let Some(t) = &args.texts {
        return run_speed(t, args.json);
    }
    let gold_path = args.gold.clone().context("--gold is required")?;
    let gold = conllu::read_path(&gold_path)
        .with_context(|| format!("reading gold {}", gold_path.display()))?;
    anyhow::ensure!(!gold.is_empty(), "{}: no sentences", gold_path.display());
    let modes: Vec<bool> = match (args.raw, args.gold_tokens) {
        (true, _) => vec![true],
        (false, true) => vec![false],
        (false, false) => vec![false, true],
    };
    let results: Vec<eval::SyntaxScores> = modes
        .iter()
        .map(|&raw| eval::evaluate(&gold, raw))
        .collect();
    if args.json {
        let runs: Vec<serde_json::Value> = results.iter().map(to_json).collect();
        let out = serde_json::json!({
            "task": "syntax",
            "gold": gold_path.display().to_string(),
            "sentences_in_gold": gold.len(),
            "runs": runs,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!("gold: {} ({} sentences)", gold_path.display(), gold.len());
        for s in &results {
            println!("mode: {}", if s.raw { "raw text" } else { "gold tokens" });
            let mut rows = vec![];
            if s.raw {
                rows.push(("sentences", s.sentences));
                rows.push(("tokens", s.tokens));
                rows.push(("words", s.words));
            }
            rows.extend([
                ("UPOS", s.upos),
                ("lemmas", s.lemmas),
                ("UAS", s.uas),
                ("LAS", s.las),
            ]);
            println!(
                "  {:<10} {:>9} {:>9} {:>9}",
                "metric", "precision", "recall", "F1"
            );
            for (name, p) in rows {
                println!(
                    "  {:<10} {:>9.4} {:>9.4} {:>9.4}",
                    name,
                    p.precision(),
                    p.recall(),
                    p.f1()
                );
            }
            println!(
                "  speed      {:.0} tokens per CPU-second ({} tokens in {:.3} s, one thread)",
                s.tokens_per_second(),
                s.analysed_tokens,
                s.seconds
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
