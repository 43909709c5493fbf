//! `reuseaddr`: why the article sets `SO_REUSEADDR` before `bind`. A server
//! that hung up first leaves its side of the call in TIME_WAIT; binding its
//! port again fails until the option is set.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};

use anyhow::Result;
use socket2::{Domain, SockRef, Socket, Type};

use super::{PATIENCE, loopback};
use crate::show;

/// Leaves a call in TIME_WAIT on a port, then binds that port again without
/// and with `SO_REUSEADDR`.
///
/// # Errors
/// When a socket call on loopback fails.
pub fn run(out: &mut dyn Write) -> Result<()> {
    // ANCHOR: std_sets_it
    // std's TcpListener::bind makes the socket, binds and listens; on Unix
    // it sets SO_REUSEADDR first. Read it back with socket2's SockRef.
    let old = TcpListener::bind(loopback(0))?;
    let addr = old.local_addr()?;
    let reuse = SockRef::from(&old).reuse_address()?;
    writeln!(out, "std's TcpListener::bind, SO_REUSEADDR: {reuse}")?;
    // ANCHOR_END: std_sets_it

    // ANCHOR: time_wait
    // One call, and the server hangs up first: its side of the call waits
    // in TIME_WAIT (a minute on Linux) for stray packets of the old call.
    let caller = TcpStream::connect(addr)?;
    caller.set_read_timeout(Some(PATIENCE))?;
    let (conn, _) = old.accept()?;
    drop(conn);
    // The caller hears the end of the call and hangs up too; the server
    // stops: nothing listens on the port any more.
    let heard = (&caller).read(&mut [0u8; 16])?;
    writeln!(out, "caller read after the server hung up: {heard} bytes")?;
    drop(caller);
    drop(old);
    // ANCHOR_END: time_wait
    #[cfg(target_os = "linux")]
    report_time_wait(addr, out)?;

    // ANCHOR: rebind
    // A new server on the same port, built step by step: socket2 leaves
    // SO_REUSEADDR off, as Python does.
    let fresh = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    writeln!(out, "new socket, SO_REUSEADDR: {}", fresh.reuse_address()?)?;
    let refused = show::outcome(&fresh.bind(&addr.into()));
    writeln!(out, "bind {addr} without SO_REUSEADDR: {refused}")?;
    // The article's fix: set the option before bind.
    let fresh = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    fresh.set_reuse_address(true)?;
    let bound = show::outcome(&fresh.bind(&addr.into()));
    writeln!(out, "bind {addr} with SO_REUSEADDR: {bound}")?;
    writeln!(out, "listen: {}", show::outcome(&fresh.listen(5)))?;
    // ANCHOR_END: rebind
    Ok(())
}

/// Shows the state of the old call on `addr` as Linux lists it in
/// `/proc/net/tcp`, waiting (at most [`PATIENCE`]) for the caller's last
/// packet to move it from FIN_WAIT2 to TIME_WAIT.
#[cfg(target_os = "linux")]
fn report_time_wait(addr: std::net::SocketAddr, out: &mut dyn Write) -> Result<()> {
    use std::time::{Duration, Instant};

    let deadline = Instant::now() + PATIENCE;
    let state = loop {
        let entries = crate::linux::tcp_entries(addr)?;
        let state = entries.first().map(|e| e.state.clone());
        if state.as_deref() == Some("TIME_WAIT") || Instant::now() > deadline {
            break state;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let state = state.unwrap_or_else(|| "not listed".to_string());
    writeln!(out, "old call on {addr} in /proc/net/tcp: {state}")?;
    Ok(())
}
