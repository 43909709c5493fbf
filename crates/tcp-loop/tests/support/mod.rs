//! A client process a test can type into line by line, for the tests that
//! need a caller to stay on the line (the sequential-service test, the server
//! that goes away mid-session). Clients that get all their input at once run
//! with `assert_cmd` instead.
//!
//! Like `common::testing::Server`: stdout and stderr are read by threads for
//! the process's whole life, every wait is bounded by `WAIT`, and the process
//! is killed when the guard drops.

#![allow(dead_code, unreachable_pub)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::Instant;

use common::testing::WAIT;

/// An interactive client process (`tcp-loop client` or an exercise client),
/// killed when dropped.
#[derive(Debug)]
pub struct Typist {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: Receiver<Vec<u8>>,
    stderr: Receiver<Vec<u8>>,
}

impl Typist {
    /// Starts `bin args...` with piped standard streams.
    pub fn start(bin: &str, args: &[&str]) -> Typist {
        let mut child = Command::new(bin)
            .args(args)
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin}: {e}"));
        let stdin = child.stdin.take();
        let stdout = drain(child.stdout.take().expect("piped stdout"));
        let stderr = drain(child.stderr.take().expect("piped stderr"));
        Typist {
            child,
            stdin,
            stdout,
            stderr,
        }
    }

    /// Types `line` and Enter.
    pub fn type_line(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("input not closed yet");
        stdin
            .write_all(format!("{line}\n").as_bytes())
            .and_then(|()| stdin.flush())
            .expect("type into the client");
    }

    /// The next line the process printed on stdout (without `\n`), waiting at
    /// most `WAIT`.
    pub fn next_line(&self) -> String {
        match self.stdout.recv_timeout(WAIT) {
            Ok(line) => String::from_utf8_lossy(&line).into_owned(),
            Err(e) => panic!(
                "no line from the client ({e}); stderr: {:?}",
                self.err_now()
            ),
        }
    }

    /// Ends the input (Ctrl-D) and waits, at most `WAIT`, for the process to
    /// exit. Returns its status and what it printed on stdout and stderr
    /// after the lines already read.
    pub fn finish(mut self) -> (ExitStatus, String, String) {
        drop(self.stdin.take());
        let deadline = Instant::now() + WAIT;
        let out = until_closed(&self.stdout, deadline);
        let err = until_closed(&self.stderr, deadline);
        match (out, err) {
            (Some(out), Some(err)) => {
                let status = self.child.wait().expect("wait for the client");
                (status, out, err)
            }
            _ => panic!("the client did not exit within {WAIT:?}"),
        }
    }

    fn err_now(&self) -> String {
        let lines: Vec<Vec<u8>> = self.stderr.try_iter().collect();
        String::from_utf8_lossy(&lines.concat()).into_owned()
    }
}

impl Drop for Typist {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Forwards each line of `pipe` (with its `\n` removed) until the pipe closes.
fn drain(pipe: impl Read + Send + 'static) -> Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut reader = BufReader::new(pipe);
        loop {
            let mut line = Vec::new();
            match reader.read_until(b'\n', &mut line) {
                Ok(n) if n > 0 => {
                    if line.ends_with(b"\n") {
                        line.pop();
                    }
                    if tx.send(line).is_err() {
                        break;
                    }
                }
                _ => break,
            }
        }
    });
    rx
}

/// Everything `rx` still delivers, each line followed by `\n`, once its pipe
/// has closed; `None` if it is still open at `deadline`.
fn until_closed(rx: &Receiver<Vec<u8>>, deadline: Instant) -> Option<String> {
    let mut text = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                text.extend_from_slice(&line);
                text.push(b'\n');
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Some(String::from_utf8_lossy(&text).into_owned());
            }
            Err(RecvTimeoutError::Timeout) => return None,
        }
    }
}

/// A program run in a real terminal (a pseudo-terminal made by util-linux's
/// `script`), as a person would run it: its standard input is a terminal, so
/// the client shows its prompt, and what is typed is echoed. Used for the
/// prompt test and the interactive transcripts; where `script` is missing
/// (or not Linux), [`Terminal::start`] returns `None` and the caller skips.
#[derive(Debug)]
pub struct Terminal {
    child: Child,
    keys: Option<ChildStdin>,
    screen: Receiver<Vec<u8>>,
    seen: Vec<u8>,
}

impl Terminal {
    /// Runs `bin args...` in a terminal; `None`, with a note, without `script`.
    pub fn start(bin: &str, args: &[&str]) -> Option<Terminal> {
        let found = Command::new("script").arg("--version").output();
        if !cfg!(target_os = "linux") || !found.is_ok_and(|o| o.status.success()) {
            eprintln!("skipped: util-linux `script` is not installed");
            return None;
        }
        let mut command = format!("'{bin}'");
        for arg in args {
            command.push_str(&format!(" '{arg}'"));
        }
        let mut child = Command::new("script")
            .args(["-q", "-e", "-f", "-c", &command])
            .arg("/dev/null")
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start script");
        let keys = child.stdin.take();
        let mut pipe = child.stdout.take().expect("piped stdout");
        let (tx, screen) = mpsc::channel();
        thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Some(Terminal {
            child,
            keys,
            screen,
            seen: Vec::new(),
        })
    }

    /// Waits, at most `WAIT`, until the screen shows `needle` `times` times.
    pub fn wait_for(&mut self, needle: &str, times: usize) {
        let deadline = Instant::now() + WAIT;
        while count(&self.seen, needle.as_bytes()) < times {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.screen.recv_timeout(left) {
                Ok(bytes) => self.seen.extend_from_slice(&bytes),
                Err(e) => panic!(
                    "{needle:?} not shown {times} times ({e}); screen: {:?}",
                    String::from_utf8_lossy(&self.seen)
                ),
            }
        }
    }

    /// Types `line` and Enter.
    pub fn type_line(&mut self, line: &str) {
        self.press(format!("{line}\n").as_bytes());
    }

    /// Presses Ctrl-D: the end of input at the start of a line.
    pub fn ctrl_d(&mut self) {
        self.press(b"\x04");
    }

    fn press(&mut self, keys: &[u8]) {
        let stdin = self.keys.as_mut().expect("the terminal is open");
        stdin
            .write_all(keys)
            .and_then(|()| stdin.flush())
            .expect("type into the terminal");
    }

    /// Waits, at most `WAIT`, for the program to end; returns its exit status
    /// and the whole screen, with the terminal's `\r\n` as `\n`.
    pub fn finish(mut self) -> (ExitStatus, String) {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.screen.recv_timeout(left) {
                Ok(bytes) => self.seen.extend_from_slice(&bytes),
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {
                    panic!("the program did not end within {WAIT:?}")
                }
            }
        }
        drop(self.keys.take());
        let status = self.child.wait().expect("wait for script");
        let text = String::from_utf8_lossy(&self.seen).replace("\r\n", "\n");
        (status, text)
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|window| *window == needle)
        .count()
}
