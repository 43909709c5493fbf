//! The server's log. Every caller's thread has something to say (a message
//! heard, a call ended), and they all say it at once. If each printed for
//! itself, two lines could mix, and a slow terminal, or a pipe nobody reads,
//! would stop every thread at its next print: the log would slow the server
//! down without bound.
//!
//! So one thread prints, and the others hand it whole lines through a
//! bounded channel. Handing a line over never waits: when the channel is
//! full, the line is left out and counted, and the printer says how many it
//! missed. The log may lose lines under a flood; the callers never wait for
//! it.

use std::io::{self, BufWriter, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::thread;
use std::time::Duration;

/// How many lines may wait for the printer. A line is about 60 bytes, so a
/// full queue holds well under a megabyte.
pub const LOG_QUEUE: usize = 10_000;

// ANCHOR: log
/// A handle on the log; every thread that prints has a clone.
#[derive(Debug, Clone)]
pub struct Log {
    lines: SyncSender<String>,
    left_out: Arc<AtomicU64>,
}

impl Log {
    /// Starts the printer thread, which writes each line to `out` until
    /// every [`Log`] handle is gone.
    ///
    /// # Errors
    /// When the system cannot start a thread.
    pub fn start(out: impl Write + Send + 'static) -> io::Result<Log> {
        let (lines, queue) = mpsc::sync_channel(LOG_QUEUE);
        let left_out = Arc::new(AtomicU64::new(0));
        let counted = Arc::clone(&left_out);
        thread::Builder::new()
            .name("log".into())
            .spawn(move || print(queue, &counted, out))?;
        Ok(Log { lines, left_out })
    }

    /// Hands `line` (without its newline) to the printer. Never waits.
    ///
    /// # Errors
    /// When the printer has stopped because its output is closed.
    pub fn line(&self, line: impl Into<String>) -> io::Result<()> {
        match self.lines.try_send(line.into()) {
            Ok(()) => Ok(()),
            // The printer is behind: leave the line out, count it.
            Err(TrySendError::Full(_)) => {
                // Relaxed: the count guards no other data.
                self.left_out.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            Err(TrySendError::Disconnected(_)) => Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "the log's output is closed",
            )),
        }
    }
}
// ANCHOR_END: log

/// How long the printer lets lines gather after each write.
pub const BATCH: Duration = Duration::from_millis(10);

// ANCHOR: print
/// The printer: a line, and whatever else is waiting, in one write; then a
/// pause while more lines gather. Only a printer blocked in `recv` has to be
/// woken up by the thread that sends it a line, which costs that thread a
/// system call; a busy printer is found pausing or writing, and a busy log
/// costs one write for many lines and nothing else.
fn print(
    queue: Receiver<String>,
    left_out: &AtomicU64,
    out: impl Write,
) -> io::Result<()> {
    let mut out = BufWriter::new(out);
    while let Ok(line) = queue.recv() {
        writeln!(out, "{line}")?;
        while let Ok(line) = queue.try_recv() {
            writeln!(out, "{line}")?;
        }
        let missed = left_out.swap(0, Ordering::Relaxed);
        if missed > 0 {
            writeln!(out, "log: {missed} lines left out, the log fell behind")?;
        }
        out.flush()?;
        thread::sleep(BATCH);
    }
    Ok(())
}
// ANCHOR_END: print

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::Sender;

    /// An output that takes nothing until `open` says so, then passes every
    /// write on to `written`.
    struct Gate {
        open: Receiver<()>,
        opened: bool,
        written: Sender<Vec<u8>>,
    }

    impl Write for Gate {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if !self.opened {
                let _ = self.open.recv();
                self.opened = true;
            }
            let _ = self.written.send(buf.to_vec());
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_stuck_output_costs_lines_not_waits() {
        let (open, gate) = mpsc::channel();
        let (written, output) = mpsc::channel();
        let log = Log::start(Gate {
            open: gate,
            opened: false,
            written,
        })
        .unwrap();
        // The output takes nothing: every line is still handed over at once,
        // and those beyond the queue are left out.
        let sent = 3 * LOG_QUEUE;
        for i in 0..sent {
            log.line(format!("line {i}")).unwrap();
        }
        open.send(()).unwrap();
        let mut text = String::new();
        while !text.contains(" left out") {
            let chunk = output.recv_timeout(Duration::from_secs(20)).unwrap();
            text.push_str(&String::from_utf8(chunk).unwrap());
        }
        while !text.ends_with('\n') {
            let chunk = output.recv_timeout(Duration::from_secs(20)).unwrap();
            text.push_str(&String::from_utf8(chunk).unwrap());
        }
        let note = text.lines().last().unwrap();
        let missed: usize = note
            .strip_prefix("log: ")
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{note}"));
        assert_eq!(
            note,
            format!("log: {missed} lines left out, the log fell behind")
        );
        let printed = text.lines().count() - 1;
        assert!(
            missed > 0 && printed + missed == sent,
            "{printed} + {missed}"
        );
        // Whole lines, in order.
        let first: Vec<&str> = text.lines().take(3).collect();
        assert_eq!(first, ["line 0", "line 1", "line 2"]);
    }
}
