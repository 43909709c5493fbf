//! `bench rtt`: one connection, one message at a time; how long each round
//! trip takes (message out, whole reply back).

use std::fmt;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use super::{Limits, deadline_note};
use crate::stats::Latency;
use crate::{dial, payload};

/// Round trips not counted (at most this many, for at most a tenth of the
/// time), so the first ones (cold caches, a new connection) weigh nothing.
pub const WARM_UP: usize = 10;

/// What `rtt` measured.
#[derive(Debug, Clone)]
pub struct RttReport {
    /// The server called.
    pub addr: SocketAddr,
    /// The size of each message.
    pub size: usize,
    /// The round-trip times.
    pub latency: Latency,
    /// Whether the deadline ended the run before `count` round trips.
    pub stopped: bool,
    /// The limits it ran under.
    pub limits: Limits,
}

/// Calls `addr` once and makes up to `limits.count` round trips of `size`
/// bytes on that one connection, timing each.
///
/// # Errors
/// When the call fails, or any reply is late, short or wrong.
pub fn run(addr: SocketAddr, size: usize, limits: Limits) -> Result<RttReport> {
    if size == 0 {
        bail!("a message of 0 bytes gets no reply: give --size 1 or more");
    }
    let mut conn = dial::tcp(addr, limits.timeout)?;
    let message = payload::message(size, 0);
    let expected = payload::expected(&message);
    let mut buf = vec![0u8; size.min(64 * 1024)];
    let (latency, stopped) = timed(addr, limits, || {
        dial::round_trip(&mut conn, &message, &expected, &mut buf)
    })?;
    Ok(RttReport {
        addr,
        size,
        latency,
        stopped,
        limits,
    })
}

/// Times up to `limits.count` calls of `round_trip` (after a warm-up of at
/// most [`WARM_UP`] not counted, for at most a tenth of the time), until
/// `limits.time` has passed. Returns the latencies and whether the deadline
/// stopped it. `addr` names the server in errors.
///
/// # Errors
/// The first failed round trip, with its number.
pub fn timed(
    addr: SocketAddr,
    limits: Limits,
    mut round_trip: impl FnMut() -> Result<()>,
) -> Result<(Latency, bool)> {
    let begun = Instant::now();
    for round in 0..WARM_UP {
        if begun.elapsed() >= limits.time / 10 {
            break;
        }
        round_trip().with_context(|| {
            format!("warm-up round trip {} with {addr}", round + 1)
        })?;
    }
    let deadline = limits.deadline();
    let mut samples = Vec::with_capacity(limits.count.min(1 << 20));
    while samples.len() < limits.count {
        if Instant::now() >= deadline && !samples.is_empty() {
            break;
        }
        let start = Instant::now();
        round_trip().with_context(|| {
            format!("round trip {} with {addr}", samples.len() + 1)
        })?;
        samples.push(start.elapsed());
    }
    let stopped = samples.len() < limits.count;
    let latency = Latency::of(&mut samples)
        .context("no round trip finished before the deadline")?;
    Ok((latency, stopped))
}

impl RttReport {
    /// The median round trip.
    pub fn p50(&self) -> Duration {
        self.latency.p50
    }
}

impl fmt::Display for RttReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "rtt {}: {} round trips of {} bytes, every reply byte checked{}",
            self.addr,
            self.latency.count,
            self.size,
            deadline_note(self.stopped, &self.limits)
        )?;
        write!(f, "  {}", self.latency)
    }
}
