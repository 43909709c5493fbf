//! One run of exercise tests: `cargo test -p LESSON --test exercises` twice,
//! first with `--list` to learn the tests' names, then with `--exact` and
//! the names of the exercises' own tests, so that no other exercise's
//! failure (a `todo!()` further on) shows or slows the run. It runs in a
//! thread, so the watch can still hear `q` and Ctrl-C, and stop it.

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::Child;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::SyncSender;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

use anyhow::Result;

use super::signals::Event;
use crate::cargo::{self, Tally, pass_through};
use crate::check;
use crate::exercises::Exercise;
use crate::progress::State;

/// The most of `--list`'s output read: a name per test, a few KiB.
const LIST_KEPT: u64 = 4 << 20;

/// Exercises of one lesson whose tests run together.
#[derive(Debug, Clone)]
pub(super) struct Batch {
    pub lesson: String,
    pub exercises: Vec<Exercise>,
    /// The lesson's fingerprint when the run started: the results are
    /// recorded against the code as it was then.
    pub code: u64,
}

/// What a run found.
#[derive(Debug, Default)]
pub(super) struct Outcome {
    /// The lesson's exercise tests, as the test program listed them.
    pub tests: Vec<String>,
    /// What cargo and the tests said (both runs).
    pub tally: Tally,
    /// Why the run could not be made, when it could not.
    pub error: Option<String>,
}

/// A run in progress, to stop.
pub(super) struct Running {
    pub id: u64,
    pub batch: Batch,
    stop: Arc<AtomicBool>,
    child: Arc<Mutex<Option<Child>>>,
}

impl Running {
    /// Starts the batch's run in a thread, which sends [`Event::Done`] with
    /// `id` when it ends.
    pub(super) fn start(
        id: u64,
        batch: Batch,
        root: &Path,
        tx: &SyncSender<Event>,
    ) -> Running {
        let stop = Arc::new(AtomicBool::new(false));
        let child = Arc::new(Mutex::new(None));
        let work = Work {
            root: root.to_path_buf(),
            batch: batch.clone(),
            stop: Arc::clone(&stop),
            child: Arc::clone(&child),
        };
        let tx = tx.clone();
        thread::spawn(move || {
            let outcome = work.run();
            let _ = tx.send(Event::Done(id, Box::new(outcome)));
        });
        Running {
            id,
            batch,
            stop,
            child,
        }
    }

    /// Stops the run: no new cargo starts, the running one is killed.
    pub(super) fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        let mut slot = self.child.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(child) = slot.as_mut() {
            let _ = child.kill();
        }
    }
}

struct Work {
    root: PathBuf,
    batch: Batch,
    stop: Arc<AtomicBool>,
    child: Arc<Mutex<Option<Child>>>,
}

impl Work {
    fn run(&self) -> Outcome {
        let mut outcome = Outcome::default();
        let lesson = self.batch.lesson.as_str();
        let test_file = self
            .root
            .join("crates")
            .join(lesson)
            .join("tests/exercises.rs");
        if !test_file.is_file() {
            return outcome; // no tests, which the verdicts say
        }
        let base = ["test", "-p", lesson, "--test", "exercises"];
        let listed = self.cargo(&base, &["--list"], false);
        let (listing, tally, listed_ok) = match listed {
            Ok(done) => done,
            Err(err) => {
                outcome.error = Some(format!("{err:#}"));
                return outcome;
            }
        };
        outcome.tests = cargo::listed_tests(&listing);
        outcome.tally = tally;
        if !listed_ok && !outcome.tally.broken {
            outcome.error = Some(format!(
                "cargo could not list the tests of {lesson}: its message is above"
            ));
            return outcome;
        }
        let mut names: Vec<&str> = Vec::new();
        for exercise in &self.batch.exercises {
            names.extend(exercise.tests(&outcome.tests).iter().map(|t| t.as_str()));
        }
        if outcome.tally.broken || names.is_empty() {
            return outcome;
        }
        let mut args = vec!["--exact"];
        args.extend(names);
        match self.cargo(&base, &args, true) {
            Ok((_, tally, _)) => outcome.tally.merge(tally),
            Err(err) => outcome.error = Some(format!("{err:#}")),
        }
        outcome
    }

    /// Runs cargo, its stderr passed through; its stdout too when `show`,
    /// else kept (at most [`LIST_KEPT`]) and returned, with whether cargo
    /// ended well.
    fn cargo(
        &self,
        args: &[&str],
        test_args: &[&str],
        show: bool,
    ) -> Result<(String, Tally, bool)> {
        let (stdout, stderr) = {
            let mut slot = self.child.lock().unwrap_or_else(PoisonError::into_inner);
            if self.stop.load(Ordering::SeqCst) {
                anyhow::bail!("stopped");
            }
            let mut child = cargo::spawn(&self.root, args, test_args)?;
            let pipes = (child.stdout.take(), child.stderr.take());
            *slot = Some(child);
            pipes
        };
        let errors = stderr.map(|pipe| {
            thread::spawn(move || pass_through(pipe, &mut io::stderr()))
        });
        let mut kept = String::new();
        let mut tally = Tally::default();
        if let Some(pipe) = stdout {
            if show {
                tally = pass_through(pipe, &mut io::stdout());
            } else {
                let mut pipe = pipe;
                let _ = (&mut pipe).take(LIST_KEPT).read_to_string(&mut kept);
                // The rest is not kept, but read: cargo must not block on a
                // full pipe while it is waited for below.
                let _ = io::copy(&mut pipe, &mut io::sink());
            }
        }
        if let Some(Ok(seen)) = errors.map(thread::JoinHandle::join) {
            tally.merge(seen);
        }
        let mut slot = self.child.lock().unwrap_or_else(PoisonError::into_inner);
        let ok = slot
            .take()
            .and_then(|mut child| child.wait().ok())
            .is_some_and(|status| status.success());
        Ok((kept, tally, ok))
    }
}

/// What the run says of one exercise: passed or failed (with the summary),
/// or `None` when no test is named after it.
pub(super) fn verdict(
    exercise: &Exercise,
    outcome: &Outcome,
) -> (Option<State>, String) {
    let tests = exercise.tests(&outcome.tests);
    let tally = &outcome.tally;
    if let Some(error) = &outcome.error {
        return (Some(State::Failed), error.clone());
    }
    if tally.broken {
        return (
            Some(State::Failed),
            format!("{} does not compile", exercise.lesson),
        );
    }
    if tests.is_empty() {
        return (
            None,
            format!(
                "no test in crates/{}/tests/exercises.rs is named after it \
                 ({}_...)",
                exercise.lesson, exercise.name
            ),
        );
    }
    let failed = tests.iter().filter(|t| tally.failing.contains(t)).count();
    let passed = tests.iter().filter(|t| tally.passing.contains(t)).count();
    if tally.results == 0 {
        return (
            Some(State::Failed),
            "cargo test stopped before the tests ended".to_string(),
        );
    }
    let mine = Tally {
        passed,
        failed,
        ..Tally::default()
    };
    let ok = failed == 0 && passed > 0;
    let state = if ok { State::Passed } else { State::Failed };
    (Some(state), check::summary(&exercise.key(), &mine, ok))
}
