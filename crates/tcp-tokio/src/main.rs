//! `tcp-tokio`: lesson 8's command line. It parses and dispatches; the lesson
//! is in `server.rs`, `call.rs` and `client.rs`.

use std::io::{self, IsTerminal, Stdout};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use common::{Call, Listen};
use tcp_tokio::client::{self, Timeouts};
use tcp_tokio::server::{self, Settings};
use tcp_tokio::{PORT, demo, exercises};

/// Lesson 8: lesson 2's server with async/await. A task for each caller, so
/// callers are served at the same time; an idle timeout; a graceful Ctrl-C.
#[derive(Debug, Parser)]
#[command(name = "tcp-tokio", version, after_help = AFTER_HELP)]
enum Command {
    /// Answer callers, all at once, until Ctrl-C or SIGTERM.
    ///
    /// At Ctrl-C (or SIGTERM) the server stops taking calls at once, lets the
    /// callers on the line go on for the grace period, hangs up on those
    /// left, prints a summary and exits with code 0.
    Server(ServerArgs),
    /// Call the server, say each line you type, print each answer.
    ///
    /// One message per line of standard input, until the input ends (Ctrl-D
    /// in a terminal). Empty lines are skipped. The `>>>: ` prompt shows only
    /// when standard input is a terminal.
    Client {
        #[command(flatten)]
        call: Call<PORT>,
        /// How long to wait for the call to go through, in milliseconds.
        #[arg(long, default_value_t = 3000, value_parser = clap::value_parser!(u64).range(1..))]
        connect_timeout_ms: u64,
        /// How long to wait for each answer, in milliseconds.
        #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
        reply_timeout_ms: u64,
    },
    /// Run the server and four callers in one process, then close.
    Demo,
    /// Run the solution of one of the lesson's exercises.
    #[command(subcommand)]
    Exercise(Exercise),
}

/// What every server of the lesson takes.
#[derive(Debug, Args)]
struct ServerArgs {
    #[command(flatten)]
    listen: Listen<PORT>,
    /// Hang up on a caller who says nothing for this many milliseconds
    /// (default: never).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    idle_timeout_ms: Option<u64>,
    /// At Ctrl-C, how long callers on the line may go on, in milliseconds.
    #[arg(long, default_value_t = 2000)]
    grace_ms: u64,
    /// How many calls the kernel may queue until the server picks them up
    /// (the article's listen(5); Linux caps it at net.core.somaxconn).
    #[arg(long, default_value_t = server::BACKLOG, value_parser = clap::value_parser!(u32).range(1..))]
    backlog: u32,
}

impl ServerArgs {
    fn settings(&self) -> Settings {
        Settings {
            idle_timeout: self.idle_timeout_ms.map(Duration::from_millis),
            grace: Duration::from_millis(self.grace_ms),
            backlog: self.backlog,
        }
    }
}

/// The lesson's exercises, solved (the book's lesson 8 page, "Exercises").
#[derive(Debug, Subcommand)]
enum Exercise {
    /// "chat": a chat room; what one caller says, the others hear.
    #[command(name = "chat-server")]
    Chat(ServerArgs),
    /// "rate": each caller may say at most N bytes a second.
    #[command(name = "rate-limited-server")]
    RateLimited {
        #[command(flatten)]
        server: ServerArgs,
        /// The most each caller may say in a second, in bytes.
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..))]
        bytes_per_second: u64,
    },
    /// "goodbye": at closing time, tell each caller why before hanging up.
    #[command(name = "goodbye-server")]
    Goodbye(ServerArgs),
}

const AFTER_HELP: &str = "\
Try it in three terminals:
  tcp-tokio server      (terminal 1: answers callers until Ctrl-C)
  tcp-tokio client      (terminals 2 and 3: both are answered at once)
Or everything at once: tcp-tokio demo
The lesson: lessons/tcp-tokio.md in the book (mdbook serve mdbook)";

fn main() -> ExitCode {
    common::parse_and_run(run)
}

/// Runs the command the command line names.
fn run(command: Command, out: Stdout) -> Result<()> {
    match command {
        Command::Server(args) => {
            server::run(args.listen.addr, args.settings(), Box::new(out))
        }
        Command::Client {
            call,
            connect_timeout_ms,
            reply_timeout_ms,
        } => {
            let timeouts = Timeouts {
                connect: Duration::from_millis(connect_timeout_ms),
                reply: Duration::from_millis(reply_timeout_ms),
            };
            run_client(call.addr, timeouts, out)
        }
        Command::Demo => demo::run(),
        Command::Exercise(Exercise::Chat(args)) => {
            exercises::chat::serve(args.listen.addr, args.settings(), Box::new(out))
        }
        Command::Exercise(Exercise::RateLimited {
            server,
            bytes_per_second,
        }) => exercises::rate::serve(
            server.listen.addr,
            server.settings(),
            bytes_per_second,
            Box::new(out),
        ),
        Command::Exercise(Exercise::Goodbye(args)) => exercises::goodbye::serve(
            args.listen.addr,
            args.settings(),
            Box::new(out),
        ),
    }
}

/// The client needs one thread only: a runtime on the current thread.
fn run_client(addr: SocketAddr, timeouts: Timeouts, mut out: Stdout) -> Result<()> {
    // The article's `>>>: ` prompt is for a person typing, not for a pipe.
    let prompt = io::stdin().is_terminal();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start tokio's runtime")?;
    runtime.block_on(async {
        let mut input = tokio::io::BufReader::new(tokio::io::stdin());
        client::run(addr, &mut input, prompt, &mut out, timeouts).await
    })
}
