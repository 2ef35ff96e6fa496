//! Adds the hand-made test documents (dated events, quotes, a hostile article) to a
//! database: `cargo run -p dateline-server --example seed_db -- news.db`. The browser
//! test uses it so that every view has something to show even while analysis layers
//! (times, quotes) are still empty for the sample articles.

#[path = "../tests/common/mod.rs"]
mod common;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: seed_db DATABASE");
        std::process::exit(2);
    };
    common::build_db(std::path::Path::new(&path));
    println!("seeded {path}");
}
