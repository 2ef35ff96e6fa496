//! Universal POS tagging with a greedy averaged perceptron (left to right, with the
//! two previous tags as features) and a dictionary of unambiguous frequent words.

use crate::clusters::{prefix as cluster_prefix, Clusters};
use crate::features::{f1, f2, f3, hash_bytes, normalize, prefix, shape, suffix};
use crate::perceptron::{write_str, write_varint, Model, Reader, Trainer};
use crate::TextError;
use std::collections::HashMap;

/// The 17 Universal POS tags, in the order of the model's classes.
pub const UPOS: [&str; 17] = [
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN",
    "PUNCT", "SCONJ", "SYM", "VERB", "X",
];

/// The class index of a UPOS tag.
pub fn upos_index(tag: &str) -> Option<usize> {
    UPOS.iter().position(|t| *t == tag)
}

/// Per-word hashes computed once per sentence.
#[derive(Clone, Copy, Default)]
pub(crate) struct WordHashes {
    pub norm: u64,
    pub exact: u64,
    pub suf1: u64,
    pub suf2: u64,
    pub suf3: u64,
    pub suf4: u64,
    pub pre1: u64,
    pub pre2: u64,
    pub shape: u64,
    /// Brown cluster (0 = none).
    pub cluster: u32,
}

impl WordHashes {
    pub(crate) fn new(form: &str) -> WordHashes {
        let n = normalize(form);
        WordHashes {
            norm: hash_bytes(n.as_bytes()),
            exact: hash_bytes(form.as_bytes()),
            suf1: hash_bytes(suffix(&n, 1).as_bytes()),
            suf2: hash_bytes(suffix(&n, 2).as_bytes()),
            suf3: hash_bytes(suffix(&n, 3).as_bytes()),
            suf4: hash_bytes(suffix(&n, 4).as_bytes()),
            pre1: hash_bytes(prefix(form, 1).as_bytes()),
            pre2: hash_bytes(prefix(&n, 2).as_bytes()),
            shape: hash_bytes(shape(form).as_bytes()),
            cluster: Clusters::builtin().get(form),
        }
    }

    fn pad(k: u64) -> WordHashes {
        let h = hash_bytes(&[0xff, k as u8]);
        WordHashes {
            norm: h,
            exact: h,
            suf1: h,
            suf2: h,
            suf3: h,
            suf4: h,
            pre1: h,
            pre2: h,
            shape: h,
            cluster: 0,
        }
    }
}

const START: usize = 17;
const START2: usize = 18;

fn features(ws: &[WordHashes], i: usize, p1: usize, p2: usize, out: &mut Vec<u64>) {
    out.clear();
    let at = |k: isize| -> WordHashes {
        let j = i as isize + k;
        if j < 0 {
            WordHashes::pad(1 + (-j) as u64)
        } else if j as usize >= ws.len() {
            WordHashes::pad(10 + (j as usize - ws.len()) as u64)
        } else {
            ws[j as usize]
        }
    };
    let w = at(0);
    let (pm1, pm2, pp1, pp2) = (at(-1), at(-2), at(1), at(2));
    let (t1, t2) = (p1 as u64, p2 as u64);
    out.extend_from_slice(&[
        f1(0, 0),
        f1(1, w.norm),
        f1(2, w.exact),
        f1(3, w.suf1),
        f1(4, w.suf2),
        f1(5, w.suf3),
        f1(6, w.suf4),
        f1(7, w.pre1),
        f1(8, w.pre2),
        f1(9, w.shape),
        f1(10, t1),
        f1(11, t2),
        f2(12, t1, t2),
        f2(13, t1, w.norm),
        f1(14, pm1.norm),
        f1(15, pm1.suf3),
        f1(16, pm2.norm),
        f1(17, pp1.norm),
        f1(18, pp1.suf3),
        f1(19, pp2.norm),
        f2(20, w.shape, pm1.shape),
        f2(21, w.shape, pp1.shape),
        f2(22, pm1.norm, w.norm),
        f2(23, w.norm, pp1.norm),
        f3(24, t1, w.suf3, pp1.shape),
        f2(25, t1, pp1.norm),
        f2(26, w.suf3, pp1.suf3),
        f1(27, pp1.shape),
        f2(28, (i == 0) as u64, w.shape),
        f1(29, cluster_prefix(w.cluster, 4)),
        f1(30, cluster_prefix(w.cluster, 6)),
        f1(31, cluster_prefix(w.cluster, 10)),
        f1(32, cluster_prefix(w.cluster, 20)),
        f1(33, cluster_prefix(pm1.cluster, 6)),
        f1(34, cluster_prefix(pp1.cluster, 6)),
        f2(35, t1, cluster_prefix(w.cluster, 6)),
        f2(36, cluster_prefix(w.cluster, 20), w.suf3),
    ]);
}

