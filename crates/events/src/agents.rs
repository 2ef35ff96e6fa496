//! Group and role nouns that give an unnamed actor its sector: "a Tunisian court" is
//! `TUN` + `JUD`, "US and British activists" `USAOPP` and `GBROPP`, "civilians" with no
//! country `---CVL` (the Phoenix convention for an actor whose country is unknown).
//!
//! Three lists are read in order, later ones overriding: the Phoenix agents
//! (`knowledge/actors/agents.tsv`), our role words (`knowledge/actors/roles.tsv`) and the
//! coder's own group nouns (`knowledge/events/agents.tsv`).

use crate::codebook::tsv_rows;
use crate::Error;
use std::collections::HashMap;

const PHOENIX: (&str, &str) = (
    "knowledge/actors/agents.tsv",
    include_str!("../../../knowledge/actors/agents.tsv"),
);
const ROLES: (&str, &str) = (
    "knowledge/actors/roles.tsv",
    include_str!("../../../knowledge/actors/roles.tsv"),
);
const OURS: (&str, &str) = (
    "knowledge/events/agents.tsv",
    include_str!("../../../knowledge/events/agents.tsv"),
);

const COUNTRIES: (&str, &str) = (
    "knowledge/actors/countries.tsv",
    include_str!("../../../knowledge/actors/countries.tsv"),
);

const GROUPS: (&str, &str) = (
    "knowledge/actors/groups.tsv",
    include_str!("../../../knowledge/actors/groups.tsv"),
);

const SUBDIVISIONS: (&str, &str) = (
    "knowledge/events/subdivisions.tsv",
    include_str!("../../../knowledge/events/subdivisions.tsv"),
);

/// Longest agent phrase looked up, in words.
pub const MAX_WORDS: usize = 3;

/// Agent phrases (lower case) and the sector code each implies.
#[derive(Clone, Debug, Default)]
pub struct Agents {
    sectors: HashMap<String, String>,
    /// One-word country names, other names and adjectives (lower case) → ISO alpha-3.
    countries: HashMap<String, String>,
    /// First-level subdivisions (lower case) → ISO alpha-3 ("south carolina" → USA).
    subdivisions: HashMap<String, String>,
    /// Ethnic and religious group words (lower case) → CAMEO group code ("shiite" → SHI).
    groups: HashMap<String, String>,
}

impl Agents {
    /// The built-in lists.
    pub fn builtin() -> Agents {
        let mut a = Agents::default();
        for f in [PHOENIX, ROLES, OURS] {
            a.extend(f).expect("built-in agent lists are valid");
        }
        a.extend_countries(COUNTRIES)
            .expect("built-in country list is valid");
        a.extend_subdivisions(SUBDIVISIONS)
            .expect("built-in subdivision list is valid");
        a.extend_groups(GROUPS)
            .expect("built-in group list is valid");
        a
    }

    /// Adds the rows of a `forms<TAB>code<TAB>kind` file of ethnic and religious groups
    /// (forms `|`-separated; code three or six upper-case letters; kind `religion` or
    /// `ethnic`).
    pub fn extend_groups(&mut self, (file, text): (&str, &str)) -> Result<(), Error> {
        for (n, f) in tsv_rows(text) {
            let code = f.get(1).map(|c| c.trim()).unwrap_or("");
            let kind = f.get(2).map(|c| c.trim()).unwrap_or("");
            if f[0].trim().is_empty()
                || code.is_empty()
                || code.len() % 3 != 0
                || !code.bytes().all(|b| b.is_ascii_uppercase())
                || !matches!(kind, "religion" | "ethnic")
            {
                return Err(Error::knowledge(
                    file,
                    n,
                    "expected forms<TAB>code (upper-case letters, 3 or 6)<TAB>religion|ethnic",
                ));
            }
            for form in f[0].split('|').map(str::trim).filter(|x| !x.is_empty()) {
                self.groups.insert(form.to_lowercase(), code.to_string());
            }
        }
        Ok(())
    }

