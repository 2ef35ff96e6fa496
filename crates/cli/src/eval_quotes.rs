//! `dateline eval quotes`: quote attribution scored on PolNeAR (brat standoff).
//!
//! Runs the full pipeline on each article's raw `.txt`, maps every quote from
//! `Article.text` back to characters of the `.txt` through the extraction alignment,
//! and scores with the rules of the reference scorer `eval_quotes.py`
//! (see `dateline_quotes::polnear`).

use anyhow::{Context, Result};
use clap::Args;
use dateline::core::{Doc, QuoteKind, Span};
use dateline::quotes::polnear::{self, PredQuote};
use dateline::{Options, Pipeline};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `dateline eval quotes`.
#[derive(Args, Debug)]
pub struct EvalQuotesArgs {
    /// PolNeAR split folder (with `text/` and `attributions/`).
    #[arg(long, value_name = "DIR")]
    gold: PathBuf,
    /// Print the scores as JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Also write the predictions as JSONL in the reference scorer's format.
    #[arg(long, value_name = "FILE")]
    predictions: Option<PathBuf>,
    /// Skip the entity stage: quote spans and every score stay the same (they do not
    /// depend on entities), only speakers are left unresolved. Faster.
    #[arg(long)]
    without_entities: bool,
}

/// Character offset of every byte offset of `text` (len + 1 entries).
fn char_index(text: &str) -> Vec<usize> {
    let mut out = vec![0; text.len() + 1];
    let mut n = 0;
    for (i, c) in text.char_indices() {
        for k in 0..c.len_utf8() {
            out[i + k] = n;
        }
        n += 1;
    }
    out[text.len()] = n;
    out
}

const MARKS: &[char] = &['"', '“', '”', '„', '‟', '«', '»'];

/// Widens a direct quote's content to take in its quotation marks, as PolNeAR's
/// contents do.
fn with_marks(text: &str, span: Span) -> Span {
    let before = text[..span.start()].trim_end_matches([' ', '\u{a0}']);
    let start = if before.ends_with("''") || before.ends_with("``") {
        before.len() - 2
    } else {
        match before.chars().last() {
            Some(c) if MARKS.contains(&c) => before.len() - c.len_utf8(),
            _ => span.start(),
        }
    };
    let after = &text[span.end()..];
    let after_trim = after.trim_start_matches([' ', '\u{a0}']);
    let skip = span.end() + (after.len() - after_trim.len());
    let end = if after_trim.starts_with("''") {
        skip + 2
    } else {
        match after_trim.chars().next() {
            Some(c) if MARKS.contains(&c) => skip + c.len_utf8(),
            _ => span.end(),
        }
    };
    Span::new(start, end)
}

/// The predictions for one article in characters of its `.txt`.
fn predictions(doc: &Doc, input: &str) -> Vec<PredQuote> {
    let text = doc.text();
    let chars = char_index(input);
    let to_chars = |s: Span| -> Option<(usize, usize)> {
        let i = doc.article.alignment.span_to_input(s)?;
        Some((*chars.get(i.start())?, *chars.get(i.end())?))
    };
    let contents: Vec<Span> = doc.quotes.iter().map(|q| q.content).collect();
    let mut out = Vec::new();
    for q in &doc.quotes {
        let content = match q.kind {
            QuoteKind::Direct => with_marks(text, q.content),
            QuoteKind::Partial => {
                // PolNeAR annotates a partial quote as part of the reported content
                // around it: drop it when an indirect quote already holds it, else
                // score the clause it stands in (from the cue, or from the sentence
                // start when the cue comes after it).
                if contents
                    .iter()
                    .any(|c| *c != q.content && c.contains(q.content))
                {
                    continue;
                }
                let quoted = with_marks(text, q.content);
                let start = match q.cue {
                    Some(c) if c.end() <= quoted.start() => {
                        c.end()
                            + (text[c.end()..quoted.start()].len()
                                - text[c.end()..quoted.start()].trim_start().len())
                    }
                    _ => doc
                        .sentences
                        .iter()
                        .find(|s| s.span.start() <= quoted.start() && quoted.start() < s.span.end())
                        .map_or(quoted.start(), |s| s.span.start()),
                };
                Span::new(start.min(quoted.start()), quoted.end())
            }
            QuoteKind::Indirect => q.content,
        };
        let Some(content) = to_chars(content) else {
            continue;
        };
        out.push(PredQuote {
            content,
            source: q.source.and_then(to_chars),
            cue: q.cue.and_then(to_chars),
            kind: match q.kind {
                QuoteKind::Direct => "direct",
                QuoteKind::Indirect => "indirect",
                QuoteKind::Partial => "partial",
            }
            .to_string(),
        });
    }
    out
}

/// Runs `dateline eval quotes`.
pub fn run(args: EvalQuotesArgs) -> Result<ExitCode> {
    let gold = polnear::load_split(&args.gold).context("reading the gold split")?;
    let pipeline = if args.without_entities {
        Pipeline::with_stages(
            dateline::extract::AutoExtractor::default(),
            vec![
                Box::new(dateline::text::Segmenter::new()),
                Box::new(dateline::quotes::QuoteFinder::new()),
            ],
        )
    } else {
        Pipeline::new()
    }
    .context("building the pipeline")?;
    let started = Instant::now();
    let mut preds = Vec::new();
    let mut jsonl = Vec::new();
    let mut failed = 0;
    let mut bytes = 0;
    for g in &gold {
        bytes += g.text.len();
        let name = format!("{}.txt", g.name);
        let (quotes, error) =
            match pipeline.analyze_bytes(&name, g.text.as_bytes(), &Options::default()) {
                Ok(doc) => (predictions(&doc, &g.text), None),
                Err(e) => {
                    failed += 1;
                    (Vec::new(), Some(e.to_string()))
                }
            };
        preds.push(polnear::prepare(&g.chars, &quotes));
        let mut obj = serde_json::json!({"name": g.name, "quotes": quotes});
        if let Some(e) = error {
            obj["error"] = e.into();
        }
        jsonl.push(obj.to_string());
    }
    let secs = started.elapsed().as_secs_f64();
    let scores = polnear::score(&gold, &preds);
    if let Some(path) = &args.predictions {
        let mut f = std::fs::File::create(path)
            .with_context(|| format!("{}: cannot create", path.display()))?;
        for line in &jsonl {
            writeln!(f, "{line}").with_context(|| format!("{}: write failed", path.display()))?;
        }
    }
    if args.json {
        let out = serde_json::json!({
            "task": "quotes",
            "gold": args.gold.display().to_string(),
            "articles": gold.len(),
            "articles_failed": failed,
            "seconds": secs,
            "bytes_per_second": bytes as f64 / secs.max(1e-9),
            "scores": scores,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        let n_gold: usize = gold.iter().map(|g| g.attrs.len()).sum();
        println!(
            "gold: {}: {} articles, {} attributions; {} articles failed; {:.2} s ({:.0} KB/s)",
            args.gold.display(),
            gold.len(),
            n_gold,
            failed,
            secs,
            bytes as f64 / 1024.0 / secs.max(1e-9)
        );
        print!("{}", scores.table());
    }
    Ok(ExitCode::SUCCESS)
}
