//! Event patterns (`knowledge/events/patterns.txt`) and transforms
//! (`knowledge/events/transforms.txt`): our own block format, validated on load.
//!
//! ```text
//! [consult.visit]
//! code: 042
//! verb: visit | travel to | arrive in
//! noun: visit | trip
//! target: obj | to | in
//! example: Abe visited Tehran earlier in the month.
//! not: Visits to places that are not actors.
//! ```
//!
//! A user file in the same format adds patterns; a block whose id is already defined
//! replaces the earlier one (an override).

use crate::codebook::Codebook;
use crate::Error;

const PATTERNS_TXT: &str = include_str!("../../../knowledge/events/patterns.txt");
const TRANSFORMS_TXT: &str = include_str!("../../../knowledge/events/transforms.txt");

/// Where a pattern looks for its target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The direct object.
    Obj,
    /// The indirect object ("give Tanzania a grant").
    Iobj,
    /// The object of a preposition ("talks *with* X").
    Prep(String),
    /// The pattern takes no target.
    None,
}

impl Slot {
    fn parse(s: &str) -> Option<Slot> {
        match s {
            "obj" => Some(Slot::Obj),
            "iobj" => Some(Slot::Iobj),
            "none" => Some(Slot::None),
            p if !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()) => {
                Some(Slot::Prep(p.to_string()))
            }
            _ => None,
        }
    }
}

/// One event pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    /// Unique id (`consult.visit`): the `rule` of the events it codes.
    pub id: String,
    /// CAMEO code.
    pub code: String,
    /// Verb triggers: a lemma followed by particles or object words, lower case.
    pub verbs: Vec<Vec<String>>,
    /// Nominal triggers, lower case (multi-word allowed: "air strike").
    pub nouns: Vec<Vec<String>>,
    /// Required object head words (empty: any).
    pub object: Vec<Vec<String>>,
    /// Object head words that block the pattern.
    pub unless: Vec<String>,
    /// Target slots in order of preference.
    pub target: Vec<Slot>,
    /// The code to give when the trigger is negated.
    pub negated: Option<String>,
    /// Whether a compound source with no target gives one event per ordered pair.
    pub symmetric: bool,
    /// Whether source and target swap ("received weapons *from* X": X supplies).
    pub reverse: bool,
    /// The code of the target's entailed act towards the source, coded as a second event
    /// ("X hosted Y": also Y -> X make a visit, 042).
    pub reciprocal: Option<String>,
    /// Whether a target phrase that names no actor takes the country of a place named in
    /// it ("condolences for the victims of the floods in Peru": Peru).
    pub target_place: bool,
    /// Example sentences.
    pub examples: Vec<String>,
    /// What it does not code.
    pub not: Vec<String>,
    /// Further notes.
    pub notes: Vec<String>,
    /// The file it came from.
    pub file: String,
    /// The line of its `[id]` header.
    pub line: usize,
}

/// What a governing verb does to the event it governs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransformKind {
    /// "X agrees / plans / wants to V": an expression of intent by X.
    Intent,
    /// "X asks / urges Y to V": an appeal by X to Y.
    Appeal,
    /// "X demands that Y V": a demand by X of Y.
    Demand,
    /// "X says that Y V-ed": reported; violent acts by others become accusations.
    Report,
    /// "X threatens to V" (and "X will V unless ..."): a threat by X.
    Threaten,
    /// "X refuses to V": a rejection by X.
    Refuse,
}

/// A transform: governing verbs and the code map they apply.
#[derive(Clone, Debug, PartialEq)]
pub struct Transform {
    /// Which kind.
    pub kind: TransformKind,
    /// Governing verbs (lemma + particles).
    pub governors: Vec<Vec<String>>,
    /// `(from prefix, to code)` pairs.
    pub map: Vec<(String, String)>,
    /// File and line of the block.
    pub file: String,
    /// Line of the `[kind]` header.
    pub line: usize,
    /// Examples.
    pub examples: Vec<String>,
}

