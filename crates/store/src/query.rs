//! Queries behind `dateline events | quotes | entities | search | stats` and the
//! exports: each builds a [`Query`] (typed columns, SQL, parameters) that streams its
//! rows into an [`output::Sink`](crate::output::Sink).

use crate::error::{Result, SqlContext, StoreError};
use crate::output::{Column, Kind, Sink};
use rusqlite::types::Value;
use rusqlite::Connection;

/// A query: typed columns, SQL and parameters.
#[derive(Clone, Debug)]
pub struct Query {
    /// Result columns (in SQL select order).
    pub columns: Vec<Column>,
    /// The SQL.
    pub sql: String,
    /// Positional parameters.
    pub params: Vec<Value>,
}

impl Query {
    /// Calls `f` with each row.
    pub fn for_each(
        &self,
        conn: &Connection,
        mut f: impl FnMut(&[Value]) -> Result<()>,
    ) -> Result<u64> {
        let mut stmt = conn.prepare(&self.sql).ctx("preparing a query")?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(self.params.iter()))
            .ctx("running a query")?;
        let n = self.columns.len();
        let mut buf = Vec::with_capacity(n);
        let mut count = 0;
        while let Some(row) = rows.next().ctx("reading a row")? {
            buf.clear();
            for i in 0..n {
                buf.push(row.get::<_, Value>(i).ctx("reading a value")?);
            }
            f(&buf)?;
            count += 1;
        }
        Ok(count)
    }

    /// Streams every row into `sink` (and finishes it); returns the row count.
    pub fn run(&self, conn: &Connection, mut sink: Box<dyn Sink>) -> Result<u64> {
        let n = self.for_each(conn, |r| sink.row(r))?;
        sink.finish()?;
        Ok(n)
    }

    /// Collects the rows (for tests and small results).
    pub fn rows(&self, conn: &Connection) -> Result<Vec<Vec<Value>>> {
        let mut out = Vec::new();
        self.for_each(conn, |r| {
            out.push(r.to_vec());
            Ok(())
        })?;
        Ok(out)
    }

    /// The index of a column by name.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

struct Builder {
    select: Vec<(String, Column)>,
    from: String,
    wheres: Vec<String>,
    params: Vec<Value>,
    group: Option<String>,
    order: String,
    limit: Option<u64>,
}

impl Builder {
    fn new(from: &str, cols: &[(&str, &str, Kind)]) -> Builder {
        Builder {
            select: cols
                .iter()
                .map(|(expr, name, kind)| (expr.to_string(), Column::new(name, *kind)))
                .collect(),
            from: from.to_string(),
            wheres: Vec::new(),
            params: Vec::new(),
            group: None,
            order: String::new(),
            limit: None,
        }
    }

    /// Adds a condition; its `?` placeholders take `params` in order.
    fn and(&mut self, cond: &str, params: impl IntoIterator<Item = Value>) {
        let params: Vec<Value> = params.into_iter().collect();
        let mut out = String::with_capacity(cond.len() + 8);
        let mut used = 0;
        for ch in cond.chars() {
            if ch == '?' {
                used += 1;
                out.push_str(&format!("?{}", self.params.len() + used));
            } else {
                out.push(ch);
            }
        }
        debug_assert_eq!(used, params.len(), "placeholders in {cond}");
        self.params.extend(params);
        self.wheres.push(format!("({out})"));
    }

