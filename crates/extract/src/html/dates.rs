//! Date parsing for metadata: ISO 8601 and the common forms pages print, normalised
//! to ISO 8601 (`2019-06-28`, or `2019-06-28T10:00:00+09:00` when a time is given;
//! the timezone is kept as written, never converted).

use regex::Regex;
use std::sync::LazyLock;

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2}(?:\b|$)|UTC|GMT)?)?",
    )
    .expect("static pattern")
});
static SLASHED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b").expect("static pattern"));
static DMY_NUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b").expect("static pattern")
});
static MDY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([a-zäéû]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
        .expect("static pattern")
});
static DMY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:de\s+)?([a-zäéû]{3,10})\.?,?\s+(?:de\s+)?(\d{4})\b")
        .expect("static pattern")
});
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[/-]?(\d{2})[/-]?(\d{2})(?:/|[-_.]|$)").expect("static pattern")
});
static URL_DATE_SEP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/").expect("static pattern")
});

fn month(name: &str) -> Option<u32> {
    let n = name.to_lowercase();
    let n = n.trim_end_matches('.');
    const MONTHS: &[(&[&str], u32)] = &[
        (
            &[
                "jan", "january", "januar", "jänner", "janvier", "enero", "gennaio", "januari",
            ],
            1,
        ),
        (
            &[
                "feb", "february", "februar", "février", "fevrier", "febrero", "febbraio",
                "februari",
            ],
            2,
        ),
        (
            &["mar", "march", "märz", "maerz", "mars", "marzo", "maart"],
            3,
        ),
        (&["apr", "april", "avril", "abril", "aprile"], 4),
        (&["may", "mai", "mayo", "maggio", "mei"], 5),
        (&["jun", "june", "juni", "juin", "junio", "giugno"], 6),
        (&["jul", "july", "juli", "juillet", "julio", "luglio"], 7),
        (&["aug", "august", "août", "aout", "agosto", "augustus"], 8),
        (
            &[
                "sep",
                "sept",
                "september",
                "septembre",
                "septiembre",
                "settembre",
            ],
            9,
        ),
        (
            &[
                "oct", "october", "oktober", "octobre", "octubre", "ottobre", "okt",
            ],
            10,
        ),
        (&["nov", "november", "novembre", "noviembre"], 11),
        (
            &[
                "dec",
                "december",
                "dezember",
                "décembre",
                "decembre",
                "diciembre",
                "dicembre",
                "dez",
            ],
            12,
        ),
    ];
    MONTHS
        .iter()
        .find(|(names, _)| names.contains(&n))
        .map(|(_, m)| *m)
}

fn valid(y: i32, m: u32, d: u32) -> bool {
    (1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
}

fn ymd(y: &str, m: &str, d: &str) -> Option<(i32, u32, u32)> {
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    valid(y, m, d).then_some((y, m, d))
}

/// Parses a date as pages write it and returns it as ISO 8601. A time and timezone,
/// when present in ISO form, are kept (`+0900` becomes `+09:00`, `Z` stays `Z`).
pub fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    if let Some(c) = ISO.captures(s) {
        if let Some((y, m, d)) = ymd(&c[1], &c[2], &c[3]) {
            let date = format!("{y:04}-{m:02}-{d:02}");
            let Some(h) = c.get(4) else {
                return Some(date);
            };
            let h: u32 = h.as_str().parse().ok()?;
            let min: u32 = c[5].parse().ok()?;
            let sec: u32 = c.get(6).map_or(Some(0), |x| x.as_str().parse().ok())?;
            if h > 23 || min > 59 || sec > 60 {
                return Some(date);
            }
            let tz = match c.get(7).map(|z| z.as_str()) {
                None => String::new(),
                Some("Z" | "UTC" | "GMT") => "Z".to_string(),
                Some(z) => {
                    let digits: String = z.chars().filter(char::is_ascii_digit).collect();
                    let (hh, mm) = if digits.len() >= 4 {
                        (&digits[..2], &digits[2..4])
                    } else {
                        (&digits[..2], "00")
                    };
                    format!("{}{hh}:{mm}", &z[..1])
                }
            };
            return Some(format!("{date}T{h:02}:{min:02}:{sec:02}{tz}"));
        }
    }
    if let Some(c) = SLASHED.captures(s) {
        if let Some((y, m, d)) = ymd(&c[1], &c[2], &c[3]) {
            return Some(format!("{y:04}-{m:02}-{d:02}"));
        }
    }
    if let Some(c) = MDY_NAME.captures(s) {
        if let (Some(m), Ok(d), Ok(y)) = (month(&c[1]), c[2].parse::<u32>(), c[3].parse::<i32>()) {
            if valid(y, m, d) {
                return Some(format!("{y:04}-{m:02}-{d:02}"));
            }
        }
    }
    if let Some(c) = DMY_NAME.captures(s) {
        if let (Ok(d), Some(m), Ok(y)) = (c[1].parse::<u32>(), month(&c[2]), c[3].parse::<i32>()) {
            if valid(y, m, d) {
                return Some(format!("{y:04}-{m:02}-{d:02}"));
            }
        }
    }
    if let Some(c) = DMY_NUM.captures(s) {
        if let Some((y, m, d)) = ymd(&c[3], &c[2], &c[1]) {
            return Some(format!("{y:04}-{m:02}-{d:02}"));
        }
    }
    None
}