    /// Whether `code` (three letters) begins some group's code ("SHI", "CHR").
    pub fn is_group_code(&self, code: &str) -> bool {
        self.groups.values().any(|g| g.starts_with(code))
    }

    /// The CAMEO code of an ethnic or religious group word (`w` lower case): "shiite" →
    /// SHI, "kurds" → KUR.
    pub fn group(&self, w: &str) -> Option<&str> {
        self.groups.get(w).map(String::as_str)
    }

    /// Adds the rows of a `name<TAB>iso3` file of first-level subdivisions.
    pub fn extend_subdivisions(&mut self, (file, text): (&str, &str)) -> Result<(), Error> {
        for (n, f) in tsv_rows(text) {
            let code = f.get(1).map(|c| c.trim()).unwrap_or("");
            if f[0].trim().is_empty()
                || code.len() != 3
                || !code.bytes().all(|b| b.is_ascii_uppercase())
            {
                return Err(Error::knowledge(file, n, "expected name<TAB>iso3"));
            }
            self.subdivisions
                .insert(f[0].trim().to_lowercase(), code.to_string());
        }
        Ok(())
    }

    /// The country (ISO alpha-3) of a first-level subdivision's name, any case.
    pub fn subdivision(&self, name: &str) -> Option<&str> {
        self.subdivisions
            .get(&name.trim().to_lowercase())
            .map(String::as_str)
    }

    /// Adds the one-word names of an `iso3<TAB>name<TAB>other names<TAB>adjectives…` file
    /// (names and adjectives `|`-separated; more-word names are the entity layer's).
    pub fn extend_countries(&mut self, (file, text): (&str, &str)) -> Result<(), Error> {
        for (n, f) in tsv_rows(text) {
            let code = f[0].trim();
            if f.len() < 2 || code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(Error::knowledge(file, n, "expected iso3<TAB>name<TAB>…"));
            }
            let names = f[1..f.len().min(4)].iter().flat_map(|x| x.split('|'));
            for name in names.map(str::trim) {
                // one word of at least four letters: "Israel", "Israeli" (not "US", "IS")
                if name.len() >= 4 && name.chars().all(char::is_alphabetic) {
                    self.countries
                        .entry(name.to_lowercase())
                        .or_insert_with(|| code.to_string());
                }
            }
        }
        Ok(())
    }

    /// The country (ISO alpha-3) a one-word name or adjective stands for, whatever its
    /// case (`w` lower case): "iSrael", "ISRAELI".
    pub fn country(&self, w: &str) -> Option<&str> {
        self.countries.get(w).map(String::as_str)
    }

    /// Adds (or overrides) the phrases of a `phrase<TAB>sector[<TAB>…]` file given as
    /// `(file name, contents)`; a sector of `-` means none.
    pub fn extend(&mut self, (file, text): (&str, &str)) -> Result<(), Error> {
        for (n, f) in tsv_rows(text) {
            if f.len() < 2 {
                return Err(Error::knowledge(file, n, "expected phrase<TAB>sector"));
            }
            let phrase = f[0].trim().to_lowercase();
            let sector = f[1].trim();
            if sector == "-" {
                continue;
            }
            if phrase.is_empty()
                || sector.len() % 3 != 0
                || !sector.bytes().all(|b| b.is_ascii_uppercase())
            {
                return Err(Error::knowledge(
                    file,
                    n,
                    format!("bad row: phrase {phrase:?}, sector {sector:?} (three-letter codes)"),
                ));
            }
            self.sectors.insert(phrase, sector.to_string());
        }
        Ok(())
    }

    /// The sector of the phrase `words` (lower case), trying the singular of its last word
    /// before the form as written.
    pub fn sector(&self, words: &[&str]) -> Option<&str> {
        let (last, rest) = words.split_last()?;
        let join = |w: &str| {
            let mut s = rest.join(" ");
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(w);
            s
        };
        singulars(last)
            .into_iter()
            .chain(std::iter::once(last.to_string()))
            .find_map(|w| self.sectors.get(&join(&w)))
            .map(String::as_str)
    }
}

