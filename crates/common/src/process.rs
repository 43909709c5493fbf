//! A program started by another one and watched while it runs (feature
//! `process`): the lessons' tests start servers and clients this way, and
//! `bench` its servers.
//!
//! Three rules every user of a child process here needs, kept in one place:
//! - its stdout and stderr are read by threads for its whole life: a pipe
//!   nobody reads fills at 64 KiB, and the child then blocks on its next print;
//! - every wait has a bound, so a child that says nothing cannot hang its
//!   parent;
//! - it is killed when the [`Watched`] is dropped, whether the parent ends
//!   well, fails or panics.
//!
//! Nothing here panics: [`crate::testing`] wraps it for tests, which report a
//! failure by panicking.

use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

/// The most lines kept per stream while nobody takes them; beyond that the
/// oldest are dropped (a server under load logs a line per message, and a
/// bench that never reads them must not grow without bound).
pub const KEPT_LINES: usize = 100_000;

/// Why a wait for a line ended without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoLine {
    /// Nothing came within the time given.
    Timeout,
    /// The stream is closed (the child exited) and every line was taken.
    Closed,
}

/// The lines of one of the child's output streams, as they come.
#[derive(Debug, Clone)]
pub struct Lines {
    shared: Arc<(Mutex<Queue>, Condvar)>,
}

#[derive(Debug, Default)]
struct Queue {
    lines: VecDeque<Vec<u8>>,
    closed: bool,
    dropped: usize,
}

impl Lines {
    /// A thread that reads `pipe` line by line (each without its `\n`) until
    /// it closes, into the returned queue.
    fn drain(pipe: impl Read + Send + 'static) -> Lines {
        let lines = Lines {
            shared: Arc::new((Mutex::new(Queue::default()), Condvar::new())),
        };
        let writer = lines.clone();
        thread::spawn(move || {
            let mut reader = BufReader::with_capacity(64 * 1024, pipe);
            let mut line = Vec::new();
            while matches!(reader.read_until(b'\n', &mut line), Ok(n) if n > 0) {
                if line.ends_with(b"\n") {
                    line.pop();
                }
                writer.push(std::mem::take(&mut line));
            }
            let (queue, ready) = &*writer.shared;
            lock(queue).closed = true;
            ready.notify_all();
        });
        lines
    }

    fn push(&self, line: Vec<u8>) {
        let (queue, ready) = &*self.shared;
        let mut queue = lock(queue);
        if queue.lines.len() == KEPT_LINES {
            queue.lines.pop_front();
            queue.dropped += 1;
        }
        queue.lines.push_back(line);
        ready.notify_all();
    }

    /// The next line, waiting at most `timeout` for it.
    ///
    /// # Errors
    /// [`NoLine::Timeout`] when none came in time, [`NoLine::Closed`] when
    /// the stream has ended and every line was taken.
    pub fn next(&self, timeout: Duration) -> Result<Vec<u8>, NoLine> {
        let deadline = Instant::now() + timeout;
        let (queue, ready) = &*self.shared;
        let mut queue = lock(queue);
        loop {
            if let Some(line) = queue.lines.pop_front() {
                return Ok(line);
            }
            if queue.closed {
                return Err(NoLine::Closed);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(NoLine::Timeout);
            }
            queue = match ready.wait_timeout(queue, left) {
                Ok((queue, _)) => queue,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }

    /// The lines already there, without waiting.
    pub fn now(&self) -> Vec<Vec<u8>> {
        lock(&self.shared.0).lines.drain(..).collect()
    }

    /// Every line left, once the stream has closed; `None` if it is still
    /// open at `deadline`.
    pub fn rest(&self, deadline: Instant) -> Option<Vec<Vec<u8>>> {
        let mut lines = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.next(left) {
                Ok(line) => lines.push(line),
                Err(NoLine::Closed) => return Some(lines),
                Err(NoLine::Timeout) => return None,
            }
        }
    }

    /// A stream that was never read: closed, with no line.
    fn closed() -> Lines {
        let queue = Queue {
            closed: true,
            ..Queue::default()
        };
        Lines {
            shared: Arc::new((Mutex::new(queue), Condvar::new())),
        }
    }

    /// Whether the stream has ended (lines may still be waiting in it).
    fn is_closed(&self) -> bool {
        lock(&self.shared.0).closed
    }

    /// Waits at most `step` for the stream to end or a line to come.
    fn wait_a_little(&self, step: Duration) {
        let (queue, ready) = &*self.shared;
        let guard = lock(queue);
        if !guard.closed {
            drop(ready.wait_timeout(guard, step));
        }
    }

    /// How many old lines were dropped because nobody took them.
    pub fn dropped(&self) -> usize {
        lock(&self.shared.0).dropped
    }
}

/// A lock that a panicking reader cannot spoil for the others.
fn lock(queue: &Mutex<Queue>) -> MutexGuard<'_, Queue> {
    queue
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A child process whose output is read as it comes, killed when dropped.
#[derive(Debug)]
pub struct Watched {
    child: Child,
    stdin: Option<ChildStdin>,
    /// Its standard output, line by line.
    pub stdout: Lines,
    /// Its standard error, line by line.
    pub stderr: Lines,
}

impl Watched {
    /// Starts `command` with its three standard streams piped (and
    /// `RUST_BACKTRACE` unset, so that an error ends as the learner sees it).
    /// The command comes as the caller prepared it: its arguments, its
    /// environment, its current folder.
    ///
    /// # Errors
    /// When the program cannot be started.
    pub fn spawn(command: &mut Command) -> io::Result<Watched> {
        Watched::start(command, true)
    }

