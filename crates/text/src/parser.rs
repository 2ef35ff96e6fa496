//! Transition-based dependency parsing: arc-eager transitions scored by an averaged
//! perceptron, trained with the dynamic oracle of Goldberg & Nivre (2012) on
//! projective trees, decoding greedily in linear time.
//!
//! Words are numbered from 1; 0 is the artificial root, which takes exactly one
//! dependent (`root`).

use crate::clusters::{prefix, Clusters};
use crate::features::{f1, f2, f3, hash_bytes, normalize};
use crate::perceptron::{write_str, write_varint, Model, Reader, Trainer};
use crate::tagger::Rng;
use crate::TextError;

const NONE: usize = usize::MAX;
const SHIFT: usize = 0;
const REDUCE: usize = 1;

// Transition classes: SHIFT, REDUCE, then LEFT-l = 2 + 2l and RIGHT-l = 3 + 2l.

/// The parse of one sentence: 1-based heads (0 = root) and label indices.
#[derive(Clone, Debug, PartialEq)]
pub struct Parse {
    /// Head of each word (0 for the root).
    pub heads: Vec<usize>,
    /// Label index of each word.
    pub labels: Vec<usize>,
}

struct State {
    n: usize,
    stack: Vec<usize>,
    buf: usize,
    head: Vec<usize>,
    label: Vec<usize>,
    lmost: Vec<usize>,
    rmost: Vec<usize>,
    /// Second-leftmost and second-rightmost dependents.
    lmost2: Vec<usize>,
    rmost2: Vec<usize>,
    /// Sets of the labels of the left and right dependents (bit per label, folded
    /// to 64 bits).
    lset: Vec<u64>,
    rset: Vec<u64>,
    nleft: Vec<u8>,
    nright: Vec<u8>,
    root_taken: bool,
}

impl State {
    fn new(n: usize) -> State {
        State {
            n,
            stack: vec![0],
            buf: 1,
            head: vec![NONE; n + 1],
            label: vec![NONE; n + 1],
            lmost: vec![NONE; n + 1],
            rmost: vec![NONE; n + 1],
            lmost2: vec![NONE; n + 1],
            rmost2: vec![NONE; n + 1],
            lset: vec![0; n + 1],
            rset: vec![0; n + 1],
            nleft: vec![0; n + 1],
            nright: vec![0; n + 1],
            root_taken: false,
        }
    }

    fn done(&self) -> bool {
        self.buf > self.n
    }

    fn s0(&self) -> usize {
        *self.stack.last().unwrap_or(&NONE)
    }

    fn legal(&self, t: usize) -> bool {
        let s = self.s0();
        let has_buf = self.buf <= self.n;
        match t {
            SHIFT => has_buf,
            REDUCE => s != 0 && s != NONE && self.head[s] != NONE,
            _ if t.is_multiple_of(2) => has_buf && s != 0 && s != NONE && self.head[s] == NONE,
            _ => has_buf && s != NONE && !(s == 0 && self.root_taken),
        }
    }

    fn add_arc(&mut self, h: usize, d: usize, l: usize) {
        self.head[d] = h;
        self.label[d] = l;
        let bit = 1u64 << (l % 64);
        if d < h {
            if self.lmost[h] == NONE || d < self.lmost[h] {
                self.lmost2[h] = self.lmost[h];
                self.lmost[h] = d;
            } else if self.lmost2[h] == NONE || d < self.lmost2[h] {
                self.lmost2[h] = d;
            }
            self.nleft[h] = self.nleft[h].saturating_add(1);
            self.lset[h] |= bit;
        } else {
            if self.rmost[h] == NONE || d > self.rmost[h] {
                self.rmost2[h] = self.rmost[h];
                self.rmost[h] = d;
            } else if self.rmost2[h] == NONE || d > self.rmost2[h] {
                self.rmost2[h] = d;
            }
            self.nright[h] = self.nright[h].saturating_add(1);
            self.rset[h] |= bit;
        }
        if h == 0 {
            self.root_taken = true;
        }
    }

