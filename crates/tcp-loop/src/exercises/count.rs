//! Exercise "count": a server that counts what each caller said and, when the
//! call ends, says how much: `client 127.0.0.1:50002 hung up after 2 reads
//! (11 bytes)`.
//!
//! The count belongs to one call, so it starts again at zero for every caller,
//! inside the connection loop. And what the server can count is reads, not
//! messages: with the lesson's client one short line is one read, but a long
//! line takes several (try one of 40 000 bytes). The server does not know
//! where a message ends; only a protocol can tell it.

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};

use anyhow::Result;

use crate::{BUFSIZE, server};

/// What one caller said: how many reads gave bytes, and how many bytes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Reads that gave at least one byte.
    pub reads: usize,
    /// Bytes heard, in all.
    pub bytes: usize,
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reads = if self.reads == 1 { "read" } else { "reads" };
        let bytes = if self.bytes == 1 { "byte" } else { "bytes" };
        write!(f, "{} {reads} ({} {bytes})", self.reads, self.bytes)
    }
}

/// The lesson's server, with a [`Tally`] for each call, printed when the call
/// ends.
///
/// # Errors
/// As the lesson's server: the address cannot be taken, or `out` is closed.
pub fn serve(addr: SocketAddr, out: &mut dyn Write) -> Result<()> {
    // ANCHOR: count_server
    let phone = server::stand_by(addr, true, out)?;
    loop {
        let Some((mut conn, peer)) = server::pick_up(&phone, out)? else {
            continue;
        };
        // New: a fresh tally for each caller.
        let mut tally = Tally::default();
        match talk_and_count(&mut conn, &mut tally, out) {
            Ok(()) => writeln!(out, "client {peer} hung up after {tally}")?,
            Err(err) => writeln!(
                out,
                "client {peer} reset the call after {tally}: {}",
                common::describe_io(&err)
            )?,
        }
        drop(conn);
    }
    // ANCHOR_END: count_server
}

/// The lesson's communication loop (hear, print, answer upper-cased, until
/// the caller hangs up), adding each read to `tally`. Returns `Ok` when the
/// caller hangs up, the error when the call breaks or `out` is closed; either
/// way `tally` holds what was heard until then.
pub fn talk_and_count(
    conn: &mut TcpStream,
    tally: &mut Tally,
    out: &mut dyn Write,
) -> io::Result<()> {
    // SOLUTION: begin the lesson's communication loop, adding each read to the tally
    // ANCHOR: talk_and_count
    conn.set_nodelay(true)?;
    let mut buf = [0u8; BUFSIZE];
    loop {
        let n = conn.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        tally.reads += 1;
        tally.bytes += n;
        writeln!(out, "from client msg: {}", common::show_bytes(&buf[..n]))?;
        conn.write_all(&common::upper(&buf[..n]))?;
    }
    // ANCHOR_END: talk_and_count
    // SOLUTION: end
}
