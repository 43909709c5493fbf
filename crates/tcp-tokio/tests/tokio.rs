//! Lesson 8 as a learner would try it: real server and client processes over
//! loopback, on ports the system picks.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use assert_cmd::assert::Assert;
use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::echo::{self, Caller};
use common::testing::{Server, WAIT, cli};
use predicates::prelude::*;
use socket2::{Domain, Socket, Type};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-tokio");

fn call(server: &Server, input: impl Into<Vec<u8>>) -> Assert {
    cargo_bin_cmd!("tcp-tokio")
        .args(["client", "--addr", &server.addr_arg()])
        .write_stdin(input)
        .timeout(WAIT)
        .assert()
}

#[test]
fn answers_each_line_upper_cased_and_logs_like_lesson_2() {
    let server = Server::start(BIN);
    assert!(server.next_line().starts_with("open files: up to "));
    call(&server, "hello\n\nLHF nb\n")
        .success()
        .stdout("HELLO\nLHF NB\n")
        .stderr("");
    let first = server.next_line();
    let peer = first.strip_prefix("client : ").expect("a caller");
    assert_eq!(server.next_line(), "from client msg: b'hello'");
    assert_eq!(server.next_line(), "from client msg: b'LHF nb'");
    assert_eq!(server.next_line(), format!("client {peer} hung up"));
}

#[test]
fn eight_callers_at_once() {
    let server = Server::start(BIN);
    echo::all_at_once(server.addr(), 8);
}

#[test]
fn two_hundred_callers_at_once() {
    let server = Server::start(BIN);
    echo::all_at_once(server.addr(), 200);
}

#[test]
fn a_silent_caller_holds_up_no_one() {
    let server = Server::start(BIN);
    echo::silent_caller_holds_up_no_one(server.addr());
}

#[test]
fn a_flooding_caller_holds_up_no_one() {
    let server = Server::start(BIN);
    echo::flooding_caller_holds_up_no_one(server.addr(), 8 << 20);
}

#[test]
fn a_half_closing_caller_gets_the_whole_answer() {
    let server = Server::start(BIN);
    echo::half_close_gets_the_whole_answer(server.addr(), &[b'q'; 300_000]);
}

#[test]
fn hostile_callers_end_only_their_own_calls() {
    let server = Server::start(BIN);
    assert_eq!(echo::hostile_callers(server.addr(), 300, 10), 300);
}

#[test]
fn a_one_mebibyte_line_comes_back_whole() {
    let server = Server::start(BIN);
    let mut input = vec![b'm'; 1 << 20];
    input.push(b'\n');
    let assert = call(&server, input).success();
    let stdout = &assert.get_output().stdout;
    assert_eq!(stdout.len(), (1 << 20) + 1);
    assert!(stdout[..1 << 20].iter().all(|&b| b == b'M'));
}

#[test]
fn a_silent_caller_is_hung_up_on_after_the_idle_timeout() {
    let args = [
        "server",
        "--addr",
        "127.0.0.1:0",
        "--idle-timeout-ms",
        "300",
    ];
    let server = Server::start_with(BIN, &args);
    let started = Instant::now();
    let mut caller = Caller::dial(server.addr());
    // The server hangs up: our read gives the end of the call.
    let mut byte = [0u8; 1];
    assert_eq!(caller.conn().read(&mut byte).expect("the hang-up"), 0);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let line = server.wait_for(" said nothing for ");
    assert!(
        line.ends_with(" said nothing for 300 ms; hung up on it"),
        "{line}"
    );
    // The server goes on.
    echo::one_call(server.addr(), b"next");
}

#[test]
fn a_talking_caller_is_never_cut_by_the_idle_timeout() {
    let args = [
        "server",
        "--addr",
        "127.0.0.1:0",
        "--idle-timeout-ms",
        "500",
    ];
    let server = Server::start_with(BIN, &args);
    let mut caller = Caller::dial(server.addr());
    // Talk without a pause for three times the idle timeout.
    let started = Instant::now();
    let mut said = 0;
    while started.elapsed() < Duration::from_millis(1500) {
        caller.say(format!("message {said}").as_bytes());
        said += 1;
    }
    assert!(said > 3);
    // Then fall silent: now the timeout applies.
    let mut byte = [0u8; 1];
    assert_eq!(caller.conn().read(&mut byte).expect("the hang-up"), 0);
    let line = server.wait_for(" hung up on it");
    assert!(
        line.ends_with(" said nothing for 500 ms; hung up on it"),
        "{line}"
    );
}

