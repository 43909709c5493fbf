//! `blocking`: `setblocking(False)`. A non-blocking `accept` or `read` that
//! would have to wait returns `WouldBlock` at once instead.

use std::io::{Read, Write};
use std::net::TcpListener;

use anyhow::Result;

use super::{call, loopback};
use crate::show;

/// Accepts and reads on non-blocking sockets with nothing to take, then reads
/// again in blocking mode.
///
/// # Errors
/// When a socket call on loopback fails unexpectedly.
pub fn run(out: &mut dyn Write) -> Result<()> {
    // ANCHOR: accept
    // Non-blocking listener, nobody calling: accept does not wait.
    let listener = TcpListener::bind(loopback(0))?;
    listener.set_nonblocking(true)?;
    let picked_up = listener.accept().map(|(_, addr)| addr);
    writeln!(out, "accept with no caller: {}", show::outcome(&picked_up))?;
    // ANCHOR_END: accept

    let (mut caller, mut conn) = call()?;
    // ANCHOR: read
    // Non-blocking call, nothing sent yet: read does not wait either.
    conn.set_nonblocking(true)?;
    let mut buf = [0u8; 1024];
    let heard = conn.read(&mut buf);
    writeln!(out, "read with nothing sent: {}", show::outcome(&heard))?;
    // Blocking again: read waits (here at most 5 s) until bytes arrive.
    caller.write_all(b"LHF nb")?;
    conn.set_nonblocking(false)?;
    let n = conn.read(&mut buf)?;
    let heard = common::show_bytes(&buf[..n]);
    writeln!(out, "read in blocking mode: {heard}")?;
    // ANCHOR_END: read
    Ok(())
}
