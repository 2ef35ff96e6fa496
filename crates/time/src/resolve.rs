//! Normalisation: a recognised expression, the reference date and the clause's
//! tense → a TIMEX3 value. All calendar arithmetic is `jiff`'s.

use crate::grammar::{Sem, Shift, YearSpec};
use crate::lexicon::{DayPart, HolidayRule, Tense, Unit};
use crate::tokens::{Kind, Tok};
use crate::Lexicon;
use jiff::civil::{Date, Weekday};
use jiff::ToSpan;

fn ymd(y: i32, m: u8, d: u8) -> Option<Date> {
    Date::new(i16::try_from(y).ok()?, m as i8, d as i8).ok()
}

fn iso_weekday(d: Date) -> u8 {
    d.weekday().to_monday_one_offset() as u8
}

/// The ISO week ("2019-W26") holding a day value ("2019-06-28"); other values as they are.
pub(crate) fn week_of_value(v: String) -> String {
    match crate::parse_date(&v) {
        Some(d) if v.len() == 10 => week_value(d),
        _ => v,
    }
}

fn week_value(d: Date) -> String {
    let w = d.iso_week_date();
    format!("{:04}-W{:02}", w.year(), w.week())
}

fn day_value(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(n.days()).ok()
}

fn add_months(y: i32, m: u8, off: i32) -> (i32, u8) {
    let idx = y * 12 + (m as i32 - 1) + off;
    (idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u8)
}

fn quarter_of(m: u8) -> u8 {
    (m - 1) / 3 + 1
}

/// The date of a holiday in year `y`.
pub(crate) fn holiday_date(rule: HolidayRule, y: i32) -> Option<Date> {
    match rule {
        HolidayRule::Fixed(m, d) => ymd(y, m, d),
        HolidayRule::Nth { month, weekday, n } => {
            let wd = Weekday::from_monday_one_offset(weekday as i8).ok()?;
            let first = ymd(y, month, 1)?;
            first.nth_weekday_of_month(n, wd).ok()
        }
        HolidayRule::Easter(off) => {
            // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
            let a = y % 19;
            let b = y / 100;
            let c = y % 100;
            let d = b / 4;
            let e = b % 4;
            let f = (b + 8) / 25;
            let g = (b - f + 1) / 3;
            let h = (19 * a + b - d - g + 15) % 30;
            let i = c / 4;
            let k = c % 4;
            let l = (32 + 2 * e + 2 * i - h - k) % 7;
            let m = (a + 11 * h + 22 * l) / 451;
            let month = (h + l - 7 * m + 114) / 31;
            let day = (h + l - 7 * m + 114) % 31 + 1;
            add_days(ymd(y, month as u8, day as u8)?, off as i64)
        }
    }
}

fn days_between(r: Date, c: Date) -> i64 {
    (c - r).get_days() as i64
}

/// Chooses among candidate occurrences (sorted, with their signed distance from `r`
/// given by `dist`): the nearest one, unless the tense points the other way and the
/// occurrence on that side is within `cap` (days or months).
fn nearest_by_tense<F: Fn(&Date) -> i64>(
    _r: Date,
    tense: Tense,
    cands: &[Date],
    dist: F,
    cap: i64,
) -> Option<Date> {
    // News reports more than it announces: a future occurrence counts one and a half.
    let nearest = cands
        .iter()
        .min_by_key(|c| {
            let d = dist(c);
            if d > 0 {
                3 * d / 2
            } else {
                -d
            }
        })
        .copied()?;
    let side = match tense {
        Tense::Past => cands
            .iter()
            .rev()
            .find(|c| dist(c) <= 0)
            .filter(|c| -dist(c) <= cap),
        Tense::Future => cands
            .iter()
            .find(|c| dist(c) >= 0)
            .filter(|c| dist(c) <= cap),
        Tense::Present => None,
    };
    Some(side.copied().unwrap_or(nearest))
}

/// Chooses among the occurrences of something in years y-1, y, y+1 by tense:
/// past → the latest not after `r`; future → the earliest not before `r`;
/// present → the one in `r`'s year.
fn by_tense<F: Fn(i32) -> Option<Date>>(r: Date, tense: Tense, f: F) -> Option<Date> {
    let y = r.year() as i32;
    match tense {
        Tense::Past => [y, y - 1].into_iter().filter_map(&f).find(|d| *d <= r),
        Tense::Future => [y, y + 1].into_iter().filter_map(&f).find(|d| *d >= r),
        Tense::Present => f(y),
    }
}

