//! `course check LESSON`: run the lesson's tests, pass their output through,
//! then say in plain words what passed, what failed and what to look at next,
//! and record the result for `course list`.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;

use anyhow::{Context, Result, anyhow};
use common::Hinted;

use crate::lessons::{COURSE, Lesson};
use crate::progress::{self, Entry, State};

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
        } else if let Some(name) = line
            .strip_prefix("test ")
            .and_then(|rest| rest.strip_suffix(" ... FAILED"))
        {
            self.failing.push(name.to_string());
        } else if line.starts_with("error: could not compile") {
            self.broken = true;
        }
    }
}

/// `line` without the terminal's colour codes (`ESC [ ... m`).
fn strip_colour(line: &str) -> String {
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
fn cargo() -> OsString {
    env::var_os("CARGO")
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "cargo".into())
}

/// Runs `cargo test -p LESSON --no-fail-fast` in `root` (every test binary
/// runs, so every failure shows), passes its output through, writes the
/// summary to `out` and records the result.
///
/// # Errors
/// When cargo cannot be started, or the tests fail (after the summary): the
/// error's hint says what to look at.
pub fn run(root: &Path, lesson: &Lesson, out: &mut dyn Write) -> Result<()> {
    let cargo = cargo();
    let mut command = Command::new(&cargo);
    command.args(["test", "-p", lesson.name, "--no-fail-fast"]);
    if io::stderr().is_terminal() && env::var_os("CARGO_TERM_COLOR").is_none() {
        command.args(["--color", "always"]);
    }
    let mut child = command
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
        })?;
    // Both pipes are passed through as they come; each is read for the tally.
    let stderr = child
        .stderr
        .take()
        .map(|pipe| thread::spawn(move || pass_through(pipe, &mut io::stderr())));
    let mut tally = match child.stdout.take() {
        Some(pipe) => pass_through(pipe, out),
        None => Tally::default(),
    };
    if let Some(Ok(seen)) = stderr.map(thread::JoinHandle::join) {
        tally.broken |= seen.broken;
    }
    let status = child.wait().context("cannot wait for cargo")?;
    // Tests finish in any order; the summary lists them in one.
    tally.failing.sort();
    tally.failing.dedup();
    let passed = status.success();
    let summary = summary(lesson, &tally, passed);
    let entry = Entry::now(
        lesson.name,
        if passed { State::Passed } else { State::Failed },
        &summary,
    );
    writeln!(out)?;
    writeln!(out, "course: {}: {summary}", lesson.name)?;
    if let Err(err) = progress::record(root, &entry) {
        writeln!(
            out,
            "(not recorded: cannot write {}: {err})",
            progress::file(root).display()
        )?;
    }
    if passed {
        return next_steps(lesson, out);
    }
    if !tally.failing.is_empty() {
        writeln!(out, "failed:")?;
        for name in &tally.failing {
            writeln!(out, "  {name}")?;
        }
    }
    let todos = todos(root, lesson);
    if !todos.is_empty() {
        writeln!(
            out,
            "still to write (each todo!() stops its test with this text):"
        )?;
        for todo in &todos {
            writeln!(out, "  {todo}")?;
        }
    }
    out.flush()?;
    let hint = if tally.broken {
        "fix the first error cargo printed above (the others often follow from \
         it), then check again"
            .to_string()
    } else if let Some(first) = tally.failing.first() {
        format!(
            "each failure above says what it expected; the lesson is {}. Run one \
             test alone with `cargo test -p {} {first}`",
            lesson.page, lesson.name
        )
    } else {
        format!("read cargo's message above; the lesson is {}", lesson.page)
    };
    Err(Hinted::new(format!("{}: {summary}", lesson.name), hint).into())
}

/// The result in plain words, as recorded and shown by `course list`.
fn summary(lesson: &Lesson, tally: &Tally, passed: bool) -> String {
    let total = tally.passed + tally.failed;
    let tests = |n: usize| if n == 1 { "test" } else { "tests" };
    if passed {
        let ignored = match tally.ignored {
            0 => String::new(),
            n => format!(", {n} ignored"),
        };
        format!("all {total} {} passed{ignored}", tests(total))
    } else if tally.broken {
        format!("{} does not compile", lesson.name)
    } else if tally.failed > 0 {
        format!("{} of {total} {} failed", tally.failed, tests(total))
    } else {
        "cargo test stopped before the tests ended".to_string()
    }
}

fn next_steps(lesson: &Lesson, out: &mut dyn Write) -> Result<()> {
    match lesson.next() {
        Some(next) => writeln!(
            out,
            "next: {}: read {}, then `{COURSE} -- check {}`",
            next.title, next.page, next.name
        )?,
        None => writeln!(
            out,
            "that was the last lesson; `{COURSE}` shows how the others stand"
        )?,
    }
    out.flush()?;
    Ok(())
}

/// Copies `pipe` to `to` line by line as it comes, and tallies it.
fn pass_through(pipe: impl Read, to: &mut dyn Write) -> Tally {
    let mut tally = Tally::default();
    let mut reader = BufReader::new(pipe);
    let mut line = Vec::new();
    while matches!(reader.read_until(b'\n', &mut line), Ok(n) if n > 0) {
        // A closed terminal must not stop cargo: keep reading, stop writing.
        let _ = to.write_all(&line).and_then(|()| to.flush());
        tally.read_line(&String::from_utf8_lossy(&line));
        line.clear();
    }
    tally
}

/// Every `todo!(` left in the lesson's code, as `path:line: the line`.
pub fn todos(root: &Path, lesson: &Lesson) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(
        &root.join("crates").join(lesson.name).join("src"),
        &mut files,
    );
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        let shown = file.strip_prefix(root).unwrap_or(&file);
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.starts_with("todo!(") {
                found.push(format!("{}:{}: {line}", shown.display(), index + 1));
            }
        }
    }
    found
}

fn rust_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
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
    }

    #[test]
    fn summaries_in_plain_words() {
        let lesson = &crate::lessons::LESSONS[0];
        let mut tally = Tally {
            passed: 1,
            ..Tally::default()
        };
        assert_eq!(summary(lesson, &tally, true), "all 1 test passed");
        tally.passed = 24;
        tally.ignored = 1;
        assert_eq!(
            summary(lesson, &tally, true),
            "all 24 tests passed, 1 ignored"
        );
        tally.failed = 2;
        assert_eq!(summary(lesson, &tally, false), "2 of 26 tests failed");
        tally.broken = true;
        assert_eq!(
            summary(lesson, &tally, false),
            "tcp-oneshot does not compile"
        );
    }
}
