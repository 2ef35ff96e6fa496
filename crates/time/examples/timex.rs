//! Prints the time expressions of stdin: `cargo run -p dateline-time --example timex -- 2019-06-28 < story.txt`.
use std::io::Read;

fn main() {
    let reference = std::env::args()
        .nth(1)
        .and_then(|s| dateline_time::parse_date(&s));
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .expect("stdin is UTF-8 text");
    for m in dateline_time::find(&text, reference) {
        println!(
            "{:?}\t{}\t{:?}\t{}\t{:?}\t{:?}",
            &text[m.span.start()..m.span.end()],
            m.value.as_deref().unwrap_or("-"),
            m.timex_type,
            m.modifier.as_deref().unwrap_or(""),
            m.tense,
            m.anchor
        );
    }
}
