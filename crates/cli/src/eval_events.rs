//! `dateline eval events`: codes the gold sentences from raw text with the whole pipeline
//! and scores them like `eval_events.py`.

use anyhow::{Context, Result};
use clap::Args;
use dateline::core::{Article, Doc, Event, Field, Modality, Polarity, Provenance, Span};
use dateline::Pipeline;
use dateline_events::classes::{self, ClassItem};
use dateline_events::eval::{self, Dataset, PloverNames, PredEvent};
use dateline_events::EventCoder;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `dateline eval events`.
#[derive(Args, Debug)]
pub struct EvalEventsArgs {
    /// Gold folder: `events/`, `events/petrarch2-gsr`, `events/plover-gsr`, or a gold file.
    #[arg(long, value_name = "DIR")]
    gold: PathBuf,
    /// Print the scores as JSON.
    #[arg(long)]
    json: bool,
    /// Also write the predictions as JSON Lines (the reference scorer's input) to FILE.
    #[arg(long, value_name = "FILE")]
    export: Option<PathBuf>,
    /// An extra pattern file (our block format) that adds or overrides patterns.
    #[arg(long, value_name = "FILE")]
    patterns: Option<PathBuf>,
}

/// Confidence below which an event is a side event (a participle, a purpose clause, a
/// bare event noun) and is not counted as a coded event.
pub const MIN_CONFIDENCE: f32 = 0.5;

/// Whether an event counts as a coded event for evaluation: asserted, not hypothetical,
/// not a side event; on petrarch2-gsr (which codes dyads) also with an actor code.
fn scored(e: &Event, ds: Dataset) -> bool {
    e.polarity == Polarity::Asserted
        && e.modality != Modality::Hypothetical
        && (e.confidence >= MIN_CONFIDENCE
            || ds == Dataset::PloverGsr
                && e.source.unknown
                && e.target.unknown
                && e.confidence >= 0.45)
        && (ds == Dataset::PloverGsr || e.source.code.is_some() || e.target.code.is_some())
}

fn iso_date(d: &str) -> Option<String> {
    let d = d.trim();
    (d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]))
}

