//! The course's exercises, found on disk rather than listed by hand, so a new
//! lesson's exercises are there as soon as its files are.
//!
//! An exercise is a file `crates/<lesson>/src/exercises/<name>.rs` (not
//! `mod.rs`). Its tests are those of `crates/<lesson>/tests/exercises.rs`
//! named after it (`quit_...` for `quit.rs`), and its hints are the words of
//! its solution markers (`// SOLUTION: begin <hint>`, see [`crate::markers`]),
//! or, in a copy made by `course assignment`, of the `todo!("<hint>")`s that
//! replaced them: the same words, in the one place they are written.
//!
//! Order: the lessons' ([`crate::lessons::LESSONS`], then any other lesson
//! crate by name), and within a lesson the order in which the lesson's page
//! (`lessons/<lesson>.md`) first names each exercise's file.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::fingerprint;
use crate::lessons::LESSONS;
use crate::markers;
use crate::progress::{self, Entry, Freshness};

/// One exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    /// The lesson's crate.
    pub lesson: String,
    /// The file's name without `.rs`: `quit`, `largest_write`.
    pub name: String,
    /// The file, from the workspace root, with `/` separators.
    pub file: String,
    /// What to write: one task per marked region or `todo!()`.
    pub tasks: Vec<Task>,
    /// The names of the functions the file defines, for tests named after
    /// the function rather than the file (`fill_...` for `largest_write`).
    pub functions: Vec<String>,
    /// True while the file's code (not a comment) still holds a `todo!(`:
    /// something is not written yet, and no record can make it pass (see
    /// [`passed`]).
    pub todo_left: bool,
}

/// One function to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    /// The line of the marker or the `todo!()`, from 1.
    pub line: usize,
    /// The function: `pub fn is_quit(line: &[u8]) -> bool`.
    pub signature: String,
    /// What to write.
    pub hint: String,
    /// True for a `todo!()` still to write, false for a marked solution.
    pub todo: bool,
}

impl Exercise {
    /// `tcp-loop/quit`: how `course` names it, and the key of its record.
    pub fn key(&self) -> String {
        format!("{}/{}", self.lesson, self.name)
    }

    /// The tests of this exercise among `all` (a lesson's exercise tests):
    /// those whose name is the exercise's or starts with it and `_`, or,
    /// when none does, with the name of one of its functions.
    pub fn tests<'a>(&self, all: &'a [String]) -> Vec<&'a String> {
        let named = |prefix: &str, test: &str| {
            // A test in a module (`quit::ends`) counts by its own name.
            let test = test.rsplit("::").next().unwrap_or(test);
            test == prefix
                || test
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('_'))
        };
        let mine: Vec<&String> =
            all.iter().filter(|t| named(&self.name, t)).collect();
        if !mine.is_empty() {
            return mine;
        }
        all.iter()
            .filter(|t| self.functions.iter().any(|f| named(f, t)))
            .collect()
    }

    /// The prefix to give `cargo test` to run this exercise's tests by hand.
    pub fn filter(&self, all: &[String]) -> String {
        let tests = self.tests(all);
        let own = |p: &str| tests.iter().all(|t| t.contains(p));
        if tests.is_empty() || own(&self.name) {
            return self.name.clone();
        }
        self.functions
            .iter()
            .find(|f| own(f))
            .cloned()
            .unwrap_or_else(|| self.name.clone())
    }
}

/// Every exercise of the course at `root`, in the course's order.
///
/// # Errors
/// When a marker in an exercise is malformed (`file:line: what`), or an
/// exercise cannot be read.
pub fn discover(root: &Path) -> Result<Vec<Exercise>> {
    let mut lessons: Vec<String> = Vec::new();
    if let Ok(entries) = fs::read_dir(root.join("crates")) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name != "course" && entry.path().join("src/exercises").is_dir() {
                lessons.push(name);
            }
        }
    }
    let rank = |name: &str| LESSONS.iter().position(|l| l.name == name);
    lessons.sort_by(|a, b| {
        let key = |n: &String| (rank(n).unwrap_or(LESSONS.len()), n.clone());
        key(a).cmp(&key(b))
    });
    let mut found = Vec::new();
    for lesson in lessons {
        let dir = root.join("crates").join(&lesson).join("src/exercises");
        let page =
            fs::read_to_string(root.join("lessons").join(format!("{lesson}.md")))
                .unwrap_or_default();
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "rs") && p.is_file())
            .filter(|p| p.file_stem().is_some_and(|s| s != "mod"))
            .collect();
        let mentioned = |path: &PathBuf| {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            page.find(&format!("exercises/{name}"))
                .unwrap_or(usize::MAX)
        };
        files.sort_by_key(|p| (mentioned(p), p.clone()));
        for path in files {
            found.push(read(root, &lesson, &path)?);
        }
    }
    Ok(found)
}

