//! Keeps the book honest. mdBook 0.5.4 renders a missing include file or anchor
//! as an empty block and still exits 0, so these checks are what catch a
//! listing that went missing when the code moved.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn files_under(dir: &Path, ext: &str, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() && name != "target" && name != "book" && name != ".git" {
            files_under(&path, ext, found);
        } else if path.extension().is_some_and(|e| e == ext) {
            found.push(path);
        }
    }
}

fn pages() -> Vec<PathBuf> {
    let mut found = Vec::new();
    files_under(&root().join("lessons"), "md", &mut found);
    found.sort();
    assert!(!found.is_empty(), "no pages under lessons/");
    found
}

/// Every `{{#include PATH}}` / `{{#include PATH:ANCHOR}}` of a page, as
/// (page, path, anchor).
fn includes() -> Vec<(PathBuf, String, Option<String>)> {
    let mut found = Vec::new();
    for page in pages() {
        let text = fs::read_to_string(&page).unwrap();
        for piece in text.split("{{#").skip(1) {
            let Some(end) = piece.find("}}") else {
                panic!("{}: an unclosed {{{{#", page.display())
            };
            let directive = piece[..end].trim();
            let Some(spec) = directive
                .strip_prefix("include ")
                .or_else(|| directive.strip_prefix("rustdoc_include "))
            else {
                continue;
            };
            let spec = spec.trim();
            let (path, anchor) = match spec.split_once(':') {
                Some((p, a)) => (p.to_string(), Some(a.to_string())),
                None => (spec.to_string(), None),
            };
            found.push((page.clone(), path, anchor));
        }
    }
    found
}

/// The lines between `ANCHOR: name` and `ANCHOR_END: name`, or why there are none.
fn anchored(text: &str, name: &str) -> Result<Vec<String>, String> {
    let is_mark = |line: &str, kind: &str| {
        line.trim_start()
            .strip_prefix("//")
            .map(str::trim)
            .and_then(|rest| rest.strip_prefix(kind))
            .is_some_and(|rest| rest.trim() == name)
    };
    let start = text
        .lines()
        .position(|l| is_mark(l, "ANCHOR:"))
        .ok_or_else(|| format!("no `ANCHOR: {name}`"))?;
    let len = text
        .lines()
        .skip(start + 1)
        .position(|l| is_mark(l, "ANCHOR_END:"))
        .ok_or_else(|| format!("`ANCHOR: {name}` has no `ANCHOR_END: {name}`"))?;
    let lines: Vec<String> = text
        .lines()
        .skip(start + 1)
        .take(len)
        .filter(|l| !l.contains("ANCHOR"))
        .map(String::from)
        .collect();
    if lines.iter().all(|l| l.trim().is_empty()) {
        return Err(format!("anchor `{name}` is empty"));
    }
    Ok(lines)
}

