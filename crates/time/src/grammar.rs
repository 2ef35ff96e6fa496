//! Recognition: token patterns → candidate time expressions with their meaning
//! ([`Sem`]), before any calendar arithmetic. See `docs/TIME.md` for the rules.

use crate::lexicon::{DayPart, HolidayRule, Lexicon, Unit};
use crate::tokens::{Kind, Tok};
use dateline_core::TimexType;

/// How the year of a partial date is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum YearSpec {
    /// Written out.
    Abs(i32),
    /// The reference year plus an offset ("last year" → -1).
    Rel(i32),
    /// By the tense of the clause (past: the latest not after the reference date).
    Tense,
    /// "last April": the latest occurrence before the reference date's month (or day).
    Last,
    /// "next April": the first occurrence after it.
    Next,
}

/// Which occurrence of a weekday.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shift {
    /// By the tense of the clause.
    Tense,
    /// "last Friday": the latest before the reference date.
    Last,
    /// "next Friday": the first after it.
    Next,
    /// "this Friday": in the reference date's week.
    This,
}

/// What an expression means, before resolution against a reference date.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Sem {
    /// A complete value ("2019-06-28", "1990", "199", "PRESENT_REF", "P2D", "XXXX-WXX-7").
    Abs(String),
    /// A month (and day) whose year follows `year`.
    Date {
        year: YearSpec,
        month: u8,
        day: Option<u8>,
        /// The weekday written with it ("Monday, Oct. 26"), which picks the year.
        weekday: Option<u8>,
    },
    /// A weekday.
    Weekday { weekday: u8, shift: Shift },
    /// The reference date's unit moved by `offset` units ("last week", "two days ago").
    Rel { unit: Unit, offset: i32 },
    /// A quarter.
    Quarter { q: u8, year: YearSpec },
    /// A half year.
    Half { h: u8, year: YearSpec },
    /// A season; `shift` -1 for "last summer", 1 for "next summer".
    Season {
        code: &'static str,
        year: YearSpec,
        shift: i32,
    },
    /// The last completed quarter ("the quarter", "the latest quarter").
    LastQuarter,
    /// "the weekend": the coming one from Friday on, else the one before.
    TheWeekend,
    /// The previous date expression's period one year earlier ("a year earlier").
    YearEarlier,
    /// The previous date expression's `unit` moved by `offset` ("that year", "the
    /// following day", "the next morning").
    Anaphor { unit: Unit, offset: i32 },
    /// A holiday.
    Holiday { rule: HolidayRule, year: YearSpec },
}

/// A recognised expression over tokens `start..end`.
#[derive(Clone, Debug)]
pub(crate) struct Cand {
    pub start: usize,
    pub end: usize,
    pub sem: Sem,
    pub ttype: TimexType,
    pub time: Option<DayPart>,
    pub modifier: Option<&'static str>,
    /// "the week of March 6": the value is the week holding the date.
    pub week_of: bool,
}

impl Cand {
    fn new(start: usize, end: usize, ttype: TimexType, sem: Sem) -> Cand {
        Cand {
            start,
            end,
            sem,
            ttype,
            time: None,
            modifier: None,
            week_of: false,
        }
    }
}

pub(crate) struct Parser<'t, 'a> {
    pub toks: &'t [Tok<'a>],
    pub lex: &'static Lexicon,
}

const UNIT_WORDS_RELATIVE: &[Unit] = &[
    Unit::Week,
    Unit::Weekend,
    Unit::Month,
    Unit::Year,
    Unit::Quarter,
    Unit::Decade,
    Unit::Century,
];

fn unit_code(u: Unit) -> &'static str {
    match u {
        Unit::Millennium => "ML",
        Unit::Century => "CE",
        Unit::Decade => "DE",
        Unit::Year => "Y",
        Unit::Quarter => "Q",
        Unit::Month => "M",
        Unit::Fortnight => "W",
        Unit::Week => "W",
        Unit::Weekend => "WE",
        Unit::Day => "D",
        Unit::Hour => "H",
        Unit::Minute => "M",
        Unit::Second => "S",
    }
}

fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.2}");
        s.trim_end_matches('0').to_string()
    }
}

/// The TIMEX3 duration value of `n` units (`None`: an unspecified number, `X`).
pub(crate) fn duration_value(n: Option<f64>, unit: Unit) -> String {
    let (n, unit) = match (n, unit) {
        (Some(n), Unit::Decade) => (Some(n * 10.0), Unit::Year),
        (Some(n), Unit::Century) => (Some(n * 100.0), Unit::Year),
        (Some(n), Unit::Millennium) => (Some(n * 1000.0), Unit::Year),
        (Some(n), Unit::Fortnight) => (Some(n * 2.0), Unit::Week),
        (Some(n), Unit::Weekend) => (Some(n * 2.0), Unit::Day),
        (n, u) => (n, u),
    };
    let num = n.map_or_else(|| "X".to_string(), fmt_num);
    // Fractions: 1.5 hours -> PT1H30M, 2.5 years -> P2Y6M.
    if let Some(n) = n {
        if n.fract() != 0.0 {
            let whole = n.trunc() as i64;
            let (sub, sub_code, per) = match unit {
                Unit::Year => ("", "M", 12.0),
                Unit::Month => ("", "D", 30.0),
                Unit::Day => ("T", "H", 24.0),
                Unit::Hour => ("", "M", 60.0),
                Unit::Minute => ("", "S", 60.0),
                _ => ("", "", 0.0),
            };
            if per > 0.0 {
                let rest = (n.fract() * per).round() as i64;
                let t = if unit.is_time() { "T" } else { "" };
                let head = if whole > 0 {
                    format!("{whole}{}", unit_code(unit))
                } else {
                    String::new()
                };
                return format!("P{t}{head}{sub}{rest}{sub_code}");
            }
        }
    }
    if unit.is_time() {
        format!("PT{num}{}", unit_code(unit))
    } else {
        format!("P{num}{}", unit_code(unit))
    }
}

const MONTH_CUES: &[&str] = &[
    "in",
    "since",
    "until",
    "till",
    "by",
    "through",
    "from",
    "last",
    "next",
    "this",
    "early",
    "late",
    "mid",
    "during",
    "before",
    "after",
    "of",
    "end",
    "to",
    "between",
    "and",
    "or",
    "on",
    "throughout",
    "beginning",
    "start",
    "middle",
    "for",
    "every",
    "each",
    "that",
    "-",
];

const TIMEZONES: &[&str] = &[
    "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "gmt", "utc", "bst", "cet", "cest",
    "jst", "ist", "et", "pt",
];

