//! Lesson 4's two ways to abort a call: `SO_LINGER` 0 makes `close()` send
//! a reset ([R.]) instead of a FIN, and so does closing with bytes unread.
//! The other side's next read fails with "connection reset".

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Result;
use socket2::SockRef;

use crate::wire::Wire;

/// Runs both resets, one call each.
///
/// # Errors
/// When a socket call fails unexpectedly or the capture does.
pub fn run(wire: &mut Wire<'_>, loopback: SocketAddr) -> Result<()> {
    let (phone, addr) = super::stand_by(wire, loopback, 5)?;
    let mut buf = [0u8; 1024];

    // ANCHOR: linger
    // SO_LINGER with a time of 0: "do not linger at all". close() throws
    // away anything unsent and answers the call with a reset.
    let (conn, mut peer) = super::call(wire, &phone, addr)?;
    wire.call("client", "set_linger(Some(0 s)), then close()")?;
    SockRef::from(&conn).set_linger(Some(Duration::ZERO))?;
    drop(conn);
    wire.expect(1)?;
    let read = peer.read(&mut buf);
    wire.call("server", &format!("read() {}", super::outcome(&read)))?;
    // ANCHOR_END: linger

    // ANCHOR: unread
    // A close with bytes the program never read: the kernel cannot tell the
    // caller "all heard", so it resets the call instead of sending a FIN.
    let (mut conn, peer) = super::call(wire, &phone, addr)?;
    wire.call("client", "write(b'LHF nb')")?;
    conn.write_all(b"LHF nb")?;
    wire.expect(2)?;
    wire.call("server", "close() without reading")?;
    drop(peer);
    wire.expect(1)?;
    let read = conn.read(&mut buf);
    wire.call("client", &format!("read() {}", super::outcome(&read)))?;
    // ANCHOR_END: unread
    Ok(())
}
