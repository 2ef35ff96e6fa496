//! Evaluation on the event gold data: readers for PETRARCH-2's validation records
//! (`petrarch2-gsr`) and the PLOVER gold standard records (`plover-gsr`), and scoring that
//! follows the reference scorer `eval_events.py` measure for measure.
//!
//! petrarch2-gsr: micro P/R/F1 over per-sentence *sets* of (source, target, code) at
//! full code, root, country + code, dyad + root, code only, root only, and country +
//! PLOVER type. plover-gsr: PLOVER type accuracy and precision, source + type, triple.

use crate::codebook::Codebook;
use crate::Error;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The PETRARCH validation file name.
pub const PETR_FILE: &str = "PETR2_GSR_validation.xml";
/// The PLOVER gold file name.
pub const PLOVER_FILE: &str = "PLOVER_GSR_CAMEO.json";

/// A gold event of petrarch2-gsr.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldEvent {
    /// Source actor code (normalised; empty for none).
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// CAMEO code.
    pub code: String,
}

/// A gold actor of plover-gsr.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldActor {
    /// The actor's words in the sentence.
    pub text: String,
    /// Its code (ISO3 or CAMEO-like), upper case.
    pub code: String,
}

/// One gold item (a sentence or a record).
#[derive(Clone, Debug)]
pub struct GoldItem {
    /// Item id.
    pub id: String,
    /// Date (`20080804`), when given.
    pub date: String,
    /// Category (petrarch2-gsr).
    pub category: String,
    /// The text to code.
    pub text: String,
    /// Gold events (petrarch2-gsr).
    pub events: Vec<GoldEvent>,
    /// Whether the item is marked as having no events.
    pub noevents: bool,
    /// PLOVER type (plover-gsr).
    pub plover_type: String,
    /// Gold sources (plover-gsr).
    pub sources: Vec<GoldActor>,
    /// Gold targets (plover-gsr).
    pub targets: Vec<GoldActor>,
}

/// Which gold set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dataset {
    /// PETRARCH-2 validation sentences.
    Petrarch2Gsr,
    /// PLOVER gold standard records.
    PloverGsr,
}

impl Dataset {
    /// Its name as the scorer prints it.
    pub fn name(self) -> &'static str {
        match self {
            Dataset::Petrarch2Gsr => "petrarch2-gsr",
            Dataset::PloverGsr => "plover-gsr",
        }
    }
}

/// A predicted event as the scorer reads it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PredEvent {
    /// Source actor code (or text); empty for none.
    pub source: String,
    /// Target actor code (or text).
    pub target: String,
    /// CAMEO code.
    pub code: String,
    /// PLOVER type (wins over `code` where the scorer maps types).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub plover: String,
    /// Source words.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source_text: String,
    /// Target words.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub target_text: String,
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn attrs(s: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut rest = s;
    while let Some(eq) = rest.find("=\"") {
        let key = rest[..eq]
            .trim()
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_string();
        let after = &rest[eq + 2..];
        let Some(end) = after.find('"') else { break };
        out.insert(key, unescape(&after[..end]));
        rest = &after[end + 1..];
    }
    out
}

/// Normalises an actor code as the scorer does: upper case, no spaces, `---` is none.
pub fn norm_actor(s: &str) -> String {
    let u: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if u.trim_matches('-').is_empty() {
        String::new()
    } else {
        u
    }
}

/// The country part of an actor code (its first three characters; `---` is none).
pub fn country(code: &str) -> String {
    let c: String = code.chars().take(3).collect();
    if c.trim_matches('-').is_empty() {
        String::new()
    } else {
        c
    }
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        source: e,
    })
}

fn gold_err(path: &Path, m: impl Into<String>) -> Error {
    Error::Gold {
        path: path.display().to_string(),
        message: m.into(),
    }
}

