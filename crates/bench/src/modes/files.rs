//! `bench files`: lesson 5's file server (`tcp-framing file-server`): a put
//! of BYTES, then a get of the same file, each timed from the call to the
//! last byte (or the reply), and the server's peak memory meanwhile.
//!
//! The file is the bench's pattern, made as it is sent and checked as it
//! comes back, never held whole on either side: a file server that streams
//! (a fixed buffer, the hash computed as the bytes pass) grows by its buffer
//! only, however large the file.

use std::fmt;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::stats::{show_mib_per_sec, show_secs};
use crate::{dial, payload};
use common::procfs::{self, Usage};

/// The size of each write and read.
pub const CHUNK: usize = 64 * 1024;

/// The name the file is stored under (each run replaces it).
pub const NAME: &str = "bench.bin";

/// How long the put's reply may take: the server writes the whole file out
/// to its disk (`sync_all`) before it replies.
pub const REPLY_WAIT: Duration = Duration::from_secs(60);

/// What `files` measured.
#[derive(Debug, Clone)]
pub struct FilesReport {
    /// The server called.
    pub addr: SocketAddr,
    /// The file's size.
    pub bytes: u64,
    /// From the call to the server's reply (the file stored).
    pub put: Duration,
    /// From the call to the last byte checked.
    pub get: Duration,
    /// The server before the put (`None` without its pid or `/proc`).
    pub before: Option<Usage>,
    /// The server after the get: its peak (`VmHWM`) covers both transfers.
    pub after: Option<Usage>,
    /// Whether the server's peak was reset before the put (else it is its
    /// whole life's peak).
    pub peak_reset: bool,
    /// Why the server's memory was not measured.
    pub why: Option<String>,
}

impl FilesReport {
    /// Bytes per second of the put.
    pub fn put_bytes_per_sec(&self) -> f64 {
        self.bytes as f64 / self.put.as_secs_f64().max(1e-9)
    }

    /// Bytes per second of the get.
    pub fn get_bytes_per_sec(&self) -> f64 {
        self.bytes as f64 / self.get.as_secs_f64().max(1e-9)
    }

    /// How far the server's peak resident memory rose above what it held
    /// before the put, in KiB.
    pub fn peak_growth_kib(&self) -> Option<u64> {
        Some(
            self.after?
                .peak_kib
                .saturating_sub(self.before?.resident_kib),
        )
    }
}

/// Puts `bytes` bytes as [`NAME`] to the file server at `addr`, then gets
/// them back and checks every byte. `pid` is the server's (found by its
/// port when `None`), for its memory.
///
/// # Errors
/// When a call fails, a reply is not `ok`, or a byte is wrong.
pub fn run(
    addr: SocketAddr,
    bytes: u64,
    pid: Option<u32>,
    timeout: Duration,
) -> Result<FilesReport> {
    let pid = procfs::server_pid(pid, addr);
    // One period of the pattern and a chunk: any piece of the file is a
    // slice of it, at the file offset modulo the pattern's length.
    let ring = payload::message(CHUNK + payload::PATTERN.len(), 0);
    let sha256 = sha256_of(&ring, bytes);
    let peak_reset = pid.as_ref().is_ok_and(|&p| procfs::reset_peak(p));
    let before = pid.as_ref().ok().and_then(|&p| Usage::of(p));
    let put = put(addr, bytes, &sha256, &ring, timeout).context("the put")?;
    let get = get(addr, bytes, &ring, timeout).context("the get")?;
    let after = pid.as_ref().ok().and_then(|&p| Usage::of(p));
    Ok(FilesReport {
        addr,
        bytes,
        put,
        get,
        before,
        after,
        peak_reset,
        why: pid.err(),
    })
}

/// The piece of the file at `offset`, `len` bytes at most one chunk.
fn piece(ring: &[u8], offset: u64, len: usize) -> &[u8] {
    let at = (offset % payload::PATTERN.len() as u64) as usize;
    &ring[at..at + len]
}

/// The next piece's length: a chunk, or what is left.
fn next_len(done: u64, bytes: u64) -> usize {
    (bytes - done).min(CHUNK as u64) as usize
}

