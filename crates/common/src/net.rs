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

/// The error for a `bind` that failed, as the TCP servers report it:
/// `cannot listen on ADDR: <cause>`. When the number is taken and the socket
/// has no `SO_REUSEADDR`, the likely holder is the last call of a server that
/// just ended (the side that hangs up first keeps the call in TIME_WAIT for
/// up to a minute), so the hint says that, then `fix`, the lesson's way out.
/// In every other case [`crate::report`]'s general hints apply.
pub fn cannot_listen(
    err: io::Error,
    addr: SocketAddr,
    reuse_address: bool,
    fix: &str,
) -> anyhow::Error {
    let what = format!("cannot listen on {addr}");
    if err.kind() != io::ErrorKind::AddrInUse || reuse_address {
        return anyhow::Error::new(err).context(what);
    }
    let hint = format!(
        "is a server still running there? If one has just ended, its last call \
         lingers in TIME_WAIT for up to a minute, and only a socket with \
         SO_REUSEADDR can take the number meanwhile: {fix}"
    );
    anyhow::Error::new(err).context(crate::Hinted::new(what, hint))
}
