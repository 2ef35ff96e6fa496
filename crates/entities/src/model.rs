//! A small named-entity model: a greedy averaged perceptron over BILOU tags with
//! word, shape, affix, context, gazetteer and document-level features.
//!
//! The model scores the four CoNLL classes (PER, ORG, LOC, MISC); the tagger refines
//! them into dateline's types with the lexicon. Weights are trained by
//! [`Trainer`] (see `examples/train_ner.rs`) and compiled in from
//! `knowledge/actors/ner/model.bin`.

use crate::lexicon::{Entry, Lexicon, PlaceKind};
use crate::EntitiesError;
use rustc_hash::{FxHashMap, FxHashSet};

/// The coarse classes the model predicts.
pub const CLASSES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];
/// Number of BILOU labels: O plus B, I, L, U for each class.
pub const N_LABELS: usize = 1 + 4 * CLASSES.len();

/// Label index → (prefix, class); `None` for O.
pub fn label_parts(l: usize) -> Option<(char, usize)> {
    if l == 0 {
        return None;
    }
    let c = (l - 1) / 4;
    let p = ['B', 'I', 'L', 'U'][(l - 1) % 4];
    Some((p, c))
}

fn label_of(prefix: char, class: usize) -> usize {
    1 + class * 4
        + match prefix {
            'B' => 0,
            'I' => 1,
            'L' => 2,
            _ => 3,
        }
}

/// Whether label `cur` may follow `prev` in BILOU.
pub fn allowed(prev: usize, cur: usize) -> bool {
    let open = matches!(label_parts(prev), Some(('B', _)) | Some(('I', _)));
    match (label_parts(prev), label_parts(cur)) {
        (Some((_, pc)), Some((p, c))) if open => (p == 'I' || p == 'L') && pc == c,
        (_, None) => !open,
        (_, Some((p, _))) => !open && (p == 'B' || p == 'U'),
    }
}

/// Entity spans (token start, token end exclusive, class) from a BILOU sequence.
pub fn spans(labels: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &l) in labels.iter().enumerate() {
        match label_parts(l) {
            None => open = None,
            Some(('U', c)) => {
                out.push((i, i + 1, c));
                open = None;
            }
            Some(('B', c)) => open = Some((i, c)),
            Some(('I', c)) => {
                if open.is_none_or(|(_, oc)| oc != c) {
                    open = Some((i, c));
                }
            }
            Some((_, c)) => {
                let s = match open {
                    Some((s, oc)) if oc == c => s,
                    _ => i,
                };
                out.push((s, i + 1, c));
                open = None;
            }
        }
    }
    out
}

/// BILOU labels for spans over `n` tokens.
pub fn encode(n: usize, spans: &[(usize, usize, usize)]) -> Vec<usize> {
    let mut l = vec![0; n];
    for &(s, e, c) in spans {
        if e == s + 1 {
            l[s] = label_of('U', c);
        } else {
            l[s] = label_of('B', c);
            for x in l.iter_mut().take(e - 1).skip(s + 1) {
                *x = label_of('I', c);
            }
            l[e - 1] = label_of('L', c);
        }
    }
    l
}

/// One document prepared for the model: its text, token spans, sentences, and what
/// the gazetteer found on each token.
pub struct Prepared<'a> {
    text: &'a str,
    tokens: Vec<(usize, usize)>,
    sentences: Vec<(usize, usize)>,
    gaz: Vec<Vec<u64>>,
    lower_seen: FxHashSet<String>,
    caps_sentence: Vec<bool>,
}

/// FNV-1a, stable across builds and platforms.
#[derive(Clone, Copy)]
struct H(u64);

