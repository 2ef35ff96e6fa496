//! Helpers for the store's tests: hand-built documents with every layer.
#![allow(dead_code)]

use dateline_core::{Article, Doc, Field, Provenance, Span};
use serde_json::json;

/// A wire story written for these tests (not from any real outlet).
pub const WIRE: &str = "MARLOW BAY (Wire) - The government of Norland and the government of \
Sudova signed a fisheries agreement on Tuesday after three days of talks in the port city of \
Marlow Bay, officials from both countries said.\n\n\
The deal sets catch limits for cod and herring in the shared northern waters and creates a joint \
patrol to stop illegal trawlers, according to a statement released after the signing.\n\n\
\"This agreement protects the livelihoods of thousands of families on both coasts,\" said Norland \
fisheries minister Ella Varden at a news conference.\n\n\
Sudova's delegation said the accord would be reviewed every two years and that scientists from \
both sides would share survey data. Environmental groups welcomed the limits but warned that \
enforcement at sea would be difficult without more patrol vessels.";

/// Light edits a syndicating site might make.
pub fn wire_copies() -> [String; 3] {
    let a = WIRE.to_string();
    let b = WIRE
        .replace("MARLOW BAY (Wire) - ", "")
        .replace("on Tuesday", "Tuesday")
        .replace(
            "Environmental groups welcomed",
            "Conservation groups welcomed",
        );
    let c = WIRE
        .replace("(Wire)", "(Reporting by staff)")
        .replace("three days of talks", "three days of negotiations")
        .replace(
            " Environmental groups welcomed the limits but warned that enforcement at sea would be difficult without more patrol vessels.",
            "",
        );
    [a, b, c]
}

/// An unrelated story.
pub const OTHER: &str = "GREENFORD - The city council of Greenford voted on Monday to turn \
the old rail depot into a public market with space for sixty stalls, a covered square and a \
bicycle workshop, ending a decade of debate over the empty site.\n\n\
Council member Tomas Reyes said the market would open next autumn if the renovation stays on \
budget. Residents who attended the vote applauded the decision.";

fn at(text: &str, needle: &str) -> Span {
    let s = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in text"));
    Span::new(s, s + needle.len())
}

/// A record built from JSON, so that fields other branches add to the core types (all
/// with `#[serde(default)]`) never break these helpers.
fn from_json<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).expect("valid record")
}

fn sp(s: Span) -> serde_json::Value {
    json!([s.start(), s.end()])
}

/// A document over `text` at `url`, with sentences (one per paragraph), entities,
/// mentions, a timex, a quote (when the text has one) and one event: Norland (NORGOV)
/// signs an agreement (CAMEO 057) with Sudova (SDVGOV) on 2026-11-24 in Marlow Bay.
pub fn wire_doc(text: &str, url: &str, published: &str) -> Doc {
    let mut article = Article::default();
    let paras: Vec<(&str, Span)> = text
        .split("\n\n")
        .scan(0usize, |off, p| {
            let s = Span::new(*off, *off + p.len());
            *off += p.len() + 2;
            Some((p, s))
        })
        .collect();
    article.set_body(paras);
    assert_eq!(article.text, text);
    article.url = Some(Field::new(url.to_string(), Provenance::User));
    article.title = Some(Field::new(
        "Norland and Sudova sign fisheries deal".into(),
        Provenance::Heading,
    ));
    article.published = Some(Field::new(published.to_string(), Provenance::Meta));
    article.source.path = format!("test:{url}");
    let mut doc = Doc::new(article);
    let t = doc.article.text.clone();
    for p in doc.article.paragraphs.clone() {
        doc.sentences.push(from_json(json!({
            "span": sp(p), "first_token": 0, "token_count": 0
        })));
    }
    let first_sentence = doc.sentences[0].span;
    let n1 = at(&t, "government of Norland");
    let n2 = at(&t, "government of Sudova");
    for (span, entity) in [(n1, 0), (n2, 1)] {
        doc.mentions.push(from_json(json!({
            "span": sp(span), "type": "ORG", "kind": "nominal", "entity": entity, "confidence": 0.9
        })));
    }
    for (id, name, country, code) in [
        (0, "Government of Norland", "NOR", "NORGOV"),
        (1, "Government of Sudova", "SDV", "SDVGOV"),
    ] {
        doc.entities.push(from_json(json!({
            "id": id, "name": name, "type": "ORG", "country": country,
            "actor": {"code": code, "evidence": "government of + country", "confidence": 0.9},
            "mentions": [id]
        })));
    }
    if let Some(p) = t.find("Tuesday") {
        doc.timexes.push(from_json(json!({
            "span": [p, p + "Tuesday".len()], "type": "DATE", "value": "2026-11-24",
            "anchor": "reference_date", "sentence": 0
        })));
    }
    if let Some(q) = t.find("This agreement protects") {
        let end = q + t[q..].find('"').unwrap();
        let speaker = at(&t, "Ella Varden");
        doc.mentions.push(from_json(json!({
            "span": sp(speaker), "type": "PERSON", "kind": "name", "entity": 2,
            "role": sp(at(&t, "fisheries minister")), "confidence": 0.95
        })));
        doc.entities.push(from_json(json!({
            "id": 2, "name": "Ella Varden", "type": "PERSON", "role": "fisheries minister",
            "country": "NOR",
            "actor": {"code": "NORGOV", "evidence": "minister", "confidence": 0.8},
            "mentions": [2]
        })));
        doc.quotes.push(from_json(json!({
            "speaker": {"kind": "entity", "entity": 2, "span": sp(speaker)},
            "cue": sp(at(&t, "said Norland")),
            "content": [q, end],
            "kind": "direct",
            "sentence": 2,
            "confidence": 0.9
        })));
    }
    doc.events.push(from_json(json!({
        "cameo": "057", "plover": "AGREE", "goldstein": 8.0, "quad_class": 1,
        "source": {"entity": 0, "code": "NORGOV", "span": sp(n1)},
        "target": {"entity": 1, "code": "SDVGOV", "span": sp(n2)},
        "date": {"value": "2026-11-24", "basis": "sentence", "timex": 0},
        "location": {"name": "Marlow Bay", "country": "NOR", "lat": 61.5, "lon": 5.25},
        "polarity": "asserted", "modality": "actual", "sentence": 0,
        "evidence": [sp(first_sentence)], "rule": "sign agreement with", "confidence": 0.8
    })));
    doc
}

/// The unrelated story with one event of the same code and actors (a second signing),
/// which must not merge with the wire story's event.
pub fn other_doc() -> Doc {
    let mut article = Article::default();
    let paras: Vec<(&str, Span)> = OTHER
        .split("\n\n")
        .scan(0usize, |off, p| {
            let s = Span::new(*off, *off + p.len());
            *off += p.len() + 2;
            Some((p, s))
        })
        .collect();
    article.set_body(paras);
    article.url = Some(Field::new(
        "https://greenford.example/market".into(),
        Provenance::User,
    ));
    article.published = Some(Field::new("2026-11-23".into(), Provenance::Meta));
    let mut doc = Doc::new(article);
    let ev = wire_doc(WIRE, "https://x.example/", "2026-11-24").events[0].clone();
    let mut ev = ev;
    ev.source.span = None;
    ev.target.span = None;
    ev.source.entity = None;
    ev.target.entity = None;
    ev.location = None;
    ev.evidence = vec![Span::new(0, 40)];
    doc.events.push(ev);
    doc
}