impl<'t, 'a> Parser<'t, 'a> {
    #[inline]
    fn tok(&self, i: usize) -> Option<&Tok<'a>> {
        self.toks.get(i)
    }

    #[inline]
    fn is(&self, i: usize, w: &str) -> bool {
        self.toks.get(i).is_some_and(|t| t.norm == w)
    }

    fn is_any(&self, i: usize, ws: &[&str]) -> bool {
        self.toks.get(i).is_some_and(|t| ws.contains(&t.norm))
    }

    /// Token `i` is `w` and follows token `i-1` with no space.
    fn glued(&self, i: usize, w: &str) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.norm == w && !t.space_before)
    }

    /// Skips an optional "." glued to the previous token.
    fn dot(&self, i: usize) -> usize {
        if self.glued(i, ".") {
            i + 1
        } else {
            i
        }
    }

    /// A month name at `i`: (month, next, abbreviated or ambiguous).
    fn month(&self, i: usize) -> Option<(u8, usize, bool)> {
        let t = self.tok(i)?;
        if t.kind != Kind::Alpha {
            return None;
        }
        let (m, j) = self.lex.months.at(self.toks, i)?;
        let abbrev = j == i + 1 && t.norm.len() <= 4 && !matches!(t.norm, "may" | "june" | "july");
        let weak = abbrev || t.norm == "may" || t.norm == "march";
        let j2 = if abbrev { self.dot(j) } else { j };
        // "May" and "March" are also words; abbreviations need a capital.
        if weak && !t.cap {
            return None;
        }
        Some((m, j2, weak))
    }

    fn weekday(&self, i: usize) -> Option<(u8, usize)> {
        let t = self.tok(i)?;
        let (d, j) = self.lex.weekdays.at(self.toks, i)?;
        if t.norm.len() <= 5 && !t.norm.ends_with("day") {
            // Abbreviations ("Fri.", "Sat") only capitalised, before a date (the caller
            // checks), followed by "." or ",".
            if !t.cap || !self.is_any(j, &[".", ","]) {
                return None;
            }
            return Some((d, self.dot(j)));
        }
        Some((d, j))
    }

    /// A day of the month: "28", "28th", "the 28th", "twenty-eighth".
    fn day(&self, i: usize) -> Option<(u8, usize)> {
        let t = self.tok(i)?;
        if let Some(n) = t.digits() {
            if !(1..=31).contains(&n) || t.norm.len() > 2 {
                return None;
            }
            let mut j = i + 1;
            if self
                .tok(j)
                .is_some_and(|s| !s.space_before && matches!(s.norm, "st" | "nd" | "rd" | "th"))
            {
                j += 1;
            }
            // Not "28.5", "28:00", "28,000", "28-year".
            if let Some(n2) = self.tok(j) {
                if !n2.space_before
                    && matches!(n2.norm, ":" | "." | ",")
                    && self
                        .tok(j + 1)
                        .is_some_and(|x| x.kind == Kind::Digit && !x.space_before)
                {
                    return None;
                }
                if !n2.space_before && n2.norm == "%" {
                    return None;
                }
            }
            return Some((n as u8, j));
        }
        let (n, j) = self.ordinal_word(i)?;
        (1..=31).contains(&n).then_some((n, j))
    }

    fn ordinal_word(&self, i: usize) -> Option<(u8, usize)> {
        // "twenty-first" is one lexicon phrase (tokens twenty, -, first).
        self.lex.ordinals.at(self.toks, i)
    }

    /// An ordinal: "third", "3rd".
    fn ordinal(&self, i: usize) -> Option<(u8, usize)> {
        let t = self.tok(i)?;
        if let Some(n) = t.digits() {
            let s = self.tok(i + 1)?;
            if !s.space_before && matches!(s.norm, "st" | "nd" | "rd" | "th") && n < 100 {
                return Some((n as u8, i + 2));
            }
            return None;
        }
        self.ordinal_word(i)
    }

    /// A four-digit year 1000–2199 (or a two-digit year after an apostrophe).
    fn year(&self, i: usize) -> Option<(i32, usize)> {
        let t = self.tok(i)?;
        if t.kind == Kind::Digit && t.norm.len() == 4 {
            let y: i32 = t.norm.parse().ok()?;
            if (1000..=2199).contains(&y) {
                // Not "1,990" or "2019.5" or "$2019".
                if let Some(n) = self.tok(i + 1) {
                    if !n.space_before
                        && matches!(n.norm, "," | "." | ":")
                        && self
                            .tok(i + 2)
                            .is_some_and(|x| x.kind == Kind::Digit && !x.space_before)
                    {
                        return None;
                    }
                }
                if i > 0 {
                    let p = &self.toks[i - 1];
                    if !t.space_before && matches!(p.norm, "$" | "," | "." | "£" | "€") {
                        return None;
                    }
                }
                return Some((y, i + 1));
            }
            return None;
        }
        // spoken years: "January nineteen ninety-seven", "the winter of nineteen
        // ninety-four"
        if matches!(t.norm, "nineteen" | "eighteen") {
            let c = self.spelled_year(i)?;
            if let Sem::Abs(v) = &c.sem {
                return Some((v.parse().ok()?, c.end));
            }
            return None;
        }
        if t.norm == "'" {
            let n = self.tok(i + 1)?;
            if n.kind == Kind::Digit && n.norm.len() == 2 && !n.space_before {
                let y: i32 = n.norm.parse().ok()?;
                return Some((two_digit_year(y), i + 2));
            }
        }
        None
    }

    /// A cardinal number: digits ("35", "1.5", "5 1/2"), words ("twenty-four",
    /// "two and a half"), "a"/"an". Returns (value, next, is_article).
    pub fn number(&self, i: usize) -> Option<(f64, usize, bool)> {
        let t = self.tok(i)?;
        if t.kind == Kind::Digit {
            if t.norm.len() > 7 {
                return None;
            }
            let mut v: f64 = t.norm.parse().ok()?;
            let mut j = i + 1;
            // 1,000 / 1.5
            while self.glued(j, ",")
                && self
                    .tok(j + 1)
                    .is_some_and(|x| x.kind == Kind::Digit && x.norm.len() == 3 && !x.space_before)
            {
                v = v * 1000.0 + self.toks[j + 1].norm.parse::<f64>().ok()?;
                j += 2;
            }
            if self.glued(j, ".")
                && self
                    .tok(j + 1)
                    .is_some_and(|x| x.kind == Kind::Digit && !x.space_before)
            {
                let frac: f64 = format!("0.{}", self.toks[j + 1].norm).parse().ok()?;
                v += frac;
                j += 2;
            }
            // 5 1/2
            if self
                .tok(j)
                .is_some_and(|x| x.kind == Kind::Digit && x.space_before)
                && self.glued(j + 1, "/")
                && self
                    .tok(j + 2)
                    .is_some_and(|x| x.kind == Kind::Digit && !x.space_before)
            {
                let a: f64 = self.toks[j].norm.parse().ok()?;
                let b: f64 = self.toks[j + 2].norm.parse().ok()?;
                if b > a && b > 0.0 {
                    v += a / b;
                    j += 3;
                }
            }
            return Some((v, j, false));
        }
        // "a couple of": two
        if t.norm == "a" && self.is(i + 1, "couple") && self.is(i + 2, "of") {
            return Some((2.0, i + 3, false));
        }
        let (mut v, mut j) = self.lex.numbers.at(self.toks, i)?;
        let article = matches!(t.norm, "a" | "an");
        // twenty-four / twenty four
        if (20.0..100.0).contains(&v) && v % 10.0 == 0.0 {
            let k = if self.is(j, "-") { j + 1 } else { j };
            if let Some((u, k2)) = self.lex.numbers.at(self.toks, k) {
                if (1.0..10.0).contains(&u) && !matches!(self.toks[k].norm, "a" | "an") {
                    v += u;
                    j = k2;
                }
            }
        }
        // two hundred / three thousand
        if self.is(j, "hundred") && !article {
            v *= 100.0;
            j += 1;
        } else if self.is(j, "thousand") {
            v *= 1000.0;
            j += 1;
        }
        // "two and a half"
        if self.is(j, "and") && self.is_any(j + 1, &["a", "one"]) && self.is(j + 2, "half") {
            v += 0.5;
            j += 3;
        }
        Some((v, j, article))
    }

    /// A calendar unit word at `i`.
    fn unit(&self, i: usize) -> Option<(Unit, usize, bool)> {
        let t = self.tok(i)?;
        let (u, j) = self.lex.units.at(self.toks, i)?;
        let plural = t.norm.ends_with('s') || t.norm.ends_with("ia");
        Some((u, j, plural))
    }

    /// "last year", "this year", "next year" after a month: the year spec and the end.
    fn year_phrase(&self, i: usize) -> Option<(YearSpec, usize)> {
        let off = match self.tok(i)?.norm {
            "last" | "previous" => -1,
            "this" => 0,
            "next" => 1,
            _ => return None,
        };
        self.is(i + 1, "year")
            .then_some((YearSpec::Rel(off), i + 2))
    }

    /// Tries every rule at token `i`; returns the longest candidate.
    pub fn at(&self, i: usize) -> Option<Cand> {
        let t = self.tok(i)?;
        match t.kind {
            Kind::Punct if t.norm != "'" => return None,
            // a fast exit: most words cannot start a time expression
            Kind::Alpha if !self.lex.triggers.contains(t.norm) => return None,
            _ => {}
        }
        let mut best: Option<Cand> = None;
        let mut offer = |c: Option<Cand>| {
            if let Some(c) = c {
                if best.as_ref().is_none_or(|b| c.end > b.end) {
                    best = Some(c);
                }
            }
        };
        offer(self.modified(i));
        offer(self.core(i));
        best
    }

    /// Rules that may follow a START/MID/END modifier, plus all others.
    fn core(&self, i: usize) -> Option<Cand> {
        let mut best: Option<Cand> = None;
        let mut offer = |c: Option<Cand>| {
            if let Some(c) = c {
                if best.as_ref().is_none_or(|b| c.end > b.end) {
                    best = Some(c);
                }
            }
        };
        offer(self.explicit_date(i));
        offer(self.last_next_month(i));
        offer(self.definite_period(i));
        offer(self.year_end(i));
        offer(self.week_of(i));
        offer(self.anaphor(i));
        offer(self.spelled_year(i));
        offer(self.numeric_date(i));
        offer(self.weekday_expr(i));
        offer(self.year_expr(i));
        offer(self.deictic(i));
        offer(self.relative_unit(i));
        offer(self.quarter(i));
        offer(self.season(i));
        offer(self.holiday(i));
        offer(self.clock(i));
        offer(self.duration(i));
        offer(self.set(i));
        offer(self.reference(i));
        let c = best?;
        Some(self.with_trailing_time(c))
    }

    /// "early", "late", "mid-", "the end of", "the beginning of", "the middle of"
    /// before a date.
    fn modified(&self, i: usize) -> Option<Cand> {
        let hyphen = |j: usize| if self.glued(j, "-") { j + 1 } else { j };
        let (m, j) = if self.is_any(i, &["early", "earlier"]) {
            ("START", hyphen(i + 1))
        } else if self.is_any(i, &["late", "later"]) {
            ("END", hyphen(i + 1))
        } else if self.is(i, "mid") {
            ("MID", if self.is(i + 1, "-") { i + 2 } else { i + 1 })
        } else {
            let k = if self.is(i, "the") { i + 1 } else { i };
            let m = if self.is_any(k, &["end", "close"]) {
                "END"
            } else if self.is_any(k, &["beginning", "start"]) {
                "START"
            } else if self.is(k, "middle") {
                "MID"
            } else {
                return None;
            };
            if !self.is(k + 1, "of") {
                return None;
            }
            (m, k + 2)
        };
        let mut c = self.core(j)?;
        if !matches!(c.ttype, TimexType::Date | TimexType::Time) {
            return None;
        }
        let earlier_later = self.is_any(i, &["earlier", "later"]);
        match c.sem {
            Sem::Abs(ref v) if v.ends_with("_REF") => return None,
            // "earlier this week" is this week, without a modifier (TimeML practice).
            Sem::Rel { .. } | Sem::Weekday { .. } if earlier_later => {}
            _ if earlier_later => return None,
            _ => c.modifier = Some(m),
        }
        c.start = i;
        Some(c)
    }

    /// After a date: "Friday morning", "Thursday night", "Friday at 10 a.m.".
    fn with_trailing_time(&self, mut c: Cand) -> Cand {
        if c.time.is_some()
            || !matches!(
                c.sem,
                Sem::Weekday { .. }
                    | Sem::Date { day: Some(_), .. }
                    | Sem::Rel {
                        unit: Unit::Day,
                        ..
                    }
            )
        {
            if let Sem::Abs(ref v) = c.sem {
                if v.len() != 10 {
                    return c;
                }
            } else {
                return c;
            }
        }
        if let Some((DayPart::Code(p), j)) = self.lex.dayparts.at(self.toks, c.end) {
            if !self.is(c.end, "overnight") {
                c.time = Some(DayPart::Code(p));
                c.ttype = TimexType::Time;
                c.end = j;
            }
        }
        c
    }

    /// Month-name dates: "June 28, 2019", "June 28", "28 June 2019", "the 28th of June",
    /// "June 2019", "Friday, June 28", and a bare month ("in July").
    fn explicit_date(&self, i: usize) -> Option<Cand> {
        let mut s = i;
        let mut wd = None;
        // optional weekday prefix
        if let Some((w, j)) = self.weekday(i) {
            let j = if self.is(j, ",") { j + 1 } else { j };
            if self.month(j).is_some() || self.day(j).is_some() {
                s = j;
                wd = Some(w);
            }
        }
        let weekday_prefixed = s != i;
        let date = |s: usize, e: usize, y: YearSpec, m: u8, d: Option<u8>| {
            let mut c = date(s, e, y, m, d);
            if let Sem::Date {
                ref mut weekday, ..
            } = c.sem
            {
                *weekday = wd;
            }
            c
        };
        // Month Day [, Year]
        if let Some((m, j, weak)) = self.month(s) {
            if let Some((d, k)) = self.day(j) {
                // Not "May 2 percent"; a digit day must not be followed by a unit.
                if self.unit(k).is_some() && !self.is(k, "sec") {
                    return None;
                }
                let k2 = if self.is(k, ",") { k + 1 } else { k };
                if let Some((y, k3)) = self.year(k2) {
                    return Some(date(i, k3, YearSpec::Abs(y), m, Some(d)));
                }
                if let Some((y, k3)) = self.year_phrase(k) {
                    return Some(date(i, k3, y, m, Some(d)));
                }
                return Some(date(i, k, YearSpec::Tense, m, Some(d)));
            }
            let j2 = if self.is_any(j, &[",", "of"]) {
                j + 1
            } else {
                j
            };
            if let Some((y, k)) = self.year(j2) {
                return Some(date(i, k, YearSpec::Abs(y), m, None));
            }
            if weekday_prefixed {
                return None;
            }
            // "June last year", "January this year"
            if let Some((y, k)) = self.year_phrase(j) {
                return Some(date(i, k, y, m, None));
            }
            // Bare month: needs a cue for "May" and "March"; abbreviations need a day
            // or a year.
            let cue = i > 0 && self.is_any(i - 1, MONTH_CUES);
            let t = &self.toks[i];
            if (weak && !cue)
                || !t.cap
                || (t.norm.len() <= 4 && !matches!(t.norm, "may" | "june" | "july"))
            {
                return None;
            }
            // Not a name ("April Smith"): next word capitalised and not a date word.
            if let Some(n) = self.tok(j) {
                if n.cap && n.kind == Kind::Alpha && n.space_before && !cue {
                    return None;
                }
            }
            return Some(date(i, j, YearSpec::Tense, m, None));
        }
        // [the] Day [of] Month [Year]
        let s2 = if self.is(s, "the") { s + 1 } else { s };
        if let Some((d, j)) = self.day(s2) {
            let j2 = if self.is(j, "of") { j + 1 } else { j };
            if let Some((m, k, weak)) = self.month(j2) {
                if weak
                    && self.toks[j2].norm == "may"
                    && self.tok(k).is_some_and(|x| x.kind == Kind::Alpha && !x.cap)
                {
                    return None;
                }
                let k2 = if self.is(k, ",") { k + 1 } else { k };
                if let Some((y, k3)) = self.year(k2) {
                    return Some(date(i, k3, YearSpec::Abs(y), m, Some(d)));
                }
                return Some(date(i, k, YearSpec::Tense, m, Some(d)));
            }
        }
        None
    }

    /// "the year", "the fiscal year", "the full year", "the week", "the latest period":
    /// after "during", "over", "through", "throughout" a duration, else the reference
    /// date's year or week ("sales for the year": the current one; the latest period:
    /// the last completed quarter). A fiscal year named by its end ("the year ended
    /// March 31", "the fiscal year ending June 30") is a one-year duration.
    fn definite_period(&self, i: usize) -> Option<Cand> {
        if !self.is(i, "the") {
            return None;
        }
        let mut j = i + 1;
        if self.is_any(j, &["fiscal", "full", "calendar"]) {
            j += 1;
        }
        if self.is_any(j, &["latest", "recent"]) && self.is(j + 1, "period") {
            return Some(Cand::new(i, j + 2, TimexType::Date, Sem::LastQuarter));
        }
        let unit = match self.tok(j)?.norm {
            "year" => Unit::Year,
            "week" => Unit::Week,
            _ => return None,
        };
        if unit == Unit::Year && self.is_any(j + 1, &["ended", "ending"]) {
            return Some(Cand::new(
                i,
                j + 1,
                TimexType::Duration,
                Sem::Abs(duration_value(Some(1.0), unit)),
            ));
        }
        // not "the year-earlier", "the year 2000", "the week of"
        if self.is_any(
            j + 1,
            &[
                "-", "of", "'", "ended", "ending", "before", "after", "earlier", "ago",
            ],
        ) || self.tok(j + 1).is_some_and(|t| t.kind == Kind::Digit)
        {
            return None;
        }
        if i > 0 && self.is_any(i - 1, &["during", "over", "through", "throughout"]) {
            return Some(Cand::new(
                i,
                j + 1,
                TimexType::Duration,
                Sem::Abs(duration_value(Some(1.0), unit)),
            ));
        }
        Some(Cand::new(
            i,
            j + 1,
            TimexType::Date,
            Sem::Rel { unit, offset: 0 },
        ))
    }

    /// "the week of March 6": the week holding a month-day date.
    fn week_of(&self, i: usize) -> Option<Cand> {
        if !(self.is(i, "the") && self.is(i + 1, "week") && self.is(i + 2, "of")) {
            return None;
        }
        let mut c = self.explicit_date(i + 3)?;
        if !matches!(c.sem, Sem::Date { day: Some(_), .. }) {
            return None;
        }
        c.start = i;
        c.week_of = true;
        Some(c)
    }

    /// "year-end", "year end", "year's end": the end of the reference date's year.
    fn year_end(&self, i: usize) -> Option<Cand> {
        if !self.is(i, "year") {
            return None;
        }
        let j = if self.glued(i + 1, "-") {
            i + 2
        } else if self.is(i + 1, "'") && self.is(i + 2, "s") {
            i + 3
        } else {
            i + 1
        };
        if !self.is(j, "end") || self.glued(j + 1, "-") {
            return None;
        }
        let mut c = Cand::new(
            i,
            j + 1,
            TimexType::Date,
            Sem::Rel {
                unit: Unit::Year,
                offset: 0,
            },
        );
        c.modifier = Some("END");
        Some(c)
    }

    /// "that year", "that day", "the same day", "the following year", "the next day",
    /// "the previous month", "the day before": resolved against the previous date
    /// expression of the text.
    fn anaphor(&self, i: usize) -> Option<Cand> {
        let (offset, j) = match self.tok(i)?.norm {
            "that" => (0, i + 1),
            "the" => match self.tok(i + 1)?.norm {
                "same" => (0, i + 2),
                "following" | "next" => (1, i + 2),
                "previous" | "preceding" | "prior" => (-1, i + 2),
                _ => return None,
            },
            _ => return None,
        };
        let (unit, k) = match self.tok(j)?.norm {
            "day" => (Unit::Day, j + 1),
            "week" => (Unit::Week, j + 1),
            "month" => (Unit::Month, j + 1),
            "year" => (Unit::Year, j + 1),
            "quarter" => (Unit::Quarter, j + 1),
            "morning" | "afternoon" | "evening" | "night"
                if offset != 0 || self.is(i + 1, "same") =>
            {
                (Unit::Day, j)
            }
            _ => return None,
        };
        if self.is_any(k, &["-", "of", "'"]) {
            return None;
        }
        let mut c = Cand::new(i, k, TimexType::Date, Sem::Anaphor { unit, offset });
        if k == j {
            if let Some((p, e)) = self.lex.dayparts.at(self.toks, j) {
                c.time = Some(p);
                c.ttype = TimexType::Time;
                c.end = e;
            }
        }
        Some(c)
    }

    /// Years in words: "nineteen ninety-six", "nineteen hundred", "the year two thousand",
    /// "the nineties".
    fn spelled_year(&self, i: usize) -> Option<Cand> {
        let (s, the) = if self.is(i, "the") {
            (i + 1, true)
        } else {
            (i, false)
        };
        if the && self.is(s, "year") {
            // the year two thousand
            if self.is(s + 1, "two") && self.is(s + 2, "thousand") {
                let mut e = s + 3;
                let mut y = 2000;
                if self.is(e, "and") {
                    e += 1;
                }
                if let Some((n, e2, false)) = self
                    .number(e)
                    .filter(|_| e > s + 3 || self.tok(e).is_some_and(|t| t.kind == Kind::Alpha))
                {
                    if n < 100.0 && n.fract() == 0.0 {
                        y += n as i32;
                        e = e2;
                    }
                }
                return Some(Cand::new(
                    i,
                    e,
                    TimexType::Date,
                    Sem::Abs(format!("{y:04}")),
                ));
            }
            return None;
        }
        if the {
            // the nineties / the eighties
            let dec = match self.tok(s)?.norm {
                "twenties" => 2,
                "thirties" => 3,
                "forties" => 4,
                "fifties" => 5,
                "sixties" => 6,
                "seventies" => 7,
                "eighties" => 8,
                "nineties" => 9,
                _ => return None,
            };
            return Some(Cand::new(
                i,
                s + 1,
                TimexType::Date,
                Sem::Abs(format!("19{dec}")),
            ));
        }
        let century = match self.tok(i)?.norm {
            "nineteen" => 19,
            "eighteen" => 18,
            "twenty"
                if self.is(i + 1, "ten")
                    || self.is(i + 1, "eleven")
                    || self.is(i + 1, "twelve") =>
            {
                20
            }
            _ => return None,
        };
        let (n, e, _) = self.number(i + 1)?;
        if self.toks[i + 1].kind != Kind::Alpha || n.fract() != 0.0 || !(10.0..100.0).contains(&n) {
            return None;
        }
        Some(Cand::new(
            i,
            e,
            TimexType::Date,
            Sem::Abs(format!("{:04}", century * 100 + n as i32)),
        ))
    }

    /// "last April", "next March", "this June", "last Oct. 23".
    fn last_next_month(&self, i: usize) -> Option<Cand> {
        let spec = match self.tok(i)?.norm {
            "last" | "past" => YearSpec::Last,
            "next" | "coming" => YearSpec::Next,
            "this" => YearSpec::Rel(0),
            _ => return None,
        };
        let t = self.tok(i + 1)?;
        if !t.cap {
            return None;
        }
        let mut c = self.explicit_date(i + 1)?;
        match c.sem {
            Sem::Date {
                ref mut year,
                day: None,
                ..
            } if *year == YearSpec::Tense => *year = spec,
            Sem::Date { ref mut year, .. }
                if *year == YearSpec::Tense && spec != YearSpec::Rel(0) =>
            {
                // "last Oct. 23": the extent stays the date (TimeML practice)
                *year = spec;
                return Some(c);
            }
            _ => return None,
        }
        c.start = i;
        Some(c)
    }

    /// "2019-06-28", "2019-06", "6/28/2019", "28.06.2019".
    fn numeric_date(&self, i: usize) -> Option<Cand> {
        let t = self.tok(i)?;
        if t.kind != Kind::Digit {
            return None;
        }
        let num = |k: usize, len: std::ops::RangeInclusive<usize>| -> Option<u32> {
            let x = self.tok(k)?;
            (x.kind == Kind::Digit && !x.space_before && len.contains(&x.norm.len()))
                .then(|| x.norm.parse().ok())
                .flatten()
        };
        if t.norm.len() == 4 {
            let y: i32 = t.norm.parse().ok()?;
            if !(1000..=2199).contains(&y) {
                return None;
            }
            let sep = self.tok(i + 1)?;
            if sep.space_before || !matches!(sep.norm, "-" | "/" | ".") {
                return None;
            }
            let m = num(i + 2, 2..=2)?;
            if !(1..=12).contains(&m) {
                return None;
            }
            if self.glued(i + 3, sep.norm) {
                if let Some(d) = num(i + 4, 2..=2) {
                    if valid_day(y, m as u8, d as u8) {
                        return Some(Cand::new(
                            i,
                            i + 5,
                            TimexType::Date,
                            Sem::Abs(format!("{y:04}-{m:02}-{d:02}")),
                        ));
                    }
                }
                return None;
            }
            if sep.norm == "-" {
                return Some(Cand::new(
                    i,
                    i + 3,
                    TimexType::Date,
                    Sem::Abs(format!("{y:04}-{m:02}")),
                ));
            }
            return None;
        }
        if t.norm.len() <= 2 {
            let a: u32 = t.norm.parse().ok()?;
            let sep = self.tok(i + 1)?;
            if sep.space_before || !matches!(sep.norm, "/" | ".") {
                return None;
            }
            let b = num(i + 2, 1..=2)?;
            if !self.glued(i + 3, sep.norm) {
                return None;
            }
            let yt = self.tok(i + 4)?;
            if yt.space_before || yt.kind != Kind::Digit {
                return None;
            }
            let y: i32 = match yt.norm.len() {
                4 => yt.norm.parse().ok()?,
                2 => two_digit_year(yt.norm.parse().ok()?),
                _ => return None,
            };
            // US order with "/", day first with ".".
            let (m, d) = if sep.norm == "/" { (a, b) } else { (b, a) };
            if !(1..=12).contains(&m) || !valid_day(y, m as u8, d as u8) {
                return None;
            }
            return Some(Cand::new(
                i,
                i + 5,
                TimexType::Date,
                Sem::Abs(format!("{y:04}-{m:02}-{d:02}")),
            ));
        }
        None
    }

    /// "Friday", "last Friday", "next Friday", "this Friday".
    fn weekday_expr(&self, i: usize) -> Option<Cand> {
        let (shift, j) = if self.is_any(i, &["last", "past", "previous"]) {
            (Shift::Last, i + 1)
        } else if self.is_any(i, &["next", "coming"]) {
            (Shift::Next, i + 1)
        } else if self.is(i, "this") {
            (Shift::This, i + 1)
        } else {
            (Shift::Tense, i)
        };
        let t = self.tok(j)?;
        if !t.norm.ends_with("day") {
            return None; // abbreviations only inside a written date
        }
        let (wd, k) = self.weekday(j)?;
        // A weekday written lowercase mid-sentence is still a weekday; plural "Fridays" is a set.
        if self.glued(k, "s") {
            return Some(Cand::new(
                i,
                k + 1,
                TimexType::Set,
                Sem::Abs(format!("XXXX-WXX-{wd}")),
            ));
        }
        // "Tuesday nights", "Sunday mornings": a set
        if shift == Shift::Tense {
            let part = match self.tok(k).map(|t| t.norm) {
                Some("mornings") => Some("MO"),
                Some("afternoons") => Some("AF"),
                Some("evenings") => Some("EV"),
                Some("nights") => Some("NI"),
                _ => None,
            };
            if let Some(p) = part {
                return Some(Cand::new(
                    i,
                    k + 1,
                    TimexType::Set,
                    Sem::Abs(format!("XXXX-WXX-{wd}T{p}")),
                ));
            }
        }
        Some(Cand::new(
            i,
            k,
            TimexType::Date,
            Sem::Weekday { weekday: wd, shift },
        ))
    }

    /// Years, decades, centuries: "2016", "fiscal 2019", "the 1990s", "the '90s",
    /// "the 20th century".
    fn year_expr(&self, i: usize) -> Option<Cand> {
        let mut s = i;
        let the = self.is(i, "the");
        if the {
            s += 1;
        }
        // decades
        if let Some((y, j)) = self.year(s) {
            let j2 = if self.glued(j, "'") { j + 1 } else { j };
            if self.glued(j2, "s") {
                let v = format!("{}", y / 10);
                return Some(Cand::new(i, j2 + 1, TimexType::Date, Sem::Abs(v)));
            }
        }
        // "the 90s", "the '90s" (two digits)
        if let Some(t) = self.tok(s) {
            let s2 = if t.norm == "'" { s + 1 } else { s };
            if let Some(d) = self.tok(s2) {
                if d.kind == Kind::Digit
                    && d.norm.len() == 2
                    && d.norm.ends_with('0')
                    && (s2 == s || !d.space_before)
                    && self.glued(s2 + 1, "s")
                    && (the || s2 > s)
                {
                    let y = two_digit_year(d.norm.parse().ok()?);
                    return Some(Cand::new(
                        i,
                        s2 + 2,
                        TimexType::Date,
                        Sem::Abs(format!("{}", y / 10)),
                    ));
                }
            }
        }
        // centuries
        if let Some((n, j)) = self.ordinal(s) {
            if self.is(j, "century") && (1..=30).contains(&n) {
                return Some(Cand::new(
                    i,
                    j + 1,
                    TimexType::Date,
                    Sem::Abs(format!("{:02}", n - 1)),
                ));
            }
        }
        if the {
            return None;
        }
        // fiscal 2019, fiscal year 2019, FY2019
        if self.is(i, "fiscal") || self.is(i, "fy") {
            let j = if self.is(i + 1, "year") { i + 2 } else { i + 1 };
            if let Some((y, k)) = self.year(j) {
                return Some(Cand::new(
                    i,
                    k,
                    TimexType::Date,
                    Sem::Abs(format!("{y:04}")),
                ));
            }
            let t = self.tok(j)?;
            if t.kind == Kind::Digit && t.norm.len() == 2 {
                let y = two_digit_year(t.norm.parse().ok()?);
                return Some(Cand::new(
                    i,
                    j + 1,
                    TimexType::Date,
                    Sem::Abs(format!("{y:04}")),
                ));
            }
            return None;
        }
        let (y, j) = self.year(i)?;
        if self.toks[i].norm == "'" {
            return None;
        }
        // A bare four-digit number is a year when 1900–2099, or after a cue word.
        let cue = i > 0
            && self.is_any(
                i - 1,
                &[
                    "in", "since", "of", "from", "until", "by", "year", "to", "during", "before",
                    "after", "between", "and", "mid", "(", "c", "circa", "ca", "around",
                    "\u{2013}", "-", "early", "late", "summer", "spring", "autumn", "winter",
                ],
            );
        if !(1900..=2099).contains(&y) && !cue {
            return None;
        }
        // Not a quantity: "2000 people", "1998 votes" stay; accept only when followed
        // by punctuation, end, or a lowercase non-plural word or a capital.
        if let Some(n) = self.tok(j) {
            if n.kind == Kind::Alpha
                && !n.cap
                && n.norm.ends_with('s')
                && !cue
                && n.norm != "was"
                && n.norm != "has"
                && n.norm != "is"
            {
                return None;
            }
            if n.norm == "%" || (n.kind == Kind::Alpha && self.unit(j).is_some_and(|u| u.2)) {
                return None;
            }
        }
        Some(Cand::new(
            i,
            j,
            TimexType::Date,
            Sem::Abs(format!("{y:04}")),
        ))
    }

    /// today, yesterday, tomorrow, tonight, last night, this morning.
    fn deictic(&self, i: usize) -> Option<Cand> {
        let t = self.tok(i)?;
        let rel = |off: i32| Sem::Rel {
            unit: Unit::Day,
            offset: off,
        };
        match t.norm {
            "today" => Some(Cand::new(i, i + 1, TimexType::Date, rel(0))),
            "yesterday" => Some(Cand::new(i, i + 1, TimexType::Date, rel(-1))),
            "tomorrow" => Some(Cand::new(i, i + 1, TimexType::Date, rel(1))),
            "tonight" => {
                let mut c = Cand::new(i, i + 1, TimexType::Time, rel(0));
                c.time = Some(DayPart::Code("NI"));
                Some(c)
            }
            "last" | "this" => {
                let (p, j) = self.lex.dayparts.at(self.toks, i + 1)?;
                if !matches!(p, DayPart::Code(_)) || self.is(i + 1, "overnight") {
                    return None;
                }
                if t.norm == "last" && !self.is(i + 1, "night") {
                    return None;
                }
                let mut c = Cand::new(
                    i,
                    j,
                    TimexType::Time,
                    rel(if t.norm == "last" { -1 } else { 0 }),
                );
                c.time = Some(p);
                Some(c)
            }
            "the" => {
                // the day before yesterday / the day after tomorrow
                if self.is(i + 1, "day") {
                    if self.is(i + 2, "before") && self.is(i + 3, "yesterday") {
                        return Some(Cand::new(i, i + 4, TimexType::Date, rel(-2)));
                    }
                    if self.is(i + 2, "after") && self.is(i + 3, "tomorrow") {
                        return Some(Cand::new(i, i + 4, TimexType::Date, rel(2)));
                    }
                }
                None
            }
            _ => None,
        }
    }

    /// "last week", "this year", "next month", "the past decade", "earlier in the
    /// month", "two days ago", "a year earlier", "the weekend".
    fn relative_unit(&self, i: usize) -> Option<Cand> {
        let t = self.tok(i)?;
        // earlier in the month / later in the year / earlier this week
        if matches!(t.norm, "earlier" | "later") {
            let j = if self.is(i + 1, "in") && self.is(i + 2, "the") {
                i + 3
            } else {
                return None;
            };
            let (u, k, plural) = self.unit(j)?;
            if plural || !UNIT_WORDS_RELATIVE.contains(&u) {
                return None;
            }
            return Some(Cand::new(
                i,
                k,
                TimexType::Date,
                Sem::Rel { unit: u, offset: 0 },
            ));
        }
        let off = match t.norm {
            "last" | "previous" | "past" => Some(-1),
            "this" | "current" => Some(0),
            "next" | "coming" | "following" => Some(1),
            _ => None,
        };
        if let Some(off) = off {
            let (u, k, plural) = self.unit(i + 1)?;
            if plural || !UNIT_WORDS_RELATIVE.contains(&u) {
                return None;
            }
            if matches!(t.norm, "past" | "current" | "following") && u != Unit::Weekend {
                // "past year" is a duration (handled there); "current year" is this year.
                if t.norm != "current" {
                    return None;
                }
            }
            return Some(Cand::new(
                i,
                k,
                TimexType::Date,
                Sem::Rel {
                    unit: u,
                    offset: off,
                },
            ));
        }
        // the weekend
        if t.norm == "the" && self.is(i + 1, "weekend") {
            return Some(Cand::new(i, i + 2, TimexType::Date, Sem::TheWeekend));
        }
        // "year-earlier", "year-ago" (adjectives)
        if t.norm == "year"
            && self.glued(i + 1, "-")
            && self
                .tok(i + 2)
                .is_some_and(|x| !x.space_before && matches!(x.norm, "earlier" | "ago"))
        {
            let mut end = i + 3;
            let s = if i > 0 && self.is(i - 1, "the") {
                i - 1
            } else {
                i
            };
            if self.is_any(end, &["quarter", "period", "level", "levels"]) && s < i {
                end += 1;
            }
            return Some(Cand::new(s, end, TimexType::Date, Sem::YearEarlier));
        }
        // N units ago / earlier / later / from now
        let (n, j, _) = self.number(i)?;
        let (u, k, _) = self.unit(j)?;
        if u == Unit::Weekend || n.fract() != 0.0 {
            return None;
        }
        if self.is(k, "ago") && n == 1.0 && u == Unit::Year {
            // "a year ago": in results reporting, the same period a year before
            return Some(Cand::new(i, k + 1, TimexType::Date, Sem::YearEarlier));
        }
        if self.is(k, "ago") {
            return Some(Cand::new(
                i,
                k + 1,
                TimexType::Date,
                Sem::Rel {
                    unit: u,
                    offset: -(n as i32),
                },
            ));
        }
        if self.is(k, "earlier") && n == 1.0 && matches!(u, Unit::Year) {
            return Some(Cand::new(i, k + 1, TimexType::Date, Sem::YearEarlier));
        }
        if self.is(k, "from") && self.is(k + 1, "now") {
            return Some(Cand::new(
                i,
                k + 2,
                TimexType::Date,
                Sem::Rel {
                    unit: u,
                    offset: n as i32,
                },
            ));
        }
        None
    }

    /// Quarters and halves: "the third quarter", "third-quarter", "the fourth quarter of
    /// 1989", "Q3 2019", "the first half", "the quarter".
    fn quarter(&self, i: usize) -> Option<Cand> {
        let the = self.is(i, "the");
        let s = if the { i + 1 } else { i };
        // the quarter / the latest quarter
        if the {
            let mut j = s;
            if self.is_any(j, &["latest", "recent"]) {
                j += 1;
            } else if self.is(j, "most") && self.is(j + 1, "recent") {
                j += 2;
            }
            if self.is(j, "quarter")
                && !self.is(j + 1, "of")
                && !self.is(j + 1, "century")
                && !self.glued(j + 1, "-")
            {
                return Some(Cand::new(i, j + 1, TimexType::Date, Sem::LastQuarter));
            }
        }
        // "the 1988 second quarter", "the 1990 first half": the year written first
        let (s, year_first) = match self.year(s) {
            Some((y, e)) if the && self.tok(s).is_some_and(|t| t.kind == Kind::Digit) => {
                (e, Some(YearSpec::Abs(y)))
            }
            _ => (s, None),
        };
        // "this year's third quarter", "next year's first half"
        let (s, year_first) = match self.tok(s).map(|t| t.norm) {
            Some(w @ ("this" | "last" | "next"))
                if !the
                    && year_first.is_none()
                    && self.is(s + 1, "year")
                    && self.is(s + 2, "'")
                    && self.is(s + 3, "s") =>
            {
                let off = match w {
                    "last" => -1,
                    "next" => 1,
                    _ => 0,
                };
                (s + 4, Some(YearSpec::Rel(off)))
            }
            _ => (s, year_first),
        };
        // Q3
        let (q, j, half) = if let Some(t) = self.tok(s) {
            if t.norm.len() == 2 && (t.norm.starts_with('q') || t.norm.starts_with('h')) && t.cap {
                let n = t.norm[1..].parse::<u8>().ok();
                match n {
                    Some(n) if t.norm.starts_with('q') && (1..=4).contains(&n) => (n, s + 1, false),
                    Some(n) if (1..=2).contains(&n) => (n, s + 1, true),
                    _ => return None,
                }
            } else if t.kind == Kind::Alpha && t.norm.starts_with('q') && t.norm.len() == 1 {
                // "Q" "3" tokenised apart
                let n = self.tok(s + 1).filter(|x| !x.space_before)?.digits()?;
                if !(1..=4).contains(&n) {
                    return None;
                }
                (n as u8, s + 2, false)
            } else {
                let (n, j) = if self.is_any(s, &["last", "final"]) {
                    (4, s + 1)
                } else {
                    self.ordinal(s)?
                };
                let j2 = if self.glued(j, "-") { j + 1 } else { j };
                if self.is(j2, "quarter") && (1..=4).contains(&n) {
                    (n, j2 + 1, false)
                } else if self.is(j2, "half") && (1..=2).contains(&n) {
                    (n, j2 + 1, true)
                } else {
                    return None;
                }
            }
        } else {
            return None;
        };
        if self.is(s, "last") && !the {
            return None;
        }
        // year: "of 1989", "of fiscal 1989", "1989", "of this year", "of last year"
        let mut year = year_first.unwrap_or(YearSpec::Rel(0));
        let mut end = j;
        let k = if self.is_any(j, &["of", "in"]) {
            j + 1
        } else {
            j
        };
        let k2 = if self.is(k, "fiscal") { k + 1 } else { k };
        if let Some((y, e)) = self.year(k2) {
            year = YearSpec::Abs(y);
            end = e;
        } else if k > j && self.is_any(k, &["this", "last", "next"]) && self.is(k + 1, "year") {
            year = YearSpec::Rel(match self.toks[k].norm {
                "last" => -1,
                "next" => 1,
                _ => 0,
            });
            end = k + 2;
        }
        // "the third-quarter results": the article belongs to the noun, not the date
        let i = if the && j >= 2 && self.toks[j - 2].norm == "-" && end == j {
            s
        } else {
            i
        };
        let sem = if half {
            Sem::Half { h: q, year }
        } else {
            Sem::Quarter { q, year }
        };
        Some(Cand::new(i, end, TimexType::Date, sem))
    }

    /// "summer", "last fall", "the summer of 2018", "winter 2019".
    fn season(&self, i: usize) -> Option<Cand> {
        let (shift, s) = match self.tok(i)?.norm {
            "last" | "past" => (-1, i + 1),
            "next" | "coming" => (1, i + 1),
            "this" | "the" => (0, i + 1),
            _ => (0, i),
        };
        let (code, j) = self.lex.seasons.at(self.toks, s)?;
        let k = if self.is(j, "of") { j + 1 } else { j };
        if let Some((y, e)) = self.year(k) {
            if shift == 0 {
                return Some(Cand::new(
                    i,
                    e,
                    TimexType::Date,
                    Sem::Season {
                        code,
                        year: YearSpec::Abs(y),
                        shift: 0,
                    },
                ));
            }
        }
        let word = self.toks[s].norm;
        if s == i {
            // bare season: needs a cue, and "fall"/"spring" never bare
            let cue = i > 0
                && self.is_any(
                    i - 1,
                    &[
                        "in", "during", "since", "until", "by", "through", "this", "last", "next",
                        "early", "late", "mid", "-",
                    ],
                );
            if !cue
                || matches!(word, "fall" | "spring")
                    && !(i > 0
                        && self.is_any(
                            i - 1,
                            &["this", "last", "next", "in", "early", "late", "mid", "-"],
                        ))
            {
                return None;
            }
        }
        if self.toks[i].norm == "the"
            && !(i > 0
                && self.is_any(
                    i - 1,
                    &[
                        "in", "during", "since", "until", "by", "through", "over", "for", "this",
                    ],
                ))
        {
            return None;
        }
        Some(Cand::new(
            i,
            j,
            TimexType::Date,
            Sem::Season {
                code,
                year: YearSpec::Tense,
                shift,
            },
        ))
    }

    /// Holidays: "Christmas", "Thanksgiving Day", "Easter 2019".
    fn holiday(&self, i: usize) -> Option<Cand> {
        let t = self.tok(i)?;
        if !t.cap {
            return None;
        }
        let (rule, j) = self.lex.holidays.at(self.toks, i)?;
        let k = if self.is(j, ",") { j + 1 } else { j };
        if let Some((y, e)) = self.year(k) {
            return Some(Cand::new(
                i,
                e,
                TimexType::Date,
                Sem::Holiday {
                    rule,
                    year: YearSpec::Abs(y),
                },
            ));
        }
        Some(Cand::new(
            i,
            j,
            TimexType::Date,
            Sem::Holiday {
                rule,
                year: YearSpec::Tense,
            },
        ))
    }

    /// Clock times: "10 a.m.", "10:35 p.m. EST", "noon Thursday", "4 in the morning",
    /// "10 p.m. Wednesday", "midnight Friday".
    fn clock(&self, i: usize) -> Option<Cand> {
        let t = self.tok(i)?;
        let (h, m, mut j) =
            if let Some((DayPart::Clock(h, m), j)) = self.lex.dayparts.at(self.toks, i) {
                (h, m, j)
            } else {
                let h = t.digits()?;
                if t.norm.len() > 2 || h > 24 {
                    return None;
                }
                let (mut m, mut j) = (0u32, i + 1);
                let mut has_minutes = false;
                if self.glued(j, ":")
                    || (self.glued(j, ".") && self.tok(j + 1).is_some_and(|x| x.norm.len() == 2))
                {
                    let x = self.tok(j + 1).filter(|x| {
                        !x.space_before && x.kind == Kind::Digit && x.norm.len() == 2
                    })?;
                    m = x.norm.parse().ok()?;
                    if m >= 60 {
                        return None;
                    }
                    j += 2;
                    has_minutes = true;
                }
                // a.m. / p.m. / am / pm / o'clock / in the morning
                let mut h = h;
                let ampm = if self.is_any(j, &["a", "p"])
                    && self.glued(j + 1, ".")
                    && self
                        .tok(j + 2)
                        .is_some_and(|x| x.norm == "m" && !x.space_before)
                {
                    let pm = self.is(j, "p");
                    j += 3;
                    j = self.dot(j);
                    Some(pm)
                } else if self.is_any(j, &["am", "pm"]) {
                    let pm = self.is(j, "pm");
                    j += 1;
                    Some(pm)
                } else if self.is(j, "o") && self.is(j + 1, "'") && self.is(j + 2, "clock") {
                    j += 3;
                    None
                } else if self.is(j, "in")
                    && self.is(j + 1, "the")
                    && self.is_any(j + 2, &["morning", "afternoon", "evening"])
                {
                    let pm = !self.is(j + 2, "morning");
                    j += 3;
                    Some(pm)
                } else if has_minutes
                    && !self.is_any(
                        j,
                        &[
                            "million", "billion", "trillion", "percent", "%", "points", "cents",
                        ],
                    )
                    && (self.is_any(j, TIMEZONES)
                        || (i > 0
                            && self.is_any(
                                i - 1,
                                &["at", "by", "until", "before", "after", "around", "from"],
                            )))
                {
                    None
                } else {
                    return None;
                };
                if let Some(pm) = ampm {
                    if h == 0 || h > 12 {
                        return None;
                    }
                    if pm && h < 12 {
                        h += 12;
                    } else if !pm && h == 12 {
                        h = 0;
                    }
                }
                (h as u8, m as u8, j)
            };
        if self.is_any(j, TIMEZONES) {
            j += 1;
        }
        let mut c = Cand::new(
            i,
            j,
            TimexType::Time,
            Sem::Rel {
                unit: Unit::Day,
                offset: 0,
            },
        );
        c.time = Some(DayPart::Clock(h, m));
        // followed by a day: "10 p.m. Wednesday", "noon Thursday", "5 p.m. EST Nov. 9"
        let k = if self.is(j, ",") { j + 1 } else { j };
        let k = if self.is(k, "on") { k + 1 } else { k };
        let day = self
            .weekday_expr(k)
            .or_else(|| {
                self.explicit_date(k)
                    .filter(|d| matches!(d.sem, Sem::Date { day: Some(_), .. }))
            })
            .or_else(|| self.deictic(k).filter(|d| d.time.is_none()));
        if let Some(d) = day {
            c.sem = d.sem;
            c.end = d.end;
        }
        Some(c)
    }

    /// Durations: "five years", "35-minute", "two-day", "the past two months", "the
    /// first nine months", "years", "several weeks", "the past decade".
    fn duration(&self, i: usize) -> Option<Cand> {
        let mut s = i;
        let the = self.is(i, "the");
        if the {
            s += 1;
        }
        let lead = self.is_any(
            s,
            &[
                "past",
                "last",
                "next",
                "first",
                "previous",
                "coming",
                "following",
                "final",
            ],
        );
        // "could last two weeks": the verb, not the adjective
        if lead
            && !the
            && self.is(s, "last")
            && i > 0
            && self.is_any(
                i - 1,
                &[
                    "will", "would", "could", "can", "may", "might", "should", "must", "to", "'ll",
                    "not", "did", "does", "do",
                ],
            )
        {
            return None;
        }
        if lead {
            s += 1;
        }
        if lead && !the && self.number(s).is_none() {
            // "past two months" (no "the") is fine; "past year" alone is a date
            return None;
        }
        if the && !lead {
            // "the two-day summit": the article is not part of the expression; "the
            // nine months" (a plural noun phrase) keeps it
            let (_, j, article) = self.number(s)?;
            let (_, _, plural) = self.unit(j)?;
            if article || !plural {
                return None;
            }
        }
        // vague quantities
        let vague = if self.is_any(s, &["several", "many", "few", "some", "numerous", "recent"]) {
            Some(s + 1)
        } else if self.is(s, "a") && self.is(s + 1, "few") {
            Some(s + 2)
        } else {
            None
        };
        if let Some(j) = vague {
            let (u, k, plural) = self.unit(j)?;
            if !plural
                || self.is(k, "ago")
                || self.toks[s].norm == "some" && !(i > 0 && self.is_any(i - 1, &["for", "in"]))
            {
                return None;
            }
            if self.toks[s].norm == "recent" {
                return None;
            }
            return Some(Cand::new(
                i,
                k,
                TimexType::Duration,
                Sem::Abs(duration_value(None, u)),
            ));
        }
        if let Some((n, j, article)) = self.number(s) {
            // a year is not a count ("the 1988 second quarter", "the 1988 period")
            if self.toks[s].kind == Kind::Digit
                && self.toks[s].norm.len() == 4
                && (1800.0..=2100.0).contains(&n)
                && j == s + 1
            {
                return None;
            }
            // "two more weeks", "20 additional years"
            let j = if self.is_any(j, &["more", "additional", "further"])
                && (!article || self.is(j, "additional"))
            {
                j + 1
            } else {
                j
            };
            // "eight trading days", "ten business days"
            let j = if self.is_any(j, &["trading", "business", "working"])
                && self.is_any(j + 1, &["day", "days"])
            {
                j + 1
            } else {
                j
            };
            let j2 = if self.glued(j, "-") { j + 1 } else { j };
            let (u, k, plural) = self.unit(j2)?;
            if self.is(k, "ago") || u == Unit::Weekend {
                return None;
            }
            // ages ("a 44-year-old", "five years old") are not time expressions
            if self.is(k, "old") || (self.glued(k, "-") && self.is(k + 1, "old")) {
                return None;
            }
            // "a quarter of", "three-quarters"
            if u == Unit::Quarter && (self.is(k, "of") || (plural && j2 > j)) {
                return None;
            }
            // "a year and a half"
            let (n, k) = if self.is(k, "and") && self.is(k + 1, "a") && self.is(k + 2, "half") {
                (n + 0.5, k + 3)
            } else {
                (n, k)
            };
            if j2 > j && plural && !self.is(k - 1, "s") {
                // "two-years" is odd but accept
            }
            if article && plural {
                return None;
            }
            // "second" after a number is a unit; "a second" alone is too risky
            if u == Unit::Second && article {
                return None;
            }
            // "-old" → still a duration (TimeML), "a day" after a price is a set
            if article && !the && !lead && i > 0 && self.is_any(i - 1, &["times", "twice", "once"])
            {
                return Some(Cand::new(
                    i,
                    k,
                    TimexType::Set,
                    Sem::Abs(duration_value(Some(1.0), u)),
                ));
            }
            return Some(Cand::new(
                i,
                k,
                TimexType::Duration,
                Sem::Abs(duration_value(Some(n), u)),
            ));
        }
        if the && lead {
            // "the past decade", "the last year", "the past week"
            let (u, k, plural) = self.unit(s)?;
            if plural || u == Unit::Weekend {
                return None;
            }
            // "the past year", "the last week", "the next year": the calendar unit
            // before or after the reference one, as "last year" (TimeBank practice);
            // "the past decade" stays a duration
            let off = match self.toks[s - 1].norm {
                "past" | "last" => -1,
                "next" | "coming" => 1,
                _ => 0,
            };
            if off != 0 && matches!(u, Unit::Week | Unit::Month | Unit::Year) {
                return Some(Cand::new(
                    i,
                    k,
                    TimexType::Date,
                    Sem::Rel {
                        unit: u,
                        offset: off,
                    },
                ));
            }
            return Some(Cand::new(
                i,
                k,
                TimexType::Duration,
                Sem::Abs(duration_value(Some(1.0), u)),
            ));
        }
        if the || lead {
            return None;
        }
        // bare plural: "years", "months", "decades"
        let (u, k, plural) = self.unit(i)?;
        if !plural || matches!(u, Unit::Weekend | Unit::Second | Unit::Quarter) {
            return None;
        }
        // "ago" dates; "52 years old" is an age
        if self.is_any(k, &["ago", "old"]) {
            return None;
        }
        // "decades-long"
        if self.glued(k, "-") && self.is(k + 1, "long") {
            return Some(Cand::new(
                i,
                k + 2,
                TimexType::Duration,
                Sem::Abs(duration_value(None, u)),
            ));
        }
        Some(Cand::new(
            i,
            k,
            TimexType::Duration,
            Sem::Abs(duration_value(None, u)),
        ))
    }

    /// Sets: "every Sunday", "each year", "daily", "annually", "every two weeks".
    fn set(&self, i: usize) -> Option<Cand> {
        let t = self.tok(i)?;
        let adverb = match t.norm {
            "daily" => Some("P1D"),
            "weekly" => Some("P1W"),
            "monthly" => Some("P1M"),
            "yearly" | "annually" => Some("P1Y"),
            "hourly" => Some("PT1H"),
            "nightly" => Some("XXXX-XX-XXTNI"),
            _ => None,
        };
        if let Some(v) = adverb {
            return Some(Cand::new(i, i + 1, TimexType::Set, Sem::Abs(v.into())));
        }
        if !matches!(t.norm, "every" | "each" | "per") {
            return None;
        }
        let mut j = i + 1;
        if self.is(j, "other") {
            j += 1;
        }
        if let Some((wd, k)) = self.weekday(j) {
            let mut c = Cand::new(i, k, TimexType::Set, Sem::Abs(format!("XXXX-WXX-{wd}")));
            if let Some((DayPart::Code(p), k2)) = self.lex.dayparts.at(self.toks, k) {
                c.sem = Sem::Abs(format!("XXXX-WXX-{wd}T{p}"));
                c.end = k2;
            }
            return Some(c);
        }
        if let Some((m, k, _)) = self.month(j) {
            return Some(Cand::new(
                i,
                k,
                TimexType::Set,
                Sem::Abs(format!("XXXX-{m:02}")),
            ));
        }
        if let Some((DayPart::Code(p), k)) = self.lex.dayparts.at(self.toks, j) {
            return Some(Cand::new(
                i,
                k,
                TimexType::Set,
                Sem::Abs(format!("XXXX-XX-XXT{p}")),
            ));
        }
        let (n, j) = match self.number(j) {
            Some((n, k, false)) => (n, k),
            _ => (1.0, j),
        };
        let (u, k, _) = self.unit(j)?;
        let n = if self.is(i + 1, "other") { n * 2.0 } else { n };
        Some(Cand::new(
            i,
            k,
            TimexType::Set,
            Sem::Abs(duration_value(Some(n), u)),
        ))
    }

    /// Fixed expressions of `references.tsv` ("now", "recently", "the future").
    fn reference(&self, i: usize) -> Option<Cand> {
        let ((ty, v), j) = self.lex.references.at(self.toks, i)?;
        let t = &self.toks[i];
        // "once" only as "once" + comma/sentence-initial past ("once a year" is not)
        if t.norm == "once" {
            return None;
        }
        // "current" and "future" only before a noun ("current account" is rare in news,
        // but "the current quarter" is a date); keep the adjective readings.
        if matches!(t.norm, "current" | "future")
            && self.tok(j).is_none_or(|x| x.kind != Kind::Alpha)
        {
            return None;
        }
        // "now" in "now-defunct"; "just now" fine.
        Some(Cand::new(i, j, ty, Sem::Abs(v.to_string())))
    }
}

