//! The server's log. One thread serves everyone, so a log line can never be
//! cut by another caller's; what matters is that printing cannot slow the
//! loop down without bound. The loop writes its lines here, and once per
//! turn they go out in one write: a turn that served 500 callers costs one
//! system call for its log, not 500. And at most [`LINES_PER_TURN`] lines a
//! turn are kept; the rest are counted, and the count is printed instead.

use std::io::{self, Write};

/// The most lines one turn of the loop prints.
pub const LINES_PER_TURN: usize = 100;

/// The lines of the current turn, written out by [`Log::write_to`].
#[derive(Debug, Default)]
pub struct Log {
    text: Vec<u8>,
    lines: usize,
    left_out: usize,
}

impl Log {
    /// An empty log.
    pub fn new() -> Log {
        Log::default()
    }

    /// Writes this turn's lines to `out` in one write, with a line that
    /// counts the ones left out, if any, and starts the next turn.
    ///
    /// # Errors
    /// When `out` is closed.
    pub fn write_to(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.left_out > 0 {
            let left_out = self.left_out;
            writeln!(self.text, "({left_out} more lines left out of the log)")?;
        }
        if !self.text.is_empty() {
            out.write_all(&self.text)?;
            out.flush()?;
        }
        self.text.clear();
        // A turn with a burst of lines should not keep a large buffer.
        self.text.shrink_to(64 * 1024);
        self.lines = 0;
        self.left_out = 0;
        Ok(())
    }
}

/// `writeln!(log, ...)` as to any output; it never fails.
impl Write for Log {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for piece in buf.split_inclusive(|&b| b == b'\n') {
            let keep = self.lines < LINES_PER_TURN;
            if keep {
                self.text.extend_from_slice(piece);
            }
            if piece.ends_with(b"\n") {
                if keep {
                    self.lines += 1;
                } else {
                    self.left_out += 1;
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_write_per_turn_and_a_count_of_what_was_left_out() {
        let mut log = Log::new();
        for i in 0..LINES_PER_TURN + 3 {
            writeln!(log, "line {i}").unwrap();
        }
        let mut out = Vec::new();
        log.write_to(&mut out).unwrap();
        let text = String::from_utf8_lossy(&out);
        assert_eq!(text.lines().count(), LINES_PER_TURN + 1);
        assert!(text.ends_with("line 99\n(3 more lines left out of the log)\n"));
        let mut next = Vec::new();
        writeln!(log, "next turn").unwrap();
        log.write_to(&mut next).unwrap();
        assert_eq!(next, b"next turn\n");
    }
}
