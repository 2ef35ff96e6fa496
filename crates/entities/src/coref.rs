//! Pronouns ("it", "its", "they", "their") and definite descriptions of organisations,
//! countries and groups ("the country", "the ministry", "the militants") linked to the
//! most salient compatible antecedent before them, with a confidence.
//!
//! Knowledge: `knowledge/entities/pronouns.tsv` and `descriptions.tsv` (which pronoun or
//! head noun takes which kind of antecedent, its number, and the sector a country
//! antecedent takes: "the government" after "Japan" is the Japanese government).
//!
//! Salience: candidates are the name mentions (not in quotation marks, not photo
//! credits), plural groups ("Iraqi forces": a country or nationality followed by a
//! plural group noun), two names joined by "and", and the pronouns and descriptions
//! already linked (chains). A candidate scores by sentence distance (−1 a sentence),
//! subject position (+0.8: `nsubj` in the parse, else the first actor-like name of its
//! sentence), the same sentence (+0.3) and how well its kind fits (the order of the
//! kinds in the file). With a parse, a common-noun subject of the right number ("The
//! treaty … it") competes too and, when it wins, leaves the pronoun unlinked.

use crate::error::EntitiesError;
use crate::lexicon::Entry;
use crate::tagger::{Cand, Ctx};
use dateline_core::{ActorCode, Entity, EntityType, MentionKind, Span, Token};
use rustc_hash::FxHashMap;

/// What an antecedent may be.
#[derive(Clone, Debug, PartialEq)]
enum Accept {
    Country,
    Capital,
    Gpe,
    Norp,
    Org,
    OrgSector(String),
    OrgName(String),
    Group,
    Coord,
}

/// One pronoun or description head noun.
#[derive(Clone, Debug)]
struct Spec {
    plural: bool,
    accepts: Vec<Accept>,
    sector: Option<String>,
}

/// The pronoun and description knowledge.
#[derive(Debug)]
pub(crate) struct Refs {
    pronouns: FxHashMap<String, Spec>,
    nouns: FxHashMap<String, Spec>,
}

const PRONOUN_FILE: &str = "knowledge/entities/pronouns.tsv";
const DESCRIPTION_FILE: &str = "knowledge/entities/descriptions.tsv";

fn parse_file(
    file: &str,
    text: &str,
    with_sector: bool,
) -> Result<FxHashMap<String, Spec>, EntitiesError> {
    let mut out = FxHashMap::default();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let want = if with_sector { 4 } else { 3 };
        if f.len() != want {
            return Err(EntitiesError::lexicon(
                file,
                line_no,
                format!("want {want} tab-separated fields, found {}", f.len()),
            ));
        }
        let word = f[0].trim();
        if word.is_empty() || word.chars().any(|c| c.is_uppercase() || c.is_whitespace()) {
            return Err(EntitiesError::lexicon(
                file,
                line_no,
                format!("{word:?}: want one lower-case word"),
            ));
        }
        let plural = match f[1] {
            "sing" => false,
            "plur" => true,
            x => {
                return Err(EntitiesError::lexicon(
                    file,
                    line_no,
                    format!("number {x:?}: want sing or plur"),
                ))
            }
        };
        let mut accepts = Vec::new();
        for k in f[2].split(',') {
            let a = match k.trim() {
                "country" => Accept::Country,
                "capital" => Accept::Capital,
                "gpe" => Accept::Gpe,
                "norp" => Accept::Norp,
                "org" => Accept::Org,
                "group" => Accept::Group,
                "coord" => Accept::Coord,
                x if x.starts_with("org:") && x.len() > 4 => Accept::OrgSector(x[4..].to_string()),
                x if x.starts_with("name:") && x.len() > 5 => Accept::OrgName(x[5..].to_string()),
                x => {
                    return Err(EntitiesError::lexicon(
                        file,
                        line_no,
                        format!(
                            "antecedent kind {x:?}: want country, capital, gpe, norp, org, \
                             org:SECTOR, name:WORD, group or coord"
                        ),
                    ))
                }
            };
            accepts.push(a);
        }
        let sector = if with_sector {
            match f[3].trim() {
                "-" => None,
                s if s.len() == 3 && s.chars().all(|c| c.is_ascii_uppercase()) => {
                    Some(s.to_string())
                }
                s => {
                    return Err(EntitiesError::lexicon(
                        file,
                        line_no,
                        format!("sector {s:?}: want three capital letters or -"),
                    ))
                }
            }
        } else {
            None
        };
        if out
            .insert(
                word.to_string(),
                Spec {
                    plural,
                    accepts,
                    sector,
                },
            )
            .is_some()
        {
            return Err(EntitiesError::lexicon(
                file,
                line_no,
                format!("{word:?} given twice"),
            ));
        }
    }
    Ok(out)
}

