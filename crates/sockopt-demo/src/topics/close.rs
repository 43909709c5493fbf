//! `close`: hanging up. The peer reads the end of the stream; if it writes
//! anyway, the closed end answers with a reset and a later write fails.

use std::io::{Read, Write};
use std::thread;
use std::time::Duration;

use anyhow::Result;

use super::call;
use crate::show;

/// How many writes the peer tries, 10 ms apart, before it gives up waiting
/// for the error (the reset is back after the first on loopback).
const TRIES: u32 = 100;

/// Hangs up one end of a call and shows what the other end sees.
///
/// # Errors
/// When a socket call on loopback fails unexpectedly.
pub fn run(out: &mut dyn Write) -> Result<()> {
    let (caller, mut conn) = call()?;
    // ANCHOR: close
    // Hang up. `caller` is moved into drop: using it afterwards does not
    // compile (Python's closed socket raises OSError at run time instead).
    drop(caller);
    // The other end hears the end of the call: read returns 0 (b'').
    let mut buf = [0u8; 16];
    let heard = conn.read(&mut buf)?;
    writeln!(out, "peer read: {heard} bytes")?;
    // ANCHOR_END: close

    // ANCHOR: write_after
    // It can still write: the kernel takes the bytes and sends them...
    let first = conn.write(b"LHF NB");
    writeln!(out, "peer's first write: {}", show::outcome(&first))?;
    // ...the closed end answers with a reset, and a later write fails.
    // (Rust ignores SIGPIPE, so this is an error, not the end of the program.)
    let mut later = conn.write(b"LHF NB");
    for _ in 1..TRIES {
        if later.is_err() {
            break;
        }
        thread::sleep(Duration::from_millis(10));
        later = conn.write(b"LHF NB");
    }
    writeln!(out, "peer's later write: {}", show::outcome(&later))?;
    // ANCHOR_END: write_after
    Ok(())
}
