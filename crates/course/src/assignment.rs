//! `course assignment OUT_DIR`: the course as a starter for students, with
//! every marked solution replaced by `todo!("<hint>")` (see [`crate::markers`]).

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result};
use common::Hinted;

use crate::lessons::{self, COURSE};
use crate::markers;

/// What is not copied, from the workspace root: the build folder, the
/// repository's history and the built book.
pub const SKIPPED: &[&str] = &["target", ".git", "mdbook/book"];

/// One `todo!()` of the starter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    /// The lesson's crate (`crates/<lesson>/src/...`).
    pub lesson: String,
    /// The file, from the root, with `/` separators.
    pub file: String,
    /// The `todo!()`'s line in the starter's file, from 1.
    pub line: usize,
    /// What to write.
    pub hint: String,
    /// The line that opens the function's body.
    pub signature: String,
}

/// What [`generate`] wrote.
#[derive(Debug)]
pub struct Starter {
    /// Every exercise, lesson by lesson in the course's order.
    pub exercises: Vec<Exercise>,
    /// Each rewritten file (from the root, `/` separators) and its text as it
    /// was read, solutions included: a test puts them back.
    pub solutions: Vec<(String, String)>,
}

impl Starter {
    /// The lessons with at least one exercise, in the course's order.
    pub fn lessons(&self) -> Vec<&str> {
        let mut names: Vec<&str> =
            self.exercises.iter().map(|e| e.lesson.as_str()).collect();
        names.dedup();
        names
    }
}

/// Something to copy, found under the root.
enum Item {
    Dir(PathBuf),
    File(PathBuf),
    Link(PathBuf),
}

/// Copies the workspace at `root` to `out` (which must be new or empty, and
/// outside `root` or in its `target/`), replaces every marked region of the lessons' code (each
/// `crates/<name>/src/**.rs` but this crate's own, which talks about markers)
/// and writes `ASSIGNMENT.md`. Nothing is written when a marker is malformed.
///
/// # Errors
/// When `out` is refused, a marker is malformed (`file:line: what`), or a
/// file cannot be read or written.
pub fn generate(root: &Path, out: &Path) -> Result<Starter> {
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot read the course at {}", root.display()))?;
    check_out_dir(&root, out)?;
    let mut items = Vec::new();
    walk(&root, Path::new(""), &mut items)?;
    // Every marker is read, and checked, before anything is written.
    let mut rewritten = Vec::new();
    let mut solutions = Vec::new();
    let mut exercises = Vec::new();
    for item in &items {
        let Item::File(rel) = item else { continue };
        if !has_markers_here(rel) {
            continue;
        }
        let path = root.join(rel);
        let text = fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let regions = markers::scan(rel, &text).map_err(|err| {
            err.context(Hinted::new(
                "cannot make the assignment: a solution marker is malformed",
                "a region is `// SOLUTION: begin <hint>` ... `// SOLUTION: end` around \
                 a whole function body, outside any ANCHOR lines; see \
                 lessons/teaching.md",
            ))
        })?;
        if regions.is_empty() {
            continue;
        }
        let (new_text, todos) = markers::replace(&text, &regions);
        let lesson = rel
            .components()
            .nth(1)
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        let file = slashed(rel);
        exercises.extend(todos.into_iter().map(|todo| Exercise {
            lesson: lesson.clone(),
            file: file.clone(),
            line: todo.line,
            hint: todo.hint,
            signature: todo.signature,
        }));
        rewritten.push((rel.clone(), new_text));
        solutions.push((file, text));
    }
    exercises.sort_by_key(|e| (lesson_rank(&e.lesson), e.lesson.clone()));

    fs::create_dir_all(out)
        .with_context(|| format!("cannot create {}", out.display()))?;
    for item in &items {
        copy(&root, out, item, &rewritten)?;
    }
    let assignment = out.join("ASSIGNMENT.md");
    fs::write(&assignment, assignment_md(&root, &exercises))
        .with_context(|| format!("cannot write {}", assignment.display()))?;
    Ok(Starter {
        exercises,
        solutions,
    })
}

