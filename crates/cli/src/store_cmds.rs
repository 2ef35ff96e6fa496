//! The store's subcommands: `ingest`, `events`, `quotes`, `entities`, `search`,
//! `stats`, `export`.

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use dateline::ingest::ReadOptions;
use dateline::Pipeline;
use dateline_store::export::{self, Layout, Table};
use dateline_store::output::{self, Column, Format, Kind, Value};
use dateline_store::query::{self, EntityFilter, EventFilter, QuoteFilter};
use dateline_store::{IngestOptions, Progress, Store, Summary};
use indicatif::{ProgressBar, ProgressStyle};

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const DEFAULT_DB: &str = "dateline.db";

/// How progress is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ProgressMode {
    /// A bar on a terminal, plain lines otherwise.
    Auto,
    /// Always the bar.
    Bar,
    /// Plain lines every few seconds.
    Plain,
    /// Nothing until the summary.
    None,
}

/// Arguments of `dateline ingest`.
#[derive(Args, Debug)]
pub struct IngestArgs {
    /// Files, directories (walked), WARC/WET files or `-`; gzip is read transparently.
    #[arg(required = true, value_name = "PATH|-")]
    paths: Vec<String>,
    /// The database file (created when absent).
    #[arg(long, default_value = DEFAULT_DB)]
    db: PathBuf,
    /// Analysis threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Documents per transaction.
    #[arg(long, default_value_t = 256)]
    batch: usize,
    /// Analyse again the pages that failed in earlier runs.
    #[arg(long)]
    retry_failed: bool,
    /// Also store the token layer (large).
    #[arg(long)]
    keep_tokens: bool,
    /// Stop after this many pages.
    #[arg(long, default_value_t = 0)]
    limit: u64,
    /// Largest input file (or WARC record) accepted, in bytes; K, M and G suffixes allowed.
    #[arg(long, value_name = "BYTES", default_value = "64M", value_parser = crate::analyze::parse_size)]
    max_size: u64,
    /// Progress display.
    #[arg(long, value_enum, default_value_t = ProgressMode::Auto)]
    progress: ProgressMode,
    /// Print the summary as JSON on standard output.
    #[arg(long)]
    json: bool,
}

