//! The server's log. Thousands of tasks on several threads have something to
//! say; if each wrote to stdout itself, a slow terminal (or a pipe nobody
//! reads) would stop the threads that serve every caller. So a task only puts
//! its line in a bounded queue, which never waits, and one thread of the log's
//! own prints the lines, each whole, in the order they were queued. When the
//! queue is full the line is dropped and counted, and the count is printed
//! once the log has caught up: the log can fall behind, the callers cannot.

use std::io::{self, BufWriter, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TryRecvError, TrySendError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// How many lines may wait to be printed before new ones are dropped.
pub const QUEUE: usize = 4096;

/// How long the log's thread pauses between batches of lines.
pub const PAUSE: Duration = Duration::from_millis(10);

/// A handle for logging, cheap to clone: one for each task.
#[derive(Debug, Clone)]
pub struct Log {
    queue: SyncSender<Option<String>>,
    dropped: Arc<AtomicU64>,
}

/// The thread that prints the log, until [`Printer::finish`].
#[derive(Debug)]
pub struct Printer {
    queue: SyncSender<Option<String>>,
    thread: JoinHandle<io::Result<()>>,
}

/// Starts the log's thread, printing to `out`.
///
/// # Errors
/// When the system cannot start a thread.
pub fn start(out: Box<dyn Write + Send>) -> io::Result<(Log, Printer)> {
    let (queue, lines) = mpsc::sync_channel(QUEUE);
    let dropped = Arc::new(AtomicU64::new(0));
    let counted = Arc::clone(&dropped);
    let thread = thread::Builder::new()
        .name("log".into())
        .spawn(move || print(lines, out, &counted))?;
    let log = Log {
        queue: queue.clone(),
        dropped,
    };
    Ok((log, Printer { queue, thread }))
}

impl Log {
    /// Queues `line` (without its newline) to be printed. Never waits: when
    /// the queue is full, the line is dropped and counted.
    pub fn line(&self, line: impl Into<String>) {
        // ANCHOR: log_line
        match self.queue.try_send(Some(line.into())) {
            // The queue is full: the log is behind. Drop the line, count it.
            Err(TrySendError::Full(_)) => {
                self.dropped.fetch_add(1, Ordering::Relaxed);
            }
            // The printer has ended (stdout is closed): nobody can read it.
            Err(TrySendError::Disconnected(_)) | Ok(()) => {}
        }
        // ANCHOR_END: log_line
    }
}

impl Printer {
    /// Prints `last` after every line queued before it, then ends the
    /// log's thread. Unlike [`Log::line`], it waits for room in the queue:
    /// the last line (the server's summary) is never dropped.
    ///
    /// # Errors
    /// When stdout was closed or could not be written.
    pub fn finish(self, last: &str) -> io::Result<()> {
        // A send fails only when the thread has ended, on an error it
        // returns below.
        let _ = self.queue.send(Some(last.to_string()));
        let _ = self.queue.send(None);
        match self.thread.join() {
            Ok(printed) => printed,
            Err(_) => Err(io::Error::other("the log's thread panicked")),
        }
    }
}

/// The log's thread. It sleeps until a line comes; then, as long as lines
/// keep coming, it takes them in batches, one every [`PAUSE`]. A line queued
/// while the thread sleeps in a pause costs its sender no system call, where
/// waking the thread for every line would cost one, and a context switch, on
/// every message a busy server hears.
fn print(
    lines: Receiver<Option<String>>,
    out: Box<dyn Write + Send>,
    dropped: &AtomicU64,
) -> io::Result<()> {
    let mut out = BufWriter::new(out);
    // `None` (from `finish`) or every handle gone: the log is over.
    while let Ok(Some(first)) = lines.recv() {
        let mut next = Some(first);
        while let Some(line) = next.take() {
            writeln!(out, "{line}")?;
            match lines.try_recv() {
                Ok(Some(line)) => next = Some(line),
                Ok(None) | Err(TryRecvError::Disconnected) => return out.flush(),
                Err(TryRecvError::Empty) => {
                    let lost = dropped.swap(0, Ordering::Relaxed);
                    if lost > 0 {
                        writeln!(
                            out,
                            "({lost} log lines dropped: the log could not keep up)"
                        )?;
                    }
                    out.flush()?;
                    // Lines may be coming fast: look again after a pause,
                    // and go back to sleeping in `recv` only if none came.
                    thread::sleep(PAUSE);
                    match lines.try_recv() {
                        Ok(Some(line)) => next = Some(line),
                        Ok(None) | Err(TryRecvError::Disconnected) => {
                            return out.flush();
                        }
                        Err(TryRecvError::Empty) => {}
                    }
                }
            }
        }
    }
    out.flush()
}
