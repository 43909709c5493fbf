//! The article's first TCP client: dial, say one message, print the answer,
//! hang up.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use anyhow::{Context, Result};
use socket2::{Domain, Socket, Type};

/// What the article's client says.
pub const DEFAULT_MESSAGE: &[u8] = b"LHF nb";

/// How long the client waits for an answer before it gives up, so that a
/// server which never answers cannot make it hang.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(10);

/// The whole program: call `addr`, say `message`, print the answer to `out`.
///
/// # Errors
/// When the call does not go through (no server there: connection refused),
/// or the server resets it or does not answer within [`ANSWER_TIMEOUT`].
pub fn run(addr: SocketAddr, message: &[u8], out: &mut dyn Write) -> Result<()> {
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
    // end of the call. The answer may come in several pieces; read_to_end
    // joins them. The timeout keeps a silent server from hanging us.
    conn.set_read_timeout(Some(ANSWER_TIMEOUT))?;
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer)
        .with_context(|| format!("no complete answer from {addr}"))?;
    common::output::print_reply(out, &answer)?;
    // ANCHOR_END: talk

    // ANCHOR: hang_up
    // Hang up.
    drop(conn);
    // ANCHOR_END: hang_up
    Ok(())
}
