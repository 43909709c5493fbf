//! `bench connects`: short calls one after another (dial, one message, hang
//! up); how many calls a second a server takes.

use std::net::SocketAddr;
use std::time::Instant;

use anyhow::Result;

use super::{Limits, Report, deadline_note, sample};
use crate::cli::{DEFAULT_TCP_ADDR, loopback};
use crate::{dial, payload};

/// The message of each call.
pub const MESSAGE_SIZE: usize = 16;

#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Args {
    /// Where the server answers: IP:PORT on loopback.
    #[arg(long, default_value = DEFAULT_TCP_ADDR, value_parser = loopback)]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub limits: Limits,
}

/// Makes up to `limits.count` calls to `addr`, one after another. Fails when
/// a call fails, or its reply is late, short or wrong.
pub fn run(a: &Args) -> Result<Report> {
    let &Args { addr, limits } = a;
    let message = payload::message(MESSAGE_SIZE, 0);
    let expected = payload::expected(&message);
    let mut buf = [0u8; MESSAGE_SIZE];
    let start = Instant::now();
    let name = |n| format!("call {n} to {addr}");
    let (latency, stopped) = sample(&limits, 0, name, || {
        // Dial, one message, and hang up: `conn` goes when the call ends.
        let mut conn = dial::tcp(addr, limits.timeout)?;
        dial::round_trip(&mut conn, &message, &expected, &mut buf)
    })?;
    let per_sec = latency.count as f64 / start.elapsed().as_secs_f64().max(1e-9);
    let headline = format!(
        "connects {addr}: {} calls of one {MESSAGE_SIZE}-byte message each, every \
         reply byte checked{}",
        latency.count,
        deadline_note(stopped, limits.time)
    );
    Ok(Report::new(headline)
        .latency(&format!("{per_sec:.0} calls/s; per call "), &latency)
        .number("calls/s", per_sec))
}
