//! Keeps lesson 1 light. A learner's first `cargo test -p tcp-oneshot` compiles
//! lesson 1 and what it uses, nothing that a later lesson or a test helper
//! pulled into the workspace: on 2 cores that is about 15 s cold, and each of
//! these crates would add seconds to it.

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
