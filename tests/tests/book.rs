//! Keeps the book honest. mdBook 0.5.4 renders a missing include file or anchor
//! as an empty block and still exits 0, so these checks are what catch a
//! listing that went missing when the code moved.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `path` with `/` between its parts, as the book writes paths (Windows
/// shows `\`).
fn slashed(path: &Path) -> String {
    let parts: Vec<_> = path.iter().map(|p| p.to_string_lossy()).collect();
    parts.join("/")
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
    // Fragments that pages include (diagrams, generated tables), not pages of
    // their own.
    let lessons = root().join("lessons");
    let fragments: BTreeSet<PathBuf> = includes()
        .into_iter()
        .filter_map(|(page, path, _)| {
            let file = page.parent()?.join(path);
            file.canonicalize().ok()
        })
        .collect();
    for page in pages() {
        let name = slashed(page.strip_prefix(&lessons).unwrap());
        let included = page.canonicalize().is_ok_and(|p| fragments.contains(&p));
        if name == "SUMMARY.md" || name.starts_with("diagrams/") || included {
            continue;
        }
        assert!(
            summary.contains(&format!("({name})")),
            "{name} is not in SUMMARY.md"
        );
    }
}

/// Whether `program --version` runs. When it does not, the test that needs it
/// is skipped with a note, except on CI (`CI` set), where it fails: `.ci/run`
/// installs both tools, so a missing one there is a broken CI.
fn tool_or_skip(program: &str, install: &str) -> bool {
    let version = Command::new(program).arg("--version").output();
    if version.is_ok_and(|o| o.status.success()) {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{program} is missing on CI: .ci/run installs it"
    );
    eprintln!("skipped: {program} is not installed ({install})");
    false
}

/// Where `COURSE_BOOK_DIR` asks [`the_book_builds_cleanly`] to leave the book
/// it built, so that `.ci/run` checks that very book in a browser
/// (`.ci/book-check`) instead of building it a second time.
const KEEP_BOOK_IN: &str = "COURSE_BOOK_DIR";

/// Builds the book with the real mdbook and fails on any warning or error, an
/// empty code block, a `{{#` directive left unexpanded, or a diagram that the
/// mermaid preprocessor did not turn into a picture. The book goes to
/// `$COURSE_BOOK_DIR` when that is set (and stays there), else to a directory
/// of this run's own that is removed afterwards.
#[test]
fn the_book_builds_cleanly() {
    if !tool_or_skip("mdbook", "cargo install --locked mdbook@0.5.4")
        || !tool_or_skip(
            "mdbook-mermaid",
            "cargo install --locked mdbook-mermaid@0.17.1; without it the \
             book still builds, with the diagrams shown as text",
        )
        || !tool_or_skip(
            "python3",
            "mdbook/dedent.py starts listings at column 0; without it the \
             book still builds, with indented listings",
        )
    {
        return;
    }
    let kept = std::env::var_os(KEEP_BOOK_IN).map(PathBuf::from);
    // A directory of this run's own: helpers and CI may build at the same time.
    let dest = kept.clone().unwrap_or_else(|| {
        Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("book-{}", std::process::id()))
    });
    // Both editions, English in DEST and Chinese in DEST/zh-CN, as the site is
    // built (mdbook/build.py fails on any warning but KNOWN_NOTICE); the search
    // index is added by .ci/run, which has Pagefind.
    let out = Command::new("python3")
        .arg(root().join("mdbook/build.py"))
        .arg("--dest")
        .arg(&dest)
        .arg("--no-search")
        .output()
        .expect("run mdbook/build.py");
    assert!(
        out.status.success(),
        "mdbook/build.py failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let result = std::panic::catch_unwind(|| {
        check_built_book(&dest);
        check_built_book(&dest.join("zh-CN"));
    });
    if kept.is_none() {
        let _ = fs::remove_dir_all(&dest);
    }
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

