//! The versioned schema and its migrations.
//!
//! `PRAGMA user_version` holds the schema version. Each migration moves the database
//! one version up inside a transaction, so a crash during a migration leaves the
//! previous version intact. See `docs/STORE.md` for the tables.

use crate::error::{Result, SqlContext, StoreError};
use rusqlite::Connection;
use std::path::Path;

/// The newest schema version this build writes.
pub const SCHEMA_VERSION: i64 = 1;

/// Migrations: `MIGRATIONS[i]` moves version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[V1];

const V1: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE articles (
    id                    INTEGER PRIMARY KEY,
    key                   TEXT NOT NULL UNIQUE,
    page_hash             TEXT,
    text_hash             TEXT NOT NULL,
    cluster_id            INTEGER NOT NULL,
    similarity            REAL,
    source_path           TEXT NOT NULL,
    record_offset         INTEGER,
    record_id             TEXT,
    format                TEXT NOT NULL,
    url                   TEXT,
    canonical_url         TEXT,
    host                  TEXT,
    site                  TEXT,
    title                 TEXT,
    byline                TEXT,
    authors               TEXT NOT NULL DEFAULT '[]',
    published             TEXT,
    published_source      TEXT,
    modified              TEXT,
    language              TEXT,
    reference_date        TEXT,
    reference_date_source TEXT,
    text                  TEXT NOT NULL,
    extra                 TEXT NOT NULL,
    tokens                TEXT,
    minhash               BLOB,
    ingested_at           TEXT NOT NULL
);
CREATE INDEX articles_cluster ON articles(cluster_id);
CREATE INDEX articles_text_hash ON articles(text_hash);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE lsh (
    band       INTEGER NOT NULL,
    bucket     INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    PRIMARY KEY (band, bucket, article_id)
) WITHOUT ROWID;

CREATE TABLE sentences (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;

CREATE TABLE entities (
    id               INTEGER PRIMARY KEY,
    article_id       INTEGER NOT NULL REFERENCES articles(id),
    idx              INTEGER NOT NULL,
    name             TEXT NOT NULL,
    type             TEXT NOT NULL,
    role             TEXT,
    country          TEXT,
    actor_code       TEXT,
    actor_evidence   TEXT,
    actor_confidence REAL,
    mention_count    INTEGER NOT NULL,
    UNIQUE (article_id, idx)
);
CREATE INDEX entities_name ON entities(name);
CREATE INDEX entities_actor ON entities(actor_code);

CREATE TABLE mentions (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id),
    idx         INTEGER NOT NULL,
    entity_idx  INTEGER,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    type        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    role        TEXT,
    role_start  INTEGER,
    role_end    INTEGER,
    confidence  REAL NOT NULL,
    UNIQUE (article_id, idx)
);

CREATE TABLE timexes (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id),
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    type        TEXT NOT NULL,
    value       TEXT,
    modifier    TEXT,
    anchor      TEXT NOT NULL,
    sentence    INTEGER NOT NULL,
    governor    INTEGER,
    UNIQUE (article_id, idx)
);

CREATE TABLE quotes (
    id             INTEGER PRIMARY KEY,
    article_id     INTEGER NOT NULL REFERENCES articles(id),
    idx            INTEGER NOT NULL,
    speaker_kind   TEXT NOT NULL,
    speaker_entity INTEGER,
    speaker        TEXT,
    speaker_start  INTEGER,
    speaker_end    INTEGER,
    cue            TEXT,
    cue_start      INTEGER,
    cue_end        INTEGER,
    content        TEXT NOT NULL,
    content_start  INTEGER NOT NULL,
    content_end    INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    sentence       INTEGER NOT NULL,
    confidence     REAL NOT NULL,
    UNIQUE (article_id, idx)
);
CREATE INDEX quotes_speaker ON quotes(speaker);

CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    article_id      INTEGER NOT NULL REFERENCES articles(id),
    idx             INTEGER NOT NULL,
    cluster_id      INTEGER NOT NULL,
    merge_key       TEXT NOT NULL,
    cameo           TEXT NOT NULL,
    cameo_root      TEXT NOT NULL,
    plover          TEXT NOT NULL,
    plover_mode     TEXT,
    goldstein       REAL NOT NULL,
    quad_class      INTEGER NOT NULL,
    source_entity   INTEGER,
    source_code     TEXT,
    source_name     TEXT,
    source_start    INTEGER,
    source_end      INTEGER,
    source_unknown  INTEGER NOT NULL,
    target_entity   INTEGER,
    target_code     TEXT,
    target_name     TEXT,
    target_start    INTEGER,
    target_end      INTEGER,
    target_unknown  INTEGER NOT NULL,
    date            TEXT,
    date_basis      TEXT NOT NULL,
    date_timex      INTEGER,
    place           TEXT,
    place_country   TEXT,
    lat             REAL,
    lon             REAL,
    place_start     INTEGER,
    place_end       INTEGER,
    polarity        TEXT NOT NULL,
    modality        TEXT NOT NULL,
    sentence        INTEGER NOT NULL,
    evidence        TEXT NOT NULL,
    evidence_text   TEXT NOT NULL,
    mention_count   INTEGER NOT NULL,
    rule            TEXT NOT NULL,
    confidence      REAL NOT NULL,
    UNIQUE (article_id, idx)
);
CREATE INDEX events_merge ON events(cluster_id, merge_key);
CREATE INDEX events_cameo ON events(cameo);
CREATE INDEX events_source ON events(source_code);
CREATE INDEX events_target ON events(target_code);
CREATE INDEX events_date ON events(date);