fn date(s: usize, e: usize, year: YearSpec, month: u8, day: Option<u8>) -> Cand {
    let weekday = None;
    if let (YearSpec::Abs(y), Some(d)) = (year, day) {
        if valid_day(y, month, d) {
            return Cand::new(
                s,
                e,
                TimexType::Date,
                Sem::Abs(format!("{y:04}-{month:02}-{d:02}")),
            );
        }
    }
    if let (YearSpec::Abs(y), None) = (year, day) {
        return Cand::new(
            s,
            e,
            TimexType::Date,
            Sem::Abs(format!("{y:04}-{month:02}")),
        );
    }
    Cand::new(
        s,
        e,
        TimexType::Date,
        Sem::Date {
            year,
            month,
            day,
            weekday,
        },
    )
}

/// Whether `y-m-d` is a calendar date.
pub(crate) fn valid_day(y: i32, m: u8, d: u8) -> bool {
    i16::try_from(y)
        .ok()
        .and_then(|y| jiff::civil::Date::new(y, m as i8, d as i8).ok())
        .is_some()
}

/// A two-digit year: 00–49 → 2000s, 50–99 → 1900s.
pub(crate) fn two_digit_year(y: i32) -> i32 {
    if y < 50 {
        2000 + y
    } else {
        1900 + y
    }
}
