//! The residue and credit lexicons (`knowledge/extract/`), loaded and validated once.

use dateline_core::RemovalReason;
use regex::{Regex, RegexSet, RegexSetBuilder};
use regex_syntax::hir::{Capture, Hir, HirKind, Look, Repetition};
use std::fmt;
use std::hash::Hasher;

const RESIDUE_TSV: &str = include_str!("../../../knowledge/extract/residue.tsv");
const CREDITS_TSV: &str = include_str!("../../../knowledge/extract/credits.tsv");
const BOILERPLATE_TSV: &str = include_str!("../../../knowledge/extract/boilerplate.tsv");

/// A bad line in a lexicon file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    /// File name.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for LexiconError {}

fn reason_from(s: &str) -> Option<RemovalReason> {
    use RemovalReason::*;
    Some(match s {
        "navigation" => Navigation,
        "comment_form" => CommentForm,
        "share_bar" => ShareBar,
        "related_links" => RelatedLinks,
        "cookie_notice" => CookieNotice,
        "newsletter" => Newsletter,
        "call_to_action" => CallToAction,
        "advertisement" => Advertisement,
        "author_box" => AuthorBox,
        "legal" => Legal,
        "other" => Other,
        _ => return None,
    })
}

pub(crate) fn rows<'a>(
    file: &'a str,
    text: &'a str,
) -> impl Iterator<Item = (usize, &'a str, &'a str)> + 'a {
    text.lines().enumerate().filter_map(move |(i, line)| {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            return None;
        }
        let _ = file;
        let (a, b) = line.split_once('\t').unwrap_or((line, ""));
        Some((i + 1, a.trim(), b.trim()))
    })
}

/// Page-residue rules: whole-line patterns with the reason they imply.
///
/// Matching every line against one set of all the patterns costs little once the
/// set's lazy DFA has its states, but building them costs a lot: patterns that
/// float (`.*\b(sign up|subscribe)\b.{0,120}\b(newsletter)\b.*`) keep many partial
/// matches alive at once, and each combination (times every position of a counted
/// repetition) is a new state. So the patterns are split. Anchored ones (`read
/// more\s*[:.]*`) die within a few characters of a line and stay in one exact set;
/// each floating one is looked for by a part every match contains (its longest run
/// of words, `(sign up|subscribe)`), all such parts in one unanchored set (a
/// keyword automaton), and only the patterns whose part occurs are run.
#[derive(Clone, Debug)]
pub struct Residue {
    /// Indices (into `rules`) of the anchored patterns, ascending.
    anchored: Vec<usize>,
    /// The anchored patterns with ASCII word boundaries ([`ascii_boundaries`]), for
    /// lines whose word characters are all ASCII (there both kinds agree, and a
    /// Unicode boundary would make the DFA give up on non-ASCII text).
    anchored_ascii: RegexSet,
    /// The anchored patterns without their word boundaries ([`relax`]): for the
    /// other lines it tells which patterns may match (Unicode word boundaries make
    /// the DFA give up on non-ASCII text); `exact` decides.
    anchored_relaxed: RegexSet,
    /// Indices (into `rules`) of the floating patterns, ascending.
    floating: Vec<usize>,
    /// For each floating pattern, a part every match of it contains, unanchored.
    parts: RegexSet,
    /// Each pattern as written: the exact test of the candidates.
    exact: Vec<Regex>,
    rules: Vec<(RemovalReason, String)>,
}

impl Residue {
    /// The built-in lexicon.
    pub fn builtin() -> Residue {
        Residue::parse("residue.tsv", RESIDUE_TSV).expect("built-in residue.tsv is valid")
    }

    /// Parses a lexicon in the `residue.tsv` format, extended by `extra` files
    /// (`(name, contents)`), validating every line.
    pub fn parse(file: &str, text: &str) -> Result<Residue, LexiconError> {
        Residue::parse_all(&[(file, text)])
    }

    /// Parses several files in order into one lexicon.
    pub fn parse_all(files: &[(&str, &str)]) -> Result<Residue, LexiconError> {
        let mut rules = Vec::new();
        let mut exact = Vec::new();
        let (mut anchored, mut anchored_ascii, mut anchored_relaxed) =
            (Vec::new(), Vec::new(), Vec::new());
        let (mut floating, mut parts) = (Vec::new(), Vec::new());
        for (file, text) in files {
            for (line, reason, pattern) in rows(file, text) {
                let err = |message: String| LexiconError {
                    file: file.to_string(),
                    line,
                    message,
                };
                let reason =
                    reason_from(reason).ok_or_else(|| err(format!("unknown reason `{reason}`")))?;
                if pattern.is_empty() {
                    return Err(err("missing pattern after the reason".into()));
                }
                let full = format!("(?i)^(?:{pattern})$");
                exact.push(Regex::new(&full).map_err(|e| err(format!("bad pattern: {e}")))?);
                let hir = regex_syntax::Parser::new()
                    .parse(&full)
                    .map_err(|e| err(format!("bad pattern: {e}")))?;
                match required_part(&hir) {
                    Some(part) => {
                        floating.push(rules.len());
                        parts.push(relax(&part).to_string());
                    }
                    None => {
                        anchored.push(rules.len());
                        anchored_relaxed.push(relax(&hir).to_string());
                        anchored_ascii.push(ascii_boundaries(&hir).to_string());
                    }
                }
                rules.push((reason, pattern.to_string()));
            }
        }
        let lexicon_err = |e: regex::Error| LexiconError {
            file: files.first().map_or(String::new(), |f| f.0.to_string()),
            line: 0,
            message: e.to_string(),
        };
        // Larger lazy-DFA caches: with case folding the sets' DFAs are big, and a
        // thrashing cache falls back to the slow NFA simulation.
        let set = |patterns: &[String]| {
            RegexSetBuilder::new(patterns)
                .dfa_size_limit(16 << 20)
                .build()
                .map_err(lexicon_err)
        };
        Ok(Residue {
            anchored_ascii: set(&anchored_ascii)?,
            anchored_relaxed: set(&anchored_relaxed)?,
            anchored,
            parts: set(&parts)?,
            floating,
            exact,
            rules,
        })
    }

