//! Sockets with timeouts, and one verified round trip.
//!
//! Every socket the bench opens has a connect, read and write timeout, so a
//! server that stops answering ends a run with an error instead of hanging it.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream, UdpSocket};
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use common::Hinted;

use crate::payload;

/// How long any one socket operation (connect, read, write) of `compare`
/// and the reference client may wait.
pub const IO_TIMEOUT: Duration = Duration::from_secs(5);

/// Calls the TCP server at `addr`, with `timeout` on the call and on every
/// read and write. `TCP_NODELAY` is set, so the bench itself never holds back
/// a small write (Nagle's algorithm): a stall it measures is the server's.
pub fn tcp(addr: SocketAddr, timeout: Duration) -> Result<TcpStream> {
    let conn = TcpStream::connect_timeout(&addr, timeout)
        .map_err(|err| call_failed(addr, err))?;
    conn.set_read_timeout(Some(timeout))?;
    conn.set_write_timeout(Some(timeout))?;
    conn.set_nodelay(true)?;
    Ok(conn)
}

/// A UDP socket on loopback of `addr`'s family, connected to `addr`, so it
/// hears only that server's datagrams; `wait` bounds each receive.
pub fn udp(addr: SocketAddr, wait: Duration) -> Result<UdpSocket> {
    let local: SocketAddr = if addr.is_ipv6() {
        (std::net::Ipv6Addr::LOCALHOST, 0).into()
    } else {
        (std::net::Ipv4Addr::LOCALHOST, 0).into()
    };
    let socket = UdpSocket::bind(local).context("cannot make a UDP socket")?;
    socket
        .connect(addr)
        .with_context(|| format!("cannot address datagrams to {addr}"))?;
    socket.set_read_timeout(Some(wait))?;
    socket.set_write_timeout(Some(wait))?;
    Ok(socket)
}

/// The error for a call that did not go through, with what to try next.
pub fn call_failed(addr: SocketAddr, err: io::Error) -> anyhow::Error {
    let hint = match err.kind() {
        io::ErrorKind::ConnectionRefused => {
            "is a server running there? start one with `bench reference-server` \
             (or a lesson's `server`), and give both sides the same --addr"
        }
        _ if common::is_timeout(&err) => {
            "the server did not pick up in time: a sequential server busy with \
             another caller, or its queue (backlog) is full"
        }
        _ => "check the address: the bench calls loopback servers only",
    };
    anyhow::Error::new(err).context(Hinted::new(format!("cannot call {addr}"), hint))
}

/// Messages up to this size are written whole before the reply is read. A
/// larger one is written by a second thread while this one reads: a server
/// that answers each read before its next read would otherwise fill every
/// buffer between the two sides and wait for us, while we wait for it.
pub const WRITE_FIRST: usize = 128 * 1024;

/// Sends `message` and reads until the whole reply is in, checking every byte
/// against `expected` as it arrives. `buf` is scratch space for the reads.
pub fn round_trip(
    conn: &mut TcpStream,
    message: &[u8],
    expected: &[u8],
    buf: &mut [u8],
) -> Result<()> {
    if message.len() > WRITE_FIRST {
        return round_trip_both_ways(conn, message, expected, buf);
    }
    // ANCHOR: round_trip
    // Talk: write_all, because one write may take only part of the message.
    conn.write_all(message).context("cannot send the message")?;
    // Listen until the whole reply is in, checking every byte.
    read_reply(conn, expected, buf)
    // ANCHOR_END: round_trip
}

// ANCHOR: read_reply
/// Reads until as many bytes as `expected` holds have come, and checks each
/// piece as it arrives.
///
/// # Errors
/// When a read fails or times out, the server hangs up early, or a byte is
/// wrong.
pub fn read_reply(
    conn: &mut dyn Read,
    expected: &[u8],
    buf: &mut [u8],
) -> Result<()> {
    // TCP keeps no message boundaries: the reply comes in pieces of any
    // size, so one read is not one reply. Count the bytes instead.
    let mut got = 0;
    while got < expected.len() {
        let want = (expected.len() - got).min(buf.len());
        let n = conn.read(&mut buf[..want]).map_err(no_reply)?;
        if n == 0 {
            bail!(
                "the server hung up after {got} of the {} reply bytes",
                expected.len()
            );
        }
        payload::verify(&buf[..n], &expected[got..got + n], got)?;
        got += n;
    }
    Ok(())
}
// ANCHOR_END: read_reply

/// [`round_trip`] for a large message: a scoped thread writes while this one
/// reads. A failed read shuts the connection, so the writer cannot wait on.
fn round_trip_both_ways(
    conn: &mut TcpStream,
    message: &[u8],
    expected: &[u8],
    buf: &mut [u8],
) -> Result<()> {
    let conn: &TcpStream = conn;
    thread::scope(|scope| {
        let writer = scope.spawn(|| {
            let mut out = conn;
            out.write_all(message)
        });
        let mut input = conn;
        let read = read_reply(&mut input, expected, buf);
        if read.is_err() {
            let _ = conn.shutdown(Shutdown::Both);
        }
        let written = writer
            .join()
            .map_err(|_| anyhow::anyhow!("the writer thread panicked"))?;
        read?;
        written.context("cannot send the message")
    })
}

/// Whether `err` is a socket timeout, somewhere in its chain.
pub fn timed_out(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .any(common::is_timeout)
}

/// A read that failed: a timeout gets a plain message, anything else its own.
pub fn no_reply(err: io::Error) -> anyhow::Error {
    if common::is_timeout(&err) {
        anyhow::Error::new(err).context("no reply in time")
    } else {
        anyhow::Error::new(err).context("the reply did not come")
    }
}
