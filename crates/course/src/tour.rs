//! `course tour`: every lesson's demo, in order, each under a heading and one
//! sentence, so a new user sees the whole course work in seconds.

use std::io::Write;

use anyhow::{Result, anyhow};
use common::Hinted;

use crate::lessons::{COURSE, LESSONS};

/// Runs each lesson's `demo::run` in this process. The headings go to `out`;
/// the demos print their labelled lines to stdout themselves, so `out` is
/// flushed before each one. A demo that fails is reported under its heading
/// and the tour goes on.
///
/// # Errors
/// When a demo failed (after the whole tour), or `out` is closed.
pub fn run(out: &mut dyn Write) -> Result<()> {
    let mut failed = Vec::new();
    for lesson in LESSONS {
        writeln!(out, "== {}", lesson.title)?;
        writeln!(out, "{}", lesson.sentence)?;
        out.flush()?;
        match lesson.demo {
            Some(demo) => {
                if let Err(err) = demo() {
                    eprintln!("error: the demo failed: {err:#}");
                    failed.push(lesson);
                }
            }
            None => writeln!(
                out,
                "(not part of the tour yet: run {})",
                lesson.command("demo")
            )?,
        }
        let (args, note) =
            lesson.try_these.first().copied().unwrap_or(("--help", ""));
        let note = if note.is_empty() {
            String::new()
        } else {
            format!(" ({note})")
        };
        writeln!(
            out,
            "more: {}; try {}{note}",
            lesson.page,
            lesson.command(args)
        )?;
        writeln!(out)?;
    }
    writeln!(
        out,
        "That was the course. `{COURSE}` lists the lessons and where you stand."
    )?;
    out.flush()?;
    match failed.as_slice() {
        [] => Ok(()),
        [lesson, ..] => Err(anyhow!(Hinted::new(
            format!("{} of {} demos failed", failed.len(), LESSONS.len()),
            format!(
                "run one alone to see more, for example {}",
                lesson.command("demo")
            ),
        ))),
    }
}
