//! `course assignment` on a small course of its own, `tests/fixtures/starter`
//! (one lesson crate, `greet`, with three marked functions): what is replaced,
//! what is copied byte for byte, what is skipped, what is refused, and a real
//! round trip through cargo (the starter builds without a warning, its test
//! fails with the hint, the solution passes).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::{WAIT, cli};
use predicates::prelude::*;
use support::fresh_dir;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/starter");

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, found);
            } else {
                found.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut found = Vec::new();
    walk(dir, dir, &mut found);
    found.sort();
    found
}

/// The fixture copied to `<name>/course`, with what must not be copied
/// (build output, history, the built book), a binary file that must be, and
/// a malformed marker where markers are not read (`crates/course`).
fn course_copy(name: &str) -> (PathBuf, PathBuf) {
    let dir = fresh_dir("assignment", name);
    let root = dir.join("course");
    copy_tree(Path::new(FIXTURE), &root);
    for junk in ["target/debug/greet", ".git/HEAD", "mdbook/book/index.html"] {
        fs::create_dir_all(root.join(junk).parent().unwrap()).unwrap();
        fs::write(root.join(junk), "junk").unwrap();
    }
    let bytes: Vec<u8> = (0..=255).collect();
    fs::write(root.join("lessons/picture.bin"), bytes).unwrap();
    fs::create_dir_all(root.join("crates/course/src")).unwrap();
    fs::write(
        root.join("crates/course/src/markers.rs"),
        "// SOLUTION: begin, not a region: this crate is about markers\n",
    )
    .unwrap();
    (root, dir.join("starter"))
}

fn assignment(root: &Path, out: &Path) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("course")
        .arg("assignment")
        .arg(out)
        .env("COURSE_ROOT", root)
        .env_remove("RUST_BACKTRACE")
        .timeout(WAIT)
        .assert()
}

const LIB_STARTER: &str = r#"//! A fixture lesson with one marked function; `more` has two.

// Added by `course assignment`: until the todo!()s below are written, some
// names are unused. Delete these three lines when you are done.
#![allow(unused_imports, unused_variables, unused_mut, dead_code, clippy::todo)]
use std::fmt::Write as _;

pub mod more;

/// Greets `name`.
pub fn greeting(name: &str) -> String {
    // ANCHOR: greet
    todo!("say \"hello, {{name}}\"")
    // ANCHOR_END: greet
}

/// Not an exercise: stays as it is.
pub fn shout(text: &str) -> String {
    text.to_uppercase()
}
"#;

#[test]
fn marked_regions_are_replaced_and_the_rest_is_copied_byte_for_byte() {
    let (root, out) = course_copy("copy");
    assignment(&root, &out).success().stderr("").stdout(format!(
        "wrote the starter to {out}, with ASSIGNMENT.md for the students\n\
         3 exercises, each solution replaced by todo!():\n  \
         greet\n    \
         crates/greet/src/lib.rs:13: say \"hello, {{name}}\"\n    \
         crates/greet/src/more.rs:9: add one and return it\n    \
         crates/greet/src/more.rs:18: double n\n\
         next: try it as a student will (its tests fail until the todo!()s are written):\n  \
         cd {out} && cargo test -p greet\n",
        out = out.display()
    ));

    let lib = fs::read_to_string(out.join("crates/greet/src/lib.rs")).unwrap();
    assert_eq!(lib, LIB_STARTER);
    let more = fs::read_to_string(out.join("crates/greet/src/more.rs")).unwrap();
    assert_eq!(
        more.lines().nth(8),
        Some("    todo!(\"add one and return it\")")
    );
    assert_eq!(more.lines().nth(17), Some("    todo!(\"double n\")"));
    assert!(!more.contains("SOLUTION"), "{more}");

    let marked = [
        PathBuf::from("crates/greet/src/lib.rs"),
        PathBuf::from("crates/greet/src/more.rs"),
    ];
    let mut expected: Vec<PathBuf> = files(&root)
        .into_iter()
        .filter(|f| {
            !f.starts_with("target")
                && !f.starts_with(".git")
                && !f.starts_with("mdbook/book")
        })
        .collect();
    expected.push(PathBuf::from("ASSIGNMENT.md"));
    expected.sort();
    assert_eq!(files(&out), expected, "the starter's files");
    for file in files(&root) {
        if expected.contains(&file) && !marked.contains(&file) {
            let (a, b) = (fs::read(root.join(&file)), fs::read(out.join(&file)));
            assert_eq!(a.unwrap(), b.unwrap(), "{} differs", file.display());
        }
    }

    let text = fs::read_to_string(out.join("ASSIGNMENT.md")).unwrap();
    for line in [
        "# Assignment: sockets in Rust",
        "### greet\n\nRead `lessons/greet.md`, then write:\n\n\
         - `crates/greet/src/lib.rs`, line 13, in `pub fn greeting(name: &str) -> \
         String`:\n  say \"hello, {name}\"\n",
        "- `crates/greet/src/more.rs`, line 18, in `pub fn twice(n: u32) -> u32`:\n  \
         double n\n",
        "$ cargo test -p greet                     # the lesson's tests\n",
        "$ cargo run -q -p course -- check greet   # the same, then what passed",
    ] {
        assert!(text.contains(line), "ASSIGNMENT.md lacks {line:?}:\n{text}");
    }
}

