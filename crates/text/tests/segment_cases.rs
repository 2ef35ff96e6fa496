//! Segmentation behaviour pinned by the cases in `tests/data/segment.txt`.

use dateline_text::Segmenter;

struct Case {
    name: String,
    line: usize,
    text: String,
    sents: Vec<String>,
}

fn cases() -> Vec<Case> {
    let src = include_str!("data/segment.txt");
    let mut out: Vec<Case> = Vec::new();
    for (i, raw) in src.lines().enumerate() {
        let line = raw.trim_end();
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let (key, val) = line
            .split_once(": ")
            .unwrap_or_else(|| panic!("segment.txt:{}: expected `key: value`", i + 1));
        match key {
            "case" => out.push(Case {
                name: val.to_string(),
                line: i + 1,
                text: String::new(),
                sents: Vec::new(),
            }),
            "text" => out.last_mut().expect("text before case").text = val.replace("\\n", "\n"),
            "sent" => out
                .last_mut()
                .expect("sent before case")
                .sents
                .push(val.to_string()),
            k => panic!("segment.txt:{}: unknown key {k:?}", i + 1),
        }
    }
    out
}

#[test]
fn segment_cases_from_data_file() {
    let seg = Segmenter::new();
    let mut failures = Vec::new();
    let all = cases();
    assert!(
        all.len() >= 20,
        "the case file should hold the typographic cases"
    );
    for case in &all {
        let (sents, tokens) = seg.segment(&case.text);
        let got: Vec<String> = sents
            .iter()
            .map(|r| {
                tokens[r.clone()]
                    .iter()
                    .map(|t| &case.text[t.clone()])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        if got != case.sents {
            failures.push(format!(
                "line {} ({}):\n  expected {:#?}\n  got      {:#?}",
                case.line, case.name, case.sents, got
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