/// Reads PETRARCH's pseudo-XML validation records.
pub fn read_petrarch(path: &Path) -> Result<Vec<GoldItem>, Error> {
    let text = read(path)?;
    let mut items = Vec::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("<Sentence ") {
        let rec_all = &rest[i..];
        let end = rec_all
            .find("</Sentence>")
            .ok_or_else(|| gold_err(path, "a <Sentence> without </Sentence>"))?;
        let rec = &rec_all[..end];
        rest = &rec_all[end + 11..];
        let head_end = rec.find('>').unwrap_or(rec.len());
        let a = attrs(&rec[..head_end]);
        let id = a
            .get("id")
            .cloned()
            .ok_or_else(|| gold_err(path, "a <Sentence> without id"))?;
        let body = |tag: &str| -> Option<String> {
            let o = format!("<{tag}>");
            let c = format!("</{tag}>");
            let s = rec.find(&o)? + o.len();
            let e = rec[s..].find(&c)? + s;
            Some(rec[s..e].to_string())
        };
        let text = body("Text")
            .map(|t| {
                unescape(&t)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        let mut it = GoldItem {
            id: id.clone(),
            date: a.get("date").cloned().unwrap_or_default(),
            category: a.get("category").cloned().unwrap_or_default(),
            text,
            events: Vec::new(),
            noevents: false,
            plover_type: String::new(),
            sources: Vec::new(),
            targets: Vec::new(),
        };
        let mut r = rec;
        let mut any = false;
        while let Some(k) = r.find("<EventCoding") {
            let tail = &r[k + 12..];
            let e = tail.find('>').unwrap_or(tail.len());
            let c = attrs(&tail[..e]);
            any = true;
            r = &tail[e..];
            if c.get("noevents")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
            {
                it.noevents = true;
                continue;
            }
            it.events.push(GoldEvent {
                source: norm_actor(c.get("sourcecode").map(String::as_str).unwrap_or("")),
                target: norm_actor(c.get("targetcode").map(String::as_str).unwrap_or("")),
                code: c
                    .get("eventcode")
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default(),
            });
        }
        if !any {
            return Err(gold_err(
                path,
                format!("sentence {id} has no <EventCoding>"),
            ));
        }
        items.push(it);
    }
    if items.is_empty() {
        return Err(gold_err(path, "no <Sentence> records"));
    }
    Ok(items)
}

fn actor_list(v: &serde_json::Value) -> Vec<GoldActor> {
    let Some(arr) = v.as_array() else {
        return Vec::new();
    };
    arr.iter()
        .filter_map(|a| {
            let text = a
                .get("actorText")
                .and_then(|x| x.as_str())
                .unwrap_or("")
                .to_string();
            let code = a
                .get("code")
                .and_then(|x| x.as_str())
                .unwrap_or("")
                .trim()
                .to_uppercase();
            (!text.is_empty() || !code.is_empty()).then_some(GoldActor { text, code })
        })
        .collect()
}

/// Reads the PLOVER gold standard records (the `DOCUMENT` header record is skipped; a
/// repeated id becomes `<id>#2`).
pub fn read_plover(path: &Path) -> Result<Vec<GoldItem>, Error> {
    let text = read(path)?;
    let data: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| gold_err(path, format!("not JSON: {e}")))?;
    let arr = data
        .as_array()
        .ok_or_else(|| gold_err(path, "expected a JSON array of records"))?;
    let mut items = Vec::new();
    let mut seen = BTreeSet::new();
    for (k, r) in arr.iter().enumerate() {
        let id = match r.get("id") {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(v) if !v.is_null() => v.to_string(),
            _ => return Err(gold_err(path, format!("record {k} has no id"))),
        };
        let typ = r
            .get("event")
            .and_then(|x| x.as_str())
            .unwrap_or("")
            .trim()
            .to_uppercase();
        if typ == "DOCUMENT" {
            continue;
        }
        if typ.is_empty() {
            return Err(gold_err(path, format!("record {id} has no event type")));
        }
        let mut rid = id.clone();
        let mut n = 2;
        while seen.contains(&rid) {
            rid = format!("{id}#{n}");
            n += 1;
        }
        seen.insert(rid.clone());
        let text = r
            .get("text")
            .and_then(|x| x.as_str())
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        items.push(GoldItem {
            id: rid,
            date: r
                .get("date")
                .and_then(|x| x.as_str())
                .unwrap_or("")
                .to_string(),
            category: String::new(),
            text,
            events: Vec::new(),
            noevents: false,
            plover_type: typ,
            sources: actor_list(r.get("source").unwrap_or(&serde_json::Value::Null)),
            targets: actor_list(r.get("target").unwrap_or(&serde_json::Value::Null)),
        });
    }
    Ok(items)
}

/// Finds the gold files under `dir`: the file itself, the folder holding it, or the
/// `events/` folder holding both datasets.
pub fn resolve_gold(dir: &Path) -> Result<Vec<(Dataset, PathBuf, Vec<GoldItem>)>, Error> {
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = Vec::new();
    if dir.is_file() {
        files.push(dir.to_path_buf());
    } else if dir.is_dir() {
        for c in [
            dir.join(PETR_FILE),
            dir.join("petrarch2-gsr").join(PETR_FILE),
            dir.join(PLOVER_FILE),
            dir.join("plover-gsr").join(PLOVER_FILE),
        ] {
            if c.is_file() {
                files.push(c);
            }
        }
        if files.is_empty() {
            return Err(gold_err(
                dir,
                format!("no {PETR_FILE} or {PLOVER_FILE} here or in petrarch2-gsr/ plover-gsr/"),
            ));
        }
    } else {
        return Err(gold_err(dir, "no such file or folder"));
    }
    for f in files {
        if f.extension().is_some_and(|e| e == "json") {
            out.push((Dataset::PloverGsr, f.clone(), read_plover(&f)?));
        } else {
            out.push((Dataset::Petrarch2Gsr, f.clone(), read_petrarch(&f)?));
        }
    }
    Ok(out)
}

/// The CAMEO → PLOVER lookups the scorer uses, from our mapping table.
pub struct PloverNames<'a> {
    cb: &'a Codebook,
}

