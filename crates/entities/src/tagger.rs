//! The entity stage: mentions from the model and the lexicon, roles, clustering,
//! definite descriptions and pronouns, actor codes.

use crate::actor::{compose, person_tenure, read_role, tenure_evidence};
use crate::lexicon::{parse_ymd, Entry, GazMatch, Lexicon, PlaceKind, Ymd};
use crate::model::{spans as bilou_spans, Model, Prepared};
use dateline_core::{
    ActorCode, Doc, Entity, EntityType, Layer, Mention, MentionKind, Span, Stage, StageError,
};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// The entity stage. Needs sentences and tokens; fills `Doc.mentions` and
/// `Doc.entities`.
pub struct EntityTagger {
    lexicon: Arc<Lexicon>,
    model: &'static Model,
}

impl Default for EntityTagger {
    fn default() -> Self {
        EntityTagger::new()
    }
}

fn shared_arc() -> Arc<Lexicon> {
    static L: std::sync::OnceLock<Arc<Lexicon>> = std::sync::OnceLock::new();
    L.get_or_init(|| Arc::new(Lexicon::builtin().expect("built-in lexicon is valid")))
        .clone()
}

/// The coarse CoNLL class of a dateline entity type (for evaluation).
pub fn conll_class(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "PER",
        EntityType::Org => "ORG",
        EntityType::Gpe | EntityType::Loc | EntityType::Fac => "LOC",
        EntityType::Norp | EntityType::Event | EntityType::Misc => "MISC",
    }
}

const FAC_WORDS: &[&str] = &[
    "center",
    "centre",
    "airport",
    "stadium",
    "hall",
    "palace",
    "bridge",
    "tower",
    "hospital",
    "station",
    "square",
    "building",
    "museum",
    "temple",
    "mosque",
    "church",
    "cathedral",
    "hotel",
    "prison",
    "base",
    "arena",
    "park",
    "plant",
    "embassy",
    "port",
    "shrine",
];
const LOC_WORDS: &[&str] = &[
    "sea",
    "strait",
    "straits",
    "river",
    "mountain",
    "mountains",
    "ocean",
    "gulf",
    "bay",
    "lake",
    "valley",
    "island",
    "islands",
    "peninsula",
    "desert",
    "region",
    "coast",
    "canal",
    "mount",
    "basin",
    "plateau",
    "heights",
    "delta",
];
const EVENT_WORDS: &[&str] = &[
    "summit",
    "war",
    "olympics",
    "olympic",
    "games",
    "cup",
    "championship",
    "championships",
    "election",
    "conference",
    "forum",
    "festival",
    "open",
    "revolution",
    "crisis",
    "grand prix",
    "world series",
    "super bowl",
    "expo",
    "tournament",
    "talks",
];
/// Lower-case words that occur inside names ("Bank of England", "Tour de France",
/// "Council on Foreign Relations", "Osama bin Laden", "Ludwig van Beethoven").
const NAME_CONNECTORS: &[&str] = &[
    "of", "the", "and", "for", "on", "in", "at", "to", "upon", "de", "du", "des", "del", "della",
    "di", "da", "do", "dos", "das", "la", "le", "les", "el", "al", "bin", "ibn", "bint", "van",
    "von", "der", "den", "ter", "ten", "zu", "y", "e", "et", "und", "och", "og", "ul", "ud",
];

/// Whether a word may stand inside a multi-word name: anything but an all-lower-case
/// word outside [`NAME_CONNECTORS`] ("iPhone", "McDonald", "U.S.", "&", "-" may).
fn name_internal(w: &str) -> bool {
    !w.chars().all(|c| c.is_lowercase()) || NAME_CONNECTORS.contains(&w)
}

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const PRONOUNS: &[&str] = &["he", "him", "his", "she", "her", "hers"];
const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    "from",
    "to",
    "outside",
    "inside",
    "around",
    "across",
    "into",
    "via",
    "visit",
    "visited",
    "visiting",
    "toward",
    "towards",
    "through",
    "throughout",
    "within",
];

/// A mention being built.
#[derive(Clone, Debug)]
pub(crate) struct Cand {
    pub(crate) a: usize,
    pub(crate) b: usize,
    pub(crate) span: Span,
    pub(crate) ty: EntityType,
    pub(crate) kind: MentionKind,
    pub(crate) entry: Option<Entry>,
    pub(crate) role: Option<Span>,
    pub(crate) quoted: bool,
    pub(crate) credit: bool,
    pub(crate) entity: Option<usize>,
    pub(crate) confidence: f32,
    /// A compound holding nested names ("Japan-U.S."): kept as one name (as CoNLL
    /// annotates it) but not clustered; its parts carry the entities.
    pub(crate) outer: bool,
}

/// The document as the stage reads it.
pub(crate) struct Ctx<'a> {
    pub(crate) text: &'a str,
    pub(crate) toks: Vec<(usize, usize)>,
    pub(crate) tok_sent: Vec<usize>,
    pub(crate) sents: Vec<(usize, usize)>,
    gaz: Vec<GazMatch>,
    /// token index → gazetteer matches (indices into `gaz`) ending at that token
    ends_at: Vec<Vec<usize>>,
    /// token index → gazetteer matches starting at that token
    starts_at: Vec<Vec<usize>>,
    quotes: Vec<(usize, usize)>,
    date: Option<Ymd>,
}

impl Ctx<'_> {
    pub(crate) fn word(&self, i: usize) -> &str {
        &self.text[self.toks[i].0..self.toks[i].1]
    }
    fn tok_at_start(&self, byte: usize) -> Option<usize> {
        let i = self.toks.partition_point(|t| t.0 < byte);
        (i < self.toks.len() && self.toks[i].0 == byte).then_some(i)
    }
    fn tok_at_end(&self, byte: usize) -> Option<usize> {
        let i = self.toks.partition_point(|t| t.1 < byte);
        (i < self.toks.len() && self.toks[i].1 == byte).then_some(i)
    }
    pub(crate) fn quoted(&self, s: usize) -> bool {
        self.quotes.iter().any(|&(a, b)| a <= s && s < b)
    }
    /// Longest gazetteer match ending at token `j` that has an entry satisfying `f`;
    /// returns its first token.
    fn match_ending<F: Fn(&Entry) -> bool>(&self, j: usize, f: F) -> Option<(usize, Entry)> {
        let mut best: Option<(usize, Entry)> = None;
        for &g in &self.ends_at[j] {
            let m = &self.gaz[g];
            if let Some(e) = m.entries.iter().find(|e| f(e)) {
                let a = self.tok_at_start(m.start)?;
                if best.is_none_or(|(ba, _)| a < ba) {
                    best = Some((a, *e));
                }
            }
        }
        best
    }
    fn match_starting<F: Fn(&Entry) -> bool>(&self, i: usize, f: F) -> Option<(usize, Entry)> {
        let mut best: Option<(usize, Entry)> = None;
        for &g in &self.starts_at[i] {
            let m = &self.gaz[g];
            if let Some(e) = m.entries.iter().find(|e| f(e)) {
                let b = self.tok_at_end(m.end)?;
                if best.is_none_or(|(bb, _)| b > bb) {
                    best = Some((b, *e));
                }
            }
        }
        best
    }
}

