//! `dateline eval ner`: runs the entity stage over gold documents exported as plain
//! text and scores it as the reference scorer `eval_ner.py` does.

use crate::gold::{prf, read_conll, read_gum, score_doc, Counts, GoldDoc, GumView, PredSpan};
use crate::{conll_class, EntitiesError, EntityTagger};
use dateline_core::{Article, Doc, MentionKind, Span};
use std::path::Path;
use std::time::Instant;

/// CPU time of the calling thread in seconds (Linux `/proc/thread-self/schedstat`);
/// `None` elsewhere, and then wall time is reported instead.
fn thread_cpu() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Gold format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// CoNLL-2003.
    Conll,
    /// GUM CoNLL-U.
    Gum,
}

/// Scores of one run.
#[derive(Clone, Debug)]
pub struct Report {
    /// Dataset name.
    pub dataset: String,
    /// Documents.
    pub documents: usize,
    /// Gold tokens.
    pub tokens: usize,
    /// Counts.
    pub counts: Counts,
    /// The gold types, in report order.
    pub types: Vec<&'static str>,
    /// Seconds spent in segmentation (the `segment` callback).
    pub segment_seconds: f64,
    /// Seconds spent in the entity stage.
    pub entity_seconds: f64,
    /// Whether the seconds are CPU time of the thread (else wall time).
    pub cpu_time: bool,
    /// Predictions per document, in the reference scorer's JSONL form.
    pub predictions: Vec<serde_json::Value>,
}

impl Report {
    /// Tokens per second of the entity stage alone.
    pub fn entity_tokens_per_second(&self) -> f64 {
        self.tokens as f64 / self.entity_seconds.max(1e-9)
    }

    /// The report as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        let row = |c: [usize; 3]| {
            let (p, r, f) = prf(c);
            serde_json::json!({"precision": p, "recall": r, "f1": f, "tp": c[0], "pred": c[1], "gold": c[2]})
        };
        let mut per = serde_json::Map::new();
        let mut extra: Vec<&String> = self
            .counts
            .by_type
            .keys()
            .filter(|k| !self.types.contains(&k.as_str()))
            .collect();
        extra.sort();
        for t in self
            .types
            .iter()
            .map(|s| s.to_string())
            .chain(extra.into_iter().cloned())
        {
            per.insert(
                t.clone(),
                row(self.counts.by_type.get(&t).copied().unwrap_or_default()),
            );
        }
        serde_json::json!({
            "task": "ner",
            "dataset": self.dataset,
            "documents": self.documents,
            "tokens": self.tokens,
            "overall": row(self.overall()),
            "per_type": per,
            "untyped_spans": row(self.counts.spans),
            "misaligned": self.counts.misaligned,
            "segment_seconds": self.segment_seconds,
            "entity_seconds": self.entity_seconds,
            "entity_tokens_per_second": self.entity_tokens_per_second(),
            "tokens_per_second": self.tokens as f64 / (self.segment_seconds + self.entity_seconds).max(1e-9),
            "clock": if self.cpu_time { "thread cpu" } else { "wall" },
        })
    }

    /// Overall [tp, pred, gold].
    pub fn overall(&self) -> [usize; 3] {
        let mut o = [0; 3];
        for c in self.counts.by_type.values() {
            for k in 0..3 {
                o[k] += c[k];
            }
        }
        o
    }

    /// A human-readable table.
    pub fn table(&self) -> String {
        let mut s = format!(
            "{} ({} docs, {} tokens)\n{:<6} {:>7} {:>7} {:>7} {:>6} {:>6} {:>6}\n",
            self.dataset, self.documents, self.tokens, "type", "P", "R", "F1", "gold", "pred", "tp"
        );
        let mut line = |name: &str, c: [usize; 3]| {
            let (p, r, f) = prf(c);
            s.push_str(&format!(
                "{:<6} {:>7.2} {:>7.2} {:>7.2} {:>6} {:>6} {:>6}\n",
                name,
                p * 100.0,
                r * 100.0,
                f * 100.0,
                c[2],
                c[1],
                c[0]
            ));
        };
        line("all", self.overall());
        let mut keys: Vec<String> = self.types.iter().map(|s| s.to_string()).collect();
        let mut extra: Vec<String> = self
            .counts
            .by_type
            .keys()
            .filter(|k| !keys.contains(k))
            .cloned()
            .collect();
        extra.sort();
        keys.extend(extra);
        for k in keys {
            line(&k, self.counts.by_type.get(&k).copied().unwrap_or_default());
        }
        line("spans", self.counts.spans);
        s.push_str(&format!(
            "misaligned predictions: {}\nentity stage: {:.0} tokens per {} second ({:.2} s); stages before it {:.2} s\n",
            self.counts.misaligned,
            self.entity_tokens_per_second(),
            if self.cpu_time { "CPU" } else { "wall" },
            self.entity_seconds,
            self.segment_seconds
        ));
        s
    }
}

