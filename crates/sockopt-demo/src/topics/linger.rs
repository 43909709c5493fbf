//! `linger`: `SO_LINGER` set to 0 turns `close` into an abort: the kernel
//! sends a reset instead of the polite end of the call, and the peer sees
//! `ConnectionReset` instead of the end of the stream.

use std::io::{Read, Write};
use std::time::Duration;

use anyhow::Result;
use socket2::SockRef;

use super::call;
use crate::show;

/// Hangs up two calls, politely and with `SO_LINGER` 0, and shows what the
/// peer reads each time.
///
/// # Errors
/// When a socket call on loopback fails.
pub fn run(out: &mut dyn Write) -> Result<()> {
    let mut buf = [0u8; 16];
    // ANCHOR: polite
    // A normal hang-up: the peer reads 0 bytes, the end of the stream.
    let (caller, mut conn) = call()?;
    drop(caller);
    let heard = show::outcome(&conn.read(&mut buf));
    writeln!(out, "peer read after a normal close: {heard}")?;
    // ANCHOR_END: polite

    // ANCHOR: abort
    // SO_LINGER is off on a new socket: close returns at once and the
    // kernel finishes the call in the background.
    let (caller, mut conn) = call()?;
    let sock = SockRef::from(&caller);
    writeln!(out, "SO_LINGER at start: {:?}", sock.linger()?)?;
    // On, with 0 seconds: close throws away what is unsent and resets.
    sock.set_linger(Some(Duration::ZERO))?;
    writeln!(out, "SO_LINGER after set: {:?}", sock.linger()?)?;
    drop(caller);
    // The peer's read fails: the call was reset, not ended.
    let heard = show::outcome(&conn.read(&mut buf));
    writeln!(out, "peer read after a close with linger 0: {heard}")?;
    // ANCHOR_END: abort
    Ok(())
}
