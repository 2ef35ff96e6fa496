//! The OpenAPI 3.1 document, generated from [`ROUTES`](crate::routes::ROUTES) — the
//! same table the router is built from, so the two cannot disagree.

use crate::params::{Kind, Param};
use crate::routes::{Route, ROUTES};
use serde_json::{json, Map, Value};

fn param_schema(p: &Param) -> Value {
    match p.kind {
        Kind::Text => json!({"type": "string", "maxLength": crate::params::MAX_TEXT}),
        Kind::Int { min, max, default } => {
            let mut s = json!({"type": "integer", "minimum": min, "maximum": max});
            if let Some(d) = default {
                s["default"] = json!(d);
            }
            s
        }
        Kind::Bool => json!({"type": "boolean", "default": false}),
        Kind::Date => json!({"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"}),
        Kind::Choice(values) => json!({"type": "string", "enum": values, "default": values[0]}),
    }
}

fn object_schema(fields: &[(&str, &str, &str)]) -> Value {
    let props: Map<String, Value> = fields
        .iter()
        .map(|(name, ty, doc)| {
            let schema = if *ty == "array" {
                json!({"type": ["array", "null"], "items": {"type": "object"}, "description": doc})
            } else {
                json!({"type": [ty, "null"], "description": doc})
            };
            (name.to_string(), schema)
        })
        .collect();
    json!({"type": "object", "properties": props})
}

fn response_schema(route: &Route) -> Value {
    if route.list {
        json!({
            "type": "object",
            "required": ["items"],
            "properties": {
                "items": {"type": "array", "items": object_schema(route.fields)},
                "limit": {"type": "integer"},
                "offset": {"type": "integer"},
                "next_offset": {"type": ["integer", "null"], "description": "Offset of the next page; null on the last page"},
                "undated": {"type": "integer", "description": "Timeline only: events whose date is coarser than the bucket"},
            }
        })
    } else {
        object_schema(route.fields)
    }
}

fn operation(route: &Route) -> Value {
    let mut parameters: Vec<Value> = route
        .path_params()
        .into_iter()
        .map(|name| {
            json!({"name": name, "in": "path", "required": true,
                   "schema": {"type": "integer", "minimum": 0}})
        })
        .collect();
    for p in route.all_params() {
        parameters.push(json!({
            "name": p.name,
            "in": "query",
            "required": p.required,
            "description": p.doc,
            "schema": param_schema(&p),
        }));
    }
    let error = json!({"$ref": "#/components/responses/Error"});
    let id = route
        .path
        .trim_start_matches("/api/")
        .replace(['/', '.'], "_")
        .replace(['{', '}'], "");
    json!({
        "get": {
            "operationId": id,
            "summary": route.summary,
            "parameters": parameters,
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": response_schema(route)}}
                },
                "400": error,
                "404": error,
                "503": error,
            }
        }
    })
}

/// The document served at `/api/openapi.json`.
pub fn document() -> Value {
    let paths: Map<String, Value> = ROUTES
        .iter()
        .map(|r| (r.path.to_string(), operation(r)))
        .collect();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "dateline API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Read-only JSON API over a dateline database: events, quotes, entities, articles, story clusters, full-text search and aggregates. Errors are JSON objects {error, parameter, status}."
        },
        "paths": paths,
        "components": {
            "responses": {
                "Error": {
                    "description": "A bad parameter (400), an unknown id (404) or a query stopped at the time limit (503)",
                    "content": {"application/json": {"schema": {
                        "type": "object",
                        "required": ["error", "status"],
                        "properties": {
                            "error": {"type": "string"},
                            "parameter": {"type": ["string", "null"]},
                            "status": {"type": "integer"}
                        }
                    }}}
                }
            }
        }
    })
}
