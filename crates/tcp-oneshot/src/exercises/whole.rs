//! Exercise "whole": a server that hears the whole message, however long,
//! and a client that tells it where the message ends.
//!
//! The lesson's server reads once, so a message longer than `BUFSIZE` leaves
//! bytes unread and its close resets the call. Here the client shuts down its
//! sending half when it has said everything (a *half close*: a FIN goes out,
//! the client can still hear), and the server reads until its read returns 0,
//! the end of the caller's stream. Then it answers, and no byte is left unread.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};

use anyhow::{Context, Result};

use crate::client::{
    ANSWER_TIMEOUT, MAX_ANSWER, no_complete_answer, read_until_hang_up,
};
use crate::{BUFSIZE, server};

/// The most the exercise's server hears from one caller: 16 MiB.
pub const MAX_MESSAGE: usize = 16 << 20;

/// The server: answer one call, hearing the caller out before answering.
///
/// # Errors
/// As the lesson's server: the address cannot be taken, or the call fails.
pub fn serve(addr: SocketAddr, out: &mut dyn Write) -> Result<()> {
    // ANCHOR: whole_server
    let phone = server::stand_by(addr, out)?;
    let (conn, peer) = phone.accept().context("cannot pick up the call")?;
    let mut conn = TcpStream::from(conn);
    writeln!(out, "call from {}", common::show_sockaddr(&peer))?;
    // New: read until the caller has said everything, however many reads
    // (but no more than MAX_MESSAGE bytes, so a caller cannot fill the memory).
    let mut limited = (&mut conn).take(MAX_MESSAGE as u64 + 1);
    let (message, reads) =
        hear_everything(&mut limited).context("cannot hear the message")?;
    if message.len() > MAX_MESSAGE {
        anyhow::bail!("the message is longer than {MAX_MESSAGE} bytes: not heard");
    }
    let plural = if reads == 1 { "" } else { "s" };
    let shown = common::show_bytes(&message);
    writeln!(out, "received {shown} in {reads} read{plural}")?;
    conn.write_all(&common::upper(&message))
        .context("cannot send the answer")?;
    // ANCHOR_END: whole_server
    Ok(())
}

/// Reads `conn` at most `BUFSIZE` bytes at a time until the end of the stream
/// (a read that returns 0: the caller has shut down its sending half, or hung
/// up). Returns every byte, and how many reads gave some.
///
/// # Errors
/// When a read fails (the caller reset the call).
pub fn hear_everything(conn: &mut impl Read) -> io::Result<(Vec<u8>, usize)> {
    // SOLUTION: begin read BUFSIZE bytes at a time until a read gives 0; count reads
    // ANCHOR: hear_everything
    let mut message = Vec::new();
    let mut reads = 0;
    let mut buf = [0u8; BUFSIZE];
    loop {
        let n = conn.read(&mut buf)?;
        if n == 0 {
            return Ok((message, reads));
        }
        reads += 1;
        message.extend_from_slice(&buf[..n]);
    }
    // ANCHOR_END: hear_everything
    // SOLUTION: end
}

/// The client: call `addr`, say `message`, say that it is over, print the
/// answer to `out`.
///
/// # Errors
/// When the call does not go through, or the answer does not come complete
/// within the lesson client's timeout.
pub fn call(addr: SocketAddr, message: &[u8], out: &mut dyn Write) -> Result<()> {
    // ANCHOR: whole_client
    let mut conn =
        TcpStream::connect(addr).with_context(|| format!("cannot call {addr}"))?;
    // New: the message, then the end of it.
    say_everything(&mut conn, message).context("cannot send the message")?;
    let answer = read_until_hang_up(&mut conn, ANSWER_TIMEOUT, MAX_ANSWER)
        .map_err(|err| no_complete_answer(err, addr, ANSWER_TIMEOUT))?;
    common::output::print_reply(out, &answer)?;
    // ANCHOR_END: whole_client
    Ok(())
}

/// Sends every byte of `message`, then shuts down the sending half of `conn`,
/// so that the server's next read after the message returns 0. The receiving
/// half stays open for the answer.
///
/// # Errors
/// When the server has gone (the write or the shutdown fails).
pub fn say_everything(conn: &mut TcpStream, message: &[u8]) -> io::Result<()> {
    // SOLUTION: begin send every byte, then shut down the writing half
    // ANCHOR: say_everything
    conn.write_all(message)?;
    conn.shutdown(Shutdown::Write)
    // ANCHOR_END: say_everything
    // SOLUTION: end
}
