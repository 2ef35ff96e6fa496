//! dateline's time stage: a rule-based TIMEX3 recogniser and normaliser for news
//! English, reference-date inference, and the [`TimeTagger`] pipeline stage.
//!
//! [`find`] works on a plain `&str`: it recognises absolute dates ("June 28, 2019"),
//! relative ones ("last week", "earlier this week", "Friday"), durations ("35-minute"),
//! sets ("every Sunday"), quarters, seasons, holidays and clock times, and resolves
//! them against a reference date with `jiff`. Without a reference date, relative
//! expressions keep their type and span but get no value. The rules are documented
//! in `docs/TIME.md`.
//!
//! ```
//! use dateline_time::{find, Date};
//! let text = "Abe and Trump agreed Friday to meet again in July.";
//! let found = find(text, Some(Date::new(2019, 6, 28).unwrap()));
//! let values: Vec<_> = found.iter().map(|m| m.value.as_deref().unwrap()).collect();
//! assert_eq!(values, ["2019-06-28", "2019-07"]);
//! assert_eq!(&text[found[0].span.start()..found[0].span.end()], "Friday");
//! ```

mod error;
pub mod eval;
mod grammar;
mod lexicon;
mod reference;
mod resolve;
mod stage;
mod tokens;

pub use error::TimeError;
pub use jiff::civil::Date;
pub use lexicon::Tense;
pub use reference::{infer_reference, parse_date, ReferenceEvidence};
pub use stage::TimeTagger;

use dateline_core::{Span, TimexType};
use grammar::{Parser, Sem};
use lexicon::Lexicon;
use resolve::{clause_tense, resolve, week_of_value, Used};

/// What a value was resolved against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// Nothing: the expression is complete ("June 28, 2019", "five years").
    Absolute,
    /// The reference date ("Friday", "last week").
    ReferenceDate,
    /// An earlier expression of the text (index into the returned matches), as for
    /// "a year earlier".
    Timex(usize),
}

impl Anchor {
    /// The form stored in `Timex.anchor`: `absolute`, `reference_date`, `timex:N`.
    pub fn as_string(self) -> String {
        match self {
            Anchor::Absolute => "absolute".into(),
            Anchor::ReferenceDate => "reference_date".into(),
            Anchor::Timex(i) => format!("timex:{i}"),
        }
    }
}

/// A time expression found in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct TimexMatch {
    /// Byte range in the text.
    pub span: Span,
    /// TIMEX3 type.
    pub timex_type: TimexType,
    /// TIMEX3 value; `None` when it needs a reference date and none was given.
    pub value: Option<String>,
    /// TIMEX3 `mod` (`START`, `MID`, `END`, `APPROX`, `LESS_THAN`, `MORE_THAN`).
    pub modifier: Option<String>,
    /// What the value was resolved against.
    pub anchor: Anchor,
    /// The tense of the clause, as used to resolve it.
    pub tense: Tense,
}

/// Finds and normalises the time expressions of `text`, resolving relative ones
/// against `reference` (the article's reference date).
pub fn find(text: &str, reference: Option<Date>) -> Vec<TimexMatch> {
    let lex = Lexicon::get();
    let lower = text.to_ascii_lowercase();
    let toks = tokens::tokenize(text, &lower);
    let parser = Parser { toks: &toks, lex };
    let mut out: Vec<TimexMatch> = Vec::new();
    let mut previous: Option<(String, usize)> = None;
    let mut i = 0;
    while i < toks.len() {
        let Some(c) = parser.at(i) else {
            i += 1;
            continue;
        };
        let needs_tense = matches!(
            c.sem,
            Sem::Date { .. }
                | Sem::Weekday { .. }
                | Sem::Season { .. }
                | Sem::Holiday { .. }
                | Sem::Quarter { .. }
                | Sem::Half { .. }
        );
        let tense = if needs_tense {
            clause_tense(lex, &toks, c.start, c.end)
        } else {
            Tense::Present
        };
        let (value, used) = resolve(
            &c.sem,
            c.time,
            reference,
            tense,
            previous.as_ref().map(|p| p.0.as_str()),
        );
        let value = if c.week_of {
            value.map(week_of_value)
        } else {
            value
        };
        let anchor = match used {
            Used::Nothing => Anchor::Absolute,
            Used::Reference => Anchor::ReferenceDate,
            Used::Previous => Anchor::Timex(previous.as_ref().map_or(0, |p| p.1)),
        };
        let modifier = c.modifier.or_else(|| {
            approx_modifier(&toks, c.start, c.ttype).filter(|_| toks[c.start].norm != "the")
        });
        if c.ttype == TimexType::Date && !matches!(c.sem, Sem::YearEarlier | Sem::Anaphor { .. }) {
            if let Some(v) = &value {
                if v.as_bytes().first().is_some_and(u8::is_ascii_digit) && v.len() >= 4 {
                    previous = Some((v.clone(), out.len()));
                }
            }
        }
        out.push(TimexMatch {
            span: Span::new(toks[c.start].start, toks[c.end - 1].end),
            timex_type: c.ttype,
            value,
            modifier: modifier.map(str::to_string),
            anchor,
            tense,
        });
        i = c.end;
    }
    out
}

/// "about five years", "more than two decades": the modifier, outside the extent.
fn approx_modifier(toks: &[tokens::Tok<'_>], start: usize, ty: TimexType) -> Option<&'static str> {
    if start == 0 {
        return None;
    }
    let p = toks[start - 1].norm;
    let pp = if start >= 2 { toks[start - 2].norm } else { "" };
    let m = match (pp, p) {
        ("more" | "greater", "than") => "MORE_THAN",
        ("less" | "fewer", "than") => "LESS_THAN",
        ("at", "least") => "EQUAL_OR_MORE",
        ("up", "to") if ty == TimexType::Duration => "EQUAL_OR_LESS",
        (_, "nearly" | "almost") => "LESS_THAN",
        (_, "about" | "around" | "approximately" | "roughly" | "some") => "APPROX",
        (_, "over") if ty == TimexType::Duration => "MORE_THAN",
        _ => return None,
    };
    Some(m)
}
