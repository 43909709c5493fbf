//! Running `cargo test` for `course check` and `course watch`, and reading
//! what it says as it goes by: which tests passed and failed, and whether the
//! code compiled.

use std::env;
use std::ffi::OsString;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use anyhow::{Result, anyhow};
use common::Hinted;

/// What one run of `cargo test` said, read from its output as it went by.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Tests that passed, over every test binary.
    pub passed: usize,
    /// Tests that failed.
    pub failed: usize,
    /// Tests marked `#[ignore]`.
    pub ignored: usize,
    /// The failed tests' names, as libtest prints them.
    pub failing: Vec<String>,
    /// The passed tests' names.
    pub passing: Vec<String>,
    /// How many `test result:` lines there were (one per test binary run).
    pub results: usize,
    /// Cargo said `could not compile`.
    pub broken: bool,
}

impl Tally {
    /// Reads one line of cargo's or libtest's output.
    pub fn read_line(&mut self, line: &str) {
        let line = strip_colour(line.trim_end());
        if let Some(rest) = line.strip_prefix("test result: ") {
            self.results += 1;
            for part in rest.split(';') {
                let mut words = part.split_whitespace().rev();
                let (Some(kind), Some(count)) = (words.next(), words.next()) else {
                    continue;
                };
                let Ok(count) = count.parse::<usize>() else {
                    continue;
                };
                match kind {
                    "passed" => self.passed += count,
                    "failed" => self.failed += count,
                    "ignored" => self.ignored += count,
                    _ => {}
                }
            }
        } else if let Some(rest) = line.strip_prefix("test ") {
            if let Some(name) = rest.strip_suffix(" ... FAILED") {
                self.failing.push(name.to_string());
            } else if let Some(name) = rest.strip_suffix(" ... ok") {
                self.passing.push(name.to_string());
            }
        } else if line.starts_with("error: could not compile") {
            self.broken = true;
        }
    }

    /// Adds what another stream of the same run said.
    pub fn merge(&mut self, other: Tally) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.ignored += other.ignored;
        self.failing.extend(other.failing);
        self.passing.extend(other.passing);
        self.results += other.results;
        self.broken |= other.broken;
    }
}

/// `line` without the terminal's colour codes (`ESC [ ... m`).
pub fn strip_colour(line: &str) -> String {
    let mut text = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            text.push(c);
        }
    }
    text
}

/// The cargo to run: `$CARGO` when set (Cargo sets it for `cargo run`), else
/// `cargo` from the `PATH`.
pub fn program() -> OsString {
    env::var_os("CARGO")
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "cargo".into())
}

/// Starts `cargo ARGS -- TEST_ARGS` in `root` (no `--` when `test_args` is
/// empty), its output piped and its input closed, in colour when our stderr
/// is a terminal (unless `CARGO_TERM_COLOR` says).
///
/// # Errors
/// When cargo cannot be started, with a hint to install Rust.
pub fn spawn(root: &Path, args: &[&str], test_args: &[&str]) -> Result<Child> {
    // Checked first: a missing folder would otherwise be reported as cargo
    // missing (both are "no such file or directory").
    if !root.is_dir() {
        return Err(Hinted::new(
            format!("cannot run cargo in {}: the folder is gone", root.display()),
            "run `course` again from the course's folder",
        )
        .into());
    }
    let cargo = program();
    let mut command = Command::new(&cargo);
    command.args(args);
    if io::stderr().is_terminal() && env::var_os("CARGO_TERM_COLOR").is_none() {
        command.args(["--color", "always"]);
    }
    if !test_args.is_empty() {
        command.arg("--").args(test_args);
    }
    command
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| {
            let name = cargo.to_string_lossy();
            anyhow!(err).context(Hinted::new(
                format!("cannot run `{name}`"),
                "is Rust installed? get it from https://rustup.rs (or set CARGO to \
                 cargo's path)",
            ))
        })
}

/// The longest line kept whole for the tally; longer ones are still passed
/// through, but only their start is read (a test name is never that long).
const LINE_KEPT: usize = 4096;

/// Copies `pipe` to `to` as it comes, and tallies it line by line. Memory
/// stays bounded whatever the lines' length.
pub fn pass_through(pipe: impl Read, to: &mut dyn Write) -> Tally {
    let mut tally = Tally::default();
    let mut reader = BufReader::new(pipe);
    let mut line = Vec::new();
    loop {
        let chunk = match reader.fill_buf() {
            Ok([]) | Err(_) => break,
            Ok(chunk) => chunk,
        };
        let (piece, ends) = match chunk.iter().position(|&b| b == b'\n') {
            Some(at) => (&chunk[..=at], true),
            None => (chunk, false),
        };
        // A closed terminal must not stop cargo: keep reading, stop writing.
        let _ = to.write_all(piece).and_then(|()| to.flush());
        let room = LINE_KEPT.saturating_sub(line.len());
        line.extend_from_slice(&piece[..piece.len().min(room)]);
        let used = piece.len();
        reader.consume(used);
        if ends {
            tally.read_line(&String::from_utf8_lossy(&line));
            line.clear();
        }
    }
    if !line.is_empty() {
        tally.read_line(&String::from_utf8_lossy(&line));
    }
    tally
}

/// The test names of `cargo test ... -- --list` output (`name: test` lines).
pub fn listed_tests(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| strip_colour(l).strip_suffix(": test").map(String::from))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tallies_libtest_and_cargo_lines() {
        let mut tally = Tally::default();
        for line in [
            "running 3 tests",
            "test quit_ends_the_call ... FAILED",
            "test a ... ok",
            "test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 \
             filtered out; finished in 0.20s",
            "\u{1b}[1m\u{1b}[31merror\u{1b}[0m: could not compile `tcp-loop`",
            "test result: ok. 5 passed; 0 failed; 2 ignored; 0 measured",
            "test src/lib.rs - f (line 3) ... FAILED",
        ] {
            tally.read_line(line);
        }
        assert_eq!(tally.passed, 7);
        assert_eq!(tally.failed, 1);
        assert_eq!(tally.ignored, 2);
        assert_eq!(tally.results, 2);
        assert!(tally.broken);
        assert_eq!(
            tally.failing,
            ["quit_ends_the_call", "src/lib.rs - f (line 3)"]
        );
        assert_eq!(tally.passing, ["a"]);
    }

    #[test]
    fn long_lines_pass_whole_and_are_read_in_part() {
        let long = "x".repeat(3 * LINE_KEPT);
        let input = format!("test a ... ok\n{long}\ntest b ... FAILED\ntail");
        let mut out = Vec::new();
        // A reader that gives a few bytes at a time, as a pipe may.
        let tally = pass_through(
            io::BufReader::with_capacity(7, input.as_bytes()),
            &mut out,
        );
        assert_eq!(out, input.as_bytes());
        assert_eq!(tally.passing, ["a"]);
        assert_eq!(tally.failing, ["b"]);
    }

    #[test]
    fn lists_are_read() {
        let out =
            "quit_is_quit: test\ncount_counts: test\n\n2 tests, 0 benchmarks\n";
        assert_eq!(listed_tests(out), ["quit_is_quit", "count_counts"]);
    }
}
