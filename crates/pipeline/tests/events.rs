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

#[test]
fn events_a_reported_air_strike_by_named_forces_is_an_accusation() {
    let ev = events(
        "Amnesty International said six villagers were killed in an air strike by government troops.",
    );
    assert!(has(&ev, "112", "NGOHRIAMN", "---MIL"), "{ev:#?}");
}

#[test]
fn events_sympathy_for_victims_in_a_place_goes_to_its_country() {
    let ev = events(
        "The Canadian prime minister expressed sympathy for the victims of the floods in Texas.",
    );
    assert!(has(&ev, "018", "CAN", "USA"), "{ev:#?}");
}

#[test]
fn events_a_lower_case_surname_after_a_title_is_the_person() {
    let ev = events("Chancellor merkel praised Canada for its aid.");
    assert!(has(&ev, "051", "DEUGOV", "CAN"), "{ev:#?}");
}

#[test]
fn events_a_fronted_event_noun_takes_the_main_subject() {
    let ev = events("During the talks with Chile, Peru called for calm at the border.");
    assert!(has(&ev, "040", "PER", "CHL"), "{ev:#?}");
}

#[test]
fn events_the_two_leaders_are_the_two_most_named() {
    let ev = events(
        "Chancellor Merkel met President Hollande in Paris. Merkel praised the French economy. The two leaders agreed to deepen cooperation.",
    );
    assert!(has(&ev, "030", "DEUGOV", "FRAGOV"), "{ev:#?}");
    assert!(has(&ev, "030", "FRAGOV", "DEUGOV"), "{ev:#?}");
}

#[test]
fn events_an_agreement_target_stands_for_its_other_party() {
    let ev = events(
        "Chile renewed the Chile-Peru fishing pact last year. The Peruvian president criticized the pact on Monday.",
    );
    assert!(has(&ev, "111", "PER", "CHL"), "{ev:#?}");
}

#[test]
fn events_a_fronted_day_without_comma_keeps_the_subject() {
    let ev = events("On Monday the Peruvian president criticized Chile.");
    assert!(has(&ev, "111", "PERGOV", "CHL"), "{ev:#?}");
}

#[test]
fn events_two_attacks_without_actors_are_not_merged() {
    let ev = events(
        "Two cargo ships were attacked off the coast. Separately, a fuel depot was attacked inland.",
    );
    let anonymous: Vec<&Event> = ev
        .iter()
        .filter(|e| e.cameo.starts_with("19") && e.source.code.is_none())
        .collect();
    assert!(anonymous.len() >= 2, "{ev:#?}");
}

#[test]
fn events_a_subject_along_with_another_is_a_compound_source() {
    let ev = events("Norway, along with Denmark, condemned Chile.");
    assert!(has(&ev, "111", "NOR", "CHL"), "{ev:#?}");
    assert!(has(&ev, "111", "DNK", "CHL"), "{ev:#?}");
}

#[test]
fn events_who_condemns_an_attack_did_not_carry_it_out() {
    let ev = events("Norway condemned the attack on Chile.");
    assert!(!has(&ev, "190", "NOR", "CHL"), "{ev:#?}");
}
