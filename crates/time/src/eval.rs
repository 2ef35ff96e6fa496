//! Evaluation against gold data: TempEval-3 TimeML (`*.tml`, each document's DCT as
//! the reference date) and GUM (`*.xml` / `*.xml.gz`, `<date when=…>`, the document's
//! `dateCreated` as the reference date).
//!
//! Scoring follows `eval_timex.py` (TempEval-3 Task A): strict extents (equal after
//! trimming whitespace), relaxed extents (one-to-one, greedy by shared characters),
//! attribute F1 for value and type over relaxed matches, and value/type accuracy on
//! relaxed matches. Offsets are in characters, as the reference scorer counts them.

use crate::{find, parse_date, TimeError};
use dateline_core::TimexType;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The kind of gold a folder holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GoldFormat {
    /// TimeML `*.tml` (TempEval-3).
    TimeMl,
    /// GUM TEI-like XML with `<date>` elements.
    Gum,
}

/// A gold or predicted time expression, in character offsets.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvalTimex {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// TIMEX3 type (empty for GUM gold).
    #[serde(rename = "type")]
    pub ttype: String,
    /// Value (empty when none).
    pub value: String,
}

/// A gold document.
#[derive(Clone, Debug)]
pub struct GoldDoc {
    /// Name (file name without `.tml` / `.xml.gz`).
    pub name: String,
    /// The reference date as written (DCT or `dateCreated`).
    pub dct: String,
    /// Plain text.
    pub text: String,
    /// Gold expressions, sorted.
    pub timexes: Vec<EvalTimex>,
}

