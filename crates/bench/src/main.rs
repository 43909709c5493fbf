//! `bench`: the command line. It parses and dispatches; the loads are in
//! `modes/`, the reference servers in `reference.rs`, the comparison in
//! `compare.rs`.

use std::ffi::OsString;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use bench::modes::{self, Limits};
use bench::results::Outcome;
use bench::{DEFAULT_TCP_ADDR, DEFAULT_UDP_ADDR, compare, plan, reference, render};
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
    Rtt {
        #[command(flatten)]
        target: TcpTarget,
        /// Bytes per message (4096, 4KiB, 100KiB, 1MiB).
        #[arg(long, default_value = "16", value_parser = parse_size)]
        size: usize,
        #[command(flatten)]
        bounds: Bounds,
    },
    /// Lesson 5's frames, one at a time: round-trip times (tcp-framing server)
    FrameRtt {
        #[command(flatten)]
        target: TcpTarget,
        /// Bytes per frame's payload (16, 100KiB, ...).
        #[arg(long, default_value = "16", value_parser = parse_size)]
        size: usize,
        #[command(flatten)]
        bounds: Bounds,
    },
    /// Lesson 5's file server: put and get speed, the server's peak memory
    ///
    /// A put of BYTES, then a get of the same file, against `tcp-framing
    /// file-server`; every byte checked. The server's memory is read from /proc (Linux): give --pid, or the
    /// process listening on --addr is found by its port.
    Files {
        #[command(flatten)]
        target: TcpTarget,
        /// The file's size (128MiB, 1GiB, ...).
        #[arg(long, default_value = "128MiB", value_parser = parse_size)]
        bytes: usize,
        /// The server's process id (found by its port when left out).
        #[arg(long)]
        pid: Option<u32>,
        /// The longest one connect, read or write may wait, in milliseconds.
        #[arg(long, default_value = "5000", value_parser = parse_millis)]
        timeout_ms: Duration,
    },
    /// One connection, writing and reading at once: throughput
    Stream {
        #[command(flatten)]
        target: TcpTarget,
        /// Bytes to send (64MiB, 1GiB, ...).
        #[arg(long, default_value = "64MiB", value_parser = parse_size)]
        bytes: usize,
        /// Stop after this many seconds even if bytes are left.
        #[arg(long, default_value = "5", value_parser = parse_secs)]
        seconds: Duration,
        /// The longest one read or write may wait, in milliseconds.
        #[arg(long, default_value = "5000", value_parser = parse_millis)]
        timeout_ms: Duration,
    },
    /// Many clients at once, each on its own connection: who is served
    Sessions {
        #[command(flatten)]
        target: TcpTarget,
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
        target: TcpTarget,
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
    ///
    /// The server's memory is read from /proc (Linux): give --pid, or the
    /// process listening on --addr is found by its port.
    Hold {
        #[command(flatten)]
        target: TcpTarget,
        /// How many callers to hold.
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000).map(|n| n as usize))]
        callers: usize,
        /// New calls to time while they are held.
        #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=100_000).map(|n| n as usize))]
        probes: usize,
        /// The server's process id (found by its port when left out).
        #[arg(long)]
        pid: Option<u32>,
        /// The longest one connect, read or write may wait, in milliseconds.
        #[arg(long, default_value = "5000", value_parser = parse_millis)]
        timeout_ms: Duration,
    },
    /// A caller that says a lot, reads nothing for a while, then everything:
    /// the server's CPU time and memory while it waits
    LateReader {
        #[command(flatten)]
        target: TcpTarget,
        /// Bytes to say before reading (64MiB, ...).
        #[arg(long, default_value = "64MiB", value_parser = parse_size)]
        bytes: usize,
        /// How long to wait before reading, in milliseconds.
        #[arg(long, default_value = "2000", value_parser = parse_millis)]
        wait_ms: Duration,
        /// The server's process id (found by its port when left out).
        #[arg(long)]
        pid: Option<u32>,
        /// The longest one connect, read or write may wait, in milliseconds.
        #[arg(long, default_value = "5000", value_parser = parse_millis)]
        timeout_ms: Duration,
    },
    /// A client program, timed from start to exit, again and again
    ///
    /// Each run must exit 0 and print exactly EXPECT (and a newline). In the
    /// program's arguments, {addr} stands for --addr.
    Spawn {
        #[command(flatten)]
        target: TcpTarget,
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
        target: TcpTarget,
        /// What to say.
        #[arg(default_value = "LHF nb")]
        message: String,
    },
    /// Every load against the reference, the lessons and the Python, side by side
    ///
    /// Prints tables of medians and ratios to the reference, and the goals;
    /// with --write DIR, writes results.md, chart.svg and many.svg there. It
    /// measures the lesson binaries next to its own: build them first, in the
    /// same profile (`cargo build --release --bins`).
    Compare {
        /// How many times each load runs against each program.
        #[arg(long, default_value_t = plan::DEFAULT_RUNS, value_parser = clap::value_parser!(u16).range(1..=100).map(usize::from))]
        runs: usize,
        /// Tiny counts and deadlines: proves it works in a few seconds.
        #[arg(long)]
        quick: bool,
        /// Write results.md and chart.svg into DIR (the book's: lessons/bench).
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
struct TcpTarget {
    /// Where the server answers: IP:PORT on loopback.
    #[arg(long, default_value = DEFAULT_TCP_ADDR, value_parser = loopback)]
    addr: SocketAddr,
}

/// How much a load may do.
#[derive(Debug, Args)]
struct Bounds {
    /// The most rounds (round trips, calls, runs).
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..).map(|n| n as usize))]
    count: usize,
    /// Stop after this many seconds even if rounds are left.
    #[arg(long, default_value = "5", value_parser = parse_secs)]
    seconds: Duration,
    /// The longest one connect, read or write may wait, in milliseconds.
    #[arg(long, default_value = "5000", value_parser = parse_millis)]
    timeout_ms: Duration,
}

