//! The `dateline` command.

mod analyze;
mod eval_events;
mod eval_ner;
mod eval_timex;

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
    /// Score a layer against gold data.
    #[command(subcommand)]
    Eval(EvalCommand),
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Time expressions: TempEval-3 TimeML or GUM dates.
    Timex(eval_timex::EvalTimexArgs),
    /// Named entities on CoNLL-2003 or GUM (P/R/F1 per type, tokens per second).
    Ner(eval_ner::EvalNerArgs),
    /// Political events (CAMEO/PLOVER) on petrarch2-gsr and plover-gsr.
    Events(eval_events::EvalEventsArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Eval(EvalCommand::Timex(args)) => eval_timex::run(args),
        Command::Eval(EvalCommand::Ner(args)) => eval_ner::run(args),
        Command::Eval(EvalCommand::Events(args)) => eval_events::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("dateline: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
