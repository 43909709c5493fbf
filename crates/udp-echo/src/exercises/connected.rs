//! Exercise "connected": a client, written by you, that `connect`s its UDP
//! socket to the server, then talks with `send` and `recv`, without addresses.
//!
//! `connect` on a UDP socket sends nothing: there is no handshake and the
//! server does not know. It only fixes the other end in this socket, so the
//! kernel passes it letters from that address alone, and it lets the kernel
//! report to this socket the note ("ICMP port unreachable") that comes back
//! when a letter reaches a port where nobody is bound. With no server, Linux
//! then fails the next `recv` at once with "connection refused", where the
//! lesson's client, like the article's, can only wait for its timeout.
//! Across a network that note is often filtered out: still no guarantee.

use std::io::{self, Write};
use std::net::{SocketAddr, UdpSocket};
use std::time::Duration;

use anyhow::Result;

use super::unanswered;
use crate::MAX_IPV6_PAYLOAD;

/// The client: [`converse`], with its errors said as the lesson's client
/// says them.
///
/// # Errors
/// When nobody is bound at `addr` and the system says so (connection
/// refused), when no answer comes within `timeout`, or sending fails.
pub fn run(
    addr: SocketAddr,
    messages: &[Vec<u8>],
    timeout: Duration,
    out: &mut dyn Write,
) -> Result<()> {
    // ANCHOR: connected_client
    // A timeout is the lesson's `no reply` error.
    converse(addr, messages, timeout, out)
        .map_err(|err| unanswered(err, addr, timeout))
    // ANCHOR_END: connected_client
}

// ANCHOR: converse_signature
/// Makes a UDP socket of `addr`'s family, connects it to `addr`, and for each
/// of `messages` sends it with `send`, receives the answer with `recv`
/// (waiting at most `timeout`) and prints it to `out` with a newline.
///
/// # Errors
/// When the kernel reports that nobody is bound at `addr`
/// (`ConnectionRefused`), no answer comes within `timeout` (`WouldBlock` or
/// `TimedOut`), or a send fails.
pub fn converse(
    addr: SocketAddr,
    messages: &[Vec<u8>],
    timeout: Duration,
    out: &mut dyn Write,
) -> io::Result<()> {
    // ANCHOR_END: converse_signature
    // SOLUTION: begin a UDP socket, connect it to addr, set the read timeout, then send and recv each message
    // ANCHOR: converse
    // A post box of the address's family, on a port the system picks.
    let any = if addr.is_ipv4() {
        "0.0.0.0:0"
    } else {
        "[::]:0"
    };
    let post_box = UdpSocket::bind(any)?;
    // Fix the other end. Nothing is sent; the server cannot tell.
    post_box.connect(addr)?;
    post_box.set_read_timeout(Some(timeout))?;
    let mut reply = vec![0u8; MAX_IPV6_PAYLOAD];
    for message in messages {
        // No address: the connected socket knows it.
        post_box.send(message)?;
        let n = post_box.recv(&mut reply)?;
        out.write_all(&reply[..n])?;
        writeln!(out)?;
    }
    Ok(())
    // ANCHOR_END: converse
    // SOLUTION: end
}
