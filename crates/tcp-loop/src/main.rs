//! `tcp-loop`: lesson 2's command line. It parses and dispatches; the lesson
//! is in `server.rs` and `client.rs`.

use std::io::{self, Stdout};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use clap::{Parser, Subcommand};
use common::{Call, Listen};
use tcp_loop::{PORT, client, demo, exercises, server};

/// Lesson 2: keep talking. The server answers one caller after another, and
/// each caller's messages one after another, upper-cased, until the caller
/// hangs up.
#[derive(Debug, Parser)]
#[command(name = "tcp-loop", version, after_help = AFTER_HELP)]
enum Command {
    /// Answer callers one after another, for ever (Ctrl-C stops it).
    Server {
        #[command(flatten)]
        listen: Listen<PORT>,
        /// Do not set SO_REUSEADDR before bind: a restart then fails while the
        /// previous server's calls are in TIME_WAIT (the lesson's experiment).
        #[arg(long)]
        no_reuseaddr: bool,
        /// How long to wait for a caller who does not read its answers before
        /// hanging up on it, in milliseconds.
        #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
        write_timeout_ms: u64,
    },
    /// Call the server, say each line you type, print each answer.
    ///
    /// One message per line of standard input, until the input ends (Ctrl-D
    /// in a terminal). Empty lines are skipped. The `>>>: ` prompt shows only
    /// when standard input is a terminal.
    Client(Call<PORT>),
    /// Run the server and two clients in one process and show every line.
    Demo,
    /// Run the solution of one of the lesson's exercises.
    #[command(subcommand)]
    Exercise(Exercise),
}

/// The lesson's exercises, solved (the book's lesson 2 page, "Exercises").
#[derive(Debug, Subcommand)]
enum Exercise {
    /// "quit": a client that hangs up when you type `quit`.
    QuitClient(Call<PORT>),
    /// "bye": a server that hangs up on a caller who says `bye`. Call it
    /// with `tcp-loop client`.
    ByeServer(Listen<PORT>),
    /// "count": a server that says how much each caller said.
    ///
    /// When a call ends, it prints how many reads and bytes it heard from
    /// that caller. Call it with `tcp-loop client`.
    CountServer(Listen<PORT>),
}

const AFTER_HELP: &str = "\
Try it in two terminals:
  tcp-loop server      (terminal 1: answers callers until Ctrl-C)
  tcp-loop client      (terminal 2: type lines; Ctrl-D hangs up)
Or everything at once: tcp-loop demo
The lesson: lessons/tcp-loop.md in the book (mdbook serve mdbook)";

fn main() -> ExitCode {
    common::parse_and_run(run)
}

/// Runs the command the command line names.
fn run(command: Command, mut out: Stdout) -> Result<()> {
    match command {
        Command::Server {
            listen,
            no_reuseaddr,
            write_timeout_ms,
        } => {
            let write_timeout = Duration::from_millis(write_timeout_ms);
            server::run(listen.addr, !no_reuseaddr, write_timeout, &mut out)
        }
        Command::Client(call) => {
            let (mut input, prompt) = common::input::stdin();
            client::run(call.addr, &mut input, prompt, &mut out)
        }
        Command::Demo => demo::run(),
        Command::Exercise(Exercise::QuitClient(call)) => {
            exercises::quit::run(call.addr, &mut io::stdin().lock(), &mut out)
        }
        Command::Exercise(Exercise::ByeServer(listen)) => {
            exercises::bye::serve(listen.addr, &mut out)
        }
        Command::Exercise(Exercise::CountServer(listen)) => {
            exercises::count::serve(listen.addr, &mut out)
        }
    }
}