fn gold_err(path: &Path, message: impl Into<String>) -> TimeError {
    TimeError::Gold {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

fn decode_entity(ent: &str) -> Option<char> {
    Some(match ent {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let n = ent.strip_prefix('#')?;
            let code = if let Some(h) = n.strip_prefix('x').or_else(|| n.strip_prefix('X')) {
                u32::from_str_radix(h, 16).ok()?
            } else {
                n.parse().ok()?
            };
            char::from_u32(code)?
        }
    })
}

fn push_decoded(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let after = &rest[p + 1..];
        match after.find(';').filter(|&e| e <= 10) {
            Some(e) => match decode_entity(&after[..e]) {
                Some(c) => {
                    out.push(c);
                    rest = &after[e + 1..];
                }
                None => {
                    out.push('&');
                    rest = after;
                }
            },
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// The value of attribute `name` in a start tag's text.
fn attr(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    loop {
        let p = rest.find(name)?;
        let before_ok = p == 0 || rest.as_bytes()[p - 1].is_ascii_whitespace();
        let after = rest[p + name.len()..].trim_start();
        if before_ok {
            if let Some(v) = after.strip_prefix('=') {
                let v = v.trim_start();
                let q = v.chars().next()?;
                if q == '"' || q == '\'' {
                    let body = &v[1..];
                    let e = body.find(q)?;
                    let mut out = String::new();
                    push_decoded(&mut out, &body[..e]);
                    return Some(out);
                }
            }
        }
        rest = &rest[p + name.len()..];
    }
}

fn tag_name(tag: &str) -> &str {
    let t = tag.trim_start_matches('/');
    t.split(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .next()
        .unwrap_or("")
}

/// Byte offset → character offset table for `text`.
fn char_index(text: &str) -> Vec<usize> {
    let mut idx = vec![0; text.len() + 1];
    let mut c = 0;
    for (b, ch) in text.char_indices() {
        for k in 0..ch.len_utf8() {
            idx[b + k] = c;
        }
        c += 1;
    }
    idx[text.len()] = c;
    idx
}

/// Trims whitespace off a byte range; `None` when nothing is left.
fn trim_range(text: &str, s: usize, e: usize) -> Option<(usize, usize)> {
    let sub = &text[s..e];
    let lead = sub.len() - sub.trim_start().len();
    let trail = sub.len() - sub.trim_end().len();
    let (s2, e2) = (s + lead, e - trail);
    (s2 < e2).then_some((s2, e2))
}

/// Reads a TimeML file: the text of `<TEXT>` and its non-empty `TIMEX3`s.
pub fn read_timeml(path: &Path) -> Result<GoldDoc, TimeError> {
    let raw = std::fs::read_to_string(path).map_err(|source| TimeError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let dct = raw
        .find("<DCT>")
        .and_then(|p| {
            let rest = &raw[p..];
            let e = rest.find("</DCT>")?;
            let t = rest[..e].find("<TIMEX3")?;
            let tag_end = rest[t..].find('>')?;
            attr(&rest[t..t + tag_end], "value")
        })
        .unwrap_or_default();
    let start = raw
        .find("<TEXT>")
        .ok_or_else(|| gold_err(path, "no <TEXT> element"))?
        + "<TEXT>".len();
    let end = raw[start..]
        .find("</TEXT>")
        .ok_or_else(|| gold_err(path, "<TEXT> is not closed"))?
        + start;
    let body = &raw[start..end];
    let mut text = String::with_capacity(body.len());
    let mut open: Vec<(usize, String, String)> = Vec::new();
    let mut spans: Vec<(usize, usize, String, String)> = Vec::new();
    let mut rest = body;
    while let Some(p) = rest.find('<') {
        push_decoded(&mut text, &rest[..p]);
        let after = &rest[p..];
        if after.starts_with("<!--") {
            let e = after
                .find("-->")
                .ok_or_else(|| gold_err(path, "unclosed comment"))?;
            rest = &after[e + 3..];
            continue;
        }
        let e = after
            .find('>')
            .ok_or_else(|| gold_err(path, "unclosed tag"))?;
        let tag = &after[1..e];
        let name = tag_name(tag);
        if name == "TIMEX3" {
            if tag.starts_with('/') {
                let (s, ty, v) = open
                    .pop()
                    .ok_or_else(|| gold_err(path, "</TIMEX3> without <TIMEX3>"))?;
                spans.push((s, text.len(), ty, v));
            } else if !tag.ends_with('/') {
                open.push((
                    text.len(),
                    attr(tag, "type").unwrap_or_default(),
                    attr(tag, "value").unwrap_or_default(),
                ));
            }
        }
        rest = &after[e + 1..];
    }
    push_decoded(&mut text, rest);
    let idx = char_index(&text);
    let mut timexes: Vec<EvalTimex> = spans
        .into_iter()
        .filter_map(|(s, e, ttype, value)| {
            let (s, e) = trim_range(&text, s, e)?;
            Some(EvalTimex {
                start: idx[s],
                end: idx[e],
                ttype,
                value,
            })
        })
        .collect();
    timexes.sort_by_key(|t| (t.start, t.end));
    let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let name = file.strip_suffix(".tml").unwrap_or(file).to_string();
    Ok(GoldDoc {
        name,
        dct,
        text,
        timexes,
    })
}

/// Reads a GUM XML file (optionally gzipped): tokens joined by spaces, sentences by
/// newlines, paragraphs by blank lines; `<date>` elements with `when` as the value.
pub fn read_gum(path: &Path) -> Result<GoldDoc, TimeError> {
    let io = |source| TimeError::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = std::fs::read(path).map_err(io)?;
    let raw = if path.extension().is_some_and(|e| e == "gz") {
        let mut s = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut s)
            .map_err(io)?;
        s
    } else {
        String::from_utf8(bytes).map_err(|e| gold_err(path, format!("not UTF-8: {e}")))?
    };
    let mut text = String::new();
    let mut dct = String::new();
    let mut open: Vec<(usize, String)> = Vec::new();
    let mut spans = Vec::new();
    let mut need_space = false;
    for line in raw.lines() {
        let line = line.trim_end_matches('\r');
        if let Some(tag) = line.strip_prefix('<') {
            let tag = tag.trim_end_matches('>');
            let name = tag_name(tag);
            let closing = tag.starts_with('/');
            match (name, closing) {
                ("text", false) => dct = attr(tag, "dateCreated").unwrap_or_default(),
                ("date", false) => {
                    if need_space {
                        text.push(' ');
                        need_space = false;
                    }
                    open.push((text.len(), attr(tag, "when").unwrap_or_default()));
                }
                ("date", true) => {
                    let (s, v) = open
                        .pop()
                        .ok_or_else(|| gold_err(path, "</date> without <date>"))?;
                    spans.push((s, text.len(), v));
                }
                ("s", true) => {
                    text.push('\n');
                    need_space = false;
                }
                ("p" | "head" | "item" | "list" | "sp", true) => {
                    if !text.ends_with("\n\n") {
                        text.push('\n');
                    }
                    need_space = false;
                }
                _ => {}
            }
            continue;
        }
        let Some(tok) = line.split('\t').next().filter(|t| !t.is_empty()) else {
            continue;
        };
        if need_space {
            text.push(' ');
        }
        text.push_str(tok);
        need_space = true;
    }
    let idx = char_index(&text);
    let mut timexes: Vec<EvalTimex> = spans
        .into_iter()
        .filter_map(|(s, e, value)| {
            let (s, e) = trim_range(&text, s, e)?;
            Some(EvalTimex {
                start: idx[s],
                end: idx[e],
                ttype: String::new(),
                value,
            })
        })
        .collect();
    timexes.sort_by_key(|t| (t.start, t.end));
    let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let name = file
        .strip_suffix(".gz")
        .unwrap_or(file)
        .strip_suffix(".xml")
        .unwrap_or(file)
        .to_string();
    Ok(GoldDoc {
        name,
        dct,
        text,
        timexes,
    })
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), TimeError> {
    let rd = std::fs::read_dir(dir).map_err(|source| TimeError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for e in rd {
        let p = e
            .map_err(|source| TimeError::Io {
                path: dir.to_path_buf(),
                source,
            })?
            .path();
        if p.is_dir() {
            collect(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

/// Loads every gold document under `dir` (recursively, sorted by path): TimeML when
/// it holds `*.tml` files, else GUM `*.xml` / `*.xml.gz`.
pub fn load_gold(dir: &Path) -> Result<(GoldFormat, Vec<GoldDoc>), TimeError> {
    let mut files = Vec::new();
    if dir.is_file() {
        files.push(dir.to_path_buf());
    } else {
        collect(dir, &mut files)?;
    }
    files.sort();
    let name = |p: &PathBuf| {
        p.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string()
    };
    let tml: Vec<&PathBuf> = files.iter().filter(|p| name(p).ends_with(".tml")).collect();
    if !tml.is_empty() {
        let docs = tml
            .into_iter()
            .map(|p| read_timeml(p))
            .collect::<Result<_, _>>()?;
        return Ok((GoldFormat::TimeMl, docs));
    }
    let gum: Vec<&PathBuf> = files
        .iter()
        .filter(|p| name(p).ends_with(".xml") || name(p).ends_with(".xml.gz"))
        .collect();
    if gum.is_empty() {
        return Err(gold_err(dir, "no .tml, .xml or .xml.gz files"));
    }
    let docs = gum
        .into_iter()
        .map(|p| read_gum(p))
        .collect::<Result<_, _>>()?;
    Ok((GoldFormat::Gum, docs))
}

fn type_name(t: TimexType) -> &'static str {
    match t {
        TimexType::Date => "DATE",
        TimexType::Time => "TIME",
        TimexType::Duration => "DURATION",
        TimexType::Set => "SET",
    }
}

/// Runs the recogniser on a gold document (its DCT as the reference date) and returns
/// the predictions in character offsets. For GUM, only DATE and TIME expressions with
/// a calendar value are kept (GUM marks dates, not durations, sets or "now").
pub fn predict(doc: &GoldDoc, format: GoldFormat) -> Vec<EvalTimex> {
    let reference = parse_date(&doc.dct);
    let idx = char_index(&doc.text);
    find(&doc.text, reference)
        .into_iter()
        .filter(|m| {
            format == GoldFormat::TimeMl
                || (matches!(m.timex_type, TimexType::Date | TimexType::Time)
                    && !m.value.as_deref().is_some_and(|v| v.ends_with("_REF")))
        })
        .map(|m| EvalTimex {
            start: idx[m.span.start()],
            end: idx[m.span.end()],
            ttype: type_name(m.timex_type).to_string(),
            value: m.value.unwrap_or_default(),
        })
        .collect()
}

pub use dateline_core::metrics::Prf;

fn prf(tp: usize, pred: usize, gold: usize) -> Prf {
    Prf::new(tp, pred, gold)
}

/// Scores of a run.
#[derive(Clone, Debug, Serialize)]
pub struct Scores {
    /// Gold format.
    pub format: GoldFormat,
    /// Documents.
    pub documents: usize,
    /// Gold expressions.
    pub gold_timexes: usize,
    /// Predicted expressions.
    pub predicted_timexes: usize,
    /// Strict extent match.
    pub strict: Prf,
    /// Relaxed (overlap) extent match.
    pub relaxed: Prf,
    /// Value attribute F1 over relaxed matches.
    pub value: Prf,
    /// Type attribute F1 over relaxed matches (TimeML only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<Prf>,
    /// Correct values / relaxed matches (GUM: those whose gold has `when`).
    pub value_accuracy: Option<f64>,
    /// Correct types / relaxed matches (TimeML only).
    pub type_accuracy: Option<f64>,
    /// Words in the gold texts (whitespace-separated).
    pub words: usize,
    /// Seconds spent recognising (not reading or scoring).
    pub seconds: f64,
    /// Words per second of recognition.
    pub words_per_second: f64,
}

fn match_strict(gold: &[EvalTimex], pred: &[EvalTimex]) -> Vec<(usize, usize)> {
    let mut by_ext: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (gi, g) in gold.iter().enumerate() {
        by_ext.entry((g.start, g.end)).or_default().push(gi);
    }
    let mut pairs = Vec::new();
    for (pi, p) in pred.iter().enumerate() {
        if let Some(c) = by_ext.get_mut(&(p.start, p.end)) {
            if !c.is_empty() {
                pairs.push((c.remove(0), pi));
            }
        }
    }
    pairs
}

fn match_relaxed(gold: &[EvalTimex], pred: &[EvalTimex]) -> Vec<(usize, usize)> {
    let mut cand = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        for (pi, p) in pred.iter().enumerate() {
            let ov = g.end.min(p.end) as i64 - g.start.max(p.start) as i64;
            if ov > 0 {
                cand.push((-ov, gi, pi));
            }
        }
    }
    cand.sort();
    let mut ug = vec![false; gold.len()];
    let mut up = vec![false; pred.len()];
    let mut pairs = Vec::new();
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

/// Trims whitespace off prediction extents, as the reference scorer does.
fn trim_pred(text_chars: &[char], p: &EvalTimex) -> Option<EvalTimex> {
    let (mut s, mut e) = (p.start, p.end.min(text_chars.len()));
    while s < e && text_chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && text_chars[e - 1].is_whitespace() {
        e -= 1;
    }
    (s < e).then(|| EvalTimex {
        start: s,
        end: e,
        ..p.clone()
    })
}

/// Scores predictions (one list per gold document, same order) as `eval_timex.py`.
pub fn score(format: GoldFormat, docs: &[GoldDoc], preds: &[Vec<EvalTimex>]) -> Scores {
    let (mut gold_n, mut pred_n, mut strict_n, mut relaxed_n) = (0, 0, 0, 0);
    let (mut value_n, mut type_n, mut value_gold_n, mut relaxed_with_value) = (0, 0, 0, 0);
    let mut words = 0;
    for (d, p) in docs.iter().zip(preds) {
        let chars: Vec<char> = d.text.chars().collect();
        let p: Vec<EvalTimex> = p.iter().filter_map(|t| trim_pred(&chars, t)).collect();
        let g = &d.timexes;
        words += d.text.split_whitespace().count();
        let strict = match_strict(g, &p);
        let relaxed = match_relaxed(g, &p);
        gold_n += g.len();
        pred_n += p.len();
        strict_n += strict.len();
        relaxed_n += relaxed.len();
        value_gold_n += g.iter().filter(|t| !t.value.trim().is_empty()).count();
        for (gi, pi) in relaxed {
            let gv = g[gi].value.trim();
            if format == GoldFormat::Gum {
                if gv.is_empty() {
                    continue;
                }
                relaxed_with_value += 1;
            }
            if gv == p[pi].value.trim() {
                value_n += 1;
            }
            if g[gi].ttype.trim().eq_ignore_ascii_case(p[pi].ttype.trim()) {
                type_n += 1;
            }
        }
    }
    let timeml = format == GoldFormat::TimeMl;
    let value_gold = if timeml { gold_n } else { value_gold_n };
    let relaxed_for_value = if timeml {
        relaxed_n
    } else {
        relaxed_with_value
    };
    Scores {
        format,
        documents: docs.len(),
        gold_timexes: gold_n,
        predicted_timexes: pred_n,
        strict: prf(strict_n, pred_n, gold_n),
        relaxed: prf(relaxed_n, pred_n, gold_n),
        value: prf(value_n, pred_n, value_gold),
        r#type: timeml.then(|| prf(type_n, pred_n, gold_n)),
        value_accuracy: (relaxed_for_value > 0).then(|| value_n as f64 / relaxed_for_value as f64),
        type_accuracy: (timeml && relaxed_n > 0).then(|| type_n as f64 / relaxed_n as f64),
        words,
        seconds: 0.0,
        words_per_second: 0.0,
    }
}

/// Predicts every document, timing recognition, and scores the result.
pub fn evaluate(format: GoldFormat, docs: &[GoldDoc]) -> (Scores, Vec<Vec<EvalTimex>>) {
    let t0 = std::time::Instant::now();
    let preds: Vec<Vec<EvalTimex>> = docs.iter().map(|d| predict(d, format)).collect();
    let secs = t0.elapsed().as_secs_f64();
    let mut s = score(format, docs, &preds);
    s.seconds = secs;
    s.words_per_second = if secs > 0.0 {
        s.words as f64 / secs
    } else {
        0.0
    };
    (s, preds)
}

/// One JSON line per document in the reference scorer's prediction format:
/// `{"name": …, "timexes": [{"start", "end", "type", "value"}]}`.
pub fn export_line(doc: &GoldDoc, preds: &[EvalTimex]) -> String {
    #[derive(Serialize)]
    struct Line<'a> {
        name: &'a str,
        timexes: &'a [EvalTimex],
    }
    serde_json::to_string(&Line {
        name: &doc.name,
        timexes: preds,
    })
    .expect("predictions serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: usize, e: usize, v: &str) -> EvalTimex {
        EvalTimex {
            start: s,
            end: e,
            ttype: "DATE".into(),
            value: v.into(),
        }
    }

    #[test]
    fn eval_timeml_reader_decodes_and_trims() {
        let dir = std::env::temp_dir().join(format!("dateline-time-eval-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("doc1.tml");
        std::fs::write(
            &f,
            "<?xml version=\"1.0\" ?>\n<TimeML><DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"1998-01-08\">19980108</TIMEX3></DCT>\n<TEXT>\nR&amp;D fell <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"1998-01-07\"> yesterday </TIMEX3>, <EVENT eid=\"e1\">said</EVENT> Ann.</TEXT></TimeML>",
        )
        .unwrap();
        let d = read_timeml(&f).unwrap();
        assert_eq!(d.name, "doc1");
        assert_eq!(d.dct, "1998-01-08");
        assert_eq!(d.text, "\nR&D fell  yesterday , said Ann.");
        assert_eq!(
            d.timexes,
            vec![EvalTimex {
                start: 11,
                end: 20,
                ttype: "DATE".into(),
                value: "1998-01-07".into()
            }]
        );
        let (s, preds) = evaluate(GoldFormat::TimeMl, &[d]);
        assert_eq!(preds[0].len(), 1);
        assert_eq!(s.strict.f1, 1.0);
        assert_eq!(s.value.f1, 1.0);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn eval_relaxed_match_is_one_to_one_by_overlap() {
        let gold = vec![t(0, 10, "a"), t(12, 20, "b")];
        let pred = vec![t(5, 15, "b"), t(14, 18, "b")];
        let pairs = match_relaxed(&gold, &pred);
        assert_eq!(pairs, vec![(0, 0), (1, 1)]);
        let d = GoldDoc {
            name: "x".into(),
            dct: String::new(),
            text: "x".repeat(30),
            timexes: gold,
        };
        let s = score(GoldFormat::TimeMl, &[d], &[pred]);
        assert_eq!((s.strict.tp, s.relaxed.tp, s.value.tp), (0, 2, 1));
        assert!((s.value.f1 - 0.5).abs() < 1e-9);
    }
}
