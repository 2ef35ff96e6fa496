//! `second_cost DIR...`: what the fast finder's second chance costs next to its walk.
//! Parses every `.html(.gz)` page under the folders once (untimed), then times, on
//! the pages the first pass is unsure of, the first pass alone (`analyze`: walk and
//! region) and both passes (`analyze_twice`), several rounds each, on one thread.

use dateline_extract::html::dom::Tree;
use dateline_extract::{Confidence, FastFinder};
use std::io::Read;
use std::time::Instant;

fn pages(dir: &std::path::Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        let name = p.to_string_lossy().to_string();
        if p.is_dir() {
            pages(&p, out);
        } else if name.ends_with(".html") || name.ends_with(".html.gz") {
            let bytes = std::fs::read(&p).expect("readable page");
            let text = if name.ends_with(".gz") {
                let mut raw = Vec::new();
                flate2::read::GzDecoder::new(&bytes[..])
                    .read_to_end(&mut raw)
                    .expect("gzip");
                String::from_utf8_lossy(&raw).into_owned()
            } else {
                String::from_utf8_lossy(&bytes).into_owned()
            };
            out.push(text);
        }
    }
}

fn main() {
    let mut texts = Vec::new();
    for d in std::env::args().skip(1) {
        pages(std::path::Path::new(&d), &mut texts);
    }
    let trees: Vec<Tree> = texts.iter().map(|t| Tree::parse(t)).collect();
    let f = FastFinder::default();
    let c = Confidence::default();
    let unsure: Vec<&Tree> = trees
        .iter()
        .filter(|t| !f.analyze(*t).is_confident(&c))
        .collect();
    let rounds = 5;
    let t = Instant::now();
    for _ in 0..rounds {
        for tree in &unsure {
            std::hint::black_box(f.analyze(*tree));
        }
    }
    let one = t.elapsed().as_secs_f64();
    let t = Instant::now();
    for _ in 0..rounds {
        for tree in &unsure {
            std::hint::black_box(f.analyze_twice(*tree, &c));
        }
    }
    let two = t.elapsed().as_secs_f64();
    let per = |s: f64| 1000.0 * s / (rounds * unsure.len().max(1)) as f64;
    println!(
        "pages {} unsure {}: first pass {:.3} ms/page, both passes {:.3} ms/page ({:.2}x)",
        trees.len(),
        unsure.len(),
        per(one),
        per(two),
        two / one
    );
}
