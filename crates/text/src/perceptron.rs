//! Averaged perceptron: a sparse trainer and the compact read-only model it exports.
//!
//! Features are 64-bit hashes (see [`crate::features`]); the shipped model keeps 32
//! bits of each, and for each feature only the classes with a non-negligible
//! averaged weight, quantised to 16 bits.

use crate::TextError;
use std::collections::HashMap;

#[derive(Clone, Copy)]
struct ClassWeight {
    class: u16,
    w: f32,
    total: f64,
    stamp: u64,
}

/// The training-time perceptron (sparse, with lazy averaging).
pub struct Trainer {
    n_classes: usize,
    index: HashMap<u64, u32>,
    weights: Vec<Vec<ClassWeight>>,
    clock: u64,
}

impl Trainer {
    /// A trainer for `n_classes` classes.
    pub fn new(n_classes: usize) -> Trainer {
        Trainer {
            n_classes,
            index: HashMap::new(),
            weights: Vec::new(),
            clock: 0,
        }
    }

    /// Adds the current (not averaged) weights of `feats` to `scores`.
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(&i) = self.index.get(f) {
                for cw in &self.weights[i as usize] {
                    scores[cw.class as usize] += cw.w;
                }
            }
        }
    }

    /// Counts one training instance (call once per decision, right or wrong).
    pub fn tick(&mut self) {
        self.clock += 1;
    }

    /// Moves weight from `guess` to `truth` for every feature.
    pub fn update(&mut self, truth: usize, guess: usize, feats: &[u64]) {
        if truth == guess {
            return;
        }
        for &f in feats {
            self.bump(f, truth, 1.0);
            self.bump(f, guess, -1.0);
        }
    }

    fn bump(&mut self, f: u64, class: usize, delta: f32) {
        let next = self.weights.len() as u32;
        let i = *self.index.entry(f).or_insert(next);
        if i == next {
            self.weights.push(Vec::new());
        }
        let clock = self.clock;
        let list = &mut self.weights[i as usize];
        match list.iter_mut().find(|c| c.class as usize == class) {
            Some(cw) => {
                cw.total += (clock - cw.stamp) as f64 * cw.w as f64;
                cw.stamp = clock;
                cw.w += delta;
            }
            None => list.push(ClassWeight {
                class: class as u16,
                w: delta,
                total: 0.0,
                stamp: clock,
            }),
        }
    }

    /// The averaged model, dropping weights whose magnitude is below `min_weight`.
    pub fn finish(&self, min_weight: f32) -> Model {
        let clock = self.clock.max(1) as f64;
        let mut merged: HashMap<u32, Vec<(u8, f32)>> = HashMap::new();
        for (&f, &i) in &self.index {
            for cw in &self.weights[i as usize] {
                let total = cw.total + (self.clock - cw.stamp) as f64 * cw.w as f64;
                let avg = (total / clock) as f32;
                if avg.abs() >= min_weight {
                    let e = merged.entry(key32(f)).or_default();
                    match e.iter_mut().find(|(c, _)| *c as u16 == cw.class) {
                        Some(x) => x.1 += avg,
                        None => e.push((cw.class as u8, avg)),
                    }
                }
            }
        }
        let mut keys: Vec<u32> = merged.keys().copied().collect();
        keys.sort_unstable();
        let mut m = Model {
            n_classes: self.n_classes,
            keys: Vec::with_capacity(keys.len()),
            offsets: vec![0],
            classes: Vec::new(),
            weights: Vec::new(),
            table: Vec::new(),
            packed: Vec::new(),
            scale: 1.0,
        };
        let max = merged
            .values()
            .flatten()
            .fold(0f32, |a, (_, w)| a.max(w.abs()))
            .max(1e-6);
        let scale = max / 32767.0;
        for k in keys {
            let mut list = merged.remove(&k).unwrap_or_default();
            list.sort_by_key(|(c, _)| *c);
            m.keys.push(k);
            for (c, w) in list {
                m.classes.push(c);
                // Quantise now so that the trained and the shipped model agree.
                m.weights.push((w / scale).round() * scale);
            }
            m.offsets.push(m.classes.len() as u32);
        }
        m.build_table();
        m
    }
}

/// The 32 bits of a feature hash the shipped model keys on (never 0).
#[inline]
pub fn key32(f: u64) -> u32 {
    ((f >> 32) as u32).max(1)
}

/// A compact read-only perceptron.
#[derive(Clone, Debug, Default)]
pub struct Model {
    n_classes: usize,
    keys: Vec<u32>,
    offsets: Vec<u32>,
    classes: Vec<u8>,
    weights: Vec<f32>,
    table: Vec<u64>,
    /// (class << 16 | weight as i16) per weight, 4 bytes, for scoring.
    packed: Vec<u32>,
    scale: f32,
}

