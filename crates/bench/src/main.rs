//! `bench`: the command line. It parses and dispatches; the loads are in
//! `modes/`, the reference servers in `reference.rs`, the comparison in
//! `compare.rs`.

use std::ffi::OsString;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use bench::cli::{
    DEFAULT_TCP_ADDR, DEFAULT_UDP_ADDR, Limits, Server, Sized, Target, Timeout,
    count, loopback, parse_millis, parse_secs, parse_size,
};
use bench::{compare, modes, plan, reference, render};
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
    Rtt(Sized),
    /// Lesson 5's frames, one at a time: round-trip times (tcp-framing server)
    FrameRtt(Sized),
    /// Lesson 5's file server: put and get speed, the server's peak memory
    ///
    /// A put of BYTES, then a get of the same file, against `tcp-framing
    /// file-server`; every byte checked.
    Files {
        #[command(flatten)]
        target: Target,
        /// The file's size (128MiB, 1GiB, ...).
        #[arg(long, default_value = "128MiB", value_parser = parse_size)]
        bytes: usize,
        #[command(flatten)]
        server: Server,
    },
    /// One connection, writing and reading at once: throughput
    Stream {
        #[command(flatten)]
        target: Target,
        /// Bytes to send (64MiB, 1GiB, ...).
        #[arg(long, default_value = "64MiB", value_parser = parse_size)]
        bytes: usize,
        /// Stop after this many seconds even if bytes are left.
        #[arg(long, default_value = "5", value_parser = parse_secs)]
        seconds: Duration,
        #[command(flatten)]
        timeout: Timeout,
    },
    /// Many clients at once, each on its own connection: who is served
    Sessions {
        #[command(flatten)]
        target: Target,
        /// How many clients at once.
        #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=1000))]
        clients: u16,
        /// How long each client holds its connection and talks, in milliseconds.
        #[arg(long, default_value = "1000", value_parser = parse_millis)]
        window_ms: Duration,
    },
    /// Short calls one after another (dial, one message, hang up)
    Connects {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        limits: Limits,
    },
    /// Datagrams one at a time, each with a timeout: round trips, losses
    UdpRtt {
        /// Where the UDP server is bound: IP:PORT on loopback.
        #[arg(long, default_value = DEFAULT_UDP_ADDR, value_parser = loopback)]
        addr: SocketAddr,
        /// Bytes per datagram (8 to 65507).
        #[arg(long, default_value = "16", value_parser = parse_size)]
        size: usize,
        /// How long to wait for each answer before counting it lost, in ms.
        #[arg(long, default_value = "200", value_parser = parse_millis)]
        wait_ms: Duration,
        #[command(flatten)]
        limits: Limits,
    },
    /// Many callers on the line at once, silent after one message: what they
    /// cost the server (memory, threads), and a new caller's call meanwhile
    Hold {
        #[command(flatten)]
        target: Target,
        /// How many callers to hold.
        #[arg(long, default_value_t = 1000, value_parser = count(100_000))]
        callers: usize,
        /// New calls to time while they are held.
        #[arg(long, default_value_t = 200, value_parser = count(100_000))]
        probes: usize,
        #[command(flatten)]
        server: Server,
    },
    /// A caller that says a lot, reads nothing for a while, then everything:
    /// the server's CPU time and memory while it waits
    LateReader {
        #[command(flatten)]
        target: Target,
        /// Bytes to say before reading (64MiB, ...).
        #[arg(long, default_value = "64MiB", value_parser = parse_size)]
        bytes: usize,
        /// How long to wait before reading, in milliseconds.
        #[arg(long, default_value = "2000", value_parser = parse_millis)]
        wait_ms: Duration,
        #[command(flatten)]
        server: Server,
    },
    /// A client program, timed from start to exit, again and again
    ///
    /// Each run must exit 0 and print exactly EXPECT (and a newline). In the
    /// program's arguments, {addr} stands for --addr.
    Spawn {
        #[command(flatten)]
        target: Target,
        /// What each run must print.
        #[arg(long, default_value = "LHF NB")]
        expect: String,
        #[command(flatten)]
        limits: Limits,
        /// The program and its arguments, after `--`.
        #[arg(last = true, required = true)]
        command: Vec<OsString>,
    },
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
        #[command(flatten)]
        target: Target,
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
        C::Rtt(Sized {
            target,
            size,
            limits,
        }) => modes::rtt::run(target.addr, size, limits),
        C::FrameRtt(Sized {
            target,
            size,
            limits,
        }) => modes::frame_rtt::run(target.addr, size, limits),
        C::Files {
            target,
            bytes,
            server,
        } => {
            let (pid, timeout) = (server.pid, server.timeout.timeout_ms);
            modes::files::run(target.addr, bytes as u64, pid, timeout)
        }
        C::Stream {
            target,
            bytes,
            seconds,
            timeout,
        } => {
            let timeout = timeout.timeout_ms;
            modes::stream::run(target.addr, bytes as u64, seconds, timeout)
        }
        C::Sessions {
            target,
            clients,
            window_ms,
        } => modes::sessions::run(target.addr, clients.into(), window_ms),
        C::Connects { target, limits } => modes::connects::run(target.addr, limits),
        C::UdpRtt {
            addr,
            size,
            wait_ms,
            limits,
        } => modes::udp_rtt::run(addr, size, wait_ms, limits),
        C::Hold {
            target,
            callers,
            probes,
            server,
        } => {
            let (pid, timeout) = (server.pid, server.timeout.timeout_ms);
            modes::hold::run(target.addr, callers, probes, pid, timeout)
        }
        C::LateReader {
            target,
            bytes,
            wait_ms,
            server,
        } => {
            let (pid, timeout) = (server.pid, server.timeout.timeout_ms);
            modes::late_reader::run(target.addr, bytes, wait_ms, pid, timeout)
        }
        C::Spawn {
            target,
            expect,
            limits,
            command,
        } => {
            let (program, args) = command.split_first().ok_or_else(|| {
                anyhow::anyhow!("no program to run: put it after `--`")
            })?;
            let addr = target.addr.to_string();
            let args = modes::spawn::fill(args, "addr", addr.as_ref());
            modes::spawn::run(program, &args, expect.as_bytes(), limits)
        }
        C::ReferenceServer {
            addr, udp: true, ..
        } => {
            return reference::serve_udp(addr, out);
        }
        C::ReferenceServer { addr, hang_up, .. } => {
            return reference::serve_tcp(addr, hang_up, out);
        }
        C::ReferenceClient { target, message } => {
            return reference::call(target.addr, message.as_bytes(), out);
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
