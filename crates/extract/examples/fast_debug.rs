//! `fast_debug FILE.html[.gz]`: the fast finder's blocks on one page (debugging aid).

use dateline_extract::FastFinder;
use std::io::Read;

fn main() {
    let path = std::env::args().nth(1).expect("usage: fast_debug FILE");
    let bytes = std::fs::read(&path).expect("readable file");
    let mut text = String::new();
    if path.ends_with(".gz") {
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .expect("gzip");
    } else {
        text = String::from_utf8_lossy(&bytes).into_owned();
    }
    let doc = trafilatura::dom::Document::parse(&text);
    let f = FastFinder::default();
    print!("{}", f.debug(&doc));
    let r = f.analyze(&doc);
    println!("== {}", r.describe());
    for b in &r.blocks {
        println!(
            "  {:?} {}",
            b.kind,
            b.text.chars().take(100).collect::<String>()
        );
    }
}
