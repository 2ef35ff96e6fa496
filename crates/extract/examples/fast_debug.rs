//! `fast_debug FILE.html[.gz]`: the fast finder's blocks on one page, and its second
//! chance's when the first pass is unsure (debugging aid).

use dateline_extract::FastFinder;
use std::io::Read;

fn main() {
    let path = std::env::args().nth(1).expect("usage: fast_debug FILE");
    let bytes = std::fs::read(&path).expect("readable file");
    let mut raw = Vec::new();
    if path.ends_with(".gz") {
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut raw)
            .expect("gzip");
    } else {
        raw = bytes;
    }
    // Pages in a legacy charset are read leniently: this is a debugging view.
    let text = String::from_utf8_lossy(&raw).into_owned();
    let doc = trafilatura::dom::Document::parse(&text);
    let f = FastFinder::default();
    print!("{}", f.debug(&doc));
    let (r, second) = f.analyze_twice(&doc, &dateline_extract::Confidence::default());
    for (name, r) in std::iter::once(("first", r)).chain(second.map(|s| ("second", s))) {
        println!("== {name}: {}", r.describe());
        for b in &r.blocks {
            println!(
                "  {:?} {}",
                b.kind,
                b.text.chars().take(100).collect::<String>()
            );
        }
    }
}
