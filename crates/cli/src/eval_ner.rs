//! `dateline eval ner`: named-entity scores on CoNLL-2003 or GUM gold, as the reference
//! scorer `eval_ner.py` computes them, plus the entity stage's speed.

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use dateline::entities::eval::{self, Format};
use dateline::entities::gold::GumView;
use dateline::entities::{EntityTagger, Lexicon};
use std::path::PathBuf;
use std::process::ExitCode;

/// Gold formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum GoldFormat {
    /// Guess from the path: a folder or `.conllu` → gum, else conll.
    Auto,
    /// CoNLL-2003 (`word POS chunk NER`).
    Conll,
    /// GUM CoNLL-U with entity annotation.
    Gum,
}

/// Arguments of `dateline eval ner`.
#[derive(Args, Debug)]
pub struct EvalNerArgs {
    /// Gold data: a CoNLL-2003 file (`eng.testa[.gz]`) or a GUM folder of `.conllu` files.
    #[arg(long, required = true)]
    pub gold: Vec<PathBuf>,
    /// Gold format.
    #[arg(long, value_enum, default_value = "auto")]
    pub format: GoldFormat,
    /// GUM: count only Wikipedia-linked mentions (identity, the default) or every
    /// proper-noun mention (propn).
    #[arg(long, default_value = "identity")]
    pub gum_view: String,
    /// Extra lexicon file (see docs/ENTITIES.md).
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write the predictions as JSONL for `eval_ner.py score`.
    #[arg(long)]
    pub write_predictions: Option<PathBuf>,
}

/// Runs the evaluation.
pub fn run(args: EvalNerArgs) -> Result<ExitCode> {
    let format = match args.format {
        GoldFormat::Conll => Format::Conll,
        GoldFormat::Gum => Format::Gum,
        GoldFormat::Auto => {
            let p = &args.gold[0];
            if p.is_dir() || p.to_string_lossy().contains(".conllu") {
                Format::Gum
            } else {
                Format::Conll
            }
        }
    };
    let view = match args.gum_view.as_str() {
        "identity" => GumView::Identity,
        "propn" => GumView::Propn,
        v => bail!("--gum-view {v:?}: want identity or propn"),
    };
    let tagger = match &args.lexicon {
        Some(p) => {
            let mut lx = Lexicon::builtin()?;
            lx.extend_from_file(p)?;
            EntityTagger::with_lexicon(lx)
        }
        None => EntityTagger::new(),
    };
    let paths: Vec<&std::path::Path> = args.gold.iter().map(|p| p.as_path()).collect();
    let docs = eval::load(format, &paths, view)
        .with_context(|| format!("reading gold {}", args.gold[0].display()))?;
    let name = args
        .gold
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let pipeline = dateline::Pipeline::new()?;
    let report = eval::run(&name, format, &docs, &tagger, |doc| pipeline.segment(doc));
    if let Some(p) = &args.write_predictions {
        let mut out = String::new();
        for v in &report.predictions {
            out.push_str(&serde_json::to_string(v)?);
            out.push('\n');
        }
        std::fs::write(p, out).with_context(|| format!("writing {}", p.display()))?;
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report.to_json())?);
    } else {
        print!("{}", report.table());
    }
    Ok(ExitCode::SUCCESS)
}
