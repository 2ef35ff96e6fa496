//! Gold NER data (CoNLL-2003 and GUM CoNLL-U) and conlleval-style scoring, agreeing
//! with the reference scorer `eval_ner.py`: documents are exported as plain text
//! (tokens joined by one space, or GUM's own spacing; sentences joined by a newline),
//! predictions are character spans in that text, and an entity counts when its token
//! span and type equal a gold entity's.

use crate::EntitiesError;
use rustc_hash::{FxHashMap, FxHashSet};
use std::io::Read;
use std::path::Path;

/// A gold entity: token start, token end (exclusive), type (`PER`, `ORG`, `LOC`, `MISC`).
pub type GoldSpan = (usize, usize, String);

/// One gold document.
#[derive(Clone, Debug, Default)]
pub struct GoldDoc {
    /// Identifier (`eng.testa#3`, GUM file stem).
    pub id: String,
    /// Tokens.
    pub tokens: Vec<String>,
    /// Whether a space follows each token inside its sentence.
    pub space_after: Vec<bool>,
    /// Sentences as token ranges.
    pub sentences: Vec<(usize, usize)>,
    /// Gold entities.
    pub entities: Vec<GoldSpan>,
    /// The exported text.
    pub text: String,
    /// Byte span of each token in `text`.
    pub offsets: Vec<(usize, usize)>,
}

impl GoldDoc {
    fn build_text(&mut self) {
        let mut text = String::new();
        let mut offsets = Vec::with_capacity(self.tokens.len());
        for (si, &(a, b)) in self.sentences.iter().enumerate() {
            if si > 0 {
                text.push('\n');
            }
            for i in a..b {
                let s = text.len();
                text.push_str(&self.tokens[i]);
                offsets.push((s, text.len()));
                if i + 1 < b && self.space_after[i] {
                    text.push(' ');
                }
            }
        }
        self.text = text;
        self.offsets = offsets;
    }
}

fn read_text(path: &Path) -> Result<String, EntitiesError> {
    let io = |source| EntitiesError::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = std::fs::read(path).map_err(io)?;
    let mut s = String::new();
    if path.extension().is_some_and(|e| e == "gz") {
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_string(&mut s)
            .map_err(io)?;
    } else {
        s = String::from_utf8(bytes).map_err(|e| EntitiesError::Gold {
            file: path.display().to_string(),
            line: 0,
            message: format!("not UTF-8: {e}"),
        })?;
    }
    Ok(s)
}

fn iob_spans(tags: &[String], offset: usize) -> Vec<GoldSpan> {
    let mut out = Vec::new();
    let mut cur: Option<(String, usize)> = None;
    let n = tags.len();
    for i in 0..=n {
        let tag = if i < n { tags[i].as_str() } else { "O" };
        let (prefix, typ) = match tag.split_once('-') {
            Some((p, t)) if tag != "O" => (p, Some(t)),
            _ => ("O", None),
        };
        let starts_new =
            typ.is_some() && (prefix == "B" || cur.as_ref().map(|c| c.0.as_str()) != typ);
        if cur.is_some() && (typ.is_none() || starts_new) {
            let (t, s) = cur.take().unwrap();
            out.push((offset + s, offset + i, t));
        }
        if starts_new {
            cur = Some((typ.unwrap().to_string(), i));
        }
    }
    out
}

