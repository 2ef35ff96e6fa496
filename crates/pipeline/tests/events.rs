//! Event coding through the whole pipeline (tagger, parser, time, entities): sentences
//! written for these tests.

use dateline::Options;
use dateline_core::{DateBasis, Event};

/// The whole document for one paragraph under a title, published 2015-06-09.
fn analyze(text: &str) -> dateline_core::Doc {
    let p = dateline::Pipeline::new().unwrap();
    let opts = Options {
        published: Some("2015-06-09".into()),
        ..Options::default()
    };
    p.analyze_bytes("t.txt", format!("Title\n\n{text}\n").as_bytes(), &opts)
        .unwrap()
}

fn events(text: &str) -> Vec<Event> {
    analyze(text).events
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

fn asserted_actual<'a>(ev: &'a [Event], root: &str) -> Vec<&'a Event> {
    ev.iter()
        .filter(|e| {
            e.cameo.starts_with(root)
                && e.polarity == dateline_core::Polarity::Asserted
                && e.modality != dateline_core::Modality::Hypothetical
        })
        .collect()
}

#[test]
fn events_an_attack_in_a_condition_is_no_asserted_attack() {
    let ev = events(
        "The defence pact obliges Canada to come to the aid of Norway in the event of an invasion. \
         Brazil keeps reserves ready in case of an attack.",
    );
    assert!(asserted_actual(&ev, "19").is_empty(), "{ev:#?}");
}

#[test]
fn events_a_renounced_war_is_no_event() {
    let ev = events("Costa Rica, which renounced war in its constitution, has no army.");
    assert!(!ev.iter().any(|e| e.cameo.starts_with("19")), "{ev:#?}");
}

#[test]
fn events_the_attack_in_a_hypothetical_quote_stays_hypothetical() {
    let ev = events(
        "\"If Chile is attacked, we will defend it. They can only watch the attack from afar,\" the Peruvian minister said.",
    );
    assert!(asserted_actual(&ev, "19").is_empty(), "{ev:#?}");
}

#[test]
fn events_an_organization_naming_a_summit_is_no_party() {
    let ev = events(
        "Ahead of the NATO summit in Madrid, the Spanish premier met the Italian president.",
    );
    assert!(
        !ev.iter().any(|e| e
            .source
            .code
            .as_deref()
            .is_some_and(|c| c.starts_with("IGO"))
            && e.cameo.starts_with("04")),
        "{ev:#?}"
    );
    assert!(has(&ev, "040", "ESP", "ITA"), "{ev:#?}");
}

#[test]
fn events_an_appeal_goes_to_the_parties_between_whom_it_mediates() {
    let ev = events(
        "The Swiss president called for talks among neighbours to end the dispute between Ethiopia and Egypt.",
    );
    assert!(has(&ev, "020", "CHE", "ETH"), "{ev:#?}");
    assert!(has(&ev, "020", "CHE", "EGY"), "{ev:#?}");
}

#[test]
fn events_bilateral_talks_and_the_talks_later_take_the_two_countries() {
    let ev = events(
        "German Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin on Monday, and the two sides agreed to speed up bilateral trade talks. \
         Macron praised Germany. \
         The trade talks started in March.",
    );
    let talks: Vec<&Event> = ev.iter().filter(|e| e.cameo == "046").collect();
    assert!(
        talks
            .iter()
            .any(|e| e.source.code.as_deref() == Some("DEU")
                && e.target.code.as_deref() == Some("FRA")),
        "{ev:#?}"
    );
    // the later "the trade talks" is the same negotiation, dated by its own clause
    assert!(
        talks.iter().any(|e| e.sentence == 2
            && e.source.code.is_some()
            && e.target.code.is_some()
            && e.date.basis == DateBasis::Clause),
        "{ev:#?}"
    );
}