impl Refs {
    /// Parses the two files (name, text), validating every line.
    pub(crate) fn parse(
        pronouns: (&str, &str),
        descriptions: (&str, &str),
    ) -> Result<Refs, EntitiesError> {
        Ok(Refs {
            pronouns: parse_file(pronouns.0, pronouns.1, false)?,
            nouns: parse_file(descriptions.0, descriptions.1, true)?,
        })
    }

    /// The compiled-in knowledge.
    pub(crate) fn builtin() -> Result<Refs, EntitiesError> {
        Refs::parse(
            (
                PRONOUN_FILE,
                include_str!("../../../knowledge/entities/pronouns.tsv"),
            ),
            (
                DESCRIPTION_FILE,
                include_str!("../../../knowledge/entities/descriptions.tsv"),
            ),
        )
    }

    pub(crate) fn shared() -> &'static Refs {
        static R: std::sync::OnceLock<Refs> = std::sync::OnceLock::new();
        R.get_or_init(|| Refs::builtin().expect("built-in pronoun and description files are valid"))
    }
}

/// Checks the compiled-in pronoun and description files (a bad line is an error naming
/// the file and line).
pub fn check_coref_knowledge() -> Result<(), EntitiesError> {
    Refs::builtin().map(|_| ())
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum SlotKind {
    Name,
    Group,
    Coord,
    Blocker,
}

#[derive(Clone, Debug)]
struct Slot {
    /// Model token of its head.
    pos: usize,
    sent: usize,
    kind: SlotKind,
    entity: Option<usize>,
    plural: bool,
    subject: bool,
    /// The group noun's sector ("forces" → MIL).
    sector: Option<String>,
}

/// What the linker knows of each entity.
struct EntInfo {
    ty: EntityType,
    country: bool,
    capital: bool,
    code: String,
    name: String,
}

/// Words after which "it" is the reported subject ("Iran said it was ready to talk").
const REPORTING: &[&str] = &[
    "said",
    "says",
    "added",
    "stated",
    "announced",
    "warned",
    "insisted",
    "claimed",
    "denied",
    "confirmed",
    "declared",
    "that",
    "noted",
    "argued",
    "threatened",
    "vowed",
    "pledged",
];
/// Words after which "it" is usually pleonastic ("it is clear that", "it seems").
const PLEONASTIC_NEXT: &[&str] = &[
    "is", "was", "'s", "’s", "seems", "seemed", "appears", "appeared", "remains", "remained",
    "takes", "took", "became", "becomes", "would", "will", "may", "might", "could", "has", "had",
];
const CLAUSE_TO: &[&str] = &["that", "to", "whether", "if", "for", "when", "how"];
const AUX_LIKE: &[&str] = &[
    "is", "was", "has", "had", "have", "will", "would", "could", "should", "may", "might", "can",
    "must", "did", "does", "do", "also", "had", "'s", "’s", "'d", "’d", "not", "never", "still",
    "already",
];

/// Linked pronoun and description mentions, plus the entities derived for a country's
/// government, military or police ("the government" after "Japan").
pub(crate) fn link(
    ctx: &Ctx,
    tokens: &[Token],
    cands: &[Cand],
    entities: &mut Vec<Entity>,
    skip: &[Span],
) -> Vec<Cand> {
    let refs = Refs::shared();
    let parsed = tokens.iter().any(|t| t.deprel.is_some());
    // model token → document token with the same start
    let doc_tok = |i: usize| -> Option<&Token> {
        let s = ctx.toks[i].0;
        let k = tokens.partition_point(|t| t.span.start() < s);
        tokens.get(k).filter(|t| t.span.start() == s)
    };
    let is_subj = |i: usize| {
        doc_tok(i)
            .and_then(|t| t.deprel.as_deref())
            .is_some_and(|d| d.starts_with("nsubj"))
    };
    let upos = |i: usize| doc_tok(i).and_then(|t| t.upos.as_deref());
    let mut info: Vec<EntInfo> = entities
        .iter()
        .map(|e| EntInfo {
            ty: e.entity_type,
            country: false,
            capital: false,
            code: e.actor.as_ref().map(|a| a.code.clone()).unwrap_or_default(),
            name: e.name.to_lowercase(),
        })
        .collect();
    for c in cands {
        if let Some(e) = c.entity {
            match c.entry {
                Some(Entry::Country(_)) if c.ty == EntityType::Gpe => info[e].country = true,
                Some(Entry::Capital(_)) => info[e].capital = true,
                _ => {}
            }
        }
    }
    let mut covered = vec![false; ctx.toks.len()];
    for c in cands {
        for x in covered.iter_mut().take(c.b).skip(c.a) {
            *x = true;
        }
    }
    for s in skip {
        for (i, t) in ctx.toks.iter().enumerate() {
            if s.start() <= t.0 && t.1 <= s.end() {
                covered[i] = true;
            }
        }
    }
    // subject-like without a parse: the first actor-like name of each sentence
    let mut first_actor: FxHashMap<usize, usize> = FxHashMap::default();
    for (k, c) in cands.iter().enumerate() {
        if matches!(
            c.ty,
            EntityType::Person | EntityType::Org | EntityType::Gpe | EntityType::Norp
        ) && !c.quoted
        {
            first_actor.entry(ctx.tok_sent[c.a]).or_insert(k);
        }
    }
    let mut slots: Vec<Slot> = Vec::new();
    let mut out: Vec<Cand> = Vec::new();
    let mut derived: FxHashMap<(usize, String), usize> = FxHashMap::default();
    let mut next_cand = 0;
    let n = ctx.toks.len();
    let mut i = 0;
    while i < n {
        // names starting here
        while next_cand < cands.len() && cands[next_cand].a <= i {
            let k = next_cand;
            next_cand += 1;
            let c = &cands[k];
            let Some(e) = c.entity else { continue };
            if c.quoted || c.credit || c.kind != MentionKind::Name {
                continue;
            }
            let sent = ctx.tok_sent[c.a];
            let subject = if parsed {
                (c.a..c.b).any(is_subj)
            } else {
                first_actor.get(&sent) == Some(&k) || verb_follows(ctx, c.a, c.b)
            };
            // "Iraqi forces", "U.S. troops": a plural group
            let mut g = c.b;
            if g < n && matches!(ctx.word(g), "'s" | "’s") {
                g += 1;
            }
            let group_noun = (g < n && ctx.tok_sent[g] == sent)
                .then(|| ctx.word(g).to_lowercase())
                .and_then(|w| refs.nouns.get(&w));
            if let Some(spec) = group_noun {
                let g_subject = if parsed { is_subj(g) } else { subject };
                if spec.plural
                    && matches!(
                        c.ty,
                        EntityType::Gpe | EntityType::Norp | EntityType::Misc | EntityType::Org
                    )
                {
                    slots.push(Slot {
                        pos: g,
                        sent,
                        kind: SlotKind::Group,
                        entity: Some(e),
                        plural: true,
                        subject: g_subject,
                        sector: spec.sector.clone(),
                    });
                    continue;
                }
                // "the Syrian army", "the Iranian government": the country's body
                if !spec.plural
                    && spec.sector.is_some()
                    && matches!(c.ty, EntityType::Gpe | EntityType::Norp)
                {
                    slots.push(Slot {
                        pos: g,
                        sent,
                        kind: SlotKind::Name,
                        entity: Some(e),
                        plural: false,
                        subject: g_subject,
                        sector: spec.sector.clone(),
                    });
                    continue;
                }
            }
            // "Abe and Trump": the pair, standing for both, linked to the first
            if let Some(prev) = k.checked_sub(1).map(|p| &cands[p]) {
                if prev.b + 1 == c.a
                    && ctx.word(prev.b).eq_ignore_ascii_case("and")
                    && prev.ty == c.ty
                    && matches!(c.ty, EntityType::Person | EntityType::Gpe)
                    && prev.entity.is_some()
                    && prev.entity != c.entity
                    && !prev.quoted
                {
                    let subj = if parsed {
                        (prev.a..c.b).any(is_subj)
                    } else {
                        first_actor.get(&sent) == Some(&(k - 1))
                    };
                    slots.push(Slot {
                        pos: c.b - 1,
                        sent,
                        kind: SlotKind::Coord,
                        entity: prev.entity,
                        plural: true,
                        subject: subj,
                        sector: None,
                    });
                }
            }
            // a nationality modifying a noun ("the Sudanese government") is no group
            if c.ty == EntityType::Norp && modifies_noun(ctx, c.b, sent, &upos) {
                continue;
            }
            slots.push(Slot {
                pos: c.b - 1,
                sent,
                kind: SlotKind::Name,
                entity: Some(e),
                plural: c.ty == EntityType::Norp,
                subject,
                sector: None,
            });
        }
        if covered[i] {
            i += 1;
            continue;
        }
        // lower-cased without allocating (every pronoun and noun of the files is short
        // ASCII; a longer or non-ASCII word matches none of them)
        let raw = ctx.word(i);
        let mut buf = [0u8; 24];
        let w: &str = if raw.len() <= buf.len() && raw.is_ascii() {
            buf[..raw.len()].copy_from_slice(raw.as_bytes());
            buf[..raw.len()].make_ascii_lowercase();
            std::str::from_utf8(&buf[..raw.len()]).unwrap_or("")
        } else {
            ""
        };
        let sent = ctx.tok_sent[i];
        let start = ctx.toks[i].0;
        // a pronoun
        if let Some(spec) = refs.pronouns.get(w) {
            if !ctx.quoted(start) && referential(ctx, w, i, parsed, &doc_tok) {
                // "France said it": the reporting verb's subject, the name just before it
                // (or its nsubj in the parse)
                let speaker = reporting_verb(ctx, i).map(|v| {
                    let head = doc_tok(v).map(|t| (t.sentence, t.span.start()));
                    (v, head)
                });
                let is_speaker = |s: &Slot| {
                    speaker.is_some_and(|(v, _)| s.pos + 1 == v)
                        || speaker.and_then(|(_, h)| h).is_some_and(|(si, vs)| {
                            doc_tok(s.pos).is_some_and(|t| {
                                t.sentence == si
                                    && t.deprel.as_deref().is_some_and(|d| d.starts_with("nsubj"))
                                    && t.head.is_some_and(|h| {
                                        let first = tokens.partition_point(|x| x.sentence < si);
                                        tokens.get(first + h).is_some_and(|x| x.span.start() == vs)
                                    })
                            })
                        })
                };
                if let Some((e, conf)) = resolve(spec, &slots, &info, i, sent, 2, &is_speaker) {
                    // the entity named in the antecedent ("Iraqi" in "Iraqi forces"), the
                    // one the events coder sees at "X said they ..."
                    let e = slots[e].entity.expect("linked slots have an entity");
                    out.push(linked(
                        ctx,
                        i,
                        i + 1,
                        info[e].ty,
                        MentionKind::Pronoun,
                        e,
                        conf,
                    ));
                    slots.push(Slot {
                        pos: i,
                        sent,
                        kind: SlotKind::Name,
                        entity: Some(e),
                        plural: spec.plural,
                        subject: if parsed {
                            is_subj(i)
                        } else {
                            matches!(w, "it" | "they") && i + 1 < n && ctx.tok_sent[i + 1] == sent
                        },
                        sector: None,
                    });
                }
            }
            i += 1;
            continue;
        }
        // "the N"
        if w == "the" && i + 1 < n && ctx.tok_sent[i + 1] == sent && !covered[i + 1] {
            let noun = ctx.word(i + 1);
            let spec = refs.nouns.get(noun);
            let next = (i + 2 < n && ctx.tok_sent[i + 2] == sent).then(|| i + 2);
            let compound = next.is_some_and(|j| {
                let nw = ctx.word(j);
                match upos(j) {
                    Some(u) => matches!(u, "NOUN" | "PROPN" | "NUM") || nw == "of",
                    None => {
                        nw == "of"
                            || nw.chars().next().is_some_and(char::is_uppercase)
                            || covered[j]
                    }
                }
            });
            if let (Some(spec), false) = (spec, compound) {
                if !ctx.quoted(start) {
                    if let Some((e, conf)) =
                        resolve(spec, &slots, &info, i + 1, sent, 4, &|_| false)
                    {
                        let conf = conf - 0.1;
                        let e = entity_for(
                            e,
                            spec.sector.as_deref(),
                            &slots,
                            &mut info,
                            entities,
                            &mut derived,
                            ctx,
                            i + 1,
                        );
                        out.push(linked(
                            ctx,
                            i,
                            i + 2,
                            info[e].ty,
                            MentionKind::Nominal,
                            e,
                            conf,
                        ));
                        slots.push(Slot {
                            pos: i + 1,
                            sent,
                            kind: SlotKind::Name,
                            entity: Some(e),
                            plural: spec.plural,
                            subject: parsed && is_subj(i + 1),
                            sector: None,
                        });
                        i += 2;
                        continue;
                    }
                }
            }
        }
        // a common-noun subject competes ("The treaty ... it")
        // (not the noun of a group already taken: "U.S. troops")
        // and a plural common noun anywhere ("arrested ten of the activists ... them")
        let deprel = doc_tok(i).and_then(|t| t.deprel.as_deref()).unwrap_or("");
        let argument = ["nsubj", "obj", "obl", "nmod", "conj", "iobj"]
            .iter()
            .any(|d| deprel.starts_with(d));
        if parsed
            && argument
            && upos(i) == Some("NOUN")
            && !ctx.quoted(start)
            && !slots.iter().rev().take(4).any(|s| s.pos == i)
        {
            let lemma = doc_tok(i).and_then(|t| t.lemma.as_deref());
            let plural = match lemma {
                Some(l) if !l.eq_ignore_ascii_case(w) => w.ends_with('s'),
                _ => {
                    w.ends_with('s')
                        && !w.ends_with("ss")
                        && !w.ends_with("us")
                        && !w.ends_with("is")
                }
            } || refs.nouns.get(w).is_some_and(|s| s.plural);
            if plural || is_subj(i) {
                slots.push(Slot {
                    pos: i,
                    sent,
                    kind: SlotKind::Blocker,
                    entity: None,
                    plural,
                    subject: is_subj(i),
                    sector: None,
                });
            }
        }
        i += 1;
    }
    out
}

/// Whether the word at `b` continues a noun phrase (a noun after a modifier).
fn modifies_noun<'a>(
    ctx: &Ctx,
    b: usize,
    sent: usize,
    upos: &dyn Fn(usize) -> Option<&'a str>,
) -> bool {
    if b >= ctx.toks.len() || ctx.tok_sent[b] != sent {
        return false;
    }
    match upos(b) {
        Some(u) => matches!(u, "NOUN" | "PROPN" | "ADJ" | "NUM"),
        None => {
            let w = ctx.word(b);
            let lw = w.to_lowercase();
            let verb_like = AUX_LIKE.contains(&lw.as_str())
                || REPORTING.contains(&lw.as_str())
                || (lw.len() > 4 && lw.ends_with("ed"));
            let function_word = matches!(
                lw.as_str(),
                "and" | "or" | "who" | "which" | "in" | "on" | "at"
            );
            w.chars().all(char::is_alphabetic) && !verb_like && !function_word
        }
    }
}

