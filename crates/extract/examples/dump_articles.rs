//! `cargo run --release -p dateline-extract --example dump_articles -- FINDER OUT DIR...`:
//! extracts every `.html` / `.html.gz` file under the folders and writes one line per
//! page (`path<TAB>` the whole Article and the warnings as JSON) to OUT, for checking
//! that a change to the extractor leaves its output identical (`cmp` two dumps).
//! FINDER is `fast` or `cascade`, or either with `-scan` (the page scanned in a pass
//! of its own, not while the tree is built).

use dateline_core::InputFormat;
use dateline_extract::{CascadeFinder, ContentFinder, FastFinder, HtmlExtractor};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else {
            let name = p.to_string_lossy();
            if name.ends_with(".html") || name.ends_with(".html.gz") || name.ends_with(".htm") {
                out.push(p);
            }
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_default();
    let finder: Arc<dyn ContentFinder> = match name.trim_end_matches("-scan") {
        "fast" => Arc::new(FastFinder::default()),
        "cascade" => Arc::new(CascadeFinder::default()),
        _ => panic!("usage: dump_articles fast|cascade[-scan] OUT DIR..."),
    };
    let out_path = args.next().expect("OUT");
    let mut files = Vec::new();
    for d in args {
        walk(Path::new(&d), &mut files);
    }
    let ex = if name.ends_with("-scan") {
        HtmlExtractor::new(finder).with_separate_scan()
    } else {
        HtmlExtractor::new(finder)
    };
    let mut out = std::io::BufWriter::new(std::fs::File::create(out_path).expect("create OUT"));
    for f in &files {
        let raw = std::fs::read(f).expect("read");
        let bytes = if f.to_string_lossy().ends_with(".gz") {
            let mut v = Vec::new();
            flate2::read::MultiGzDecoder::new(&raw[..])
                .read_to_end(&mut v)
                .expect("gunzip");
            v
        } else {
            raw
        };
        let page = dateline_ingest::page_from_bytes(&f.to_string_lossy(), InputFormat::Html, bytes);
        let e = ex.extract(&page);
        let json = serde_json::to_string(&(&e.article, &e.warnings)).expect("json");
        writeln!(out, "{}\t{json}", f.display()).expect("write");
    }
}
