//! The API: one table ([`ROUTES`]) from which both the router and the OpenAPI document
//! are built. Each route declares its parameters (validated before the handler runs)
//! and the fields of what it returns.

use crate::error::ApiError;
use crate::params::{choice, date, flag, int, required_text, text, Param, Params};
use crate::AppState;
use axum::extract::{FromRequestParts, RawPathParams, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use dateline_store::output::{to_json, Kind, Value};
use dateline_store::query::{self, EntityFilter, EventFilter, Query, QuoteFilter};
use rusqlite::{params_from_iter, Connection};
use serde_json::{json, Map, Value as J};
use std::sync::Arc;

/// A request as a handler sees it: path parameters and validated query parameters.
pub struct Req {
    /// Path parameters (`{id}`), raw.
    pub path: Vec<(String, String)>,
    /// Query parameters, validated against the route's declaration.
    pub params: Params,
}

impl Req {
    fn path_id(&self, name: &str) -> Result<i64, ApiError> {
        let raw = self
            .path
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        raw.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
            ApiError::bad_param(
                name,
                format!(
                    "`{name}` must be a non-negative integer, not `{}`",
                    raw.chars().take(40).collect::<String>()
                ),
            )
        })
    }
}

/// A handler: runs on a blocking thread with a read-only connection.
pub type Handler = fn(&AppState, &Connection, &Req) -> Result<J, ApiError>;

/// One endpoint.
pub struct Route {
    /// Path (axum and OpenAPI share the `{name}` syntax).
    pub path: &'static str,
    /// One line for the OpenAPI document.
    pub summary: &'static str,
    /// Query parameters, in groups.
    pub params: &'static [&'static [Param]],
    /// Whether the answer is a page `{items, limit, offset, next_offset}`.
    pub list: bool,
    /// Fields of each item (list) or of the object: (name, JSON type, description).
    pub fields: &'static [(&'static str, &'static str, &'static str)],
    /// The handler.
    pub handler: Handler,
}

impl Route {
    /// Every query parameter of the route.
    pub fn all_params(&self) -> Vec<Param> {
        self.params.iter().flat_map(|g| g.iter().copied()).collect()
    }

    /// Names of the path parameters (`{id}` → `id`).
    pub fn path_params(&self) -> Vec<&'static str> {
        self.path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .collect()
    }
}

/// Largest offset accepted (deep pages cost a scan).
pub const MAX_OFFSET: i64 = 100_000;

const PAGE: &[Param] = &[
    int(
        "limit",
        1,
        1000,
        Some(100),
        "Most items to return (at most 1000).",
    ),
    int(
        "offset",
        0,
        MAX_OFFSET,
        Some(0),
        "Items to skip (for the next page, use `next_offset`).",
    ),
];

const SMALL_PAGE: &[Param] = &[
    int(
        "limit",
        1,
        500,
        Some(50),
        "Most items to return (at most 500).",
    ),
    int(
        "offset",
        0,
        MAX_OFFSET,
        Some(0),
        "Items to skip (for the next page, use `next_offset`).",
    ),
];

/// The filters of `dateline events`, with the same meaning.
pub const EVENT_FILTERS: &[Param] = &[
    text("actor", "Actor code prefix (`JPN`, `USAGOV`) or part of a name, on either side."),
    text("source", "Source actor: code prefix or part of a name."),
    text("target", "Target actor: code prefix or part of a name."),
    text("pair", "Two actors `A,B` (code prefixes or name parts), in either direction."),
    text("cameo", "CAMEO code prefix: a root (`04`) or a code (`042`)."),
    text("plover", "PLOVER event type (`CONSULT`)."),
    int("quad", 1, 4, None, "QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."),
    date("since", "Earliest event date (inclusive): YYYY, YYYY-MM or YYYY-MM-DD."),
    date("until", "Latest event date (inclusive): YYYY, YYYY-MM or YYYY-MM-DD."),
    text("place", "Part of a place name, or a country code."),
    text("text", "Words in the evidence."),
    int("cluster", 0, i64::MAX, None, "Only events of this story cluster."),
];

