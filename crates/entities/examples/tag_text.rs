//! Tags a plain-text file with the fallback segmenter and prints the entities.
//!
//! `cargo run -p dateline-entities --example tag_text -- FILE [YYYY-MM-DD]`

use dateline_core::{Article, Doc, Field, Provenance, Span};
use dateline_entities::{simple, EntityTagger};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).expect("read");
    let mut article = Article::default();
    let paras: Vec<&str> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    article.set_body(paras.iter().map(|p| (*p, Span::new(0, 0))));
    let mut doc = Doc::new(article);
    if let Some(d) = args.get(2) {
        doc.reference_date = Some(Field::new(d.clone(), Provenance::User));
    }
    simple::segment(&mut doc);
    let tagger = EntityTagger::new();
    tagger.annotate(&mut doc);
    for e in &doc.entities {
        let ms: Vec<String> = e
            .mentions
            .iter()
            .map(|&m| {
                let x = &doc.mentions[m];
                format!(
                    "{}[{:?}{}]",
                    x.span.slice(doc.text()),
                    x.kind,
                    x.role
                        .map(|r| format!(" role={}", r.slice(doc.text())))
                        .unwrap_or_default()
                )
            })
            .collect();
        println!(
            "{:?} {} | role={:?} country={:?} actor={:?}\n    {}",
            e.entity_type,
            e.name,
            e.role,
            e.country,
            e.actor
                .as_ref()
                .map(|a| format!("{} ({:.2}; {})", a.code, a.confidence, a.evidence)),
            ms.join(", ")
        );
    }
}
