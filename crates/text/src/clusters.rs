//! Brown word clusters (`knowledge/text/brown_clusters.tsv.gz`), features of the
//! tagger and the parser: a word the treebanks show rarely shares weights with the
//! words of its cluster.

use crate::features::hash_bytes;
use crate::TextError;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Read;
use std::sync::OnceLock;

const FILE: &str = "knowledge/text/brown_clusters.tsv.gz";
static DATA: &[u8] = include_bytes!("../../../knowledge/text/brown_clusters.tsv.gz");

/// The keys are already well-mixed 64-bit hashes of the word: use them as they are.
#[derive(Default)]
struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// The cluster table: hash of the word → bit path (low bits = top of the hierarchy).
#[derive(Debug, Default)]
pub struct Clusters {
    map: HashMap<u64, u32, BuildHasherDefault<Identity>>,
}

impl Clusters {
    /// Parses `word<TAB>cluster` lines (gzip-compressed); a bad line is an error
    /// naming `name` and the line.
    pub fn from_gz(name: &str, gz: &[u8]) -> Result<Clusters, TextError> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(gz)
            .read_to_string(&mut text)
            .map_err(|e| TextError::Lexicon {
                file: name.into(),
                line: 0,
                message: format!("not gzip-compressed UTF-8: {e}"),
            })?;
        let mut map = HashMap::with_capacity_and_hasher(text.len() / 12, Default::default());
        for (i, line) in text.lines().enumerate() {
            let bad = |message: &str| TextError::Lexicon {
                file: name.into(),
                line: i + 1,
                message: message.into(),
            };
            let (w, c) = line
                .split_once('\t')
                .ok_or_else(|| bad("expected word<TAB>cluster"))?;
            let c: u32 = c.parse().map_err(|_| bad("the cluster is not a number"))?;
            if w.is_empty() || c == 0 {
                return Err(bad("empty word or zero cluster"));
            }
            map.entry(hash_bytes(w.as_bytes())).or_insert(c);
        }
        Ok(Clusters { map })
    }

    /// The compiled-in table (decoded once).
    pub fn builtin() -> &'static Clusters {
        static C: OnceLock<Clusters> = OnceLock::new();
        C.get_or_init(|| {
            Clusters::from_gz(FILE, DATA)
                .expect("the compiled-in cluster file is valid (a test checks it)")
        })
    }

    /// The cluster of a word form (as written, else lower-cased); 0 when unknown.
    pub fn get(&self, form: &str) -> u32 {
        if let Some(&c) = self.map.get(&hash_bytes(form.as_bytes())) {
            return c;
        }
        if !form.bytes().any(|b| b.is_ascii_uppercase()) {
            return 0;
        }
        let lower = if form.is_ascii() {
            let mut buf = [0u8; 32];
            match buf.get_mut(..form.len()) {
                Some(b) => {
                    b.copy_from_slice(form.as_bytes());
                    b.make_ascii_lowercase();
                    hash_bytes(b)
                }
                None => return 0, // longer than any word in the table
            }
        } else {
            hash_bytes(form.to_lowercase().as_bytes())
        };
        self.map.get(&lower).copied().unwrap_or(0)
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// The ancestor of cluster `c` at depth `bits` (tagged with the depth, so that
/// prefixes of different lengths never collide); unknown words give 0.
#[inline]
pub fn prefix(c: u32, bits: u32) -> u64 {
    if c == 0 {
        0
    } else {
        ((bits as u64) << 32) | (c & ((1u32 << bits) - 1)) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_clusters_load_and_group_related_words() {
        let c = Clusters::builtin();
        assert!(c.len() >= 50_000);
        assert_ne!(c.get("said"), 0);
        // A form as written comes first ("BANK" has its own cluster); one not in the
        // table falls back to lower case; unknown words have no cluster.
        assert_ne!(c.get("BANK"), c.get("bank"));
        assert_eq!(c.get("DRONE"), c.get("drone"));
        assert_eq!(c.get("Drône"), 0);
        assert_eq!(c.get("qzxv-not-a-word"), 0);
        // Reporting verbs share a deep ancestor; a noun does not.
        assert_eq!(prefix(c.get("said"), 6), prefix(c.get("says"), 6));
        assert_ne!(prefix(c.get("said"), 6), prefix(c.get("bank"), 6));
    }

    #[test]
    fn bad_cluster_lines_name_file_and_line() {
        let gz = |s: &str| {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            std::io::Write::write_all(&mut e, s.as_bytes()).unwrap();
            e.finish().unwrap()
        };
        let err = Clusters::from_gz("x.tsv.gz", &gz("the\t11\nbank seven\n")).unwrap_err();
        assert_eq!(err.to_string(), "x.tsv.gz:2: expected word<TAB>cluster");
        assert!(Clusters::from_gz("x", &gz("a\tb\n")).is_err());
        assert!(Clusters::from_gz("x", b"not gzip").is_err());
    }
}
