//! Python bindings for dateline: a thin layer over [`dateline::Pipeline`].
//!
//! `analyze` and `analyze_many` return the same JSON document as `dateline analyze`
//! (as Python dicts). `analyze_many` releases the GIL and runs on its own thread pool,
//! created per call, so it is safe in forked worker processes (Spark, multiprocessing).

use dateline::core::{content_hash, Doc, InputFormat, Page, Source};
use dateline::ingest::{self, Input, ReadOptions, Sniffed};
use dateline::{Options, Pipeline};
use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use rayon::prelude::*;
use std::sync::OnceLock;

create_exception!(
    dateline,
    DatelineError,
    PyValueError,
    "An input dateline could not read or analyse; the message names the input."
);

fn pipeline() -> PyResult<&'static Pipeline> {
    static PIPELINE: OnceLock<Result<Pipeline, String>> = OnceLock::new();
    PIPELINE
        .get_or_init(|| Pipeline::new().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| DatelineError::new_err(format!("building the pipeline: {e}")))
}

/// One input, owned, ready to cross to another thread.
struct Item {
    page: Page,
}

fn format_from(content_type: Option<&str>, bytes: &[u8], name: &str) -> PyResult<InputFormat> {
    let ct = content_type.map(|c| c.to_ascii_lowercase());
    Ok(match ct.as_deref() {
        Some(c) if c.contains("html") || c == "warc" => InputFormat::Html,
        Some("text" | "text/plain" | "txt") => InputFormat::Text,
        Some("wet") => InputFormat::Wet,
        Some(other) => {
            return Err(DatelineError::new_err(format!(
                "{name}: unknown content_type `{other}` (html, text or wet)"
            )))
        }
        None => match ingest::sniff(bytes) {
            Sniffed::Html => InputFormat::Html,
            Sniffed::Text => InputFormat::Text,
            Sniffed::Warc => {
                return Err(DatelineError::new_err(format!(
                    "{name}: a WARC file holds many pages; use dateline.read_warc"
                )))
            }
            Sniffed::Binary => return Err(DatelineError::new_err(format!("{name}: binary data"))),
        },
    })
}

fn bytes_of(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<u8>> {
    if let Ok(s) = obj.cast::<PyString>() {
        Ok(s.to_str()?.as_bytes().to_vec())
    } else if let Ok(b) = obj.cast::<PyBytes>() {
        Ok(b.as_bytes().to_vec())
    } else {
        Err(PyTypeError::new_err(format!(
            "{name}: content must be str, bytes or a record dict from read_warc"
        )))
    }
}

fn opt_str(d: &Bound<'_, PyDict>, key: &str) -> PyResult<Option<String>> {
    match d.get_item(key)? {
        Some(v) if !v.is_none() => Ok(Some(v.extract()?)),
        _ => Ok(None),
    }
}

/// Builds the page for one input: a str/bytes with keyword options, or a record dict.
#[allow(clippy::too_many_arguments)]
fn make_item(
    content: &Bound<'_, PyAny>,
    url: Option<String>,
    published: Option<String>,
    content_type: Option<String>,
    site: Option<String>,
    name: Option<String>,
    default_name: &str,
) -> PyResult<Item> {
    let mut page = if let Ok(d) = content.cast::<PyDict>() {
        // A record from read_warc (or any dict with "content").
        let name = opt_str(d, "path")?
            .or(name)
            .unwrap_or_else(|| default_name.to_string());
        let body = d
            .get_item("content")?
            .ok_or_else(|| PyTypeError::new_err(format!("{name}: record has no `content`")))?;
        let bytes = bytes_of(&body, &name)?;
        let ct = opt_str(d, "format")?.or(content_type);
        let format = format_from(ct.as_deref(), &bytes, &name)?;
        let format = match opt_str(d, "format")?.as_deref() {
            Some("warc") => InputFormat::Warc,
            _ => format,
        };
        let headers: Vec<(String, String)> = match d.get_item("headers")? {
            Some(h) if !h.is_none() => h.extract()?,
            _ => Vec::new(),
        };
        let offset: Option<u64> = match d.get_item("offset")? {
            Some(o) if !o.is_none() => Some(o.extract()?),
            _ => None,
        };
        Page {
            source: Source {
                path: name,
                record_offset: offset,
                record_id: opt_str(d, "record_id")?,
                format,
                content_hash: content_hash(&bytes),
            },
            bytes,
            url: opt_str(d, "url")?.or(url.clone()),
            headers,
            fetched: opt_str(d, "date")?,
            ..Page::default()
        }
    } else {
        let name = name.unwrap_or_else(|| default_name.to_string());
        let bytes = bytes_of(content, &name)?;
        let format = format_from(content_type.as_deref(), &bytes, &name)?;
        ingest::page_from_bytes(&name, format, bytes)
    };
    let published = published
        .map(|p| dateline::normalize_published(&p))
        .transpose()
        .map_err(|e| DatelineError::new_err(format!("{}: published {e}", page.source.path)))?;
    Options {
        url,
        published,
        site,
    }
    .apply(&mut page);
    Ok(Item { page })
}

fn run(item: &Item) -> Result<String, String> {
    let pipeline = pipeline().map_err(|e| e.to_string())?;
    let doc: Doc =
        pipeline
            .analyze(&item.page)
            .map_err(|e| match item.page.source.record_offset {
                Some(o) => format!("{} (record at byte {o}): {e}", item.page.source.path),
                None => format!("{}: {e}", item.page.source.path),
            })?;
    serde_json::to_string(&doc).map_err(|e| e.to_string())
}

fn to_dict<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (json,))
}

