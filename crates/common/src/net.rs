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
    let addr = bound_addr(socket)?;
    writeln!(out, "{what} {addr}")?;
    out.flush()?;
    Ok(addr)
}

/// The IP address and port `socket` is bound to: after port 0, the port the
/// system chose (the demos dial it).
///
/// # Errors
/// When the socket has no IP address (a Unix socket), or the system cannot
/// say.
pub fn bound_addr(socket: &Socket) -> io::Result<SocketAddr> {
    socket.local_addr()?.as_socket().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "the socket has no IP address")
    })
}

/// The error for a `bind` that failed, as the TCP servers report it:
/// `cannot listen on ADDR: <cause>`. When the number is taken, the hint asks
/// whether a server still runs there and names the likely holder when none
/// does: the last calls of a server that just ended, which the side that
/// hangs up first keeps in TIME_WAIT for up to a minute. `reuse_address` says
/// whether this socket set `SO_REUSEADDR`: without it, only a socket with the
/// option can take the number meanwhile; with it, on Linux, the option helps
/// only when the old server's sockets had it too. The hint ends with `fix`,
/// the lesson's own way out, or "wait, or pick another port" when `fix` is
/// empty. In every other case [`crate::report`]'s general hints apply.
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
    let fix = if fix.is_empty() {
        "wait, or pick another port"
    } else {
        fix
    };
    let hint = if reuse_address {
        format!(
            "is a server still running there? If one that ran without SO_REUSEADDR \
             has just ended, its last calls linger in TIME_WAIT for up to a minute, \
             and on Linux SO_REUSEADDR helps only when the old sockets had it too: {fix}"
        )
    } else {
        format!(
            "is a server still running there? If one has just ended, its last call \
             lingers in TIME_WAIT for up to a minute, and only a socket with \
             SO_REUSEADDR can take the number meanwhile: {fix}"
        )
    };
    anyhow::Error::new(err).context(crate::Hinted::new(what, hint))
}

/// How a call that failed ended, in the words of a server's log:
/// `reset the call: CAUSE` when the caller aborted it (a reset, or a write to
/// a call the caller had reset), `broke the call: CAUSE` for anything else.
pub fn how_it_broke(err: &io::Error) -> String {
    let cause = crate::describe_io(err);
    match err.kind() {
        io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::BrokenPipe => format!("reset the call: {cause}"),
        _ => format!("broke the call: {cause}"),
    }
}

/// The error of a client of lesson 1 or of lesson 2's wire (lessons 2, 6, 7
/// and 8) for a call that broke before the answer was complete: `the server
/// at ADDR hung up before it answered` when its read ran out of bytes, `the
/// call to ADDR broke: CAUSE` for a reset or anything else. The hint names the program
/// that prints it (`tcp-events server` in lesson 7, which runs lesson 2's
/// client): start the server again, then call again.
pub fn call_broke(err: &io::Error, addr: SocketAddr) -> anyhow::Error {
    let what = if err.kind() == io::ErrorKind::UnexpectedEof {
        format!("the server at {addr} hung up before it answered")
    } else {
        format!("the call to {addr} broke: {}", crate::describe_io(err))
    };
    let hint = |program: &str| {
        format!(
            "the server was stopped, crashed or restarted, or it hangs up on \
             purpose (as some exercises' servers do): start it again with \
             `{program} server` if it is gone, then call again"
        )
    };
    crate::Hinted::naming_program(what, hint).into()
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
