//! `cargo run --release -p dateline-extract --example meta_debug -- FILE [URL]`: prints
//! the metadata candidates our walk collects from one page (`.html` or `.html.gz`) and
//! the metadata chosen from them, for finding why a field was missed.

use dateline_extract::html::dom::Tree;
use dateline_extract::html::meta::{Candidates, Meta};
use std::io::Read;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: meta_debug FILE [URL]");
    let url = args.next();
    let raw = std::fs::read(&path).expect("readable file");
    let bytes = if path.ends_with(".gz") {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .expect("gzip");
        out
    } else {
        raw
    };
    let decoded = dateline_extract::charset::decode_html(&bytes, None, None);
    let tree = Tree::parse(&decoded.text);
    let c = Candidates::collect(&tree);
    println!("{c:#?}");
    println!("{:#?}", Meta::from_candidates(&c, url.as_deref()));
}