/// Without a parse: a name followed by a verb-like word and not after a preposition
/// ("…, and France said") is taken as a subject.
fn verb_follows(ctx: &Ctx, a: usize, b: usize) -> bool {
    let n = ctx.toks.len();
    if b >= n || ctx.tok_sent[b] != ctx.tok_sent[a] {
        return false;
    }
    let next = ctx.word(b).to_lowercase();
    let verb = REPORTING.contains(&next.as_str()) && next != "that"
        || AUX_LIKE.contains(&next.as_str())
        || (next.len() > 4 && next.ends_with("ed"));
    let after_prep = a > 0
        && matches!(
            ctx.word(a - 1).to_lowercase().as_str(),
            "in" | "on"
                | "at"
                | "to"
                | "of"
                | "from"
                | "with"
                | "by"
                | "for"
                | "against"
                | "into"
                | "between"
        );
    verb && !after_prep
}

/// The reporting verb a pronoun at `i` is the reported subject of ("France said it",
/// "said that it"): its token.
fn reporting_verb(ctx: &Ctx, i: usize) -> Option<usize> {
    let sent = ctx.tok_sent[i];
    let mut j = i.checked_sub(1)?;
    if ctx.word(j).eq_ignore_ascii_case("that") {
        j = j.checked_sub(1)?;
    }
    (ctx.tok_sent[j] == sent
        && REPORTING.contains(&ctx.word(j).to_lowercase().as_str())
        && ctx.word(j) != "that")
        .then_some(j)
}

