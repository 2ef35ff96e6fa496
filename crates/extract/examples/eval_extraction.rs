//! `cargo run --release -p dateline-extract --example eval_extraction -- GOLD [fast|trafilatura|cascade|cascade-nofallback]`:
//! the extraction evaluation without building the whole CLI (for quick iterations).
//! A finder name ending in `-html5ever` (`cascade-html5ever`, `fast-html5ever`) parses
//! with html5ever instead of our own tree (`html::dom`), for comparing the two;
//! `-reparse` keeps our tree for our walkers but has html5ever parse the page again
//! for trafilatura (instead of converting our tree); `-scan` scans the page in a
//! pass of its own instead of while the tree is built.
//! `cascade-trafmeta` also runs trafilatura's metadata heuristics on the pages the
//! fast finder is sure of, for the fields our own walk did not find (as before stop 18).
//! `cascade-nofallback` turns off trafilatura's readability/justext fallbacks on the
//! pages the fast finder is unsure of: faster, and below the quality bars (docs/EVALUATION.md);
//! `cascade-nocandidate` does not hand trafilatura our unsure answer as its candidate.

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
    let separate_scan = name.as_deref().is_some_and(|n| n.ends_with("-scan"));
    let finder: Arc<dyn ContentFinder> = match name.as_deref().map(|n| {
        n.trim_end_matches("-html5ever")
            .trim_end_matches("-reparse")
            .trim_end_matches("-scan")
    }) {
        None | Some("cascade") => Arc::new(CascadeFinder::default()),
        Some("cascade-trafmeta") => Arc::new(CascadeFinder::new(
            Default::default(),
            TrafilaturaFinder::default().with_metadata_heuristics(true),
        )),
        Some("fast") => Arc::new(FastFinder::default()),
        // The cascade without the second chance (the first pass, else trafilatura).
        Some("cascade1") => Arc::new(CascadeFinder::default().with_second_chance(None)),
        // Without handing our unsure answer to trafilatura as its candidate.
        Some("cascade-nocandidate") => Arc::new(CascadeFinder::default().with_candidate(false)),
        // The fast finder's two passes, never trafilatura (the second pass's answer
        // whenever the first is unsure).
        Some("fast2") => Arc::new(
            CascadeFinder::default().with_second_chance(Some(dateline_extract::Confidence::any())),
        ),
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
        } else if separate_scan {
            HtmlExtractor::new(finder).with_separate_scan()
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
