//! Event coding through the whole pipeline (tagger, parser, time, entities): sentences
//! written for these tests.

use dateline::Options;
use dateline_core::{DateBasis, Event};

fn events(text: &str) -> Vec<Event> {
    let p = dateline::Pipeline::new().unwrap();
    let opts = Options {
        published: Some("2015-06-09".into()),
        ..Options::default()
    };
    p.analyze_bytes("t.txt", format!("Title\n\n{text}\n").as_bytes(), &opts)
        .unwrap()
        .events
}

fn has(ev: &[Event], code: &str, src: &str, tgt: &str) -> bool {
    ev.iter().any(|e| {
        e.cameo == code
            && e.source.code.as_deref().unwrap_or("-").starts_with(src)
            && e.target.code.as_deref().unwrap_or("-").starts_with(tgt)
    })
}

#[test]
fn events_a_date_inside_a_noun_modifier_does_not_date_the_event() {
    let ev = events("Peru held talks with Chile over a border treaty signed in 1929.");
    let talks: Vec<&Event> = ev.iter().filter(|e| e.cameo == "040").collect();
    assert!(!talks.is_empty(), "{ev:#?}");
    for e in talks {
        assert_ne!(e.date.value.as_deref(), Some("1929"), "{e:#?}");
        assert_eq!(e.date.basis, DateBasis::ReferenceDate, "{e:#?}");
    }
}

#[test]
fn events_a_visit_there_goes_to_the_country_named_before() {
    let ev = events(
        "Norway has long kept warm ties with Chile, and the Norwegian king made a state visit there last month.",
    );
    assert!(has(&ev, "042", "NOR", "CHL"), "{ev:#?}");
}

#[test]
fn events_passive_verb_with_its_object_in_the_subject() {
    let ev = events("Evidence against Chile was presented by Peru at the tribunal.");
    assert!(has(&ev, "112", "PER", "CHL"), "{ev:#?}");
}

#[test]
fn events_hosting_a_guest_also_codes_the_guest_visit() {
    let ev = events("Chile hosted the Peruvian president for two days of talks.");
    assert!(has(&ev, "043", "CHL", "PER"), "{ev:#?}");
    assert!(has(&ev, "042", "PER", "CHL"), "{ev:#?}");
}