const EVENT_FIELDS: &[(&str, &str, &str)] = &[
    (
        "id",
        "integer",
        "Event id (of the first mention, for merged events)",
    ),
    (
        "article_id",
        "integer",
        "Article (the first one reporting it, for merged events)",
    ),
    ("cluster_id", "integer", "Story cluster"),
    ("date", "string", "Event date (YYYY[-MM[-DD]]), may be null"),
    ("source_code", "string", "Source actor code"),
    ("source_name", "string", "Source actor name"),
    ("cameo", "string", "CAMEO code"),
    ("cameo_name", "string", "CAMEO code name from the codebook"),
    ("target_code", "string", "Target actor code"),
    ("target_name", "string", "Target actor name"),
    ("plover", "string", "PLOVER event type"),
    ("quad_class", "integer", "QuadClass 1-4"),
    ("goldstein", "number", "Goldstein score"),
    ("polarity", "string", "asserted or negated"),
    (
        "modality",
        "string",
        "actual, intended, hypothetical or reported",
    ),
    ("place", "string", "Place name"),
    ("place_country", "string", "Country of the place"),
    ("evidence", "string", "The evidence text"),
    ("rule", "string", "The coding rule that fired"),
    ("confidence", "number", "Confidence 0-1"),
    (
        "num_mentions",
        "integer",
        "Mentions over the story cluster (merged only, else null)",
    ),
    (
        "num_articles",
        "integer",
        "Articles reporting it (merged only, else null)",
    ),
    (
        "num_sources",
        "integer",
        "Distinct sources (merged only, else null)",
    ),
    ("url", "string", "URL of the article"),
    ("published", "string", "Publication date of the article"),
];

