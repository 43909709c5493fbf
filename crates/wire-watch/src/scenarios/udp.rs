//! Lesson 3's letters sent to an address where nobody lives: the datagram
//! goes out, and the receiving machine answers with an ICMP "port
//! unreachable". A connected UDP socket hears of it: its next recv() fails
//! with "connection refused".

use std::net::{SocketAddr, UdpSocket};

use anyhow::Result;

use crate::wire::Wire;

/// Sends one datagram to a port where nobody listens.
///
/// # Errors
/// When a socket call fails unexpectedly or the capture does.
pub fn run(wire: &mut Wire<'_>, loopback: SocketAddr) -> Result<()> {
    // A port where no one will take our datagram: a socket holds it, so no
    // other program can take it meanwhile, but it is connected elsewhere
    // (port 1), so the kernel gives it nothing from us.
    let holder = UdpSocket::bind(loopback)?;
    holder.connect(SocketAddr::new(loopback.ip(), 1))?;
    let nobody = holder.local_addr()?;
    wire.watch(nobody, "nobody")?;
    wire.call(
        "nobody",
        &format!("{nobody}: no socket takes the client's datagrams"),
    )?;

    // ANCHOR: unreachable
    // A UDP connect() sends nothing: it only records the other address.
    let client = UdpSocket::bind(loopback)?;
    wire.name(client.local_addr()?, "client");
    client.connect(nobody)?;
    wire.call("client", &format!("connect({nobody}): no packet"))?;
    // The letter goes out; the kernel at the other end finds no socket for
    // it and answers with ICMP port unreachable.
    wire.call("client", "send(b'LHF nb')")?;
    client.send(b"LHF nb")?;
    wire.expect(2)?;
    // The error waits in our socket until the next call on it.
    let mut buf = [0u8; 1024];
    let read = client.recv(&mut buf);
    wire.call("client", &format!("recv() {}", super::outcome(&read)))?;
    // ANCHOR_END: unreachable
    Ok(())
}
