//! A sentence seen by the coder: its tokens with a coarse word class, lemma, and the
//! actor or place mention each token belongs to. Works from the parse and tags when the
//! `syntax` layer gave them, and from closed-class word lists and word shape when not.

use dateline_core::{Doc, EntityType, MentionKind, Span};

/// Coarse word classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Common noun.
    Noun,
    /// Proper noun.
    Propn,
    /// Verb.
    Verb,
    /// Auxiliary or modal.
    Aux,
    /// Adjective.
    Adj,
    /// Adverb.
    Adv,
    /// Determiner.
    Det,
    /// Preposition.
    Adp,
    /// Pronoun.
    Pron,
    /// Coordinating conjunction.
    Cconj,
    /// Subordinating conjunction.
    Sconj,
    /// Particle ("not", "to", "'s").
    Part,
    /// Number.
    Num,
    /// Punctuation.
    Punct,
}

const DET: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "its", "his", "her", "their", "our", "my", "your",
    "no", "some", "any", "each", "every", "all", "both", "such", "another", "other",
];
const ADP: &[&str] = &[
    "of", "in", "on", "at", "for", "with", "by", "from", "against", "into", "about", "over",
    "under", "between", "among", "during", "near", "through", "toward", "towards", "across",
    "behind", "upon", "without", "despite", "amid", "until", "outside", "inside", "along", "via",
    "per", "onto", "within", "ahead", "prior", "like",
];
const AUX: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "having", "do",
    "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must",
    "'s", "'re", "'ve", "'ll", "'d", "wo", "ca",
];
const PRON: &[&str] = &[
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "him",
    "them",
    "us",
    "me",
    "who",
    "whom",
    "which",
    "themselves",
    "himself",
    "herself",
    "itself",
    "there",
];
const CCONJ: &[&str] = &["and", "or", "but", "&", "nor"];
const SCONJ: &[&str] = &[
    "that", "if", "while", "because", "although", "though", "whether", "unless", "as", "when",
    "after", "before", "since", "where", "whereas", "once",
];
const ADJ: &[&str] = &[
    "alleged",
    "suspected",
    "reported",
    "so-called",
    "former",
    "military",
    "diplomatic",
    "political",
    "economic",
    "humanitarian",
    "fierce",
    "new",
    "senior",
    "official",
    "joint",
    "armed",
    "foreign",
    "international",
    "national",
    "several",
    "many",
    "few",
    "last",
    "next",
    "first",
    "second",
    "third",
    "recent",
    "late",
    "early",
    "major",
];
const NUMBER: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
    "thirty",
    "fifty",
    "hundred",
    "dozens",
    "hundreds",
    "thousands",
];
const PART: &[&str] = &["not", "n't", "to", "never"];
const ADV: &[&str] = &[
    "also",
    "earlier",
    "later",
    "recently",
    "again",
    "still",
    "already",
    "even",
    "just",
    "now",
    "then",
    "yesterday",
    "today",
    "tomorrow",
    "here",
    "there",
    "further",
    "jointly",
    "openly",
    "reportedly",
    "allegedly",
    "almost",
    "nearly",
    "once",
    "soon",
    "ago",
    "too",
    "very",
    "so",
    "more",
    "most",
    "only",
    "up",
    "down",
    "out",
    "off",
    "back",
    "away",
];

fn guess(lower: &str, text: &str) -> Class {
    if text.chars().all(|c| !c.is_alphanumeric()) {
        return Class::Punct;
    }
    if text
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return Class::Num;
    }
    if NUMBER.contains(&lower) {
        // "Five civilians were killed": a number word, even capitalised
        return Class::Num;
    }
    if text.len() >= 2 && text.chars().all(|c| c.is_ascii_uppercase() || c == '.') {
        // "US", "UN", "U.S.": an abbreviated name, not the pronoun "us"
        Class::Propn
    } else if ADJ.contains(&lower) {
        Class::Adj
    } else if DET.contains(&lower) {
        Class::Det
    } else if PART.contains(&lower) {
        Class::Part
    } else if AUX.contains(&lower) {
        Class::Aux
    } else if CCONJ.contains(&lower) {
        Class::Cconj
    } else if SCONJ.contains(&lower) {
        Class::Sconj
    } else if ADP.contains(&lower) {
        Class::Adp
    } else if PRON.contains(&lower) {
        Class::Pron
    } else if ADV.contains(&lower) || (lower.ends_with("ly") && lower.len() > 4) {
        Class::Adv
    } else if text.chars().next().is_some_and(char::is_uppercase) {
        Class::Propn
    } else {
        Class::Noun
    }
}