/// Every endpoint of the API.
pub static ROUTES: &[Route] = &[
    Route {
        path: "/api/stats",
        summary: "Counts of what the database holds.",
        params: &[],
        list: false,
        fields: &[
            ("articles", "integer", "Stored articles"),
            ("story_clusters", "integer", "Story clusters (syndicated copies grouped)"),
            ("events", "integer", "Event mentions"),
            ("quotes", "integer", "Quotes"),
            ("entities", "integer", "Entities (per article)"),
            ("published_first", "string", "Earliest publication date"),
            ("published_last", "string", "Latest publication date"),
            ("event_date_first", "string", "Earliest event date"),
            ("event_date_last", "string", "Latest event date"),
        ],
        handler: stats,
    },
    Route {
        path: "/api/events",
        summary: "Events, filtered as `dateline events`; every mention, or merged across a story cluster with `merged=true`.",
        params: &[EVENT_FILTERS, &[flag("merged", "One row per event per story cluster, with counts (as `dateline events`); default: every mention.")], PAGE],
        list: true,
        fields: EVENT_FIELDS,
        handler: events,
    },
    Route {
        path: "/api/quotes",
        summary: "Quotes, filtered as `dateline quotes`.",
        params: &[
            &[
                text("speaker", "Part of the speaker's name or description."),
                text("text", "Full-text query over the quote (FTS5 syntax allowed)."),
                date("since", "Earliest publication date of the article."),
                date("until", "Latest publication date of the article."),
            ],
            PAGE,
        ],
        list: true,
        fields: &[
            ("id", "integer", "Quote id"),
            ("article_id", "integer", "Article"),
            ("published", "string", "Publication date"),
            ("speaker", "string", "Speaker name or description, null when unknown"),
            ("speaker_kind", "string", "entity, anonymous or unknown"),
            ("cue", "string", "The attribution cue (`said`)"),
            ("kind", "string", "direct, indirect or partial"),
            ("content", "string", "What was said"),
            ("content_start", "integer", "Byte offset of the content in the article text"),
            ("content_end", "integer", "End byte offset"),
            ("confidence", "number", "Confidence 0-1"),
            ("url", "string", "Article URL"),
            ("title", "string", "Article title"),
        ],
        handler: quotes,
    },
    Route {
        path: "/api/quotes/speakers",
        summary: "Speakers with the most quotes.",
        params: &[
            &[text("speaker", "Part of the speaker's name or description.")],
            SMALL_PAGE,
        ],
        list: true,
        fields: &[
            ("speaker", "string", "Speaker name or description"),
            ("count", "integer", "Quotes"),
            ("articles", "integer", "Articles quoting them"),
        ],
        handler: speakers,
    },
    Route {
        path: "/api/entities",
        summary: "Entities, filtered as `dateline entities`: grouped by name, type, country and actor code, or one per article with `per_article=true`.",
        params: &[
            &[
                text("name", "Part of the name."),
                text("type", "Entity type (PERSON, ORG, GPE, ...)."),
                text("country", "ISO 3166-1 alpha-3 country code."),
                text("actor", "Actor code prefix."),
                flag("per_article", "One row per entity per article."),
            ],
            PAGE,
        ],
        list: true,
        fields: &[
            ("name", "string", "Canonical name"),
            ("type", "string", "Entity type"),
            ("country", "string", "Country code"),
            ("actor_code", "string", "Actor code"),
            ("role", "string", "Title or role"),
            ("articles", "integer", "Articles naming it (grouped only)"),
            ("mentions", "integer", "Mentions"),
            ("id", "integer", "Entity row id (per_article only)"),
            ("article_id", "integer", "Article (per_article only)"),
            ("idx", "integer", "Index of the entity in its article (per_article only)"),
            ("actor_evidence", "string", "Why this actor code (per_article only)"),
            ("actor_confidence", "number", "Confidence of the actor code (per_article only)"),
        ],
        handler: entities,
    },
    Route {
        path: "/api/articles",
        summary: "Articles, newest first.",
        params: &[
            &[
                date("since", "Earliest publication date."),
                date("until", "Latest publication date."),
                text("site", "Part of the site name or host."),
                int("cluster", 0, i64::MAX, None, "Only articles of this story cluster."),
            ],
            PAGE,
        ],
        list: true,
        fields: &[
            ("id", "integer", "Article id"),
            ("title", "string", "Title"),
            ("published", "string", "Publication date"),
            ("site", "string", "Site name"),
            ("host", "string", "URL host"),
            ("url", "string", "URL"),
            ("cluster_id", "integer", "Story cluster"),
            ("events", "integer", "Event mentions in it"),
            ("quotes", "integer", "Quotes in it"),
        ],
        handler: articles,
    },
    Route {
        path: "/api/articles/{id}",
        summary: "One article with its text and layers (spans are UTF-8 byte offsets into `text`).",
        params: &[],
        list: false,
        fields: &[
            ("id", "integer", "Article id"),
            ("title", "string", "Title"),
            ("published", "string", "Publication date"),
            ("site", "string", "Site name"),
            ("host", "string", "URL host"),
            ("url", "string", "URL"),
            ("path", "string", "Input path it was read from"),
            ("byline", "string", "Byline"),
            ("language", "string", "Language"),
            ("cluster_id", "integer", "Story cluster"),
            ("text", "string", "Clean body text"),
            ("entities", "array", "Entity mentions: {span, text, type, name, code}"),
            ("timexes", "array", "Time expressions: {span, text, type, value}"),
            ("quotes", "array", "Quotes: {span, speaker, speaker_span, cue_span, kind}"),
            ("events", "array", "Events: {id, span, evidence_spans, cameo, cameo_name, source_code, source_name, source_span, target_code, target_name, target_span, date, goldstein, quad_class, polarity, modality, evidence, rule}"),
            ("copies", "array", "Other articles of its story cluster: {id, title, site, url, published}"),
        ],
        handler: article,
    },
    Route {
        path: "/api/search",
        summary: "Full-text search over titles and article text (FTS5), best match first.",
        params: &[
            &[required_text("q", "Words to find (all must occur), or an FTS5 query.")],
            SMALL_PAGE,
        ],
        list: true,
        fields: &[
            ("id", "integer", "Article id"),
            ("published", "string", "Publication date"),
            ("title", "string", "Title"),
            ("url", "string", "URL"),
            ("cluster_id", "integer", "Story cluster"),
            ("snippet", "string", "Matching passage, matches in [brackets]"),
            ("score", "number", "BM25 score (lower is better)"),
        ],
        handler: search,
    },
    Route {
        path: "/api/clusters",
        summary: "Story clusters (syndicated copies of one story), largest first.",
        params: &[
            &[int("min_size", 1, 1_000_000, Some(1), "Only clusters with at least this many articles.")],
            SMALL_PAGE,
        ],
        list: true,
        fields: &[
            ("cluster_id", "integer", "Cluster id (the id of its first article)"),
            ("title", "string", "Title of its first article"),
            ("articles", "integer", "Articles in it"),
            ("sources", "integer", "Distinct sources"),
            ("first_published", "string", "Earliest publication date"),
            ("events", "integer", "Event mentions in it"),
        ],
        handler: clusters,
    },
    Route {
        path: "/api/clusters/{id}",
        summary: "One story cluster: its articles and its events merged across them.",
        params: &[],
        list: false,
        fields: &[
            ("cluster_id", "integer", "Cluster id"),
            ("articles", "array", "Articles: {id, title, site, host, url, published, similarity}"),
            ("events", "array", "Merged events (fields as /api/events?merged=true)"),
        ],
        handler: cluster,
    },
    Route {
        path: "/api/aggregate/timeline",
        summary: "Events per day, week or month by QuadClass or CAMEO root, counted once per story cluster, with Goldstein sums.",
        params: &[
            EVENT_FILTERS,
            &[
                choice("bucket", &["week", "day", "month"], "Bucket: week (starting Monday), day or month."),
                choice("by", &["quad", "root"], "Group by QuadClass or by CAMEO root code."),
            ],
        ],
        list: true,
        fields: &[
            ("bucket", "string", "Day (YYYY-MM-DD), week start (YYYY-MM-DD, a Monday) or month (YYYY-MM)"),
            ("quad_class", "integer", "QuadClass"),
            ("root", "string", "CAMEO root (by=root), else null"),
            ("count", "integer", "Events"),
            ("goldstein_sum", "number", "Sum of Goldstein scores"),
        ],
        handler: timeline,
    },
    Route {
        path: "/api/aggregate/dyads",
        summary: "Top source→target actor pairs, counted once per story cluster, with mean Goldstein.",
        params: &[
            EVENT_FILTERS,
            &[
                choice("level", &["actor", "country"], "Actor codes as coded, or their first three letters (country)."),
                int("limit", 1, 500, Some(40), "Most pairs (at most 500)."),
            ],
        ],
        list: true,
        fields: &[
            ("source", "string", "Source actor code"),
            ("target", "string", "Target actor code"),
            ("count", "integer", "Events"),
            ("mean_goldstein", "number", "Mean Goldstein score"),
        ],
        handler: dyads,
    },
    Route {
        path: "/api/codebook",
        summary: "The CAMEO codebook with Goldstein scores, QuadClass and PLOVER types.",
        params: &[],
        list: true,
        fields: &[
            ("code", "string", "CAMEO code"),
            ("name", "string", "Name"),
            ("goldstein", "number", "Goldstein score"),
            ("quad_class", "integer", "QuadClass"),
            ("plover", "string", "PLOVER event type"),
            ("plover_mode", "string", "PLOVER mode"),
        ],
        handler: codebook,
    },
    Route {
        path: "/api/openapi.json",
        summary: "This API's OpenAPI 3.1 document.",
        params: &[],
        list: false,
        fields: &[
            ("openapi", "string", "OpenAPI version"),
            ("info", "object", "Title and version"),
            ("paths", "object", "Endpoints"),
        ],
        handler: openapi,
    },
];