/// A date in a URL path (`/2019/06/28/`, `/20190628-…`), as ISO 8601.
pub fn date_from_url(url: &str) -> Option<String> {
    for re in [&*URL_DATE_SEP, &*URL_DATE] {
        if let Some(c) = re.captures(url) {
            if let Some((y, m, d)) = ymd(&c[1], &c[2], &c[3]) {
                return Some(format!("{y:04}-{m:02}-{d:02}"));
            }
        }
    }
    None
}

/// A date printed near the start of the visible text (a dateline or a "Published"
/// line), searched in the first `limit` bytes.
pub fn date_in_text(text: &str, limit: usize) -> Option<(String, String)> {
    let mut end = text.len().min(limit);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    for re in [&*MDY_NAME, &*DMY_NAME, &*SLASHED, &*DMY_NUM] {
        if let Some(m) = re.find(head) {
            if let Some(d) = parse_date(m.as_str()) {
                return Some((d, m.as_str().to_string()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_iso_keeps_timezone() {
        assert_eq!(
            parse_date("2019-06-28T10:00:00+09:00").as_deref(),
            Some("2019-06-28T10:00:00+09:00")
        );
        assert_eq!(
            parse_date("2019-06-28T10:00:00.000Z").as_deref(),
            Some("2019-06-28T10:00:00Z")
        );
        assert_eq!(
            parse_date("2019-06-28 10:05-0400").as_deref(),
            Some("2019-06-28T10:05:00-04:00")
        );
        assert_eq!(parse_date("2019-06-28").as_deref(), Some("2019-06-28"));
        assert_eq!(parse_date("20190628").as_deref(), Some("2019-06-28"));
    }

    #[test]
    fn dates_printed_forms() {
        assert_eq!(parse_date("June 28, 2019").as_deref(), Some("2019-06-28"));
        assert_eq!(
            parse_date("Updated: Jun. 3rd, 2021 at 5pm").as_deref(),
            Some("2021-06-03")
        );
        assert_eq!(parse_date("28. Juni 2019").as_deref(), Some("2019-06-28"));
        assert_eq!(parse_date("28.06.2019").as_deref(), Some("2019-06-28"));
        assert_eq!(
            parse_date("3 de mayo de 2020").as_deref(),
            Some("2020-05-03")
        );
        assert_eq!(parse_date("2019/6/28").as_deref(), Some("2019-06-28"));
        assert_eq!(
            parse_date("Fri, 28 Jun 2019 10:00:00 GMT").as_deref(),
            Some("2019-06-28")
        );
        assert_eq!(parse_date("no date here"), None);
        assert_eq!(parse_date("2019-13-45"), None);
    }

    #[test]
    fn dates_from_url_paths() {
        assert_eq!(
            date_from_url("https://x.com/2019/06/28/story/").as_deref(),
            Some("2019-06-28")
        );
        assert_eq!(
            date_from_url("https://x.com/news/20190628-story.html").as_deref(),
            Some("2019-06-28")
        );
        assert_eq!(
            date_from_url("https://x.com/2019/6/8/story").as_deref(),
            Some("2019-06-08")
        );
        assert_eq!(date_from_url("https://x.com/story-1234567890"), None);
    }
}
