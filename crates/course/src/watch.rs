//! `course watch`: the learner's current exercise, tested again on every
//! save.
//!
//! The current exercise is the first, in the course's order, whose tests have
//! not passed on the code as it is now ([`crate::progress`] remembers results
//! with the fingerprint of the code they ran on, so a result on older code
//! does not count). The watch runs its tests, says what failed and what to
//! write, and waits: for a save under `crates/` (file events, or a look every
//! second with `--poll`), for Enter (run again), `h` (the hint) or `q`
//! (leave). When the exercise passes it moves on to the next one at once.
//!
//! In a terminal on Linux and macOS a key counts as soon as it is pressed
//! (the terminal is in single-key mode while the watch runs, and put back as
//! it was however the watch ends: see [`keys`]). On Windows, and with input
//! from a pipe or a file, input is read line by line: `q` and Enter.

mod batch;
mod keys;
mod signals;

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::exercises::{self, Exercise};
use crate::lessons::COURSE;
use crate::progress::{self, Entry, State};
use crate::{fingerprint, hint};
use batch::{Batch, Running};
use signals::{Event, Flags};

/// How long the files must stay still after a save before the tests run: an
/// editor's save is often several events, and "save all" several files.
const QUIET: Duration = Duration::from_millis(300);
/// However long a burst of saves lasts, the tests wait at most this long.
const MOST_DELAY: Duration = Duration::from_secs(2);
/// The longest one run may take, a first build of the whole course on a slow
/// machine included; a run that takes longer (a test that never ends) is
/// stopped.
const RUN_LIMIT: Duration = Duration::from_secs(30 * 60);

/// Watches the course at `root` until the learner leaves. `poll` looks for
/// changes every second instead of relying on file events.
///
/// # Errors
/// When the course's files cannot be watched, or `out` is closed.
pub fn run(root: &Path, poll: bool, out: &mut dyn Write) -> Result<()> {
    // Bounded: a burst of saves raises a flag, not a message per event.
    let (tx, rx) = mpsc::sync_channel(64);
    let flags = Flags::default();
    signals::on_ctrl_c(&flags, &tx);
    let _watcher = signals::watch_files(root, poll, &flags, &tx)?;
    // From here until this guard drops, however `run` ends, a terminal
    // reads single keys.
    let keys = keys::Keys::start();
    signals::read_input(&tx, keys.is_some());
    let enter = if keys.is_some() { "" } else { " + Enter" };
    // Two short lines: the book shows them, in a column of about 85.
    writeln!(
        out,
        "course watch: your current exercise's tests, again on every save."
    )?;
    writeln!(
        out,
        "Enter: run them again. h{enter}: the hint. q{enter} or Ctrl-C: leave."
    )?;
    let mut watch = Watch {
        enter,
        root,
        tx,
        running: None,
        next_id: 0,
        position: None,
        current: None,
        skipped: Vec::new(),
        again: false,
    };
    watch.next(out)?;
    let terminal = io::stdin().is_terminal();
    let mut due: Option<(Instant, Instant)> = None; // (first save, run at)
    loop {
        let wake = [due.map(|(_, at)| at), watch.deadline()]
            .into_iter()
            .flatten()
            .min();
        let event = match wake {
            Some(at) => {
                rx.recv_timeout(at.saturating_duration_since(Instant::now()))
            }
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        if flags.interrupted.load(Ordering::SeqCst) {
            return watch.leave(out);
        }
        match event {
            Ok(Event::Input(line)) => match line.as_str() {
                "q" | "quit" | "exit" => return watch.leave(out),
                "h" | "hint" => watch.hint(out)?,
                "" => watch.again = true,
                _ => writeln!(
                    out,
                    "(Enter: run the tests again. h{enter}: the hint. q{enter}: leave.)"
                )?,
            },
            // Ctrl-D in a terminal leaves; the end of a pipe or of /dev/null
            // only means there is nothing more to read.
            Ok(Event::InputEnded) if terminal => return watch.leave(out),
            Ok(Event::Done(id, outcome)) => watch.done(id, &outcome, out)?,
            Ok(Event::Wake | Event::InputEnded) | Err(RecvTimeoutError::Timeout) => {
            }
            Err(RecvTimeoutError::Disconnected) => return watch.leave(out),
        }
        let now = Instant::now();
        if flags.changed.swap(false, Ordering::SeqCst) {
            let first = due.map_or(now, |(first, _)| first);
            due = Some((first, (now + QUIET).min(first + MOST_DELAY)));
        }
        if watch.deadline().is_some_and(|d| now >= d) {
            watch.stop();
            writeln!(
                out,
                "course: the tests ran longer than {} minutes and were stopped; save \
                 a file or press Enter to run them again",
                RUN_LIMIT.as_secs() / 60
            )?;
        }
        if due.is_some_and(|(_, at)| now >= at) {
            due = None;
            // During a run, only a save that changed the code counts: the
            // run's end compares fingerprints (a test that writes a file
            // under crates/ must not start the tests again and again).
            if watch.running.is_none() {
                watch.again = true;
            }
        }
        if watch.again && watch.running.is_none() {
            watch.again = false;
            watch.next(out)?;
        }
    }
}

struct Watch<'a> {
    root: &'a Path,
    /// What follows a key: `""` in single-key mode, else `" + Enter"`.
    enter: &'static str,
    tx: mpsc::SyncSender<Event>,
    running: Option<(Running, Instant)>,
    next_id: u64,
    /// The exercise the learner last worked on (the last one that failed):
    /// after a save, the exercises before it in its lesson run with it, in
    /// one run, since a change anywhere in a lesson can break them.
    position: Option<String>,
    /// The current exercise, for `h`.
    current: Option<Exercise>,
    /// Exercises with no test named after them, with the code they were
    /// looked at on: passed over rather than waited on forever.
    skipped: Vec<(String, u64)>,
    /// Run again as soon as the current run ends.
    again: bool,
}

