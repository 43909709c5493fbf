//! Lesson 2's client, calling this lesson's server: one message per line of
//! input, each answer printed, until the input ends. The server changed, not
//! the wire, so the client is lesson 2's own; only its hint when the call
//! breaks names this lesson's server, which also hangs up on a caller beyond
//! its `--max-callers`.

use std::io::{BufRead, Write};
use std::net::{SocketAddr, TcpStream};

use anyhow::Result;
use common::Hinted;

/// Lesson 2's `dial`: buy a phone and call `addr`.
pub use tcp_loop::client::dial;

/// What to try when the server hung up or broke the call before answering.
pub const HINT: &str = "the server was stopped, or it is busy (it hangs up on \
                        callers beyond --max-callers): check its log, start it \
                        again with `tcp-threads server` if it stopped, then call again";

/// Lesson 2's client: call `addr`, say each line of `input`, print each
/// answer to `out`, until `input` ends (`>>>: ` asks for each line when
/// `prompt`).
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
    tcp_loop::client::run(addr, input, prompt, out).map_err(with_this_hint)
}

/// Lesson 2's `talk`: say `message` on `conn` and print its whole answer to
/// `out`.
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
    tcp_loop::client::talk(conn, message, addr, out).map_err(with_this_hint)
}

/// Lesson 2's error for a broken call says what happened and names lesson
/// 2's server in its hint; keep what happened, give this lesson's hint.
fn with_this_hint(err: anyhow::Error) -> anyhow::Error {
    match err.downcast_ref::<Hinted>() {
        Some(broken) => Hinted::new(broken.to_string(), HINT).into(),
        None => err,
    }
}
