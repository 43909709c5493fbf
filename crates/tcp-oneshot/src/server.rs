//! The article's first TCP server: answer one call, say the message back
//! upper-cased, hang up, switch off.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use anyhow::{Context, Result};
use socket2::{Domain, Socket, Type};

use crate::BUFSIZE;

/// The whole program: stand by at `addr`, then answer one call. What the
/// article's server prints goes to `out`.
///
/// # Errors
/// When the address cannot be taken (in use, not this machine's), or the one
/// call fails (the caller resets it).
pub fn run(addr: SocketAddr, out: &mut dyn Write) -> Result<()> {
    let phone = stand_by(addr, out)?;
    answer_one_call(phone, out)
}

/// Buys the phone, inserts the SIM and stands by: after this, callers can get
/// through, and `listening on ADDR` has been printed.
///
/// # Errors
/// When the socket cannot be made or `addr` cannot be bound.
pub fn stand_by(addr: SocketAddr, out: &mut dyn Write) -> Result<Socket> {
    // ANCHOR: stand_by
    // Buy a phone: a TCP (stream) socket of the address's family, IPv4 or IPv6.
    let phone = Socket::new(Domain::for_address(addr), Type::STREAM, None)
        .context("cannot create a TCP socket")?;
    // Insert the SIM: take the number (IP address and port) callers will dial.
    // Like the article's, this socket has no SO_REUSEADDR: see lesson 2.
    phone.bind(&addr.into()).map_err(|err| {
        let fix = "wait a minute, or choose another port with --addr \
                   (lesson 2's server sets SO_REUSEADDR for this)";
        common::cannot_listen(err, addr, false, fix)
    })?;
    // Stand by: from now on the kernel completes calls by itself and queues
    // up to 5 of them until we pick up.
    phone.listen(5).context("cannot listen")?;
    common::announce_listening(&phone, out)?;
    // ANCHOR_END: stand_by
    Ok(phone)
}

/// Picks up one call, hears one message, answers it upper-cased, hangs up.
///
/// # Errors
/// When `accept` fails or the caller resets the call before the answer.
pub fn answer_one_call(phone: Socket, out: &mut dyn Write) -> Result<()> {
    // ANCHOR: pick_up
    // Pick up: wait until a caller is through; `peer` is the caller's number.
    let (conn, peer) = phone.accept().context("cannot pick up the call")?;
    let mut conn = TcpStream::from(conn);
    writeln!(out, "call from {}", common::show_sockaddr(&peer))?;
    // ANCHOR_END: pick_up

    // ANCHOR: talk
    // Listen: one read returns what has arrived so far, at most BUFSIZE
    // bytes. It is not "one message": TCP delivers a stream of bytes.
    let mut buf = [0u8; BUFSIZE];
    let n = conn.read(&mut buf).context("cannot hear the message")?;
    let message = &buf[..n];
    writeln!(out, "received {}", common::show_bytes(message))?;
    // Talk: write_all, because one write may take only part of the bytes.
    conn.write_all(&common::upper(message))
        .context("cannot send the answer")?;
    // ANCHOR_END: talk

    // ANCHOR: hang_up
    // Hang up: closing the connection tells the caller the answer is complete.
    drop(conn);
    // Switch off: close the listening socket; the number is free again.
    drop(phone);
    // ANCHOR_END: hang_up
    Ok(())
}