fn season_index(code: &str) -> i32 {
    match code {
        "SP" => 0,
        "SU" => 1,
        "FA" => 2,
        _ => 3,
    }
}

/// The season index (0 spring … 3 winter) and season-year of a date; winter belongs to
/// the year it starts in.
fn season_of(d: Date) -> (i32, i32) {
    let m = d.month() as i32;
    let y = d.year() as i32;
    match m {
        3..=5 => (y, 0),
        6..=8 => (y, 1),
        9..=11 => (y, 2),
        12 => (y, 3),
        _ => (y - 1, 3),
    }
}

/// What a value was resolved against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Used {
    /// Nothing: written in full.
    Nothing,
    /// The reference date.
    Reference,
    /// An earlier timex of the text.
    Previous,
}

/// Resolves `sem` (plus time of day) against the reference date `r`, given the
/// clause tense and the previous date value in the text.
pub(crate) fn resolve(
    sem: &Sem,
    time: Option<DayPart>,
    r: Option<Date>,
    tense: Tense,
    previous: Option<&str>,
) -> (Option<String>, Used) {
    let absolute = match *sem {
        Sem::Abs(_) => true,
        Sem::Quarter { year, .. } | Sem::Half { year, .. } | Sem::Holiday { year, .. } => {
            matches!(year, YearSpec::Abs(_))
        }
        Sem::Season { year, .. } => matches!(year, YearSpec::Abs(_)),
        Sem::Date { year, .. } => matches!(year, YearSpec::Abs(_)),
        _ => false,
    };
    let needs_ref = !absolute;
    // Written-out years resolve without a reference date (any date serves).
    let r = r.or_else(|| absolute.then(|| Date::constant(2000, 1, 1)));
    let base = match sem {
        Sem::Abs(v) => Some(v.clone()),
        _ => r.and_then(|r| resolve_rel(sem, r, tense, previous)),
    };
    let used = match sem {
        Sem::YearEarlier if previous.is_some_and(|p| year_earlier(p).is_some()) => Used::Previous,
        Sem::Anaphor { unit, offset }
            if previous.is_some_and(|p| anaphor(p, *unit, *offset).is_some()) =>
        {
            Used::Previous
        }
        _ if needs_ref => Used::Reference,
        _ => Used::Nothing,
    };
    let Some(base) = base else {
        return (None, used);
    };
    let v = match time {
        Some(t) if base.len() == 10 && base.as_bytes()[4] == b'-' => match t {
            DayPart::Code(c) => format!("{base}T{c}"),
            DayPart::Clock(h, m) => format!("{base}T{h:02}:{m:02}"),
        },
        _ => base,
    };
    (Some(v), used)
}

fn year_of(spec: YearSpec, r: Date) -> i32 {
    match spec {
        YearSpec::Abs(y) => y,
        YearSpec::Rel(o) => r.year() as i32 + o,
        YearSpec::Tense => r.year() as i32,
        YearSpec::Last => r.year() as i32 - 1,
        YearSpec::Next => r.year() as i32 + 1,
    }
}