/// The checks of the built HTML (see [`the_book_builds_cleanly`]).
fn check_built_book(dest: &Path) {
    let mut html = Vec::new();
    files_under(dest, "html", &mut html);
    // The other edition, in its own folder, is checked on its own.
    html.retain(|f| !f.strip_prefix(dest).is_ok_and(|f| f.starts_with("zh-CN")));
    assert!(html.len() > 2, "the book has no pages");
    let mut problems = Vec::new();
    let mut drawn = 0;
    for file in html {
        let text = fs::read_to_string(&file).unwrap();
        let name = file.strip_prefix(dest).unwrap().display().to_string();
        if text.contains("{{#") {
            problems
                .push(format!("{name}: a `{{{{#` directive was left in the page"));
        }
        if text.contains("language-mermaid") {
            problems.push(format!(
                "{name}: a mermaid block was left as code: the mermaid \
                 preprocessor must run after `links` (book.toml)"
            ));
        }
        // print.html holds every page, and index.html is a copy of the first.
        if name != "print.html" && name != "index.html" {
            drawn += text.matches("<pre class=\"mermaid\">").count();
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
    let shown = includes()
        .iter()
        .filter(|(_, path, _)| path.starts_with("diagrams/"))
        .count();
    if drawn != shown {
        problems.push(format!(
            "the pages include {shown} diagrams, the book has {drawn} ready to draw"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The fenced blocks of a page: (info string, lines), e.g. ("rust,ignore", ..).
fn fenced_blocks(text: &str) -> Vec<(String, Vec<String>)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String, Vec<String>)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        match &mut current {
            None => {
                let fence: String =
                    trimmed.chars().take_while(|&c| c == '`').collect();
                if fence.len() >= 3 {
                    let info = trimmed[fence.len()..].trim().to_string();
                    current = Some((fence, info, Vec::new()));
                }
            }
            Some((fence, info, lines)) => {
                if trimmed.starts_with(fence.as_str())
                    && trimmed.trim_start_matches('`').trim().is_empty()
                {
                    blocks.push((std::mem::take(info), std::mem::take(lines)));
                    current = None;
                } else {
                    lines.push(line.to_string());
                }
            }
        }
    }
    blocks
}

/// Code is never copied into a page: a Rust block holds `{{#include}}`s of
/// the real files and is `rust,ignore` (a plain `rust` block gets a Run
/// button, which cannot link socket2). Only comments and closing braces may
/// stand beside them, as in an exercise's starting point: an included
/// signature, `// your code`, `}`.
#[test]
fn every_rust_listing_is_an_include() {
    let mut problems = Vec::new();
    for page in pages() {
        let text = fs::read_to_string(&page).unwrap();
        for (info, lines) in fenced_blocks(&text) {
            if !info.split(',').any(|word| word.trim() == "rust") {
                continue;
            }
            let name = page.display();
            if !info.split(',').any(|word| word.trim() == "ignore") {
                problems
                    .push(format!("{name}: a ```{info} block: use ```rust,ignore"));
            }
            let copied: Vec<&String> = lines
                .iter()
                .filter(|l| {
                    let l = l.trim();
                    !(l.is_empty()
                        || l.starts_with("{{#include ")
                        || l.starts_with("{{#rustdoc_include ")
                        || l.starts_with("//")
                        || l.chars().all(|c| c == '}'))
                })
                .collect();
            if !copied.is_empty() {
                problems.push(format!(
                    "{name}: code copied into a page instead of included: {:?}",
                    copied[0]
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What a learner writes is never shown outside a solution: no listing
/// carries the assignment generator's `SOLUTION:` markers, and each solution
/// block is written so that mdBook renders the code inside it (a blank line
/// after `<summary>...</summary>` and before `</details>`).
#[test]
fn solutions_hide_and_render() {
    let mut problems = Vec::new();
    for (page, path, anchor) in includes() {
        let Some(anchor) = anchor else { continue };
        let Ok(text) = fs::read_to_string(page.parent().unwrap().join(&path)) else {
            continue; // reported by every_include_names_a_real_file_and_anchor
        };
        let shown = anchored(&text, &anchor).unwrap_or_default();
        if shown.iter().any(|l| l.contains("SOLUTION:")) {
            problems.push(format!(
                "{}: {path}:{anchor} shows a `SOLUTION:` marker: put the anchor \
                 inside the region or around the whole function",
                page.display()
            ));
        }
    }
    for page in pages() {
        let text = fs::read_to_string(&page).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let line = line.trim();
            if (line.starts_with("<summary>") || line == "</summary>")
                && lines.get(i + 1).is_some_and(|next| !next.trim().is_empty())
            {
                problems.push(format!(
                    "{}:{}: leave a blank line after <summary> and after </summary>: \
                     the word between them is Markdown (the Chinese edition \
                     translates it), and the code inside <details> is rendered",
                    page.display(),
                    i + 1
                ));
            }
            if line == "</details>" && i > 0 && !lines[i - 1].trim().is_empty() {
                problems.push(format!(
                    "{}:{}: leave a blank line before </details>",
                    page.display(),
                    i + 1
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Each diagram fragment is one ```mermaid block and nothing else, has no `;`
/// (mermaid ends a statement there, so a note with one breaks the whole
/// diagram), and is shown by some page: an English diagram by a page's
/// include, a Chinese copy (`diagrams/zh-CN/`) by the translation's.
#[test]
fn every_diagram_is_one_mermaid_block_and_shown() {
    let dir = root().join("lessons/diagrams");
    let mut found = Vec::new();
    files_under(&dir, "md", &mut found);
    assert!(!found.is_empty(), "no diagrams under lessons/diagrams");
    let mut shown: BTreeSet<String> = includes()
        .into_iter()
        .filter_map(|(_, path, _)| path.strip_prefix("diagrams/").map(String::from))
        .collect();
    shown.extend(
        po_diagram_includes()
            .into_iter()
            .filter_map(|(_, to)| to.strip_prefix("diagrams/").map(String::from)),
    );
    let mut problems = Vec::new();
    for file in found {
        let name = slashed(file.strip_prefix(&dir).unwrap());
        let text = fs::read_to_string(&file).unwrap();
        let blocks = fenced_blocks(&text);
        let outside = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .count()
            .saturating_sub(blocks.iter().map(|(_, l)| l.len() + 2).sum::<usize>());
        if blocks.len() != 1 || blocks[0].0 != "mermaid" || outside != 0 {
            problems.push(format!("{name}: not exactly one ```mermaid block"));
        } else if blocks[0].1.iter().any(|l| l.contains(';')) {
            problems
                .push(format!("{name}: a `;` (mermaid ends the statement there)"));
        }
        if !shown.contains(&name) {
            problems.push(format!("{name}: no page includes it"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The diagram includes of `mdbook/po/zh-CN.po`: for each message that is a
/// `{{#include diagrams/...}}` line, the path it includes in English (msgid) and
/// the one the Chinese edition includes instead (msgstr).
fn po_diagram_includes() -> Vec<(String, String)> {
    let po = fs::read_to_string(root().join("mdbook/po/zh-CN.po")).unwrap();
    let path = |line: &str, key: &str| {
        line.strip_prefix(key)?
            .strip_prefix("\"{{#include ")?
            .strip_suffix("}}\"")
            .map(|p| p.trim().to_string())
    };
    let lines: Vec<&str> = po.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(from) = path(line, "msgid ") else {
            continue;
        };
        if !from.starts_with("diagrams/") {
            continue;
        }
        let to = lines
            .get(i + 1)
            .and_then(|l| path(l, "msgstr "))
            .unwrap_or_else(|| {
                panic!("zh-CN.po: the msgstr of {from:?} is not one include line")
            });
        found.push((from, to));
    }
    found
}

/// A mermaid diagram with its words taken out, one statement a line: the
/// diagram type, node, participant and state ids, arrows, subgraphs and blocks,
/// in order. Labels go: quoted text (flowchart nodes, edges and subgraph
/// titles), what follows the first `:` (messages, notes, transitions), a
/// participant's `as` name, the text of `alt`/`else`/`opt`/`loop`..., and a
/// state diagram's `Id: description` lines (a description is a label).
fn mermaid_skeleton(text: &str) -> Vec<String> {
    let mut kind = String::new();
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("```") || line.starts_with("%%") {
            continue;
        }
        let mut bare = String::new();
        for (i, piece) in line.split('"').enumerate() {
            bare.push_str(if i % 2 == 0 { piece } else { "\"\"" });
        }
        let (statement, label) = match bare.split_once(':') {
            Some((s, l)) => (s.trim(), Some(l.trim())),
            None => (bare.trim(), None),
        };
        let mut words: Vec<&str> = statement.split_whitespace().collect();
        if kind.is_empty()
            && words.first().is_some_and(|w| {
                w.ends_with("Diagram")
                    || w.starts_with("stateDiagram")
                    || *w == "flowchart"
                    || *w == "graph"
            })
        {
            kind = words[0].to_string();
        }
        if kind.starts_with("stateDiagram")
            && words.len() == 1
            && label.is_some_and(|l| !l.is_empty())
            && !statement.contains("--")
        {
            continue; // `Id: description`
        }
        match words.first().copied() {
            Some("participant" | "actor") => words.truncate(2),
            Some(
                "alt" | "else" | "opt" | "loop" | "par" | "and" | "critical"
                | "option" | "break",
            ) => words.truncate(1),
            _ => {}
        }
        out.push(words.join(" "));
    }
    out
}

/// The diagrams that wire-watch's tests regenerate from real captures
/// (`lessons/diagrams/wire-*.md`): program output, the same in both editions,
/// like the transcripts. Found by name in those tests.
fn generated_diagrams() -> BTreeSet<String> {
    let tests =
        fs::read_to_string(root().join("crates/wire-watch/tests/transcripts.rs"))
            .unwrap();
    let mut found = BTreeSet::new();
    for entry in fs::read_dir(root().join("lessons/diagrams"))
        .unwrap()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && tests.contains(&format!("\"{name}\"")) {
            found.insert(name);
        }
    }
    assert!(!found.is_empty(), "wire-watch's tests name no diagram");
    found
}

/// The Chinese edition draws every hand-drawn diagram in Chinese: each
/// `lessons/diagrams/NAME.md` not generated by wire-watch has a copy
/// `lessons/diagrams/zh-CN/NAME.md` with the same mermaid skeleton
/// ([`mermaid_skeleton`]: the same diagram, only its labels translated), every
/// copy has its English original, and zh-CN.po includes the copy wherever a
/// page includes the original. Generated diagrams have no copy, and the
/// translation includes them as they are.
#[test]
fn the_chinese_diagrams_are_the_english_ones_translated() {
    let dir = root().join("lessons/diagrams");
    let generated = generated_diagrams();
    let names = |dir: &Path| -> BTreeSet<String> {
        fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".md"))
            .collect()
    };
    let english = names(&dir);
    let chinese = names(&dir.join("zh-CN"));
    let mut problems = Vec::new();
    for name in &english {
        let copy = dir.join("zh-CN").join(name);
        if generated.contains(name) {
            if copy.exists() {
                problems.push(format!(
                    "zh-CN/{name}: {name} is wire-watch's output, the same in both editions"
                ));
            }
            continue;
        }
        let Ok(translated) = fs::read_to_string(&copy) else {
            problems.push(format!("{name} has no Chinese copy zh-CN/{name}"));
            continue;
        };
        let original =
            mermaid_skeleton(&fs::read_to_string(dir.join(name)).unwrap());
        let translated = mermaid_skeleton(&translated);
        if original != translated {
            let at = original
                .iter()
                .zip(&translated)
                .position(|(a, b)| a != b)
                .unwrap_or(original.len().min(translated.len()));
            problems.push(format!(
                "zh-CN/{name} is not {name} translated: statement {} is {:?} in English, \
                 {:?} in Chinese ({} and {} statements)",
                at + 1,
                original.get(at).map_or("(none)", String::as_str),
                translated.get(at).map_or("(none)", String::as_str),
                original.len(),
                translated.len()
            ));
        }
    }
    for name in chinese.difference(&english) {
        problems.push(format!("zh-CN/{name} has no English original {name}"));
    }
    let po = po_diagram_includes();
    let shown: BTreeSet<String> = includes()
        .into_iter()
        .filter_map(|(_, path, _)| path.strip_prefix("diagrams/").map(String::from))
        .collect();
    for name in &shown {
        let from = format!("diagrams/{name}");
        let want = if generated.contains(name) {
            from.clone()
        } else {
            format!("diagrams/zh-CN/{name}")
        };
        match po.iter().find(|(f, _)| *f == from) {
            None => problems.push(format!("zh-CN.po has no message {{{{#include {from}}}}}")),
            Some((_, to)) if *to != want => problems.push(format!(
                "zh-CN.po: {{{{#include {from}}}}} is translated as {{{{#include {to}}}}}, \
                 not {{{{#include {want}}}}}"
            )),
            Some(_) => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_diagram_skeleton_keeps_the_structure_and_drops_the_words() {
    let english = "```mermaid\nsequenceDiagram\n    participant C as client\n    \
                   Note over C: hello: world\n    C->>S: \"LHF nb\" (write)\n    \
                   alt it fails\n    end\n```\n";
    let chinese = "```mermaid\nsequenceDiagram\n    participant C as 客户端\n    \
                   Note over C: 你好：<br/>世界\n    C->>S: \"LHF nb\"（write）\n    \
                   alt 失败了\n    end\n```\n";
    assert_eq!(mermaid_skeleton(english), mermaid_skeleton(chinese));
    assert_eq!(
        mermaid_skeleton(english),
        [
            "sequenceDiagram",
            "participant C",
            "Note over C",
            "C->>S",
            "alt",
            "end"
        ]
    );
    // An arrow turned round, or a node renamed, is a different diagram.
    let turned = english.replace("C->>S", "S->>C");
    assert_ne!(mermaid_skeleton(english), mermaid_skeleton(&turned));
    let flow = "flowchart TD\n    a[\"x: y\"] -- \"no: z\" --> b{\"w\"}\n";
    assert_eq!(
        mermaid_skeleton(flow),
        ["flowchart TD", "a[\"\"] -- \"\" --> b{\"\"}"]
    );
    let renamed = flow.replace("b{", "c{");
    assert_ne!(mermaid_skeleton(flow), mermaid_skeleton(&renamed));
    let states = "stateDiagram-v2\n    A: waiting\n    [*] --> A: go\n";
    assert_eq!(mermaid_skeleton(states), ["stateDiagram-v2", "[*] --> A"]);
}

/// The pictures the course promises, on the pages that explain them.
const DIAGRAMS: &[(&str, &str)] = &[
    ("sockopt-demo.md", "socket-calls.md"),
    ("tcp-oneshot.md", "tcp-call.md"),
    ("tcp-loop.md", "tcp-loops.md"),
    ("tcp-loop.md", "time-wait.md"),
    ("tcp-loop.md", "tcp-loop-session.md"),
    ("udp-echo.md", "udp-exchange.md"),
    ("sockopt-demo.md", "nagle.md"),
    ("sockopt-demo.md", "close-reset.md"),
    ("tcp-framing.md", "tcp-framing-put.md"),
    ("tcp-events.md", "tcp-events-states.md"),
    ("tcp-threads.md", "tcp-threads-waits.md"),
    ("wire-watch.md", "wire-one-shot.md"),
    ("wire-watch.md", "wire-reset.md"),
    ("wire-watch.md", "wire-backlog.md"),
    ("tcp-tokio.md", "tcp-tokio-runtime.md"),
    ("tcp-tokio.md", "tcp-tokio-closing.md"),
    ("tcp-tokio.md", "tcp-tokio-idle.md"),
    ("tcp-oneshot.md", "wire-one-shot.md"),
    ("sockopt-demo.md", "wire-reset.md"),
];

/// How a solution opens on a page: the word is a paragraph of its own, so
/// the Chinese edition can translate it (mdbook-xgettext leaves HTML alone).
const SOLUTION: &str = "<details>\n<summary>\n\nSolution\n\n</summary>\n\n";

/// Every lesson page (the pages under `# Lessons` and `# Beyond the article`
/// in SUMMARY.md) offers three exercises or more, each with a solution to
/// reveal, and the pages of [`DIAGRAMS`] show their diagrams.
#[test]
fn every_lesson_has_exercises_and_its_diagrams() {
    let lessons = root().join("lessons");
    let summary = fs::read_to_string(lessons.join("SUMMARY.md")).unwrap();
    let section: String = summary
        .split("\n# ")
        .filter(|part| {
            part.starts_with("Lessons") || part.starts_with("Beyond the article")
        })
        .collect();
    assert!(!section.is_empty(), "a `# Lessons` part in SUMMARY.md");
    let mut problems = Vec::new();
    let mut count = 0;
    for line in section.lines() {
        let Some(page) = line
            .split_once("](")
            .and_then(|(_, rest)| rest.split_once(')'))
            .map(|(page, _)| page)
        else {
            continue;
        };
        count += 1;
        let text = fs::read_to_string(lessons.join(page)).unwrap_or_default();
        let solutions = text.matches(SOLUTION).count();
        if solutions < 3 {
            problems.push(format!(
                "{page}: {solutions} exercise solutions ({SOLUTION:?}), \
                 a lesson has three or more"
            ));
        }
    }
    assert!(count >= 4, "only {count} lessons under `# Lessons`");
    for (page, diagram) in DIAGRAMS {
        let text = fs::read_to_string(lessons.join(page)).unwrap_or_default();
        if !text.contains(&format!("{{{{#include diagrams/{diagram}}}}}")) {
            problems.push(format!("{page} does not show diagrams/{diagram}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// mdbook/dedent.py, the preprocessor that starts listings at column 0: it
/// removes the indentation a block's lines share (an anchored include keeps
/// the function body's), and nothing else; a list item's or a quote's own
/// indentation stays, and lines mdBook hides (`# `) do not hold the rest in.
#[test]
fn dedent_starts_every_listing_at_column_zero() {
    use std::io::Write as _;
    use std::process::Stdio;
    if !tool_or_skip("python3", "mdbook/dedent.py needs python3") {
        return;
    }
    // Each block as a page has it, and as dedent.py must leave it; the page
    // is the blocks with a blank line between them.
    let blocks = [
        ("Text stays    as it is.\n", "Text stays    as it is.\n"),
        (
            "```rust,ignore\n        let x = 1;\n        if x {\n            y();\n        }\n```\n",
            "```rust,ignore\nlet x = 1;\nif x {\n    y();\n}\n```\n",
        ),
        (
            "- an item:\n\n  ```console\n      $ a\n        b\n  ```\n",
            "- an item:\n\n  ```console\n  $ a\n    b\n  ```\n",
        ),
        (
            "> ```rust\n>     fn f() {}\n>\n>     g();\n> ```\n",
            "> ```rust\n> fn f() {}\n>\n> g();\n> ```\n",
        ),
        (
            "```rust,ignore\n#     use x;\n        let y = 2;\n```\n",
            "```rust,ignore\n# use x;\n    let y = 2;\n```\n",
        ),
        (
            "````text\n   ```\n   not a fence inside\n````\n",
            "````text\n```\nnot a fence inside\n````\n",
        ),
    ];
    let page = &blocks.map(|(page, _)| page).join("\n");
    let want = &blocks.map(|(_, want)| want).join("\n");
    let chapter = |content: &str, sub: &str| {
        format!(
            r#"{{"Chapter": {{"name": "p", "content": {}, "number": null,
                "sub_items": [{sub}], "path": "p.md", "source_path": "p.md",
                "parent_names": []}}}}"#,
            json_string(content)
        )
    };
    let nested = chapter(page, "");
    let book = format!(
        r#"[{{"root": "."}}, {{"items": [{}, "Separator"]}}]"#,
        chapter(page, &nested)
    );
    let mut child = Command::new("python3")
        .arg(root().join("mdbook/dedent.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run python3 mdbook/dedent.py");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(book.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "dedent.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The chapter and its sub-chapter, each dedented once.
    assert_eq!(
        stdout.matches(&json_string(want)).count(),
        2,
        "dedent.py returned:\n{stdout}"
    );
}

/// `text` as a JSON string, as Python's json.dump writes it (non-ASCII kept).
fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// mdBook numbers the chapters of SUMMARY.md's lists 1, 2, 3, ... across its
/// parts (the introduction, a link outside any list, has no number), and the
/// sidebar shows that number before the title. So in the part `# Lessons`,
/// "Lesson N" must be the N-th numbered chapter, or the sidebar reads
/// "2. Lesson 1"; and lessons come in their order everywhere. (Lessons beyond
/// the article land one by one, so a gap there, lesson 7 before 5 and 6 are
/// in, is allowed.)
#[test]
fn lesson_numbers_are_chapter_numbers() {
    let summary = fs::read_to_string(root().join("lessons/SUMMARY.md")).unwrap();
    let mut problems = Vec::new();
    let mut chapters = 0;
    let mut part = "";
    let mut last = 0;
    let mut lessons = 0;
    for line in summary.lines() {
        if let Some(title) = line.strip_prefix("# ") {
            part = title.trim();
            continue;
        }
        // A numbered chapter at the top level; nested ones get 1.1, 1.2.
        let Some(title) = line.strip_prefix("- [") else {
            continue;
        };
        chapters += 1;
        let Some(number) = title
            .strip_prefix("Lesson ")
            .and_then(|rest| rest.split(':').next())
            .and_then(|n| n.parse::<usize>().ok())
        else {
            continue;
        };
        let name = title.split(']').next().unwrap_or(title);
        if part == "Lessons" {
            lessons += 1;
            if number != chapters {
                problems.push(format!(
                    "\"{name}\" is chapter {chapters} in the sidebar"
                ));
            }
        }
        if number <= last {
            problems.push(format!("\"{name}\" comes after lesson {last}"));
        }
        last = number;
    }
    assert!(
        lessons >= 4,
        "only {lessons} lessons in the part `# Lessons`"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The pages of lessons 1 to 4 and the pages around them, whose commands a
/// Windows learner must be able to run.
const WINDOWS_PAGES: &[&str] = &[
    "intro.md",
    "tcp-oneshot.md",
    "tcp-loop.md",
    "udp-echo.md",
    "sockopt-demo.md",
    "troubleshooting.md",
    "what-really-happens.md",
];

/// What only a Unix shell runs: these commands and shell forms have no
/// meaning in PowerShell.
const UNIX_ONLY: &[&str] = &[
    "/dev/", "$(", "| tr ", "| wc", "| awk", "printf ", "head -c", "ss -", "lsof ",
    "/proc/", "ulimit",
];

/// Every command line (`$ ...`) shown in a console block of those pages,
/// inline or from an included transcript, that only a Unix shell runs is
/// followed by a console block of PowerShell lines (`PS> ...`) that do the
/// same. (mdBook's highlighter knows no `powershell`, and warns on one.)
#[test]
fn every_unix_only_command_has_a_powershell_line() {
    let lessons = root().join("lessons");
    let mut problems = Vec::new();
    for page in WINDOWS_PAGES {
        let text = fs::read_to_string(lessons.join(page)).unwrap();
        let blocks = fenced_blocks(&text);
        for (i, (info, lines)) in blocks.iter().enumerate() {
            if info != "console" {
                continue;
            }
            let mut shown = Vec::new();
            for line in lines {
                let included = line
                    .trim()
                    .strip_prefix("{{#include ")
                    .and_then(|rest| rest.strip_suffix("}}"));
                match included {
                    Some(path) => {
                        let file = fs::read_to_string(lessons.join(path.trim()))
                            .unwrap_or_default();
                        shown.extend(file.lines().map(String::from));
                    }
                    None => shown.push(line.clone()),
                }
            }
            let unix = shown.iter().find(|l| {
                l.starts_with("$ ") && UNIX_ONLY.iter().any(|u| l.contains(u))
            });
            // A console block of `PS> ` lines: PowerShell's own prompt.
            let answered = blocks.get(i + 1).is_some_and(|(next, lines)| {
                next == "console"
                    && lines
                        .iter()
                        .all(|l| l.trim().is_empty() || l.starts_with("PS> "))
            });
            if let Some(command) = unix.filter(|_| !answered) {
                problems.push(format!(
                    "{page}: `{command}` needs a block of `PS> ` lines after it"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every heading of every page names its anchor (`## Run it {#run-it}`): the
/// Chinese edition translates the heading's words, and its links and the
/// links into it from other pages keep working only if the anchor does not
/// follow the words.
#[test]
fn every_heading_names_its_anchor() {
    let mut missing = Vec::new();
    for page in pages() {
        let text = fs::read_to_string(&page).unwrap();
        let mut fence: Option<String> = None;
        for (n, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            let ticks: String = trimmed
                .chars()
                .take_while(|&c| c == '`' || c == '~')
                .collect();
            if ticks.len() >= 3 {
                match &fence {
                    None => fence = Some(ticks),
                    Some(open) if trimmed.starts_with(open.as_str()) => fence = None,
                    Some(_) => {}
                }
                continue;
            }
            let is_heading = fence.is_none()
                && line.starts_with('#')
                && line.trim_start_matches('#').starts_with(' ');
            let named = line.trim_end().ends_with('}') && line.contains(" {#");
            if is_heading && !named && !page.ends_with("SUMMARY.md") {
                missing.push(format!("{}:{}: {line}", page.display(), n + 1));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "headings without an explicit anchor (add ` {{#id}}`, the id mdBook gives it):\n{}",
        missing.join("\n")
    );
}

/// The Chinese edition translates every message of the pages as they are now:
/// the messages are extracted afresh (mdbook-xgettext, as `mdbook/po/messages.pot`
/// is made), merged with `mdbook/po/zh-CN.po` (msgmerge), and every one must be
/// translated and none fuzzy. A page that changed without its translation fails
/// here, with the messages to translate.
#[test]
fn the_chinese_edition_translates_every_message() {
    if !tool_or_skip("mdbook", "cargo install --locked mdbook@0.5.4")
        || !tool_or_skip("msgmerge", "apt-get install gettext")
    {
        return;
    }
    let extracted = Command::new("mdbook-xgettext").arg("--version").output();
    if extracted.is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "mdbook-xgettext is missing on CI"
        );
        eprintln!("skipped: cargo install --locked mdbook-i18n-helpers@0.4.0");
        return;
    }
    let work = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("po-{}", std::process::id()));
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).unwrap();
    // The pages as gettext sees them: before `links` expands the includes.
    let out = Command::new("mdbook")
        .arg("build")
        .arg(root().join("mdbook"))
        .arg("--dest-dir")
        .arg(&work)
        .env("MDBOOK_BUILD__USE_DEFAULT_PREPROCESSORS", "false")
        .env(
            "MDBOOK_OUTPUT",
            r#"{"xgettext": {"pot-file": "messages.pot"}}"#,
        )
        .output()
        .expect("run mdbook");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let merged = work.join("zh-CN.po");
    let status = Command::new("msgmerge")
        .args(["--quiet", "--no-wrap", "-o"])
        .arg(&merged)
        .arg(root().join("mdbook/po/zh-CN.po"))
        .arg(work.join("messages.pot"))
        .status()
        .expect("run msgmerge");
    assert!(status.success());
    let text = fs::read_to_string(&merged).unwrap();
    let _ = fs::remove_dir_all(&work);
    // Each entry: its comment lines, msgid, msgstr; an empty msgstr is a
    // message still to translate.
    let mut todo = Vec::new();
    for entry in text.split("\n\n").skip(1) {
        if entry
            .lines()
            .all(|l| l.starts_with("#~") || l.trim().is_empty())
        {
            continue; // an old message, no longer on any page
        }
        let fuzzy = entry
            .lines()
            .any(|l| l.starts_with("#,") && l.contains("fuzzy"));
        let empty =
            entry.contains("\nmsgstr \"\"") && !entry.contains("\nmsgstr \"\"\n\"");
        if fuzzy || empty || entry.ends_with("msgstr \"\"") {
            let at = entry.lines().find(|l| l.starts_with("#: ")).unwrap_or("");
            let id = entry.lines().find(|l| l.starts_with("msgid")).unwrap_or("");
            todo.push(format!(
                "{} {at}\n    {id}",
                if fuzzy { "changed" } else { "new" }
            ));
        }
    }
    assert!(
        todo.is_empty(),
        "{} messages of the pages have no Chinese yet: merge them into mdbook/po/zh-CN.po \
         (msgmerge --update mdbook/po/zh-CN.po mdbook/po/messages.pot) and translate them:\n{}",
        todo.len(),
        todo.join("\n")
    );
}
