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
        // The anchor is named, as on every heading (the Chinese edition keeps it).
        let heading = format!(
            "\n## `{}` {{#{}}}\n",
            topic.name,
            topic.name.replace('_', "-")
        );
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
        .matches("<details>\n<summary>\n\nSolution\n\n</summary>\n\n")
        .count();
    assert_eq!(solutions, EXERCISES.len());
    assert_eq!(PAGE.matches("\n\n</details>").count(), EXERCISES.len());
}

#[test]
fn every_exercise_shows_the_signature_to_fill_in() {
    for exercise in EXERCISES {
        // `largest-write` is `exercises/largest_write.rs`, whose anchor
        // `NAME_signature` wraps the doc comment and the `fn` line.
        let file = exercise.name.replace('-', "_");
        let include =
            format!("{{{{#include ../crates/sockopt-demo/src/exercises/{file}.rs:");
        let shown = PAGE.match_indices(&include).any(|(at, _)| {
            PAGE[at + include.len()..].starts_with(|c: char| c.is_alphanumeric())
                && PAGE[at..]
                    .split("}}")
                    .next()
                    .is_some_and(|i| i.ends_with("_signature"))
        });
        assert!(shown, "the page shows no signature of {}", exercise.name);
    }
}
