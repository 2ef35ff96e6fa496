//! The `EventCoder` stage: triggers from the patterns, arguments from word order (and
//! the parse where it helps), actors from the entity layer, dates from the timexes.

use crate::agents::{Agents, MAX_WORDS};
use crate::codebook::Codebook;
use crate::morph::Morphology;
use crate::patterns::{Pattern, PatternSet, Slot, Transform, TransformKind};
use crate::view::{Class, View};
use crate::Error;
use dateline_core::{
    DateBasis, Doc, EntityType, Event, EventActor, EventDate, EventLocation, Layer, MentionKind,
    Modality, Polarity, Span, Stage, StageError, TimexType,
};
use std::collections::HashMap;

/// Codes events into `Doc.events`.
///
/// Needs sentences, tokens, entity mentions and entities (actors and places), the
/// reference date and timexes (dates); uses UPOS tags and lemmas when present (word order
/// and closed-class lists otherwise). Holds no per-document state.
#[derive(Clone, Debug)]
pub struct EventCoder {
    codebook: Codebook,
    patterns: PatternSet,
    morph: Morphology,
    verb_index: HashMap<String, Vec<(usize, usize)>>,
    noun_index: HashMap<String, Vec<(usize, usize)>>,
    gov_index: HashMap<String, Vec<(usize, usize)>>,
    agents: Agents,
}

/// An event coded in an earlier sentence of the document, with the pattern and head word
/// of its trigger: what a definite event noun with no actors of its own ("the attack",
/// "the trade talks") may refer back to.
#[derive(Clone, Debug)]
struct Antecedent {
    event: Event,
    /// Pattern id and lower-cased head word of the trigger ("" for a derived event).
    head: (String, String),
}

/// A trigger found in a sentence.
#[derive(Clone, Debug)]
struct Trigger {
    pattern: usize,
    /// Token index of the head word (verb or noun).
    at: usize,
    /// Last token of the matched words.
    end: usize,
    words: usize,
    noun: bool,
    /// Token where the pattern's required object matched.
    obj_at: Option<usize>,
}

const SPEECH_AFTER: &[&str] = &[
    "said",
    "says",
    "say",
    "reported",
    "reports",
    "told",
    "added",
    "stated",
    "according",
];
const NEG: &[&str] = &["not", "n't", "never", "no", "without", "neither", "nor"];
const HYPO: &[&str] = &["if", "unless", "whether", "might", "could", "may"];
const HARM: &[&str] = &[
    "killed",
    "wounded",
    "injured",
    "died",
    "hurt",
    "dead",
    "destroyed",
    "damaged",
];
const TIME_WORDS: &[&str] = &[
    "today",
    "yesterday",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "tonight",
    "earlier",
    "later",
    "recently",
];
const QUANT: &[&str] = &[
    "over",
    "about",
    "some",
    "nearly",
    "almost",
    "around",
    "roughly",
    "approximately",
    "up",
    "more",
    "than",
    "at",
    "least",
    "fewer",
    "less",
];
/// Nouns that count or group the noun phrase after "of".
const QUANTITY: &[&str] = &[
    "hundreds",
    "thousands",
    "tens",
    "dozens",
    "millions",
    "scores",
    "group",
    "groups",
    "crowd",
    "crowds",
    "number",
    "handful",
    "majority",
    "band",
    "gang",
    "team",
];

/// Passive light verbs whose "by" phrase is the agent of their subject event noun ("the
/// raid was carried out by ...").
const CARRY: &[&str] = &[
    "carried",
    "conducted",
    "launched",
    "staged",
    "mounted",
    "made",
    "held",
    "presented",
    "produced",
    "submitted",
    "filed",
    "issued",
];

/// Plural nouns that "the two ..." / "both ..." refer back to a pair with.
const PAIR_NOUNS: &[&str] = &[
    "leaders",
    "presidents",
    "premiers",
    "ministers",
    "countries",
    "nations",
    "governments",
];

/// Agreement nouns whose other party can stand for the agreement as a target.
const AGREEMENT: &[&str] = &["treaty", "pact", "alliance", "accord"];

/// Verbs whose object event does not take place ("renounced war", "averted a strike").
const COUNTERFACTIVE: &[&str] = &[
    "renounce",
    "forswear",
    "avert",
    "avoid",
    "prevent",
    "forestall",
    "deter",
];
/// Possessive determiners, which the tagger may class as pronouns.
const POSSESSIVE: &[&str] = &["their", "its", "his", "her", "our", "my", "your"];

const BE: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "'s", "'re", "get", "got", "gets",
];

impl EventCoder {
    /// The coder with the built-in codebook and patterns.
    pub fn new() -> EventCoder {
        let codebook = Codebook::builtin();
        let patterns = PatternSet::builtin(&codebook);
        EventCoder::from_parts(codebook, patterns)
    }

    /// The coder with the built-in patterns plus a user file (`(name, contents)`) that adds
    /// or overrides patterns; the file is validated.
    pub fn with_user_patterns(name: &str, text: &str) -> Result<EventCoder, Error> {
        let codebook = Codebook::builtin();
        let mut patterns = PatternSet::builtin(&codebook);
        patterns.extend_with(&codebook, name, text)?;
        Ok(EventCoder::from_parts(codebook, patterns))
    }

    /// The coder over a given codebook and pattern set.
    pub fn from_parts(codebook: Codebook, patterns: PatternSet) -> EventCoder {
        let morph = Morphology::builtin();
        let mut verb_index: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        let mut noun_index: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        let mut gov_index: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (pi, p) in patterns.patterns.iter().enumerate() {
            for (ei, words) in p.verbs.iter().enumerate() {
                for f in morph.verb_forms(&words[0]) {
                    verb_index.entry(f).or_default().push((pi, ei));
                }
            }
            for (ei, words) in p.nouns.iter().enumerate() {
                // the head of a multi-word noun is its last word
                for f in morph.noun_forms(words.last().unwrap()) {
                    noun_index.entry(f).or_default().push((pi, ei));
                }
            }
        }
        for (ti, t) in patterns.transforms.iter().enumerate() {
            for (ei, words) in t.governors.iter().enumerate() {
                for f in morph.verb_forms(&words[0]) {
                    gov_index.entry(f).or_default().push((ti, ei));
                }
            }
        }
        EventCoder {
            codebook,
            patterns,
            morph,
            verb_index,
            noun_index,
            gov_index,
            agents: Agents::builtin(),
        }
    }

    /// The codebook.
    pub fn codebook(&self) -> &Codebook {
        &self.codebook
    }

    /// The patterns.
    pub fn patterns(&self) -> &PatternSet {
        &self.patterns
    }

    fn is_gov_form(&self, v: &View, i: usize) -> bool {
        // a verb, or an adjective before "to" ("is prepared to", "ready to")
        let adj_to = v.class[i] == Class::Adj && v.lower.get(i + 1).is_some_and(|w| w == "to");
        if v.class[i] != Class::Verb && !adj_to {
            return false;
        }
        self.gov_index.contains_key(&v.lower[i])
            || v.lemma[i]
                .as_ref()
                .is_some_and(|l| self.gov_index.contains_key(l))
    }

    fn verbish(&self, v: &View, i: usize) -> bool {
        matches!(v.class[i], Class::Verb)
            // a verb the tagger took for an adjective after a modal ("would free")
            || (v.class[i] == Class::Adj
                && i > 0
                && matches!(
                    v.lower[i - 1].as_str(),
                    "would" | "will" | "'ll" | "to" | "can" | "could" | "must" | "should" | "may"
                        | "might"
                ))
            // a verb the tagger took for a noun after a plural people name ("The
            // Palestinians reject proposed changes")
            || (v.class[i] == Class::Noun
                && i > 0
                && v.actor[i - 1].is_some()
                && v.class[i - 1] == Class::Propn
                && v.lower[i - 1].ends_with('s')
                && !v.lower[i].ends_with('s')
                && v.lower.get(i + 1).is_none_or(|w| w != "of" && w != "'s"))
    }

    fn nounish(&self, v: &View, i: usize) -> bool {
        matches!(v.class[i], Class::Noun | Class::Propn)
    }