    fn apply(&mut self, t: usize) {
        let s = self.s0();
        let b = self.buf;
        match t {
            SHIFT => {
                self.stack.push(b);
                self.buf += 1;
            }
            REDUCE => {
                self.stack.pop();
            }
            _ if t.is_multiple_of(2) => {
                self.add_arc(b, s, (t - 2) / 2);
                self.stack.pop();
            }
            _ => {
                self.add_arc(s, b, (t - 3) / 2);
                self.stack.push(b);
                self.buf += 1;
            }
        }
    }

    /// Marks the legal transitions of zero cost. The cost of LEFT-l and RIGHT-l
    /// differs between labels only by the label of the gold arc, so each transition
    /// type is costed once.
    fn zero_cost(&self, gh: &[usize], gl: &[usize], zero: &mut [bool]) {
        zero.iter_mut().for_each(|z| *z = false);
        let s = self.s0();
        let b = self.buf;
        for t in [SHIFT, REDUCE] {
            zero[t] = self.legal(t) && self.cost(t, gh, gl) == 0;
        }
        let n_labels = (zero.len() - 2) / 2;
        if n_labels == 0 {
            return;
        }
        if self.legal(2) {
            let l = if s != NONE && s != 0 && gh[s] == b {
                gl[s]
            } else {
                0
            };
            if self.cost(2 + 2 * l, gh, gl) == 0 {
                if s != NONE && s != 0 && gh[s] == b {
                    zero[2 + 2 * l] = true;
                } else {
                    (0..n_labels).for_each(|l| zero[2 + 2 * l] = true);
                }
            }
        }
        if self.legal(3) {
            let l = if b <= self.n && gh[b] == s { gl[b] } else { 0 };
            if self.cost(3 + 2 * l, gh, gl) == 0 {
                if b <= self.n && gh[b] == s {
                    zero[3 + 2 * l] = true;
                } else {
                    (0..n_labels).for_each(|l| zero[3 + 2 * l] = true);
                }
            }
        }
    }

    /// Dynamic-oracle cost of transition `t` against gold heads and labels.
    fn cost(&self, t: usize, gh: &[usize], gl: &[usize]) -> usize {
        let s = self.s0();
        let b = self.buf;
        let n = self.n;
        let buf_range = b..=n;
        match t {
            SHIFT => {
                // b loses heads and dependents on the stack.
                let mut c = 0;
                for &k in &self.stack {
                    if gh[b] == k {
                        c += 1;
                    }
                    if k != 0 && gh[k] == b && self.head[k] == NONE {
                        c += 1;
                    }
                }
                c
            }
            REDUCE => buf_range.filter(|&k| gh[k] == s).count(),
            _ if t.is_multiple_of(2) => {
                let l = (t - 2) / 2;
                let mut c = 0;
                for k in buf_range {
                    if gh[k] == s {
                        c += 1;
                    }
                    if gh[s] == k && k != b {
                        c += 1;
                    }
                }
                if gh[s] == b && gl[s] != l {
                    c += 1;
                }
                c
            }
            _ => {
                let l = (t - 3) / 2;
                let mut c = 0;
                if gh[b] != s {
                    // b's gold head elsewhere on the stack or in the buffer is lost.
                    if self.stack.contains(&gh[b]) || (gh[b] > b && gh[b] <= n) {
                        c += 1;
                    }
                } else if gl[b] != l {
                    c += 1;
                }
                for &k in &self.stack {
                    if k != 0 && gh[k] == b && self.head[k] == NONE {
                        c += 1;
                    }
                }
                c
            }
        }
    }
}

/// Per-sentence inputs of the feature function.
struct Input {
    words: Vec<u64>,
    tags: Vec<u64>,
    clusters: Vec<u32>,
}

impl Input {
    fn new(forms: &[&str], tags: &[usize]) -> Input {
        let mut words = vec![hash_bytes(b"<ROOT>")];
        let mut t = vec![99u64];
        let mut clusters = vec![0];
        let table = Clusters::builtin();
        for (f, &g) in forms.iter().zip(tags) {
            words.push(hash_bytes(normalize(f).as_bytes()));
            t.push(g as u64);
            clusters.push(table.get(f));
        }
        Input {
            words,
            tags: t,
            clusters,
        }
    }
}

