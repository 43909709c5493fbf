//! The framed echo server: lesson 2's server, but it hears frames instead of
//! whatever one read gives. Every frame it receives is answered by one frame,
//! the payload upper-cased, until the caller hangs up.

use std::io::{self, BufReader, BufWriter, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::Duration;

use anyhow::{Context, Result};
use socket2::SockRef;

use crate::frame;

/// How long the server waits for a caller to take its answers before it
/// hangs up on them (lesson 2's write timeout).
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// The whole program: stand by at `addr`, then answer callers one after
/// another, for ever. A frame longer than `max_frame` ends that call.
///
/// # Errors
/// When the address cannot be taken, `out` is closed, or `accept` fails for
/// a reason of the server's own. Nothing a caller sends ends it.
pub fn run(addr: SocketAddr, max_frame: usize, out: &mut dyn Write) -> Result<()> {
    let listener = stand_by(addr, out)?;
    // ANCHOR: connection_loop
    // The connection loop: one caller after another, each until they hang
    // up or the call breaks.
    loop {
        answer_next_call(&listener, "frame", out, |conn, out| {
            talk(conn, max_frame, out)
        })?;
    }
    // ANCHOR_END: connection_loop
}

/// Stands by at `addr` and prints `listening on ADDR`.
///
/// # Errors
/// When the address cannot be taken (in use, not this machine's), or `out`
/// is closed.
pub fn stand_by(addr: SocketAddr, out: &mut dyn Write) -> Result<TcpListener> {
    // ANCHOR: stand_by
    // Buy a phone, insert the SIM, stand by: lesson 2's three calls, which
    // std's TcpListener::bind makes in one (setting SO_REUSEADDR first, on
    // Unix), with a queue of 128 callers.
    let listener = TcpListener::bind(addr)
        .map_err(|err| common::cannot_listen(err, addr, true, ""))?;
    common::announce_listening(&SockRef::from(&listener), out)?;
    // ANCHOR_END: stand_by
    Ok(listener)
}

/// One turn of the connection loop, as lesson 2 has it: picks up the next
/// caller (`client : ADDR`), hands the call to `talk`, and says how it
/// ended (`client ADDR hung up`, ...). `unit` is what callers send (a frame,
/// a line, a request), for "hung up in the middle of a frame". A caller
/// who gave up while waiting in the queue is passed over.
///
/// # Errors
/// When `accept` fails for the server's own reason (no file descriptor
/// left), or `out` is closed. A caller's trouble ends only its own call.
pub fn answer_next_call(
    listener: &TcpListener,
    unit: &str,
    out: &mut dyn Write,
    talk: impl FnOnce(&TcpStream, &mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let (conn, peer) = match listener.accept() {
        Ok(call) => call,
        Err(err) if common::gave_up_in_queue(&err) => return Ok(()),
        Err(err) => return Err(err).context("cannot pick up the next call"),
    };
    writeln!(out, "client : {peer}")?;
    let ended = talk(&conn, out);
    writeln!(out, "client {peer} {}", how_it_ended(&ended, unit))?;
    Ok(())
}

/// One call: frames in, frames out, until the caller hangs up (`Ok`) or the
/// call breaks (the error says how).
fn talk(conn: &TcpStream, max_frame: usize, out: &mut dyn Write) -> io::Result<()> {
    // Send each answer at once, and give up on a caller who stops reading.
    conn.set_nodelay(true)?;
    conn.set_write_timeout(Some(WRITE_TIMEOUT))?;
    // ANCHOR: talk
    // Read through a buffer: a small frame's length and payload then take
    // one system call, not two.
    let mut reader = BufReader::new(conn);
    // Write through a buffer: an answer's length and payload leave together.
    let mut writer = BufWriter::new(conn);
    // The communication loop, one frame at a time: one message, however
    // the reads cut it, and never two glued together.
    while let Some(message) = frame::read_frame(&mut reader, max_frame)? {
        frame::write_frame(&mut writer, &common::upper(&message))?;
        // Answer first, then log: the caller need not wait for our terminal.
        writeln!(out, "frame from client: {}", common::show_bytes(&message))?;
    }
    // ANCHOR_END: talk
    Ok(())
}

/// How a call ended, for the server's log line `client ADDR ...`; `unit` is
/// what a caller sends, for "hung up in the middle of a frame".
pub fn how_it_ended(ended: &io::Result<()>, unit: &str) -> String {
    let Err(err) = ended else {
        return "hung up".to_string();
    };
    let cause = common::describe_io(err);
    match err.kind() {
        io::ErrorKind::InvalidData => format!("{err}; hung up on it"),
        io::ErrorKind::UnexpectedEof => format!("hung up in the middle of a {unit}"),
        _ if common::is_timeout(err) => {
            "kept us waiting too long; hung up on it".into()
        }
        io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted => {
            format!("reset the call: {cause}")
        }
        _ => format!("broke the call: {cause}"),
    }
}
