//! The outputs the book shows for lesson 7, regenerated from the real binary
//! and compared with `lessons/transcripts/tcp-events-*.txt`. Ports the system
//! picks are normalised; the test's server port is shown as the default,
//! 8082. Measured numbers (CPU time, turns of the loop, the open-files
//! limit) change from run to run and machine to machine: those lines are
//! compared with their numbers left out.
//! `UPDATE_TRANSCRIPTS=1 cargo test -p tcp-events --test transcripts`
//! rewrites them.

use common::testing::{
    Server, Transcripts, check_transcript, echo, normalise, transcript_file,
};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-events");
const BOOK: Transcripts = Transcripts::new(env!("CARGO_MANIFEST_DIR"), BIN, 8082);
const SERVER: &str = "cargo run -q -p tcp-events -- server";

/// Lines whose numbers are measurements, not the program's behaviour.
fn measured(line: &str) -> bool {
    line.contains("the loop went round") || line.starts_with("open files: ")
}

/// `text` with the digits of measured lines replaced by `N`.
fn without_measurements(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        // The limit, and whether it was raised, depend on the machine.
        if line.starts_with("open files: ") {
            out.push_str("open files: (this machine's limit)\n");
            continue;
        }
        if measured(line) {
            let mut last_was_digit = false;
            for c in line.chars() {
                let digit = c.is_ascii_digit() || (last_was_digit && c == '.');
                if !digit {
                    out.push(c);
                } else if !last_was_digit {
                    out.push('N');
                }
                last_was_digit = digit;
            }
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// As [`Transcripts::check`], but the numbers of measured lines may differ.
fn check_measured(name: &str, command: &str, output: &str, port: u16) {
    let actual = normalise(&format!("$ {command}\n{output}"), &[(port, 8082)]);
    let path = transcript_file(env!("CARGO_MANIFEST_DIR"), name);
    let update = std::env::var_os("UPDATE_TRANSCRIPTS").is_some_and(|v| v == "1");
    let shown = std::fs::read_to_string(&path).unwrap_or_default();
    if update || without_measurements(&shown) != without_measurements(&actual) {
        // Fails with both texts (or rewrites the file when asked to).
        check_transcript(&path, &actual);
    }
}

/// Two clients on the line at once, in two terminals: both are answered.
#[test]
fn two_callers_at_once() {
    let server = Server::start(BIN);
    let port = server.addr().port();
    let mut first = echo::talking_client(BIN, server.addr(), "first");
    let second = echo::talking_client(BIN, server.addr(), "second");
    first.type_line("still here");
    assert_eq!(first.next_line(), "STILL HERE");
    let mut log = server.log(6);
    assert!(first.finish().status.success());
    log += &server.next_lines(1);
    assert!(second.finish().status.success());
    log += &server.last_lines(1);
    check_measured("tcp-events-server.txt", SERVER, &log, port);
}

#[test]
fn measure_both_loops() {
    for which in ["busy-wait", "readiness"] {
        let server = Server::start_with(
            BIN,
            &["measure", which, "--seconds", "2", "--addr", "127.0.0.1:0"],
        );
        let port = server.addr().port();
        echo::one_call(server.addr(), b"hello");
        let (status, text) = server.finish_log();
        assert!(status.success());
        check_measured(
            &format!("tcp-events-measure-{which}.txt"),
            &format!("cargo run -q -p tcp-events -- measure {which}"),
            &text,
            port,
        );
    }
}

/// The server under a limit of 12 open files: 5 are its own, so 7 callers
/// fit; the eighth waits in the queue, and the server says so, once.
#[cfg(target_os = "linux")]
#[test]
fn out_of_descriptors() {
    // Started as a learner's shell starts it: descriptors 0, 1 and 2 only.
    let server = Server::start_limited(BIN, "12:12", &[]);
    let port = server.addr().port();
    let mut log = server.log(1);
    let mut callers = Vec::new();
    for _ in 0..8 {
        callers.push(echo::Caller::dial(server.addr()));
        log += &server.next_lines(1);
    }
    let (rest, _) = server.kill();
    assert!(rest.is_empty(), "{rest:?}");
    BOOK.check(
        "tcp-events-out-of-files.txt",
        "prlimit --nofile=12:12 target/debug/tcp-events server",
        log,
        port,
    );
}

#[test]
fn demo() {
    BOOK.check_demo();
}
