//! Lesson 2's client, with `async`/`await`: dial once, then say one message
//! per line of input and print each answer, until the input ends. New: it
//! gives up on a call that does not go through, and on an answer that does
//! not come, after a time limit each, with an error that says which.

use std::io::Write;
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context, Result};
use common::Hinted;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

/// The article's prompt, shown (on stderr) only when a person types.
pub use common::input::PROMPT;

/// The most the client says before it listens for the answer to it, as in
/// lesson 2: a long message goes out in pieces, each answered before the next.
pub const PIECE: usize = 16 * 1024;

/// How long the client waits, unless told otherwise.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// For the call to go through (`--connect-timeout-ms`).
    pub connect: Duration,
    /// For each answer (`--reply-timeout-ms`).
    pub reply: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(3),
            reply: Duration::from_secs(10),
        }
    }
}

/// The whole program: call `addr`, say each line of `input` (without its line
/// ending), print each answer to `out`, until `input` ends. With `prompt`,
/// `>>>: ` asks for each line.
///
/// # Errors
/// When the call does not go through, an answer does not come in time, the
/// server hangs up or resets the call, or `input`/`out` fail.
pub async fn run(
    addr: SocketAddr,
    input: &mut (dyn AsyncBufRead + Unpin + Send),
    prompt: bool,
    out: &mut dyn Write,
    timeouts: Timeouts,
) -> Result<()> {
    let mut conn = dial(addr, timeouts.connect).await?;
    while let Some(message) = next_line(input, prompt).await? {
        // Zero bytes never reach the server: it would never answer.
        if message.is_empty() {
            continue;
        }
        talk(&mut conn, &message, addr, timeouts.reply, out).await?;
    }
    // Hang up.
    drop(conn);
    Ok(())
}

/// Dials `addr`, giving up after `limit`.
///
/// # Errors
/// When the call is refused, or nobody answers within `limit`.
pub async fn dial(addr: SocketAddr, limit: Duration) -> Result<TcpStream> {
    // ANCHOR: dial
    // Dial, but not for ever: when nothing answers the SYN at all (a machine
    // that is off, a firewall that drops calls), the kernel keeps trying for
    // about two minutes. `timeout` gives up sooner by dropping the future.
    match timeout(limit, TcpStream::connect(addr)).await {
        Ok(dialled) => dialled.with_context(|| format!("cannot call {addr}")),
        Err(_) => Err(Hinted::new(
            format!(
                "cannot call {addr}: no answer within {} ms",
                limit.as_millis()
            ),
            "nothing answered the call at all: is the address right, and is \
             the server's queue full? (--connect-timeout-ms waits longer)",
        )
        .into()),
    }
    // ANCHOR_END: dial
}

/// Reads the next line of `input` without its line ending (`\n` or `\r\n`);
/// `None` at the end of the input. Shows [`PROMPT`] first when `prompt`.
/// As `common::input::next_line`, with tokio.
///
/// # Errors
/// When `input` cannot be read.
pub async fn next_line(
    input: &mut (dyn AsyncBufRead + Unpin + Send),
    prompt: bool,
) -> Result<Option<Vec<u8>>> {
    common::input::show_prompt(prompt);
    let mut line = Vec::new();
    let n = input
        .read_until(b'\n', &mut line)
        .await
        .context("cannot read standard input")?;
    Ok(common::input::line_read(line, n, prompt))
}

/// Says `message` on `conn` and prints its whole answer to `out`, waiting at
/// most `limit` for each piece of the answer.
///
/// # Errors
/// When no answer comes within `limit`, or the server hangs up or resets the
/// call before the answer is complete, or `out` is closed.
pub async fn talk(
    conn: &mut TcpStream,
    message: &[u8],
    addr: SocketAddr,
    limit: Duration,
    out: &mut dyn Write,
) -> Result<()> {
    // ANCHOR: talk
    let mut answer = vec![0u8; message.len()];
    for (said, heard) in message.chunks(PIECE).zip(answer.chunks_mut(PIECE)) {
        let exchange = async {
            conn.write_all(said).await?;
            conn.read_exact(heard).await
        };
        // The answer must come within `limit`, or we stop waiting for it.
        match timeout(limit, exchange).await {
            Ok(done) => done.map_err(|err| common::call_broke(&err, addr))?,
            Err(_) => return Err(no_answer(addr, limit)),
        };
    }
    common::output::print_reply(out, &answer)?;
    // ANCHOR_END: talk
    Ok(())
}

/// The error for an answer that did not come within `limit`.
fn no_answer(addr: SocketAddr, limit: Duration) -> anyhow::Error {
    Hinted::new(
        format!("no answer from {addr} within {} ms", limit.as_millis()),
        "the server took the call but does not answer: is it a server from this \
         course? (--reply-timeout-ms waits longer)",
    )
    .into()
}