const NW: u64 = 0x5eed_0001;
const NT: u64 = 98;
const NL: u64 = 97;

/// Fills `out` with the features of the state; returns how many of them, at the front,
/// depend on the buffer only (the same while the buffer front stays).
fn features(st: &State, x: &Input, out: &mut Vec<u64>) -> usize {
    out.clear();
    let w = |i: usize| if i == NONE { NW } else { x.words[i] };
    let p = |i: usize| if i == NONE { NT } else { x.tags[i] };
    let lab = |i: usize| {
        if i == NONE || st.label[i] == NONE {
            NL
        } else {
            st.label[i] as u64
        }
    };
    let s0 = st.s0();
    let s1 = if st.stack.len() >= 2 {
        st.stack[st.stack.len() - 2]
    } else {
        NONE
    };
    let at = |k: usize| if st.buf + k <= st.n { st.buf + k } else { NONE };
    let (n0, n1, n2) = (at(0), at(1), at(2));
    // Heads and dependents of a position that may be absent (NONE stays NONE; the
    // root's head is NONE).
    let opt = |v: &Vec<usize>, i: usize| if i == NONE { NONE } else { v[i] };
    let s0h = opt(&st.head, s0);
    let s0l = opt(&st.lmost, s0);
    let s0r = opt(&st.rmost, s0);
    let n0l = opt(&st.lmost, n0);
    let (s0w, s0p, n0w, n0p) = (w(s0), p(s0), w(n0), p(n0));
    let (n1w, n1p, n2p) = (w(n1), p(n1), p(n2));
    let d = if s0 != NONE && n0 != NONE && s0 != 0 {
        (n0 - s0).min(6) as u64
    } else {
        0
    };
    let vr = |i: usize| {
        if i == NONE {
            9
        } else {
            st.nright[i].min(4) as u64
        }
    };
    let vl = |i: usize| {
        if i == NONE {
            9
        } else {
            st.nleft[i].min(4) as u64
        }
    };
    let n0m1 = if n0 != NONE && n0 > 1 { n0 - 1 } else { NONE };
    let s0wp = f1(100, s0w ^ s0p.wrapping_mul(31));
    let n0wp = f1(101, n0w ^ n0p.wrapping_mul(31));
    out.extend_from_slice(&[
        f1(1, s0w),
        f1(2, s0p),
        f1(3, s0wp),
        f2(13, s0wp, n0p),
        f2(14, s0p, n0wp),
        f2(15, s0p, n0p),
        f3(19, s0p, n0p, n1p),
        f3(20, p(s0h), s0p, n0p),
        f3(21, s0p, p(s0l), n0p),
        f3(22, s0p, p(s0r), n0p),
        f3(23, s0p, n0p, p(n0l)),
        f2(25, s0p, d),
        f2(27, n0p, d),
        f3(29, s0p, n0p, d),
        f2(31, s0p, vr(s0)),
        f2(33, s0p, vl(s0)),
        f2(35, n0p, vl(n0)),
        f1(36, w(s0h)),
        f1(37, p(s0h)),
        f1(38, lab(s0)),
        f1(39, w(s0l)),
        f1(40, p(s0l)),
        f1(41, lab(s0l)),
        f1(42, w(s0r)),
        f1(43, p(s0r)),
        f1(44, lab(s0r)),
        f1(45, w(n0l)),
        f1(46, p(n0l)),
        f1(47, lab(n0l)),
        f3(48, s0p, lab(s0l), lab(s0r)),
        f1(49, p(s1)),
        f3(50, p(s1), s0p, n0p),
        f2(52, s0p, lab(s0)),
        f3(53, s0p, n0p, (s0h == NONE) as u64),
    ]);
    // Zhang & Nivre (2011)'s third-order and label-set templates. (Template numbers
    // are part of the feature hashes: the gaps are templates dropped from feature set 2
    // because they cost lookups and, retrained without them, nothing on EWT dev.)
    let s0h2 = opt(&st.head, s0h);
    let s0l2 = opt(&st.lmost2, s0);
    let s0r2 = opt(&st.rmost2, s0);
    let n0l2 = opt(&st.lmost2, n0);
    let set = |v: &Vec<u64>, i: usize| if i == NONE { 1 << 63 } else { v[i] };
    out.extend_from_slice(&[
        f1(55, w(s0h2)),
        f1(56, p(s0h2)),
        f1(57, lab(s0h)),
        f1(59, p(s0l2)),
        f1(60, lab(s0l2)),
        f1(62, p(s0r2)),
        f1(63, lab(s0r2)),
        f1(64, w(n0l2)),
        f1(65, p(n0l2)),
        f1(66, lab(n0l2)),
        f3(67, s0p, p(s0l), p(s0l2)),
        f3(68, s0p, p(s0r), p(s0r2)),
        f3(69, s0p, p(s0h), p(s0h2)),
        f3(70, n0p, p(n0l), p(n0l2)),
        f2(71, s0w, set(&st.rset, s0)),
        f2(72, s0p, set(&st.rset, s0)),
        f2(74, s0p, set(&st.lset, s0)),
        f2(76, n0p, set(&st.lset, n0)),
    ]);
    // Brown clusters (Koo et al. 2008): short prefixes stand in for tags, full paths
    // for words.
    let c = |i: usize, bits: u32| {
        if i == NONE {
            1
        } else {
            prefix(x.clusters[i], bits)
        }
    };
    out.extend_from_slice(&[
        f1(80, c(s0, 6)),
        f1(82, c(s0, 20)),
        f2(85, c(s0, 6), n0p),
        f2(86, s0p, c(n0, 6)),
        f2(87, c(s0, 4), c(n0, 4)),
        f2(88, c(s0, 20), n0p),
        f2(89, s0p, c(n0, 20)),
        f3(90, c(s0, 4), c(n0, 4), d),
        f1(92, c(s0h, 6)),
        f2(93, c(s0, 6), c(n0, 6)),
        f3(94, s0p, n0p, c(n0, 10)),
        f3(95, s0p, c(s0, 10), n0p),
    ]);
    // The buffer-only templates (the same while the buffer front stays), moved to the
    // front so that the parser can keep their sum between transitions.
    let rest = out.len();
    out.extend_from_slice(&[
        f1(0, 0),
        f1(4, n0w),
        f1(5, n0p),
        f1(6, n0wp),
        f1(7, n1w),
        f1(8, n1p),
        f2(9, n1w, n1p),
        f1(11, n2p),
        f2(16, n0p, n1p),
        f3(18, n0p, n1p, n2p),
        f2(54, n0p, p(n0m1)),
        f1(81, c(n0, 6)),
        f1(83, c(n0, 20)),
        f1(84, c(n1, 6)),
        f2(91, c(n0, 6), c(n1, 6)),
    ]);
    let nb = out.len() - rest;
    out.rotate_right(nb);
    nb
}

