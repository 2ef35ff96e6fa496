//! Reference dates: parsing `Article.published`, and inferring a date from evidence
//! in the text when it is absent.

use crate::{find, Anchor, Date};
use dateline_core::{Article, TimexType};

/// Parses the date part of an ISO 8601 date or date-time (`2019-06-28`,
/// `2019-06-28T10:00:00+09:00`) or a compact `20190628`.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let b = s.as_bytes();
    let (y, m, d) = if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        (s.get(0..4)?, s.get(5..7)?, s.get(8..10)?)
    } else if b.len() >= 8 && b[..8].iter().all(u8::is_ascii_digit) {
        (s.get(0..4)?, s.get(4..6)?, s.get(6..8)?)
    } else {
        return None;
    };
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// A reference date inferred from the text, with the evidence and a confidence.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceEvidence {
    /// The date.
    pub date: Date,
    /// What supports it, in words (quoting the text).
    pub evidence: String,
    /// Confidence, 0..=1.
    pub confidence: f32,
}

struct Candidate {
    date: Date,
    place: &'static str,
    quote: String,
    base: f32,
}

fn full_dates(text: &str, place: &'static str, base: f32, out: &mut Vec<Candidate>) {
    for m in find(text, None) {
        if m.timex_type != TimexType::Date || m.anchor != Anchor::Absolute {
            continue;
        }
        if let Some(d) = m
            .value
            .as_deref()
            .filter(|v| v.len() == 10)
            .and_then(parse_date)
        {
            out.push(Candidate {
                date: d,
                place,
                quote: text[m.span.start()..m.span.end()].to_string(),
                base,
            });
        }
    }
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A bare weekday mention ("Friday", "on Friday") of the body, with a few words before it.
fn bare_weekdays(text: &str) -> Vec<(u8, String)> {
    let mut out = Vec::new();
    for m in find(text, None) {
        if m.timex_type == TimexType::Set {
            continue;
        }
        let s = &text[m.span.start()..m.span.end()];
        let lower = s.to_ascii_lowercase();
        let first = lower.split_whitespace().next().unwrap_or("");
        let Some(wd) = WEEKDAYS.iter().position(|w| *w == first) else {
            continue;
        };
        if matches!(m.anchor, Anchor::Absolute) && m.value.is_some() {
            continue; // "Friday, June 28, 2019" is a full date, not a bare weekday
        }
        let before = text[..m.span.start()].trim_end();
        let prev_word = before
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .trim_matches(|c: char| !c.is_alphanumeric());
        let quote = if prev_word.is_empty() {
            s.to_string()
        } else {
            format!("{prev_word} {s}")
        };
        out.push((wd as u8 + 1, quote));
    }
    out
}

fn tm_weekday(d: Date) -> u8 {
    d.weekday().to_monday_one_offset() as u8
}

/// Infers a reference date from the article's own evidence: a full date in the
/// dateline (start of the text), a caption, the byline or the title, supported by a
/// bare weekday in the body that falls on it ("agreed Friday" with a caption dated
/// Friday, June 28, 2019). A full date elsewhere in the body counts only with such
/// support. `None` when nothing supports a date.
pub fn infer_reference(article: &Article) -> Option<ReferenceEvidence> {
    let mut cands = Vec::new();
    let head_end = article
        .text
        .char_indices()
        .nth(160)
        .map_or(article.text.len(), |(i, _)| i);
    let head = &article.text[..head_end];
    full_dates(head, "dateline", 0.7, &mut cands);
    if let Some(b) = &article.byline {
        full_dates(&b.value, "byline", 0.7, &mut cands);
    }
    for c in &article.captions {
        full_dates(&c.text, "caption", 0.6, &mut cands);
    }
    if let Some(t) = &article.title {
        full_dates(&t.value, "title", 0.4, &mut cands);
    }
    let before_body = cands.len();
    full_dates(&article.text[head_end..], "body", 0.2, &mut cands);
    let _ = before_body;
    if cands.is_empty() {
        return None;
    }
    let weekdays = bare_weekdays(&article.text);
    let mut best: Option<(f32, ReferenceEvidence)> = None;
    for c in &cands {
        let wd = tm_weekday(c.date);
        let fits: Vec<&String> = weekdays
            .iter()
            .filter(|(w, _)| *w == wd)
            .map(|(_, q)| q)
            .collect();
        let mut score = c.base;
        let mut evidence = format!("{} \"{}\"", c.place, c.quote);
        if let Some(q) = fits.first() {
            score = (score + 0.3).min(0.95);
            evidence.push_str(&format!(
                "; \"{q}\" fits ({} is a {})",
                c.date,
                WEEKDAYS[wd as usize - 1]
            ));
        }
        if score < 0.4 {
            continue;
        }
        let better = match &best {
            None => true,
            Some((s, e)) => score > *s || (score == *s && c.date > e.date),
        };
        if better {
            best = Some((
                score,
                ReferenceEvidence {
                    date: c.date,
                    evidence,
                    confidence: score,
                },
            ));
        }
    }
    best.map(|(_, e)| e)
}
