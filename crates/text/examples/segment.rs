//! Prints the sentences and tokens the segmenter finds in stdin, one sentence per
//! line as `start end<TAB>token token …`.

use std::io::Read;

fn main() {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .expect("stdin is UTF-8 text");
    let (sents, tokens) = dateline_text::Segmenter::new().segment(&text);
    for s in sents {
        let (a, b) = (tokens[s.start].start, tokens[s.end - 1].end);
        let words: Vec<&str> = tokens[s].iter().map(|t| &text[t.clone()]).collect();
        println!("{a} {b}\t{}", words.join(" "));
    }
}
