//! The command line: listing, running everything, help, and bad usage.

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::{WAIT, cli};
use predicates::prelude::*;
use sockopt_demo::{EXERCISES, TOPICS};

const BIN: &str = env!("CARGO_BIN_EXE_sockopt-demo");

fn stdout_of(args: &[&str]) -> String {
    cli::quiet_output(BIN, args)
}

#[test]
fn no_topic_or_list_lists_every_topic_in_order() {
    for args in [&[][..], &["list"][..]] {
        let out = stdout_of(args);
        let names: Vec<&str> =
            out.lines().filter_map(|l| l.split(' ').next()).collect();
        let expected: Vec<&str> = TOPICS.iter().map(|t| t.name).collect();
        assert_eq!(names, expected, "{args:?}");
        for (line, topic) in out.lines().zip(TOPICS) {
            assert!(line.ends_with(topic.summary), "{line}");
        }
    }
}

#[test]
fn the_topics_cover_what_the_issue_names() {
    for name in [
        "names",
        "connect-ex",
        "reuseaddr",
        "send-vs-sendall",
        "buffers",
        "blocking",
        "timeout",
        "nodelay",
        "keepalive",
        "linger",
        "shutdown",
        "fileno",
        "makefile",
    ] {
        assert!(
            sockopt_demo::find(TOPICS, name).is_some(),
            "no topic {name}"
        );
    }
}

#[test]
fn all_runs_every_topic_in_order() {
    let out = stdout_of(&["all"]);
    let titles: Vec<&str> = out.lines().filter(|l| l.starts_with("== ")).collect();
    let expected: Vec<String> = TOPICS
        .iter()
        .map(|t| format!("== {}: {}", t.name, t.summary))
        .collect();
    assert_eq!(titles, expected);
}

#[test]
fn exercise_alone_lists_the_exercises() {
    let out = stdout_of(&["exercise"]);
    let names: Vec<&str> = out.lines().filter_map(|l| l.split(' ').next()).collect();
    let expected: Vec<&str> = EXERCISES.iter().map(|t| t.name).collect();
    assert_eq!(names, expected);
    assert!(EXERCISES.len() >= 2);
}

#[test]
fn help_names_every_topic_with_its_summary() {
    let out = stdout_of(&["--help"]);
    assert!(out.contains("Usage: sockopt-demo"), "{out}");
    for topic in TOPICS {
        assert!(out.contains(topic.name), "{} not in --help", topic.name);
    }
    let out = stdout_of(&["exercise", "--help"]);
    for exercise in EXERCISES {
        assert!(
            out.contains(exercise.name),
            "{} not in --help",
            exercise.name
        );
    }
}

#[test]
fn an_unknown_topic_is_a_usage_error_listing_the_topics() {
    for args in [
        &["nagle"][..],
        &["exercise", "nagle"][..],
        &["names", "extra"][..],
    ] {
        cargo_bin_cmd!("sockopt-demo")
            .args(args)
            .timeout(WAIT)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::starts_with("error: "));
    }
    cargo_bin_cmd!("sockopt-demo")
        .arg("nagle")
        .timeout(WAIT)
        .assert()
        .stderr(predicate::str::contains("nodelay"));
}

#[test]
fn the_library_runs_every_topic_in_process() {
    // As `course tour` does: no process of its own, output into any writer,
    // the title and calls first.
    for topic in TOPICS.iter().chain(EXERCISES) {
        let mut out = Vec::new();
        topic
            .perform(&mut out)
            .unwrap_or_else(|e| panic!("{}: {e:#}", topic.name));
        let text = String::from_utf8(out).expect("UTF-8");
        let title = format!("== {}: {}\n", topic.name, topic.summary);
        assert!(text.starts_with(&title), "{text}");
        for call in topic.calls {
            assert!(
                text.contains(&format!("python: {}\n", call.python)),
                "{text}"
            );
            assert!(text.contains(&format!("rust:   {}\n", call.rust)), "{text}");
        }
        assert!(text.lines().count() > 1 + 2 * topic.calls.len(), "{text}");
    }
}
