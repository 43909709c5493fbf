//! The frame, this lesson's answer to 粘包: a 4-byte length, then that many
//! bytes. The reader knows where each message ends before it reads it, so
//! two messages glued in one read come apart, and one message cut over
//! several reads comes back whole.
//!
//! ```text
//! +------------------+----------------------+
//! | N: 4 bytes, u32  | N bytes of payload   |
//! | big-endian       |                      |
//! +------------------+----------------------+
//! ```

use std::io::{self, BufRead, Write};

/// The size of the length prefix: a `u32`, so a frame holds at most
/// 4 GiB - 1 bytes.
pub const PREFIX: usize = 4;

/// The longest frame the echo server takes unless `--max-frame` says
/// otherwise: 1 MiB.
pub const MAX_FRAME: usize = 1 << 20;

/// Sends `payload` as one frame: its length as 4 bytes, most significant
/// first, then the payload. `conn` is best a `BufWriter` over the socket:
/// the flush at the end sends the length and a small payload in one write.
///
/// # Errors
/// When the payload is 4 GiB or longer (no `u32` holds its length), or a
/// write fails (the peer hung up or reset the call, a write timeout).
pub fn write_frame(conn: &mut impl Write, payload: &[u8]) -> io::Result<()> {
    // ANCHOR: write_frame
    // The length first: 4 bytes, most significant first ("big-endian",
    // network order), Python's struct.pack('>I', n).
    let len = u32::try_from(payload.len()).map_err(|_| {
        let why = format!("{} bytes do not fit in one frame", payload.len());
        io::Error::new(io::ErrorKind::InvalidInput, why)
    })?;
    conn.write_all(&len.to_be_bytes())?;
    conn.write_all(payload)?;
    // Through a BufWriter, the two writes above only filled its buffer:
    // flush sends them together. Two small writes on the wire would be two
    // packets, and with Nagle's algorithm on, the second one waits for the
    // first one's ACK (40 ms and more, lesson 2).
    conn.flush()
    // ANCHOR_END: write_frame
}

/// Receives one frame and returns its payload; `None` when the peer hung up
/// between frames (the call's ordinary end).
///
/// A length above `max` is refused before any memory is taken for it: the
/// error says what was announced, and the payload is not read.
///
/// # Errors
/// `InvalidData` for a length above `max`; `UnexpectedEof` when the peer
/// hung up in the middle of a frame; any error of a read (a reset, a read
/// timeout).
pub fn read_frame(
    conn: &mut impl BufRead,
    max: usize,
) -> io::Result<Option<Vec<u8>>> {
    // ANCHOR: read_frame
    // Has a new frame begun? fill_buf waits for the first bytes and keeps
    // them; none at all means the peer hung up between two frames.
    if next_bytes(conn)?.is_empty() {
        return Ok(None);
    }
    // The length: read_exact waits until all 4 bytes are in, however the
    // network cut them up.
    let mut prefix = [0u8; PREFIX];
    conn.read_exact(&mut prefix)?;
    let len = u32::from_be_bytes(prefix) as usize;
    // Check it before allocating: a stranger's 4 bytes must not decide how
    // much memory we take. ff ff ff ff would be 4 GiB.
    if len > max {
        return Err(too_long(len, max));
    } // The payload: exactly `len` bytes, whatever the reads give at a time.
    let mut payload = vec![0u8; len];
    conn.read_exact(&mut payload)?;
    Ok(Some(payload))
    // ANCHOR_END: read_frame
}

/// The error for a frame longer than `max`: `announced a frame of N bytes,
/// over the limit of MAX`, of kind `InvalidData`.
pub fn too_long(len: usize, max: usize) -> io::Error {
    let why = format!("announced a frame of {len} bytes, over the limit of {max}");
    io::Error::new(io::ErrorKind::InvalidData, why)
}

/// The bytes waiting in `conn`'s buffer, reading more when it is empty;
/// empty only when the peer has hung up. A wait cut short by a signal
/// (Ctrl-Z, then `fg`, during a read with a timeout) is simply resumed.
///
/// # Errors
/// Any error of the read.
pub fn next_bytes(conn: &mut impl BufRead) -> io::Result<&[u8]> {
    loop {
        match conn.fill_buf() {
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            // Two steps, so that the loop can borrow `conn` again.
            Err(err) => return Err(err),
            Ok(_) => break,
        }
    }
    conn.fill_buf()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufReader;

    fn frames(bytes: &[u8], max: usize) -> io::Result<Vec<Vec<u8>>> {
        let mut conn = BufReader::with_capacity(3, bytes);
        let mut all = Vec::new();
        while let Some(frame) = read_frame(&mut conn, max)? {
            all.push(frame);
        }
        Ok(all)
    }

    #[test]
    fn glued_frames_come_apart_and_cut_frames_come_whole() {
        let mut wire = Vec::new();
        for payload in [&b"hello"[..], b"", b"world"] {
            write_frame(&mut wire, payload).unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(&wire[..9], b"\0\0\0\x05hello");
        // A 3-byte buffer cuts every prefix and payload over several reads.
        let got = frames(&wire, 16).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(got, [b"hello".to_vec(), Vec::new(), b"world".to_vec()]);
    }

    #[test]
    fn a_hostile_length_is_refused_and_a_cut_frame_is_an_error() {
        let err = frames(b"\xff\xff\xff\xffrest", 1024).err();
        let err = err.unwrap_or_else(|| panic!("accepted 4 GiB"));
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert_eq!(
            err.to_string(),
            "announced a frame of 4294967295 bytes, over the limit of 1024"
        );
        for cut in [&b"\0\0"[..], b"\0\0\0\x05hel"] {
            let err = frames(cut, 1024).err().map(|e| e.kind());
            assert_eq!(err, Some(io::ErrorKind::UnexpectedEof));
        }
    }
}