impl H {
    fn new(tag: u8) -> H {
        H((0xcbf2_9ce4_8422_2325u64 ^ u64::from(tag)).wrapping_mul(0x0000_0100_0000_01b3))
    }
    fn s(mut self, s: &str) -> H {
        for b in s.bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        self
    }
    fn n(self, v: u64) -> H {
        let mut h = self;
        for b in v.to_le_bytes() {
            h.0 ^= u64::from(b);
            h.0 = h.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h
    }
}

fn shape(w: &str) -> String {
    let mut out = String::new();
    let mut last = ' ';
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k != last {
            out.push(k);
        }
        last = k;
    }
    out
}

fn gaz_code(lx: &Lexicon, e: Entry) -> &'static str {
    match e {
        Entry::Country(_) => "CTRY",
        Entry::CountryAdj(_) => "ADJ",
        Entry::Capital(_) => "CAP",
        Entry::Person(_) => "PER",
        Entry::Surname(_) => "SUR",
        Entry::Org(i) => match lx.orgs[i as usize].kind.as_str() {
            "media" => "MEDIA",
            "company" => "COMP",
            "igo" => "IGO",
            _ => "ORG",
        },
        Entry::Place(i) => {
            let p = &lx.places[i as usize];
            match p.kind {
                PlaceKind::Region => "REG",
                PlaceKind::City if p.population >= 1_000_000 => "BIGCITY",
                PlaceKind::City => "CITY",
            }
        }
        Entry::Role(i) => {
            if lx.roles[i as usize].title {
                "TITLE"
            } else {
                "ROLE"
            }
        }
    }
}

