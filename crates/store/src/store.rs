//! The database handle and the write path: one transaction per batch of documents.

use crate::cluster::{Signature, THRESHOLD};
use crate::error::{Result, SqlContext};
use crate::schema;
use dateline_core::{Doc, EventActor, Page, Span, Speaker};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

/// The content key of a page: 128-bit xxh3 of its URL and bytes (hex). The same page
/// read twice has the same key, so it is stored once; the same bytes served at two
/// URLs are two articles (two sources of one story).
pub fn page_key(page: &Page) -> String {
    let mut h = Xxh3::new();
    h.update(page.url.as_deref().unwrap_or("").as_bytes());
    h.update(&[0]);
    h.update(&page.bytes);
    format!("{:032x}", h.digest128())
}

/// The content key of a document built without a page (tests, API clients): the
/// hash of its URL and text.
pub fn doc_key(doc: &Doc) -> String {
    let url = doc
        .article
        .url
        .as_ref()
        .map(|f| f.value.as_str())
        .unwrap_or("");
    let mut buf = Vec::with_capacity(doc.article.text.len() + url.len() + 1);
    buf.extend_from_slice(url.as_bytes());
    buf.push(0);
    buf.extend_from_slice(doc.article.text.as_bytes());
    format!("{:032x}", xxh3_128(&buf))
}

/// The host of a URL, lower-cased, without `www.`.
pub fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r)?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?;
    let host = host.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// A document ready to store: analysed, keyed, with its MinHash signature (computed
/// off the writer thread).
#[derive(Clone, Debug)]
pub struct Prepared {
    /// Content key ([`page_key`] or [`doc_key`]).
    pub key: String,
    /// The analysed document.
    pub doc: Doc,
    /// MinHash signature of the text, when it is long enough.
    pub signature: Option<Signature>,
    /// Hash of the clean text.
    pub text_hash: String,
}

impl Prepared {
    /// Prepares a document under `key`.
    pub fn new(key: String, doc: Doc) -> Prepared {
        let signature = Signature::of(&doc.article.text);
        let text_hash = format!("{:032x}", xxh3_128(doc.article.text.as_bytes()));
        Prepared {
            key,
            doc,
            signature,
            text_hash,
        }
    }

    /// Prepares a document keyed by its own URL and text ([`doc_key`]).
    pub fn from_doc(doc: Doc) -> Prepared {
        Prepared::new(doc_key(&doc), doc)
    }
}

/// A page that could not be analysed, kept so that a re-run can skip or retry it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// Content key of the page.
    pub key: String,
    /// Input path.
    pub path: String,
    /// WARC record offset.
    pub record_offset: Option<u64>,
    /// Page URL.
    pub url: Option<String>,
    /// The stage that failed (`extract`, `panic`, …).
    pub stage: String,
    /// Why.
    pub reason: String,
}

/// What storing one document did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    /// Stored as article `id`, in story cluster `cluster`.
    New {
        /// Article id.
        id: i64,
        /// Story cluster id (the id of the cluster's first article).
        cluster: i64,
    },
    /// Its key was already stored.
    Duplicate,
}

/// A dateline database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    keep_tokens: bool,
}

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

