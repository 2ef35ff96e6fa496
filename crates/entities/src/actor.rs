//! Actor codes: people by their dated tenures, countries, capitals standing for
//! governments, organisations, and role phrases ("Japan's foreign minister").

use crate::lexicon::{parse_ymd, Entry, Lexicon, Person, Tenure, Ymd};
use crate::simple;
use dateline_core::ActorCode;

/// The tenure of `p` that applies on `date` (or the latest one when the date is
/// unknown), with its confidence.
pub fn person_tenure(p: &Person, date: Option<Ymd>) -> Option<(&Tenure, f32)> {
    let Some(d) = date else {
        let t = p
            .tenures
            .iter()
            .filter(|t| t.start.is_some())
            .max_by_key(|t| (t.start, !t.code.ends_with("ELI")))?;
        return Some((t, 0.4));
    };
    let rank = |t: &Tenure| {
        (
            t.start.is_some() || t.end.is_some(),
            !t.code.ends_with("ELI"),
            t.role.is_some(),
            t.start,
        )
    };
    let best = p
        .tenures
        .iter()
        .filter(|t| t.covers(d))
        .max_by_key(|t| rank(t))?;
    let dated = best.start.is_some() || best.end.is_some();
    let conf = if !dated {
        0.4
    } else if best.end.is_none() && d > best.checked {
        0.5
    } else {
        0.9
    };
    Some((best, conf))
}

/// Describes a tenure as evidence.
pub fn tenure_evidence(name: &str, t: &Tenure) -> String {
    let fmt = |d: Option<Ymd>| {
        d.map(|d| format!("{:04}-{:02}-{:02}", d / 10000, d / 100 % 100, d % 100))
            .unwrap_or_default()
    };
    let mut s = format!(
        "lexicon: {name} {} {}..{} ({})",
        t.code,
        fmt(t.start),
        fmt(t.end),
        t.source
    );
    if let Some(r) = &t.role {
        s.push_str(&format!(", {r}"));
    }
    s
}

/// Country and sector a role phrase implies ("U.S. President" → USA, GOV), with
/// the pieces that gave them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoleReading {
    /// ISO3 country named in the phrase.
    pub country: Option<String>,
    /// Sector code of the longest role word.
    pub sector: Option<String>,
    /// The role word found.
    pub role_word: Option<String>,
    /// Whether the phrase says "former".
    pub former: bool,
}