fn resolve_rel(sem: &Sem, r: Date, tense: Tense, previous: Option<&str>) -> Option<String> {
    let ry = r.year() as i32;
    Some(match *sem {
        Sem::Abs(ref v) => v.clone(),
        Sem::Date {
            year,
            month,
            day,
            weekday,
        } => match (year, day) {
            (YearSpec::Tense, Some(d)) => {
                let cands: Vec<Date> = [ry - 1, ry, ry + 1]
                    .into_iter()
                    .filter_map(|y| ymd(y, month, d))
                    .collect();
                // A weekday written with it decides ("Monday, Oct. 26").
                if let Some(w) = weekday {
                    if let Some(found) = cands.iter().find(|c| iso_weekday(**c) == w) {
                        return Some(day_value(*found));
                    }
                }
                day_value(nearest_by_tense(
                    r,
                    tense,
                    &cands,
                    |c| days_between(r, *c),
                    270,
                )?)
            }
            (YearSpec::Tense, None) => {
                let cands: Vec<Date> = [ry - 1, ry, ry + 1]
                    .into_iter()
                    .filter_map(|y| ymd(y, month, 1))
                    .collect();
                let rm = ry * 12 + r.month() as i32;
                let found = nearest_by_tense(
                    r,
                    tense,
                    &cands,
                    |c| (c.year() as i32 * 12 + c.month() as i32 - rm) as i64,
                    10,
                )?;
                format!("{:04}-{month:02}", found.year())
            }
            (YearSpec::Last, Some(d)) => day_value(
                [ry, ry - 1]
                    .into_iter()
                    .filter_map(|y| ymd(y, month, d))
                    .find(|c| *c < r)?,
            ),
            (YearSpec::Next, Some(d)) => day_value(
                [ry, ry + 1]
                    .into_iter()
                    .filter_map(|y| ymd(y, month, d))
                    .find(|c| *c > r)?,
            ),
            (YearSpec::Last, None) => {
                let y = if month < r.month() as u8 { ry } else { ry - 1 };
                format!("{y:04}-{month:02}")
            }
            (YearSpec::Next, None) => {
                let y = if month > r.month() as u8 { ry } else { ry + 1 };
                format!("{y:04}-{month:02}")
            }
            (spec, Some(d)) => {
                let y = year_of(spec, r);
                day_value(ymd(y, month, d)?)
            }
            (spec, None) => format!("{:04}-{month:02}", year_of(spec, r)),
        },
        Sem::Weekday { weekday, shift } => {
            let today = iso_weekday(r) as i64;
            let wd = weekday as i64;
            let back = (today - wd).rem_euclid(7); // days back to the latest such day (0 = today)
            let fwd = (wd - today).rem_euclid(7); // days forward to the next (0 = today)
            let delta = match shift {
                Shift::Last => -(if back == 0 { 7 } else { back }),
                Shift::Next => {
                    if fwd == 0 {
                        7
                    } else {
                        fwd
                    }
                }
                Shift::This => wd - today,
                Shift::Tense => match tense {
                    Tense::Past => -back,
                    Tense::Future => fwd,
                    // News mostly reports what happened: the past one unless it is
                    // almost a week back and the next one is close.
                    Tense::Present => {
                        if back <= 5 {
                            -back
                        } else {
                            fwd
                        }
                    }
                },
            };
            day_value(add_days(r, delta)?)
        }
        Sem::Rel { unit, offset } => rel_value(r, unit, offset)?,
        Sem::TheWeekend => {
            let d = if iso_weekday(r) >= 5 {
                r
            } else {
                add_days(r, -7)?
            };
            format!("{}-WE", week_value(d))
        }
        Sem::Quarter { q, year } => {
            let y = match year {
                YearSpec::Tense | YearSpec::Rel(0) => {
                    let cur = quarter_of(r.month() as u8);
                    if q > cur && tense != Tense::Future {
                        ry - 1
                    } else {
                        ry
                    }
                }
                spec => year_of(spec, r),
            };
            format!("{y:04}-Q{q}")
        }
        Sem::Half { h, year } => {
            let y = match year {
                YearSpec::Tense | YearSpec::Rel(0) => {
                    let cur = if r.month() <= 6 { 1 } else { 2 };
                    if h > cur && tense != Tense::Future {
                        ry - 1
                    } else {
                        ry
                    }
                }
                spec => year_of(spec, r),
            };
            format!("{y:04}-H{h}")
        }
        Sem::Season { code, year, shift } => {
            let (cy, ci) = season_of(r);
            let si = season_index(code);
            let y = match (year, shift) {
                (YearSpec::Abs(y), _) => y,
                (_, -1) => {
                    if si < ci {
                        cy
                    } else {
                        cy - 1
                    }
                }
                (_, 1) => {
                    if si > ci {
                        cy
                    } else {
                        cy + 1
                    }
                }
                _ => match tense {
                    Tense::Past if si > ci => cy - 1,
                    Tense::Future if si < ci => cy + 1,
                    _ => cy,
                },
            };
            format!("{y:04}-{code}")
        }
        Sem::LastQuarter => {
            let cur = quarter_of(r.month() as u8);
            if cur == 1 {
                format!("{:04}-Q4", ry - 1)
            } else {
                format!("{ry:04}-Q{}", cur - 1)
            }
        }
        Sem::Anaphor { unit, offset } => match previous.and_then(|p| anaphor(p, unit, offset)) {
            Some(v) => v,
            None => rel_value(r, unit, offset)?,
        },
        Sem::YearEarlier => match previous.and_then(year_earlier) {
            Some(v) => v,
            None => format!("{:04}", ry - 1),
        },
        Sem::Holiday { rule, year } => match year {
            YearSpec::Tense => day_value(by_tense(r, tense, |y| holiday_date(rule, y))?),
            spec => day_value(holiday_date(rule, year_of(spec, r))?),
        },
    })
}

