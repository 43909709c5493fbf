//! `names`: the server's calls (bind, listen, accept), the client's connect,
//! and `getsockname`/`getpeername` on both ends of the call they make.

use std::io::Write;

use anyhow::Result;
use socket2::{Domain, Socket, Type};

use super::loopback;
use crate::show;

/// Builds a call step by step and asks each socket its own address and its
/// peer's.
///
/// # Errors
/// When a socket call on loopback fails.
pub fn run(out: &mut dyn Write) -> Result<()> {
    // ANCHOR: stand_by
    // Buy a phone.
    let phone = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    // Insert a SIM with port 0: the kernel picks a free port.
    phone.bind(&loopback(0).into())?;
    // Stand by.
    phone.listen(5)?;
    // getsockname: ask the phone its own number.
    let number = show::ip(&phone.local_addr()?)?;
    writeln!(out, "listener local_addr: {number}")?;
    // ANCHOR_END: stand_by

    // ANCHOR: dial
    // The caller buys a phone and dials, without bind: connect gives it an
    // ephemeral port, picked by the kernel.
    let caller = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    caller.connect(&number.into())?;
    // getsockname and getpeername on the caller's end.
    let caller_number = show::ip(&caller.local_addr()?)?;
    writeln!(out, "caller local_addr: {caller_number}")?;
    writeln!(out, "caller peer_addr: {}", show::ip(&caller.peer_addr()?)?)?;
    // ANCHOR_END: dial
    #[cfg(target_os = "linux")]
    in_ephemeral_range(caller_number.port(), out)?;

    // ANCHOR: pick_up
    // Pick up: the call is already through, so accept returns at once, with
    // a new socket for this call and the caller's number.
    let (conn, addr) = phone.accept()?;
    writeln!(out, "accept returned addr: {}", show::ip(&addr)?)?;
    // The call's socket has the listener's number, and the caller's as peer.
    writeln!(out, "conn local_addr: {}", show::ip(&conn.local_addr()?)?)?;
    writeln!(out, "conn peer_addr: {}", show::ip(&conn.peer_addr()?)?)?;
    // The listening socket takes calls but is on none: it has no peer.
    let no_peer = phone.peer_addr().map(|a| common::show_sockaddr(&a));
    writeln!(out, "listener peer_addr: {}", show::outcome(&no_peer))?;
    // ANCHOR_END: pick_up
    Ok(())
}

/// Linux picks the caller's port from `net.ipv4.ip_local_port_range`.
#[cfg(target_os = "linux")]
fn in_ephemeral_range(port: u16, out: &mut dyn Write) -> Result<()> {
    let range = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")?;
    let bounds: Vec<u16> = range
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    if let [low, high] = bounds[..] {
        let inside = if (low..=high).contains(&port) {
            "yes"
        } else {
            "no"
        };
        writeln!(out, "caller port in ip_local_port_range: {inside}")?;
    }
    Ok(())
}