/// Reads CoNLL-2003 (`word POS chunk NER` lines; IOB1 or IOB2; `.gz` transparent).
pub fn read_conll(path: &Path) -> Result<Vec<GoldDoc>, EntitiesError> {
    let text = read_text(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut docs: Vec<GoldDoc> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let mut sent_start = 0usize;
    fn close(docs: &mut [GoldDoc], tags: &mut Vec<String>, sent_start: &mut usize) {
        if let Some(d) = docs.last_mut() {
            if d.tokens.len() > *sent_start {
                d.sentences.push((*sent_start, d.tokens.len()));
                let sp = iob_spans(tags, *sent_start);
                d.entities.extend(sp);
            }
            *sent_start = d.tokens.len();
        }
        tags.clear();
    }
    for (ln, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            close(&mut docs, &mut tags, &mut sent_start);
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols[0] == "-DOCSTART-" {
            close(&mut docs, &mut tags, &mut sent_start);
            docs.push(GoldDoc {
                id: format!("{name}#{}", docs.len()),
                ..GoldDoc::default()
            });
            sent_start = 0;
            continue;
        }
        if docs.is_empty() {
            docs.push(GoldDoc {
                id: format!("{name}#0"),
                ..GoldDoc::default()
            });
            sent_start = 0;
        }
        if cols.len() < 2 {
            return Err(EntitiesError::Gold {
                file: path.display().to_string(),
                line: ln + 1,
                message: format!("expected 'word ... NER', got {line:?}"),
            });
        }
        let d = docs.last_mut().unwrap();
        d.tokens.push(cols[0].to_string());
        d.space_after.push(true);
        tags.push(cols[cols.len() - 1].to_string());
    }
    close(&mut docs, &mut tags, &mut sent_start);
    docs.retain(|d| !d.tokens.is_empty());
    for d in &mut docs {
        d.build_text();
    }
    Ok(docs)
}

const DETS: &[&str] = &["the", "a", "an", "this", "that", "these", "those"];
const POSS: &[&str] = &["'s", "’s", "'", "’"];
const BREAKS: &[&str] = &[",", "—", "–", "-", "(", ")", ":", ";", "--"];
const TITLES: &[&str] = &[
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "miss",
    "dr",
    "dr.",
    "prof",
    "prof.",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "vice",
    "senator",
    "sen.",
    "rep.",
    "representative",
    "governor",
    "gov.",
    "general",
    "gen.",
    "colonel",
    "col.",
    "captain",
    "capt.",
    "lieutenant",
    "justice",
    "judge",
    "chief",
    "secretary",
    "minister",
    "prime",
    "chancellor",
    "mayor",
    "king",
    "queen",
    "prince",
    "princess",
    "emperor",
    "empress",
    "pope",
    "rev.",
    "reverend",
    "father",
    "saint",
    "st.",
    "madam",
    "speaker",
    "ambassador",
    "commissioner",
    "director",
    "officer",
    "sergeant",
    "sgt.",
    "agent",
    "coach",
    "deputy",
    "attorney",
    "detective",
    "inspector",
];

/// Which GUM mentions count as named entities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GumView {
    /// Mentions with a Wikipedia identity link (the reference scorer's default).
    Identity,
    /// Every proper-noun mention, linked or not.
    Propn,
}

type RawMention = (usize, usize, Vec<String>);

fn parse_entity_field(
    field: &str,
    i: usize,
    stack: &mut FxHashMap<String, Vec<(usize, Vec<String>)>>,
    out: &mut Vec<RawMention>,
    where_: &str,
) -> Result<(), EntitiesError> {
    let f: Vec<char> = field.chars().collect();
    let n = f.len();
    let mut pos = 0;
    let split8 = |s: &str| -> Vec<String> { s.splitn(8, '-').map(str::to_string).collect() };
    while pos < n {
        if f[pos] == '(' {
            let mut j = pos + 1;
            while j < n && f[j] != '(' && f[j] != ')' {
                j += 1;
            }
            let inner: String = f[pos + 1..j].iter().collect();
            let parts = split8(&inner);
            if j < n && f[j] == ')' {
                out.push((i, i + 1, parts));
                pos = j + 1;
            } else {
                stack.entry(parts[0].clone()).or_default().push((i, parts));
                pos = j;
            }
        } else {
            // "id)" closes an open mention
            let mut j = pos;
            while j < n && f[j] != ')' && f[j] != '(' {
                j += 1;
            }
            if j >= n || f[j] != ')' || j == pos {
                return Err(EntitiesError::Gold {
                    file: where_.to_string(),
                    line: 0,
                    message: format!("cannot read Entity annotation {field:?}"),
                });
            }
            let id: String = f[pos..j].iter().collect();
            let Some((start, parts)) = stack.get_mut(&id).and_then(|v| v.pop()) else {
                return Err(EntitiesError::Gold {
                    file: where_.to_string(),
                    line: 0,
                    message: format!("cannot read Entity annotation {field:?}"),
                });
            };
            out.push((start, i + 1, parts));
            pos = j + 1;
        }
    }
    Ok(())
}

fn gum_type(t: &str) -> Option<&'static str> {
    match t {
        "person" => Some("PER"),
        "place" => Some("LOC"),
        "organization" => Some("ORG"),
        _ => None,
    }
}

