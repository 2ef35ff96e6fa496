//! Test helpers shared by the entity tests and the pipeline's coreference tests.

use dateline_core::{Doc, MentionKind, Span};

/// The byte span of the `n`th (1-based) whole-word occurrence of `word`.
pub fn find(text: &str, word: &str, n: usize) -> Option<Span> {
    let mut seen = 0;
    for (i, _) in text.match_indices(word) {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            continue;
        }
        seen += 1;
        if seen == n {
            return Some(Span::new(i, i + word.len()));
        }
    }
    None
}

/// Checks one case of `fixtures/coref_cases.tsv` on an analysed document: `word`
/// (`word#n` for its `n`th occurrence) must be a linked mention of the entity named
/// `want` (or coded `code:XXX`), or of none when `want` is `-`. Returns the confidence
/// of the mention found there (if any) and what went wrong (if anything).
pub fn check_link(doc: &Doc, word: &str, want: &str) -> (Option<f32>, Result<(), String>) {
    let (w, nth) = match word.split_once('#') {
        Some((w, k)) => (w, k.parse().unwrap_or(0)),
        None => (word, 1),
    };
    let Some(span) = find(doc.text(), w, nth) else {
        return (None, Err(format!("{word:?} not in the text")));
    };
    let m = doc
        .mentions
        .iter()
        .find(|m| m.span == span && m.kind != MentionKind::Name);
    let got = m.and_then(|m| m.entity).map(|e| &doc.entities[e]);
    let ok = match (want, got) {
        ("-", None) => true,
        ("-", Some(_)) | (_, None) => false,
        (want, Some(e)) => match want.strip_prefix("code:") {
            Some(code) => e.actor.as_ref().is_some_and(|a| a.code == code),
            None => e.name == want,
        },
    };
    let confidence = m.map(|m| m.confidence);
    let result = if ok {
        Ok(())
    } else {
        Err(format!(
            "{word:?} → want {want}, got {:?} ({confidence:?})",
            got.map(|e| (&e.name, e.actor.as_ref().map(|a| &a.code))),
        ))
    };
    (confidence, result)
}
