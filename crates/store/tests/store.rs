//! The store: layers stored and queried, story clusters, merged events, exports,
//! idempotent ingest, concurrent readers.

mod common;

use common::*;
use dateline_store::export::{self, Layout, Table};
use dateline_store::output::{self, Format, Value};
use dateline_store::query::{self, EntityFilter, EventFilter, QuoteFilter};
use dateline_store::{IngestOptions, Prepared, Store, Stored};
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Buf(Arc<Mutex<Vec<u8>>>);
impl Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
impl Buf {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

fn col<'a>(q: &query::Query, row: &'a [Value], name: &str) -> &'a Value {
    &row[q.col(name).unwrap_or_else(|| panic!("no column {name}"))]
}

fn int(v: &Value) -> i64 {
    match v {
        Value::Integer(i) => *i,
        v => panic!("not an integer: {v:?}"),
    }
}

fn txt(v: &Value) -> &str {
    match v {
        Value::Text(s) => s,
        v => panic!("not text: {v:?}"),
    }
}

fn wire_store() -> (tempfile::TempDir, Store, Vec<Stored>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("t.db")).unwrap();
    let [a, b, c] = wire_copies();
    let docs = [
        Prepared::from_doc(wire_doc(
            &a,
            "https://www.wire.example/world/fish-deal",
            "2026-11-24",
        )),
        Prepared::from_doc(wire_doc(
            &b,
            "https://dailycoast.example/news/123",
            "2026-11-24",
        )),
        Prepared::from_doc(other_doc()),
        Prepared::from_doc(wire_doc(
            &c,
            "https://harbour-times.example/fisheries-accord",
            "2026-11-25",
        )),
    ];
    let out = store.write_batch(&docs, &[]).unwrap();
    (dir, store, out)
}

#[test]
fn store_cluster_three_wire_copies_become_one_cluster_and_merge_events() {
    let (_dir, store, out) = wire_store();
    let ids: Vec<(i64, i64)> = out
        .iter()
        .map(|s| match s {
            Stored::New { id, cluster } => (*id, *cluster),
            Stored::Duplicate => panic!("nothing is a duplicate here"),
        })
        .collect();
    // The three copies share the first copy's cluster; the other story has its own.
    assert_eq!(ids[0].1, ids[0].0);
    assert_eq!(ids[1].1, ids[0].0);
    assert_eq!(ids[3].1, ids[0].0);
    assert_eq!(ids[2].1, ids[2].0);

    let q = query::events(&EventFilter::default(), false).unwrap();
    let rows = q.rows(store.conn()).unwrap();
    assert_eq!(
        rows.len(),
        2,
        "one merged wire event, one for the other story"
    );
    let wire = rows
        .iter()
        .find(|r| int(col(&q, r, "cluster_id")) == ids[0].0)
        .unwrap();
    assert_eq!(int(col(&q, wire, "num_articles")), 3);
    assert_eq!(int(col(&q, wire, "num_mentions")), 3);
    assert_eq!(int(col(&q, wire, "num_sources")), 3);
    assert_eq!(txt(col(&q, wire, "source_code")), "NORGOV");
    assert_eq!(txt(col(&q, wire, "target_name")), "Government of Sudova");
    assert_eq!(
        txt(col(&q, wire, "source_url")),
        "https://www.wire.example/world/fish-deal"
    );
    let other = rows
        .iter()
        .find(|r| int(col(&q, r, "cluster_id")) == ids[2].0)
        .unwrap();
    assert_eq!(int(col(&q, other, "num_articles")), 1);

    // Every mention keeps its own evidence.
    let m = query::events(&EventFilter::default(), true).unwrap();
    let mentions = m.rows(store.conn()).unwrap();
    assert_eq!(mentions.len(), 4);
    let ev = txt(col(&m, &mentions[1], "evidence"));
    assert!(
        ev.starts_with("The government of Norland and the government of Sudova signed"),
        "{ev}"
    );
}