    /// The reason and rule of the first pattern a trimmed line matches entirely.
    pub fn classify(&self, line: &str) -> Option<(RemovalReason, &str)> {
        let line = line.trim();
        if line.is_empty() || line.len() > 250 {
            return None;
        }
        // `is_match` runs the fast DFA; which patterns matched is asked only on a hit.
        let mut first = None;
        // Both kinds of word boundary agree where no word character is non-ASCII
        // (curly quotes, dashes and the like are no word characters to either).
        let ascii_words = line.chars().all(|c| {
            c.is_ascii() || !(c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c))
        });
        if ascii_words {
            if self.anchored_ascii.is_match(line) {
                first = self.anchored_ascii.matches(line).into_iter().next();
            }
        } else if self.anchored_relaxed.is_match(line) {
            first = self
                .anchored_relaxed
                .matches(line)
                .into_iter()
                .find(|&j| self.exact[self.anchored[j]].is_match(line));
        }
        let mut first = first.map(|j| self.anchored[j]);
        if self.parts.is_match(line) {
            for j in self.parts.matches(line).into_iter() {
                let i = self.floating[j];
                if first.is_some_and(|f| f < i) {
                    break;
                }
                if self.exact[i].is_match(line) {
                    first = Some(i);
                    break;
                }
            }
        }
        let (reason, rule) = &self.rules[first?];
        Some((*reason, rule.as_str()))
    }
}

/// For a floating whole-line pattern (`^(?:.*…)$`, as `hir`), a part that every
/// text it matches contains somewhere: the run of consecutive pieces of its
/// top-level sequence, none of them repeated more than once (`(sign up|subscribe)
/// (for|to) `, `newsletters?`), that needs the most characters. `None` for an
/// anchored pattern, or when no run needs more than two characters.
fn required_part(hir: &Hir) -> Option<Hir> {
    let HirKind::Concat(items) = hir.kind() else {
        return None;
    };
    // `^`, then `.*`, …, `$`.
    let floats = matches!(items.get(1).map(Hir::kind), Some(HirKind::Repetition(r))
        if r.min == 0 && r.max.is_none() && matches!(r.sub.kind(), HirKind::Class(_)));
    if !floats {
        return None;
    }
    fn short(h: &Hir) -> bool {
        match h.kind() {
            HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => true,
            HirKind::Repetition(r) => r.max.is_some_and(|m| m <= 1) && short(&r.sub),
            HirKind::Capture(c) => short(&c.sub),
            HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().all(short),
        }
    }
    let need = |h: &Hir| h.properties().minimum_len().unwrap_or(0);
    let mut best: Option<(usize, &[Hir])> = None;
    let mut start = 0;
    for end in 0..=items.len() {
        if end < items.len() && short(&items[end]) {
            continue;
        }
        let run = &items[start..end];
        let len: usize = run.iter().map(need).sum();
        if len > best.map_or(2, |b| b.0) {
            best = Some((len, run));
        }
        start = end + 1;
    }
    best.map(|(_, run)| Hir::concat(run.to_vec()))
}

/// A pattern that matches whatever `hir` matches, and more: word boundaries (and
/// the other word assertions) dropped.
fn relax(hir: &Hir) -> Hir {
    map_hir(hir, &|h| match h.kind() {
        HirKind::Look(look) if is_word_look(*look) => Some(Hir::empty()),
        _ => None,
    })
}

/// `hir` with ASCII word boundaries (and other word assertions) instead of Unicode
/// ones: the same pattern for texts whose word characters are all ASCII.
fn ascii_boundaries(hir: &Hir) -> Hir {
    map_hir(hir, &|h| match h.kind() {
        HirKind::Look(look) => {
            let ascii = match look {
                Look::WordUnicode => Look::WordAscii,
                Look::WordUnicodeNegate => Look::WordAsciiNegate,
                Look::WordStartUnicode => Look::WordStartAscii,
                Look::WordEndUnicode => Look::WordEndAscii,
                Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
                Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
                other => *other,
            };
            Some(Hir::look(ascii))
        }
        _ => None,
    })
}

fn is_word_look(look: Look) -> bool {
    !matches!(
        look,
        Look::Start | Look::End | Look::StartLF | Look::EndLF | Look::StartCRLF | Look::EndCRLF
    )
}

/// Rebuilds `hir` bottom-up, `f` replacing the nodes it returns something for.
fn map_hir(hir: &Hir, f: &dyn Fn(&Hir) -> Option<Hir>) -> Hir {
    if let Some(h) = f(hir) {
        return h;
    }
    match hir.kind() {
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(map_hir(&r.sub, f)),
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(map_hir(&c.sub, f)),
        }),
        HirKind::Concat(v) => Hir::concat(v.iter().map(|h| map_hir(h, f)).collect()),
        HirKind::Alternation(v) => Hir::alternation(v.iter().map(|h| map_hir(h, f)).collect()),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => hir.clone(),
    }
}

