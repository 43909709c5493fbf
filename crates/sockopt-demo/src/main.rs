//! `sockopt-demo`: lesson 4's command line. It parses and dispatches; the
//! experiments are in `src/topics/`, the exercises in `src/exercises/`.

use std::io;
use std::process::ExitCode;

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Parser, Subcommand};
use sockopt_demo::{EXERCISES, TOPICS, Topic};

/// Lesson 4: every function in the article's table, as an experiment on
/// loopback that prints what the kernel really did.
#[derive(Debug, Parser)]
#[command(
    name = "sockopt-demo",
    version,
    args_conflicts_with_subcommands = true,
    after_help = AFTER_HELP
)]
struct Cli {
    /// The experiment to run; `list` (the default) lists them, `all` runs
    /// every one in order.
    #[arg(value_name = "TOPIC", value_parser = choices(TOPICS))]
    topic: Option<String>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run an exercise: your function inside its experiment (without NAME:
    /// list the exercises).
    Exercise {
        /// The exercise to run; `list` (the default) lists them, `all` runs
        /// every one.
        #[arg(value_parser = choices(EXERCISES))]
        name: Option<String>,
    },
}

const AFTER_HELP: &str = "\
Try:
  sockopt-demo              (lists the topics)
  sockopt-demo nodelay      (runs one experiment)
  sockopt-demo all          (runs them all, in the article's order)
  sockopt-demo exercise     (lists the exercises)
The lesson: lessons/sockopt-demo.md in the book (mdbook serve mdbook)";

/// The names clap accepts: each topic of `list`, with its summary for
/// `--help`, then `list` and `all`.
fn choices(list: &'static [Topic]) -> PossibleValuesParser {
    let mut values: Vec<PossibleValue> = list
        .iter()
        .map(|t| PossibleValue::new(t.name).help(t.summary))
        .collect();
    values.push(PossibleValue::new("list").help("list them (the default)"));
    values.push(PossibleValue::new("all").help("run every one, in order"));
    PossibleValuesParser::new(values)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = io::stdout();
    let result = match (cli.command, cli.topic) {
        (Some(Command::Exercise { name }), _) => {
            sockopt_demo::run_by_name(EXERCISES, name.as_deref(), &mut out)
        }
        (None, topic) => {
            sockopt_demo::run_by_name(TOPICS, topic.as_deref(), &mut out)
        }
    };
    common::report(result, "sockopt-demo")
}
