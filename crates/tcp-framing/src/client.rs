//! The framed client: it dials once, sends each message as one frame and
//! prints each answer, one per line; then hangs up.

use std::io::{self, BufReader, BufWriter, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use anyhow::Result;
use common::Hinted;

use crate::frame;

/// How long the client waits for the call to go through, and for each
/// answer, before it gives up.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The whole program: call `addr`, say each of `messages` as one frame and
/// print each answer to `out` on a line of its own.
///
/// # Errors
/// When the call does not go through, the server hangs up or resets before
/// answering (a frame over its `--max-frame`), an answer does not come in
/// [`TIMEOUT`], or `out` is closed.
pub fn run(
    addr: SocketAddr,
    messages: impl IntoIterator<Item = io::Result<Vec<u8>>>,
    out: &mut dyn Write,
) -> Result<()> {
    let conn = dial(addr, "tcp-framing server")?;
    // ANCHOR: talk
    let mut reader = BufReader::new(&conn);
    let mut writer = BufWriter::new(&conn);
    for message in messages {
        let message = message?;
        // An empty message is a frame too (a length of 0): unlike lesson
        // 2, an empty line is sent, and its empty answer printed.
        frame::write_frame(&mut writer, &message)
            .map_err(|err| broken(err, addr, message.len()))?;
        // The answer is as long as the message: a longer one is refused
        // before it is read, as the server refuses ours.
        let answer = frame::read_frame(&mut reader, message.len())
            .map_err(|err| broken(err, addr, message.len()))?
            .ok_or_else(|| {
                broken(io::ErrorKind::UnexpectedEof.into(), addr, message.len())
            })?;
        common::output::print_reply(out, &answer)?;
    }
    // ANCHOR_END: talk
    Ok(())
}

/// Calls `addr`, with [`TIMEOUT`] on the call and on every read and write,
/// and `TCP_NODELAY`, so that each frame leaves at once. A refused call's
/// hint says to start `server`: the echo and the file server share a port.
///
/// # Errors
/// When the call does not go through (refused, or no answer in time).
pub fn dial(addr: SocketAddr, server: &str) -> Result<TcpStream> {
    let conn = TcpStream::connect_timeout(&addr, TIMEOUT).map_err(|err| {
        let what = format!("cannot call {addr}");
        if err.kind() != io::ErrorKind::ConnectionRefused {
            return anyhow::Error::new(err).context(what);
        }
        let hint = format!(
            "is the server running? start it with `{server}`, and give both \
             sides the same --addr"
        );
        anyhow::Error::new(err).context(Hinted::new(what, hint))
    })?;
    conn.set_read_timeout(Some(TIMEOUT))?;
    conn.set_write_timeout(Some(TIMEOUT))?;
    conn.set_nodelay(true)?;
    Ok(conn)
}

/// The messages of standard input: one per line, without its line ending
/// (`\n` or `\r\n`).
pub fn lines(input: impl io::BufRead) -> impl Iterator<Item = io::Result<Vec<u8>>> {
    input.split(b'\n').map(|line| {
        let mut line = line?;
        if line.ends_with(b"\r") {
            line.pop();
        }
        Ok(line)
    })
}

/// The error for a call that broke while a message of `len` bytes was said
/// or answered: most often a message over the server's `--max-frame`.
fn broken(err: io::Error, addr: SocketAddr, len: usize) -> anyhow::Error {
    let what = match err.kind() {
        io::ErrorKind::UnexpectedEof => {
            format!("the server at {addr} hung up before it answered")
        }
        // Hung up with our bytes unread: the system resets the call.
        io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::BrokenPipe => format!(
            "the server at {addr} hung up before it answered: {}",
            common::describe_io(&err)
        ),
        io::ErrorKind::InvalidData => format!("the server at {addr} {err}"),
        _ if common::is_timeout(&err) => {
            format!("no answer from {addr} within {TIMEOUT:?}")
        }
        _ => format!("the call to {addr} broke: {}", common::describe_io(&err)),
    };
    let hint = if common::is_timeout(&err) {
        "is the program at that address a `tcp-framing server`? One that does not \
         answer in frames leaves the client waiting"
            .to_string()
    } else {
        format!(
            "a `tcp-framing server` hangs up on a frame over its --max-frame ({} bytes \
             unless told otherwise), and this message was {len} bytes: if that is it, \
             start the server with a larger --max-frame",
            frame::MAX_FRAME
        )
    };
    Hinted::new(what, hint).into()
}
