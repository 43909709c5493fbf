//! `bench rtt`: one connection, one message at a time; how long each round
//! trip takes (message out, whole reply back).

use std::net::SocketAddr;

use anyhow::{Result, bail};

use super::{Limits, Report, deadline_note, sample};
use crate::{dial, payload};

/// Round trips not counted at the start (at most this many, for at most a
/// tenth of the time).
pub const WARM_UP: usize = 10;

/// Calls `addr` once and makes up to `limits.count` round trips of `size`
/// bytes on that one connection, timing each.
///
/// # Errors
/// When the call fails, or any reply is late, short or wrong.
pub fn run(addr: SocketAddr, size: usize, limits: Limits) -> Result<Report> {
    if size == 0 {
        bail!("a message of 0 bytes gets no reply: give --size 1 or more");
    }
    let mut conn = dial::tcp(addr, limits.timeout)?;
    let message = payload::message(size, 0);
    let expected = payload::expected(&message);
    let mut buf = vec![0u8; size.min(64 * 1024)];
    let name = |n| format!("round trip {n} with {addr}");
    let (latency, stopped) = sample(&limits, WARM_UP, name, || {
        dial::round_trip(&mut conn, &message, &expected, &mut buf)
    })?;
    let headline = format!(
        "rtt {addr}: {} round trips of {size} bytes, every reply byte checked{}",
        latency.count,
        deadline_note(stopped, limits.time)
    );
    Ok(Report::new(headline).latency("", &latency))
}