/// The trained parser.
#[derive(Debug, Default)]
pub struct ParserModel {
    /// The perceptron.
    pub model: Model,
    /// Dependency labels, by index.
    pub labels: Vec<String>,
}

fn best(scores: &[f32], ok: impl Fn(usize) -> bool) -> usize {
    let mut b = NONE;
    for (t, &s) in scores.iter().enumerate() {
        if ok(t) && (b == NONE || s > scores[b]) {
            b = t;
        }
    }
    b
}

fn finish(st: &mut State, root_label: usize) -> Parse {
    // Words left without a head: the first becomes the root if there is none, the
    // others attach to the root word.
    let mut root_word = (1..=st.n).find(|&i| st.head[i] == 0);
    for i in 1..=st.n {
        if st.head[i] == NONE {
            match root_word {
                None => {
                    st.head[i] = 0;
                    st.label[i] = root_label;
                    root_word = Some(i);
                }
                Some(r) => {
                    st.head[i] = r;
                    st.label[i] = NONE;
                }
            }
        }
    }
    Parse {
        heads: st.head[1..].to_vec(),
        labels: st.label[1..].to_vec(),
    }
}

impl ParserModel {
    /// Parses a tagged sentence.
    pub fn parse(&self, forms: &[&str], tags: &[usize]) -> Parse {
        let x = Input::new(forms, tags);
        let mut st = State::new(forms.len());
        let mut feats = Vec::with_capacity(112);
        let n = self.model.n_classes();
        // Integer class sums: those of the buffer-only features are kept while the
        // buffer front stays (REDUCE and LEFT-ARC keep it: half the transitions).
        let (mut base, mut acc) = (vec![0i32; n], vec![0i32; n]);
        let mut base_buf = NONE;
        while !st.done() {
            let nb = features(&st, &x, &mut feats);
            if st.buf != base_buf {
                base.iter_mut().for_each(|a| *a = 0);
                self.model.add_scores(&feats[..nb], &mut base);
                base_buf = st.buf;
            }
            acc.copy_from_slice(&base);
            self.model.add_scores(&feats[nb..], &mut acc);
            let mut t = NONE;
            for (c, &a) in acc.iter().enumerate() {
                if st.legal(c) && (t == NONE || a > acc[t]) {
                    t = c;
                }
            }
            if t == NONE {
                break;
            }
            st.apply(t);
        }
        let root = self.root_label();
        let dep = self.labels.iter().position(|l| l == "dep").unwrap_or(root);
        let mut p = finish(&mut st, root);
        self.reroot_clause(&mut p, tags);
        for l in p.labels.iter_mut() {
            if *l == NONE {
                *l = dep;
            }
        }
        p
    }