fn from_upos(upos: &str) -> Option<Class> {
    Some(match upos {
        "NOUN" => Class::Noun,
        "PROPN" => Class::Propn,
        "VERB" => Class::Verb,
        "AUX" => Class::Aux,
        "ADJ" => Class::Adj,
        "ADV" => Class::Adv,
        "DET" => Class::Det,
        "ADP" => Class::Adp,
        "PRON" => Class::Pron,
        "CCONJ" => Class::Cconj,
        "SCONJ" => Class::Sconj,
        "PART" => Class::Part,
        "NUM" => Class::Num,
        "PUNCT" | "SYM" => Class::Punct,
        _ => return None,
    })
}

/// The coder's view of one sentence.
#[derive(Debug)]
pub struct View {
    /// Sentence index.
    pub sentence: usize,
    /// Index of the first token in `Doc.tokens`.
    pub first: usize,
    /// Lower-cased token texts.
    pub lower: Vec<String>,
    /// Original token texts.
    pub text: Vec<String>,
    /// Lemmas, when tagged.
    pub lemma: Vec<Option<String>>,
    /// Word classes (from UPOS when tagged, else guessed).
    pub class: Vec<Class>,
    /// Whether classes came from a tagger.
    pub tagged: bool,
    /// Token spans.
    pub span: Vec<Span>,
    /// Dependency heads (sentence-relative), when parsed.
    pub head: Vec<Option<usize>>,
    /// Dependency relations, when parsed.
    pub deprel: Vec<Option<String>>,
    /// The actor mention (index in `Doc.mentions`) each token belongs to.
    pub actor: Vec<Option<usize>>,
    /// The place mention each token belongs to.
    pub place: Vec<Option<usize>>,
}

fn is_actor_type(t: EntityType) -> bool {
    matches!(
        t,
        EntityType::Person | EntityType::Org | EntityType::Gpe | EntityType::Norp
    )
}

fn is_place_type(t: EntityType) -> bool {
    matches!(t, EntityType::Gpe | EntityType::Loc | EntityType::Fac)
}

