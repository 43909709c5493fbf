//! `tcp-oneshot`: lesson 1's command line. It parses and dispatches; the
//! lesson is in `server.rs` and `client.rs`.

use std::ffi::OsString;
use std::io::Stdout;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use clap::builder::{OsStringValueParser, TypedValueParser};
use clap::{Parser, Subcommand};
use common::{Call, Listen};
use tcp_oneshot::{PORT, client, demo, exercises, server};

/// Lesson 1: one TCP call. The server answers one caller, hears one message,
/// says it back upper-cased and hangs up.
#[derive(Debug, Parser)]
#[command(name = "tcp-oneshot", version, after_help = AFTER_HELP)]
enum Command {
    /// Answer one call, print who called and what they said, then exit.
    Server(Listen<PORT>),
    /// Call the server, say MESSAGE, print the answer.
    Client {
        #[command(flatten)]
        call: Call<PORT>,
        /// What to say: any bytes, at least one (an empty message would leave
        /// both sides waiting for the other).
        #[arg(default_value = "LHF nb", value_parser = non_empty())]
        message: OsString,
        /// How long to wait for the server to answer and hang up, in
        /// milliseconds.
        #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
        timeout_ms: u64,
    },
    /// Run the server and the client in one process and show the whole call.
    Demo,
    /// Run the solution of one of the lesson's exercises.
    #[command(subcommand)]
    Exercise(Exercise),
}

/// The lesson's exercises, solved (the book's lesson 1 page, "Exercises").
#[derive(Debug, Subcommand)]
enum Exercise {
    /// "dial": the client, written with the standard library's TcpStream.
    DialClient {
        #[command(flatten)]
        call: Call<PORT>,
        /// What to say.
        #[arg(default_value = "LHF nb", value_parser = non_empty())]
        message: OsString,
    },
    /// "count": a server whose answer says how many bytes it heard.
    /// Call it with `tcp-oneshot client`.
    CountServer(Listen<PORT>),
    /// "whole": a server that reads until the caller has said everything.
    WholeServer(Listen<PORT>),
    /// "whole": a client that says MESSAGE, then shuts down its sending half.
    WholeClient {
        #[command(flatten)]
        call: Call<PORT>,
        /// What to say.
        #[arg(default_value = "LHF nb", value_parser = non_empty())]
        message: OsString,
    },
}

const AFTER_HELP: &str = "\
Try it in two terminals:
  tcp-oneshot server      (terminal 1: waits for one call)
  tcp-oneshot client      (terminal 2: prints LHF NB)
Or both sides at once: tcp-oneshot demo
The lesson: lessons/tcp-oneshot.md in the book (mdbook serve mdbook)";

fn non_empty() -> impl TypedValueParser<Value = OsString> {
    OsStringValueParser::new().try_map(|text| {
        if text.is_empty() {
            Err("the message is empty: a call that says nothing leaves both sides waiting")
        } else {
            Ok(text)
        }
    })
}

fn main() -> ExitCode {
    common::parse_and_run(run)
}

/// Runs the command the command line names.
fn run(command: Command, mut out: Stdout) -> Result<()> {
    match command {
        Command::Server(listen) => server::run(listen.addr, &mut out),
        Command::Client {
            call,
            message,
            timeout_ms,
        } => {
            let message = common::bytes::arg_bytes(message);
            let timeout = Duration::from_millis(timeout_ms);
            client::run(call.addr, &message, timeout, &mut out)
        }
        Command::Demo => demo::run(),
        Command::Exercise(Exercise::DialClient { call, message }) => {
            let message = common::bytes::arg_bytes(message);
            exercises::dial::call(call.addr, &message, &mut out)
        }
        Command::Exercise(Exercise::CountServer(listen)) => {
            exercises::count::serve(listen.addr, &mut out)
        }
        Command::Exercise(Exercise::WholeServer(listen)) => {
            exercises::whole::serve(listen.addr, &mut out)
        }
        Command::Exercise(Exercise::WholeClient { call, message }) => {
            let message = common::bytes::arg_bytes(message);
            exercises::whole::call(call.addr, &message, &mut out)
        }
    }
}
