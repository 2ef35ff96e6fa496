//! Scoring quote attributions against PolNeAR gold (brat standoff: `Source`, `Cue`,
//! `Content` text-bound annotations linked by `Attribution` events).
//!
//! This follows the reference scorer `eval_quotes.py` step by step: spans are
//! character offsets into the article `.txt`; every span is normalised (whitespace
//! trimmed, touching fragments merged); predictions that share a cue and a source are
//! merged into one attribution; an attribution is *direct* when a quotation mark lies
//! within two characters of its content start; contents are matched one-to-one, exactly
//! or by overlap (largest overlap first); source and cue accuracy are measured on
//! matched pairs, and attribution P/R/F1 counts a match whose source is right too.

use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// A span as a sorted list of character fragments.
pub type Frags = Vec<(usize, usize)>;

/// One attribution (gold or predicted), normalised.
#[derive(Clone, Debug, PartialEq)]
pub struct Attr {
    /// Content fragments.
    pub content: Frags,
    /// Source fragments, when there is a source.
    pub source: Option<Frags>,
    /// Cue fragments, when there is a cue.
    pub cue: Option<Frags>,
    /// Direct (a quotation mark at the content start) or indirect.
    pub direct: bool,
}

/// A gold article.
#[derive(Clone, Debug)]
pub struct GoldDoc {
    /// File stem.
    pub name: String,
    /// The `.txt` as read (UTF-8, no newline translation).
    pub text: String,
    /// Its characters, for character offsets.
    pub chars: Vec<char>,
    /// Gold attributions (first annotator file in sorted order).
    pub attrs: Vec<Attr>,
}

/// Errors reading gold data.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    /// An I/O error on a path.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// A malformed file.
    #[error("{path}: {message}")]
    Format {
        /// The path.
        path: String,
        /// What is wrong.
        message: String,
    },
}

fn read(path: &Path) -> Result<String, GoldError> {
    std::fs::read_to_string(path).map_err(|source| GoldError::Io {
        path: path.display().to_string(),
        source,
    })
}

const QUOTE_MARKS: &[char] = &['"', '“', '”', '„', '‟', '«', '»', '‘'];

/// Trims whitespace, drops empty fragments, merges fragments that touch or are
/// separated only by whitespace.
pub fn normalise(chars: &[char], frags: &[(usize, usize)]) -> Frags {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &(mut s, mut e) in frags {
        e = e.min(chars.len());
        s = s.min(e);
        while s < e && chars[s].is_whitespace() {
            s += 1;
        }
        while e > s && chars[e - 1].is_whitespace() {
            e -= 1;
        }
        if s < e {
            out.push((s, e));
        }
    }
    out.sort();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in out {
        if let Some(last) = merged.last_mut() {
            if s <= last.1 || chars[last.1..s].iter().all(|c| c.is_whitespace()) {
                last.1 = last.1.max(e);
                continue;
            }
        }
        merged.push((s, e));
    }
    merged
}

/// Whether a content is direct: a quotation mark within two characters of its start.
pub fn is_direct(chars: &[char], content: &Frags) -> bool {
    let Some(&(s, _)) = content.first() else {
        return false;
    };
    let lo = s.saturating_sub(2);
    let hi = (s + 3).min(chars.len());
    let w: String = chars[lo..hi].iter().collect();
    w.chars().any(|c| QUOTE_MARKS.contains(&c)) || w.contains("''") || w.contains("``")
}