    fn forms(&self) -> impl Fn(&str) -> (bool, bool) + '_ {
        move |w: &str| {
            (
                self.verb_index.contains_key(w)
                    || self.gov_index.contains_key(w)
                    || self.morph.is_irregular_form(w),
                self.noun_index.contains_key(w),
            )
        }
    }

    /// Matches the words after the first of an entry, each within 3 tokens of the previous.
    fn match_rest(&self, v: &View, from: usize, rest: &[String]) -> Option<usize> {
        let mut at = from;
        for w in rest {
            let mut found = None;
            // a hyphenated modifier ("night-time") counts as one word
            let hyphens = (at + 1..(at + 9).min(v.len()))
                .take_while(|&j| !v.boundary(j) && v.lower[j] != ",")
                .filter(|&j| v.lower[j] == "-")
                .count()
                .min(2);
            for j in at + 1..(at + 5 + 2 * hyphens).min(v.len()) {
                if v.boundary(j) || v.lower[j] == "," {
                    break;
                }
                if self
                    .morph
                    .word_matches(&v.lower[j], v.lemma[j].as_deref(), w)
                {
                    found = Some(j);
                    break;
                }
                if matches!(v.class[j], Class::Verb) && v.tagged {
                    break;
                }
            }
            // the head of a longer object phrase ("welcomed Reagan's latest policy
            // statement" matches "welcome statement")
            if found.is_none() {
                found = self.object_head(v, at).filter(|&h| {
                    self.morph
                        .word_matches(&v.lower[h], v.lemma[h].as_deref(), w)
                });
            }
            at = found?;
        }
        Some(at)
    }

    /// Whether the further words of a verb entry (its object: "present *evidence*") stand,
    /// in order, in the subject of the passive verb at `i` ("evidence against X was
    /// presented", "talks were held").
    fn passive_rest(&self, v: &View, i: usize, rest: &[String]) -> bool {
        if !self.passive(v, i) {
            return false;
        }
        // the first form of "be" before the participle
        let Some(b) = (i.saturating_sub(4)..i)
            .rev()
            .find(|&j| BE.contains(&v.lower[j].as_str()))
        else {
            return false;
        };
        let from = clause_start(v, b).max(b.saturating_sub(8));
        let mut at = from;
        for w in rest {
            match (at..b).find(|&j| {
                self.morph
                    .word_matches(&v.lower[j], v.lemma[j].as_deref(), w)
            }) {
                Some(j) => at = j + 1,
                None => return false,
            }
        }
        true
    }

    fn triggers(&self, v: &View) -> Vec<Trigger> {
        let mut out: Vec<Trigger> = Vec::new();
        for i in 0..v.len() {
            let mut keys = vec![v.lower[i].as_str()];
            if let Some(l) = v.lemma[i].as_deref() {
                keys.push(l);
            }
            for key in &keys {
                if let Some(cands) = self.verb_index.get(*key) {
                    if self.verbish(v, i) {
                        for &(pi, ei) in cands {
                            let words = &self.patterns.patterns[pi].verbs[ei];
                            if let Some(end) = self.match_rest(v, i, &words[1..]) {
                                out.push(Trigger {
                                    pattern: pi,
                                    at: i,
                                    end,
                                    words: words.len(),
                                    noun: false,
                                    obj_at: None,
                                });
                            } else if words.len() > 1 && self.passive_rest(v, i, &words[1..]) {
                                // "evidence against X was presented by Y": the object
                                // words of a passive verb stand in its subject
                                out.push(Trigger {
                                    pattern: pi,
                                    at: i,
                                    end: i,
                                    words: words.len(),
                                    noun: false,
                                    obj_at: None,
                                });
                            }
                        }
                    }
                }
                if let Some(cands) = self.noun_index.get(*key) {
                    if self.nounish(v, i) {
                        for &(pi, ei) in cands {
                            let words = &self.patterns.patterns[pi].nouns[ei];
                            let n = words.len();
                            if n > 1 {
                                if i + 1 < n {
                                    continue;
                                }
                                let ok = words[..n - 1].iter().enumerate().all(|(k, w)| {
                                    self.morph.word_matches(&v.lower[i + 1 - n + k], None, w)
                                });
                                if !ok {
                                    continue;
                                }
                            }
                            out.push(Trigger {
                                pattern: pi,
                                at: i,
                                end: i,
                                words: n,
                                noun: true,
                                obj_at: None,
                            });
                        }
                    }
                }
            }
        }
        // object constraints
        out.retain_mut(|t| match self.object_ok(v, t) {
            Some(at) => {
                t.obj_at = at;
                true
            }
            None => false,
        });
        // the most specific trigger per head token; drop triggers inside a longer one
        out.sort_by(|a, b| {
            a.at.cmp(&b.at)
                .then(b.words.cmp(&a.words))
                .then(
                    (!self.patterns.patterns[b.pattern].object.is_empty())
                        .cmp(&!self.patterns.patterns[a.pattern].object.is_empty()),
                )
                .then(a.pattern.cmp(&b.pattern))
        });
        out.dedup_by_key(|t| t.at);
        let spans: Vec<(usize, usize, usize)> = out
            .iter()
            .map(|t| (t.at.min(t.end + 1 - t.words.min(t.end + 1)), t.end, t.words))
            .collect();
        let objects: Vec<usize> = out
            .iter()
            .filter(|t| !t.noun)
            .filter_map(|t| t.obj_at)
            .collect();
        let covered: Vec<(usize, usize)> = out
            .iter()
            .filter(|t| !t.noun && t.words > 1)
            .map(|t| (t.at, t.end))
            .collect();
        out.into_iter()
            .filter(|t| {
                !spans.iter().any(|&(s, e, w)| {
                    w > 1 && s <= t.at && t.at <= e && (s, e) != (t.at, t.end) && w > t.words
                }) && !(t.noun
                    && (objects.iter().any(|&o| o <= t.at && t.at <= o + 2)
                        || covered.iter().any(|&(s, e)| s < t.at && t.at <= e)))
            })
            .collect()
    }

    /// The head word of the object noun phrase after token `end`.
    fn object_head(&self, v: &View, end: usize) -> Option<usize> {
        let mut j = end + 1;
        while j < v.len()
            && matches!(
                v.class[j],
                Class::Det | Class::Adj | Class::Adv | Class::Num
            )
        {
            j += 1;
        }
        if j >= v.len() || !v.nominal(j) {
            return None;
        }
        let mut h = j;
        while h + 1 < v.len()
            && (matches!(
                v.class[h + 1],
                Class::Noun | Class::Propn | Class::Adj | Class::Num
            ) || v.lower[h + 1] == "'s")
        {
            h += 1;
        }
        Some(h)
    }

    fn object_ok(&self, v: &View, t: &Trigger) -> Option<Option<usize>> {
        let p = &self.patterns.patterns[t.pattern];
        if t.noun {
            return Some(None);
        }
        let mut obj_at = None;
        if !p.object.is_empty() {
            // (a multi-word verb may hold its object: "reach agreement")
            let window_end = (t.end + 7).min(v.len());
            let from = if t.end > t.at { t.at + 1 } else { t.end + 1 };
            let hit = p.object.iter().find_map(|words| {
                (from..window_end)
                    .find(|&j| {
                        words.iter().enumerate().all(|(k, w)| {
                            j + k < v.len()
                                && self.morph.word_matches(
                                    &v.lower[j + k],
                                    v.lemma[j + k].as_deref(),
                                    w,
                                )
                        }) && !(from..j).any(|x| {
                            v.boundary(x)
                                || v.lower[x] == ","
                                // (a participle after a determiner is an adjective: "a
                                // planned visit")
                                || (v.class[x] == Class::Verb
                                    && !(x > 0 && v.class[x - 1] == Class::Det))
                        })
                    })
                    .map(|j| j + words.len() - 1)
            });
            obj_at = Some(hit?);
        }
        if !p.unless.is_empty() {
            if let Some(h) = self.object_head(v, t.end) {
                if v.actor[h].is_none()
                    && p.unless.iter().any(|u| {
                        self.morph
                            .word_matches(&v.lower[h], v.lemma[h].as_deref(), u)
                    })
                {
                    return None;
                }
            }
        }
        Some(obj_at)
    }

    /// The actor mentions of the noun phrase that starts at or after `i` (skipping
    /// determiners and adjectives), with coordinated phrases ("Iran and Iraq"), and the
    /// first token after the phrase.
    fn np_right(&self, v: &View, i: usize) -> (Vec<usize>, usize) {
        let mut j = i;
        let mut found: Vec<usize> = Vec::new();
        loop {
            let start = j;
            while j < v.len()
                && (v.nominal(j)
                    || (v.class[j] == Class::Adv && j == start)
                    || self.participle_modifier(v, j))
            {
                j += 1;
            }
            if j == start {
                break;
            }
            // extend through "of" phrases ("the mayor of Nablus") when the head is no actor
            let head_actor = (start..j).rev().find_map(|k| v.actor[k]);
            let mut ms: Vec<usize> = Vec::new();
            // the actor of the head (last token) first, else any in the phrase
            if let Some(m) = v.actor[j - 1] {
                ms.push(m);
            } else if j < v.len() && v.lower[j] == "of" {
                let (inner, after) = self.np_right(v, j + 1);
                let own = head_actor;
                match own {
                    Some(m) => ms.push(m),
                    None => ms.extend(inner.into_iter().take(1)),
                }
                j = after;
            } else if let Some(m) = head_actor {
                ms.push(m);
            }
            for m in ms {
                if !found.contains(&m) {
                    found.push(m);
                }
            }
            // coordination
            if j + 1 < v.len()
                && (v.lower[j] == "and"
                    || (v.lower[j] == ","
                        && j + 2 < v.len()
                        && v.nominal(j + 1)
                        && v.actor[j + 1].is_some()
                        // "talks with Trump, Abe called ...": a new clause's subject
                        && !clause_subject_at(v, j + 1)))
            {
                let k = if v.lower[j] == "," && v.lower.get(j + 1).is_some_and(|w| w == "and") {
                    j + 2
                } else {
                    j + 1
                };
                if k < v.len()
                    && v.nominal(k)
                    && (k..(k + 4).min(v.len())).any(|x| v.actor[x].is_some())
                {
                    j = k;
                    continue;
                }
            }
            break;
        }
        (found, j)
    }

    /// A participle modifying the noun after it inside a noun phrase: "the *growing* U.S.
    /// investments", "a *planned* visit" (after a determiner or an adjective, before a
    /// noun or a name).
    fn participle_modifier(&self, v: &View, j: usize) -> bool {
        j > 0
            && j + 1 < v.len()
            && v.class[j] == Class::Verb
            && (v.lower[j].ends_with("ing") || v.lower[j].ends_with("ed"))
            && matches!(v.class[j - 1], Class::Det | Class::Adj)
            && matches!(v.class[j + 1], Class::Noun | Class::Propn | Class::Adj)
    }

    /// The actor mentions of the subject to the left of token `i`, and where its phrase
    /// starts. Skips auxiliaries, adverbs, negation and time words; stops at a clause
    /// boundary.
    fn subject_left(&self, v: &View, i: usize) -> (Vec<usize>, Option<usize>) {
        self.subject_left_depth(v, i, 0)
    }

    fn subject_left_depth(&self, v: &View, i: usize, depth: u8) -> (Vec<usize>, Option<usize>) {
        // an infinitive takes the subject of its governing verb ("came close to launching",
        // "continued to send"), unless an actor stands before "to" ("asked Obama to help")
        if depth < 3 {
            let mut j = i;
            while j > 0 && matches!(v.class[j - 1], Class::Adv) {
                j -= 1;
            }
            if j > 1 && v.lower[j - 1] == "to" && v.actor[j - 2].is_none() {
                let mut g = j - 2;
                let mut steps = 0;
                while g > 0
                    && steps < 2
                    && !matches!(v.class[g], Class::Verb)
                    && matches!(v.class[g], Class::Adv | Class::Adj | Class::Noun)
                {
                    g -= 1;
                    steps += 1;
                }
                if matches!(v.class[g], Class::Verb) {
                    return self.subject_left_depth(v, g, depth + 1);
                }
            }
        }
        // "…, accusing Madrid of meddling", "…, killing four civilians": a participle
        // clause after a comma takes the subject of the nearest finite verb before it
        if depth < 3 && i < v.len() && v.class[i] == Class::Verb && v.lower[i].ends_with("ing") {
            let mut j = i;
            while j > 0 && matches!(v.class[j - 1], Class::Adv) {
                j -= 1;
            }
            if j > 1 && v.lower[j - 1] == "," {
                if let Some(g) = (0..j - 1)
                    .rev()
                    .take_while(|&x| !v.boundary(x))
                    .find(|&x| v.class[x] == Class::Verb && !v.lower[x].ends_with("ing"))
                {
                    return self.subject_left_depth(v, g, depth + 1);
                }
            }
        }
        let mut j = i;
        // skip the verb group
        while j > 0 {
            let k = j - 1;
            let c = v.class[k];
            if matches!(c, Class::Aux | Class::Adv | Class::Part)
                || NEG.contains(&v.lower[k].as_str())
            {
                j = k;
                continue;
            }
            break;
        }
        // coordinated verb phrases ("ISIL had attacked Iraq and taken Mosul"): the subject
        // of the first verb
        if depth < 3
            && j > 1
            && matches!(v.lower[j - 1].as_str(), "and" | "or")
            && i < v.len()
            && v.class[i] == Class::Verb
        {
            let mut k = j - 1;
            while k > 0 && j - k < 10 {
                k -= 1;
                if v.boundary(k) && v.lower[k] != "that" {
                    break;
                }
                if v.class[k] == Class::Verb {
                    return self.subject_left_depth(v, k, depth + 1);
                }
            }
        }
        // relative pronoun: subject is the phrase before it
        let mut relative = false;
        if j > 0 && matches!(v.lower[j - 1].as_str(), "who" | "which" | "that") {
            relative = true;
            j -= 1;
            if j > 0 && v.lower[j - 1] == "," {
                j -= 1;
            }
        }
        // "The union, which represents teachers, accused": skip a non-restrictive
        // relative clause between commas
        if !relative && j > 0 && v.lower[j - 1] == "," {
            let from = (j - 1).saturating_sub(30);
            if let Some(c2) = (from..j - 1).rev().find(|&x| v.lower[x] == ",") {
                let clause = c2 + 1..j - 1;
                if c2 > 0
                    && clause.len() >= 2
                    && matches!(v.lower[c2 + 1].as_str(), "who" | "which")
                    && !clause.clone().skip(1).any(|x| v.boundary(x))
                {
                    j = c2;
                }
            }
        }
        // "The Nigerian Union of Teachers (NUT) accused": skip a bracketed aside
        if !relative && j > 1 && v.lower[j - 1] == ")" {
            let from = (j - 1).saturating_sub(12);
            if let Some(o) = (from..j - 1).rev().find(|&x| v.lower[x] == "(") {
                if o > 0 && !(o + 1..j - 1).any(|x| v.class[x] == Class::Verb) {
                    j = o;
                }
            }
        }
        // "Pakistan, a key U.S. ally in the war, has refused": skip the appositive
        if !relative && j > 0 && v.lower[j - 1] == "," {
            let from = (j - 1).saturating_sub(16);
            if let Some(c2) = (from..j - 1).rev().find(|&x| v.lower[x] == ",") {
                // (the appositive may end in a relative clause: "a group that tracks
                // the war")
                let rel = (c2 + 1..j - 1)
                    .find(|&x| matches!(v.lower[x].as_str(), "that" | "who" | "which"))
                    .unwrap_or(j - 1);
                if c2 > 0
                    && v.actor[c2 - 1].is_some()
                    && c2 + 1 < j - 1
                    && v.class[c2 + 1] == Class::Det
                    && rel > c2 + 2
                    && !(c2 + 1..rel).any(|x| v.class[x] == Class::Verb || v.boundary(x))
                {
                    j = c2;
                }
            }
        }
        // "Washington along with its allies demanded": the subject stands before "along
        // with" (the with-phrase joins it below when it names an actor)
        if !relative {
            let from = j.saturating_sub(8);
            if let Some(w) = (from.max(1)..j).rev().find(|&x| {
                v.lower[x] == "with" && matches!(v.lower[x - 1].as_str(), "along" | "together")
            }) {
                let clear = (w + 1..j).all(|x| v.class[x] != Class::Verb && !v.boundary(x));
                if clear
                    && w >= 2
                    && !(w + 1..j).any(|x| v.actor[x].is_some() && v.class[x] != Class::Pron)
                {
                    let mut a = w - 1;
                    if a > 0 && v.lower[a - 1] == "," {
                        a -= 1;
                    }
                    if a > 0 && v.actor[a - 1].is_some() {
                        j = a;
                    }
                }
            }
        }
        // skip a time phrase and commas of an appositive ("Israel on Wednesday released")
        let mut guard = 0;
        let mut k = j;
        while k > 0 && guard < 12 {
            guard += 1;
            let p = k - 1;
            if v.actor[p].is_some() {
                break;
            }
            if v.boundary(p) && v.lower[p] != "that" {
                return (Vec::new(), None);
            }
            if matches!(v.class[p], Class::Verb) {
                return (Vec::new(), None);
            }
            if v.class[p] == Class::Pron
                && !matches!(v.lower[p].as_str(), "who" | "which" | "whom" | "that")
            {
                // a pronoun subject: the caller may resolve it to the governing clause's subject
                return (Vec::new(), Some(p));
            }
            if v.lower[p] == "," {
                // an appositive or a fronted phrase: keep looking a little
                k = p;
                continue;
            }
            k = p;
        }
        if k == 0 || v.actor[k - 1].is_none() {
            return (Vec::new(), None);
        }
        let end = k - 1;
        // the phrase containing `end`, then coordinated phrases to its left ("On Monday the
        // Peruvian president": the phrase starts after the time word)
        let mut start = end;
        while start > 0
            && (v.nominal(start - 1)
                && v.class[start - 1] != Class::Punct
                && !TIME_WORDS.contains(&v.lower[start - 1].as_str()))
        {
            start -= 1;
        }
        let mut out = vec![v.actor[end].unwrap()];
        let mut s = start;
        // "A and B", "A, B and C"; a bare comma ("With Trump, Abe agreed") joins nothing
        let mut seen_and = false;
        while s >= 2 && (v.lower[s - 1] == "and" || (seen_and && v.lower[s - 1] == ",")) {
            seen_and = true;
            let mut e2 = s - 2;
            if v.lower[e2] == "," && e2 > 0 {
                e2 -= 1;
            }
            match v.actor[e2] {
                Some(m) => {
                    let mut s2 = e2;
                    while s2 > 0 && v.nominal(s2 - 1) && v.class[s2 - 1] != Class::Punct {
                        s2 -= 1;
                    }
                    // "On North Korea, Abe and Trump agreed", "ties with Chile, and the
                    // king visited": a phrase inside a prepositional phrase is no list
                    // member of the subject
                    if s2 > 0 && v.class[s2 - 1] == Class::Adp && v.lower[s2 - 1] != "of" {
                        break;
                    }
                    if !out.contains(&m) {
                        out.insert(0, m);
                    }
                    s = s2;
                }
                None => break,
            }
        }
        // "Japan, along with South Korea, protested": a compound source
        if s >= 3
            && v.lower[s - 1] == "with"
            && matches!(v.lower[s - 2].as_str(), "along" | "together")
        {
            let mut e2 = s - 3;
            if v.lower[e2] == "," && e2 > 0 {
                e2 -= 1;
            }
            if let Some(m) = v.actor[e2] {
                if !out.contains(&m) {
                    out.insert(0, m);
                }
                let mut s2 = e2;
                while s2 > 0 && v.nominal(s2 - 1) && v.class[s2 - 1] != Class::Punct {
                    s2 -= 1;
                }
                s = s2;
            }
        }
        // "Russian troops deployed to Syria attacked ...": the phrase inside a reduced
        // relative clause is no subject; the noun before the participle is
        if depth < 3 && !relative {
            if let Some(r) = reduced_relative_before(v, i).filter(|&r| r < s) {
                return self.subject_left_depth(v, r, depth + 1);
            }
        }
        // a phrase that is itself the object of a preposition is no subject ("in Osaka"),
        // but "up to 1,000 Turks", "about 200 protesters" are quantities
        if !relative
            && s > 0
            && v.class[s - 1] == Class::Adp
            && v.lower[s - 1] != "of"
            && v.class[s] != Class::Num
            // "after Trump revived ...": a subordinator the tagger calls a preposition
            && !matches!(
                v.lower[s - 1].as_str(),
                "after" | "before" | "since" | "until" | "as" | "once" | "because"
            )
        {
            // e.g. "talks in Osaka, Abe agreed": keep only if a comma separates
            return (Vec::new(), None);
        }
        (out, Some(s))
    }

    /// Whether the verb at `i` is passive ("was released", "is being pressured").
    fn passive(&self, v: &View, i: usize) -> bool {
        if v.class[i] == Class::Noun && v.tagged {
            return false;
        }
        let w = &v.lower[i];
        let participle = w.ends_with("ed")
            || w.ends_with("en")
            || self.morph.word_matches(w, None, "")
            || irregular_participle(w);
        if !participle {
            return false;
        }
        let mut j = i;
        let mut steps = 0;
        while j > 0 && steps < 4 {
            j -= 1;
            steps += 1;
            let l = v.lower[j].as_str();
            if BE.contains(&l) {
                return true;
            }
            if !(matches!(v.class[j], Class::Adv | Class::Part | Class::Aux) || NEG.contains(&l)) {
                break;
            }
        }
        false
    }

    /// Target of a trigger by the pattern's slots.
    fn target(
        &self,
        v: &View,
        t: &Trigger,
        p: &Pattern,
        passive: bool,
    ) -> (Vec<usize>, Option<String>) {
        let lim = clause_end(v, t.end);
        for slot in &p.target {
            match slot {
                Slot::None => return (Vec::new(), None),
                Slot::Obj | Slot::Iobj => {
                    if passive {
                        continue;
                    }
                    if t.noun {
                        // "criticism of X", "release of X"
                        if t.end + 1 < v.len() && v.lower[t.end + 1] == "of" {
                            let (ms, _) = self.np_right(v, t.end + 2);
                            if !ms.is_empty() {
                                return (ms, Some("of".into()));
                            }
                        }
                        continue;
                    }
                    let mut j = t.end + 1;
                    while j < lim
                        && ((matches!(v.class[j], Class::Adv | Class::Part) && v.lower[j] != "to")
                            || QUANT.contains(&v.lower[j].as_str())
                            // "met his Iraqi counterpart": the possessive is no actor of
                            // its own there
                            || (j == t.end + 1
                                && matches!(v.lower[j].as_str(), "his" | "her" | "its" | "their")
                                && j + 1 < lim
                                && v.actor[j + 1].is_some())
                            || (v.lower[j] == "to" && v.lower[j - 1] == "up")
                            // "rejected proposed Israeli changes"
                            || (j == t.end + 1
                                && j + 1 < lim
                                && v.class[j] == Class::Verb
                                && v.lower[j].ends_with("ed")
                                && matches!(v.class[j + 1], Class::Adj | Class::Noun | Class::Propn)
                                && (j + 1..(j + 3).min(lim)).any(|x| v.actor[x].is_some())))
                    {
                        j += 1;
                    }
                    if j < lim && v.nominal(j) && v.class[j] != Class::Adp {
                        let (ms, after) = self.np_right(v, j);
                        // "hailed the investments by Japanese automakers": an act that is
                        // no actor, with its agent — the agent is the target
                        if after + 1 < lim
                            && v.lower[after] == "by"
                            && after > 0
                            && v.actor[after - 1].is_none()
                            && v.class[after - 1] == Class::Noun
                        {
                            let (agent, _) = self.np_right(v, after + 1);
                            if !agent.is_empty() {
                                return (agent, Some("obj-by".into()));
                            }
                        }
                        if !ms.is_empty() {
                            return (ms, Some("obj".into()));
                        }
                    }
                }
                Slot::Prep(prep) => {
                    let mut j = t.end + 1;
                    while j < lim {
                        if v.lower[j] == *prep
                            && (v.class[j] == Class::Adp
                                || v.class[j] == Class::Part
                                || v.class[j] == Class::Sconj
                                || !v.tagged)
                        {
                            let (ms, _) = self.np_right(v, j + 1);
                            if !ms.is_empty() {
                                return (ms, Some(prep.clone()));
                            }
                        }
                        if v.tagged && v.class[j] == Class::Verb && j > t.end + 1 {
                            break;
                        }
                        // an event noun's target is within its own phrase
                        if t.noun && v.lower[j] == "," {
                            break;
                        }
                        j += 1;
                    }
                }
            }
        }
        if matches!(&p.code[..2], "13" | "14") {
            if let Some(ms) = self.purpose_target(v, t, lim) {
                return (ms, Some("purpose".into()));
            }
        }
        (Vec::new(), None)
    }

    /// The target of a threat or a protest named in its infinitive: "threatened to cut off
    /// power *to X*", "began a hunger strike to protest *X's* decision", "rallied to
    /// demand the resignation *of X*": the object of the infinitive, else an actor after
    /// "to", "against", "on" or "in" in that clause.
    fn purpose_target(&self, v: &View, t: &Trigger, lim: usize) -> Option<Vec<usize>> {
        let j = (t.end + 1..lim.saturating_sub(1))
            .find(|&j| v.lower[j] == "to" && v.class[j + 1] == Class::Verb)?;
        let mut k = j + 2;
        while k < lim
            && (matches!(v.class[k], Class::Adv | Class::Part)
                || matches!(v.lower[k].as_str(), "against" | "off" | "out"))
        {
            k += 1;
        }
        if k < lim && v.nominal(k) && v.class[k] != Class::Adp {
            let (ms, after) = self.np_right(v, k);
            if !ms.is_empty() {
                return Some(ms);
            }
            k = after;
        }
        for m in k..lim {
            if v.class[m] == Class::Verb {
                break;
            }
            if matches!(v.lower[m].as_str(), "to" | "against" | "on" | "in")
                && v.class[m] == Class::Adp
            {
                let (ms, _) = self.np_right(v, m + 1);
                if !ms.is_empty() {
                    return Some(ms);
                }
            }
        }
        None
    }

    /// Source of a nominal trigger: "by X", an actor modifier ("Israeli shelling",
    /// "Japan's visit"), else the subject of the verb governing its phrase.
    fn noun_source(&self, v: &View, t: &Trigger) -> Vec<usize> {
        if let Some((j, via_verb)) = self.noun_agent_by(v, t) {
            let (ms, _) = self.np_right(v, j + 1);
            // "the attack ... was carried out by rebels": the agent is those words, not
            // whoever governs the clause
            if !ms.is_empty() || via_verb {
                return ms;
            }
        }
        // modifiers inside its own phrase
        let mut s = t.at;
        while s > 0 && v.nominal(s - 1) && v.class[s - 1] != Class::Punct {
            s -= 1;
        }
        let mods: Vec<usize> =
            (s..t.at)
                .filter_map(|k| v.actor[k])
                .fold(Vec::new(), |mut acc, m| {
                    if !acc.contains(&m) {
                        acc.push(m);
                    }
                    acc
                });
        // "Trump revived his criticism": a possessive pronoun gives way to the subject of
        // the verb whose object the noun is (whoever "his" was linked to)
        let pronoun_only = !mods.is_empty()
            && (s..t.at).all(|k| v.actor[k].is_none() || v.class[k] == Class::Pron);
        if pronoun_only {
            let subj = self.governing_subject(v, s);
            if !subj.is_empty() {
                return subj;
            }
        }
        if !mods.is_empty() {
            return mods;
        }
        self.governing_subject(v, s)
    }

    /// The "by" of an event noun's agent: right after its phrase ("an attack by X"), or
    /// after a passive light verb whose subject the noun is ("the raid was carried out by
    /// X"; not "the attack was condemned by X"). With whether a verb came between.
    fn noun_agent_by(&self, v: &View, t: &Trigger) -> Option<(usize, bool)> {
        let lim = clause_end(v, t.end);
        let mut via_verb = false;
        for j in t.end + 1..lim {
            if v.lower[j] == "by" {
                return Some((j, via_verb));
            }
            if CARRY.contains(&v.lower[j].as_str()) && self.passive(v, j) {
                via_verb = true;
            } else if v.class[j] == Class::Verb && v.tagged {
                return None;
            }
        }
        None
    }

    /// The subject of the verb governing the noun phrase that starts at `s`: walk left
    /// over prepositions to the verb ("Abe *held* talks with Trump").
    fn governing_subject(&self, v: &View, s: usize) -> Vec<usize> {
        // "imposed sanctions over the crackdown on protesters", "marched against the
        // war": an event named as the cause or the object of protest is someone else's
        if s > 0
            && matches!(
                v.lower[s - 1].as_str(),
                "over" | "against" | "amid" | "despite" | "following" | "after" | "about"
            )
        {
            return Vec::new();
        }
        let mut j = s;
        let mut steps = 0;
        while j > 0 && steps < 8 {
            j -= 1;
            steps += 1;
            if v.boundary(j) || v.lower[j] == "," {
                break;
            }
            if matches!(v.class[j], Class::Verb)
                || (!v.tagged && v.class[j] == Class::Noun && j > 0 && looks_verb(&v.lower[j]))
            {
                if self.passive(v, j) {
                    return Vec::new();
                }
                // "Norway condemned the attack": who reacts to an event (a statement,
                // appeal, praise, criticism, rejection, threat) did not carry it out
                let reaction = [Some(v.lower[j].as_str()), v.lemma[j].as_deref()]
                    .into_iter()
                    .flatten()
                    .filter_map(|k| self.verb_index.get(k))
                    .flatten()
                    .any(|&(pi, ei)| {
                        let p = &self.patterns.patterns[pi];
                        p.verbs[ei].len() == 1
                            && p.object.is_empty()
                            && matches!(
                                &p.code[..2],
                                "01" | "02" | "05" | "09" | "10" | "11" | "12" | "13"
                            )
                    });
                if reaction {
                    return Vec::new();
                }
                let (ms, _) = self.subject_left(v, j);
                return ms;
            }
        }
        Vec::new()
    }

    /// A governing verb before the trigger: "X agreed to V", "X urged Y to V",
    /// "X said (that) Y V-ed". Returns (transform, governor token, appeal object actors).
    fn governor(&self, v: &View, t: &Trigger) -> Option<(&Transform, usize, Vec<usize>)> {
        if t.noun {
            // "agreed to a ceasefire", "offered talks", "refused any negotiations"
            let mut s = t.at;
            while s > 0 && v.nominal(s - 1) && v.class[s - 1] != Class::Punct {
                s -= 1;
            }
            let gv = if s > 0 && v.class[s - 1] == Class::Verb {
                s - 1
            } else if s > 1
                && matches!(v.lower[s - 1].as_str(), "to" | "on" | "for")
                && v.class[s - 2] == Class::Verb
            {
                s - 2
            } else {
                return self.report_governor(v, s);
            };
            if let Some(tr) = self.matching_transforms(v, gv).into_iter().find(|tr| {
                matches!(
                    tr.kind,
                    TransformKind::Intent | TransformKind::Threaten | TransformKind::Refuse
                )
            }) {
                return Some((tr, gv, Vec::new()));
            }
            // "agreed to resume peace talks", "threatened to launch an offensive": a light
            // verb in an infinitive passes its noun to the verb governing it
            let light = [v.lower[gv].as_str()]
                .into_iter()
                .chain(v.lemma[gv].as_deref())
                .any(|w| LIGHT_VERBS.contains(&w));
            if light && gv > 1 && v.lower[gv - 1] == "to" && v.class[gv - 2] == Class::Verb {
                if let Some(tr) = self.matching_transforms(v, gv - 2).into_iter().find(|tr| {
                    matches!(
                        tr.kind,
                        TransformKind::Intent | TransformKind::Threaten | TransformKind::Refuse
                    )
                }) {
                    return Some((tr, gv - 2, Vec::new()));
                }
            }
            return self.report_governor(v, s);
        }
        let mut j = t.at;
        // step over the verb group of the trigger
        while j > 0
            && (matches!(v.class[j - 1], Class::Aux | Class::Adv)
                || NEG.contains(&v.lower[j - 1].as_str()))
        {
            j -= 1;
        }
        if j > 0 && v.lower[j - 1] == "to" {
            // infinitive: "agreed to bolster", "asked Obama to help"
            let k = j - 1;
            let mut g = k;
            let mut obj = Vec::new();
            if g > 0 && v.actor[g - 1].is_some() {
                // an addressee between governor and "to"
                let mut s = g - 1;
                while s > 0 && v.nominal(s - 1) && v.class[s - 1] != Class::Punct {
                    s -= 1;
                }
                let (ms, _) = self.np_right(v, s);
                obj = ms;
                g = s;
            }
            let mut gi = g;
            while gi > 0 && matches!(v.class[gi - 1], Class::Adv) {
                gi -= 1;
            }
            if gi > 0 {
                let gv = gi - 1;
                // "X said Y must be ready to V": no intent of Y's, a demand by X
                if obligation(v, gv) {
                    return self.report_governor(v, gv);
                }
                // "is scheduled to", "came close to"
                for tr in self.matching_transforms(v, gv) {
                    let kind = tr.kind;
                    let ok = match kind {
                        TransformKind::Intent | TransformKind::Threaten | TransformKind::Refuse => {
                            obj.is_empty()
                        }
                        TransformKind::Appeal | TransformKind::Demand => !obj.is_empty(),
                        TransformKind::Report => false,
                    };
                    if ok {
                        return Some((tr, gv, obj));
                    }
                }
                // passive appeal: "Obama is being pressured by Congress to help Iran" is coded by
                // its own pattern; "X is asked by Y to V" likewise.
            }
            return None;
        }
        // "X said (that) Y V-ed" / "X announced it would V": look left for a governor
        // within the sentence before the subject of the trigger
        let (_, subj_start) = self.subject_left(v, t.at);
        let mut k = match subj_start {
            Some(s) => s,
            None => {
                // pronoun subject ("it would free")
                let mut x = j;
                if x > 0 && v.class[x - 1] == Class::Pron {
                    x -= 1;
                }
                x
            }
        };
        if k > 0 && v.lower[k - 1] == "that" {
            k -= 1;
        }
        if k == 0 {
            return None;
        }
        let mut gv = k - 1;
        // "said on Friday that", "said here Wednesday that", "said on Tuesday it had":
        // over a short time phrase
        if (v.lower[k] == "that" || v.class[k] == Class::Pron)
            && self.matching_transforms(v, gv).is_empty()
        {
            let mut x = gv;
            while x > 0
                && gv - x < 4
                && matches!(
                    v.class[x],
                    Class::Adp | Class::Propn | Class::Noun | Class::Adv | Class::Det | Class::Num
                )
                && v.actor[x].is_none()
            {
                x -= 1;
            }
            if x < gv && !self.matching_transforms(v, x).is_empty() {
                gv = x;
            }
        }
        let modal_future =
            (j..t.at).any(|x| matches!(v.lower[x].as_str(), "will" | "would" | "'ll"));
        // "Israel announced it would free ...": the intent is the speaker's own only when
        // the complement's subject is a pronoun standing for the speaker
        let pron_subject = v.class.get(k).is_some_and(|c| *c == Class::Pron)
            || (k + 1 < v.len() && v.lower[k] == "that" && v.class[k + 1] == Class::Pron);
        for tr in self.matching_transforms(v, gv) {
            match tr.kind {
                TransformKind::Report => return Some((tr, gv, Vec::new())),
                TransformKind::Intent | TransformKind::Threaten if modal_future && pron_subject => {
                    return Some((tr, gv, Vec::new()))
                }
                TransformKind::Demand => return Some((tr, gv, Vec::new())),
                _ => {}
            }
        }
        None
    }

    /// A speech verb governing the clause that holds token `s` ("the observatory said
    /// eight people were killed in an air strike by government forces").
    fn report_governor(&self, v: &View, s: usize) -> Option<(&Transform, usize, Vec<usize>)> {
        let mut j = s;
        while j > 0 && s - j < 14 {
            j -= 1;
            if v.lower[j] == "," || (v.boundary(j) && v.lower[j] != "that") {
                return None;
            }
            if v.class[j] == Class::Verb {
                if let Some(tr) = self
                    .matching_transforms(v, j)
                    .into_iter()
                    .find(|t| t.kind == TransformKind::Report)
                {
                    return Some((tr, j, Vec::new()));
                }
            }
        }
        None
    }

    fn matching_transforms(&self, v: &View, i: usize) -> Vec<&Transform> {
        let mut out = Vec::new();
        if !self.is_gov_form(v, i) {
            return out;
        }
        let keys = [Some(v.lower[i].as_str()), v.lemma[i].as_deref()];
        for key in keys.into_iter().flatten() {
            if let Some(c) = self.gov_index.get(key) {
                for &(ti, ei) in c {
                    let t = &self.patterns.transforms[ti];
                    let words = &t.governors[ei];
                    if words.len() == 1 && !out.iter().any(|x: &&Transform| std::ptr::eq(*x, t)) {
                        out.push(t);
                    }
                }
            }
        }
        out
    }

    fn negated(&self, v: &View, t: &Trigger, from: usize) -> bool {
        if t.noun {
            // "no such discussions", "there were no talks"
            let mut s = t.at;
            while s > 0
                && (v.nominal(s - 1) || v.lower[s - 1] == "no")
                && v.class[s - 1] != Class::Punct
            {
                s -= 1;
                if v.lower[s] == "no" || v.lower[s] == "without" {
                    return true;
                }
            }
            return s > 0 && v.lower[s - 1] == "without";
        }
        (from..t.at).any(|k| NEG.contains(&v.lower[k].as_str()))
            || (t.at + 1 < v.len() && v.lower[t.at + 1] == "not")
    }

    fn modality(&self, v: &View, t: &Trigger, gov: Option<(&Transform, usize)>) -> Modality {
        let before = &v.lower[..t.at];
        let hypo_marker = before.iter().any(|w| HYPO.contains(&w.as_str()));
        let close = t.at >= 3 && {
            let w = &v.lower[t.at.saturating_sub(7)..t.at];
            (w.iter().any(|x| x == "close")
                && w.iter().any(|x| x == "came" || x == "come" || x == "comes"))
                || w.iter().any(|x| x == "nearly" || x == "almost")
        };
        // "hoped French officials would be indicted": a wished-for act of others
        let wished = t.at >= 2
            && (t.at.saturating_sub(8)..t.at).any(|k| {
                matches!(
                    v.lower[k].as_str(),
                    "hope" | "hoped" | "hopes" | "hoping" | "wish" | "wished" | "wishes"
                ) && (k + 1..t.at).any(|x| matches!(v.lower[x].as_str(), "would" | "will"))
                    && gov.is_none_or(|(tr, g)| g != k || tr.kind != TransformKind::Intent)
            });
        // "in the event of an attack", "in case X attacks", "the pact requires X to ...":
        // a condition or an obligation, not an act
        // (the words before the trigger in its sentence: the tagger may make "in" of
        // "in case" a subordinator that ends a clause)
        let conditional = before.windows(3).any(|w| w == ["in", "the", "event"])
            || before.windows(2).any(|w| w == ["in", "case"])
            || before.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "require" | "requires" | "oblige" | "obliges" | "obligate" | "obligates"
                )
            });
        if hypo_marker || close || wished || conditional {
            return Modality::Hypothetical;
        }
        if let Some((tr, _)) = gov {
            return match tr.kind {
                TransformKind::Intent | TransformKind::Appeal | TransformKind::Demand => {
                    Modality::Intended
                }
                TransformKind::Report => Modality::Reported,
                TransformKind::Threaten | TransformKind::Refuse => Modality::Actual,
            };
        }
        let after = &v.lower[t.end + 1..];
        if v.lower.iter().any(|w| w == "according")
            || after
                .windows(2)
                .any(|w| w[0] == "," && SPEECH_AFTER.contains(&w[1].as_str()))
            || after
                .iter()
                .rev()
                .take(4)
                .any(|w| SPEECH_AFTER.contains(&w.as_str()))
        {
            return Modality::Reported;
        }
        Modality::Actual
    }

    fn event_date(&self, doc: &Doc, v: &View, t: &Trigger) -> EventDate {
        let (cs, ce) = (clause_start(v, t.at), clause_end(v, t.end));
        let span_of = |a: usize, b: usize| Span::new(v.span[a].start(), v.span[b.max(a)].end());
        let clause = span_of(cs, ce.saturating_sub(1).max(cs));
        let mut best: Option<(usize, DateBasis)> = None;
        for (xi, x) in doc.timexes.iter().enumerate() {
            if x.sentence != v.sentence
                || x.value.is_none()
                || !matches!(x.timex_type, TimexType::Date | TimexType::Time)
            {
                continue;
            }
            // "talks over a deal reached in 2015", "the treaty, which was signed in 1960":
            // a date of a participle or relative clause modifying a noun dates that
            // clause, not the event
            if let Some(g) = x
                .governor
                .and_then(|g| g.checked_sub(v.first))
                .filter(|&g| g < v.len() && g != t.at && !(t.at..=t.end).contains(&g))
            {
                if noun_modifier_verb(v, g) {
                    continue;
                }
            }
            let basis = if clause.contains(x.span) || x.governor == Some(v.first + t.at) {
                DateBasis::Clause
            } else {
                DateBasis::Sentence
            };
            if best.is_none()
                || (basis == DateBasis::Clause && best.is_some_and(|(_, b)| b != DateBasis::Clause))
            {
                best = Some((xi, basis));
            }
        }
        if let Some((xi, basis)) = best {
            return EventDate {
                value: doc.timexes[xi].value.clone(),
                basis,
                timex: Some(xi),
            };
        }
        match &doc.reference_date {
            Some(f) => EventDate {
                value: Some(f.value.clone()),
                basis: DateBasis::ReferenceDate,
                timex: None,
            },
            None => EventDate {
                value: None,
                basis: DateBasis::Unknown,
                timex: None,
            },
        }
    }

    fn location(
        &self,
        doc: &Doc,
        v: &View,
        t: &Trigger,
        actors: &[usize],
    ) -> Option<EventLocation> {
        let (cs, ce) = (clause_start(v, t.at), clause_end(v, t.end));
        let mut pick = None;
        for j in cs..ce {
            if matches!(v.lower[j].as_str(), "in" | "at" | "near" | "outside") {
                let mut k = j + 1;
                while k < ce
                    && matches!(v.class[k], Class::Det | Class::Adj)
                    && v.place[k].is_none()
                {
                    k += 1;
                }
                if let Some(m) = (k..(k + 6).min(ce)).find_map(|x| v.place[x]) {
                    if !actors.contains(&m) {
                        pick = Some(m);
                        break;
                    }
                }
            }
        }
        // a dateline place at the start of the first sentence ("GAZA CITY, Palestinian Territories:")
        if pick.is_none() {
            pick = dateline_place(doc);
        }
        let m = pick?;
        let men = &doc.mentions[m];
        let ent = men.entity.and_then(|e| doc.entities.get(e));
        Some(EventLocation {
            name: ent
                .map(|e| e.name.clone())
                .unwrap_or_else(|| men.span.get(doc.text()).unwrap_or("").to_string()),
            country: ent
                .and_then(|e| e.country.clone())
                .or_else(|| self.subdivision_of(doc, m).map(String::from)),
            lat: None,
            lon: None,
            span: Some(men.span),
        })
    }

    /// For a meeting or visit pattern whose target is a place ("visit to", "arrive in"), the country that
    /// "there" right after the trigger stands for: the last country or government named
    /// before it in the same or the previous sentence.
    fn there_place(&self, doc: &Doc, v: &View, t: &Trigger, p: &Pattern) -> Option<usize> {
        // (meetings and visits only: "the fighting there" is no target)
        let locative = p.code.starts_with("04")
            && p.target
                .iter()
                .any(|s| matches!(s, Slot::Prep(x) if matches!(x.as_str(), "to" | "in" | "at")));
        if !locative {
            return None;
        }
        let j = (t.end + 1..(t.end + 3).min(v.len())).find(|&j| v.lower[j] == "there")?;
        let before = v.span[j].start();
        let from = doc.sentences[v.sentence.saturating_sub(1)].span.start();
        (0..doc.mentions.len()).rev().find(|&mi| {
            let m = &doc.mentions[mi];
            m.span.start() >= from
                && m.span.end() <= before
                && m.kind == MentionKind::Name
                && m.entity_type == EntityType::Gpe
                && m.entity
                    .and_then(|e| doc.entities.get(e))
                    .is_some_and(|e| e.actor.is_some() || e.country.is_some())
        })
    }

    /// "The two leaders", "both countries" as the subject of the trigger's clause: the
    /// last two people (countries) of different countries named before it in the article,
    /// when there are two.
    fn named_pair(&self, doc: &Doc, v: &View, at: usize) -> Option<Vec<usize>> {
        let cs = clause_start(v, at);
        let j = (cs..at.saturating_sub(1)).find(|&j| {
            matches!(v.lower[j].as_str(), "two" | "both")
                && PAIR_NOUNS.contains(&v.lower[j + 1].as_str())
        })?;
        if (j..at).any(|x| v.actor[x].is_some()) {
            return None;
        }
        let people = matches!(
            v.lower[j + 1].as_str(),
            "leaders" | "presidents" | "premiers" | "ministers"
        );
        let before = v.span[j].start();
        // (entity, country, mentions so far, the latest mention) per entity
        let mut tally: Vec<(usize, String, usize, usize)> = Vec::new();
        for mi in 0..doc.mentions.len() {
            let m = &doc.mentions[mi];
            if m.span.end() > before || m.kind != MentionKind::Name {
                continue;
            }
            let ok = if people {
                m.entity_type == EntityType::Person
            } else {
                m.entity_type == EntityType::Gpe
            };
            let a = self.side(doc, Some(mi));
            let Some(code) = a.code.filter(|c| ok && c.len() >= 3 && !c.starts_with('-')) else {
                continue;
            };
            if !people && code.len() != 3 {
                continue;
            }
            let Some(e) = m.entity else {
                continue;
            };
            match tally.iter_mut().find(|x| x.0 == e) {
                Some(x) => {
                    x.2 += 1;
                    x.3 = mi;
                }
                None => tally.push((e, code[..3].to_string(), 1, mi)),
            }
        }
        // the most named first; ties go to the latest named; the second of another country
        tally.sort_by(|a, b| b.2.cmp(&a.2).then(b.3.cmp(&a.3)));
        let first = tally.first()?;
        let second = tally.iter().find(|x| x.1 != first.1)?;
        let mut out = vec![first.3, second.3];
        out.sort_unstable();
        Some(out)
    }

    /// The two countries most named in the document before byte `before` (country-level
    /// actors: "Japan", "Japanese", "U.S."), each as its latest mention, in text order: the
    /// parties of "bilateral talks" that name neither.
    fn context_pair(&self, doc: &Doc, before: usize) -> Option<Vec<usize>> {
        // (country, named mentions so far, the latest mention, the latest country-level
        // one); people and organizations count for their country
        let mut tally: Vec<(String, usize, usize, Option<usize>)> = Vec::new();
        for (mi, m) in doc.mentions.iter().enumerate() {
            if m.span.end() > before || m.kind != MentionKind::Name {
                continue;
            }
            let Some(ent) = m.entity.and_then(|e| doc.entities.get(e)) else {
                continue;
            };
            let Some(c) = ent.country.as_ref() else {
                continue;
            };
            let level = ent.actor.as_ref().is_some_and(|a| a.code == *c);
            match tally.iter_mut().find(|x| x.0 == *c) {
                Some(x) => {
                    x.1 += 1;
                    x.2 = mi;
                    if level {
                        x.3 = Some(mi);
                    }
                }
                None => tally.push((c.clone(), 1, mi, level.then_some(mi))),
            }
        }
        tally.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
        if tally.len() < 2 {
            return None;
        }
        let pick = |x: &(String, usize, usize, Option<usize>)| x.3.unwrap_or(x.2);
        let mut out = vec![pick(&tally[0]), pick(&tally[1])];
        out.sort_unstable();
        Some(out)
    }

    /// The actors of a "between X and Y" / "among X and Y" phrase after the trigger, in
    /// its clause, other than the source ("to ease the confrontation between the United
    /// States and Iran").
    fn between_parties(&self, v: &View, t: &Trigger, src: &[usize]) -> Option<Vec<usize>> {
        for j in t.end + 1..v.len() {
            if v.lower[j] == "," || v.boundary(j) {
                return None;
            }
            if matches!(v.lower[j].as_str(), "between" | "among") {
                let (ms, _) = self.np_right(v, j + 1);
                let ms: Vec<usize> = ms.into_iter().filter(|m| !src.contains(m)).collect();
                if ms.len() >= 2 {
                    return Some(ms);
                }
            }
        }
        None
    }

    /// Whether mention `m` names the organization whose meeting the event noun is ("the
    /// Group of 20 summit", "an ASEAN meeting"): an intergovernmental organization inside
    /// the noun's own phrase, not its possessor.
    fn forum_name(&self, doc: &Doc, v: &View, t: &Trigger, m: usize) -> bool {
        let s0 = phrase_start(v, t.at);
        let inside = (s0..t.at).any(|k| v.actor[k] == Some(m))
            && !(s0..t.at).any(|k| v.actor[k] == Some(m) && v.lower[k + 1] == "'s");
        inside
            && self
                .side(doc, Some(m))
                .code
                .is_some_and(|c| c.starts_with("IGO"))
    }

    /// Whether the event noun is the object of a verb that says it does not take place
    /// ("has renounced war", "to avert an invasion", "prevent attacks").
    fn counterfactive_object(&self, v: &View, t: &Trigger) -> bool {
        let s0 = phrase_start(v, t.at);
        let mut k = s0;
        while k > 0 && matches!(v.class[k - 1], Class::Adv | Class::Part) {
            k -= 1;
        }
        if k == 0 {
            return false;
        }
        let (w, l) = (v.lower[k - 1].as_str(), v.lemma[k - 1].as_deref());
        COUNTERFACTIVE
            .iter()
            .any(|c| self.morph.word_matches(w, l, c))
    }

    /// The earlier event a definite event noun with no actors refers back to ("the attack",
    /// "the trade talks"): the latest with the same pattern and head word anywhere before,
    /// or with the same pattern and CAMEO root in the two sentences before ("if we are
    /// attacked ... the attack"); all the events coded from
    /// that statement (one per actor pair). Only events with at least one actor, or
    /// hypothetical ones (whose modality carries over), count.
    fn antecedent<'h>(
        &self,
        v: &View,
        t: &Trigger,
        p: &Pattern,
        code: &str,
        history: &'h [Antecedent],
    ) -> Vec<&'h Event> {
        let s0 = phrase_start(v, t.at);
        if !matches!(
            v.lower[s0].as_str(),
            "the" | "this" | "that" | "these" | "those"
        ) {
            return Vec::new();
        }
        let head = v.lower[t.at].as_str();
        let found = history.iter().rev().find(|a| {
            let e = &a.event;
            let same_words = a.head.0 == p.id && a.head.1 == head;
            let near = v.sentence.saturating_sub(e.sentence) <= 2
                && a.head.0 == p.id
                && e.cameo.get(..2) == code.get(..2);
            (same_words || near)
                && e.polarity == Polarity::Asserted
                && (!e.source.unknown || !e.target.unknown || e.modality == Modality::Hypothetical)
        });
        let Some(f) = found else {
            return Vec::new();
        };
        history
            .iter()
            .filter(|a| {
                a.head == f.head
                    && a.event.sentence == f.event.sentence
                    && a.event.evidence == f.event.evidence
                    && a.event.cameo == f.event.cameo
            })
            .map(|a| &a.event)
            .collect()
    }

    /// The other party of an agreement named as the target with no actor ("criticized the
    /// security treaty", "his discontent with the alliance"): a country named just before
    /// the same agreement word in this or another sentence of the article ("the
    /// Japan-U.S. security treaty"), where the source's country is the other party.
    fn agreement_party(&self, doc: &Doc, v: &View, t: &Trigger, src: &[usize]) -> Option<usize> {
        let own = self.country(doc, *src.first()?);
        let lim = clause_end(v, t.end).min(t.end + 12);
        let h = (t.end + 1..lim)
            .take_while(|&j| v.lower[j] != "," && !v.boundary(j))
            .find(|&j| {
                AGREEMENT.contains(&v.lower[j].as_str())
                    && !(j + 1 < v.len() && matches!(v.class[j + 1], Class::Noun | Class::Propn))
            })?;
        let word = v.lower[h].as_str();
        let text = doc.text();
        // sentences nearest to this one first
        let mut order: Vec<usize> = (0..doc.sentences.len()).collect();
        order.sort_by_key(|&s2| s2.abs_diff(v.sentence));
        for s2 in order {
            let sent = &doc.sentences[s2];
            let toks = sent.first_token..sent.first_token + sent.token_count;
            for k in toks.clone() {
                let same = doc.tokens[k]
                    .span
                    .get(text)
                    .is_some_and(|w| w.eq_ignore_ascii_case(word));
                if !same {
                    continue;
                }
                let from = doc.tokens[k.saturating_sub(5).max(toks.start)].span.start();
                let to = doc.tokens[k].span.start();
                let parties: Vec<(usize, String)> = (0..doc.mentions.len())
                    .filter(|&mi| {
                        let m = &doc.mentions[mi];
                        m.span.start() >= from
                            && m.span.end() <= to
                            && matches!(m.entity_type, EntityType::Gpe | EntityType::Norp)
                    })
                    .map(|mi| (mi, self.country(doc, mi)))
                    .filter(|(_, c)| !c.starts_with('#'))
                    .collect();
                if parties.iter().any(|(_, c)| *c == own) {
                    if let Some((mi, _)) = parties.iter().find(|(_, c)| *c != own) {
                        return Some(*mi);
                    }
                }
            }
        }
        None
    }

    /// The country of a place mention that names a first-level subdivision ("South
    /// Carolina") the entity layer gave no country.
    fn subdivision_of(&self, doc: &Doc, m: usize) -> Option<&str> {
        let men = &doc.mentions[m];
        if !matches!(men.entity_type, EntityType::Gpe | EntityType::Loc) {
            return None;
        }
        self.agents.subdivision(men.span.get(doc.text())?)
    }

    fn side(&self, doc: &Doc, m: Option<usize>) -> EventActor {
        match m {
            None => EventActor {
                entity: None,
                code: None,
                span: None,
                unknown: true,
            },
            Some(mi) => {
                let men = &doc.mentions[mi];
                let ent = men.entity.and_then(|e| doc.entities.get(e));
                let code = ent
                    .and_then(|e| {
                        e.actor
                            .as_ref()
                            .map(|a| a.code.clone())
                            .or_else(|| e.country.clone())
                    })
                    .or_else(|| self.subdivision_of(doc, mi).map(String::from));
                EventActor {
                    entity: men.entity,
                    unknown: code.is_none() && ent.is_none(),
                    code,
                    span: Some(men.span),
                }
            }
        }
    }

    /// Completes an actor from the noun phrase around it: a country mention followed by a
    /// group or role noun ("a Tunisian court", "US and British activists", "Iraq's
    /// security forces") takes that noun's sector; an argument with no entity whose head is
    /// such a noun ("civilians") becomes `---` + sector, the Phoenix code for an actor
    /// whose country is unknown.
    fn add_sector(&self, doc: &Doc, v: &View, m: Option<usize>, actor: &mut EventActor) {
        self.add_sector_words(doc, v, m, actor);
        self.national_body(doc, v, m, actor);
        self.add_group(doc, v, m, actor);
    }

    /// A national body named after another country's ("Supreme Court" is USAJUD by
    /// default) takes the country named right before it: "the Ivory Coast's Supreme Court"
    /// CIVJUD, "the Kenyan Parliament" KENLEG; so does a body of unknown country ("the
    /// Nigerian Union of Teachers" NGAEDU).
    fn national_body(&self, doc: &Doc, v: &View, m: Option<usize>, actor: &mut EventActor) {
        let Some(mi) = m else { return };
        if doc.mentions[mi].entity_type != EntityType::Org {
            return;
        }
        let Some(code) = actor.code.clone().filter(|c| c.len() == 6) else {
            return;
        };
        let Some(first) = (0..v.len()).find(|&j| v.actor[j] == Some(mi)) else {
            return;
        };
        let mut k = first;
        if k > 0 && v.lower[k - 1] == "'s" {
            k -= 1;
        }
        let Some(o) = k.checked_sub(1).and_then(|p| v.actor[p]) else {
            return;
        };
        if o == mi
            || !matches!(
                doc.mentions[o].entity_type,
                EntityType::Gpe | EntityType::Norp
            )
        {
            return;
        }
        let Some(c) = self.side(doc, Some(o)).code.filter(|c| c.len() == 3) else {
            return;
        };
        let own = &code[..3];
        let national = doc
            .mentions
            .get(mi)
            .and_then(|x| x.entity)
            .and_then(|e| doc.entities.get(e))
            .and_then(|e| e.country.as_deref())
            == Some(own);
        // a body of no known country takes the one named right before it too ("the
        // Nigerian Union of Teachers" NGAEDU)
        if own == "---" || (national && own != c && !own.starts_with('-')) {
            actor.code = Some(format!("{c}{}", &code[3..]));
        }
    }

    /// Completes an actor with the ethnic or religious group its phrase names ("Shiite
    /// militias" ---SHIUAF, "Iraqi Kurds" IRQKUR, "Kurdish fighters" ---KURUAF): the group
    /// code goes after the country (`---` when none is named) and before the sector. Group
    /// words inside another name ("the Muslim Brotherhood") and organizations with codes of
    /// their own (IGO, NGO, IMG, MNC) are left alone.
    fn add_group(&self, doc: &Doc, v: &View, m: Option<usize>, actor: &mut EventActor) {
        let toks: Vec<usize> = match m {
            Some(mi) => {
                let Some(last) = (0..v.len()).rev().find(|&j| v.actor[j] == Some(mi)) else {
                    return;
                };
                let first = (0..=last).find(|&j| v.actor[j] == Some(mi)).unwrap_or(last);
                let word = |k: usize| {
                    matches!(v.class[k], Class::Adj | Class::Propn | Class::Noun)
                        || v.lower[k] == "-"
                };
                let mut a = first;
                while a > 0 && first - a < 4 && word(a - 1) {
                    a -= 1;
                }
                let mut b = last + 1;
                while b < v.len() && b - last < 5 && word(b) {
                    b += 1;
                }
                (a..b).collect()
            }
            None => {
                let Some(sp) = actor.span else { return };
                (0..v.len()).filter(|&j| sp.contains(v.span[j])).collect()
            }
        };
        let coded_name = |k: usize| {
            v.actor[k].is_some_and(|o| {
                Some(o) != m
                    && self
                        .side(doc, Some(o))
                        .code
                        .is_some_and(|c| self.agents.group(&v.lower[k]) != Some(c.as_str()))
            })
        };
        let mut groups = String::new();
        for &k in &toks {
            if coded_name(k) {
                continue;
            }
            if let Some(g) = self.agents.group(&v.lower[k]) {
                if !groups.contains(g) {
                    groups.push_str(g);
                }
            }
        }
        if groups.is_empty() {
            return;
        }
        let code = actor.code.clone().unwrap_or_else(|| "---".into());
        if code.len() < 3
            || ["IGO", "NGO", "IMG", "MNC"]
                .iter()
                .any(|p| code.starts_with(p))
        {
            return;
        }
        let (mut country, rest) = code.split_at(3);
        // "Iraqi Kurds" tagged as one group name: the country adjective inside it
        if country == "---" {
            if let Some(c) = toks.iter().find_map(|&k| self.agents.country(&v.lower[k])) {
                country = c;
            }
        }
        // the sector list may know a group word as a sector ("christian" CHR)
        let chunks: Vec<&str> = (0..groups.len())
            .step_by(3)
            .map(|i| &groups[i..i + 3])
            .collect();
        let rest: String = (0..rest.len())
            .step_by(3)
            .map(|i| &rest[i..(i + 3).min(rest.len())])
            .filter(|c| !chunks.contains(c))
            .collect();
        actor.code = Some(format!("{country}{groups}{rest}"));
        if country != "---" {
            actor.unknown = false;
        }
    }

    fn add_sector_words(&self, doc: &Doc, v: &View, m: Option<usize>, actor: &mut EventActor) {
        let is_country = |mi: usize| {
            let men = &doc.mentions[mi];
            matches!(men.entity_type, EntityType::Norp | EntityType::Gpe)
                && men
                    .entity
                    .and_then(|e| doc.entities.get(e))
                    .and_then(|e| e.actor.as_ref())
                    .is_some_and(|a| a.code.len() == 3)
        };
        let (run, country) = match m {
            // a named group with no actor code of its own ("Congress", "Parliament"): the
            // sector of its words, country unknown (Phoenix codes a bare "Congress" ---LEG)
            Some(mi) if actor.code.is_none() => {
                let sp = doc.mentions[mi].span;
                let mut run: Vec<usize> = (0..v.len())
                    .filter(|&j| sp.contains(v.span[j]) && v.class[j] != Class::Det)
                    .collect();
                // "Kurdish fighters": the nouns right after a group name with no code
                if let Some(&l) = run.last() {
                    let mut k = l + 1;
                    while k < v.len()
                        && v.actor[k].is_none()
                        && matches!(v.class[k], Class::Noun)
                        && k - l <= 3
                    {
                        run.push(k);
                        k += 1;
                    }
                }
                (run, "---".to_string())
            }
            Some(mi) => {
                let Some(code) = actor.code.clone().filter(|c| c.len() == 3) else {
                    return;
                };
                if !is_country(mi) {
                    return;
                }
                let Some(last) = (0..v.len()).rev().find(|&j| v.actor[j] == Some(mi)) else {
                    return;
                };
                let first = (0..=last).find(|&j| v.actor[j] == Some(mi)).unwrap_or(last);
                // "the mayor of (the northern) Nablus", "dissidents from Myanmar"
                let mut k = first;
                while k > 0 && matches!(v.class[k - 1], Class::Det | Class::Adj) {
                    k -= 1;
                }
                if k >= 2
                    && matches!(v.lower[k - 1].as_str(), "of" | "from")
                    && v.class[k - 2] == Class::Noun
                    && v.actor[k - 2].is_none()
                {
                    let mut a = k - 2;
                    while a > 0 && v.class[a - 1] == Class::Noun && v.actor[a - 1].is_none() {
                        a -= 1;
                    }
                    if self.sector_of_run(v, &(a..k - 1).collect::<Vec<_>>(), &code, actor) {
                        return;
                    }
                }
                // the words after the mention: other countries, "and", adjectives, nouns
                let mut k = last + 1;
                if k < v.len() && v.lower[k] == "'s" {
                    k += 1;
                }
                let mut run = Vec::new();
                let mut adj: Option<usize> = None;
                while k < v.len() {
                    match v.actor[k] {
                        Some(o) if o != mi && is_country(o) => {}
                        Some(_) => return, // a name follows: it carries its own code
                        None => match v.class[k] {
                            Class::Noun | Class::Propn => run.push(k),
                            // ("national security advisor": the adjective may be part of
                            // the agent phrase)
                            Class::Adj | Class::Num => {
                                if !run.is_empty() {
                                    break;
                                }
                                adj = Some(k);
                            }
                            Class::Cconj if v.lower[k] == "and" && run.is_empty() => {}
                            Class::Punct if v.lower[k] == "," && run.is_empty() => {}
                            _ => break,
                        },
                    }
                    k += 1;
                }
                // the adjective right before the nouns joins the phrase when it makes a
                // longer known agent ("national security advisor")
                if let (Some(a), Some(&f)) = (adj, run.first()) {
                    if a + 1 == f {
                        let mut with_adj = vec![a];
                        with_adj.extend(&run);
                        let words: Vec<&str> =
                            with_adj.iter().map(|&j| v.lower[j].as_str()).collect();
                        if words.len() <= MAX_WORDS && self.agents.sector(&words).is_some() {
                            run = with_adj;
                        }
                    }
                }
                (run, code)
            }
            None => {
                let Some(sp) = actor.span else { return };
                let toks: Vec<usize> = (0..v.len())
                    .filter(|&j| sp.contains(v.span[j]) && v.actor[j].is_none())
                    .collect();
                // a country name the entity layer missed for its odd case ("iSrael",
                // "ISRAEL"): a proper name, or a word with a capital inside
                if let Some(c) = toks.iter().find_map(|&j| {
                    let odd = v.class[j] == Class::Propn
                        || v.text[j].chars().skip(1).any(char::is_uppercase);
                    odd.then(|| self.agents.country(&v.lower[j])).flatten()
                }) {
                    actor.code = Some(c.to_string());
                    actor.unknown = false;
                    let rest: Vec<usize> = toks
                        .iter()
                        .copied()
                        .filter(|&j| v.class[j] == Class::Noun)
                        .collect();
                    self.sector_of_run(v, &rest, c, actor);
                    return;
                }
                let mut run: Vec<usize> = Vec::new();
                for &j in &toks {
                    match v.class[j] {
                        Class::Det | Class::Adj | Class::Num if run.is_empty() => {}
                        // ("Congress", "Parliament": a capitalised agent word no entity took)
                        Class::Noun | Class::Propn => run.push(j),
                        // "hundreds of thousands of people", "a group of refugees"
                        Class::Adp
                            if v.lower[j] == "of"
                                && run.len() == 1
                                && QUANTITY.contains(&v.lower[run[0]].as_str()) =>
                        {
                            run.clear()
                        }
                        // "four children and a man": the first conjunct with a group noun
                        Class::Cconj if v.lower[j] == "and" && !run.is_empty() => {
                            let last = v.lower[*run.last().unwrap()].as_str();
                            if self.agents.sector(&[last]).is_some() {
                                break;
                            }
                            run.clear();
                        }
                        _ => break,
                    }
                }
                // "dissidents from (military-ruled) Myanmar": the country after the head
                let mut country = "---".to_string();
                if let Some(&h) = run.last() {
                    let mut k = h + 1;
                    if k < v.len()
                        && matches!(
                            v.lower[k].as_str(),
                            "of" | "from" | "in" | "throughout" | "across"
                        )
                    {
                        k += 1;
                        // "from the Georgian government", "from military-ruled Myanmar",
                        // "opposition groups in Zimbabwe"
                        let stop = (k + 6).min(v.len());
                        while k < stop
                            && v.actor[k].is_none()
                            && (matches!(v.class[k], Class::Det | Class::Adj)
                                || (v.lower[k] == "-")
                                || (k > 0 && v.lower[k - 1] == "-")
                                || (k + 1 < v.len() && v.lower[k + 1] == "-"))
                        {
                            k += 1;
                        }
                        if let Some(o) = v.actor.get(k).copied().flatten() {
                            if is_country(o) {
                                if let Some(c) = self.side(doc, Some(o)).code {
                                    country = c;
                                }
                            }
                        }
                    }
                }
                (run, country)
            }
        };
        self.sector_of_run(v, &run, &country, actor);
    }

    /// Sets `actor`'s code to `country` + the sector of the agent noun that ends `run`
    /// (its last noun, else a noun modifying it: "army bulldozers"); false when no noun
    /// of the run is an agent.
    fn sector_of_run(
        &self,
        v: &View,
        run: &[usize],
        country: &str,
        actor: &mut EventActor,
    ) -> bool {
        // the head noun, else a noun modifying it ("army bulldozers")
        for h in (0..run.len()).rev() {
            for n in (1..=MAX_WORDS.min(h + 1)).rev() {
                let words: Vec<&str> = run[h + 1 - n..=h]
                    .iter()
                    .map(|&j| v.lower[j].as_str())
                    .collect();
                if words.windows(2).any(|w| w[0] == w[1]) {
                    continue;
                }
                if let Some(sector) = self.agents.sector(&words) {
                    actor.code = Some(format!("{country}{sector}"));
                    // "---CVL": the sector is known, who it is stays unknown
                    actor.unknown = country.starts_with('-');
                    return true;
                }
            }
        }
        false
    }

    /// Codes one sentence into events (not yet merged across the article).
    /// Codes sentence `s`; `history` holds the events of the sentences before it (all
    /// candidates, also those later dropped), for definite event nouns that refer back.
    /// Returns the sentence's events and its candidates for the history.
    fn code_sentence(
        &self,
        doc: &Doc,
        s: usize,
        history: &[Antecedent],
    ) -> (Vec<Event>, Vec<Antecedent>) {
        let forms = self.forms();
        let v = View::new(doc, s, &forms);
        if v.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let trig = self.triggers(&v);
        if trace() {
            for t in &trig {
                eprintln!(
                    "[events] sentence {s}: trigger {:?} at {} ({}), noun {}",
                    self.patterns.patterns[t.pattern].id, t.at, v.text[t.at], t.noun
                );
            }
        }
        let mut out = Vec::new();
        let mut heads: Vec<(String, String)> = Vec::new();
        // a governing verb whose transform recodes a governed trigger is folded into it
        let govs: Vec<Option<(&Transform, usize, Vec<usize>)>> =
            trig.iter().map(|t| self.governor(&v, t)).collect();
        let consumed: Vec<usize> = trig
            .iter()
            .zip(&govs)
            .filter_map(|(t, g)| {
                let (tr, at, _) = g.as_ref()?;
                let code = &self.patterns.patterns[t.pattern].code;
                (tr.kind != TransformKind::Report && tr.apply(code).is_some()).then_some(*at)
            })
            .collect();
        let noun_at: Vec<usize> = trig.iter().filter(|t| t.noun).map(|t| t.at).collect();
        // "four civilians were killed in Israeli shelling": the attack noun carries the
        // event, its victims (the subject of the harm verb) are the target, and the harm
        // verb is no event of its own
        let victims: Vec<Option<usize>> = trig
            .iter()
            .map(|t| {
                let code = &self.patterns.patterns[t.pattern].code;
                // ("Israeli tank shelling": a gerund the tagger may call a verb)
                let nounish = t.noun
                    || (v.lower[t.at].ends_with("ing")
                        && t.at > 0
                        && matches!(
                            v.class[t.at - 1],
                            Class::Adj | Class::Noun | Class::Propn | Class::Det
                        ));
                (nounish && matches!(&code[..2], "18" | "19" | "20"))
                    .then(|| self.harm_verb_before(&v, t))
                    .flatten()
            })
            .collect();
        for (ti, (t, gov)) in trig.iter().zip(govs).enumerate() {
            if consumed.contains(&t.at) {
                continue;
            }
            if victims.contains(&Some(t.at)) {
                continue;
            }
            let victim_of = victims[ti];
            let gov_used = gov
                .as_ref()
                .is_some_and(|(tr, _, _)| tr.kind != TransformKind::Report);
            let p = &self.patterns.patterns[t.pattern];
            let reduced = !t.noun && self.reduced_relative(&v, t);
            let passive = !t.noun && (reduced || self.passive(&v, t.at));
            let mut code = p.code.clone();
            let mut rule = p.id.clone();
            let (mut src, mut tgt, mut tslot);
            if let Some(h) = victim_of {
                src = self.noun_source(&v, t);
                tgt = self.subject_left(&v, h).0;
                tslot = Some("victims".into());
            } else if t.noun {
                // "Japan has renounced war", "to avert a war": no act at all
                if self.counterfactive_object(&v, t) {
                    continue;
                }
                src = self.noun_source(&v, t);
                let (tg, sl) = self.target(&v, t, p, false);
                tgt = tg;
                tslot = sl;
                // "ahead of the Group of 20 summit": an organization that names a meeting
                // is its forum, not a party to it
                if tgt.is_empty()
                    && p.code.starts_with("04")
                    && !src.is_empty()
                    && src.iter().all(|&m| self.forum_name(doc, &v, t, m))
                {
                    continue;
                }
            } else if passive {
                // "X was released by Y": target is the subject, source the "by" phrase
                let (subj, _) = self.subject_left(&v, t.at);
                tgt = subj;
                src = Vec::new();
                let lim = clause_end(&v, t.end);
                for j in t.end + 1..lim {
                    // a reduced relative's agent stands before the main verb group
                    if reduced && BE.contains(&v.lower[j].as_str()) {
                        break;
                    }
                    if v.lower[j] == "by" {
                        let (ms, _) = self.np_right(&v, j + 1);
                        src = ms;
                        break;
                    }
                }
                tslot = Some("subj".into());
                // "evidence against X was presented": the target slot's preposition stands
                // in the subject
                if tgt.is_empty() {
                    let c0 = clause_start(&v, t.at);
                    if let Some((ms, prep)) = p.target.iter().find_map(|sl| match sl {
                        Slot::Prep(prep) => (c0..t.at)
                            .filter(|&j| v.lower[j] == *prep)
                            .map(|j| self.np_right(&v, j + 1).0)
                            .find(|ms| !ms.is_empty())
                            .map(|ms| (ms, prep.clone())),
                        _ => None,
                    }) {
                        tgt = ms;
                        tslot = Some(prep);
                    }
                }
            } else {
                let (subj, start) = self.subject_left(&v, t.at);
                // "the shelling killed four": the event noun carries the event
                // (not a noun inside an apposition or a prepositional phrase: "Pakistan, an
                // ally in the war on terror, refused ...")
                if let Some(st) = start {
                    if noun_at.iter().any(|&n| {
                        st <= n
                            && n < t.at
                            && !(st..n).any(|x| v.class[x] == Class::Adp || v.lower[x] == ",")
                            && !(n..t.at).any(|x| v.lower[x] == ",")
                    }) && subj.len() <= 1
                    {
                        continue;
                    }
                }
                src = subj;
                let (tg, sl) = self.target(&v, t, p, false);
                tgt = tg;
                tslot = sl;
            }
            // "Meeting in Osaka, the two leaders agreed ...", "During the talks with X, Y
            // called for ...": a participle or event noun in a fronted phrase takes the
            // subject of the main clause
            if src.is_empty() && victim_of.is_none() && !passive {
                if let Some(mv) = fronted_main_verb(&v, t) {
                    src = self.subject_left(&v, mv).0;
                    if src.is_empty() {
                        src = self.named_pair(doc, &v, mv).unwrap_or_default();
                    }
                    tgt.retain(|m| !src.contains(m));
                }
            }
            // "the two leaders agreed": the two leaders (countries) most named before
            if src.is_empty() && victim_of.is_none() && !passive {
                if let Some(pair) = self.named_pair(doc, &v, t.at) {
                    src = pair;
                }
            }
            // "accelerate bilateral trade talks": the two countries most named before
            if src.is_empty() && tgt.is_empty() && t.noun && p.symmetric {
                let s0 = phrase_start(&v, t.at);
                if (s0..t.at).any(|k| matches!(v.lower[k].as_str(), "bilateral" | "two-way")) {
                    if let Some(pair) = self.context_pair(doc, v.span[s0].start()) {
                        src = pair;
                        tslot = Some("bilateral".into());
                    }
                }
            }
            // "made a visit there": "there" stands for the last country named before it
            if tgt.is_empty() && victim_of.is_none() && !passive {
                if let Some(m) = self.there_place(doc, &v, t, p) {
                    tgt = vec![m];
                    tslot = Some("there".into());
                }
            }
            // "expressed sorrow for the shootings in Ohio": the place stands for its people
            if tgt.is_empty() && p.target_place && !t.noun && !passive {
                if let Some(m) = (t.end + 1..clause_end(&v, t.end)).find_map(|j| {
                    v.place[j].filter(|&m| {
                        !src.contains(&m)
                            && doc.mentions[m]
                                .entity
                                .and_then(|e| doc.entities.get(e))
                                .is_some_and(|e| e.country.is_some())
                            || self.subdivision_of(doc, m).is_some()
                    })
                }) {
                    tgt = vec![m];
                    tslot = Some("place".into());
                }
            }
            // "criticized the security treaty": an agreement stands for its other party
            if tgt.is_empty()
                && src.len() == 1
                && victim_of.is_none()
                && !passive
                && p.code.as_str() < "14"
            {
                if let Some(m) = self.agreement_party(doc, &v, t, &src) {
                    tgt = vec![m];
                    tslot = Some("party".into());
                }
            }
            // "called for efforts to ease the confrontation between the United States and
            // Iran": an appeal with no addressee goes to the parties it names
            if tgt.is_empty() && p.code.starts_with("02") && !passive {
                if let Some(ms) = self.between_parties(&v, t, &src) {
                    tgt = ms;
                    tslot = Some("between".into());
                }
            }
            if p.reverse {
                // "received weapons from X": X is the source
                std::mem::swap(&mut src, &mut tgt);
            }
            let mut said_intent = false;
            // "Turkey denied that its jets had bombed ...": the reported act is denied
            let mut denied = false;
            let mut accused_words: Option<Span> = None;
            let mut neg_from = clause_start(&v, t.at);
            let mut govinfo = None;
            if let Some((tr, g, obj)) = &gov {
                let (gsrc, gstart) = self.subject_left(&v, *g);
                let gsrc = if gsrc.is_empty() && gstart.is_none() {
                    self.passive_agent(&v, *g)
                } else {
                    gsrc
                };
                match tr.kind {
                    TransformKind::Intent | TransformKind::Threaten | TransformKind::Refuse => {
                        if let Some(c) = tr.apply(&code) {
                            code = c.to_string();
                            rule = format!("{}+{}", p.id, kind_name(tr.kind));
                        }
                        if !gsrc.is_empty() {
                            src = gsrc;
                        }
                    }
                    TransformKind::Appeal | TransformKind::Demand => {
                        if let Some(c) = tr.apply(&code) {
                            code = c.to_string();
                            rule = format!(
                                "{}+{}",
                                p.id,
                                if tr.kind == TransformKind::Appeal {
                                    "appeal"
                                } else {
                                    "demand"
                                }
                            );
                            // "demanded that Tehran release ...": the one asked to act is
                            // the target
                            let asked = std::mem::replace(&mut src, gsrc);
                            if !obj.is_empty() {
                                tgt = obj.clone();
                            } else if !asked.is_empty() && asked.iter().all(|m| !src.contains(m)) {
                                tgt = asked;
                            }
                        } else if !gsrc.is_empty() && src.is_empty() {
                            src = gsrc;
                        }
                    }
                    TransformKind::Report if obligation(&v, t.at) => {
                        // "X said Y must V": a demand by X of Y
                        if let Some(c) = self
                            .patterns
                            .transform(TransformKind::Demand)
                            .and_then(|d| d.apply(&code))
                        {
                            code = c.to_string();
                        } else {
                            code = "100".into();
                        }
                        rule = format!("{}+demand", p.id);
                        tgt = std::mem::take(&mut src);
                        src = gsrc;
                    }
                    TransformKind::Report
                        if ["deny", "refute"]
                            .iter()
                            .any(|l| self.morph.word_matches(&v.lower[*g], None, l)) =>
                    {
                        // a denial is no accusation; "its jets" is the speaker's own
                        denied = true;
                        if src.is_empty() && !t.noun {
                            src = gsrc.clone();
                        }
                    }
                    TransformKind::Report => {
                        // "Gbagbo announced that he will extend the curfew": the speaker's
                        // own announced act, as with no subject at all
                        let own = !src.is_empty()
                            && !gsrc.is_empty()
                            && src.iter().all(|m| {
                                let e = doc.mentions[*m].entity;
                                e.is_some() && gsrc.iter().any(|g| doc.mentions[*g].entity == e)
                            });
                        // "X said it/they would ...": a linked "it"/"they" subject of the
                        // reported clause is the speaker's own, as when it was unlinked
                        let own = own
                            || (!src.is_empty()
                                && src.iter().all(|m| {
                                    let x = &doc.mentions[*m];
                                    x.kind == MentionKind::Pronoun
                                        && x.entity_type != EntityType::Person
                                }));
                        if own && !t.noun {
                            src.clear();
                        }
                        if src.is_empty() && !t.noun {
                            // "Obama said he would ...": the pronoun is the speaker; "X claimed
                            // that they had attacked Y": X claims responsibility
                            let gw = v.lower[*g].as_str();
                            if matches!(&code[..2], "18" | "19" | "20")
                                && (self.morph.word_matches(gw, None, "claim")
                                    || self.morph.word_matches(gw, None, "admit"))
                            {
                                code = "015".into();
                                rule = format!("{}+claim", p.id);
                            } else if (clause_start(&v, t.at)..t.at)
                                .any(|x| matches!(v.lower[x].as_str(), "will" | "would" | "'ll"))
                                && !self.negated(&v, t, clause_start(&v, t.at))
                            {
                                // "X said it would free ...": X's own announced intention
                                if let Some(c) = self
                                    .patterns
                                    .transform(TransformKind::Intent)
                                    .and_then(|i| i.apply(&code))
                                {
                                    code = c.to_string();
                                    rule = format!("{}+intent", p.id);
                                    said_intent = true;
                                }
                            }
                            src = gsrc.clone();
                        } else if let Some(c) = tr.apply(&code).filter(|_| {
                            src.is_empty() && t.noun && !gsrc.is_empty() && victim_of.is_some()
                        }) {
                            // "X said eight people were killed in an air strike by
                            // government forces": X accuses the agent named by its words
                            if let Some(w) = (t.end + 1..clause_end(&v, t.end))
                                .find(|&j| v.lower[j] == "by")
                                .and_then(|j| self.np_words_right(&v, j + 1))
                            {
                                code = c.to_string();
                                rule = format!("{}+report", p.id);
                                src = gsrc;
                                tgt.clear();
                                accused_words = Some(w);
                            }
                        } else if let Some(c) = tr.apply(&code) {
                            let perpetrators = src.clone();
                            let distinct = !gsrc.is_empty()
                                && !perpetrators.is_empty()
                                && gsrc.iter().all(|g| {
                                    perpetrators
                                        .iter()
                                        .all(|q| self.country(doc, *g) != self.country(doc, *q))
                                });
                            if distinct {
                                code = c.to_string();
                                rule = format!("{}+report", p.id);
                                src = gsrc;
                                tgt = perpetrators;
                            }
                        }
                    }
                }
                neg_from = neg_from.min(*g);
                govinfo = Some((*tr, *g));
            }
            // "X will V": an announced intention; "X will not V": a refusal
            let will = !t.noun
                && govinfo.is_none()
                // ("will identify victims killed by ...": the participle is no future act)
                && !noun_modifier_verb(&v, t.at)
                && (clause_start(&v, t.at)..t.at)
                    .any(|x| matches!(v.lower[x].as_str(), "will" | "'ll" | "shall"));
            let mut future_intent = false;
            if will {
                let neg = self.negated(&v, t, clause_start(&v, t.at));
                let kind = if neg {
                    TransformKind::Refuse
                } else {
                    TransformKind::Intent
                };
                if !(neg && p.negated.is_some()) {
                    if let Some(c) = self.patterns.transform(kind).and_then(|tr| tr.apply(&code)) {
                        code = c.to_string();
                        rule = format!("{rule}+will{}", if neg { "-not" } else { "" });
                        future_intent = true;
                    }
                }
            }
            // "X will V unless Y ...": a conditional threat
            let unless_after = v.lower[t.end + 1..].iter().any(|w| w == "unless");
            let future = (clause_start(&v, t.at)..t.at)
                .any(|x| matches!(v.lower[x].as_str(), "will" | "would" | "'ll"))
                || govinfo.is_some_and(|(tr, _)| tr.kind == TransformKind::Intent);
            if unless_after && future && !code.starts_with("13") {
                if let Some(c) = self
                    .patterns
                    .transform(TransformKind::Threaten)
                    .and_then(|tr| tr.apply(&code))
                {
                    code = c.to_string();
                    rule = format!("{rule}+unless");
                }
            }
            let mut polarity = Polarity::Asserted;
            if denied {
                polarity = Polarity::Negated;
            } else if !future_intent && self.negated(&v, t, neg_from.min(t.at)) {
                match &p.negated {
                    Some(c) if govinfo.is_none() || rule == p.id => {
                        code = c.clone();
                        rule = format!("{}+negated", p.id);
                    }
                    _ => polarity = Polarity::Negated,
                }
            }
            let mut modality = self.modality(&v, t, govinfo);
            if said_intent || (future_intent && modality == Modality::Actual) {
                modality = Modality::Intended;
            }
            let Some(info) = self.codebook.get(&code) else {
                continue;
            };
            let plover = self.codebook.plover(&code);
            let date = self.event_date(doc, &v, t);
            let mut actors: Vec<usize> = src.clone();
            actors.extend(tgt.iter().copied());
            let location = self.location(doc, &v, t, &actors);
            let ev_start = v.span[clause_start(&v, t.at)]
                .start()
                .min(v.span[t.at].start());
            let ev_end = v.span[clause_end(&v, t.end).saturating_sub(1).max(t.end)].end();
            let evidence = Span::new(ev_start, ev_end);
            let mut confidence: f32 = if v.tagged { 0.7 } else { 0.6 };
            if !src.is_empty() {
                confidence += 0.15;
            }
            if !tgt.is_empty() {
                confidence += 0.1;
            }
            if tslot.is_none() && !p.target.contains(&Slot::None) {
                confidence -= 0.1;
            }
            let background = reduced || self.background(&v, t, gov_used);
            if src.is_empty() && tgt.is_empty() {
                // neither actor known: kept (flagged unknown) for type-level use, with low
                // confidence (0.45; 0.3 for a side event)
                confidence = if background { 0.3 } else { 0.45 };
            } else if background {
                // a side event: a participle, a purpose clause, a relative clause, a bare
                // event noun in a prepositional phrase
                confidence = confidence.min(0.4);
            }
            // "the attack", "the trade talks" with no actors of their own: the same event
            // as the latest earlier one they refer back to, with its actors and modality
            let inherited: Vec<&Event> = if src.is_empty()
                && tgt.is_empty()
                && t.noun
                && victim_of.is_none()
                && govinfo.is_none()
            {
                self.antecedent(&v, t, p, &code, history)
            } else {
                Vec::new()
            };
            if inherited
                .iter()
                .any(|a| a.modality == Modality::Hypothetical)
            {
                modality = Modality::Hypothetical;
            }
            // pairs: one event per (source, target); symmetric compound sources pair up
            let mut pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();
            if tgt.is_empty() && p.symmetric && src.len() > 1 {
                for a in &src {
                    for b in &src {
                        if a != b {
                            pairs.push((Some(*a), Some(*b)));
                        }
                    }
                }
            } else {
                let ss: Vec<Option<usize>> = if src.is_empty() {
                    vec![None]
                } else {
                    src.iter().map(|m| Some(*m)).collect()
                };
                let ts: Vec<Option<usize>> = if tgt.is_empty() {
                    vec![None]
                } else {
                    tgt.iter().map(|m| Some(*m)).collect()
                };
                for a in &ss {
                    for b in &ts {
                        if a.is_some() && a == b {
                            continue;
                        }
                        pairs.push((*a, *b));
                    }
                }
            }
            // an argument that is no entity keeps its words (flagged unknown)
            // "the attack on the convoy was carried out by rebels"
            let by_agent = t
                .noun
                .then(|| self.noun_agent_by(&v, t))
                .flatten()
                .filter(|&(_, via)| via);
            let src_words = if src.is_empty() && !p.reverse && by_agent.is_some() {
                by_agent.and_then(|(j, _)| self.np_words_right(&v, j + 1))
            } else if src.is_empty() && !p.reverse {
                match govinfo {
                    Some((_, g)) => self.np_words_left(&v, g),
                    // "killed in an air strike by government forces"
                    None if victim_of.is_some() => (t.end + 1..clause_end(&v, t.end))
                        .find(|&j| v.lower[j] == "by")
                        .and_then(|j| self.np_words_right(&v, j + 1)),
                    None if !t.noun && !passive => self.np_words_left(&v, t.at),
                    // "fundamentalists continued their hunger strike": the subject of
                    // the verb whose object the event noun is
                    None if t.noun => {
                        let s0 = phrase_start(&v, t.at);
                        (s0 > 0 && v.class[s0 - 1] == Class::Verb && !self.passive(&v, s0 - 1))
                            .then(|| self.np_words_left(&v, s0 - 1))
                            .flatten()
                    }
                    // "was pressured by congress": the agent phrase
                    None if passive => (t.end + 1..clause_end(&v, t.end))
                        .find(|&j| v.lower[j] == "by")
                        .and_then(|j| self.np_words_right(&v, j + 1)),
                    None => None,
                }
            } else {
                None
            };
            let tgt_words = if accused_words.is_some() {
                accused_words
            } else if tgt.is_empty() && !p.reverse && victim_of.is_some() {
                victim_of.and_then(|h| self.np_words_left(&v, h))
            } else if tgt.is_empty()
                && !p.reverse
                && govinfo.is_none_or(|(tr, _)| {
                    matches!(
                        tr.kind,
                        TransformKind::Intent | TransformKind::Threaten | TransformKind::Refuse
                    )
                })
            {
                if passive {
                    self.np_words_left(&v, t.at)
                } else if !t.noun && p.target.first() == Some(&Slot::Obj) {
                    self.np_words_right(&v, t.end + 1)
                        .or_else(|| self.prep_words(&v, t, p))
                } else if !t.noun {
                    self.prep_words(&v, t, p)
                } else {
                    None
                }
            } else {
                None
            };
            if !inherited.is_empty() {
                pairs = vec![(None, None); inherited.len()];
            }
            for (pi, (a, b)) in pairs.into_iter().enumerate() {
                let mut source = self.side(doc, a);
                if a.is_none() {
                    source.span = src_words;
                }
                self.add_sector(doc, &v, a, &mut source);
                let mut target = self.side(doc, b);
                if b.is_none() {
                    target.span = tgt_words;
                }
                self.add_sector(doc, &v, b, &mut target);
                let mut confidence = confidence;
                if let Some(ante) = inherited.get(pi) {
                    source = ante.source.clone();
                    target = ante.target.clone();
                    confidence = confidence.max(ante.confidence.min(0.75) - 0.1);
                }
                // civilian victims of violence whose country is unknown ("civilians",
                // "four children") take the country of the place where they were attacked
                // (not soldiers, who are often foreign)
                if matches!(&code[..2], "18" | "19" | "20") {
                    if let (Some(c), Some(cc)) = (
                        target.code.as_ref().filter(|c| {
                            // ("---CHRCPT": civilians named by their religion)
                            let rest = c.strip_prefix("---").unwrap_or("");
                            let group = rest.len() >= 3 && self.agents.is_group_code(&rest[..3]);
                            c.starts_with("---")
                                && (group
                                    || rest
                                        .get(rest.len().saturating_sub(3)..)
                                        .is_some_and(|s| matches!(s, "CVL" | "PPL")))
                                && !rest.ends_with("UAF")
                                && !rest.ends_with("REB")
                                && !rest.ends_with("MIL")
                        }),
                        location.as_ref().and_then(|l| l.country.as_ref()),
                    ) {
                        target.code = Some(format!("{cc}{}", &c[3..]));
                        target.unknown = false;
                    }
                }
                // an argument coded from its words ("people" -> ---CVL) counts as known
                if a.is_none() && !source.unknown {
                    confidence += 0.1;
                }
                if b.is_none() && !target.unknown {
                    confidence += 0.05;
                }
                if background {
                    confidence = confidence.min(0.4);
                }
                // "X hosted Y": Y's visit to X is entailed and coded too (only for the
                // pattern's own code, with both actors coded: not "agreed to host")
                let reciprocal = p
                    .reciprocal
                    .as_ref()
                    .filter(|_| {
                        code == p.code
                            && source.code.is_some()
                            && target.code.is_some()
                            && source.code != target.code
                    })
                    .and_then(|r| self.codebook.get(r).map(|ri| (r, ri)));
                let event = Event {
                    cameo: code.clone(),
                    plover: plover.map(|x| x.event_type.clone()).unwrap_or_default(),
                    plover_mode: plover.and_then(|x| x.mode.clone()),
                    goldstein: info.goldstein,
                    quad_class: info.quad_class,
                    source,
                    target,
                    date: date.clone(),
                    location: location.clone(),
                    polarity,
                    modality,
                    sentence: s,
                    evidence: vec![evidence],
                    rule: rule.clone(),
                    confidence: confidence.clamp(0.05, 0.99),
                };
                if let Some((r, ri)) = reciprocal {
                    let rp = self.codebook.plover(r);
                    out.push(Event {
                        cameo: r.clone(),
                        plover: rp.map(|x| x.event_type.clone()).unwrap_or_default(),
                        plover_mode: rp.and_then(|x| x.mode.clone()),
                        goldstein: ri.goldstein,
                        quad_class: ri.quad_class,
                        source: event.target.clone(),
                        target: event.source.clone(),
                        rule: format!("{rule}+reciprocal"),
                        confidence: (confidence - 0.05).clamp(0.05, 0.99),
                        ..event.clone()
                    });
                    heads.push(Default::default());
                }
                out.push(event);
                heads.push((p.id.clone(), v.lower[t.at].clone()));
            }
        }
        self.obligations(doc, &v, &trig, &mut out);
        heads.resize(out.len(), Default::default());
        if trace() {
            for e in &out {
                eprintln!(
                    "[events] sentence {s}: {} {} {:?} -> {:?}, confidence {:.2}",
                    e.rule, e.cameo, e.source.code, e.target.code, e.confidence
                );
            }
        }
        let raw: Vec<Antecedent> = out
            .iter()
            .zip(&heads)
            .map(|(e, h)| Antecedent {
                event: e.clone(),
                head: h.clone(),
            })
            .collect();
        drop_subsumed(&mut out);
        (out, raw)
    }

    /// "X said (that) Y must / should ...", with no coded act in the clause: a demand
    /// (100) by X of Y.
    fn obligations(&self, doc: &Doc, v: &View, trig: &[Trigger], out: &mut Vec<Event>) {
        for m in 0..v.len() {
            if !matches!(v.lower[m].as_str(), "must" | "should") {
                continue;
            }
            let end = clause_end(v, m);
            if trig.iter().any(|t| t.at > m && t.at < end && !t.noun) {
                continue;
            }
            let (subj, start) = self.subject_left(v, m + 1);
            let Some(mut k) = start else { continue };
            if k > 0 && v.lower[k - 1] == "that" {
                k -= 1;
            }
            if k == 0 || subj.is_empty() {
                continue;
            }
            let gv = k - 1;
            let mut g = gv;
            while g > 0
                && matches!(v.class[g], Class::Adv | Class::Propn | Class::Noun)
                && !self.is_gov_form(v, g)
            {
                g -= 1;
            }
            if !self
                .matching_transforms(v, g)
                .iter()
                .any(|t| t.kind == TransformKind::Report)
            {
                continue;
            }
            let (gsrc, _) = self.subject_left(v, g);
            let Some(info) = self.codebook.get("100") else {
                continue;
            };
            let plover = self.codebook.plover("100");
            let evidence = Span::new(
                v.span[g].start(),
                v.span[end.saturating_sub(1).max(m)].end(),
            );
            let t = Trigger {
                pattern: 0,
                at: m,
                end: m,
                words: 1,
                noun: false,
                obj_at: None,
            };
            let srcs: Vec<Option<usize>> = if gsrc.is_empty() {
                vec![None]
            } else {
                gsrc.iter().map(|x| Some(*x)).collect()
            };
            for a in srcs {
                for b in &subj {
                    if a == Some(*b) {
                        continue;
                    }
                    out.push(Event {
                        cameo: "100".into(),
                        plover: plover.map(|x| x.event_type.clone()).unwrap_or_default(),
                        plover_mode: plover.and_then(|x| x.mode.clone()),
                        goldstein: info.goldstein,
                        quad_class: info.quad_class,
                        source: self.side(doc, a),
                        target: self.side(doc, Some(*b)),
                        date: self.event_date(doc, v, &t),
                        location: self.location(doc, v, &t, &subj),
                        polarity: Polarity::Asserted,
                        modality: Modality::Actual,
                        sentence: v.sentence,
                        evidence: vec![evidence],
                        rule: "demand.obligation".into(),
                        confidence: if a.is_some() { 0.7 } else { 0.5 },
                    });
                }
            }
        }
    }

    /// The words of the noun phrase that ends just before the verb group of token `i`
    /// ("The Nigerian Union of Teachers announced"), for a subject that is no entity.
    fn np_words_left(&self, v: &View, i: usize) -> Option<Span> {
        // "the civilians imprisoned for ... were released": the noun before the reduced
        // relative clause
        if let Some(r) = reduced_relative_before(v, i) {
            return self.np_words_left(v, r);
        }
        let mut j = i;
        while j > 0
            && (matches!(v.class[j - 1], Class::Aux | Class::Adv | Class::Part)
                || NEG.contains(&v.lower[j - 1].as_str())
                || BE.contains(&v.lower[j - 1].as_str()))
        {
            j -= 1;
        }
        while j > 0 && TIME_WORDS.contains(&v.lower[j - 1].as_str()) {
            j -= 1;
            // "Rebels in the Ivory Coast on Tuesday blocked"
            if j > 0 && v.lower[j - 1] == "on" {
                j -= 1;
            }
        }
        // "two oil tankers, one operated by a Japanese company, were attacked": over an
        // appositive that opens with a determiner or number
        if j > 1 && v.lower[j - 1] == "," {
            let from = j.saturating_sub(14);
            if let Some(c2) = (from..j - 1).rev().find(|&x| v.lower[x] == ",") {
                if c2 > 0
                    && c2 + 1 < j - 1
                    && matches!(v.class[c2 + 1], Class::Det | Class::Num)
                    && v.nominal(c2 - 1)
                    && v.class[c2 - 1] != Class::Punct
                    && !(c2 + 1..j - 1).any(|x| v.boundary(x))
                {
                    j = c2;
                }
            }
        }
        if j == 0 || !v.nominal(j - 1) || v.class[j - 1] == Class::Punct {
            return None;
        }
        let end = j - 1;
        let mut s = end;
        loop {
            while s > 0 && v.nominal(s - 1) && v.class[s - 1] != Class::Punct {
                s -= 1;
            }
            // "thousands of people", "groups in Zimbabwe", "students from Jaffna",
            // "four children and a man"
            if s > 1
                && (v.lower[s - 1] == "of"
                    || (v.lower[s - 1] == "and"
                        && v.class[s - 2] == Class::Noun
                        && v.actor[s - 2].is_none()
                        && v.actor[s].is_none())
                    || (matches!(
                        v.lower[s - 1].as_str(),
                        "in" | "from" | "throughout" | "across"
                    ) && v.class[s - 2] == Class::Noun
                        && v.actor[s - 2].is_none()))
                && v.nominal(s - 2)
            {
                s -= 2;
                continue;
            }
            break;
        }
        while s < end && v.class[s] == Class::Det {
            s += 1;
        }
        Some(Span::new(v.span[s].start(), v.span[end].end()))
    }

    /// The words of the noun phrase starting at or after token `i` (an object that is no
    /// entity).
    fn np_words_right(&self, v: &View, i: usize) -> Option<Span> {
        let mut s = i;
        while s < v.len()
            && (matches!(v.class[s], Class::Det | Class::Adv)
                || QUANT.contains(&v.lower[s].as_str()))
        {
            s += 1;
        }
        if s >= v.len() || !v.nominal(s) || v.class[s] == Class::Punct {
            return None;
        }
        let mut e = s;
        loop {
            while e + 1 < v.len()
                && v.nominal(e + 1)
                && v.class[e + 1] != Class::Punct
                && v.class[e + 1] != Class::Det
            {
                e += 1;
            }
            if e + 2 < v.len() && v.lower[e + 1] == "of" && v.nominal(e + 2) {
                e += 2;
                continue;
            }
            break;
        }
        Some(Span::new(v.span[s].start(), v.span[e].end()))
    }

    /// The harm verb whose cause the event noun `t` is: "were killed *in* an air strike",
    /// "died *in* the shelling", "wounded *by* a car bomb" (passive or intransitive, so
    /// that its subject is the victims).
    fn harm_verb_before(&self, v: &View, t: &Trigger) -> Option<usize> {
        let s = phrase_start(v, t.at);
        if s < 2 || !matches!(v.lower[s - 1].as_str(), "in" | "during" | "by") {
            return None;
        }
        let h = s - 2;
        let w = v.lower[h].as_str();
        (HARM.contains(&w) && (self.passive(v, h) || matches!(w, "died" | "dead"))).then_some(h)
    }

    /// The words after the first of the pattern's target prepositions that follows the
    /// trigger in its clause ("met with *exiled dissidents*"): a target that is no entity.
    fn prep_words(&self, v: &View, t: &Trigger, p: &Pattern) -> Option<Span> {
        let lim = clause_end(v, t.end);
        for slot in &p.target {
            let Slot::Prep(prep) = slot else { continue };
            // the preposition is part of the match ("meet with")
            if t.words > 1 && v.lower[t.end] == *prep {
                if let Some(w) = self.np_words_right(v, t.end + 1) {
                    return Some(w);
                }
            }
            for j in t.end + 1..lim {
                if v.tagged && v.class[j] == Class::Verb && j > t.end + 1 {
                    break;
                }
                if v.lower[j] == *prep && matches!(v.class[j], Class::Adp | Class::Part) {
                    return self.np_words_right(v, j + 1);
                }
            }
        }
        None
    }

    /// "a member of Hamas *jailed* over a year ago", "the civilians *imprisoned* for ...":
    /// a past participle after a noun, with no object, in a clause that has its own verb.
    fn reduced_relative(&self, v: &View, t: &Trigger) -> bool {
        let w = &v.lower[t.at];
        let participle = (w.ends_with("ed") || w.ends_with("en") || irregular_participle(w))
            && !BE.contains(&w.as_str());
        if !participle || t.at == 0 || t.words > 1 {
            return false;
        }
        let prev_noun = v.class[t.at - 1] == Class::Noun
            || (v.class[t.at - 1] == Class::Propn && v.actor[t.at - 1].is_none());
        if !prev_noun {
            return false;
        }
        let next_ok = t.end + 1 >= v.len()
            || matches!(
                v.class[t.end + 1],
                Class::Adp | Class::Adv | Class::Num | Class::Punct | Class::Sconj
            );
        if !next_ok {
            return false;
        }
        let cs = clause_start(v, t.at);
        let earlier_verb = (cs..t.at - 1).any(|k| v.class[k] == Class::Verb);
        let later_be =
            (t.end + 1..v.len()).any(|k| BE.contains(&v.lower[k].as_str()) && v.lower[k] != "'s");
        earlier_verb || later_be
    }

    /// Whether a trigger is a side event rather than what its sentence reports.
    fn background(&self, v: &View, t: &Trigger, governed: bool) -> bool {
        if governed {
            // "agreed to a ceasefire", "threatened to attack": what the governor reports
            return false;
        }
        if t.noun {
            // its own agent or actor modifier makes it an event in its own right
            let s = phrase_start(v, t.at);
            if (s..t.at).any(|k| v.actor[k].is_some()) {
                return false;
            }
            let lim = clause_end(v, t.end);
            if (t.end + 1..lim.min(t.end + 4)).any(|j| v.lower[j] == "by") {
                return false;
            }
            // the object of a verb ("held talks", "staged rallies", "issued an ultimatum"),
            // unless that verb is in a relative clause ("which is preparing an offensive")
            if s > 0 && matches!(v.class[s - 1], Class::Verb) {
                let mut k = s - 1;
                while k > 0 && matches!(v.class[k - 1], Class::Aux | Class::Adv | Class::Part) {
                    k -= 1;
                }
                return k > 0 && matches!(v.lower[k - 1].as_str(), "which" | "who" | "that");
            }
            // the cause of harm ("were killed in a car bombing")
            if s >= 2
                && matches!(v.lower[s - 1].as_str(), "in" | "during" | "by")
                && HARM.contains(&v.lower[s - 2].as_str())
            {
                return false;
            }
            // the subject of the clause ("Talks between ... ended"), or existential
            // ("there were no such discussions")
            if s == 0 || v.boundary(s - 1) {
                return false;
            }
            if s >= 2 && v.lower[s - 2] == "there" && BE.contains(&v.lower[s - 1].as_str()) {
                return false;
            }
            return true;
        }
        if governed {
            return false;
        }
        // a gerund after a preposition ("charged it with supporting rebels")
        // (the tagger may call "by", "of", "after" subordinators here: "by alleging")
        if t.at > 0
            && v.lower[t.at].ends_with("ing")
            && (v.class[t.at - 1] == Class::Adp
                || (v.class[t.at - 1] == Class::Sconj
                    && matches!(
                        v.lower[t.at - 1].as_str(),
                        "by" | "of" | "for" | "after" | "before" | "without" | "while" | "since"
                    )))
        {
            return true;
        }
        // a participle after a comma ("..., killing one person and arresting 12")
        if t.at > 0
            && v.lower[t.at].ends_with("ing")
            && matches!(v.lower[t.at - 1].as_str(), "," | "and" | "or")
        {
            let cs = clause_start(v, t.at);
            let aux = (cs..t.at).any(|k| BE.contains(&v.lower[k].as_str()));
            if v.lower[t.at - 1] == "," || !aux {
                return true;
            }
        }
        // a purpose infinitive ("to demand reforms") that no transform governs
        let mut j = t.at;
        while j > 0 && matches!(v.class[j - 1], Class::Adv) {
            j -= 1;
        }
        if j > 1 && v.lower[j - 1] == "to" {
            // "an attempt to assassinate": the act, attempted
            if matches!(
                v.lower[j - 2].as_str(),
                "attempt" | "attempts" | "bid" | "plot" | "plots"
            ) {
                return false;
            }
            // "staged demonstrations to demand reforms" (after a noun phrase), not
            // "continued to send", "ready to meet"
            return !matches!(
                v.class[j - 2],
                Class::Verb | Class::Aux | Class::Adj | Class::Adv
            );
        }
        // a relative clause ("the group that has seized ...")
        let mut k = t.at;
        while k > 0
            && (matches!(v.class[k - 1], Class::Aux | Class::Adv | Class::Part)
                || NEG.contains(&v.lower[k - 1].as_str()))
        {
            k -= 1;
        }
        k > 0
            && matches!(v.lower[k - 1].as_str(), "who" | "which" | "that")
            && k >= 2
            && v.nominal(k - 2)
    }

    fn passive_agent(&self, v: &View, g: usize) -> Vec<usize> {
        if !self.passive(v, g) {
            return Vec::new();
        }
        for j in g + 1..clause_end(v, g) {
            if v.lower[j] == "by" {
                return self.np_right(v, j + 1).0;
            }
        }
        Vec::new()
    }

    fn country(&self, doc: &Doc, m: usize) -> String {
        let a = self.side(doc, Some(m));
        a.code
            .map(|c| c.chars().take(3).collect())
            .unwrap_or_else(|| format!("#{m}"))
    }

    /// Codes the whole document: every sentence, then merges repeated statements.
    pub fn code(&self, doc: &Doc) -> Vec<Event> {
        let mut all: Vec<Event> = Vec::new();
        let mut history: Vec<Antecedent> = Vec::new();
        for s in 0..doc.sentences.len() {
            let (events, raw) = self.code_sentence(doc, s, &history);
            history.extend(raw);
            for e in events {
                merge_into(&mut all, e);
            }
        }
        all
    }
}

