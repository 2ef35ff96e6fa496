//! Times the time stage against the segmenter on the same texts (a gold folder's
//! documents): `cargo run --release -p dateline-time --example speed -- GOLD_DIR`.
use dateline_core::{Article, Doc, Span, Stage};
use std::time::Instant;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: speed GOLD_DIR");
    let (_, gold) = dateline_time::eval::load_gold(std::path::Path::new(&dir)).expect("gold");
    let mut docs: Vec<Doc> = gold
        .iter()
        .map(|g| {
            let mut a = Article::default();
            a.set_body([(g.text.as_str(), Span::new(0, g.text.len()))]);
            a.published = Some(dateline_core::Field::new(
                g.dct.clone(),
                dateline_core::Provenance::User,
            ));
            Doc::new(a)
        })
        .collect();
    let words: usize = gold.iter().map(|g| g.text.split_whitespace().count()).sum();
    let seg = dateline_text::Segmenter::new();
    let time = dateline_time::TimeTagger::new();
    let (mut t_seg, mut t_time) = (0.0, 0.0);
    let rounds = 5;
    for _ in 0..rounds {
        for d in docs.iter_mut() {
            d.sentences.clear();
            d.tokens.clear();
            let t0 = Instant::now();
            seg.process(d).expect("segment");
            t_seg += t0.elapsed().as_secs_f64();
            let t1 = Instant::now();
            time.process(d).expect("time");
            t_time += t1.elapsed().as_secs_f64();
        }
    }
    let timexes: usize = docs.iter().map(|d| d.timexes.len()).sum();
    assert!(timexes > 0, "the texts hold time expressions");
    println!(
        "{} docs, {words} words x {rounds}: segmenter {:.0} words/s, time stage {:.0} words/s, time/segmenter = {:.1}%",
        docs.len(),
        words as f64 * rounds as f64 / t_seg,
        words as f64 * rounds as f64 / t_time,
        100.0 * t_time / t_seg
    );
}