/// The API router built from [`ROUTES`], and the paths it registered.
pub fn api_router() -> (Router<Arc<AppState>>, Vec<&'static str>) {
    let mut router = Router::new();
    let mut paths = Vec::new();
    for route in ROUTES {
        paths.push(route.path);
        router = router.route(
            route.path,
            get(move |State(st): State<Arc<AppState>>, parts: Parts| dispatch(route, st, parts)),
        );
    }
    (router, paths)
}

async fn dispatch(route: &'static Route, st: Arc<AppState>, mut parts: Parts) -> Response {
    let path = match RawPathParams::from_request_parts(&mut parts, &()).await {
        Ok(p) => p
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        Err(_) => Vec::new(),
    };
    let params = match Params::parse(&route.all_params(), parts.uri.query()) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let req = Req { path, params };
    let state = st.clone();
    match st
        .db
        .run(move |conn| (route.handler)(&state, conn, &req))
        .await
    {
        Ok(v) => Json(v).into_response(),
        Err(e) => e.into_response(),
    }
}

// ---- helpers ----

fn row_map(q: &Query, row: &[Value]) -> Map<String, J> {
    q.columns
        .iter()
        .zip(row)
        .map(|(c, v)| (c.name.clone(), to_json(c.kind, v)))
        .collect()
}

/// Runs a store query as one page: `limit + 1` rows are read to know whether more follow.
fn page(
    conn: &Connection,
    mut q: Query,
    p: &Params,
    fts_param: Option<&str>,
    mut each: impl FnMut(Map<String, J>) -> J,
) -> Result<J, ApiError> {
    let limit = p.int("limit").unwrap_or(100);
    let offset = p.int("offset").unwrap_or(0);
    q.sql
        .push_str(&format!(" LIMIT {} OFFSET {offset}", limit + 1));
    let mut items = Vec::new();
    q.for_each(conn, |row| {
        items.push(each(row_map(&q, row)));
        Ok(())
    })
    .map_err(|e| ApiError::store(e, fts_param))?;
    Ok(paged(items, limit, offset))
}

fn paged(mut items: Vec<J>, limit: i64, offset: i64) -> J {
    let more = items.len() as i64 > limit;
    items.truncate(limit as usize);
    json!({
        "items": items,
        "limit": limit,
        "offset": offset,
        "next_offset": more.then_some(offset + limit),
    })
}

/// Runs SQL with parameters; each row becomes an object with the given field names.
fn sql_rows(
    conn: &Connection,
    sql: &str,
    params: &[Value],
    fields: &[&str],
) -> Result<Vec<Map<String, J>>, ApiError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params_from_iter(params.iter()))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut m = Map::new();
        for (i, f) in fields.iter().enumerate() {
            let v: Value = r.get(i)?;
            m.insert(f.to_string(), to_json(Kind::Text, &v));
        }
        out.push(m);
    }
    Ok(out)
}

fn cameo_name(st: &AppState, code: Option<&str>) -> J {
    code.and_then(|c| st.codebook.get(c))
        .map(|i| J::String(i.name.clone()))
        .unwrap_or(J::Null)
}