CREATE TABLE failures (
    key           TEXT PRIMARY KEY,
    source_path   TEXT NOT NULL,
    record_offset INTEGER,
    url           TEXT,
    stage         TEXT NOT NULL,
    reason        TEXT NOT NULL,
    at            TEXT NOT NULL
);

CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    inputs      TEXT NOT NULL,
    summary     TEXT
);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    content, speaker, content='quotes', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);

-- One row per event merged across a story cluster (syndicated copies), with counts
-- as GDELT's NumMentions / NumArticles / NumSources. Bare columns come from the
-- earliest mention (SQLite takes them from the row that gave min(e.id)).
CREATE VIEW merged_events AS
SELECT
    min(e.id)                                               AS id,
    e.cluster_id, e.merge_key, e.cameo, e.cameo_root, e.plover, e.plover_mode,
    e.goldstein, e.quad_class,
    e.source_code, e.source_name, e.target_code, e.target_name,
    e.date, e.date_basis, e.place, e.place_country, e.lat, e.lon,
    e.polarity, e.modality, e.evidence_text, e.rule,
    max(e.confidence)                                       AS confidence,
    sum(e.mention_count)                                    AS num_mentions,
    count(DISTINCT e.article_id)                            AS num_articles,
    count(DISTINCT coalesce(a.host, a.site, a.source_path)) AS num_sources,
    min(e.article_id)                                       AS first_article,
    group_concat(e.article_id)                              AS article_ids
FROM events e JOIN articles a ON a.id = e.article_id
GROUP BY e.cluster_id, e.merge_key;
"#;

/// Opens (creating when absent) and migrates a database for writing.
pub(crate) fn open_rw(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path).map_err(|source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    configure(&conn)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .ctx("enabling WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .ctx("setting synchronous")?;
    migrate(&conn, path)?;
    Ok(conn)
}

/// Opens an existing database read-only (concurrent with a writer, through WAL).
pub(crate) fn open_ro(path: &Path) -> Result<Connection> {
    if !path.exists() {
        return Err(StoreError::Invalid(format!(
            "database {} does not exist (create it with `dateline ingest PATH... --db {}`)",
            path.display(),
            path.display()
        )));
    }
    let conn = Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    configure(&conn)?;
    let v = version(&conn)?;
    if v > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: v,
            supported: SCHEMA_VERSION,
        });
    }
    if v < SCHEMA_VERSION {
        return Err(StoreError::Invalid(format!(
            "database {} has schema version {v}; open it once for writing (dateline ingest) to migrate it to {SCHEMA_VERSION}",
            path.display()
        )));
    }
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(30))
        .ctx("setting busy timeout")?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .ctx("enabling foreign keys")?;
    Ok(())
}

/// The schema version of an open database.
pub(crate) fn version(conn: &Connection) -> Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
        .ctx("reading schema version")
}

fn migrate(conn: &Connection, path: &Path) -> Result<()> {
    let mut v = version(conn)?;
    if v > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: v,
            supported: SCHEMA_VERSION,
        });
    }
    while v < SCHEMA_VERSION {
        let sql = MIGRATIONS[v as usize];
        let next = v + 1;
        conn.execute_batch(&format!(
            "BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {next};\nCOMMIT;"
        ))
        .inspect_err(|_| {
            let _ = conn.execute_batch("ROLLBACK");
        })
        .ctx(&format!(
            "migrating {} to schema version {next}",
            path.display()
        ))?;
        v = next;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_migrations_reach_current_version_and_are_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let c = open_rw(&path).unwrap();
        assert_eq!(version(&c).unwrap(), SCHEMA_VERSION);
        drop(c);
        let c = open_rw(&path).unwrap();
        assert_eq!(version(&c).unwrap(), SCHEMA_VERSION);
        let n: i64 = c
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name='merged_events'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn schema_newer_database_is_refused_with_versions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
        drop(c);
        let err = open_rw(&path).unwrap_err().to_string();
        assert!(err.contains("schema version 99"), "{err}");
    }
}
