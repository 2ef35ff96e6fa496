//! Lemmatization: suffix rules per UPOS learned from a treebank ("-ies" → "-y" for
//! NOUN), plus the exceptions the rules get wrong ("went" → "go").

use crate::features::suffix;
use crate::perceptron::{write_str, write_varint, Reader};
use crate::TextError;
use std::collections::HashMap;

const MAX_SUFFIX: usize = 5;

/// A lemmatizer learned from (form, UPOS, lemma) triples.
#[derive(Debug, Default)]
pub struct Lemmatizer {
    /// (UPOS index, lower-case suffix) → (characters to strip, string to add).
    rules: HashMap<(u8, String), (u8, String)>,
    /// (lower-case form, UPOS index) → lemma.
    exceptions: HashMap<(String, u8), String>,
}

fn rule_of(form: &str, lemma: &str) -> (u8, String) {
    let common = form
        .chars()
        .zip(lemma.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let strip = form.chars().count() - common;
    let add: String = lemma.chars().skip(common).collect();
    (strip.min(255) as u8, add)
}

fn keeps_case(upos: u8) -> bool {
    crate::tagger::UPOS[upos as usize] == "PROPN"
}

impl Lemmatizer {
    fn by_rules(&self, lower: &str, upos: u8) -> Option<&(u8, String)> {
        let n = lower.chars().count();
        (1..=MAX_SUFFIX.min(n))
            .rev()
            .find_map(|k| self.rules.get(&(upos, suffix(lower, k).to_string())))
    }

    /// The lemma of `form` tagged with UPOS class `upos`.
    pub fn lemma(&self, form: &str, upos: usize) -> String {
        let upos = upos as u8;
        let lower = form.to_lowercase();
        if let Some(l) = self.exceptions.get(&(lower.clone(), upos)) {
            return l.clone();
        }
        let base = if keeps_case(upos) { form } else { &lower };
        match self.by_rules(&lower, upos) {
            Some((strip, add)) => {
                let n = base.chars().count();
                if (*strip as usize) >= n {
                    return base.to_string();
                }
                let mut out: String = base.chars().take(n - *strip as usize).collect();
                out.push_str(add);
                out
            }
            None => base.to_string(),
        }
    }

    /// Learns rules and exceptions from (form, UPOS index, lemma) triples.
    pub fn train(data: &[(&str, usize, &str)]) -> Lemmatizer {
        // Majority lemma per (lower form, upos).
        let mut per_word: HashMap<(String, u8), HashMap<String, u32>> = HashMap::new();
        for &(form, upos, lemma) in data {
            if lemma == "_" {
                continue;
            }
            *per_word
                .entry((form.to_lowercase(), upos as u8))
                .or_default()
                .entry(lemma.to_string())
                .or_default() += 1;
        }
        let best: HashMap<(String, u8), String> = per_word
            .into_iter()
            .map(|(k, v)| {
                let l = v
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .map(|x| x.0)
                    .unwrap_or_default();
                (k, l)
            })
            .collect();
        // Suffix rules, counted over word types.
        let mut counts: HashMap<(u8, String), HashMap<(u8, String), u32>> = HashMap::new();
        for ((lower, upos), lemma) in &best {
            let r = rule_of(lower, &lemma.to_lowercase());
            let n = lower.chars().count();
            for k in 1..=MAX_SUFFIX.min(n) {
                *counts
                    .entry((*upos, suffix(lower, k).to_string()))
                    .or_default()
                    .entry(r.clone())
                    .or_default() += 1;
            }
        }
        let mut rules = HashMap::new();
        for (key, v) in counts {
            let total: u32 = v.values().sum();
            if let Some((r, c)) = v
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            {
                if total >= 3 && c * 2 > total && (r.0 > 0 || !r.1.is_empty() || key.1.len() == 1) {
                    rules.insert(key, r);
                }
            }
        }
        let mut lem = Lemmatizer {
            rules,
            exceptions: HashMap::new(),
        };
        let mut exceptions = HashMap::new();
        for ((lower, upos), lemma) in best {
            let form_guess = lem.lemma(&lower, upos as usize);
            // Compare on the lower-cased form; casing is rebuilt from the token.
            let want = if keeps_case(upos) {
                lemma.to_lowercase()
            } else {
                lemma.clone()
            };
            if form_guess != want {
                exceptions.insert((lower, upos), lemma);
            }
        }
        lem.exceptions = exceptions;
        lem
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        let mut rules: Vec<_> = self.rules.iter().collect();
        rules.sort();
        write_varint(out, rules.len() as u64);
        for ((u, s), (strip, add)) in rules {
            out.push(*u);
            write_str(out, s);
            out.push(*strip);
            write_str(out, add);
        }
        let mut ex: Vec<_> = self.exceptions.iter().collect();
        ex.sort();
        write_varint(out, ex.len() as u64);
        for ((f, u), l) in ex {
            write_str(out, f);
            out.push(*u);
            write_str(out, l);
        }
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Lemmatizer, TextError> {
        let n = r.varint()? as usize;
        let mut rules = HashMap::with_capacity(n);
        for _ in 0..n {
            let u = r.bytes(1)?[0];
            let s = r.string()?;
            let strip = r.bytes(1)?[0];
            let add = r.string()?;
            rules.insert((u, s), (strip, add));
        }
        let n = r.varint()? as usize;
        let mut exceptions = HashMap::with_capacity(n);
        for _ in 0..n {
            let f = r.string()?;
            let u = r.bytes(1)?[0];
            let l = r.string()?;
            exceptions.insert((f, u), l);
        }
        Ok(Lemmatizer { rules, exceptions })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tagger::upos_index;

    #[test]
    fn lemma_rules_generalise_and_exceptions_hold() {
        let n = upos_index("NOUN").unwrap();
        let v = upos_index("VERB").unwrap();
        let p = upos_index("PROPN").unwrap();
        let data = vec![
            ("parties", n, "party"),
            ("cities", n, "city"),
            ("armies", n, "army"),
            ("talks", n, "talk"),
            ("troops", n, "troop"),
            ("leaders", n, "leader"),
            ("ministers", n, "minister"),
            ("guns", n, "gun"),
            ("went", v, "go"),
            ("agreed", v, "agree"),
            ("signed", v, "sign"),
            ("walked", v, "walk"),
            ("talked", v, "talk"),
            ("Americans", p, "American"),
            ("Germans", p, "German"),
            ("Kenyans", p, "Kenyan"),
        ];
        let l = Lemmatizer::train(&data);
        assert_eq!(l.lemma("went", v), "go");
        assert_eq!(l.lemma("Treaties", n), "treaty");
        assert_eq!(l.lemma("ships", n), "ship");
        assert_eq!(l.lemma("jumped", v), "jump");
        assert_eq!(l.lemma("Japanese", p), "Japanese");
        let mut buf = Vec::new();
        l.write(&mut buf);
        let l2 = Lemmatizer::read(&mut Reader::new(&buf)).unwrap();
        assert_eq!(l2.lemma("went", v), "go");
    }
}
