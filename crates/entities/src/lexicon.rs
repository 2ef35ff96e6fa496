//! The actor lexicon: countries, people with dated codes, organisations, role words and
//! places, loaded from TSV data compiled into the binary (`knowledge/actors/`), and
//! extensible at run time with a user's file.
//!
//! Every loader validates each line; a bad line is an error naming the file and line.

use crate::EntitiesError;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashMap;
use std::path::Path;
use std::sync::OnceLock;

/// A calendar date as `YYYYMMDD` (comparable as an integer).
pub type Ymd = u32;

/// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (the start of the period) into [`Ymd`].
pub fn parse_ymd(s: &str) -> Option<Ymd> {
    let s = s.trim();
    let mut parts = s.splitn(3, '-');
    let y: u32 = parts.next()?.parse().ok()?;
    if !(1000..=9999).contains(&y) {
        return None;
    }
    let m: u32 = match parts.next() {
        Some(p) => p.parse().ok()?,
        None => 1,
    };
    let d: u32 = match parts.next() {
        Some(p) => p.get(..2).unwrap_or(p).parse().ok()?,
        None => 1,
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(y * 10_000 + m * 100 + d)
}

/// A country with its names.
#[derive(Clone, Debug)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code.
    pub iso3: String,
    /// Short English name ("Japan").
    pub name: String,
    /// Other names ("Nippon", "U.S.").
    pub names: Vec<String>,
    /// Adjectives and demonyms ("Japanese").
    pub adjectives: Vec<String>,
    /// Capitals ("Tokyo"): used for the government in "Tokyo said".
    pub capitals: Vec<String>,
}

/// One dated actor code of a person.
#[derive(Clone, Debug, PartialEq)]
pub struct Tenure {
    /// CAMEO actor code (`JPNGOV`).
    pub code: String,
    /// First day, when known.
    pub start: Option<Ymd>,
    /// Last day (exclusive), when known; `None` = open.
    pub end: Option<Ymd>,
    /// The office held ("Prime Minister of Japan"), when the lexicon gives it.
    pub role: Option<String>,
    /// Date through which the source was checked: an open tenure is only trusted until
    /// then.
    pub checked: Ymd,
    /// Which file it came from.
    pub source: &'static str,
}

impl Tenure {
    /// Whether the tenure covers `date`.
    pub fn covers(&self, date: Ymd) -> bool {
        self.start.is_none_or(|s| s <= date) && self.end.is_none_or(|e| date < e)
    }
}

/// A person with the codes they held.
#[derive(Clone, Debug)]
pub struct Person {
    /// Canonical name ("Shinzo Abe").
    pub name: String,
    /// Other full forms ("Donald J. Trump").
    pub variants: Vec<String>,
    /// Codes with their dates.
    pub tenures: Vec<Tenure>,
}

/// An organisation.
#[derive(Clone, Debug)]
pub struct Org {
    /// Actor code (`IGOUNO`, `USALEG`, `MED`, `BUS`).
    pub code: String,
    /// Kind (`igo`, `media`, `legislature`, `company`, …; empty when unknown).
    pub kind: String,
    /// Canonical name.
    pub name: String,
    /// Other names.
    pub variants: Vec<String>,
}

/// A role or title word and the sector it implies.
#[derive(Clone, Debug)]
pub struct Role {
    /// Lower-case phrase ("deputy chief cabinet secretary").
    pub phrase: String,
    /// Sector code (`GOV`, `MIL`, …), `None` for courtesy titles ("Mr.").
    pub sector: Option<String>,
    /// Whether it can stand before a name as a title ("President Trump").
    pub title: bool,
}

/// Kinds of place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceKind {
    /// A populated place (GeoNames).
    City,
    /// A region, sea, strait, river, mountain (not a polity).
    Region,
}

/// A place with coordinates.
#[derive(Clone, Debug)]
pub struct Place {
    /// Name.
    pub name: String,
    /// ISO3 country, when it lies in one.
    pub iso3: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Population (0 when not a populated place).
    pub population: u64,
    /// Kind.
    pub kind: PlaceKind,
}

