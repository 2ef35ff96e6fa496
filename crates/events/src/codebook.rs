//! The CAMEO 1.1b3 codebook (`knowledge/events/cameo.tsv`) and the CAMEO → PLOVER mapping
//! (`knowledge/events/cameo_plover.tsv`), loaded and validated once.

use crate::Error;
use std::collections::HashMap;

const CAMEO_TSV: &str = include_str!("../../../knowledge/events/cameo.tsv");
const PLOVER_TSV: &str = include_str!("../../../knowledge/events/cameo_plover.tsv");

/// What the codebook says about one CAMEO code.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeInfo {
    /// The code (`042`).
    pub code: String,
    /// Its name ("Make a visit").
    pub name: String,
    /// Goldstein score, -10..=10.
    pub goldstein: f32,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
    /// conflict.
    pub quad_class: u8,
}

/// A PLOVER type with its mode and context, as the mapping gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PloverInfo {
    /// PLOVER event type (`CONSULT`).
    pub event_type: String,
    /// Mode (`visit`), when the mapping gives one.
    pub mode: Option<String>,
    /// Context (`diplomatic`), when the mapping gives one.
    pub context: Option<String>,
}

/// The codebook: every CAMEO 1.1b3 code and its PLOVER row.
#[derive(Clone, Debug)]
pub struct Codebook {
    codes: HashMap<String, CodeInfo>,
    plover: HashMap<String, PloverInfo>,
    order: Vec<String>,
}

/// The QuadClass CAMEO assigns to a root (`01`..`20`).
pub fn quad_class_of_root(root: u8) -> u8 {
    match root {
        1..=5 => 1,
        6..=8 => 2,
        9..=13 => 3,
        _ => 4,
    }
}

fn valid_code_shape(code: &str) -> bool {
    (2..=4).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_digit())
        && matches!(code[..2].parse::<u8>(), Ok(1..=20))
}

impl Codebook {
    /// The built-in codebook and mapping.
    pub fn builtin() -> Codebook {
        Codebook::parse(("cameo.tsv", CAMEO_TSV), ("cameo_plover.tsv", PLOVER_TSV))
            .expect("built-in codebook is valid")
    }

