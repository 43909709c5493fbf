//! `tcp-events`: lesson 7's command line. It parses and dispatches; the
//! lesson is in `server.rs`, `caller.rs` and `busy.rs`.

use std::io::Stdout;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use clap::{Parser, Subcommand};
use common::{Call, Listen};
use tcp_events::measure::Which;
use tcp_events::{PORT, demo, exercises, measure, server};

/// Lesson 7: one thread, many callers. Non-blocking sockets and a readiness
/// loop (mio: epoll on Linux) serve every caller at once, upper-cased.
#[derive(Debug, Parser)]
#[command(name = "tcp-events", version, after_help = AFTER_HELP)]
enum Command {
    /// Answer every caller at once, from one thread, for ever (Ctrl-C stops it).
    Server(Listen<PORT>),
    /// Lesson 2's client: say each line you type, print each answer.
    ///
    /// One message per line of standard input, until the input ends (Ctrl-D
    /// in a terminal). Empty lines are skipped. The `>>>: ` prompt shows only
    /// when standard input is a terminal.
    Client(Call<PORT>),
    /// Three callers and the loop's events, in order, in one terminal.
    Demo,
    /// Serve for a few seconds with one of the two loops, then say how often
    /// it went round and how much CPU time it used.
    Measure {
        /// busy-wait: ask every socket again and again; readiness: sleep in
        /// poll until a socket is ready.
        #[arg(value_enum)]
        which: Which,
        /// How long to serve.
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..=60))]
        seconds: u64,
        #[command(flatten)]
        listen: Listen<PORT>,
    },
    /// Run the solution of one of the lesson's exercises.
    #[command(subcommand)]
    Exercise(Exercise),
}

/// The lesson's exercises, solved (the book's lesson 7 page, "Exercises").
#[derive(Debug, Subcommand)]
enum Exercise {
    /// "idle": the server, hanging up on callers silent for too long.
    #[command(name = "idle-server")]
    Idle {
        #[command(flatten)]
        listen: Listen<PORT>,
        /// How long a caller may say nothing, in milliseconds.
        #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
        idle_ms: u64,
    },
    /// "count": the server, saying how many callers it has on SIGUSR1.
    ///
    /// `kill -USR1 PID` makes it print a line such as `3 callers on the
    /// line (1 with answers waiting, 0 paused)`. Unix only.
    #[command(name = "count-server")]
    Count(Listen<PORT>),
    /// "chat": a chat room; every line a caller sends goes to all the others.
    ///
    /// Call it with a program that prints what arrives while you type, such
    /// as `nc 127.0.0.1 8082` (lesson 2's client waits for an echo instead).
    #[command(name = "chat-server")]
    Chat(Listen<PORT>),
}

const AFTER_HELP: &str = "\
Try it in three terminals:
  tcp-events server      (terminal 1: answers everyone until Ctrl-C)
  tcp-events client      (terminals 2 and 3: type lines; both are answered)
Or see the loop's events: tcp-events demo
The lesson: lessons/tcp-events.md in the book (mdbook serve mdbook)";

fn main() -> ExitCode {
    common::parse_and_run(run)
}

/// Runs the command the command line names.
fn run(command: Command, mut out: Stdout) -> Result<()> {
    match command {
        Command::Server(listen) => server::run(listen.addr, &mut out),
        Command::Client(call) => {
            let (mut input, prompt) = common::input::stdin();
            tcp_loop::client::run(call.addr, &mut input, prompt, &mut out)
        }
        Command::Demo => demo::run(),
        Command::Measure {
            which,
            seconds,
            listen,
        } => {
            let seconds = Duration::from_secs(seconds);
            measure::run(which, listen.addr, seconds, &mut out)
        }
        Command::Exercise(Exercise::Idle { listen, idle_ms }) => {
            let idle = Duration::from_millis(idle_ms);
            exercises::idle::serve(listen.addr, idle, &mut out)
        }
        Command::Exercise(Exercise::Count(listen)) => {
            exercises::count::serve(listen.addr, &mut out)
        }
        Command::Exercise(Exercise::Chat(listen)) => {
            exercises::chat::serve(listen.addr, &mut out)
        }
    }
}
