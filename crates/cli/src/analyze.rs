//! `dateline analyze`.

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use dateline::core::Doc;
use dateline::ingest::{self, IngestError, ReadOptions};
use dateline::{Options, Pipeline};
use std::io::{self, Write};
use std::process::ExitCode;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON document per line (JSON Lines).
    Json,
    /// Indented JSON, documents one after another.
    Pretty,
    /// A readable summary.
    Text,
}

/// Arguments of `dateline analyze`.
#[derive(Args, Debug)]
pub struct AnalyzeArgs {
    /// Files, directories (walked) or `-` for standard input.
    #[arg(required = true, value_name = "PATH|-")]
    paths: Vec<String>,
    /// URL of the page (for inputs that do not carry one).
    #[arg(long)]
    url: Option<String>,
    /// Publication date (ISO 8601 date or date-time); overrides detection.
    #[arg(long, value_name = "DATE")]
    published: Option<String>,
    /// Site name; overrides detection.
    #[arg(long)]
    site: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Largest input file (or WARC record) accepted, in bytes; K, M and G suffixes allowed.
    #[arg(long, value_name = "BYTES", default_value = "64M", value_parser = parse_size)]
    max_size: u64,
}

/// Parses `123`, `64K`, `64M`, `1G`.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, mult) = match s.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('K') => (&s[..s.len() - 1], 1u64 << 10),
        Some('M') => (&s[..s.len() - 1], 1 << 20),
        Some('G') => (&s[..s.len() - 1], 1 << 30),
        _ => (s, 1),
    };
    num.trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{s}` is not a size (examples: 500000, 64K, 64M, 1G)"))
}

/// Validates and normalises a `--published` value to ISO 8601.
pub fn normalize_published(s: &str) -> Result<String> {
    dateline::normalize_published(s).map_err(|e| anyhow::anyhow!("--published {e}"))
}

struct Out {
    out: io::BufWriter<io::StdoutLock<'static>>,
    format: Format,
}

impl Out {
    /// Writes one document whole, then flushes, so diagnostics on stderr never split it.
    fn write(&mut self, doc: &Doc) -> io::Result<()> {
        match self.format {
            Format::Json => {
                serde_json::to_writer(&mut self.out, doc)?;
                self.out.write_all(b"\n")?;
            }
            Format::Pretty => {
                serde_json::to_writer_pretty(&mut self.out, doc)?;
                self.out.write_all(b"\n")?;
            }
            Format::Text => crate::analyze::summary(&mut self.out, doc)?,
        }
        self.out.flush()
    }
}

/// Runs the command. Exit codes: 0 every input analysed; 1 at least one input (or
/// WARC record) failed while others may have been analysed; 2 usage error.
pub fn run(args: AnalyzeArgs) -> Result<ExitCode> {
    let opts = Options {
        url: args.url.clone(),
        published: args
            .published
            .as_deref()
            .map(normalize_published)
            .transpose()?,
        site: args.site.clone(),
    };
    let read_opts = ReadOptions {
        max_size: args.max_size,
    };
    let pipeline = Pipeline::new().context("building the pipeline")?;
    let mut out = Out {
        out: io::BufWriter::new(io::stdout().lock()),
        format: args.format,
    };
    let mut failed = 0usize;
    let mut analysed = 0usize;
    let report = |e: &dyn std::fmt::Display| eprintln!("dateline: error: {e}");
    for input in ingest::expand(&args.paths) {
        let input = match input {
            Ok(i) => i,
            Err(e) => {
                report(&e);
                failed += 1;
                continue;
            }
        };
        let pages = match ingest::read(&input, &read_opts) {
            Ok(p) => p,
            Err(e) => {
                report(&e);
                failed += 1;
                continue;
            }
        };
        let mut pages = pages;
        for page in pages.by_ref() {
            let mut page = match page {
                Ok(p) => p,
                Err(e) => {
                    report(&e);
                    failed += 1;
                    continue;
                }
            };
            opts.apply(&mut page);
            match pipeline.analyze(&page) {
                Ok(doc) => {
                    for d in &doc.diagnostics {
                        eprintln!("dateline: warning: {}: {}", describe(&page), d.message);
                    }
                    if let Err(e) = out.write(&doc) {
                        if e.kind() == io::ErrorKind::BrokenPipe {
                            return Ok(ExitCode::SUCCESS);
                        }
                        return Err(e).context("writing to standard output");
                    }
                    analysed += 1;
                }
                Err(e) => {
                    report(&format!("{}: {e}", describe(&page)));
                    failed += 1;
                }
            }
        }
        if let Some(stats) = pages.warc_stats() {
            if !stats.skipped.is_empty() {
                let skipped: Vec<String> = stats
                    .skipped
                    .iter()
                    .map(|(k, n)| format!("{n} {k}"))
                    .collect();
                eprintln!(
                    "dateline: {}: {} records, {} pages analysed, skipped: {}",
                    input.name(),
                    stats.records,
                    stats.pages,
                    skipped.join(", ")
                );
            }
        }
    }
    if analysed == 0 && failed == 0 {
        report(&IngestError {
            path: args.paths.join(" "),
            offset: None,
            problem: ingest::Problem::Empty,
        });
        return Ok(ExitCode::from(1));
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn describe(page: &dateline::core::Page) -> String {
    match page.source.record_offset {
        Some(o) => format!("{} (record at byte {o})", page.source.path),
        None => page.source.path.clone(),
    }
}

/// The readable summary of `--format text`.
pub fn summary(w: &mut impl Write, doc: &Doc) -> io::Result<()> {
    let a = &doc.article;
    writeln!(w, "== {}", describe_source(doc))?;
    let field = |f: &Option<dateline::core::Field<String>>| {
        f.as_ref()
            .map(|f| format!("{} ({:?})", f.value, f.source).to_lowercase_source())
            .unwrap_or_else(|| "-".into())
    };
    writeln!(
        w,
        "title:      {}",
        a.title.as_ref().map_or("-", |t| t.value.as_str())
    )?;
    writeln!(w, "published:  {}", field(&a.published))?;
    if let Some(r) = &doc.reference_date {
        writeln!(
            w,
            "reference:  {} ({})",
            r.value,
            r.evidence.as_deref().unwrap_or("-")
        )?;
    }
    writeln!(w, "site:       {}", field(&a.site))?;
    writeln!(w, "language:   {}", field(&a.language))?;
    if !a.authors.is_empty() {
        writeln!(w, "authors:    {}", a.authors.join("; "))?;
    }
    writeln!(
        w,
        "body:       {} paragraphs, {} bytes",
        a.paragraphs.len(),
        a.text.len()
    )?;
    for c in &a.captions {
        writeln!(
            w,
            "caption:    {} [credit: {}]",
            c.text,
            c.credit.as_deref().unwrap_or("-")
        )?;
    }
    for r in &a.removed {
        writeln!(w, "removed:    {:?}: {}", r.reason, r.text)?;
    }
    let layers = [
        ("sentences", doc.sentences.len()),
        ("tokens", doc.tokens.len()),
        ("entities", doc.entities.len()),
        ("timexes", doc.timexes.len()),
        ("quotes", doc.quotes.len()),
        ("events", doc.events.len()),
    ];
    let counts: Vec<String> = layers.iter().map(|(k, n)| format!("{k} {n}")).collect();
    writeln!(w, "layers:     {}", counts.join(", "))?;
    if let Some(first) = a.paragraphs.first() {
        let p = first.slice(&a.text);
        let mut end = p.len().min(200);
        while !p.is_char_boundary(end) {
            end -= 1;
        }
        writeln!(
            w,
            "lead:       {}{}",
            &p[..end],
            if end < p.len() { "…" } else { "" }
        )?;
    }
    writeln!(w)
}

trait LowerSource {
    fn to_lowercase_source(self) -> String;
}

impl LowerSource for String {
    /// `value (Meta)` → `value (meta)`.
    fn to_lowercase_source(self) -> String {
        match self.rfind(" (") {
            Some(k) => format!("{}{}", &self[..k], self[k..].to_lowercase()),
            None => self,
        }
    }
}

fn describe_source(doc: &Doc) -> String {
    let s = &doc.article.source;
    match s.record_offset {
        Some(o) => format!("{} (record at byte {o})", s.path),
        None => s.path.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_size_accepts_suffixes_and_rejects_junk() {
        assert_eq!(parse_size("64K"), Ok(65536));
        assert_eq!(parse_size("2m"), Ok(2 << 20));
        assert_eq!(parse_size("100"), Ok(100));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("0").is_err());
    }

    #[test]
    fn published_is_normalised_or_refused() {
        assert_eq!(normalize_published("2019-06-28").unwrap(), "2019-06-28");
        assert_eq!(
            normalize_published("2019-06-28T10:30:00+09:00").unwrap(),
            "2019-06-28T10:30:00+09:00"
        );
        assert!(normalize_published("June 28")
            .unwrap_err()
            .to_string()
            .contains("--published `June 28`"));
    }
}
