//! `tcp-threads`: lesson 6's command line. It parses and dispatches; the
//! lesson is in `server.rs`, `call.rs` and `pool.rs`.

use std::io::Stdout;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use clap::{Parser, Subcommand};
use common::{Call, Listen};
use tcp_threads::server::{self, Settings};
use tcp_threads::{MAX_CALLERS, PORT, client, demo, exercises};

/// Lesson 6: many callers at once. Lesson 2's server, with a thread for each
/// caller (or a fixed pool of them): every caller is answered while the
/// others stay on the line.
#[derive(Debug, Parser)]
#[command(name = "tcp-threads", version, after_help = AFTER_HELP)]
enum Command {
    /// Answer many callers at once, a thread each, for ever (Ctrl-C stops it).
    Server {
        #[command(flatten)]
        listen: Listen<PORT>,
        /// How many callers may be on the line at once; the next one is hung
        /// up on at once, with a `busy:` line in the log.
        #[arg(long, default_value_t = MAX_CALLERS, value_parser = at_least_one)]
        max_callers: usize,
        /// Serve with a fixed pool of this many threads instead of a thread
        /// per caller; callers beyond it wait until a worker is free.
        #[arg(long, value_parser = at_least_one)]
        workers: Option<usize>,
        /// How long to wait for a caller who does not read its answers before
        /// hanging up on it, in milliseconds.
        #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
        write_timeout_ms: u64,
    },
    /// Call the server, say each line you type, print each answer (lesson 2's
    /// client).
    ///
    /// One message per line of standard input, until the input ends (Ctrl-D
    /// in a terminal). Empty lines are skipped. The `>>>: ` prompt shows only
    /// when standard input is a terminal.
    Client(Call<PORT>),
    /// Run the server and three callers talking at once, in one process.
    Demo,
    /// Run the solution of one of the lesson's exercises.
    #[command(subcommand)]
    Exercise(Exercise),
}

/// The lesson's exercises, solved (the book's lesson 6 page, "Exercises").
#[derive(Debug, Subcommand)]
enum Exercise {
    /// "second-caller": is a second caller answered while a first stays on
    /// the line? Try it against any server of lesson 2's wire.
    SecondCaller {
        #[command(flatten)]
        call: Call<PORT>,
        /// How long to wait for the second caller's answer, in milliseconds.
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..))]
        patience_ms: u64,
    },
    /// "chat": a chat room; every line a caller says goes to all the others.
    ///
    /// Talk to it with `nc 127.0.0.1 8081` in several terminals.
    ChatServer(Listen<PORT>),
    /// "bounded-queue": the pool, with a bounded queue; a caller who finds
    /// it full is refused at once.
    BoundedPool {
        #[command(flatten)]
        listen: Listen<PORT>,
        /// How many workers answer calls.
        #[arg(long, default_value_t = 2, value_parser = at_least_one)]
        workers: usize,
        /// How many calls may wait for a worker.
        #[arg(long, default_value_t = 2, value_parser = at_least_one)]
        queue: usize,
    },
}

const AFTER_HELP: &str = "\
Try it in three terminals:
  tcp-threads server      (terminal 1: answers callers until Ctrl-C)
  tcp-threads client      (terminals 2 and 3: type lines; Ctrl-D hangs up)
Or everything at once: tcp-threads demo
The lesson: lessons/tcp-threads.md in the book (mdbook serve mdbook)";

/// A count of at least 1, for `--max-callers` and `--workers`.
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "write a whole number of at least 1, such as 4, not {text:?}"
        )),
    }
}

fn main() -> ExitCode {
    common::parse_and_run(run)
}

/// Runs the command the command line names.
fn run(command: Command, mut out: Stdout) -> Result<()> {
    match command {
        Command::Server {
            listen,
            max_callers,
            workers,
            write_timeout_ms,
        } => {
            let settings = Settings {
                max_callers,
                workers,
                write_timeout: Duration::from_millis(write_timeout_ms),
            };
            server::run(listen.addr, &settings, out)
        }
        Command::Client(call) => {
            let (mut input, prompt) = common::input::stdin();
            tcp_loop::client::run(call.addr, &mut input, prompt, &mut out)
                .map_err(client::with_this_hint)
        }
        Command::Demo => demo::run(),
        Command::Exercise(Exercise::SecondCaller { call, patience_ms }) => {
            let patience = Duration::from_millis(patience_ms);
            exercises::second_caller::run(call.addr, patience, &mut out)
        }
        Command::Exercise(Exercise::ChatServer(listen)) => {
            exercises::chat::serve(listen.addr, out)
        }
        Command::Exercise(Exercise::BoundedPool {
            listen,
            workers,
            queue,
        }) => exercises::bounded_queue::serve(listen.addr, workers, queue, out),
    }
}