impl Watch<'_> {
    fn deadline(&self) -> Option<Instant> {
        self.running.as_ref().map(|(_, d)| *d)
    }

    /// Finds the current exercise and starts its run, or says that every
    /// exercise passes. A problem with the course's files is reported, and
    /// the watch goes on: the learner may be fixing it.
    fn next(&mut self, out: &mut dyn Write) -> Result<()> {
        let planned = self.plan();
        let batch = match planned {
            Ok(Some(batch)) => batch,
            Ok(None) => {
                self.current = None;
                let which = if self.skipped.is_empty() {
                    "every exercise passes its tests"
                } else {
                    "every exercise with tests passes them (those without are named \
                     above)"
                };
                writeln!(
                    out,
                    "course: {which}. `{COURSE}` shows how the lessons stand; watch goes \
                     on until q{}.",
                    self.enter
                )?;
                return Ok(());
            }
            Err(err) => {
                eprintln!("error: {err:#}");
                if let Some(hint) = common::report::hint_for(&err, "course") {
                    eprintln!("hint: {hint}");
                }
                return Ok(());
            }
        };
        let keys: Vec<String> = batch.exercises.iter().map(Exercise::key).collect();
        let tests = exercises::tests_in_source(self.root, &batch.lesson);
        let filters: Vec<String> =
            batch.exercises.iter().map(|e| e.filter(&tests)).collect();
        let filters = match filters.as_slice() {
            [one] => one.clone(),
            several => format!("-- {}", several.join(" ")),
        };
        writeln!(out)?;
        writeln!(
            out,
            "== {}: cargo test -p {} --test exercises {filters}",
            keys.join(", "),
            batch.lesson
        )?;
        out.flush()?;
        self.current = batch.exercises.last().cloned();
        self.next_id += 1;
        let running = Running::start(self.next_id, batch, self.root, &self.tx);
        self.running = Some((running, Instant::now() + RUN_LIMIT));
        Ok(())
    }

    /// The next run: the first exercise not passed on the code as it is, and
    /// the ones after it in its lesson up to where the learner was.
    fn plan(&self) -> Result<Option<Batch>> {
        let all = exercises::discover(self.root)?;
        let entries = progress::load(self.root)?;
        let mut codes: Vec<(String, u64)> = Vec::new();
        let mut code_of =
            |lesson: &str| match codes.iter().find(|(l, _)| l == lesson) {
                Some((_, code)) => *code,
                None => {
                    let code = fingerprint::lesson(self.root, lesson);
                    codes.push((lesson.to_string(), code));
                    code
                }
            };
        let Some(start) = all.iter().position(|e| {
            let code = code_of(&e.lesson);
            let done = exercises::passed(&entries, &all, e, code)
                || self.skipped.contains(&(e.key(), code));
            !done
        }) else {
            return Ok(None);
        };
        let first = &all[start];
        let code = code_of(&first.lesson);
        let end = self
            .position
            .as_ref()
            .and_then(|key| all.iter().position(|e| e.key() == *key))
            .filter(|&end| end >= start && all[end].lesson == first.lesson)
            .unwrap_or(start);
        Ok(Some(Batch {
            lesson: first.lesson.clone(),
            exercises: all[start..=end].to_vec(),
            code,
        }))
    }

    /// A run ended: record and report each exercise's result, then go on to
    /// the next exercise if they all passed.
    fn done(
        &mut self,
        id: u64,
        outcome: &batch::Outcome,
        out: &mut dyn Write,
    ) -> Result<()> {
        let Some((running, _)) = self.running.take_if(|(r, _)| r.id == id) else {
            return Ok(()); // a run stopped earlier
        };
        let batch = running.batch;
        let mut entries = Vec::new();
        let mut failing = None;
        for exercise in &batch.exercises {
            let (state, summary) = batch::verdict(exercise, outcome);
            writeln!(out, "course: {}: {summary}", exercise.key())?;
            match state {
                Some(state) => {
                    entries.push(Entry::now(
                        &exercise.key(),
                        batch.code,
                        state,
                        &summary,
                    ));
                }
                None => self.skipped.push((exercise.key(), batch.code)),
            }
            if state == Some(State::Failed) && failing.is_none() {
                failing = Some(exercise);
            }
        }
        if let Err(err) = progress::record(self.root, &entries) {
            writeln!(
                out,
                "(not recorded: cannot write {}: {err})",
                progress::file(self.root).display()
            )?;
        }
        let Some(exercise) = failing else {
            // Passed: on to the next exercise, unless a save came meanwhile,
            // in which case the next run (soon) starts from the right place.
            if fingerprint::lesson(self.root, &batch.lesson) == batch.code {
                self.position = None;
            }
            self.again = true;
            return Ok(());
        };
        self.position = Some(exercise.key());
        self.current = Some(exercise.clone());
        // A save during the run changed the code these results were for.
        // (Looked at before the next step is printed: a test that waits for
        // that line and then saves is then seen by the watcher, not here.)
        if fingerprint::lesson(self.root, &batch.lesson) != batch.code {
            self.again = true;
        }
        let todos: Vec<_> = exercise.tasks.iter().filter(|t| t.todo).collect();
        if todos.is_empty() {
            writeln!(
                out,
                "next: the failures above say what the tests expected; h{} shows \
                 the hint. Save, and the tests run again.",
                self.enter
            )?;
        } else {
            writeln!(out, "still to write:")?;
            for task in todos {
                writeln!(out, "  {}:{}: {}", exercise.file, task.line, task.hint)?;
            }
            writeln!(out, "next: write it and save; the tests run again.")?;
        }
        out.flush()?;
        Ok(())
    }

    fn hint(&self, out: &mut dyn Write) -> Result<()> {
        match &self.current {
            Some(exercise) => hint::show(self.root, exercise, out)?,
            None => writeln!(out, "(no exercise left to hint: every one passes)")?,
        }
        out.flush()?;
        Ok(())
    }

    fn stop(&mut self) {
        if let Some((running, _)) = self.running.take() {
            running.stop();
        }
    }

    fn leave(&mut self, out: &mut dyn Write) -> Result<()> {
        self.stop();
        writeln!(out, "Bye. `{COURSE}` shows where you stand.")?;
        out.flush()?;
        Ok(())
    }
}