/// Whether a pronoun at model token `i` refers (not pleonastic "it is clear that", not
/// an object "it" that mostly stands for a thing).
fn referential<'a>(
    ctx: &Ctx,
    w: &str,
    i: usize,
    parsed: bool,
    doc_tok: &dyn Fn(usize) -> Option<&'a Token>,
) -> bool {
    if w != "it" {
        return true;
    }
    let n = ctx.toks.len();
    let sent = ctx.tok_sent[i];
    let next = (i + 1 < n && ctx.tok_sent[i + 1] == sent).then(|| ctx.word(i + 1).to_lowercase());
    let Some(next) = next else { return false };
    if parsed {
        let d = doc_tok(i).and_then(|t| t.deprel.as_deref()).unwrap_or("");
        if d == "expl" || !d.starts_with("nsubj") {
            return false;
        }
    } else {
        let verb_like = AUX_LIKE.contains(&next.as_str())
            || (next.len() > 3 && (next.ends_with("ed") || next.ends_with('s')));
        if !verb_like {
            return false;
        }
    }
    let reported = i > 0
        && ctx.tok_sent[i - 1] == sent
        && REPORTING.contains(&ctx.word(i - 1).to_lowercase().as_str());
    if reported {
        return true;
    }
    // "it's just not realistic", "it was a shock": mostly not an actor
    if matches!(next.as_str(), "is" | "was" | "'s" | "’s") {
        return false;
    }
    if PLEONASTIC_NEXT.contains(&next.as_str()) {
        // "it is clear that", "it was not known whether", "it has been agreed to"
        let end = (i + 8).min(ctx.sents[sent].1);
        let clause = (i + 2..end).any(|j| CLAUSE_TO.contains(&ctx.word(j).to_lowercase().as_str()));
        if clause || matches!(next.as_str(), "seems" | "seemed" | "appears" | "appeared") {
            return false;
        }
    }
    true
}