    /// Parses a codebook and a mapping given as `(file name, contents)`.
    pub fn parse(cameo: (&str, &str), plover: (&str, &str)) -> Result<Codebook, Error> {
        let (file, text) = cameo;
        let mut codes = HashMap::new();
        let mut order = Vec::new();
        for (n, f) in tsv_rows(text) {
            if f.len() != 4 {
                return Err(Error::knowledge(
                    file,
                    n,
                    format!(
                        "expected 4 tab-separated fields (code, goldstein, quad, name), found {}",
                        f.len()
                    ),
                ));
            }
            let code = f[0].trim();
            if !valid_code_shape(code) {
                return Err(Error::knowledge(
                    file,
                    n,
                    format!("`{code}` is not a CAMEO code (2-4 digits, root 01-20)"),
                ));
            }
            let goldstein: f32 = f[1].trim().parse().map_err(|_| {
                Error::knowledge(
                    file,
                    n,
                    format!("Goldstein score `{}` is not a number", f[1]),
                )
            })?;
            if !(-10.0..=10.0).contains(&goldstein) {
                return Err(Error::knowledge(
                    file,
                    n,
                    format!("Goldstein score {goldstein} is outside -10..10"),
                ));
            }
            let quad: u8 = f[2].trim().parse().map_err(|_| {
                Error::knowledge(file, n, format!("QuadClass `{}` is not 1-4", f[2]))
            })?;
            let root: u8 = code[..2].parse().unwrap_or(0);
            if quad != quad_class_of_root(root) {
                return Err(Error::knowledge(
                    file,
                    n,
                    format!(
                        "QuadClass {quad} does not match root {root:02} (expected {})",
                        quad_class_of_root(root)
                    ),
                ));
            }
            if code.len() > 2 {
                let parent = if code.len() == 4 {
                    &code[..3]
                } else {
                    &code[..2]
                };
                if !codes.contains_key(parent) {
                    return Err(Error::knowledge(
                        file,
                        n,
                        format!("code {code} comes before its parent {parent}"),
                    ));
                }
            }
            let name = f[3].trim();
            if name.is_empty() {
                return Err(Error::knowledge(
                    file,
                    n,
                    format!("code {code} has no name"),
                ));
            }
            if codes.contains_key(code) {
                return Err(Error::knowledge(
                    file,
                    n,
                    format!("code {code} is listed twice"),
                ));
            }
            order.push(code.to_string());
            codes.insert(
                code.to_string(),
                CodeInfo {
                    code: code.to_string(),
                    name: name.to_string(),
                    goldstein,
                    quad_class: quad,
                },
            );
        }
        for r in 1..=20u8 {
            if !codes.contains_key(&format!("{r:02}")) {
                return Err(Error::knowledge(
                    file,
                    text.lines().count(),
                    format!("root {r:02} is missing"),
                ));
            }
        }
        let (pfile, ptext) = plover;
        let mut map = HashMap::new();
        for (n, f) in tsv_rows(ptext) {
            if f.len() != 4 {
                return Err(Error::knowledge(
                    pfile,
                    n,
                    format!(
                        "expected 4 tab-separated fields (code, type, mode, context), found {}",
                        f.len()
                    ),
                ));
            }
            let code = f[0].trim();
            if !codes.contains_key(code) {
                return Err(Error::knowledge(
                    pfile,
                    n,
                    format!("`{code}` is not a code of the CAMEO codebook"),
                ));
            }
            let t = f[1].trim();
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(Error::knowledge(
                    pfile,
                    n,
                    format!("PLOVER type `{t}` must be upper-case letters"),
                ));
            }
            let opt = |s: &str| {
                let s = s.trim();
                (!s.is_empty() && s != "-").then(|| s.to_string())
            };
            if map.contains_key(code) {
                return Err(Error::knowledge(
                    pfile,
                    n,
                    format!("code {code} is mapped twice"),
                ));
            }
            map.insert(
                code.to_string(),
                PloverInfo {
                    event_type: t.to_string(),
                    mode: opt(f[2]),
                    context: opt(f[3]),
                },
            );
        }
        Ok(Codebook {
            codes,
            plover: map,
            order,
        })
    }

    /// The entry of a code.
    pub fn get(&self, code: &str) -> Option<&CodeInfo> {
        self.codes.get(code)
    }

    /// Whether the code is in the codebook.
    pub fn contains(&self, code: &str) -> bool {
        self.codes.contains_key(code)
    }

    /// Every code, in codebook order.
    pub fn codes(&self) -> impl Iterator<Item = &CodeInfo> {
        self.order.iter().map(move |c| &self.codes[c])
    }

    /// The PLOVER row of a code: its own, else its three-digit parent's, else its root's.
    pub fn plover(&self, code: &str) -> Option<&PloverInfo> {
        [
            code,
            code.get(..3).unwrap_or(""),
            code.get(..2).unwrap_or(""),
        ]
        .into_iter()
        .filter(|k| k.len() >= 2)
        .find_map(|k| self.plover.get(k))
    }
}

/// The data lines of a TSV knowledge file as (1-based line number, fields); blank lines
/// and `#` comments are skipped.
pub(crate) fn tsv_rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(i, line)| {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            None
        } else {
            Some((i + 1, line.split('\t').collect()))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codebook_builtin_has_roots_and_subcodes() {
        let cb = Codebook::builtin();
        assert_eq!(cb.get("042").unwrap().name, "Make a visit");
        assert_eq!(cb.get("042").unwrap().quad_class, 1);
        assert_eq!(cb.get("190").unwrap().goldstein, -10.0);
        assert_eq!(cb.get("0841").unwrap().quad_class, 2);
        assert!(cb.codes().count() > 280);
        assert_eq!(cb.plover("042").unwrap().event_type, "CONSULT");
        assert_eq!(cb.plover("042").unwrap().mode.as_deref(), Some("visit"));
        assert_eq!(cb.plover("1124").unwrap().event_type, "ACCUSE");
        assert_eq!(cb.plover("023").unwrap().event_type, "REQUEST");
        assert!(cb.plover("010").is_none());
    }

    #[test]
    fn codebook_bad_line_names_file_and_line() {
        let err = Codebook::parse(
            ("my.tsv", "# c\n01\t0.0\t1\tSTATEMENT\n010\tx\t1\tMake\n"),
            ("p.tsv", ""),
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("my.tsv:3:"), "{err}");
        let err = Codebook::parse(("my.tsv", "01\t0.0\t3\tSTATEMENT\n"), ("p.tsv", ""))
            .unwrap_err()
            .to_string();
        assert!(err.contains("QuadClass"), "{err}");
    }
}
