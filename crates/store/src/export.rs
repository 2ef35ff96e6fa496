//! `dateline export`: whole tables as JSON Lines, CSV or Parquet, and events in the
//! GDELT 2.0 event-table column layout.

use crate::error::{Result, StoreError};
use crate::output::{Column, Kind, Sink};
use crate::query::{self, EventFilter, Query, MERGED_EVENT_COLUMNS};
use rusqlite::types::Value;
use rusqlite::Connection;

/// The tables that can be exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// Articles with metadata, provenance and clean text.
    Articles,
    /// Entities, one row per entity per article.
    Entities,
    /// Entity mentions.
    Mentions,
    /// Time expressions.
    Timexes,
    /// Quotes.
    Quotes,
    /// Events merged across story clusters, with counts.
    Events,
    /// Every event mention (one per article), with its evidence spans.
    EventMentions,
}

/// Column layouts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// dateline's own columns.
    Native,
    /// GDELT 2.0 event table (61 columns; events only).
    Gdelt,
}

fn table_query(table: Table) -> Result<Query> {
    let cols: &[(&str, &str, Kind)] = match table {
        Table::Articles => &[
            ("id", "id", Kind::Int),
            ("key", "key", Kind::Text),
            ("cluster_id", "cluster_id", Kind::Int),
            ("similarity", "similarity", Kind::Real),
            ("url", "url", Kind::Text),
            ("canonical_url", "canonical_url", Kind::Text),
            ("host", "host", Kind::Text),
            ("site", "site", Kind::Text),
            ("title", "title", Kind::Text),
            ("byline", "byline", Kind::Text),
            ("authors", "authors", Kind::Json),
            ("published", "published", Kind::Text),
            ("published_source", "published_source", Kind::Text),
            ("modified", "modified", Kind::Text),
            ("language", "language", Kind::Text),
            ("reference_date", "reference_date", Kind::Text),
            ("source_path", "source_path", Kind::Text),
            ("record_offset", "record_offset", Kind::Int),
            ("record_id", "record_id", Kind::Text),
            ("format", "format", Kind::Text),
            ("text", "text", Kind::Text),
            ("ingested_at", "ingested_at", Kind::Text),
        ],
        Table::Entities => {
            return query::entities(&query::EntityFilter {
                per_article: true,
                ..Default::default()
            })
        }
        Table::Mentions => &[
            ("id", "id", Kind::Int),
            ("article_id", "article_id", Kind::Int),
            ("idx", "idx", Kind::Int),
            ("entity_idx", "entity_idx", Kind::Int),
            ("start", "start", Kind::Int),
            ("end", "end", Kind::Int),
            ("text", "text", Kind::Text),
            ("type", "type", Kind::Text),
            ("kind", "kind", Kind::Text),
            ("role", "role", Kind::Text),
            ("confidence", "confidence", Kind::Real),
        ],
        Table::Timexes => &[
            ("id", "id", Kind::Int),
            ("article_id", "article_id", Kind::Int),
            ("idx", "idx", Kind::Int),
            ("start", "start", Kind::Int),
            ("end", "end", Kind::Int),
            ("text", "text", Kind::Text),
            ("type", "type", Kind::Text),
            ("value", "value", Kind::Text),
            ("modifier", "modifier", Kind::Text),
            ("anchor", "anchor", Kind::Text),
            ("sentence", "sentence", Kind::Int),
        ],
        Table::Quotes => return query::quotes(&Default::default()),
        Table::Events => return query::events(&EventFilter::default(), false),
        Table::EventMentions => return query::events(&EventFilter::default(), true),
    };
    let from = match table {
        Table::Articles => "articles",
        Table::Mentions => "mentions",
        _ => "timexes",
    };
    let select: Vec<String> = cols
        .iter()
        .map(|(e, n, _)| format!("{e} AS \"{n}\""))
        .collect();
    Ok(Query {
        columns: cols.iter().map(|(_, n, k)| Column::new(n, *k)).collect(),
        sql: format!("SELECT {} FROM {from} ORDER BY id", select.join(", ")),
        params: Vec::new(),
    })
}

