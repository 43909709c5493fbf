//! The outputs the book shows for lesson 4, regenerated from the real binary
//! and compared with `lessons/transcripts/sockopt-demo-*.txt`.
//!
//! The files hold a real run's output (Linux), with the ports the system
//! picked renamed by `common::testing::normalise`. Some values differ from run
//! to run or machine to machine: measured times, descriptor numbers, default
//! buffer sizes, how much a full buffer took. The comparison masks those
//! (each run of digits becomes `N`), so the book keeps real numbers and the
//! test still checks every other character.
//! `UPDATE_TRANSCRIPTS=1 cargo test -p sockopt-demo --test transcripts`
//! rewrites a file when something else changed.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking
#![cfg(target_os = "linux")]

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::{WAIT, check_transcript, normalise, transcript_file};
use sockopt_demo::{EXERCISES, TOPICS};

/// Runs `sockopt-demo ARGS` and checks its output against the transcript
/// `file`. Lines starting with one of `varying` have their numbers masked in
/// the comparison, as have measured times (`12.345 ms`) on every line.
fn check(file: &str, args: &[&str], varying: &[&str]) {
    let out = cargo_bin_cmd!("sockopt-demo")
        .args(args)
        .timeout(WAIT)
        .output()
        .expect("run sockopt-demo");
    assert!(out.status.success(), "{args:?}: {:?}", out.status);
    let command = match args {
        [] => "cargo run -q -p sockopt-demo".to_string(),
        _ => format!("cargo run -q -p sockopt-demo -- {}", args.join(" ")),
    };
    let text = format!("$ {command}\n{}", String::from_utf8_lossy(&out.stdout));
    let actual = normalise(&text, &[]);
    let path = transcript_file(env!("CARGO_MANIFEST_DIR"), file);
    let shown = std::fs::read_to_string(&path).unwrap_or_default();
    if mask(&shown, varying) != mask(&actual, varying) {
        // Rewrites the file under UPDATE_TRANSCRIPTS=1, else fails with both.
        check_transcript(&path, &actual);
    }
}

/// `text` with the numbers that vary replaced by `N`.
fn mask(text: &str, varying: &[&str]) -> String {
    let mut masked = String::with_capacity(text.len());
    for line in text.lines() {
        let line = if varying.iter().any(|prefix| line.starts_with(prefix)) {
            mask_numbers(line)
        } else {
            mask_times(line)
        };
        masked.push_str(&line);
        masked.push('\n');
    }
    masked
}

/// Every run of digits (with a decimal point inside) becomes `N`.
fn mask_numbers(line: &str) -> String {
    let mut masked = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            while chars
                .peek()
                .is_some_and(|c| c.is_ascii_digit() || *c == '.')
            {
                chars.next();
            }
            masked.push('N');
        } else {
            masked.push(c);
        }
    }
    masked
}

/// A measured time, `12.345 ms`, becomes `N ms`; other numbers stay.
fn mask_times(line: &str) -> String {
    let words: Vec<&str> = line.split(' ').collect();
    let mut kept = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let is_time = words.get(i + 1) == Some(&"ms")
            && word.contains('.')
            && word.parse::<f64>().is_ok();
        kept.push(if is_time { "N" } else { word });
    }
    kept.join(" ")
}

/// Lines whose numbers vary, per topic.
fn varying(topic: &str) -> &'static [&'static str] {
    match topic {
        "send-vs-sendall" => &["write took", "not taken", "write_all sent the rest"],
        "buffers" => &["SO_RCVBUF at start", "SO_SNDBUF at start"],
        "keepalive" => &["TCP_KEEPIDLE at start"],
        "fileno" => &[
            "listener fileno",
            "caller fileno",
            "conn fileno",
            "/proc/self/fd/",
        ],
        "largest-write" => &[
            "caller SO_SNDBUF",
            "peer SO_RCVBUF",
            "bytes taken before WouldBlock",
            "peer received",
        ],
        "rcvbuf" => &["SO_RCVBUF asked"],
        _ => &[],
    }
}

#[test]
fn every_topic() {
    for topic in TOPICS {
        check(
            &format!("sockopt-demo-{}.txt", topic.name),
            &[topic.name],
            varying(topic.name),
        );
    }
}

#[test]
fn every_exercise() {
    for exercise in EXERCISES {
        check(
            &format!("sockopt-demo-exercise-{}.txt", exercise.name),
            &["exercise", exercise.name],
            varying(exercise.name),
        );
    }
}

#[test]
fn the_list() {
    check("sockopt-demo-list.txt", &[], &[]);
}

#[test]
fn masks_only_what_varies() {
    assert_eq!(
        mask("gave up after: 200.502 ms\nasked for: 65536\n", &[]),
        "gave up after: N ms\nasked for: 65536\n"
    );
    assert_eq!(
        mask("/proc/self/fd/4: socket:[37486]\n", &["/proc/self/fd/"]),
        "/proc/self/fd/N: socket:[N]\n"
    );
    assert_eq!(mask("Some(200ms)\n", &[]), "Some(200ms)\n");
}
