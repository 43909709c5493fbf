//! The outputs the book shows for lesson 3, regenerated from the real binary
//! and compared with `lessons/transcripts/udp-echo-*.txt`. Ports the system
//! picks are normalised; the test's server port is shown as the default,
//! 9000, so each transcript shows the command a learner types.
//! `UPDATE_TRANSCRIPTS=1 cargo test -p udp-echo --test transcripts` rewrites
//! them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

mod support;

use std::panic;
use std::process::Output;

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::{Server, WAIT, check_output};
use support::{
    BIN, ended, free_port, hold_senders_port, refusing_port, start_client,
};

/// Checks `output` against transcript `name`; `port`, the test server's real
/// port, is shown as the lesson's default, 9000.
fn check(name: &str, command: &str, output: &[u8], port: Option<u16>) {
    let map: Vec<(u16, u16)> = port.map(|p| (p, 9000)).into_iter().collect();
    check_output(env!("CARGO_MANIFEST_DIR"), name, command, output, &map);
}

/// What the server printed: its first line, then `n` more.
fn server_lines(server: &Server, n: usize) -> String {
    let mut text = format!("{}\n", server.first_line());
    for _ in 0..n {
        text.push_str(&server.next_line());
        text.push('\n');
    }
    text
}

/// The length of each line of `out`, as `awk '{ print length }'` prints it.
fn line_lengths(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| format!("{}\n", line.chars().count()))
        .collect()
}

fn client(addr: &str, args: &[&str]) -> Output {
    cargo_bin_cmd!("udp-echo")
        .args(["client", "--addr", addr])
        .args(args)
        .timeout(WAIT)
        .output()
        .unwrap()
}

#[test]
fn demo() {
    let out = cargo_bin_cmd!("udp-echo")
        .arg("demo")
        .timeout(WAIT)
        .output()
        .unwrap();
    assert!(out.status.success());
    check(
        "udp-echo-demo.txt",
        "cargo run -q -p udp-echo -- demo",
        &out.stdout,
        None,
    );
}

#[test]
fn two_terminals() {
    let server = Server::start(BIN);
    let port = Some(server.addr().port());
    let addr = server.addr_arg();
    let first = client(&addr, &["LHF nb", "hello"]);
    assert!(first.status.success());
    check(
        "udp-echo-client.txt",
        "cargo run -q -p udp-echo -- client 'LHF nb' hello",
        &first.stdout,
        port,
    );
    let piped = cargo_bin_cmd!("udp-echo")
        .args(["client", "--addr", &addr])
        .write_stdin("one\n\ntwo\n")
        .timeout(WAIT)
        .output()
        .unwrap();
    assert!(piped.status.success());
    check(
        "udp-echo-stdin.txt",
        r"printf 'one\n\ntwo\n' | cargo run -q -p udp-echo -- client",
        &piped.stdout,
        port,
    );
    check(
        "udp-echo-server.txt",
        "cargo run -q -p udp-echo -- server",
        server_lines(&server, 5).as_bytes(),
        port,
    );
}

#[test]
fn no_server() {
    let (_held, addr) = refusing_port();
    let out = client(&addr.to_string(), &["LHF nb"]);
    assert_eq!(out.status.code(), Some(1));
    check(
        "udp-echo-no-server.txt",
        "cargo run -q -p udp-echo -- client 'LHF nb'",
        &out.stderr,
        Some(addr.port()),
    );
}

/// The client first, the server second: the first letter is lost, the
/// second answered. The transcript shows a run where the server was up
/// within the client's first wait (one second), as it nearly always is; a
/// run where it was not, or where the free port was taken meanwhile, is
/// done again, a bounded number of times.
#[test]
fn client_first() {
    for _ in 0..3 {
        if client_first_once() {
            return;
        }
    }
    panic!("three runs in a row did not go letter lost, server up, letter answered");
}