/// The previous value's `unit` moved by `offset`: ("1995-05-22", Year, 1) → "1996".
fn anaphor(prev: &str, unit: Unit, offset: i32) -> Option<String> {
    let y: i32 = prev.get(..4)?.parse().ok()?;
    let month: Option<u8> = prev.get(5..7).and_then(|m| m.parse().ok());
    match unit {
        Unit::Year => Some(format!("{:04}", y + offset)),
        Unit::Month => {
            let (y2, m2) = add_months(y, month?, offset);
            Some(format!("{y2:04}-{m2:02}"))
        }
        Unit::Quarter => {
            let q: i32 = if let Some(q) = prev.get(5..).and_then(|r| r.strip_prefix('Q')) {
                q.get(..1)?.parse().ok()?
            } else {
                quarter_of(month?) as i32
            };
            let idx = y * 4 + (q - 1) + offset;
            Some(format!(
                "{:04}-Q{}",
                idx.div_euclid(4),
                idx.rem_euclid(4) + 1
            ))
        }
        Unit::Day | Unit::Week => {
            let d = ymd(y, month?, prev.get(8..10)?.parse().ok()?)?;
            if unit == Unit::Day {
                Some(day_value(add_days(d, offset as i64)?))
            } else {
                Some(week_value(add_days(d, offset as i64 * 7)?))
            }
        }
        _ => None,
    }
}

/// "1989-Q3" → "1988-Q3"; "1989" → "1988".
fn year_earlier(prev: &str) -> Option<String> {
    let y: i32 = prev.get(..4)?.parse().ok()?;
    let rest = &prev[4..];
    if !(rest.is_empty() || rest.starts_with("-Q") || rest.starts_with("-H")) {
        return None;
    }
    Some(format!("{:04}{rest}", y - 1))
}

fn rel_value(r: Date, unit: Unit, offset: i32) -> Option<String> {
    let ry = r.year() as i32;
    Some(match unit {
        Unit::Day | Unit::Hour | Unit::Minute | Unit::Second => {
            let days = if unit == Unit::Day { offset as i64 } else { 0 };
            day_value(add_days(r, days)?)
        }
        Unit::Week | Unit::Fortnight => {
            let k = if unit == Unit::Fortnight { 14 } else { 7 };
            week_value(add_days(r, offset as i64 * k)?)
        }
        Unit::Weekend => format!("{}-WE", week_value(add_days(r, offset as i64 * 7)?)),
        Unit::Month => {
            let (y, m) = add_months(ry, r.month() as u8, offset);
            format!("{y:04}-{m:02}")
        }
        Unit::Quarter => {
            let idx = ry * 4 + (quarter_of(r.month() as u8) as i32 - 1) + offset;
            format!("{:04}-Q{}", idx.div_euclid(4), idx.rem_euclid(4) + 1)
        }
        Unit::Year => format!("{:04}", ry + offset),
        Unit::Decade => format!("{:03}", ry.div_euclid(10) + offset),
        Unit::Century => format!("{:02}", ry.div_euclid(100) + offset),
        Unit::Millennium => format!("{}", ry.div_euclid(1000) + offset),
    })
}

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "that", "these",
    "those", "some", "all", "each", "every", "date", "power", "office", "court",
];