fn event_filter(p: &Params) -> Result<EventFilter, ApiError> {
    let pair = match p.str("pair") {
        None => None,
        Some(s) => {
            let parts: Vec<&str> = s.split(',').map(str::trim).collect();
            match parts.as_slice() {
                [a, b] if !a.is_empty() && !b.is_empty() => Some((a.to_string(), b.to_string())),
                _ => {
                    return Err(ApiError::bad_param(
                        "pair",
                        format!(
                            "`pair` must be two actors separated by a comma (`USA,CHN`), not `{}`",
                            s.chars().take(40).collect::<String>()
                        ),
                    ))
                }
            }
        }
    };
    Ok(EventFilter {
        actor: p.string("actor"),
        source: p.string("source"),
        target: p.string("target"),
        pair,
        cameo: p.string("cameo"),
        plover: p.string("plover"),
        quad_class: p.int("quad").map(|q| q as u8),
        since: p.string("since"),
        until: p.string("until"),
        place: p.string("place"),
        text: p.string("text"),
        cluster: p.int("cluster"),
        limit: None,
    })
}

/// An event row (mention or merged) in the one shape of [`EVENT_FIELDS`].
fn event_json(st: &AppState, mut m: Map<String, J>) -> J {
    let mut out = Map::new();
    let mut take = |out: &mut Map<String, J>, name: &str, from: &[&str]| {
        let v = from.iter().find_map(|k| m.remove(*k)).unwrap_or(J::Null);
        out.insert(name.to_string(), v);
    };
    for &(name, _, _) in EVENT_FIELDS {
        match name {
            "article_id" => take(&mut out, name, &["article_id", "first_article"]),
            "url" => take(&mut out, name, &["url", "source_url"]),
            "published" => take(&mut out, name, &["published", "first_published"]),
            "cameo_name" => {}
            _ => take(&mut out, name, &[name]),
        }
    }
    let name = cameo_name(st, out.get("cameo").and_then(J::as_str));
    out.insert("cameo_name".into(), name);
    J::Object(out)
}

/// The event mention query of `f` as a subquery, with rows deduplicated over a story
/// cluster as `merged_events` does (code, actors, date and polarity in one cluster).
fn dedup_events(f: &EventFilter, cols: &str) -> Result<Query, ApiError> {
    let inner = query::events(f, true).map_err(|e| ApiError::store(e, None))?;
    Ok(Query {
        columns: inner.columns.clone(),
        sql: format!(
            "SELECT {cols} FROM ({}) GROUP BY cluster_id, cameo, \
             coalesce(source_code, lower(source_name)), coalesce(target_code, lower(target_name)), \
             date, polarity",
            inner.sql
        ),
        params: inner.params,
    })
}

// ---- handlers ----

fn stats(_: &AppState, conn: &Connection, _: &Req) -> Result<J, ApiError> {
    let fields = [
        ("articles", "SELECT count(*) FROM articles"),
        (
            "story_clusters",
            "SELECT count(DISTINCT cluster_id) FROM articles",
        ),
        ("events", "SELECT count(*) FROM events"),
        ("quotes", "SELECT count(*) FROM quotes"),
        ("entities", "SELECT count(*) FROM entities"),
        ("published_first", "SELECT min(published) FROM articles"),
        ("published_last", "SELECT max(published) FROM articles"),
        ("event_date_first", "SELECT min(date) FROM events"),
        ("event_date_last", "SELECT max(date) FROM events"),
    ];
    let mut out = Map::new();
    for (name, sql) in fields {
        let v: Value = conn.query_row(sql, [], |r| r.get(0))?;
        out.insert(name.into(), to_json(Kind::Text, &v));
    }
    Ok(J::Object(out))
}

fn events(st: &AppState, conn: &Connection, req: &Req) -> Result<J, ApiError> {
    let p = &req.params;
    let f = event_filter(p)?;
    let q = query::events(&f, !p.flag("merged")).map_err(|e| ApiError::store(e, None))?;
    page(conn, q, p, None, |m| event_json(st, m))
}

fn quotes(_: &AppState, conn: &Connection, req: &Req) -> Result<J, ApiError> {
    let p = &req.params;
    let f = QuoteFilter {
        speaker: p.string("speaker"),
        text: p.string("text"),
        since: p.string("since"),
        until: p.string("until"),
        limit: None,
    };
    let q = query::quotes(&f).map_err(|e| ApiError::store(e, None))?;
    page(conn, q, p, Some("text"), J::Object)
}

fn speakers(_: &AppState, conn: &Connection, req: &Req) -> Result<J, ApiError> {
    let p = &req.params;
    let limit = p.int("limit").unwrap_or(50);
    let offset = p.int("offset").unwrap_or(0);
    let mut sql = String::from("SELECT speaker, count(*) AS n, count(DISTINCT article_id) FROM quotes WHERE speaker IS NOT NULL");
    let mut params = Vec::new();
    if let Some(s) = p.str("speaker") {
        sql.push_str(" AND lower(speaker) LIKE '%' || lower(?1) || '%'");
        params.push(Value::Text(s.to_string()));
    }
    sql.push_str(&format!(
        " GROUP BY speaker ORDER BY n DESC, speaker LIMIT {} OFFSET {offset}",
        limit + 1
    ));
    let rows = sql_rows(conn, &sql, &params, &["speaker", "count", "articles"])?;
    Ok(paged(
        rows.into_iter().map(J::Object).collect(),
        limit,
        offset,
    ))
}

