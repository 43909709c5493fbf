//! Solution markers: the parts of lesson code a student writes.
//!
//! A region is the whole body of a small function, between two comment lines:
//!
//! ```text
//! fn count_message(count: &mut usize) {
//!     // SOLUTION: begin count every message this caller sends
//!     *count += 1;
//!     // SOLUTION: end
//! }
//! ```
//!
//! The compiler ignores the comments, so the real code builds and passes its
//! tests; `course assignment` replaces each region with
//! `todo!("<hint>")`, which still compiles and fails the tests until the
//! student writes the body. `// ANCHOR` lines inside a region are kept, so the
//! book of the starter shows the `todo!()` where the solution was.
//!
//! [`scan`] rejects what would break that: a region without its end, a region
//! inside another, a marker inside an anchored listing (it would show in the
//! book), a region that is not a whole body.

use std::path::Path;

use anyhow::{Result, anyhow};

/// What starts every marker line.
const MARK: &str = "SOLUTION";

/// One marked region of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// The line of `// SOLUTION: begin`, from 1.
    pub begin: usize,
    /// The line of `// SOLUTION: end`, from 1.
    pub end: usize,
    /// The words after `begin`: what the student should write.
    pub hint: String,
    /// The function, for `ASSIGNMENT.md`: its `fn` line without the `{`
    /// (`pub fn is_quit(line: &[u8]) -> bool`, or `pub fn rtt(...)` when the
    /// parameters take several lines).
    pub signature: String,
}

/// A `todo!()` that [`replace`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Todo {
    /// Its line in the new text, from 1.
    pub line: usize,
    /// The region's hint.
    pub hint: String,
    /// The region's [`Region::signature`].
    pub signature: String,
}

/// A line's marker, if it is one.
enum Marker<'a> {
    Begin(&'a str),
    End,
    Malformed,
}

fn marker(line: &str) -> Option<Marker<'_>> {
    let comment = line.trim_start().strip_prefix("//")?;
    // `///` and `//!` are documentation, which may talk about markers.
    if comment.starts_with('/') || comment.starts_with('!') {
        return None;
    }
    let rest = comment.trim_start().strip_prefix(MARK)?;
    // The word itself: `// SOLUTIONS ...` is an ordinary comment.
    if rest.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let Some(rest) = rest.strip_prefix(": ") else {
        return Some(Marker::Malformed);
    };
    if rest.trim_end() == "end" {
        return Some(Marker::End);
    }
    match rest.strip_prefix("begin") {
        Some(hint) if hint.is_empty() || hint.starts_with(' ') => {
            Some(Marker::Begin(hint.trim()))
        }
        _ => Some(Marker::Malformed),
    }
}

/// `// ANCHOR: name` or `// ANCHOR_END: name`, as mdBook reads them.
fn anchor(line: &str) -> Option<(bool, &str)> {
    let comment = line.trim_start().strip_prefix("//")?.trim();
    if let Some(name) = comment.strip_prefix("ANCHOR:") {
        return Some((true, name.trim()));
    }
    comment
        .strip_prefix("ANCHOR_END:")
        .map(|name| (false, name.trim()))
}

