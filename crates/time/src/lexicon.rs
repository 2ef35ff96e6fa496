//! The lexicons of `knowledge/time/`, loaded and validated once.

use crate::tokens::{tokenize, Tok};
use crate::TimeError;
use dateline_core::TimexType;
use std::collections::HashMap;
use std::sync::OnceLock;

const FILES: &[(&str, &str)] = &[
    (
        "months.tsv",
        include_str!("../../../knowledge/time/months.tsv"),
    ),
    (
        "weekdays.tsv",
        include_str!("../../../knowledge/time/weekdays.tsv"),
    ),
    (
        "numbers.tsv",
        include_str!("../../../knowledge/time/numbers.tsv"),
    ),
    (
        "ordinals.tsv",
        include_str!("../../../knowledge/time/ordinals.tsv"),
    ),
    (
        "units.tsv",
        include_str!("../../../knowledge/time/units.tsv"),
    ),
    (
        "seasons.tsv",
        include_str!("../../../knowledge/time/seasons.tsv"),
    ),
    (
        "dayparts.tsv",
        include_str!("../../../knowledge/time/dayparts.tsv"),
    ),
    (
        "holidays.tsv",
        include_str!("../../../knowledge/time/holidays.tsv"),
    ),
    (
        "references.tsv",
        include_str!("../../../knowledge/time/references.tsv"),
    ),
    (
        "tense.tsv",
        include_str!("../../../knowledge/time/tense.tsv"),
    ),
];

/// A calendar unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Millennium.
    Millennium,
    /// Century.
    Century,
    /// Decade.
    Decade,
    /// Year.
    Year,
    /// Quarter.
    Quarter,
    /// Month.
    Month,
    /// Fortnight.
    Fortnight,
    /// Week.
    Week,
    /// Weekend.
    Weekend,
    /// Day.
    Day,
    /// Hour.
    Hour,
    /// Minute.
    Minute,
    /// Second.
    Second,
}

impl Unit {
    fn parse(code: &str) -> Option<Unit> {
        Some(match code {
            "ML" => Unit::Millennium,
            "CE" => Unit::Century,
            "DE" => Unit::Decade,
            "Y" => Unit::Year,
            "Q" => Unit::Quarter,
            "M" => Unit::Month,
            "FN" => Unit::Fortnight,
            "W" => Unit::Week,
            "WE" => Unit::Weekend,
            "D" => Unit::Day,
            "H" => Unit::Hour,
            "MIN" => Unit::Minute,
            "S" => Unit::Second,
            _ => return None,
        })
    }

    /// Whether it is shorter than a day (durations take the `PT` form).
    pub fn is_time(self) -> bool {
        matches!(self, Unit::Hour | Unit::Minute | Unit::Second)
    }
}

/// A part of the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayPart {
    /// A TIMEX3 code: MO, AF, EV, NI.
    Code(&'static str),
    /// A clock time.
    Clock(u8, u8),
}

/// Tense of a clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Tense {
    /// Past.
    Past,
    /// Present (or unknown).
    #[default]
    Present,
    /// Future, modal or infinitive.
    Future,
}

/// How a holiday's date is found in a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HolidayRule {
    /// Fixed month and day.
    Fixed(u8, u8),
    /// N-th ISO weekday of a month (N = -1: the last).
    Nth {
        /// Month.
        month: u8,
        /// ISO weekday.
        weekday: u8,
        /// Which one.
        n: i8,
    },
    /// Days from Western Easter Sunday.
    Easter(i16),
}

/// Phrases (one or more tokens) mapped to values, matched longest first.
#[derive(Debug)]
pub(crate) struct PhraseMap<V> {
    by_first: HashMap<String, Vec<(Vec<String>, V)>>,
}

impl<V: Copy> PhraseMap<V> {
    fn new() -> Self {
        PhraseMap {
            by_first: HashMap::new(),
        }
    }