impl<'a> PloverNames<'a> {
    /// Over a codebook.
    pub fn new(cb: &'a Codebook) -> PloverNames<'a> {
        PloverNames { cb }
    }

    fn row(&self, code: &str) -> Option<(String, String)> {
        // the reference table has no rows for 01/02: our REQUEST rows for 02 are ours
        if code.is_empty() || code.starts_with("01") || code.starts_with("02") {
            return None;
        }
        self.cb
            .plover(code)
            .map(|p| (p.event_type.clone(), p.mode.clone().unwrap_or_default()))
    }

    /// PLOVER 2021 type of a code (empty when none).
    pub fn type2021(&self, code: &str) -> String {
        self.row(code).map(|r| r.0).unwrap_or_default()
    }

    /// The PLOVER 0.5 type names the plover-gsr uses.
    pub fn type_gsr(&self, code: &str) -> String {
        let Some((t, mode)) = self.row(code) else {
            return String::new();
        };
        if code.starts_with("19") {
            return "FIGHT".into();
        }
        match t.as_str() {
            "REQUEST" => "DEMAND".into(),
            "ACCUSE" if mode.starts_with("investigate") => "INVESTIGATE".into(),
            "ACCUSE" => "DISAPPROVE".into(),
            _ => t,
        }
    }
}

pub use dateline_core::metrics::Prf;

fn round4(x: f64) -> f64 {
    (x * 10000.0).round() / 10000.0
}

fn prf(tp: usize, pred: usize, gold: usize) -> Prf {
    let p = Prf::new(tp, pred, gold);
    Prf {
        precision: round4(p.precision),
        recall: round4(p.recall),
        f1: round4(p.f1),
        ..p
    }
}

/// The petrarch2-gsr levels, in the scorer's order.
pub const PETR_LEVELS: [&str; 7] = [
    "full",
    "root",
    "country_full",
    "dyad_root",
    "code",
    "code_root",
    "plover_dyad",
];

fn petr_key(
    level: &str,
    s: &str,
    t: &str,
    c: &str,
    plover: &str,
    names: &PloverNames,
) -> Option<Vec<String>> {
    let root: String = c.chars().take(2).collect();
    Some(match level {
        "full" => vec![s.into(), t.into(), c.into()],
        "root" => vec![s.into(), t.into(), root],
        "country_full" => vec![country(s), country(t), c.into()],
        "dyad_root" => vec![country(s), country(t), root],
        "code" => vec![c.into()],
        "code_root" => vec![root],
        "plover_dyad" => {
            let typ = if plover.is_empty() {
                names.type2021(c)
            } else {
                plover.to_string()
            };
            if typ.is_empty() {
                return None;
            }
            vec![country(s), country(t), typ]
        }
        _ => return None,
    })
}

/// Scores of petrarch2-gsr.
#[derive(Clone, Debug, Serialize)]
pub struct PetrarchScore {
    /// Sentences.
    pub items: usize,
    /// Gold events.
    pub gold_events: usize,
    /// Predicted events.
    pub pred_events: usize,
    /// P/R/F1 per level.
    pub levels: BTreeMap<String, Prf>,
    /// Share of sentences whose predicted set equals the gold set, per level.
    pub exact_set: BTreeMap<String, f64>,
    /// Sentences with no gold events.
    pub no_event_items: usize,
    /// Share of those left without predictions.
    pub no_event_accuracy: Option<f64>,
    /// Events predicted on them.
    pub events_predicted_on_no_event_items: usize,
}

/// Scores petrarch2-gsr predictions (`preds` by item id; a missing id counts as none).
pub fn score_petrarch(
    items: &[GoldItem],
    preds: &HashMap<String, Vec<PredEvent>>,
    names: &PloverNames,
) -> PetrarchScore {
    let mut tot: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut exact: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut noev_n, mut noev_silent, mut fp_noev) = (0, 0, 0);
    let empty = Vec::new();
    for it in items {
        let pev = preds.get(&it.id).unwrap_or(&empty);
        for lv in PETR_LEVELS {
            let g: BTreeSet<Vec<String>> = it
                .events
                .iter()
                .filter_map(|e| petr_key(lv, &e.source, &e.target, &e.code, "", names))
                .collect();
            let p: BTreeSet<Vec<String>> = pev
                .iter()
                .filter_map(|e| {
                    petr_key(
                        lv,
                        &norm_actor(&e.source),
                        &norm_actor(&e.target),
                        &e.code,
                        &e.plover,
                        names,
                    )
                })
                .collect();
            let tp = g.intersection(&p).count();
            let acc = tot.entry(lv).or_default();
            acc.0 += tp;
            acc.1 += p.len();
            acc.2 += g.len();
            if g == p {
                *exact.entry(lv).or_default() += 1;
            }
        }
        if it.noevents || it.events.is_empty() {
            noev_n += 1;
            noev_silent += usize::from(pev.is_empty());
            fp_noev += pev.len();
        }
    }
    let n = items.len();
    PetrarchScore {
        items: n,
        gold_events: items.iter().map(|i| i.events.len()).sum(),
        pred_events: items
            .iter()
            .map(|i| preds.get(&i.id).map_or(0, Vec::len))
            .sum(),
        levels: tot
            .iter()
            .map(|(k, v)| (k.to_string(), prf(v.0, v.1, v.2)))
            .collect(),
        exact_set: PETR_LEVELS
            .iter()
            .map(|lv| {
                (
                    lv.to_string(),
                    if n > 0 {
                        round4(*exact.get(lv).unwrap_or(&0) as f64 / n as f64)
                    } else {
                        0.0
                    },
                )
            })
            .collect(),
        no_event_items: noev_n,
        no_event_accuracy: (noev_n > 0).then(|| round4(noev_silent as f64 / noev_n as f64)),
        events_predicted_on_no_event_items: fp_noev,
    }
}

