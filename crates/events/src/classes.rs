//! Sentence-level class evaluations: the main event of a sentence or snippet reduced to
//! a coarse class, for gold sets that label classes rather than coded events.
//!
//! * **conflibert-cameo** (`cameo_class/train.tsv`, `sentence<TAB>label`): the 5-way
//!   CAMEO "penta-class" of the sentence's main event, inferred from the examples (the
//!   repository does not document it): 0 statements and appeals (01–02), 1 verbal
//!   cooperation (03–05), 2 material cooperation (06–08), 3 verbal conflict (09–13),
//!   4 material conflict (14–20). A sentence where we code no event is predicted 0.
//! * **case2021-task2** (`id<TAB>EventSnippet<TAB>SubType`, ACLED-style sub-event
//!   types): both the gold sub-type and our main event are reduced to seven coarse
//!   classes by the two documented tables below ([`case_coarse`], [`event_coarse`]).
//!
//! The main event is the most confident asserted, non-hypothetical event; ties go to
//! the first in the text.

use crate::Error;
use dateline_core::{Event, Modality, Polarity};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One labelled sentence or snippet.
#[derive(Clone, Debug)]
pub struct ClassItem {
    /// Id (the line number for conflibert-cameo).
    pub id: String,
    /// The text.
    pub text: String,
    /// The gold class.
    pub label: String,
}

/// Reads conflibert-cameo `train.tsv` / `test.tsv`.
pub fn read_conflibert(path: &Path) -> Result<Vec<ClassItem>, Error> {
    let text = read(path)?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (s, l) = line.rsplit_once('\t').ok_or_else(|| Error::Gold {
            path: path.display().to_string(),
            message: format!("line {}: expected sentence<TAB>label", i + 1),
        })?;
        let l = l.trim();
        if !matches!(l, "0" | "1" | "2" | "3" | "4") {
            return Err(Error::Gold {
                path: path.display().to_string(),
                message: format!("line {}: label {l:?} is not 0-4", i + 1),
            });
        }
        out.push(ClassItem {
            id: (i + 1).to_string(),
            text: s.to_string(),
            label: l.to_string(),
        });
    }
    Ok(out)
}

/// Reads the CASE 2021 task 2 TSV (header `id EventSnippet SubType`).
pub fn read_case2021(path: &Path) -> Result<Vec<ClassItem>, Error> {
    let text = read(path)?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 {
            return Err(Error::Gold {
                path: path.display().to_string(),
                message: format!("line {}: expected id<TAB>EventSnippet<TAB>SubType", i + 1),
            });
        }
        out.push(ClassItem {
            id: f[0].to_string(),
            text: f[1].to_string(),
            label: case_coarse(f[2].trim()).to_string(),
        });
    }
    Ok(out)
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })
}

/// The main event of a text: the most confident asserted, non-hypothetical event.
pub fn main_event(events: &[Event]) -> Option<&Event> {
    events
        .iter()
        .filter(|e| e.polarity == Polarity::Asserted && e.modality != Modality::Hypothetical)
        .fold(None, |best: Option<&Event>, e| match best {
            Some(b) if b.confidence >= e.confidence => Some(b),
            _ => Some(e),
        })
}

/// The CAMEO penta-class (0–4) of a code.
pub fn penta_class(cameo: &str) -> &'static str {
    match cameo.get(..2).and_then(|r| r.parse::<u8>().ok()) {
        Some(1..=2) => "0",
        Some(3..=5) => "1",
        Some(6..=8) => "2",
        Some(9..=13) => "3",
        Some(14..=20) => "4",
        _ => "0",
    }
}

/// CASE 2021 / ACLED sub-event type → coarse class.
pub fn case_coarse(subtype: &str) -> &'static str {
    match subtype {
        "PEACE_PROTEST" | "PROTEST_WITH_INTER" => "protest",
        "VIOL_DEMONSTR" | "MOB_VIOL" => "riot",
        "ARMED_CLASH"
        | "ATTACK"
        | "AIR_STRIKE"
        | "ART_MISS_ATTACK"
        | "GRENADE"
        | "SUIC_BOMB"
        | "REM_EXPLOS"
        | "CHEM_WEAP"
        | "SEX_VIOL"
        | "ABDUCT_DISSAP"
        | "FORCE_AGAINST_PROTEST" => "violence",
        "PROPERTY_DISTRUCT" => "property",
        "AGREEMENT" => "agreement",
        "ARREST" => "arrest",
        "GOV_REGAINS_TERIT" | "NON_STATE_ACTOR_OVERTAKES_TER" | "NON_VIOL_TERRIT_TRANSFER" => {
            "territory"
        }
        _ => "other",
    }
}

