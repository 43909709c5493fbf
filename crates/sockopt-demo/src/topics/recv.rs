//! `recv`: one read returns at most the buffer's size, whatever the sender
//! wrote in one go, and 0 bytes once the sender has hung up.

use std::io::{Read, Write};

use anyhow::Result;

use super::call;

/// The size of the message the caller sends in one `write_all`.
pub const MESSAGE_LEN: usize = 3000;

/// Sends 3000 bytes in one write, hangs up, and reads them 1024 at a time.
///
/// # Errors
/// When a socket call on loopback fails or times out.
pub fn run(out: &mut dyn Write) -> Result<()> {
    let (mut caller, mut conn) = call()?;
    // ANCHOR: say
    // The caller says 3000 bytes in one write_all, then hangs up.
    caller.write_all(&[b'm'; MESSAGE_LEN])?;
    drop(caller);
    // ANCHOR_END: say

    // ANCHOR: hear
    // recv(1024): each read takes at most 1024 bytes of what has arrived.
    let mut buf = [0u8; 1024];
    let mut reads = 0;
    loop {
        let n = conn.read(&mut buf)?;
        reads += 1;
        writeln!(out, "read {reads}: {n} bytes")?;
        // 0 bytes: the caller hung up (Python's recv returns b'').
        if n == 0 {
            break;
        }
    }
    // ANCHOR_END: hear
    Ok(())
}
