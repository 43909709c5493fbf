//! `bench stream`: one connection, a writer and a reader at once; how many
//! bytes a second come back upper-cased.
//!
//! Both directions run together because a server that answers every read
//! before its next read (all the course's servers do) stops reading once its
//! replies fill the socket buffers: a client that wrote everything before
//! reading would wait for it forever.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};

use super::{Report, deadline_note};
use crate::cli::{DEFAULT_TCP_ADDR, loopback, parse_millis, parse_secs, parse_size};
use crate::stats::show_mib_per_sec;
use crate::{dial, payload};

/// The size of each write and of the read buffer.
pub const CHUNK: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Args {
    /// Where the server answers: IP:PORT on loopback.
    #[arg(long, default_value = DEFAULT_TCP_ADDR, value_parser = loopback)]
    pub addr: SocketAddr,
    /// Bytes to send (64MiB, 1GiB, ...).
    #[arg(long, default_value = "64MiB", value_parser = parse_size)]
    pub bytes: usize,
    /// Stop after this many seconds even if bytes are left.
    #[arg(long = "seconds", value_name = "SECONDS", default_value = "5", value_parser = parse_secs)]
    pub time: Duration,
    /// The longest one connect, read or write may wait, in milliseconds.
    #[arg(long = "timeout-ms", value_name = "TIMEOUT_MS", default_value = "5000", value_parser = parse_millis)]
    pub timeout: Duration,
}

/// Sends `bytes` bytes to `addr` on one connection while reading the reply,
/// for at most `time`. Fails when the call fails, the server hangs up early,
/// a read or write times out, or a reply byte is wrong.
pub fn run(a: &Args) -> Result<Report> {
    let (addr, total) = (a.addr, a.bytes as u64);
    if total == 0 {
        bail!("nothing to send: give --bytes 1 or more");
    }
    let conn = dial::tcp(addr, a.timeout)?;
    let start = Instant::now();
    let (got, stopped) = echo(&conn, total, Some(start + a.time), || {})
        .with_context(|| format!("stream to {addr}"))?;
    let elapsed = start.elapsed().as_secs_f64();
    let per_sec = got as f64 / elapsed.max(1e-9);
    let headline = format!(
        "stream {addr}: {got} bytes back in {elapsed:.3} s, every byte checked{}",
        deadline_note(stopped, a.time)
    );
    Ok(Report::new(headline)
        .line(show_mib_per_sec(per_sec))
        .number("bytes/s", per_sec))
}

/// Says `total` bytes of the pattern on `conn` from a second thread, calls
/// `meanwhile` (the late reader waits there), then reads the whole answer,
/// checking every byte, until `deadline` if one is given. Returns the bytes
/// heard back and whether the deadline stopped it.
pub fn echo(
    conn: &TcpStream,
    total: u64,
    deadline: Option<Instant>,
    meanwhile: impl FnOnce(),
) -> Result<(u64, bool)> {
    let stop = AtomicBool::new(false);
    thread::scope(|scope| {
        let writer = scope.spawn(|| -> Result<()> {
            let (mut conn, ring) = (conn, payload::ring(CHUNK));
            let mut sent = 0;
            while sent < total && !stop.load(Ordering::Relaxed) {
                let n = (total - sent).min(CHUNK as u64) as usize;
                conn.write_all(payload::piece(&ring, sent, n))
                    .with_context(|| format!("cannot send after {sent} bytes"))?;
                sent += n as u64;
            }
            Ok(())
        });
        meanwhile();
        let ring = payload::expected(&payload::ring(CHUNK));
        let read = read_all(conn, &ring, total, deadline);
        if !matches!(read, Ok((_, false))) {
            // Stopped early: unblock the writer, which may wait on a full
            // buffer.
            stop.store(true, Ordering::Relaxed);
            let _ = conn.shutdown(Shutdown::Both);
        }
        let written = writer
            .join()
            .map_err(|_| anyhow!("the writer thread panicked"))?;
        let (got, stopped) = read?;
        if !stopped {
            written?;
        }
        Ok((got, stopped))
    })
}

/// The reader: checks every reply byte, against the piece of `ring` at its
/// offset, until `total` are in or `deadline` passes. Returns the bytes read
/// and whether the deadline stopped it.
pub fn read_all(
    mut conn: &TcpStream,
    ring: &[u8],
    total: u64,
    deadline: Option<Instant>,
) -> Result<(u64, bool)> {
    let mut buf = vec![0u8; CHUNK];
    let mut got = 0;
    while got < total {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return Ok((got, true));
        }
        let n = conn.read(&mut buf).map_err(dial::no_reply)?;
        if n == 0 {
            bail!("the server hung up after {got} of {total} reply bytes");
        }
        payload::verify(&buf[..n], payload::piece(ring, got, n), got as usize)?;
        got += n as u64;
    }
    Ok((got, false))
}
