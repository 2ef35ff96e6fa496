//! The `dateline` command.

mod analyze;
mod eval_ner;
mod eval_syntax;

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
    /// Score dateline on gold data.
    #[command(subcommand)]
    Eval(EvalTask),
}

/// Evaluation tasks.
#[derive(Subcommand)]
enum EvalTask {
    /// Sentences, tokens, UPOS, lemmas, UAS and LAS against CoNLL-U gold.
    Syntax(eval_syntax::EvalSyntaxArgs),
    /// Named entities on CoNLL-2003 or GUM (P/R/F1 per type, tokens per second).
    Ner(eval_ner::EvalNerArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Eval(EvalTask::Syntax(args)) => eval_syntax::run(args),
        Command::Eval(EvalTask::Ner(args)) => eval_ner::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("dateline: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
