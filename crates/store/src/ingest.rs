//! Parallel, idempotent, resumable ingest: inputs → pages → [`Pipeline`] → the store.
//!
//! One reader thread streams pages from the inputs and skips those whose content key
//! is already stored (so a re-run after a kill only analyses what is missing); worker
//! threads analyse pages; the calling thread writes them in input order, in batches,
//! one transaction each. A window of credits bounds how many pages are in flight, so
//! memory does not grow with the input.

use crate::error::{Result, StoreError};
use crate::store::{page_key, Failure, Prepared, Store, Stored};
use crossbeam_channel::{bounded, Receiver, Sender};
use dateline::ingest::{self as reader, ReadOptions};
use dateline::Pipeline;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How an ingest runs.
#[derive(Clone, Debug)]
pub struct IngestOptions {
    /// Analysis threads; 0 means one per core.
    pub threads: usize,
    /// Documents per transaction.
    pub batch_size: usize,
    /// Longest time between commits.
    pub batch_interval: Duration,
    /// Input limits.
    pub read: ReadOptions,
    /// Analyse again pages that failed in an earlier run (by default they are skipped).
    pub retry_failed: bool,
    /// Store the token layer too.
    pub keep_tokens: bool,
    /// Stop after this many pages read (0: no limit).
    pub limit: u64,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            threads: 0,
            batch_size: 256,
            batch_interval: Duration::from_secs(2),
            read: ReadOptions::default(),
            retry_failed: false,
            keep_tokens: false,
            limit: 0,
        }
    }
}

/// Where an ingest stands, reported after each commit and about once a second.
#[derive(Clone, Debug, Default)]
pub struct Progress {
    /// Input files (after expanding folders).
    pub inputs_total: u64,
    /// Input files fully written.
    pub inputs_done: u64,
    /// Pages read.
    pub read: u64,
    /// Articles stored in this run.
    pub stored: u64,
    /// Pages skipped as already stored or repeated.
    pub duplicate: u64,
    /// Pages that failed.
    pub failed: u64,
    /// Time since the start.
    pub elapsed: Duration,
}

/// Failures of one stage.
#[derive(Clone, Debug, Default, Serialize)]
pub struct StageFailures {
    /// How many pages failed there.
    pub count: u64,
    /// Counts by reason (the most frequent reasons; the rest under `other`).
    pub reasons: BTreeMap<String, u64>,
    /// A few examples with the input named.
    pub examples: Vec<String>,
}

/// What an ingest did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    /// Input files (after expanding folders).
    pub inputs: u64,
    /// Pages read from the inputs.
    pub read: u64,
    /// Articles stored.
    pub stored: u64,
    /// Pages whose content key was already in the database before analysis (a re-run).
    pub already_stored: u64,
    /// Pages repeated within this run (same key), skipped after analysis.
    pub duplicate: u64,
    /// Pages skipped because they failed in an earlier run.
    pub failed_before: u64,
    /// Pages (or inputs) that failed.
    pub failed: u64,
    /// Failures by stage (`read`, `extract`, `panic`, …).
    pub failures: BTreeMap<String, StageFailures>,
    /// Stored articles that joined an existing story cluster.
    pub joined_cluster: u64,
    /// Wall time, seconds.
    pub elapsed_s: f64,
    /// Time spent in analysis, summed over threads, seconds.
    pub analysis_s: f64,
    /// Time spent writing, seconds.
    pub write_s: f64,
    /// Analysis threads.
    pub threads: usize,
    /// Stored articles per second of wall time.
    pub articles_per_s: f64,
}

impl Summary {
    fn fail(&mut self, stage: &str, reason: &str, example: String) {
        self.failed += 1;
        let f = self.failures.entry(stage.to_string()).or_default();
        f.count += 1;
        let mut reason: String = reason.chars().take(160).collect();
        if f.reasons.len() >= 12 && !f.reasons.contains_key(&reason) {
            reason = "other".to_string();
        }
        *f.reasons.entry(reason).or_default() += 1;
        if f.examples.len() < 5 {
            f.examples.push(example);
        }
    }
}