/// Photo-credit recogniser built from `credits.tsv`.
#[derive(Clone, Debug)]
pub struct Credits {
    /// Credits at the end of a paragraph; group `credit` is the credit, group `label`
    /// (optional) the "Photo:" label before it.
    trailing: Vec<Regex>,
    /// For each trailing pattern, a test that every paragraph it matches passes
    /// (a character it needs, the way it must end): most paragraphs fail all of
    /// them, and no regex runs (the patterns' reverse searches are costly).
    gates: Vec<Gate>,
    /// The agency names (as written, longest first), for the gates.
    agencies: Vec<String>,
    /// Any credit label ("Photo", "Credit"), for the gate of the label pattern.
    label: Regex,
    /// Paragraphs that open as a caption ("FILE PHOTO:").
    leading: Regex,
}

impl Credits {
    /// The built-in lexicon.
    pub fn builtin() -> Credits {
        Credits::parse("credits.tsv", CREDITS_TSV).expect("built-in credits.tsv is valid")
    }

    /// Parses the `credits.tsv` format.
    pub fn parse(file: &str, text: &str) -> Result<Credits, LexiconError> {
        let mut agencies = Vec::new();
        let mut labels = Vec::new();
        let mut agency_names = Vec::new();
        for (line, kind, name) in rows(file, text) {
            let list = match kind {
                "agency" => &mut agencies,
                "label" => &mut labels,
                other => {
                    return Err(LexiconError {
                        file: file.to_string(),
                        line,
                        message: format!("unknown kind `{other}` (agency or label)"),
                    })
                }
            };
            if name.is_empty() {
                return Err(LexiconError {
                    file: file.to_string(),
                    line,
                    message: "missing name".into(),
                });
            }
            list.push(regex::escape(name));
            if kind == "agency" {
                agency_names.push(name.to_string());
            }
        }
        agency_names.sort_by_key(|a| std::cmp::Reverse(a.len()));
        // Longest first so that "AFP via Getty Images" beats "AFP".
        agencies.sort_by_key(|a| std::cmp::Reverse(a.len()));
        labels.sort_by_key(|a| std::cmp::Reverse(a.len()));
        let ag = agencies.join("|");
        let lb = labels.join("|");
        let name = r"\p{Lu}[\p{L}'’.\-]*(?:\s+(?:\p{Lu}[\p{L}'’.\-]*|de|van|von|da|al|bin|el))*";
        let trailing = [
            // "Photo: Kimimasa Mayama/Pool via REUTERS", "Credit: Jane Doe"
            format!(r"(?i:(?P<label>{lb}))s?\s*(?:by)?\s*[:|]\s*(?P<credit>[^:|]{{2,100}}?)\s*$"),
            // "(AP Photo/Eugene Hoshiko)", "(Reuters/Kim Kyung-Hoon)"
            format!(
                r"\((?P<credit>(?:{ag})(?:\s+Photo)?\s*/\s*[^()]{{2,80}}|[^()]{{2,80}}/\s*(?:{ag})[^()]{{0,40}})\)\s*$"
            ),
            // "Kimimasa Mayama/Pool via REUTERS", "Jane Doe/AFP via Getty Images"
            format!(
                r"(?P<credit>{name}\s*/\s*(?:(?:{ag}|{name})\s+(?:via|for)\s+)?(?:{ag})(?:\s+(?:via|for)\s+(?:{ag}))?)\s*$"
            ),
            // "REUTERS/Kim Kyung-Hoon", "AFP/Getty Images"
            format!(r"(?P<credit>(?:{ag})\s*/\s*(?:{name}|(?:{ag}))(?:\s*/\s*(?:{ag}))?)\s*$"),
            // "Jane Doe for The Washington Post via Getty Images", "John Smith via Getty Images"
            format!(
                r"(?P<credit>(?:{name}\s+(?:via|for)\s+)?(?:Getty Images|Shutterstock|Alamy|AP Photo|AFP via Getty Images))\s*$"
            ),
            // "© Jane Doe", "| © Acme Press": a copyright sign before a short name.
            r"(?:^|[\s|(])©\s*(?P<credit>[^©|()]{2,80}?)\)?\s*$".to_string(),
        ];
        // In the order of the patterns (see `Gate`).
        let gates = vec![
            Gate::LastSeparator,
            Gate::BracketedSlash,
            Gate::EndsWithAgency,
            Gate::AgencyBeforeSlash,
            Gate::EndsWith(&["Getty Images", "Shutterstock", "Alamy", "AP Photo"]),
            Gate::Contains('©'),
        ];
        debug_assert_eq!(gates.len(), trailing.len());
        let trailing = trailing
            .iter()
            .map(|p| Regex::new(p))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| LexiconError {
                file: file.to_string(),
                line: 0,
                message: format!("credit pattern does not compile: {e}"),
            })?;
        let leading = Regex::new(
            r"^(?:(?:FILE PHOTO|FILE|PHOTO|CAPTION|IN PICTURES)\s*[:\-–—]\s|(?i:abbildung|bild|foto|grafik|imagen|zdjęcie|illustration)\s*:\s|(?i:photo(?:graph)?s? by|photographed by|foto von)\s)",
        )
        .expect("static pattern");
        let label = Regex::new(&format!("(?i:{lb})")).map_err(|e| LexiconError {
            file: file.to_string(),
            line: 0,
            message: format!("credit labels do not compile: {e}"),
        })?;
        Ok(Credits {
            trailing,
            gates,
            agencies: agency_names,
            label,
            leading,
        })
    }

    /// Whether a short paragraph found among the body is a caption by its text
    /// alone: it opens as one ("Photo by …", "Abbildung: …") or ends with a credit
    /// that stands apart ("… © AFP / Jane Doe", "(Credit: Jane Doe)"), a "Label:"
    /// credit only at its start or in brackets (not "… the company's image: a
    /// problem").
    pub fn is_caption_line(&self, para: &str) -> bool {
        let para = para.trim();
        if para.is_empty() || para.len() > 300 {
            return false;
        }
        if self.leading.is_match(para) {
            return true;
        }
        let Some((_, Some(_))) = self.caption(para) else {
            return false;
        };
        // Which pattern fired: with a label, the label must open the line or a bracket.
        for re in self.candidates(para) {
            if let Some(c) = re.captures(para) {
                return match c.name("label") {
                    None => true,
                    Some(l) => {
                        let before = para[..l.start()].trim_end();
                        before.is_empty() || before.ends_with(['(', '|', '['])
                    }
                };
            }
        }
        false
    }

    /// The trailing patterns that may match a trimmed paragraph, in order.
    fn candidates<'s>(&'s self, para: &'s str) -> impl Iterator<Item = &'s Regex> + 's {
        self.trailing
            .iter()
            .zip(&self.gates)
            .filter(move |(_, gate)| self.opens(**gate, para))
            .map(|(re, _)| re)
    }

    /// Whether a trimmed paragraph passes a gate.
    fn opens(&self, gate: Gate, p: &str) -> bool {
        let ends_with_agency = |s: &str| self.agencies.iter().any(|a| s.ends_with(a.as_str()));
        match gate {
            Gate::Always => true,
            Gate::LastSeparator => p.rfind([':', '|']).is_some_and(|k| {
                let rest = &p[k + 1..];
                rest.chars().nth(1).is_some()
                    && rest.trim_start().chars().nth(100).is_none()
                    && self.label.is_match(&p[..k])
            }),
            Gate::BracketedSlash => p.ends_with(')') && p.contains('/'),
            Gate::EndsWithAgency => p.contains('/') && ends_with_agency(p),
            Gate::AgencyBeforeSlash => p
                .match_indices('/')
                .any(|(k, _)| ends_with_agency(p[..k].trim_end())),
            Gate::EndsWith(ends) => ends.iter().any(|e| p.ends_with(e)),
            Gate::Contains(c) => p.contains(c),
        }
    }

    /// When `para` is a caption: `(caption text, credit)`.
    pub fn caption<'a>(&self, para: &'a str) -> Option<(&'a str, Option<&'a str>)> {
        let para = para.trim();
        if para.len() > 1200 {
            return None;
        }
        for re in self.candidates(para) {
            if let Some(c) = re.captures(para) {
                let credit = c.name("credit")?;
                let cut = c.name("label").map_or(credit.start(), |l| l.start());
                let text = para[..cut]
                    .trim_end_matches([' ', '|', '-', '–', '—', ':', '©', '('])
                    .trim();
                // A sentence that merely ends with an agency name is not a caption:
                // the credit must stand apart (after a full stop, a label, or alone).
                let before = para[..cut].trim_end();
                let apart = before.is_empty()
                    || before
                        .ends_with(['.', '!', '?', '"', '”', ')', ':', '|', '-', '–', '—', '©'])
                    || c.name("label").is_some()
                    || para[credit.start()..].starts_with('(')
                    || para[..credit.start()].ends_with('(');
                if apart {
                    return Some((text, Some(credit.as_str().trim())));
                }
            }
        }
        if self.leading.is_match(para) {
            return Some((para, None));
        }
        None
    }
}

