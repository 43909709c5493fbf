//! What the programs write to stdout: the demo's labelled lines, and replies
//! printed byte for byte; and a writer that hands on each line (a server's
//! log, for the demo that shows it).

use std::io::{self, Write};

/// A writer that prints each complete line to stdout behind a label, as
/// `server | listening on 127.0.0.1:41234`.
///
/// Each lesson's `demo` runs its server and client in one process and gives
/// each one of these, so the two sides of the call are told apart. A line is
/// written with one locked write, so lines from the two threads never mix.
/// What is left without a newline is printed when the writer is dropped.
/// When stdout's reader has gone (a pipe into `head`), lines are dropped
/// silently and the demo runs to its end.
#[derive(Debug)]
pub struct Labelled {
    label: &'static str,
    pending: Vec<u8>,
}

impl Labelled {
    /// A writer whose lines start with `label` (for example `"server | "`).
    pub fn new(label: &'static str) -> Self {
        Labelled {
            label,
            pending: Vec::new(),
        }
    }

    fn emit(&mut self, line: &[u8]) -> io::Result<()> {
        let mut text = Vec::with_capacity(self.label.len() + line.len() + 1);
        text.extend_from_slice(self.label.as_bytes());
        text.extend_from_slice(line);
        text.push(b'\n');
        let mut stdout = io::stdout().lock();
        match stdout.write_all(&text).and_then(|()| stdout.flush()) {
            // The reader of a demo's output has gone (`demo | head -3`): the
            // demo still runs to its end, with nobody to read the rest, rather
            // than break one side's call and blame the other side for it.
            Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            done => done,
        }
    }
}

impl Write for Labelled {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        while let Some(end) = self.pending.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=end).collect();
            self.emit(&line[..line.len() - 1])?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for Labelled {
    fn drop(&mut self) {
        if !self.pending.is_empty() {
            let rest = std::mem::take(&mut self.pending);
            let _ = self.emit(&rest);
        }
    }
}

/// A writer that hands each complete line it is given, without its `\n` and
/// decoded lossily, to `each`: for a demo that shows a server's log as it
/// comes, between the lines of its callers. An error from `each` (nobody is
/// listening any more) is the write's error.
pub struct EachLine<F> {
    each: F,
    pending: Vec<u8>,
}

impl<F: FnMut(String) -> io::Result<()>> EachLine<F> {
    /// A writer whose every line goes to `each`.
    pub fn new(each: F) -> Self {
        EachLine {
            each,
            pending: Vec::new(),
        }
    }
}

impl<F: FnMut(String) -> io::Result<()>> Write for EachLine<F> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        while let Some(end) = self.pending.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=end).collect();
            (self.each)(String::from_utf8_lossy(&line[..end]).into_owned())?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes a reply as it came, byte for byte, then a newline, and flushes.
///
/// The reply may not be UTF-8 (the server upper-cases bytes, not text), so it is
/// not decoded: what the server sent is what reaches the terminal or the pipe.
///
/// # Errors
/// When `out` is closed (for example a pipe into `head` that has ended).
pub fn print_reply(out: &mut dyn Write, reply: &[u8]) -> io::Result<()> {
    out.write_all(reply)?;
    out.write_all(b"\n")?;
    out.flush()
}
