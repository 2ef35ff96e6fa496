//! Test helpers shared by the entity tests and the pipeline's coreference tests.

use dateline_core::Span;

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
