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
/// RFC 2822 as feeds and some JSON-LD write it: `Wed, 04 May 2022 02:41:00 GMT`.
static RFC2822: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:[a-z]{3},?\s+)?(\d{1,2})\s+([a-z]{3,9})\.?\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(GMT|UTC|UT|Z|[+-]\d{4})\b",
    )
    .expect("static pattern")
});
static ISO_IN_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").expect("static pattern"));
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[/-]?(\d{2})[/-]?(\d{2})(?:/|[-_.]|$)").expect("static pattern")
});
/// A day-month-year path segment (`/meldungen/29-10-2021`, `/29.10.2021/`).
static URL_DATE_DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/(\d{1,2})([-._])(\d{1,2})[-._]((?:19|20)\d{2})(?:/|[-_.]|$)")
        .expect("static pattern")
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
/// when present in ISO or RFC 2822 form, are kept (`+0900` becomes `+09:00`, `Z`
/// and `GMT` become `Z`).
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
    if let Some(c) = RFC2822.captures(s) {
        if let (Ok(d), Some(m), Ok(y)) = (c[1].parse::<u32>(), month(&c[2]), c[3].parse::<i32>()) {
            let (h, min) = (c[4].parse::<u32>().ok()?, c[5].parse::<u32>().ok()?);
            let sec = c
                .get(6)
                .map_or(Some(0), |x| x.as_str().parse::<u32>().ok())?;
            if valid(y, m, d) && h <= 23 && min <= 59 && sec <= 60 {
                let z = &c[7];
                let tz = if z.starts_with(['+', '-']) {
                    format!("{}:{}", &z[..3], &z[3..5])
                } else {
                    "Z".to_string()
                };
                return Some(format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{sec:02}{tz}"));
            }
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

/// A date in a URL path (`/2019/06/28/`, `/20190628-…`, `/29-10-2021`), as ISO
/// 8601. A day-month-year segment counts only when the day cannot be the month
/// (`/05-10-2021` may be either order).
pub fn date_from_url(url: &str) -> Option<String> {
    for re in [&*URL_DATE_SEP, &*URL_DATE] {
        if let Some(c) = re.captures(url) {
            if let Some((y, m, d)) = ymd(&c[1], &c[2], &c[3]) {
                return Some(format!("{y:04}-{m:02}-{d:02}"));
            }
        }
    }
    let c = URL_DATE_DMY.captures(url)?;
    let (y, m, d) = ymd(&c[4], &c[3], &c[1])?;
    (d > 12 || d == m).then(|| format!("{y:04}-{m:02}-{d:02}"))
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

/// The earliest date written in `text` (any of the printed forms or ISO), with the
/// matched text. Unlike [`date_in_text`], which tries the forms one after the
/// other, this one takes the date that comes first, as a reader would.
pub fn first_date(text: &str) -> Option<(String, String)> {
    [&*ISO_IN_TEXT, &*MDY_NAME, &*DMY_NAME, &*SLASHED, &*DMY_NUM]
        .iter()
        .filter_map(|re| {
            re.find_iter(text)
                .find_map(|m| parse_date(m.as_str()).map(|d| (m.start(), d, m.as_str())))
        })
        .min_by_key(|(at, _, _)| *at)
        .map(|(_, d, m)| (d, m.to_string()))
}

/// A day written with a two-digit year, `2.11.22` or `02.11.22` (day, month, year
/// 2000–2069 or 1970–1999), as ISO 8601. Only for text that is known to be a date
/// (an element whose class names one): elsewhere such numbers are versions or
/// scores.
pub fn short_year_date(text: &str) -> Option<String> {
    static DMY_SHORT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[^\d.])(\d{1,2})\.(\d{1,2})\.(\d{2})(?:$|[^\d.])")
            .expect("static pattern")
    });
    let c = DMY_SHORT.captures(text)?;
    let yy: i32 = c[3].parse().ok()?;
    let y = if yy < 70 { 2000 + yy } else { 1900 + yy };
    let (d, m): (u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?);
    valid(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// A day written `15/12/2025` or `10/31/2024` whose order is plain because one
/// number is over 12 (day/month or month/day), as ISO 8601 with the matched text.
/// `03/10/2023` names two days and gives `None`. For lines known to hold little
/// but a date (the last resorts of the metadata walk).
pub fn unambiguous_slashed_date(text: &str) -> Option<(String, String)> {
    static NUM_SLASHED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b").expect("static pattern"));
    let c = NUM_SLASHED.captures(text)?;
    let (a, b): (u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?);
    let y: i32 = c[3].parse().ok()?;
    let (m, d) = match (a > 12, b > 12) {
        (true, false) => (b, a),
        (false, true) => (a, b),
        _ => return None,
    };
    valid(y, m, d).then(|| (format!("{y:04}-{m:02}-{d:02}"), c[0].to_string()))
}

/// Days from 1970-01-01 to a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count from 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// Is this UTC instant (days since 1970, minutes of the day) inside European summer
/// time (last Sunday of March 01:00 UTC to last Sunday of October 01:00 UTC)?
fn eu_summer_time(days: i64, minutes: i64) -> bool {
    let (y, _, _) = civil_from_days(days);
    let last_sunday = |m: i64| {
        let last = days_from_civil(y, m, 31);
        // 1970-01-01 was a Thursday: weekday 0 = Sunday at days ≡ 3 (mod 7).
        last - (last - 3).rem_euclid(7)
    };
    let t = days * 1440 + minutes;
    t >= last_sunday(3) * 1440 + 60 && t < last_sunday(10) * 1440 + 60
}

/// A UTC timestamp (`…T22:04:00Z`, `+00:00`) as the wall-clock date of Central
/// European Time (UTC+1, UTC+2 in summer): sites in that zone store local midnight
/// or a late-evening story as the previous UTC day, while the page shows the local
/// day. Other values (no time, a local offset) come back unchanged.
pub fn utc_to_central_european(iso: &str) -> String {
    shift_utc(iso, |days, minutes| {
        if eu_summer_time(days, minutes) {
            120
        } else {
            60
        }
    })
}

/// A UTC timestamp as the wall-clock time of a zone `offset` minutes from UTC
/// (`-240` for Bolivia): a story filed at 22:41 in La Paz is stored as 02:41 UTC
/// the next day. Other values (no time, a local offset) come back unchanged.
pub fn utc_to_offset(iso: &str, offset: i64) -> String {
    shift_utc(iso, |_, _| offset)
}

/// Moves a UTC timestamp to local time, the offset (minutes) chosen from the UTC
/// day and minute.
fn shift_utc(iso: &str, offset_at: impl Fn(i64, i64) -> i64) -> String {
    let utc = iso.ends_with('Z') || iso.ends_with("+00:00") || iso.ends_with("-00:00");
    if !utc || iso.len() < 16 || iso.as_bytes().get(10) != Some(&b'T') {
        return iso.to_string();
    }
    let num = |a: usize, b: usize| iso.get(a..b).and_then(|x| x.parse::<i64>().ok());
    let (Some(y), Some(mo), Some(d), Some(h), Some(mi)) =
        (num(0, 4), num(5, 7), num(8, 10), num(11, 13), num(14, 16))
    else {
        return iso.to_string();
    };
    let days = days_from_civil(y, mo, d);
    let minutes = h * 60 + mi;
    let offset = offset_at(days, minutes);
    let local = days * 1440 + minutes + offset;
    let (ly, lm, ld) = civil_from_days(local.div_euclid(1440));
    let lmin = local.rem_euclid(1440);
    let sec = iso.get(17..19).unwrap_or("00");
    let sign = if offset < 0 { '-' } else { '+' };
    format!(
        "{ly:04}-{lm:02}-{ld:02}T{:02}:{:02}:{sec}{sign}{:02}:{:02}",
        lmin / 60,
        lmin % 60,
        offset.abs() / 60,
        offset.abs() % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_slashed_only_when_the_order_is_plain() {
        let d = |t: &str| unambiguous_slashed_date(t).map(|(d, _)| d);
        assert_eq!(d("Updated: 10/31/2024").as_deref(), Some("2024-10-31"));
        assert_eq!(
            d("Posted on the 15/12/2025 at 19:00").as_deref(),
            Some("2025-12-15")
        );
        assert_eq!(d("03/10/2023"), None);
        assert_eq!(d("13/13/2023"), None);
    }

    #[test]
    fn dates_two_digit_years_in_date_elements() {
        assert_eq!(
            short_year_date("Kultur, 2.11.22").as_deref(),
            Some("2022-11-02")
        );
        assert_eq!(
            short_year_date("am 31.01.98").as_deref(),
            Some("1998-01-31")
        );
        assert_eq!(short_year_date("Version 1.2.3"), None);
        assert_eq!(short_year_date("10.11.2022"), None);
        assert_eq!(short_year_date("32.01.22"), None);
    }

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
            Some("2019-06-28T10:00:00Z")
        );
        assert_eq!(parse_date("no date here"), None);
        assert_eq!(parse_date("2019-13-45"), None);
    }

    #[test]
    fn dates_from_url_paths() {
        for (url, date) in [
            ("https://x.com/2019/06/28/story/", Some("2019-06-28")),
            ("https://x.com/news/20190628-story.html", Some("2019-06-28")),
            ("https://x.com/2019/6/8/story", Some("2019-06-08")),
            ("https://x.com/story-1234567890", None),
            (
                "https://x.org/media-news/meldungen/29-10-2021",
                Some("2021-10-29"),
            ),
            ("https://x.org/presse/29.10.2021/", Some("2021-10-29")),
            // Day and month could be swapped: no date.
            ("https://x.org/meldungen/05-10-2021", None),
            // A version or a code, not a date.
            ("https://x.org/files/2-45-2021.pdf", None),
        ] {
            assert_eq!(date_from_url(url).as_deref(), date, "{url}");
        }
    }

    #[test]
    fn dates_first_in_reading_order() {
        assert_eq!(
            first_date("Written: 2023-11-07 15:03 / Updated: Nov 9, 2023").map(|x| x.0),
            Some("2023-11-07".to_string())
        );
        assert_eq!(
            first_date("von Jane Roe, 24. Januar 2022 | 3.2.2022").map(|x| x.0),
            Some("2022-01-24".to_string())
        );
        assert_eq!(first_date("Seite 12 von 40"), None);
    }

    #[test]
    fn dates_utc_to_central_european_wall_clock() {
        // Winter: UTC+1, local midnight stored as 23:00 UTC the day before.
        assert_eq!(
            utc_to_central_european("2021-11-04T23:00:00Z"),
            "2021-11-05T00:00:00+01:00"
        );
        // Summer: UTC+2.
        assert_eq!(
            utc_to_central_european("2019-10-18T22:04:00Z"),
            "2019-10-19T00:04:00+02:00"
        );
        // Year end.
        assert_eq!(
            utc_to_central_european("2020-12-31T23:30:00+00:00"),
            "2021-01-01T00:30:00+01:00"
        );
        // The day stays when the evening is early enough.
        assert_eq!(
            utc_to_central_european("2022-06-15T13:05:50Z"),
            "2022-06-15T15:05:50+02:00"
        );
        // Local offsets and bare dates are left alone.
        assert_eq!(
            utc_to_central_european("2022-05-05T21:00:00-05:00"),
            "2022-05-05T21:00:00-05:00"
        );
        assert_eq!(utc_to_central_european("2022-05-05"), "2022-05-05");
    }

    #[test]
    fn dates_rfc2822_and_fixed_offsets() {
        assert_eq!(
            parse_date("Wed, 04 May 2022 02:41:00 GMT").as_deref(),
            Some("2022-05-04T02:41:00Z")
        );
        assert_eq!(
            parse_date("Tue, 3 May 2022 22:41 -0400").as_deref(),
            Some("2022-05-03T22:41:00-04:00")
        );
        // A late-evening story in La Paz (UTC-4) is stored as the next UTC day.
        assert_eq!(
            utc_to_offset("2022-05-04T02:41:00Z", -240),
            "2022-05-03T22:41:00-04:00"
        );
        assert_eq!(
            utc_to_offset("2022-05-04T02:41:00Z", 330),
            "2022-05-04T08:11:00+05:30"
        );
        // A local offset is kept as written.
        assert_eq!(
            utc_to_offset("2022-05-04T02:41:00-03:00", -240),
            "2022-05-04T02:41:00-03:00"
        );
    }
}