fn is_role(e: &Entry) -> bool {
    matches!(e, Entry::Role(_))
}
fn is_countryish(e: &Entry) -> bool {
    matches!(e, Entry::Country(_) | Entry::CountryAdj(_))
}

/// Quoted regions: between “ and ”, or between pairs of straight double quotes, within
/// a paragraph.
fn quote_regions(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut straight: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match c {
            '“' => open = Some(i),
            '”' => {
                if let Some(s) = open.take() {
                    out.push((s, i));
                }
            }
            '"' => match straight.take() {
                Some(s) => out.push((s, i)),
                None => straight = Some(i),
            },
            '\n' if text[i..].starts_with("\n\n") => {
                open = None;
                straight = None;
            }
            _ => {}
        }
    }
    out
}

/// Half-open ranges (of bytes or of tokens).
type TokenSpans = Vec<(usize, usize)>;

/// The tokens the model reads: the document's tokens with hyphenated compounds joined
/// again ("Bergamo-based", "al-Aqsa", as in the model's training data), and sentences
/// also broken at line breaks (a headline line is not part of the next sentence).
/// Returns token spans, each token's sentence, and sentences as token ranges.
fn model_tokens(doc: &Doc) -> (TokenSpans, Vec<usize>, TokenSpans) {
    let text = doc.text();
    let src: Vec<(usize, usize, usize)> = doc
        .tokens
        .iter()
        .map(|t| (t.span.start(), t.span.end(), t.sentence))
        .collect();
    let mut toks: Vec<(usize, usize)> = Vec::with_capacity(src.len());
    let mut orig_sent: Vec<usize> = Vec::with_capacity(src.len());
    let mut i = 0;
    while i < src.len() {
        let (s, e, si) = src[i];
        let joins = matches!(&text[s..e], "-" | "‐")
            && i + 1 < src.len()
            && toks.last().is_some_and(|t| t.1 == s)
            && src[i + 1].0 == e
            && src[i + 1].2 == si
            && orig_sent.last() == Some(&si)
            && text[..s]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            && text[e..].chars().next().is_some_and(char::is_alphanumeric);
        if joins {
            toks.last_mut().unwrap().1 = src[i + 1].1;
            i += 2;
            continue;
        }
        toks.push((s, e));
        orig_sent.push(si);
        i += 1;
    }
    let mut tok_sent = Vec::with_capacity(toks.len());
    let mut sents: Vec<(usize, usize)> = Vec::new();
    for k in 0..toks.len() {
        let new_sentence = k == 0
            || orig_sent[k] != orig_sent[k - 1]
            || text[toks[k - 1].1..toks[k].0].contains('\n');
        if new_sentence {
            if let Some(last) = sents.last_mut() {
                last.1 = k;
            }
            sents.push((k, toks.len()));
        }
        tok_sent.push(sents.len() - 1);
    }
    (toks, tok_sent, sents)
}

impl EntityTagger {
    /// The tagger with the built-in lexicon and model.
    pub fn new() -> EntityTagger {
        EntityTagger {
            lexicon: shared_arc(),
            model: Model::shared(),
        }
    }

