//! Scoring extraction on the public gold sets, with each set's published method.
//!
//! `dateline eval extraction --gold DIR` runs this. DIR is one dataset folder or a
//! folder holding several (recognised by their files):
//!
//! | dataset | recognised by | body metric |
//! |---|---|---|
//! | scrapinghub-aeb | `ground-truth.json` + `html/` | bags of 4-word shingles (case kept), P and R averaged over pages, F1 = harmonic mean of the means |
//! | wcxb | `ground-truth/NNNN.json.gz` + `html/` | per page word *sets* (lowercased, whitespace-split), P, R, F1 macro-averaged |
//! | trafilatura-eval | `evaldata.json` + `html/` | "with"/"without" snippets over all pages (whitespace collapsed, case kept) |
//! | mozilla-readability | `*/expected-metadata.json` | metadata only |
//! | cleaneval, cleanportaleval, dragnet, l3s-gn1 | `GoldStandard/` + `input/` | bags of lower-cased `\w+` words, P, R, F1 per page, averaged (no tuning was done on these: a check for over-fitting) |
//!
//! The last four have no published scorer here; their gold is plain text (CleanEval
//! markers `<p>`, `<h>`, `<l>` and the `URL:` line removed; Dragnet's user comments,
//! after its `COMMENTS` separator line, removed) or, for L3S-GN1, the page annotated
//! with classes: its headline and full text (`x-nc-sel1`, `x-nc-sel2`) are the gold,
//! supplemental text such as captions (`x-nc-sel3`) counts neither way. Pages with an
//! empty gold are skipped.
//!
//! Metadata (title, author, date) is scored as the reference scorers do: exact match
//! after NFKC, lowercasing and whitespace collapsing; dates by their first
//! `YYYY-MM-DD`. Timing covers extraction only (decoding, parsing, content and
//! metadata), one page at a time on one thread, not reading or decompressing files.

use crate::html::HtmlExtractor;
use dateline_core::{Article, InputFormat, Page};
use flate2::read::GzDecoder;
use regex::Regex;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Instant;
use unicode_normalization::UnicodeNormalization;

