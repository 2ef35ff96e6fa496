//! `cargo run --release -p dateline-extract --example eval_extraction -- GOLD [fast|trafilatura|cascade|cascade-nofallback]`:
//! the extraction evaluation without building the whole CLI (for quick iterations).
//! A finder name ending in `-html5ever` (`cascade-html5ever`, `fast-html5ever`) parses
//! with html5ever instead of our own tree (`html::dom`), for comparing the two;
//! `-reparse` keeps our tree for our walkers but has html5ever parse the page again
//! for trafilatura (instead of converting our tree).
//! `cascade-trafmeta` also runs trafilatura's metadata heuristics on the pages the
//! fast finder is sure of, for the fields our own walk did not find (as before stop 18).
//! `cascade-nofallback` turns off trafilatura's readability/justext fallbacks on the
//! pages the fast finder is unsure of: faster, and below the quality bars (docs/EVALUATION.md).

use dateline_extract::eval::{evaluate, EvalOptions};
use dateline_extract::{
    CascadeFinder, ContentFinder, FastFinder, HtmlExtractor, TrafilaturaFinder,
};
use std::sync::Arc;

fn main() {
    let mut args = std::env::args().skip(1);
    let gold = args
        .next()
        .expect("usage: eval_extraction GOLD_DIR [FINDER [PREDICTIONS_DIR]]");
    let name = args.next();
    let html5ever = name.as_deref().is_some_and(|n| n.ends_with("-html5ever"));
    let reparse = name.as_deref().is_some_and(|n| n.ends_with("-reparse"));
    let finder: Arc<dyn ContentFinder> = match name.as_deref().map(|n| {
        n.trim_end_matches("-html5ever")
            .trim_end_matches("-reparse")
    }) {
        None | Some("cascade") => Arc::new(CascadeFinder::default()),
        Some("cascade-trafmeta") => Arc::new(CascadeFinder::new(
            Default::default(),
            TrafilaturaFinder::default().with_metadata_heuristics(true),
        )),
        Some("fast") => Arc::new(FastFinder::default()),
        Some("cascade-nofallback") => Arc::new(dateline_extract::CascadeFinder::new(
            Default::default(),
            TrafilaturaFinder::new(Default::default(), false),
        )),
        Some("trafilatura") => Arc::new(TrafilaturaFinder::default()),
        Some(other) => panic!("unknown finder {other}"),
    };
    let opts = EvalOptions {
        predictions: args.next().map(Into::into),
        limit: None,
        extractor: Some(if html5ever {
            HtmlExtractor::new(finder).with_html5ever()
        } else if reparse {
            HtmlExtractor::new(finder).with_html5ever_for_trafilatura()
        } else {
            HtmlExtractor::new(finder)
        }),
    };
    for s in evaluate(std::path::Path::new(&gold), &opts).expect("evaluation") {
        println!(
            "{:<20} n {:>4} P {:.3} R {:.3} F1 {:.3}  {:.1} pages/CPU-s",
            s.dataset,
            s.n,
            s.precision.unwrap_or(0.0),
            s.recall.unwrap_or(0.0),
            s.f1.unwrap_or(0.0),
            s.pages_per_cpu_second
        );
        for (k, v) in &s.metadata {
            println!("    {k:<16} {:.1}%", 100.0 * v.accuracy);
        }
        for (k, v) in &s.extra {
            println!("    {k:<16} {v:.3}");
        }
    }
}