/// Analyses one article and returns its document as a dict.
///
/// `content` is a str, bytes (HTML or plain text, format recognised from content
/// unless `content_type` is "html", "text" or "wet"), or a record dict from
/// `read_warc`. Raises `DatelineError` naming the input when it cannot be analysed.
#[pyfunction]
#[pyo3(signature = (content, *, url=None, published=None, content_type=None, site=None, name=None))]
fn analyze<'py>(
    py: Python<'py>,
    content: &Bound<'py, PyAny>,
    url: Option<String>,
    published: Option<String>,
    content_type: Option<String>,
    site: Option<String>,
    name: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    pipeline()?;
    let item = make_item(content, url, published, content_type, site, name, "<input>")?;
    let json = py.detach(|| run(&item)).map_err(DatelineError::new_err)?;
    to_dict(py, &json)
}

/// Analyses many articles in parallel with the GIL released.
///
/// `items` holds str, bytes, record dicts from `read_warc`, or dicts with `content`
/// and optional `url`, `published`, `content_type`, `site`, `name`. `threads` defaults
/// to the number of CPUs. `on_error`: "raise" (default) raises for the first input that
/// fails, "skip" leaves failures out, "return" puts `{"error": message, "input": name}`
/// in their place.
#[pyfunction]
#[pyo3(signature = (items, threads=None, on_error="raise"))]
fn analyze_many<'py>(
    py: Python<'py>,
    items: &Bound<'py, PyAny>,
    threads: Option<usize>,
    on_error: &str,
) -> PyResult<Bound<'py, PyList>> {
    if !matches!(on_error, "raise" | "skip" | "return") {
        return Err(PyValueError::new_err(format!(
            "on_error must be \"raise\", \"skip\" or \"return\", not {on_error:?}"
        )));
    }
    pipeline()?;
    let mut batch = Vec::new();
    for (i, obj) in items.try_iter()?.enumerate() {
        let obj = obj?;
        let default_name = format!("<item {i}>");
        let item = match obj.cast::<PyDict>() {
            Ok(d) if d.get_item("path")?.is_none() && d.get_item("content")?.is_some() => {
                make_item(
                    &d.get_item("content")?.expect("checked"),
                    opt_str(d, "url")?,
                    opt_str(d, "published")?,
                    opt_str(d, "content_type")?,
                    opt_str(d, "site")?,
                    opt_str(d, "name")?,
                    &default_name,
                )?
            }
            _ => make_item(&obj, None, None, None, None, None, &default_name)?,
        };
        batch.push(item);
    }
    let threads = threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let results: Vec<Result<String, String>> =
        py.detach(
            || match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
                Ok(pool) => pool.install(|| batch.par_iter().map(run).collect()),
                Err(_) => batch.iter().map(run).collect(),
            },
        );
    let out = PyList::empty(py);
    for (item, r) in batch.iter().zip(results) {
        match r {
            Ok(json) => out.append(to_dict(py, &json)?)?,
            Err(e) => match on_error {
                "raise" => return Err(DatelineError::new_err(e)),
                "skip" => {}
                _ => {
                    let d = PyDict::new(py);
                    d.set_item("error", e)?;
                    d.set_item("input", &item.page.source.path)?;
                    out.append(d)?;
                }
            },
        }
    }
    Ok(out)
}

