//! 粘包, "stuck-together packets": three writes make three segments on the
//! wire, each acknowledged, and yet one read returns all three messages
//! glued together. TCP delivers a stream of bytes; the segments that carried
//! them are gone by the time the program reads.

use std::io::{Read, Write};
use std::net::SocketAddr;

use anyhow::Result;

use crate::wire::Wire;

/// Three writes, then one read.
///
/// # Errors
/// When a socket call fails unexpectedly or the capture does.
pub fn run(wire: &mut Wire<'_>, loopback: SocketAddr) -> Result<()> {
    let (phone, addr) = super::stand_by(wire, loopback, 5)?;
    let (mut conn, mut peer) = super::call(wire, &phone, addr)?;
    // ANCHOR: sticky
    // TCP_NODELAY, so that each write leaves at once as its own segment.
    conn.set_nodelay(true)?;
    for message in [&b"one"[..], b"two", b"three"] {
        wire.call("client", &format!("write({})", common::show_bytes(message)))?;
        conn.write_all(message)?;
        wire.expect(2)?;
    }
    // Three segments arrived, three messages; the server reads once.
    let mut buf = [0u8; 1024];
    let n = peer.read(&mut buf)?;
    let heard = common::show_bytes(&buf[..n]);
    wire.call("server", &format!("read() returns {n} bytes: {heard}"))?;
    // ANCHOR_END: sticky
    wire.note("where one message ends is for the programs to agree on")?;
    Ok(())
}
