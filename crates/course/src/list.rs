//! `course` and `course list`: the lessons in order, each with its page, the
//! commands to try and how its tests stood at its last check; then what to do
//! next.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::lessons::{COURSE, LESSONS};
use crate::progress::{self, State};

/// Writes the list to `out`, with the progress recorded under `root`.
///
/// # Errors
/// When the progress record exists but cannot be read, or `out` is closed.
pub fn run(root: &Path, out: &mut dyn Write) -> Result<()> {
    let entries = progress::load(root).with_context(|| {
        format!("cannot read {}", progress::file(root).display())
    })?;
    writeln!(
        out,
        "Sockets in Rust, one phone call at a time: {} lessons, to take in order.",
        LESSONS.len()
    )?;
    writeln!(
        out,
        "Read each page in the book (mdbook serve mdbook), try the commands, then check."
    )?;
    let mut next = None;
    for lesson in LESSONS {
        let entry = entries.iter().find(|e| e.lesson == lesson.name);
        if next.is_none() && entry.is_none_or(|e| e.state != State::Passed) {
            next = Some(lesson);
        }
        writeln!(out)?;
        writeln!(out, "{}", lesson.title)?;
        writeln!(out, "  {}", lesson.sentence)?;
        writeln!(out, "  read   {}", lesson.page)?;
        let commands: Vec<String> = lesson
            .try_these
            .iter()
            .map(|(args, _)| lesson.command(args))
            .collect();
        let width = commands.iter().map(String::len).max().unwrap_or(0);
        for (i, (command, (_, note))) in
            commands.iter().zip(lesson.try_these).enumerate()
        {
            let label = if i == 0 { "try " } else { "    " };
            if note.is_empty() {
                writeln!(out, "  {label}   {command}")?;
            } else {
                writeln!(out, "  {label}   {command:width$}   ({note})")?;
            }
        }
        match entry {
            Some(entry) => writeln!(out, "  tests  {}", entry.describe())?,
            None => writeln!(
                out,
                "  tests  not checked yet: {COURSE} -- check {}",
                lesson.name
            )?,
        }
    }
    writeln!(out)?;
    match next {
        Some(lesson) => {
            writeln!(
                out,
                "Next: {}. Read {}, try it, then",
                lesson.title, lesson.page
            )?;
            writeln!(out, "      {COURSE} -- check {}", lesson.name)?;
        }
        None => writeln!(
            out,
            "Every lesson passes its tests. Going further: the book's last pages."
        )?,
    }
    writeln!(out, "The whole course in a few seconds: {COURSE} -- tour")?;
    out.flush()?;
    Ok(())
}