impl Default for EventCoder {
    fn default() -> Self {
        EventCoder::new()
    }
}

fn kind_name(k: TransformKind) -> &'static str {
    match k {
        TransformKind::Intent => "intent",
        TransformKind::Appeal => "appeal",
        TransformKind::Demand => "demand",
        TransformKind::Report => "report",
        TransformKind::Threaten => "threaten",
        TransformKind::Refuse => "refuse",
    }
}

/// Whether the verb group before token `i` holds "must", "should" or "has to".
/// The first token of the noun phrase ending at `at`, possessive determiners included
/// ("their hunger strike").
fn phrase_start(v: &View, at: usize) -> usize {
    let mut s = at;
    while s > 0
        && ((v.nominal(s - 1) && v.class[s - 1] != Class::Punct)
            || POSSESSIVE.contains(&v.lower[s - 1].as_str()))
    {
        s -= 1;
    }
    s
}

/// Whether `DATELINE_TRACE_EVENTS` is set: the coder then prints each sentence's
/// triggers and candidate events to stderr (for pattern writers).
fn trace() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("DATELINE_TRACE_EVENTS").is_some())
}

fn obligation(v: &View, i: usize) -> bool {
    let mut j = i;
    while j > 0
        && (matches!(v.class[j - 1], Class::Aux | Class::Adv | Class::Part)
            || matches!(
                v.lower[j - 1].as_str(),
                // "Y must be ready to mediate", "Y must be prepared to talk"
                "to" | "have" | "has" | "be" | "ready" | "prepared" | "willing" | "able"
            ))
    {
        j -= 1;
        if matches!(v.lower[j].as_str(), "must" | "should") {
            return true;
        }
    }
    false
}