enum Work {
    Page(Box<dateline::core::Page>, String),
    ReadError {
        stage: &'static str,
        reason: String,
        example: String,
    },
    InputDone,
}

enum Outcome {
    Done(Box<Prepared>),
    Failed {
        failure: Failure,
        example: String,
    },
    ReadError {
        stage: &'static str,
        reason: String,
        example: String,
    },
    InputDone,
}

struct Item {
    seq: u64,
    outcome: Outcome,
    analysis: Duration,
}

/// Ingests `paths` (files, folders, `-`) into `store` with `pipeline`, calling
/// `progress` as it goes. A bad page never stops the run; it is counted by stage in the
/// summary and recorded in the `failures` table.
pub fn ingest(
    store: &mut Store,
    pipeline: &Pipeline,
    paths: &[String],
    opts: &IngestOptions,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Summary> {
    store.set_keep_tokens(opts.keep_tokens);
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        opts.threads
    };
    let inputs = reader::expand(paths);
    let inputs_total = inputs.iter().filter(|i| i.is_ok()).count() as u64;
    let run = store.start_run(paths)?;
    let window = (threads * 16).max(32);
    let (work_tx, work_rx) = bounded::<(u64, Work)>(threads * 2);
    let (out_tx, out_rx) = bounded::<Item>(threads * 4);
    let (credit_tx, credit_rx) = bounded::<()>(window);
    for _ in 0..window {
        credit_tx.send(()).expect("fresh channel has room");
    }
    let already = AtomicU64::new(0);
    let failed_before = AtomicU64::new(0);
    let db_path = store.path().to_path_buf();
    let start = Instant::now();

    let mut summary = std::thread::scope(|scope| -> Result<Summary> {
        let already = &already;
        let failed_before = &failed_before;
        let db_path = &db_path;
        scope.spawn(move || {
            read_inputs(
                inputs,
                db_path,
                opts,
                work_tx,
                credit_rx,
                already,
                failed_before,
            )
        });
        for _ in 0..threads {
            let work_rx = work_rx.clone();
            let out_tx = out_tx.clone();
            scope.spawn(move || analyse(pipeline, work_rx, out_tx));
        }
        drop(work_rx);
        drop(out_tx);
        write_outcomes(
            store,
            opts,
            inputs_total,
            out_rx,
            credit_tx,
            already,
            start,
            progress,
        )
    })?;
    summary.inputs = inputs_total;
    summary.already_stored = already.load(Ordering::Relaxed);
    summary.failed_before = failed_before.load(Ordering::Relaxed);
    summary.read += summary.already_stored + summary.failed_before;
    summary.threads = threads;
    summary.elapsed_s = start.elapsed().as_secs_f64();
    summary.articles_per_s = summary.stored as f64 / summary.elapsed_s.max(1e-9);
    store.checkpoint()?;
    store.finish_run(run, &serde_json::to_string(&summary).unwrap_or_default())?;
    Ok(summary)
}

/// Consecutive read errors after which an input is abandoned.
const MAX_ERRORS_IN_ROW: u32 = 1000;