fn entities(_: &AppState, conn: &Connection, req: &Req) -> Result<J, ApiError> {
    let p = &req.params;
    let f = EntityFilter {
        name: p.string("name"),
        entity_type: p.string("type"),
        country: p.string("country"),
        actor: p.string("actor"),
        per_article: p.flag("per_article"),
        limit: None,
    };
    let q = query::entities(&f).map_err(|e| ApiError::store(e, None))?;
    page(conn, q, p, None, J::Object)
}

fn articles(_: &AppState, conn: &Connection, req: &Req) -> Result<J, ApiError> {
    let p = &req.params;
    let limit = p.int("limit").unwrap_or(100);
    let offset = p.int("offset").unwrap_or(0);
    let mut wheres = Vec::new();
    let mut params = Vec::new();
    if let Some(s) = p.str("since") {
        params.push(Value::Text(s.to_string()));
        wheres.push(format!("a.published >= ?{}", params.len()));
    }
    if let Some(u) = p.str("until") {
        params.push(Value::Integer(u.len() as i64));
        params.push(Value::Text(u.to_string()));
        wheres.push(format!(
            "substr(a.published, 1, ?{}) <= ?{}",
            params.len() - 1,
            params.len()
        ));
    }
    if let Some(s) = p.str("site") {
        params.push(Value::Text(s.to_string()));
        let n = params.len();
        wheres.push(format!(
            "(lower(a.site) LIKE '%' || lower(?{n}) || '%' OR a.host LIKE '%' || lower(?{n}) || '%')"
        ));
    }
    if let Some(c) = p.int("cluster") {
        params.push(Value::Integer(c));
        wheres.push(format!("a.cluster_id = ?{}", params.len()));
    }
    let sql = format!(
        "SELECT a.id, a.title, a.published, a.site, a.host, a.url, a.cluster_id,
            (SELECT count(*) FROM events e WHERE e.article_id = a.id),
            (SELECT count(*) FROM quotes q WHERE q.article_id = a.id)
         FROM articles a {} ORDER BY a.published DESC, a.id DESC LIMIT {} OFFSET {offset}",
        if wheres.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", wheres.join(" AND "))
        },
        limit + 1
    );
    let rows = sql_rows(
        conn,
        &sql,
        &params,
        &[
            "id",
            "title",
            "published",
            "site",
            "host",
            "url",
            "cluster_id",
            "events",
            "quotes",
        ],
    )?;
    Ok(paged(
        rows.into_iter().map(J::Object).collect(),
        limit,
        offset,
    ))
}

fn span(start: &J, end: &J) -> J {
    match (start.as_i64(), end.as_i64()) {
        (Some(s), Some(e)) => json!([s, e]),
        _ => J::Null,
    }
}