/// Verbs that only start, hold or continue the event their object names ("resume talks",
/// "launch an offensive"), as words and lemmas.
const LIGHT_VERBS: &[&str] = &[
    "hold", "resume", "start", "begin", "open", "launch", "continue", "conduct", "restart",
    "reopen", "stage", "mount",
];

fn irregular_participle(w: &str) -> bool {
    matches!(
        w,
        "held"
            | "met"
            | "taken"
            | "given"
            | "seen"
            | "hit"
            | "shot"
            | "struck"
            | "sent"
            | "brought"
            | "thrown"
            | "beaten"
            | "caught"
            | "fought"
            | "led"
            | "kept"
            | "sold"
            | "put"
            | "set"
            | "cut"
            | "told"
            | "found"
            | "made"
            | "paid"
            | "stolen"
            | "withdrawn"
            | "forgiven"
            | "shaken"
            | "frozen"
            | "hurt"
            | "overthrown"
    )
}

/// A reduced relative clause opening the clause of the verb at `i` ("the civilians
/// *imprisoned* for ... were released", "troops *deployed* to Mali attacked"): the first
/// verb of the clause is a past participle right after a noun, with no auxiliary; returns
/// the participle.
/// Whether the noun phrase at `i` is followed by a finite verb group (it is the subject
/// of a new clause, not a list member).
fn clause_subject_at(v: &View, i: usize) -> bool {
    let mut e = i;
    while e < v.len() && v.nominal(e) && v.class[e] != Class::Punct {
        e += 1;
    }
    while e < v.len() && matches!(v.class[e], Class::Adv) {
        e += 1;
    }
    e < v.len() && e > i && matches!(v.class[e], Class::Verb | Class::Aux)
}