/// What `course assignment` prints: where the starter is, its exercises, and
/// how to try it the way a student will.
///
/// # Errors
/// When `out` is closed.
pub fn report(starter: &Starter, out_dir: &Path, out: &mut dyn Write) -> Result<()> {
    let shown = out_dir.display();
    writeln!(
        out,
        "wrote the starter to {shown}, with ASSIGNMENT.md for the students"
    )?;
    let Some(first) = starter.exercises.first() else {
        writeln!(
            out,
            "no solution is marked: the copy is the whole course, solutions included"
        )?;
        return Ok(());
    };
    let count = starter.exercises.len();
    let plural = if count == 1 { "" } else { "s" };
    writeln!(
        out,
        "{count} exercise{plural}, each solution replaced by todo!():"
    )?;
    let mut current = "";
    for exercise in &starter.exercises {
        if exercise.lesson != current {
            current = &exercise.lesson;
            let title = lessons::parse(current).map_or(current, |l| l.title);
            writeln!(out, "  {title}")?;
        }
        writeln!(
            out,
            "    {}:{}: {}",
            exercise.file, exercise.line, exercise.hint
        )?;
    }
    writeln!(
        out,
        "next: try it as a student will (its tests fail until the todo!()s are written):"
    )?;
    writeln!(out, "  cd {shown} && cargo test -p {}", first.lesson)?;
    out.flush()?;
    Ok(())
}

/// Only the lessons' code holds markers: `crates/<name>/src/**.rs`, except
/// `crates/course`, whose code and tests are about markers.
fn has_markers_here(rel: &Path) -> bool {
    let parts: Vec<Component<'_>> = rel.components().collect();
    parts.len() >= 4
        && parts[0].as_os_str() == "crates"
        && parts[1].as_os_str() != "course"
        && parts[2].as_os_str() == "src"
        && rel.extension().is_some_and(|e| e == "rs")
}

fn lesson_rank(name: &str) -> usize {
    lessons::LESSONS
        .iter()
        .position(|l| l.name == name)
        .unwrap_or(lessons::LESSONS.len())
}

fn slashed(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Refuses an `out` inside the workspace but outside its `target/` (the copy
/// would copy itself) and one that already holds something (it would be mixed
/// with the starter).
fn check_out_dir(root: &Path, out: &Path) -> Result<()> {
    let resolved = resolve(out)?;
    // The build folder is not copied, so a starter may go there (the tests
    // put theirs in target/tmp); anywhere else inside would copy itself.
    if resolved.starts_with(root) && !resolved.starts_with(root.join("target")) {
        return Err(Hinted::new(
            format!(
                "cannot write the assignment to {}: it is inside the course ({}), \
                 which it copies",
                out.display(),
                root.display()
            ),
            "choose a folder outside the course, for example ../sockets-assignment",
        )
        .into());
    }
    if resolved.exists() {
        if !resolved.is_dir() {
            return Err(Hinted::new(
                format!(
                    "cannot write the assignment to {}: it is a file",
                    out.display()
                ),
                "give the name of a new folder",
            )
            .into());
        }
        let mut entries = fs::read_dir(&resolved)
            .with_context(|| format!("cannot read {}", out.display()))?;
        if entries.next().is_some() {
            return Err(Hinted::new(
                format!(
                    "cannot write the assignment to {}: the folder is not empty",
                    out.display()
                ),
                "give the name of a new folder, or empty this one first",
            )
            .into());
        }
    }
    Ok(())
}

/// `path` made absolute, with `.`, `..` and symbolic links resolved as far as
/// the path exists (the rest of it is created later).
fn resolve(path: &Path) -> Result<PathBuf> {
    let absolute = std::path::absolute(path)
        .with_context(|| format!("cannot use {}", path.display()))?;
    let mut resolved = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            other => resolved.push(other),
        }
        if let Ok(real) = resolved.canonicalize() {
            resolved = real;
        }
    }
    Ok(resolved)
}

/// Everything under `root/rel`, parents before children, in name order.
fn walk(root: &Path, rel: &Path, items: &mut Vec<Item>) -> Result<()> {
    let dir = root.join(rel);
    let mut entries = fs::read_dir(&dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("cannot read {}", dir.display()))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let rel = rel.join(entry.file_name());
        if SKIPPED.iter().any(|s| rel == Path::new(s)) {
            continue;
        }
        let kind = entry
            .file_type()
            .with_context(|| format!("cannot read {}", root.join(&rel).display()))?;
        if kind.is_symlink() {
            items.push(Item::Link(rel));
        } else if kind.is_dir() {
            items.push(Item::Dir(rel.clone()));
            walk(root, &rel, items)?;
        } else {
            items.push(Item::File(rel));
        }
    }
    Ok(())
}

