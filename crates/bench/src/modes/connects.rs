//! `bench connects`: short calls one after another (dial, one message, hang
//! up); how many calls a second a server takes.

use std::fmt;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use super::{Limits, deadline_note};
use crate::stats::Latency;
use crate::{dial, payload};

/// The message of each call.
pub const MESSAGE_SIZE: usize = 16;

/// What `connects` measured.
#[derive(Debug, Clone)]
pub struct ConnectsReport {
    /// The server called.
    pub addr: SocketAddr,
    /// How long each whole call took (dial, round trip, hang up).
    pub latency: Latency,
    /// From the first dial to the last hang-up.
    pub elapsed: Duration,
    /// Whether the deadline ended the run before `count` calls.
    pub stopped: bool,
    /// The limits it ran under.
    pub limits: Limits,
}

impl ConnectsReport {
    /// Calls completed per second.
    pub fn calls_per_sec(&self) -> f64 {
        self.latency.count as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Makes up to `limits.count` calls to `addr`, one after another.
///
/// # Errors
/// When a call fails, or its reply is late, short or wrong.
pub fn run(addr: SocketAddr, limits: Limits) -> Result<ConnectsReport> {
    let message = payload::message(MESSAGE_SIZE, 0);
    let expected = payload::expected(&message);
    let mut buf = [0u8; MESSAGE_SIZE];
    let start = Instant::now();
    let deadline = start + limits.time;
    let mut samples = Vec::with_capacity(limits.count.min(1 << 20));
    while samples.len() < limits.count {
        if Instant::now() >= deadline && !samples.is_empty() {
            break;
        }
        let call = Instant::now();
        let mut conn = dial::tcp(addr, limits.timeout)?;
        dial::round_trip(&mut conn, &message, &expected, &mut buf)
            .with_context(|| format!("call {} to {addr}", samples.len() + 1))?;
        // Hang up: the server's next read returns 0 and it ends the call.
        drop(conn);
        samples.push(call.elapsed());
    }
    let elapsed = start.elapsed();
    let stopped = samples.len() < limits.count;
    let latency =
        Latency::of(&mut samples).context("no call finished before the deadline")?;
    Ok(ConnectsReport {
        addr,
        latency,
        elapsed,
        stopped,
        limits,
    })
}

impl fmt::Display for ConnectsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "connects {}: {} calls of one {}-byte message each, every reply byte \
             checked{}",
            self.addr,
            self.latency.count,
            MESSAGE_SIZE,
            deadline_note(self.stopped, &self.limits)
        )?;
        write!(
            f,
            "  {:.0} calls/s; per call {}",
            self.calls_per_sec(),
            self.latency
        )
    }
}