fn parse_ann(path: &Path, chars: &[char]) -> Result<Vec<Attr>, GoldError> {
    let text = read(path)?;
    let mut tb: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    let mut events: Vec<Vec<(String, String)>> = Vec::new();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        let mut cols = line.splitn(3, '\t');
        let (Some(id), Some(body)) = (cols.next(), cols.next()) else {
            continue;
        };
        if id.starts_with('T') && cols.next().is_some() {
            let Some((_label, offs)) = body.split_once(' ') else {
                continue;
            };
            let mut frags = Vec::new();
            for part in offs.split(';') {
                let nums: Vec<usize> = part
                    .split_whitespace()
                    .map(|x| x.parse::<usize>())
                    .collect::<Result<_, _>>()
                    .map_err(|e| GoldError::Format {
                        path: path.display().to_string(),
                        message: format!("bad offsets `{offs}`: {e}"),
                    })?;
                if nums.len() != 2 {
                    return Err(GoldError::Format {
                        path: path.display().to_string(),
                        message: format!("bad offsets `{offs}`"),
                    });
                }
                frags.push((nums[0], nums[1]));
            }
            tb.insert(id.to_string(), frags);
        } else if id.starts_with('E') {
            events.push(
                body.split_whitespace()
                    .map(|it| {
                        let (k, v) = it.split_once(':').unwrap_or((it, ""));
                        (k.to_string(), v.to_string())
                    })
                    .collect(),
            );
        }
    }
    let mut attrs = Vec::new();
    for roles in events {
        if !roles.iter().any(|(k, _)| k.starts_with("Attribution")) {
            continue;
        }
        let mut content = Vec::new();
        for (k, v) in &roles {
            let is_content = k
                .strip_prefix("Content")
                .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()));
            if is_content {
                if let Some(f) = tb.get(v) {
                    content.extend_from_slice(f);
                }
            }
        }
        if content.is_empty() {
            continue;
        }
        let content = normalise(chars, &content);
        if content.is_empty() {
            continue;
        }
        let span_of = |role: &str| -> Option<Frags> {
            let (_, v) = roles.iter().find(|(k, _)| k == role)?;
            let n = normalise(chars, tb.get(v)?);
            (!n.is_empty()).then_some(n)
        };
        let direct = is_direct(chars, &content);
        attrs.push(Attr {
            source: span_of("Source"),
            cue: span_of("Cue"),
            content,
            direct,
        });
    }
    Ok(attrs)
}

/// Loads a PolNeAR split folder (`text/`, `attributions/`).
pub fn load_split(dir: &Path) -> Result<Vec<GoldDoc>, GoldError> {
    let text_dir = dir.join("text");
    let ann_dir = dir.join("attributions");
    let list = |d: &Path, ext: &str| -> Result<Vec<std::path::PathBuf>, GoldError> {
        let rd = std::fs::read_dir(d).map_err(|source| GoldError::Io {
            path: d.display().to_string(),
            source,
        })?;
        let mut v: Vec<_> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == ext))
            .collect();
        v.sort();
        Ok(v)
    };
    let anns = list(&ann_dir, "ann")?;
    let mut docs = Vec::new();
    for p in list(&text_dir, "txt")? {
        let name = p
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = read(&p)?;
        let chars: Vec<char> = text.chars().collect();
        let prefix = format!("{name}_");
        let first = anns.iter().find(|a| {
            a.file_stem().is_some_and(|s| {
                let s = s.to_string_lossy();
                s.starts_with(&prefix) && !s[prefix.len()..].contains('_')
            })
        });
        let Some(first) = first else {
            return Err(GoldError::Format {
                path: p.display().to_string(),
                message: "no .ann file for this text".into(),
            });
        };
        let attrs = parse_ann(first, &chars)?;
        docs.push(GoldDoc {
            name,
            text,
            chars,
            attrs,
        });
    }
    Ok(docs)
}

/// A predicted quote in characters of the article `.txt`.
#[derive(Clone, Debug, Serialize)]
pub struct PredQuote {
    /// Content.
    pub content: (usize, usize),
    /// Source, when known.
    pub source: Option<(usize, usize)>,
    /// Cue, when known.
    pub cue: Option<(usize, usize)>,
    /// `direct`, `indirect` or `partial` (informational).
    pub kind: String,
}

/// A group of predictions: (cue and source key, contents, source, cue).
type Group = (
    Option<(Option<Frags>, Frags)>,
    Vec<Frags>,
    Option<Frags>,
    Option<Frags>,
);

/// Normalises and merges one article's predictions (same cue and source → one
/// attribution).
pub fn prepare(chars: &[char], quotes: &[PredQuote]) -> Vec<Attr> {
    let mut groups: Vec<Group> = Vec::new();
    for q in quotes {
        let content = normalise(chars, &[q.content]);
        if content.is_empty() {
            continue;
        }
        let src = q
            .source
            .map(|s| normalise(chars, &[s]))
            .filter(|v| !v.is_empty());
        let cue = q
            .cue
            .map(|s| normalise(chars, &[s]))
            .filter(|v| !v.is_empty());
        let key = cue.clone().map(|c| (src.clone(), c));
        if let Some(k) = &key {
            if let Some(g) = groups.iter_mut().find(|g| g.0.as_ref() == Some(k)) {
                g.1.push(content);
                continue;
            }
        }
        groups.push((key, vec![content], src, cue));
    }
    groups
        .into_iter()
        .map(|(_, contents, source, cue)| {
            let all: Vec<(usize, usize)> = contents.into_iter().flatten().collect();
            let content = normalise(chars, &all);
            let direct = is_direct(chars, &content);
            Attr {
                content,
                source,
                cue,
                direct,
            }
        })
        .collect()
}