/// The regions of `text`, a Rust file shown as `path` in messages.
///
/// # Errors
/// A malformed marker, as `path:line: what is wrong`.
pub fn scan(path: &Path, text: &str) -> Result<Vec<Region>> {
    let lines: Vec<&str> = text.lines().collect();
    let fail =
        |line: usize, what: String| anyhow!("{}:{line}: {what}", path.display());
    let mut regions = Vec::new();
    let mut open: Option<(usize, &str, String)> = None;
    let mut anchors: Vec<(&str, usize)> = Vec::new();
    for (index, &line) in lines.iter().enumerate() {
        let number = index + 1;
        if let Some((opens, name)) = anchor(line) {
            if opens {
                anchors.push((name, number));
            } else {
                anchors.retain(|(open, _)| *open != name);
            }
            continue;
        }
        let Some(found) = marker(line) else {
            continue;
        };
        if let Some((name, at)) = anchors.first() {
            return Err(fail(
                number,
                format!(
                    "this marker is inside `ANCHOR: {name}` (line {at}), so the book \
                     would show it: put the anchor lines inside the region"
                ),
            ));
        }
        match (found, open) {
            (Marker::Malformed, _) => {
                return Err(fail(
                    number,
                    format!(
                        "`{}` is not a marker: write `// SOLUTION: begin <hint>` or \
                         `// SOLUTION: end`",
                        line.trim()
                    ),
                ));
            }
            (Marker::Begin(_), Some((at, _, _))) => {
                return Err(fail(
                    number,
                    format!(
                        "a region begins inside the region that begins at line {at}: \
                         regions cannot nest"
                    ),
                ));
            }
            (Marker::Begin(""), None) => {
                return Err(fail(
                    number,
                    "the region has no hint: say after `begin` what the student \
                     should write"
                        .to_string(),
                ));
            }
            (Marker::Begin(hint), None) => {
                // Anchor lines may stand between the body's `{` and the marker.
                let before = lines[..index]
                    .iter()
                    .rev()
                    .find(|l| anchor(l).is_none())
                    .copied()
                    .unwrap_or("");
                if !before.trim_end().ends_with('{') {
                    return Err(fail(
                        number,
                        "a region must be a whole function body: the line above \
                         `// SOLUTION: begin` must end with `{`"
                            .to_string(),
                    ));
                }
                open = Some((number, hint, signature(&lines[..index])));
            }
            (Marker::End, None) => {
                return Err(fail(
                    number,
                    "`// SOLUTION: end` without a `// SOLUTION: begin` above it"
                        .to_string(),
                ));
            }
            (Marker::End, Some((begin, hint, signature))) => {
                let after = lines[index + 1..]
                    .iter()
                    .find(|l| anchor(l).is_none())
                    .copied()
                    .unwrap_or("");
                if !after.trim_start().starts_with('}') {
                    return Err(fail(
                        number,
                        "a region must be a whole function body: the line below \
                         `// SOLUTION: end` must close it with `}`"
                            .to_string(),
                    ));
                }
                regions.push(Region {
                    begin,
                    end: number,
                    hint: hint.to_string(),
                    signature,
                });
                open = None;
            }
        }
    }
    if let Some((at, _, _)) = open {
        return Err(fail(
            at,
            "this region never ends: add `// SOLUTION: end` after its last line"
                .to_string(),
        ));
    }
    Ok(regions)
}

/// The nearest `fn` line above a region, as [`Region::signature`] shows it.
pub(crate) fn signature(above: &[&str]) -> String {
    let Some(line) = above.iter().rev().find(|l| {
        let l = l.trim_start();
        l.starts_with("fn ") || l.contains(" fn ")
    }) else {
        return "the function".to_string();
    };
    let line = line.trim().trim_end_matches('{').trim_end();
    match line.strip_suffix('(') {
        Some(start) => format!("{start}(...)"),
        None => line.to_string(),
    }
}

/// The lines [`replace`] puts at the top of a file whose regions it replaced:
/// until the student writes them, the parameters and the imports that only
/// the solution used are unused, and the compiler would say so at length.
pub const ALLOW: &str = "\
// Added by `course assignment`: until the todo!()s below are written, some
// names are unused. Delete these three lines when you are done.
#![allow(unused_imports, unused_variables, unused_mut, dead_code, clippy::todo)]
";

