//! Tagging and parsing behaviour pinned by the cases in `tests/data/syntax.txt`,
//! run through the real stages (segment → tag → parse) with the shipped model.

use dateline_core::{Article, Doc, Stage};
use dateline_text::{Parser, Segmenter, Tagger};

fn analyse(text: &str) -> Doc {
    let mut doc = Doc::new(Article {
        text: text.to_string(),
        ..Article::default()
    });
    let stages: [&dyn Stage; 3] = [&Segmenter, &Tagger, &Parser];
    for s in stages {
        s.process(&mut doc).expect("stage runs");
    }
    doc
}

/// `check: FORM UPOS HEAD DEPREL`: the next token spelled FORM has tag UPOS, its
/// head is spelled HEAD (`ROOT` for the root) and its relation is DEPREL; `_` skips
/// a field.
#[test]
fn syntax_cases_from_data_file() {
    let src = include_str!("data/syntax.txt");
    let mut failures = Vec::new();
    let mut checks = 0;
    let mut doc: Option<Doc> = None;
    let mut cursor = 0;
    let mut name = String::new();
    for (i, raw) in src.lines().enumerate() {
        let line = raw.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, val) = line
            .split_once(": ")
            .unwrap_or_else(|| panic!("syntax.txt:{}: expected `key: value`", i + 1));
        match key {
            "case" => name = val.to_string(),
            "text" => {
                doc = Some(analyse(val));
                cursor = 0;
            }
            "check" => {
                let d = doc.as_ref().expect("check before text");
                let f: Vec<&str> = val.split(' ').collect();
                assert_eq!(f.len(), 4, "syntax.txt:{}: four fields", i + 1);
                let text = d.text();
                let Some(k) =
                    (cursor..d.tokens.len()).find(|&k| d.tokens[k].span.slice(text) == f[0])
                else {
                    failures.push(format!("line {} ({name}): no token {:?}", i + 1, f[0]));
                    continue;
                };
                cursor = k + 1;
                checks += 1;
                let t = &d.tokens[k];
                let sent = &d.sentences[t.sentence];
                let head = match t.head {
                    None => "ROOT",
                    Some(h) => d.tokens[sent.first_token + h].span.slice(text),
                };
                let got = [
                    f[0],
                    t.upos.as_deref().unwrap_or("-"),
                    head,
                    t.deprel.as_deref().unwrap_or("-"),
                ];
                if (1..4).any(|j| f[j] != "_" && f[j] != got[j]) {
                    failures.push(format!(
                        "line {} ({name}): expected {val:?}, got {:?}",
                        i + 1,
                        got.join(" ")
                    ));
                }
            }
            k => panic!("syntax.txt:{}: unknown key {k:?}", i + 1),
        }
    }
    assert!(
        checks >= 30,
        "the case file should hold the typographic cases"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn syntax_every_sentence_has_one_root_and_heads_in_range() {
    let doc = analyse(
        "OSAKA (Reuters) - Japan’s Prime Minister Shinzo Abe and U.S. President Donald J. \
         Trump agreed on Friday to bolster the alliance. “We will fight…but if we’re attacked, \
         Japan doesn’t have to help,” he said.\n\nSee https://example.com/a for more.",
    );
    assert_eq!(doc.sentences.len(), 3);
    for s in &doc.sentences {
        let toks = &doc.tokens[s.first_token..s.first_token + s.token_count];
        assert_eq!(toks.iter().filter(|t| t.head.is_none()).count(), 1);
        for t in toks {
            assert!(t.head.is_none_or(|h| h < s.token_count));
            assert!(t.upos.is_some() && t.lemma.is_some() && t.deprel.is_some());
        }
    }
}