/// The columns an export writes.
pub fn columns(table: Table, layout: Layout) -> Result<Vec<Column>> {
    match layout {
        Layout::Native => Ok(table_query(table)?.columns),
        Layout::Gdelt => {
            check_gdelt(table)?;
            Ok(GDELT_COLUMNS
                .iter()
                .map(|(n, k)| Column::new(n, *k))
                .collect())
        }
    }
}

fn check_gdelt(table: Table) -> Result<()> {
    if table == Table::Events {
        Ok(())
    } else {
        Err(StoreError::Invalid(
            "--layout gdelt applies to --table events only".into(),
        ))
    }
}

/// Writes `table` into `sink`; returns the row count.
pub fn export(
    conn: &Connection,
    table: Table,
    layout: Layout,
    mut sink: Box<dyn Sink>,
) -> Result<u64> {
    match layout {
        Layout::Native => table_query(table)?.run(conn, sink),
        Layout::Gdelt => {
            check_gdelt(table)?;
            let q = query::events(&EventFilter::default(), false)?;
            let idx = |name: &str| q.col(name).expect("merged event column");
            let ix = GdeltIdx {
                id: idx("id"),
                date: idx("date"),
                source_code: idx("source_code"),
                source_name: idx("source_name"),
                target_code: idx("target_code"),
                target_name: idx("target_name"),
                cameo: idx("cameo"),
                quad: idx("quad_class"),
                goldstein: idx("goldstein"),
                mentions: idx("num_mentions"),
                sources: idx("num_sources"),
                articles: idx("num_articles"),
                place: idx("place"),
                country: idx("place_country"),
                lat: idx("lat"),
                lon: idx("lon"),
                first_published: idx("first_published"),
                url: idx("source_url"),
            };
            debug_assert_eq!(MERGED_EVENT_COLUMNS.len(), q.columns.len());
            let n = q.for_each(conn, |r| sink.row(&gdelt_row(&ix, r)))?;
            sink.finish()?;
            Ok(n)
        }
    }
}

/// GDELT 2.0 event table columns, in file order.
pub const GDELT_COLUMNS: &[(&str, Kind)] = &[
    ("GLOBALEVENTID", Kind::Int),
    ("SQLDATE", Kind::Int),
    ("MonthYear", Kind::Int),
    ("Year", Kind::Int),
    ("FractionDate", Kind::Real),
    ("Actor1Code", Kind::Text),
    ("Actor1Name", Kind::Text),
    ("Actor1CountryCode", Kind::Text),
    ("Actor1KnownGroupCode", Kind::Text),
    ("Actor1EthnicCode", Kind::Text),
    ("Actor1Religion1Code", Kind::Text),
    ("Actor1Religion2Code", Kind::Text),
    ("Actor1Type1Code", Kind::Text),
    ("Actor1Type2Code", Kind::Text),
    ("Actor1Type3Code", Kind::Text),
    ("Actor2Code", Kind::Text),
    ("Actor2Name", Kind::Text),
    ("Actor2CountryCode", Kind::Text),
    ("Actor2KnownGroupCode", Kind::Text),
    ("Actor2EthnicCode", Kind::Text),
    ("Actor2Religion1Code", Kind::Text),
    ("Actor2Religion2Code", Kind::Text),
    ("Actor2Type1Code", Kind::Text),
    ("Actor2Type2Code", Kind::Text),
    ("Actor2Type3Code", Kind::Text),
    ("IsRootEvent", Kind::Int),
    ("EventCode", Kind::Text),
    ("EventBaseCode", Kind::Text),
    ("EventRootCode", Kind::Text),
    ("QuadClass", Kind::Int),
    ("GoldsteinScale", Kind::Real),
    ("NumMentions", Kind::Int),
    ("NumSources", Kind::Int),
    ("NumArticles", Kind::Int),
    ("AvgTone", Kind::Real),
    ("Actor1Geo_Type", Kind::Int),
    ("Actor1Geo_FullName", Kind::Text),
    ("Actor1Geo_CountryCode", Kind::Text),
    ("Actor1Geo_ADM1Code", Kind::Text),
    ("Actor1Geo_ADM2Code", Kind::Text),
    ("Actor1Geo_Lat", Kind::Real),
    ("Actor1Geo_Long", Kind::Real),
    ("Actor1Geo_FeatureID", Kind::Text),
    ("Actor2Geo_Type", Kind::Int),
    ("Actor2Geo_FullName", Kind::Text),
    ("Actor2Geo_CountryCode", Kind::Text),
    ("Actor2Geo_ADM1Code", Kind::Text),
    ("Actor2Geo_ADM2Code", Kind::Text),
    ("Actor2Geo_Lat", Kind::Real),
    ("Actor2Geo_Long", Kind::Real),
    ("Actor2Geo_FeatureID", Kind::Text),
    ("ActionGeo_Type", Kind::Int),
    ("ActionGeo_FullName", Kind::Text),
    ("ActionGeo_CountryCode", Kind::Text),
    ("ActionGeo_ADM1Code", Kind::Text),
    ("ActionGeo_ADM2Code", Kind::Text),
    ("ActionGeo_Lat", Kind::Real),
    ("ActionGeo_Long", Kind::Real),
    ("ActionGeo_FeatureID", Kind::Text),
    ("DATEADDED", Kind::Int),
    ("SOURCEURL", Kind::Text),
];