/// What a surface form in the gazetteer refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Entry {
    /// A country's name.
    Country(u32),
    /// A country's adjective or demonym.
    CountryAdj(u32),
    /// A country's capital.
    Capital(u32),
    /// A person's full name.
    Person(u32),
    /// A person's surname alone (only for people in the hand-checked leaders file).
    Surname(u32),
    /// An organisation.
    Org(u32),
    /// A place.
    Place(u32),
    /// A role or title phrase.
    Role(u32),
}

/// The lexicon with its compiled matcher.
pub struct Lexicon {
    /// Countries.
    pub countries: Vec<Country>,
    /// People.
    pub people: Vec<Person>,
    /// Organisations.
    pub orgs: Vec<Org>,
    /// Role and title words (the hand-written list first, then Phoenix agents).
    pub roles: Vec<Role>,
    /// Places.
    pub places: Vec<Place>,
    surfaces: Vec<String>,
    entries: Vec<Vec<Entry>>,
    by_surface: FxHashMap<String, u32>,
    person_by_name: FxHashMap<String, u32>,
    matcher: OnceLock<AhoCorasick>,
}

/// A gazetteer match in a text.
#[derive(Clone, Debug)]
pub struct GazMatch {
    /// Byte start.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// What it can refer to.
    pub entries: Vec<Entry>,
}

const PHOENIX_CHECKED: Ymd = 20_150_101;
const HAND_CHECKED: Ymd = 20_261_129;

struct Files;

impl Files {
    const COUNTRIES: (&'static str, &'static str) = (
        "knowledge/actors/countries.tsv",
        include_str!("../../../knowledge/actors/countries.tsv"),
    );
    const PEOPLE: (&'static str, &'static str) = (
        "knowledge/actors/people.tsv",
        include_str!("../../../knowledge/actors/people.tsv"),
    );
    const LEADERS: (&'static str, &'static str) = (
        "knowledge/actors/leaders.tsv",
        include_str!("../../../knowledge/actors/leaders.tsv"),
    );
    const ORGS: (&'static str, &'static str) = (
        "knowledge/actors/orgs.tsv",
        include_str!("../../../knowledge/actors/orgs.tsv"),
    );
    const EXTRA_ORGS: (&'static str, &'static str) = (
        "knowledge/actors/extra_orgs.tsv",
        include_str!("../../../knowledge/actors/extra_orgs.tsv"),
    );
    const ROLES: (&'static str, &'static str) = (
        "knowledge/actors/roles.tsv",
        include_str!("../../../knowledge/actors/roles.tsv"),
    );
    const AGENTS: (&'static str, &'static str) = (
        "knowledge/actors/agents.tsv",
        include_str!("../../../knowledge/actors/agents.tsv"),
    );
    const PLACES: (&'static str, &'static str) = (
        "knowledge/actors/places.tsv",
        include_str!("../../../knowledge/actors/places.tsv"),
    );
    const REGIONS: (&'static str, &'static str) = (
        "knowledge/actors/regions.tsv",
        include_str!("../../../knowledge/actors/regions.tsv"),
    );
}

/// Data lines of a TSV text: (1-based line number, fields). Comments (`#`) and blank
/// lines are skipped.
fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() || l.starts_with('#') {
            None
        } else {
            Some((i + 1, l.split('\t').collect()))
        }
    })
}