/// The trained tagger: perceptron plus dictionary.
#[derive(Debug, Default)]
pub struct TaggerModel {
    /// The perceptron.
    pub model: Model,
    pub(crate) dict: HashMap<String, u8>,
}

impl TaggerModel {
    /// Tags one sentence; returns UPOS class indices.
    pub fn tag(&self, forms: &[&str]) -> Vec<usize> {
        let ws: Vec<WordHashes> = forms.iter().map(|f| WordHashes::new(f)).collect();
        self.tag_hashed(forms, &ws)
    }

    pub(crate) fn tag_hashed(&self, forms: &[&str], ws: &[WordHashes]) -> Vec<usize> {
        let mut tags = Vec::with_capacity(forms.len());
        let mut feats = Vec::with_capacity(32);
        let mut scores = [0f32; 17];
        let (mut p1, mut p2) = (START, START2);
        for (i, form) in forms.iter().enumerate() {
            let t = match self.dict.get(*form) {
                Some(&t) => t as usize,
                None => {
                    features(ws, i, p1, p2, &mut feats);
                    self.model.score(&feats, &mut scores);
                    argmax(&scores)
                }
            };
            tags.push(t);
            p2 = p1;
            p1 = t;
        }
        tags
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        self.model.write(out);
        let mut entries: Vec<(&String, &u8)> = self.dict.iter().collect();
        entries.sort();
        write_varint(out, entries.len() as u64);
        for (w, t) in entries {
            write_str(out, w);
            out.push(*t);
        }
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<TaggerModel, TextError> {
        let model = Model::read(r)?;
        let n = r.varint()? as usize;
        let mut dict = HashMap::with_capacity(n);
        for _ in 0..n {
            let w = r.string()?;
            let t = r.bytes(1)?[0];
            if t as usize >= UPOS.len() {
                return Err(r.err("tag out of range"));
            }
            dict.insert(w, t);
        }
        Ok(TaggerModel { model, dict })
    }
}

/// Index of the highest score (first on ties).
pub fn argmax(s: &[f32]) -> usize {
    let mut best = 0;
    for i in 1..s.len() {
        if s[i] > s[best] {
            best = i;
        }
    }
    best
}

/// A deterministic shuffler (xorshift), so that training is reproducible.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    /// Shuffles a slice in place.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// A training sentence: forms and gold UPOS indices.
pub type TagSentence = (Vec<String>, Vec<usize>);

/// Trains a tagger; `log` receives one line per epoch.
pub fn train(data: &[TagSentence], epochs: usize, log: &mut dyn FnMut(String)) -> TaggerModel {
    // Dictionary: frequent words that (almost) always take one tag.
    let mut counts: HashMap<&str, [u32; 17]> = HashMap::new();
    for (forms, tags) in data {
        for (f, &t) in forms.iter().zip(tags) {
            counts.entry(f.as_str()).or_insert([0; 17])[t] += 1;
        }
    }
    let mut dict = HashMap::new();
    for (w, c) in &counts {
        let n: u32 = c.iter().sum();
        let (best, &m) = c
            .iter()
            .enumerate()
            .max_by_key(|(_, &v)| v)
            .unwrap_or((0, &0));
        if n >= 20 && m as f64 / n as f64 >= 0.995 {
            dict.insert(w.to_string(), best as u8);
        }
    }
    let mut trainer = Trainer::new(17);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng::new(7);
    let mut feats = Vec::with_capacity(32);
    let mut scores = [0f32; 17];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &k in &order {
            let (forms, gold) = &data[k];
            let ws: Vec<WordHashes> = forms.iter().map(|f| WordHashes::new(f)).collect();
            let (mut p1, mut p2) = (START, START2);
            for i in 0..forms.len() {
                let guess = match dict.get(forms[i].as_str()) {
                    Some(&t) => t as usize,
                    None => {
                        features(&ws, i, p1, p2, &mut feats);
                        trainer.tick();
                        trainer.score(&feats, &mut scores);
                        let g = argmax(&scores);
                        trainer.update(gold[i], g, &feats);
                        g
                    }
                };
                right += (guess == gold[i]) as usize;
                total += 1;
                p2 = p1;
                p1 = guess;
            }
        }
        log(format!(
            "tagger epoch {}: training accuracy {:.4}",
            epoch + 1,
            right as f64 / total.max(1) as f64
        ));
    }
    TaggerModel {
        model: trainer.finish(0.05),
        dict,
    }
}