fn copy(
    root: &Path,
    out: &Path,
    item: &Item,
    rewritten: &[(PathBuf, String)],
) -> Result<()> {
    match item {
        Item::Dir(rel) => {
            let to = out.join(rel);
            fs::create_dir_all(&to)
                .with_context(|| format!("cannot create {}", to.display()))?;
        }
        Item::File(rel) => {
            let to = out.join(rel);
            if let Some((_, text)) = rewritten.iter().find(|(r, _)| r == rel) {
                fs::write(&to, text)
                    .with_context(|| format!("cannot write {}", to.display()))?;
            } else {
                fs::copy(root.join(rel), &to)
                    .with_context(|| format!("cannot write {}", to.display()))?;
            }
        }
        Item::Link(rel) => copy_link(&root.join(rel), &out.join(rel))?,
    }
    Ok(())
}

/// A symbolic link is copied as a link (on Unix), so it cannot pull in what
/// it points to outside the course.
#[cfg(unix)]
fn copy_link(from: &Path, to: &Path) -> Result<()> {
    let target = fs::read_link(from)
        .with_context(|| format!("cannot read {}", from.display()))?;
    std::os::unix::fs::symlink(target, to)
        .with_context(|| format!("cannot write {}", to.display()))
}

/// Elsewhere a link is copied as the file it points to.
#[cfg(not(unix))]
fn copy_link(from: &Path, to: &Path) -> Result<()> {
    fs::copy(from, to)
        .map(drop)
        .with_context(|| format!("cannot write {}", to.display()))
}

/// The students' instructions.
fn assignment_md(root: &Path, exercises: &[Exercise]) -> String {
    let mut text = String::from(
        "# Assignment: sockets in Rust\n\n\
         This folder is the course *Sockets in Rust, one phone call at a time* with the\n\
         solutions of its exercises taken out. Everything else is here: the lessons, their\n\
         tests, the book and the README. Each place where you write code is a\n\
         `todo!(\"...\")` whose text says what the code should do; the lesson's page in the\n\
         book explains the idea (`mdbook serve mdbook`, then open http://localhost:3000).\n\n\
         ## What to write\n",
    );
    if exercises.is_empty() {
        text.push_str("\nNothing: no solution in this copy is marked.\n");
    }
    let mut current = "";
    for exercise in exercises {
        if exercise.lesson != current {
            current = &exercise.lesson;
            match lessons::parse(current) {
                Ok(lesson) => text.push_str(&format!(
                    "\n### {}\n\nRead `{}`, then write:\n\n",
                    lesson.title, lesson.page
                )),
                Err(_) if root.join(format!("lessons/{current}.md")).is_file() => {
                    text.push_str(&format!(
                        "\n### {current}\n\nRead `lessons/{current}.md`, then write:\n\n"
                    ));
                }
                Err(_) => text.push_str(&format!("\n### {current}\n\n")),
            }
        }
        text.push_str(&format!(
            "- `{}`, line {}, in `{}`:\n  {}\n",
            exercise.file, exercise.line, exercise.signature, exercise.hint
        ));
    }
    let mut marked: Vec<&str> =
        exercises.iter().map(|e| e.lesson.as_str()).collect();
    marked.dedup();
    let example = marked.first().copied().unwrap_or("tcp-oneshot");
    let width = COURSE.len() + " -- check ".len() + example.len();
    text.push_str(&format!(
        "\n## How to check your work\n\n\
         ```console\n\
         $ {test:width$}   # the lesson's tests\n\
         $ {check:width$}   # the same, then what passed and what to look at\n\
         $ {COURSE:width$}   # every lesson, and which ones pass\n\
         ```\n\n\
         Until you write it, each `todo!()` stops its test with its text, so the lesson's\n\
         tests fail: that is where you start. You are done when `cargo test -p LESSON`\n\
         passes for {which}. Write your code in place of each\n\
         `todo!()` (add helper functions next to it if you like) and leave the tests as\n\
         they are: they are how your work is graded.\n\n\
         A file with a `todo!()` starts with an `#![allow(...)]` line that keeps the\n\
         compiler quiet about names only the missing code uses; delete it when you are\n\
         done. The first build takes a minute or two; the next ones are quick.\n",
        test = format!("cargo test -p {example}"),
        check = format!("{COURSE} -- check {example}"),
        which = match marked.len() {
            0 | 1 => "the lesson above".to_string(),
            n => format!("each of the {n} lessons above"),
        },
    ));
    text
}