/// Our event → the same coarse classes: CAMEO 141–144 protest, 145 riot, 18–20 and 19x
/// violence (1712 property destruction and 192 occupation are their own), 03/057/06x
/// agreements, 173 arrests; everything else other.
pub fn event_coarse(e: Option<&Event>) -> &'static str {
    let Some(e) = e else { return "other" };
    let c = e.cameo.as_str();
    if c.starts_with("145") {
        "riot"
    } else if c.starts_with("14") {
        "protest"
    } else if c.starts_with("1712") {
        "property"
    } else if c.starts_with("192") {
        "territory"
    } else if c.starts_with("18") || c.starts_with("19") || c.starts_with("20") || c == "175" {
        "violence"
    } else if c.starts_with("173") {
        "arrest"
    } else if c.starts_with("03") || c.starts_with("057") || c.starts_with("06") {
        "agreement"
    } else {
        "other"
    }
}

/// Accuracy and per-class scores.
#[derive(Clone, Debug, Serialize)]
pub struct ClassScore {
    /// Items scored.
    pub items: usize,
    /// Items where we coded at least one event.
    pub with_event: usize,
    /// Share of items whose predicted class is the gold class.
    pub accuracy: f64,
    /// Unweighted mean F1 over the gold classes.
    pub macro_f1: f64,
    /// Accuracy of always answering the most frequent gold class.
    pub majority_baseline: f64,
    /// Per class: (gold, predicted, correct, F1).
    pub per_class: BTreeMap<String, (usize, usize, usize, f64)>,
}

/// Scores predicted classes against gold ones (same order).
pub fn score(gold: &[String], pred: &[String], with_event: usize) -> ClassScore {
    let mut per: BTreeMap<String, (usize, usize, usize, f64)> = BTreeMap::new();
    let mut ok = 0;
    for (g, p) in gold.iter().zip(pred) {
        per.entry(g.clone()).or_default().0 += 1;
        per.entry(p.clone()).or_default().1 += 1;
        if g == p {
            ok += 1;
            per.entry(g.clone()).or_default().2 += 1;
        }
    }
    let mut f1s = Vec::new();
    for v in per.values_mut() {
        let f = dateline_core::metrics::f1(
            dateline_core::metrics::ratio(v.2, v.1),
            dateline_core::metrics::ratio(v.2, v.0),
        );
        v.3 = f;
        if v.0 > 0 {
            f1s.push(f);
        }
    }
    let n = gold.len();
    let majority = per.values().map(|v| v.0).max().unwrap_or(0);
    ClassScore {
        items: n,
        with_event,
        accuracy: dateline_core::metrics::ratio(ok, n),
        macro_f1: if f1s.is_empty() {
            0.0
        } else {
            f1s.iter().sum::<f64>() / f1s.len() as f64
        },
        majority_baseline: dateline_core::metrics::ratio(majority, n),
        per_class: per,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_penta_and_coarse_tables() {
        assert_eq!(penta_class("010"), "0");
        assert_eq!(penta_class("036"), "1");
        assert_eq!(penta_class("0841"), "2");
        assert_eq!(penta_class("120"), "3");
        assert_eq!(penta_class("190"), "4");
        assert_eq!(case_coarse("AIR_STRIKE"), "violence");
        assert_eq!(case_coarse("PEACE_PROTEST"), "protest");
        assert_eq!(case_coarse("DIPLO"), "other");
    }

    #[test]
    fn classes_score_counts_accuracy_and_macro_f1() {
        let g: Vec<String> = ["a", "a", "b", "b"].iter().map(|s| s.to_string()).collect();
        let p: Vec<String> = ["a", "b", "b", "b"].iter().map(|s| s.to_string()).collect();
        let s = score(&g, &p, 4);
        assert!((s.accuracy - 0.75).abs() < 1e-9);
        assert!((s.majority_baseline - 0.5).abs() < 1e-9);
        // a: P 1, R .5, F .667; b: P .667, R 1, F .8
        assert!((s.macro_f1 - (2.0 / 3.0 + 0.8) / 2.0).abs() < 1e-6);
    }

    #[test]
    fn classes_bad_label_names_file_and_line() {
        let dir = std::env::temp_dir().join(format!("dl-classes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("train.tsv");
        std::fs::write(&f, "A sentence.\t2\nAnother.\t7\n").unwrap();
        let e = read_conflibert(&f).unwrap_err().to_string();
        assert!(e.contains("train.tsv") && e.contains("line 2"), "{e}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
