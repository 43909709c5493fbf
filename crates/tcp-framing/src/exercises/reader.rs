//! Exercise "reader": the frame reader, written on the bare socket. The
//! lesson's `read_frame` reads through a `BufReader`, whose `fill_buf` tells
//! whether a new frame has begun. Straight on the `TcpStream`, the reader
//! must tell apart by itself a caller who hangs up between frames (the
//! call's end) from one who hangs up inside a frame (an error), and still
//! refuse a hostile length before it takes any memory for it.

use std::io::{self, BufWriter, Read, Write};
use std::net::{SocketAddr, TcpStream};

use anyhow::Result;

use crate::{frame, server};

/// The lesson's echo server, reading each frame with [`read_frame`].
///
/// # Errors
/// As the lesson's server: the address cannot be taken, or `out` is closed.
pub fn serve(addr: SocketAddr, max_frame: usize, out: &mut dyn Write) -> Result<()> {
    // ANCHOR: reader_server
    let listener = server::stand_by(addr, out)?;
    loop {
        server::answer_next_call(&listener, "frame", out, |conn, out| {
            conn.set_nodelay(true)?;
            echo(conn, max_frame, out)
        })?;
    }
    // ANCHOR_END: reader_server
}

/// One call: each frame read with [`read_frame`], answered upper-cased.
fn echo(
    mut conn: &TcpStream,
    max_frame: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    // New: the frames come from your reader, straight off the socket.
    while let Some(message) = read_frame(&mut conn, max_frame)? {
        let mut writer = BufWriter::new(conn);
        frame::write_frame(&mut writer, &common::upper(&message))?;
        writeln!(out, "frame from client: {}", common::show_bytes(&message))?;
    }
    Ok(())
}

/// Reads one frame from `conn`, which has no buffer: 4 bytes of length,
/// big-endian, then that many bytes. `None` when the peer hung up before the
/// first byte of a frame; an `UnexpectedEof` error when it hung up inside
/// one; the error [`frame::too_long`] makes for a length over `max`, before
/// any memory is taken for it.
///
/// # Errors
/// As above, and any error of a read.
pub fn read_frame(conn: &mut impl Read, max: usize) -> io::Result<Option<Vec<u8>>> {
    // SOLUTION: begin read the 4-byte length (None if the peer hangs up before its first byte), refuse a length over max, then read exactly that many bytes
    // ANCHOR: read_frame
    let mut prefix = [0u8; frame::PREFIX];
    // Read the length yourself: read_exact cannot tell "no frame at all"
    // from "half a length", and only the first is the call's normal end.
    let mut got = 0;
    while got < prefix.len() {
        match conn.read(&mut prefix[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => got += n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    let len = u32::from_be_bytes(prefix) as usize;
    if len > max {
        return Err(frame::too_long(len, max));
    }
    let mut payload = vec![0u8; len];
    conn.read_exact(&mut payload)?;
    Ok(Some(payload))
    // ANCHOR_END: read_frame
    // SOLUTION: end
}
