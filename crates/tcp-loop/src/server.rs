//! The article's second TCP server: it picks up one caller after another (the
//! connection loop) and, during each call, hears and answers one message after
//! another (the communication loop), until that caller hangs up.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use anyhow::{Context, Result};
use socket2::{Domain, Socket, Type};

use crate::BUFSIZE;

/// How long the server waits for a caller to take its answer (make room in
/// the buffers) before it hangs up on them, unless `--write-timeout-ms` says
/// otherwise.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// The whole program: stand by at `addr`, then answer callers for ever.
/// `reuse_address` is the article's `SO_REUSEADDR`; `tcp-loop server` sets it
/// unless given `--no-reuseaddr`.
///
/// # Errors
/// When the address cannot be taken (in use, not this machine's), when `out`
/// is closed, or when `accept` fails for a reason of the server's own (no file
/// descriptor left). Nothing a caller does or says ends it.
pub fn run(
    addr: SocketAddr,
    reuse_address: bool,
    write_timeout: Duration,
    out: &mut dyn Write,
) -> Result<()> {
    let phone = stand_by(addr, reuse_address, out)?;
    // ANCHOR: connection_loop
    // The connection loop: one caller after another, for ever. A call that
    // goes wrong ends only that call; `?` stops the server for its own
    // trouble only (its stdout closed, no file descriptor left).
    loop {
        answer_next_call(&phone, write_timeout, out)?;
    }
    // ANCHOR_END: connection_loop
}

/// Buys the phone, sets `SO_REUSEADDR` (when `reuse_address`), inserts the
/// SIM and stands by: after this, callers can get through, and
/// `listening on ADDR` has been printed.
///
/// # Errors
/// When the socket cannot be made or `addr` cannot be bound.
pub fn stand_by(
    addr: SocketAddr,
    reuse_address: bool,
    out: &mut dyn Write,
) -> Result<Socket> {
    // ANCHOR: stand_by
    // Buy a phone: a TCP (stream) socket of the address's family.
    let phone = Socket::new(Domain::for_address(addr), Type::STREAM, None)
        .context("cannot create a TCP socket")?;
    // The article's "this is it, add it before bind": SO_REUSEADDR lets a
    // restarted server take its number again at once, while the calls of
    // the server it replaces still linger in TIME_WAIT (on Linux, when that
    // server set it too). It must come before bind, because bind is where
    // the kernel checks who holds the number. On Windows the option means
    // something else (a second server could take a number the first one
    // uses), so, as Rust's TcpListener::bind does, it is set on Unix only.
    phone
        .set_reuse_address(reuse_address && cfg!(unix))
        .context("cannot set SO_REUSEADDR")?;
    // Insert the SIM: take the number (IP address and port) callers dial.
    phone.bind(&addr.into()).map_err(|err| {
        let fix = if reuse_address {
            "after tcp-oneshot or tcp-loop --no-reuseaddr, wait, or pick another port"
        } else {
            "leave out --no-reuseaddr, or wait"
        };
        common::cannot_listen(err, addr, reuse_address, fix)
    })?;
    // Stand by: the kernel completes calls by itself from now on and queues
    // up to 5 of them until we pick up.
    phone.listen(5).context("cannot listen")?;
    common::announce_listening(&phone, out)?;
    // ANCHOR_END: stand_by
    Ok(phone)
}

/// One turn of the connection loop: picks up the next caller, talks with
/// them until they hang up or the call breaks, prints how it ended, hangs up.
/// The phone stays on stand-by for the next caller.
///
/// # Errors
/// As [`pick_up`], or when `out` is closed. A caller's trouble is not an
/// error: it ends that call, and the function returns `Ok`.
pub fn answer_next_call(
    phone: &Socket,
    write_timeout: Duration,
    out: &mut dyn Write,
) -> Result<()> {
    // ANCHOR: call
    let Some((mut conn, peer)) = pick_up(phone, out)? else {
        return Ok(());
    };
    // Talk until the caller hangs up (Ok) or the call breaks (Err): the
    // article's `if not data: break` and its `except Exception: break`.
    match talk(&mut conn, write_timeout, out) {
        Ok(()) => writeln!(out, "client {peer} hung up")?,
        Err(err) if common::is_timeout(&err) => writeln!(
            out,
            "client {peer} stopped reading the answers; hung up on it"
        )?,
        Err(err) => writeln!(out, "client {peer} {}", common::how_it_broke(&err))?,
    }
    // Hang up on this caller only; the phone keeps standing by.
    drop(conn);
    // ANCHOR_END: call
    Ok(())
}

/// Picks up: waits until the next caller is through and prints
/// `client : ADDR`, as the article's `print("client :", addr)`. Returns the
/// call and the caller's address, or `None` when the caller gave up while
/// waiting in the queue (some systems report that from `accept`).
///
/// # Errors
/// When `accept` fails for the server's own reason (no file descriptor left),
/// or `out` is closed.
pub fn pick_up(
    phone: &Socket,
    out: &mut dyn Write,
) -> Result<Option<(TcpStream, String)>> {
    // ANCHOR: pick_up
    // Pick up: wait until a caller is through; `peer` is the caller's number.
    let (conn, peer) = match phone.accept() {
        Ok(call) => call,
        Err(err) if common::gave_up_in_queue(&err) => {
            writeln!(
                out,
                "a caller hung up in the queue: {}",
                common::describe_io(&err)
            )?;
            return Ok(None);
        }
        Err(err) => return Err(err).context("cannot pick up the next call"),
    };
    let peer = common::show_sockaddr(&peer);
    writeln!(out, "client : {peer}")?;
    // ANCHOR_END: pick_up
    Ok(Some((TcpStream::from(conn), peer)))
}

/// The communication loop: hears what the caller says, prints it, says it
/// back upper-cased, again and again. Returns `Ok` when the caller hangs up
/// (a read gives 0 bytes) and the error when the call breaks (reset,
/// aborted) or `out` is closed.
fn talk(
    conn: &mut TcpStream,
    write_timeout: Duration,
    out: &mut dyn Write,
) -> io::Result<()> {
    // ANCHOR: write_timeout
    // Give up on a caller who stops reading. The answers wait in the kernel's
    // buffers; once they are full, write_all would wait for this caller for
    // ever, and this server serves no one else meanwhile.
    conn.set_write_timeout(Some(write_timeout))?;
    // ANCHOR_END: write_timeout
    // ANCHOR: nodelay
    // Answer at once. By default TCP holds a small write back while an
    // earlier one is not yet acknowledged (Nagle's algorithm), and the
    // caller's kernel delays its acknowledgement by 40 ms or more, hoping to
    // send it along with data: a message longer than one read would wait
    // that long for the rest of its answer. TCP_NODELAY sends every write
    // as it comes.
    conn.set_nodelay(true)?;
    // ANCHOR_END: nodelay
    // ANCHOR: communication_loop
    let mut buf = [0u8; BUFSIZE];
    loop {
        // Hear: at most BUFSIZE bytes, whatever has arrived so far. A long
        // message takes several reads; one read is not one message.
        let n = conn.read(&mut buf)?;
        // 0 bytes: the caller hung up (the article's "for Linux" case).
        if n == 0 {
            return Ok(());
        }
        writeln!(out, "from client msg: {}", common::show_bytes(&buf[..n]))?;
        // Speak: all of what we heard, upper-cased.
        conn.write_all(&common::upper(&buf[..n]))?;
    }
    // ANCHOR_END: communication_loop
}
