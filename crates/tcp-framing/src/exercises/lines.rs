//! Exercise "lines": the other classic answer to 粘包, a delimiter. Each
//! message ends with `\n`, and the server answers each line upper-cased, with
//! its `\n`. It is what a person types into `nc`; it is also what most text
//! protocols do (SMTP, Redis's inline commands, HTTP's headers).
//!
//! What it costs: the reader must look at every byte for the newline; a
//! message cannot hold a newline of its own (without an escape); and the
//! length is not known in advance, so the limit must be checked while
//! reading, not before.

use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::net::{SocketAddr, TcpStream};

use anyhow::Result;

use crate::server;

/// The longest line the lines server takes unless `--max-line` says
/// otherwise: 64 KiB.
pub const MAX_LINE: usize = 64 * 1024;

/// A server like the lesson's, for lines instead of frames.
///
/// # Errors
/// As the lesson's server: the address cannot be taken, or `out` is closed.
pub fn serve(addr: SocketAddr, max_line: usize, out: &mut dyn Write) -> Result<()> {
    // ANCHOR: lines_server
    let listener = server::stand_by(addr, out)?;
    loop {
        server::answer_next_call(&listener, "line", out, |conn, out| {
            conn.set_nodelay(true)?;
            echo(conn, max_line, out)
        })?;
    }
    // ANCHOR_END: lines_server
}

/// One call: each line read with [`read_line`], answered upper-cased.
fn echo(conn: &TcpStream, max_line: usize, out: &mut dyn Write) -> io::Result<()> {
    let mut reader = BufReader::new(conn);
    let mut writer = BufWriter::new(conn);
    while let Some(line) = read_line(&mut reader, max_line)? {
        writer.write_all(&common::upper(&line))?;
        writer.write_all(b"\n")?;
        writer.flush()?;
        writeln!(out, "line from client: {}", common::show_bytes(&line))?;
    }
    Ok(())
}

/// Reads one line from `conn` and returns it without its `\n`. `None` when
/// the peer hung up between lines; an `UnexpectedEof` error when it hung up
/// in the middle of one; an `InvalidData` error, `sent a line of more than
/// MAX bytes`, as soon as `max` bytes have come without a newline: never
/// more than `max + 1` bytes are taken, however long the line.
///
/// # Errors
/// As above, and any error of a read.
pub fn read_line(
    conn: &mut impl BufRead,
    max: usize,
) -> io::Result<Option<Vec<u8>>> {
    // SOLUTION: begin read up to the newline, but at most max bytes and the newline (take), and say which of the four cases it was
    // ANCHOR: read_line
    let mut line = Vec::new();
    // At most the longest line and its newline: a caller who never sends a
    // newline must not make us take all the memory there is.
    let n = conn
        .by_ref()
        .take(max as u64 + 1)
        .read_until(b'\n', &mut line)?;
    if n == 0 {
        return Ok(None);
    }
    if line.last() != Some(&b'\n') {
        if line.len() > max {
            let why = format!("sent a line of more than {max} bytes");
            return Err(io::Error::new(io::ErrorKind::InvalidData, why));
        }
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    line.pop();
    Ok(Some(line))
    // ANCHOR_END: read_line
    // SOLUTION: end
}
