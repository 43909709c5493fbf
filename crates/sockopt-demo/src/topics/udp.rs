//! `udp`: `sendto` and `recvfrom`. No call is set up: each datagram carries
//! its address, arrives whole or not at all, and keeps its boundaries.

use std::io::Write;
use std::net::UdpSocket;

use anyhow::Result;

use super::{PATIENCE, loopback};
use crate::show;

/// Sends datagrams between two UDP sockets on loopback.
///
/// # Errors
/// When a socket call on loopback fails or times out.
pub fn run(out: &mut dyn Write) -> Result<()> {
    // ANCHOR: letters
    // Two datagram sockets: bind, and that is all; no listen, no accept.
    let server = UdpSocket::bind(loopback(0))?;
    let client = UdpSocket::bind(loopback(0))?;
    server.set_read_timeout(Some(PATIENCE))?;
    client.set_read_timeout(Some(PATIENCE))?;
    let server_addr = server.local_addr()?;
    // sendto: a letter with the address on the envelope.
    client.send_to(b"LHF nb", server_addr)?;
    // recvfrom: the letter and the sender's address, to answer to.
    let mut buf = [0u8; 1024];
    let (n, from) = server.recv_from(&mut buf)?;
    let letter = common::show_bytes(&buf[..n]);
    writeln!(out, "server recv_from: {letter} from {from}")?;
    // sendto again: the answer goes back to the sender's address.
    server.send_to(&common::upper(&buf[..n]), from)?;
    let (n, from) = client.recv_from(&mut buf)?;
    let answer = common::show_bytes(&buf[..n]);
    writeln!(out, "client recv_from: {answer} from {from}")?;
    // ANCHOR_END: letters

    // ANCHOR: boundaries
    // Two datagrams stay two: each recv_from returns exactly one of them.
    client.send_to(b"ab", server_addr)?;
    client.send_to(b"cde", server_addr)?;
    for i in 1..=2 {
        let (n, _) = server.recv_from(&mut buf)?;
        writeln!(out, "datagram {i}: {n} bytes")?;
    }
    // ANCHOR_END: boundaries

    // ANCHOR: cut
    // A datagram longer than the buffer: recv_from gets the first 1024
    // bytes and the kernel throws the rest away (Windows: WSAEMSGSIZE).
    client.send_to(&[b'u'; 3000], server_addr)?;
    let long = server.recv_from(&mut buf).map(|(n, _)| n);
    writeln!(out, "recv_from of 3000 bytes: {}", show::outcome(&long))?;
    // Nothing is left to read: the other 1976 bytes are gone.
    server.set_nonblocking(true)?;
    let rest = server.recv_from(&mut buf).map(|(n, _)| n);
    writeln!(out, "next recv_from: {}", show::outcome(&rest))?;
    // ANCHOR_END: cut
    Ok(())
}
