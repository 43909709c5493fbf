//! Small socket helpers the lessons call by name, so their own code stays the
//! article's sequence of calls.

use std::io::{self, Write};
use std::net::SocketAddr;

use socket2::Socket;

/// Prints `listening on ADDR` and flushes it. ADDR is the address the socket
/// really got, so after `--addr 127.0.0.1:0` it shows the port the system chose.
///
/// Tests, transcripts and `course tour` wait for this exact first line. Call it
/// after `listen()`, so a client that has read the line can dial at once.
/// Returns the address, for a caller (the demo) that dials it.
///
/// # Errors
/// When the socket has no IP address, or `out` is closed.
pub fn announce_listening(
    socket: &Socket,
    out: &mut dyn Write,
) -> io::Result<SocketAddr> {
    announce("listening on", socket, out)
}

/// The UDP servers' first line, `bound to ADDR`: a datagram socket does not
/// listen, it is bound and then receives. Same contract as
/// [`announce_listening`].
///
/// # Errors
/// When the socket has no IP address, or `out` is closed.
pub fn announce_bound(
    socket: &Socket,
    out: &mut dyn Write,
) -> io::Result<SocketAddr> {
    announce("bound to", socket, out)
}

fn announce(
    what: &str,
    socket: &Socket,
    out: &mut dyn Write,
) -> io::Result<SocketAddr> {
    let addr = socket.local_addr()?.as_socket().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "the socket has no IP address")
    })?;
    writeln!(out, "{what} {addr}")?;
    out.flush()?;
    Ok(addr)
}

/// The article's `connect_ex`: dial, and get the operating system's error
/// code instead of an error. 0 means the call went through; anything else is
/// the `errno` (on Linux 111, `ECONNREFUSED`, when nobody listens there).
///
/// Rust's own `connect` returns an `io::Error` instead, which carries the
/// same code: `err.raw_os_error()`. An error without a code (rare; none on
/// Linux) gives -1.
pub fn connect_ex(socket: &Socket, addr: SocketAddr) -> i32 {
    match socket.connect(&addr.into()) {
        Ok(()) => 0,
        Err(err) => err.raw_os_error().unwrap_or(-1),
    }
}
