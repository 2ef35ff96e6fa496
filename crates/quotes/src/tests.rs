use super::*;
use dateline_core::{Article, Entity, Mention};

fn doc(paras: &[&str]) -> Doc {
    let mut article = Article::default();
    let mut off = 0;
    let pieces: Vec<(&str, Span)> = paras
        .iter()
        .map(|p| {
            let s = Span::new(off, off + p.len());
            off += p.len() + 2;
            (*p, s)
        })
        .collect();
    article.set_body(pieces);
    Doc::new(article)
}

fn show(d: &Doc, q: &Quote) -> (String, String, String, QuoteKind) {
    let t = d.text();
    (
        q.content.slice(t).to_string(),
        q.source.map(|s| s.slice(t).to_string()).unwrap_or_default(),
        q.cue.map(|s| s.slice(t).to_string()).unwrap_or_default(),
        q.kind,
    )
}

fn find(d: &Doc) -> Vec<(String, String, String, QuoteKind)> {
    QuoteFinder::new()
        .find(d)
        .iter()
        .map(|q| show(d, q))
        .collect()
}

fn s(x: &str) -> String {
    x.to_string()
}

/// Adds a person entity with mentions at the given (needle, occurrence, kind).
fn person(d: &mut Doc, name: &str, at: &[(&str, usize, MentionKind)]) -> usize {
    let id = d.entities.len();
    let mut ms = Vec::new();
    for (needle, nth, kind) in at {
        let start = d.text().match_indices(needle).nth(*nth).unwrap().0;
        ms.push(d.mentions.len());
        d.mentions.push(Mention {
            span: Span::new(start, start + needle.len()),
            entity_type: EntityType::Person,
            kind: *kind,
            entity: Some(id),
            role: None,
            confidence: 1.0,
        });
    }
    d.entities.push(Entity {
        id,
        name: name.to_string(),
        entity_type: EntityType::Person,
        role: None,
        country: None,
        actor: None,
        mentions: ms,
    });
    id
}

#[test]
fn quotes_direct_curly_cue_after_and_inverted() {
    let d = doc(&[
        "“The port will reopen on Monday,” Mayor Lena Ortiz said at a briefing.",
        "“We are ready,” said the harbour master.",
    ]);
    assert_eq!(
        find(&d),
        [
            (
                s("The port will reopen on Monday,"),
                s("Mayor Lena Ortiz"),
                s("said"),
                QuoteKind::Direct
            ),
            (
                s("We are ready,"),
                s("the harbour master"),
                s("said"),
                QuoteKind::Direct
            ),
        ]
    );
}

#[test]
fn quotes_direct_straight_marks_and_cue_before() {
    let d = doc(&["The minister, who spoke to reporters in Valdora, said: \"Talks will go on.\""]);
    assert_eq!(
        find(&d),
        [(
            s("Talks will go on."),
            s("The minister"),
            s("said"),
            QuoteKind::Direct
        )]
    );
}

#[test]
fn quotes_split_quote_shares_speaker_and_cue() {
    let d = doc(&["“We will not sign,” he said. “Not this year.”"]);
    let q = find(&d);
    assert_eq!(q.len(), 2);
    assert_eq!(q[1].0, "Not this year.");
    assert_eq!((q[1].1.as_str(), q[1].2.as_str()), ("he", "said"));
}

#[test]
fn quotes_multi_paragraph_quote_is_one_quote() {
    let d = doc(&[
        "The governor said: “The first part of the plan is about roads.",
        "“The second part is about schools, and it comes next year.”",
        "Reporters left.",
    ]);
    let q = find(&d);
    assert_eq!(q.len(), 1);
    assert!(q[0].0.starts_with("The first part"));
    assert!(q[0].0.ends_with("next year."));
    assert_eq!(q[0].1, "The governor");
}

#[test]
fn quotes_partial_and_scare_quotes() {
    let d = doc(&[
        "The two sides agreed to deepen their “unbreakable” ties, according to a senior official.",
        "The plan was a “miracle” cure for the town.",
        "She starred in “The Long Night” last year.",
    ]);
    let q = QuoteFinder::new().find(&d);
    eprintln!(
        "{:#?}",
        q.iter()
            .map(|x| (show(&d, x), &x.speaker))
            .collect::<Vec<_>>()
    );
    eprintln!(
        "{:#?}",
        q.iter()
            .map(|x| (show(&d, x), &x.speaker))
            .collect::<Vec<_>>()
    );
    let partial: Vec<_> = q.iter().filter(|q| q.kind == QuoteKind::Partial).collect();
    assert_eq!(partial.len(), 1);
    assert_eq!(partial[0].content.slice(d.text()), "unbreakable");
    assert!(matches!(
        &partial[0].speaker,
        Speaker::Anonymous { description, .. } if description == "a senior official"
    ));
    assert!(!q
        .iter()
        .any(|q| q.content.slice(d.text()).contains("Long Night")));
    assert!(!q.iter().any(|q| q.content.slice(d.text()) == "miracle"));
}

