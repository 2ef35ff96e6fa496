//! Any bytes as an HTML page: extraction must not panic, and every alignment piece
//! must point inside the text and the input.
#![no_main]

use dateline_core::InputFormat;
use dateline_extract::HtmlExtractor;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

/// Built once: its lexicons and patterns are compiled at construction.
static EXTRACTOR: LazyLock<HtmlExtractor> = LazyLock::new(HtmlExtractor::default);

fuzz_target!(|data: &[u8]| {
    let page = dateline_ingest::page_from_bytes("fuzz.html", InputFormat::Html, data.to_vec());
    let out = EXTRACTOR.extract(&page);
    let a = out.article;
    for p in &a.alignment.pieces {
        assert!(p.text.end() <= a.text.len());
        assert!(p.input.start() <= p.input.end());
    }
    for p in &a.paragraphs {
        assert!(a.text.is_char_boundary(p.start()) && a.text.is_char_boundary(p.end()));
    }
});