fn verb_tense(lex: &Lexicon, toks: &[Tok<'_>], k: usize, weak_ok: bool) -> Option<Tense> {
    let t = &toks[k];
    if t.kind != Kind::Alpha {
        return None;
    }
    if t.norm == "may" && t.cap {
        return None; // the month
    }
    let participle = |tense: Tense| -> Option<Tense> {
        // passives and perfects: the auxiliary before decides ("is heard", "will be
        // held", "has agreed"); a modal or "to" before a form like "set" makes it a
        // base form
        if tense != Tense::Past || k == 0 {
            return Some(tense);
        }
        match toks[k - 1].norm {
            "is" | "are" | "am" => Some(Tense::Present),
            "be" | "been" | "being" => None,
            "will" | "would" | "can" | "could" | "should" | "must" | "might" | "to" | "may" => {
                Some(Tense::Future)
            }
            _ => Some(tense),
        }
    };
    // "is to resume", "are to meet": arranged ahead
    if matches!(t.norm, "is" | "are" | "am") && toks.get(k + 1).is_some_and(|n| n.norm == "to") {
        return Some(Tense::Future);
    }
    if let Some(&tense) = lex.tense.get(t.norm) {
        return participle(tense);
    }
    // "planned to leave", "set to resume", "expected to": ahead
    if t.norm == "to"
        && k > 0
        && matches!(
            toks[k - 1].norm,
            "planned"
                | "planning"
                | "plans"
                | "plan"
                | "set"
                | "scheduled"
                | "expected"
                | "due"
                | "slated"
                | "going"
                | "intends"
                | "intend"
                | "promised"
                | "vowed"
                | "threatened"
        )
    {
        // "had been due to expire Friday", "had planned to leave": a plan in the past
        let had = |j: usize| j < k && toks[j].norm == "had";
        if (k >= 2 && had(k - 2)) || (k >= 3 && toks[k - 2].norm == "been" && had(k - 3)) {
            return Some(Tense::Past);
        }
        return Some(Tense::Future);
    }
    if t.norm == "to" && weak_ok {
        let n = toks.get(k + 1)?;
        if n.kind == Kind::Alpha
            && !n.cap
            && !DETERMINERS.contains(&n.norm)
            && (!n.norm.ends_with('s') || n.norm.ends_with("ss"))
            && !n.norm.ends_with("ing")
            && lex.months.word(n.norm).is_none()
            && lex.numbers.word(n.norm).is_none()
        {
            return Some(Tense::Future);
        }
        return None;
    }
    if !t.cap
        && t.norm.len() >= 5
        && t.norm.ends_with("ed")
        && !matches!(
            t.norm,
            "indeed" | "speed" | "breed" | "bleed" | "greed" | "succeed" | "exceed" | "proceed"
        )
    {
        // adjectival participles: "a still unspecified date", "the newly elected";
        // not an adverb before a verb ("secretly picked")
        let prev = if k > 0 { toks[k - 1].norm } else { "" };
        let before_prev = if k > 1 { toks[k - 2].norm } else { "" };
        if DETERMINERS.contains(&prev)
            || ((prev.ends_with("ly")
                || matches!(
                    prev,
                    "still" | "very" | "so" | "more" | "most" | "less" | "well" | "un"
                ))
                && DETERMINERS.contains(&before_prev))
        {
            return None;
        }
        return participle(Tense::Past);
    }
    None
}

/// The tense of the clause around tokens `start..end`: the nearest tense-bearing verb
/// before the expression in its sentence, else the nearest after it, else present.
pub(crate) fn clause_tense(lex: &Lexicon, toks: &[Tok<'_>], start: usize, end: usize) -> Tense {
    const WINDOW: usize = 20;
    // A fronted adverbial ("On Friday, …", "But in March a judge ruled"): its verb follows.
    let mut b = start;
    while b > 0
        && matches!(
            toks[b - 1].norm,
            "on" | "in"
                | "at"
                | "by"
                | "during"
                | "since"
                | "until"
                | "from"
                | "earlier"
                | "later"
                | "late"
                | "early"
        )
        && !toks[b].sentence_start
    {
        b -= 1;
    }
    let fronted = toks[b].sentence_start
        || (b > 0
            && matches!(
                toks[b - 1].norm,
                "," | "but" | "and" | "then" | "so" | "\u{201c}" | "\""
            ));
    // "Friday's attack", "Wednesday's ruling": what a possessive date names has
    // happened (not after "ahead of", "before", "for": "ahead of Sunday's vote")
    if toks.get(end).is_some_and(|t| t.norm == "'")
        && toks
            .get(end + 1)
            .is_some_and(|t| t.norm == "s" && !t.space_before)
        && !(start > 0 && matches!(toks[start - 1].norm, "of" | "before" | "for" | "until"))
    {
        return Tense::Past;
    }
    // "postponed until Tuesday", "as soon as Monday": a deadline ahead, unless the
    // clause is a past perfect or a negated past ("until Thursday, they had not …",
    // "did not arrive until Monday")
    if start > 0 && matches!(toks[start - 1].norm, "until" | "till") {
        if past_perfect_or_negated_past(toks, start, end) {
            return Tense::Past;
        }
        return Tense::Future;
    }
    // "a new contract effective Feb. 1": a date something takes effect, ahead
    if start > 0 && toks[start - 1].norm == "effective" {
        return Tense::Future;
    }
    if start >= 3
        && toks[start - 3].norm == "as"
        && matches!(toks[start - 2].norm, "soon" | "early")
        && toks[start - 1].norm == "as"
    {
        return Tense::Future;
    }
    // Finite verbs first; an infinitive ("agreed to reach … in July") only when the
    // clause has no finite verb.
    for weak in [false, true] {
        let found = if fronted {
            scan_forward(lex, toks, end, WINDOW, weak)
                .or_else(|| scan_back(lex, toks, start, WINDOW, weak))
        } else {
            scan_back(lex, toks, start, WINDOW, weak)
                .or_else(|| scan_forward(lex, toks, end, WINDOW, weak))
        };
        if let Some(t) = found {
            return t;
        }
    }
    Tense::Present
}

/// Whether the sentence around `start..end` (up to 12 tokens either way) has a past
/// perfect ("had") or a negated past ("did not", "wasn't").
fn past_perfect_or_negated_past(toks: &[Tok<'_>], start: usize, end: usize) -> bool {
    const REACH: usize = 12;
    let negated_past = |k: usize| {
        matches!(toks[k].norm, "did" | "was" | "were" | "could")
            && toks
                .get(k + 1)
                .is_some_and(|n| matches!(n.norm, "not" | "n't" | "never"))
            || (matches!(toks[k].norm, "didn" | "wasn" | "weren" | "couldn")
                && toks.get(k + 1).is_some_and(|n| n.norm == "'"))
    };
    let mut k = start;
    while k > 0 && start - k < REACH && !toks[k].sentence_start {
        k -= 1;
        if toks[k].norm == "had" || negated_past(k) {
            return true;
        }
    }
    let mut k = end;
    while k < toks.len() && k - end < REACH && !toks[k].sentence_start {
        if toks[k].norm == "had" || negated_past(k) {
            return true;
        }
        k += 1;
    }
    false
}

fn scan_back(
    lex: &Lexicon,
    toks: &[Tok<'_>],
    start: usize,
    window: usize,
    weak: bool,
) -> Option<Tense> {
    let mut k = start;
    let mut n = 0;
    while k > 0 && n < window {
        if toks[k].sentence_start {
            break;
        }
        k -= 1;
        n += 1;
        if matches!(toks[k].norm, ";" | "\u{2014}") {
            break;
        }
        if let Some(t) = verb_tense(lex, toks, k, weak) {
            return Some(t);
        }
    }
    None
}

fn scan_forward(
    lex: &Lexicon,
    toks: &[Tok<'_>],
    end: usize,
    window: usize,
    weak: bool,
) -> Option<Tense> {
    let mut k = end;
    let mut n = 0;
    while k < toks.len() && n < window {
        if toks[k].sentence_start || matches!(toks[k].norm, ";" | "\u{2014}") {
            break;
        }
        if let Some(t) = verb_tense(lex, toks, k, weak) {
            return Some(t);
        }
        k += 1;
        n += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_holiday_rules() {
        let easter = holiday_date(HolidayRule::Easter(0), 2019).unwrap();
        assert_eq!(day_value(easter), "2019-04-21");
        let tg = HolidayRule::Nth {
            month: 11,
            weekday: 4,
            n: 4,
        };
        assert_eq!(day_value(holiday_date(tg, 2019).unwrap()), "2019-11-28");
    }

    #[test]
    fn resolve_year_earlier_keeps_granularity() {
        assert_eq!(year_earlier("1989-Q3").as_deref(), Some("1988-Q3"));
        assert_eq!(year_earlier("1989").as_deref(), Some("1988"));
        assert_eq!(year_earlier("PRESENT_REF"), None);
    }
}