fn read(root: &Path, lesson: &str, path: &Path) -> Result<Exercise> {
    let text = fs::read_to_string(path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let rel = path.strip_prefix(root).unwrap_or(path);
    let file = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    let mut tasks: Vec<Task> = markers::scan(Path::new(&file), &text)?
        .into_iter()
        .map(|r| Task {
            line: r.begin,
            signature: r.signature,
            hint: r.hint,
            todo: false,
        })
        .collect();
    let lines: Vec<&str> = text.lines().collect();
    for (index, line) in lines.iter().enumerate() {
        if let Some(hint) = todo_hint(line) {
            tasks.push(Task {
                line: index + 1,
                signature: markers::signature(&lines[..index]),
                hint,
                todo: true,
            });
        }
    }
    tasks.sort_by_key(|t| t.line);
    let functions = lines.iter().filter_map(|l| function_name(l)).collect();
    let todo_left = lines.iter().any(|l| holds_todo(l));
    Ok(Exercise {
        lesson: lesson.to_string(),
        name: path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned(),
        file,
        tasks,
        functions,
        todo_left,
    })
}

/// Whether a line's code, before any `//` comment, calls `todo!(` (with a
/// hint, as `course assignment` writes it, or without).
fn holds_todo(line: &str) -> bool {
    let code = line.split_once("//").map_or(line, |(code, _)| code);
    code.contains("todo!(")
}

/// Whether `exercise`'s tests have passed on the code as it is now (`code`
/// is its lesson's [`fingerprint::lesson`]): a result recorded for it, or
/// for its whole lesson, says so, and its file has no `todo!(` left.
///
/// The record ([`progress`]) is a file anyone can edit. The code is what the
/// tests run, and a test that reaches a `todo!()` fails, so a `todo!(` in
/// the file outweighs a record that says `passed`: the exercise is not
/// passed, whatever the file says. Every part of `course` that asks whether
/// an exercise passed asks here.
pub fn passed(
    entries: &[Entry],
    all: &[Exercise],
    exercise: &Exercise,
    code: u64,
) -> bool {
    lesson_passed(entries, all, &exercise.lesson, code)
        || judged(entries, &exercise.key(), code, exercise.todo_left).passed()
}

/// Whether `lesson`'s whole test run passed on the code as it is now: the
/// record says so and none of its exercises (among `all`) has a `todo!(`
/// left. See [`passed`].
pub fn lesson_passed(
    entries: &[Entry],
    all: &[Exercise],
    lesson: &str,
    code: u64,
) -> bool {
    judged_lesson(entries, all, lesson, code).passed()
}

/// What the record says of `lesson`, on the code as it is now: a pass is
/// not believed (it is taken as [`Freshness::Unknown`]) while one of its
/// exercises has a `todo!(` left.
pub fn judged_lesson<'a>(
    entries: &'a [Entry],
    all: &[Exercise],
    lesson: &str,
    code: u64,
) -> Freshness<'a> {
    let todo_left = all.iter().any(|e| e.lesson == lesson && e.todo_left);
    judged(entries, lesson, code, todo_left)
}

/// What the record says of `key` on the code as it is now; a pass on code
/// with a `todo!(` left is not believed: [`Freshness::Unknown`], as if the
/// record had been lost.
pub fn judged<'a>(
    entries: &'a [Entry],
    key: &str,
    code: u64,
    todo_left: bool,
) -> Freshness<'a> {
    match progress::lookup(entries, key, code) {
        found if todo_left && found.passed() => Freshness::Unknown,
        found => found,
    }
}

/// The first exercise, in the course's order, whose tests have not passed
/// on the code as it is now (see [`progress`]): the learner's current one.
pub fn first_unpassed<'a>(
    root: &Path,
    exercises: &'a [Exercise],
    entries: &[Entry],
) -> Option<&'a Exercise> {
    let mut prints: Vec<(&str, u64)> = Vec::new();
    exercises.iter().find(|e| {
        let code = match prints.iter().find(|(l, _)| *l == e.lesson) {
            Some((_, code)) => *code,
            None => {
                let code = fingerprint::lesson(root, &e.lesson);
                prints.push((&e.lesson, code));
                code
            }
        };
        !passed(entries, exercises, e, code)
    })
}

/// The test functions that `crates/<lesson>/tests/exercises.rs` defines,
/// read from its text: what `course hint` names without building anything
/// (`course watch` asks the test program itself, with `--list`).
pub fn tests_in_source(root: &Path, lesson: &str) -> Vec<String> {
    let file = root.join("crates").join(lesson).join("tests/exercises.rs");
    let text = fs::read_to_string(file).unwrap_or_default();
    let mut tests = Vec::new();
    let mut marked = false;
    for line in text.lines() {
        let line = line.trim();
        if line == "#[test]" {
            marked = true;
        } else if marked {
            if let Some(name) = function_name(line) {
                tests.push(name);
                marked = false;
            }
        }
    }
    tests
}

/// The name a line defines with `fn`, if it does.
fn function_name(line: &str) -> Option<String> {
    let line = line.trim_start();
    let after = if let Some(rest) = line.strip_prefix("fn ") {
        rest
    } else {
        line.split_once(" fn ")?.1
    };
    let name: String = after
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty() && !line.starts_with("//")).then_some(name)
}

