//! Exercise "connected": a client that `connect`s its UDP socket to the
//! server, then talks with `send` and `recv`, without addresses.
//!
//! `connect` on a UDP socket sends nothing: there is no handshake and the
//! server does not know. It only fixes the other end in this socket, so the
//! kernel passes it datagrams from that address alone, and it lets the kernel
//! report to this socket the note ("ICMP port unreachable") that comes back
//! when a datagram reaches a port where nobody is bound. With no server,
//! Linux then fails the next `recv` at once with "connection refused", where
//! the lesson's client, like the article's, can only wait for its timeout.
//! Across a network that note is often filtered out: still no guarantee.

use std::io::{self, Write};
use std::net::{SocketAddr, UdpSocket};
use std::time::Duration;

use anyhow::{Context, Result};
use socket2::{Domain, Socket, Type};

use crate::MAX_IPV6_PAYLOAD;
use crate::client;

/// The lesson's client, connected: posts each of `messages` and prints each
/// answer, one per line.
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
    let phone = Socket::new(Domain::for_address(addr), Type::DGRAM, None)
        .context("cannot create a UDP socket")?;
    let phone = UdpSocket::from(phone);
    // New: fix the other end. Nothing is sent; the server cannot tell.
    phone
        .connect(addr)
        .with_context(|| format!("cannot connect to {addr}"))?;
    phone.set_read_timeout(Some(timeout))?;
    let mut reply = vec![0u8; MAX_IPV6_PAYLOAD];
    for message in messages {
        let n = match exchange(&phone, message, &mut reply) {
            Ok(n) => n,
            Err(err) if common::is_timeout(&err) => {
                return Err(client::no_reply(addr, timeout, 1));
            }
            Err(err) => {
                return Err(err).with_context(|| format!("no answer from {addr}"));
            }
        };
        common::output::print_reply(out, &reply[..n])?;
    }
    // ANCHOR_END: connected_client
    Ok(())
}

/// Sends `message` on the connected socket `phone` and receives the answer
/// into `reply`; returns the answer's length.
///
/// # Errors
/// When the send fails, the kernel reports that nobody is bound at the other
/// end (`ConnectionRefused`), or no answer comes within the read timeout.
pub fn exchange(
    phone: &UdpSocket,
    message: &[u8],
    reply: &mut [u8],
) -> io::Result<usize> {
    // SOLUTION: begin send, then recv: the connected socket knows the address
    // ANCHOR: exchange
    phone.send(message)?;
    phone.recv(reply)
    // ANCHOR_END: exchange
    // SOLUTION: end
}
