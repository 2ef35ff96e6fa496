//! Data-driven quote cases from `tests/cases.txt`: a sentence in, the quote expected out.

use dateline_core::{Article, Doc, QuoteKind, Span};
use dateline_quotes::QuoteFinder;

fn doc(text: &str) -> Doc {
    let mut article = Article::default();
    let mut off = 0;
    let paras: Vec<(&str, Span)> = text
        .split('¶')
        .map(str::trim)
        .map(|p| {
            let s = Span::new(off, off + p.len());
            off += p.len() + 2;
            (p, s)
        })
        .collect();
    article.set_body(paras);
    Doc::new(article)
}

fn kind(s: &str) -> Option<QuoteKind> {
    match s {
        "direct" => Some(QuoteKind::Direct),
        "indirect" => Some(QuoteKind::Indirect),
        "partial" => Some(QuoteKind::Partial),
        "none" => None,
        other => panic!("cases.txt: unknown kind `{other}`"),
    }
}

#[test]
fn quote_cases_from_data_file() {
    let finder = QuoteFinder::new();
    let mut failures = Vec::new();
    for (n, line) in include_str!("cases.txt").lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split(" | ").collect();
        assert_eq!(f.len(), 5, "cases.txt:{}: expected 5 fields", n + 1);
        let d = doc(f[0]);
        let t = d.text();
        let found: Vec<(QuoteKind, String, String, String)> = finder
            .find(&d)
            .iter()
            .map(|q| {
                (
                    q.kind,
                    q.content.slice(t).to_string(),
                    q.source.map_or("-".into(), |s| s.slice(t).to_string()),
                    q.cue.map_or("-".into(), |s| s.slice(t).to_string()),
                )
            })
            .collect();
        let ok = match kind(f[1]) {
            Some(k) => found.contains(&(k, f[2].into(), f[3].into(), f[4].into())),
            None => !found.iter().any(|q| q.1 == f[2]),
        };
        if !ok {
            failures.push(format!("cases.txt:{}: {line}\n  found: {found:?}", n + 1));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
