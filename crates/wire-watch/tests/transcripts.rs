//! The outputs and diagrams the book shows for this lesson, regenerated from
//! real captures and compared with `lessons/transcripts/wire-watch-*.txt` and
//! `lessons/diagrams/wire-*.md`. Ports are normalised; what varies from run to
//! run (times, windows, and the Nagle demo's packets, which depend on timing)
//! is masked in the comparison, so the files keep a real run's values.
//! `UPDATE_TRANSCRIPTS=1 cargo test -p wire-watch --test transcripts`
//! rewrites them. Skipped where this process may not capture (not on CI).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking
#![cfg(target_os = "linux")]

mod support;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::{Process, WAIT, check_transcript, normalise, transcript_file};
use support::may_capture;
use wire_watch::scenarios::SCENARIOS;

const BIN: &str = env!("CARGO_BIN_EXE_wire-watch");

/// `text` with what varies masked: a capture line's time, windows, and
/// measured times (`41.7 ms`, `1.0 s`); with `packets`, no `wire` lines at
/// all and every number masked.
fn mask(text: &str, packets: bool) -> String {
    let mut masked = String::new();
    for line in text.lines() {
        if !packets && line.starts_with("wire ") {
            continue;
        }
        let words: Vec<&str> = line.split(' ').collect();
        for (i, word) in words.iter().enumerate() {
            let next = words.get(i + 1).copied().unwrap_or("");
            let number = word.trim_matches(['(', ',']).parse::<f64>().is_ok();
            let timed = number && (next.starts_with("ms") || next.starts_with('s'));
            let counted = number && next == "received";
            let after_win = i > 0 && words[i - 1] == "win";
            let first_time = i == 0 && word.contains('.') && number;
            let varies =
                timed || counted || after_win || first_time || (!packets && number);
            masked += if varies { "N" } else { word };
            masked.push(' ');
        }
        masked.push('\n');
    }
    masked
}

/// Compares `actual` with the file at `path`, ports normalised and what
/// varies masked; when they differ, rewrites the file under
/// UPDATE_TRANSCRIPTS=1, else fails showing both.
fn check(path: PathBuf, actual: &str, packets: bool) {
    let actual = normalise(actual, &[(9000, 9000)]);
    let shown = std::fs::read_to_string(&path).unwrap_or_default();
    if mask(&shown, packets) != mask(&actual, packets) {
        check_transcript(&path, &actual);
    }
}

fn diagram_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../lessons/diagrams")
        .join(name)
}

#[test]
fn every_demo() {
    if !may_capture() {
        return;
    }
    for scenario in SCENARIOS {
        let out = cargo_bin_cmd!("wire-watch")
            .args(["demo", scenario.name])
            .timeout(WAIT)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = format!(
            "$ sudo target/debug/wire-watch demo {}\n{}",
            scenario.name,
            String::from_utf8_lossy(&out.stdout)
        );
        let file = transcript_file(
            env!("CARGO_MANIFEST_DIR"),
            &format!("wire-watch-demo-{}.txt", scenario.name),
        );
        check(file, &text, scenario.name != "nagle");
    }
}

#[test]
fn the_diagrams_of_the_handshake_the_close_and_the_resets() {
    if !may_capture() {
        return;
    }
    for (scenario, file) in [
        ("one-shot", "wire-one-shot.md"),
        ("reset", "wire-reset.md"),
        ("backlog", "wire-backlog.md"),
    ] {
        let out = cargo_bin_cmd!("wire-watch")
            .args(["demo", scenario, "--mermaid"])
            .timeout(WAIT)
            .output()
            .unwrap();
        assert!(out.status.success());
        let text =
            format!("```mermaid\n{}```\n", String::from_utf8_lossy(&out.stdout));
        check(diagram_file(file), &text, true);
    }
}

/// Lesson 1's call captured by `wire-watch capture`, one step at a time: the
/// test makes each socket call only when the capture has shown the packets
/// of the one before, so the lines come in the same order every run.
#[test]
fn a_capture_of_lesson_one() {
    if !may_capture() {
        return;
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let port = addr.port().to_string();
    let capture = Process::start(BIN, &["capture", "--port", &port]);
    let ready = capture.next_err_line();
    let mut out = String::new();
    let mut lines = |n: usize| {
        for _ in 0..n {
            out += &capture.next_line();
            out.push('\n');
        }
    };
    let mut conn = TcpStream::connect(addr).unwrap();
    let (mut peer, _) = listener.accept().unwrap();
    lines(3);
    conn.write_all(b"LHF nb").unwrap();
    lines(2);
    let mut buf = [0u8; 16];
    let n = peer.read(&mut buf).unwrap();
    peer.write_all(&common::upper(&buf[..n])).unwrap();
    lines(2);
    drop(peer);
    lines(2);
    // The client reads the answer and the end of the call, then hangs up.
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer).unwrap();
    assert_eq!(answer, b"LHF NB");
    drop(conn);
    lines(2);
    capture.signal("INT");
    let ended = capture.finish();
    assert!(ended.status.success());
    let text = format!(
        "$ sudo target/debug/wire-watch capture --port 9000\n{}\n{out}^C\n{}",
        ready.replace(&port, "9000"),
        ended.stderr
    );
    let file = transcript_file(env!("CARGO_MANIFEST_DIR"), "wire-watch-capture.txt");
    check(file, &normalise(&text, &[(addr.port(), 9000)]), true);
}

/// What a learner sees first, without root.
#[test]
fn not_permitted() {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .unwrap()
        .stdout
        == b"0\n";
    if !root {
        eprintln!("skipped: only root can run the binary as user 65534 here");
        return;
    }
    let out = std::process::Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--clear-groups",
            "--inh-caps=-all",
            BIN,
            "capture",
        ])
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err =
        String::from_utf8_lossy(&out.stderr).replace(BIN, "target/debug/wire-watch");
    let text = format!("$ cargo run -q -p wire-watch -- capture\n{err}");
    check_transcript(
        transcript_file(env!("CARGO_MANIFEST_DIR"), "wire-watch-not-permitted.txt"),
        &text,
    );
}

/// The same call over IPv6 puts the same packets on the wire.
#[test]
fn the_demo_over_ipv6_is_the_same_call() {
    if !may_capture() || std::net::TcpListener::bind("[::1]:0").is_err() {
        return;
    }
    let run = |args: &[&str]| {
        let out = cargo_bin_cmd!("wire-watch")
            .args(args)
            .timeout(WAIT)
            .output()
            .unwrap();
        assert!(out.status.success());
        normalise(&String::from_utf8_lossy(&out.stdout), &[])
    };
    let v4 = run(&["demo", "one-shot"]);
    let v6 = run(&["demo", "one-shot", "--ipv6"]);
    assert!(v6.contains("listen(5) on [::1]:50001"), "{v6}");
    assert_eq!(v6.replace("[::1]", "127.0.0.1"), v4);
}