/// Reads a role phrase with the lexicon.
pub fn read_role(lx: &Lexicon, phrase: &str) -> RoleReading {
    let toks = simple::tokenize(phrase);
    let starts: Vec<usize> = toks.iter().map(|t| t.0).collect();
    let mut ends: Vec<usize> = toks.iter().map(|t| t.1).collect();
    ends.sort_unstable();
    let mut out = RoleReading {
        former: phrase
            .to_lowercase()
            .split_whitespace()
            .any(|w| w == "former" || w == "ex"),
        ..RoleReading::default()
    };
    let mut best_len = 0;
    for m in lx.find(phrase, &starts, &ends, true) {
        for e in &m.entries {
            match *e {
                Entry::Country(i) | Entry::CountryAdj(i) if out.country.is_none() => {
                    out.country = Some(lx.countries[i as usize].iso3.clone());
                }
                Entry::Role(i) if m.end - m.start > best_len => {
                    let r = &lx.roles[i as usize];
                    if r.sector.is_some() {
                        best_len = m.end - m.start;
                        out.sector = r.sector.clone();
                        out.role_word = Some(r.phrase.clone());
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// Combines a country and a sector into a code ("JPN" + "GOV" → "JPNGOV").
pub fn compose(country: Option<&str>, sector: Option<&str>) -> Option<String> {
    match (country, sector) {
        (Some(c), Some(s)) => Some(format!("{c}{s}")),
        (Some(c), None) => Some(c.to_string()),
        (None, Some(s)) => Some(s.to_string()),
        (None, None) => None,
    }
}

/// The actor code of a name or role phrase on a date (`YYYY-MM-DD`; empty when
/// unknown), from the built-in lexicon: people with their tenures, countries, capitals
/// (for their governments), demonyms, organisations, and role phrases such as
/// "Japan's foreign minister".
pub fn resolve_actor(text: &str, date: &str) -> Option<ActorCode> {
    resolve_actor_with(Lexicon::shared(), text, parse_ymd(date))
}

/// [`resolve_actor`] with a given lexicon.
pub fn resolve_actor_with(lx: &Lexicon, text: &str, date: Option<Ymd>) -> Option<ActorCode> {
    let t = text
        .trim()
        .trim_start_matches("the ")
        .trim_start_matches("The ");
    if let Some(p) = lx.person(t) {
        if let Some((ten, conf)) = person_tenure(p, date) {
            return Some(ActorCode {
                code: ten.code.clone(),
                evidence: tenure_evidence(&p.name, ten),
                confidence: conf,
            });
        }
    }
    for e in lx.lookup(t) {
        let found = match *e {
            Entry::Country(i) => {
                let c = &lx.countries[i as usize];
                Some((c.iso3.clone(), format!("country name: {}", c.name), 0.9))
            }
            Entry::CountryAdj(i) => {
                let c = &lx.countries[i as usize];
                Some((c.iso3.clone(), format!("adjective of {}", c.name), 0.8))
            }
            Entry::Capital(i) => {
                let c = &lx.countries[i as usize];
                Some((
                    format!("{}GOV", c.iso3),
                    format!("capital of {} for its government", c.name),
                    0.6,
                ))
            }
            Entry::Org(i) => {
                let o = &lx.orgs[i as usize];
                Some((
                    o.code.clone(),
                    format!("lexicon organisation: {}", o.name),
                    0.85,
                ))
            }
            Entry::Surname(i) => {
                let p = &lx.people[i as usize];
                person_tenure(p, date)
                    .map(|(ten, c)| (ten.code.clone(), tenure_evidence(&p.name, ten), c * 0.7))
            }
            _ => None,
        };
        if let Some((code, evidence, confidence)) = found {
            return Some(ActorCode {
                code,
                evidence,
                confidence,
            });
        }
    }
    let r = read_role(lx, t);
    let sector = if r.former && r.sector.is_some() {
        Some("ELI".to_string())
    } else {
        r.sector.clone()
    };
    let code = compose(r.country.as_deref(), sector.as_deref())?;
    // a bare country inside a longer phrase is not this phrase's code
    r.sector.as_ref()?;
    Some(ActorCode {
        code,
        evidence: format!(
            "role phrase: {}{}",
            r.role_word.unwrap_or_default(),
            r.country
                .as_ref()
                .map(|c| format!(" of {c}"))
                .unwrap_or_default()
        ),
        confidence: if r.country.is_some() { 0.8 } else { 0.5 },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_tenure_follows_the_date() {
        assert_eq!(
            resolve_actor("Shinzo Abe", "2019-06-28").unwrap().code,
            "JPNGOV"
        );
        let later = resolve_actor("Shinzo Abe", "2025-03-01");
        assert!(
            later.as_ref().is_none_or(|a| a.code != "JPNGOV"),
            "{later:?}"
        );
        assert_eq!(
            resolve_actor("Shigeru Ishiba", "2025-03-01").unwrap().code,
            "JPNGOV"
        );
        assert_eq!(
            resolve_actor("Donald Trump", "2019-06-28").unwrap().code,
            "USAGOV"
        );
        assert_eq!(
            resolve_actor("Donald Trump", "2022-06-28").unwrap().code,
            "USAELI"
        );
        assert_eq!(
            resolve_actor("Joe Biden", "2022-06-28").unwrap().code,
            "USAGOV"
        );
    }

    #[test]
    fn actor_places_orgs_and_roles() {
        assert_eq!(resolve_actor("Tehran", "").unwrap().code, "IRNGOV");
        assert_eq!(
            resolve_actor("U.N. Security Council", "").unwrap().code,
            "IGOUNO"
        );
        assert_eq!(resolve_actor("North Korea", "").unwrap().code, "PRK");
        assert_eq!(
            resolve_actor("Japan's foreign minister", "").unwrap().code,
            "JPNGOV"
        );
        assert_eq!(resolve_actor("U.S. President", "").unwrap().code, "USAGOV");
        assert_eq!(
            resolve_actor("former U.S. President", "").unwrap().code,
            "USAELI"
        );
    }
}
