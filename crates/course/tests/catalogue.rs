//! `course`'s list of lessons agrees with the book and the workspace: the
//! same titles in the same order as the table of contents, and a page and a
//! crate for each.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::fs;
use std::path::Path;

use course::lessons::LESSONS;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
fn the_lessons_are_the_books_in_the_books_order() {
    let summary = fs::read_to_string(root().join("lessons/SUMMARY.md")).unwrap();
    let mut at = 0;
    for lesson in LESSONS {
        let entry = format!("[{}]({}.md)", lesson.title, lesson.name);
        let found = summary[at..].find(&entry).unwrap_or_else(|| {
            panic!("SUMMARY.md has no {entry} after the previous lesson")
        });
        at += found;
        // The title, then the heading's named anchor (`{#...}`).
        let page = fs::read_to_string(root().join(lesson.page)).unwrap();
        let first = page.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(&format!("# {} {{#", lesson.title)),
            "{first}"
        );
        let manifest = root().join("crates").join(lesson.name).join("Cargo.toml");
        let manifest = fs::read_to_string(manifest).unwrap();
        assert!(manifest.contains(&format!("name = \"{}\"", lesson.name)));
    }
}
