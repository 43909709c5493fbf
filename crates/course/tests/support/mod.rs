//! For the tests of `course`: the program run as a learner runs it
//! ([`course`]), a folder of a test's own ([`fresh_dir`]), a student's copy of
//! the fixture course, in a folder of the test's own ([`Starter`]), and a
//! program under test that runs until told to stop, fed lines and read line
//! by line ([`Session`]). Every wait is bounded; the process is killed when
//! the [`Session`] drops, whether the test passes, fails or panics.

// Each test file uses its own part of this module.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::WAIT;

/// `course`, pointed at the course in `root` (`COURSE_ROOT`), run the way a
/// learner runs it (no `RUST_BACKTRACE`), every wait bounded by [`WAIT`].
pub(crate) fn course(root: &Path) -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("course");
    cmd.env("COURSE_ROOT", root)
        .env_remove("RUST_BACKTRACE")
        .timeout(WAIT);
    cmd
}

/// A new, empty folder `name` for one test of the test file `file`, under
/// Cargo's scratch space for tests.
pub(crate) fn fresh_dir(file: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(file).join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// The small course the copies are made from: one lesson, `greet`, with the
/// exercises `hello` and `bump`.
pub(crate) const FIXTURE: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/watch");

/// A student's copy of [`FIXTURE`], made by `course assignment`, in a folder
/// named after the test and this process (two runs of the tests at once do
/// not share it). Removed when the test passes; kept, to look at, when it
/// fails.
pub(crate) struct Starter {
    dir: PathBuf,
    root: PathBuf,
}

impl Starter {
    pub(crate) fn new(test: &str) -> Starter {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("starters")
            .join(format!("{test}-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).unwrap();
        }
        fs::create_dir_all(&dir).unwrap();
        let root = dir.join("starter");
        cargo_bin_cmd!("course")
            .arg("assignment")
            .arg(&root)
            .env("COURSE_ROOT", FIXTURE)
            .timeout(WAIT)
            .assert()
            .success();
        Starter { dir, root }
    }
}

impl Starter {
    /// A build folder for this copy alone. Not shared: cargo names a
    /// package's build the same wherever the package is, so copies built in
    /// one folder at once can take each other's build for their own.
    pub(crate) fn target(&self) -> PathBuf {
        self.dir.join("target")
    }
}

impl Deref for Starter {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.root
    }
}

impl Drop for Starter {
    fn drop(&mut self) {
        if !thread::panicking() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// A program running (`course watch`), its output read line by line as it
/// comes, killed when dropped.
pub(crate) struct Session {
    child: Child,
    stdin: Option<ChildStdin>,
    out: Receiver<String>,
    err: Receiver<String>,
    seen: Vec<String>,
}

fn drain(pipe: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

impl Session {
    /// Starts `command` with its three standard streams piped.
    pub(crate) fn spawn(mut command: Command) -> Session {
        command
            .env("CARGO_TERM_COLOR", "never")
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("start the program");
        let stdin = child.stdin.take();
        let out = drain(child.stdout.take().unwrap());
        let err = drain(child.stderr.take().unwrap());
        Session {
            child,
            stdin,
            out,
            err,
            seen: Vec::new(),
        }
    }

    /// The process, to signal.
    pub(crate) fn child(&self) -> &Child {
        &self.child
    }

    /// Every stdout line read so far.
    pub(crate) fn seen(&self) -> &[String] {
        &self.seen
    }

    /// Reads lines until one contains `needle`, for at most `limit`.
    pub(crate) fn wait_for(&mut self, needle: &str, limit: Duration) -> String {
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.out.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(why) => panic!(
                    "no line with {needle:?} ({why:?}); stdout so far:\n{}\nstderr:\n{}",
                    self.seen.join("\n"),
                    self.err.try_iter().collect::<Vec<_>>().join("\n")
                ),
            }
        }
    }

    /// Types `line` and Enter.
    pub(crate) fn type_line(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    /// Waits, at most [`WAIT`], for the program to end by itself, and
    /// returns its exit status, with every stdout and stderr line.
    pub(crate) fn wait_exit(mut self) -> (ExitStatus, Vec<String>, Vec<String>) {
        let deadline = Instant::now() + WAIT;
        for rx in [&self.out, &self.err] {
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                match rx.recv_timeout(left) {
                    Ok(line) if std::ptr::eq(rx, &self.out) => self.seen.push(line),
                    Ok(line) => self.seen.push(format!("stderr: {line}")),
                    Err(RecvTimeoutError::Disconnected) => break,
                    Err(RecvTimeoutError::Timeout) => panic!(
                        "course watch did not end within {WAIT:?}; it printed:\n{}",
                        self.seen.join("\n")
                    ),
                }
            }
        }
        let status = self.child.wait().unwrap();
        let (err, out): (Vec<String>, Vec<String>) =
            self.seen.drain(..).partition(|l| l.starts_with("stderr: "));
        (status, out, err)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // On pass, fail or panic: no watch outlives its test.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