#[test]
fn every_include_names_a_real_file_and_anchor() {
    let mut problems = Vec::new();
    let all = includes();
    assert!(!all.is_empty(), "the pages include nothing");
    for (page, path, anchor) in all {
        let file = page.parent().unwrap().join(&path);
        let Ok(text) = fs::read_to_string(&file) else {
            problems.push(format!("{}: {path}: no such file", page.display()));
            continue;
        };
        match anchor {
            // Line ranges drift from the code; the course includes by anchor only.
            Some(a) if a.chars().all(|c| c.is_ascii_digit() || c == ':') => problems
                .push(format!(
                    "{}: {path}:{a}: include by anchor, not by line numbers",
                    page.display()
                )),
            Some(a) => {
                if let Err(why) = anchored(&text, &a) {
                    problems.push(format!("{}: {path}: {why}", page.display()));
                }
            }
            None if text.trim().is_empty() => {
                problems.push(format!("{}: {path} is empty", page.display()))
            }
            None => {}
        }
    }
    assert!(
        problems.is_empty(),
        "broken includes:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_anchor_in_the_code_is_closed_and_unique() {
    let mut sources = Vec::new();
    files_under(&root().join("crates"), "rs", &mut sources);
    let mut problems = Vec::new();
    for file in sources {
        let text = fs::read_to_string(&file).unwrap();
        let mut open = BTreeSet::new();
        let mut seen = BTreeSet::new();
        for line in text.lines() {
            let Some(comment) = line.trim_start().strip_prefix("//") else {
                continue;
            };
            let comment = comment.trim();
            // A mark is the whole comment, and its name one word: a line of a
            // string literal that talks about anchors (the course crate's
            // tests of its marker parser) is not one.
            let is_word = |name: &str| {
                let name = name.trim();
                !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            };
            let named = |kind: &str| comment.strip_prefix(kind).is_some_and(is_word);
            if !named("ANCHOR:") && !named("ANCHOR_END:") {
                continue;
            }
            if let Some(name) = comment.strip_prefix("ANCHOR:") {
                let name = name.trim().to_string();
                if !seen.insert(name.clone()) {
                    problems
                        .push(format!("{}: anchor `{name}` twice", file.display()));
                }
                open.insert(name);
            } else if let Some(name) = comment.strip_prefix("ANCHOR_END:") {
                if !open.remove(name.trim()) {
                    problems.push(format!(
                        "{}: `ANCHOR_END: {}` without its ANCHOR",
                        file.display(),
                        name.trim()
                    ));
                }
            }
        }
        for name in open {
            problems.push(format!(
                "{}: `ANCHOR: {name}` is never closed",
                file.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_transcript_is_shown_and_every_shown_transcript_exists() {
    let dir = root().join("lessons/transcripts");
    let mut on_disk = BTreeSet::new();
    for entry in fs::read_dir(&dir).unwrap().flatten() {
        on_disk.insert(entry.file_name().to_string_lossy().into_owned());
    }
    let shown: BTreeSet<String> = includes()
        .into_iter()
        .filter_map(|(_, path, _)| {
            path.strip_prefix("transcripts/").map(String::from)
        })
        .collect();
    let orphans: Vec<_> = on_disk.difference(&shown).collect();
    let missing: Vec<_> = shown.difference(&on_disk).collect();
    assert!(orphans.is_empty(), "transcripts no page shows: {orphans:?}");
    assert!(
        missing.is_empty(),
        "pages show missing transcripts: {missing:?}"
    );
}

#[test]
fn every_page_is_in_the_summary() {
    let summary = fs::read_to_string(root().join("lessons/SUMMARY.md")).unwrap();
    for page in pages() {
        let name = page.strip_prefix(root().join("lessons")).unwrap();
        let name = name.to_string_lossy();
        // Fragments included by pages (diagrams), not pages of their own.
        if name == "SUMMARY.md" || name.starts_with("diagrams/") {
            continue;
        }
        assert!(
            summary.contains(&format!("({name})")),
            "{name} is not in SUMMARY.md"
        );
    }
}

/// Builds the book with the real mdbook and fails on any warning or error, an
/// empty code block, or a `{{#` directive left unexpanded.
#[test]
fn the_book_builds_cleanly() {
    let version = Command::new("mdbook").arg("--version").output();
    if !version.is_ok_and(|o| o.status.success()) {
        assert!(
            std::env::var_os("CI").is_none(),
            "mdbook is missing on CI: .ci/run installs it"
        );
        eprintln!(
            "skipped: mdbook is not installed (cargo install --locked mdbook@0.5.4)"
        );
        return;
    }
    let dest = Path::new(env!("CARGO_TARGET_TMPDIR")).join("book");
    let out = Command::new("mdbook")
        .arg("build")
        .arg(root().join("mdbook"))
        .arg("--dest-dir")
        .arg(&dest)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run mdbook");
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "mdbook build failed:\n{log}");
    let noisy: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("WARN") || l.contains("ERROR"))
        .collect();
    assert!(noisy.is_empty(), "mdbook warned:\n{}", noisy.join("\n"));

    let mut html = Vec::new();
    files_under(&dest, "html", &mut html);
    assert!(html.len() > 2, "the book has no pages");
    let mut problems = Vec::new();
    for file in html {
        let text = fs::read_to_string(&file).unwrap();
        let name = file.strip_prefix(&dest).unwrap().display().to_string();
        if text.contains("{{#") {
            problems
                .push(format!("{name}: a `{{{{#` directive was left in the page"));
        }
        for empty in [
            "\"></code></pre>",
            "\"> </code></pre>",
            "<code></code></pre>",
        ] {
            if text.contains(empty) {
                problems.push(format!("{name}: an empty code block"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