impl Transform {
    /// The code a governed event with `code` becomes: the longest matching prefix's target.
    pub fn apply(&self, code: &str) -> Option<&str> {
        self.map
            .iter()
            .filter(|(from, _)| code.starts_with(from.as_str()))
            .max_by_key(|(from, _)| from.len())
            .map(|(_, to)| to.as_str())
    }
}

struct Block {
    id: String,
    line: usize,
    fields: Vec<(String, String, usize)>,
}

fn blocks(file: &str, text: &str) -> Result<Vec<Block>, Error> {
    let mut out: Vec<Block> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim_end_matches('\r');
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if let Some(rest) = t.strip_prefix('[') {
            let id = rest
                .strip_suffix(']')
                .ok_or_else(|| Error::knowledge(file, n, "a block header must be `[id]`"))?
                .trim();
            if id.is_empty()
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
            {
                return Err(Error::knowledge(
                    file,
                    n,
                    format!("bad block id `{id}` (letters, digits, `.`, `_`, `-`)"),
                ));
            }
            if out.iter().any(|b| b.id == id) {
                return Err(Error::knowledge(
                    file,
                    n,
                    format!("block `{id}` is defined twice in this file"),
                ));
            }
            out.push(Block {
                id: id.to_string(),
                line: n,
                fields: Vec::new(),
            });
            continue;
        }
        let (k, v) = t.split_once(':').ok_or_else(|| {
            Error::knowledge(file, n, format!("expected `key: value`, found `{t}`"))
        })?;
        let b = out
            .last_mut()
            .ok_or_else(|| Error::knowledge(file, n, "a field before the first `[id]` header"))?;
        let v = v.split(" #").next().unwrap_or("").trim();
        b.fields.push((k.trim().to_string(), v.to_string(), n));
    }
    Ok(out)
}

fn phrases(file: &str, line: usize, v: &str) -> Result<Vec<Vec<String>>, Error> {
    let mut out = Vec::new();
    for alt in v.split('|') {
        let words: Vec<String> = alt.split_whitespace().map(|w| w.to_lowercase()).collect();
        if words.is_empty() {
            return Err(Error::knowledge(
                file,
                line,
                "an empty alternative between `|`",
            ));
        }
        if let Some(w) = words.iter().find(|w| {
            !w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        }) {
            return Err(Error::knowledge(file, line, format!("`{w}` is not a word")));
        }
        out.push(words);
    }
    Ok(out)
}

fn check_code(cb: &Codebook, file: &str, line: usize, code: &str) -> Result<String, Error> {
    if cb.contains(code) && code.len() >= 3 {
        Ok(code.to_string())
    } else if cb.contains(code) {
        Err(Error::knowledge(
            file,
            line,
            format!("`{code}` is a root; use its `{code}0` code"),
        ))
    } else {
        Err(Error::knowledge(
            file,
            line,
            format!("`{code}` is not a CAMEO 1.1b3 code"),
        ))
    }
}