/// An evaluation failure, naming the file and the problem.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file could not be read.
    #[error("{path}: {message}")]
    Read {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// A gold file is not what the dataset's format says.
    #[error("{path}: bad gold file: {message}")]
    Gold {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// No known dataset under the folder.
    #[error("{0}: no extraction gold set found (expected scrapinghub-aeb, wcxb, trafilatura-eval or mozilla-readability files)")]
    NoDataset(String),
}

/// Accuracy of one metadata field.
#[derive(Clone, Debug, Default, Serialize)]
pub struct FieldScore {
    /// Pages with a gold value.
    pub total: usize,
    /// Of those, pages where the prediction matched.
    pub correct: usize,
    /// `correct / total`.
    pub accuracy: f64,
}

/// The scores of one dataset.
#[derive(Clone, Debug, Default, Serialize)]
pub struct DatasetScore {
    /// Dataset name.
    pub dataset: String,
    /// Pages scored.
    pub n: usize,
    /// Body precision (dataset's method); absent for metadata-only sets.
    pub precision: Option<f64>,
    /// Body recall.
    pub recall: Option<f64>,
    /// Body F1.
    pub f1: Option<f64>,
    /// Extraction time in seconds (sum over pages, one thread).
    pub seconds: f64,
    /// Pages per second of extraction time (wall clock, one thread).
    pub pages_per_second: f64,
    /// CPU seconds the extracting thread used (Linux; 0 elsewhere).
    pub cpu_seconds: f64,
    /// Pages per CPU-second: the throughput figure that does not depend on how
    /// busy the machine is.
    pub pages_per_cpu_second: f64,
    /// Slowest page and its time in seconds.
    pub slowest: (String, f64),
    /// Pages whose extraction produced no text.
    pub empty: usize,
    /// Metadata accuracy per field (`title`, `author`, `date`, `site`).
    pub metadata: BTreeMap<String, FieldScore>,
    /// Further figures of the dataset's method (`accuracy`, `with_pct`, …).
    pub extra: BTreeMap<String, f64>,
}

/// One page's prediction, in the reference scorers' format.
#[derive(Clone, Debug, Default)]
struct Prediction {
    body: String,
    title: String,
    author: String,
    date: String,
    site: String,
    date_source: String,
}

impl Prediction {
    fn from_article(a: &Article) -> Prediction {
        Prediction {
            body: a.text.clone(),
            title: a
                .title
                .as_ref()
                .map(|f| f.value.clone())
                .unwrap_or_default(),
            author: a.authors.join("; "),
            date: a
                .published
                .as_ref()
                .map(|f| f.value.clone())
                .unwrap_or_default(),
            site: a.site.as_ref().map(|f| f.value.clone()).unwrap_or_default(),
            date_source: a
                .published
                .as_ref()
                .map(|f| format!("{:?}: {}", f.source, f.evidence.as_deref().unwrap_or("")))
                .unwrap_or_default(),
        }
    }

    fn to_json(&self) -> Value {
        json!({"articleBody": self.body, "title": self.title, "author": self.author, "date": self.date, "date_source": self.date_source})
    }
}

/// Runs the extractor over one page, timing it.
struct Runner {
    extractor: HtmlExtractor,
    seconds: f64,
    cpu: f64,
    slowest: (String, f64),
    empty: usize,
}

impl Runner {
    fn new(opts: &EvalOptions) -> Runner {
        // Start the per-step clocks afresh for this dataset.
        crate::html::timing::take();
        Runner {
            extractor: opts.extractor.clone().unwrap_or_default(),
            seconds: 0.0,
            cpu: 0.0,
            slowest: (String::new(), 0.0),
            empty: 0,
        }
    }

    fn run(&mut self, id: &str, bytes: Vec<u8>, url: Option<&str>) -> Prediction {
        let mut page: Page = dateline_ingest::page_from_bytes(id, InputFormat::Html, bytes);
        page.url = url.map(str::to_string);
        let c = thread_cpu();
        let t = Instant::now();
        let out = self.extractor.extract(&page);
        let dt = t.elapsed().as_secs_f64();
        if let (Some(a), Some(b)) = (c, thread_cpu()) {
            self.cpu += b - a;
        }
        if crate::html::timing::tracing() {
            let note = crate::html::timing::take_note().unwrap_or_default();
            eprintln!("trace\t{id}\t{dt:.4}\t{note}");
        }
        self.seconds += dt;
        if dt > self.slowest.1 {
            self.slowest = (id.to_string(), dt);
        }
        if out.article.text.trim().is_empty() {
            self.empty += 1;
        }
        Prediction::from_article(&out.article)
    }

    fn finish(&self, score: &mut DatasetScore) {
        score.seconds = self.seconds;
        score.pages_per_second = if self.seconds > 0.0 {
            score.n as f64 / self.seconds
        } else {
            0.0
        };
        score.cpu_seconds = self.cpu;
        score.pages_per_cpu_second = if self.cpu > 0.0 {
            score.n as f64 / self.cpu
        } else {
            0.0
        };
        score.slowest = self.slowest.clone();
        score.empty = self.empty;
        let (steps, paths) = crate::html::timing::take();
        let n = score.n.max(1) as f64;
        for (step, secs) in steps {
            score.extra.insert(format!("ms_{step}"), 1000.0 * secs / n);
        }
        if paths[0] + paths[1] > 0 {
            score.extra.insert(
                "fast_path_share".into(),
                paths[0] as f64 / (paths[0] + paths[1]) as f64,
            );
        }
    }
}

/// CPU time of the calling thread in seconds: the nanoseconds it ran, from
/// `/proc/thread-self/schedstat`, or else user + system time from
/// `/proc/thread-self/stat` (clock ticks of 1/100 s: a page takes a few
/// milliseconds, so summed per page the ticks gave ±10 % on a few hundred pages).
fn thread_cpu() -> Option<f64> {
    if let Ok(s) = std::fs::read_to_string("/proc/thread-self/schedstat") {
        if let Some(ns) = s
            .split_whitespace()
            .next()
            .and_then(|n| n.parse::<u64>().ok())
        {
            return Some(ns as f64 / 1e9);
        }
    }
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // Fields after the command name start at field 3 (state); utime is 14, stime 15.
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn read_maybe_gz(path: &Path) -> Result<Vec<u8>, EvalError> {
    let err = |m: String| EvalError::Read {
        path: path.display().to_string(),
        message: m,
    };
    let raw = std::fs::read(path).map_err(|e| err(e.to_string()))?;
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        GzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .map_err(|e| err(format!("bad gzip: {e}")))?;
        Ok(out)
    } else {
        Ok(raw)
    }
}

fn read_json(path: &Path) -> Result<Value, EvalError> {
    let bytes = read_maybe_gz(path)?;
    serde_json::from_slice(&bytes).map_err(|e| EvalError::Gold {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

/// Where predictions go (one `DATASET.json` per dataset in the scorers' format).
#[derive(Clone, Debug, Default)]
pub struct EvalOptions {
    /// Folder to write prediction files to, when set.
    pub predictions: Option<PathBuf>,
    /// Score at most this many pages per dataset (for quick runs).
    pub limit: Option<usize>,
    /// The extractor to score (default: [`HtmlExtractor::default`]).
    pub extractor: Option<HtmlExtractor>,
}

/// Finds the datasets under `gold` and scores each.
pub fn evaluate(gold: &Path, opts: &EvalOptions) -> Result<Vec<DatasetScore>, EvalError> {
    let mut dirs = Vec::new();
    if let Some(kind) = kind_of(gold) {
        dirs.push((kind, gold.to_path_buf()));
    } else {
        let subs = sorted_files(gold, None, Path::is_dir)?;
        for s in subs {
            if let Some(kind) = kind_of(&s) {
                dirs.push((kind, s));
            }
        }
    }
    if dirs.is_empty() {
        return Err(EvalError::NoDataset(gold.display().to_string()));
    }
    let mut out = Vec::new();
    for (kind, dir) in dirs {
        let (score, preds) = match kind {
            Kind::Aeb => aeb(&dir, opts)?,
            Kind::Wcxb => wcxb(&dir, opts)?,
            Kind::Snippets => snippets(&dir, opts)?,
            Kind::Readability => readability(&dir, opts)?,
            Kind::TextGold => text_gold(&dir, opts)?,
        };
        if let Some(pdir) = &opts.predictions {
            std::fs::create_dir_all(pdir).map_err(|e| EvalError::Read {
                path: pdir.display().to_string(),
                message: e.to_string(),
            })?;
            let path = pdir.join(format!("{}.json", score.dataset));
            let map: Map<String, Value> =
                preds.into_iter().map(|(k, p)| (k, p.to_json())).collect();
            std::fs::write(
                &path,
                serde_json::to_string(&Value::Object(map)).unwrap_or_default(),
            )
            .map_err(|e| EvalError::Read {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
        }
        out.push(score);
    }
    Ok(out)
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    Aeb,
    Wcxb,
    Snippets,
    Readability,
    TextGold,
}

fn kind_of(dir: &Path) -> Option<Kind> {
    if dir.join("ground-truth.json").is_file() && dir.join("html").is_dir() {
        Some(Kind::Aeb)
    } else if dir.join("ground-truth").is_dir() && dir.join("html").is_dir() {
        Some(Kind::Wcxb)
    } else if dir.join("evaldata.json").is_file() && dir.join("html").is_dir() {
        Some(Kind::Snippets)
    } else if dir.join("GoldStandard").is_dir() && dir.join("input").is_dir() {
        Some(Kind::TextGold)
    } else if std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .take(20)
        .any(|e| e.path().join("expected-metadata.json").is_file())
    {
        Some(Kind::Readability)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------
// cleaneval, cleanportaleval, dragnet, l3s-gn1 (plain-text gold)
// ---------------------------------------------------------------------------

/// The gold text of a `GoldStandard/` file: CleanEval markers and the URL line
/// removed, Dragnet comments cut off, L3S-GN1 annotations resolved.
fn gold_text(raw: &str) -> String {
    if raw.contains("x-nc-sel") {
        return l3s_text(raw);
    }
    let mut out = String::new();
    for (i, line) in raw.lines().enumerate() {
        let t = line.trim();
        if i == 0 && t.starts_with("URL:") {
            continue;
        }
        if t.starts_with("!@#$%^&*()") {
            break;
        }
        let t = ["<p>", "<h>", "<l>", "<P>", "<H>", "<L>"]
            .iter()
            .find_map(|m| t.strip_prefix(m))
            .unwrap_or(t);
        out.push_str(t);
        out.push('\n');
    }
    out
}

/// The text inside the `x-nc-sel1` (headline) and `x-nc-sel2` (full text) spans of an
/// L3S-GN1 annotated page.
fn l3s_text(raw: &str) -> String {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(k) = rest.find("<span class=\"x-nc-sel") {
        let kind = rest.as_bytes().get(k + 21).copied();
        let body = &rest[k..];
        let open_end = body.find('>').map_or(body.len(), |e| e + 1);
        if !matches!(kind, Some(b'1' | b'2')) {
            // Other annotations may hold headline or full-text spans: look inside.
            rest = &body[open_end..];
            continue;
        }
        // The matching `</span>`, counting nested spans.
        let (mut depth, mut at, mut end) = (1usize, open_end, body.len());
        while let Some(j) = body[at..]
            .find("<span")
            .into_iter()
            .chain(body[at..].find("</span"))
            .min()
        {
            let j = at + j;
            if body[j..].starts_with("</span") {
                depth -= 1;
                if depth == 0 {
                    end = j;
                    break;
                }
            } else {
                depth += 1;
            }
            at = j + 5;
        }
        out.push_str(&crate::html::scan::strip_tags(&body[open_end..end]));
        out.push('\n');
        rest = &body[end..];
    }
    out
}

/// The files of `dir` that `keep` accepts, sorted, at most `limit`.
fn sorted_files(
    dir: &Path,
    limit: Option<usize>,
    keep: impl Fn(&Path) -> bool,
) -> Result<Vec<PathBuf>, EvalError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| EvalError::Read {
            path: dir.display().to_string(),
            message: e.to_string(),
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| keep(p))
        .collect();
    files.sort();
    if let Some(l) = limit {
        files.truncate(l);
    }
    Ok(files)
}

/// Lower-cased `\w+` words with their counts.
fn word_bag(text: &str) -> HashMap<String, i64> {
    let mut bag = HashMap::new();
    for m in WORD.find_iter(text) {
        *bag.entry(m.as_str().to_lowercase()).or_insert(0) += 1;
    }
    bag
}

fn text_gold(
    dir: &Path,
    opts: &EvalOptions,
) -> Result<(DatasetScore, Vec<(String, Prediction)>), EvalError> {
    let files = sorted_files(&dir.join("GoldStandard"), opts.limit, |_| true)?;
    let mut runner = Runner::new(opts);
    let mut preds = Vec::new();
    let (mut sp, mut sr, mut sf) = (0.0, 0.0, 0.0);
    for path in &files {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let stem = [".txt.gz", ".txt", ".html.gz", ".html"]
            .iter()
            .find_map(|x| name.strip_suffix(x))
            .unwrap_or(name)
            .to_string();
        let raw = read_maybe_gz(path)?;
        let gold = word_bag(&gold_text(&String::from_utf8_lossy(&raw)));
        if gold.is_empty() {
            continue;
        }
        let input = ["html.gz", "html", "htm.gz", "htm"]
            .iter()
            .map(|ext| dir.join("input").join(format!("{stem}.{ext}")))
            .find(|p| p.is_file());
        let Some(input) = input else {
            continue;
        };
        let pred = runner.run(&stem, read_maybe_gz(&input)?, None);
        let bag = word_bag(&pred.body);
        let tp: i64 = bag
            .iter()
            .map(|(w, c)| (*c).min(*gold.get(w).unwrap_or(&0)))
            .sum();
        let (np, ng) = (bag.values().sum::<i64>(), gold.values().sum::<i64>());
        let p = if np > 0 { tp as f64 / np as f64 } else { 0.0 };
        let r = tp as f64 / ng as f64;
        sp += p;
        sr += r;
        sf += harmonic(p, r);
        preds.push((stem, pred));
    }
    let n = preds.len();
    let d = n.max(1) as f64;
    let mut score = DatasetScore {
        dataset: dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("text-gold")
            .to_string(),
        n,
        precision: Some(sp / d),
        recall: Some(sr / d),
        f1: Some(sf / d),
        ..DatasetScore::default()
    };
    runner.finish(&mut score);
    Ok((score, preds))
}

// ---------------------------------------------------------------------------
// scrapinghub-aeb
// ---------------------------------------------------------------------------

static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\w+").expect("static pattern"));

/// Normalised (tp, fp, fn) over bags of `n`-word shingles, as the AEB benchmark.
pub fn shingle_counts(truth: &str, pred: &str, n: usize) -> (f64, f64, f64) {
    fn bag(text: &str, n: usize) -> HashMap<Vec<&str>, i64> {
        let toks: Vec<&str> = WORD.find_iter(text).map(|m| m.as_str()).collect();
        let mut out = HashMap::new();
        if toks.is_empty() {
            return out;
        }
        if toks.len() <= n {
            out.insert(toks, 1);
            return out;
        }
        for w in toks.windows(n) {
            *out.entry(w.to_vec()).or_insert(0) += 1;
        }
        out
    }
    let t = bag(truth, n);
    let p = bag(pred, n);
    let mut tp = 0;
    let mut fp = 0;
    let mut fn_ = 0;
    for (k, &c) in &t {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += c.min(pc);
        fn_ += (c - pc).max(0);
    }
    for (k, &c) in &p {
        fp += (c - t.get(k).copied().unwrap_or(0)).max(0);
    }
    let s = (tp + fp + fn_) as f64;
    if s == 0.0 {
        return (0.0, 0.0, 0.0);
    }
    (tp as f64 / s, fp as f64 / s, fn_ as f64 / s)
}

fn aeb(
    dir: &Path,
    opts: &EvalOptions,
) -> Result<(DatasetScore, Vec<(String, Prediction)>), EvalError> {
    let gt_path = dir.join("ground-truth.json");
    let gt = read_json(&gt_path)?;
    let gt = gt.as_object().ok_or_else(|| EvalError::Gold {
        path: gt_path.display().to_string(),
        message: "expected an object of id → {articleBody, url}".into(),
    })?;
    let mut ids: Vec<&String> = gt.keys().collect();
    ids.sort();
    if let Some(l) = opts.limit {
        ids.truncate(l);
    }
    let mut runner = Runner::new(opts);
    let mut preds = Vec::new();
    let (mut ps, mut rs) = (Vec::new(), Vec::new());
    let mut exact = 0;
    for id in &ids {
        let rec = &gt[id.as_str()];
        let truth = rec.get("articleBody").and_then(Value::as_str).unwrap_or("");
        let url = rec.get("url").and_then(Value::as_str);
        let bytes = read_maybe_gz(&dir.join("html").join(format!("{id}.html.gz")))?;
        let pred = runner.run(id, bytes, url);
        let (tp, fp, fn_) = shingle_counts(truth, &pred.body, 4);
        if tp + fp > 0.0 {
            ps.push(tp / (tp + fp));
        }
        if tp + fn_ > 0.0 {
            rs.push(tp / (tp + fn_));
        }
        let tt: Vec<&str> = WORD.find_iter(truth).map(|m| m.as_str()).collect();
        let pt: Vec<&str> = WORD.find_iter(&pred.body).map(|m| m.as_str()).collect();
        exact += usize::from(tt == pt);
        preds.push((id.to_string(), pred));
    }
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let (p, r) = (mean(&ps), mean(&rs));
    let mut score = DatasetScore {
        dataset: "scrapinghub-aeb".into(),
        n: ids.len(),
        precision: Some(p),
        recall: Some(r),
        f1: Some(harmonic(p, r)),
        ..DatasetScore::default()
    };
    score
        .extra
        .insert("accuracy".into(), exact as f64 / ids.len().max(1) as f64);
    runner.finish(&mut score);
    Ok((score, preds))
}

// ---------------------------------------------------------------------------
// Metadata matching (shared by the three sets)
// ---------------------------------------------------------------------------

static DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})").expect("static pattern"));

fn norm_meta(v: &Value) -> String {
    let s = match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a
            .iter()
            .map(|x| match x {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    };
    let n: String = s.nfkc().collect::<String>().to_lowercase();
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn norm_date(s: &str) -> String {
    DATE.captures(s)
        .and_then(|c| {
            let (y, m, d) = (&c[1], c[2].parse::<u32>().ok()?, c[3].parse::<u32>().ok()?);
            Some(format!("{y}-{m:02}-{d:02}"))
        })
        .unwrap_or_default()
}

fn score_field(
    scores: &mut BTreeMap<String, FieldScore>,
    name: &str,
    gold: &Value,
    pred: &str,
    date: bool,
) {
    let (g, p) = if date {
        (norm_date(gold.as_str().unwrap_or("")), norm_date(pred))
    } else {
        (norm_meta(gold), norm_meta(&Value::String(pred.to_string())))
    };
    if g.is_empty() {
        return;
    }
    let f = scores.entry(name.to_string()).or_default();
    f.total += 1;
    f.correct += usize::from(g == p);
}

fn finish_fields(scores: &mut BTreeMap<String, FieldScore>) {
    for f in scores.values_mut() {
        f.accuracy = f.correct as f64 / f.total.max(1) as f64;
    }
}

// ---------------------------------------------------------------------------
// wcxb
// ---------------------------------------------------------------------------

fn prf_sets(pred: &HashSet<String>, gold: &HashSet<String>) -> (f64, f64, f64) {
    if pred.is_empty() && gold.is_empty() {
        return (1.0, 1.0, 1.0);
    }
    let tp = pred.intersection(gold).count() as f64;
    let p = if pred.is_empty() {
        0.0
    } else {
        tp / pred.len() as f64
    };
    let r = if gold.is_empty() {
        0.0
    } else {
        tp / gold.len() as f64
    };
    (p, r, harmonic(p, r))
}

/// F1: the harmonic mean of precision and recall (0 when both are 0).
fn harmonic(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

fn wcxb(
    dir: &Path,
    opts: &EvalOptions,
) -> Result<(DatasetScore, Vec<(String, Prediction)>), EvalError> {
    let files = sorted_files(&dir.join("ground-truth"), opts.limit, |p| {
        p.to_string_lossy().ends_with(".json.gz") || p.to_string_lossy().ends_with(".json")
    })?;
    let mut runner = Runner::new(opts);
    let mut preds = Vec::new();
    let (mut sp, mut sr, mut sf) = (0.0, 0.0, 0.0);
    let mut fields = BTreeMap::new();
    let (mut with_pages, mut with_sum, mut without_pages, mut without_sum) =
        (0usize, 0.0, 0usize, 0.0);
    for path in &files {
        let rec = read_json(path)?;
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let id = rec
            .get("file_id")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| name.split('.').next().unwrap_or("").to_string());
        let g = rec.get("ground_truth").unwrap_or(&rec);
        let url = rec.get("url").and_then(Value::as_str);
        let bytes = read_maybe_gz(&dir.join("html").join(format!("{id}.html.gz")))?;
        let pred = runner.run(&id, bytes, url);
        let gold_text = g.get("main_content").and_then(Value::as_str).unwrap_or("");
        let pw: HashSet<String> = pred
            .body
            .to_lowercase()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let gw: HashSet<String> = gold_text
            .to_lowercase()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let (p, r, f) = prf_sets(&pw, &gw);
        sp += p;
        sr += r;
        sf += f;
        let lower = pred.body.to_lowercase();
        let snippets = |key: &str| -> Option<f64> {
            let list = g.get(key)?.as_array()?;
            if list.is_empty() {
                return None;
            }
            let found = list
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_lowercase)
                .filter(|s| !s.is_empty() && lower.contains(s.as_str()))
                .count();
            Some(found as f64 / list.len() as f64)
        };
        if let Some(x) = snippets("with") {
            with_pages += 1;
            with_sum += x;
        }
        if let Some(x) = snippets("without") {
            without_pages += 1;
            without_sum += x;
        }
        score_field(
            &mut fields,
            "title",
            g.get("title").unwrap_or(&Value::Null),
            &pred.title,
            false,
        );
        score_field(
            &mut fields,
            "author",
            g.get("author").unwrap_or(&Value::Null),
            &pred.author,
            false,
        );
        score_field(
            &mut fields,
            "date",
            g.get("publish_date").unwrap_or(&Value::Null),
            &pred.date,
            true,
        );
        preds.push((id, pred));
    }
    finish_fields(&mut fields);
    let n = files.len().max(1) as f64;
    let mut score = DatasetScore {
        dataset: "wcxb".into(),
        n: files.len(),
        precision: Some(sp / n),
        recall: Some(sr / n),
        f1: Some(sf / n),
        metadata: fields,
        ..DatasetScore::default()
    };
    if with_pages > 0 {
        score
            .extra
            .insert("with_pct".into(), 100.0 * with_sum / with_pages as f64);
    }
    if without_pages > 0 {
        score.extra.insert(
            "without_pct".into(),
            100.0 * without_sum / without_pages as f64,
        );
    }
    runner.finish(&mut score);
    Ok((score, preds))
}

// ---------------------------------------------------------------------------
// trafilatura-eval (snippets)
// ---------------------------------------------------------------------------

fn ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn snippets(
    dir: &Path,
    opts: &EvalOptions,
) -> Result<(DatasetScore, Vec<(String, Prediction)>), EvalError> {
    let path = dir.join("evaldata.json");
    let gold = read_json(&path)?;
    let gold = gold.as_object().ok_or_else(|| EvalError::Gold {
        path: path.display().to_string(),
        message: "expected an object of URL → record".into(),
    })?;
    let mut urls: Vec<&String> = gold.keys().collect();
    urls.sort();
    if let Some(l) = opts.limit {
        urls.truncate(l);
    }
    let mut runner = Runner::new(opts);
    let mut preds = Vec::new();
    let (mut tp, mut fn_, mut fp, mut tn) = (0usize, 0usize, 0usize, 0usize);
    let mut fields = BTreeMap::new();
    for url in &urls {
        let g = &gold[url.as_str()];
        let file = g
            .get("file")
            .and_then(Value::as_str)
            .ok_or_else(|| EvalError::Gold {
                path: path.display().to_string(),
                message: format!("record {url} has no `file`"),
            })?;
        let html_path = dir.join("html").join(format!("{file}.gz"));
        let html_path = if html_path.is_file() {
            html_path
        } else {
            dir.join("html").join(file)
        };
        let bytes = read_maybe_gz(&html_path)?;
        let pred = runner.run(file, bytes, Some(url.as_str()));
        let text = ws(&pred.body);
        let nonempty = !pred.body.trim().is_empty();
        for s in g
            .get("with")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let s = ws(s.as_str().unwrap_or(""));
            if nonempty && text.contains(&s) {
                tp += 1;
            } else {
                fn_ += 1;
            }
        }
        for s in g
            .get("without")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let s = ws(s.as_str().unwrap_or(""));
            if nonempty && text.contains(&s) {
                fp += 1;
            } else {
                tn += 1;
            }
        }
        score_field(
            &mut fields,
            "title",
            g.get("title").unwrap_or(&Value::Null),
            &pred.title,
            false,
        );
        score_field(
            &mut fields,
            "author",
            g.get("author").unwrap_or(&Value::Null),
            &pred.author,
            false,
        );
        score_field(
            &mut fields,
            "date",
            g.get("date").unwrap_or(&Value::Null),
            &pred.date,
            true,
        );
        preds.push((file.to_string(), pred));
    }
    finish_fields(&mut fields);
    let p = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else {
        0.0
    };
    let r = if tp + fn_ > 0 {
        tp as f64 / (tp + fn_) as f64
    } else {
        0.0
    };
    let mut score = DatasetScore {
        dataset: "trafilatura-eval".into(),
        n: urls.len(),
        precision: Some(p),
        recall: Some(r),
        f1: Some(harmonic(p, r)),
        metadata: fields,
        ..DatasetScore::default()
    };
    let all = (tp + fn_ + fp + tn).max(1) as f64;
    score
        .extra
        .insert("accuracy".into(), (tp + tn) as f64 / all);
    runner.finish(&mut score);
    Ok((score, preds))
}

// ---------------------------------------------------------------------------
// mozilla-readability (metadata only)
// ---------------------------------------------------------------------------

fn readability(
    dir: &Path,
    opts: &EvalOptions,
) -> Result<(DatasetScore, Vec<(String, Prediction)>), EvalError> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| EvalError::Read {
            path: dir.display().to_string(),
            message: e.to_string(),
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("expected-metadata.json").is_file())
        .collect();
    pages.sort();
    if let Some(l) = opts.limit {
        pages.truncate(l);
    }
    let mut runner = Runner::new(opts);
    let mut preds = Vec::new();
    let mut fields = BTreeMap::new();
    for p in &pages {
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let gold = read_json(&p.join("expected-metadata.json"))?;
        let src = if p.join("source.html.gz").is_file() {
            p.join("source.html.gz")
        } else {
            p.join("source.html")
        };
        let bytes = read_maybe_gz(&src)?;
        let pred = runner.run(&name, bytes, None);
        score_field(
            &mut fields,
            "title",
            gold.get("title").unwrap_or(&Value::Null),
            &pred.title,
            false,
        );
        score_field(
            &mut fields,
            "author",
            gold.get("byline").unwrap_or(&Value::Null),
            &pred.author,
            false,
        );
        score_field(
            &mut fields,
            "date",
            gold.get("publishedTime").unwrap_or(&Value::Null),
            &pred.date,
            true,
        );
        score_field(
            &mut fields,
            "site",
            gold.get("siteName").unwrap_or(&Value::Null),
            &pred.site,
            false,
        );
        preds.push((name, pred));
    }
    finish_fields(&mut fields);
    let mut score = DatasetScore {
        dataset: "mozilla-readability".into(),
        n: pages.len(),
        metadata: fields,
        ..DatasetScore::default()
    };
    runner.finish(&mut score);
    Ok((score, preds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_gold_formats_give_the_main_text_only() {
        let cleaneval =
            "URL: http://example.net/a\n<h>Harbour deal signed\n<p>The port opened.\n<l>One item\n";
        assert_eq!(
            gold_text(cleaneval),
            "Harbour deal signed\nThe port opened.\nOne item\n"
        );
        let dragnet = "Title\nBody text.\n!@#$%^&*()  COMMENTS\nNice post!\n";
        assert_eq!(gold_text(dragnet), "Title\nBody text.\n");
        let l3s = "<body><span class=\"x-nc-sel0\">Menu <span class=\"x-nc-sel1\">Headline</span> \
            <span class=\"x-nc-sel2\">Body <b>one</b> <span>inner</span> end.</span></span>\
            <span class=\"x-nc-sel3\">Caption</span><span class=\"x-nc-sel5\">Comment</span></body>";
        let text = gold_text(l3s);
        assert!(
            text.contains("Headline") && text.contains("Body one inner end."),
            "{text}"
        );
        assert!(!text.contains("Menu") && !text.contains("Caption") && !text.contains("Comment"));
        let bag = word_bag("The port, the PORT.");
        assert_eq!((bag["the"], bag["port"]), (2, 2));
    }

    #[test]
    fn eval_shingles_match_the_benchmark_definition() {
        let (tp, fp, fn_) = shingle_counts("a b c d e", "a b c d e", 4);
        assert_eq!((tp, fp, fn_), (1.0, 0.0, 0.0));
        // Truth has shingles abcd, bcde; prediction abcd only.
        let (tp, fp, fn_) = shingle_counts("a b c d e", "a b c d", 4);
        assert!((tp - 0.5).abs() < 1e-9 && fp == 0.0 && (fn_ - 0.5).abs() < 1e-9);
        // Short texts are one shingle; case is kept.
        assert_eq!(shingle_counts("A b", "a b", 4), (0.0, 0.5, 0.5));
        assert_eq!(shingle_counts("", "", 4), (0.0, 0.0, 0.0));
    }

    #[test]
    fn eval_metadata_matching_rules() {
        assert_eq!(norm_meta(&json!("  Jane\u{a0}ROE ")), "jane roe");
        assert_eq!(norm_meta(&json!(["A", "B"])), "a; b");
        assert_eq!(norm_date("2019/6/8T10:00"), "2019-06-08");
        assert_eq!(norm_date("June 8"), "");
    }
}

// ---------------------------------------------------------------------------
// WARC robustness run
// ---------------------------------------------------------------------------

/// What reading one crawl file gave.
#[derive(Clone, Debug, Default, Serialize)]
pub struct WarcFileReport {
    /// The file.
    pub path: String,
    /// Records read (WARC/ARC), when it was a crawl file.
    pub records: u64,
    /// Pages extracted.
    pub pages: u64,
    /// Pages whose extraction found no text.
    pub empty: u64,
    /// Records skipped, by kind.
    pub skipped: Vec<(String, u64)>,
    /// Malformed records.
    pub malformed: u64,
    /// Errors, each naming the file and the byte offset.
    pub errors: Vec<String>,
    /// Pages whose extraction panicked (must stay 0).
    pub panics: u64,
    /// Slowest page extraction, seconds.
    pub slowest: f64,
    /// Wall time for the whole file, seconds.
    pub seconds: f64,
}

/// Reads every file under `dir` as dateline ingests it (WARC, WARC.gz, WET, ARC, or a
/// single page), extracts every page, and reports what happened per file. A panic in
/// extraction is caught and counted, so one report covers every file.
pub fn warc_check(dir: &Path) -> Vec<WarcFileReport> {
    let mut out = Vec::new();
    let extractor = crate::AutoExtractor::default();
    let opts = dateline_ingest::ReadOptions::default();
    for input in dateline_ingest::expand(&[dir.display().to_string()]) {
        let input = match input {
            Ok(i) => i,
            Err(e) => {
                out.push(WarcFileReport {
                    path: e.path.clone(),
                    errors: vec![e.to_string()],
                    ..WarcFileReport::default()
                });
                continue;
            }
        };
        let mut report = WarcFileReport {
            path: input.name(),
            ..WarcFileReport::default()
        };
        let t0 = Instant::now();
        match dateline_ingest::read(&input, &opts) {
            Err(e) => report.errors.push(e.to_string()),
            Ok(mut pages) => {
                for page in pages.by_ref() {
                    match page {
                        Err(e) => report.errors.push(e.to_string()),
                        Ok(page) => {
                            let t = Instant::now();
                            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                extractor.extract_with_warnings(&page)
                            }));
                            report.slowest = report.slowest.max(t.elapsed().as_secs_f64());
                            report.pages += 1;
                            match r {
                                Err(_) => report.panics += 1,
                                Ok(Err(_)) => report.empty += 1,
                                Ok(Ok(_)) => {}
                            }
                        }
                    }
                }
                if let Some(s) = pages.warc_stats() {
                    report.records = s.records;
                    report.skipped = s.skipped.clone();
                    report.malformed = s.malformed;
                }
            }
        }
        report.seconds = t0.elapsed().as_secs_f64();
        out.push(report);
    }
    out
}