impl Store {
    /// Opens (creating and migrating when needed) a database for reading and writing.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        Ok(Store {
            conn: schema::open_rw(path)?,
            path: path.to_path_buf(),
            keep_tokens: false,
        })
    }

    /// Opens an existing database read-only; works while an ingest writes to it.
    pub fn open_readonly(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        Ok(Store {
            conn: schema::open_ro(path)?,
            path: path.to_path_buf(),
            keep_tokens: false,
        })
    }

    /// Also store the token layer (as JSON on the article row); off by default, since
    /// tokens are recomputed cheaply and take most of the space.
    pub fn set_keep_tokens(&mut self, keep: bool) {
        self.keep_tokens = keep;
    }

    /// The SQLite connection, for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the file.
    pub fn schema_version(&self) -> Result<i64> {
        schema::version(&self.conn)
    }

    /// Whether a page with this key is stored.
    pub fn contains(&self, key: &str) -> Result<bool> {
        self.conn
            .prepare_cached("SELECT 1 FROM articles WHERE key = ?1")
            .and_then(|mut s| s.exists([key]))
            .ctx("looking up a content key")
    }

    /// Whether a page with this key failed in an earlier run.
    pub fn failed_before(&self, key: &str) -> Result<bool> {
        self.conn
            .prepare_cached("SELECT 1 FROM failures WHERE key = ?1")
            .and_then(|mut s| s.exists([key]))
            .ctx("looking up a failure")
    }

    /// `PRAGMA integrity_check`: `"ok"` for a sound file.
    pub fn integrity_check(&self) -> Result<String> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .ctx("checking integrity")
    }

    /// Stores documents and failures in one transaction: either all of them are in the
    /// file afterwards or none (a kill in between leaves the previous batch).
    pub fn write_batch(&mut self, docs: &[Prepared], failures: &[Failure]) -> Result<Vec<Stored>> {
        let keep_tokens = self.keep_tokens;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .ctx("starting a write transaction")?;
        let mut out = Vec::with_capacity(docs.len());
        for p in docs {
            out.push(insert_doc(&tx, p, keep_tokens)?);
        }
        for f in failures {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO failures (key, source_path, record_offset, url, stage, reason, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    f.key,
                    f.path,
                    f.record_offset.map(|o| o as i64),
                    f.url,
                    f.stage,
                    f.reason,
                    now()
                ])
            })
            .ctx("recording a failure")?;
        }
        tx.commit().ctx("committing a batch")?;
        Ok(out)
    }

    /// Stores one document (its own transaction).
    pub fn add(&mut self, doc: Prepared) -> Result<Stored> {
        Ok(self.write_batch(&[doc], &[])?[0])
    }

    /// Records the start of an ingest run; returns its id.
    pub fn start_run(&self, inputs: &[String]) -> Result<i64> {
        self.conn
            .execute(
                "INSERT INTO runs (started_at, inputs) VALUES (?1, ?2)",
                params![now(), serde_json::to_string(inputs).unwrap_or_default()],
            )
            .ctx("recording the run")?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records the end of an ingest run with its summary (JSON).
    pub fn finish_run(&self, id: i64, summary: &str) -> Result<()> {
        self.conn
            .execute(
                "UPDATE runs SET finished_at = ?1, summary = ?2 WHERE id = ?3",
                params![now(), summary, id],
            )
            .ctx("recording the run summary")?;
        Ok(())
    }

    /// Writes the WAL into the main file (done at the end of an ingest).
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA optimize;")
            .ctx("checkpointing")
    }
}

fn span_text(text: &str, span: Span) -> String {
    span.get(text).unwrap_or("").to_string()
}

fn opt_start(s: Option<Span>) -> Option<i64> {
    s.map(|s| s.start() as i64)
}

fn opt_end(s: Option<Span>) -> Option<i64> {
    s.map(|s| s.end() as i64)
}

/// The cluster an article joins: an identical text, else the most similar LSH
/// candidate at or above the threshold.
fn find_cluster(tx: &Transaction, p: &Prepared) -> Result<Option<(i64, f64)>> {
    let same: Option<i64> = tx
        .prepare_cached("SELECT cluster_id FROM articles WHERE text_hash = ?1 LIMIT 1")
        .and_then(|mut s| s.query_row([&p.text_hash], |r| r.get(0)).optional())
        .ctx("looking up identical texts")?;
    if let Some(c) = same {
        return Ok(Some((c, 1.0)));
    }
    let Some(sig) = &p.signature else {
        return Ok(None);
    };
    let mut candidates = BTreeSet::new();
    {
        let mut s = tx
            .prepare_cached("SELECT article_id FROM lsh WHERE band = ?1 AND bucket = ?2 LIMIT 64")
            .ctx("preparing the LSH lookup")?;
        for (band, bucket) in sig.bands().into_iter().enumerate() {
            let ids = s
                .query_map(params![band as i64, bucket], |r| r.get::<_, i64>(0))
                .ctx("looking up LSH buckets")?;
            for id in ids {
                candidates.insert(id.ctx("reading an LSH row")?);
            }
        }
    }
    let mut best: Option<(i64, f64)> = None;
    let mut s = tx
        .prepare_cached("SELECT cluster_id, minhash FROM articles WHERE id = ?1")
        .ctx("preparing the candidate lookup")?;
    for id in candidates {
        let (cluster, blob): (i64, Option<Vec<u8>>) = s
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .ctx("reading a candidate")?;
        let Some(other) = blob.as_deref().and_then(Signature::from_bytes) else {
            continue;
        };
        let sim = sig.similarity(&other);
        if sim >= THRESHOLD && best.is_none_or(|(_, b)| sim > b) {
            best = Some((cluster, sim));
        }
    }
    Ok(best)
}

