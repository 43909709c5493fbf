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
