//! Builds test documents by hand: a whitespace-and-punctuation tokenizer and a mention
//! layer from a small actor list (`tests/fixtures/actors.tsv`). No other stage is needed.

#![allow(dead_code)]

use dateline_core::{
    ActorCode, Article, Doc, Entity, EntityType, Mention, MentionKind, Sentence, Span, Token,
};

pub struct Actor {
    pub words: Vec<String>,
    pub etype: EntityType,
    pub code: String,
}

pub fn actors() -> Vec<Actor> {
    let text = include_str!("../fixtures/actors.tsv");
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let etype = match f[1] {
            "GPE" => EntityType::Gpe,
            "NORP" => EntityType::Norp,
            "ORG" => EntityType::Org,
            _ => EntityType::Person,
        };
        out.push(Actor {
            words: f[0].split(' ').map(String::from).collect(),
            etype,
            code: f[2].to_string(),
        });
    }
    out
}

/// Token spans of `s`: words, with punctuation and "'s" split off.
pub fn tokenize(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if b[i].is_ascii_alphanumeric() {
            while i < b.len()
                && (b[i].is_ascii_alphanumeric()
                    || b[i] == b'-'
                    || (b[i] == b'.' && i + 1 < b.len() && b[i + 1].is_ascii_alphabetic()))
            {
                i += 1;
            }
            if i + 1 < b.len() && b[i] == b'\'' && b[i + 1] == b's' {
                out.push((start, i));
                out.push((i, i + 2));
                i += 2;
                continue;
            }
            if i + 2 < b.len() && &s[i..i + 3] == "n't" {
                out.push((start, i));
                out.push((i, i + 3));
                i += 3;
                continue;
            }
        } else {
            i += s[i..].chars().next().unwrap().len_utf8();
        }
        out.push((start, i));
    }
    out
}

/// A document of one paragraph; each line of `text` ending in `.` is one sentence.
pub fn doc(text: &str) -> Doc {
    let mut article = Article::default();
    article.set_body([(text, Span::new(0, text.len()))]);
    let mut doc = Doc::new(article);
    let toks = tokenize(text);
    // sentences end at a final "." token
    let mut start = 0;
    for (i, &(s, e)) in toks.iter().enumerate() {
        if &text[s..e] == "." || i + 1 == toks.len() {
            let sent = doc.sentences.len();
            for &(a, b) in &toks[start..=i] {
                doc.tokens.push(Token {
                    span: Span::new(a, b),
                    sentence: sent,
                    upos: None,
                    lemma: None,
                    head: None,
                    deprel: None,
                });
            }
            doc.sentences.push(Sentence {
                span: Span::new(toks[start].0, e),
                first_token: start,
                token_count: i + 1 - start,
            });
            start = i + 1;
        }
    }
    // mentions: longest actor phrase at each token, case-insensitive on the first letter
    let actors = actors();
    let words: Vec<&str> = toks.iter().map(|&(s, e)| &text[s..e]).collect();
    let mut i = 0;
    while i < words.len() {
        let mut best: Option<(usize, &Actor)> = None;
        for a in &actors {
            let n = a.words.len();
            if i + n <= words.len()
                && (0..n).all(|k| words[i + k].eq_ignore_ascii_case(&a.words[k]))
                && best.is_none_or(|(m, _)| n > m)
            {
                best = Some((n, a));
            }
        }
        match best {
            Some((n, a)) => {
                let span = Span::new(toks[i].0, toks[i + n - 1].1);
                let eid = match doc
                    .entities
                    .iter()
                    .position(|e| e.name == a.words.join(" "))
                {
                    Some(e) => e,
                    None => {
                        doc.entities.push(Entity {
                            id: doc.entities.len(),
                            name: a.words.join(" "),
                            entity_type: a.etype,
                            role: None,
                            // code "-": an entity with no actor code and no country
                            country: (a.code != "-").then(|| a.code.chars().take(3).collect()),
                            actor: (a.code != "-").then(|| ActorCode {
                                code: a.code.clone(),
                                evidence: "test".into(),
                                confidence: 1.0,
                            }),
                            mentions: Vec::new(),
                        });
                        doc.entities.len() - 1
                    }
                };
                doc.entities[eid].mentions.push(doc.mentions.len());
                doc.mentions.push(Mention {
                    span,
                    entity_type: a.etype,
                    kind: MentionKind::Name,
                    entity: Some(eid),
                    role: None,
                    confidence: 1.0,
                });
                i += n;
            }
            None => i += 1,
        }
    }
    doc
}