fn sha256_of(ring: &[u8], bytes: u64) -> String {
    let mut hash = Sha256::new();
    let mut done = 0;
    while done < bytes {
        let n = next_len(done, bytes);
        hash.update(piece(ring, done, n));
        done += n as u64;
    }
    format!("{:x}", hash.finalize())
}

fn put(
    addr: SocketAddr,
    bytes: u64,
    sha256: &str,
    ring: &[u8],
    timeout: Duration,
) -> Result<Duration> {
    let started = Instant::now();
    let mut conn = dial::tcp(addr, timeout)?;
    send(
        &mut conn,
        &json!({"op": "put", "name": NAME, "size": bytes, "sha256": sha256}),
    )?;
    let mut sent = 0;
    while sent < bytes {
        let n = next_len(sent, bytes);
        conn.write_all(piece(ring, sent, n))
            .with_context(|| format!("cannot send after {sent} bytes"))?;
        sent += n as u64;
    }
    conn.set_read_timeout(Some(timeout.max(REPLY_WAIT)))?;
    receive(&mut conn)?;
    Ok(started.elapsed())
}

fn get(
    addr: SocketAddr,
    bytes: u64,
    ring: &[u8],
    timeout: Duration,
) -> Result<Duration> {
    let started = Instant::now();
    let mut conn = dial::tcp(addr, timeout)?;
    send(&mut conn, &json!({"op": "get", "name": NAME}))?;
    let reply = receive(&mut conn)?;
    if reply["size"].as_u64() != Some(bytes) {
        bail!("the server announced {} bytes, not {bytes}", reply["size"]);
    }
    let mut buf = vec![0u8; CHUNK];
    let mut got = 0;
    while got < bytes {
        let n = conn
            .read(&mut buf[..next_len(got, bytes)])
            .map_err(dial::no_reply)?;
        if n == 0 {
            bail!("the server hung up after {got} of {bytes} bytes");
        }
        payload::verify(&buf[..n], piece(ring, got, n), got as usize)?;
        got += n as u64;
    }
    Ok(started.elapsed())
}

/// Sends `header` as one frame of JSON.
fn send(conn: &mut TcpStream, header: &Value) -> Result<()> {
    let json = header.to_string();
    let mut frame = (json.len() as u32).to_be_bytes().to_vec();
    frame.extend_from_slice(json.as_bytes());
    conn.write_all(&frame).context("cannot send the header")
}

/// Receives one reply frame of JSON, and fails unless it says `ok`.
fn receive(conn: &mut TcpStream) -> Result<Value> {
    let mut prefix = [0u8; 4];
    conn.read_exact(&mut prefix).map_err(dial::no_reply)?;
    let len = u32::from_be_bytes(prefix) as usize;
    if len > 1 << 20 {
        bail!("a reply of {len} bytes announced: is it a tcp-framing file-server?");
    }
    let mut json = vec![0u8; len];
    conn.read_exact(&mut json).map_err(dial::no_reply)?;
    let reply: Value =
        serde_json::from_slice(&json).context("the reply is not JSON")?;
    if reply["ok"] != true {
        bail!("the server refused: {}", reply["error"]);
    }
    Ok(reply)
}

impl fmt::Display for FilesReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "files {}: a put and a get of {} bytes ({NAME}), every byte checked",
            self.addr, self.bytes
        )?;
        writeln!(
            f,
            "  put {} ({}), get {} ({})",
            show_mib_per_sec(self.put_bytes_per_sec()),
            show_secs(self.put.as_secs_f64()),
            show_mib_per_sec(self.get_bytes_per_sec()),
            show_secs(self.get.as_secs_f64())
        )?;
        match (self.before, self.after, self.peak_growth_kib()) {
            (Some(before), Some(after), Some(growth)) => write!(
                f,
                "  server memory: {} KiB resident before, peak {} KiB during the transfers \
                 ({}): grew by {growth} KiB",
                before.resident_kib,
                after.peak_kib,
                if self.peak_reset {
                    "peak reset before the put"
                } else {
                    "its whole life's peak"
                }
            ),
            _ => write!(
                f,
                "  server memory: not measured ({})",
                self.why.as_deref().unwrap_or("no /proc reading")
            ),
        }
    }
}
