//! One call, in a thread of its own: lesson 2's communication loop, which now
//! runs beside the other callers' instead of before them.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::BUFSIZE;
use crate::callers::Place;
use crate::log::Log;

/// How long a caller's thread waits for the caller to take its answer (make
/// room in the buffers) before it hangs up, unless `--write-timeout-ms` says
/// otherwise: lesson 2's 10 seconds.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// The whole call with `peer`: talk until the caller hangs up or the call
/// breaks, hang up, give the caller's place on the line back, and log how
/// the call ended. Nothing here can stop the server: a caller's trouble ends
/// only this call.
pub fn answer(
    mut conn: TcpStream,
    peer: &str,
    place: Place,
    write_timeout: Duration,
    log: &Log,
) {
    // ANCHOR: answer
    let ended = match talk(&mut conn, peer, write_timeout, log) {
        Ok(()) => format!("client {peer} hung up"),
        Err(err) if common::is_timeout(&err) => {
            format!("client {peer} stopped reading the answers; hung up on it")
        }
        Err(err) => format!("client {peer} {}", common::how_it_broke(&err)),
    };
    // Hang up on this caller, and give the place back for the next one,
    // before saying so: once the line is in the log, the place is free.
    drop(conn);
    drop(place);
    // When the log is closed, the server's own thread finds out and stops.
    let _ = log.line(ended);
    // ANCHOR_END: answer
}

/// The communication loop: hear, log, say it back upper-cased, until the
/// caller hangs up (`Ok`) or the call breaks (the error).
fn talk(
    conn: &mut TcpStream,
    peer: &str,
    write_timeout: Duration,
    log: &Log,
) -> io::Result<()> {
    // A caller who stops reading would keep this thread, and its place on
    // the line, for ever: give up after a while, as lesson 2 does.
    conn.set_write_timeout(Some(write_timeout))?;
    // Answer at once, without waiting for the caller's ACK (lesson 2).
    conn.set_nodelay(true)?;
    // ANCHOR: communication_loop
    // On this thread's stack: it is this caller's alone, and it goes away
    // with the call.
    let mut buf = [0u8; BUFSIZE];
    loop {
        let n = conn.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        // Who said it, now that several callers talk at once.
        let heard = common::show_bytes(&buf[..n]);
        log.line(format!("from client {peer} msg: {heard}"))?;
        conn.write_all(&common::upper(&buf[..n]))?;
    }
    // ANCHOR_END: communication_loop
}
