//! `dateline analyze` as a user runs it: output, bad input, exit codes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn dateline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .output()
        .expect("run dateline")
}

fn with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dateline");
    // The command may exit before reading stdin (usage errors): ignore a broken pipe.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dateline-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("every stdout line is one JSON document"))
        .collect()
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
        .display()
        .to_string()
}

const STORY: &str = "Storm closes port of Valdora\n\nVALDORA (Dateline Wire) - A storm closed the port on Monday, officials said.\n\nPlease enter your comment!\n";

#[test]
fn analyze_wire_story_separates_title_captions_residue_and_body() {
    let out = dateline(&["analyze", &example("wire-story.txt")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_eq!(doc["schema_version"], dateline::core::SCHEMA_VERSION);
    let a = &doc["article"];
    assert_eq!(
        a["title"]["value"],
        "Germany and France pledge joint push on energy grid after Berlin talks"
    );
    let captions = a["captions"].as_array().unwrap();
    assert_eq!(captions.len(), 2);
    assert_eq!(captions[0]["credit"], "REUTERS/Lena Hartmann");
    assert_eq!(captions[1]["credit"], "Lena Hartmann/Pool via REUTERS");
    let removed: Vec<&str> = a["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    assert!(removed.contains(&"Please enter your comment!"));
    assert!(removed.contains(&"Please enter your name here"));
    let text = a["text"].as_str().unwrap();
    assert!(text.starts_with("German Chancellor Olaf Scholz"));
    for gone in ["REUTERS", "Please enter", "Share this", "shake hands"] {
        assert!(!text.contains(gone), "body holds {gone:?}");
    }
    assert!(a["source"]["path"]
        .as_str()
        .unwrap()
        .ends_with("wire-story.txt"));
}

#[test]
fn analyze_text_format_is_a_readable_summary() {
    let out = dateline(&["analyze", "--format", "text", &example("wire-story.txt")]);
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("title:      Germany and France pledge"));
    assert!(s.contains("credit: REUTERS/Lena Hartmann"));
}

#[test]
fn analyze_options_override_detection() {
    let out = with_stdin(
        &[
            "analyze",
            "--published",
            "2021-03-01",
            "--url",
            "https://news.example/a",
            "--site",
            "Example News",
            "-",
        ],
        STORY.as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let a = &json_lines(&out)[0]["article"];
    assert_eq!(a["published"]["value"], "2021-03-01");
    assert_eq!(a["published"]["source"], "user");
    assert_eq!(a["url"]["value"], "https://news.example/a");
    assert_eq!(a["site"]["value"], "Example News");
    assert_eq!(a["source"]["path"], "-");
}

#[test]
fn analyze_bad_published_is_a_usage_error() {
    let out = with_stdin(
        &["analyze", "--published", "next Tuesday", "-"],
        STORY.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--published `next Tuesday` is not an ISO 8601 date"));
}

#[test]
fn analyze_missing_path_is_reported_and_others_still_analysed() {
    let dir = scratch("missing");
    let good = dir.join("good.txt");
    std::fs::write(&good, STORY).unwrap();
    let missing = dir.join("nope.txt");
    let out = dateline(&["analyze", missing.to_str().unwrap(), good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{}: no such file or directory", missing.display())),
        "{err}"
    );
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 1, "the good input is still analysed");
    assert!(docs[0]["article"]["text"]
        .as_str()
        .unwrap()
        .contains("storm closed the port"));
}

#[test]
fn analyze_empty_file_empty_dir_and_binary_are_named() {
    let dir = scratch("bad");
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "  \n").unwrap();
    let bin = dir.join("image.bin");
    std::fs::write(&bin, [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0, 1, 2, 3]).unwrap();
    let empty_dir = dir.join("nothing");
    std::fs::create_dir_all(&empty_dir).unwrap();
    let out = dateline(&[
        "analyze",
        empty.to_str().unwrap(),
        bin.to_str().unwrap(),
        empty_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{}: empty input", empty.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}: binary data", bin.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}: directory holds no readable file",
            empty_dir.display()
        )),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn analyze_invalid_utf8_is_decoded_with_a_warning_naming_the_offset() {
    let dir = scratch("utf8");
    let f = dir.join("latin1.txt");
    let mut bytes = b"Cafe owners protest\n\nThe caf".to_vec();
    let bad_at = bytes.len();
    bytes.extend_from_slice(b"\xe9 owners marched on Monday, police said.\n");
    std::fs::write(&f, &bytes).unwrap();
    let out = dateline(&["analyze", f.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "warning: {}: invalid UTF-8 at byte {bad_at}",
            f.display()
        )),
        "{err}"
    );
    let text = json_lines(&out)[0]["article"]["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(text.contains("caf\u{fffd} owners"));
}

#[test]
fn analyze_size_limit_is_an_option_with_a_clear_error() {
    let dir = scratch("size");
    let f = dir.join("big.txt");
    std::fs::write(&f, STORY.repeat(20)).unwrap();
    let out = dateline(&["analyze", "--max-size", "1K", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&f.display().to_string()) && err.contains("over the size limit of 1024 bytes"),
        "{err}"
    );
    let out = dateline(&["analyze", "--max-size", "1M", f.to_str().unwrap()]);
    assert!(out.status.success());
}

#[test]
fn analyze_reads_gzip_and_walks_directories() {
    let dir = scratch("gz");
    let sub = dir.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(STORY.as_bytes()).unwrap();
    std::fs::write(sub.join("story.gz"), gz.finish().unwrap()).unwrap();
    std::fs::write(dir.join("b.txt"), STORY.replace("Monday", "Tuesday")).unwrap();
    let out = dateline(&["analyze", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 2);
    assert_eq!(
        docs[0]["article"]["title"]["value"],
        "Storm closes port of Valdora"
    );
    assert!(docs[1]["article"]["source"]["path"]
        .as_str()
        .unwrap()
        .ends_with("story.gz"));
}

#[test]
fn analyze_warc_gives_one_document_per_html_response_with_record_offset() {
    let dir = scratch("warc");
    let record = |kind: &str, block: &str| {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: https://news.example/{kind}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )
    };
    let page = |title: &str| {
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><head><title>{title}</title></head><body><p>The council voted on Monday to close the bridge for repairs, the mayor said.</p></body></html>")
    };
    let info = record("warcinfo", "software: test");
    let first = record("response", &page("Bridge closes"));
    let warc = format!(
        "{info}{first}{}",
        record("response", &page("Bridge reopens"))
    );
    let path = dir.join("crawl.warc");
    std::fs::write(&path, &warc).unwrap();
    let out = dateline(&["analyze", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 2);
    let offsets: Vec<u64> = docs
        .iter()
        .map(|d| d["article"]["source"]["record_offset"].as_u64().unwrap())
        .collect();
    assert_eq!(
        offsets,
        [info.len() as u64, (info.len() + first.len()) as u64]
    );
    assert_eq!(
        docs[1]["article"]["url"]["value"],
        "https://news.example/response"
    );
    assert_eq!(docs[1]["article"]["title"]["value"], "Bridge reopens");
}

#[test]
fn analyze_without_paths_is_a_usage_error() {
    let out = dateline(&["analyze"]);
    assert_eq!(out.status.code(), Some(2));
}