/// The fit of an antecedent slot for a pronoun or noun: the kind's rank, best first.
fn fit(spec: &Spec, slot: &Slot, info: &[EntInfo]) -> Option<f32> {
    if slot.kind == SlotKind::Blocker {
        return (slot.plural == spec.plural).then_some(0.0);
    }
    let e = &info[slot.entity?];
    for (k, a) in spec.accepts.iter().enumerate() {
        let ok = match (a, slot.kind) {
            (Accept::Group, SlotKind::Group) | (Accept::Coord, SlotKind::Coord) => true,
            (_, SlotKind::Group | SlotKind::Coord) => false,
            // a linked pronoun or description keeps its number
            (_, SlotKind::Name) if slot.plural != spec.plural && e.ty != EntityType::Org => false,
            (Accept::Country, _) => {
                e.country
                    || (slot.sector.is_some()
                        && e.code.len() == 3
                        && matches!(e.ty, EntityType::Gpe | EntityType::Norp))
            }
            (Accept::Capital, _) => e.capital,
            (Accept::Gpe, _) => e.ty == EntityType::Gpe,
            (Accept::Norp, _) => e.ty == EntityType::Norp,
            (Accept::Org, _) => e.ty == EntityType::Org,
            (Accept::OrgSector(s), _) => e.ty == EntityType::Org && e.code.contains(s.as_str()),
            (Accept::OrgName(w), _) => {
                e.ty == EntityType::Org && e.name.split_whitespace().any(|x| x == w)
            }
            _ => false,
        };
        if ok {
            return Some(0.3 - 0.1 * k as f32);
        }
    }
    None
}