fn list(field: Option<&&str>) -> Vec<String> {
    field
        .map(|f| {
            f.split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn need(file: &str, line: usize, f: &[&str], n: usize, what: &str) -> Result<(), EntitiesError> {
    if f.len() < n {
        return Err(EntitiesError::lexicon(
            file,
            line,
            format!(
                "expected {n} tab-separated fields ({what}), found {}",
                f.len()
            ),
        ));
    }
    Ok(())
}

fn check_code(file: &str, line: usize, code: &str) -> Result<(), EntitiesError> {
    if code.len() < 3
        || !code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return Err(EntitiesError::lexicon(
            file,
            line,
            format!("actor code {code:?} is not 3+ upper-case letters"),
        ));
    }
    Ok(())
}

fn opt_date(file: &str, line: usize, s: &str) -> Result<Option<Ymd>, EntitiesError> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    parse_ymd(s).map(Some).ok_or_else(|| {
        EntitiesError::lexicon(file, line, format!("bad date {s:?} (want YYYY-MM-DD)"))
    })
}

impl Lexicon {
    /// An empty lexicon (add to it with the `load_*` methods).
    pub fn empty() -> Lexicon {
        Lexicon {
            countries: Vec::new(),
            people: Vec::new(),
            orgs: Vec::new(),
            roles: Vec::new(),
            places: Vec::new(),
            surfaces: Vec::new(),
            entries: Vec::new(),
            by_surface: FxHashMap::default(),
            person_by_name: FxHashMap::default(),
            matcher: OnceLock::new(),
        }
    }

    /// The lexicon compiled into dateline.
    pub fn builtin() -> Result<Lexicon, EntitiesError> {
        let mut lx = Lexicon::empty();
        lx.load_countries(Files::COUNTRIES.0, Files::COUNTRIES.1)?;
        lx.load_people(Files::LEADERS.0, Files::LEADERS.1, HAND_CHECKED, true)?;
        lx.load_people(Files::PEOPLE.0, Files::PEOPLE.1, PHOENIX_CHECKED, false)?;
        lx.load_orgs(Files::EXTRA_ORGS.0, Files::EXTRA_ORGS.1, true)?;
        lx.load_orgs(Files::ORGS.0, Files::ORGS.1, false)?;
        lx.load_roles(Files::ROLES.0, Files::ROLES.1)?;
        lx.load_agents(Files::AGENTS.0, Files::AGENTS.1)?;
        lx.load_regions(Files::REGIONS.0, Files::REGIONS.1)?;
        lx.load_places(Files::PLACES.0, Files::PLACES.1)?;
        Ok(lx)
    }

    /// The built-in lexicon, loaded once per process.
    ///
    /// # Panics
    /// When the compiled-in data is malformed (a build defect caught by the tests).
    pub fn shared() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| Lexicon::builtin().expect("built-in lexicon is valid"))
    }

    fn add_surface(&mut self, surface: &str, entry: Entry) {
        let key = surface.trim().to_lowercase();
        if key.len() < 2 {
            return;
        }
        let id = match self.by_surface.get(&key) {
            Some(&id) => id,
            None => {
                let id = self.surfaces.len() as u32;
                self.surfaces.push(key.clone());
                self.entries.push(Vec::new());
                self.by_surface.insert(key, id);
                id
            }
        };
        let e = &mut self.entries[id as usize];
        if !e.contains(&entry) {
            e.push(entry);
        }
        self.matcher = OnceLock::new();
    }

    /// Loads `countries.tsv`: iso3, name, other names, adjectives, capitals.
    pub fn load_countries(&mut self, file: &str, text: &str) -> Result<(), EntitiesError> {
        for (line, f) in rows(text) {
            need(file, line, &f, 2, "iso3, name, names, adjectives, capitals")?;
            let iso3 = f[0].trim();
            if iso3.len() != 3 || !iso3.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(EntitiesError::lexicon(
                    file,
                    line,
                    format!("bad ISO3 code {iso3:?}"),
                ));
            }
            let c = Country {
                iso3: iso3.to_string(),
                name: f[1].trim().to_string(),
                names: list(f.get(2)),
                adjectives: list(f.get(3)),
                capitals: list(f.get(4)),
            };
            let idx = self.countries.len() as u32;
            self.add_surface(&c.name.clone(), Entry::Country(idx));
            for n in c.names.clone() {
                self.add_surface(&n, Entry::Country(idx));
            }
            for n in c.adjectives.clone() {
                self.add_surface(&n, Entry::CountryAdj(idx));
            }
            for n in c.capitals.clone() {
                self.add_surface(&n, Entry::Capital(idx));
            }
            self.countries.push(c);
        }
        Ok(())
    }

    /// Loads people: name, variants, code, start, end, role. With `replace`, rows of a
    /// name already loaded from a later-loaded, less-checked source are skipped: load
    /// the checked file first.
    pub fn load_people(
        &mut self,
        file: &'static str,
        text: &str,
        checked: Ymd,
        surnames: bool,
    ) -> Result<(), EntitiesError> {
        let mut fresh: FxHashMap<u32, ()> = FxHashMap::default();
        for (line, f) in rows(text) {
            need(file, line, &f, 3, "name, variants, code, start, end, role")?;
            let name = f[0].trim();
            if name.is_empty() {
                return Err(EntitiesError::lexicon(file, line, "empty name"));
            }
            let code = f[2].trim();
            check_code(file, line, code)?;
            let start = opt_date(file, line, f.get(3).copied().unwrap_or(""))?;
            let end = opt_date(file, line, f.get(4).copied().unwrap_or(""))?;
            if let (Some(s), Some(e)) = (start, end) {
                if e < s {
                    return Err(EntitiesError::lexicon(
                        file,
                        line,
                        "end date before start date",
                    ));
                }
            }
            let role = f
                .get(5)
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .map(str::to_string);
            let key = name.to_lowercase();
            let idx = match self.person_by_name.get(&key) {
                Some(&i) => {
                    if !fresh.contains_key(&i) {
                        continue; // known from a better-checked file
                    }
                    i
                }
                None => {
                    let i = self.people.len() as u32;
                    self.people.push(Person {
                        name: name.to_string(),
                        variants: list(f.get(1)),
                        tenures: Vec::new(),
                    });
                    self.person_by_name.insert(key, i);
                    fresh.insert(i, ());
                    self.add_surface(name, Entry::Person(i));
                    for v in list(f.get(1)) {
                        self.person_by_name.entry(v.to_lowercase()).or_insert(i);
                        self.add_surface(&v, Entry::Person(i));
                    }
                    if surnames {
                        if let Some(last) = name.split_whitespace().last() {
                            if name.split_whitespace().count() > 1 {
                                self.add_surface(last, Entry::Surname(i));
                            }
                        }
                    }
                    i
                }
            };
            let t = Tenure {
                code: code.to_string(),
                start,
                end,
                role,
                checked,
                source: file,
            };
            let p = &mut self.people[idx as usize];
            if !p.tenures.contains(&t) {
                p.tenures.push(t);
            }
        }
        Ok(())
    }

    /// Loads organisations. `extra_orgs.tsv` has four fields (code, kind, name,
    /// variants); `orgs.tsv` three (code, name, variants): `with_kind` says which.
    pub fn load_orgs(
        &mut self,
        file: &str,
        text: &str,
        with_kind: bool,
    ) -> Result<(), EntitiesError> {
        for (line, f) in rows(text) {
            let (code, kind, name, variants) = if with_kind {
                need(file, line, &f, 3, "code, kind, name, variants")?;
                (f[0], f[1], f[2], list(f.get(3)))
            } else {
                need(file, line, &f, 2, "code, name, variants")?;
                (f[0], "", f[1], list(f.get(2)))
            };
            check_code(file, line, code.trim())?;
            let idx = self.orgs.len() as u32;
            self.add_surface(name, Entry::Org(idx));
            for v in &variants {
                self.add_surface(v, Entry::Org(idx));
            }
            self.orgs.push(Org {
                code: code.trim().to_string(),
                kind: kind.trim().to_string(),
                name: name.trim().to_string(),
                variants,
            });
        }
        Ok(())
    }

    /// Loads `roles.tsv`: phrase, sector (`-` for none), kind (`title`, `role`, `both`).
    pub fn load_roles(&mut self, file: &str, text: &str) -> Result<(), EntitiesError> {
        for (line, f) in rows(text) {
            need(file, line, &f, 3, "phrase, sector, kind")?;
            let phrase = f[0].trim().to_lowercase();
            let sector = match f[1].trim() {
                "-" | "" => None,
                s => {
                    check_code(file, line, s)?;
                    Some(s.to_string())
                }
            };
            let title = match f[2].trim() {
                "title" | "both" => true,
                "role" => false,
                k => {
                    return Err(EntitiesError::lexicon(
                        file,
                        line,
                        format!("kind {k:?} is not title, role or both"),
                    ))
                }
            };
            let idx = self.roles.len() as u32;
            self.add_surface(&phrase, Entry::Role(idx));
            self.roles.push(Role {
                phrase,
                sector,
                title,
            });
        }
        Ok(())
    }

    /// Loads Phoenix agents (phrase, sector): role words not already in the roles list.
    pub fn load_agents(&mut self, file: &str, text: &str) -> Result<(), EntitiesError> {
        for (line, f) in rows(text) {
            need(file, line, &f, 2, "phrase, sector")?;
            let phrase = f[0].trim().to_lowercase();
            let sector = f[1].trim();
            check_code(file, line, sector)?;
            if self.by_surface.get(&phrase).is_some_and(|&id| {
                self.entries[id as usize]
                    .iter()
                    .any(|e| matches!(e, Entry::Role(_)))
            }) {
                continue;
            }
            let idx = self.roles.len() as u32;
            self.add_surface(&phrase, Entry::Role(idx));
            self.roles.push(Role {
                phrase,
                sector: Some(sector.to_string()),
                title: false,
            });
        }
        Ok(())
    }

    /// Loads `regions.tsv`: name, kind, iso3, lat, lon, variants.
    pub fn load_regions(&mut self, file: &str, text: &str) -> Result<(), EntitiesError> {
        for (line, f) in rows(text) {
            need(file, line, &f, 5, "name, kind, iso3, lat, lon, variants")?;
            let (lat, lon) = coords(file, line, f[3], f[4])?;
            let idx = self.places.len() as u32;
            self.add_surface(f[0], Entry::Place(idx));
            for v in list(f.get(5)) {
                self.add_surface(&v, Entry::Place(idx));
            }
            self.places.push(Place {
                name: f[0].trim().to_string(),
                iso3: Some(f[2].trim().to_string()).filter(|s| !s.is_empty()),
                lat,
                lon,
                population: 0,
                kind: PlaceKind::Region,
            });
        }
        Ok(())
    }

    /// Loads `places.tsv`: name, iso3, lat, lon, population, alternate names.
    pub fn load_places(&mut self, file: &str, text: &str) -> Result<(), EntitiesError> {
        for (line, f) in rows(text) {
            need(
                file,
                line,
                &f,
                5,
                "name, iso3, lat, lon, population, alternates",
            )?;
            let (lat, lon) = coords(file, line, f[2], f[3])?;
            let population: u64 = f[4].trim().parse().map_err(|_| {
                EntitiesError::lexicon(file, line, format!("bad population {:?}", f[4]))
            })?;
            let idx = self.places.len() as u32;
            self.add_surface(f[0], Entry::Place(idx));
            for v in list(f.get(5)) {
                self.add_surface(&v, Entry::Place(idx));
            }
            self.places.push(Place {
                name: f[0].trim().to_string(),
                iso3: Some(f[1].trim().to_string()).filter(|s| !s.is_empty()),
                lat,
                lon,
                population,
                kind: PlaceKind::City,
            });
        }
        Ok(())
    }

    /// Extends the lexicon with a user's file. Each line starts with its kind:
    ///
    /// ```text
    /// person  NAME  VARIANTS  CODE  START  END  ROLE
    /// org     CODE  KIND  NAME  VARIANTS
    /// country ISO3  NAME  NAMES  ADJECTIVES  CAPITALS
    /// role    PHRASE  SECTOR  title|role|both
    /// place   NAME  ISO3  LAT  LON  POPULATION
    /// ```
    ///
    /// People given here replace the built-in entries of the same name.
    pub fn extend_from_file(&mut self, path: &Path) -> Result<(), EntitiesError> {
        let text = std::fs::read_to_string(path).map_err(|source| EntitiesError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let file = path.display().to_string();
        self.extend_from_str(&file, &text)
    }

    /// [`Lexicon::extend_from_file`] on text in memory; `file` names it in errors.
    pub fn extend_from_str(&mut self, file: &str, text: &str) -> Result<(), EntitiesError> {
        for (line, f) in rows(text) {
            let rest = f[1..].join("\t");
            // Feed each line to the right loader with its own line number.
            let padded = format!("{}{}", "\n".repeat(line - 1), rest);
            match f[0].trim() {
                "person" => {
                    need(file, line, &f, 4, "person, name, variants, code, …")?;
                    let name = f[1].trim().to_lowercase();
                    let variants = list(f.get(2));
                    if let Some(&i) = self.person_by_name.get(&name) {
                        // A user's entry replaces the built-in tenures.
                        self.people[i as usize].tenures.clear();
                        for v in &variants {
                            self.person_by_name.entry(v.to_lowercase()).or_insert(i);
                            self.add_surface(v, Entry::Person(i));
                        }
                        self.push_user_tenure(file, line, i, &f)?;
                    } else {
                        let leaked: &'static str = "user lexicon";
                        self.load_people(leaked, &padded, HAND_CHECKED, true)
                            .map_err(|e| rename(e, file))?;
                    }
                }
                "org" => self.load_orgs(file, &padded, true)?,
                "country" => self.load_countries(file, &padded)?,
                "role" => self.load_roles(file, &padded)?,
                "place" => self.load_places(file, &padded)?,
                k => {
                    return Err(EntitiesError::lexicon(
                        file,
                        line,
                        format!("unknown kind {k:?} (want person, org, country, role or place)"),
                    ))
                }
            }
        }
        Ok(())
    }

    fn push_user_tenure(
        &mut self,
        file: &str,
        line: usize,
        i: u32,
        f: &[&str],
    ) -> Result<(), EntitiesError> {
        let code = f[3].trim();
        check_code(file, line, code)?;
        let start = opt_date(file, line, f.get(4).copied().unwrap_or(""))?;
        let end = opt_date(file, line, f.get(5).copied().unwrap_or(""))?;
        let role = f
            .get(6)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        self.people[i as usize].tenures.push(Tenure {
            code: code.to_string(),
            start,
            end,
            role,
            checked: HAND_CHECKED,
            source: "user lexicon",
        });
        Ok(())
    }

    fn matcher(&self) -> &AhoCorasick {
        self.matcher.get_or_init(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&self.surfaces)
                .expect("gazetteer automaton builds")
        })
    }

    /// Entries of an exact surface form (case-insensitive).
    pub fn lookup(&self, surface: &str) -> &[Entry] {
        let key = surface.trim().to_lowercase();
        match self.by_surface.get(&key) {
            Some(&id) => &self.entries[id as usize],
            None => &[],
        }
    }

    /// A person by canonical name or variant (case-insensitive).
    pub fn person(&self, name: &str) -> Option<&Person> {
        self.person_by_name
            .get(&name.trim().to_lowercase())
            .map(|&i| &self.people[i as usize])
    }

    /// Gazetteer matches in `text` that start at a token start and end at a token end
    /// (`starts`/`ends` are sorted byte offsets) and are written as names (each word
    /// capitalised, apart from small function words). Overlapping matches are all kept.
    pub fn find(&self, text: &str, starts: &[usize], ends: &[usize], roles: bool) -> Vec<GazMatch> {
        let mut out = Vec::new();
        for m in self.matcher().find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
            if starts.binary_search(&s).is_err() || ends.binary_search(&e).is_err() {
                continue;
            }
            let entries = &self.entries[m.pattern().as_usize()];
            let role_only = entries.iter().all(|e| matches!(e, Entry::Role(_)));
            if role_only {
                if roles {
                    out.push(GazMatch {
                        start: s,
                        end: e,
                        entries: entries.clone(),
                    });
                }
                continue;
            }
            if !written_as_name(&text[s..e]) {
                if roles && entries.iter().any(|e| matches!(e, Entry::Role(_))) {
                    out.push(GazMatch {
                        start: s,
                        end: e,
                        entries: entries
                            .iter()
                            .copied()
                            .filter(|e| matches!(e, Entry::Role(_)))
                            .collect(),
                    });
                }
                continue;
            }
            let entries: Vec<Entry> = entries
                .iter()
                .copied()
                .filter(|e| roles || !matches!(e, Entry::Role(_)))
                .collect();
            if !entries.is_empty() {
                out.push(GazMatch {
                    start: s,
                    end: e,
                    entries,
                });
            }
        }
        out
    }
}

