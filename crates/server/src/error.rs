//! The server's errors: [`ServerError`] for starting up, [`ApiError`] for a request
//! (rendered as a JSON body with a 4xx/5xx status).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dateline_store::StoreError;
use std::net::SocketAddr;

/// What can stop the server from starting or running.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The database could not be opened read-only.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The server failed while running.
    #[error("serving HTTP: {0}")]
    Serve(#[source] std::io::Error),
}

/// An error answered to a client: a status and a JSON body
/// `{"error": message, "parameter": name-or-null, "status": code}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// What went wrong, for a person.
    pub message: String,
    /// The query or path parameter at fault, if any.
    pub parameter: Option<String>,
}

impl ApiError {
    /// 400: a bad parameter, named.
    pub fn bad_param(parameter: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
            parameter: Some(parameter.to_string()),
        }
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
            parameter: None,
        }
    }

    /// 503: the query ran past the time limit.
    pub fn timeout(limit: std::time::Duration) -> ApiError {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: format!(
                "the query took longer than {:.1} s and was stopped; narrow the filters",
                limit.as_secs_f64()
            ),
            parameter: None,
        }
    }

    /// 500: the database failed.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: message.into(),
            parameter: None,
        }
    }

    /// A store error met while answering: bad arguments (`Invalid`) are 400, the rest 500.
    pub fn store(e: StoreError, parameter: Option<&str>) -> ApiError {
        match e {
            StoreError::Invalid(m) => ApiError {
                status: StatusCode::BAD_REQUEST,
                message: m,
                parameter: parameter.map(str::to_string),
            },
            StoreError::Sqlite { source, .. }
                if parameter.is_some() && is_query_syntax(&source.to_string()) =>
            {
                ApiError::bad_param(
                    parameter.unwrap_or_default(),
                    format!("not a valid full-text query: {source}"),
                )
            }
            other => ApiError::internal(other.to_string()),
        }
    }
}

/// Whether SQLite rejected a full-text query (FTS5 syntax), not the database.
fn is_query_syntax(message: &str) -> bool {
    [
        "fts5",
        "syntax error",
        "unterminated",
        "unknown special query",
        "no such column",
    ]
    .iter()
    .any(|m| message.contains(m))
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> ApiError {
        ApiError::internal(format!("database: {e}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": self.message,
            "parameter": self.parameter,
            "status": self.status.as_u16(),
        });
        (self.status, axum::Json(body)).into_response()
    }
}
