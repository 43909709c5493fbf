//! `bench stream`: one connection, a writer and a reader at once; how many
//! bytes a second come back upper-cased.
//!
//! Both directions run together because a server that answers every read
//! before its next read (all the course's servers do) stops reading once its
//! replies fill the socket buffers: a client that wrote everything before
//! reading would wait for it forever.

use std::fmt;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};

use super::deadline_note_for;
use crate::stats::show_mib_per_sec;
use crate::{dial, payload};

/// The size of each write and of the read buffer.
pub const CHUNK: usize = 64 * 1024;

/// What `stream` measured.
#[derive(Debug, Clone)]
pub struct StreamReport {
    /// The server called.
    pub addr: SocketAddr,
    /// Reply bytes received and checked.
    pub bytes: u64,
    /// From the first write to the last reply byte.
    pub elapsed: Duration,
    /// Whether the deadline ended the run before all bytes were back.
    pub stopped: bool,
    /// The deadline it ran under.
    pub time: Duration,
}

impl StreamReport {
    /// Reply bytes per second.
    pub fn bytes_per_sec(&self) -> f64 {
        self.bytes as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Sends `total` bytes to `addr` on one connection while reading the reply,
/// for at most `time`; every socket operation waits at most `timeout`.
///
/// # Errors
/// When the call fails, the server hangs up early, a read or write times out,
/// or a reply byte is wrong.
pub fn run(
    addr: SocketAddr,
    total: u64,
    time: Duration,
    timeout: Duration,
) -> Result<StreamReport> {
    if total == 0 {
        bail!("nothing to send: give --bytes 1 or more");
    }
    let mut conn = dial::tcp(addr, timeout)?;
    let writer = conn.try_clone().context("cannot clone the connection")?;
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let writing = {
        let stop = Arc::clone(&stop);
        thread::spawn(move || write_stream(writer, total, &stop))
    };
    let read = read_stream(&mut conn, total, start + time);
    let elapsed = start.elapsed();
    if !matches!(read, Ok((_, false))) {
        // Stopped early: unblock the writer, which may wait on a full buffer.
        stop.store(true, Ordering::Relaxed);
        let _ = conn.shutdown(Shutdown::Both);
    }
    let written = writing
        .join()
        .map_err(|_| anyhow!("the writer thread panicked"))?;
    let (bytes, stopped) = read.with_context(|| format!("stream to {addr}"))?;
    if !stopped {
        written.with_context(|| format!("stream to {addr}"))?;
    }
    Ok(StreamReport {
        addr,
        bytes,
        elapsed,
        stopped,
        time,
    })
}

/// The writer: `total` bytes of the pattern in [`CHUNK`]s, then a half close.
fn write_stream(
    mut conn: std::net::TcpStream,
    total: u64,
    stop: &AtomicBool,
) -> Result<u64> {
    let ring = payload::message(CHUNK + payload::PATTERN.len(), 0);
    let mut sent = 0u64;
    while sent < total && !stop.load(Ordering::Relaxed) {
        let n = (total - sent).min(CHUNK as u64) as usize;
        let at = (sent % payload::PATTERN.len() as u64) as usize;
        conn.write_all(&ring[at..at + n])
            .with_context(|| format!("cannot send after {sent} bytes"))?;
        sent += n as u64;
    }
    // Hang up our side only: no more bytes, but the reply may still come.
    let _ = conn.shutdown(Shutdown::Write);
    Ok(sent)
}

/// The reader: checks every reply byte until `total` are in or `deadline`
/// passes. Returns the bytes read and whether the deadline stopped it.
fn read_stream(
    conn: &mut std::net::TcpStream,
    total: u64,
    deadline: Instant,
) -> Result<(u64, bool)> {
    let ring = payload::expected_ring(CHUNK);
    let mut buf = vec![0u8; CHUNK];
    let mut got = 0u64;
    while got < total {
        if Instant::now() >= deadline {
            return Ok((got, true));
        }
        let n = conn.read(&mut buf).map_err(dial::no_reply)?;
        if n == 0 {
            bail!("the server hung up after {got} of {total} reply bytes");
        }
        let at = (got % payload::PATTERN.len() as u64) as usize;
        payload::verify(&buf[..n], &ring[at..at + n], got as usize)?;
        got += n as u64;
    }
    Ok((got, false))
}

impl fmt::Display for StreamReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "stream {}: {} bytes back in {:.3} s, every byte checked{}",
            self.addr,
            self.bytes,
            self.elapsed.as_secs_f64(),
            deadline_note_for(self.stopped, self.time)
        )?;
        write!(f, "  {}", show_mib_per_sec(self.bytes_per_sec()))
    }
}
