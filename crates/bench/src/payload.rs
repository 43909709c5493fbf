//! The messages the bench sends, and the check of every reply byte.
//!
//! The course's servers answer with the same bytes upper-cased, so a reply is
//! exactly as long as the message and its content is known in advance. The
//! messages are mostly lower-case letters, so a server that echoes without
//! upper-casing is caught, not only one that loses bytes.

use anyhow::{Result, bail};

/// The text the messages repeat: lower-case letters, digits and spaces, 64
/// bytes, so that upper-casing changes most of them.
pub const PATTERN: &[u8; 64] =
    b"the quick brown fox jumps over the lazy dog; 0123456789 call me ";

/// A message of `size` bytes: [`PATTERN`] repeated, starting at `offset`
/// within it (the stream mode sends one long message in chunks).
pub fn message(size: usize, offset: usize) -> Vec<u8> {
    (0..size)
        .map(|i| PATTERN[(offset + i) % PATTERN.len()])
        .collect()
}

/// The reply a course server must send for `message`: Python's `bytes.upper()`.
pub fn expected(message: &[u8]) -> Vec<u8> {
    common::upper(message)
}

/// Checks `reply` against `expected`, byte for byte, and fails naming the
/// first byte that differs (`at` is where `reply` starts in the whole reply)
/// or the lengths.
pub fn verify(reply: &[u8], expected: &[u8], at: usize) -> Result<()> {
    if reply == expected {
        return Ok(());
    }
    if let Some(i) = reply.iter().zip(expected).position(|(a, b)| a != b) {
        bail!(
            "reply byte {} is {:?}, expected {:?}: the server did not send the \
             message back upper-cased",
            at + i,
            reply[i] as char,
            expected[i] as char
        );
    }
    bail!(
        "the reply has {} bytes where {} were expected",
        reply.len(),
        expected.len()
    )
}

/// The pattern from offset 0 for `len + PATTERN.len()` bytes: any piece of a
/// long message, up to `len` bytes, is one slice of it ([`piece`]).
pub fn ring(len: usize) -> Vec<u8> {
    message(len + PATTERN.len(), 0)
}

/// The `len` bytes at `offset` of a long message (or, with a `ring`
/// upper-cased, of its reply), taken from `ring`.
pub fn piece(ring: &[u8], offset: u64, len: usize) -> &[u8] {
    let at = (offset % PATTERN.len() as u64) as usize;
    &ring[at..at + len]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_repeat_the_pattern_from_any_offset() {
        assert_eq!(message(3, 0), b"the");
        assert_eq!(message(4, 62), b"e th");
        assert_eq!(message(130, 0)[64..128], PATTERN[..]);
    }

    #[test]
    fn verify_names_the_first_wrong_byte() {
        let msg = message(10, 0);
        let want = expected(&msg);
        assert!(verify(&want, &want, 0).is_ok());
        let err = verify(&msg, &want, 100).unwrap_err().to_string();
        assert!(
            err.starts_with("reply byte 100 is 't', expected 'T'"),
            "{err}"
        );
        let err = verify(&want[..5], &want, 0).unwrap_err().to_string();
        assert!(err.contains("5 bytes where 10"), "{err}");
    }

    #[test]
    fn the_ring_holds_every_piece_of_the_stream() {
        let ring = expected(&ring(100));
        let stream = expected(&message(1000, 0));
        for offset in [0, 63, 64, 500, 900] {
            let piece = piece(&ring, offset as u64, 100);
            assert_eq!(piece, &stream[offset..offset + 100]);
        }
    }
}