struct GdeltIdx {
    id: usize,
    date: usize,
    source_code: usize,
    source_name: usize,
    target_code: usize,
    target_name: usize,
    cameo: usize,
    quad: usize,
    goldstein: usize,
    mentions: usize,
    sources: usize,
    articles: usize,
    place: usize,
    country: usize,
    lat: usize,
    lon: usize,
    first_published: usize,
    url: usize,
}

/// CAMEO actor type codes (3 letters) that are not countries.
const ACTOR_TYPES: &[&str] = &[
    "AGR", "BUS", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "IGO", "IMG",
    "INS", "JUD", "LAB", "LEG", "MED", "MIL", "MNC", "MOD", "NGO", "NGM", "OPP", "PTY", "RAD",
    "REB", "REF", "REL", "SEP", "SET", "SPY", "UAF", "UIS", "COP",
];

/// Splits a CAMEO actor code into (country, known group, type codes): `JPNGOV` →
/// (`JPN`, none, [`GOV`]); `IGOUNO` → (none, `UNO`, [`IGO`]).
pub fn split_actor_code(code: &str) -> (Option<String>, Option<String>, Vec<String>) {
    let chunks: Vec<String> = code
        .as_bytes()
        .chunks(3)
        .map(|c| String::from_utf8_lossy(c).to_ascii_uppercase())
        .collect();
    let mut country = None;
    let mut group = None;
    let mut types = Vec::new();
    for (i, c) in chunks.into_iter().enumerate() {
        if ACTOR_TYPES.contains(&c.as_str()) {
            types.push(c);
        } else if i == 0 {
            country = Some(c);
        } else if types.last().is_some_and(|t| t == "IGO" || t == "NGO") && group.is_none() {
            group = Some(c);
        } else {
            types.push(c);
        }
    }
    types.truncate(3);
    (country, group, types)
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::Text(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

fn date_parts(date: Option<&str>) -> Option<(i64, i64, i64)> {
    let d = date?;
    let y: i64 = d.get(0..4)?.parse().ok()?;
    let m: i64 = d.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(0);
    let day: i64 = d.get(8..10).and_then(|x| x.parse().ok()).unwrap_or(0);
    Some((y, m, day))
}

fn gdelt_row(ix: &GdeltIdx, r: &[Value]) -> Vec<Value> {
    let t = |i: usize| text_of(&r[i]).map_or(Value::Null, Value::Text);
    let mut out: Vec<Value> = Vec::with_capacity(GDELT_COLUMNS.len());
    out.push(r[ix.id].clone());
    let date = text_of(&r[ix.date]);
    match date_parts(date.as_deref()) {
        Some((y, m, d)) => {
            out.push(Value::Integer(y * 10000 + m * 100 + d));
            out.push(Value::Integer(y * 100 + m));
            out.push(Value::Integer(y));
            let frac = y as f64 + ((m.max(1) - 1) * 30 + d.max(1)) as f64 / 365.0;
            out.push(Value::Real((frac * 10000.0).round() / 10000.0));
        }
        None => out.extend([Value::Null, Value::Null, Value::Null, Value::Null]),
    }
    for (code_i, name_i) in [
        (ix.source_code, ix.source_name),
        (ix.target_code, ix.target_name),
    ] {
        let code = text_of(&r[code_i]);
        let (country, group, types) = code.as_deref().map(split_actor_code).unwrap_or_default();
        out.push(code.map_or(Value::Null, Value::Text));
        out.push(t(name_i).clone_upper());
        out.push(country.map_or(Value::Null, Value::Text));
        out.push(group.map_or(Value::Null, Value::Text));
        out.extend([Value::Null, Value::Null, Value::Null]);
        for k in 0..3 {
            out.push(types.get(k).cloned().map_or(Value::Null, Value::Text));
        }
    }
    out.push(Value::Integer(1));
    let cameo = text_of(&r[ix.cameo]).unwrap_or_default();
    out.push(Value::Text(cameo.clone()));
    out.push(Value::Text(cameo.chars().take(3).collect()));
    out.push(Value::Text(cameo.chars().take(2).collect()));
    out.push(r[ix.quad].clone());
    out.push(r[ix.goldstein].clone());
    out.push(r[ix.mentions].clone());
    out.push(r[ix.sources].clone());
    out.push(r[ix.articles].clone());
    out.push(Value::Null); // AvgTone: dateline does not score tone.
                           // Actor geography is not resolved: empty with type 0, as GDELT writes it.
    for _ in 0..2 {
        out.push(Value::Integer(0));
        out.extend(std::iter::repeat_n(Value::Null, 7));
    }
    let place = text_of(&r[ix.place]);
    let country = text_of(&r[ix.country]);
    let geo_type = match (&place, &country, &r[ix.lat]) {
        (_, _, Value::Real(_)) => 4,
        (Some(_), _, _) => 4,
        (None, Some(_), _) => 1,
        _ => 0,
    };
    out.push(Value::Integer(geo_type));
    out.push(
        place
            .or_else(|| country.clone())
            .map_or(Value::Null, Value::Text),
    );
    out.push(country.map_or(Value::Null, Value::Text));
    out.extend([Value::Null, Value::Null]);
    out.push(r[ix.lat].clone());
    out.push(r[ix.lon].clone());
    out.push(Value::Null);
    let added = text_of(&r[ix.first_published])
        .as_deref()
        .and_then(|d| date_parts(Some(d)))
        .map_or(Value::Null, |(y, m, d)| {
            Value::Integer(y * 10_000_000_000 + m * 100_000_000 + d * 1_000_000)
        });
    out.push(added);
    out.push(t(ix.url));
    debug_assert_eq!(out.len(), GDELT_COLUMNS.len());
    out
}

trait Upper {
    fn clone_upper(&self) -> Value;
}

impl Upper for Value {
    fn clone_upper(&self) -> Value {
        match self {
            Value::Text(s) => Value::Text(s.to_uppercase()),
            v => v.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_split_actor_code_country_group_types() {
        assert_eq!(
            split_actor_code("JPNGOV"),
            (Some("JPN".into()), None, vec!["GOV".into()])
        );
        assert_eq!(
            split_actor_code("IGOUNO"),
            (None, Some("UNO".into()), vec!["IGO".into()])
        );
        assert_eq!(split_actor_code("USA"), (Some("USA".into()), None, vec![]));
        assert_eq!(GDELT_COLUMNS.len(), 61);
    }
}