/// For a trigger in a fronted phrase ("*Meeting* in Osaka, the leaders agreed ...",
/// "During the *talks* with X, Y called ...", "After *meeting* X, Y said ..."): the main
/// clause's verb after the phrase's comma.
fn fronted_main_verb(v: &View, t: &Trigger) -> Option<usize> {
    let first = (0..v.len()).find(|&j| v.class[j] != Class::Punct)?;
    let opener = if first == t.at {
        !t.noun && v.lower[t.at].ends_with("ing")
    } else {
        matches!(v.class[first], Class::Adp | Class::Sconj) && t.at > first
    };
    // the trigger is inside the fronted phrase: before the sentence's first comma
    if !opener || (first..t.at).any(|j| v.lower[j] == ",") {
        return None;
    }
    let comma = (t.end + 1..v.len()).find(|&j| v.lower[j] == ",")?;
    if (first..comma)
        .any(|j| j != t.at && v.class[j] == Class::Verb && !v.lower[j].ends_with("ing"))
    {
        return None;
    }
    (comma + 1..(comma + 8).min(v.len()))
        .take_while(|&j| v.lower[j] != ",")
        .find(|&j| v.class[j] == Class::Verb)
}

/// Whether the verb at `g` heads a clause that modifies a noun: a participle right after
/// its noun ("a deal *reached* in 2015") or the verb of a relative clause ("the treaty,
/// which was *signed* in 1960").
fn noun_modifier_verb(v: &View, g: usize) -> bool {
    if v.class[g] != Class::Verb || g == 0 {
        return false;
    }
    // with a parse: a clausal modifier of a noun
    if let Some(d) = v.deprel[g].as_deref() {
        return d.starts_with("acl");
    }
    let w = v.lower[g].as_str();
    let participle =
        (w.ends_with("ed") || w.ends_with("en") || irregular_participle(w)) && !BE.contains(&w);
    if participle && matches!(v.class[g - 1], Class::Noun | Class::Propn) {
        return true;
    }
    // a relative pronoun, then only auxiliaries, adverbs and negation before the verb
    let mut k = g;
    while k > 0 {
        k -= 1;
        let l = v.lower[k].as_str();
        if matches!(l, "which" | "who" | "whom")
            || (l == "that" && k > 0 && v.class[k - 1] == Class::Noun)
        {
            return true;
        }
        if !(matches!(v.class[k], Class::Aux | Class::Adv) || BE.contains(&l) || NEG.contains(&l)) {
            return false;
        }
    }
    false
}