/// Runs `dateline eval events`.
pub fn run(args: EvalEventsArgs) -> Result<ExitCode> {
    let class_sets = class_sets(&args.gold)?;
    let gold = match eval::resolve_gold(&args.gold) {
        Ok(g) => g,
        Err(_) if !class_sets.is_empty() => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let pipeline = Pipeline::new().context("building the pipeline")?;
    let coder = match &args.patterns {
        Some(p) => {
            let text =
                std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            EventCoder::with_user_patterns(&p.display().to_string(), &text)?
        }
        None => EventCoder::new(),
    };
    let in_pipeline = pipeline.stage_names().contains(&"events");
    let names = PloverNames::new(coder.codebook());
    let mut export = match &args.export {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => None,
    };
    let mut report = serde_json::Map::new();
    let (mut sentences, mut tokens, mut secs, mut coder_secs) = (0usize, 0usize, 0f64, 0f64);
    for (ds, file, items) in &gold {
        let mut preds: HashMap<String, Vec<PredEvent>> = HashMap::new();
        for it in items {
            let mut article = Article::default();
            article.set_body([(it.text.as_str(), Span::new(0, it.text.len()))]);
            let mut doc = Doc::new(article);
            if let Some(d) = iso_date(&it.date) {
                doc.reference_date = Some(Field::new(d, Provenance::User));
            }
            let t0 = Instant::now();
            let timings = pipeline
                .annotate_timed(&mut doc)
                .with_context(|| format!("{}: item {}", file.display(), it.id))?;
            let events = if in_pipeline {
                doc.events.clone()
            } else {
                let t1 = Instant::now();
                let e = coder.code(&doc);
                coder_secs += t1.elapsed().as_secs_f64();
                e
            };
            secs += t0.elapsed().as_secs_f64();
            for (name, d) in timings {
                if name == "events" {
                    coder_secs += d.as_secs_f64();
                }
            }
            sentences += doc.sentences.len().max(1);
            tokens += doc.tokens.len();
            let text = doc.text();
            let words = |s: Option<Span>| s.and_then(|s| s.get(text)).unwrap_or("").to_string();
            let p: Vec<PredEvent> = events
                .iter()
                .filter(|e| scored(e, *ds))
                .map(|e| {
                    let plover = match ds {
                        Dataset::PloverGsr if e.cameo.starts_with("02") => "DEMAND".to_string(),
                        Dataset::PloverGsr => names.type_gsr(&e.cameo),
                        Dataset::Petrarch2Gsr => String::new(),
                    };
                    PredEvent {
                        source: e.source.code.clone().unwrap_or_default(),
                        target: e.target.code.clone().unwrap_or_default(),
                        code: e.cameo.clone(),
                        plover,
                        source_text: if *ds == Dataset::PloverGsr {
                            words(e.source.span)
                        } else {
                            String::new()
                        },
                        target_text: if *ds == Dataset::PloverGsr {
                            words(e.target.span)
                        } else {
                            String::new()
                        },
                    }
                })
                .collect();
            if let Some(w) = export.as_mut() {
                let line = serde_json::json!({"id": it.id, "events": p});
                writeln!(w, "{line}")?;
            }
            preds.insert(it.id.clone(), p);
        }
        let value = match ds {
            Dataset::Petrarch2Gsr => {
                let r = eval::score_petrarch(items, &preds, &names);
                if !args.json {
                    println!("== {} ({}): {} items", ds.name(), file.display(), r.items);
                    println!(
                        "   gold events {}, predicted {}",
                        r.gold_events, r.pred_events
                    );
                    println!(
                        "   {:14} {:>7} {:>7} {:>7}   tp/pred/gold   exact-set",
                        "level", "P", "R", "F1"
                    );
                    for lv in eval::PETR_LEVELS {
                        if let Some(m) = r.levels.get(lv) {
                            println!(
                                "   {:14} {:7.3} {:7.3} {:7.3}   {}/{}/{}   {:.3}",
                                lv,
                                m.precision,
                                m.recall,
                                m.f1,
                                m.tp,
                                m.pred,
                                m.gold,
                                r.exact_set[lv]
                            );
                        }
                    }
                    if let Some(a) = r.no_event_accuracy {
                        println!(
                            "   no-event sentences: {}, left empty: {:.3} ({} events predicted on them)",
                            r.no_event_items, a, r.events_predicted_on_no_event_items
                        );
                    }
                }
                serde_json::to_value(&r)?
            }
            Dataset::PloverGsr => {
                let r = eval::score_plover(items, &preds, &names);
                if !args.json {
                    println!("== {} ({}): {} items", ds.name(), file.display(), r.items);
                    println!(
                        "   type accuracy {:.3}, type precision {:.3}, type F1 {:.3} ({} predicted events)",
                        r.type_accuracy, r.type_precision, r.type_f1, r.pred_events
                    );
                    if let (Some(st), Some(tri)) = (r.source_type, r.triple) {
                        println!(
                            "   source+type {:.3}, triple {:.3} (n={} with a gold source); triple where gold has a target {:.3} (n={})",
                            st,
                            tri,
                            r.items_with_source,
                            r.triple_with_target.unwrap_or(0.0),
                            r.items_with_source_and_target
                        );
                    }
                }
                serde_json::to_value(&r)?
            }
        };
        report.insert(ds.name().to_string(), value);
    }
    for (name, file, items) in &class_sets {
        let (mut gold_l, mut pred_l, mut with_event) = (Vec::new(), Vec::new(), 0);
        for it in items {
            let mut article = Article::default();
            article.set_body([(it.text.as_str(), Span::new(0, it.text.len()))]);
            let mut doc = Doc::new(article);
            let t0 = Instant::now();
            pipeline
                .annotate_timed(&mut doc)
                .with_context(|| format!("{}: item {}", file.display(), it.id))?;
            let events = if in_pipeline {
                doc.events.clone()
            } else {
                coder.code(&doc)
            };
            secs += t0.elapsed().as_secs_f64();
            sentences += doc.sentences.len().max(1);
            tokens += doc.tokens.len();
            let main = classes::main_event(&events);
            with_event += main.is_some() as usize;
            let pred = if *name == "conflibert-cameo" {
                main.map_or("0", |e| classes::penta_class(&e.cameo))
            } else {
                classes::event_coarse(main)
            };
            gold_l.push(it.label.clone());
            pred_l.push(pred.to_string());
        }
        let r = classes::score(&gold_l, &pred_l, with_event);
        if !args.json {
            println!("== {name} ({}): {} items", file.display(), r.items);
            println!(
                "   class accuracy {:.3}, macro F1 {:.3} (majority class {:.3}); an event coded in {} of {}",
                r.accuracy, r.macro_f1, r.majority_baseline, r.with_event, r.items
            );
            for (c, (g, p, ok, f)) in &r.per_class {
                println!("   {c:10} gold {g:4} predicted {p:4} correct {ok:4} F1 {f:.3}");
            }
        }
        report.insert(name.to_string(), serde_json::to_value(&r)?);
    }
    let throughput = serde_json::json!({
        "sentences": sentences,
        "tokens": tokens,
        "seconds": secs,
        "sentences_per_second": if secs > 0.0 { sentences as f64 / secs } else { 0.0 },
        "tokens_per_second": if secs > 0.0 { tokens as f64 / secs } else { 0.0 },
        "coder_seconds": coder_secs,
        "coder_sentences_per_second": if coder_secs > 0.0 { sentences as f64 / coder_secs } else { 0.0 },
        "stages": pipeline.stage_names(),
    });
    if args.json {
        report.insert("throughput".into(), throughput);
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "   throughput: {} sentences, {} tokens in {:.3} s of pipeline + coder ({:.0} sentences/s, {:.0} tokens/s); \
             event coder alone {:.3} s ({:.0} sentences/s); stages: {}",
            sentences,
            tokens,
            secs,
            throughput["sentences_per_second"].as_f64().unwrap_or(0.0),
            throughput["tokens_per_second"].as_f64().unwrap_or(0.0),
            coder_secs,
            throughput["coder_sentences_per_second"].as_f64().unwrap_or(0.0),
            pipeline.stage_names().join(", ")
        );
    }
    if let Some(mut w) = export {
        w.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The sentence-class gold sets under `dir` (the events folder, a dataset folder or a
/// file): conflibert-cameo `cameo_class/*.tsv`, case2021-task2 `*.tsv`.
fn class_sets(dir: &Path) -> Result<Vec<(&'static str, PathBuf, Vec<ClassItem>)>> {
    let mut out = Vec::new();
    let case_file = "test_set_final_release_with_labels.tsv";
    let mut conflibert: Vec<PathBuf> = Vec::new();
    let mut case: Vec<PathBuf> = Vec::new();
    for base in [
        dir.to_path_buf(),
        dir.join("cameo_class"),
        dir.join("conflibert-cameo").join("cameo_class"),
    ] {
        for f in ["train.tsv", "test.tsv"] {
            if base.join(f).is_file() {
                conflibert.push(base.join(f));
            }
        }
    }
    for c in [
        dir.join(case_file),
        dir.join("case2021-task2").join(case_file),
    ] {
        if c.is_file() {
            case.push(c);
        }
    }
    if dir.is_file() {
        match dir.file_name().and_then(|n| n.to_str()) {
            Some(n) if n == case_file => case.push(dir.to_path_buf()),
            Some("train.tsv" | "test.tsv") => conflibert.push(dir.to_path_buf()),
            _ => {}
        }
    }
    for f in conflibert {
        let items = classes::read_conflibert(&f)?;
        out.push(("conflibert-cameo", f, items));
    }
    for f in case {
        let items = classes::read_case2021(&f)?;
        out.push(("case2021-task2", f, items));
    }
    Ok(out)
}
