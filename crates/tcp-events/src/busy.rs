//! The first idea for many callers on one thread, and why not. With every
//! socket non-blocking (the article's `setblocking(False)`), no call waits,
//! so one loop can ask each socket in turn: "anyone calling? anything said?"
//! It works. And it asks again at once, millions of times a second, when
//! nobody has anything to say: a whole CPU spent on waiting.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Instant;

use anyhow::Result;

use crate::BUFSIZE;

/// How often the busy loop went round, and how many of those turns had
/// something to do.
#[derive(Debug, Default, Clone, Copy)]
pub struct Turns {
    /// Every turn of the loop.
    pub all: u64,
    /// Turns in which a caller arrived or said something.
    pub useful: u64,
}

/// Serves lesson 2's wire at `addr` with a busy loop until `until`, and
/// says how often it went round.
///
/// # Errors
/// When the address cannot be taken or `out` is closed.
pub fn serve(
    addr: SocketAddr,
    until: Instant,
    out: &mut dyn Write,
) -> Result<Turns> {
    // Stand by as the lesson's server does: the listener is non-blocking,
    // the article's setblocking(False), so accept returns WouldBlock when
    // nobody is calling. Every call will be made non-blocking too.
    let (listener, _) = crate::server::listen(addr, out)?;
    // ANCHOR: busy_loop
    let mut callers: Vec<(TcpStream, SocketAddr)> = Vec::new();
    let mut buf = vec![0u8; BUFSIZE];
    let mut turns = Turns::default();
    while Instant::now() < until {
        turns.all += 1;
        // Anyone calling?
        if let Ok((conn, peer)) = listener.accept() {
            // setblocking(False): read returns WouldBlock, never waits.
            conn.set_nonblocking(true)?;
            writeln!(out, "client : {peer}")?;
            callers.push((conn, peer));
            turns.useful += 1;
        }
        // Anything said? Ask every caller, every time round.
        let mut i = 0;
        while i < callers.len() {
            let (conn, peer) = &mut callers[i];
            match conn.read(&mut buf) {
                // Nothing yet: ask the next one.
                Err(err) if err.kind() == ErrorKind::WouldBlock => i += 1,
                Ok(n) if n > 0 => {
                    turns.useful += 1;
                    let msg = common::show_bytes(&buf[..n]);
                    writeln!(out, "from client {peer} msg: {msg}")?;
                    // A short answer fits in the send buffer; a long one
                    // may not, and this loop would lose the rest (the
                    // lesson's loop keeps it).
                    let _ = conn.write_all(&common::upper(&buf[..n]));
                    i += 1;
                }
                // 0 bytes, or an error: the call is over.
                _ => {
                    writeln!(out, "client {peer} hung up")?;
                    callers.swap_remove(i);
                }
            }
        }
    }
    // ANCHOR_END: busy_loop
    Ok(turns)
}