/// What a trimmed paragraph needs for a trailing credit pattern to match it. `\s`
/// and `str::trim` agree on what is whitespace, so a trimmed paragraph ends with
/// what the pattern ends with before its `\s*$`; agency names are matched as
/// written (the patterns are case-sensitive there) and end with no space.
#[derive(Clone, Copy, Debug)]
enum Gate {
    /// No test.
    #[cfg_attr(not(test), allow(dead_code))]
    Always,
    /// "Label: credit": the credit follows the last ':' or '|' and has 2–100
    /// characters after any whitespace; a label comes before.
    LastSeparator,
    /// "(AP Photo/Jane Doe)": a closing bracket at the end, a slash inside.
    BracketedSlash,
    /// "Jane Doe/Pool via REUTERS": a slash, an agency at the end.
    EndsWithAgency,
    /// "REUTERS/Jane Doe": an agency right before a slash (spaces aside).
    AgencyBeforeSlash,
    /// One of these at the end.
    EndsWith(&'static [&'static str]),
    /// This character somewhere.
    Contains(char),
}

/// Class/id hints for page chrome and captions in HTML (`boilerplate.tsv`).
#[derive(Clone, Debug)]
pub struct Hints {
    set: RegexSet,
    /// `None` = a caption or credit element.
    reasons: Vec<Option<RemovalReason>>,
    /// When every rule is a finite list of lower-case ASCII words (`share|sharing`,
    /// `(fig)?caption`): each word with the first rule that has it. An ASCII token
    /// then needs a few lookups of its dash/underscore-delimited parts instead of a
    /// search with the set (same answer, no automaton to build).
    words: Option<WordTable>,
    /// The longest of those words (bytes).
    longest_word: usize,
}

