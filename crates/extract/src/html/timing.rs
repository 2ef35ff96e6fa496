//! Where the extraction time goes: per-step wall-clock totals for the calling
//! thread, read by `dateline eval extraction` (a handful of `Instant::now()` calls
//! per page, negligible next to the work they time).

use std::cell::RefCell;
use std::time::Instant;

/// The steps of [`super::HtmlExtractor::extract`] that are timed.
pub const STEPS: &[&str] = &[
    "decode",
    "parse",
    "metadata",
    "fast",
    "trafilatura",
    "scan",
    "assemble",
];

thread_local! {
    static TOTALS: RefCell<[f64; 7]> = const { RefCell::new([0.0; 7]) };
    static NOTE: RefCell<Option<String>> = const { RefCell::new(None) };
    static PATHS: RefCell<[usize; 2]> = const { RefCell::new([0; 2]) };
}

/// Adds the time since `since` to step `step` (an index into [`STEPS`]) and
/// returns now.
pub(crate) fn lap(step: usize, since: Instant) -> Instant {
    let now = Instant::now();
    let dt = now.duration_since(since).as_secs_f64();
    TOTALS.with(|t| t.borrow_mut()[step] += dt);
    now
}

/// Counts one page taking the fast path (`fast = true`) or trafilatura.
pub(crate) fn count_path(fast: bool) {
    PATHS.with(|p| p.borrow_mut()[usize::from(!fast)] += 1);
}

/// Seconds per step on this thread since the last call, and pages on the fast
/// path and on the trafilatura path; resets the totals.
pub fn take() -> (Vec<(&'static str, f64)>, [usize; 2]) {
    let totals = TOTALS.with(|t| std::mem::take(&mut *t.borrow_mut()));
    let paths = PATHS.with(|p| std::mem::take(&mut *p.borrow_mut()));
    (STEPS.iter().copied().zip(totals).collect(), paths)
}

/// Whether per-page traces are on (`DATELINE_TRACE_EXTRACT` set).
pub fn tracing() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("DATELINE_TRACE_EXTRACT").is_some())
}

/// Records a note about the current page when tracing.
pub(crate) fn note(f: impl FnOnce() -> String) {
    if tracing() {
        NOTE.with(|n| *n.borrow_mut() = Some(f()));
    }
}

/// The note recorded for the last page, if any (cleared).
pub fn take_note() -> Option<String> {
    NOTE.with(|n| n.borrow_mut().take())
}