/// The best antecedent before model token `i` within `window` sentences: (slot index,
/// confidence), or `None` when nothing fits or a common noun wins.
fn resolve(
    spec: &Spec,
    slots: &[Slot],
    info: &[EntInfo],
    i: usize,
    sent: usize,
    window: usize,
    speaker: &dyn Fn(&Slot) -> bool,
) -> Option<(usize, f32)> {
    let mut best: Option<(f32, usize)> = None;
    let mut second: Option<f32> = None;
    for (k, s) in slots.iter().enumerate().rev() {
        if s.pos >= i {
            continue;
        }
        if sent - s.sent > window {
            break;
        }
        let Some(prior) = fit(spec, s, info) else {
            continue;
        };
        let mut score = -((sent - s.sent) as f32) + prior;
        if s.subject {
            score += 0.8;
        }
        if s.sent == sent {
            score += 0.3;
            if speaker(s) {
                score += 0.5;
            }
        }
        score += s.pos as f32 * 1e-6;
        match best {
            Some((b, bk)) if score <= b => {
                if slots[bk].entity != s.entity {
                    second = Some(second.map_or(score, |x: f32| x.max(score)));
                }
            }
            _ => {
                if let Some((b, bk)) = best {
                    if slots[bk].entity != s.entity {
                        second = Some(b);
                    }
                }
                best = Some((score, k));
            }
        }
    }
    let (score, k) = best?;
    if slots[k].kind == SlotKind::Blocker {
        return None;
    }
    let mut conf: f32 = 0.55;
    match second {
        None => conf += 0.15,
        Some(s2) if score - s2 >= 0.7 => conf += 0.1,
        Some(s2) if score - s2 < 0.3 => conf -= 0.1,
        _ => {}
    }
    if slots[k].kind == SlotKind::Coord {
        conf -= 0.1;
    }
    Some((k, conf))
}

