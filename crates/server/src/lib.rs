//! dateline's HTTP server: a read-only JSON API over a dateline database and the
//! dashboard (timeline, actor network, quotes, events, articles with highlighted
//! evidence, story clusters, codebook), all served by one binary with its assets
//! embedded.
//!
//! - **Read-only**: the database is opened read-only (and `PRAGMA query_only`); no
//!   endpoint writes. It works while `dateline ingest` writes to the same file (WAL).
//! - **Bounded work**: page sizes are capped per endpoint, each query is interrupted
//!   after [`Options::query_timeout`], at most [`Options::max_concurrent`] queries run
//!   at once, request bodies are limited, only `GET` is served.
//! - **Errors** are JSON (`{"error", "parameter", "status"}`) with a 4xx status that
//!   names the bad parameter.
//! - **OpenAPI**: `/api/openapi.json` is generated from the same route table the
//!   router is built from ([`routes::ROUTES`]).
//!
//! ```no_run
//! # async fn run() -> Result<(), dateline_server::ServerError> {
//! let opts = dateline_server::Options::new("news.db");
//! dateline_server::serve(opts, |addr| println!("listening on http://{addr}/")).await
//! # }
//! ```

mod assets;
mod db;
mod error;
pub mod openapi;
pub mod params;
pub mod routes;

pub use db::Db;
pub use error::{ApiError, ServerError};

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use dateline_events::Codebook;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// How to serve.
#[derive(Clone, Debug)]
pub struct Options {
    /// The database file (opened read-only).
    pub db: PathBuf,
    /// Address to listen on; loopback (`127.0.0.1:8080`) unless asked otherwise.
    pub addr: SocketAddr,
    /// Longest time one query may run before it is interrupted (503).
    pub query_timeout: Duration,
    /// Queries running at once; further requests wait.
    pub max_concurrent: usize,
}

/// The default address: loopback only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

impl Options {
    /// Defaults for a database file: loopback port 8080, 5 s per query, 8 queries at once.
    pub fn new(db: impl Into<PathBuf>) -> Options {
        Options {
            db: db.into(),
            addr: DEFAULT_ADDR.parse().expect("valid default address"),
            query_timeout: Duration::from_secs(5),
            max_concurrent: 8,
        }
    }
}

/// What every handler shares: the database pool and the codebook.
pub struct AppState {
    /// Read-only connections.
    pub db: Db,
    /// The CAMEO codebook (names for codes).
    pub codebook: Codebook,
    /// Whether to insist on a loopback `Host` header (when bound to loopback), which
    /// defeats DNS rebinding.
    pub loopback_only: bool,
}

/// Builds the application (API, dashboard, OpenAPI document) over an open pool.
pub fn app(db: Db, loopback_only: bool) -> Router {
    let state = Arc::new(AppState {
        db,
        codebook: Codebook::builtin(),
        loopback_only,
    });
    let (api, _) = routes::api_router();
    Router::new()
        .route("/", get(assets::index))
        .route("/assets/{file}", get(assets::asset))
        .merge(api)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(1024))
        .with_state(state)
}

async fn not_found(req: Request) -> ApiError {
    let path: String = req.uri().path().chars().take(80).collect();
    ApiError::not_found(format!("no such endpoint: {path} (see /api/openapi.json)"))
}

async fn method_not_allowed(req: Request) -> ApiError {
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        message: format!(
            "method {} is not allowed: this server is read-only and answers GET only",
            req.method()
        ),
        parameter: None,
    }
}

fn loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    matches!(name, "localhost" | "127.0.0.1" | "::1")
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Checks the `Host` header (loopback servers) and adds security headers: a strict
/// Content-Security-Policy (no inline script, nothing from other origins),
/// `nosniff`, no referrer, no framing.
async fn guard(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    if state.loopback_only {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        if !loopback_host(host) {
            return ApiError {
                status: StatusCode::MISDIRECTED_REQUEST,
                message: "this server answers only requests addressed to localhost".into(),
                parameter: None,
            }
            .into_response();
        }
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

/// Opens the database and serves until Ctrl-C; `on_listen` is told the bound
/// address (useful with port 0).
pub async fn serve(opts: Options, on_listen: impl FnOnce(SocketAddr)) -> Result<(), ServerError> {
    let db = Db::open(&opts.db, opts.query_timeout, opts.max_concurrent)?;
    let listener = tokio::net::TcpListener::bind(opts.addr)
        .await
        .map_err(|source| ServerError::Bind {
            addr: opts.addr,
            source,
        })?;
    let addr = listener.local_addr().map_err(ServerError::Serve)?;
    on_listen(addr);
    let app = app(db, opts.addr.ip().is_loopback());
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(ServerError::Serve)
}

/// [`serve`] on a new multi-threaded runtime, for callers without one (the CLI).
pub fn serve_blocking(
    opts: Options,
    on_listen: impl FnOnce(SocketAddr),
) -> Result<(), ServerError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServerError::Serve)?;
    rt.block_on(serve(opts, on_listen))
}