/// `text` with each of `regions` (from [`scan`]) replaced by
/// `todo!("<hint>")`, and [`ALLOW`] added below the file's `//!` comments.
/// Every other line stays exactly as it was, line endings included.
pub fn replace(text: &str, regions: &[Region]) -> (String, Vec<Todo>) {
    if regions.is_empty() {
        return (text.to_string(), Vec::new());
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len() + 3);
    let mut todos = Vec::new();
    let mut allowed = false;
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        let trimmed = line.trim();
        if !allowed && !trimmed.starts_with("//!") && !trimmed.is_empty() {
            let eol = if line.ends_with("\r\n") { "\r\n" } else { "\n" };
            out.extend(ALLOW.lines().map(|l| format!("{l}{eol}")));
            allowed = true;
        }
        let Some(region) = regions.iter().find(|r| r.begin == index + 1) else {
            out.push(line.to_string());
            index += 1;
            continue;
        };
        let indent = &line[..line.len() - line.trim_start().len()];
        let eol = if line.ends_with("\r\n") { "\r\n" } else { "\n" };
        let todo = format!("{indent}todo!(\"{}\"){eol}", escape(&region.hint));
        let mut placed = false;
        let inside = &lines[region.begin..region.end - 1];
        for (i, kept) in inside.iter().enumerate() {
            let Some((opens, _)) = anchor(kept) else {
                continue;
            };
            out.push((*kept).to_string());
            if !opens {
                continue;
            }
            // The todo!() goes into the first listing; a later listing that
            // would be empty gets a line saying where its code went.
            let closes_next = inside.get(i + 1).and_then(|l| anchor(l)).is_some();
            if !placed {
                out.push(todo.clone());
                todos.push(Todo {
                    line: out.len(),
                    hint: region.hint.clone(),
                    signature: region.signature.clone(),
                });
                placed = true;
            } else if closes_next {
                out.push(format!(
                    "{indent}// this part too: see the todo!() above{eol}"
                ));
            }
        }
        if !placed {
            out.push(todo);
            todos.push(Todo {
                line: out.len(),
                hint: region.hint.clone(),
                signature: region.signature.clone(),
            });
        }
        index = region.end;
    }
    (out.concat(), todos)
}

