//! `docs/CODEBOOK.md` must match the knowledge files it is generated from.
//! Regenerate with `DATELINE_BLESS=1 cargo test -p dateline-events --test codebook`.

use dateline_events::docgen::codebook_markdown;
use dateline_events::{Codebook, PatternSet};

#[test]
fn codebook_page_is_up_to_date() {
    let cb = Codebook::builtin();
    let ps = PatternSet::builtin(&cb);
    let md = codebook_markdown(&cb, &ps);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/CODEBOOK.md");
    if std::env::var_os("DATELINE_BLESS").is_some() {
        std::fs::write(path, &md).unwrap();
        return;
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(have == md, "docs/CODEBOOK.md is stale: run DATELINE_BLESS=1 cargo test -p dateline-events --test codebook");
}
