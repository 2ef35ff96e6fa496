//! The coder on our own sentences (`tests/fixtures/cases.tsv`): actors from a hand-built
//! mention layer, no tagger or parser (the word-order fallback).

mod common;

use dateline_core::{Event, Modality, Polarity};
use dateline_events::EventCoder;

fn key(e: &Event) -> String {
    let a = |x: &Option<String>| x.clone().unwrap_or_else(|| "-".into());
    let mut k = format!("{} {} {}", a(&e.source.code), e.cameo, a(&e.target.code));
    if e.polarity == Polarity::Negated {
        k.push_str(" !neg");
    }
    match e.modality {
        Modality::Actual => {}
        Modality::Hypothetical => k.push_str(" !hyp"),
        Modality::Intended => k.push_str(" !int"),
        Modality::Reported => k.push_str(" !rep"),
    }
    k
}

#[test]
fn coder_fixture_cases() {
    let coder = EventCoder::new();
    let mut failures = Vec::new();
    let cases = include_str!("fixtures/cases.tsv");
    for (n, line) in cases.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (sentence, want) = line.split_once('\t').expect("sentence<TAB>events");
        let doc = common::doc(sentence);
        let mut got: Vec<String> = coder.code(&doc).iter().map(key).collect();
        got.sort();
        let mut want: Vec<String> = if want.trim() == "none" {
            Vec::new()
        } else {
            want.split(';').map(|s| s.trim().to_string()).collect()
        };
        want.sort();
        if got != want {
            failures.push(format!(
                "cases.tsv:{}: {sentence}\n   want {want:?}\n   got  {got:?}",
                n + 1
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
