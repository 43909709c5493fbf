//! `udp-echo`: lesson 3's command line. It parses and dispatches; the lesson
//! is in `server.rs` and `client.rs`.

use std::ffi::OsString;
use std::io::Stdout;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};
use common::bytes::arg_bytes;
use common::{Call, Listen};
use udp_echo::client::{DEFAULT_TIMEOUT_MS, Patience};
use udp_echo::exercises::{answer, connected, count, rtt};
use udp_echo::{DEFAULT_BUFSIZE, PORT, client, demo, server};

/// Lesson 3: letters, not calls. The UDP server answers every datagram, from
/// any client, upper-cased; either side may start first.
#[derive(Debug, Parser)]
#[command(name = "udp-echo", version, after_help = AFTER_HELP)]
enum Command {
    /// Bind, then answer every datagram upper-cased, printing each and its
    /// sender, until stopped (Ctrl-C).
    Server {
        #[command(flatten)]
        listen: Listen<PORT>,
        /// The receive buffer, in bytes. The default takes the largest
        /// datagram; the article's 1024 cuts longer ones.
        #[arg(long, default_value_t = DEFAULT_BUFSIZE as u32,
              value_parser = clap::value_parser!(u32).range(1..=65_535))]
        bufsize: u32,
    },
    /// Post each MESSAGE (or each line of stdin) as one datagram and print
    /// each answer.
    Client {
        #[command(flatten)]
        call: Call<PORT>,
        /// How long to wait for each answer, in milliseconds.
        #[arg(long, default_value_t = DEFAULT_TIMEOUT_MS,
              value_parser = clap::value_parser!(u64).range(1..))]
        timeout_ms: u64,
        /// How many times to post a message again when no answer came.
        #[arg(long, default_value_t = 0)]
        retries: u32,
        /// Say on stderr each time a datagram is sent.
        #[arg(long)]
        verbose: bool,
        /// The messages, one datagram each (an empty one is allowed: a
        /// datagram may carry no bytes). Without any, lines of stdin.
        messages: Vec<OsString>,
    },
    /// Run the server and the client in one process and show the exchange.
    Demo,
    /// Run the solution of one of the lesson's exercises.
    #[command(subcommand)]
    Exercise(Exercise),
}

/// The lesson's exercises, solved (the book's lesson 3 page, "Exercises").
#[derive(Debug, Subcommand)]
enum Exercise {
    /// "answer": the server's loop, as you write it. Post to it with
    /// `udp-echo client`.
    AnswerServer(Listen<PORT>),
    /// "count": a server that numbers each sender's letters. Post to it with
    /// `udp-echo client`.
    CountServer(Listen<PORT>),
    /// "rtt": a client that prints each answer with its round-trip time.
    RttClient(ExerciseClient),
    /// "connected": a client that connects its UDP socket first, and so
    /// hears "connection refused" when nobody is bound there.
    ConnectedClient(ExerciseClient),
}

/// What both exercise clients take.
#[derive(Debug, Args)]
struct ExerciseClient {
    #[command(flatten)]
    call: Call<PORT>,
    /// How long to wait for each answer, in milliseconds.
    #[arg(long, default_value_t = DEFAULT_TIMEOUT_MS,
          value_parser = clap::value_parser!(u64).range(1..))]
    timeout_ms: u64,
    /// The messages, one datagram each.
    #[arg(default_value = "LHF nb")]
    messages: Vec<OsString>,
}

impl ExerciseClient {
    /// The address, the messages as bytes, and the timeout.
    fn parts(self) -> (SocketAddr, Vec<Vec<u8>>, Duration) {
        let messages = self.messages.into_iter().map(arg_bytes).collect();
        (
            self.call.addr,
            messages,
            Duration::from_millis(self.timeout_ms),
        )
    }
}

const AFTER_HELP: &str = "\
Try it in two terminals, in either order:
  udp-echo server                (terminal 1: answers every datagram)
  udp-echo client 'LHF nb'       (terminal 2: prints LHF NB)
Or both sides at once: udp-echo demo
The lesson: lessons/udp-echo.md in the book (mdbook serve mdbook)";

fn main() -> ExitCode {
    common::parse_and_run(run)
}

/// Runs the command the command line names.
fn run(command: Command, mut out: Stdout) -> Result<()> {
    match command {
        Command::Server { listen, bufsize } => {
            server::run(listen.addr, bufsize as usize, &mut out)
        }
        Command::Client {
            call,
            timeout_ms,
            retries,
            verbose,
            messages,
        } => {
            let patience = Patience {
                timeout: Duration::from_millis(timeout_ms),
                retries,
                verbose,
            };
            if messages.is_empty() {
                // Lines of stdin, with the article's `>>>: ` prompt for a
                // person typing. An empty line is an empty letter.
                let (mut input, prompt) = common::input::stdin();
                let lines = std::iter::from_fn(move || {
                    common::input::next_line(&mut input, prompt).transpose()
                });
                client::run(call.addr, lines, patience, &mut out)
            } else {
                let messages = messages.into_iter().map(|m| Ok(arg_bytes(m)));
                client::run(call.addr, messages, patience, &mut out)
            }
        }
        Command::Demo => demo::run(),
        Command::Exercise(Exercise::AnswerServer(listen)) => {
            answer::run(listen.addr, &mut out)
        }
        Command::Exercise(Exercise::CountServer(listen)) => {
            count::serve(listen.addr, &mut out)
        }
        Command::Exercise(Exercise::RttClient(client)) => {
            let (addr, messages, timeout) = client.parts();
            rtt::run(addr, &messages, timeout, &mut out)
        }
        Command::Exercise(Exercise::ConnectedClient(client)) => {
            let (addr, messages, timeout) = client.parts();
            connected::run(addr, &messages, timeout, &mut out)
        }
    }
}
