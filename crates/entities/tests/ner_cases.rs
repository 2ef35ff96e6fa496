//! Mention cases from a data file: adding a case is adding a line.

use dateline_core::{Article, Doc, MentionKind, Span};
use dateline_entities::{simple, EntityTagger};

#[test]
fn ner_cases_from_fixture_file() {
    let tagger = EntityTagger::new();
    let mut failures = Vec::new();
    let mut total = 0;
    for line in include_str!("fixtures/ner_cases.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (sentence, expected) = line.split_once('\t').expect("sentence TAB expected");
        let mut article = Article::default();
        article.set_body([(sentence, Span::new(0, 0))]);
        let mut doc = Doc::new(article);
        simple::segment(&mut doc);
        tagger.annotate(&mut doc);
        let found: Vec<String> = doc
            .mentions
            .iter()
            .filter(|m| m.kind == MentionKind::Name)
            .map(|m| {
                let t = serde_json::to_value(m.entity_type).unwrap();
                format!("{}={}", m.span.slice(doc.text()), t.as_str().unwrap())
            })
            .collect();
        for want in expected.split(" | ") {
            total += 1;
            if !found.iter().any(|f| f == want.trim()) {
                failures.push(format!("{sentence}: missing {want}; found {found:?}"));
            }
        }
    }
    // pinned floor: at most one miss over the file
    assert!(
        failures.len() <= 1,
        "{} of {total} missed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