impl<'a> Prepared<'a> {
    /// Prepares a document: `tokens` are byte spans into `text`, `sentences` token
    /// ranges (start, end exclusive).
    pub fn new(
        lx: &Lexicon,
        text: &'a str,
        tokens: Vec<(usize, usize)>,
        sentences: Vec<(usize, usize)>,
    ) -> Prepared<'a> {
        let starts: Vec<usize> = tokens.iter().map(|t| t.0).collect();
        let mut ends: Vec<usize> = tokens.iter().map(|t| t.1).collect();
        ends.sort_unstable();
        let mut gaz: Vec<Vec<u64>> = vec![Vec::new(); tokens.len()];
        for m in lx.find(text, &starts, &ends, true) {
            let a = starts.partition_point(|&s| s < m.start);
            let b = starts.partition_point(|&s| s < m.end);
            if a >= b {
                continue;
            }
            let mut codes: Vec<&str> = m.entries.iter().map(|&e| gaz_code(lx, e)).collect();
            codes.sort_unstable();
            codes.dedup();
            let len = (b - a).min(4) as u64;
            for (i, g) in gaz.iter_mut().enumerate().take(b).skip(a) {
                let pos = if b - a == 1 {
                    "U"
                } else if i == a {
                    "B"
                } else if i + 1 == b {
                    "L"
                } else {
                    "I"
                };
                for c in &codes {
                    g.push(H::new(40).s(c).s(pos).0);
                    g.push(H::new(41).s(c).s(pos).n(len).0);
                }
            }
        }
        for g in &mut gaz {
            g.sort_unstable();
            g.dedup();
        }
        let mut caps_sentence = vec![false; sentences.len()];
        let mut lower_seen = FxHashSet::default();
        for (si, &(a, b)) in sentences.iter().enumerate() {
            let mut alpha = 0;
            let mut upper = 0;
            for &(s, e) in &tokens[a..b] {
                let w = &text[s..e];
                if w.chars().any(char::is_alphabetic) {
                    alpha += 1;
                    if !w.chars().any(char::is_lowercase) {
                        upper += 1;
                    }
                }
            }
            caps_sentence[si] = alpha >= 2 && upper * 10 >= alpha * 7;
            if !caps_sentence[si] {
                for (k, &(s, e)) in tokens[a..b].iter().enumerate() {
                    let w = &text[s..e];
                    if k > 0 && w.chars().next().is_some_and(char::is_lowercase) {
                        lower_seen.insert(w.to_string());
                    }
                }
            }
        }
        Prepared {
            text,
            tokens,
            sentences,
            gaz,
            lower_seen,
            caps_sentence,
        }
    }

    /// Token count.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Sentences as token ranges.
    pub fn sentences(&self) -> &[(usize, usize)] {
        &self.sentences
    }

    fn word(&self, i: usize) -> &str {
        let (s, e) = self.tokens[i];
        &self.text[s..e]
    }

    /// Static (label-independent) features of token `i` in sentence `si`.
    fn features(&self, si: usize, i: usize, out: &mut Vec<u64>) {
        out.clear();
        let (a, b) = self.sentences[si];
        let caps = self.caps_sentence[si];
        let w = self.word(i);
        let lw = w.to_lowercase();
        let sh = shape(w);
        let get = |k: isize| -> Option<&str> {
            let j = i as isize + k;
            if j < a as isize || j >= b as isize {
                None
            } else {
                Some(self.word(j as usize))
            }
        };
        let first = i == a;
        out.push(H::new(0).0);
        out.push(H::new(1).s(&lw).0);
        out.push(H::new(2).s(w).0);
        out.push(H::new(3).s(&sh).0);
        out.push(H::new(4).s(&sh).n(u64::from(caps)).n(u64::from(first)).0);
        let chars: Vec<char> = lw.chars().collect();
        for k in 1..=4usize.min(chars.len()) {
            let p: String = chars[..k].iter().collect();
            let s: String = chars[chars.len() - k..].iter().collect();
            out.push(H::new(5).n(k as u64).s(&p).0);
            out.push(H::new(6).n(k as u64).s(&s).0);
        }
        for (t, k) in [(10u8, -2isize), (11, -1), (12, 1), (13, 2)] {
            match get(k) {
                Some(x) => {
                    let lx = x.to_lowercase();
                    out.push(H::new(t).s(&lx).0);
                    out.push(H::new(t + 10).s(&shape(x)).0);
                }
                None => out.push(H::new(t).s("<S>").0),
            }
        }
        if let Some(p) = get(-1) {
            out.push(H::new(30).s(&p.to_lowercase()).s(&lw).0);
        }
        if let Some(n) = get(1) {
            out.push(H::new(31).s(&lw).s(&n.to_lowercase()).0);
        }
        // Document-level evidence: is this word also written in lower case in the
        // story (a common word), and does the sentence look like a headline?
        let cap = w.chars().next().is_some_and(char::is_uppercase);
        if cap {
            let seen = self.lower_seen.contains(&lw);
            out.push(
                H::new(32)
                    .n(u64::from(seen))
                    .n(u64::from(caps))
                    .n(u64::from(first))
                    .0,
            );
        }
        if w.len() > 1 && w.chars().all(|c| c.is_uppercase() || c == '.') {
            out.push(H::new(33).n(u64::from(caps)).0);
        }
        for &g in &self.gaz[i] {
            out.push(g);
            out.push(H::new(34).n(g).n(u64::from(caps)).0);
        }
        for (t, k) in [(35u8, -1isize), (36, 1)] {
            let j = i as isize + k;
            if j >= a as isize && j < b as isize {
                for &g in &self.gaz[j as usize] {
                    out.push(H::new(t).n(g).0);
                }
            }
        }
    }
}

fn dynamic(prev: usize, prev2: usize, lw_hash: u64, out: &mut Vec<u64>) {
    out.push(H::new(50).n(prev as u64).0);
    out.push(H::new(51).n(prev as u64).n(prev2 as u64).0);
    out.push(H::new(52).n(prev as u64).n(lw_hash).0);
}

/// A trained model.
pub struct Model {
    index: FxHashMap<u64, u32>,
    weights: Vec<i16>,
    scale: f32,
}

const MAGIC: &[u8; 8] = b"DLNER01\n";

