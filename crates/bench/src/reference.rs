//! The reference servers: the bar the lesson servers and the article's Python
//! are measured against. Plain std, one thread per connection, 64 KiB reads,
//! `TCP_NODELAY`; nothing printed after the first line.
//!
//! They speak the course's protocol (every byte back upper-cased), so any
//! client of the course can call them; `bench compare` starts them with
//! `bench reference-server --addr 127.0.0.1:0` (and `--udp`).

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result};
use socket2::SockRef;

/// The most one read takes: 64 KiB, so a 100 KiB message takes two reads,
/// not a hundred as with the article's `recv(1024)`.
pub const BUFSIZE: usize = 64 * 1024;

/// A connection that says nothing for this long is hung up on, so a client
/// that vanished does not hold a thread forever.
pub const IDLE: Duration = Duration::from_secs(60);

/// The reference TCP server: stands by at `addr` (printing `listening on
/// ADDR` to `out`) and serves every caller in a thread of its own. With
/// `hang_up`, it answers each caller's first read and hangs up, as the
/// one-shot server of lesson 1 does, so `tcp-oneshot client` (which reads
/// until the server hangs up) can call it again and again.
pub fn serve_tcp(
    addr: SocketAddr,
    hang_up: bool,
    out: &mut dyn Write,
) -> Result<()> {
    // A caller is a file descriptor: take all the system allows.
    let _ = common::limits::raise_open_files();
    // ANCHOR: reference_stand_by
    // Buy a phone, insert the SIM, stand by: std's bind does all three
    // (and sets SO_REUSEADDR on Unix, the article's option).
    let listener = TcpListener::bind(addr)
        .with_context(|| format!("cannot listen on {addr}"))?;
    common::announce_listening(&SockRef::from(&listener), out)?;
    loop {
        // Pick up, and hand the call to a thread of its own at once:
        // the next caller is picked up while this one talks.
        let (conn, _peer) = match listener.accept() {
            Ok(call) => call,
            // A caller that hung up before we picked up: not our failure.
            Err(err) if err.kind() == io::ErrorKind::ConnectionAborted => continue,
            // Out of descriptors or memory for now (too many calls at once):
            // a load the callers cause, not a reason to stop. Say so, give
            // the calls in progress a moment to end, and go on.
            Err(err) if out_of_resources(&err) => {
                eprintln!(
                    "warning: cannot pick up a call: {}",
                    common::describe_io(&err)
                );
                thread::sleep(BACK_OFF);
                continue;
            }
            Err(err) => return Err(err).context("cannot pick up a call"),
        };
        let call = thread::Builder::new().spawn(move || talk(conn, hang_up));
        if let Err(err) = call {
            // No thread for this call: it is dropped (the caller sees the
            // call end), and the server goes on with the next one.
            eprintln!(
                "warning: no thread for a call: {}",
                common::describe_io(&err)
            );
        }
    }
    // ANCHOR_END: reference_stand_by
}

/// How long the reference server waits before picking up again when the
/// system has no descriptor or memory left for a new call.
const BACK_OFF: Duration = Duration::from_millis(50);

/// Whether `accept` failed because the process or the system is out of
/// descriptors or memory for now.
fn out_of_resources(err: &io::Error) -> bool {
    common::limits::is_out_of_descriptors(err)
        || err.kind() == io::ErrorKind::OutOfMemory
}

// ANCHOR: reference_talk
/// One call: read up to 64 KiB, answer it upper-cased, until the caller
/// hangs up. An error ends only this call.
fn talk(mut conn: TcpStream, hang_up: bool) -> io::Result<()> {
    // Send each answer at once: no waiting for the caller's ACK (Nagle).
    conn.set_nodelay(true)?;
    conn.set_read_timeout(Some(IDLE))?;
    conn.set_write_timeout(Some(IDLE))?;
    let mut buf = vec![0u8; BUFSIZE];
    loop {
        let n = conn.read(&mut buf)?;
        if n == 0 {
            // The caller hung up.
            return Ok(());
        }
        buf[..n].make_ascii_uppercase();
        // One write for everything this read brought: few, large segments.
        conn.write_all(&buf[..n])?;
        if hang_up {
            return Ok(());
        }
    }
}
// ANCHOR_END: reference_talk

/// The reference UDP server: bound at `addr` (printing `bound to ADDR` to
/// `out`), it answers every datagram upper-cased, up to 64 KiB each.
pub fn serve_udp(addr: SocketAddr, out: &mut dyn Write) -> Result<()> {
    let socket =
        UdpSocket::bind(addr).with_context(|| format!("cannot bind to {addr}"))?;
    common::announce_bound(&SockRef::from(&socket), out)?;
    let mut buf = vec![0u8; BUFSIZE];
    loop {
        let (n, peer) = match socket.recv_from(&mut buf) {
            Ok(letter) => letter,
            // Windows reports an earlier answer that found no one here.
            Err(err) if err.kind() == io::ErrorKind::ConnectionReset => continue,
            Err(err) => return Err(err).context("cannot receive"),
        };
        buf[..n].make_ascii_uppercase();
        // An answer that cannot go is that caller's loss, not the server's.
        let _ = socket.send_to(&buf[..n], peer);
    }
}

/// The reference client: one call, as `tcp-oneshot client` makes it, with
/// nothing else (the least a Rust process can do for a call). Says `message`,
/// prints the reply and a newline to `out`.
pub fn call(addr: SocketAddr, message: &[u8], out: &mut dyn Write) -> Result<()> {
    let mut conn = crate::dial::tcp(addr, crate::dial::IO_TIMEOUT)?;
    conn.write_all(message).context("cannot send the message")?;
    // Hang up our side: a server that echoes until the caller hangs up
    // (the reference without --hang-up) then ends the call too.
    conn.shutdown(std::net::Shutdown::Write)?;
    let mut reply = Vec::new();
    conn.read_to_end(&mut reply)
        .map_err(crate::dial::no_reply)?;
    common::output::print_reply(out, &reply)?;
    Ok(())
}
