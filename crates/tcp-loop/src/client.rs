//! The article's second TCP client: dial once, then say one message per line
//! of input and print each answer, until the input ends; then hang up.

use std::io::{BufRead, Read, Write};
use std::net::{SocketAddr, TcpStream};

use anyhow::{Context, Result};
use socket2::{Domain, Socket, Type};

/// The most the client says before it listens for the answer to it: a long
/// message goes out in pieces of this size, each answered before the next is
/// sent. 16 KiB fits in the socket buffers of any system.
pub const PIECE: usize = 16 * 1024;

/// The whole program: call `addr`, then say each line of `input` (without its
/// line ending) and print each answer to `out`, until `input` ends. With
/// `prompt` (standard input is a terminal), `>>>: ` asks for each line.
///
/// # Errors
/// When the call does not go through (no server there: connection refused),
/// when the server hangs up or resets the call before answering, or when
/// `input` cannot be read or `out` written.
pub fn run(
    addr: SocketAddr,
    input: &mut dyn BufRead,
    prompt: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let mut conn = dial(addr)?;
    // ANCHOR: communication_loop
    // The communication loop: one message per line, until the input ends.
    // (The helper drops the line ending and shows `>>>: ` to a person.)
    while let Some(message) = common::input::next_line(input, prompt)
        .context("cannot read standard input")?
    {
        // An empty line is not sent: zero bytes never reach the server, so
        // it would wait to hear something while we wait for its answer.
        if message.is_empty() {
            continue;
        }
        talk(&mut conn, &message, addr, out)?;
    }
    // ANCHOR_END: communication_loop
    // ANCHOR: hang_up
    // Hang up: the server's next read gives 0 bytes, and it picks up the
    // next caller.
    drop(conn);
    // ANCHOR_END: hang_up
    Ok(())
}

/// Buys a phone and dials `addr`, as the article's client does.
///
/// # Errors
/// When the call does not go through.
pub fn dial(addr: SocketAddr) -> Result<TcpStream> {
    // ANCHOR: dial
    // Buy a phone.
    let phone = Socket::new(Domain::for_address(addr), Type::STREAM, None)
        .context("cannot create a TCP socket")?;
    // Dial: the article's connect(), which fails loudly if nobody answers.
    phone
        .connect(&addr.into())
        .with_context(|| format!("cannot call {addr}"))?;
    // ANCHOR_END: dial
    Ok(TcpStream::from(phone))
}

/// Says `message` to the server on `conn` and prints its whole answer to
/// `out`, followed by a newline.
///
/// # Errors
/// When the server hangs up or resets the call before the answer is complete
/// (the error names `addr`), or `out` is closed.
pub fn talk(
    conn: &mut TcpStream,
    message: &[u8],
    addr: SocketAddr,
    out: &mut dyn Write,
) -> Result<()> {
    // ANCHOR: talk
    // The server answers byte for byte, so the answer is as long as the
    // message. TCP has no message boundaries: a long answer arrives in
    // pieces, and read_exact reads until the buffer is full.
    let mut answer = vec![0u8; message.len()];
    // Say a long message a piece at a time, hearing each piece's answer
    // before saying the next: the server answers while it hears, and if we
    // only listened after saying everything, its answers could fill the
    // buffers both ways and leave both sides waiting for ever.
    for (said, heard) in message.chunks(PIECE).zip(answer.chunks_mut(PIECE)) {
        // Talk: write_all, because one write may take only part of the bytes.
        conn.write_all(said)
            .map_err(|err| common::call_broke(&err, addr))?;
        // Listen until this piece's answer is complete.
        conn.read_exact(heard)
            .map_err(|err| common::call_broke(&err, addr))?;
    }
    common::output::print_reply(out, &answer)?;
    // ANCHOR_END: talk
    Ok(())
}