    /// The tagger with a given lexicon (the built-in one extended by a user's file).
    pub fn with_lexicon(lexicon: Lexicon) -> EntityTagger {
        EntityTagger {
            lexicon: Arc::new(lexicon),
            model: Model::shared(),
        }
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    fn refine(&self, ctx: &Ctx, a: usize, b: usize, class: usize) -> (EntityType, Option<Entry>) {
        let lx = &*self.lexicon;
        let s = ctx.toks[a].0;
        let e = ctx.toks[b - 1].1;
        let surface = &ctx.text[s..e];
        let entries = lx.lookup(surface);
        let pick = |f: &dyn Fn(&Entry) -> bool| entries.iter().copied().find(|x| f(x));
        let lw: Vec<String> = surface
            .split_whitespace()
            .map(|w| w.to_lowercase())
            .collect();
        let last = lw.last().map(String::as_str).unwrap_or("");
        match class {
            0 => (
                EntityType::Person,
                pick(&|x| matches!(x, Entry::Person(_) | Entry::Surname(_))),
            ),
            1 => {
                if let Some(x) = pick(&|x| matches!(x, Entry::Org(_))) {
                    return (EntityType::Org, Some(x));
                }
                if let Some(x @ Entry::Place(i)) = pick(&|x| matches!(x, Entry::Place(_))) {
                    if lx.places[i as usize].kind == PlaceKind::Region {
                        return (EntityType::Loc, Some(x));
                    }
                }
                if lw.len() > 1 && EVENT_WORDS.contains(&last) {
                    return (EntityType::Event, None);
                }
                (EntityType::Org, None)
            }
            2 => {
                if let Some(x) = pick(&|x| matches!(x, Entry::Country(_) | Entry::Capital(_))) {
                    return (EntityType::Gpe, Some(x));
                }
                if let Some(x) = pick(&|x| matches!(x, Entry::Place(_))) {
                    if let Entry::Place(i) = x {
                        if lx.places[i as usize].kind == PlaceKind::Region {
                            return (EntityType::Loc, Some(x));
                        }
                    }
                    return (EntityType::Gpe, Some(x));
                }
                // a name the lexicon knows as an organisation of a known kind, not a place
                // ("Syrian Observatory for Human Rights" the model took for a location)
                if let Some(x @ Entry::Org(i)) = pick(&|x| matches!(x, Entry::Org(_))) {
                    if !lx.orgs[i as usize].kind.is_empty() {
                        return (EntityType::Org, Some(x));
                    }
                }
                if FAC_WORDS.contains(&last) && lw.len() > 1 {
                    (EntityType::Fac, None)
                } else if lw.iter().any(|w| LOC_WORDS.contains(&w.as_str())) {
                    (EntityType::Loc, None)
                } else {
                    (EntityType::Gpe, None)
                }
            }
            _ => {
                if let Some(x) = pick(&|x| matches!(x, Entry::CountryAdj(_))) {
                    return (EntityType::Norp, Some(x));
                }
                if let Some(x @ Entry::Org(i)) = pick(&|x| matches!(x, Entry::Org(_))) {
                    if !lx.orgs[i as usize].kind.is_empty() {
                        return (EntityType::Org, Some(x));
                    }
                }
                if lw.iter().any(|w| EVENT_WORDS.contains(&w.as_str())) {
                    return (EntityType::Event, None);
                }
                if lw.len() > 1 && FAC_WORDS.contains(&last) {
                    return (EntityType::Fac, None);
                }
                let single = lw.len() == 1;
                let nat = ["ese", "ian", "ans", "ish", "ic", "an", "i"];
                if single
                    && nat.iter().any(|s| last.ends_with(s))
                    && surface.chars().next().is_some_and(char::is_uppercase)
                {
                    return (EntityType::Norp, None);
                }
                (EntityType::Misc, pick(&|x| matches!(x, Entry::Org(_))))
            }
        }
    }

    /// The role span before a person mention starting at token `a` (titles,
    /// nationality, possessive country), e.g. "U.S. President", "Japan's foreign
    /// minister".
    fn role_before(&self, ctx: &Ctx, a: usize) -> Option<Span> {
        let lx = &*self.lexicon;
        let sent_start = ctx.sents[ctx.tok_sent[a]].0;
        let mut left = a;
        let mut found = false;
        while left > sent_start {
            let j = left - 1;
            if let Some((s, Entry::Role(r))) = ctx.match_ending(j, is_role) {
                if lx.roles[r as usize].sector.is_some() {
                    found = true;
                    left = s;
                    continue;
                }
                if !found && left == a {
                    // courtesy title ("Mr."): not a role, but look past it
                    left = s;
                    continue;
                }
                break;
            }
            let w = ctx.word(j);
            if found {
                if let Some((s, _)) = ctx.match_ending(j, is_countryish) {
                    left = s;
                    continue;
                }
                if (w == "'s" || w == "’s") && j > sent_start {
                    if let Some((s, _)) = ctx.match_ending(j - 1, is_countryish) {
                        left = s;
                        continue;
                    }
                }
                let lw = w.to_lowercase();
                if matches!(
                    lw.as_str(),
                    "former"
                        | "deputy"
                        | "vice"
                        | "acting"
                        | "senior"
                        | "top"
                        | "chief"
                        | "then"
                        | "interim"
                        | "outgoing"
                        | "incoming"
                        | "assistant"
                        | "then-"
                        | "ex"
                ) {
                    left = j;
                    continue;
                }
            }
            break;
        }
        if !found {
            return None;
        }
        // trim a leading courtesy title and the words after the role
        let mut end = a;
        while end > left {
            let j = end - 1;
            match ctx.match_ending(j, is_role) {
                Some((s, Entry::Role(r))) if lx.roles[r as usize].sector.is_none() => end = s,
                _ => break,
            }
        }
        (end > left).then(|| Span::new(ctx.toks[left].0, ctx.toks[end - 1].1))
    }

    /// An appositive role after a mention ending at token `b` (exclusive):
    /// "Nishimura, the deputy chief cabinet secretary," / "Kono, Japan's foreign minister".
    fn role_after(&self, ctx: &Ctx, b: usize) -> Option<Span> {
        let lx = &*self.lexicon;
        let (_, sent_end) = ctx.sents[ctx.tok_sent[b.saturating_sub(1)]];
        if b >= sent_end || ctx.word(b) != "," {
            return None;
        }
        let mut i = b + 1;
        if i < sent_end && matches!(ctx.word(i).to_lowercase().as_str(), "the" | "a" | "an") {
            i += 1;
        }
        let start = i;
        let mut last_role_end: Option<usize> = None;
        while i < sent_end {
            if let Some((e, Entry::Role(r))) = ctx.match_starting(i, is_role) {
                if lx.roles[r as usize].sector.is_some() {
                    last_role_end = Some(e);
                    i = e + 1;
                    continue;
                }
            }
            if let Some((e, _)) = ctx.match_starting(i, is_countryish) {
                i = e + 1;
                continue;
            }
            let w = ctx.word(i).to_lowercase();
            if matches!(
                w.as_str(),
                "'s" | "’s" | "former" | "deputy" | "vice" | "acting" | "senior" | "top" | "chief"
            ) {
                i += 1;
                continue;
            }
            break;
        }
        let mut end = last_role_end?;
        // "minister of foreign affairs of Japan"
        if end + 2 < sent_end && ctx.word(end + 1) == "of" {
            if let Some((e, _)) = ctx.match_starting(end + 2, is_countryish) {
                end = e;
            }
        }
        let after = end + 1;
        let closes = after >= sent_end
            || matches!(ctx.word(after), "," | "." | ";" | ")")
            || matches!(
                ctx.word(after).to_lowercase().as_str(),
                "said" | "says" | "who" | "told" | "added"
            );
        closes.then(|| Span::new(ctx.toks[start].0, ctx.toks[end].1))
    }

    fn build_ctx<'a>(&self, doc: &'a Doc) -> Ctx<'a> {
        let text = doc.text();
        let (toks, tok_sent, sents) = model_tokens(doc);
        let starts: Vec<usize> = toks.iter().map(|t| t.0).collect();
        let mut ends: Vec<usize> = toks.iter().map(|t| t.1).collect();
        ends.sort_unstable();
        let gaz = self.lexicon.find(text, &starts, &ends, true);
        let mut ends_at = vec![Vec::new(); toks.len()];
        let mut starts_at = vec![Vec::new(); toks.len()];
        for (k, m) in gaz.iter().enumerate() {
            let a = starts.partition_point(|&s| s < m.start);
            let b = toks.partition_point(|t| t.1 < m.end);
            if a < toks.len() && b < toks.len() {
                starts_at[a].push(k);
                ends_at[b].push(k);
            }
        }
        let date = doc
            .reference_date
            .as_ref()
            .or(doc.article.published.as_ref())
            .and_then(|f| parse_ymd(f.value.get(..10).unwrap_or(&f.value)));
        Ctx {
            text,
            toks,
            tok_sent,
            sents,
            gaz,
            ends_at,
            starts_at,
            quotes: quote_regions(text),
            date,
        }
    }

    /// Name mentions: the model's spans refined by the lexicon, plus lexicon names
    /// the model missed (countries, demonyms, known organisations).
    fn name_mentions(&self, ctx: &Ctx) -> Vec<Cand> {
        let prepared = Prepared::with_matches(
            &self.lexicon,
            ctx.text,
            ctx.toks.clone(),
            ctx.sents.clone(),
            &ctx.gaz,
        );
        let labels = self.model.tag(&prepared);
        let mut cands = Vec::new();
        let mut covered = vec![false; ctx.toks.len()];
        for (mut a, mut b, class) in bilou_spans(&labels) {
            // a lower-case word that cannot sit inside a name ends it: the model
            // ran on over a verb ("Muslim Brotherhood criticized the Egyptian")
            if let Some(k) = (a + 1..b).find(|&k| !name_internal(ctx.word(k))) {
                b = k;
                while b > a + 1 && NAME_CONNECTORS.contains(&ctx.word(b - 1)) {
                    b -= 1;
                }
            }
            // a trailing possessive or month is not part of the name
            while b > a + 1
                && (matches!(ctx.word(b - 1), "'s" | "’s" | "'" | "’")
                    || (class != 0 && MONTHS.contains(&ctx.word(b - 1))))
            {
                b -= 1;
            }
            if class == 0 {
                // a title the model took into the name ("Chief Cabinet Secretary X")
                while let Some((e, Entry::Role(_))) = ctx.match_starting(a, is_role) {
                    if e + 1 >= b {
                        break;
                    }
                    a = e + 1;
                }
                if ctx
                    .match_starting(a, is_role)
                    .is_some_and(|(e, _)| e + 1 == b)
                {
                    continue; // only a title
                }
            }
            if class != 0 {
                // a known name the model cut short ("Group of" + "20"): take the
                // lexicon's longer organisation or place starting at the same token
                let sent_end = ctx.sents[ctx.tok_sent[a]].1;
                if let Some((e, _)) = ctx.match_starting(a, |e| {
                    matches!(e, Entry::Org(_) | Entry::Country(_) | Entry::Place(_))
                }) {
                    if e + 1 > b && e < sent_end && e + 1 - a <= 6 {
                        b = e + 1;
                    }
                }
            }
            let (ty, entry) = self.refine(ctx, a, b, class);
            let mut end = ctx.toks[b - 1].1;
            let w = &ctx.text[ctx.toks[a].0..end];
            if w.ends_with("'s") || w.ends_with("’s") {
                end -= if w.ends_with("'s") { 2 } else { 4 };
            }
            for c in covered.iter_mut().take(b).skip(a) {
                *c = true;
            }
            cands.push(Cand {
                a,
                b,
                span: Span::new(ctx.toks[a].0, end),
                ty,
                kind: MentionKind::Name,
                entry,
                role: None,
                quoted: ctx.quoted(ctx.toks[a].0),
                credit: false,
                entity: None,
                confidence: 1.0,
                outer: false,
            });
        }
        // a known surname written in lower case right after a capitalised title
        // ("President obama"): a person
        for k in 1..ctx.toks.len() {
            let w = ctx.word(k);
            if covered[k]
                || w.len() < 3
                || !w.chars().all(|c| c.is_ascii_lowercase())
                || ctx.tok_sent[k] != ctx.tok_sent[k - 1]
            {
                continue;
            }
            let Some(entry) = self
                .lexicon
                .lookup(w)
                .iter()
                .copied()
                .find(|e| matches!(e, Entry::Person(_) | Entry::Surname(_)))
            else {
                continue;
            };
            let titled = ctx
                .match_ending(
                    k - 1,
                    |e| matches!(e, Entry::Role(r) if self.lexicon.roles[*r as usize].title),
                )
                .is_some_and(|(a, _)| ctx.word(a).chars().next().is_some_and(char::is_uppercase));
            if !titled {
                continue;
            }
            covered[k] = true;
            cands.push(Cand {
                a: k,
                b: k + 1,
                span: Span::new(ctx.toks[k].0, ctx.toks[k].1),
                ty: EntityType::Person,
                kind: MentionKind::Name,
                entry: Some(entry),
                role: None,
                quoted: ctx.quoted(ctx.toks[k].0),
                credit: false,
                entity: None,
                confidence: 0.7,
                outer: false,
            });
        }
        // lexicon-only names
        for m in &ctx.gaz {
            let Some(e) = m.entries.iter().copied().find(|e| match e {
                Entry::Country(_) | Entry::CountryAdj(_) => true,
                Entry::Org(i) => !self.lexicon.orgs[*i as usize].kind.is_empty(),
                _ => false,
            }) else {
                continue;
            };
            let (Some(a), Some(bl)) = (ctx.tok_at_start(m.start), ctx.tok_at_end(m.end)) else {
                continue;
            };
            if covered[a..=bl].iter().any(|&c| c) {
                continue;
            }
            // a lone capitalised word at the start of a sentence is weak evidence
            let surface = &ctx.text[m.start..m.end];
            if surface.len() <= 2 {
                continue;
            }
            let ty = match e {
                Entry::Country(_) => EntityType::Gpe,
                Entry::CountryAdj(_) => EntityType::Norp,
                _ => EntityType::Org,
            };
            for c in covered.iter_mut().take(bl + 1).skip(a) {
                *c = true;
            }
            cands.push(Cand {
                a,
                b: bl + 1,
                span: Span::new(m.start, m.end),
                ty,
                kind: MentionKind::Name,
                entry: Some(e),
                role: None,
                quoted: ctx.quoted(m.start),
                credit: false,
                entity: None,
                confidence: 0.8,
                outer: false,
            });
        }
        self.country_pairs(ctx, &mut cands);
        cands.sort_by_key(|c| (c.span.start(), c.span.end()));
        cands
    }

    /// Hyphenated pairs of countries ("Japan-U.S.", "U.S.-China", "Israeli-Palestinian"):
    /// each part becomes a name of its own (a GPE or NORP with its country's code); a
    /// name the model gave the whole compound stays as the outer name (type MISC, as
    /// CoNLL annotates it) with no entity.
    fn country_pairs(&self, ctx: &Ctx, cands: &mut Vec<Cand>) {
        for k in 0..ctx.toks.len() {
            let (s, e) = ctx.toks[k];
            let w = &ctx.text[s..e];
            if !w.contains('-') {
                continue;
            }
            let mut parts = Vec::new();
            let mut off = s;
            for p in w.split('-') {
                let entry = self
                    .lexicon
                    .lookup(p)
                    .iter()
                    .copied()
                    .find(|x| matches!(x, Entry::Country(_) | Entry::CountryAdj(_)));
                match entry {
                    Some(x) if p.len() > 1 => parts.push((off, off + p.len(), x)),
                    _ => {
                        parts.clear();
                        break;
                    }
                }
                off += p.len() + 1;
            }
            if parts.len() < 2 {
                continue;
            }
            // inside a longer name ("the Japan-U.S. Security Treaty"): left alone
            if cands
                .iter()
                .any(|c| c.a <= k && k < c.b && (c.a, c.b) != (k, k + 1))
            {
                continue;
            }
            for c in cands.iter_mut().filter(|c| (c.a, c.b) == (k, k + 1)) {
                c.outer = true;
                c.ty = EntityType::Misc;
                c.entry = None;
            }
            for (ps, pe, x) in parts {
                cands.push(Cand {
                    a: k,
                    b: k + 1,
                    span: Span::new(ps, pe),
                    ty: if matches!(x, Entry::Country(_)) {
                        EntityType::Gpe
                    } else {
                        EntityType::Norp
                    },
                    kind: MentionKind::Name,
                    entry: Some(x),
                    role: None,
                    quoted: ctx.quoted(ps),
                    credit: false,
                    entity: None,
                    confidence: 0.8,
                    outer: false,
                });
            }
        }
    }

    fn country_context(&self, ctx: &Ctx, cands: &[Cand]) -> Option<(String, usize)> {
        let mut counts: FxHashMap<u32, (usize, usize)> = FxHashMap::default();
        for (k, c) in cands.iter().enumerate() {
            if let Some(Entry::Country(i) | Entry::CountryAdj(i) | Entry::Capital(i)) = c.entry {
                let e = counts.entry(i).or_insert((0, k));
                e.0 += 1;
            }
        }
        let _ = ctx;
        counts
            .into_iter()
            .max_by_key(|&(_, (n, first))| (n, std::cmp::Reverse(first)))
            .map(|(i, (n, _))| (self.lexicon.countries[i as usize].iso3.clone(), n))
    }

    fn person_key(text: &str) -> Vec<String> {
        text.split([' ', '\n'])
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                    .to_lowercase()
            })
            .filter(|w| w.chars().count() > 1)
            .collect()
    }

    fn cluster(&self, ctx: &Ctx, cands: &mut [Cand]) -> Vec<Vec<usize>> {
        let mut clusters: Vec<Vec<usize>> = Vec::new();
        let mut keys: Vec<Vec<String>> = Vec::new();
        let mut by_key: FxHashMap<String, usize> = FxHashMap::default();
        for k in 0..cands.len() {
            let c = &cands[k];
            let surface = c.span.slice(ctx.text);
            let found = if c.outer {
                None
            } else if c.ty == EntityType::Person {
                let key = Self::person_key(surface);
                let mut hit = None;
                for (ci, cl) in clusters.iter().enumerate().rev() {
                    if cands[cl[0]].ty != EntityType::Person
                        || keys[ci].is_empty()
                        || key.is_empty()
                    {
                        continue;
                    }
                    let sub = key.iter().all(|w| keys[ci].contains(w));
                    let sup = keys[ci].iter().all(|w| key.contains(w));
                    if sub || sup {
                        hit = Some(ci);
                        break;
                    }
                }
                if let Some(ci) = hit {
                    if key.len() > keys[ci].len() {
                        keys[ci] = key;
                    }
                    Some(ci)
                } else {
                    clusters.push(Vec::new());
                    keys.push(key);
                    Some(clusters.len() - 1)
                }
            } else {
                let key = match c.entry {
                    Some(e) => format!("{e:?}"),
                    None => surface
                        .trim_start_matches("the ")
                        .trim_start_matches("The ")
                        .to_lowercase(),
                };
                let ci = *by_key.entry(key).or_insert_with(|| {
                    clusters.push(Vec::new());
                    keys.push(Vec::new());
                    clusters.len() - 1
                });
                Some(ci)
            };
            if let Some(ci) = found {
                clusters[ci].push(k);
                cands[k].entity = Some(ci);
            }
        }
        clusters
    }

    fn code_entity(
        &self,
        ctx: &Ctx,
        cands: &[Cand],
        members: &[usize],
        context: Option<&(String, usize)>,
    ) -> (Option<String>, Option<String>, Option<ActorCode>, String) {
        let lx = &*self.lexicon;
        let first = &cands[members[0]];
        let names: Vec<&str> = members
            .iter()
            .filter(|&&m| cands[m].kind == MentionKind::Name)
            .map(|&m| cands[m].span.slice(ctx.text))
            .collect();
        let longest = names
            .iter()
            .copied()
            .max_by_key(|n| (n.split_whitespace().count(), n.len()))
            .unwrap_or("")
            .to_string();
        let role_text: Option<String> = members
            .iter()
            .find_map(|&m| cands[m].role)
            .map(|r| r.slice(ctx.text).to_string());
        match first.ty {
            EntityType::Person => {
                if members.iter().all(|&m| cands[m].credit) {
                    return (Some("photographer".into()), None, None, longest);
                }
                // lexicon by full name, then by surname
                let reading = role_text.as_deref().map(|r| read_role(lx, r));
                let mut best: Option<(ActorCode, Option<String>)> = None;
                for n in &names {
                    if let Some(p) = lx.person(n) {
                        if ctx.date.is_none() {
                            // No article date: the tenure whose office the text names.
                            let word = reading.as_ref().and_then(|r| r.role_word.clone());
                            let matching = p
                                .tenures
                                .iter()
                                .filter(|t| {
                                    let role = t.role.as_deref().unwrap_or("").to_lowercase();
                                    let former = reading.as_ref().is_some_and(|r| r.former);
                                    word.as_deref().is_some_and(|w| role.contains(w))
                                        && (role.starts_with("former") == former)
                                        && reading.as_ref().is_none_or(|r| {
                                            r.country
                                                .as_deref()
                                                .is_none_or(|c| t.code.starts_with(c))
                                        })
                                })
                                .max_by_key(|t| t.start);
                            if let Some(t) = matching {
                                best = Some((
                                    ActorCode {
                                        code: t.code.clone(),
                                        evidence: format!(
                                            "{}; office named in the text, article date unknown",
                                            tenure_evidence(&p.name, t)
                                        ),
                                        confidence: 0.7,
                                    },
                                    t.role.clone(),
                                ));
                                break;
                            }
                            if reading
                                .as_ref()
                                .is_some_and(|r| r.country.is_some() && r.sector.is_some())
                            {
                                break; // the text's role says more than a guess at the tenure
                            }
                        }
                        if let Some((t, conf)) = person_tenure(p, ctx.date) {
                            let a = ActorCode {
                                code: t.code.clone(),
                                evidence: tenure_evidence(&p.name, t),
                                confidence: conf,
                            };
                            if best.as_ref().is_none_or(|b| b.0.confidence < conf) {
                                best = Some((a, t.role.clone()));
                            }
                        }
                    }
                }
                if best.is_none() && names.iter().all(|n| !n.contains(' ')) {
                    // surname only: the leader of that name in office on the date, from
                    // the same country as the article or the role; else the only leader
                    // of that name whose dated tenure covers the date ("Obama said")
                    let mut in_office = lx.lookup(&longest).iter().filter_map(|e| match *e {
                        Entry::Surname(i) => {
                            let p = &lx.people[i as usize];
                            person_tenure(p, ctx.date)
                                .filter(|(t, conf)| {
                                    ctx.date.is_some() && *conf >= 0.9 && !t.code.ends_with("ELI")
                                })
                                .map(|(t, conf)| (p, t, conf))
                        }
                        _ => None,
                    });
                    let only = match (in_office.next(), in_office.next()) {
                        (Some(x), None) => Some(x),
                        _ => None,
                    };
                    for e in lx.lookup(&longest) {
                        if let Entry::Surname(i) = *e {
                            let p = &lx.people[i as usize];
                            if let Some((t, conf)) = person_tenure(p, ctx.date) {
                                let same_country = context
                                    .is_some_and(|(c, _)| t.code.starts_with(c.as_str()))
                                    || reading
                                        .as_ref()
                                        .and_then(|r| r.country.as_ref())
                                        .is_some_and(|c| t.code.starts_with(c.as_str()));
                                if same_country {
                                    best = Some((
                                        ActorCode {
                                            code: t.code.clone(),
                                            evidence: format!(
                                                "surname; {}",
                                                tenure_evidence(&p.name, t)
                                            ),
                                            confidence: conf * 0.7,
                                        },
                                        t.role.clone(),
                                    ));
                                    break;
                                }
                            }
                        }
                    }
                    if best.is_none() {
                        if let Some((p, t, conf)) = only {
                            best = Some((
                                ActorCode {
                                    code: t.code.clone(),
                                    evidence: format!(
                                        "surname only, the one leader of that name in office; {}",
                                        tenure_evidence(&p.name, t)
                                    ),
                                    confidence: conf * 0.5,
                                },
                                t.role.clone(),
                            ));
                        }
                    }
                }
                let role = role_text
                    .clone()
                    .or_else(|| best.as_ref().and_then(|b| b.1.clone()));
                if let Some((a, _)) = best {
                    let country = Some(a.code.get(..3).unwrap_or("").to_string())
                        .filter(|c| lx.countries.iter().any(|k| k.iso3 == *c));
                    return (role, country, Some(a), longest);
                }
                if let Some(r) = reading {
                    let sector = if r.former {
                        Some("ELI".to_string())
                    } else {
                        r.sector.clone()
                    };
                    if let Some(c) = &r.country {
                        let code = compose(Some(c), sector.as_deref()).unwrap_or_default();
                        return (
                            role,
                            Some(c.clone()),
                            Some(ActorCode {
                                code,
                                evidence: format!(
                                    "role: {}",
                                    role_text.as_deref().unwrap_or_default()
                                ),
                                confidence: 0.75,
                            }),
                            longest,
                        );
                    }
                    // "President Bush" out of any known tenure: the country every known
                    // person of that surname held office in, before the article's context
                    // (which may be the country the act is aimed at)
                    if let Some(s) = sector.as_ref().filter(|_| !longest.contains(' ')) {
                        let mut countries = lx.lookup(&longest).iter().filter_map(|e| match *e {
                            Entry::Surname(i) => Some(
                                lx.people[i as usize]
                                    .tenures
                                    .iter()
                                    .filter_map(|t| t.code.get(..3))
                                    .filter(|c| lx.countries.iter().any(|k| k.iso3 == *c))
                                    .collect::<Vec<_>>(),
                            ),
                            _ => None,
                        });
                        let first = countries.next().and_then(|cs| cs.first().copied());
                        let one = first.is_some_and(|c0| {
                            lx.lookup(&longest).iter().all(|e| match *e {
                                Entry::Surname(i) => lx.people[i as usize]
                                    .tenures
                                    .iter()
                                    .filter_map(|t| t.code.get(..3))
                                    .filter(|c| lx.countries.iter().any(|k| k.iso3 == *c))
                                    .all(|c| c == c0),
                                _ => true,
                            })
                        });
                        if let (true, Some(c)) = (one, first) {
                            return (
                                role,
                                Some(c.to_string()),
                                Some(ActorCode {
                                    code: format!("{c}{s}"),
                                    evidence: format!(
                                        "role: {}; country of every known person named {longest} ({c})",
                                        role_text.as_deref().unwrap_or_default()
                                    ),
                                    confidence: 0.6,
                                }),
                                longest,
                            );
                        }
                    }
                    if let (Some(s), Some((c, _))) = (sector, context) {
                        return (
                            role,
                            Some(c.clone()),
                            Some(ActorCode {
                                code: format!("{c}{s}"),
                                evidence: format!(
                                    "role: {}; country from the article's context ({c})",
                                    role_text.as_deref().unwrap_or_default()
                                ),
                                confidence: 0.5,
                            }),
                            longest,
                        );
                    }
                }
                (role, None, None, longest)
            }
            _ => {
                let entry = members.iter().find_map(|&m| cands[m].entry);
                match entry {
                    Some(Entry::Country(i)) | Some(Entry::CountryAdj(i)) => {
                        let c = &lx.countries[i as usize];
                        let name = if first.ty == EntityType::Norp {
                            longest
                        } else {
                            c.name.clone()
                        };
                        (
                            None,
                            Some(c.iso3.clone()),
                            Some(ActorCode {
                                code: c.iso3.clone(),
                                evidence: format!("country: {}", c.name),
                                confidence: 0.9,
                            }),
                            name,
                        )
                    }
                    Some(Entry::Capital(i)) => {
                        let c = &lx.countries[i as usize];
                        // "in Tokyo" is a place; "Tokyo said", "between Washington and
                        // Tehran" stand for the government.
                        let locative = members.iter().all(|&m| {
                            let a = cands[m].a;
                            a > 0 && LOCATIVE.contains(&ctx.word(a - 1).to_lowercase().as_str())
                        });
                        let (code, ev, conf) = if locative {
                            (
                                c.iso3.clone(),
                                format!("capital of {} (a place here)", c.name),
                                0.5,
                            )
                        } else {
                            (
                                format!("{}GOV", c.iso3),
                                format!("capital of {} standing for its government", c.name),
                                0.6,
                            )
                        };
                        (
                            None,
                            Some(c.iso3.clone()),
                            Some(ActorCode {
                                code,
                                evidence: ev,
                                confidence: conf,
                            }),
                            longest,
                        )
                    }
                    Some(Entry::Org(i)) => {
                        let o = &lx.orgs[i as usize];
                        let country = Some(o.code.get(..3).unwrap_or("").to_string())
                            .filter(|c| lx.countries.iter().any(|k| k.iso3 == *c));
                        (
                            None,
                            country,
                            Some(ActorCode {
                                code: o.code.clone(),
                                evidence: format!("lexicon organisation: {}", o.name),
                                confidence: 0.85,
                            }),
                            o.name.clone(),
                        )
                    }
                    Some(Entry::Place(i)) => {
                        let p = &lx.places[i as usize];
                        (None, p.iso3.clone(), None, longest)
                    }
                    _ if first.ty == EntityType::Org => {
                        let (country, code, ev, conf) = self.org_by_words(&longest, context);
                        (
                            None,
                            country,
                            code.map(|c| ActorCode {
                                code: c,
                                evidence: ev,
                                confidence: conf,
                            }),
                            longest,
                        )
                    }
                    _ => (None, None, None, longest),
                }
            }
        }
    }

    fn org_by_words(
        &self,
        name: &str,
        context: Option<&(String, usize)>,
    ) -> (Option<String>, Option<String>, String, f32) {
        let lx = &*self.lexicon;
        let lw = name.to_lowercase();
        let words: Vec<&str> = lw.split_whitespace().collect();
        let has = |xs: &[&str]| words.iter().any(|w| xs.contains(w));
        let sector = if has(&[
            "ministry",
            "government",
            "cabinet",
            "administration",
            "agency",
            "department",
        ]) {
            Some("GOV")
        } else if has(&[
            "army", "military", "navy", "forces", "force", "guard", "corps",
        ]) {
            Some("MIL")
        } else if has(&["police", "constabulary"]) {
            Some("COP")
        } else if has(&["court", "tribunal"]) {
            Some("JUD")
        } else if has(&["party"]) {
            Some("PTY")
        } else if has(&["labour", "labor", "union", "unions", "trades", "workers"])
            && !has(&[
                "bank", "company", "inc", "inc.", "ltd", "ltd.", "plc", "corp", "corp.",
            ])
        {
            // "Nigeria Labour Congress", "Trades Union Congress", "Union of Teachers"
            Some("LAB")
        } else if has(&[
            "parliament",
            "congress",
            "senate",
            "assembly",
            "diet",
            "duma",
        ]) {
            Some("LEG")
        } else if has(&["university", "college", "school", "institute"]) {
            Some("EDU")
        } else if has(&[
            "inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "plc", "group", "bank",
            "motors", "airlines", "company", "holdings",
        ]) {
            Some("BUS")
        } else if has(&[
            "news",
            "times",
            "post",
            "press",
            "tv",
            "television",
            "broadcasting",
            "journal",
            "herald",
        ]) {
            Some("MED")
        } else {
            None
        };
        let r = read_role(lx, name);
        let country = r.country.clone();
        match (country, sector) {
            (Some(c), s) => (
                Some(c.clone()),
                compose(Some(&c), s),
                format!("organisation name: {name}"),
                0.7,
            ),
            (None, Some(s)) if matches!(s, "GOV" | "MIL" | "COP" | "JUD" | "LEG") => {
                match context {
                    Some((c, _)) => (
                        Some(c.clone()),
                        Some(format!("{c}{s}")),
                        format!("organisation word; country from the article's context ({c})"),
                        0.45,
                    ),
                    None => (
                        None,
                        Some(format!("---{s}")),
                        format!("organisation word in {name}"),
                        0.4,
                    ),
                }
            }
            // a sector of no known country: `---` as Phoenix writes it
            (None, Some(s)) => (
                None,
                Some(format!("---{s}")),
                format!("organisation word in {name}"),
                0.5,
            ),
            (None, None) => (None, None, String::new(), 0.0),
        }
    }

    /// Definite descriptions ("the prime minister") linked to the person whose role
    /// they repeat.
    fn nominals(&self, ctx: &Ctx, cands: &[Cand], roles: &[Option<String>]) -> Vec<Cand> {
        let lx = &*self.lexicon;
        let mut out = Vec::new();
        for m in &ctx.gaz {
            let Some(&Entry::Role(r)) = m.entries.iter().find(|e| is_role(e)) else {
                continue;
            };
            let role = &lx.roles[r as usize];
            if role.sector.is_none() || !role.title {
                continue;
            }
            let (Some(a), Some(bl)) = (ctx.tok_at_start(m.start), ctx.tok_at_end(m.end)) else {
                continue;
            };
            let sent_start = ctx.sents[ctx.tok_sent[a]].0;
            if a == sent_start || !ctx.word(a - 1).eq_ignore_ascii_case("the") {
                continue;
            }
            // part of a name's role, or followed by a name: not a description on its own
            let sp = Span::new(ctx.toks[a - 1].0, m.end);
            if cands
                .iter()
                .any(|c| c.span.overlaps(sp) || c.role.is_some_and(|r| r.overlaps(sp)))
            {
                continue;
            }
            if bl + 1 < ctx.toks.len() && cands.iter().any(|c| c.a == bl + 1) {
                continue;
            }
            let phrase = role.phrase.as_str();
            let mut best = None;
            for c in cands.iter().rev() {
                if c.span.start() >= m.start || c.ty != EntityType::Person || c.credit {
                    continue;
                }
                let Some(e) = c.entity else { continue };
                if roles[e]
                    .as_ref()
                    .is_some_and(|r| r.to_lowercase().contains(phrase))
                {
                    best = Some(e);
                    break;
                }
            }
            if let Some(e) = best {
                out.push(Cand {
                    a: a - 1,
                    b: bl + 1,
                    span: sp,
                    ty: EntityType::Person,
                    kind: MentionKind::Nominal,
                    entry: None,
                    role: None,
                    quoted: ctx.quoted(m.start),
                    credit: false,
                    entity: Some(e),
                    confidence: 0.7,
                    outer: false,
                });
            }
        }
        out
    }

    /// Third-person singular pronouns linked to the most salient person before them.
    fn pronouns(&self, ctx: &Ctx, cands: &[Cand]) -> Vec<Cand> {
        let mut out: Vec<Cand> = Vec::new();
        // first person mention of each sentence (subject-like)
        let mut first_in_sentence: FxHashMap<usize, usize> = FxHashMap::default();
        for (k, c) in cands.iter().enumerate() {
            if c.ty == EntityType::Person && !c.quoted && !c.credit && c.kind == MentionKind::Name {
                first_in_sentence.entry(ctx.tok_sent[c.a]).or_insert(k);
            }
        }
        for i in 0..ctx.toks.len() {
            let w = ctx.word(i);
            if !PRONOUNS.iter().any(|p| p.eq_ignore_ascii_case(w)) {
                continue;
            }
            let s = ctx.toks[i].0;
            if ctx.quoted(s) {
                continue;
            }
            let si = ctx.tok_sent[i];
            let mut best: Option<(f32, usize)> = None;
            let mut n_cands = 0;
            for (k, c) in cands.iter().enumerate() {
                if c.ty != EntityType::Person || c.quoted || c.credit || c.span.start() >= s {
                    continue;
                }
                let csi = ctx.tok_sent[c.a];
                if si - csi > 3 {
                    continue;
                }
                let Some(e) = c.entity else { continue };
                n_cands += 1;
                let mut score = -((si - csi) as f32);
                if first_in_sentence.get(&csi) == Some(&k) {
                    score += 0.8;
                }
                if csi == si {
                    score += 0.3;
                }
                // later mentions win ties
                score += c.span.start() as f32 * 1e-7;
                if best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, e));
                }
            }
            // the pronoun's own earlier links count as mentions of their entity
            for p in &out {
                if ctx.tok_sent[p.a] + 1 >= si && p.span.start() < s {
                    let score = -((si - ctx.tok_sent[p.a]) as f32) + 0.5;
                    if best.is_none_or(|(b, _)| score > b) {
                        best = Some((score, p.entity.unwrap()));
                    }
                }
            }
            if let Some((_, e)) = best {
                out.push(Cand {
                    a: i,
                    b: i + 1,
                    span: Span::new(ctx.toks[i].0, ctx.toks[i].1),
                    ty: EntityType::Person,
                    kind: MentionKind::Pronoun,
                    entry: None,
                    role: None,
                    quoted: false,
                    credit: false,
                    entity: Some(e),
                    confidence: if n_cands <= 1 { 0.75 } else { 0.6 },
                    outer: false,
                });
            }
        }
        out
    }

    /// Runs the stage on a document that has sentences and tokens.
    pub fn annotate(&self, doc: &mut Doc) {
        if doc.tokens.is_empty() {
            return;
        }
        let ctx = self.build_ctx(doc);
        let mut cands = self.name_mentions(&ctx);
        for c in cands.iter_mut() {
            if c.ty == EntityType::Person {
                c.role = self
                    .role_before(&ctx, c.a)
                    .or_else(|| self.role_after(&ctx, c.b));
                // photo credits: "Name/Pool via REUTERS", "Photo: Name"
                let next = (c.b < ctx.toks.len()).then(|| ctx.word(c.b));
                let prev2 = (c.a >= 2).then(|| ctx.word(c.a - 2).to_lowercase());
                let next_word_slash = next.is_some_and(|w| w.contains('/'))
                    || (c.b + 1 < ctx.toks.len() && ctx.word(c.b + 1) == "/");
                if next == Some("/")
                    || next_word_slash
                    || ctx.text[c.span.end()..].starts_with('/')
                    || (c.a >= 1 && ctx.word(c.a - 1) == ":" && prev2.as_deref() == Some("photo"))
                {
                    c.credit = true;
                }
            }
        }
        // a name the story uses for a person is not also an organisation ("Trump's push")
        let surnames: Vec<String> = cands
            .iter()
            .filter(|c| c.ty == EntityType::Person && c.b - c.a >= 2)
            .filter_map(|c| {
                c.span
                    .slice(ctx.text)
                    .split_whitespace()
                    .last()
                    .map(str::to_lowercase)
            })
            .collect();
        for c in cands.iter_mut() {
            // "Abe-Trump meeting": a compound of people's names is no organisation
            let surface = c.span.slice(ctx.text).to_lowercase();
            if c.ty != EntityType::Person
                && c.entry.is_none()
                && surface.contains('-')
                && surface.split('-').all(|p| surnames.iter().any(|s| s == p))
            {
                c.ty = EntityType::Misc;
                continue;
            }
            if c.ty != EntityType::Person
                && c.entry.is_none()
                && c.b - c.a == 1
                && surnames.contains(&c.span.slice(ctx.text).to_lowercase())
            {
                c.ty = EntityType::Person;
            }
        }
        let clusters = self.cluster(&ctx, &mut cands);
        let context = self.country_context(&ctx, &cands);
        let mut entities: Vec<Entity> = Vec::new();
        let mut roles: Vec<Option<String>> = Vec::new();
        for (ci, members) in clusters.iter().enumerate() {
            let (role, country, actor, name) =
                self.code_entity(&ctx, &cands, members, context.as_ref());
            let mut votes: FxHashMap<String, usize> = FxHashMap::default();
            for &m in members {
                *votes.entry(format!("{:?}", cands[m].ty)).or_default() += 1;
            }
            let ty = members
                .iter()
                .map(|&m| cands[m].ty)
                .max_by_key(|t| votes[&format!("{t:?}")])
                .unwrap_or(EntityType::Misc);
            roles.push(role.clone());
            entities.push(Entity {
                id: ci,
                name,
                entity_type: ty,
                role,
                country,
                actor,
                mentions: Vec::new(),
            });
        }
        let mut all = cands.clone();
        let person_nominals = self.nominals(&ctx, &cands, &roles);
        let skip: Vec<Span> = person_nominals.iter().map(|c| c.span).collect();
        all.extend(person_nominals);
        all.extend(self.pronouns(&ctx, &cands));
        all.extend(crate::coref::link(
            &ctx,
            &doc.tokens,
            &cands,
            &mut entities,
            &skip,
        ));
        all.sort_by_key(|c| (c.span.start(), c.span.end()));
        let base = doc.mentions.len();
        for (k, c) in all.into_iter().enumerate() {
            if let Some(e) = c.entity {
                entities[e].mentions.push(base + k);
            }
            doc.mentions.push(Mention {
                span: c.span,
                entity_type: c.ty,
                kind: c.kind,
                entity: c.entity.map(|e| e + doc.entities.len()),
                role: c.role,
                confidence: c.confidence,
            });
        }
        let off = doc.entities.len();
        for mut e in entities {
            e.id += off;
            doc.entities.push(e);
        }
    }
}

impl Stage for EntityTagger {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Mentions, Layer::Entities]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        self.annotate(doc);
        Ok(())
    }
}

/// The actor code of entity `id` of a document, when it has one.
pub fn entity_actor(doc: &Doc, id: usize) -> Option<&ActorCode> {
    doc.entities.get(id).and_then(|e| e.actor.as_ref())
}