    fn insert(&mut self, phrase: &str, v: V) -> Result<(), String> {
        let lower = phrase.to_ascii_lowercase();
        let toks = tokenize(phrase, &lower);
        let words: Vec<String> = toks.iter().map(|t| t.norm.to_string()).collect();
        let Some(first) = words.first().cloned() else {
            return Err("empty phrase".into());
        };
        let list = self.by_first.entry(first).or_default();
        list.push((words[1..].to_vec(), v));
        list.sort_by_key(|(rest, _)| std::cmp::Reverse(rest.len()));
        Ok(())
    }

    /// The longest phrase starting at token `i`: its value and the index after it.
    pub fn at(&self, toks: &[Tok<'_>], i: usize) -> Option<(V, usize)> {
        let list = self.by_first.get(toks.get(i)?.norm)?;
        'outer: for (rest, v) in list {
            for (k, w) in rest.iter().enumerate() {
                match toks.get(i + 1 + k) {
                    Some(t) if t.norm == w => {}
                    _ => continue 'outer,
                }
            }
            return Some((*v, i + 1 + rest.len()));
        }
        None
    }

    /// The value of a one-word entry.
    pub fn word(&self, w: &str) -> Option<V> {
        self.by_first
            .get(w)?
            .iter()
            .find(|(rest, _)| rest.is_empty())
            .map(|(_, v)| *v)
    }
}

/// All lexicons of the recogniser.
#[derive(Debug)]
pub(crate) struct Lexicon {
    pub months: PhraseMap<u8>,
    pub weekdays: PhraseMap<u8>,
    pub numbers: PhraseMap<f64>,
    pub ordinals: PhraseMap<u8>,
    pub units: PhraseMap<Unit>,
    pub seasons: PhraseMap<&'static str>,
    pub dayparts: PhraseMap<DayPart>,
    pub holidays: PhraseMap<HolidayRule>,
    pub references: PhraseMap<(TimexType, &'static str)>,
    pub tense: HashMap<String, Tense>,
}

fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(i, line)| {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            return None;
        }
        Some((i + 1, line.split('\t').map(str::trim).collect()))
    })
}

fn leak(s: &str) -> &'static str {
    // Lexicons are built once per process (see `Lexicon::get`).
    Box::leak(s.to_string().into_boxed_str())
}

fn parse_holiday(rule: &str) -> Option<HolidayRule> {
    if let Some(off) = rule.strip_prefix("easter:") {
        return off.parse().ok().map(HolidayRule::Easter);
    }
    if let Some(rest) = rule.strip_prefix("nth:") {
        let parts: Vec<&str> = rest.split(':').collect();
        if let [m, w, n] = parts[..] {
            let month: u8 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
            let weekday: u8 = w.parse().ok().filter(|w| (1..=7).contains(w))?;
            let n: i8 = n.parse().ok().filter(|n| matches!(n, -1 | 1..=5))?;
            return Some(HolidayRule::Nth { month, weekday, n });
        }
        return None;
    }
    let (m, d) = rule.split_once('-')?;
    let m: u8 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
    let d: u8 = d.parse().ok().filter(|d| (1..=31).contains(d))?;
    Some(HolidayRule::Fixed(m, d))
}

fn parse_daypart(v: &str) -> Option<DayPart> {
    if let Some((h, m)) = v.split_once(':') {
        let h: u8 = h.parse().ok().filter(|h| *h <= 24)?;
        let m: u8 = m.parse().ok().filter(|m| *m < 60)?;
        return Some(DayPart::Clock(h, m));
    }
    matches!(v, "MO" | "AF" | "EV" | "NI" | "DT").then(|| DayPart::Code(leak(v)))
}

