//! House rules a change can break without anyone noticing. Lesson 1 stays
//! light: a learner's first `cargo test -p tcp-oneshot` compiles lesson 1 and
//! what it uses, nothing that a later lesson or a test helper pulled into the
//! workspace (on 2 cores that is about 15 s cold; each of those crates would
//! add seconds). And each file of a lesson stays short enough to read top to
//! bottom.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

/// Crates lesson 1 must not build: the later lessons' runtimes and watchers
/// (tokio, mio, notify), lesson 5's JSON and hashes, and what `predicates`
/// brings with its default features (a regex engine, float comparison),
/// which the tests do not use.
const NOT_IN_LESSON_1: &[&str] = &[
    "tokio",
    "mio",
    "notify",
    "nix",
    "indicatif",
    "serde",
    "serde_json",
    "sha2",
    "regex",
    "regex-syntax",
    "aho-corasick",
    "float-cmp",
];

#[test]
fn lesson_1_builds_none_of_the_later_lessons_crates() {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = Command::new(cargo)
        .current_dir(&root)
        .args(["tree", "--locked", "-p", "tcp-oneshot"])
        .args(["-e", "normal,dev,build", "--prefix", "none"])
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "cargo tree failed: {stderr}");
    let tree = String::from_utf8_lossy(&out.stdout);
    // Each line is `NAME vVERSION ...`.
    let names: Vec<&str> =
        tree.lines().filter_map(|l| l.split(' ').next()).collect();
    assert!(
        names.contains(&"tcp-oneshot"),
        "not lesson 1's tree:\n{tree}"
    );
    assert!(names.contains(&"socket2"), "not lesson 1's tree:\n{tree}");
    let found: Vec<&&str> = NOT_IN_LESSON_1
        .iter()
        .filter(|name| names.contains(name))
        .collect();
    assert!(
        found.is_empty(),
        "`cargo test -p tcp-oneshot` would build {found:?}; run `cargo tree -p \
         tcp-oneshot -i NAME -e features` to see what asks for it"
    );
}

/// Every `.rs` file under `dir`, however deep.
fn rust_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// Crates with no limit on a file: the shared plumbing and the front door,
/// whose files are looked up rather than read through.
const NO_LIMIT: &[&str] = &["common", "course"];

/// The longest a file may be, in lines: a lesson's file is read top to bottom
/// by a learner, so each stays short enough to follow (lesson 3's client, the
/// article's 22-line program with retries and the strangers' filter, shorter
/// still); the bench's files hold one load, model or renderer each.
fn longest_allowed(crate_name: &str, file: &Path) -> usize {
    match crate_name {
        "bench" => 400,
        "udp-echo" if file.ends_with("src/client.rs") => 150,
        _ => 250,
    }
}

#[test]
fn every_lesson_and_bench_file_is_short_enough_to_read_top_to_bottom() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates");
    let mut too_long = Vec::new();
    let mut checked = 0;
    for entry in std::fs::read_dir(&crates).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if NO_LIMIT.contains(&name.as_str()) {
            continue;
        }
        checked += 1;
        let mut files = Vec::new();
        rust_files(&entry.path().join("src"), &mut files);
        for file in files {
            let lines = std::fs::read_to_string(&file).unwrap().lines().count();
            let most = longest_allowed(&name, &file);
            if lines > most {
                too_long.push(format!(
                    "{} ({lines} lines; at most {most})",
                    file.display()
                ));
            }
        }
    }
    // The nine lessons and the bench.
    assert!(
        checked >= 10,
        "found only {checked} crates under {}",
        crates.display()
    );
    assert!(too_long.is_empty(), "split or simplify: {too_long:#?}");
}