/// `dateline ingest`.
pub fn ingest(args: IngestArgs) -> Result<ExitCode> {
    let mut store = Store::open(&args.db)?;
    let pipeline = Pipeline::new().context("building the pipeline")?;
    let opts = IngestOptions {
        threads: args.threads,
        batch_size: args.batch.max(1),
        read: ReadOptions {
            max_size: args.max_size,
        },
        retry_failed: args.retry_failed,
        keep_tokens: args.keep_tokens,
        limit: args.limit,
        ..IngestOptions::default()
    };
    let bar_mode = match args.progress {
        ProgressMode::Auto => {
            if io::stderr().is_terminal() {
                ProgressMode::Bar
            } else {
                ProgressMode::Plain
            }
        }
        m => m,
    };
    let bar = (bar_mode == ProgressMode::Bar).then(|| {
        let b = ProgressBar::new(0);
        b.set_style(
            ProgressStyle::with_template(
                "{elapsed_precise} [{bar:30}] {pos}/{len} inputs  {msg}  ETA {eta}",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        b
    });
    let mut last_line = Instant::now();
    let mut on_progress = |p: &Progress| {
        let rate = p.stored as f64 / p.elapsed.as_secs_f64().max(1e-9);
        let msg = format!(
            "read {}, stored {}, duplicate {}, failed {} ({rate:.1} articles/s)",
            p.read, p.stored, p.duplicate, p.failed
        );
        match &bar {
            Some(b) => {
                b.set_length(p.inputs_total);
                b.set_position(p.inputs_done);
                b.set_message(msg);
            }
            None if bar_mode == ProgressMode::Plain
                && last_line.elapsed() >= Duration::from_secs(5) =>
            {
                eprintln!(
                    "ingest: {:.0}s inputs {}/{}, {msg}",
                    p.elapsed.as_secs_f64(),
                    p.inputs_done,
                    p.inputs_total
                );
                last_line = Instant::now();
            }
            None => {}
        }
    };
    let summary =
        dateline_store::ingest(&mut store, &pipeline, &args.paths, &opts, &mut on_progress)
            .with_context(|| format!("ingesting into {}", args.db.display()))?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    print_summary(&summary, &args.db);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    }
    let nothing = summary.stored + summary.already_stored + summary.duplicate == 0;
    Ok(if nothing && summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_summary(s: &Summary, db: &std::path::Path) {
    let mut e = io::stderr().lock();
    let share = if s.elapsed_s > 0.0 {
        100.0 * s.analysis_s / (s.elapsed_s * s.threads as f64)
    } else {
        0.0
    };
    let _ = writeln!(
        e,
        "ingest into {}: {} inputs, {} pages read in {:.1} s on {} threads",
        db.display(),
        s.inputs,
        s.read,
        s.elapsed_s,
        s.threads
    );
    let _ = writeln!(
        e,
        "  stored {} ({:.1} articles/s; {} joined an existing story cluster)",
        s.stored, s.articles_per_s, s.joined_cluster
    );
    let _ = writeln!(
        e,
        "  skipped: {} already stored, {} duplicate in this run, {} failed in an earlier run",
        s.already_stored, s.duplicate, s.failed_before
    );
    let _ = writeln!(
        e,
        "  time: analysis {:.1} s over all threads ({share:.0}% of thread time), writing {:.1} s",
        s.analysis_s, s.write_s
    );
    let _ = writeln!(e, "  failed {}", s.failed);
    for (stage, f) in &s.failures {
        let _ = writeln!(e, "    {stage}: {}", f.count);
        let mut reasons: Vec<_> = f.reasons.iter().collect();
        reasons.sort_by(|a, b| b.1.cmp(a.1));
        for (reason, n) in reasons.into_iter().take(6) {
            let _ = writeln!(e, "      {n} × {reason}");
        }
        if let Some(ex) = f.examples.first() {
            let _ = writeln!(e, "      e.g. {ex}");
        }
    }
}

/// Output formats of the query commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    /// Aligned columns (the default on a terminal).
    Table,
    /// A JSON array.
    Json,
    /// JSON Lines (the default when not a terminal).
    Jsonl,
    /// CSV with a header.
    Csv,
}

#[derive(Args, Debug)]
/// Options every query command takes.
pub struct Common {
    /// The database file.
    #[arg(long, default_value = DEFAULT_DB)]
    db: PathBuf,
    /// Output format (default: table on a terminal, else jsonl).
    #[arg(long, value_enum)]
    format: Option<QueryFormat>,
    /// Most rows (0: all).
    #[arg(long, default_value_t = 100)]
    limit: u64,
}

impl Common {
    fn limit(&self) -> Option<u64> {
        (self.limit > 0).then_some(self.limit)
    }

    fn format(&self) -> Format {
        match self.format {
            Some(QueryFormat::Table) => Format::Table,
            Some(QueryFormat::Json) => Format::Json,
            Some(QueryFormat::Jsonl) => Format::Jsonl,
            Some(QueryFormat::Csv) => Format::Csv,
            None if io::stdout().is_terminal() => Format::Table,
            None => Format::Jsonl,
        }
    }

    /// Runs `q`; as a table on a terminal only the `compact` columns are shown (all
    /// when empty), the machine formats always get every column.
    fn run(&self, q: &query::Query, compact: &[&str]) -> Result<ExitCode> {
        let store = Store::open_readonly(&self.db)?;
        let out = Box::new(io::BufWriter::new(io::stdout()));
        let format = self.format();
        let sink = if format == Format::Table && !compact.is_empty() {
            output::project(format, &q.columns, compact, out)?
        } else {
            output::sink(format, &q.columns, out)?
        };
        match q.run(store.conn(), sink) {
            Err(e) if e.is_broken_pipe() => Ok(ExitCode::SUCCESS),
            Err(e) => Err(e.into()),
            Ok(_) => Ok(ExitCode::SUCCESS),
        }
    }
}

/// Arguments of `dateline events`.
#[derive(Args, Debug)]
pub struct EventsArgs {
    #[command(flatten)]
    common: Common,
    /// Actor code prefix or country (`JPN`, `USAGOV`) or name part, either side.
    #[arg(long)]
    actor: Option<String>,
    /// Source actor (code prefix or name part).
    #[arg(long)]
    source: Option<String>,
    /// Target actor (code prefix or name part).
    #[arg(long)]
    target: Option<String>,
    /// A pair of actors in either direction.
    #[arg(long, num_args = 2, value_names = ["A", "B"])]
    pair: Option<Vec<String>>,
    /// CAMEO root or code prefix (`04`, `042`).
    #[arg(long)]
    cameo: Option<String>,
    /// PLOVER event type.
    #[arg(long)]
    plover: Option<String>,
    /// QuadClass (1 verbal cooperation … 4 material conflict).
    #[arg(long)]
    quad: Option<u8>,
    /// Earliest event date (YYYY[-MM[-DD]]).
    #[arg(long)]
    since: Option<String>,
    /// Latest event date (YYYY[-MM[-DD]]).
    #[arg(long)]
    until: Option<String>,
    /// Place name part or country code.
    #[arg(long)]
    place: Option<String>,
    /// Words in the evidence.
    #[arg(long)]
    text: Option<String>,
    /// Only this story cluster.
    #[arg(long)]
    cluster: Option<i64>,
    /// One row per article mention instead of one per merged event.
    #[arg(long)]
    mentions: bool,
}

/// `dateline events`.
pub fn events(a: EventsArgs) -> Result<ExitCode> {
    let f = EventFilter {
        actor: a.actor,
        source: a.source,
        target: a.target,
        pair: a.pair.map(|p| (p[0].clone(), p[1].clone())),
        cameo: a.cameo,
        plover: a.plover,
        quad_class: a.quad,
        since: a.since,
        until: a.until,
        place: a.place,
        text: a.text,
        cluster: a.cluster,
        limit: a.common.limit(),
    };
    let compact: &[&str] = if a.mentions {
        &[
            "id",
            "article_id",
            "date",
            "source_name",
            "source_code",
            "cameo",
            "target_name",
            "target_code",
            "evidence",
        ]
    } else {
        &[
            "id",
            "date",
            "source_name",
            "source_code",
            "cameo",
            "target_name",
            "target_code",
            "plover",
            "quad_class",
            "place",
            "num_mentions",
            "num_articles",
            "num_sources",
            "evidence",
        ]
    };
    a.common.run(&query::events(&f, a.mentions)?, compact)
}

/// Arguments of `dateline quotes`.
#[derive(Args, Debug)]
pub struct QuotesArgs {
    #[command(flatten)]
    common: Common,
    /// Part of the speaker's name.
    #[arg(long)]
    speaker: Option<String>,
    /// Words in the quote (full text; FTS5 syntax allowed).
    #[arg(long)]
    text: Option<String>,
    /// Earliest publication date.
    #[arg(long)]
    since: Option<String>,
    /// Latest publication date.
    #[arg(long)]
    until: Option<String>,
}

/// `dateline quotes`.
pub fn quotes(a: QuotesArgs) -> Result<ExitCode> {
    let f = QuoteFilter {
        speaker: a.speaker,
        text: a.text,
        since: a.since,
        until: a.until,
        limit: a.common.limit(),
    };
    a.common.run(
        &query::quotes(&f)?,
        &[
            "id",
            "published",
            "speaker",
            "cue",
            "kind",
            "content",
            "url",
        ],
    )
}

/// Arguments of `dateline entities`.
#[derive(Args, Debug)]
pub struct EntitiesArgs {
    #[command(flatten)]
    common: Common,
    /// Part of the name.
    #[arg(long)]
    name: Option<String>,
    /// Type (PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, MISC).
    #[arg(long = "type")]
    entity_type: Option<String>,
    /// Country (ISO 3166-1 alpha-3).
    #[arg(long)]
    country: Option<String>,
    /// Actor code prefix.
    #[arg(long)]
    actor: Option<String>,
    /// One row per entity per article.
    #[arg(long)]
    per_article: bool,
}

/// `dateline entities`.
pub fn entities(a: EntitiesArgs) -> Result<ExitCode> {
    let f = EntityFilter {
        name: a.name,
        entity_type: a.entity_type,
        country: a.country,
        actor: a.actor,
        per_article: a.per_article,
        limit: a.common.limit(),
    };
    a.common.run(&query::entities(&f)?, &[])
}

/// Arguments of `dateline search`.
#[derive(Args, Debug)]
pub struct SearchArgs {
    /// Words to find (all must occur), or an FTS5 query.
    query: String,
    #[command(flatten)]
    common: Common,
}

/// `dateline search`.
pub fn search(a: SearchArgs) -> Result<ExitCode> {
    a.common.run(
        &query::search(&a.query, a.common.limit())?,
        &["id", "published", "title", "snippet", "url"],
    )
}

/// Arguments of `dateline stats`.
#[derive(Args, Debug)]
pub struct StatsArgs {
    #[command(flatten)]
    common: Common,
}

/// `dateline stats`.
pub fn stats(a: StatsArgs) -> Result<ExitCode> {
    let store = Store::open_readonly(&a.common.db)?;
    let rows = query::stats(store.conn())?;
    let cols = [
        Column::new("metric", Kind::Text),
        Column::new("value", Kind::Text),
    ];
    let mut sink = output::sink(
        a.common.format(),
        &cols,
        Box::new(io::BufWriter::new(io::stdout())),
    )?;
    for (k, v) in rows {
        sink.row(&[Value::Text(k), Value::Text(v)])?;
    }
    sink.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Tables of `dateline export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableArg {
    /// Articles (metadata, provenance, clean text).
    Articles,
    /// Entities (one row per entity per article).
    Entities,
    /// Entity mentions.
    Mentions,
    /// Time expressions.
    Timexes,
    /// Quotes.
    Quotes,
    /// Events merged across story clusters, with counts.
    Events,
    /// Every event mention with its evidence.
    EventMentions,
}

/// Formats of `dateline export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// JSON Lines.
    Jsonl,
    /// CSV with a header (with `--layout gdelt`: tab-separated, no header, as GDELT files).
    Csv,
    /// Apache Parquet.
    Parquet,
}

/// Column layouts of `dateline export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    /// dateline's columns.
    Native,
    /// GDELT 2.0 event table (events only).
    Gdelt,
}

/// Arguments of `dateline export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The database file.
    #[arg(long, default_value = DEFAULT_DB)]
    db: PathBuf,
    /// What to export.
    #[arg(long, value_enum)]
    table: TableArg,
    /// File format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    format: ExportFormat,
    /// Column layout.
    #[arg(long, value_enum, default_value_t = LayoutArg::Native)]
    layout: LayoutArg,
    /// Output file (`-` for standard output, not for Parquet).
    #[arg(long)]
    out: String,
}

