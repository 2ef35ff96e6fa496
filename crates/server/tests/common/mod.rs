//! Hand-made documents for the server's tests (texts written for these tests) and a
//! tiny HTTP client, so that the tests need no HTTP client crate.
#![allow(dead_code)]

use dateline_core::{
    ActorCode, Article, DateBasis, Doc, Entity, EntityType, Event, EventActor, EventDate, Field,
    Mention, MentionKind, Modality, Polarity, Provenance, Quote, QuoteKind, Sentence, Span,
    Speaker, Timex, TimexType,
};
use dateline_store::{Prepared, Store};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;

fn at(text: &str, needle: &str) -> Span {
    let s = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in text"));
    Span::new(s, s + needle.len())
}

/// Builds a document layer by layer over one text (paragraphs = sentences).
pub struct DocBuilder {
    doc: Doc,
}

impl DocBuilder {
    /// A document with `text` (paragraphs separated by blank lines).
    pub fn new(title: &str, url: &str, published: &str, text: &str) -> DocBuilder {
        let mut article = Article::default();
        let paras: Vec<(&str, Span)> = text
            .split("\n\n")
            .scan(0usize, |off, p| {
                let s = Span::new(*off, *off + p.len());
                *off += p.len() + 2;
                Some((p, s))
            })
            .collect();
        article.set_body(paras);
        assert_eq!(article.text, text);
        article.url = Some(Field::new(url.to_string(), Provenance::User));
        article.title = Some(Field::new(title.to_string(), Provenance::Heading));
        article.published = Some(Field::new(published.to_string(), Provenance::Meta));
        article.source.path = format!("test:{url}");
        let mut doc = Doc::new(article);
        let mut start = 0;
        for p in text.split("\n\n") {
            doc.sentences.push(Sentence {
                span: Span::new(start, start + p.len()),
                first_token: 0,
                token_count: 0,
            });
            start += p.len() + 2;
        }
        DocBuilder { doc }
    }

    fn sentence_of(&self, span: Span) -> usize {
        self.doc
            .sentences
            .iter()
            .position(|s| s.span.start() <= span.start() && span.end() <= s.span.end())
            .unwrap_or(0)
    }

    /// An entity with one mention at the first occurrence of `needle`.
    pub fn entity(
        mut self,
        needle: &str,
        name: &str,
        ty: EntityType,
        code: Option<&str>,
    ) -> DocBuilder {
        let span = at(&self.doc.article.text, needle);
        let id = self.doc.entities.len();
        let m = self.doc.mentions.len();
        self.doc.mentions.push(Mention {
            span,
            entity_type: ty,
            kind: MentionKind::Name,
            entity: Some(id),
            role: None,
            confidence: 0.9,
        });
        self.doc.entities.push(Entity {
            id,
            name: name.to_string(),
            entity_type: ty,
            role: None,
            country: code.map(|c| c[..3].to_string()),
            actor: code.map(|c| ActorCode {
                code: c.to_string(),
                evidence: "test".into(),
                confidence: 0.9,
            }),
            mentions: vec![m],
        });
        self
    }

    /// A date expression.
    pub fn timex(mut self, needle: &str, value: &str) -> DocBuilder {
        let span = at(&self.doc.article.text, needle);
        let sentence = self.sentence_of(span);
        self.doc.timexes.push(Timex {
            span,
            timex_type: TimexType::Date,
            value: Some(value.to_string()),
            modifier: None,
            anchor: "reference_date".into(),
            sentence,
            governor: None,
        });
        self
    }

    /// A direct quote by entity `speaker` (index), whose content is `needle`.
    pub fn quote(mut self, speaker: usize, needle: &str) -> DocBuilder {
        let content = at(&self.doc.article.text, needle);
        let mention = self.doc.entities[speaker].mentions[0];
        let span = self.doc.mentions[mention].span;
        let sentence = self.sentence_of(content);
        self.doc.quotes.push(Quote {
            speaker: Speaker::Entity {
                entity: speaker,
                span,
            },
            cue: None,
            source: Some(span),
            content,
            kind: QuoteKind::Direct,
            sentence,
            confidence: 0.9,
        });
        self
    }

    /// An event between entities `source` and `target` (indices), evidenced by `needle`.
    #[allow(clippy::too_many_arguments)]
    pub fn event(
        mut self,
        source: usize,
        cameo: &str,
        target: usize,
        goldstein: f32,
        date: Option<&str>,
        needle: &str,
    ) -> DocBuilder {
        let evidence = at(&self.doc.article.text, needle);
        let sentence = self.sentence_of(evidence);
        let actor = |i: usize, doc: &Doc| {
            let e = &doc.entities[i];
            EventActor {
                entity: Some(i),
                code: e.actor.as_ref().map(|a| a.code.clone()),
                span: Some(doc.mentions[e.mentions[0]].span),
                unknown: false,
            }
        };
        let root: u8 = cameo[..2].parse().unwrap();
        let quad = match root {
            1..=5 => 1,
            6..=8 => 2,
            9..=13 => 3,
            _ => 4,
        };
        let ev = Event {
            cameo: cameo.to_string(),
            plover: "TEST".into(),
            plover_mode: None,
            goldstein,
            quad_class: quad,
            source: actor(source, &self.doc),
            target: actor(target, &self.doc),
            date: EventDate {
                value: date.map(str::to_string),
                basis: DateBasis::Sentence,
                timex: None,
            },
            location: None,
            polarity: Polarity::Asserted,
            modality: Modality::Actual,
            sentence,
            evidence: vec![evidence],
            rule: "test rule".into(),
            confidence: 0.8,
        };
        self.doc.events.push(ev);
        self
    }

