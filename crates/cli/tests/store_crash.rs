//! `dateline ingest` killed with SIGKILL mid-way and run again ends with the same rows
//! as an uninterrupted run, and the file passes `PRAGMA integrity_check`.

use dateline_store::Store;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn write_inputs(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        // Every fifth story is a lightly edited copy of the one before, so clusters form.
        let k = if i % 5 == 4 { i - 1 } else { i };
        let lead = if i % 5 == 4 { "Updated: " } else { "" };
        let body = format!(
            "Council approves budget for district {k}\n\n{lead}The council of district {k} approved a budget of {} crowns on Monday after a debate that lasted {} hours, the chair of the finance committee said.\n\nThe plan funds {} new classrooms, a library branch and repairs to the old bridge on road {k}, which has been closed to trucks since the spring floods.\n",
            1000 + k * 7,
            k % 9 + 2,
            k % 5 + 1
        );
        std::fs::write(dir.join(format!("{i:05}.txt")), body).unwrap();
    }
    std::fs::write(dir.join("zz-empty.txt"), "\n").unwrap();
}

fn ingest(db: &Path, inputs: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dateline"));
    c.args([
        "ingest",
        "--progress",
        "none",
        "--batch",
        "25",
        "--threads",
        "2",
        "--db",
    ])
    .arg(db)
    .arg(inputs)
    .stdout(Stdio::null())
    .stderr(Stdio::null());
    c
}

/// Every row of the tables that hold data, as text, without wall-clock columns.
fn dump(db: &Path) -> Vec<String> {
    let store = Store::open_readonly(db).unwrap();
    let c = store.conn();
    let mut out = Vec::new();
    for (table, order) in [
        ("articles", "id"),
        ("lsh", "band, bucket, article_id"),
        ("sentences", "article_id, idx"),
        ("entities", "id"),
        ("mentions", "id"),
        ("timexes", "id"),
        ("quotes", "id"),
        ("events", "id"),
        ("failures", "key"),
    ] {
        let mut s = c
            .prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))
            .unwrap();
        let names: Vec<String> = s.column_names().map(|n| n.to_string()).collect();
        let mut rows = s.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let mut line = format!("{table}:");
            for (i, n) in names.iter().enumerate() {
                if n == "ingested_at" || n == "at" {
                    continue;
                }
                let v: dateline_store::output::Value = r.get(i).unwrap();
                line.push_str(&format!(" {n}={v:?}"));
            }
            out.push(line);
        }
    }
    let fts: i64 = c
        .query_row(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'bridge'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    out.push(format!("fts bridge={fts}"));
    out
}

fn count(db: &Path) -> i64 {
    match Store::open_readonly(db) {
        Ok(s) => s
            .conn()
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
            .unwrap_or(0),
        Err(_) => 0,
    }
}

#[test]
fn store_crash_killed_ingest_rerun_matches_uninterrupted_run() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    let n = 2000;
    write_inputs(&inputs, n);

    let full = dir.path().join("full.db");
    assert!(ingest(&full, &inputs).status().unwrap().success());
    assert_eq!(count(&full), n as i64);

    let crashed = dir.path().join("crashed.db");
    let mut child = ingest(&crashed, &inputs).spawn().unwrap();
    let start = Instant::now();
    // Kill once some batches are committed (or after a while, whatever happened).
    while count(&crashed) < 100 && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let partial = count(&crashed);
    eprintln!("killed with {partial} of {n} articles stored");

    {
        let store = Store::open(&crashed).unwrap();
        assert_eq!(store.integrity_check().unwrap(), "ok");
        store
            .conn()
            .execute(
                "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')",
                [],
            )
            .unwrap();
    }
    assert!(ingest(&crashed, &inputs).status().unwrap().success());
    assert_eq!(
        Store::open(&crashed).unwrap().integrity_check().unwrap(),
        "ok"
    );
    let (a, b) = (dump(&full), dump(&crashed));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
    // A third run stores nothing.
    assert!(ingest(&crashed, &inputs).status().unwrap().success());
    assert_eq!(count(&crashed), n as i64);
}
