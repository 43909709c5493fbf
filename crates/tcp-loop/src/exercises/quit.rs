//! Exercise "quit": a client that ends the call when you type `quit`, instead
//! of only at the end of its input (Ctrl-D in a terminal).
//!
//! `quit` is not sent: the client leaves its communication loop and hangs up,
//! and hanging up is how TCP tells the server the call is over (its next read
//! gives 0 bytes). Any server of this lesson works with it, unchanged.

use std::io::{BufRead, Write};
use std::net::SocketAddr;

use anyhow::Result;

use crate::client;

/// The lesson's client, with one new step: a line for which [`is_quit`] is
/// true ends the call.
///
/// # Errors
/// As the lesson's client: the call does not go through or breaks.
pub fn run(
    addr: SocketAddr,
    input: &mut dyn BufRead,
    prompt: bool,
    out: &mut dyn Write,
) -> Result<()> {
    // ANCHOR: quit_client
    let mut conn = client::dial(addr)?;
    while let Some(message) = client::next_line(input, prompt)? {
        // New: `quit` leaves the communication loop; it is not sent.
        if is_quit(&message) {
            break;
        }
        if message.is_empty() {
            continue;
        }
        client::talk(&mut conn, &message, addr, out)?;
    }
    drop(conn);
    // ANCHOR_END: quit_client
    Ok(())
}

/// Whether `line` (a line as typed, without its line ending) asks to end the
/// call: the word `quit`, with or without spaces around it. `quitter` or
/// `QUIT` are messages like any other.
pub fn is_quit(line: &[u8]) -> bool {
    // SOLUTION: begin true for the word quit, with or without spaces around it
    // ANCHOR: is_quit
    line.trim_ascii() == b"quit"
    // ANCHOR_END: is_quit
    // SOLUTION: end
}
