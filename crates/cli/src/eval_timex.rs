//! `dateline eval timex`: score the time recogniser on TempEval-3 TimeML or GUM gold.

use anyhow::Context;
use clap::Args;
use dateline::time::eval;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `dateline eval timex`.
#[derive(Args)]
pub struct EvalTimexArgs {
    /// Gold folder (or file): TimeML `*.tml` (TempEval-3, the DCT as reference date) or
    /// GUM `*.xml[.gz]` (`dateCreated` as reference date), searched recursively.
    #[arg(long)]
    gold: PathBuf,
    /// Print the scores as one JSON object.
    #[arg(long)]
    json: bool,
    /// Also write the predictions, one JSON line per document, in the format of
    /// `eval_timex.py score` (character offsets into its exported text).
    #[arg(long, value_name = "PATH")]
    export: Option<PathBuf>,
}

fn pct(x: f64) -> String {
    format!("{:6.2}", x * 100.0)
}

/// Runs the evaluation.
pub fn run(args: EvalTimexArgs) -> anyhow::Result<ExitCode> {
    let (format, docs) = eval::load_gold(&args.gold)?;
    let (scores, preds) = eval::evaluate(format, &docs);
    if let Some(path) = &args.export {
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("{}", path.display()))?,
        );
        for (d, p) in docs.iter().zip(&preds) {
            writeln!(f, "{}", eval::export_line(d, p))?;
        }
        f.flush()?;
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&scores)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "gold: {} ({:?}): {} docs, {} timexes; predicted {}",
        args.gold.display(),
        scores.format,
        scores.documents,
        scores.gold_timexes,
        scores.predicted_timexes
    );
    println!("{:<14}{:>8}{:>8}{:>8}", "", "P", "R", "F1");
    let mut rows = vec![
        ("strict", &scores.strict),
        ("relaxed", &scores.relaxed),
        ("value (attr)", &scores.value),
    ];
    if let Some(t) = &scores.r#type {
        rows.push(("type (attr)", t));
    }
    for (name, r) in rows {
        println!(
            "{name:<14}{:>8}{:>8}{:>8}",
            pct(r.precision),
            pct(r.recall),
            pct(r.f1)
        );
    }
    if let Some(v) = scores.value_accuracy {
        println!("value accuracy on relaxed matches: {}", pct(v).trim());
    }
    if let Some(t) = scores.type_accuracy {
        println!("type accuracy on relaxed matches: {}", pct(t).trim());
    }
    println!(
        "speed: {} words in {:.3} s = {:.0} words/s",
        scores.words, scores.seconds, scores.words_per_second
    );
    Ok(ExitCode::SUCCESS)
}