fn gum_named(
    tokens: &[String],
    xpos: &[String],
    mentions: &[RawMention],
    view: GumView,
) -> Vec<GoldSpan> {
    let proper = |x: &str| x == "NNP" || x == "NNPS";
    let mut kept: Vec<GoldSpan> = Vec::new();
    for (s0, e0, parts) in mentions {
        let (mut s, mut e) = (*s0, *e0);
        if parts.len() < 2 {
            continue;
        }
        let Some(typ) = gum_type(&parts[1]) else {
            continue;
        };
        if view == GumView::Identity && (parts.len() < 8 || parts[7].trim().is_empty()) {
            continue;
        }
        if s < e && DETS.contains(&tokens[s].to_lowercase().as_str()) {
            s += 1;
        }
        if s < e && POSS.contains(&tokens[e - 1].as_str()) && xpos[e - 1] == "POS" {
            e -= 1;
        }
        if typ == "PER" {
            while s + 1 < e && TITLES.contains(&tokens[s].to_lowercase().as_str()) {
                s += 1;
            }
            if s < tokens.len() && TITLES.contains(&tokens[s].to_lowercase().as_str()) {
                continue;
            }
        }
        if s >= e {
            continue;
        }
        if !proper(&xpos[s]) || !proper(&xpos[e - 1]) {
            continue;
        }
        if tokens[s..e].iter().any(|t| BREAKS.contains(&t.as_str())) {
            continue;
        }
        if typ == "PER" && xpos[s..e].iter().any(|x| !proper(x)) {
            continue;
        }
        kept.push((s, e, typ.to_string()));
    }
    kept.sort_by(|a, b| {
        (a.0, std::cmp::Reverse(a.1), &a.2).cmp(&(b.0, std::cmp::Reverse(b.1), &b.2))
    });
    kept.dedup();
    let mut outer: Vec<GoldSpan> = Vec::new();
    for sp in kept {
        if outer
            .iter()
            .any(|o| o.0 <= sp.0 && sp.1 <= o.1 && (o.0, o.1) != (sp.0, sp.1))
        {
            continue;
        }
        if outer.iter().any(|o| (o.0, o.1) == (sp.0, sp.1)) {
            continue;
        }
        outer.push(sp);
    }
    outer.sort();
    outer
}

/// Reads GUM CoNLL-U files (a folder of `*.conllu[.gz]`, or files), one document per
/// file, sorted by name.
pub fn read_gum(paths: &[&Path], view: GumView) -> Result<Vec<GoldDoc>, EntitiesError> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut v: Vec<_> = std::fs::read_dir(p)
                .map_err(|source| EntitiesError::Io {
                    path: p.to_path_buf(),
                    source,
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|q| {
                    let n = q.file_name().unwrap_or_default().to_string_lossy();
                    n.ends_with(".conllu") || n.ends_with(".conllu.gz")
                })
                .collect();
            v.sort_by_key(|q| q.file_name().map(|n| n.to_os_string()));
            files.extend(v);
        } else {
            files.push(p.to_path_buf());
        }
    }
    let mut docs = Vec::new();
    for f in files {
        let text = read_text(&f)?;
        let name = f
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let id = name
            .trim_end_matches(".gz")
            .trim_end_matches(".conllu")
            .to_string();
        let mut d = GoldDoc {
            id,
            ..GoldDoc::default()
        };
        let mut xpos = Vec::new();
        let mut mentions = Vec::new();
        let mut stack = FxHashMap::default();
        let mut sent_start = 0;
        for (ln, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.is_empty() {
                if d.tokens.len() > sent_start {
                    d.sentences.push((sent_start, d.tokens.len()));
                }
                sent_start = d.tokens.len();
                continue;
            }
            if line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 10 {
                return Err(EntitiesError::Gold {
                    file: f.display().to_string(),
                    line: ln + 1,
                    message: "expected 10 CoNLL-U columns".into(),
                });
            }
            if cols[0].contains('-') || cols[0].contains('.') {
                continue;
            }
            let i = d.tokens.len();
            d.tokens.push(cols[1].to_string());
            xpos.push(cols[4].to_string());
            let misc: Vec<&str> = if cols[9] == "_" {
                Vec::new()
            } else {
                cols[9].split('|').collect()
            };
            d.space_after.push(!misc.contains(&"SpaceAfter=No"));
            for m in misc {
                if let Some(field) = m.strip_prefix("Entity=") {
                    let w = format!("{}:{}", f.display(), ln + 1);
                    parse_entity_field(field, i, &mut stack, &mut mentions, &w)?;
                }
            }
        }
        if d.tokens.len() > sent_start {
            d.sentences.push((sent_start, d.tokens.len()));
        }
        d.entities = gum_named(&d.tokens, &xpos, &mentions, view);
        d.build_text();
        docs.push(d);
    }
    Ok(docs)
}

/// A predicted entity: character... byte span in the exported text, and type.
#[derive(Clone, Debug)]
pub struct PredSpan {
    /// Byte start in `GoldDoc.text`.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// CoNLL type (`PER`, `ORG`, `LOC`, `MISC`).
    pub label: String,
}

