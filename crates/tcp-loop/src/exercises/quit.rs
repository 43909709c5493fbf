//! Exercise "quit": the client's communication loop, written by you, with one
//! addition: typing `quit` ends the call, instead of only the end of the input
//! (Ctrl-D in a terminal).
//!
//! `quit` is not sent: the client leaves its communication loop and hangs up,
//! and hanging up is how TCP tells the server the call is over (its next read
//! gives 0 bytes). Any server of this lesson works with it, unchanged.

use std::io::{BufRead, Read, Write};
use std::net::{SocketAddr, TcpStream};

use anyhow::{Context, Result};

use crate::client;

/// The lesson's client, with [`converse`] as its communication loop.
///
/// # Errors
/// As the lesson's client: the call does not go through or breaks.
pub fn run(
    addr: SocketAddr,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<()> {
    // ANCHOR: quit_client
    let mut conn = client::dial(addr)?;
    // New: your communication loop.
    converse(&mut conn, input, out)
        .with_context(|| format!("the call to {addr} broke"))?;
    drop(conn);
    // ANCHOR_END: quit_client
    Ok(())
}

// ANCHOR: converse_signature
/// The communication loop: for each line of `input` (without its `\n` or
/// `\r\n`), say it on `conn`, hear the whole answer (as long as the line: the
/// server answers byte for byte) and print it to `out` with a newline. Skips
/// empty lines; returns at the end of `input`, or at a line that is `quit`,
/// spaces around it allowed, which is not sent.
///
/// # Errors
/// When `input` cannot be read, the server hangs up or resets the call before
/// an answer is complete, or `out` is closed.
pub fn converse(
    conn: &mut TcpStream,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<()> {
    // ANCHOR_END: converse_signature
    // SOLUTION: begin for each line: quit ends, empty is skipped, else write_all it, read_exact as many bytes, print them
    // ANCHOR: converse
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(()); // the end of the input: hang up
        }
        let message = line.strip_suffix(b"\n").unwrap_or(&line);
        let message = message.strip_suffix(b"\r").unwrap_or(message);
        if message.trim_ascii() == b"quit" {
            return Ok(()); // leave the loop; the caller hangs up
        }
        if message.is_empty() {
            continue; // zero bytes never reach the server
        }
        // Talk, then listen until the whole answer is in.
        conn.write_all(message)?;
        let mut answer = vec![0u8; message.len()];
        conn.read_exact(&mut answer)?;
        out.write_all(&answer)?;
        writeln!(out)?;
    }
    // ANCHOR_END: converse
    // SOLUTION: end
}