    /// Repairs the commonest way greedy arc-eager parsing goes wrong at the end of
    /// a sentence: the root was given early to the verb of a clause that turns out to
    /// be the complement of a later verb (`“We will fight,” he said.`), which is left
    /// without a head. When the first headless word after the root is a verb with its
    /// own subject, it becomes the root and the old root its clausal complement.
    fn reroot_clause(&self, p: &mut Parse, tags: &[usize]) {
        let label = |name: &str| self.labels.iter().position(|l| l == name);
        let (Some(root), Some(nsubj), Some(ccomp)) =
            (label("root"), label("nsubj"), label("ccomp"))
        else {
            return;
        };
        let verb = crate::tagger::upos_index("VERB");
        let Some(r) = p.heads.iter().position(|&h| h == 0) else {
            return;
        };
        let Some(h) = (r + 1..p.heads.len()).find(|&i| p.labels[i] == NONE) else {
            return;
        };
        let has_subject = (0..p.heads.len()).any(|d| p.heads[d] == h + 1 && p.labels[d] == nsubj);
        if tags.get(h).copied() != verb || !has_subject {
            return;
        }
        p.heads[h] = 0;
        p.labels[h] = root;
        p.heads[r] = h + 1;
        p.labels[r] = ccomp;
        // The other headless words hang from the new root.
        for i in 0..p.heads.len() {
            if p.labels[i] == NONE {
                p.heads[i] = h + 1;
            }
        }
    }

