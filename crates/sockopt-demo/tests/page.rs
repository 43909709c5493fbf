//! The lesson page keeps up with the topics: a row of the article's table for
//! every function, each linking to an experiment, and a section for every
//! topic, showing its output. Other pages link to `sockopt-demo.md#TOPIC`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use sockopt_demo::{EXERCISES, TOPICS};

const PAGE: &str = include_str!("../../../lessons/sockopt-demo.md");

/// The functions of the article's table, in its order.
const ARTICLE: &[&str] = &[
    "bind",
    "listen",
    "accept",
    "connect",
    "connect_ex",
    "recv",
    "send",
    "sendall",
    "recvfrom",
    "sendto",
    "getpeername",
    "getsockname",
    "getsockopt",
    "setsockopt",
    "close",
    "setblocking",
    "settimeout",
    "gettimeout",
    "fileno",
    "makefile",
];

#[test]
fn every_function_of_the_article_has_a_row_linking_to_an_experiment() {
    let rows: Vec<&str> = PAGE.lines().filter(|l| l.starts_with("| ")).collect();
    for function in ARTICLE {
        // The second column holds the article's call.
        let call = format!("s.{function}(");
        let row = rows
            .iter()
            .find(|r| r.split('|').nth(2).is_some_and(|c| c.contains(&call)))
            .unwrap_or_else(|| panic!("no row for {function}"));
        let linked = TOPICS
            .iter()
            .any(|t| row.contains(&format!("](#{})", t.name)));
        assert!(linked, "the row of {function} links to no topic: {row}");
    }
}

#[test]
fn every_topic_has_its_section_with_its_output() {
    for topic in TOPICS {
        let heading = format!("\n## `{}`\n", topic.name);
        let at = PAGE
            .find(&heading)
            .unwrap_or_else(|| panic!("no heading {heading:?}"));
        let section = &PAGE[at + heading.len()..];
        let section = &section[..section.find("\n## ").unwrap_or(section.len())];
        let transcript = format!(
            "{{{{#include transcripts/sockopt-demo-{}.txt}}}}",
            topic.name
        );
        assert!(
            section.contains(&transcript),
            "{} shows no output",
            topic.name
        );
        assert!(
            section.contains("{{#include ../crates/sockopt-demo/src/topics/"),
            "{} shows no code",
            topic.name
        );
        assert!(
            PAGE.contains(&format!("](#{})", topic.name)),
            "the table links nowhere to {}",
            topic.name
        );
    }
}

#[test]
fn every_exercise_is_shown_with_a_hidden_solution() {
    for exercise in EXERCISES {
        let transcript =
            format!("transcripts/sockopt-demo-exercise-{}.txt", exercise.name);
        assert!(PAGE.contains(&transcript), "{} is not shown", exercise.name);
    }
    let solutions = PAGE
        .matches("<details>\n<summary>Solution</summary>\n\n")
        .count();
    assert_eq!(solutions, EXERCISES.len());
    assert_eq!(PAGE.matches("\n\n</details>").count(), EXERCISES.len());
}

#[test]
fn the_exercise_signatures_on_the_page_are_the_codes() {
    for source in [
        include_str!("../src/exercises/largest_write.rs"),
        include_str!("../src/exercises/connect_timeout.rs"),
    ] {
        // The line just above `// SOLUTION: begin` is the signature.
        let lines: Vec<&str> = source.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.trim_start().starts_with("// SOLUTION: begin"))
            .expect("a solution region");
        let signature = lines[at - 1].trim().trim_end_matches(" {");
        assert!(
            PAGE.contains(&format!("`{signature}`")),
            "the page does not show `{signature}`"
        );
    }
}
