//! Small socket helpers the lessons call by name, so their own code stays the
//! article's sequence of calls.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

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
/// `cannot listen on ADDR: <cause>`. When the number is taken, the hint names
/// the likely holder, which is often no program at all: the last call of a
/// server that just ended (the side that hangs up first keeps the call in
/// TIME_WAIT for up to a minute). Without `SO_REUSEADDR` that blocks the
/// restart, and the hint ends with `fix`, the lesson's way out. With it, on
/// Linux, it still blocks when the old sockets did not have the option too.
/// In every other case [`crate::report`]'s general hints apply.
pub fn cannot_listen(
    err: io::Error,
    addr: SocketAddr,
    reuse_address: bool,
    fix: &str,
) -> anyhow::Error {
    let what = format!("cannot listen on {addr}");
    if err.kind() != io::ErrorKind::AddrInUse {
        return anyhow::Error::new(err).context(what);
    }
    let hint = if reuse_address {
        "is a server still running there? If one that ran without SO_REUSEADDR \
         (tcp-oneshot, or tcp-loop --no-reuseaddr) has just ended, its last calls \
         linger in TIME_WAIT for up to a minute, and on Linux SO_REUSEADDR helps \
         only when the old sockets had it too: wait, or pick another port"
            .to_string()
    } else {
        format!(
            "is a server still running there? If one has just ended, its last call \
             lingers in TIME_WAIT for up to a minute, and only a socket with \
             SO_REUSEADDR can take the number meanwhile: {fix}"
        )
    };
    anyhow::Error::new(err).context(crate::Hinted::new(what, hint))
}

/// Reads `conn` until the peer hangs up (a read returns 0), like
/// `read_to_end`, with two limits a client needs against a server that
/// misbehaves: `timeout` for the whole answer, not for each read (a server
/// that sends a byte now and then cannot keep the client for ever), and `max`
/// bytes (a server that never stops sending cannot fill the memory).
///
/// # Errors
/// `TimedOut` when the peer has not hung up within `timeout`; `InvalidData`
/// when it sent more than `max` bytes; any error of a read (a reset). A read
/// interrupted by a signal (Ctrl-Z, then `fg`) is simply tried again.
pub fn read_until_hang_up(
    conn: &mut TcpStream,
    timeout: Duration,
    max: usize,
) -> io::Result<Vec<u8>> {
    let deadline = Instant::now() + timeout;
    let mut answer = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "no hang-up in time",
            ));
        }
        conn.set_read_timeout(Some(left))?;
        match conn.read(&mut buf) {
            Ok(0) => return Ok(answer),
            Ok(n) if answer.len() + n > max => {
                let text = format!("more than {max} bytes");
                return Err(io::Error::new(io::ErrorKind::InvalidData, text));
            }
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) if is_timeout(&err) => {}
            Err(err) => return Err(err),
        }
    }
}

/// Whether `accept` failed because of the caller, not the server: it hung up
/// or reset while its call waited in the queue, so the server should simply
/// go on. Linux hands such a call over anyway and its first read fails; the
/// BSDs and Windows report it from `accept`.
pub fn gave_up_in_queue(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
    )
}

/// Whether `err` is a read or write that waited past its socket's timeout:
/// `WouldBlock` on Unix, `TimedOut` on Windows.
pub fn is_timeout(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}