/// Words with a number each, looked up by their FNV-1a hash: a caller that hashes
/// the prefixes of a text byte by byte looks each one up without hashing it again.
#[derive(Clone, Debug)]
struct WordTable {
    /// Open addressing, a power of two long: (hash, word, number); empty slots
    /// have an empty word.
    slots: Vec<(u64, Box<[u8]>, usize)>,
    /// The hashes of every non-empty prefix of the words, open addressing (0:
    /// empty): a text whose prefix is not there starts no word, and the caller
    /// stops extending it.
    prefixes: Vec<u64>,
}

/// FNV-1a's first state and its step.
const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
}

impl WordTable {
    /// The table of `words` (the first number given for a word is kept).
    fn new(words: &[(String, usize)]) -> WordTable {
        let size = (words.len() * 2).next_power_of_two().max(8);
        let chars: usize = words.iter().map(|(w, _)| w.len()).sum();
        let mut t = WordTable {
            slots: vec![(0, Box::default(), 0); size],
            prefixes: vec![0; (chars * 2).next_power_of_two().max(8)],
        };
        for (w, _) in words {
            let mut h = FNV_START;
            for b in w.bytes() {
                h = fnv_step(h, b);
                let mask = t.prefixes.len() - 1;
                let mut i = h as usize & mask;
                while t.prefixes[i] != 0 && t.prefixes[i] != h {
                    i = (i + 1) & mask;
                }
                t.prefixes[i] = h;
            }
        }
        for (w, n) in words {
            let h = w.bytes().fold(FNV_START, fnv_step);
            let mask = t.slots.len() - 1;
            let mut i = h as usize & mask;
            loop {
                let slot = &mut t.slots[i];
                if slot.1.is_empty() {
                    *slot = (h, w.as_bytes().into(), *n);
                    break;
                }
                if *slot.1 == *w.as_bytes() {
                    break;
                }
                i = (i + 1) & mask;
            }
        }
        t
    }

    /// The number of `word`, whose FNV-1a hash is `h`.
    fn get(&self, h: u64, word: &[u8]) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let (sh, w, n) = &self.slots[i];
            if w.is_empty() {
                return None;
            }
            if *sh == h && **w == *word {
                return Some(*n);
            }
            i = (i + 1) & mask;
        }
    }

    /// Whether some word may start with the text whose hash is `h` (false
    /// positives are possible, no false negatives).
    fn may_extend(&self, h: u64) -> bool {
        let mask = self.prefixes.len() - 1;
        let mut i = h as usize & mask;
        loop {
            match self.prefixes[i] {
                0 => return false,
                x if x == h => return true,
                _ => i = (i + 1) & mask,
            }
        }
    }

    fn longest(&self) -> usize {
        self.slots.iter().map(|s| s.1.len()).max().unwrap_or(0)
    }
}

/// FNV-1a: a fast hash for short words (lexicon lookups, the scan's per-page class memo).
#[derive(Debug)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(FNV_START)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |h, &b| fnv_step(h, b));
    }
}

impl Hints {
    /// The built-in hints.
    pub fn builtin() -> Hints {
        Hints::parse("boilerplate.tsv", BOILERPLATE_TSV).expect("built-in boilerplate.tsv is valid")
    }

    /// Parses a file in the `boilerplate.tsv` format, validating every line.
    pub fn parse(file: &str, text: &str) -> Result<Hints, LexiconError> {
        let mut patterns = Vec::new();
        let mut reasons = Vec::new();
        let mut words: Option<Vec<(String, usize)>> = Some(Vec::new());
        for (line, reason, pattern) in rows(file, text) {
            let err = |message: String| LexiconError {
                file: file.to_string(),
                line,
                message,
            };
            if let Some(map) = &mut words {
                match word_list(pattern) {
                    Some(list) => {
                        for w in list {
                            map.push((w, patterns.len()));
                        }
                    }
                    None => words = None,
                }
            }
            let reason = match reason {
                "caption" => None,
                r => Some(reason_from(r).ok_or_else(|| err(format!("unknown reason `{r}`")))?),
            };
            if pattern.is_empty() {
                return Err(err("missing pattern after the tab".into()));
            }
            let full = format!("(?i)(?:^|[-_])(?:{pattern})(?:$|[-_])");
            Regex::new(&full).map_err(|e| err(format!("bad pattern: {e}")))?;
            patterns.push(full);
            reasons.push(reason);
        }
        let set = RegexSetBuilder::new(&patterns)
            // A larger lazy-DFA cache: with case folding the sets' DFAs are big,
            // and a thrashing cache falls back to the slow NFA simulation.
            .dfa_size_limit(16 << 20)
            .build()
            .map_err(|e| LexiconError {
                file: file.to_string(),
                line: 0,
                message: e.to_string(),
            })?;
        let words = words.map(|w| WordTable::new(&w));
        let longest_word = words.as_ref().map_or(0, WordTable::longest);
        Ok(Hints {
            set,
            reasons,
            words,
            longest_word,
        })
    }