#[test]
fn the_client_gives_up_on_an_answer_that_does_not_come() {
    // A server that takes calls (the kernel completes them) but never
    // picks up, so never answers.
    let deaf = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = deaf.local_addr().unwrap().to_string();
    let args = ["client", "--addr", &addr, "--reply-timeout-ms", "300"];
    let err = cli::run(BIN, &args, "hello\n").code(1).stdout("");
    let err = String::from_utf8_lossy(&err.get_output().stderr).into_owned();
    assert_eq!(
        err,
        format!(
            "error: no answer from {addr} within 300 ms\n\
             hint: the server took the call but does not answer: is it a server from \
             this course? (--reply-timeout-ms waits longer)\n"
        )
    );
}

/// A listening socket whose queue is full: Linux drops the next caller's
/// SYN, so that call neither goes through nor is refused.
#[cfg(target_os = "linux")]
#[test]
fn the_client_gives_up_on_a_call_that_does_not_go_through() {
    let full = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    full.bind(&std::net::SocketAddr::from(([127, 0, 0, 1], 0)).into())
        .unwrap();
    full.listen(0).unwrap();
    let addr = full.local_addr().unwrap().as_socket().unwrap();
    // Fill the queue (room for one with a backlog of 0, and one more).
    let _queued: Vec<TcpStream> = (0..2)
        .filter_map(|_| {
            TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()
        })
        .collect();
    let addr = addr.to_string();
    let args = ["client", "--addr", &addr, "--connect-timeout-ms", "300"];
    let err = cli::run(BIN, &args, "hello\n").code(1).stdout("");
    let err = String::from_utf8_lossy(&err.get_output().stderr).into_owned();
    assert!(
        err.starts_with(&format!(
            "error: cannot call {addr}: no answer within 300 ms\n"
        )),
        "{err}"
    );
}

#[test]
fn the_server_going_away_mid_call_is_a_clear_error() {
    let server = Server::start(BIN);
    let addr = server.addr();
    let mut conn = TcpStream::connect(addr).unwrap();
    conn.write_all(b"x").unwrap();
    drop(conn);
    let mut client = common::testing::Process::start(
        BIN,
        &["client", "--addr", &addr.to_string()],
    );
    client.type_line("hello");
    assert_eq!(client.next_line(), "HELLO");
    server.kill();
    client.type_line("anyone there?");
    let ended = client.finish();
    assert_eq!(ended.status.code(), Some(1));
    assert!(
        ended.stderr.starts_with(&format!(
            "error: the server at {addr} hung up before it answered\n"
        )),
        "{}",
        ended.stderr
    );
}

#[test]
fn works_over_ipv6_loopback() {
    if TcpListener::bind("[::1]:0").is_err() {
        eprintln!("skipped: this machine has no IPv6 loopback");
        return;
    }
    let server = Server::start_with(BIN, &["server", "--addr", "[::1]:0"]);
    call(&server, "over ipv6\n").success().stdout("OVER IPV6\n");
}

#[test]
fn no_server_is_a_clear_error_with_a_hint() {
    cli::refused_call(BIN, &["client"], "hello\n");
}

#[test]
fn a_taken_port_is_a_clear_error() {
    cli::taken_port(BIN, &["server"]);
}

#[test]
fn demo_shows_callers_at_once_then_closing_time() {
    let assert = cargo_bin_cmd!("tcp-tokio")
        .arg("demo")
        .timeout(WAIT)
        .assert()
        .success()
        .stderr("");
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        out.contains("client 4 | cannot call: connection refused"),
        "{out}"
    );
    assert!(out.contains("client 3 | STILL THERE?\n"), "{out}");
    assert!(
        out.ends_with("closed: 3 callers served, 1 still connected at the end\n")
    );
}

#[test]
fn bad_usage_is_exit_code_2_with_an_example() {
    cli::bad_usage(
        BIN,
        &[
            (&["client", "--addr", "8083"], "write IP:PORT"),
            (&["server", "--addr", "localhost:0"], "is a name"),
            (&["server", "--idle-timeout-ms", "0"], "0 is not in 1.."),
            (&["server", "--grace-ms", "soon"], "invalid digit"),
            (&["client", "--reply-timeout-ms", "0"], "0 is not in 1.."),
            (&["exercise", "chat"], "unrecognized subcommand"),
        ],
    );
}

#[test]
fn help_is_there_for_every_subcommand() {
    cli::help_everywhere(
        BIN,
        &[
            &["server"],
            &["client"],
            &["demo"],
            &["exercise"],
            &["exercise", "chat-server"],
            &["exercise", "rate-limited-server"],
            &["exercise", "goodbye-server"],
        ],
    );
    cli::run(BIN, &["server", "--help"], "")
        .success()
        .stdout(predicate::str::contains("--idle-timeout-ms"))
        .stdout(predicate::str::contains("--grace-ms"));
}