fn read_inputs(
    inputs: Vec<std::result::Result<reader::Input, reader::IngestError>>,
    db_path: &Path,
    opts: &IngestOptions,
    work_tx: Sender<(u64, Work)>,
    credit_rx: Receiver<()>,
    already: &AtomicU64,
    failed_before: &AtomicU64,
) {
    let lookup = Store::open_readonly(db_path).ok();
    let mut seq = 0u64;
    let mut read = 0u64;
    let mut send = |w: Work| -> bool {
        if credit_rx.recv().is_err() {
            return false;
        }
        let ok = work_tx.send((seq, w)).is_ok();
        seq += 1;
        ok
    };
    'inputs: for input in inputs {
        let input = match input {
            Ok(i) => i,
            Err(e) => {
                let w = Work::ReadError {
                    stage: "read",
                    reason: e.problem.to_string(),
                    example: e.to_string(),
                };
                if !send(w) {
                    return;
                }
                continue;
            }
        };
        match reader::read(&input, &opts.read) {
            Err(e) => {
                let w = Work::ReadError {
                    stage: "read",
                    reason: e.problem.to_string(),
                    example: e.to_string(),
                };
                if !send(w) {
                    return;
                }
            }
            Ok(pages) => {
                // A reader that keeps failing at the same place (a truncated gzip
                // stream) would never end: give up on that input after the second
                // identical error, or after too many errors in a row.
                let mut last_error: Option<String> = None;
                let mut errors_in_row = 0u32;
                for page in pages {
                    if opts.limit > 0 && read >= opts.limit {
                        break 'inputs;
                    }
                    let w = match page {
                        Err(e) => {
                            let text = e.to_string();
                            errors_in_row += 1;
                            if last_error.as_deref() == Some(text.as_str())
                                || errors_in_row > MAX_ERRORS_IN_ROW
                            {
                                break;
                            }
                            last_error = Some(text.clone());
                            Work::ReadError {
                                stage: "read",
                                reason: e.problem.to_string(),
                                example: text,
                            }
                        }
                        Ok(page) => {
                            read += 1;
                            errors_in_row = 0;
                            last_error = None;
                            let key = page_key(&page);
                            if let Some(db) = &lookup {
                                if db.contains(&key).unwrap_or(false) {
                                    already.fetch_add(1, Ordering::Relaxed);
                                    continue;
                                }
                                if !opts.retry_failed && db.failed_before(&key).unwrap_or(false) {
                                    failed_before.fetch_add(1, Ordering::Relaxed);
                                    continue;
                                }
                            }
                            Work::Page(Box::new(page), key)
                        }
                    };
                    if !send(w) {
                        return;
                    }
                }
            }
        }
        if !send(Work::InputDone) {
            return;
        }
    }
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

