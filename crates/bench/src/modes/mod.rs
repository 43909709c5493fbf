//! The bench's loads, a file per mode. Each runs against `--addr` of a
//! server already running, checks every reply byte, stops by itself (after
//! `count` rounds or at its deadline, whichever comes first), and returns a
//! [`Report`]: the lines `bench MODE` prints and the numbers `compare`
//! records.

pub mod connects;
pub mod files;
pub mod frame_rtt;
pub mod hold;
pub mod late_reader;
pub mod rtt;
pub mod sessions;
pub mod spawn;
pub mod stream;
pub mod udp_rtt;

use std::fmt;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use common::procfs::{self, Usage};

pub use crate::cli::Limits;
use crate::stats::Latency;

/// What a load found: the lines it prints, and its numbers by name (times
/// in seconds, rates per second, memory in KiB or MiB).
#[derive(Debug, Clone, Default)]
pub struct Report {
    lines: Vec<String>,
    numbers: Vec<(&'static str, f64)>,
    /// Why the numbers a load could not read are missing (no `/proc`).
    missing: Option<String>,
}

impl Report {
    /// A report whose first line is `headline`.
    pub fn new(headline: String) -> Report {
        Report {
            lines: vec![headline],
            ..Report::default()
        }
    }

    /// Adds a line, indented under the headline.
    #[must_use]
    pub fn line(mut self, line: impl fmt::Display) -> Report {
        self.lines.push(format!("  {line}"));
        self
    }

    #[must_use]
    pub fn number(mut self, name: &'static str, value: f64) -> Report {
        self.numbers.push((name, value));
        self
    }

    /// Adds a line with `latency`, and its p50 and p99 as numbers.
    #[must_use]
    pub fn latency(self, prefix: &str, latency: &Latency) -> Report {
        self.line(format!("{prefix}{latency}"))
            .number("p50", latency.p50.as_secs_f64())
            .number("p99", latency.p99.as_secs_f64())
    }

    /// Adds a line saying that `what` of the server was not measured and
    /// why; the numbers that need its `/proc` are then missing for that reason.
    #[must_use]
    pub fn unmeasured(mut self, what: &str, server: &Watch) -> Report {
        let why = server.0.clone().err().unwrap_or("no /proc reading".into());
        self.lines.push(format!("  {what}: not measured ({why})"));
        self.missing = Some(why);
        self
    }

    /// The number `name`, or an error with the reason the load did not
    /// measure it.
    pub fn get(&self, name: &str) -> Result<f64> {
        let found = self.numbers.iter().find(|(n, _)| *n == name);
        let why = self
            .missing
            .as_deref()
            .unwrap_or("not measured by this load");
        found
            .map(|&(_, v)| v)
            .ok_or_else(|| anyhow!("no {name}: {why}"))
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lines.join("\n"))
    }
}

/// Times `round` up to `limits.count` times, at least once, until
/// `limits.time` has passed, after up to `warm_up` rounds not counted (for at
/// most a tenth of the time: the first rounds, with cold caches and a new
/// connection, weigh nothing). Returns the latencies and whether the
/// deadline stopped it; the first round that fails is an error, named by
/// `name(n)`.
pub fn sample(
    limits: &Limits,
    warm_up: usize,
    name: impl Fn(usize) -> String,
    mut round: impl FnMut() -> Result<()>,
) -> Result<(Latency, bool)> {
    let begun = Instant::now();
    for n in 1..=warm_up {
        if begun.elapsed() >= limits.time / 10 {
            break;
        }
        round().with_context(|| format!("warm-up {}", name(n)))?;
    }
    let deadline = Instant::now() + limits.time;
    let mut samples = Vec::with_capacity(limits.count.min(1 << 20));
    while samples.len() < limits.count {
        if Instant::now() >= deadline && !samples.is_empty() {
            break;
        }
        let start = Instant::now();
        round().with_context(|| name(samples.len() + 1))?;
        samples.push(start.elapsed());
    }
    let stopped = samples.len() < limits.count;
    let latency =
        Latency::of(&mut samples).context("nothing finished before the deadline")?;
    Ok((latency, stopped))
}

/// ` (stopped at the 2s deadline)` when a load ran out of time, else nothing.
pub fn deadline_note(stopped: bool, time: Duration) -> String {
    if stopped {
        format!(" (stopped at the {time:?} deadline)")
    } else {
        String::new()
    }
}

/// The server a load measures in `/proc`: its process id (given, or found
/// by its port), or why it cannot be read.
#[derive(Debug, Clone)]
pub struct Watch(Result<u32, String>);

impl Watch {
    /// The server at `addr`, process `pid` when given.
    pub fn new(pid: Option<u32>, addr: SocketAddr) -> Watch {
        Watch(procfs::server_pid(pid, addr))
    }

    /// The server's memory, threads and CPU time now.
    pub fn look(&self) -> Option<Usage> {
        self.0.as_ref().ok().and_then(|&pid| Usage::of(pid))
    }

    /// Resets the server's peak memory; whether it could.
    pub fn reset_peak(&self) -> bool {
        self.0.as_ref().is_ok_and(|&pid| procfs::reset_peak(pid))
    }
}
