//! The article's first TCP client: dial, say one message, print the answer,
//! hang up.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use common::Hinted;
use socket2::{Domain, Socket, Type};

/// What the article's client says.
pub const DEFAULT_MESSAGE: &[u8] = b"LHF nb";

/// How long the client waits for the end of the answer unless `--timeout-ms`
/// says otherwise, so that a server which never hangs up cannot make it hang.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(10);

/// The longest answer the client takes (16 MiB), so that a program that
/// never stops sending cannot fill the memory. Lesson 1's server answers at
/// most `BUFSIZE` bytes.
pub const MAX_ANSWER: usize = 16 << 20;

/// The whole program: call `addr`, say `message`, print the answer to `out`,
/// waiting at most `timeout` for each piece of the answer.
///
/// # Errors
/// When the call does not go through (no server there: connection refused),
/// or the server resets it, hangs up without a word, or does not hang up
/// within `timeout`.
pub fn run(
    addr: SocketAddr,
    message: &[u8],
    timeout: Duration,
    out: &mut dyn Write,
) -> Result<()> {
    // ANCHOR: dial
    // Buy a phone.
    let phone = Socket::new(Domain::for_address(addr), Type::STREAM, None)
        .context("cannot create a TCP socket")?;
    // Dial: like the article's connect_ex, get the OS error code (0 = through)
    // rather than an error, then turn a failed call into a clear message.
    let code = connect_ex(&phone, addr);
    if code != 0 {
        let cause = io::Error::from_raw_os_error(code);
        return Err(cause).with_context(|| format!("cannot call {addr}"));
    }
    let mut conn = TcpStream::from(phone);
    // ANCHOR_END: dial

    // ANCHOR: talk
    // Talk: write_all sends every byte; one write may take only part of them.
    conn.write_all(message).context("cannot send the message")?;
    // Listen: this server says one answer and hangs up, so read until the
    // end of the call. The answer may come in several pieces; the helper
    // below reads and joins them, like read_to_end, but gives up after
    // `timeout` or MAX_ANSWER bytes: a server that never hangs up cannot
    // keep us.
    let answer = read_until_hang_up(&mut conn, timeout, MAX_ANSWER)
        .map_err(|err| no_complete_answer(err, addr, timeout))?;
    // We said something, so a call that ends in silence was not answered:
    // the other side hung up on us.
    if answer.is_empty() {
        let silence = io::Error::from(io::ErrorKind::UnexpectedEof);
        return Err(common::call_broke(&silence, addr));
    }
    common::output::print_reply(out, &answer)?;
    // ANCHOR_END: talk

    // ANCHOR: hang_up
    // Hang up.
    drop(conn);
    // ANCHOR_END: hang_up
    Ok(())
}

/// The error for an answer that did not end well. An answer that did not end
/// within `timeout` gets a message of its own (the operating system would
/// call it "resource temporarily unavailable", which tells a learner nothing),
/// and so does one longer than [`MAX_ANSWER`].
pub fn no_complete_answer(
    err: io::Error,
    addr: SocketAddr,
    timeout: Duration,
) -> anyhow::Error {
    let what = format!("no complete answer from {addr}");
    if err.kind() == io::ErrorKind::InvalidData {
        return anyhow::Error::new(Hinted::new(
            format!("{what}: it sent {err} without hanging up"),
            "is the program at that address a server from this course?",
        ));
    }
    if !common::is_timeout(&err) {
        return anyhow::Error::new(err).context(what);
    }
    let ms = timeout.as_millis();
    anyhow::Error::new(Hinted::new(
        format!("{what}: it did not hang up within {ms} ms"),
        "this client reads until the server hangs up, as lesson 1's server does; \
         a server that keeps the call open (tcp-loop server, the whole-server \
         exercise, or a program not from this course) never ends the answer",
    ))
}

/// The article's `connect_ex`: dial, and get the operating system's error
/// code instead of an error. 0 means the call went through; anything else is
/// the code (`ECONNREFUSED` when nobody listens there: 111 on Linux, 61 on
/// macOS, 10061 on Windows).
///
/// Rust's own `connect` returns an `io::Error` instead, which carries the
/// same code: `err.raw_os_error()`. An error without a code (rare) gives -1.
pub fn connect_ex(socket: &Socket, addr: SocketAddr) -> i32 {
    match socket.connect(&addr.into()) {
        Ok(()) => 0,
        Err(err) => err.raw_os_error().unwrap_or(-1),
    }
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
            Err(err) if common::is_timeout(&err) => {}
            Err(err) => return Err(err),
        }
    }
}