#[test]
fn an_out_dir_inside_the_course_or_not_empty_is_refused() {
    let (root, out) = course_copy("refused");
    let inside = root.join("lessons/../starter");
    let inside_course = format!(
        "error: cannot write the assignment to {}: it is inside the course",
        inside.display()
    );
    let outside = "hint: choose a folder outside the course";
    cli::failed(
        assignment(&root, &inside).stdout(""),
        &inside_course,
        outside,
    );
    assert!(!root.join("starter").exists());

    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("notes.txt"), "mine").unwrap();
    assignment(&root, &out).code(1).stderr(format!(
        "error: cannot write the assignment to {}: the folder is not empty\n\
         hint: give the name of a new folder, or empty this one first\n",
        out.display()
    ));
    assert_eq!(files(&out), [PathBuf::from("notes.txt")]);

    let file = out.join("notes.txt");
    assignment(&root, &file)
        .code(1)
        .stderr(predicate::str::contains("it is a file"));

    // The build folder is not copied, so a starter may go there.
    let in_target = root.join("target/starter");
    assignment(&root, &in_target).success();
    assert!(!in_target.join("target").exists());
    assert!(in_target.join("ASSIGNMENT.md").is_file());

    // An empty folder is fine.
    let empty = out.join("empty");
    fs::create_dir(&empty).unwrap();
    assignment(&root, &empty).success();
    assert!(empty.join("ASSIGNMENT.md").is_file());
}

#[test]
fn a_malformed_marker_names_its_file_and_line_and_nothing_is_written() {
    let (root, out) = course_copy("malformed");
    let more = root.join("crates/greet/src/more.rs");
    let text = fs::read_to_string(&more).unwrap();
    // The second region loses its end.
    let broken = text.replacen(
        "    double(n)\n    // SOLUTION: end\n",
        "    double(n)\n",
        1,
    );
    assert_ne!(broken, text);
    fs::write(&more, broken).unwrap();
    // The file as the system writes paths (`crates\greet\...` on Windows).
    let file = Path::new("crates")
        .join("greet")
        .join("src")
        .join("more.rs");
    assignment(&root, &out).code(1).stdout("").stderr(format!(
        "error: cannot make the assignment: a solution marker is malformed: \
         {}:18: this region never ends: add `// SOLUTION: end` \
         after its last line\n\
         hint: a region is `// SOLUTION: begin <hint>` ... `// SOLUTION: end` around \
         a whole function body, outside any ANCHOR lines; see lessons/teaching.md\n",
        file.display()
    ));
    assert!(!out.exists(), "nothing is written");
}

fn cargo(dir: &Path, args: &[&str], target: &Path) -> std::process::Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    assert_cmd::Command::new(cargo)
        .args(args)
        .args(["--offline", "--color", "never"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUST_BACKTRACE")
        .timeout(Duration::from_secs(300))
        .output()
        .unwrap()
}

#[test]
fn the_starter_builds_quietly_fails_with_the_hint_and_the_solution_passes() {
    let (root, out) = course_copy("round-trip");
    assignment(&root, &out).success();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixture-target");

    let build = cargo(&out, &["build", "--all-targets"], &target);
    let log = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "the starter does not build:\n{log}");
    assert!(
        !log.contains("warning"),
        "the starter builds with warnings:\n{log}"
    );

    let test = cargo(&out, &["test", "--no-fail-fast"], &target);
    let log = String::from_utf8_lossy(&test.stdout);
    assert!(!test.status.success(), "the starter's tests pass:\n{log}");
    for line in [
        "test greets ... FAILED",
        "test bumps_and_doubles ... FAILED",
        "test shouts ... ok",
        "not yet implemented: say \"hello, {name}\"",
        "not yet implemented: add one and return it",
    ] {
        assert!(log.contains(line), "no {line:?} in\n{log}");
    }

    // Put the solutions back: the same tree passes.
    for file in ["crates/greet/src/lib.rs", "crates/greet/src/more.rs"] {
        fs::copy(root.join(file), out.join(file)).unwrap();
    }
    let test = cargo(&out, &["test"], &target);
    let log = String::from_utf8_lossy(&test.stdout);
    assert!(test.status.success(), "the solution fails:\n{log}");
    assert!(log.contains("test result: ok. 3 passed"), "{log}");
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    files(dir)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "rs"))
        .map(|f| dir.join(f))
        .collect()
}

/// The real course's markers, checked on every `cargo test` (the full round
/// trip through cargo is `tests/round_trip.rs`, run with `--ignored`): the
/// starter is made, every lesson with exercises is in `ASSIGNMENT.md`, and no
/// marker is left in the lessons' code, each region now one `todo!()`.
#[test]
fn the_real_course_makes_a_starter_without_a_marker_left() {
    let out = fresh_dir("assignment", "real").join("starter");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let assert = cargo_bin_cmd!("course")
        .arg("assignment")
        .arg(&out)
        .env_remove("COURSE_ROOT")
        .timeout(WAIT)
        .assert()
        .success();
    let said = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let assignment = fs::read_to_string(out.join("ASSIGNMENT.md")).unwrap();
    let mut todos = 0;
    for lesson in course::lessons::LESSONS {
        let src = out.join("crates").join(lesson.name).join("src");
        for file in rust_files(&src) {
            let text = fs::read_to_string(&file).unwrap();
            let left = text
                .lines()
                .any(|l| l.trim_start().starts_with("// SOLUTION:"));
            assert!(!left, "a marker is left in {}", file.display());
            todos += text
                .lines()
                .filter(|l| l.trim_start().starts_with("todo!(\""))
                .count();
        }
        if root
            .join("crates")
            .join(lesson.name)
            .join("src/exercises")
            .is_dir()
        {
            assert!(assignment.contains(lesson.title), "{assignment}");
        }
    }
    assert!(todos > 0, "no exercise in the course");
    assert!(
        said.contains(&format!("\n{todos} exercises, each solution replaced")),
        "{todos} todo!()s, but course said:\n{said}"
    );
}
