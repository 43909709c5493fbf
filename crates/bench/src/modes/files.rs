//! `bench files`: lesson 5's file server (`tcp-framing file-server`): a put
//! of BYTES, then a get of the same file, each timed from the call to the
//! server's reply (put) or the last byte (get), and the server's peak memory
//! meanwhile.
//!
//! The file is the bench's pattern, made as it is sent and checked as it
//! comes back, never held whole on either side: a file server that streams
//! (a fixed buffer, the hash computed as the bytes pass) grows by its buffer
//! only, however large the file.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use common::Hinted;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::stream::{self, CHUNK};
use super::{Report, Watch};
use crate::cli::{Server, parse_size};
use crate::stats::{show_mib_per_sec, show_secs};
use crate::{dial, payload};

/// The name the file is stored under (each run replaces it).
pub const NAME: &str = "bench.bin";

/// How long the put's reply may take: the server writes the whole file out
/// to its disk (`sync_all`) before it replies.
pub const REPLY_WAIT: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub server: Server,
    /// The file's size (128MiB, 1GiB, ...).
    #[arg(long, default_value = "128MiB", value_parser = parse_size)]
    pub bytes: usize,
}

/// Puts `bytes` bytes as [`NAME`] to the file server at `addr`, then gets
/// them back and checks every byte, watching the server's memory. Fails when
/// a call fails, a reply is not `ok`, or a byte is wrong.
pub fn run(a: &Args) -> Result<Report> {
    let Server { addr, pid, timeout } = a.server;
    let (bytes, server) = (a.bytes as u64, Watch::new(pid, addr));
    let ring = payload::ring(CHUNK);
    let mut hash = Sha256::new();
    each_piece(bytes, |at, n| hash.update(payload::piece(&ring, at, n)));
    let sha256 = format!("{:x}", hash.finalize());
    let peak_reset = server.reset_peak();
    let before = server.look();

    let started = Instant::now();
    let mut conn = dial::tcp(addr, timeout)?;
    let header = json!({"op": "put", "name": NAME, "size": bytes, "sha256": sha256});
    send(&mut conn, &header).context("the put")?;
    let mut sent = Ok(());
    each_piece(bytes, |at, n| {
        if sent.is_ok() {
            sent = conn.write_all(payload::piece(&ring, at, n));
        }
    });
    sent.context("the put: cannot send the file")?;
    // The last byte is out: what follows is the server's (the rest of the
    // bytes in the buffers, the hash's check, `sync_all`, the rename).
    let last_byte = Instant::now();
    conn.set_read_timeout(Some(timeout.max(REPLY_WAIT)))?;
    receive(&mut conn).context("the put")?;
    let (put, put_wait) = (started.elapsed(), last_byte.elapsed());
    // Hang up: the file server serves one caller after another.
    drop(conn);

    let started = Instant::now();
    let mut conn = dial::tcp(addr, timeout)?;
    send(&mut conn, &json!({"op": "get", "name": NAME})).context("the get")?;
    // The reply carries the file's hash: the server reads the file once for
    // it before the first byte can go.
    let asked = Instant::now();
    let reply = receive(&mut conn).context("the get")?;
    let get_wait = asked.elapsed();
    if reply["size"].as_u64() != Some(bytes) {
        bail!("the server announced {} bytes, not {bytes}", reply["size"]);
    }
    // The file comes back as it went, not upper-cased.
    stream::read_all(&conn, &ring, bytes, None).context("the get")?;
    let get = started.elapsed();

    let rate = |took: Duration| bytes as f64 / took.as_secs_f64().max(1e-9);
    let timed = |what, took: Duration, wait: Duration, when| {
        format!(
            "{what} {} ({}, of which {} waiting for the reply {when})",
            show_mib_per_sec(rate(took)),
            show_secs(took.as_secs_f64()),
            show_secs(wait.as_secs_f64()),
        )
    };
    let report = Report::new(format!(
        "files {addr}: a put and a get of {bytes} bytes ({NAME}), every byte checked"
    ))
    .line(timed("put", put, put_wait, "after the last byte"))
    .line(timed("get", get, get_wait, "before the first byte"))
    .number("put", rate(put))
    .number("put wait", put_wait.as_secs_f64())
    .number("get", rate(get))
    .number("get wait", get_wait.as_secs_f64());
    let (Some(before), Some(after)) = (before, server.look()) else {
        return Ok(report.unmeasured("server memory", &server));
    };
    let growth = after.peak_kib.saturating_sub(before.resident_kib);
    let peak = if peak_reset {
        "peak reset before the put"
    } else {
        "its whole life's peak"
    };
    Ok(report
        .line(format!(
            "server memory: {} KiB resident before, peak {} KiB during the transfers \
             ({peak}): grew by {growth} KiB",
            before.resident_kib, after.peak_kib
        ))
        .number("growth MiB", growth as f64 / 1024.0))
}

/// Calls `each(offset, len)` for every chunk of a file of `bytes` bytes.
fn each_piece(bytes: u64, mut each: impl FnMut(u64, usize)) {
    let mut at = 0;
    while at < bytes {
        let n = (bytes - at).min(CHUNK as u64) as usize;
        each(at, n);
        at += n as u64;
    }
}

/// Sends `header` as one frame of JSON.
fn send(conn: &mut TcpStream, header: &Value) -> Result<()> {
    let json = header.to_string();
    let frame = [&(json.len() as u32).to_be_bytes()[..], json.as_bytes()].concat();
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
    let reply: Value = serde_json::from_slice(&json).map_err(|err| {
        let hint = "is the program at that address a `tcp-framing file-server`?";
        anyhow::Error::new(err).context(Hinted::new("the reply is not JSON", hint))
    })?;
    if reply["ok"] != true {
        bail!("the server refused: {}", reply["error"]);
    }
    Ok(reply)
}
