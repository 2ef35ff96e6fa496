//! Quick evaluation while developing the rules, without the CLI:
//! `cargo run --release -p dateline-time --example evalq -- GOLD_DIR [EXPORT.jsonl]`
//! prints strict / relaxed / value / type F1 (as `dateline eval timex`) and writes the
//! predictions in the reference scorer's format when a second path is given.
use dateline_time::eval::{evaluate, export_line, load_gold};
use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let gold = args.next().expect("usage: evalq GOLD_DIR [EXPORT.jsonl]");
    let (format, docs) = load_gold(std::path::Path::new(&gold)).expect("gold readable");
    let (s, preds) = evaluate(format, &docs);
    println!(
        "strict {:.2}  relaxed {:.2}  value {:.2}  type {:.2}  (gold {}, predicted {}, value tp {})",
        100.0 * s.strict.f1,
        100.0 * s.relaxed.f1,
        100.0 * s.value.f1,
        100.0 * s.r#type.as_ref().map_or(0.0, |t| t.f1),
        s.gold_timexes,
        s.predicted_timexes,
        s.value.tp
    );
    if let Some(out) = args.next() {
        let mut f = std::fs::File::create(&out).expect("export file writable");
        for (d, p) in docs.iter().zip(&preds) {
            writeln!(f, "{}", export_line(d, p)).expect("export written");
        }
    }
}
