//! `wire-watch`: the lesson's command line. It parses and dispatches; the
//! lesson is in `capture.rs`, `packet.rs` and the scenarios.

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use clap::builder::PossibleValuesParser;
use clap::{Parser, Subcommand};
use wire_watch::scenarios::{self, SCENARIOS};
use wire_watch::{exercises, watch};

/// Watch the wire: the packets of the course's programs, captured on the
/// loopback interface (Linux, as root or with CAP_NET_RAW).
#[derive(Debug, Parser)]
#[command(name = "wire-watch", version, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show each packet on lo, one line each, like `tcpdump -nn -i lo`.
    Capture {
        /// Only packets to or from this port.
        #[arg(long)]
        port: Option<u16>,
        /// Stop after this many packets.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
        count: Option<u64>,
        /// Stop after this many milliseconds.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
        for_ms: Option<u64>,
        /// Print the trace as a mermaid sequence diagram at the end.
        #[arg(long)]
        mermaid: bool,
    },
    /// Run the solution of one of the lesson's exercises.
    #[command(subcommand)]
    Exercise(Exercise),
    /// Run one lesson's sockets and show each call with the packets it caused.
    Demo {
        /// Which: one-shot (lesson 1), reset, sticky, nagle, udp-unreachable,
        /// backlog.
        #[arg(default_value = "one-shot", value_parser = PossibleValuesParser::new(SCENARIOS.iter().map(|s| s.name)))]
        scenario: String,
        /// Over IPv6 ([::1]) instead of IPv4 (127.0.0.1).
        #[arg(long)]
        ipv6: bool,
        /// Print the story as a mermaid sequence diagram.
        #[arg(long)]
        mermaid: bool,
    },
}

/// The lesson's exercises, solved (the book's page, "Exercises").
#[derive(Debug, Subcommand)]
enum Exercise {
    /// "names": the TCP packets of a port, with their flags by name.
    Names {
        /// The port to watch.
        #[arg(long)]
        port: u16,
        /// Stop after this many packets.
        #[arg(long, default_value_t = 20)]
        count: usize,
        /// Stop after this many milliseconds.
        #[arg(long, default_value_t = 60_000)]
        for_ms: u64,
    },
    /// "sticky": five writes, two reads: which segments did each read glue?
    Sticky,
    /// "retransmits": the full-queue demo, then the packets sent again.
    Retransmits,
}

const AFTER_HELP: &str = "\
Try it (as root, or after `sudo setcap cap_net_raw+ep` on the binary):
  wire-watch demo one-shot          (lesson 1's call, packet by packet)
  wire-watch capture --port 9000    (terminal 1; then run lesson 1 in others)
The lesson: lessons/wire-watch.md in the book (mdbook serve mdbook)";

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = io::stdout();
    let result = match cli.command {
        Command::Capture {
            port,
            count,
            for_ms,
            mermaid,
        } => {
            let options = watch::Options {
                port,
                count: count.map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
                duration: for_ms.map(Duration::from_millis),
                mermaid,
            };
            watch::run(options, &mut out)
        }
        Command::Exercise(Exercise::Names {
            port,
            count,
            for_ms,
        }) => {
            let duration = Duration::from_millis(for_ms);
            exercises::names::run(port, count, duration, &mut out)
        }
        Command::Exercise(Exercise::Sticky) => {
            let call = &["client", "server"];
            scenarios::play(exercises::sticky::run, call, v4(), false, &mut out)
        }
        Command::Exercise(Exercise::Retransmits) => {
            let callers = &["caller 1", "caller 2", "server"];
            let run = exercises::retransmits::run;
            scenarios::play(run, callers, v4(), false, &mut out)
        }
        Command::Demo {
            scenario,
            ipv6,
            mermaid,
        } => {
            let loopback = if ipv6 {
                (Ipv6Addr::LOCALHOST, 0).into()
            } else {
                v4()
            };
            scenarios::run(&scenario, loopback, mermaid, &mut out)
        }
    };
    common::report(result, "wire-watch")
}

/// `127.0.0.1:0`: loopback, a port the system picks.
fn v4() -> SocketAddr {
    (Ipv4Addr::LOCALHOST, 0).into()
}
