//! The assignment round trip on the real course: generate the starter into a
//! scratch folder, check that it builds without a warning, that every lesson
//! with a marked exercise fails its tests there (`course check` says so and
//! records it), and that the same tree with the solutions put back passes.
//! So a marker that breaks the starter, or an exercise whose tests pass
//! without its solution, fails here.
//!
//! It builds a second copy of the whole workspace, in a target folder kept
//! between runs (`target/tmp/assignment-target`), and runs the marked
//! lessons' tests twice: 60 to 90 seconds cold on two busy cores, and still
//! about 55 warm, since the lessons themselves are rebuilt each time. So it is
//! `#[ignore]`d, and a learner's `cargo test --workspace` does not pay for
//! it. CI runs it:
//!
//! ```text
//! cargo test -p course -- --ignored
//! ```
//!
//! On the way it drives `course watch` in the copy, as a student starts:
//! the first exercise fails, its solution is written, the watch notices and
//! moves on. It also regenerates `lessons/transcripts/course-check-starter.txt`
//! and `course-watch-starter.txt`
//! (`UPDATE_TRANSCRIPTS=1 cargo test -p course -- --ignored`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::{Process, check_transcript, transcript_file};

/// A cold build of the whole starter on a busy two-core machine.
const BUILD: Duration = Duration::from_secs(900);
/// One lesson's tests, built or not.
const TESTS: Duration = Duration::from_secs(600);

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn scratch(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(name)
}

fn cargo_env(cmd: &mut assert_cmd::Command) -> &mut assert_cmd::Command {
    cmd.env("CARGO_TARGET_DIR", scratch("assignment-target"))
        .env("CARGO_NET_OFFLINE", "true")
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUST_BACKTRACE")
}

fn cargo(dir: &Path, args: &[&str], timeout: Duration) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut cmd = assert_cmd::Command::new(cargo);
    cargo_env(&mut cmd)
        .args(args)
        .current_dir(dir)
        .timeout(timeout)
        .output()
        .unwrap()
}

fn course(starter: &Path, args: &[&str]) -> Output {
    let mut cmd = cargo_bin_cmd!("course");
    cargo_env(&mut cmd)
        .args(args)
        .env("COURSE_ROOT", starter)
        .timeout(TESTS)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
#[ignore = "builds the whole course a second time: run with `cargo test -p course -- --ignored`"]
fn the_starter_builds_its_exercises_fail_and_the_solutions_pass() {
    let root = root();
    let starter = scratch("round-trip/starter");
    if starter.exists() {
        fs::remove_dir_all(&starter).unwrap();
    }
    let made = course::assignment::generate(&root, &starter).unwrap();
    let lessons = made.lessons();
    assert!(!lessons.is_empty(), "no lesson has a marked exercise");

    let build = cargo(&starter, &["build", "--workspace", "--all-targets"], BUILD);
    let log = text(&build.stderr);
    assert!(build.status.success(), "the starter does not build:\n{log}");
    let warnings: Vec<&str> =
        log.lines().filter(|l| l.starts_with("warning")).collect();
    assert!(
        warnings.is_empty(),
        "the starter builds with warnings (students would see them):\n{log}"
    );

    for lesson in &lessons {
        let checked = course(&starter, &["check", lesson]);
        let out = text(&checked.stdout);
        let err = text(&checked.stderr);
        assert_eq!(
            checked.status.code(),
            Some(1),
            "{lesson}'s tests pass without the solutions:\n{out}\n{err}"
        );
        let summary = summary(&out);
        assert!(
            summary.contains(" tests failed\nfailed:\n"),
            "{lesson}: no failed test named:\n{summary}"
        );
        assert!(
            summary.contains("still to write"),
            "{lesson}: no todo!() listed:\n{summary}"
        );
        if *lesson == lessons[0] {
            let shown = format!(
                "$ cargo run -q -p course -- check {lesson}\n\
                 (cargo's output, cut here)\n{summary}{}",
                err.rfind(&format!("error: {lesson}: "))
                    .map_or("", |at| &err[at..])
            );
            let file = transcript_file(
                env!("CARGO_MANIFEST_DIR"),
                "course-check-starter.txt",
            );
            check_transcript(file, &shown);
        }
    }
    let listed = text(&course(&starter, &["list"]).stdout);
    assert_eq!(
        listed.matches("  tests  failed on ").count(),
        lessons.len(),
        "{listed}"
    );
    watch_the_first_exercise(&starter, &made);

    // The same tree with the solutions put back passes every one.
    for (file, text) in &made.solutions {
        fs::write(starter.join(file), text).unwrap();
    }
    let mut args = vec!["test", "--no-fail-fast"];
    for lesson in &lessons {
        args.extend(["-p", lesson]);
    }
    let solved = cargo(&starter, &args, TESTS);
    assert!(
        solved.status.success(),
        "the solutions fail in the starter:\n{}\n{}",
        text(&solved.stdout),
        text(&solved.stderr)
    );
}

/// What `course check` printed after cargo's own output: from its
/// `course: LESSON: ...` line on.
fn summary(out: &str) -> String {
    let start = out.rfind("\ncourse: ").map_or(0, |i| i + 1);
    out[start..].to_string()
}

/// `course watch` in the starter: the first exercise fails, its solution is
/// written, the watch runs its tests again and moves on to the next one,
/// which fails; `q` leaves. The transcript shows the watch's own lines, with
/// cargo's output between them cut.
fn watch_the_first_exercise(starter: &Path, made: &course::assignment::Starter) {
    // The watch's first exercise: the first in lesson order, and in the order
    // the lesson's page names them.
    let discovered = course::exercises::discover(starter).unwrap();
    let first = discovered.first().expect("the starter has exercises");
    let mut command = Command::new(env!("CARGO_BIN_EXE_course"));
    command
        .arg("watch")
        .env("COURSE_ROOT", starter)
        .env("CARGO_TARGET_DIR", scratch("assignment-target"))
        .env("CARGO_NET_OFFLINE", "true")
        .env("CARGO_TERM_COLOR", "never");
    let mut watch = Process::start_command(command);
    let mut out = watch.lines_until("next: write it and save", TESTS);
    let saved = out.len();
    let (file, solution) = made
        .solutions
        .iter()
        .find(|(file, _)| *file == first.file)
        .unwrap();
    fs::write(starter.join(file), solution).unwrap();
    out.extend(watch.lines_until(" tests passed", TESTS));
    let passed = out.last().unwrap();
    assert!(
        passed.starts_with(&format!("course: {}/", first.lesson)),
        "{passed}"
    );
    out.extend(watch.lines_until("next: write it and save", TESTS));
    watch.type_line("q");
    let typed = out.len();
    let ended = watch.finish();
    assert!(ended.status.success(), "{out:?}\n{}", ended.stderr);
    out.extend(ended.stdout_text().lines().map(str::to_string));

    let mut shown = String::from("$ cargo run -q -p course -- watch\n");
    let mut in_cargo = false;
    for (at, line) in out.iter().enumerate() {
        if at == saved {
            shown
                .push_str(&format!("(you write the function in {file} and save)\n"));
        }
        if at == typed {
            shown.push_str("q\n");
        }
        if line.starts_with("course: ") {
            in_cargo = false;
        }
        if !in_cargo {
            shown.push_str(line);
            shown.push('\n');
        }
        if line.starts_with("== ") {
            shown.push_str("(cargo's output, cut here)\n");
            in_cargo = true;
        }
    }
    let file =
        transcript_file(env!("CARGO_MANIFEST_DIR"), "course-watch-starter.txt");
    check_transcript(file, &shown);
}
