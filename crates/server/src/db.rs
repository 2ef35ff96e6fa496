//! A small pool of read-only connections; queries run on blocking threads, limited
//! in number and interrupted after a time limit.

use crate::error::{ApiError, ServerError};
use dateline_store::Store;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Read-only connections to one database.
pub struct Db {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    permits: Semaphore,
    timeout: Duration,
}

impl Db {
    /// Opens `path` read-only (one connection now, to fail early on a missing or
    /// too-new file; more on demand, at most `max_concurrent` in use).
    pub fn open(path: &Path, timeout: Duration, max_concurrent: usize) -> Result<Db, ServerError> {
        let first = open(path)?;
        Ok(Db {
            path: path.to_path_buf(),
            idle: Mutex::new(vec![first]),
            permits: Semaphore::new(max_concurrent.max(1)),
            timeout,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on a connection on a blocking thread. When it runs longer than the
    /// time limit the query is interrupted and the answer is a 503.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, ApiError> + Send + 'static,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| ApiError::internal("the server is shutting down"))?;
        let store = match self.idle.lock().ok().and_then(|mut v| v.pop()) {
            Some(s) => s,
            None => open(&self.path).map_err(|e| ApiError::internal(e.to_string()))?,
        };
        let interrupt = store.conn().get_interrupt_handle();
        let mut task = tokio::task::spawn_blocking(move || {
            let r = f(store.conn());
            (store, r)
        });
        let (store, result, timed_out) = match tokio::time::timeout(self.timeout, &mut task).await {
            Ok(joined) => {
                let (s, r) =
                    joined.map_err(|e| ApiError::internal(format!("query task failed: {e}")))?;
                (s, r, false)
            }
            Err(_) => {
                interrupt.interrupt();
                let (s, r) = task
                    .await
                    .map_err(|e| ApiError::internal(format!("query task failed: {e}")))?;
                (s, r, true)
            }
        };
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(store);
        }
        if timed_out && result.is_err() {
            return Err(ApiError::timeout(self.timeout));
        }
        result
    }
}

fn open(path: &Path) -> Result<Store, ServerError> {
    let store = Store::open_readonly(path)?;
    // Belt and braces: the connection is read-only already; query_only also refuses
    // writes through any statement.
    store
        .conn()
        .pragma_update(None, "query_only", true)
        .map_err(|source| {
            ServerError::Store(dateline_store::StoreError::Open {
                path: path.to_path_buf(),
                source,
            })
        })?;
    Ok(store)
}
