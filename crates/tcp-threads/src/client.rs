//! Lesson 2's client, calling this lesson's server: one message per line of
//! input, each answer printed, until the input ends. The server changed, not
//! the wire, so the client is lesson 2's own; only what it says when the
//! call breaks names this lesson's server.

use std::io::{self, BufRead, Read, Write};
use std::net::{SocketAddr, TcpStream};

use anyhow::Result;
use common::Hinted;
use tcp_loop::client::{PIECE, next_line};

/// Lesson 2's `dial`: buy a phone and call `addr`.
pub use tcp_loop::client::dial;

/// The whole program: call `addr`, then say each line of `input` and print
/// each answer to `out`, until `input` ends. With `prompt` (standard input
/// is a terminal), `>>>: ` asks for each line.
///
/// # Errors
/// When the call does not go through, the server hangs up or resets it
/// before answering (it was stopped, or it is busy), or `input` cannot be
/// read or `out` written.
pub fn run(
    addr: SocketAddr,
    input: &mut dyn BufRead,
    prompt: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let mut conn = dial(addr)?;
    while let Some(message) = next_line(input, prompt)? {
        // Zero bytes never reach the server: nothing to wait for.
        if message.is_empty() {
            continue;
        }
        talk(&mut conn, &message, addr, out)?;
    }
    drop(conn);
    Ok(())
}

/// Says `message` on `conn` and prints its whole answer to `out`, with a
/// newline: a piece at a time, each piece's answer heard before the next is
/// said, so the buffers between the two sides never fill up.
///
/// # Errors
/// When the server hangs up or resets the call before the answer is complete,
/// or `out` is closed.
pub fn talk(
    conn: &mut TcpStream,
    message: &[u8],
    addr: SocketAddr,
    out: &mut dyn Write,
) -> Result<()> {
    let mut answer = vec![0u8; message.len()];
    for (said, heard) in message.chunks(PIECE).zip(answer.chunks_mut(PIECE)) {
        conn.write_all(said).map_err(|err| broken(err, addr))?;
        conn.read_exact(heard).map_err(|err| broken(err, addr))?;
    }
    common::output::print_reply(out, &answer)?;
    Ok(())
}

/// The error for a call that broke while we talked. Besides being stopped,
/// this server hangs up at once on a caller beyond its `--max-callers`.
fn broken(err: io::Error, addr: SocketAddr) -> anyhow::Error {
    let hint = "the server was stopped, or it is busy (it hangs up on callers \
                beyond --max-callers): check its log, start it again with \
                `tcp-threads server` if it stopped, then call again";
    let what = if err.kind() == io::ErrorKind::UnexpectedEof {
        format!("the server at {addr} hung up before it answered")
    } else {
        format!("the call to {addr} broke: {}", common::describe_io(&err))
    };
    Hinted::new(what, hint).into()
}