/// Iterator over the records of a WARC/WET file (or the single page of another file).
#[pyclass(unsendable)]
struct Records {
    pages: ingest::Pages,
    errors_return: bool,
}

#[pymethods]
impl Records {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let Some(next) = self.pages.next() else {
            return Ok(None);
        };
        let d = PyDict::new(py);
        match next {
            Ok(page) => {
                d.set_item("path", &page.source.path)?;
                d.set_item("offset", page.source.record_offset)?;
                d.set_item("record_id", page.source.record_id.as_deref())?;
                d.set_item("url", page.url.as_deref())?;
                d.set_item("date", page.fetched.as_deref())?;
                let format = match page.source.format {
                    InputFormat::Warc => "warc",
                    InputFormat::Wet => "wet",
                    InputFormat::Html => "html",
                    InputFormat::Text => "text",
                };
                d.set_item("format", format)?;
                d.set_item("headers", page.headers.clone())?;
                d.set_item("content", PyBytes::new(py, &page.bytes))?;
            }
            Err(e) if self.errors_return => {
                d.set_item("path", &e.path)?;
                d.set_item("offset", e.offset)?;
                d.set_item("error", e.to_string())?;
            }
            Err(e) => return Err(DatelineError::new_err(e.to_string())),
        }
        Ok(Some(d))
    }

    /// Counts of records read and skipped so far (WARC input), as a dict.
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        if let Some(s) = self.pages.warc_stats() {
            d.set_item("records", s.records)?;
            d.set_item("pages", s.pages)?;
            d.set_item("malformed", s.malformed)?;
            d.set_item("skipped", s.skipped.clone())?;
        }
        Ok(d)
    }
}

/// Reads a WARC/WET file (gzip transparent) and yields one dict per HTML response or
/// WET conversion record: `path`, `offset`, `record_id`, `url`, `date`, `format`,
/// `headers`, `content` (bytes). A malformed record raises `DatelineError` naming file
/// and offset, or, with `errors="return"`, is yielded as `{"path", "offset", "error"}`
/// and reading goes on.
#[pyfunction]
#[pyo3(signature = (path, *, max_size=None, errors="raise"))]
fn read_warc(path: &str, max_size: Option<u64>, errors: &str) -> PyResult<Records> {
    if !matches!(errors, "raise" | "return") {
        return Err(PyValueError::new_err(format!(
            "errors must be \"raise\" or \"return\", not {errors:?}"
        )));
    }
    let opts = ReadOptions {
        max_size: max_size.unwrap_or(ingest::DEFAULT_MAX_SIZE),
    };
    let input = Input::File { path: path.into() };
    let pages = ingest::read(&input, &opts).map_err(|e| DatelineError::new_err(e.to_string()))?;
    Ok(Records {
        pages,
        errors_return: errors == "return",
    })
}

/// The Python module `dateline._dateline`.
#[pymodule]
fn _dateline(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("DatelineError", m.py().get_type::<DatelineError>())?;
    m.add("SCHEMA_VERSION", dateline::core::SCHEMA_VERSION)?;
    m.add_function(wrap_pyfunction!(analyze, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_many, m)?)?;
    m.add_function(wrap_pyfunction!(read_warc, m)?)?;
    Ok(())
}