/// Per-type counts: true positives, predicted, gold.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    /// Per type: [tp, pred, gold].
    pub by_type: FxHashMap<String, [usize; 3]>,
    /// Span boundaries only.
    pub spans: [usize; 3],
    /// Predictions whose ends do not fall on gold token boundaries.
    pub misaligned: usize,
}

/// Scores one document's predictions (byte spans) against its gold, as the reference
/// scorer does (whitespace trimmed; a span must start at a gold token's start and end
/// at a gold token's end).
pub fn score_doc(doc: &GoldDoc, pred: &[PredSpan], counts: &mut Counts) {
    let start_of: FxHashMap<usize, usize> = doc
        .offsets
        .iter()
        .enumerate()
        .map(|(i, o)| (o.0, i))
        .collect();
    let end_of: FxHashMap<usize, usize> = doc
        .offsets
        .iter()
        .enumerate()
        .map(|(i, o)| (o.1, i))
        .collect();
    let mut p: FxHashSet<(isize, isize, String)> = FxHashSet::default();
    let bytes = doc.text.as_bytes();
    for sp in pred {
        let (mut s, mut e) = (sp.start, sp.end);
        while s < e && bytes[s].is_ascii_whitespace() {
            s += 1;
        }
        while e > s && bytes[e - 1].is_ascii_whitespace() {
            e -= 1;
        }
        match (start_of.get(&s), end_of.get(&e)) {
            (Some(&a), Some(&b)) if a <= b => {
                p.insert((a as isize, b as isize + 1, sp.label.clone()));
            }
            _ => {
                counts.misaligned += 1;
                p.insert((-1 - counts.misaligned as isize, -1, sp.label.clone()));
            }
        }
    }
    let g: FxHashSet<(isize, isize, String)> = doc
        .entities
        .iter()
        .map(|(a, b, t)| (*a as isize, *b as isize, t.clone()))
        .collect();
    for sp in &g {
        counts.by_type.entry(sp.2.clone()).or_default()[2] += 1;
    }
    for sp in &p {
        let c = counts.by_type.entry(sp.2.clone()).or_default();
        c[1] += 1;
        if g.contains(sp) {
            c[0] += 1;
        }
    }
    let gs: FxHashSet<(isize, isize)> = g.iter().map(|x| (x.0, x.1)).collect();
    let ps: FxHashSet<(isize, isize)> = p.iter().map(|x| (x.0, x.1)).collect();
    counts.spans[0] += gs.intersection(&ps).count();
    counts.spans[1] += ps.len();
    counts.spans[2] += gs.len();
}

/// Precision, recall, F1 from [tp, pred, gold].
pub fn prf(c: [usize; 3]) -> (f64, f64, f64) {
    let p = if c[1] > 0 {
        c[0] as f64 / c[1] as f64
    } else {
        0.0
    };
    let r = if c[2] > 0 {
        c[0] as f64 / c[2] as f64
    } else {
        0.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_iob1_and_iob2_spans() {
        let t = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            iob_spans(&t(&["I-ORG", "O", "I-PER", "I-PER", "B-PER", "I-LOC"]), 0),
            vec![
                (0, 1, "ORG".to_string()),
                (2, 4, "PER".to_string()),
                (4, 5, "PER".to_string()),
                (5, 6, "LOC".to_string())
            ]
        );
    }

    #[test]
    fn gold_scoring_counts_exact_spans_only() {
        let dir = std::env::temp_dir().join(format!("dl-gold-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("mini.conll");
        std::fs::write(
            &p,
            "-DOCSTART- -X- -X- O\n\nAda NNP B-NP I-PER\nQuill NNP I-NP I-PER\nvisited VBD O O\nOslo NNP I-NP I-LOC\n\n",
        )
        .unwrap();
        let docs = read_conll(&p).unwrap();
        assert_eq!(docs[0].text, "Ada Quill visited Oslo");
        let mut c = Counts::default();
        let pred = vec![
            PredSpan {
                start: 0,
                end: 9,
                label: "PER".into(),
            },
            PredSpan {
                start: 18,
                end: 21,
                label: "LOC".into(),
            },
        ];
        score_doc(&docs[0], &pred, &mut c);
        assert_eq!(c.by_type["PER"], [1, 1, 1]);
        assert_eq!(c.by_type["LOC"], [0, 1, 1]);
        assert_eq!(c.misaligned, 1);
        std::fs::remove_dir_all(&dir).ok();
    }
}
