//! `nodelay`: Nagle's algorithm meets delayed ACK. A client that writes a
//! request in two small pieces and then waits for the answer pays about 40 ms
//! per round trip on Linux, unless it sets `TCP_NODELAY`.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};

use super::call;
use crate::show;

/// How many round trips each timing averages: few, so that the slow case
/// stays under a second.
pub const ROUND_TRIPS: u32 = 12;

/// The request, written in two pieces, and the answer's length.
const HEAD: &[u8] = b"LHF ";
const BODY: &[u8] = b"nb";
const REQUEST_LEN: usize = HEAD.len() + BODY.len();

/// Times the same round trips on two calls, without and with `TCP_NODELAY`.
///
/// # Errors
/// When a socket call on loopback fails or times out.
pub fn run(out: &mut dyn Write) -> Result<()> {
    // ANCHOR: compare
    let slow = show::millis(time_round_trips(false, out)?);
    writeln!(out, "without TCP_NODELAY, per round trip: {slow}")?;
    let fast = show::millis(time_round_trips(true, out)?);
    writeln!(out, "with TCP_NODELAY, per round trip: {fast}")?;
    // ANCHOR_END: compare
    Ok(())
}

/// Makes [`ROUND_TRIPS`] write-write-read round trips on a new call and
/// returns the average time of one.
fn time_round_trips(nodelay: bool, out: &mut dyn Write) -> Result<Duration> {
    let (mut caller, conn) = call()?;
    let answering = thread::spawn(move || answer(conn));
    // ANCHOR: nodelay
    // TCP_NODELAY on: each write leaves at once. Off (the default): a small
    // write waits while an earlier one is still unacknowledged.
    caller.set_nodelay(nodelay)?;
    writeln!(out, "TCP_NODELAY: {}", caller.nodelay()?)?;
    let mut answer = [0u8; REQUEST_LEN];
    let start = Instant::now();
    for _ in 0..ROUND_TRIPS {
        // Write, write: the second piece waits for the ACK of the first,
        // and the server delays that ACK, hoping to send it with an answer.
        caller.write_all(HEAD)?;
        caller.write_all(BODY)?;
        // Read: the answer comes once the server has the whole request.
        caller.read_exact(&mut answer)?;
    }
    let took = start.elapsed();
    // ANCHOR_END: nodelay
    // Hang up: the answering thread sees the end of the call and returns.
    drop(caller);
    answering
        .join()
        .map_err(|_| anyhow!("the answering thread panicked"))??;
    Ok(took / ROUND_TRIPS)
}

/// The server's side: read a whole request, answer it upper-cased, until the
/// caller hangs up.
fn answer(mut conn: TcpStream) -> io::Result<()> {
    let mut request = [0u8; REQUEST_LEN];
    loop {
        match conn.read_exact(&mut request) {
            Ok(()) => conn.write_all(&common::upper(&request))?,
            Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(err) => return Err(err),
        }
    }
}
