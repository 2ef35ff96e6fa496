//! The `TimeTagger` stage: fills `Doc.reference_date` and `Doc.timexes`.

use crate::{find, infer_reference, parse_date, Date};
use dateline_core::{Doc, Field, Layer, Provenance, Stage, StageError, Timex, Token};

/// The time stage: sets the reference date (`Article.published`, else inferred from
/// the text with its evidence and confidence, else none) and adds every time
/// expression with its sentence and the verb it attaches to.
///
/// It runs after segmentation (`Sentences`, `Tokens`) and uses them for
/// `Timex.sentence`; with tags and a dependency parse it also sets `Timex.governor`.
/// Recognition itself needs only the text ([`find`](crate::find)); on a Doc without
/// sentences the sentence index is counted from the text.
#[derive(Clone, Copy, Debug, Default)]
pub struct TimeTagger;

impl TimeTagger {
    /// The stage.
    pub fn new() -> TimeTagger {
        TimeTagger
    }
}

/// Sets `doc.reference_date` and returns the date to resolve against.
fn reference(doc: &mut Doc) -> Option<Date> {
    if let Some(p) = &doc.article.published {
        if let Some(d) = parse_date(&p.value) {
            doc.reference_date = Some(
                Field::new(d.to_string(), p.source)
                    .with_evidence(format!("Article.published: {}", p.value))
                    .with_confidence(1.0),
            );
            return Some(d);
        }
        let msg = format!(
            "published date `{}` is not ISO 8601; inferring one",
            p.value
        );
        doc.warn("time", msg);
    }
    let inferred = infer_reference(&doc.article)?;
    doc.reference_date = Some(
        Field::new(inferred.date.to_string(), Provenance::Inferred)
            .with_evidence(inferred.evidence)
            .with_confidence(inferred.confidence),
    );
    Some(inferred.date)
}

/// Index of the sentence holding byte `at`, from the sentence layer, else by
/// counting sentence ends (". ", "? ", "! " before a capital, blank lines).
fn sentence_of(doc: &Doc, at: usize) -> usize {
    if !doc.sentences.is_empty() {
        let i = doc.sentences.partition_point(|s| s.span.end() <= at);
        return i.min(doc.sentences.len() - 1);
    }
    let text = &doc.article.text.as_bytes()[..at];
    let mut n = 0;
    for i in 0..text.len() {
        let c = text[i];
        let next = text.get(i + 1).copied();
        let after = text.get(i + 2).copied();
        if (matches!(c, b'.' | b'?' | b'!')
            && next == Some(b' ')
            && after.is_some_and(|a| a.is_ascii_uppercase()))
            || (c == b'\n' && next == Some(b'\n'))
        {
            n += 1;
        }
    }
    n
}

fn is_verb(t: &Token) -> bool {
    matches!(t.upos.as_deref(), Some("VERB"))
}

/// The token index (in `doc.tokens`) of the verb a span attaches to: up the
/// dependency tree from the span's head when parsed, else the nearest verb of the
/// sentence (before it first).
fn governor(doc: &Doc, sentence: usize, start: usize, end: usize) -> Option<usize> {
    let s = doc.sentences.get(sentence)?;
    let first = s.first_token;
    let toks = doc.tokens.get(first..first + s.token_count)?;
    let inside: Vec<usize> = toks
        .iter()
        .enumerate()
        .filter(|(_, t)| t.span.start() < end && t.span.end() > start)
        .map(|(i, _)| i)
        .collect();
    let first_in = *inside.first()?;
    let parsed = toks.iter().any(|t| t.head.is_some());
    if parsed {
        // the span's head: a token whose head lies outside the span
        let mut cur = inside
            .iter()
            .copied()
            .find(|&i| toks[i].head.is_none_or(|h| !inside.contains(&h)))?;
        for _ in 0..toks.len() {
            let h = toks[cur].head?;
            if h >= toks.len() {
                return None;
            }
            cur = h;
            if is_verb(&toks[cur]) {
                return Some(first + cur);
            }
        }
        return None;
    }
    if !toks.iter().any(|t| t.upos.is_some()) {
        return None;
    }
    let before = (0..first_in).rev().find(|&i| is_verb(&toks[i]));
    let last_in = *inside.last()?;
    let after = (last_in + 1..toks.len()).find(|&i| is_verb(&toks[i]));
    before.or(after).map(|i| first + i)
}

