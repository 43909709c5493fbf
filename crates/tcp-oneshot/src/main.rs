//! `tcp-oneshot`: lesson 1's command line. It parses and dispatches; the
//! lesson is in `server.rs` and `client.rs`.

use std::ffi::OsString;
use std::io;
use std::net::SocketAddr;
use std::process::ExitCode;

use clap::builder::{OsStringValueParser, TypedValueParser};
use clap::{Parser, Subcommand};
use tcp_oneshot::{DEFAULT_ADDR, client, demo, server};

/// Lesson 1: one TCP call. The server answers one caller, hears one message,
/// says it back upper-cased and hangs up.
#[derive(Debug, Parser)]
#[command(name = "tcp-oneshot", version, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Answer one call, print who called and what they said, then exit.
    Server {
        /// Where to answer: IP:PORT (port 0 lets the system choose).
        #[arg(long, default_value = DEFAULT_ADDR, value_parser = common::parse_addr)]
        addr: SocketAddr,
    },
    /// Call the server, say MESSAGE, print the answer.
    Client {
        /// Where the server answers: IP:PORT.
        #[arg(long, default_value = DEFAULT_ADDR, value_parser = common::parse_addr)]
        addr: SocketAddr,
        /// What to say (any bytes but none: an empty message would leave both
        /// sides waiting for the other).
        #[arg(default_value = "LHF nb", value_parser = non_empty())]
        message: OsString,
    },
    /// Run the server and the client in one process and show the whole call.
    Demo,
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
    let cli = Cli::parse();
    let mut out = io::stdout();
    let result = match cli.command {
        Command::Server { addr } => server::run(addr, &mut out),
        Command::Client { addr, message } => {
            client::run(addr, &common::bytes::arg_bytes(message), &mut out)
        }
        Command::Demo => demo::run(),
    };
    common::report(result, "tcp-oneshot")
}