/// `dateline export`.
pub fn export(a: ExportArgs) -> Result<ExitCode> {
    let table = match a.table {
        TableArg::Articles => Table::Articles,
        TableArg::Entities => Table::Entities,
        TableArg::Mentions => Table::Mentions,
        TableArg::Timexes => Table::Timexes,
        TableArg::Quotes => Table::Quotes,
        TableArg::Events => Table::Events,
        TableArg::EventMentions => Table::EventMentions,
    };
    let layout = match a.layout {
        LayoutArg::Native => Layout::Native,
        LayoutArg::Gdelt => Layout::Gdelt,
    };
    let format = match (a.format, layout) {
        (ExportFormat::Jsonl, _) => Format::Jsonl,
        (ExportFormat::Csv, Layout::Gdelt) => Format::Tsv,
        (ExportFormat::Csv, Layout::Native) => Format::Csv,
        (ExportFormat::Parquet, _) => Format::Parquet,
    };
    let store = Store::open_readonly(&a.db)?;
    let columns = export::columns(table, layout)?;
    let out: Box<dyn Write + Send> = if a.out == "-" {
        if format == Format::Parquet {
            bail!("--out -: Parquet needs a file");
        }
        Box::new(io::BufWriter::new(io::stdout()))
    } else {
        let f = std::fs::File::create(&a.out).with_context(|| format!("creating {}", a.out))?;
        Box::new(io::BufWriter::new(f))
    };
    let sink = output::sink(format, &columns, out)?;
    let n = match export::export(store.conn(), table, layout, sink) {
        Err(e) if e.is_broken_pipe() => return Ok(ExitCode::SUCCESS),
        r => r.with_context(|| format!("exporting to {}", a.out))?,
    };
    if a.out != "-" {
        eprintln!("exported {n} rows to {}", a.out);
    }
    Ok(ExitCode::SUCCESS)
}
