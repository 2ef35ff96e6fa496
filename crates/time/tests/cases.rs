//! Time-expression behaviour pinned from `tests/data/cases.tsv`: sentence and
//! reference date in, span, type and value out (see that file's header).

use dateline_core::TimexType;
use dateline_time::{find, parse_date};

const CASES: &str = include_str!("data/cases.tsv");

fn type_name(t: TimexType) -> &'static str {
    match t {
        TimexType::Date => "DATE",
        TimexType::Time => "TIME",
        TimexType::Duration => "DURATION",
        TimexType::Set => "SET",
    }
}

#[test]
fn time_cases_from_data_file() {
    let mut failures = Vec::new();
    let mut n = 0;
    for (lineno, line) in CASES.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        n += 1;
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(cols.len() >= 4, "cases.tsv:{}: needs 4 columns", lineno + 1);
        let reference = match cols[0] {
            "-" => None,
            s => {
                Some(parse_date(s).unwrap_or_else(|| panic!("cases.tsv:{}: bad date", lineno + 1)))
            }
        };
        let open = cols[1].find('[').expect("an opening bracket");
        let close = cols[1].find(']').expect("a closing bracket");
        let text = cols[1].replace(['[', ']'], "");
        let (start, end) = (open, close - 1);
        let found = find(&text, reference);
        let want_mod = cols.get(4).copied();
        if cols[2] == "NONE" {
            if let Some(m) = found
                .iter()
                .find(|m| m.span.start() < end && m.span.end() > start)
            {
                failures.push(format!(
                    "line {}: expected nothing in {:?}, found {:?} = {:?}",
                    lineno + 1,
                    &text[start..end],
                    &text[m.span.start()..m.span.end()],
                    m.value
                ));
            }
            continue;
        }
        let Some(m) = found
            .iter()
            .find(|m| m.span.start() == start && m.span.end() == end)
        else {
            let got: Vec<_> = found
                .iter()
                .map(|m| (&text[m.span.start()..m.span.end()], m.value.clone()))
                .collect();
            failures.push(format!(
                "line {}: {:?} not found as one expression; found {:?}",
                lineno + 1,
                &text[start..end],
                got
            ));
            continue;
        };
        let value = m.value.as_deref().unwrap_or("-");
        if type_name(m.timex_type) != cols[2]
            || value != cols[3]
            || m.modifier.as_deref() != want_mod
        {
            failures.push(format!(
                "line {}: {:?}: expected {} {} {:?}, got {} {} {:?} (tense {:?})",
                lineno + 1,
                &text[start..end],
                cols[2],
                cols[3],
                want_mod,
                type_name(m.timex_type),
                value,
                m.modifier,
                m.tense
            ));
        }
    }
    assert!(n > 50, "the case file holds {n} cases");
    assert!(
        failures.is_empty(),
        "{} of {n} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