#[test]
fn events_ethnic_and_religious_groups_are_coded_between_country_and_sector() {
    let ev = events(
        "Shiite militias attacked a Sunni village near the border. \
         Kurdish fighters captured the town of Manbij. \
         Iraqi Kurds protested in Erbil on Sunday. \
         Gunmen killed three Coptic Christians in Egypt.",
    );
    let code = |s: usize, src: bool| -> Option<String> {
        ev.iter().find(|e| e.sentence == s).and_then(|e| {
            if src {
                e.source.code.clone()
            } else {
                e.target.code.clone()
            }
        })
    };
    assert_eq!(code(0, true).as_deref(), Some("---SHIUAF"), "{ev:#?}");
    assert_eq!(code(1, true).as_deref(), Some("---KURUAF"), "{ev:#?}");
    assert_eq!(code(2, true).as_deref(), Some("IRQKUR"), "{ev:#?}");
    // victims named by their religion take the country of the place
    assert_eq!(code(3, false).as_deref(), Some("EGYCHRCPT"), "{ev:#?}");
}

#[test]
fn events_subjects_across_along_with_and_a_said_time_phrase() {
    let ev =
        events("Paris along with its partners demanded that Tehran release the detained sailors.");
    assert!(
        ev.iter().any(|e| e
            .source
            .code
            .as_deref()
            .is_some_and(|c| c.starts_with("FRA"))
            && e.target
                .code
                .as_deref()
                .is_some_and(|c| c.starts_with("IRN"))),
        "{ev:#?}"
    );
    let ev = events("Norway said on Friday it had suspended economic aid to Myanmar.");
    assert!(has(&ev, "162", "NOR", "MMR"), "{ev:#?}");
}

#[test]
fn events_a_titled_surname_takes_the_country_of_everyone_known_by_it() {
    // no tenure covers the date: the role gives the sector, the surname the country (not
    // the country the threat is aimed at)
    let ev = events("President Bush threatened further action against Russia.");
    assert!(has(&ev, "130", "USAGOV", "RUS"), "{ev:#?}");
}

#[test]
fn events_a_national_body_takes_the_country_named_before_it() {
    let ev = events("The Kenyan Parliament rejected the proposal.");
    assert!(
        ev.iter()
            .any(|e| e.source.code.as_deref() == Some("KENLEG")),
        "{ev:#?}"
    );
}

#[test]
fn events_a_group_in_a_country_before_a_time_phrase_is_the_subject() {
    let ev = events("Rebels in Liberia on Tuesday blocked the main road into Monrovia.");
    assert!(
        ev.iter()
            .any(|e| e.source.code.as_deref() == Some("LBRREB")),
        "{ev:#?}"
    );
    let ev = events("Thousands of students throughout Chile staged demonstrations on Friday.");
    assert!(
        ev.iter().any(|e| e.cameo.starts_with("14")
            && e.source
                .code
                .as_deref()
                .is_some_and(|c| c.starts_with("CHL"))),
        "{ev:#?}"
    );
}

#[test]
fn events_a_passive_target_keeps_its_words_over_an_appositive() {
    let doc = analyze(
        "Tensions rose after two cargo ships, one owned by a Greek firm, were attacked near the coast.",
    );
    let e = doc
        .events
        .iter()
        .find(|e| e.cameo.starts_with("19"))
        .unwrap_or_else(|| panic!("{:#?}", doc.events));
    let span = e.target.span.expect("target words");
    assert_eq!(span.get(doc.text()), Some("two cargo ships"), "{e:#?}");
}

#[test]
fn events_a_name_does_not_run_on_over_its_verb() {
    // the name tagger once took "Muslim Brotherhood criticized the Egyptian" as one
    // organisation, which left the sentence without an event
    let ev = events("The Muslim Brotherhood criticized the Egyptian government on Sunday.");
    assert!(has(&ev, "111", "---", "EGYGOV"), "{ev:#?}");
}