impl Stage for TimeTagger {
    fn name(&self) -> &'static str {
        "time"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::ReferenceDate, Layer::Timexes]
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let r = reference(doc);
        let found = find(&doc.article.text, r);
        let mut out = Vec::with_capacity(found.len());
        for m in found {
            let sentence = sentence_of(doc, m.span.start());
            let governor = governor(doc, sentence, m.span.start(), m.span.end());
            out.push(Timex {
                span: m.span,
                timex_type: m.timex_type,
                value: m.value,
                modifier: m.modifier,
                anchor: m.anchor.as_string(),
                sentence,
                governor,
            });
        }
        doc.timexes = out;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_core::{Article, Caption, Sentence, Span, TimexType};

    fn article(body: &str) -> Article {
        let mut a = Article::default();
        a.set_body([(body, Span::new(0, body.len()))]);
        a
    }

    #[test]
    fn time_stage_infers_reference_from_caption_and_weekday() {
        let mut a = article(
            "Leaders of both countries agreed Friday to expand trade. They met last week too.",
        );
        a.captions.push(Caption {
            text: "The leaders shake hands in Lisbon on March 6, 2020.".into(),
            credit: None,
            input_span: Span::new(0, 0),
        });
        let mut doc = Doc::new(a);
        TimeTagger.process(&mut doc).unwrap();
        let r = doc.reference_date.as_ref().expect("a reference date");
        assert_eq!(r.value, "2020-03-06");
        assert_eq!(r.source, Provenance::Inferred);
        let ev = r.evidence.as_deref().unwrap();
        assert!(
            ev.contains("March 6, 2020") && ev.contains("agreed Friday"),
            "{ev}"
        );
        assert!(r.confidence.unwrap() > 0.8);
        let values: Vec<_> = doc.timexes.iter().map(|t| t.value.as_deref()).collect();
        assert_eq!(values, [Some("2020-03-06"), Some("2020-W09")]);
        assert_eq!(doc.timexes[1].sentence, 1);
        assert_eq!(doc.timexes[0].anchor, "reference_date");
    }

    #[test]
    fn time_stage_without_evidence_leaves_relative_values_unresolved() {
        let mut doc = Doc::new(article(
            "The ministers met Thursday and signed the 1998 accord.",
        ));
        TimeTagger.process(&mut doc).unwrap();
        assert!(doc.reference_date.is_none());
        assert_eq!(doc.timexes.len(), 2);
        assert_eq!(doc.timexes[0].timex_type, TimexType::Date);
        assert_eq!(doc.timexes[0].value, None);
        assert_eq!(doc.timexes[1].value.as_deref(), Some("1998"));
    }

    #[test]
    fn time_stage_uses_published_date_first() {
        let mut a = article("The ministers met Thursday in Rome.");
        a.published = Some(Field::new(
            "2019-06-28T10:00:00+02:00".into(),
            Provenance::Meta,
        ));
        let mut doc = Doc::new(a);
        TimeTagger.process(&mut doc).unwrap();
        let r = doc.reference_date.as_ref().unwrap();
        assert_eq!(
            (r.value.as_str(), r.source),
            ("2019-06-28", Provenance::Meta)
        );
        assert_eq!(doc.timexes[0].value.as_deref(), Some("2019-06-27"));
    }

    #[test]
    fn time_stage_governor_follows_the_parse_to_the_verb() {
        // "They met on Friday ." with met <- on Friday (obl)
        let text = "They met on Friday.";
        let mut a = article(text);
        a.published = Some(Field::new("2019-06-28".into(), Provenance::User));
        let mut doc = Doc::new(a);
        let spans = [(0, 4), (5, 8), (9, 11), (12, 18), (18, 19)];
        let heads = [Some(1), None, Some(3), Some(1), Some(1)];
        let upos = ["PRON", "VERB", "ADP", "PROPN", "PUNCT"];
        for (i, (s, e)) in spans.iter().enumerate() {
            doc.tokens.push(Token {
                span: Span::new(*s, *e),
                sentence: 0,
                upos: Some(upos[i].into()),
                lemma: None,
                head: heads[i],
                deprel: None,
            });
        }
        doc.sentences.push(Sentence {
            span: Span::new(0, text.len()),
            first_token: 0,
            token_count: 5,
        });
        TimeTagger.process(&mut doc).unwrap();
        assert_eq!(doc.timexes[0].governor, Some(1));
        // tags without a parse: the nearest verb before it
        for t in &mut doc.tokens {
            t.head = None;
        }
        TimeTagger.process(&mut doc).unwrap();
        assert_eq!(doc.timexes[0].governor, Some(1));
    }
}