fn overlap(a: &Frags, b: &Frags) -> usize {
    let mut n = 0;
    for &(s1, e1) in a {
        for &(s2, e2) in b {
            n += e1.min(e2).saturating_sub(s1.max(s2));
        }
    }
    n
}

fn matches(gold: &[Attr], pred: &[Attr], exact: bool) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    if exact {
        let mut used = vec![false; gold.len()];
        for (pi, p) in pred.iter().enumerate() {
            if let Some(gi) = (0..gold.len()).find(|&g| !used[g] && gold[g].content == p.content) {
                used[gi] = true;
                pairs.push((gi, pi));
            }
        }
        return pairs;
    }
    let mut cand = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        for (pi, p) in pred.iter().enumerate() {
            let ov = overlap(&g.content, &p.content);
            if ov > 0 {
                cand.push((std::cmp::Reverse(ov), gi, pi));
            }
        }
    }
    cand.sort();
    let mut ug = vec![false; gold.len()];
    let mut up = vec![false; pred.len()];
    for (_, gi, pi) in cand {
        if ug[gi] || up[pi] {
            continue;
        }
        ug[gi] = true;
        up[pi] = true;
        pairs.push((gi, pi));
    }
    pairs
}

pub use dateline_core::metrics::Prf;

fn prf(tp_pred: usize, tp_gold: usize, pred: usize, gold: usize) -> Prf {
    Prf::split(tp_pred, tp_gold, pred, gold)
}

/// Scores of one class under one matching mode.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ModeScores {
    /// Content P/R/F1.
    pub content: Prf,
    /// Source accuracy (exact source span) on matched pairs whose gold has a source.
    pub source_accuracy_exact: Option<f64>,
    /// Source accuracy (overlapping source) on the same pairs.
    pub source_accuracy_overlap: Option<f64>,
    /// Matched pairs whose gold has a source.
    pub matched_with_gold_source: usize,
    /// Cue accuracy (overlap) on matched pairs whose gold has a cue.
    pub cue_accuracy_overlap: Option<f64>,
    /// Attribution P/R/F1: content matched and source right.
    pub attribution: Prf,
}

/// Scores of one class.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ClassScores {
    /// Exact content matching.
    pub exact: ModeScores,
    /// Overlap content matching.
    pub overlap: ModeScores,
}

/// All scores.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Scores {
    /// All attributions.
    pub all: ClassScores,
    /// Direct attributions.
    pub direct: ClassScores,
    /// Indirect attributions.
    pub indirect: ClassScores,
}

fn ratio(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

/// Scores predictions (one list per gold article, same order) against the gold.
pub fn score(gold: &[GoldDoc], preds: &[Vec<Attr>]) -> Scores {
    let class = |member: &dyn Fn(&Attr) -> bool| -> ClassScores {
        let n_gold: usize = gold
            .iter()
            .flat_map(|g| &g.attrs)
            .filter(|a| member(a))
            .count();
        let n_pred: usize = preds.iter().flatten().filter(|a| member(a)).count();
        let mode = |exact: bool| -> ModeScores {
            let (mut tg, mut tp, mut ws, mut se, mut so, mut wc, mut co, mut ag, mut ap) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0);
            for (g, p) in gold.iter().zip(preds) {
                for (gi, pi) in matches(&g.attrs, p, exact) {
                    let (ga, pa) = (&g.attrs[gi], &p[pi]);
                    tg += usize::from(member(ga));
                    tp += usize::from(member(pa));
                    if member(ga) {
                        if let Some(gs) = &ga.source {
                            ws += 1;
                            se += usize::from(pa.source.as_ref() == Some(gs));
                            so +=
                                usize::from(pa.source.as_ref().is_some_and(|s| overlap(gs, s) > 0));
                        }
                        if let Some(gc) = &ga.cue {
                            wc += 1;
                            co += usize::from(pa.cue.as_ref().is_some_and(|c| overlap(gc, c) > 0));
                        }
                    }
                    let right = match (&ga.source, &pa.source) {
                        (None, None) => true,
                        (Some(g), Some(p)) => {
                            if exact {
                                g == p
                            } else {
                                overlap(g, p) > 0
                            }
                        }
                        _ => false,
                    };
                    if right {
                        ag += usize::from(member(ga));
                        ap += usize::from(member(pa));
                    }
                }
            }
            ModeScores {
                content: prf(tp, tg, n_pred, n_gold),
                source_accuracy_exact: ratio(se, ws),
                source_accuracy_overlap: ratio(so, ws),
                matched_with_gold_source: ws,
                cue_accuracy_overlap: ratio(co, wc),
                attribution: prf(ap, ag, n_pred, n_gold),
            }
        };
        ClassScores {
            exact: mode(true),
            overlap: mode(false),
        }
    };
    Scores {
        all: class(&|_| true),
        direct: class(&|a| a.direct),
        indirect: class(&|a| !a.direct),
    }
}