fn article(st: &AppState, conn: &Connection, req: &Req) -> Result<J, ApiError> {
    let id = req.path_id("id")?;
    let idv = [Value::Integer(id)];
    let fields = [
        "id",
        "title",
        "published",
        "site",
        "host",
        "url",
        "path",
        "byline",
        "language",
        "cluster_id",
        "text",
    ];
    let mut head = sql_rows(
        conn,
        "SELECT id, title, published, site, host, url, source_path, byline, language, cluster_id, text
         FROM articles WHERE id = ?1",
        &idv,
        &fields,
    )?;
    let Some(mut out) = head.pop() else {
        return Err(ApiError::not_found(format!("no article with id {id}")));
    };
    let mentions = sql_rows(
        conn,
        "SELECT m.start, m.end, m.text, m.type, e.name, e.actor_code
         FROM mentions m LEFT JOIN entities e ON e.article_id = m.article_id AND e.idx = m.entity_idx
         WHERE m.article_id = ?1 ORDER BY m.start",
        &idv,
        &["start", "end", "text", "type", "name", "code"],
    )?;
    let entities: Vec<J> = mentions
        .into_iter()
        .map(|m| {
            json!({"span": span(&m["start"], &m["end"]), "text": m["text"], "type": m["type"],
                   "name": m["name"], "code": m["code"]})
        })
        .collect();
    let timexes: Vec<J> = sql_rows(
        conn,
        "SELECT start, end, text, type, value FROM timexes WHERE article_id = ?1 ORDER BY start",
        &idv,
        &["start", "end", "text", "type", "value"],
    )?
    .into_iter()
    .map(|m| json!({"span": span(&m["start"], &m["end"]), "text": m["text"], "type": m["type"], "value": m["value"]}))
    .collect();
    let quotes: Vec<J> = sql_rows(
        conn,
        "SELECT content_start, content_end, speaker, speaker_start, speaker_end, cue_start, cue_end, kind
         FROM quotes WHERE article_id = ?1 ORDER BY content_start",
        &idv,
        &["cs", "ce", "speaker", "ss", "se", "qs", "qe", "kind"],
    )?
    .into_iter()
    .map(|m| {
        json!({"span": span(&m["cs"], &m["ce"]), "speaker": m["speaker"],
               "speaker_span": span(&m["ss"], &m["se"]), "cue_span": span(&m["qs"], &m["qe"]),
               "kind": m["kind"]})
    })
    .collect();
    let events: Vec<J> = sql_rows(
        conn,
        "SELECT e.id, e.evidence, s.start, s.end, e.cameo, e.source_code, e.source_name,
                e.source_start, e.source_end, e.target_code, e.target_name, e.target_start,
                e.target_end, e.date, e.goldstein, e.quad_class, e.polarity, e.modality,
                e.evidence_text, e.rule
         FROM events e LEFT JOIN sentences s ON s.article_id = e.article_id AND s.idx = e.sentence
         WHERE e.article_id = ?1 ORDER BY e.idx",
        &idv,
        &[
            "id", "evidence_spans", "sent_start", "sent_end", "cameo", "source_code",
            "source_name", "ss", "se", "target_code", "target_name", "ts", "te", "date",
            "goldstein", "quad_class", "polarity", "modality", "evidence", "rule",
        ],
    )?
    .into_iter()
    .map(|m| {
        let spans: J = m["evidence_spans"]
            .as_str()
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or(J::Array(Vec::new()));
        let first = spans
            .as_array()
            .and_then(|a| a.first().cloned())
            .unwrap_or_else(|| span(&m["sent_start"], &m["sent_end"]));
        json!({
            "id": m["id"], "span": first, "evidence_spans": spans, "cameo": m["cameo"],
            "cameo_name": cameo_name(st, m["cameo"].as_str()),
            "source_code": m["source_code"], "source_name": m["source_name"], "source_span": span(&m["ss"], &m["se"]),
            "target_code": m["target_code"], "target_name": m["target_name"], "target_span": span(&m["ts"], &m["te"]),
            "date": m["date"], "goldstein": m["goldstein"], "quad_class": m["quad_class"],
            "polarity": m["polarity"], "modality": m["modality"], "evidence": m["evidence"], "rule": m["rule"],
        })
    })
    .collect();
    let cluster = out["cluster_id"].as_i64().unwrap_or(-1);
    let copies: Vec<J> = sql_rows(
        conn,
        "SELECT id, title, site, url, published FROM articles WHERE cluster_id = ?1 AND id != ?2
         ORDER BY id LIMIT 100",
        &[Value::Integer(cluster), Value::Integer(id)],
        &["id", "title", "site", "url", "published"],
    )?
    .into_iter()
    .map(J::Object)
    .collect();
    out.insert("entities".into(), J::Array(entities));
    out.insert("timexes".into(), J::Array(timexes));
    out.insert("quotes".into(), J::Array(quotes));
    out.insert("events".into(), J::Array(events));
    out.insert("copies".into(), J::Array(copies));
    Ok(J::Object(out))
}

fn search(_: &AppState, conn: &Connection, req: &Req) -> Result<J, ApiError> {
    let p = &req.params;
    let q =
        query::search(p.str("q").unwrap_or(""), None).map_err(|e| ApiError::store(e, Some("q")))?;
    page(conn, q, p, Some("q"), J::Object)
}

fn clusters(_: &AppState, conn: &Connection, req: &Req) -> Result<J, ApiError> {
    let p = &req.params;
    let limit = p.int("limit").unwrap_or(50);
    let offset = p.int("offset").unwrap_or(0);
    let min = p.int("min_size").unwrap_or(1);
    let sql = format!(
        "SELECT c.cluster_id, (SELECT title FROM articles t WHERE t.id = c.cluster_id), c.n, c.sources,
                c.first_published, (SELECT count(*) FROM events e WHERE e.cluster_id = c.cluster_id)
         FROM (SELECT cluster_id, count(*) AS n,
                      count(DISTINCT coalesce(host, site, source_path)) AS sources,
                      min(published) AS first_published
               FROM articles GROUP BY cluster_id HAVING count(*) >= ?1
               ORDER BY n DESC, cluster_id LIMIT {} OFFSET {offset}) c
         ORDER BY c.n DESC, c.cluster_id",
        limit + 1
    );
    let rows = sql_rows(
        conn,
        &sql,
        &[Value::Integer(min)],
        &[
            "cluster_id",
            "title",
            "articles",
            "sources",
            "first_published",
            "events",
        ],
    )?;
    Ok(paged(
        rows.into_iter().map(J::Object).collect(),
        limit,
        offset,
    ))
}