impl Bounds {
    fn limits(&self) -> Limits {
        Limits {
            count: self.count,
            time: self.seconds,
            timeout: self.timeout_ms,
        }
    }
}

const AFTER_HELP: &str = "\
Try it against the reference, in two terminals:
  bench reference-server          (terminal 1)
  bench rtt --size 4KiB           (terminal 2)
Or against a lesson: tcp-loop server, then bench rtt.
Everything side by side (build the lessons first):
  cargo build --release --bins && cargo run --release -p bench -- compare
The page: lessons/performance.md in the book (mdbook serve mdbook)";

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
    let unit = &text[digits.len()..];
    let scale: usize = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        _ => {
            return Err(format!(
                "`{text}`: write a size such as 4096, 4KiB or 64MiB"
            ));
        }
    };
    match digits
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
    {
        Some(n) if n > 0 => Ok(n),
        Some(_) => Err("a size of 0 sends nothing: give 1 or more".to_string()),
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
    match command {
        Command::Rtt {
            target,
            size,
            bounds,
        } => {
            let report = modes::rtt::run(target.addr, size, bounds.limits())?;
            writeln!(out, "{report}")?;
        }
        Command::FrameRtt {
            target,
            size,
            bounds,
        } => {
            let report = modes::frame_rtt::run(target.addr, size, bounds.limits())?;
            writeln!(out, "{report}")?;
        }
        Command::Files {
            target,
            bytes,
            pid,
            timeout_ms,
        } => {
            let report =
                modes::files::run(target.addr, bytes as u64, pid, timeout_ms)?;
            writeln!(out, "{report}")?;
        }
        Command::Stream {
            target,
            bytes,
            seconds,
            timeout_ms,
        } => {
            let report =
                modes::stream::run(target.addr, bytes as u64, seconds, timeout_ms)?;
            writeln!(out, "{report}")?;
        }
        Command::Sessions {
            target,
            clients,
            window_ms,
        } => {
            let report =
                modes::sessions::run(target.addr, clients.into(), window_ms)?;
            writeln!(out, "{report}")?;
        }
        Command::Connects { target, bounds } => {
            let report = modes::connects::run(target.addr, bounds.limits())?;
            writeln!(out, "{report}")?;
        }
        Command::UdpRtt {
            addr,
            size,
            wait_ms,
            bounds,
        } => {
            let report = modes::udp_rtt::run(addr, size, wait_ms, bounds.limits())?;
            writeln!(out, "{report}")?;
        }
        Command::Hold {
            target,
            callers,
            probes,
            pid,
            timeout_ms,
        } => {
            let report =
                modes::hold::run(target.addr, callers, probes, pid, timeout_ms)?;
            writeln!(out, "{report}")?;
        }
        Command::LateReader {
            target,
            bytes,
            wait_ms,
            pid,
            timeout_ms,
        } => {
            let report = modes::late_reader::run(
                target.addr,
                bytes,
                wait_ms,
                pid,
                timeout_ms,
            )?;
            writeln!(out, "{report}")?;
        }
        Command::Spawn {
            target,
            expect,
            bounds,
            command,
        } => {
            let (program, args) = command.split_first().ok_or_else(|| {
                anyhow::anyhow!("no program to run: put it after `--`")
            })?;
            let args = compare::with_addr(args, target.addr);
            let report = modes::spawn::run(
                program,
                &args,
                expect.as_bytes(),
                bounds.limits(),
            )?;
            writeln!(out, "{report}")?;
        }
        Command::ReferenceServer {
            addr, udp: true, ..
        } => {
            reference::serve_udp(addr, out)?;
        }
        Command::ReferenceServer { addr, hang_up, .. } => {
            reference::serve_tcp(addr, hang_up, out)?;
        }
        Command::ReferenceClient { target, message } => {
            reference::call(target.addr, message.as_bytes(), out)?;
        }
        Command::Compare {
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
            let (outcome, plan) = compare::run(&opts, out)?;
            writeln!(out)?;
            write!(out, "{}", render::console(&outcome, &plan))?;
            if let Some(dir) = &opts.write {
                write_results(dir, &outcome, &plan, out)?;
            }
        }
    }
    Ok(())
}

/// Writes `results.md`, `chart.svg` and (with many callers) `many.svg` and `idle.md`
/// into `dir`, for the performance page.
fn write_results(
    dir: &std::path::Path,
    outcome: &Outcome,
    plan: &plan::Plan,
    out: &mut dyn Write,
) -> Result<()> {
    use anyhow::Context;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create {}", dir.display()))?;
    let (chart, many) = render::charts(outcome, plan);
    let mut files = vec![
        ("results.md", render::markdown(outcome, plan)),
        ("chart.svg", chart),
    ];
    files.extend(many.map(|m| ("many.svg", m)));
    files.extend(render::idle_table(outcome, plan).map(|t| ("idle.md", t)));
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text)
            .with_context(|| format!("cannot write {}", path.display()))?;
        writeln!(out, "wrote {}", path.display())?;
    }
    Ok(())
}