#[test]
fn events_subjects_across_a_bracketed_abbreviation_and_a_relative_clause() {
    let ev = events(
        "The Nigerian Union of Teachers (NUT) accused Germany of withholding aid on Monday. \
         The Nigeria Labour Congress (NLC), which represents workers, threatened Britain \
         with a strike. \
         Pakistan, which borders India, accused Kabul of harbouring militants.",
    );
    // a body of no known country takes the nationality before it; a labour word is
    // a union's sector even when the name ends in "Congress"
    assert!(has(&ev, "112", "NGALAB", "DEU"), "{ev:#?}");
    assert!(has(&ev, "130", "NGALAB", "GBR"), "{ev:#?}");
    assert!(has(&ev, "112", "PAK", "AFG"), "{ev:#?}");
}

#[test]
fn events_a_participle_after_a_comma_takes_the_subject_of_the_clause_before_it() {
    let ev = events(
        "Venezuela expelled the Spanish ambassador, accusing Madrid of meddling in its affairs. \
         Russian forces shelled the Ukrainian city of Kharkiv on Tuesday, killing four civilians.",
    );
    assert!(has(&ev, "166", "VEN", "ESP"), "{ev:#?}");
    assert!(has(&ev, "112", "VEN", "ESP"), "{ev:#?}");
    assert!(!has(&ev, "112", "ESP", "ESP"), "{ev:#?}");
    assert!(
        ev.iter().filter(|e| e.cameo.starts_with("18")).all(|e| e
            .source
            .code
            .as_deref()
            .is_some_and(|c| c.starts_with("RUS"))),
        "{ev:#?}"
    );
}

#[test]
fn events_a_denied_act_is_negated_and_no_accusation() {
    let ev = events("Turkey denied that its jets had bombed Kurdish positions in northern Iraq.");
    let bombing: Vec<&Event> = ev.iter().filter(|e| e.cameo.starts_with("18")).collect();
    assert!(!bombing.is_empty(), "{ev:#?}");
    for e in bombing {
        assert_eq!(e.polarity, dateline_core::Polarity::Negated, "{e:#?}");
        assert!(
            e.source
                .code
                .as_deref()
                .is_some_and(|c| c.starts_with("TUR")),
            "{e:#?}"
        );
    }
    assert!(!ev.iter().any(|e| e.cameo.starts_with("11")), "{ev:#?}");
}

#[test]
fn events_pledged_aid_resumed_talks_and_an_event_named_as_a_cause() {
    let ev = events(
        "Saudi Arabia pledged $500 million in humanitarian aid to Yemen. \
         India and Pakistan agreed to resume peace talks next month. \
         The European Union imposed new sanctions on Belarus over the crackdown on protesters.",
    );
    assert!(has(&ev, "033", "SAU", "YEM"), "{ev:#?}");
    assert!(has(&ev, "036", "IND", "PAK"), "{ev:#?}");
    assert!(
        ev.iter()
            .filter(|e| e.cameo == "036")
            .all(|e| e.modality == dateline_core::Modality::Intended),
        "{ev:#?}"
    );
    assert!(has(&ev, "163", "IGOEUR", "BLR"), "{ev:#?}");
    // the crackdown is not the Union's
    assert!(
        !ev.iter().any(|e| e.cameo.starts_with("17")
            && e.source
                .code
                .as_deref()
                .is_some_and(|c| c.starts_with("IGO"))),
        "{ev:#?}"
    );
}

#[test]
fn events_sanctioned_banks_sent_helmets_and_a_counterpart() {
    let ev = events(
        "The U.S. Treasury Department sanctioned three Russian banks on Thursday. \
         The council sanctioned the plan. \
         Germany will send 5,000 helmets to Ukraine, the defence ministry announced. \
         Iran's foreign minister met his Iraqi counterpart in Baghdad.",
    );
    assert!(has(&ev, "163", "USA", "RUS"), "{ev:#?}");
    // "sanctioned the plan" approves it
    assert_eq!(ev.iter().filter(|e| e.cameo == "163").count(), 1, "{ev:#?}");
    assert!(has(&ev, "0332", "DEU", "UKR"), "{ev:#?}");
    assert!(has(&ev, "040", "IRNGOV", "IRQGOV"), "{ev:#?}");
}
