//! Exercise `largest-write`: how many bytes does a non-blocking socket take
//! before it says `WouldBlock`, when the peer does not read?

use std::io::{self, Read, Write};
use std::net::TcpStream;

use anyhow::Result;
use socket2::SockRef;

use crate::show;
use crate::topics::call;

/// The size of each write.
pub const CHUNK: usize = 64 * 1024;

// ANCHOR: fill_signature
/// Writes `chunk` again and again on the non-blocking `conn` until the kernel
/// takes nothing more, and returns how many bytes it took in all.
///
/// # Errors
/// Any error but `WouldBlock`, which is the normal end.
pub fn fill(conn: &mut TcpStream, chunk: &[u8]) -> io::Result<usize> {
    // ANCHOR_END: fill_signature
    // SOLUTION: begin write until the kernel says WouldBlock; return the total taken
    // ANCHOR: fill_solution
    let mut total = 0;
    loop {
        match conn.write(chunk) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => total += n,
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => return Ok(total),
            Err(err) => return Err(err),
        }
    }
    // ANCHOR_END: fill_solution
    // SOLUTION: end
}

/// Fills one end of a call whose other end does not read, then lets the
/// other end read everything.
///
/// # Errors
/// When a socket call on loopback fails, or `fill` does.
pub fn run(out: &mut dyn Write) -> Result<()> {
    let (mut caller, mut conn) = call()?;
    // ANCHOR: experiment
    // The buffer sizes the call started with.
    let sndbuf = SockRef::from(&caller).send_buffer_size()?;
    let rcvbuf = SockRef::from(&conn).recv_buffer_size()?;
    writeln!(out, "caller SO_SNDBUF: {sndbuf}")?;
    writeln!(out, "peer SO_RCVBUF: {rcvbuf}")?;
    // The peer does not read. Fill the caller's side until it is full.
    caller.set_nonblocking(true)?;
    let taken = fill(&mut caller, &[b'x'; CHUNK])?;
    writeln!(out, "bytes taken before WouldBlock: {taken}")?;
    let next = caller.write(&[b'x'; CHUNK]);
    writeln!(out, "next write: {}", show::outcome(&next))?;
    // Hang up, and let the peer read: every byte taken arrives.
    drop(caller);
    let mut received = Vec::new();
    conn.read_to_end(&mut received)?;
    writeln!(out, "peer received: {} bytes", received.len())?;
    // ANCHOR_END: experiment
    Ok(())
}
