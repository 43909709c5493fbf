//! Exercise "dial": lesson 1's client, written by you, from the dial to the
//! printed answer. `tcp-oneshot exercise dial-client` runs it.
//!
//! The lesson's client makes each call with `socket2` and dials with
//! `connect_ex`, as the article does. Here the standard library does it:
//! `TcpStream::connect` makes the socket and dials in one call, and fails
//! with an error when nobody answers.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use anyhow::{Context, Result};

// ANCHOR: call_signature
/// The whole client: call `addr`, say `message`, hear the whole answer (the
/// server hangs up when it has said it), print it to `out` followed by a
/// newline, hang up.
///
/// # Errors
/// `cannot call ADDR: <cause>` when the call does not go through, and an
/// error with its cause when the message cannot be sent or the answer heard.
pub fn call(addr: SocketAddr, message: &[u8], out: &mut dyn Write) -> Result<()> {
    // ANCHOR_END: call_signature
    // SOLUTION: begin connect (error "cannot call ADDR"), write_all, read until the server hangs up, print the answer and a newline
    // ANCHOR: call
    // Dial: socket and connect in one call.
    let mut conn =
        TcpStream::connect(addr).with_context(|| format!("cannot call {addr}"))?;
    // Talk: every byte of the message.
    conn.write_all(message).context("cannot send the message")?;
    // Listen until the server hangs up: the answer may come in pieces.
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer)
        .context("cannot hear the answer")?;
    out.write_all(&answer)?;
    writeln!(out)?;
    // Hang up.
    drop(conn);
    Ok(())
    // ANCHOR_END: call
    // SOLUTION: end
}