    /// Classifies a `class` or `id` value: the reason of the first rule that fires on
    /// any token (`None` inside means caption), with the token.
    pub fn classify<'a>(&self, value: &'a str) -> Option<(Option<RemovalReason>, &'a str)> {
        let mut best: Option<(usize, &'a str)> = None;
        for token in value.split_whitespace().take(16) {
            if token.len() > 64 {
                continue;
            }
            if let Some(rule) = self.rule_of(token) {
                if best.is_none_or(|(b, _)| rule < b) {
                    best = Some((rule, token));
                }
            }
        }
        best.map(|(rule, token)| (self.reasons[rule], token))
    }

    /// The first rule that fires on one token (at most 64 bytes).
    fn rule_of(&self, token: &str) -> Option<usize> {
        if let (Some(words), true) = (&self.words, token.is_ascii() && token.len() <= 64) {
            // A rule fires when its pattern covers `token[s..e]`, with `s` at the start
            // or after a '-' or '_', and `e` at the end or before one. The hash of
            // `token[s..e]` grows with `e`, so each candidate is looked up unhashed.
            let mut buf = [0u8; 64];
            let b = &mut buf[..token.len()];
            b.copy_from_slice(token.as_bytes());
            b.make_ascii_lowercase();
            let b = &*b;
            let cut = |c: u8| c == b'-' || c == b'_';
            let mut best: Option<usize> = None;
            let mut s = 0;
            loop {
                let last = b.len().min(s + self.longest_word);
                let mut h = FNV_START;
                for e in s + 1..=last {
                    h = fnv_step(h, b[e - 1]);
                    if !words.may_extend(h) {
                        break;
                    }
                    if e == b.len() || cut(b[e]) {
                        if let Some(rule) = words.get(h, &b[s..e]) {
                            best = Some(best.map_or(rule, |x| x.min(rule)));
                        }
                    }
                }
                match b[s..].iter().position(|&c| cut(c)) {
                    Some(k) => s += k + 1,
                    None => break,
                }
            }
            return best;
        }
        if !self.set.is_match(token) {
            return None;
        }
        self.set.matches(token).iter().next()
    }
}

