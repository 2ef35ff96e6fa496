//! Just enough English morphology to match pattern words against text without a
//! lemmatizer: verb inflections (with `knowledge/events/irregular_verbs.tsv`) and plurals.

use crate::Error;
use std::collections::HashMap;

const IRREGULAR_TSV: &str = include_str!("../../../knowledge/events/irregular_verbs.tsv");

/// Irregular verb forms by base form.
#[derive(Clone, Debug, Default)]
pub struct Morphology {
    irregular: HashMap<String, Vec<String>>,
    to_base: HashMap<String, String>,
}

fn is_vowel(c: u8) -> bool {
    b"aeiou".contains(&c)
}

impl Morphology {
    /// The built-in table.
    pub fn builtin() -> Morphology {
        Morphology::parse("irregular_verbs.tsv", IRREGULAR_TSV)
            .expect("built-in irregular_verbs.tsv is valid")
    }

    /// Parses `base<TAB>past<TAB>participle` lines.
    pub fn parse(file: &str, text: &str) -> Result<Morphology, Error> {
        let mut m = Morphology::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 3 || f.iter().any(|x| x.trim().is_empty()) {
                return Err(Error::knowledge(
                    file,
                    i + 1,
                    "expected `base<TAB>past<TAB>participle`",
                ));
            }
            let base = f[0].trim().to_string();
            let forms: Vec<String> = f[1..]
                .iter()
                .flat_map(|x| x.split('|'))
                .map(|x| x.trim().to_string())
                .collect();
            for x in &forms {
                m.to_base.entry(x.clone()).or_insert_with(|| base.clone());
            }
            m.irregular.insert(base, forms);
        }
        Ok(m)
    }

    /// All forms of a verb: base, -s, -ed (or irregular), -ing.
    pub fn verb_forms(&self, base: &str) -> Vec<String> {
        let b = base.as_bytes();
        let mut out = vec![base.to_string()];
        let last = *b.last().unwrap_or(&b'x');
        // third person
        if base.ends_with('s')
            || base.ends_with("sh")
            || base.ends_with("ch")
            || base.ends_with('x')
            || base.ends_with('z')
            || base.ends_with('o')
        {
            out.push(format!("{base}es"));
        } else if last == b'y' && b.len() > 1 && !is_vowel(b[b.len() - 2]) {
            out.push(format!("{}ies", &base[..base.len() - 1]));
        } else {
            out.push(format!("{base}s"));
        }
        // doubling of a final consonant after a single short vowel (stop, plan, ban)
        let double = b.len() >= 3
            && !is_vowel(last)
            && !b"wxy".contains(&last)
            && is_vowel(b[b.len() - 2])
            && !is_vowel(b[b.len() - 3]);
        let stem_ed = if last == b'e' {
            base[..base.len() - 1].to_string()
        } else if last == b'y' && b.len() > 1 && !is_vowel(b[b.len() - 2]) {
            format!("{}i", &base[..base.len() - 1])
        } else if double {
            format!("{base}{}", last as char)
        } else {
            base.to_string()
        };
        if let Some(irr) = self.irregular.get(base) {
            out.extend(irr.iter().cloned());
        } else {
            out.push(format!("{stem_ed}ed"));
            if double {
                out.push(format!("{base}ed"));
            }
        }
        let ing = if let Some(stem) = base.strip_suffix("ie") {
            format!("{stem}ying")
        } else if last == b'e' && !base.ends_with("ee") && b.len() > 2 {
            format!("{}ing", &base[..base.len() - 1])
        } else if double {
            format!("{base}{}ing", last as char)
        } else {
            format!("{base}ing")
        };
        out.push(ing);
        if double {
            out.push(format!("{base}ing"));
        }
        out.sort();
        out.dedup();
        out
    }

    /// Whether `word` is an irregular past or participle form ("began", "held").
    pub fn is_irregular_form(&self, word: &str) -> bool {
        self.to_base.contains_key(word)
    }

    /// Singular and plural of a noun.
    pub fn noun_forms(&self, n: &str) -> Vec<String> {
        let mut out = vec![n.to_string()];
        let b = n.as_bytes();
        if n.ends_with('s') || n.ends_with("sh") || n.ends_with("ch") || n.ends_with('x') {
            out.push(format!("{n}es"));
        } else if n.ends_with('y') && b.len() > 1 && !is_vowel(b[b.len() - 2]) {
            out.push(format!("{}ies", &n[..n.len() - 1]));
        } else {
            out.push(format!("{n}s"));
        }
        out
    }

    /// Whether the lower-cased `word` is a form of `pattern_word` (verb or noun).
    pub fn word_matches(&self, word: &str, lemma: Option<&str>, pattern_word: &str) -> bool {
        if word == pattern_word || lemma == Some(pattern_word) {
            return true;
        }
        if !word.starts_with(&pattern_word[..1.min(pattern_word.len())])
            && self.to_base.get(word).map(String::as_str) != Some(pattern_word)
        {
            return false;
        }
        self.noun_forms(pattern_word).iter().any(|f| f == word)
            || self.verb_forms(pattern_word).iter().any(|f| f == word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn morph_verb_forms_regular_and_irregular() {
        let m = Morphology::builtin();
        let f = m.verb_forms("visit");
        for w in ["visit", "visits", "visited", "visiting"] {
            assert!(f.contains(&w.to_string()), "{w} in {f:?}");
        }
        assert!(m.verb_forms("meet").contains(&"met".to_string()));
        assert!(m.verb_forms("free").contains(&"freed".to_string()));
        assert!(m.verb_forms("free").contains(&"freeing".to_string()));
        assert!(m
            .verb_forms("criticize")
            .contains(&"criticized".to_string()));
        assert!(m.verb_forms("stop").contains(&"stopped".to_string()));
        assert!(m.verb_forms("deny").contains(&"denied".to_string()));
        assert!(m.verb_forms("agree").contains(&"agreed".to_string()));
        assert!(m.word_matches("sanctions", None, "sanction"));
        assert!(m.word_matches("held", None, "hold"));
        assert!(!m.word_matches("hold", None, "held"));
    }
}
