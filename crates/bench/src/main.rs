//! `bench`: the command line. It parses and dispatches; the loads are in
//! `modes/`, the reference servers in `reference.rs`, the comparison in
//! `compare.rs`.

use std::io::{self, Write};
use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::{Context, Result};
use bench::cli::{DEFAULT_TCP_ADDR, loopback};
use bench::modes::{
    connects, files, frame_rtt, hold, late_reader, rtt, sessions, spawn, stream,
    udp_rtt,
};
use bench::{compare, plan, reference, render};
use clap::{Parser, Subcommand};

/// Load generator for the course's protocol, and a side-by-side comparison.
///
/// Every mode sends bytes and checks that each comes back upper-cased; every
/// mode stops by itself (a count and a deadline) and calls loopback only.
#[derive(Debug, Parser)]
#[command(name = "bench", version, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// One connection, one message at a time: round-trip times
    Rtt(rtt::Args),
    /// Lesson 5's frames, one at a time: round-trip times (tcp-framing server)
    FrameRtt(rtt::Args),
    /// Lesson 5's file server: put and get speed, the server's peak memory
    ///
    /// A put of BYTES, then a get of the same file, against `tcp-framing
    /// file-server`; every byte checked.
    Files(files::Args),
    /// One connection, writing and reading at once: throughput
    Stream(stream::Args),
    /// Many clients at once, each on its own connection: who is served
    Sessions(sessions::Args),
    /// Short calls one after another (dial, one message, hang up)
    Connects(connects::Args),
    /// Datagrams one at a time, each with a timeout: round trips, losses
    UdpRtt(udp_rtt::Args),
    /// Many callers on the line at once, silent after one message: what they
    /// cost the server (memory, threads), and a new caller's call meanwhile
    Hold(hold::Args),
    /// A caller that says a lot, reads nothing for a while, then everything:
    /// the server's CPU time and memory while it waits
    LateReader(late_reader::Args),
    /// A client program, timed from start to exit, again and again
    ///
    /// Each run must exit 0 and print exactly EXPECT (and a newline). In the
    /// program's arguments, {addr} stands for --addr.
    Spawn(spawn::Args),
    /// The reference server: a thread per call, 64 KiB reads, TCP_NODELAY
    ///
    /// Plain std, as the bar to measure the others against. Prints
    /// `listening on ADDR` (or `bound to ADDR` with --udp) first.
    ReferenceServer {
        /// Where to answer: IP:PORT on loopback (port 0 lets the system choose).
        #[arg(long, default_value = DEFAULT_TCP_ADDR, value_parser = loopback)]
        addr: SocketAddr,
        /// Answer datagrams (UDP) instead of calls.
        #[arg(long)]
        udp: bool,
        /// Hang up after answering each caller's first read, as lesson 1's
        /// server does (for clients that read until the server hangs up).
        #[arg(long, conflicts_with = "udp")]
        hang_up: bool,
    },
    /// The reference client: one call, say MESSAGE, print the reply
    ReferenceClient {
        /// Where the server answers: IP:PORT on loopback.
        #[arg(long, default_value = DEFAULT_TCP_ADDR, value_parser = loopback)]
        addr: SocketAddr,
        /// What to say.
        #[arg(default_value = "LHF nb")]
        message: String,
    },
    /// Every load against the reference, the lessons and the Python, side by side
    ///
    /// Prints tables of medians and ratios to the reference, and the goals;
    /// with --write DIR, writes them there as Markdown (results.md, frames.md,
    /// many.md, idle.md) and charts (chart.svg, frames.svg, many.svg). It
    /// measures the lesson binaries next to its own: build them first, in the
    /// same profile (`cargo build --release --bins`).
    Compare(plan::Options),
}

const AFTER_HELP: &str = "\
Try it against the reference, in two terminals:
  bench reference-server          (terminal 1)
  bench rtt --size 4KiB           (terminal 2)
Or against a lesson: tcp-loop server, then bench rtt.
Everything side by side (build the lessons first):
  cargo build --release --bins && cargo run --release -p bench -- compare
The page: lessons/performance.md in the book (mdbook serve mdbook)";

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = io::stdout();
    let result = run(cli.command, &mut out);
    common::report(result, "bench")
}

fn run(command: Command, out: &mut dyn Write) -> Result<()> {
    use Command as C;
    let report = match command {
        C::Rtt(a) => rtt::run(&a),
        C::FrameRtt(a) => frame_rtt::run(&a),
        C::Files(a) => files::run(&a),
        C::Stream(a) => stream::run(&a),
        C::Sessions(a) => sessions::run(&a),
        C::Connects(a) => connects::run(&a),
        C::UdpRtt(a) => udp_rtt::run(&a),
        C::Hold(a) => hold::run(&a),
        C::LateReader(a) => late_reader::run(&a),
        C::Spawn(a) => spawn::run(&a),
        C::ReferenceServer {
            addr, udp: true, ..
        } => {
            return reference::serve_udp(addr, out);
        }
        C::ReferenceServer { addr, hang_up, .. } => {
            return reference::serve_tcp(addr, hang_up, out);
        }
        C::ReferenceClient { addr, message } => {
            return reference::call(addr, message.as_bytes(), out);
        }
        C::Compare(opts) => return compare_and_write(&opts, out),
    };
    writeln!(out, "{}", report?)?;
    Ok(())
}

/// `bench compare`: runs it, prints the tables and, with `--write DIR`,
/// writes the files the pages include into DIR.
fn compare_and_write(opts: &plan::Options, out: &mut dyn Write) -> Result<()> {
    let (outcome, plan) = compare::run(opts, out)?;
    write!(out, "\n{}", render::console(&outcome, &plan))?;
    let Some(dir) = &opts.write else {
        return Ok(());
    };
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create {}", dir.display()))?;
    for (name, text) in render::files(&outcome, &plan) {
        let path = dir.join(name);
        std::fs::write(&path, text)
            .with_context(|| format!("cannot write {}", path.display()))?;
        writeln!(out, "wrote {}", path.display())?;
    }
    Ok(())
}