fn actor_name(doc: &Doc, a: &EventActor) -> Option<String> {
    if let Some(e) = a.entity.and_then(|i| doc.entities.get(i)) {
        return Some(e.name.clone());
    }
    a.span.and_then(|s| s.get(doc.text())).map(str::to_string)
}

fn actor_key(doc: &Doc, a: &EventActor) -> String {
    if let Some(c) = &a.code {
        return c.to_ascii_uppercase();
    }
    if a.unknown {
        return "?".to_string();
    }
    actor_name(doc, a)
        .map(|n| n.to_lowercase())
        .unwrap_or_else(|| "?".to_string())
}

fn enum_str<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

fn insert_doc(tx: &Transaction, p: &Prepared, keep_tokens: bool) -> Result<Stored> {
    let doc = &p.doc;
    let a = &doc.article;
    let text = a.text.as_str();
    let cluster = find_cluster(tx, p)?;
    let url = a.url.as_ref().map(|f| f.value.clone());
    let host = url.as_deref().and_then(url_host);
    let mut extra = serde_json::to_value(a).unwrap_or_default();
    if let Some(m) = extra.as_object_mut() {
        m.remove("text");
        if !doc.diagnostics.is_empty() {
            m.insert(
                "diagnostics".into(),
                serde_json::to_value(&doc.diagnostics).unwrap_or_default(),
            );
        }
    }
    let tokens = keep_tokens.then(|| serde_json::to_string(&doc.tokens).unwrap_or_default());
    let changed = tx
        .prepare_cached(
            "INSERT INTO articles (key, page_hash, text_hash, cluster_id, similarity, source_path,
                record_offset, record_id, format, url, canonical_url, host, site, title, byline,
                authors, published, published_source, modified, language, reference_date,
                reference_date_source, text, extra, tokens, minhash, ingested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)
             ON CONFLICT(key) DO NOTHING",
        )
        .and_then(|mut s| {
            s.execute(params![
                p.key,
                (!a.source.content_hash.is_empty()).then_some(&a.source.content_hash),
                p.text_hash,
                cluster.map(|c| c.0).unwrap_or(-1),
                cluster.map(|c| c.1),
                a.source.path,
                a.source.record_offset.map(|o| o as i64),
                a.source.record_id,
                enum_str(&a.source.format),
                url,
                a.canonical_url,
                host,
                a.site.as_ref().map(|f| &f.value),
                a.title.as_ref().map(|f| &f.value),
                a.byline.as_ref().map(|f| &f.value),
                serde_json::to_string(&a.authors).unwrap_or_default(),
                a.published.as_ref().map(|f| &f.value),
                a.published.as_ref().map(|f| enum_str(&f.source)),
                a.modified.as_ref().map(|f| &f.value),
                a.language.as_ref().map(|f| &f.value),
                doc.reference_date.as_ref().map(|f| &f.value),
                doc.reference_date.as_ref().map(|f| enum_str(&f.source)),
                text,
                extra.to_string(),
                tokens,
                p.signature.as_ref().map(|s| s.to_bytes()),
                now(),
            ])
        })
        .ctx("storing an article")?;
    if changed == 0 {
        return Ok(Stored::Duplicate);
    }
    let id = tx.last_insert_rowid();
    let cluster_id = match cluster {
        Some((c, _)) => c,
        None => {
            tx.execute("UPDATE articles SET cluster_id = ?1 WHERE id = ?1", [id])
                .ctx("starting a story cluster")?;
            id
        }
    };
    if let Some(sig) = &p.signature {
        let mut s = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO lsh (band, bucket, article_id) VALUES (?1, ?2, ?3)",
            )
            .ctx("preparing LSH insert")?;
        for (band, bucket) in sig.bands().into_iter().enumerate() {
            s.execute(params![band as i64, bucket, id])
                .ctx("storing LSH buckets")?;
        }
    }
    tx.prepare_cached("INSERT INTO articles_fts (rowid, title, text) VALUES (?1, ?2, ?3)")
        .and_then(|mut s| s.execute(params![id, a.title.as_ref().map(|f| &f.value), text]))
        .ctx("indexing article text")?;

    {
        let mut s = tx
            .prepare_cached(
                "INSERT INTO sentences (article_id, idx, start, end) VALUES (?1, ?2, ?3, ?4)",
            )
            .ctx("preparing sentences")?;
        for (i, sent) in doc.sentences.iter().enumerate() {
            s.execute(params![
                id,
                i as i64,
                sent.span.start() as i64,
                sent.span.end() as i64
            ])
            .ctx("storing sentences")?;
        }
    }
    {
        let mut s = tx
            .prepare_cached(
                "INSERT INTO entities (article_id, idx, name, type, role, country, actor_code,
                    actor_evidence, actor_confidence, mention_count)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .ctx("preparing entities")?;
        for (i, e) in doc.entities.iter().enumerate() {
            s.execute(params![
                id,
                i as i64,
                e.name,
                enum_str(&e.entity_type),
                e.role,
                e.country,
                e.actor.as_ref().map(|c| &c.code),
                e.actor.as_ref().map(|c| &c.evidence),
                e.actor.as_ref().map(|c| f64::from(c.confidence)),
                e.mentions.len() as i64,
            ])
            .ctx("storing entities")?;
        }
    }
    {
        let mut s = tx
            .prepare_cached(
                "INSERT INTO mentions (article_id, idx, entity_idx, start, end, text, type, kind,
                    role, role_start, role_end, confidence)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )
            .ctx("preparing mentions")?;
        for (i, m) in doc.mentions.iter().enumerate() {
            s.execute(params![
                id,
                i as i64,
                m.entity.map(|e| e as i64),
                m.span.start() as i64,
                m.span.end() as i64,
                span_text(text, m.span),
                enum_str(&m.entity_type),
                enum_str(&m.kind),
                m.role.map(|r| span_text(text, r)),
                opt_start(m.role),
                opt_end(m.role),
                f64::from(m.confidence),
            ])
            .ctx("storing mentions")?;
        }
    }
    {
        let mut s = tx
            .prepare_cached(
                "INSERT INTO timexes (article_id, idx, start, end, text, type, value, modifier,
                    anchor, sentence, governor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )
            .ctx("preparing timexes")?;
        for (i, t) in doc.timexes.iter().enumerate() {
            s.execute(params![
                id,
                i as i64,
                t.span.start() as i64,
                t.span.end() as i64,
                span_text(text, t.span),
                enum_str(&t.timex_type),
                t.value,
                t.modifier,
                t.anchor,
                t.sentence as i64,
                t.governor.map(|g| g as i64),
            ])
            .ctx("storing timexes")?;
        }
    }
    {
        let mut s = tx
            .prepare_cached(
                "INSERT INTO quotes (article_id, idx, speaker_kind, speaker_entity, speaker,
                    speaker_start, speaker_end, cue, cue_start, cue_end, content, content_start,
                    content_end, kind, sentence, confidence)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )
            .ctx("preparing quotes")?;
        let mut fts = tx
            .prepare_cached("INSERT INTO quotes_fts (rowid, content, speaker) VALUES (?1, ?2, ?3)")
            .ctx("preparing the quote index")?;
        for (i, q) in doc.quotes.iter().enumerate() {
            let (kind, entity, speaker, span) = match &q.speaker {
                Speaker::Entity { entity, span, .. } => (
                    "entity",
                    Some(*entity as i64),
                    doc.entities
                        .get(*entity)
                        .map(|e| e.name.clone())
                        .or_else(|| span.get(text).map(str::to_string)),
                    Some(*span),
                ),
                Speaker::Anonymous {
                    description, span, ..
                } => ("anonymous", None, Some(description.clone()), Some(*span)),
                Speaker::Unknown => ("unknown", None, None, None),
            };
            let content = span_text(text, q.content);
            s.execute(params![
                id,
                i as i64,
                kind,
                entity,
                speaker,
                opt_start(span),
                opt_end(span),
                q.cue.map(|c| span_text(text, c)),
                opt_start(q.cue),
                opt_end(q.cue),
                content,
                q.content.start() as i64,
                q.content.end() as i64,
                enum_str(&q.kind),
                q.sentence as i64,
                f64::from(q.confidence),
            ])
            .ctx("storing quotes")?;
            let qid = tx.last_insert_rowid();
            fts.execute(params![qid, content, speaker])
                .ctx("indexing quotes")?;
        }
    }
    {
        let mut s = tx
            .prepare_cached(
                "INSERT INTO events (article_id, idx, cluster_id, merge_key, cameo, cameo_root,
                    plover, plover_mode, goldstein, quad_class,
                    source_entity, source_code, source_name, source_start, source_end, source_unknown,
                    target_entity, target_code, target_name, target_start, target_end, target_unknown,
                    date, date_basis, date_timex, place, place_country, lat, lon, place_start, place_end,
                    polarity, modality, sentence, evidence, evidence_text, mention_count, rule, confidence)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                    ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33,
                    ?34, ?35, ?36, ?37, ?38, ?39)",
            )
            .ctx("preparing events")?;
        for (i, e) in doc.events.iter().enumerate() {
            let polarity = enum_str(&e.polarity);
            let merge_key = format!(
                "{}|{}|{}|{}|{}",
                e.cameo,
                actor_key(doc, &e.source),
                actor_key(doc, &e.target),
                e.date.value.as_deref().unwrap_or(""),
                polarity
            );
            let mut evidence_text: Vec<String> = e
                .evidence
                .iter()
                .filter_map(|s| s.get(text))
                .map(|s| s.trim().to_string())
                .collect();
            if evidence_text.is_empty() {
                if let Some(s) = doc.sentences.get(e.sentence) {
                    evidence_text.push(span_text(text, s.span));
                }
            }
            let loc = e.location.as_ref();
            s.execute(params![
                id,
                i as i64,
                cluster_id,
                merge_key,
                e.cameo,
                e.cameo.get(..2).unwrap_or(&e.cameo),
                e.plover,
                e.plover_mode,
                f64::from(e.goldstein),
                i64::from(e.quad_class),
                e.source.entity.map(|x| x as i64),
                e.source.code,
                actor_name(doc, &e.source),
                opt_start(e.source.span),
                opt_end(e.source.span),
                e.source.unknown,
                e.target.entity.map(|x| x as i64),
                e.target.code,
                actor_name(doc, &e.target),
                opt_start(e.target.span),
                opt_end(e.target.span),
                e.target.unknown,
                e.date.value,
                enum_str(&e.date.basis),
                e.date.timex.map(|x| x as i64),
                loc.map(|l| &l.name),
                loc.and_then(|l| l.country.as_ref()),
                loc.and_then(|l| l.lat),
                loc.and_then(|l| l.lon),
                opt_start(loc.and_then(|l| l.span)),
                opt_end(loc.and_then(|l| l.span)),
                polarity,
                enum_str(&e.modality),
                e.sentence as i64,
                serde_json::to_string(&e.evidence).unwrap_or_default(),
                evidence_text.join(" … "),
                e.evidence.len().max(1) as i64,
                e.rule,
                f64::from(e.confidence),
            ])
            .ctx("storing events")?;
        }
    }
    tx.prepare_cached("DELETE FROM failures WHERE key = ?1")
        .and_then(|mut s| s.execute([&p.key]))
        .ctx("clearing an old failure")?;
    Ok(Stored::New {
        id,
        cluster: cluster_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_url_host_strips_scheme_www_and_port() {
        assert_eq!(
            url_host("https://www.Example.com:8080/a?b").as_deref(),
            Some("example.com")
        );
        assert_eq!(
            url_host("http://news.site.org").as_deref(),
            Some("news.site.org")
        );
        assert_eq!(url_host("not a url"), None);
    }
}