#[test]
fn quotes_unbalanced_mark_keeps_the_rest_of_the_article() {
    let d = doc(&[
        "The council voted “to move ahead with the plan.",
        "“It is a good day,” the mayor said.",
        "Later, the mayor said the budget would grow.",
    ]);
    let mut doc = d.clone();
    QuoteFinder::new().process(&mut doc).unwrap();
    let q: Vec<_> = doc.quotes.iter().map(|q| show(&doc, q)).collect();
    assert!(q.contains(&(
        s("It is a good day,"),
        s("the mayor"),
        s("said"),
        QuoteKind::Direct
    )));
    assert!(q
        .iter()
        .any(|x| x.0 == "the budget would grow" && x.3 == QuoteKind::Indirect));
    assert_eq!(doc.diagnostics.len(), 1);
}

#[test]
fn quotes_indirect_patterns() {
    let d = doc(&[
        "The minister admitted that the talks had stalled.",
        "Prices will rise next year, the central bank said.",
        "According to a government source, the deal is close.",
        "The rebels withdrew from the town, according to local residents.",
    ]);
    let q = find(&d);
    assert_eq!(
        q,
        [
            (
                s("that the talks had stalled"),
                s("The minister"),
                s("admitted"),
                QuoteKind::Indirect
            ),
            (
                s("Prices will rise next year"),
                s("the central bank"),
                s("said"),
                QuoteKind::Indirect
            ),
            (
                s("the deal is close"),
                s("a government source"),
                s("According to"),
                QuoteKind::Indirect
            ),
            (
                s("The rebels withdrew from the town"),
                s("local residents"),
                s("according to"),
                QuoteKind::Indirect
            ),
        ]
    );
}

#[test]
fn quotes_anonymous_sources_are_typed() {
    let d = doc(&[
        "The army pulled back, officials said.",
        "“It is over,” a senior diplomat said.",
    ]);
    let q = QuoteFinder::new().find(&d);
    assert_eq!(q.len(), 2);
    for (quote, want) in q.iter().zip(["officials", "a senior diplomat"]) {
        assert!(
            matches!(&quote.speaker, Speaker::Anonymous { description, .. } if description == want),
            "{:?}",
            quote.speaker
        );
    }
}

#[test]
fn quotes_speaker_resolves_names_and_pronouns_across_paragraphs() {
    let mut d = doc(&[
        "“Trade is our priority,” Rana Velez said at the summit.",
        "Omar Kent left the hall on Tuesday. He later spoke on television.",
        "“They will pay for it,” he said.",
        "“We stand together,” said the foreign minister.",
    ]);
    let velez = person(
        &mut d,
        "Rana Velez",
        &[("Rana Velez", 0, MentionKind::Name)],
    );
    let kent = person(
        &mut d,
        "Omar Kent",
        &[
            ("Omar Kent", 0, MentionKind::Name),
            ("He", 0, MentionKind::Pronoun),
        ],
    );
    let minister = person(
        &mut d,
        "Ada Moss",
        &[("the foreign minister", 0, MentionKind::Nominal)],
    );
    let q = QuoteFinder::new().find(&d);
    let ids: Vec<Option<usize>> = q
        .iter()
        .map(|q| match q.speaker {
            Speaker::Entity { entity, .. } => Some(entity),
            _ => None,
        })
        .collect();
    assert_eq!(ids, [Some(velez), Some(kent), Some(minister)]);
    // The pronoun is the span, the antecedent the entity.
    assert!(matches!(q[1].speaker, Speaker::Entity { span, .. } if span.slice(d.text()) == "he"));
}

#[test]
fn quotes_anonymous_source_with_a_nationality_inside_stays_anonymous() {
    let mut d = doc(&["Talks will resume in May, according to a Valdoran government official."]);
    let start = d.text().find("Valdoran").unwrap();
    d.mentions.push(Mention {
        span: Span::new(start, start + "Valdoran".len()),
        entity_type: EntityType::Norp,
        kind: MentionKind::Name,
        entity: Some(0),
        role: None,
        confidence: 1.0,
    });
    d.entities.push(Entity {
        id: 0,
        name: "Valdora".into(),
        entity_type: EntityType::Norp,
        role: None,
        country: None,
        actor: None,
        mentions: vec![0],
    });
    let q = QuoteFinder::new().find(&d);
    assert_eq!(q.len(), 1);
    assert!(matches!(
        &q[0].speaker,
        Speaker::Anonymous { description, .. } if description == "a Valdoran government official"
    ));
}