impl Model {
    /// The model compiled into dateline.
    pub fn shared() -> &'static Model {
        static M: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
        M.get_or_init(|| {
            Model::from_bytes(
                "knowledge/actors/ner/model.bin",
                include_bytes!("../../../knowledge/actors/ner/model.bin"),
            )
            .expect("compiled-in NER model is valid")
        })
    }

    /// Reads a model; `name` is used in errors.
    pub fn from_bytes(name: &str, b: &[u8]) -> Result<Model, EntitiesError> {
        let bad = |m: &str| EntitiesError::Model {
            file: name.to_string(),
            message: m.to_string(),
        };
        if b.len() < 20 || &b[..8] != MAGIC {
            return Err(bad("not a dateline NER model (bad magic)"));
        }
        let nl = u32::from_le_bytes(b[8..12].try_into().unwrap()) as usize;
        if nl != N_LABELS {
            return Err(bad("label count differs from this build"));
        }
        let scale = f32::from_le_bytes(b[12..16].try_into().unwrap());
        let n = u32::from_le_bytes(b[16..20].try_into().unwrap()) as usize;
        let need = 20 + n * 8 + n * N_LABELS * 2;
        if b.len() != need {
            return Err(bad(&format!("expected {need} bytes, found {}", b.len())));
        }
        let mut index = FxHashMap::default();
        index.reserve(n);
        for k in 0..n {
            let o = 20 + k * 8;
            index.insert(
                u64::from_le_bytes(b[o..o + 8].try_into().unwrap()),
                k as u32,
            );
        }
        let base = 20 + n * 8;
        let weights = b[base..]
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect();
        Ok(Model {
            index,
            weights,
            scale,
        })
    }

    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether the model is empty.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    fn score(&self, feats: &[u64], scores: &mut [f32; N_LABELS]) {
        let mut acc = [0i32; N_LABELS];
        for f in feats {
            if let Some(&k) = self.index.get(f) {
                let row = &self.weights[k as usize * N_LABELS..(k as usize + 1) * N_LABELS];
                for (a, &w) in acc.iter_mut().zip(row) {
                    *a += i32::from(w);
                }
            }
        }
        for (s, a) in scores.iter_mut().zip(acc) {
            *s = a as f32 * self.scale;
        }
    }

    /// Tags a prepared document: BILOU label per token.
    pub fn tag(&self, doc: &Prepared) -> Vec<usize> {
        let mut labels = vec![0; doc.len()];
        let mut feats = Vec::with_capacity(64);
        let mut scores = [0f32; N_LABELS];
        for si in 0..doc.sentences.len() {
            let (a, b) = doc.sentences[si];
            let (mut p1, mut p2) = (0usize, 0usize);
            for i in a..b {
                doc.features(si, i, &mut feats);
                let lw = H::new(1).s(&doc.word(i).to_lowercase()).0;
                dynamic(p1, p2, lw, &mut feats);
                self.score(&feats, &mut scores);
                let last = i + 1 == b;
                let best = best_allowed(&scores, p1, last);
                labels[i] = best;
                p2 = p1;
                p1 = best;
            }
        }
        labels
    }
}

fn best_allowed(scores: &[f32; N_LABELS], prev: usize, last: bool) -> usize {
    let mut best = 0;
    let mut bs = f32::NEG_INFINITY;
    for (l, &s) in scores.iter().enumerate() {
        if !allowed(prev, l) {
            continue;
        }
        if last && matches!(label_parts(l), Some(('B', _)) | Some(('I', _))) {
            continue;
        }
        if s > bs {
            bs = s;
            best = l;
        }
    }
    best
}

/// Averaged-perceptron trainer.
#[derive(Default)]
pub struct Trainer {
    w: FxHashMap<u64, [f32; N_LABELS]>,
    u: FxHashMap<u64, [f32; N_LABELS]>,
    c: f32,
}

impl Trainer {
    /// A new trainer.
    pub fn new() -> Trainer {
        Trainer {
            c: 1.0,
            ..Trainer::default()
        }
    }

