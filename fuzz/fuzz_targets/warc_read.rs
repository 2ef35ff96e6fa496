//! Any bytes as a WARC/WET/ARC stream: the reader must not panic or loop, and every
//! page it yields must carry an offset inside the input.
#![no_main]

use dateline_ingest::WarcRecords;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut records = WarcRecords::new(data, "fuzz.warc", 1 << 20);
    let mut n = 0;
    for page in records.by_ref() {
        n += 1;
        assert!(n <= data.len() + 1, "more results than input bytes");
        if let Ok(page) = page {
            assert!(page.source.record_offset.unwrap_or(0) < data.len() as u64);
        }
    }
});