    fn root_label(&self) -> usize {
        self.labels.iter().position(|l| l == "root").unwrap_or(0)
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        write_varint(out, self.labels.len() as u64);
        for l in &self.labels {
            write_str(out, l);
        }
        self.model.write(out);
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<ParserModel, TextError> {
        let n = r.varint()? as usize;
        let labels = (0..n).map(|_| r.string()).collect::<Result<Vec<_>, _>>()?;
        let model = Model::read(r)?;
        if model.n_classes() != 2 + 2 * labels.len() {
            return Err(r.err("parser classes do not match its labels"));
        }
        Ok(ParserModel { model, labels })
    }
}

/// Whether a tree (1-based heads, 0 = root) is projective.
pub fn is_projective(heads: &[usize]) -> bool {
    let arcs: Vec<(usize, usize)> = heads
        .iter()
        .enumerate()
        .map(|(i, &h)| {
            let d = i + 1;
            (h.min(d), h.max(d))
        })
        .collect();
    for &(a, b) in &arcs {
        for &(c, d) in &arcs {
            if a < c && c < b && b < d {
                return false;
            }
        }
    }
    true
}

/// A training sentence for the parser.
pub struct ParseSentence {
    /// Word forms.
    pub forms: Vec<String>,
    /// UPOS indices (predicted, as at run time).
    pub tags: Vec<usize>,
    /// Gold heads (1-based, 0 = root).
    pub heads: Vec<usize>,
    /// Gold label indices.
    pub labels: Vec<usize>,
}

/// Trains the parser with the dynamic oracle; `log` receives one line per epoch.
pub fn train(
    data: &[ParseSentence],
    labels: Vec<String>,
    epochs: usize,
    log: &mut dyn FnMut(String),
) -> ParserModel {
    let n_classes = 2 + 2 * labels.len();
    let mut trainer = Trainer::new(n_classes);
    let mut order: Vec<usize> = (0..data.len())
        .filter(|&i| {
            let h = &data[i].heads;
            is_projective(h) && h.iter().filter(|&&x| x == 0).count() == 1
        })
        .collect();
    log(format!(
        "parser: {} of {} sentences are projective with one root",
        order.len(),
        data.len()
    ));
    let mut rng = Rng::new(11);
    let mut feats = Vec::with_capacity(112);
    let mut scores = vec![0f32; n_classes];
    let mut zero = vec![false; n_classes];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &k in &order {
            let s = &data[k];
            let forms: Vec<&str> = s.forms.iter().map(|f| f.as_str()).collect();
            let x = Input::new(&forms, &s.tags);
            let mut gh = vec![0usize];
            gh.extend_from_slice(&s.heads);
            let mut gl = vec![0usize];
            gl.extend_from_slice(&s.labels);
            let mut st = State::new(forms.len());
            while !st.done() {
                features(&st, &x, &mut feats);
                trainer.tick();
                trainer.score(&feats, &mut scores);
                let pred = best(&scores, |t| st.legal(t));
                if pred == NONE {
                    break;
                }
                st.zero_cost(&gh, &gl, &mut zero);
                let gold = best(&scores, |t| zero[t]);
                if gold == NONE {
                    // No zero-cost move (unreachable gold); follow the model.
                    st.apply(pred);
                    continue;
                }
                trainer.update(gold, pred, &feats);
                let explore = epoch > 0 && !rng.next_u64().is_multiple_of(10);
                st.apply(if zero[pred] || explore { pred } else { gold });
            }
            let p = finish(&mut st, 0);
            for i in 0..forms.len() {
                right += (p.heads[i] == s.heads[i]) as usize;
                total += 1;
            }
        }
        log(format!(
            "parser epoch {}: training UAS {:.4}",
            epoch + 1,
            right as f64 / total.max(1) as f64
        ));
    }
    ParserModel {
        model: trainer.finish(0.05),
        labels,
    }
}

/// The label index of gold label `l` (its subtype dropped when the subtype is not
/// among the kept labels).
pub fn label_index(labels: &[String], l: &str) -> usize {
    if let Some(i) = labels.iter().position(|x| x == l) {
        return i;
    }
    let base = l.split(':').next().unwrap_or(l);
    labels
        .iter()
        .position(|x| x == base)
        .or_else(|| labels.iter().position(|x| x == "dep"))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parser_oracle_reproduces_projective_gold() {
        // "She met him today": met root; she nsubj; him obj; today obl.
        let gh = [0usize, 2, 0, 2, 2];
        let gl = [0usize, 1, 0, 2, 3];
        let mut st = State::new(4);
        while !st.done() {
            let t = (0..10)
                .find(|&t| st.legal(t) && st.cost(t, &gh, &gl) == 0)
                .expect("a zero-cost move exists");
            st.apply(t);
        }
        let p = finish(&mut st, 0);
        assert_eq!(p.heads, vec![2, 0, 2, 2]);
        assert_eq!(p.labels, vec![1, 0, 2, 3]);
        assert!(is_projective(&[2, 0, 2, 2]));
        assert!(!is_projective(&[3, 4, 0, 3, 1]));
    }
}