fn analyse(pipeline: &Pipeline, work_rx: Receiver<(u64, Work)>, out_tx: Sender<Item>) {
    for (seq, work) in work_rx {
        let t = Instant::now();
        let outcome = match work {
            Work::InputDone => Outcome::InputDone,
            Work::ReadError {
                stage,
                reason,
                example,
            } => Outcome::ReadError {
                stage,
                reason,
                example,
            },
            Work::Page(page, key) => {
                let result = catch_unwind(AssertUnwindSafe(|| pipeline.analyze(&page)));
                let name = match page.source.record_offset {
                    Some(o) => format!("{} (record at byte {o})", page.source.path),
                    None => page.source.path.clone(),
                };
                let fail = |stage: &str, reason: String| Outcome::Failed {
                    example: format!("{name}: {reason}"),
                    failure: Failure {
                        key: key.clone(),
                        path: page.source.path.clone(),
                        record_offset: page.source.record_offset,
                        url: page.url.clone(),
                        stage: stage.to_string(),
                        reason,
                    },
                };
                match result {
                    Ok(Ok(doc)) => Outcome::Done(Box::new(Prepared::new(key.clone(), doc))),
                    Ok(Err(e)) => fail(e.stage, e.message),
                    Err(p) => fail("panic", panic_message(p.as_ref())),
                }
            }
        };
        let item = Item {
            seq,
            outcome,
            analysis: t.elapsed(),
        };
        if out_tx.send(item).is_err() {
            return;
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn write_outcomes(
    store: &mut Store,
    opts: &IngestOptions,
    inputs_total: u64,
    out_rx: Receiver<Item>,
    credit_tx: Sender<()>,
    already: &AtomicU64,
    start: Instant,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Summary> {
    let mut summary = Summary::default();
    let mut pending: HashMap<u64, Item> = HashMap::new();
    let mut next = 0u64;
    let mut docs: Vec<Prepared> = Vec::new();
    let mut failures: Vec<Failure> = Vec::new();
    let mut inputs_done = 0u64;
    let mut inputs_pending = 0u64;
    let mut last_commit = Instant::now();
    let mut last_report = Instant::now();
    let mut analysis = Duration::ZERO;
    let mut write = Duration::ZERO;
    let report = |summary: &Summary, inputs_done: u64, progress: &mut dyn FnMut(&Progress)| {
        let dup = summary.duplicate + already.load(Ordering::Relaxed);
        progress(&Progress {
            inputs_total,
            inputs_done,
            read: summary.read + already.load(Ordering::Relaxed),
            stored: summary.stored,
            duplicate: dup,
            failed: summary.failed,
            elapsed: start.elapsed(),
        });
    };
    let mut flush = |docs: &mut Vec<Prepared>,
                     failures: &mut Vec<Failure>,
                     summary: &mut Summary,
                     write: &mut Duration|
     -> Result<()> {
        if docs.is_empty() && failures.is_empty() {
            return Ok(());
        }
        let t = Instant::now();
        let stored = store.write_batch(docs, failures)?;
        *write += t.elapsed();
        for (s, p) in stored.iter().zip(docs.iter()) {
            match s {
                Stored::New { id, cluster } => {
                    summary.stored += 1;
                    if id != cluster {
                        summary.joined_cluster += 1;
                    }
                }
                Stored::Duplicate => {
                    summary.duplicate += 1;
                    let _ = p;
                }
            }
        }
        docs.clear();
        failures.clear();
        Ok(())
    };
    let tick = Duration::from_millis(500);
    loop {
        let item = match out_rx.recv_timeout(tick) {
            Ok(item) => Some(item),
            Err(crossbeam_channel::RecvTimeoutError::Timeout) => None,
            Err(crossbeam_channel::RecvTimeoutError::Disconnected) => break,
        };
        if let Some(item) = item {
            pending.insert(item.seq, item);
        }
        while let Some(item) = pending.remove(&next) {
            next += 1;
            analysis += item.analysis;
            // The credit goes back once the item leaves the reorder buffer.
            let _ = credit_tx.try_send(());
            match item.outcome {
                Outcome::Done(p) => {
                    summary.read += 1;
                    docs.push(*p);
                }
                Outcome::Failed { failure, example } => {
                    summary.read += 1;
                    summary.fail(&failure.stage, &failure.reason, example);
                    failures.push(failure);
                }
                Outcome::ReadError {
                    stage,
                    reason,
                    example,
                } => summary.fail(stage, &reason, example),
                Outcome::InputDone => inputs_pending += 1,
            }
            if docs.len() + failures.len() >= opts.batch_size {
                flush(&mut docs, &mut failures, &mut summary, &mut write)?;
                inputs_done += std::mem::take(&mut inputs_pending);
                last_commit = Instant::now();
            }
        }
        if last_commit.elapsed() >= opts.batch_interval {
            flush(&mut docs, &mut failures, &mut summary, &mut write)?;
            inputs_done += std::mem::take(&mut inputs_pending);
            last_commit = Instant::now();
        }
        if last_report.elapsed() >= Duration::from_secs(1) {
            report(&summary, inputs_done, progress);
            last_report = Instant::now();
        }
    }
    if !pending.is_empty() {
        return Err(StoreError::Invalid(format!(
            "internal error: {} analysed pages were never written",
            pending.len()
        )));
    }
    flush(&mut docs, &mut failures, &mut summary, &mut write)?;
    inputs_done += inputs_pending;
    report(&summary, inputs_done, progress);
    summary.analysis_s = analysis.as_secs_f64();
    summary.write_s = write.as_secs_f64();
    Ok(summary)
}