/// Parses pattern blocks from one file, checking codes against the codebook.
pub fn parse_patterns(cb: &Codebook, file: &str, text: &str) -> Result<Vec<Pattern>, Error> {
    let mut out = Vec::new();
    for b in blocks(file, text)? {
        let mut p = Pattern {
            id: b.id.clone(),
            code: String::new(),
            verbs: Vec::new(),
            nouns: Vec::new(),
            object: Vec::new(),
            unless: Vec::new(),
            target: Vec::new(),
            negated: None,
            symmetric: false,
            reverse: false,
            reciprocal: None,
            target_place: false,
            examples: Vec::new(),
            not: Vec::new(),
            notes: Vec::new(),
            file: file.to_string(),
            line: b.line,
        };
        for (k, v, n) in &b.fields {
            match k.as_str() {
                "code" => p.code = check_code(cb, file, *n, v)?,
                "verb" => p.verbs.extend(phrases(file, *n, v)?),
                "noun" => p.nouns.extend(phrases(file, *n, v)?),
                "object" => p.object.extend(phrases(file, *n, v)?),
                "unless" => p.unless.extend(phrases(file, *n, v)?.into_iter().flatten()),
                "target" => {
                    for s in v.split('|').map(str::trim) {
                        p.target.push(
                            Slot::parse(s)
                                .ok_or_else(|| Error::knowledge(file, *n, format!("bad target slot `{s}` (obj, iobj, none or a preposition)")))?,
                        );
                    }
                }
                "negated" => p.negated = Some(check_code(cb, file, *n, v)?),
                "reciprocal" => p.reciprocal = Some(check_code(cb, file, *n, v)?),
                "symmetric" => {
                    p.symmetric = match v.as_str() {
                        "yes" => true,
                        "no" => false,
                        _ => return Err(Error::knowledge(file, *n, "symmetric must be `yes` or `no`")),
                    }
                }
                "target_place" => {
                    p.target_place = match v.as_str() {
                        "yes" => true,
                        "no" => false,
                        _ => return Err(Error::knowledge(file, *n, "target_place must be `yes` or `no`")),
                    }
                }
                "reverse" => {
                    p.reverse = match v.as_str() {
                        "yes" => true,
                        "no" => false,
                        _ => return Err(Error::knowledge(file, *n, "reverse must be `yes` or `no`")),
                    }
                }
                "example" => p.examples.push(v.clone()),
                "not" => p.not.push(v.clone()),
                "note" => p.notes.push(v.clone()),
                other => {
                    return Err(Error::knowledge(
                        file,
                        *n,
                        format!("unknown key `{other}` (code, verb, noun, object, unless, target, negated, reciprocal, target_place, symmetric, reverse, example, not, note)"),
                    ))
                }
            }
        }
        if p.code.is_empty() {
            return Err(Error::knowledge(
                file,
                b.line,
                format!("pattern `{}` has no `code:`", p.id),
            ));
        }
        if p.verbs.is_empty() && p.nouns.is_empty() {
            return Err(Error::knowledge(
                file,
                b.line,
                format!("pattern `{}` has neither `verb:` nor `noun:`", p.id),
            ));
        }
        if p.examples.is_empty() || p.not.is_empty() {
            return Err(Error::knowledge(
                file,
                b.line,
                format!(
                    "pattern `{}` must be documented with `example:` and `not:`",
                    p.id
                ),
            ));
        }
        if p.target.is_empty() {
            p.target = vec![Slot::Obj];
        }
        out.push(p);
    }
    Ok(out)
}

/// Parses transform blocks (`[intent]`, `[appeal]`, `[demand]`, `[report]`).
pub fn parse_transforms(cb: &Codebook, file: &str, text: &str) -> Result<Vec<Transform>, Error> {
    let mut out = Vec::new();
    for b in blocks(file, text)? {
        let kind = match b.id.as_str() {
            "intent" => TransformKind::Intent,
            "appeal" => TransformKind::Appeal,
            "demand" => TransformKind::Demand,
            "report" => TransformKind::Report,
            "threaten" => TransformKind::Threaten,
            "refuse" => TransformKind::Refuse,
            other => {
                return Err(Error::knowledge(
                    file,
                    b.line,
                    format!("unknown transform `{other}` (intent, appeal, demand, report, threaten, refuse)"),
                ))
            }
        };
        let mut t = Transform {
            kind,
            governors: Vec::new(),
            map: Vec::new(),
            file: file.to_string(),
            line: b.line,
            examples: Vec::new(),
        };
        for (k, v, n) in &b.fields {
            match k.as_str() {
                "governor" => t.governors.extend(phrases(file, *n, v)?),
                "map" => {
                    for pair in v.split('|').map(str::trim) {
                        let (from, to) = pair.split_once('>').ok_or_else(|| {
                            Error::knowledge(
                                file,
                                *n,
                                format!("map entry `{pair}` must be FROM>TO"),
                            )
                        })?;
                        let from = from.trim();
                        if !cb.contains(from) {
                            return Err(Error::knowledge(
                                file,
                                *n,
                                format!("`{from}` is not a CAMEO code or root"),
                            ));
                        }
                        t.map
                            .push((from.to_string(), check_code(cb, file, *n, to.trim())?));
                    }
                }
                "example" => t.examples.push(v.clone()),
                "not" | "note" => {}
                other => {
                    return Err(Error::knowledge(
                        file,
                        *n,
                        format!("unknown key `{other}` (governor, map, example, not, note)"),
                    ))
                }
            }
        }
        if t.governors.is_empty() {
            return Err(Error::knowledge(
                file,
                b.line,
                format!("transform `{}` has no `governor:`", b.id),
            ));
        }
        out.push(t);
    }
    Ok(out)
}