#[test]
fn quotes_pronoun_prefers_speaker_of_previous_paragraph_quote() {
    let mut d = doc(&[
        "Ivo Sand, who met Lena Ortiz on Friday, said, “There was no deal.”",
        "“Both sides want calm,” he added.",
    ]);
    let sand = person(&mut d, "Ivo Sand", &[("Ivo Sand", 0, MentionKind::Name)]);
    person(
        &mut d,
        "Lena Ortiz",
        &[("Lena Ortiz", 0, MentionKind::Name)],
    );
    let q = QuoteFinder::new().find(&d);
    assert_eq!(q.len(), 2);
    assert!(matches!(q[1].speaker, Speaker::Entity { entity, .. } if entity == sand));
    assert_eq!(q[1].cue.unwrap().slice(d.text()), "added");
}

#[test]
fn quotes_regression_non_speech_cue_after_quote_does_not_hang() {
    // A cue word without the direct frame right after a closing mark once made the
    // tail scan loop forever.
    let d = doc(&["“Why is this bank still too big to fail?” Vitter demanded."]);
    let q = find(&d);
    assert!(q
        .iter()
        .all(|x| x.3 != QuoteKind::Indirect || x.2 == "demanded"));
}

#[test]
fn quotes_topic_verbs_take_what_follows() {
    let d = doc(&["The senator urged Congress to pass the budget before the recess."]);
    assert_eq!(
        find(&d),
        [(
            s("Congress to pass the budget before the recess"),
            s("The senator"),
            s("urged"),
            QuoteKind::Indirect
        )]
    );
}

#[test]
fn quotes_any_mix_of_marks_terminates_and_stays_in_bounds() {
    const PIECES: &[&str] = &[
        "“",
        "”",
        "\"",
        "''",
        "``",
        "‘",
        "’",
        " said",
        " he",
        " Abe",
        ",",
        ".",
        " that",
        "\n\n",
        " according to",
        " officials",
        " told",
        " (",
        ")",
        ":",
        " the",
        " minister",
        " —",
        " urged",
    ];
    let mut seed: u64 = 42;
    for _ in 0..300 {
        let mut text = String::new();
        for _ in 0..40 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(PIECES[(seed >> 33) as usize % PIECES.len()]);
        }
        let paras: Vec<&str> = text
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .collect();
        let d = doc(&paras);
        for q in QuoteFinder::new().find(&d) {
            assert!(q.content.get(d.text()).is_some(), "{text:?}");
            assert!(q.source.is_none_or(|s| s.get(d.text()).is_some()));
        }
    }
}

#[test]
fn quotes_relative_pronoun_source_resolves_to_its_antecedent() {
    let mut d = doc(&["The guests included the singer Ana Lee, who joked, “I came for the cake.”"]);
    let lee = person(&mut d, "Ana Lee", &[("Ana Lee", 0, MentionKind::Name)]);
    let q = QuoteFinder::new().find(&d);
    let direct: Vec<&Quote> = q.iter().filter(|q| q.kind == QuoteKind::Direct).collect();
    assert_eq!(direct.len(), 1);
    assert_eq!(show(&d, direct[0]).1, "who");
    assert!(
        matches!(direct[0].speaker, Speaker::Entity { entity, span } if entity == lee && span.slice(d.text()) == "Ana Lee")
    );
}

#[test]
fn quotes_name_with_broken_encoding_stays_one_source() {
    // "José" read twice as Latin-1 and decomposed: combining marks and C1 controls.
    let name = "Jos\u{41}\u{303}\u{83}\u{41}\u{302}\u{a9} Ruiz";
    let text = format!("“The port will reopen,” Mayor {name} said on Monday.");
    let d = doc(&[&text]);
    assert!(find(&d).contains(&(
        s("The port will reopen,"),
        format!("Mayor {name}"),
        s("said"),
        QuoteKind::Direct
    )));
}

#[test]
fn quotes_indirect_content_never_swallows_a_direct_quotation() {
    let d = doc(&[
        "In one post Friday, Lee said: “The budget is late and the schools will pay for it.”",
    ]);
    let q = find(&d);
    assert_eq!(
        q,
        [(
            s("The budget is late and the schools will pay for it."),
            s("Lee"),
            s("said"),
            QuoteKind::Direct
        )]
    );
}