impl View {
    /// Builds the view of sentence `s`.
    ///
    /// `forms` says whether a lower-cased word is a known verb form and a known noun form
    /// (of the patterns); untagged tokens are classed as verbs or nouns with it.
    pub fn new(doc: &Doc, s: usize, forms: &dyn Fn(&str) -> (bool, bool)) -> View {
        let sent = &doc.sentences[s];
        let first = sent.first_token;
        let toks = &doc.tokens[first..(first + sent.token_count).min(doc.tokens.len())];
        let text = doc.text();
        let mut v = View {
            sentence: s,
            first,
            lower: Vec::with_capacity(toks.len()),
            text: Vec::with_capacity(toks.len()),
            lemma: Vec::with_capacity(toks.len()),
            class: Vec::with_capacity(toks.len()),
            tagged: toks.iter().any(|t| t.upos.is_some()),
            span: Vec::with_capacity(toks.len()),
            head: Vec::with_capacity(toks.len()),
            deprel: Vec::with_capacity(toks.len()),
            actor: vec![None; toks.len()],
            place: vec![None; toks.len()],
        };
        for t in toks {
            let w = t.span.get(text).unwrap_or("").replace('\u{2019}', "'");
            let lower = w.to_lowercase();
            let class = t
                .upos
                .as_deref()
                .and_then(from_upos)
                .unwrap_or_else(|| guess(&lower, &w));
            v.lower.push(lower);
            v.text.push(w);
            v.lemma.push(t.lemma.as_ref().map(|l| l.to_lowercase()));
            v.class.push(class);
            v.span.push(t.span);
            v.head.push(t.head);
            v.deprel.push(t.deprel.clone());
        }
        // a hyphen inside a word ("two-day", "Abe-Trump") joins its neighbours
        for i in 1..v.len().saturating_sub(1) {
            if matches!(v.lower[i].as_str(), "-" | "\u{2010}" | "\u{2011}")
                && v.span[i - 1].end() == v.span[i].start()
                && v.span[i].end() == v.span[i + 1].start()
            {
                v.class[i] = Class::Adj;
                // "war-torn", "military-ruled", "UK-based": the participle after the
                // hyphen is part of a modifier, not a verb
                if v.class[i + 1] == Class::Verb {
                    v.class[i + 1] = Class::Adj;
                }
            }
        }
        if !v.tagged {
            // nationality words are adjectives ("Israeli shelling")
            for m in &doc.mentions {
                if m.entity_type == EntityType::Norp && sent.span.contains(m.span) {
                    for (i, ts) in v.span.iter().enumerate() {
                        if m.span == *ts && v.class[i] == Class::Propn {
                            v.class[i] = Class::Adj;
                        }
                    }
                }
            }
            for i in 0..v.class.len() {
                let (is_verb, is_noun) = forms(&v.lower[i]);
                // "-ly" guessed an adverb, but "supply", "apply", "rally" are verbs
                if v.class[i] == Class::Adv
                    && (is_verb || is_noun)
                    && !ADV.contains(&v.lower[i].as_str())
                {
                    v.class[i] = Class::Noun;
                }
                if v.class[i] != Class::Noun {
                    continue;
                }
                let w = &v.lower[i];
                let ed = w.len() > 4 && w.ends_with("ed");
                if !(is_verb || ed) {
                    continue;
                }
                let prev = if i > 0 {
                    Some((v.class[i - 1], v.lower[i - 1].as_str()))
                } else {
                    None
                };
                let nominal_ctx = match prev {
                    Some((Class::Det | Class::Adj | Class::Num, _)) => true,
                    Some((_, "'s")) => true,
                    // after a preposition a bare form is a noun ("bans on travel")
                    Some((Class::Adp, p)) => p != "to" && (is_noun || !w.ends_with("ing")),
                    Some((Class::Noun | Class::Verb, _)) => is_noun,
                    _ => false,
                };
                if !nominal_ctx {
                    v.class[i] = Class::Verb;
                }
            }
        }
        let sspan = sent.span;
        for (mi, m) in doc.mentions.iter().enumerate() {
            if !sspan.overlaps(m.span) {
                continue;
            }
            // a linked possessive "its"/"their" is not an argument by itself ("its
            // allies", "their demands"); subject and object pronouns ("it", "they",
            // "them") are, with their antecedent's actor
            if m.kind == MentionKind::Pronoun
                && matches!(
                    m.span.get(text).map(str::to_lowercase).as_deref(),
                    Some("its" | "their" | "theirs")
                )
            {
                continue;
            }
            for (i, ts) in v.span.iter().enumerate() {
                if m.span.contains(*ts) || (ts.overlaps(m.span) && !ts.is_empty()) {
                    if is_actor_type(m.entity_type) && v.actor[i].is_none() {
                        v.actor[i] = Some(mi);
                    }
                    if is_place_type(m.entity_type) && v.place[i].is_none() {
                        v.place[i] = Some(mi);
                    }
                }
            }
        }
        v
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.lower.len()
    }

    /// Whether the sentence has no tokens.
    pub fn is_empty(&self) -> bool {
        self.lower.is_empty()
    }

    /// Whether token `i` may be part of a noun phrase.
    pub fn nominal(&self, i: usize) -> bool {
        matches!(
            self.class[i],
            Class::Noun | Class::Propn | Class::Adj | Class::Det | Class::Num
        ) || self.lower[i] == "'s"
            || self.lower[i] == "'"
            || (self.lower[i] == "-" && i > 0 && i + 1 < self.len())
            || self.actor[i].is_some()
    }

    /// Whether token `i` ends a clause for the purpose of finding arguments.
    pub fn boundary(&self, i: usize) -> bool {
        matches!(
            self.lower[i].as_str(),
            ";" | ":" | "--" | "\u{2014}" | "\u{2013}" | "(" | ")" | "\"" | "\u{201c}" | "\u{201d}"
        ) || matches!(self.class[i], Class::Sconj)
            || matches!(self.lower[i].as_str(), "who" | "which" | "whom" | "but")
    }
}
