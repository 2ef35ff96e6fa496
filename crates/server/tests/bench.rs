//! Timings on a generated database of 100,000 events (ignored by default; run with
//! `cargo test -p dateline-server --test bench -- --ignored --nocapture`). The numbers
//! are reported in docs/SERVER.md.

mod common;

use common::request;
use dateline_core::{
    Article, DateBasis, Doc, Event, EventActor, EventDate, Field, Modality, Polarity, Provenance,
    Quote, QuoteKind, Sentence, Span, Speaker,
};
use dateline_server::Options;
use dateline_store::{Prepared, Store};
use std::time::{Duration, Instant};

const EVENTS: usize = 100_000;
const PER_ARTICLE: usize = 5;
const ACTORS: &[&str] = &[
    "USA", "CHN", "RUS", "JPN", "KEN", "ETH", "FRA", "DEU", "GBR", "IND", "BRA", "ZAF", "TUR",
    "IRN", "ISR", "EGY", "NGA", "MEX", "CAN", "AUS", "KOR", "PRK", "UKR", "POL", "SAU",
];
const CODES: &[(&str, f32)] = &[
    ("010", 0.0),
    ("036", 4.0),
    ("042", 1.9),
    ("043", 2.8),
    ("051", 3.4),
    ("057", 8.0),
    ("061", 6.4),
    ("071", 7.4),
    ("111", -2.0),
    ("112", -2.0),
    ("130", -4.4),
    ("141", -6.5),
    ("163", -8.0),
    ("173", -5.0),
    ("190", -10.0),
    ("193", -10.0),
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn article(i: usize, rng: &mut Rng) -> Doc {
    let words: Vec<String> = (0..24).map(|_| format!("w{}", rng.below(5000))).collect();
    let text = format!(
        "Report {i}: {}.\n\n\"We will talk again,\" an official said about {}.",
        words[..16].join(" "),
        words[16..].join(" ")
    );
    let mut a = Article::default();
    let cut = text.find("\n\n").unwrap();
    a.set_body([
        (&text[..cut], Span::new(0, cut)),
        (&text[cut + 2..], Span::new(cut + 2, text.len())),
    ]);
    a.url = Some(Field::new(
        format!("https://site{}.example/{i}", i % 40),
        Provenance::User,
    ));
    a.title = Some(Field::new(format!("Report {i}"), Provenance::Heading));
    let day = rng.below(730);
    let date = jiff_date(day);
    a.published = Some(Field::new(date.clone(), Provenance::Meta));
    let mut d = Doc::new(a);
    d.sentences.push(Sentence {
        span: Span::new(0, cut),
        first_token: 0,
        token_count: 0,
    });
    d.sentences.push(Sentence {
        span: Span::new(cut + 2, text.len()),
        first_token: 0,
        token_count: 0,
    });
    let q = text.find("We will").unwrap();
    let official = text.find("an official").unwrap();
    d.quotes.push(Quote {
        speaker: Speaker::Anonymous {
            description: format!("official {}", rng.below(300)),
            span: Span::new(official, official + 11),
        },
        cue: None,
        source: Some(Span::new(official, official + 11)),
        content: Span::new(q, q + 19),
        kind: QuoteKind::Direct,
        sentence: 1,
        confidence: 0.9,
    });
    for _ in 0..PER_ARTICLE {
        let (code, g) = CODES[rng.below(CODES.len())];
        let s = ACTORS[rng.below(ACTORS.len())];
        let mut t = ACTORS[rng.below(ACTORS.len())];
        if t == s {
            t = ACTORS[(ACTORS.iter().position(|x| *x == s).unwrap() + 1) % ACTORS.len()];
        }
        let sfx = ["", "GOV", "MIL"][rng.below(3)];
        let root: u8 = code[..2].parse().unwrap();
        d.events.push(Event {
            cameo: code.into(),
            plover: "X".into(),
            plover_mode: None,
            goldstein: g,
            quad_class: match root {
                1..=5 => 1,
                6..=8 => 2,
                9..=13 => 3,
                _ => 4,
            },
            source: EventActor {
                entity: None,
                code: Some(format!("{s}{sfx}")),
                span: None,
                unknown: false,
            },
            target: EventActor {
                entity: None,
                code: Some(t.to_string()),
                span: None,
                unknown: false,
            },
            date: EventDate {
                value: Some(jiff_date(day.saturating_sub(rng.below(3)))),
                basis: DateBasis::Sentence,
                timex: None,
            },
            location: None,
            polarity: Polarity::Asserted,
            modality: Modality::Actual,
            sentence: 0,
            evidence: vec![Span::new(0, cut)],
            rule: "bench".into(),
            confidence: 0.7,
        });
    }
    d
}

fn jiff_date(day: usize) -> String {
    // Days after 2025-01-01 (non-leap 2025, then 2026), as YYYY-MM-DD.
    let months = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let (mut year, mut d) = (2025, day % 730);
    if d >= 365 {
        year = 2026;
        d -= 365;
    }
    let mut m = 0;
    while d >= months[m] {
        d -= months[m];
        m += 1;
    }
    format!("{year}-{:02}-{:02}", m + 1, d + 1)
}

#[test]
#[ignore = "generates 100,000 events; run by hand, numbers go to docs/SERVER.md"]
fn bench_api_on_100k_events() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let t = Instant::now();
    {
        let mut store = Store::open(&path).unwrap();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut batch = Vec::new();
        for i in 0..EVENTS / PER_ARTICLE {
            batch.push(Prepared::from_doc(article(i, &mut rng)));
            if batch.len() == 500 {
                store.write_batch(&batch, &[]).unwrap();
                batch.clear();
            }
        }
        store.write_batch(&batch, &[]).unwrap();
        store.checkpoint().unwrap();
    }
    println!(
        "built {EVENTS} events in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let (tx, rx) = std::sync::mpsc::channel();
    let mut opts = Options::new(&path);
    opts.addr = "127.0.0.1:0".parse().unwrap();
    std::thread::spawn(move || {
        dateline_server::serve_blocking(opts, move |a| tx.send(a).unwrap()).unwrap();
    });
    let addr = rx.recv_timeout(Duration::from_secs(30)).unwrap();
    let stats = request(addr, "GET", "/api/stats", "127.0.0.1").json();
    assert_eq!(stats["events"], EVENTS as i64);

    let paths = [
        "/api/stats",
        "/api/events?limit=100",
        "/api/events?actor=USA&limit=100",
        "/api/events?pair=USA,CHN&quad=4&limit=100",
        "/api/events?cameo=19&since=2026-01&until=2026-03&limit=100",
        "/api/events?merged=true&limit=100",
        "/api/events?limit=100&offset=50000",
        "/api/aggregate/timeline?bucket=week",
        "/api/aggregate/timeline?pair=USA,CHN&bucket=day",
        "/api/aggregate/timeline?actor=RUS&bucket=month&by=root",
        "/api/aggregate/dyads?limit=40",
        "/api/aggregate/dyads?level=country&limit=100",
        "/api/quotes?limit=100",
        "/api/quotes/speakers?limit=30",
        "/api/search?q=w42",
        "/api/clusters?limit=50",
        "/api/articles?limit=100",
        "/api/articles/12345",
        "/api/codebook",
    ];
    println!("| request | ms (median of 5) |\n| --- | --- |");
    for p in paths {
        let mut times = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            let r = request(addr, "GET", p, "127.0.0.1");
            times.push(t.elapsed());
            assert_eq!(r.status, 200, "{p}: {}", r.body);
        }
        times.sort();
        let ms = times[2].as_secs_f64() * 1000.0;
        println!("| `{p}` | {ms:.1} |");
        assert!(ms < 2000.0, "{p} took {ms:.0} ms");
    }
}