/// The patterns and transforms a coder runs with.
#[derive(Clone, Debug)]
pub struct PatternSet {
    /// Patterns, in file order (user overrides in place, additions at the end).
    pub patterns: Vec<Pattern>,
    /// Transforms.
    pub transforms: Vec<Transform>,
}

impl PatternSet {
    /// The built-in patterns and transforms.
    pub fn builtin(cb: &Codebook) -> PatternSet {
        PatternSet {
            patterns: parse_patterns(cb, "patterns.txt", PATTERNS_TXT)
                .expect("built-in patterns.txt is valid"),
            transforms: parse_transforms(cb, "transforms.txt", TRANSFORMS_TXT)
                .expect("built-in transforms.txt is valid"),
        }
    }

    /// Adds the patterns of a user file; a pattern whose id exists replaces it.
    pub fn extend_with(&mut self, cb: &Codebook, file: &str, text: &str) -> Result<(), Error> {
        for p in parse_patterns(cb, file, text)? {
            match self.patterns.iter_mut().find(|q| q.id == p.id) {
                Some(q) => *q = p,
                None => self.patterns.push(p),
            }
        }
        Ok(())
    }

    /// The pattern with this id.
    pub fn get(&self, id: &str) -> Option<&Pattern> {
        self.patterns.iter().find(|p| p.id == id)
    }

    /// The transform of a kind.
    pub fn transform(&self, kind: TransformKind) -> Option<&Transform> {
        self.transforms.iter().find(|t| t.kind == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_builtin_load_and_are_documented() {
        let cb = Codebook::builtin();
        let ps = PatternSet::builtin(&cb);
        assert!(ps.patterns.len() > 80);
        let visit = ps.get("consult.visit").unwrap();
        assert_eq!(visit.code, "042");
        assert!(visit
            .verbs
            .contains(&vec!["travel".to_string(), "to".to_string()]));
        assert!(visit.target.contains(&Slot::Prep("to".into())));
        assert!(ps
            .patterns
            .iter()
            .all(|p| !p.examples.is_empty() && !p.not.is_empty()));
        let intent = ps.transform(TransformKind::Intent).unwrap();
        assert_eq!(intent.apply("072"), Some("0332"));
        assert_eq!(intent.apply("0841"), Some("0353"));
        assert_eq!(intent.apply("190"), Some("138"));
        assert_eq!(intent.apply("010"), None);
    }

    #[test]
    fn patterns_user_file_overrides_and_adds() {
        let cb = Codebook::builtin();
        let mut ps = PatternSet::builtin(&cb);
        let n = ps.patterns.len();
        let user = "[consult.visit]\ncode: 043\nverb: visit\nexample: x\nnot: y\n\n[my.new]\ncode: 051\nverb: salute\nexample: A saluted B.\nnot: -\n";
        ps.extend_with(&cb, "mine.txt", user).unwrap();
        assert_eq!(ps.patterns.len(), n + 1);
        assert_eq!(ps.get("consult.visit").unwrap().code, "043");
        assert_eq!(ps.get("my.new").unwrap().file, "mine.txt");
    }

    #[test]
    fn patterns_bad_user_line_names_file_and_line() {
        let cb = Codebook::builtin();
        let mut ps = PatternSet::builtin(&cb);
        let cases = [
            ("[a]\ncode: 999\nverb: x\n", "mine.txt:2:"),
            ("[a]\ncode: 042\nverbs: x\n", "mine.txt:3:"),
            ("code: 042\n", "mine.txt:1:"),
            ("[a]\ncode: 042\nverb: visit\ntarget: Obj!\n", "mine.txt:4:"),
            ("[a]\ncode: 042\nverb: visit\n", "mine.txt:1:"),
        ];
        for (text, want) in cases {
            let err = ps
                .extend_with(&cb, "mine.txt", text)
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(want), "{text:?}: {err}");
        }
    }
}
