//! `dateline serve`: the HTTP API and dashboard over a database (read-only).

use anyhow::{Context, Result};
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Arguments of `dateline serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The database file (opened read-only; an ingest may write to it meanwhile).
    #[arg(long, default_value = "dateline.db")]
    db: PathBuf,
    /// Address to listen on. Loopback by default; give another address (such as
    /// 0.0.0.0:8080) only to expose the server on purpose. Port 0 picks a free port.
    #[arg(long, default_value = dateline_server::DEFAULT_ADDR)]
    addr: SocketAddr,
    /// Longest time one query may run, in seconds.
    #[arg(long, default_value_t = 5.0)]
    query_timeout: f64,
    /// Queries run at once.
    #[arg(long, default_value_t = 8)]
    max_concurrent: usize,
}

/// `dateline serve`.
pub fn run(args: ServeArgs) -> Result<ExitCode> {
    if !(args.query_timeout > 0.0 && args.query_timeout <= 600.0) {
        anyhow::bail!("--query-timeout must be between 0 and 600 seconds");
    }
    let mut opts = dateline_server::Options::new(&args.db);
    opts.addr = args.addr;
    opts.query_timeout = Duration::from_secs_f64(args.query_timeout);
    opts.max_concurrent = args.max_concurrent.max(1);
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "dateline serve: warning: listening on {} — reachable from other machines",
            args.addr
        );
    }
    let db = args.db.clone();
    dateline_server::serve_blocking(opts, |addr| {
        // The first line on stdout is the URL (scripts and tests read it).
        println!("http://{addr}/");
        eprintln!(
            "dateline serve: {} (read-only) on http://{addr}/ — Ctrl-C to stop",
            db.display()
        );
    })
    .with_context(|| format!("serving {}", args.db.display()))?;
    Ok(ExitCode::SUCCESS)
}
