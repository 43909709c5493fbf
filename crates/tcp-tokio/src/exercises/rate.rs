//! Exercise "rate": each caller may say at most N bytes a second. A caller
//! who says more is not cut off and not buffered: the server waits before it
//! hears that caller again, so the caller's own writes stall once the
//! buffers between them are full. Backpressure does the limiting.
//!
//! The limit is a token bucket: it holds up to one second's worth of bytes,
//! refills at N bytes a second, and each read takes what it heard.

use std::io::Write;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::Result;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::sleep;

use crate::call::{self, Call, Ended};
use crate::log::Log;
use crate::server::{self, Settings};

/// The lesson's server, with [`answer`] as each caller's task.
///
/// # Errors
/// As the lesson's server.
pub fn serve(
    addr: SocketAddr,
    settings: Settings,
    per_second: u64,
    out: Box<dyn Write + Send>,
) -> Result<()> {
    server::run_with(addr, settings, out, move |call| answer(call, per_second))
}

/// A caller's task: the lesson's, with [`limited_talk`].
pub async fn answer(call: Call, per_second: u64) {
    let Call {
        mut conn,
        peer,
        mut hang_up,
        log,
        ..
    } = call;
    let ended = tokio::select! {
        ended = limited_talk(&mut conn, peer, per_second, &log) => ended,
        _ = hang_up.changed() => Ok(Ended::ClosingTime),
    };
    log.line(call::how_it_ended(peer, &ended));
    drop(conn);
    drop(hang_up);
}

/// The lesson's communication loop, with one new step: after each answer,
/// wait as long as the caller's bucket says.
///
/// # Errors
/// A read or write that failed.
pub async fn limited_talk(
    conn: &mut TcpStream,
    peer: SocketAddr,
    per_second: u64,
    log: &Log,
) -> std::io::Result<Ended> {
    conn.set_nodelay(true)?;
    // ANCHOR: limited_talk
    let mut bucket = Bucket::new(per_second, Instant::now());
    loop {
        conn.readable().await?;
        let mut heard = Vec::with_capacity(crate::BUFSIZE);
        let n = conn.read_buf(&mut heard).await?;
        if n == 0 {
            return Ok(Ended::HungUp);
        }
        let said = common::show_bytes(&heard);
        log.line(format!("from client {peer} msg: {said}"));
        conn.write_all(&common::upper(&heard)).await?;
        // New: over the limit, hear nothing more from this caller for a while.
        let wait = bucket.take(n, Instant::now());
        if !wait.is_zero() {
            sleep(wait).await;
        }
    }
    // ANCHOR_END: limited_talk
}

/// A caller's allowance: up to one second's worth of bytes, refilled
/// continuously at `per_second`.
#[derive(Debug, Clone)]
pub struct Bucket {
    per_second: f64,
    /// Bytes the caller may still say now; below 0 it is in debt.
    allowed: f64,
    /// When `allowed` was last brought up to date.
    last: Instant,
}

impl Bucket {
    /// A full bucket (one second's worth) at `now`.
    pub fn new(per_second: u64, now: Instant) -> Bucket {
        let per_second = per_second as f64;
        Bucket {
            per_second,
            allowed: per_second,
            last: now,
        }
    }

    /// Takes `n` bytes heard at `now`, and says how long to wait before
    /// hearing more: zero while the caller is within its allowance, else
    /// the time the debt takes to refill.
    pub fn take(&mut self, n: usize, now: Instant) -> Duration {
        // SOLUTION: begin refill for the time since `last` (never above one second's worth), take n, and return how long the debt takes to refill (zero when there is none)
        // ANCHOR: take
        let since = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        let refilled = self.allowed + since * self.per_second;
        self.allowed = refilled.min(self.per_second) - n as f64;
        if self.allowed >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-self.allowed / self.per_second)
        }
        // ANCHOR_END: take
        // SOLUTION: end
    }
}
