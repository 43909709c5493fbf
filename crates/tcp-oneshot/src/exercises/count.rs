//! Exercise "count": the server tells the caller how many bytes its one read
//! heard, before the answer: `LHF nb` gets `6 bytes: LHF NB`.
//!
//! The lesson's client calls it unchanged (`tcp-oneshot client`). Try a
//! message with characters outside ASCII: `é` is one character but two bytes.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use anyhow::{Context, Result};

use crate::{BUFSIZE, server};

/// The lesson's server, answering with [`answer`] instead of the bare
/// upper-cased message.
///
/// # Errors
/// As the lesson's server: the address cannot be taken, or the call fails.
pub fn serve(addr: SocketAddr, out: &mut dyn Write) -> Result<()> {
    // ANCHOR: count_server
    let phone = server::stand_by(addr, out)?;
    let (conn, peer) = phone.accept().context("cannot pick up the call")?;
    let mut conn = TcpStream::from(conn);
    writeln!(out, "call from {}", common::show_sockaddr(&peer))?;
    let mut buf = [0u8; BUFSIZE];
    let n = conn.read(&mut buf).context("cannot hear the message")?;
    writeln!(out, "received {}", common::show_bytes(&buf[..n]))?;
    // New: the answer says how much was heard.
    conn.write_all(&answer(&buf[..n]))
        .context("cannot send the answer")?;
    // ANCHOR_END: count_server
    Ok(())
}

/// What the server says back to `heard`, the bytes of its one read: their
/// number, then the bytes upper-cased, as in `6 bytes: LHF NB`.
pub fn answer(heard: &[u8]) -> Vec<u8> {
    // SOLUTION: begin say "6 bytes: " for 6 bytes heard, then the bytes upper-cased
    // ANCHOR: answer
    let mut reply = format!("{} bytes: ", heard.len()).into_bytes();
    reply.extend_from_slice(&common::upper(heard));
    reply
    // ANCHOR_END: answer
    // SOLUTION: end
}