/// The hint as the inside of a `todo!("...")` format string: quotes and
/// backslashes escaped, braces doubled so that they print as themselves.
fn escape(hint: &str) -> String {
    let mut text = String::with_capacity(hint.len());
    for c in hint.chars() {
        match c {
            '\\' => text.push_str("\\\\"),
            '"' => text.push_str("\\\""),
            '{' => text.push_str("{{"),
            '}' => text.push_str("}}"),
            _ => text.push(c),
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_text(text: &str) -> Result<Vec<Region>> {
        scan(Path::new("src/x.rs"), text)
    }

    fn error(text: &str) -> String {
        format!("{:#}", scan_text(text).unwrap_err())
    }

    const ONE: &str = "//! Docs.\n\nuse std::io;\n\nfn count(n: &mut usize) {\n    \
                       // SOLUTION: begin count it\n    *n += 1;\n    // SOLUTION: end\n}\n";

    #[test]
    fn a_region_is_found_and_replaced() {
        let regions = scan_text(ONE).unwrap();
        assert_eq!(
            regions,
            [Region {
                begin: 6,
                end: 8,
                hint: "count it".into(),
                signature: "fn count(n: &mut usize)".into(),
            }]
        );
        let (text, todos) = replace(ONE, &regions);
        let want = format!(
            "//! Docs.\n\n{ALLOW}use std::io;\n\nfn count(n: &mut usize) {{\n    \
             todo!(\"count it\")\n}}\n"
        );
        assert_eq!(text, want);
        assert_eq!(todos.len(), 1);
        assert_eq!(todos[0].line, 9);
        assert_eq!(text.lines().nth(8), Some("    todo!(\"count it\")"));
    }

    #[test]
    fn no_region_no_change() {
        let text = "fn f() {}\r\n// SOLUTIONS: a comment, not a marker\n";
        let regions = scan_text(text).unwrap();
        assert!(regions.is_empty());
        assert_eq!(replace(text, &regions).0, text);
    }

    #[test]
    fn anchors_inside_a_region_stay_around_the_todo() {
        let text = "fn f() -> u8 {\r\n  // SOLUTION: begin say \"{hi}\" \\ there\r\n  \
                    // ANCHOR: a\r\n  1\r\n  // ANCHOR_END: a\r\n  // ANCHOR: b\r\n  \
                    // ANCHOR_END: b\r\n  // SOLUTION: end\r\n}\r\n";
        let regions = scan_text(text).unwrap();
        let (out, todos) = replace(text, &regions);
        let want = "// Added by `course assignment`: until the todo!()s below are \
                    written, some\r\n// names are unused. Delete these three lines when \
                    you are done.\r\n#![allow(unused_imports, unused_variables, \
                    unused_mut, dead_code, clippy::todo)]\r\n\
                    fn f() -> u8 {\r\n  // ANCHOR: a\r\n  \
                    todo!(\"say \\\"{{hi}}\\\" \\\\ there\")\r\n  // ANCHOR_END: a\r\n  \
                    // ANCHOR: b\r\n  // this part too: see the todo!() above\r\n  \
                    // ANCHOR_END: b\r\n}\r\n";
        assert_eq!(out, want);
        assert_eq!(todos[0].line, 6);
    }

    #[test]
    fn malformed_markers_name_the_line() {
        let cases = [
            (
                "fn f() {\n// SOLUTION: begin a\n}\n",
                "src/x.rs:2: this region never ends",
            ),
            (
                "fn f() {\n// SOLUTION: begin a\n// SOLUTION: begin b\n",
                "src/x.rs:3: a region begins inside the region that begins at line 2",
            ),
            (
                "fn f() {\n// SOLUTION: end\n}\n",
                "src/x.rs:2: `// SOLUTION: end` without",
            ),
            (
                "fn f() {\n  // SOLUTION: begin\n",
                "src/x.rs:2: the region has no hint",
            ),
            (
                "fn f() {\n// SOLUTION begin x\n",
                "src/x.rs:2: `// SOLUTION begin x` is not",
            ),
            (
                "fn f() {\n// SOLUTION: start x\n",
                "src/x.rs:2: `// SOLUTION: start x` is not",
            ),
            (
                "fn f() {\n// SOLUTION: beginx\n",
                "src/x.rs:2: `// SOLUTION: beginx` is not",
            ),
            (
                "let x = 1;\n// SOLUTION: begin a\n",
                "src/x.rs:2: a region must be a whole function body: the line above",
            ),
            (
                "fn f() {\n// SOLUTION: begin a\n1\n// SOLUTION: end\n2\n}\n",
                "src/x.rs:4: a region must be a whole function body: the line below",
            ),
            (
                "// ANCHOR: all\nfn f() {\n// SOLUTION: begin a\n",
                "src/x.rs:3: this marker is inside `ANCHOR: all` (line 1)",
            ),
        ];
        for (text, want) in cases {
            let got = error(text);
            assert!(got.starts_with(want), "{text:?}\n got: {got}\nwant: {want}");
        }
    }

    #[test]
    fn anchor_lines_may_stand_between_the_braces_and_the_markers() {
        let text = "// ANCHOR: sig\nfn f() -> u8 {\n    // ANCHOR_END: sig\n    \
                    // SOLUTION: begin one\n    1\n    // SOLUTION: end\n    \
                    // ANCHOR: tail\n}\n// ANCHOR_END: tail\n";
        let regions = scan_text(text).unwrap();
        assert_eq!(regions[0].signature, "fn f() -> u8");
        let long = "pub fn rtt(\n    a: u8,\n) -> u8 {\n    // SOLUTION: begin a\n    a\n    \
                    // SOLUTION: end\n}\n";
        assert_eq!(scan_text(long).unwrap()[0].signature, "pub fn rtt(...)");
        let (out, _) = replace(text, &regions);
        assert!(out.ends_with(
            "fn f() -> u8 {\n    // ANCHOR_END: sig\n    todo!(\"one\")\n    \
             // ANCHOR: tail\n}\n// ANCHOR_END: tail\n"
        ));
    }

    #[test]
    fn documentation_may_show_markers() {
        let text = "/// // SOLUTION: begin x\n//! // SOLUTION: end\nfn f() {}\n";
        assert!(scan_text(text).unwrap().is_empty());
    }
}