/// The hint of a line that is a `todo!("...")` written by `course
/// assignment`: the string read back, escapes undone and `{{` `}}` made
/// single again (see `markers::replace`).
pub fn todo_hint(line: &str) -> Option<String> {
    let literal = line.trim().strip_prefix("todo!(\"")?;
    let mut hint = String::new();
    let mut chars = literal.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(hint),
            '\\' => match chars.next()? {
                'n' => hint.push('\n'),
                't' => hint.push('\t'),
                other => hint.push(other),
            },
            '{' | '}' => {
                hint.push(c);
                // `{{` prints `{`: skip the second one.
                let mut ahead = chars.clone();
                if ahead.next() == Some(c) {
                    chars = ahead;
                }
            }
            _ => hint.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise(name: &str, functions: &[&str]) -> Exercise {
        Exercise {
            lesson: "tcp-loop".into(),
            name: name.into(),
            file: format!("crates/tcp-loop/src/exercises/{name}.rs"),
            tasks: Vec::new(),
            functions: functions.iter().map(|f| f.to_string()).collect(),
            todo_left: false,
        }
    }

    #[test]
    fn tests_are_named_after_the_exercise_or_else_its_functions() {
        let all: Vec<String> = [
            "quit_ends_the_call",
            "quit",
            "quitting_is_not_quit",
            "count_counts",
            "fill_writes",
            "dial_reaches",
        ]
        .map(String::from)
        .to_vec();
        let quit = exercise("quit", &["is_quit", "run"]);
        assert_eq!(quit.tests(&all), ["quit_ends_the_call", "quit"]);
        assert_eq!(quit.filter(&all), "quit");
        let largest = exercise("largest_write", &["run", "fill"]);
        assert_eq!(largest.tests(&all), ["fill_writes"]);
        assert_eq!(largest.filter(&all), "fill");
        assert!(exercise("none", &["run"]).tests(&all).is_empty());
    }

    #[test]
    fn todo_hints_read_back_what_the_assignment_wrote() {
        let hint = r#"say "{hi}" \ there"#;
        let text = format!(
            "fn f() {{\n    // SOLUTION: begin {hint}\n    1\n    // SOLUTION: end\n}}\n"
        );
        let regions = markers::scan(Path::new("x.rs"), &text).unwrap();
        let (starter, _) = markers::replace(&text, &regions);
        let line = starter
            .lines()
            .find(|l| l.trim_start().starts_with("todo!("))
            .unwrap();
        assert_eq!(todo_hint(line).as_deref(), Some(hint));
        assert_eq!(todo_hint("    todo!(\"a\");").as_deref(), Some("a"));
        assert_eq!(todo_hint("todo!()"), None);
        assert_eq!(todo_hint("let x = todo!(\"a\")"), None);
    }

    #[test]
    fn a_todo_in_code_counts_and_one_in_a_comment_does_not() {
        assert!(holds_todo("    todo!(\"say hello\")"));
        assert!(holds_todo("    let n: u32 = todo!();"));
        assert!(!holds_todo("    // todo!(\"was here\")"));
        assert!(!holds_todo("/// Replaces the todo!() of the copy."));
        assert!(!holds_todo("    format!(\"hello, {name}\")"));
    }

    #[test]
    fn a_pass_on_code_with_a_todo_left_is_not_believed() {
        let entries = [
            Entry::now("tcp-loop", 7, progress::State::Passed, ""),
            Entry::now("tcp-loop/quit", 7, progress::State::Passed, ""),
        ];
        let mut quit = exercise("quit", &["is_quit"]);
        let count = exercise("count", &["count"]);
        let all = [quit.clone(), count.clone()];
        assert!(passed(&entries, &all, &quit, 7));
        assert!(passed(&entries, &all, &count, 7), "the lesson passed");
        quit.todo_left = true;
        let all = [quit.clone(), count.clone()];
        assert!(!passed(&entries, &all, &quit, 7));
        assert!(!passed(&entries, &all, &count, 7), "not the whole lesson");
        assert_eq!(
            judged_lesson(&entries, &all, "tcp-loop", 7),
            Freshness::Unknown
        );
        // A failure stays what it is.
        let failed = [Entry::now("tcp-loop/quit", 7, progress::State::Failed, "")];
        assert!(matches!(
            judged(&failed, "tcp-loop/quit", 7, true),
            Freshness::Current(_)
        ));
    }

    #[test]
    fn function_names_are_read() {
        assert_eq!(
            function_name("pub fn is_quit(line: &[u8]) -> bool {").as_deref(),
            Some("is_quit")
        );
        assert_eq!(
            function_name("    fn each_sender() {").as_deref(),
            Some("each_sender")
        );
        assert_eq!(
            function_name("pub(crate) async fn go<T>(").as_deref(),
            Some("go")
        );
        assert_eq!(function_name("// fn not_this()"), None);
        assert_eq!(function_name("let fn_count = 1;"), None);
    }
}