fn tokens(s: &str) -> Vec<String> {
    let low = s.to_lowercase();
    let mut t: Vec<String> = low
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    if t.first().is_some_and(|w| w == "the") {
        t.remove(0);
    }
    t
}

fn contains_seq(hay: &[String], needle: &[String]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

fn code_like(s: &str) -> bool {
    s.len() >= 3
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

/// The scorer's actor match: a code by its first three letters (with the gold's JAP, ITL,
/// VTN aliases), or words equal to / containing the gold actor text.
pub fn actor_match(code: &str, text: &str, gold: &[GoldActor]) -> bool {
    let mut cands = Vec::new();
    if !code.is_empty() && code_like(code) {
        cands.push(code.chars().take(3).collect::<String>());
    }
    let texts: Vec<&str> = [text, if cands.is_empty() { code } else { "" }]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect();
    for g in gold {
        let gc: String = g.code.chars().take(3).collect();
        if !gc.is_empty() {
            let alias = match gc.as_str() {
                "JAP" => "JPN",
                "ITL" => "ITA",
                "VTN" => "VNM",
                x => x,
            };
            if cands.iter().any(|c| *c == gc || c == alias) {
                return true;
            }
        }
        let gt = tokens(&g.text);
        if gt.is_empty() {
            continue;
        }
        for x in &texts {
            let pt = tokens(x);
            if pt == gt || (pt.len() <= gt.len() + 5 && contains_seq(&pt, &gt)) {
                return true;
            }
        }
    }
    false
}

/// Scores of plover-gsr.
#[derive(Clone, Debug, Serialize)]
pub struct PloverScore {
    /// Records.
    pub items: usize,
    /// Predicted events.
    pub pred_events: usize,
    /// Share of records where some predicted event has the gold type.
    pub type_accuracy: f64,
    /// Mean over records with a typed prediction of hit / number of distinct types.
    pub type_precision: f64,
    /// Harmonic mean of the two.
    pub type_f1: f64,
    /// Records with a gold source.
    pub items_with_source: usize,
    /// Share of those with an event of the gold type from a gold source.
    pub source_type: Option<f64>,
    /// ... and the right target (or none when gold has none).
    pub triple: Option<f64>,
    /// Records with a gold source and target.
    pub items_with_source_and_target: usize,
    /// Triple on those.
    pub triple_with_target: Option<f64>,
    /// Per gold type: (gold, correct).
    pub by_type: BTreeMap<String, (usize, usize)>,
}

/// Scores plover-gsr predictions.
pub fn score_plover(
    items: &[GoldItem],
    preds: &HashMap<String, Vec<PredEvent>>,
    names: &PloverNames,
) -> PloverScore {
    let n = items.len();
    let (mut acc, mut prec_sum, mut typed_items) = (0usize, 0.0f64, 0usize);
    let (mut with_src, mut with_both, mut st, mut tri, mut tri_both) = (0, 0, 0, 0, 0);
    let mut by_type: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let empty = Vec::new();
    for it in items {
        let pev = preds.get(&it.id).unwrap_or(&empty);
        let types: Vec<String> = pev
            .iter()
            .map(|e| {
                if e.plover.is_empty() {
                    names.type_gsr(&e.code)
                } else {
                    e.plover.to_uppercase()
                }
            })
            .collect();
        let distinct: BTreeSet<&String> = types.iter().filter(|t| !t.is_empty()).collect();
        let hit = distinct.contains(&it.plover_type);
        acc += usize::from(hit);
        if !distinct.is_empty() {
            typed_items += 1;
            prec_sum += if hit { 1.0 } else { 0.0 } / distinct.len() as f64;
        }
        let bt = by_type.entry(it.plover_type.clone()).or_default();
        bt.0 += 1;
        bt.1 += usize::from(hit);
        if !it.sources.is_empty() {
            with_src += 1;
            let both = !it.targets.is_empty();
            with_both += usize::from(both);
            let (mut ok_st, mut ok_tri) = (false, false);
            for (e, t) in pev.iter().zip(&types) {
                if *t != it.plover_type || !actor_match(&e.source, &e.source_text, &it.sources) {
                    continue;
                }
                ok_st = true;
                let tgt_ok = if both {
                    actor_match(&e.target, &e.target_text, &it.targets)
                } else {
                    norm_actor(&e.target).is_empty() && e.target_text.is_empty()
                };
                if tgt_ok {
                    ok_tri = true;
                    break;
                }
            }
            st += usize::from(ok_st);
            tri += usize::from(ok_tri);
            tri_both += usize::from(ok_tri && both);
        }
    }
    let ta = if n > 0 { acc as f64 / n as f64 } else { 0.0 };
    let tp = if typed_items > 0 && prec_sum > 0.0 {
        prec_sum / typed_items as f64
    } else {
        0.0
    };
    PloverScore {
        items: n,
        pred_events: items
            .iter()
            .map(|i| preds.get(&i.id).map_or(0, Vec::len))
            .sum(),
        type_accuracy: round4(ta),
        type_precision: round4(tp),
        type_f1: if ta + tp > 0.0 {
            round4(2.0 * ta * tp / (ta + tp))
        } else {
            0.0
        },
        items_with_source: with_src,
        source_type: (with_src > 0).then(|| round4(st as f64 / with_src as f64)),
        triple: (with_src > 0).then(|| round4(tri as f64 / with_src as f64)),
        items_with_source_and_target: with_both,
        triple_with_target: (with_both > 0).then(|| round4(tri_both as f64 / with_both as f64)),
        by_type,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, events: &[(&str, &str, &str)]) -> GoldItem {
        GoldItem {
            id: id.into(),
            date: String::new(),
            category: String::new(),
            text: String::new(),
            events: events
                .iter()
                .map(|(s, t, c)| GoldEvent {
                    source: s.to_string(),
                    target: t.to_string(),
                    code: c.to_string(),
                })
                .collect(),
            noevents: events.is_empty(),
            plover_type: String::new(),
            sources: Vec::new(),
            targets: Vec::new(),
        }
    }

    fn pe(s: &str, t: &str, c: &str) -> PredEvent {
        PredEvent {
            source: s.into(),
            target: t.into(),
            code: c.into(),
            ..Default::default()
        }
    }

    #[test]
    fn eval_petrarch_levels_reduce_like_the_scorer() {
        let cb = Codebook::builtin();
        let names = PloverNames::new(&cb);
        let items = vec![item("x", &[("USAGOV", "RUS", "0352")]), item("y", &[])];
        let mut preds = HashMap::new();
        preds.insert("x".to_string(), vec![pe("USA", "RUSMIL", "035")]);
        let r = score_petrarch(&items, &preds, &names);
        assert_eq!(r.levels["full"].f1, 0.0);
        assert_eq!(r.levels["dyad_root"].f1, 1.0);
        assert_eq!(r.levels["country_full"].f1, 0.0);
        preds.insert(
            "x".to_string(),
            vec![
                pe("USAGOV", "RUS", "0352"),
                pe("USAGOV", "RUS", "0352"),
                pe("---", "", "190"),
            ],
        );
        preds.insert("y".to_string(), vec![pe("USA", "", "010")]);
        let r = score_petrarch(&items, &preds, &names);
        assert_eq!(r.levels["full"].precision, 0.3333);
        assert_eq!(r.levels["full"].recall, 1.0);
        assert_eq!(r.no_event_accuracy, Some(0.0));
    }

    #[test]
    fn eval_plover_actor_match_and_type_precision() {
        let cb = Codebook::builtin();
        let names = PloverNames::new(&cb);
        let mut it = item("p", &[]);
        it.plover_type = "DEMAND".into();
        it.sources = vec![GoldActor {
            text: "Japan".into(),
            code: "JAP".into(),
        }];
        let items = vec![it];
        let mut preds = HashMap::new();
        preds.insert("p".to_string(), vec![pe("JPNGOV", "", "1041")]);
        let r = score_plover(&items, &preds, &names);
        assert_eq!((r.type_accuracy, r.triple), (1.0, Some(1.0)));
        preds.insert(
            "p".to_string(),
            vec![
                pe("Israel", "", ""),
                PredEvent {
                    plover: "DEMAND".into(),
                    source: "Israel".into(),
                    ..Default::default()
                },
            ],
        );
        let r = score_plover(&items, &preds, &names);
        assert_eq!(r.source_type, Some(0.0));
        let many = ["DEMAND", "AGREE", "REJECT", "THREATEN"]
            .iter()
            .map(|t| PredEvent {
                plover: t.to_string(),
                ..Default::default()
            })
            .collect();
        preds.insert("p".to_string(), many);
        let r = score_plover(&items, &preds, &names);
        assert_eq!((r.type_accuracy, r.type_precision), (1.0, 0.25));
    }
}