fn rename(e: EntitiesError, file: &str) -> EntitiesError {
    match e {
        EntitiesError::Lexicon { line, message, .. } => EntitiesError::Lexicon {
            file: file.to_string(),
            line,
            message,
        },
        other => other,
    }
}

fn coords(file: &str, line: usize, lat: &str, lon: &str) -> Result<(f64, f64), EntitiesError> {
    let la: f64 = lat
        .trim()
        .parse()
        .map_err(|_| EntitiesError::lexicon(file, line, format!("bad latitude {lat:?}")))?;
    let lo: f64 = lon
        .trim()
        .parse()
        .map_err(|_| EntitiesError::lexicon(file, line, format!("bad longitude {lon:?}")))?;
    if !(-90.0..=90.0).contains(&la) || !(-180.0..=180.0).contains(&lo) {
        return Err(EntitiesError::lexicon(
            file,
            line,
            "coordinates out of range",
        ));
    }
    Ok((la, lo))
}

const SMALL_WORDS: &[&str] = &[
    "of", "the", "and", "de", "da", "del", "al", "el", "bin", "van", "von", "der", "la", "le",
    "du", "for", "on", "in", "y", "e", "di", "das", "dos", "des", "ibn", "au", "aux", "upon",
];

/// Whether a phrase is written as a name: every word capitalised (or a digit, or a small
/// function word not at the start).
pub fn written_as_name(s: &str) -> bool {
    for (i, w) in s
        .split([' ', '-', '\n'])
        .filter(|w| !w.is_empty())
        .enumerate()
    {
        let c = w.chars().next().unwrap_or(' ');
        if c.is_uppercase() || c.is_ascii_digit() {
            continue;
        }
        if i > 0 && SMALL_WORDS.contains(&w) {
            continue;
        }
        if !c.is_alphabetic() {
            continue; // "'s", "."
        }
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_builtin_loads_and_knows_key_actors() {
        let lx = Lexicon::shared();
        assert!(lx.countries.len() > 200);
        let abe = lx.person("Shinzo Abe").unwrap();
        assert!(abe
            .tenures
            .iter()
            .any(|t| t.code == "JPNGOV" && t.covers(20_190_628)));
        assert!(lx
            .lookup("japanese")
            .iter()
            .any(|e| matches!(e, Entry::CountryAdj(_))));
        assert!(lx.lookup("G20").iter().any(|e| matches!(e, Entry::Org(_))));
    }

    #[test]
    fn lexicon_bad_line_names_file_and_line() {
        let mut lx = Lexicon::empty();
        let err = lx
            .load_people(
                "people.tsv",
                "# header\nAlice Smith\t\tUSAGOV\t2019-13-01\t\t\n",
                1,
                false,
            )
            .unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("people.tsv:2:"), "{msg}");
        let err = lx
            .extend_from_str("mine.tsv", "person\tBob Jones\t\tusagov\t\t\t\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("mine.tsv:1:"), "{err}");
        let err = lx
            .extend_from_str("mine.tsv", "\n\nwidget\tx\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("mine.tsv:3:"), "{err}");
    }

    #[test]
    fn lexicon_user_file_adds_person() {
        let mut lx = Lexicon::empty();
        lx.extend_from_str(
            "mine.tsv",
            "person\tAda Quill\t\tNZLGOV\t2030-01-01\t\tMayor\n",
        )
        .unwrap();
        let p = lx.person("ada quill").unwrap();
        assert_eq!(p.tenures[0].code, "NZLGOV");
        assert!(p.tenures[0].covers(20_310_101));
        assert!(!p.tenures[0].covers(20_290_101));
    }

    #[test]
    fn written_as_name_requires_capitals() {
        assert!(written_as_name("Strait of Hormuz"));
        assert!(written_as_name("U.S."));
        assert!(!written_as_name("police"));
        assert!(!written_as_name("of Japan"));
    }
}
