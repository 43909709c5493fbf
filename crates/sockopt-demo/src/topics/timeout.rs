//! `timeout`: `settimeout` and `gettimeout`. A read with a timeout gives up
//! after that long; the error it gives differs between systems; and a zero
//! timeout means something else in Rust than in Python.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use anyhow::Result;

use super::loopback;
use crate::show;

/// The read timeout the experiment sets.
pub const LIMIT: Duration = Duration::from_millis(200);

/// Reads with a timeout on a call where nobody speaks.
///
/// # Errors
/// When a socket call on loopback fails unexpectedly.
pub fn run(out: &mut dyn Write) -> Result<()> {
    // A call where the caller never says anything.
    let listener = TcpListener::bind(loopback(0))?;
    let _caller = TcpStream::connect(listener.local_addr()?)?;
    let (mut conn, _) = listener.accept()?;
    // ANCHOR: timeout
    // gettimeout: a new socket waits for ever (Python's None).
    writeln!(out, "read_timeout at start: {:?}", conn.read_timeout()?)?;
    // settimeout(0.2): a read gives up after 200 ms.
    conn.set_read_timeout(Some(LIMIT))?;
    writeln!(out, "read_timeout after set: {:?}", conn.read_timeout()?)?;
    let start = Instant::now();
    let heard = conn.read(&mut [0u8; 1024]);
    let waited = start.elapsed();
    // Unix reports the timeout as WouldBlock (EAGAIN), Windows as TimedOut.
    writeln!(out, "read with nothing sent: {}", show::outcome(&heard))?;
    writeln!(out, "read gave up after: {}", show::millis(waited))?;
    // ANCHOR_END: timeout

    // ANCHOR: zero
    // Python's settimeout(0) means non-blocking. Rust refuses a zero
    // timeout, and the one set before stays.
    let zero = show::outcome(&conn.set_read_timeout(Some(Duration::ZERO)));
    writeln!(out, "set_read_timeout(Some(ZERO)): {zero}")?;
    writeln!(out, "read_timeout after that: {:?}", conn.read_timeout()?)?;
    // ANCHOR_END: zero
    Ok(())
}
