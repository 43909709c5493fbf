//! `send-vs-sendall`: the article says `send` loses data when the buffer is
//! full. It does not: it takes what fits and says how much. `sendall` is a
//! loop over `send` until everything is taken.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::thread;

use anyhow::{Context, Result, anyhow};
use socket2::{Domain, Socket, Type};

use super::{PATIENCE, loopback};

/// The message: 1 MiB, far more than the small buffers hold.
pub const MESSAGE_LEN: usize = 1 << 20;

/// The send and receive buffer sizes asked for (Linux gives double).
pub const SMALL_BUFFER: usize = 16 * 1024;

/// Sends 1 MiB to a peer that does not read yet, then to one that does.
///
/// # Errors
/// When a socket call on loopback fails or times out.
pub fn run(out: &mut dyn Write) -> Result<()> {
    let (mut caller, conn) = small_call()?;
    let message: Vec<u8> = (0..MESSAGE_LEN).map(|i| (i % 251) as u8).collect();
    writeln!(out, "message: {} bytes", message.len())?;

    // ANCHOR: send
    // Non-blocking, so that a full buffer shows at once instead of waiting.
    caller.set_nonblocking(true)?;
    // send: one write takes what fits in the buffers and returns the count.
    let taken = caller.write(&message)?;
    writeln!(out, "write took: {taken} bytes")?;
    // The rest was not sent, and not lost either: it is still ours to send.
    writeln!(out, "not taken: {} bytes", message.len() - taken)?;
    // ANCHOR_END: send

    // ANCHOR: sendall
    // The peer starts reading, in a thread, everything until the hang-up.
    let reader = thread::spawn(move || read_everything(conn));
    // sendall: blocking again, write_all loops until every byte is taken.
    caller.set_nonblocking(false)?;
    caller.write_all(&message[taken..])?;
    let rest = message.len() - taken;
    writeln!(out, "write_all sent the rest: {rest} bytes")?;
    // Hang up: the reader sees the end of the stream and stops.
    drop(caller);
    // ANCHOR_END: sendall
    let received = reader
        .join()
        .map_err(|_| anyhow!("the reading thread panicked"))?
        .context("the peer could not read")?;
    writeln!(out, "peer received: {} bytes", received.len())?;
    let same = if received == message { "yes" } else { "no" };
    writeln!(out, "same bytes in the same order: {same}")?;
    Ok(())
}

/// A call whose caller has a small send buffer and whose answerer has a small
/// receive buffer, both set before the call so they shape it from the start.
fn small_call() -> Result<(TcpStream, TcpStream)> {
    let listener = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    listener.set_recv_buffer_size(SMALL_BUFFER)?;
    listener.bind(&loopback(0).into())?;
    listener.listen(5)?;
    let caller = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    caller.set_send_buffer_size(SMALL_BUFFER)?;
    caller.connect(&listener.local_addr()?)?;
    // The call is through: accept cannot wait. The answer inherits the
    // listener's receive buffer size.
    let (conn, _) = listener.accept()?;
    let (caller, conn) = (TcpStream::from(caller), TcpStream::from(conn));
    for end in [&caller, &conn] {
        end.set_read_timeout(Some(PATIENCE))?;
        end.set_write_timeout(Some(PATIENCE))?;
    }
    Ok((caller, conn))
}

fn read_everything(mut conn: TcpStream) -> io::Result<Vec<u8>> {
    let mut received = Vec::new();
    conn.read_to_end(&mut received)?;
    Ok(received)
}