/// The entity a link goes to: the slot's, or, for a country taken as its government,
/// military or police ("the government", "Iraqi forces … they"), an entity derived
/// from it (`JPNGOV`), made once per country and sector.
#[allow(clippy::too_many_arguments)]
fn entity_for(
    slot: usize,
    sector: Option<&str>,
    slots: &[Slot],
    info: &mut Vec<EntInfo>,
    entities: &mut Vec<Entity>,
    derived: &mut FxHashMap<(usize, String), usize>,
    ctx: &Ctx,
    at: usize,
) -> usize {
    let s = &slots[slot];
    let e = s.entity.expect("linked slots have an entity");

    let national = info[e].code.len() == 3
        && (info[e].country
            || info[e].capital
            || matches!(info[e].ty, EntityType::Norp | EntityType::Gpe));
    let (Some(sector), true) = (sector, national) else {
        return e;
    };
    let key = (e, sector.to_string());
    if let Some(&d) = derived.get(&key) {
        return d;
    }
    let base = &entities[e];
    let iso3 = info[e].code.clone();
    let what = match sector {
        "GOV" => "government",
        "MIL" => "military",
        "COP" => "police",
        "BUS" => "business",
        _ => "sector",
    };
    let id = entities.len();
    let word = ctx.word(at);
    entities.push(Entity {
        id,
        name: format!("{} ({what})", base.name),
        entity_type: EntityType::Org,
        role: None,
        country: Some(iso3.clone()),
        actor: Some(ActorCode {
            code: format!("{iso3}{sector}"),
            evidence: format!(
                "\"{word}\" standing for {}'s {what}; country from the salient antecedent",
                base.name
            ),
            confidence: 0.5,
        }),
        mentions: Vec::new(),
    });
    info.push(EntInfo {
        ty: EntityType::Org,
        country: false,
        capital: false,
        code: format!("{iso3}{sector}"),
        name: entities[id].name.to_lowercase(),
    });
    derived.insert(key, id);
    id
}