impl Lexicon {
    /// The built-in lexicons (parsed once per process).
    pub fn get() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| Lexicon::parse(FILES).expect("built-in knowledge/time files are valid"))
    }

    /// Parses the lexicon files, validating every line.
    pub fn parse(files: &[(&str, &str)]) -> Result<Lexicon, TimeError> {
        let mut lex = Lexicon {
            months: PhraseMap::new(),
            weekdays: PhraseMap::new(),
            numbers: PhraseMap::new(),
            ordinals: PhraseMap::new(),
            units: PhraseMap::new(),
            seasons: PhraseMap::new(),
            dayparts: PhraseMap::new(),
            holidays: PhraseMap::new(),
            references: PhraseMap::new(),
            tense: HashMap::new(),
        };
        for (file, text) in files {
            for (line, cols) in rows(text) {
                let err = |message: String| TimeError::Lexicon {
                    file: file.to_string(),
                    line,
                    message,
                };
                let want = if *file == "references.tsv" { 3 } else { 2 };
                if cols.len() != want {
                    return Err(err(format!(
                        "expected {want} tab-separated columns, found {}",
                        cols.len()
                    )));
                }
                let (w, v) = (cols[0], cols[1]);
                let bad = |what: &str| err(format!("bad {what} `{v}` for `{w}`"));
                let r = match *file {
                    "months.tsv" => {
                        let m: u8 = v
                            .parse()
                            .ok()
                            .filter(|m| (1..=12).contains(m))
                            .ok_or_else(|| bad("month"))?;
                        lex.months.insert(w, m)
                    }
                    "weekdays.tsv" => {
                        let d: u8 = v
                            .parse()
                            .ok()
                            .filter(|d| (1..=7).contains(d))
                            .ok_or_else(|| bad("weekday"))?;
                        lex.weekdays.insert(w, d)
                    }
                    "numbers.tsv" => {
                        let n: f64 = v.parse().map_err(|_| bad("number"))?;
                        lex.numbers.insert(w, n)
                    }
                    "ordinals.tsv" => {
                        let n: u8 = v.parse().map_err(|_| bad("ordinal"))?;
                        lex.ordinals.insert(w, n)
                    }
                    "units.tsv" => lex
                        .units
                        .insert(w, Unit::parse(v).ok_or_else(|| bad("unit code"))?),
                    "seasons.tsv" => {
                        if !matches!(v, "SP" | "SU" | "FA" | "WI") {
                            return Err(bad("season code"));
                        }
                        lex.seasons.insert(w, leak(v))
                    }
                    "dayparts.tsv" => lex
                        .dayparts
                        .insert(w, parse_daypart(v).ok_or_else(|| bad("part of day"))?),
                    "holidays.tsv" => lex
                        .holidays
                        .insert(w, parse_holiday(v).ok_or_else(|| bad("holiday rule"))?),
                    "references.tsv" => {
                        let ty = match v {
                            "DATE" => TimexType::Date,
                            "TIME" => TimexType::Time,
                            "DURATION" => TimexType::Duration,
                            "SET" => TimexType::Set,
                            _ => return Err(bad("TIMEX3 type")),
                        };
                        lex.references.insert(w, (ty, leak(cols[2])))
                    }
                    "tense.tsv" => {
                        let t = match v {
                            "PAST" => Tense::Past,
                            "PRESENT" => Tense::Present,
                            "FUTURE" => Tense::Future,
                            _ => return Err(bad("tense")),
                        };
                        lex.tense.insert(w.to_ascii_lowercase(), t);
                        Ok(())
                    }
                    other => return Err(err(format!("unknown lexicon file {other}"))),
                };
                r.map_err(err)?;
            }
        }
        Ok(lex)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_builtin_files_load() {
        let lex = Lexicon::get();
        assert_eq!(lex.months.word("sept"), Some(9));
        assert_eq!(lex.weekdays.word("friday"), Some(5));
        assert_eq!(lex.units.word("decades"), Some(Unit::Decade));
        assert_eq!(lex.tense.get("said"), Some(&Tense::Past));
    }

    #[test]
    fn lexicon_bad_line_names_file_and_line() {
        let err = Lexicon::parse(&[("months.tsv", "# c\njanuary\t1\nfoo\t13\n")]).unwrap_err();
        assert_eq!(err.to_string(), "months.tsv:3: bad month `13` for `foo`");
        let err = Lexicon::parse(&[("units.tsv", "year Y\n")]).unwrap_err();
        assert!(err.to_string().starts_with("units.tsv:1: expected 2"));
    }
}
