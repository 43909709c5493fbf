//! A file's bytes on their way: through one fixed buffer, never held whole,
//! and hashed (SHA-256) as they pass, so a gigabyte costs the same memory
//! as a kilobyte.

use std::io::{self, BufRead, Write};

use indicatif::ProgressBar;
use sha2::{Digest, Sha256};

/// The size of the buffer the bytes pass through, and of each write.
pub const CHUNK: usize = 64 * 1024;

/// Passes exactly `size` bytes from `from` to `to`, adding each piece to
/// `hash` (when given) and to `progress`. `from` is best a `BufReader` of [`CHUNK`] bytes:
/// its buffer is the only one the bytes pass through.
///
/// # Errors
/// `UnexpectedEof` when `from` ends before `size` bytes (the peer hung up,
/// the file shrank); any error of a read or a write.
pub fn pass(
    from: &mut impl BufRead,
    to: &mut impl Write,
    size: u64,
    mut hash: Option<&mut Sha256>,
    progress: &ProgressBar,
) -> io::Result<()> {
    // ANCHOR: pass
    let mut left = size;
    while left > 0 {
        // What has come so far, at most one buffer's worth, not copied.
        let piece = crate::frame::next_bytes(from)?;
        if piece.is_empty() {
            let why = format!("the bytes ended after {} of {size}", size - left);
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, why));
        }
        // Not one byte past `size`: what follows is the next request.
        let n = piece.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        if let Some(hash) = &mut hash {
            hash.update(&piece[..n]);
        }
        to.write_all(&piece[..n])?;
        from.consume(n);
        left -= n as u64;
        progress.inc(n as u64);
    }
    // ANCHOR_END: pass
    to.flush()
}

/// The SHA-256 of `size` bytes of `from`, as 64 lower-case hex digits.
///
/// # Errors
/// As [`pass`].
pub fn sha256_of(
    from: &mut impl BufRead,
    size: u64,
    progress: &ProgressBar,
) -> io::Result<String> {
    let mut hash = Sha256::new();
    pass(from, &mut io::sink(), size, Some(&mut hash), progress)?;
    Ok(hex(hash))
}

/// The finished `hash`, as 64 lower-case hex digits.
pub fn hex(hash: Sha256) -> String {
    format!("{:x}", hash.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_exactly_size_bytes_and_hashes_them() {
        let mut from = io::BufReader::with_capacity(4, &b"abcdefNEXT"[..]);
        let mut to = Vec::new();
        let mut hash = Sha256::new();
        pass(
            &mut from,
            &mut to,
            6,
            Some(&mut hash),
            &ProgressBar::hidden(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(to, b"abcdef");
        // The well-known SHA-256 of "abcdef".
        let want =
            "bef57ec7f53a6d40beb640a780a639c83bc29ac8a9816f1fc6c5c6dcd93c4721";
        assert_eq!(hex(hash), want);
        let rest = sha256_of(&mut from, 5, &ProgressBar::hidden()).err();
        assert_eq!(rest.map(|e| e.kind()), Some(io::ErrorKind::UnexpectedEof));
    }
}