impl Model {
    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of features kept.
    pub fn n_features(&self) -> usize {
        self.keys.len()
    }

    /// Builds the lookup structures: an open-addressing table whose slots hold the
    /// key, the start of the feature's weights and their count (one cache line per
    /// probe), and the (class, weight) pairs stored together.
    fn build_table(&mut self) {
        let cap = (self.keys.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut table = vec![0u64; cap];
        for (i, &k) in self.keys.iter().enumerate() {
            let mut slot = (k as usize).wrapping_mul(0x9E37_79B1) & mask;
            while table[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            let start = self.offsets[i] as u64;
            assert!(start < 1 << 24, "model too large: over 2^24 weights");
            let count = (self.offsets[i + 1] - self.offsets[i]) as u64;
            table[slot] = ((k as u64) << 32) | (start << 8) | count;
        }
        self.table = table;
        let max = self
            .weights
            .iter()
            .fold(0f32, |a, w| a.max(w.abs()))
            .max(1e-6);
        self.scale = max / 32767.0;
        let scale = self.scale;
        self.packed = self
            .classes
            .iter()
            .zip(&self.weights)
            .map(|(&c, &w)| ((c as u32) << 16) | ((w / scale).round() as i16 as u16 as u32))
            .collect();
    }

    /// Scores every class for a set of features (overwrites `scores`).
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        let mut acc = [0i32; 256];
        let acc = &mut acc[..scores.len().min(256)];
        self.add_scores(feats, acc);
        for (s, &a) in scores.iter_mut().zip(acc.iter()) {
            *s = a as f32 * self.scale;
        }
    }

    /// Adds the features' weights to `acc` as integers (multiples of the model's one
    /// scale: the class order of the sums is that of the scores), for callers that
    /// keep partial sums (the parser's buffer features, unchanged between
    /// transitions that keep the buffer front).
    ///
    /// Two passes: first every feature's home slot is read (independent loads the
    /// processor overlaps, where a lookup-then-add loop would wait on each cache miss
    /// in turn), then the weights of the features found are added.
    #[inline]
    pub fn add_scores(&self, feats: &[u64], acc: &mut [i32]) {
        let mask = self.table.len() - 1;
        let mut first = [0u64; 128];
        let n = feats.len().min(first.len());
        for (e, &f) in first.iter_mut().zip(&feats[..n]) {
            *e = self.table[(key32(f) as usize).wrapping_mul(0x9E37_79B1) & mask];
        }
        let mut hits = [(0u32, 0u32); 128];
        let mut nh = 0;
        for (j, &f) in feats[..n].iter().enumerate() {
            let k = key32(f);
            let e = first[j];
            if e == 0 {
                continue;
            }
            let found = if (e >> 32) as u32 == k {
                Some(e)
            } else {
                self.probe(k, ((k as usize).wrapping_mul(0x9E37_79B1) + 1) & mask)
            };
            if let Some(e) = found {
                let start = ((e >> 8) & 0xff_ffff) as u32;
                // Touch the weights now, so that their cache misses overlap with
                // the table's (a load whose value is not needed yet does not stall).
                std::hint::black_box(self.packed.get(start as usize).copied());
                hits[nh] = (start, (e & 0xff) as u32);
                nh += 1;
            }
        }
        let mut add = |start: usize, count: usize| {
            for &x in &self.packed[start..start + count] {
                if let Some(a) = acc.get_mut((x >> 16) as usize) {
                    *a += (x as u16 as i16) as i32;
                }
            }
        };
        for &(start, count) in &hits[..nh] {
            add(start as usize, count as usize);
        }
        // Features past the buffer (never more than 128 in practice).
        for &f in &feats[n..] {
            let k = key32(f);
            if let Some(e) = self.probe(k, (k as usize).wrapping_mul(0x9E37_79B1) & mask) {
                add(((e >> 8) & 0xff_ffff) as usize, (e & 0xff) as usize);
            }
        }
    }

    /// The table entry of key `k`, probing linearly from `slot`.
    #[inline]
    fn probe(&self, k: u32, mut slot: usize) -> Option<u64> {
        let mask = self.table.len() - 1;
        loop {
            let e = self.table[slot];
            if e == 0 {
                return None;
            }
            if (e >> 32) as u32 == k {
                return Some(e);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// A copy without the weights whose magnitude is below `min_weight` (and without
    /// the features left with none), the others rounded to multiples of `step` (when
    /// positive), which makes the file compress better.
    pub fn pruned(&self, min_weight: f32, step: f32) -> Model {
        let mut m = Model {
            n_classes: self.n_classes,
            keys: Vec::new(),
            offsets: vec![0],
            classes: Vec::new(),
            weights: Vec::new(),
            table: Vec::new(),
            packed: Vec::new(),
            scale: 1.0,
        };
        for (i, &k) in self.keys.iter().enumerate() {
            let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
            let before = m.classes.len();
            for j in a..b {
                let w = self.weights[j];
                let w = if step > 0.0 {
                    (w / step).round() * step
                } else {
                    w
                };
                if self.weights[j].abs() >= min_weight && w != 0.0 {
                    m.classes.push(self.classes[j]);
                    m.weights.push(w);
                }
            }
            if m.classes.len() > before {
                m.keys.push(k);
                m.offsets.push(m.classes.len() as u32);
            }
        }
        m.build_table();
        m
    }

    /// Appends the model's bytes to `out`.
    pub fn write(&self, out: &mut Vec<u8>) {
        let max = self
            .weights
            .iter()
            .fold(0f32, |a, w| a.max(w.abs()))
            .max(1e-6);
        let scale = max / 32767.0;
        out.extend_from_slice(&(self.n_classes as u32).to_le_bytes());
        out.extend_from_slice(&(self.keys.len() as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        let mut prev = 0u32;
        for &k in &self.keys {
            write_varint(out, (k - prev) as u64);
            prev = k;
        }
        for i in 0..self.keys.len() {
            out.push((self.offsets[i + 1] - self.offsets[i]) as u8);
        }
        out.extend_from_slice(&self.classes);
        for &w in &self.weights {
            out.extend_from_slice(&((w / scale).round() as i16).to_le_bytes());
        }
    }

    /// Reads a model written by [`Model::write`].
    pub fn read(r: &mut Reader<'_>) -> Result<Model, TextError> {
        let n_classes = r.u32()? as usize;
        let n = r.u32()? as usize;
        let scale = f32::from_bits(r.u32()?);
        let mut keys = Vec::with_capacity(n);
        let mut prev = 0u32;
        for _ in 0..n {
            prev = prev
                .checked_add(r.varint()? as u32)
                .ok_or_else(|| r.err("key overflow"))?;
            keys.push(prev);
        }
        let counts = r.bytes(n)?;
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0u32);
        let mut total = 0u32;
        for &c in counts {
            total += c as u32;
            offsets.push(total);
        }
        if total >= 1 << 24 {
            return Err(r.err("model too large"));
        }
        let classes = r.bytes(total as usize)?.to_vec();
        if classes.iter().any(|&c| c as usize >= n_classes) {
            return Err(r.err("class out of range"));
        }
        let raw = r.bytes(total as usize * 2)?;
        let weights = raw
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]) as f32 * scale)
            .collect();
        let mut m = Model {
            n_classes,
            keys,
            offsets,
            classes,
            weights,
            table: Vec::new(),
            packed: Vec::new(),
            scale: 1.0,
        };
        m.build_table();
        Ok(m)
    }
}

/// Appends a LEB128 varint.
pub fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// Appends a length-prefixed string.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    write_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// A cursor over model bytes.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `buf`.
    pub fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf, pos: 0 }
    }
    /// An error at the current position.
    pub fn err(&self, m: &str) -> TextError {
        TextError::Model(format!("{m} at byte {}", self.pos))
    }
    /// The next `n` bytes.
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], TextError> {
        if self.pos + n > self.buf.len() {
            return Err(self.err("truncated model"));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    /// A little-endian u32.
    pub fn u32(&mut self) -> Result<u32, TextError> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    /// A LEB128 varint.
    pub fn varint(&mut self) -> Result<u64, TextError> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.bytes(1)?[0];
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
            if shift > 63 {
                return Err(self.err("bad varint"));
            }
        }
    }
    /// A length-prefixed string.
    pub fn string(&mut self) -> Result<String, TextError> {
        let n = self.varint()? as usize;
        let b = self.bytes(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| self.err("bad string"))
    }
    /// Whether every byte was read.
    pub fn at_end(&self) -> bool {
        self.pos == self.buf.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perceptron_learns_and_round_trips() {
        let mut t = Trainer::new(3);
        let data = [(vec![1u64 << 40, 7 << 40], 0), (vec![2 << 40, 7 << 40], 2)];
        let mut s = [0f32; 3];
        for _ in 0..5 {
            for (f, y) in &data {
                t.tick();
                t.score(f, &mut s);
                let g = (0..3).max_by(|&a, &b| s[a].total_cmp(&s[b])).unwrap();
                t.update(*y, g, f);
            }
        }
        let m = t.finish(0.0);
        let mut buf = Vec::new();
        m.write(&mut buf);
        let m2 = Model::read(&mut Reader::new(&buf)).unwrap();
        for (f, y) in &data {
            m2.score(f, &mut s);
            let g = (0..3).max_by(|&a, &b| s[a].total_cmp(&s[b])).unwrap();
            assert_eq!(g, *y);
        }
        assert!(Model::read(&mut Reader::new(&buf[..buf.len() - 1])).is_err());
    }
}
