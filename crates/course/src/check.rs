//! `course check LESSON`: run the lesson's tests, pass their output through,
//! then say in plain words what passed, what failed and what to look at next,
//! and record the result for `course list`.

use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::thread;

use anyhow::{Context, Result};
use common::Hinted;

use crate::cargo::{self, Tally, pass_through};
use crate::fingerprint;
use crate::lessons::{COURSE, Lesson};
use crate::progress::{self, Entry, State};

/// Runs `cargo test -p LESSON --no-fail-fast` in `root` (every test binary
/// runs, so every failure shows), passes its output through, writes the
/// summary to `out` and records the result with the fingerprint of the code
/// as it was when the tests started.
///
/// # Errors
/// When cargo cannot be started, or the tests fail (after the summary): the
/// error's hint says what to look at.
pub fn run(root: &Path, lesson: &Lesson, out: &mut dyn Write) -> Result<()> {
    let code = fingerprint::lesson(root, lesson.name);
    let mut child =
        cargo::spawn(root, &["test", "-p", lesson.name, "--no-fail-fast"], &[])?;
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
    let summary = summary(lesson.name, &tally, passed);
    let entry = Entry::now(
        lesson.name,
        code,
        if passed { State::Passed } else { State::Failed },
        &summary,
    );
    writeln!(out)?;
    writeln!(out, "course: {}: {summary}", lesson.name)?;
    if let Err(err) = progress::record(root, &[entry]) {
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

/// The result in plain words, as recorded and shown by `course list`; `name`
/// is the lesson's (or the exercise's).
pub fn summary(name: &str, tally: &Tally, passed: bool) -> String {
    let total = tally.passed + tally.failed;
    let tests = |n: usize| if n == 1 { "test" } else { "tests" };
    if passed {
        let ignored = match tally.ignored {
            0 => String::new(),
            n => format!(", {n} ignored"),
        };
        format!("all {total} {} passed{ignored}", tests(total))
    } else if tally.broken {
        format!("{name} does not compile")
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
    fn summaries_in_plain_words() {
        let lesson = crate::lessons::LESSONS[0].name;
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
