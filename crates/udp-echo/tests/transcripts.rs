//! The outputs the book shows for lesson 3, regenerated from the real binary
//! and compared with `lessons/transcripts/udp-echo-*.txt`. Ports the system
//! picks are normalised; the test's server port is shown as the default,
//! 9000, so each transcript shows the command a learner types.
//! `UPDATE_TRANSCRIPTS=1 cargo test -p udp-echo --test transcripts` rewrites
//! them.

mod support;

use std::net::SocketAddr;
use std::panic;
use std::process::Output;

use common::testing::{Server, Transcripts, cli};
use support::{
    BIN, ended, free_port, hold_senders_port, refusing_port, start_client,
};

const BOOK: Transcripts = Transcripts::new(env!("CARGO_MANIFEST_DIR"), BIN, 9000);

/// The length of each line of `out`, as `awk '{ print length }'` prints it.
#[cfg(unix)]
fn line_lengths(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| format!("{}\n", line.chars().count()))
        .collect()
}

/// `udp-echo client ARGS...` posting to `addr`: what it did.
fn client(addr: SocketAddr, args: &[&str]) -> Output {
    let assert = cli::call(BIN, addr, &[&["client"], args].concat(), "");
    assert.get_output().clone()
}

#[test]
fn two_terminals() {
    let server = Server::start(BIN);
    let port = server.addr().port();
    let first = client(server.addr(), &["LHF nb", "hello"]);
    assert!(first.status.success());
    BOOK.check(
        "udp-echo-client.txt",
        "cargo run -q -p udp-echo -- client 'LHF nb' hello",
        &first.stdout,
        port,
    );
    let piped = cli::call(BIN, server.addr(), &["client"], "one\n\ntwo\n").success();
    BOOK.check(
        "udp-echo-stdin.txt",
        r"printf 'one\n\ntwo\n' | cargo run -q -p udp-echo -- client",
        &piped.get_output().stdout,
        port,
    );
    BOOK.check(
        "udp-echo-server.txt",
        "cargo run -q -p udp-echo -- server",
        server.log(5),
        port,
    );
}

#[test]
fn no_server() {
    let (_held, addr) = refusing_port();
    let out = client(addr, &["LHF nb"]);
    assert_eq!(out.status.code(), Some(1));
    BOOK.check(
        "udp-echo-no-server.txt",
        "cargo run -q -p udp-echo -- client 'LHF nb'",
        &out.stderr,
        addr.port(),
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
    let port = addr.port();
    BOOK.check(
        "udp-echo-client-first.txt",
        "cargo run -q -p udp-echo -- client --verbose --retries 5 'LHF nb'",
        text,
        port,
    );
    BOOK.check(
        "udp-echo-client-first-server.txt",
        "cargo run -q -p udp-echo -- server",
        server.log(1),
        port,
    );
    true
}

// Unix cuts a datagram too long for the buffer; Windows fails the receive.
#[cfg(unix)]
#[test]
fn cut_by_a_small_buffer() {
    let server = Server::start_flags(BIN, &["--bufsize", "1024"]);
    let port = server.addr().port();
    let out = client(server.addr(), &[&"m".repeat(3000), "ok"]);
    assert!(out.status.success());
    BOOK.check(
        "udp-echo-cut-client.txt",
        r#"cargo run -q -p udp-echo -- client "$(head -c 3000 /dev/zero | tr '\0' m)" ok | awk '{ print length }'"#,
        line_lengths(&out),
        port,
    );
    BOOK.check(
        "udp-echo-cut-server.txt",
        "cargo run -q -p udp-echo -- server --bufsize 1024",
        server.log(2),
        port,
    );
}

// The datagram is an argument, and Windows caps a command line at 32,767
// characters (the transcripts are Linux's anyway).
#[cfg(unix)]
#[test]
fn largest_and_too_long() {
    let server = Server::start(BIN);
    let port = server.addr().port();
    let out = client(server.addr(), &[&"m".repeat(65_507)]);
    assert!(out.status.success());
    BOOK.check(
        "udp-echo-largest.txt",
        r#"cargo run -q -p udp-echo -- client "$(head -c 65507 /dev/zero | tr '\0' m)" | awk '{ print length }'"#,
        line_lengths(&out),
        port,
    );
    let out = client(server.addr(), &[&"m".repeat(65_508)]);
    assert_eq!(out.status.code(), Some(1));
    BOOK.check(
        "udp-echo-too-long.txt",
        r#"cargo run -q -p udp-echo -- client "$(head -c 65508 /dev/zero | tr '\0' m)""#,
        &out.stderr,
        port,
    );
}

#[test]
fn count_server() {
    let server = Server::exercise(BIN, "count-server", &[]);
    let port = server.addr().port();
    assert!(client(server.addr(), &["a", "b", "c"]).status.success());
    let mut text = server.log(3);
    // The next client must get another port, as it nearly always does.
    let _held = hold_senders_port(text.lines().nth(1).unwrap_or_default());
    assert!(client(server.addr(), &["d"]).status.success());
    text.push_str(&server.next_lines(1));
    BOOK.check(
        "udp-echo-count-server.txt",
        "cargo run -q -p udp-echo -- exercise count-server",
        text,
        port,
    );
}

#[cfg(target_os = "linux")]
#[test]
fn connected_client_with_no_server() {
    let (_held, addr) = refusing_port();
    let out = cli::call(BIN, addr, &["exercise", "connected-client"], "").code(1);
    BOOK.check(
        "udp-echo-connected.txt",
        "cargo run -q -p udp-echo -- exercise connected-client",
        &out.get_output().stderr,
        addr.port(),
    );
}

#[test]
fn demo() {
    BOOK.check_demo();
}