fn linked(
    ctx: &Ctx,
    a: usize,
    b: usize,
    ty: EntityType,
    kind: MentionKind,
    e: usize,
    confidence: f32,
) -> Cand {
    Cand {
        a,
        b,
        span: Span::new(ctx.toks[a].0, ctx.toks[b - 1].1),
        ty,
        kind,
        entry: None,
        role: None,
        quoted: false,
        credit: false,
        entity: Some(e),
        confidence,
        outer: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_files_load() {
        let r = Refs::builtin().unwrap();
        assert!(r.pronouns["they"].plural);
        assert!(!r.pronouns["its"].plural);
        assert_eq!(r.nouns["government"].sector.as_deref(), Some("GOV"));
        assert!(r.nouns["militants"].accepts.contains(&Accept::Norp));
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let good = "it\tsing\tcountry\n";
        let e = Refs::parse(("p.tsv", good), ("d.tsv", "# c\ncountry\tsing\tcountry\n"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("d.tsv:2:"), "{e}");
        let e = Refs::parse(("p.tsv", "it\tmany\tcountry\n"), ("d.tsv", ""))
            .unwrap_err()
            .to_string();
        assert!(e.contains("p.tsv:1:") && e.contains("sing or plur"), "{e}");
        let e = Refs::parse(("p.tsv", "it\tsing\tplanet\n"), ("d.tsv", ""))
            .unwrap_err()
            .to_string();
        assert!(e.contains("planet"), "{e}");
        let e = Refs::parse(("p.tsv", good), ("d.tsv", "army\tsing\torg\tmil\n"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("d.tsv:1:") && e.contains("sector"), "{e}");
        let e = Refs::parse(("p.tsv", "it\tsing\torg\nit\tsing\torg\n"), ("d.tsv", ""))
            .unwrap_err()
            .to_string();
        assert!(e.contains("p.tsv:2:") && e.contains("twice"), "{e}");
    }
}