#[test]
fn store_events_filters_select_by_actor_pair_code_date_place_and_text() {
    let (_dir, store, _) = wire_store();
    let count = |f: EventFilter| {
        query::events(&f, false)
            .unwrap()
            .rows(store.conn())
            .unwrap()
            .len()
    };
    assert_eq!(
        count(EventFilter {
            actor: Some("NOR".into()),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        count(EventFilter {
            source: Some("sudova".into()),
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        count(EventFilter {
            pair: Some(("SDV".into(), "NOR".into())),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        count(EventFilter {
            cameo: Some("05".into()),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        count(EventFilter {
            cameo: Some("04".into()),
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        count(EventFilter {
            plover: Some("agree".into()),
            quad_class: Some(1),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        count(EventFilter {
            since: Some("2026-11-25".into()),
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        count(EventFilter {
            until: Some("2026-11".into()),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        count(EventFilter {
            place: Some("marlow".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(EventFilter {
            text: Some("fisheries agreement".into()),
            ..Default::default()
        }),
        1
    );
}

#[test]
fn store_layers_entities_mentions_timexes_quotes_are_stored_with_span_text() {
    let (_dir, store, _) = wire_store();
    let c = store.conn();
    let (name, code, n): (String, String, i64) = c
        .query_row(
            "SELECT name, actor_code, mention_count FROM entities WHERE article_id = 1 AND idx = 0",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (name.as_str(), code.as_str(), n),
        ("Government of Norland", "NORGOV", 1)
    );
    let (text, role): (String, Option<String>) = c
        .query_row(
            "SELECT text, role FROM mentions WHERE article_id = 1 AND idx = 2",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(text, "Ella Varden");
    assert_eq!(role.as_deref(), Some("fisheries minister"));
    let (t, v): (String, String) = c
        .query_row(
            "SELECT text, value FROM timexes WHERE article_id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((t.as_str(), v.as_str()), ("Tuesday", "2026-11-24"));
    let sentences: i64 = c
        .query_row(
            "SELECT count(*) FROM sentences WHERE article_id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(sentences, 4);

    let q = query::quotes(&QuoteFilter {
        speaker: Some("varden".into()),
        ..Default::default()
    })
    .unwrap();
    let rows = q.rows(c).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        txt(col(&q, &rows[0], "content")),
        "This agreement protects the livelihoods of thousands of families on both coasts,"
    );
    assert_eq!(txt(col(&q, &rows[0], "cue")), "said Norland");
    let q = query::quotes(&QuoteFilter {
        text: Some("livelihoods families".into()),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(q.rows(c).unwrap().len(), 3);
    let q = query::quotes(&QuoteFilter {
        text: Some("market".into()),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(q.rows(c).unwrap().len(), 0);

    let q = query::entities(&EntityFilter {
        actor: Some("NOR".into()),
        ..Default::default()
    })
    .unwrap();
    let rows = q.rows(c).unwrap();
    assert_eq!(rows.len(), 2, "Norland's government and its minister");
    let gov = rows
        .iter()
        .find(|r| txt(col(&q, r, "name")) == "Government of Norland")
        .unwrap();
    assert_eq!(int(col(&q, gov, "articles")), 3);
    assert_eq!(int(col(&q, gov, "mentions")), 3);

    // The article row keeps metadata, provenance and the clean text.
    let (url, host, published, extra): (String, String, String, String) = c
        .query_row(
            "SELECT url, host, published, extra FROM articles WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(url, "https://www.wire.example/world/fish-deal");
    assert_eq!(host, "wire.example");
    assert_eq!(published, "2026-11-24");
    let extra: serde_json::Value = serde_json::from_str(&extra).unwrap();
    assert_eq!(extra["paragraphs"].as_array().unwrap().len(), 4);
    assert_eq!(extra["published"]["source"], "meta");
}

#[test]
fn store_search_finds_articles_by_full_text() {
    let (_dir, store, _) = wire_store();
    let q = query::search("rail depot market", None).unwrap();
    let rows = q.rows(store.conn()).unwrap();
    assert_eq!(rows.len(), 1);
    assert!(txt(col(&q, &rows[0], "snippet")).contains("[market]"));
    let q = query::search("herring", None).unwrap();
    assert_eq!(q.rows(store.conn()).unwrap().len(), 3);
    let stats = query::stats(store.conn()).unwrap();
    let get = |k: &str| stats.iter().find(|(m, _)| m == k).unwrap().1.clone();
    assert_eq!(get("articles"), "4");
    assert_eq!(get("story_clusters"), "2");
    assert_eq!(get("largest_cluster"), "3");
    assert_eq!(get("events_merged"), "2");
}

#[test]
fn store_export_gdelt_layout_has_61_columns_and_counts() {
    let (_dir, store, _) = wire_store();
    let buf = Buf::default();
    let cols = export::columns(Table::Events, Layout::Gdelt).unwrap();
    let sink = output::sink(Format::Tsv, &cols, Box::new(buf.clone())).unwrap();
    let n = export::export(store.conn(), Table::Events, Layout::Gdelt, sink).unwrap();
    assert_eq!(n, 2);
    let text = buf.text();
    let first: Vec<&str> = text.lines().next().unwrap().split('\t').collect();
    assert_eq!(first.len(), 61);
    assert_eq!(first[1], "20261124"); // SQLDATE
    assert_eq!(first[5], "NORGOV");
    assert_eq!(first[7], "NOR"); // Actor1CountryCode
    assert_eq!(first[12], "GOV"); // Actor1Type1Code
    assert_eq!(first[26], "057");
    assert_eq!(first[28], "05");
    assert_eq!(first[31], "3"); // NumMentions
    assert_eq!(first[32], "3"); // NumSources
    assert_eq!(first[33], "3"); // NumArticles
    assert_eq!(first[52], "Marlow Bay");
    assert_eq!(first[60], "https://www.wire.example/world/fish-deal");
    assert!(export::columns(Table::Quotes, Layout::Gdelt).is_err());
}

#[test]
fn store_export_jsonl_and_csv_of_every_table() {
    let (_dir, store, _) = wire_store();
    for (table, rows) in [
        (Table::Articles, 4),
        (Table::Entities, 9),
        (Table::Mentions, 9),
        (Table::Timexes, 3),
        (Table::Quotes, 3),
        (Table::Events, 2),
        (Table::EventMentions, 4),
    ] {
        let cols = export::columns(table, Layout::Native).unwrap();
        let buf = Buf::default();
        let sink = output::sink(Format::Jsonl, &cols, Box::new(buf.clone())).unwrap();
        assert_eq!(
            export::export(store.conn(), table, Layout::Native, sink).unwrap(),
            rows,
            "{table:?}"
        );
        let text = buf.text();
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(v.is_object());
        }
        let buf = Buf::default();
        let sink = output::sink(Format::Csv, &cols, Box::new(buf.clone())).unwrap();
        export::export(store.conn(), table, Layout::Native, sink).unwrap();
        let csv_text = buf.text();
        let mut r = csv::Reader::from_reader(csv_text.as_bytes());
        assert_eq!(r.records().count(), rows as usize, "{table:?}");
    }
}

#[cfg(feature = "parquet")]
#[test]
fn store_export_parquet_reads_back_with_the_parquet_reader() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let (dir, store, _) = wire_store();
    let path = dir.path().join("events.parquet");
    let cols = export::columns(Table::Events, Layout::Native).unwrap();
    let f = std::fs::File::create(&path).unwrap();
    let sink = output::sink(Format::Parquet, &cols, Box::new(f)).unwrap();
    export::export(store.conn(), Table::Events, Layout::Native, sink).unwrap();
    let reader = SerializedFileReader::try_from(path.as_path()).unwrap();
    assert_eq!(reader.metadata().file_metadata().num_rows(), 2);
    let schema = reader.metadata().file_metadata().schema_descr();
    let names: Vec<&str> = schema.columns().iter().map(|c| c.name()).collect();
    assert_eq!(names.len(), cols.len());
    assert!(names.contains(&"num_articles"));
    let rows: Vec<_> = reader
        .get_row_iter(None)
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    use parquet::record::Field;
    let get = |i: usize, name: &str| -> Field {
        rows[i]
            .get_column_iter()
            .find(|(n, _)| n.as_str() == name)
            .map(|(_, f)| f.clone())
            .unwrap()
    };
    assert_eq!(get(0, "num_articles"), Field::Long(3));
    assert_eq!(get(0, "source_code"), Field::Str("NORGOV".into()));
    assert_eq!(get(0, "lat"), Field::Double(61.5));
    assert_eq!(get(1, "place"), Field::Null);
}

#[test]
fn store_idempotent_same_doc_twice_is_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("t.db")).unwrap();
    let doc = wire_doc(WIRE, "https://wire.example/a", "2026-11-24");
    assert!(matches!(
        store.add(Prepared::from_doc(doc.clone())).unwrap(),
        Stored::New { .. }
    ));
    assert_eq!(
        store.add(Prepared::from_doc(doc)).unwrap(),
        Stored::Duplicate
    );
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

fn write_inputs(dir: &std::path::Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let body = format!(
            "Council approves budget {i}\n\nThe council of district {i} approved a budget of {} crowns on Monday after a debate that lasted {} hours, the chair said.\n\nThe plan funds {} new classrooms and repairs to the bridge on road {i}.\n",
            1000 + i * 7,
            i % 9 + 2,
            i % 5 + 1
        );
        std::fs::write(dir.join(format!("{i:04}.txt")), body).unwrap();
    }
    std::fs::write(dir.join("empty.txt"), "  \n").unwrap();
    std::fs::write(
        dir.join("nav.html"),
        "<html><body><nav><a href=/>Home</a></nav></body></html>",
    )
    .unwrap();
}

#[test]
fn store_ingest_rerun_stores_nothing_twice_and_counts_failures_by_stage() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    write_inputs(&inputs, 40);
    let db = dir.path().join("t.db");
    let pipeline = dateline::Pipeline::new().unwrap();
    let paths = vec![inputs.display().to_string()];
    let opts = IngestOptions {
        threads: 2,
        batch_size: 7,
        ..Default::default()
    };
    let mut store = Store::open(&db).unwrap();
    let mut ticks = 0;
    let s =
        dateline_store::ingest(&mut store, &pipeline, &paths, &opts, &mut |_| ticks += 1).unwrap();
    assert_eq!(s.stored, 40, "{s:?}");
    assert_eq!(s.failed, 2, "{s:?}");
    assert_eq!(s.failures["read"].count, 1);
    assert!(s.failures["read"].examples[0].contains("empty.txt"));
    assert_eq!(s.failures["extract"].count, 1);
    assert!(ticks >= 1);
    let s2 = dateline_store::ingest(&mut store, &pipeline, &paths, &opts, &mut |_| {}).unwrap();
    assert_eq!(s2.stored, 0);
    assert_eq!(s2.already_stored, 40);
    assert_eq!(
        s2.failed_before, 1,
        "the extract failure is remembered: {s2:?}"
    );
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 40);
    // Input order is kept: article ids follow the sorted file names.
    let p: String = store
        .conn()
        .query_row("SELECT source_path FROM articles WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(p.ends_with("0000.txt"), "{p}");
}

#[test]
fn store_concurrent_reader_works_while_a_writer_commits() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut store = Store::open(&db).unwrap();
    let reader = Store::open_readonly(&db).unwrap();
    let writer = std::thread::spawn(move || {
        for i in 0..30 {
            let text = format!("{WIRE}\n\nUpdate number {i} with a few more words about the day.");
            let doc = wire_doc(&text, &format!("https://wire.example/{i}"), "2026-11-24");
            store.add(Prepared::from_doc(doc)).unwrap();
        }
    });
    let mut last = 0i64;
    for _ in 0..200 {
        let n: i64 = reader
            .conn()
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
            .unwrap();
        assert!(n >= last);
        last = n;
        if n == 30 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    writer.join().unwrap();
    let n: i64 = reader
        .conn()
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 30);
}
