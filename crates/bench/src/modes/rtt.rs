//! `bench rtt`: one connection, one message at a time; how long each round
//! trip takes (message out, whole reply back).

use std::net::SocketAddr;

use anyhow::{Result, bail};

use super::{Limits, Report, deadline_note, sample};
use crate::cli::{DEFAULT_TCP_ADDR, loopback, parse_size};
use crate::{dial, payload};

/// Round trips not counted at the start (at most this many, for at most a
/// tenth of the time).
pub const WARM_UP: usize = 10;

/// The largest message: a round trip holds it and its reply in memory.
pub const MAX_MESSAGE: usize = 64 << 20;

/// A `--size` of at most [`MAX_MESSAGE`].
fn message_size(text: &str) -> Result<usize, String> {
    match parse_size(text)? {
        n if n > MAX_MESSAGE => Err(format!(
            "`{text}`: a round trip holds the message and its reply in memory, so \
             64MiB at most; for more bytes, `bench stream --bytes {text}`"
        )),
        n => Ok(n),
    }
}

/// `bench rtt`'s parameters, which `frame-rtt` shares.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Args {
    /// Where the server answers: IP:PORT on loopback.
    #[arg(long, default_value = DEFAULT_TCP_ADDR, value_parser = loopback)]
    pub addr: SocketAddr,
    /// Bytes per message, or per frame's payload (16, 4KiB, 100KiB, 1MiB;
    /// at most 64MiB).
    #[arg(long, default_value = "16", value_parser = message_size)]
    pub size: usize,
    #[command(flatten)]
    pub limits: Limits,
}

/// Calls `addr` once and makes up to `limits.count` round trips of `size`
/// bytes on that one connection, timing each. Fails when the call fails, or
/// any reply is late, short or wrong.
pub fn run(a: &Args) -> Result<Report> {
    let &Args { addr, size, limits } = a;
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