fn reduced_relative_before(v: &View, i: usize) -> Option<usize> {
    // the clause start, reading "for", "after" etc. as prepositions here
    let mut cs = i;
    while cs > 0
        && !matches!(
            v.lower[cs - 1].as_str(),
            "," | ";" | ":" | "who" | "which" | "that" | "but" | "\"" | "(" | ")"
        )
    {
        cs -= 1;
    }
    let r = (cs..i).find(|&k| matches!(v.class[k], Class::Verb | Class::Aux))?;
    if r == cs || v.class[r] != Class::Verb || v.class[r - 1] != Class::Noun {
        return None;
    }
    let w = v.lower[r].as_str();
    let participle =
        (w.ends_with("ed") || w.ends_with("en") || irregular_participle(w)) && !BE.contains(&w);
    // no object: a prepositional phrase follows ("imprisoned for", "deployed to"), and
    // nothing between it and the verb at `i` joins another clause
    let next_ok = r + 1 < i && matches!(v.class[r + 1], Class::Adp | Class::Sconj | Class::Part);
    let joined = (r + 1..i).any(|k| {
        matches!(v.lower[k].as_str(), "and" | "or" | "," | "that")
            || (v.class[k] == Class::Verb && !matches!(v.class[k - 1], Class::Adp | Class::Sconj))
    });
    (participle && next_ok && !joined).then_some(r)
}

