//! `bench frame-rtt`: lesson 5's frames, one at a time on one connection:
//! how long each round trip takes (a frame out, the whole answer frame
//! back), against `tcp-framing server`.
//!
//! A frame is 4 bytes of length, big-endian, then the message; the answer is
//! one frame with the message upper-cased. Next to `bench rtt` against the
//! reference's raw echo, it shows what the framing costs.

use std::fmt;
use std::io::{Read, Write};
use std::net::SocketAddr;

use anyhow::{Context, Result, bail};

use super::Limits;
use super::rtt::{self, RttReport};
use crate::{dial, payload};

/// What `frame-rtt` measured: [`RttReport`]'s numbers, for frames.
#[derive(Debug, Clone)]
pub struct FrameRttReport(pub RttReport);

/// Calls `addr` once and makes up to `limits.count` round trips of frames
/// of `size` bytes on that one connection, timing each.
///
/// # Errors
/// When the call fails, or any answer is late, short or wrong.
pub fn run(addr: SocketAddr, size: usize, limits: Limits) -> Result<FrameRttReport> {
    let Ok(len) = u32::try_from(size) else {
        bail!("a frame holds at most 4294967295 bytes");
    };
    let mut conn = dial::tcp(addr, limits.timeout)?;
    let message = payload::message(size, 0);
    let expected = payload::expected(&message);
    // The whole frame in one write, as the lesson's client sends it. The
    // server answers only once the whole frame is in, so however large it
    // is, writing it all before reading cannot leave both sides waiting.
    let mut frame = len.to_be_bytes().to_vec();
    frame.extend_from_slice(&message);
    let mut buf = vec![0u8; size.clamp(1, 64 * 1024)];
    let (latency, stopped) = rtt::timed(addr, limits, || {
        conn.write_all(&frame).context("cannot send the frame")?;
        let mut prefix = [0u8; 4];
        conn.read_exact(&mut prefix).map_err(dial::no_reply)?;
        let answered = u32::from_be_bytes(prefix);
        if answered != len {
            bail!(
                "the answer frame announces {answered} bytes, not {len}: is it a tcp-framing server?"
            );
        }
        dial::read_reply(&mut conn, &expected, &mut buf)
    })?;
    Ok(FrameRttReport(RttReport {
        addr,
        size,
        latency,
        stopped,
        limits,
    }))
}

impl fmt::Display for FrameRttReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = &self.0;
        writeln!(
            f,
            "frame-rtt {}: {} round trips of {}-byte frames (4 + {} bytes each way), \
             every answer byte checked{}",
            r.addr,
            r.latency.count,
            r.size,
            r.size,
            super::deadline_note(r.stopped, &r.limits)
        )?;
        write!(f, "  {}", r.latency)
    }
}
