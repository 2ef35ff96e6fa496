//! `dom_diff DIR...`: parses every HTML page under the folders with both our own
//! tree ([`dateline_extract::html::dom::Tree`]) and html5ever (trafilatura's
//! `Document`), and prints the first difference of each page whose trees differ.

use dateline_extract::charset::decode_html;
use dateline_extract::html::dom::{outline, Tree};
use std::io::Read;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else {
            let name = p.to_string_lossy();
            if [".html", ".htm", ".html.gz", ".htm.gz"]
                .iter()
                .any(|e| name.ends_with(e))
            {
                out.push(p);
            }
        }
    }
}

fn main() {
    let mut all = Vec::new();
    for d in std::env::args().skip(1) {
        files(Path::new(&d), &mut all);
    }
    let (mut same, mut differ) = (0, 0);
    for p in &all {
        let mut bytes = std::fs::read(p).expect("readable");
        if p.to_string_lossy().ends_with(".gz") {
            let mut v = Vec::new();
            if flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut v)
                .is_err()
            {
                continue;
            }
            bytes = v;
        }
        let html = decode_html(&bytes, None, None).text;
        if std::env::var_os("DOM_ONLY_OURS").is_some() {
            let t = std::time::Instant::now();
            let tree = Tree::parse(&html);
            println!("{} nodes {:?} {}", tree.len(), t.elapsed(), p.display());
            continue;
        }
        let ours = outline(&Tree::parse(&html));
        let theirs = outline(&trafilatura::dom::Document::parse(&html));
        if ours == theirs {
            same += 1;
            continue;
        }
        differ += 1;
        let a: Vec<&str> = ours.lines().collect();
        let b: Vec<&str> = theirs.lines().collect();
        let i = a
            .iter()
            .zip(&b)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        println!(
            "== {} (line {i}; ours {} lines, html5ever {})",
            p.display(),
            a.len(),
            b.len()
        );
        for k in i.saturating_sub(3)..(i + 3).min(a.len().max(b.len())) {
            let x = a.get(k).copied().unwrap_or("");
            let y = b.get(k).copied().unwrap_or("");
            let cut = |s: &str| s.chars().take(140).collect::<String>();
            if x == y {
                println!("   {}", cut(x));
            } else {
                let at = x
                    .char_indices()
                    .zip(y.chars())
                    .find(|((_, a), b)| a != b)
                    .map_or(x.len().min(y.len()), |((i, _), _)| i);
                let from = at.saturating_sub(60);
                let from_x = (0..=from)
                    .rev()
                    .find(|&i| x.is_char_boundary(i))
                    .unwrap_or(0);
                let from_y = (0..=from.min(y.len()))
                    .rev()
                    .find(|&i| y.is_char_boundary(i))
                    .unwrap_or(0);
                println!(" o …{}\n h …{}", cut(&x[from_x..]), cut(&y[from_y..]));
            }
        }
    }
    println!("{same} same, {differ} differ");
}