fn looks_verb(w: &str) -> bool {
    w.ends_with("ed")
        || matches!(
            w,
            "held" | "made" | "took" | "launched" | "staged" | "paid" | "gave" | "had"
        )
}

/// First token of the clause holding `i`.
fn clause_start(v: &View, i: usize) -> usize {
    let mut j = i;
    while j > 0 {
        if v.boundary(j - 1) || v.lower[j - 1] == "," && j >= 2 && v.class[j - 2] == Class::Verb {
            break;
        }
        j -= 1;
    }
    j
}

/// One past the last token of the clause holding `i`.
fn clause_end(v: &View, i: usize) -> usize {
    let mut j = i + 1;
    while j < v.len() {
        if v.boundary(j) && v.lower[j] != "that" || v.lower[j] == "." && j + 1 == v.len() {
            break;
        }
        if v.lower[j] == ","
            && j + 1 < v.len()
            && (SPEECH_AFTER.contains(&v.lower[j + 1].as_str()) || v.class[j + 1] == Class::Sconj)
        {
            break;
        }
        j += 1;
    }
    j
}

/// A place named in a dateline at the start of the text ("GAZA CITY, Palestinian
/// Territories:", "LYON:", "TOKYO (Reuters) -").
fn dateline_place(doc: &Doc) -> Option<usize> {
    let text = doc.text();
    let mut end = text.len().min(80);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let cut = head
        .find(':')
        .or_else(|| head.find(" ("))
        .or_else(|| head.find(" -"))?;
    let prefix = &head[..cut];
    if prefix.is_empty() || prefix.split_whitespace().count() > 6 {
        return None;
    }
    let first = prefix.split(',').next().unwrap_or("");
    if !first.chars().any(char::is_alphabetic) || first.chars().any(|c| c.is_lowercase()) {
        return None;
    }
    doc.mentions.iter().position(|m| {
        m.span.end() <= cut
            && matches!(
                m.entity_type,
                EntityType::Gpe | EntityType::Loc | EntityType::Fac
            )
    })
}

