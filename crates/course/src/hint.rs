//! `course hint [EXERCISE]`: what to write for the current exercise (the
//! first whose tests have not passed on the code as it is), or for the one
//! named. The words are the exercise's own: its solution markers in the
//! course, its `todo!()`s in an assignment copy (see [`crate::exercises`]).

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use common::Hinted;

use crate::exercises::{self, Exercise};
use crate::lessons::COURSE;
use crate::progress;

/// The value parser of `course hint EXERCISE`: the name as given when it
/// names one exercise of the course, so that a wrong one is bad usage, as a
/// wrong lesson is for `course check`. When the course itself cannot be read,
/// the name is let through and `course hint` says what is wrong with the
/// course.
///
/// # Errors
/// A one-line message that lists the exercises.
pub fn parse(name: &str) -> Result<String, String> {
    let Ok(found) = crate::workspace::root().and_then(|r| exercises::discover(&r))
    else {
        return Ok(name.to_string());
    };
    find(&found, name).map(|_| name.to_string())
}

/// Writes the hint for `name`, or for the current exercise, to `out`.
///
/// # Errors
/// When the course has no exercises, a marker is malformed, or `out` is
/// closed.
pub fn run(root: &Path, name: Option<&str>, out: &mut dyn Write) -> Result<()> {
    let all = exercises::discover(root)?;
    if all.is_empty() {
        return Err(Hinted::new(
            "this course has no exercises",
            "an exercise is a file crates/LESSON/src/exercises/NAME.rs; see \
             lessons/teaching.md",
        )
        .into());
    }
    let exercise = match name {
        Some(name) => find(&all, name)
            .map_err(|why| Hinted::new(why, format!("`{COURSE} -- hint --help`")))?,
        None => {
            let entries = progress::load(root).with_context(|| {
                format!("cannot read {}", progress::file(root).display())
            })?;
            let Some(current) = exercises::first_unpassed(root, &all, &entries)
            else {
                writeln!(
                    out,
                    "Every exercise has passed its tests on your code as it is now: \
                     nothing left to hint."
                )?;
                writeln!(out, "Any exercise's hint: {COURSE} -- hint NAME")?;
                return Ok(());
            };
            writeln!(
                out,
                "The first exercise whose tests have not passed on your code yet:"
            )?;
            current
        }
    };
    show(root, exercise, out)?;
    out.flush()?;
    Ok(())
}

/// An exercise's tasks, each with where it is and its hint, then where to
/// read about it and how to run its tests.
pub fn show(root: &Path, exercise: &Exercise, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "{}, in {}", exercise.key(), exercise.file)?;
    for task in &exercise.tasks {
        writeln!(out, "  line {}, {}:", task.line, task.signature)?;
        writeln!(out, "    {}", task.hint)?;
    }
    if exercise.tasks.is_empty() {
        writeln!(
            out,
            "  no hint left: the todo!()s of this file are written (their text was \
             the hint)"
        )?;
    }
    let tests = exercises::tests_in_source(root, &exercise.lesson);
    let page = format!("lessons/{}.md", exercise.lesson);
    if root.join(&page).is_file() {
        write!(out, "read {page}; ")?;
    }
    writeln!(
        out,
        "test it: cargo test -p {} --test exercises {}",
        exercise.lesson,
        exercise.filter(&tests)
    )?;
    Ok(())
}

/// The exercise that `query` names: `quit`, `tcp-loop/quit`, or
/// `largest-write` for `largest_write` (as `sockopt-demo exercise` spells
/// it). A bare name must belong to one lesson only.
///
/// # Errors
/// A one-line message listing the exercises, when `query` names none of them
/// or several.
pub fn find<'a>(
    exercises: &'a [Exercise],
    query: &str,
) -> Result<&'a Exercise, String> {
    let (lesson, name) = match query.split_once('/') {
        Some((lesson, name)) => (Some(lesson), name),
        None => (None, query),
    };
    let name = name.replace('-', "_");
    let matches: Vec<&Exercise> = exercises
        .iter()
        .filter(|e| e.name == name && lesson.is_none_or(|l| l == e.lesson))
        .collect();
    let keys = |list: &[&Exercise]| {
        list.iter().map(|e| e.key()).collect::<Vec<_>>().join(", ")
    };
    match matches.as_slice() {
        [one] => Ok(one),
        [] if exercises.is_empty() => Err(format!(
            "`{query}` is not an exercise of this course; it has none \
             (no crates/LESSON/src/exercises/NAME.rs)"
        )),
        [] => {
            let all: Vec<&Exercise> = exercises.iter().collect();
            Err(format!(
                "`{query}` is not an exercise of this course; the exercises are {}",
                keys(&all)
            ))
        }
        several => Err(format!(
            "`{query}` is an exercise of {} lessons: say which, as {}",
            several.len(),
            keys(several)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise(lesson: &str, name: &str) -> Exercise {
        Exercise {
            lesson: lesson.into(),
            name: name.into(),
            file: String::new(),
            tasks: Vec::new(),
            functions: Vec::new(),
            todo_left: false,
        }
    }

    #[test]
    fn names_are_found_bare_qualified_or_with_dashes() {
        let all = vec![
            exercise("tcp-loop", "quit"),
            exercise("tcp-loop", "count"),
            exercise("udp-echo", "count"),
            exercise("sockopt-demo", "largest_write"),
        ];
        assert_eq!(find(&all, "quit").unwrap().key(), "tcp-loop/quit");
        assert_eq!(
            find(&all, "udp-echo/count").unwrap().key(),
            "udp-echo/count"
        );
        assert_eq!(find(&all, "largest-write").unwrap().name, "largest_write");
        assert_eq!(
            find(&all, "count").unwrap_err(),
            "`count` is an exercise of 2 lessons: say which, as tcp-loop/count, \
             udp-echo/count"
        );
        assert!(find(&all, "nope").unwrap_err().ends_with(
            "the exercises are tcp-loop/quit, tcp-loop/count, udp-echo/count, \
             sockopt-demo/largest_write"
        ));
    }
}