    /// Starts `command` as [`Watched::spawn`] does, but with its standard
    /// output a pipe whose reader has already gone, as in `demo | head -1`
    /// once `head` has left: every write the child makes there fails
    /// (`EPIPE`). Its [`Watched::stdout`] is closed from the start.
    ///
    /// # Errors
    /// When the program cannot be started.
    pub fn spawn_reader_gone(command: &mut Command) -> io::Result<Watched> {
        Watched::start(command, false)
    }

    fn start(command: &mut Command, read_stdout: bool) -> io::Result<Watched> {
        let mut child = command
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take();
        let (Some(out), Some(err)) = (child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::other("the child has no output pipes"));
        };
        let stdout = if read_stdout {
            Lines::drain(out)
        } else {
            // Our end of the pipe closes here: the reader is gone.
            drop(out);
            Lines::closed()
        };
        Ok(Watched {
            child,
            stdin,
            stdout,
            stderr: Lines::drain(err),
        })
    }

    /// The process id, to send the child a signal.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Writes `bytes` to the child's standard input and flushes them.
    ///
    /// # Errors
    /// When the input was closed, or the child has exited.
    pub fn write_input(&mut self, bytes: &[u8]) -> io::Result<()> {
        let stdin = self.stdin.as_mut().ok_or_else(|| {
            io::Error::new(io::ErrorKind::BrokenPipe, "the input is closed")
        })?;
        stdin.write_all(bytes)?;
        stdin.flush()
    }

    /// Closes the child's standard input: it reads end of input (Ctrl-D).
    pub fn close_input(&mut self) {
        drop(self.stdin.take());
    }

    /// Whether the child has exited, without waiting.
    ///
    /// # Errors
    /// When the system cannot tell.
    pub fn try_wait(&mut self) -> io::Result<Option<ExitStatus>> {
        self.child.try_wait()
    }

    /// Waits at most `timeout` for the child to exit by itself, with its
    /// output closed; `None` if it is still running then (it is not killed:
    /// dropping it does that).
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return Some(status),
                Ok(None) => {}
                Err(_) => return None,
            }
            // The output closes when the process exits (or hands its pipes
            // on): wait for that, not in a sleeping loop.
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            let open = [&self.stdout, &self.stderr]
                .into_iter()
                .find(|lines| !lines.is_closed());
            match open {
                Some(lines) => {
                    lines.wait_a_little(left.min(Duration::from_millis(50)))
                }
                // Output closed: the exit is a moment away.
                None => return self.child.wait().ok(),
            }
        }
    }

    /// Kills the child now and waits for it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        // On success, error or panic: no child outlives its parent's use.
        self.kill();
    }
}

/// The address in a server's first line, `listening on ADDR` (TCP) or
/// `bound to ADDR` (UDP), the contract every server of the course keeps.
pub fn announced_addr(line: &str) -> Option<SocketAddr> {
    line.trim_end()
        .strip_prefix("listening on ")
        .or_else(|| line.trim_end().strip_prefix("bound to "))
        .and_then(|addr| addr.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_lines_name_the_address() {
        let want: SocketAddr =
            "127.0.0.1:41234".parse().unwrap_or_else(|_| unreachable!());
        assert_eq!(announced_addr("listening on 127.0.0.1:41234\n"), Some(want));
        assert_eq!(announced_addr("bound to 127.0.0.1:41234"), Some(want));
        assert_eq!(announced_addr("listening on nowhere"), None);
        assert_eq!(announced_addr("hello"), None);
    }

    #[cfg(unix)]
    #[test]
    fn lines_come_in_order_and_the_end_is_seen() {
        let mut child = Watched::spawn(
            Command::new("sh")
                .args(["-c", "read x; echo one; echo \"$x\"; echo err >&2"]),
        )
        .unwrap_or_else(|e| panic!("sh: {e}"));
        assert_eq!(
            child.stdout.next(Duration::from_millis(50)),
            Err(NoLine::Timeout)
        );
        child
            .write_input(b"typed\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let wait = Duration::from_secs(20);
        assert_eq!(child.stdout.next(wait).as_deref(), Ok(&b"one"[..]));
        assert_eq!(child.stdout.next(wait).as_deref(), Ok(&b"typed"[..]));
        assert!(child.wait_exit(wait).is_some_and(|s| s.success()));
        assert_eq!(child.stdout.next(wait), Err(NoLine::Closed));
        assert_eq!(
            child.stderr.rest(Instant::now() + wait),
            Some(vec![b"err".to_vec()])
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_child_whose_reader_is_gone_fails_to_write_and_is_seen_to_end() {
        let mut child = Watched::spawn_reader_gone(Command::new("sh").args([
            "-c",
            "trap '' PIPE; sleep 0.1; echo lost 2>/dev/null; echo \"status $?\" >&2",
        ]))
        .unwrap_or_else(|e| panic!("sh: {e}"));
        let wait = Duration::from_secs(20);
        assert_eq!(child.stdout.next(wait), Err(NoLine::Closed));
        assert!(child.wait_exit(wait).is_some_and(|s| s.success()));
        let err = child.stderr.rest(Instant::now() + wait);
        let err = err.unwrap_or_else(|| panic!("stderr still open"));
        assert_eq!(err.len(), 1, "{err:?}");
        assert!(err[0].starts_with(b"status "), "{err:?}");
        assert_ne!(err[0], b"status 0", "the write did not fail");
    }
}
