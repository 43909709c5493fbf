//! Lesson 1's call on the wire: the handshake that `connect()` starts and
//! `accept()` only collects, the message and its ACK, the answer, and the
//! close, FIN by FIN, each side's in turn.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use anyhow::Result;
use socket2::{Domain, Socket, Type};

use crate::wire::Wire;

/// Runs lesson 1's call, one socket call at a time.
///
/// # Errors
/// When a socket call fails or the capture does.
pub fn run(wire: &mut Wire<'_>, loopback: SocketAddr) -> Result<()> {
    // ANCHOR: stand_by
    // The server stands by: socket(), bind(), listen(). No packet yet: a
    // listening socket only tells the kernel to answer calls to its number.
    let phone = Socket::new(Domain::for_address(loopback), Type::STREAM, None)?;
    phone.bind(&loopback.into())?;
    phone.listen(5)?;
    let addr = super::local(&phone)?;
    wire.watch(addr, "server")?;
    wire.call("server", &format!("listen(5) on {addr}"))?;
    // ANCHOR_END: stand_by

    // ANCHOR: dial
    // The client dials. Its kernel sends [S]; the server's kernel answers
    // [S.] by itself, and the client's completes the handshake with [.].
    wire.call("client", "connect()")?;
    let mut conn = TcpStream::connect(addr)?;
    wire.name(conn.local_addr()?, "client");
    wire.expect(3)?;
    // The call is already through: accept() only takes it from the queue.
    let (peer, _) = phone.accept()?;
    let mut peer = TcpStream::from(peer);
    wire.call("server", "accept() returns the call: no packet")?;
    // ANCHOR_END: dial

    // ANCHOR: talk
    // One write, one segment with the data ([P.]: "push it to the program"),
    // and the receiving kernel's ACK, before any program has read a byte.
    wire.call("client", "write(b'LHF nb')")?;
    conn.write_all(b"LHF nb")?;
    wire.expect(2)?;
    let mut buf = [0u8; 1024];
    let n = peer.read(&mut buf)?;
    wire.call("server", &format!("read() returns {n} bytes: no packet"))?;
    wire.call("server", "write(b'LHF NB')")?;
    peer.write_all(&common::upper(&buf[..n]))?;
    wire.expect(2)?;
    let n = conn.read(&mut buf)?;
    wire.call("client", &format!("read() returns {n} bytes"))?;
    // ANCHOR_END: talk

    // ANCHOR: hang_up
    // The server hangs up first: [F.], "nothing more from me", and the
    // client's kernel acknowledges it. The client's next read returns 0.
    wire.call("server", "close()")?;
    drop(peer);
    wire.expect(2)?;
    let n = conn.read(&mut buf)?;
    wire.call("client", &format!("read() returns {n}: the server hung up"))?;
    // Then the client hangs up too: its own [F.], and the last ACK.
    wire.call("client", "close()")?;
    drop(conn);
    wire.expect(2)?;
    wire.note("the server hung up first: its side waits in TIME_WAIT")?;
    // ANCHOR_END: hang_up
    Ok(())
}
