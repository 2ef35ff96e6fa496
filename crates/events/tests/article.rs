//! Article-level behaviour: merging repeated statements, dates from the clause or the
//! reference date, places, user patterns.

mod common;

use dateline_core::{
    DateBasis, Entity, EntityType, Field, Mention, MentionKind, Modality, Polarity, Provenance,
    Span, Timex, TimexType,
};
use dateline_events::EventCoder;

fn timex(doc: &mut dateline_core::Doc, word: &str, value: &str) {
    let at = doc.text().find(word).unwrap();
    let span = Span::new(at, at + word.len());
    let sentence = doc
        .sentences
        .iter()
        .position(|s| s.span.contains(span))
        .unwrap();
    doc.timexes.push(Timex {
        span,
        timex_type: TimexType::Date,
        value: Some(value.into()),
        modifier: None,
        anchor: "reference_date".into(),
        sentence,
        governor: None,
    });
}

#[test]
fn article_same_event_twice_is_merged_with_two_evidence_spans() {
    let mut doc = common::doc("Abe met Trump in Osaka. Later Abe met Trump again.");
    doc.reference_date = Some(Field::new("2019-06-28".to_string(), Provenance::User));
    let events = EventCoder::new().code(&doc);
    let met: Vec<_> = events.iter().filter(|e| e.cameo == "040").collect();
    assert_eq!(met.len(), 1, "{events:#?}");
    assert_eq!(met[0].evidence.len(), 2);
    assert_eq!(met[0].sentence, 0);
    assert_eq!(met[0].date.basis, DateBasis::ReferenceDate);
    assert_eq!(met[0].date.value.as_deref(), Some("2019-06-28"));
}

#[test]
fn article_date_from_the_clause_timex() {
    let mut doc = common::doc("Trump criticized Japan on Wednesday.");
    doc.reference_date = Some(Field::new("2019-06-28".to_string(), Provenance::User));
    timex(&mut doc, "Wednesday", "2019-06-26");
    let e = &EventCoder::new().code(&doc)[0];
    assert_eq!(e.cameo, "111");
    assert_eq!(e.date.value.as_deref(), Some("2019-06-26"));
    assert_eq!(e.date.basis, DateBasis::Clause);
    assert_eq!(e.date.timex, Some(0));
    assert_eq!(e.goldstein, -2.0);
    assert_eq!(e.quad_class, 3);
    assert_eq!(e.plover, "ACCUSE");
    assert_eq!(e.rule, "disapprove.criticize");
    let ev = e.evidence[0].slice(doc.text());
    assert!(ev.contains("criticized Japan"), "{ev}");
}

#[test]
fn article_place_from_the_clause() {
    let mut doc = common::doc("Abe met Trump in Osaka.");
    // Osaka is a place (GPE) in the fixture list; give it a country
    let osaka = doc
        .mentions
        .iter()
        .position(|m| m.span.slice(doc.text()) == "Osaka")
        .unwrap();
    let e = doc.mentions[osaka].entity.unwrap();
    doc.entities[e].country = Some("JPN".into());
    let ev = &EventCoder::new().code(&doc)[0];
    let loc = ev.location.as_ref().expect("a location");
    assert_eq!(loc.name, "Osaka");
    assert_eq!(loc.country.as_deref(), Some("JPN"));
}

#[test]
fn article_unknown_actor_is_flagged() {
    let doc = common::doc("The mayor was released yesterday.");
    let e = &EventCoder::new().code(&doc)[0];
    assert_eq!(e.cameo, "0841");
    assert!(e.source.unknown);
    assert_eq!(e.target.code.as_deref(), Some("PSEGOV"));
    assert!(!e.target.unknown);
}

#[test]
fn article_denial_and_hypothetical_are_not_asserted_actual() {
    let doc = common::doc(
        "Abe did not ask Trump about his remarks. Trump came close to launching a strike against Iran.",
    );
    let events = EventCoder::new().code(&doc);
    let ask = events.iter().find(|e| e.cameo == "020").unwrap();
    assert_eq!(ask.polarity, Polarity::Negated);
    let strike = events.iter().find(|e| e.cameo.starts_with("19")).unwrap();
    assert_eq!(strike.modality, Modality::Hypothetical);
    assert!(events
        .iter()
        .all(|e| !(e.cameo.starts_with("19") && e.modality == Modality::Actual)));
}

#[test]
fn article_user_pattern_file_adds_a_verb() {
    let text = "Gondor saluted Rohan.";
    assert!(EventCoder::new().code(&common::doc(text)).is_empty());
    let user = "[mine.salute]\ncode: 051\nverb: salute\ntarget: obj\nexample: Gondor saluted Rohan.\nnot: military salutes\n";
    let coder = EventCoder::with_user_patterns("mine.txt", user).unwrap();
    let events = coder.code(&common::doc(text));
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].rule, "mine.salute");
    let bad = EventCoder::with_user_patterns("mine.txt", "[x]\ncode: 051\n")
        .unwrap_err()
        .to_string();
    assert!(bad.starts_with("mine.txt:1:"), "{bad}");
}

#[test]
fn article_entity_without_actor_code_uses_its_country() {
    let mut doc = common::doc("Gondor saluted Rohan. Arnor visited Tehran.");
    // an entity with a country but no actor code
    let at = doc.text().find("Arnor").unwrap();
    doc.entities.push(Entity {
        id: doc.entities.len(),
        name: "Arnor".into(),
        entity_type: EntityType::Gpe,
        role: None,
        country: Some("ARN".into()),
        actor: None,
        mentions: vec![doc.mentions.len()],
    });
    let eid = doc.entities.len() - 1;
    doc.mentions.retain(|m| m.span.start() != at);
    doc.mentions.push(Mention {
        span: Span::new(at, at + 5),
        entity_type: EntityType::Gpe,
        kind: MentionKind::Name,
        entity: Some(eid),
        role: None,
        confidence: 1.0,
    });
    let events = EventCoder::new().code(&doc);
    let visit = events.iter().find(|e| e.cameo == "042").unwrap();
    assert_eq!(visit.source.code.as_deref(), Some("ARN"));
    assert_eq!(visit.target.code.as_deref(), Some("IRN"));
}
