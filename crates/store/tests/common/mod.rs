//! Helpers for the store's tests: hand-built documents with every layer.
#![allow(dead_code)]

use dateline_core::{
    ActorCode, Article, DateBasis, Doc, Entity, EntityType, Event, EventActor, EventDate,
    EventLocation, Field, Mention, MentionKind, Modality, Polarity, Provenance, Quote, QuoteKind,
    Sentence, Span, Speaker, Timex, TimexType,
};

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

/// A document over `text` at `url`, with sentences, two entities, mentions, a timex,
/// a quote (when the text has one) and one event: Norland (NORGOV) signs an agreement
/// (CAMEO 057) with Sudova (SDVGOV) on 2026-11-24 in Marlow Bay.
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
    let mut start = 0;
    for (i, p) in t.split("\n\n").enumerate() {
        doc.sentences.push(Sentence {
            span: Span::new(start, start + p.len()),
            first_token: 0,
            token_count: 0,
        });
        start += p.len() + 2;
        let _ = i;
    }
    let first_sentence = doc.sentences[0].span;
    let n1 = at(&t, "government of Norland");
    let n2 = at(&t, "government of Sudova");
    doc.mentions.push(Mention {
        span: n1,
        entity_type: EntityType::Org,
        kind: MentionKind::Nominal,
        entity: Some(0),
        role: None,
        confidence: 0.9,
    });
    doc.mentions.push(Mention {
        span: n2,
        entity_type: EntityType::Org,
        kind: MentionKind::Nominal,
        entity: Some(1),
        role: None,
        confidence: 0.9,
    });
    doc.entities.push(Entity {
        id: 0,
        name: "Government of Norland".into(),
        entity_type: EntityType::Org,
        role: None,
        country: Some("NOR".into()),
        actor: Some(ActorCode {
            code: "NORGOV".into(),
            evidence: "government of + country".into(),
            confidence: 0.9,
        }),
        mentions: vec![0],
    });
    doc.entities.push(Entity {
        id: 1,
        name: "Government of Sudova".into(),
        entity_type: EntityType::Org,
        role: None,
        country: Some("SDV".into()),
        actor: Some(ActorCode {
            code: "SDVGOV".into(),
            evidence: "government of + country".into(),
            confidence: 0.9,
        }),
        mentions: vec![1],
    });
    if let Some(p) = t.find("Tuesday") {
        doc.timexes.push(Timex {
            span: Span::new(p, p + "Tuesday".len()),
            timex_type: TimexType::Date,
            value: Some("2026-11-24".into()),
            modifier: None,
            anchor: "reference_date".into(),
            sentence: 0,
            governor: None,
        });
    }
    if let Some(q) = t.find("This agreement protects") {
        let end = q + t[q..].find('"').unwrap();
        let speaker = at(&t, "Ella Varden");
        doc.mentions.push(Mention {
            span: speaker,
            entity_type: EntityType::Person,
            kind: MentionKind::Name,
            entity: Some(2),
            role: Some(at(&t, "fisheries minister")),
            confidence: 0.95,
        });
        doc.entities.push(Entity {
            id: 2,
            name: "Ella Varden".into(),
            entity_type: EntityType::Person,
            role: Some("fisheries minister".into()),
            country: Some("NOR".into()),
            actor: Some(ActorCode {
                code: "NORGOV".into(),
                evidence: "minister".into(),
                confidence: 0.8,
            }),
            mentions: vec![2],
        });
        doc.quotes.push(Quote {
            speaker: Speaker::Entity {
                entity: 2,
                span: speaker,
            },
            cue: Some(at(&t, "said Norland")),
            content: Span::new(q, end),
            kind: QuoteKind::Direct,
            sentence: 2,
            confidence: 0.9,
        });
    }
    doc.events.push(Event {
        cameo: "057".into(),
        plover: "AGREE".into(),
        plover_mode: None,
        goldstein: 8.0,
        quad_class: 1,
        source: EventActor {
            entity: Some(0),
            code: Some("NORGOV".into()),
            span: Some(n1),
            unknown: false,
        },
        target: EventActor {
            entity: Some(1),
            code: Some("SDVGOV".into()),
            span: Some(n2),
            unknown: false,
        },
        date: EventDate {
            value: Some("2026-11-24".into()),
            basis: DateBasis::Sentence,
            timex: Some(0),
        },
        location: Some(EventLocation {
            name: "Marlow Bay".into(),
            country: Some("NOR".into()),
            lat: Some(61.5),
            lon: Some(5.25),
            span: None,
        }),
        polarity: Polarity::Asserted,
        modality: Modality::Actual,
        sentence: 0,
        evidence: vec![first_sentence],
        rule: "sign agreement with".into(),
        confidence: 0.8,
    });
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