fn cluster(st: &AppState, conn: &Connection, req: &Req) -> Result<J, ApiError> {
    let id = req.path_id("id")?;
    let articles = sql_rows(
        conn,
        "SELECT id, title, site, host, url, published, similarity FROM articles
         WHERE cluster_id = ?1 ORDER BY id LIMIT 1000",
        &[Value::Integer(id)],
        &[
            "id",
            "title",
            "site",
            "host",
            "url",
            "published",
            "similarity",
        ],
    )?;
    if articles.is_empty() {
        return Err(ApiError::not_found(format!(
            "no story cluster with id {id}"
        )));
    }
    let q = query::events(
        &EventFilter {
            cluster: Some(id),
            limit: Some(1000),
            ..Default::default()
        },
        false,
    )
    .map_err(|e| ApiError::store(e, None))?;
    let mut events = Vec::new();
    q.for_each(conn, |row| {
        events.push(event_json(st, row_map(&q, row)));
        Ok(())
    })
    .map_err(|e| ApiError::store(e, None))?;
    Ok(json!({
        "cluster_id": id,
        "articles": articles,
        "events": events,
    }))
}

fn timeline(_: &AppState, conn: &Connection, req: &Req) -> Result<J, ApiError> {
    let p = &req.params;
    let f = event_filter(p)?;
    let bucket = match p.choice("bucket", &["week"]) {
        "day" => "CASE WHEN length(date) >= 10 THEN substr(date, 1, 10) END",
        "month" => "CASE WHEN length(date) >= 7 THEN substr(date, 1, 7) END",
        _ => "CASE WHEN length(date) >= 10 THEN date(substr(date, 1, 10), '-6 days', 'weekday 1') END",
    };
    let by_root = p.choice("by", &["quad"]) == "root";
    let group = if by_root {
        "substr(cameo, 1, 2)"
    } else {
        "NULL"
    };
    let inner = dedup_events(
        &f,
        &format!("{bucket} AS bucket, quad_class AS quad_class, {group} AS root, goldstein AS g"),
    )?;
    let sql = format!(
        "SELECT bucket, min(quad_class), root, count(*), sum(g) FROM ({}) \
         GROUP BY bucket, {} ORDER BY bucket, root, min(quad_class)",
        inner.sql,
        if by_root { "root" } else { "quad_class" }
    );
    let rows = sql_rows(
        conn,
        &sql,
        &inner.params,
        &["bucket", "quad_class", "root", "count", "goldstein_sum"],
    )?;
    let mut items = Vec::new();
    let mut undated = 0;
    for mut r in rows {
        if r["bucket"].is_null() {
            undated += r["count"].as_i64().unwrap_or(0);
            continue;
        }
        if let Some(g) = r["goldstein_sum"].as_f64() {
            r.insert("goldstein_sum".into(), json!((g * 1000.0).round() / 1000.0));
        }
        items.push(J::Object(r));
    }
    Ok(json!({ "items": items, "undated": undated }))
}

fn dyads(_: &AppState, conn: &Connection, req: &Req) -> Result<J, ApiError> {
    let p = &req.params;
    let f = event_filter(p)?;
    let limit = p.int("limit").unwrap_or(40);
    let (s, t) = if p.choice("level", &["actor"]) == "country" {
        ("substr(source_code, 1, 3)", "substr(target_code, 1, 3)")
    } else {
        ("source_code", "target_code")
    };
    let inner = dedup_events(&f, &format!("{s} AS s, {t} AS t, goldstein AS g"))?;
    let sql = format!(
        "SELECT s, t, count(*) AS n, avg(g) FROM ({}) WHERE s IS NOT NULL AND t IS NOT NULL AND s != '' AND t != '' \
         GROUP BY s, t ORDER BY n DESC, s, t LIMIT {limit}",
        inner.sql
    );
    let mut items = sql_rows(
        conn,
        &sql,
        &inner.params,
        &["source", "target", "count", "mean_goldstein"],
    )?;
    for r in items.iter_mut() {
        if let Some(g) = r["mean_goldstein"].as_f64() {
            r.insert(
                "mean_goldstein".into(),
                json!((g * 1000.0).round() / 1000.0),
            );
        }
    }
    Ok(json!({ "items": items }))
}

fn codebook(st: &AppState, _: &Connection, _: &Req) -> Result<J, ApiError> {
    let items: Vec<J> = st
        .codebook
        .codes()
        .map(|c| {
            let pl = st.codebook.plover(&c.code);
            json!({
                "code": c.code,
                "name": c.name,
                "goldstein": c.goldstein,
                "quad_class": c.quad_class,
                "plover": pl.map(|p| p.event_type.clone()),
                "plover_mode": pl.and_then(|p| p.mode.clone()),
            })
        })
        .collect();
    Ok(json!({ "items": items }))
}

fn openapi(_: &AppState, _: &Connection, _: &Req) -> Result<J, ApiError> {
    Ok(crate::openapi::document())
}
