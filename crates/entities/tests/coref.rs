//! Pronouns and definite descriptions linked to their antecedents: cases in
//! `fixtures/coref_cases.tsv` (sentences in, expected links out), on the stage alone
//! (no parse: the subject-like heuristics).

use dateline_core::{Article, Doc, EntityType, Span};
use dateline_entities::{simple, EntityTagger};

#[path = "support/text.rs"]
mod text;
use text::check_link;

fn analyse(text: &str) -> Doc {
    let mut article = Article::default();
    let paras: Vec<&str> = text.split("\\n\\n").collect();
    article.set_body(paras.iter().map(|p| (*p, Span::new(0, 0))));
    let mut doc = Doc::new(article);
    simple::segment(&mut doc);
    EntityTagger::new().annotate(&mut doc);
    doc
}

#[test]
fn coref_cases_from_the_data_file() {
    let cases = include_str!("fixtures/coref_cases.tsv");
    let mut failures = Vec::new();
    let mut n_cases = 0;
    for (ln, line) in cases.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 3, "line {}: want 3 fields", ln + 1);
        n_cases += 1;
        let doc = analyse(f[0]);
        let (confidence, result) = check_link(&doc, f[1], f[2]);
        if let Err(e) = result {
            failures.push(format!("line {}: {e}", ln + 1));
        }
        if let Some(c) = confidence {
            assert!(
                c > 0.0 && c < 0.9,
                "line {}: a link's confidence is below a name's",
                ln + 1
            );
        }
    }
    assert!(n_cases >= 15);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn coref_hyphenated_country_pairs_are_two_countries() {
    for (text, a, b) in [
        ("Japan-U.S. ties were discussed in Osaka.", "JPN", "USA"),
        (
            "The U.S.-China trade talks resumed on Monday.",
            "USA",
            "CHN",
        ),
        ("Israeli-Palestinian talks stalled again.", "ISR", "PSE"),
    ] {
        let doc = analyse(text);
        let codes: Vec<&str> = doc
            .mentions
            .iter()
            .filter(|m| matches!(m.entity_type, EntityType::Gpe | EntityType::Norp))
            .filter_map(|m| m.entity)
            .filter_map(|e| doc.entities[e].actor.as_ref())
            .map(|a| a.code.as_str())
            .collect();
        assert!(
            codes.contains(&a) && codes.contains(&b),
            "{text}: {codes:?}"
        );
        // no entity for the compound itself
        assert!(
            !doc.entities.iter().any(|e| e.name.contains('-')),
            "{text}: {:?}",
            doc.entities.iter().map(|e| &e.name).collect::<Vec<_>>()
        );
    }
}
