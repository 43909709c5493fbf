//! `course hint`: the hint of the current exercise or of the one named,
//! read from where the assignment wrote it (the exercise's solution marker
//! in the course, its `todo!()` in a student's copy), and a wrong name is
//! bad usage that lists the real ones.

mod support;

use std::fs;
use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::{WAIT, check_output};
use predicates::prelude::*;
use support::Starter;
use support::course;

#[test]
fn the_current_exercise_is_the_first_on_the_page_and_its_hint_is_its_todo() {
    let root = Starter::new("hint-current");
    course(&root).arg("hint").assert().success().stderr("").stdout(
        "The first exercise whose tests have not passed on your code yet:\n\
         greet/hello, in crates/greet/src/exercises/hello.rs\n  \
         line 8, pub fn greeting(name: &str) -> String:\n    \
         say \"hello, {name}\"\n\
         read lessons/greet.md; test it: cargo test -p greet --test exercises hello\n",
    );
    let todo = fs::read_to_string(root.join("crates/greet/src/exercises/hello.rs"))
        .unwrap();
    assert_eq!(
        todo.lines().nth(7),
        Some("    todo!(\"say \\\"hello, {{name}}\\\"\")"),
        "the hint is read back from this line:\n{todo}"
    );
}

#[test]
fn an_exercise_is_named_alone_or_with_its_lesson() {
    let root = Starter::new("hint-named");
    for name in ["bump", "greet/bump"] {
        course(&root).args(["hint", name]).assert().success().stdout(
            "greet/bump, in crates/greet/src/exercises/bump.rs\n  \
             line 8, pub fn bump(count: u32) -> u32:\n    \
             add one and return it\n\
             read lessons/greet.md; test it: cargo test -p greet --test exercises bump\n",
        );
    }
    // Once the todo!() is written, the hint went with it.
    fs::write(
        root.join("crates/greet/src/exercises/bump.rs"),
        "pub fn bump(count: u32) -> u32 {\n    count + 1\n}\n",
    )
    .unwrap();
    course(&root)
        .args(["hint", "bump"])
        .assert()
        .success()
        .stdout(predicate::str::contains("  no hint left: the todo!()s"));
}

#[test]
fn an_unknown_exercise_is_bad_usage_that_lists_the_real_ones() {
    let root = Starter::new("hint-unknown");
    course(&root)
        .args(["hint", "greet/nope"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "error: invalid value 'greet/nope' for '[EXERCISE]': `greet/nope` is not \
             an exercise of this course; the exercises are greet/hello, greet/bump\n",
        ));
}

#[test]
fn a_course_without_exercises_says_so() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hint/none");
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join("Cargo.toml"), "[workspace]\n").unwrap();
    course(&root)
        .arg("hint")
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "error: this course has no exercises\nhint: an exercise is a file \
             crates/LESSON/src/exercises/NAME.rs",
        ));
}

/// In the course itself the hint is the solution marker's text, the one
/// place it is written: `course assignment` puts the same words in the
/// `todo!()`.
#[test]
fn in_the_course_the_hint_is_the_markers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let quit =
        fs::read_to_string(root.join("crates/tcp-loop/src/exercises/quit.rs"))
            .unwrap();
    let marker = quit
        .lines()
        .find_map(|l| l.trim().strip_prefix("// SOLUTION: begin "))
        .unwrap();
    let out = cargo_bin_cmd!("course")
        .args(["hint", "tcp-loop/quit"])
        .env_remove("COURSE_ROOT")
        .timeout(WAIT)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("\n    {marker}\n")), "{text}");
    check_output(
        env!("CARGO_MANIFEST_DIR"),
        "course-hint.txt",
        "cargo run -q -p course -- hint tcp-loop/quit",
        &out.stdout,
        &[],
    );
}
