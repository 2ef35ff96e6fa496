//! `dateline eval ner`: named-entity scores on CoNLL-2003 or GUM gold, as the reference
//! scorer `eval_ner.py` computes them, plus the entity stage's speed.

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use dateline::core::{Article, Doc, Stage};
use dateline::entities::eval::{self, Format};
use dateline::entities::gold::GumView;
use dateline::entities::{EntityTagger, Lexicon};
use dateline::text::eval::thread_cpu_seconds;
use std::path::{Path, PathBuf};
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
    #[arg(long, required_unless_present = "texts")]
    pub gold: Vec<PathBuf>,
    /// Instead of scoring: time the annotate pipeline (segmentation, tags, parse,
    /// entities) on the `articleBody` texts of a JSON object of records (such as
    /// scrapinghub-aeb's `ground-truth.json`), on one thread.
    #[arg(long, conflicts_with = "gold")]
    pub texts: Option<PathBuf>,
    /// With `--texts`: analyse the texts this many times (steadier CPU times).
    #[arg(long, default_value = "3")]
    pub repeat: usize,
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

/// spaCy `en_core_web_sm` 3.8 (tagger, parser, NER), tokens per CPU-second on the 181
/// scrapinghub-aeb article bodies, as measured for issue 5 on a machine like ours (spaCy
/// and its model cannot be installed here, so it is not rerun).
const SPACY_SM_TOKENS_PER_CPU_SECOND: f64 = 5_600.0;

/// Times the stages up to entities on article bodies.
fn run_speed(path: &Path, repeat: usize, json: bool) -> Result<ExitCode> {
    let raw =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let v: serde_json::Value =
        serde_json::from_str(&raw).with_context(|| format!("{}: not JSON", path.display()))?;
    let texts: Vec<&str> = v
        .as_object()
        .with_context(|| format!("{}: expected a JSON object of records", path.display()))?
        .values()
        .filter_map(|r| r.get("articleBody").and_then(|b| b.as_str()))
        .collect();
    anyhow::ensure!(
        !texts.is_empty(),
        "{}: no articleBody records",
        path.display()
    );
    let pipeline = dateline::Pipeline::new()?;
    let tagger = EntityTagger::new();
    // Models are decoded on first use: warm up outside the timed part.
    let mut warm = Doc::new(Article {
        text: "Shinzo Abe met Donald Trump in Osaka.".into(),
        ..Article::default()
    });
    pipeline.segment(&mut warm)?;
    tagger.process(&mut warm)?;
    let (mut before, mut entities, mut tokens) = (0.0, 0.0, 0usize);
    for _ in 0..repeat.max(1) {
        let mut docs: Vec<Doc> = texts
            .iter()
            .map(|t| {
                Doc::new(Article {
                    text: t.to_string(),
                    ..Article::default()
                })
            })
            .collect();
        let c0 = thread_cpu_seconds();
        for d in docs.iter_mut() {
            pipeline.segment(d)?;
        }
        let c1 = thread_cpu_seconds();
        for d in docs.iter_mut() {
            tagger.process(d)?;
        }
        let c2 = thread_cpu_seconds();
        let (Some(c0), Some(c1), Some(c2)) = (c0, c1, c2) else {
            bail!("no thread CPU clock on this system (/proc/thread-self/stat)");
        };
        before += c1 - c0;
        entities += c2 - c1;
        tokens += docs.iter().map(|d| d.tokens.len()).sum::<usize>();
    }
    let whole = tokens as f64 / (before + entities).max(1e-9);
    if json {
        let out = serde_json::json!({
            "task": "annotate-speed", "texts": texts.len(), "repeat": repeat, "tokens": tokens,
            "cpu_seconds_before_entities": before, "cpu_seconds_entities": entities,
            "tokens_per_cpu_second": whole,
            "entity_share_of_before": entities / before.max(1e-9),
            "spacy_sm_tokens_per_cpu_second": SPACY_SM_TOKENS_PER_CPU_SECOND,
            "ratio_to_spacy_sm": whole / SPACY_SM_TOKENS_PER_CPU_SECOND,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!(
            "{} texts × {}, {} tokens, one thread, CPU time:\n  stages before entities (segment, tag, parse): {:.3} s = {:.0} tokens/s\n  entity stage: {:.3} s = {:.0} tokens/s ({:.0} % of the stages before it)\n  annotate pipeline: {:.0} tokens per CPU-second = {:.1}× spaCy en_core_web_sm ({:.0}, issue 5's measurement)",
            texts.len(),
            repeat.max(1),
            tokens,
            before,
            tokens as f64 / before.max(1e-9),
            entities,
            tokens as f64 / entities.max(1e-9),
            100.0 * entities / before.max(1e-9),
            whole,
            whole / SPACY_SM_TOKENS_PER_CPU_SECOND,
            SPACY_SM_TOKENS_PER_CPU_SECOND
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs the evaluation.
pub fn run(args: EvalNerArgs) -> Result<ExitCode> {
    if let Some(t) = &args.texts {
        return run_speed(t, args.repeat, args.json);
    }
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
    let mut failed = None;
    let report = eval::run(&name, format, &docs, &tagger, |doc| {
        if let Err(e) = pipeline.segment(doc) {
            failed.get_or_insert(e);
        }
    });
    if let Some(e) = failed {
        bail!("segmentation failed: {e}");
    }
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
