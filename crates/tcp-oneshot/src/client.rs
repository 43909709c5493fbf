//! The article's first TCP client: dial, say one message, print the answer,
//! hang up.

use std::io::{self, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

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
/// or the server resets it or does not hang up within `timeout`.
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
    let code = common::connect_ex(&phone, addr);
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
    // reads and joins them, like read_to_end, but gives up after `timeout`
    // or MAX_ANSWER bytes: a server that never hangs up cannot keep us.
    let answer = common::read_until_hang_up(&mut conn, timeout, MAX_ANSWER)
        .map_err(|err| no_complete_answer(err, addr, timeout))?;
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