/// Drops, within a sentence, an event whose code, source and target are covered by
/// another event from the same trigger region with more specific information.
fn drop_subsumed(events: &mut Vec<Event>) {
    // an event with neither actor known adds nothing next to one with actors that is at
    // least as certain
    let best_known = events
        .iter()
        .filter(|e| !e.source.unknown || !e.target.unknown)
        .map(|e| e.confidence)
        .fold(f32::NEG_INFINITY, f32::max);
    events.retain(|e| {
        !(e.source.unknown && e.target.unknown)
            || e.polarity == Polarity::Negated
            || e.confidence > best_known
    });
    let snapshot = events.clone();
    events.retain(|e| {
        !snapshot.iter().any(|o| {
            !std::ptr::eq(o, e)
                && o.cameo[..2] == e.cameo[..2]
                && o.source.entity == e.source.entity
                && o.source.code == e.source.code
                && e.target.code.is_none()
                && o.target.code.is_some()
                && e.target.entity.is_none()
        })
    });
}

fn same_actor(a: &EventActor, b: &EventActor) -> bool {
    match (a.entity, b.entity) {
        (Some(x), Some(y)) => x == y,
        _ => a.code == b.code && a.unknown == b.unknown && a.entity == b.entity,
    }
}

/// Adds `e` to `all`, merging it into an earlier statement of the same event.
fn merge_into(all: &mut Vec<Event>, e: Event) {
    // an event with no actor on either side ("tankers were attacked", "in the event of an
    // attack") has nothing that makes it the same as another
    let anonymous = |x: &EventActor| x.entity.is_none() && x.code.is_none();
    if anonymous(&e.source) && anonymous(&e.target) {
        all.push(e);
        return;
    }
    if let Some(o) = all.iter_mut().find(|o| {
        o.cameo == e.cameo
            // two dates of their own clauses that differ are two events
            && !(o.date.basis == DateBasis::Clause
                && e.date.basis == DateBasis::Clause
                && o.date.value != e.date.value)
            && o.polarity == e.polarity
            && o.modality == e.modality
            && same_actor(&o.source, &e.source)
            && same_actor(&o.target, &e.target)
    }) {
        for s in e.evidence {
            if !o.evidence.contains(&s) {
                o.evidence.push(s);
            }
        }
        o.confidence = o.confidence.max(e.confidence);
        if o.date.basis != DateBasis::Clause && e.date.basis == DateBasis::Clause {
            o.date = e.date;
        }
        return;
    }
    all.push(e);
}

impl Stage for EventCoder {
    fn name(&self) -> &'static str {
        "events"
    }

    fn requires(&self) -> &'static [Layer] {
        &[
            Layer::Sentences,
            Layer::Tokens,
            Layer::Mentions,
            Layer::Entities,
            Layer::ReferenceDate,
            Layer::Timexes,
        ]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Events]
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let events = self.code(doc);
        doc.events.extend(events);
        Ok(())
    }
}
