//! `bench`: the command line. It parses and dispatches; the loads are in
//! `modes/`, the reference servers in `reference.rs`, the comparison in
//! `compare.rs`.

use std::ffi::OsString;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use bench::modes::{self, Limits};
use bench::{compare, plan, reference, render};
use clap::builder::TypedValueParser;
use clap::{Args, Parser, Subcommand};

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
        bounds: Bounds,
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
        bounds: Bounds,
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
        bounds: Bounds,
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
    Compare {
        /// How many times each load runs against each program.
        #[arg(long, default_value_t = plan::DEFAULT_RUNS, value_parser = clap::value_parser!(u16).range(1..=100).map(usize::from))]
        runs: usize,
        /// Tiny counts and deadlines: proves it works in a few seconds.
        #[arg(long)]
        quick: bool,
        /// Write the tables and the charts into DIR (the book's: lessons/bench).
        #[arg(long, value_name = "DIR")]
        write: Option<PathBuf>,
        /// Leave out the lesson programs.
        #[arg(long)]
        no_lessons: bool,
        /// Leave out the article's Python programs.
        #[arg(long)]
        no_python: bool,
        /// Do not pin the bench and the servers to CPUs.
        #[arg(long)]
        no_pin: bool,
    },
}

/// The TCP server to call.
#[derive(Debug, Args)]
struct Target {
    /// Where the server answers: IP:PORT on loopback.
    #[arg(long, default_value = DEFAULT_TCP_ADDR, value_parser = loopback)]
    addr: SocketAddr,
}

/// The longest one socket operation may wait.
#[derive(Debug, Args)]
struct Timeout {
    /// The longest one connect, read or write may wait, in milliseconds.
    #[arg(long, default_value = "5000", value_parser = parse_millis)]
    timeout_ms: Duration,
}

/// How much a load may do.
#[derive(Debug, Args)]
struct Bounds {
    /// The most rounds (round trips, calls, runs).
    #[arg(long, default_value_t = 1000, value_parser = count(u32::MAX))]
    count: usize,
    /// Stop after this many seconds even if rounds are left.
    #[arg(long, default_value = "5", value_parser = parse_secs)]
    seconds: Duration,
    #[command(flatten)]
    timeout: Timeout,
}

impl Bounds {
    fn limits(&self) -> Limits {
        let (count, time, timeout) =
            (self.count, self.seconds, self.timeout.timeout_ms);
        Limits {
            count,
            time,
            timeout,
        }
    }
}

/// Round trips of one size: `rtt` and `frame-rtt`.
#[derive(Debug, Args)]
struct Sized {
    #[command(flatten)]
    target: Target,
    /// Bytes per message, or per frame's payload (16, 4KiB, 100KiB, 1MiB).
    #[arg(long, default_value = "16", value_parser = parse_size)]
    size: usize,
    #[command(flatten)]
    bounds: Bounds,
}

/// The server whose memory is read from /proc (Linux).
#[derive(Debug, Args)]
struct Server {
    /// The server's process id (found by the port of --addr when left out).
    #[arg(long)]
    pid: Option<u32>,
    #[command(flatten)]
    timeout: Timeout,
}

/// Where the TCP modes call and the reference server answers unless `--addr`
/// says otherwise: lesson 2's default, so `bench rtt` measures `tcp-loop server`.
const DEFAULT_TCP_ADDR: &str = "127.0.0.1:8080";

/// Where `udp-rtt` sends unless told otherwise: lesson 3's default.
const DEFAULT_UDP_ADDR: &str = "127.0.0.1:9000";

const AFTER_HELP: &str = "\
Try it against the reference, in two terminals:
  bench reference-server          (terminal 1)
  bench rtt --size 4KiB           (terminal 2)
Or against a lesson: tcp-loop server, then bench rtt.
Everything side by side (build the lessons first):
  cargo build --release --bins && cargo run --release -p bench -- compare
The page: lessons/performance.md in the book (mdbook serve mdbook)";

/// A count from 1 to `max`.
fn count(max: u32) -> impl TypedValueParser<Value = usize> {
    clap::value_parser!(u32)
        .range(1..=i64::from(max))
        .map(|n| n as usize)
}

/// An `--addr` on loopback: a load generator is for your own machine.
fn loopback(text: &str) -> Result<SocketAddr, String> {
    let addr = common::parse_addr(text)?;
    if addr.ip().is_loopback() {
        Ok(addr)
    } else {
        Err(format!(
            "`{text}` is not a loopback address: the bench loads your own machine \
             only, 127.0.0.1 or [::1]"
        ))
    }
}

/// `4096`, `4KiB`, `4K`, `64MiB`, `1GiB`: a size in bytes.
fn parse_size(text: &str) -> Result<usize, String> {
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let scale: Option<usize> =
        match text[digits.len()..].to_ascii_lowercase().as_str() {
            "" | "b" => Some(1),
            "k" | "kib" => Some(1 << 10),
            "m" | "mib" => Some(1 << 20),
            "g" | "gib" => Some(1 << 30),
            _ => None,
        };
    let n = scale.and_then(|s| digits.parse::<usize>().ok()?.checked_mul(s));
    match n {
        Some(0) => Err("a size of 0 sends nothing: give 1 or more".to_string()),
        Some(n) => Ok(n),
        None => Err(format!(
            "`{text}`: write a size such as 4096, 4KiB or 64MiB"
        )),
    }
}

/// A positive number of seconds, such as `5` or `0.5`.
fn parse_secs(text: &str) -> Result<Duration, String> {
    match text.parse::<f64>() {
        Ok(s) if s > 0.0 && s <= 3600.0 => Ok(Duration::from_secs_f64(s)),
        _ => Err(format!(
            "`{text}`: give seconds above 0 (at most 3600), such as 5 or 0.5"
        )),
    }
}

/// A positive number of milliseconds.
fn parse_millis(text: &str) -> Result<Duration, String> {
    match text.parse::<u64>() {
        Ok(ms) if (1..=3_600_000).contains(&ms) => Ok(Duration::from_millis(ms)),
        _ => Err(format!(
            "`{text}`: give milliseconds, 1 or more, such as 200"
        )),
    }
}

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
            bounds,
        }) => modes::rtt::run(target.addr, size, bounds.limits()),
        C::FrameRtt(Sized {
            target,
            size,
            bounds,
        }) => modes::frame_rtt::run(target.addr, size, bounds.limits()),
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
        C::Connects { target, bounds } => {
            modes::connects::run(target.addr, bounds.limits())
        }
        C::UdpRtt {
            addr,
            size,
            wait_ms,
            bounds,
        } => modes::udp_rtt::run(addr, size, wait_ms, bounds.limits()),
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
            bounds,
            command,
        } => {
            let (program, args) = command.split_first().ok_or_else(|| {
                anyhow::anyhow!("no program to run: put it after `--`")
            })?;
            let addr = target.addr.to_string();
            let args = modes::spawn::fill(args, "addr", addr.as_ref());
            modes::spawn::run(program, &args, expect.as_bytes(), bounds.limits())
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
        C::Compare {
            runs,
            quick,
            write,
            no_lessons,
            no_python,
            no_pin,
        } => {
            let opts = plan::Options {
                runs,
                quick,
                write,
                lessons: !no_lessons,
                python: !no_python,
                pin: !no_pin,
            };
            return compare_and_write(&opts, out);
        }
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