    /// The document.
    pub fn build(self) -> Doc {
        self.doc
    }
}

/// Border story (written for these tests): Kenya and Ethiopia reopen a crossing.
pub const BORDER: &str = "Kenya and Ethiopia agreed on Wednesday to reopen a border crossing that had been closed for a month.\n\n\
\"Trade will resume on Monday,\" said Amina Otieno, a Kenyan minister.\n\n\
Ethiopia accused Kenya of delaying the talks earlier in the year.";

/// Another story: a naval stand-off (written for these tests).
pub const NAVAL: &str = "Ethiopia protested after Kenya seized a cargo ship on 3 March.\n\n\
\"We will not accept this,\" said Dawit Bekele, an Ethiopian spokesman.\n\n\
Kenya later released the crew.";

/// A hostile article: markup in the title and text must show as text.
pub const HOSTILE_TITLE: &str = "Hostile </script><script>window.__pwned=1</script> title";
/// Its text.
pub const HOSTILE: &str = "<script>window.__pwned=2</script> <img src=x onerror=\"window.__pwned=3\"> <a href=\"javascript:window.__pwned=4\">click</a> Kenya warned Ethiopia.\n\n\
\"<b onmouseover=window.__pwned=5>bold</b>\" said <i>Mallory</i> Ward.";

/// Builds the test database: three articles (two stories and a hostile one), with
/// entities, times, quotes and events; plus a syndicated copy of the border story.
pub fn build_db(path: &Path) {
    let mut store = Store::open(path).unwrap();
    let border = |url: &str| {
        DocBuilder::new(
            "Kenya and Ethiopia reopen border",
            url,
            "2026-11-18",
            BORDER,
        )
        .entity("Kenya", "Kenya", EntityType::Gpe, Some("KEN"))
        .entity("Ethiopia", "Ethiopia", EntityType::Gpe, Some("ETH"))
        .entity(
            "Amina Otieno",
            "Amina Otieno",
            EntityType::Person,
            Some("KENGOV"),
        )
        .timex("Wednesday", "2026-11-18")
        .quote(2, "Trade will resume on Monday,")
        .event(
            0,
            "057",
            1,
            8.0,
            Some("2026-11-18"),
            "agreed on Wednesday to reopen a border crossing",
        )
        .event(
            1,
            "112",
            0,
            -2.0,
            Some("2026-06"),
            "Ethiopia accused Kenya of delaying the talks",
        )
        .build()
    };
    store
        .add(Prepared::from_doc(border("https://wire.example/border")))
        .unwrap();
    store
        .add(Prepared::from_doc(border("https://copy.example/border")))
        .unwrap();
    let naval = DocBuilder::new(
        "Ship seized",
        "https://news.example/ship",
        "2026-03-04",
        NAVAL,
    )
    .entity("Ethiopia", "Ethiopia", EntityType::Gpe, Some("ETH"))
    .entity("Kenya", "Kenya", EntityType::Gpe, Some("KEN"))
    .entity(
        "Dawit Bekele",
        "Dawit Bekele",
        EntityType::Person,
        Some("ETHGOV"),
    )
    .timex("3 March", "2026-03-03")
    .quote(2, "We will not accept this,")
    .event(
        1,
        "171",
        0,
        -9.2,
        Some("2026-03-03"),
        "Kenya seized a cargo ship on 3 March",
    )
    .event(0, "111", 1, -2.0, Some("2026-03-04"), "Ethiopia protested")
    .build();
    store.add(Prepared::from_doc(naval)).unwrap();
    let hostile = DocBuilder::new(HOSTILE_TITLE, "javascript:alert(1)", "2026-11-20", HOSTILE)
        .entity("Kenya", "<b>Kenya</b>", EntityType::Gpe, Some("KEN"))
        .entity("Ethiopia", "Ethiopia", EntityType::Gpe, Some("ETH"))
        .entity(
            "<i>Mallory</i> Ward",
            "<img src=x onerror=window.__pwned=6>",
            EntityType::Person,
            None,
        )
        .quote(2, "<b onmouseover=window.__pwned=5>bold</b>")
        .event(
            0,
            "130",
            1,
            -4.4,
            Some("2026-11-20"),
            "Kenya warned Ethiopia.",
        )
        .build();
    store.add(Prepared::from_doc(hostile)).unwrap();
    store.checkpoint().unwrap();
}

/// A response: status and body.
pub struct Resp {
    /// HTTP status.
    pub status: u16,
    /// Headers, lower-cased names.
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: String,
}

impl Resp {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// A header value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A raw HTTP/1.1 request (blocking; run it on a blocking thread).
pub fn request(addr: SocketAddr, method: &str, path: &str, host: &str) -> Resp {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8(raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_string()
    };
    Resp {
        status,
        headers,
        body,
    }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}