/// Candidate singulars of an English plural ("courts", "authorities", "policemen").
fn singulars(w: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(s) = w.strip_suffix("men") {
        out.push(format!("{s}man"));
    }
    if w == "children" {
        out.push("child".into());
    }
    if let Some(s) = w.strip_suffix("ies") {
        out.push(format!("{s}y"));
    }
    if let Some(s) = w.strip_suffix("es") {
        if s.ends_with("ch") || s.ends_with("sh") || s.ends_with('s') || s.ends_with('x') {
            out.push(s.to_string());
        }
    }
    if let Some(s) = w.strip_suffix('s') {
        if !s.ends_with('s') {
            out.push(s.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agents_match_singular_and_plural() {
        let a = Agents::builtin();
        assert_eq!(a.sector(&["court"]), Some("JUD"));
        assert_eq!(a.sector(&["activists"]), Some("OPP"));
        assert_eq!(a.sector(&["authorities"]), Some("GOV"));
        assert_eq!(a.sector(&["policemen"]), Some("COP"));
        assert_eq!(a.sector(&["children"]), Some("CVL"));
        assert_eq!(a.sector(&["security", "forces"]), Some("COP"));
        assert_eq!(a.sector(&["decision"]), None);
    }

    #[test]
    fn countries_by_one_word_name_or_adjective_in_any_case() {
        let a = Agents::builtin();
        assert_eq!(a.country("israel"), Some("ISR"));
        assert_eq!(a.country("israeli"), Some("ISR"));
        assert_eq!(a.country("palestine"), Some("PSE"));
        // short abbreviations are left to the entity layer ("US", "IS")
        assert_eq!(a.country("us"), None);
        let mut b = Agents::default();
        let e = b
            .extend_countries((
                "c.tsv",
                "# h
israel	Israel
",
            ))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("c.tsv:2:"), "{e}");
    }

    #[test]
    fn subdivisions_give_their_country_and_bad_rows_name_the_line() {
        let a = Agents::builtin();
        assert_eq!(a.subdivision("South Carolina"), Some("USA"));
        assert_eq!(a.subdivision("texas"), Some("USA"));
        assert_eq!(a.subdivision("Georgia"), None);
        let mut b = Agents::default();
        let e = b
            .extend_subdivisions(("s.tsv", "# h\nOhio\tUSA\nNowhere\tusa\n"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("s.tsv:3"), "{e}");
    }

    #[test]
    fn groups_by_word_and_bad_rows_name_the_line() {
        let a = Agents::builtin();
        assert_eq!(a.group("shiite"), Some("SHI"));
        assert_eq!(a.group("kurdish"), Some("KUR"));
        assert_eq!(a.group("copts"), Some("CHRCPT"));
        assert_eq!(a.group("fighters"), None);
        let mut b = Agents::default();
        let e = b
            .extend_groups(("g.tsv", "# h\nyazidi\tYAZ\treligion\nroma\tRom\tethnic\n"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("g.tsv:3:"), "{e}");
        let e = b
            .extend_groups(("g.tsv", "yazidi\tYAZ\tcult\n"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("g.tsv:1:"), "{e}");
    }

    #[test]
    fn agents_reject_bad_rows_naming_file_and_line() {
        let mut a = Agents::default();
        let e = a
            .extend(("mine.tsv", "# c\nmonks\tRe1\n"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("mine.tsv:2:"), "{e}");
        let e = a.extend(("mine.tsv", "monks\n")).unwrap_err().to_string();
        assert!(e.contains("phrase<TAB>sector"), "{e}");
        a.extend(("mine.tsv", "monk\tREL\n")).unwrap();
        assert_eq!(a.sector(&["monks"]), Some("REL"));
    }
}
