//! Exercise `connect-timeout`: dial the first of several addresses that
//! answers, giving each a time limit. Python sets `s.settimeout(0.2)` before
//! each `s.connect(addr)`; Rust has a call for it. A name such as `localhost`
//! often stands for several addresses (`127.0.0.1` and `::1`), and a client
//! tries them in turn: without a limit, one address that does not answer
//! keeps it for minutes.

use std::io::{self, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use anyhow::Result;
use socket2::{Domain, Socket, Type};

use crate::show;
use crate::topics::loopback;

/// How long each dial may take.
pub const LIMIT: Duration = Duration::from_millis(200);

// ANCHOR: dial_first_signature
/// Dials each of `addrs` in turn, giving each at most `limit`, and returns
/// the first call that goes through.
///
/// # Errors
/// When none does: the error of the last address tried (`TimedOut` for one
/// that did not answer within `limit`, `ConnectionRefused` for one where
/// nobody listens), or `InvalidInput` when `addrs` is empty.
pub fn dial_first(addrs: &[SocketAddr], limit: Duration) -> io::Result<TcpStream> {
    // ANCHOR_END: dial_first_signature
    // SOLUTION: begin connect_timeout to each address in turn; the first Ok wins, else the last error
    // ANCHOR: dial_first
    let mut last = io::Error::new(io::ErrorKind::InvalidInput, "no address to dial");
    for addr in addrs {
        match TcpStream::connect_timeout(addr, limit) {
            Ok(conn) => return Ok(conn),
            Err(err) => last = err,
        }
    }
    Err(last)
    // ANCHOR_END: dial_first
    // SOLUTION: end
}

/// Dials a listener that cannot take the call, then one that can.
///
/// # Errors
/// When a socket call on loopback fails unexpectedly.
pub fn run(out: &mut dyn Write) -> Result<()> {
    // ANCHOR: experiment
    // A listener with a backlog of 0: one finished call fills its queue.
    let full = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    full.bind(&loopback(0).into())?;
    full.listen(0)?;
    let full_addr = show::ip(&full.local_addr()?)?;
    let _waiting = TcpStream::connect(full_addr)?;
    // A socket that is bound but does not listen: every call is refused.
    let refusing = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    refusing.bind(&loopback(0).into())?;
    let refusing_addr = show::ip(&refusing.local_addr()?)?;
    // And a listener with room.
    let room = std::net::TcpListener::bind(loopback(0))?;
    let room_addr = room.local_addr()?;
    // ANCHOR_END: experiment
    #[cfg(target_os = "linux")]
    wait_until_queued(full_addr, out)?;
    // ANCHOR: attempt
    // The full queue first: Linux ignores the SYN, so that dial hears
    // nothing and gives up after LIMIT; the refusal comes at once.
    let start = Instant::now();
    let all = [full_addr, refusing_addr, room_addr];
    let called = dial_first(&all, LIMIT).and_then(|conn| conn.peer_addr());
    let took = start.elapsed();
    let reached = if called.as_ref().ok() == Some(&room_addr) {
        "Ok(the listener with room)".to_string()
    } else {
        show::outcome(&called)
    };
    writeln!(out, "full queue, refusing, room: {reached}")?;
    writeln!(out, "took: {}", show::millis(took))?;
    // Without the listener with room, the last error is the answer.
    let none = dial_first(&[refusing_addr, full_addr], LIMIT).map(|_| ());
    writeln!(out, "refusing, full queue: {}", show::outcome(&none))?;
    let none = dial_first(&[full_addr, refusing_addr], LIMIT).map(|_| ());
    writeln!(out, "full queue, refusing: {}", show::outcome(&none))?;
    // ANCHOR_END: attempt
    Ok(())
}

/// Waits, at most a few seconds, until Linux lists the first call as queued
/// on the listener, so that the next SYN meets a full queue.
#[cfg(target_os = "linux")]
fn wait_until_queued(addr: SocketAddr, out: &mut dyn Write) -> Result<()> {
    let deadline = Instant::now() + crate::topics::PATIENCE;
    loop {
        let entries = crate::linux::tcp_entries(addr)?;
        let queued = entries
            .iter()
            .find(|e| e.state == "LISTEN")
            .map_or(0, |e| e.rx_queue);
        if queued >= 1 || Instant::now() > deadline {
            writeln!(out, "calls waiting in the listener's queue: {queued}")?;
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}