    fn score(&self, feats: &[u64], scores: &mut [f32; N_LABELS]) {
        *scores = [0.0; N_LABELS];
        for f in feats {
            if let Some(row) = self.w.get(f) {
                for (s, w) in scores.iter_mut().zip(row) {
                    *s += w;
                }
            }
        }
    }

    fn update(&mut self, feats: &[u64], good: usize, bad: usize) {
        for &f in feats {
            let w = self.w.entry(f).or_insert([0.0; N_LABELS]);
            w[good] += 1.0;
            w[bad] -= 1.0;
            let u = self.u.entry(f).or_insert([0.0; N_LABELS]);
            u[good] += self.c;
            u[bad] -= self.c;
        }
    }

    /// One pass over a document with gold labels; returns the number of token errors.
    pub fn train_doc(&mut self, doc: &Prepared, gold: &[usize]) -> usize {
        let mut errors = 0;
        let mut feats = Vec::with_capacity(64);
        let mut scores = [0f32; N_LABELS];
        for si in 0..doc.sentences.len() {
            let (a, b) = doc.sentences[si];
            let (mut p1, mut p2) = (0usize, 0usize);
            for i in a..b {
                doc.features(si, i, &mut feats);
                let lw = H::new(1).s(&doc.word(i).to_lowercase()).0;
                dynamic(p1, p2, lw, &mut feats);
                self.score(&feats, &mut scores);
                let guess = best_allowed(&scores, p1, i + 1 == b);
                if guess != gold[i] {
                    errors += 1;
                    self.update(&feats, gold[i], guess);
                }
                self.c += 1.0;
                // Follow the model's own history, as at tagging time.
                p2 = p1;
                p1 = guess;
            }
        }
        errors
    }

    /// The averaged weights, pruned (features whose largest weight is below
    /// `min_weight` are dropped) and quantised, as model bytes.
    pub fn finish(&self, min_weight: f32) -> Vec<u8> {
        let mut rows: Vec<(u64, [f32; N_LABELS])> = Vec::new();
        let mut maxw = 0f32;
        for (f, w) in &self.w {
            let u = &self.u[f];
            let mut avg = [0f32; N_LABELS];
            for k in 0..N_LABELS {
                avg[k] = w[k] - u[k] / self.c;
            }
            let m = avg.iter().fold(0f32, |m, x| m.max(x.abs()));
            if m >= min_weight {
                maxw = maxw.max(m);
                rows.push((*f, avg));
            }
        }
        rows.sort_by_key(|r| r.0);
        let scale = if maxw > 0.0 { maxw / 32000.0 } else { 1.0 };
        let mut out = Vec::with_capacity(20 + rows.len() * (8 + 2 * N_LABELS));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(N_LABELS as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (f, _) in &rows {
            out.extend_from_slice(&f.to_le_bytes());
        }
        for (_, w) in &rows {
            for x in w {
                let q = (x / scale).round().clamp(-32767.0, 32767.0) as i16;
                out.extend_from_slice(&q.to_le_bytes());
            }
        }
        out
    }

    /// Number of features seen.
    pub fn len(&self) -> usize {
        self.w.len()
    }

    /// Whether no feature was seen.
    pub fn is_empty(&self) -> bool {
        self.w.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bilou_round_trip_and_constraints() {
        let spans_in = vec![(0, 2, 0), (3, 4, 2), (5, 8, 1)];
        let l = encode(9, &spans_in);
        assert_eq!(spans(&l), spans_in);
        let b_per = label_of('B', 0);
        assert!(!allowed(b_per, 0));
        assert!(allowed(b_per, label_of('L', 0)));
        assert!(!allowed(b_per, label_of('L', 1)));
        assert!(allowed(0, label_of('U', 3)));
        assert!(!allowed(0, label_of('I', 3)));
    }

    #[test]
    fn shape_compresses_runs() {
        assert_eq!(shape("Abe"), "Xx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("G20"), "Xd");
    }
}