impl Scores {
    /// A fixed-width table like the reference scorer's.
    pub fn table(&self) -> String {
        let pct = |x: Option<f64>| x.map_or("     -".to_string(), |v| format!("{:6.2}", v * 100.0));
        let mut s = format!(
            "{:<9}{:<8}{:>7}{:>7}{:>7}{:>6}{:>6}{:>6}{:>8}{:>8}{:>8}{:>8}\n",
            "class",
            "match",
            "P",
            "R",
            "F1",
            "gold",
            "pred",
            "tp",
            "srcEx",
            "srcOv",
            "cueOv",
            "attrF1"
        );
        for (name, c) in [
            ("all", &self.all),
            ("direct", &self.direct),
            ("indirect", &self.indirect),
        ] {
            for (mode, m) in [("exact", &c.exact), ("overlap", &c.overlap)] {
                s.push_str(&format!(
                    "{:<9}{:<8}{:7.2}{:7.2}{:7.2}{:6}{:6}{:6}  {}  {}  {}  {:6.2}\n",
                    name,
                    mode,
                    m.content.precision * 100.0,
                    m.content.recall * 100.0,
                    m.content.f1 * 100.0,
                    m.content.gold,
                    m.content.pred,
                    m.content.tp,
                    pct(m.source_accuracy_exact),
                    pct(m.source_accuracy_overlap),
                    pct(m.cue_accuracy_overlap),
                    m.attribution.f1 * 100.0
                ));
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polnear_normalise_trims_and_merges_fragments() {
        let chars: Vec<char> = " ab  cd ef".chars().collect();
        assert_eq!(normalise(&chars, &[(0, 3), (4, 7)]), vec![(1, 7)]);
        assert_eq!(normalise(&chars, &[(8, 10), (1, 3)]), vec![(1, 3), (8, 10)]);
    }

    #[test]
    fn polnear_merge_and_score_split_quote() {
        let text = "“One,” he said. “Two.” Rain fell, a source said.";
        let chars: Vec<char> = text.chars().collect();
        let find = |s: &str| {
            let b = text.find(s).unwrap();
            let c = text[..b].chars().count();
            (c, c + s.chars().count())
        };
        let gold = GoldDoc {
            name: "x".into(),
            text: text.into(),
            chars: chars.clone(),
            attrs: vec![
                Attr {
                    content: normalise(&chars, &[find("“One,”"), find("“Two.”")]),
                    source: Some(vec![find("he")]),
                    cue: Some(vec![find("said")]),
                    direct: true,
                },
                Attr {
                    content: vec![find("Rain fell")],
                    source: Some(vec![find("a source")]),
                    cue: None,
                    direct: false,
                },
            ],
        };
        let preds = prepare(
            &chars,
            &[
                PredQuote {
                    content: find("“One,”"),
                    source: Some(find("he")),
                    cue: Some(find("said")),
                    kind: "direct".into(),
                },
                PredQuote {
                    content: find("“Two.”"),
                    source: Some(find("he")),
                    cue: Some(find("said")),
                    kind: "direct".into(),
                },
                PredQuote {
                    content: find("Rain"),
                    source: Some(find("source")),
                    cue: None,
                    kind: "indirect".into(),
                },
            ],
        );
        assert_eq!(preds.len(), 2, "the split quote is merged");
        let s = score(&[gold], &[preds]);
        assert_eq!(s.direct.exact.content.tp, 1);
        assert_eq!(s.indirect.exact.content.tp, 0);
        assert_eq!(s.indirect.overlap.content.tp, 1);
        assert_eq!(s.indirect.overlap.source_accuracy_overlap, Some(1.0));
        assert_eq!(s.indirect.overlap.source_accuracy_exact, Some(0.0));
        assert!((s.all.overlap.content.f1 - 1.0).abs() < 1e-9);
    }
}
