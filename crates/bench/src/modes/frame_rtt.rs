//! `bench frame-rtt`: lesson 5's frames, one at a time on one connection:
//! how long each round trip takes (a frame out, the whole answer frame
//! back), against `tcp-framing server`.
//!
//! A frame is 4 bytes of length, big-endian, then the message; the answer is
//! one frame with the message upper-cased. Next to `bench rtt` against the
//! reference's raw echo, it shows what the framing costs.

use std::io::{Read, Write};

use anyhow::{Context, Result, bail};

use super::{Report, deadline_note, rtt, sample};
use crate::{dial, payload};

/// Calls `addr` once and makes up to `limits.count` round trips of frames
/// of `size` bytes on that one connection, timing each. Fails when the call
/// fails, or any answer is late, short or wrong.
pub fn run(a: &rtt::Args) -> Result<Report> {
    let &rtt::Args { addr, size, limits } = a;
    let Ok(len) = u32::try_from(size) else {
        bail!("a frame holds at most 4294967295 bytes");
    };
    let mut conn = dial::tcp(addr, limits.timeout)?;
    let message = payload::message(size, 0);
    let expected = payload::expected(&message);
    // The whole frame in one write, as the lesson's client sends it. The
    // server answers only once the whole frame is in, so however large it
    // is, writing it all before reading cannot leave both sides waiting.
    let frame = [&len.to_be_bytes()[..], &message].concat();
    let mut buf = vec![0u8; size.clamp(1, 64 * 1024)];
    let name = |n| format!("round trip {n} with {addr}");
    let (latency, stopped) = sample(&limits, rtt::WARM_UP, name, || {
        conn.write_all(&frame).context("cannot send the frame")?;
        let mut prefix = [0u8; 4];
        conn.read_exact(&mut prefix).map_err(dial::no_reply)?;
        let answered = u32::from_be_bytes(prefix);
        if answered != len {
            bail!(
                "the answer frame announces {answered} bytes, not {len}: is it \
                 `tcp-framing server` (the framed echo, not the file server)?"
            );
        }
        dial::read_reply(&mut conn, &expected, &mut buf)
    })?;
    let headline = format!(
        "frame-rtt {addr}: {} round trips of {size}-byte frames (4 + {size} bytes \
         each way), every answer byte checked{}",
        latency.count,
        deadline_note(stopped, limits.time)
    );
    Ok(Report::new(headline).latency("", &latency))
}
