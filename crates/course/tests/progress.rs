//! What `course` remembers between runs (`target/course/progress.txt`) is a
//! file anyone can edit, so it is believed only where the code agrees: an
//! exercise whose file still holds a `todo!(` is not passed, whatever the
//! file says. The audit's edit, `failed` turned into `passed`, is made here
//! on a student's copy of the real course, and `course` and `course hint`
//! still tell the truth.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::WAIT;
use course::exercises::{self, Exercise};
use course::fingerprint;
use course::progress::{self, Entry, State};
use support::{course, fresh_dir};

/// The course this test is part of.
fn the_course() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What `course watch` records when `exercise`'s tests fail on the code as
/// it is, then the audit's hand edit of the file: `failed` made `passed`.
fn record_a_failure_then_edit_it_to_passed(root: &Path, exercise: &Exercise) {
    let code = fingerprint::lesson(root, &exercise.lesson);
    let failed =
        |key: &str| Entry::now(key, code, State::Failed, "1 of 3 tests failed");
    progress::record(root, &[failed(&exercise.key()), failed(&exercise.lesson)])
        .unwrap();
    let file = progress::file(root);
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.contains("\tfailed\t"), "{text}");
    fs::write(&file, text.replace("\tfailed\t", "\tpassed\t")).unwrap();
}

fn stdout(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

/// The block of `course`'s list for `lesson`, up to its `tests` line.
fn block<'a>(list: &'a str, exercise: &Exercise) -> &'a str {
    let write = format!("  write  exercises {}", exercise.name);
    let start = list
        .find(&write)
        .unwrap_or_else(|| panic!("{write:?} in:\n{list}"));
    let end = list[start..].find("  tests  ").unwrap() + start;
    let end = list[end..].find('\n').map_or(list.len(), |n| end + n);
    &list[start..end]
}

#[test]
fn a_record_edited_to_passed_does_not_pass_an_unwritten_exercise() {
    let dir = fresh_dir("progress", "edited-record");
    let root = dir.join("starter");
    cargo_bin_cmd!("course")
        .arg("assignment")
        .arg(&root)
        .env("COURSE_ROOT", the_course())
        .timeout(WAIT)
        .assert()
        .success();
    let all = exercises::discover(&root).unwrap();
    let (first, second) = (&all[0], &all[1]);
    assert_eq!(first.lesson, second.lesson, "{all:?}");
    assert!(first.todo_left, "{first:?}");

    record_a_failure_then_edit_it_to_passed(&root, first);
    let hint = stdout(course(&root).arg("hint"));
    assert!(
        hint.starts_with(&format!(
            "The first exercise whose tests have not passed on your code yet:\n\
             {}, in {}\n",
            first.key(),
            first.file
        )),
        "{hint}"
    );
    let list = stdout(&mut course(&root));
    let shown = block(&list, first);
    assert!(!shown.contains("passed"), "{shown}");
    assert!(shown.contains("  tests  not checked yet"), "{shown}");

    // The record is believed where the code agrees: once the function is
    // written, the same edit counts for it (and only for it: the lesson has
    // other todo!()s left, so its whole run is still not believed).
    let solution = fs::read(the_course().join(&first.file)).unwrap();
    fs::write(root.join(&first.file), solution).unwrap();
    record_a_failure_then_edit_it_to_passed(&root, first);
    let hint = stdout(course(&root).arg("hint"));
    assert!(hint.contains(&format!("\n{}, in ", second.key())), "{hint}");
    let list = stdout(&mut course(&root));
    let shown = block(&list, first);
    assert!(
        shown.contains(&format!(
            "{} (passed), {} (not run yet)",
            first.name, second.name
        )),
        "{shown}"
    );
    assert!(shown.contains("  tests  not checked yet"), "{shown}");
}
