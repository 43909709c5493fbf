//! Wire compatibility with Python: the article's lesson-2 client against
//! this server, and this lesson's client and many callers at once against
//! `python/tcp_threads_server.py` (`socketserver.ThreadingTCPServer`).
//! Skipped, with a note, where `python3` is not installed.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::echo::{self, Caller};
use common::testing::{Server, WAIT, python_script, python3};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-threads");

fn python_server(python: &str) -> Server {
    Server::start_with(
        python,
        &[&python_script("tcp_threads_server.py"), "127.0.0.1:0"],
    )
}

#[test]
fn the_articles_python_client_calls_this_server_while_another_caller_waits() {
    let Some(python) = python3() else { return };
    let server = Server::start(BIN);
    // A caller on the line, who does not hang up: lesson 2's server would
    // keep the Python client waiting behind it.
    let mut held = Caller::dial(server.addr());
    held.say(b"holding the line");
    assert_cmd::Command::new(python)
        .args([python_script("tcp_loop_client.py"), server.addr_arg()])
        .write_stdin("hello\nLHF nb\n")
        .timeout(WAIT)
        .assert()
        .success()
        .stdout(">>>: b'HELLO'\n>>>: b'LHF NB'\n>>>: ")
        .stderr("");
    server.wait_for("msg: b'LHF nb'");
    held.say(b"still here");
}

#[test]
fn this_client_calls_the_python_threading_server() {
    let Some(python) = python3() else { return };
    let server = python_server(python);
    cargo_bin_cmd!("tcp-threads")
        .args(["client", "--addr", &server.addr_arg()])
        .write_stdin("hello\nLHF nb\n")
        .timeout(WAIT)
        .assert()
        .success()
        .stdout("HELLO\nLHF NB\n");
    let line = server.wait_for("client : ");
    assert!(line.starts_with("client : ('127.0.0.1', "), "{line}");
    server.wait_for("from client msg: b'LHF nb'");
}

#[test]
fn the_python_threading_server_serves_many_callers_at_once() {
    let Some(python) = python3() else { return };
    let server = python_server(python);
    echo::all_at_once(server.addr(), 8);
    echo::silent_caller_holds_up_no_one(server.addr());
}