/// Reads gold data: CoNLL-2003 file or GUM folder/files.
pub fn load(format: Format, paths: &[&Path], view: GumView) -> Result<Vec<GoldDoc>, EntitiesError> {
    match format {
        Format::Conll => {
            let mut out = Vec::new();
            for p in paths {
                out.extend(read_conll(p)?);
            }
            Ok(out)
        }
        Format::Gum => read_gum(paths, view),
    }
}

/// Runs `segment` (which must fill sentences and tokens) and the tagger over each gold
/// document's exported text, and scores the name mentions.
pub fn run<F>(
    dataset: &str,
    format: Format,
    docs: &[GoldDoc],
    tagger: &EntityTagger,
    mut segment: F,
) -> Report
where
    F: FnMut(&mut Doc),
{
    let mut counts = Counts::default();
    // load the model and build the gazetteer automaton before timing
    if let Some(d) = docs.first() {
        let mut article = Article::default();
        article.set_body([(d.text.as_str(), Span::new(0, d.text.len()))]);
        let mut doc = Doc::new(article);
        segment(&mut doc);
        tagger.annotate(&mut doc);
    }
    let mut seg_t = 0.0;
    let mut ent_t = 0.0;
    let mut predictions = Vec::with_capacity(docs.len());
    let mut cpu = false;
    for d in docs {
        let mut article = Article::default();
        article.set_body([(d.text.as_str(), Span::new(0, d.text.len()))]);
        let mut doc = Doc::new(article);
        let (w0, c0) = (Instant::now(), thread_cpu());
        segment(&mut doc);
        let (w1, c1) = (Instant::now(), thread_cpu());
        tagger.annotate(&mut doc);
        let (w2, c2) = (Instant::now(), thread_cpu());
        match (c0, c1, c2) {
            (Some(c0), Some(c1), Some(c2)) => {
                cpu = true;
                seg_t += c1 - c0;
                ent_t += c2 - c1;
            }
            _ => {
                seg_t += (w1 - w0).as_secs_f64();
                ent_t += (w2 - w1).as_secs_f64();
            }
        }
        let preds: Vec<PredSpan> = doc
            .mentions
            .iter()
            .filter(|m| m.kind == MentionKind::Name)
            // flat evaluation: names nested in another name ("Japan" in "Japan-U.S.")
            // are not scored, as CoNLL and GUM annotate the outermost name only
            .filter(|m| {
                !doc.mentions.iter().any(|o| {
                    o.kind == MentionKind::Name && o.span != m.span && o.span.contains(m.span)
                })
            })
            .filter_map(|m| {
                let label = conll_class(m.entity_type);
                if format == Format::Gum && label == "MISC" {
                    return None;
                }
                Some(PredSpan {
                    start: m.span.start(),
                    end: m.span.end(),
                    label: label.to_string(),
                })
            })
            .collect();
        score_doc(d, &preds, &mut counts);
        let ents: Vec<serde_json::Value> = preds
            .iter()
            .map(|p| {
                // the reference scorer counts characters, not bytes
                let cs = d.text[..p.start].chars().count();
                let ce = cs + d.text[p.start..p.end].chars().count();
                serde_json::json!({"start": cs, "end": ce, "type": p.label})
            })
            .collect();
        predictions
            .push(serde_json::json!({"doc": predictions.len(), "id": d.id, "entities": ents}));
    }
    Report {
        dataset: dataset.to_string(),
        documents: docs.len(),
        tokens: docs.iter().map(|d| d.tokens.len()).sum(),
        counts,
        types: match format {
            Format::Conll => vec!["PER", "ORG", "LOC", "MISC"],
            Format::Gum => vec!["PER", "ORG", "LOC"],
        },
        segment_seconds: seg_t,
        entity_seconds: ent_t,
        cpu_time: cpu,
        predictions,
    }
}
