//! The `dateline` command.

mod analyze;
mod eval_events;
mod eval_extraction;
mod eval_ner;
mod eval_quotes;
mod eval_syntax;
mod eval_timex;
mod serve;
mod store_cmds;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// dateline: news in, event data out — who did what to whom, when, where, and who
/// said what, with the evidence.
#[derive(Parser)]
#[command(name = "dateline", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles (plain text, HTML, WARC/WET; gzip transparent) and print one
    /// JSON document per article.
    Analyze(analyze::AnalyzeArgs),
    /// Analyse inputs in parallel and store them in a database (idempotent, resumable).
    Ingest(store_cmds::IngestArgs),
    /// Query events (merged across syndicated copies, with counts).
    Events(store_cmds::EventsArgs),
    /// Query quotes.
    Quotes(store_cmds::QuotesArgs),
    /// Query entities.
    Entities(store_cmds::EntitiesArgs),
    /// Full-text search over articles.
    Search(store_cmds::SearchArgs),
    /// Counts of what the database holds.
    Stats(store_cmds::StatsArgs),
    /// Export a table as JSON Lines, CSV or Parquet (events also in the GDELT layout).
    Export(store_cmds::ExportArgs),
    /// Serve the JSON API and the dashboard over a database (read-only, loopback by default).
    Serve(serve::ServeArgs),
    /// Score a stage against gold data (see docs/EVALUATION.md).
    #[command(subcommand)]
    Eval(EvalTask),
}

#[derive(Subcommand)]
enum EvalTask {
    /// Article extraction (body, captions apart, metadata) on scrapinghub-aeb, wcxb,
    /// trafilatura-eval and mozilla-readability.
    Extraction(eval_extraction::EvalExtractionArgs),
    /// Sentences, tokens, UPOS, lemmas and dependencies on CoNLL-U gold.
    Syntax(eval_syntax::EvalSyntaxArgs),
    /// Named entities: CoNLL-2003 or GUM.
    Ner(eval_ner::EvalNerArgs),
    /// Time expressions: TempEval-3 TimeML or GUM dates.
    Timex(eval_timex::EvalTimexArgs),
    /// Quotes and attribution: PolNeAR.
    Quotes(eval_quotes::EvalQuotesArgs),
    /// Events: PETRARCH-2 gold standard records and PLOVER GSR.
    Events(eval_events::EvalEventsArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Ingest(args) => store_cmds::ingest(args),
        Command::Events(args) => store_cmds::events(args),
        Command::Quotes(args) => store_cmds::quotes(args),
        Command::Entities(args) => store_cmds::entities(args),
        Command::Search(args) => store_cmds::search(args),
        Command::Stats(args) => store_cmds::stats(args),
        Command::Export(args) => store_cmds::export(args),
        Command::Serve(args) => serve::run(args),
        Command::Eval(EvalTask::Extraction(args)) => eval_extraction::run(args),
        Command::Eval(EvalTask::Syntax(args)) => eval_syntax::run(args),
        Command::Eval(EvalTask::Ner(args)) => eval_ner::run(args),
        Command::Eval(EvalTask::Timex(args)) => eval_timex::run(args),
        Command::Eval(EvalTask::Quotes(args)) => eval_quotes::run(args),
        Command::Eval(EvalTask::Events(args)) => eval_events::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("dateline: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