fn client_first_once() -> bool {
    let addr = free_port();
    let addr_arg = addr.to_string();
    let args = ["--verbose", "--retries", "5", "LHF nb"];
    let mut all = vec!["client", "--addr", addr_arg.as_str()];
    all.extend(args);
    let running = start_client(&all);
    let sent = running.next_err_line();
    let server_args = ["server", "--addr", addr_arg.as_str()];
    let Ok(server) = panic::catch_unwind(|| Server::start_with(BIN, &server_args))
    else {
        return false;
    };
    let (status, out, err) = ended(running);
    if !status.success() || err.len() != 2 {
        return false;
    }
    let mut text = format!("{sent}\n");
    for line in err {
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str(&String::from_utf8_lossy(&out));
    let port = Some(addr.port());
    check(
        "udp-echo-client-first.txt",
        "cargo run -q -p udp-echo -- client --verbose --retries 5 'LHF nb'",
        text.as_bytes(),
        port,
    );
    check(
        "udp-echo-client-first-server.txt",
        "cargo run -q -p udp-echo -- server",
        server_lines(&server, 1).as_bytes(),
        port,
    );
    true
}

#[test]
fn cut_by_a_small_buffer() {
    let server = Server::start_with(
        BIN,
        &["server", "--addr", "127.0.0.1:0", "--bufsize", "1024"],
    );
    let port = Some(server.addr().port());
    let out = client(&server.addr_arg(), &[&"m".repeat(3000), "ok"]);
    assert!(out.status.success());
    check(
        "udp-echo-cut-client.txt",
        r#"cargo run -q -p udp-echo -- client "$(head -c 3000 /dev/zero | tr '\0' m)" ok | awk '{ print length }'"#,
        line_lengths(&out).as_bytes(),
        port,
    );
    check(
        "udp-echo-cut-server.txt",
        "cargo run -q -p udp-echo -- server --bufsize 1024",
        server_lines(&server, 2).as_bytes(),
        port,
    );
}

#[test]
fn largest_and_too_long() {
    let server = Server::start(BIN);
    let port = Some(server.addr().port());
    let out = client(&server.addr_arg(), &[&"m".repeat(65_507)]);
    assert!(out.status.success());
    check(
        "udp-echo-largest.txt",
        r#"cargo run -q -p udp-echo -- client "$(head -c 65507 /dev/zero | tr '\0' m)" | awk '{ print length }'"#,
        line_lengths(&out).as_bytes(),
        port,
    );
    let out = client(&server.addr_arg(), &[&"m".repeat(65_508)]);
    assert_eq!(out.status.code(), Some(1));
    check(
        "udp-echo-too-long.txt",
        r#"cargo run -q -p udp-echo -- client "$(head -c 65508 /dev/zero | tr '\0' m)""#,
        &out.stderr,
        port,
    );
}

#[test]
fn count_server() {
    let server = Server::start_with(
        BIN,
        &["exercise", "count-server", "--addr", "127.0.0.1:0"],
    );
    let port = Some(server.addr().port());
    assert!(
        client(&server.addr_arg(), &["a", "b", "c"])
            .status
            .success()
    );
    let mut text = server_lines(&server, 3);
    // The next client must get another port, as it nearly always does.
    let _held = hold_senders_port(text.lines().nth(1).unwrap_or_default());
    assert!(client(&server.addr_arg(), &["d"]).status.success());
    text.push_str(&server.next_line());
    text.push('\n');
    check(
        "udp-echo-count-server.txt",
        "cargo run -q -p udp-echo -- exercise count-server",
        text.as_bytes(),
        port,
    );
}

#[cfg(target_os = "linux")]
#[test]
fn connected_client_with_no_server() {
    let (_held, addr) = refusing_port();
    let out = cargo_bin_cmd!("udp-echo")
        .args(["exercise", "connected-client", "--addr", &addr.to_string()])
        .timeout(WAIT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    check(
        "udp-echo-connected.txt",
        "cargo run -q -p udp-echo -- exercise connected-client",
        &out.stderr,
        Some(addr.port()),
    );
}