    fn build(self) -> Query {
        let mut sql = format!(
            "SELECT {} FROM {}",
            self.select
                .iter()
                .map(|(e, c)| format!("{e} AS \"{}\"", c.name))
                .collect::<Vec<_>>()
                .join(", "),
            self.from
        );
        if !self.wheres.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&self.wheres.join(" AND "));
        }
        if let Some(g) = &self.group {
            sql.push_str(" GROUP BY ");
            sql.push_str(g);
        }
        if !self.order.is_empty() {
            sql.push_str(" ORDER BY ");
            sql.push_str(&self.order);
        }
        if let Some(l) = self.limit {
            sql.push_str(&format!(" LIMIT {l}"));
        }
        Query {
            columns: self.select.into_iter().map(|(_, c)| c).collect(),
            sql,
            params: self.params,
        }
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// Checks a date bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub fn check_date(flag: &str, s: &str) -> Result<String> {
    let ok = {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        match b.len() {
            4 => digits(0..4),
            7 => digits(0..4) && b[4] == b'-' && digits(5..7),
            10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
            _ => false,
        }
    };
    if ok {
        Ok(s.to_string())
    } else {
        Err(StoreError::Invalid(format!(
            "{flag} `{s}` is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        )))
    }
}

/// Turns user text into an FTS5 query: text using FTS5 syntax (quotes, `AND`, `OR`,
/// `NOT`, `NEAR`, `*`, parentheses) is passed as is; otherwise every word must occur.
pub fn fts_query(q: &str) -> String {
    let syntax = q.contains(['"', '*', '(', ')', ':', '^'])
        || q.split_whitespace()
            .any(|w| matches!(w, "AND" | "OR" | "NOT") || w.starts_with("NEAR"));
    if syntax {
        return q.to_string();
    }
    q.split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Filters of `dateline events`.
#[derive(Clone, Debug, Default)]
pub struct EventFilter {
    /// Actor code prefix (`JPN`, `USAGOV`) or name part, on either side.
    pub actor: Option<String>,
    /// Source actor (code prefix or name part).
    pub source: Option<String>,
    /// Target actor (code prefix or name part).
    pub target: Option<String>,
    /// A pair of actors, in either direction.
    pub pair: Option<(String, String)>,
    /// CAMEO code prefix: a root (`04`) or a code (`042`).
    pub cameo: Option<String>,
    /// PLOVER event type (`CONSULT`).
    pub plover: Option<String>,
    /// QuadClass 1..=4.
    pub quad_class: Option<u8>,
    /// Earliest event date (inclusive).
    pub since: Option<String>,
    /// Latest event date (inclusive).
    pub until: Option<String>,
    /// Place name part or country code.
    pub place: Option<String>,
    /// Words in the evidence.
    pub text: Option<String>,
    /// Only events of this story cluster.
    pub cluster: Option<i64>,
    /// Most rows to return.
    pub limit: Option<u64>,
}

fn actor_cond(b: &mut Builder, side: &str, v: &str) {
    let cond =
        format!("{side}_code LIKE ? || '%' OR lower({side}_name) LIKE '%' || lower(?) || '%'");
    b.and(&cond, [text(&v.to_ascii_uppercase()), text(v)]);
}

fn event_filters(b: &mut Builder, f: &EventFilter) -> Result<()> {
    if let Some(a) = &f.actor {
        b.and(
            "source_code LIKE ? || '%' OR target_code LIKE ? || '%' \
             OR lower(source_name) LIKE '%' || lower(?) || '%' OR lower(target_name) LIKE '%' || lower(?) || '%'",
            [text(&a.to_ascii_uppercase()), text(&a.to_ascii_uppercase()), text(a), text(a)],
        );
    }
    if let Some(s) = &f.source {
        actor_cond(b, "source", s);
    }
    if let Some(t) = &f.target {
        actor_cond(b, "target", t);
    }
    if let Some((x, y)) = &f.pair {
        let (xu, yu) = (x.to_ascii_uppercase(), y.to_ascii_uppercase());
        b.and(
            "((source_code LIKE ? || '%' OR lower(source_name) LIKE '%' || lower(?) || '%') AND \
              (target_code LIKE ? || '%' OR lower(target_name) LIKE '%' || lower(?) || '%')) OR \
             ((source_code LIKE ? || '%' OR lower(source_name) LIKE '%' || lower(?) || '%') AND \
              (target_code LIKE ? || '%' OR lower(target_name) LIKE '%' || lower(?) || '%'))",
            [
                text(&xu),
                text(x),
                text(&yu),
                text(y),
                text(&yu),
                text(y),
                text(&xu),
                text(x),
            ],
        );
    }
    if let Some(c) = &f.cameo {
        b.and("cameo LIKE ? || '%'", [text(c)]);
    }
    if let Some(p) = &f.plover {
        b.and("upper(plover) = upper(?)", [text(p)]);
    }
    if let Some(q) = f.quad_class {
        if !(1..=4).contains(&q) {
            return Err(StoreError::Invalid(format!(
                "--quad {q}: QuadClass is 1, 2, 3 or 4"
            )));
        }
        b.and("quad_class = ?", [Value::Integer(i64::from(q))]);
    }
    if let Some(s) = &f.since {
        b.and("date >= ?", [text(&check_date("--since", s)?)]);
    }
    if let Some(u) = &f.until {
        let u = check_date("--until", u)?;
        b.and(
            "substr(date, 1, ?) <= ?",
            [Value::Integer(u.len() as i64), text(&u)],
        );
    }
    if let Some(p) = &f.place {
        b.and(
            "lower(place) LIKE '%' || lower(?) || '%' OR upper(place_country) = upper(?)",
            [text(p), text(p)],
        );
    }
    if let Some(t) = &f.text {
        b.and(
            "lower(evidence_text) LIKE '%' || lower(?) || '%'",
            [text(t)],
        );
    }
    if let Some(c) = f.cluster {
        b.and("cluster_id = ?", [Value::Integer(c)]);
    }
    b.limit = f.limit;
    Ok(())
}

/// Columns of merged events (one row per event per story cluster).
pub const MERGED_EVENT_COLUMNS: &[(&str, &str, Kind)] = &[
    ("id", "id", Kind::Int),
    ("date", "date", Kind::Text),
    ("source_code", "source_code", Kind::Text),
    ("source_name", "source_name", Kind::Text),
    ("cameo", "cameo", Kind::Text),
    ("target_code", "target_code", Kind::Text),
    ("target_name", "target_name", Kind::Text),
    ("plover", "plover", Kind::Text),
    ("plover_mode", "plover_mode", Kind::Text),
    ("quad_class", "quad_class", Kind::Int),
    ("goldstein", "goldstein", Kind::Real),
    ("polarity", "polarity", Kind::Text),
    ("modality", "modality", Kind::Text),
    ("place", "place", Kind::Text),
    ("place_country", "place_country", Kind::Text),
    ("lat", "lat", Kind::Real),
    ("lon", "lon", Kind::Real),
    ("num_mentions", "num_mentions", Kind::Int),
    ("num_articles", "num_articles", Kind::Int),
    ("num_sources", "num_sources", Kind::Int),
    ("confidence", "confidence", Kind::Real),
    ("cluster_id", "cluster_id", Kind::Int),
    ("first_article", "first_article", Kind::Int),
    (
        "(SELECT url FROM articles WHERE id = first_article)",
        "source_url",
        Kind::Text,
    ),
    (
        "(SELECT min(published) FROM articles WHERE cluster_id = merged_events.cluster_id)",
        "first_published",
        Kind::Text,
    ),
    ("article_ids", "article_ids", Kind::Text),
    ("rule", "rule", Kind::Text),
    ("evidence_text", "evidence", Kind::Text),
];

/// Columns of event mentions (one row per event per article).
pub const EVENT_MENTION_COLUMNS: &[(&str, &str, Kind)] = &[
    ("e.id", "id", Kind::Int),
    ("e.article_id", "article_id", Kind::Int),
    ("e.cluster_id", "cluster_id", Kind::Int),
    ("e.idx", "idx", Kind::Int),
    ("e.date", "date", Kind::Text),
    ("e.date_basis", "date_basis", Kind::Text),
    ("e.source_code", "source_code", Kind::Text),
    ("e.source_name", "source_name", Kind::Text),
    ("e.cameo", "cameo", Kind::Text),
    ("e.target_code", "target_code", Kind::Text),
    ("e.target_name", "target_name", Kind::Text),
    ("e.plover", "plover", Kind::Text),
    ("e.quad_class", "quad_class", Kind::Int),
    ("e.goldstein", "goldstein", Kind::Real),
    ("e.polarity", "polarity", Kind::Text),
    ("e.modality", "modality", Kind::Text),
    ("e.place", "place", Kind::Text),
    ("e.place_country", "place_country", Kind::Text),
    ("e.sentence", "sentence", Kind::Int),
    ("e.evidence", "evidence_spans", Kind::Json),
    ("e.evidence_text", "evidence", Kind::Text),
    ("e.rule", "rule", Kind::Text),
    ("e.confidence", "confidence", Kind::Real),
    ("a.url", "url", Kind::Text),
    ("a.published", "published", Kind::Text),
];

/// `dateline events`: merged events (default) or every mention.
pub fn events(f: &EventFilter, mentions: bool) -> Result<Query> {
    let mut b = if mentions {
        let mut b = Builder::new(
            "events e JOIN articles a ON a.id = e.article_id",
            EVENT_MENTION_COLUMNS,
        );
        b.order = "e.date, e.id".into();
        b
    } else {
        let mut b = Builder::new("merged_events", MERGED_EVENT_COLUMNS);
        b.order = "date, id".into();
        b
    };
    event_filters(&mut b, f)?;
    if mentions {
        // The filter names are those of the events table; qualify the ambiguous ones.
        for w in b.wheres.iter_mut() {
            *w = w.replace("cluster_id", "e.cluster_id");
        }
    }
    Ok(b.build())
}

/// Filters of `dateline quotes`.
#[derive(Clone, Debug, Default)]
pub struct QuoteFilter {
    /// Part of the speaker's name or description.
    pub speaker: Option<String>,
    /// Full-text query over quote contents.
    pub text: Option<String>,
    /// Earliest publication date of the article.
    pub since: Option<String>,
    /// Latest publication date of the article.
    pub until: Option<String>,
    /// Most rows.
    pub limit: Option<u64>,
}

/// Columns of quotes.
pub const QUOTE_COLUMNS: &[(&str, &str, Kind)] = &[
    ("q.id", "id", Kind::Int),
    ("q.article_id", "article_id", Kind::Int),
    ("a.published", "published", Kind::Text),
    ("q.speaker", "speaker", Kind::Text),
    ("q.speaker_kind", "speaker_kind", Kind::Text),
    ("q.cue", "cue", Kind::Text),
    ("q.kind", "kind", Kind::Text),
    ("q.content", "content", Kind::Text),
    ("q.content_start", "content_start", Kind::Int),
    ("q.content_end", "content_end", Kind::Int),
    ("q.confidence", "confidence", Kind::Real),
    ("a.url", "url", Kind::Text),
    ("a.title", "title", Kind::Text),
];

/// `dateline quotes`.
pub fn quotes(f: &QuoteFilter) -> Result<Query> {
    let mut b = Builder::new(
        "quotes q JOIN articles a ON a.id = q.article_id",
        QUOTE_COLUMNS,
    );
    if let Some(s) = &f.speaker {
        b.and("lower(q.speaker) LIKE '%' || lower(?) || '%'", [text(s)]);
    }
    if let Some(t) = &f.text {
        b.and(
            "q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)",
            [text(&fts_query(t))],
        );
    }
    if let Some(s) = &f.since {
        b.and("a.published >= ?", [text(&check_date("--since", s)?)]);
    }
    if let Some(u) = &f.until {
        let u = check_date("--until", u)?;
        b.and(
            "substr(a.published, 1, ?) <= ?",
            [Value::Integer(u.len() as i64), text(&u)],
        );
    }
    b.order = "a.published, q.id".into();
    b.limit = f.limit;
    Ok(b.build())
}

/// Filters of `dateline entities`.
#[derive(Clone, Debug, Default)]
pub struct EntityFilter {
    /// Part of the name.
    pub name: Option<String>,
    /// Type (`PERSON`, `ORG`, `GPE`, …).
    pub entity_type: Option<String>,
    /// ISO 3166-1 alpha-3 country.
    pub country: Option<String>,
    /// Actor code prefix.
    pub actor: Option<String>,
    /// One row per entity per article instead of one per name.
    pub per_article: bool,
    /// Most rows.
    pub limit: Option<u64>,
}

/// `dateline entities`: by default one row per (name, type, country, actor code) with
/// counts of articles and mentions, most frequent first.
pub fn entities(f: &EntityFilter) -> Result<Query> {
    let mut b = if f.per_article {
        let mut b = Builder::new(
            "entities",
            &[
                ("id", "id", Kind::Int),
                ("article_id", "article_id", Kind::Int),
                ("idx", "idx", Kind::Int),
                ("name", "name", Kind::Text),
                ("type", "type", Kind::Text),
                ("role", "role", Kind::Text),
                ("country", "country", Kind::Text),
                ("actor_code", "actor_code", Kind::Text),
                ("actor_evidence", "actor_evidence", Kind::Text),
                ("actor_confidence", "actor_confidence", Kind::Real),
                ("mention_count", "mentions", Kind::Int),
            ],
        );
        b.order = "article_id, idx".into();
        b
    } else {
        let mut b = Builder::new(
            "entities",
            &[
                ("name", "name", Kind::Text),
                ("type", "type", Kind::Text),
                ("country", "country", Kind::Text),
                ("actor_code", "actor_code", Kind::Text),
                ("max(role)", "role", Kind::Text),
                ("count(DISTINCT article_id)", "articles", Kind::Int),
                ("sum(mention_count)", "mentions", Kind::Int),
            ],
        );
        b.group = Some("name, type, country, actor_code".into());
        b.order = "articles DESC, mentions DESC, name".into();
        b
    };
    if let Some(n) = &f.name {
        b.and("lower(name) LIKE '%' || lower(?) || '%'", [text(n)]);
    }
    if let Some(t) = &f.entity_type {
        b.and("type = upper(?)", [text(t)]);
    }
    if let Some(c) = &f.country {
        b.and("country = upper(?)", [text(c)]);
    }
    if let Some(a) = &f.actor {
        b.and("actor_code LIKE upper(?) || '%'", [text(a)]);
    }
    b.limit = f.limit;
    Ok(b.build())
}

/// `dateline search`: full text over titles and article text, best match first.
pub fn search(q: &str, limit: Option<u64>) -> Result<Query> {
    if q.trim().is_empty() {
        return Err(StoreError::Invalid("search: the query is empty".into()));
    }
    let mut b = Builder::new(
        "articles_fts JOIN articles a ON a.id = articles_fts.rowid",
        &[
            ("a.id", "id", Kind::Int),
            ("a.published", "published", Kind::Text),
            ("a.title", "title", Kind::Text),
            ("a.url", "url", Kind::Text),
            ("a.cluster_id", "cluster_id", Kind::Int),
            (
                "snippet(articles_fts, 1, '[', ']', '…', 16)",
                "snippet",
                Kind::Text,
            ),
            ("round(bm25(articles_fts), 3)", "score", Kind::Real),
        ],
    );
    b.and("articles_fts MATCH ?", [text(&fts_query(q))]);
    b.order = "bm25(articles_fts)".into();
    b.limit = limit;
    Ok(b.build())
}

/// `dateline stats`: one (metric, value) row per figure.
pub fn stats(conn: &Connection) -> Result<Vec<(String, String)>> {
    let one = |sql: &str| -> Result<String> {
        let v: Value = conn
            .query_row(sql, [], |r| r.get(0))
            .ctx("computing stats")?;
        Ok(crate::output::to_text(&v))
    };
    let mut out = vec![
        ("schema_version".to_string(), one("PRAGMA user_version")?),
        ("articles".into(), one("SELECT count(*) FROM articles")?),
        ("story_clusters".into(), one("SELECT count(DISTINCT cluster_id) FROM articles")?),
        (
            "clusters_with_copies".into(),
            one("SELECT count(*) FROM (SELECT cluster_id FROM articles GROUP BY cluster_id HAVING count(*) > 1)")?,
        ),
        (
            "largest_cluster".into(),
            one("SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM articles GROUP BY cluster_id)")?,
        ),
        ("sites".into(), one("SELECT count(DISTINCT coalesce(host, site)) FROM articles")?),
        ("published_first".into(), one("SELECT min(published) FROM articles")?),
        ("published_last".into(), one("SELECT max(published) FROM articles")?),
        ("entities".into(), one("SELECT count(*) FROM entities")?),
        ("mentions".into(), one("SELECT count(*) FROM mentions")?),
        ("timexes".into(), one("SELECT count(*) FROM timexes")?),
        ("quotes".into(), one("SELECT count(*) FROM quotes")?),
        ("event_mentions".into(), one("SELECT count(*) FROM events")?),
        (
            "events_merged".into(),
            one("SELECT count(*) FROM (SELECT 1 FROM events GROUP BY cluster_id, merge_key)")?,
        ),
        ("failures".into(), one("SELECT count(*) FROM failures")?),
        ("ingest_runs".into(), one("SELECT count(*) FROM runs")?),
    ];
    let mut stmt = conn
        .prepare("SELECT stage, count(*) FROM failures GROUP BY stage ORDER BY stage")
        .ctx("computing stats")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .ctx("computing stats")?;
    for r in rows {
        let (stage, n) = r.ctx("computing stats")?;
        out.push((format!("failures.{stage}"), n.to_string()));
    }
    let mut stmt = conn
        .prepare("SELECT cameo_root, count(*) FROM events GROUP BY cameo_root ORDER BY cameo_root")
        .ctx("computing stats")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .ctx("computing stats")?;
    for r in rows {
        let (root, n) = r.ctx("computing stats")?;
        out.push((format!("event_mentions.cameo_root.{root}"), n.to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_builder_numbers_parameters_in_order() {
        let q = events(
            &EventFilter {
                source: Some("jpn".into()),
                cameo: Some("04".into()),
                since: Some("2019-06".into()),
                ..Default::default()
            },
            false,
        )
        .unwrap();
        assert_eq!(q.params.len(), 4);
        assert_eq!(q.params[0], Value::Text("JPN".into()));
        assert_eq!(q.params[2], Value::Text("04".into()));
        assert!(q.sql.contains("?4"), "{}", q.sql);
    }

    #[test]
    fn query_bad_date_and_quad_are_errors_naming_the_flag() {
        let e = events(
            &EventFilter {
                since: Some("June".into()),
                ..Default::default()
            },
            false,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("--since `June`"), "{e}");
        assert!(events(
            &EventFilter {
                quad_class: Some(7),
                ..Default::default()
            },
            false
        )
        .is_err());
    }

    #[test]
    fn query_fts_plain_words_are_quoted() {
        assert_eq!(fts_query("U.S. troops"), "\"U.S.\" \"troops\"");
        assert_eq!(fts_query("abe OR trump"), "abe OR trump");
    }
}
