//! Pronouns and descriptions through the whole pipeline (with the tagger and parser):
//! the entity stage's links reach the events and the quotes. Stories written for these
//! tests; the link cases are the entity crate's data file.

use dateline_core::{Article, Doc, Span};

#[path = "../../entities/tests/support/text.rs"]
mod text;
use text::check_link;

fn analyse(text: &str) -> Doc {
    let mut article = Article::default();
    let paras: Vec<&str> = text.split("\\n\\n").collect();
    article.set_body(paras.iter().map(|p| (*p, Span::new(0, 0))));
    let mut doc = Doc::new(article);
    dateline::Pipeline::new()
        .unwrap()
        .annotate(&mut doc)
        .unwrap();
    doc
}

#[test]
fn coref_cases_hold_with_the_parse() {
    let cases = include_str!("../../entities/tests/fixtures/coref_cases.tsv");
    let mut failures = Vec::new();
    for (ln, line) in cases.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let doc = analyse(f[0]);
        if let (_, Err(e)) = check_link(&doc, f[1], f[2]) {
            failures.push(format!("line {}: {e}", ln + 1));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn coref_event_with_a_pronoun_subject_gets_the_antecedents_actor() {
    let doc = analyse(
        "Drone downed\\n\\nIran said on Thursday that it had shot down an American drone over the Gulf.",
    );
    let ev: Vec<String> = doc
        .events
        .iter()
        .map(|e| format!("{} {:?}", e.cameo, e.source.code))
        .collect();
    assert!(
        doc.events
            .iter()
            .any(|e| e.source.code.as_deref() == Some("IRN")),
        "{ev:?}"
    );
    let doc = analyse(
        "Clashes\\n\\nIraqi forces entered the town on Tuesday. They attacked the militants near the bridge.",
    );
    let ev: Vec<String> = doc
        .events
        .iter()
        .map(|e| {
            format!(
                "{} {:?} {:?}",
                e.cameo,
                e.source.code,
                e.source.span.map(|s| s.slice(doc.text()).to_string())
            )
        })
        .collect();
    assert!(
        doc.events.iter().any(|e| e
            .source
            .code
            .as_deref()
            .is_some_and(|c| c.starts_with("IRQ"))
            && e.source.span.is_some_and(|s| s.slice(doc.text()) == "They")),
        "{ev:?}"
    );
}

#[test]
fn coref_quote_with_a_they_source_gets_the_antecedent() {
    let doc = analyse(
        "Standoff\\n\\nKurdish fighters held the ridge on Sunday. “We will not withdraw,” they said in a statement.",
    );
    let q = doc.quotes.first().expect("a quote");
    let e = match &q.speaker {
        dateline_core::Speaker::Entity { entity, .. } => Some(doc.entities[*entity].name.clone()),
        _ => None,
    };
    assert_eq!(e.as_deref(), Some("Kurdish"), "{:?}", doc.quotes);
}