/// The words a `boilerplate.tsv` pattern matches, when it is a finite list of
/// lower-case ASCII words (letters, digits, `-`, `_`; alternation, groups and `?`
/// only): its case-insensitive matches on an ASCII text are then exactly these,
/// in any case.
fn word_list(pattern: &str) -> Option<Vec<String>> {
    use regex_syntax::hir::literal::Extractor;
    let simple = pattern
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_|()?".contains(&b));
    if !simple {
        return None;
    }
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let seq = Extractor::new().extract(&hir);
    let literals = seq.literals()?;
    if !seq.is_exact() || literals.is_empty() {
        return None;
    }
    literals
        .iter()
        .map(|l| {
            let w = std::str::from_utf8(l.as_bytes()).ok()?;
            (!w.is_empty()).then(|| w.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn hints_match_whole_token_parts() {
        let h = Hints::builtin();
        assert_eq!(
            h.classify("post article-share-bar").map(|x| x.0),
            Some(Some(RemovalReason::ShareBar))
        );
        assert!(h.classify("shareholders").is_none());
        assert_eq!(h.classify("wp-caption-text").map(|x| x.0), Some(None));
        let err = Hints::parse("h.tsv", "share_bar\tok\nnope\tx\n").unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("h.tsv", 2));
    }

    use super::*;

    #[test]
    fn hint_words_agree_with_the_patterns() {
        let h = Hints::builtin();
        assert!(h.words.is_some());
        let mut slow = h.clone();
        slow.words = None;
        for token in [
            "share",
            "Share-Bar",
            "post_share",
            "shareholders",
            "sharing-is-caring",
            "wp-caption-text",
            "WP-Caption-Text-x",
            "caption",
            "figcaption",
            "x-figcaption",
            "photo-credit",
            "credits",
            "credit_line",
            "ad",
            "ads",
            "ad-slot",
            "adslot",
            "header",
            "head",
            "load",
            "nav",
            "navbar",
            "main-nav",
            "navigation-top",
            "comments",
            "comment-form",
            "commentary",
            "related-posts",
            "relatedposts",
            "most-read",
            "read-more",
            "readmore",
            "more",
            "cookie",
            "cookies-banner",
            "site-footer",
            "footer",
            "col-md-6",
            "entry-content",
            "bio",
            "author-bio",
            "sidebar",
            "widget_text",
            "a--b",
            "-",
            "_",
            "share-",
            "-share",
            "ßhare",
            "ſhare",
            "élan-share",
        ] {
            assert_eq!(h.rule_of(token), slow.rule_of(token), "{token}");
        }
        assert_eq!(
            word_list("(fig)?caption|credits?").map(|mut w| {
                w.sort();
                w
            }),
            Some(vec![
                "caption".into(),
                "credit".into(),
                "credits".into(),
                "figcaption".into()
            ])
        );
        assert_eq!(word_list("ads?|ad-.*"), None);
        assert_eq!(word_list("Share"), None);
    }

    #[test]
    fn word_boundaries_hold_on_ascii_and_non_ascii_lines() {
        let r =
            Residue::parse("r.tsv", "call_to_action\t.*\\b(únete|join) (us|ya)\\b.*\n").unwrap();
        assert!(r.classify("Hola, únete ya").is_some());
        assert!(r.classify("Please join us today").is_some());
        assert!(r.classify("“Please” join us – today").is_some());
        assert!(r.classify("Please rejoin us today").is_none());
        assert!(r.classify("Bitte nicht: rejoin us, Zoë").is_none());
    }

    #[test]
    fn credits_recognise_common_wire_forms() {
        let c = Credits::builtin();
        let (text, credit) = c
            .caption("Leaders smile in Osaka on Friday. Photo: Jane Roe/Pool via REUTERS")
            .unwrap();
        assert_eq!(text, "Leaders smile in Osaka on Friday.");
        assert_eq!(credit, Some("Jane Roe/Pool via REUTERS"));
        let (_, credit) = c
            .caption("A man walks past a shop in Tokyo, May 3, 2021. REUTERS/Kim Kyung-Hoon")
            .unwrap();
        assert_eq!(credit, Some("REUTERS/Kim Kyung-Hoon"));
        let (_, credit) = c
            .caption("Protesters gather outside parliament. (AP Photo/John Smith)")
            .unwrap();
        assert_eq!(credit, Some("AP Photo/John Smith"));
        assert!(c
            .caption("The company sold the pictures to Getty Images.")
            .is_none());
        assert!(c
            .caption("He said the deal was good, according to Reuters")
            .is_none());
    }

    #[test]
    fn credit_gates_never_hide_a_match() {
        let gated = Credits::builtin();
        let mut open = gated.clone();
        open.gates = vec![Gate::Always; gated.trailing.len()];
        for line in [
            "Leaders in Osaka. Photo: Jane Roe/Pool via REUTERS",
            "Leaders in Osaka. Photo by Jane Roe",
            "Boats at dawn | Credit: Jane Doe",
            "Boats at dawn (Reuters/Kim Kyung-Hoon)",
            "Boats at dawn. (AP Photo/John Smith)  ",
            "Boats at dawn. Jane Doe/AFP via Getty Images",
            "Boats at dawn. AFP/Getty Images",
            "Boats at dawn. John Smith for The Post via Getty Images",
            "Boats at dawn. Shutterstock",
            "Boats at dawn © Acme Press",
            "Boats at dawn. © Jane Doe)",
            "FILE PHOTO: Boats at dawn",
            "The company sold the pictures to Getty Images.",
            "He said: the deal was good, according to Reuters",
            "A plain sentence of the story, with nothing to credit.",
            "Boats at dawn. REUTERS /  Jane Doe",
            "Boats at dawn (Jane Doe/AP)",
            "Prices rose 3% year/year, Reuters",
            "Caption: a short one",
            "Credit | x",
            "A 24/7 service run by AFP",
        ] {
            assert_eq!(gated.caption(line), open.caption(line), "{line}");
            assert_eq!(
                gated.is_caption_line(line),
                open.is_caption_line(line),
                "{line}"
            );
        }
    }

    #[test]
    fn residue_classifies_whole_short_lines_only() {
        let r = Residue::builtin();
        assert_eq!(
            r.classify("Please enter your comment!").map(|x| x.0),
            Some(RemovalReason::CommentForm)
        );
        assert_eq!(
            r.classify("Sign up for our daily newsletter").map(|x| x.0),
            Some(RemovalReason::Newsletter)
        );
        assert!(r
            .classify("The minister said she would share the report with parliament.")
            .is_none());
    }

    #[test]
    fn residue_stamps_prompts_and_other_languages() {
        let r = Residue::builtin();
        let reason = |l: &str| r.classify(l).map(|(reason, _)| reason);
        assert_eq!(reason("Advert"), Some(RemovalReason::Advertisement));
        assert_eq!(
            reason("Updated at 4:15 p.m. on March 3"),
            Some(RemovalReason::Other)
        );
        assert_eq!(reason("12.05.2023"), Some(RemovalReason::Other));
        assert_eq!(reason("Don't miss"), Some(RemovalReason::RelatedLinks));
        assert_eq!(
            reason("Das könnte Sie auch interessieren!"),
            Some(RemovalReason::RelatedLinks)
        );
        assert_eq!(reason("À lire aussi"), Some(RemovalReason::RelatedLinks));
        assert_eq!(
            reason("Sie sind aktuell nicht eingeloggt."),
            Some(RemovalReason::CommentForm)
        );
        // Sentences of a story are not residue, even when they start alike.
        assert_eq!(reason("Updated figures were not available."), None);
        assert_eq!(
            reason("Published in 1998, the report warned that the dam would fail within 20 years unless it was repaired, and nobody listened. The engineers who wrote it have since retired, but their warning is quoted in every debate about the river and its future, again and again."),
            None
        );
    }

    #[test]
    fn residue_labels_prompts_disclosures_and_server_errors() {
        let r = Residue::builtin();
        let reason = |l: &str| r.classify(l).map(|(reason, _)| reason);
        for (line, want) in [
            ("Tags", RemovalReason::Navigation),
            ("Schlagwörter:", RemovalReason::Navigation),
            ("Permalink https://example.org/p/12ab", RemovalReason::Navigation),
            ("Bild anzeigen Bild schließen", RemovalReason::Navigation),
            ("Externer Inhalt", RemovalReason::CookieNotice),
            ("Veröffentlichung:", RemovalReason::Other),
            ("Kommentare insgesamt: 3", RemovalReason::CommentForm),
            ("Entdecke weitere Rezepte", RemovalReason::RelatedLinks),
            (
                "Warning: Undefined variable $x in /srv/www/page.php on line 12",
                RemovalReason::Other,
            ),
            (
                "Mit unserem Newsletter erhalten Sie jede Woche die besten Tipps.",
                RemovalReason::Newsletter,
            ),
            (
                "Mit der Anmeldung akzeptieren Sie unsere Datenschutzbestimmungen.",
                RemovalReason::Legal,
            ),
            (
                "Follow the Courier on Twitter and Instagram for updates.",
                RemovalReason::CallToAction,
            ),
            ("Anzeige, enthält Affiliate Links", RemovalReason::Advertisement),
            (
                "Für Links auf dieser Seite erhält die Redaktion ggf. eine Provision vom Händler.",
                RemovalReason::Advertisement,
            ),
            ("Kontakt", RemovalReason::Navigation),
            ("Impressum | Datenschutz | Copyright 2024", RemovalReason::Navigation),
            ("Release Date:", RemovalReason::Other),
            ("COUNTYCOURIER.EXAMPLE.COM", RemovalReason::Other),
            (
                "Der Beitrag wurde am Montag, den 3. Mai 2021 um 10:15 Uhr veröffentlicht und wurde unter Allgemein abgelegt.",
                RemovalReason::Other,
            ),
        ] {
            assert_eq!(reason(line), Some(want), "{line}");
        }
        // Story sentences that share words with these prompts stay.
        for line in [
            "The tags on the stolen bikes had been removed before the sale.",
            "She said she would follow the case closely, as would the council.",
            "Die Werbung für das Fest hatte schon im März begonnen, sagte der Bürgermeister.",
        ] {
            assert_eq!(reason(line), None, "{line}");
        }
    }

    /// The first rule whose pattern matches, by trying each in turn.
    fn classify_naive(r: &Residue, line: &str) -> Option<RemovalReason> {
        let line = line.trim();
        if line.is_empty() || line.len() > 250 {
            return None;
        }
        let i = r.exact.iter().position(|re| re.is_match(line))?;
        Some(r.rules[i].0)
    }

    #[test]
    fn residue_split_sets_agree_with_each_pattern_in_turn() {
        let r = Residue::builtin();
        assert!(r.floating.len() > 10 && r.anchored.len() > 10);
        for line in [
            "We use cookies to improve your experience. Accept all cookies",
            "Sign up for our free daily newsletter and get the news in your inbox",
            "Subscribe to our newsletter",
            "Follow us on Twitter",
            "Folgen Sie uns auf Instagram für mehr",
            "Síguenos en Twitter",
            "Únete a nuestra comunidad hoy",
            "© 2024 Example Media. All rights reserved.",
            "Copyright 2024 Example Media",
            "Read more",
            "Weiterlesen …",
            "The paper said it would read more into the data » later",
            "Get the latest news delivered to your inbox every morning",
            "The council is not responsible for the views expressed here",
            "Published on March 3, 2021 at 10:15",
            "Updated figures were not available.",
            "Impressum | Datenschutz | AGB",
            "Warning: Undefined variable $x in /srv/page.php on line 12",
            "We may earn a commission when you buy through links on our site.",
            "Wir erhalten eine Provision für Käufe über diese Links.",
            "By subscribing, you agree to our privacy policy and terms.",
            "Das könnte Sie auch interessieren",
            "It’s a “great” day, the mayor said — and nobody disagreed.",
            "Zoë said: “Follow the money” on Twitter was her motto",
            "Tags: politics, economy",
            "The minister said she would share the report with parliament.",
            "Share on Facebook",
            "12.05.2023, 14:30 Uhr",
            "example.com",
        ] {
            assert_eq!(
                r.classify(line).map(|x| x.0),
                classify_naive(&r, line),
                "{line}"
            );
        }
    }

    #[test]
    fn residue_relaxed_and_ascii_patterns() {
        let hir = |p: &str| regex_syntax::Parser::new().parse(p).unwrap();
        let p = r"(?i)^(?:.*\bfiled under\b.*|a\\b|.*\bcafé\b.*|\w+ \d+)$";
        let relaxed = Regex::new(&relax(&hir(p)).to_string()).unwrap();
        // No boundaries.
        assert!(relaxed.is_match("Refiled underneath"));
        assert!(relaxed.is_match("xcaféx"));
        // An escaped backslash before a `b` is a literal, not a boundary.
        assert!(relaxed.is_match("A\\B"));
        assert!(!relaxed.is_match("ab"));
        let ascii = Regex::new(&ascii_boundaries(&hir(p)).to_string()).unwrap();
        let exact = Regex::new(p).unwrap();
        for line in [
            "Posted by Ann, FILED UNDER Local news",
            "Refiled underneath the old ones",
            "x_filed under",
            "“filed under” it",
            "A\\b",
            "cafe",
            "Page 12",
            "Page_2 12",
            "Page 12a",
        ] {
            assert_eq!(ascii.is_match(line), exact.is_match(line), "{line}");
        }
        let r = Residue::parse("r.tsv", "other\t.*\\bfiled under\\b.*\n").unwrap();
        assert!(r
            .classify("Posted by Ann, filed under Local news")
            .is_some());
        assert!(r.classify("Refiled underneath the old ones").is_none());
        // A letter next to the word is no boundary, ASCII or not.
        assert!(r.classify("Éfiled under Local").is_none());
    }

    #[test]
    fn residue_non_ascii_lines_take_the_first_exact_rule() {
        // The first rule's pattern without boundaries matches, the rule does not
        // (no boundary between "ë" and "f"): the second decides.
        let r = Residue::parse("r.tsv", "other\t.*\\bfoo\\b.*\nlegal\t.*bar.*\n").unwrap();
        assert_eq!(
            r.classify("Zoëfoo bar").map(|x| x.0),
            Some(RemovalReason::Legal)
        );
        assert_eq!(
            r.classify("Zoë foo bar").map(|x| x.0),
            Some(RemovalReason::Other)
        );
        assert_eq!(r.classify("Zoëfoo").map(|x| x.0), None);
    }

    #[test]
    fn residue_bad_line_names_file_and_line() {
        let err = Residue::parse("mine.tsv", "# c\ncomment_form\tok\nbogus\tx\n").unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("mine.tsv", 3));
        let err = Residue::parse("mine.tsv", "legal\t(unclosed\n").unwrap_err();
        assert!(err.to_string().starts_with("mine.tsv:1: bad pattern"));
    }
}
