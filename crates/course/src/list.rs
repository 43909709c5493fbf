//! `course` and `course list`: the lessons in order, each with its page, the
//! commands to try, its exercises, and how its tests stood when they last ran
//! on the code as it is now; then what to do next.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::exercises::{self, Exercise};
use crate::fingerprint;
use crate::lessons::{COURSE, LESSONS};
use crate::progress::{self, Entry, Freshness};

/// Writes the list to `out`, with the progress recorded under `root`.
///
/// # Errors
/// When the progress record exists but cannot be read, a solution marker is
/// malformed, or `out` is closed.
pub fn run(root: &Path, out: &mut dyn Write) -> Result<()> {
    let entries = progress::load(root).with_context(|| {
        format!("cannot read {}", progress::file(root).display())
    })?;
    let all = exercises::discover(root)?;
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
        let code = fingerprint::lesson(root, lesson.name);
        let found = exercises::judged_lesson(&entries, &all, lesson.name, code);
        if next.is_none() && !found.passed() {
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
        let mine: Vec<&Exercise> =
            all.iter().filter(|e| e.lesson == lesson.name).collect();
        if !mine.is_empty() {
            writeln!(
                out,
                "  write  {}",
                exercise_states(&mine, &all, &entries, code)
            )?;
        }
        match found {
            Freshness::Current(entry) => {
                writeln!(out, "  tests  {}", entry.describe())?
            }
            Freshness::Stale(entry) => writeln!(
                out,
                "  tests  {}, but the code has changed since: {COURSE} -- check {}",
                entry.describe(),
                lesson.name
            )?,
            Freshness::Unknown => writeln!(
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
            if !all.is_empty() {
                writeln!(
                    out,
                    "Exercises one by one, tested each time you save: {COURSE} -- watch"
                )?;
            }
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

/// A lesson's exercises and what their tests said on the code as it is:
/// `exercises count (passed), whole (failed)`, or `exercises count, whole:
/// not run yet` when they all stand the same. A lesson whose tests all
/// passed passes every exercise; an exercise with a `todo!(` left never
/// shows as passed (see [`exercises::passed`]).
fn exercise_states(
    mine: &[&Exercise],
    all: &[Exercise],
    entries: &[Entry],
    code: u64,
) -> String {
    let states: Vec<(&str, &str)> = mine
        .iter()
        .map(|e| {
            let found = exercises::judged(entries, &e.key(), code, e.todo_left);
            let state = match found {
                _ if exercises::passed(entries, all, e, code) => "passed",
                Freshness::Current(entry) => entry.describe_state(),
                Freshness::Stale(_) | Freshness::Unknown => "not run yet",
            };
            (e.name.as_str(), state)
        })
        .collect();
    if states.iter().all(|(_, state)| *state == states[0].1) {
        let names: Vec<&str> = states.iter().map(|(name, _)| *name).collect();
        return format!("exercises {}: {}", names.join(", "), states[0].1);
    }
    let each: Vec<String> = states
        .iter()
        .map(|(name, state)| format!("{name} ({state})"))
        .collect();
    format!("exercises {}", each.join(", "))
}
