//! Lesson 8 against Python's asyncio (`python/tcp_tokio_server.py` and
//! `python/tcp_tokio_client.py`), both ways. Skipped, with a note, where
//! `python3` is not installed.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::{Server, WAIT, echo, python_script, python3};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-tokio");

fn python_server(python: &str) -> Server {
    Server::start_with(
        python,
        &[&python_script("tcp_tokio_server.py"), "127.0.0.1:0"],
    )
}

#[test]
fn the_asyncio_client_calls_this_server() {
    let Some(python) = python3() else { return };
    let server = Server::start(BIN);
    assert_cmd::Command::new(python)
        .args([python_script("tcp_tokio_client.py"), server.addr_arg()])
        .write_stdin("hello\nLHF nb\n")
        .timeout(WAIT)
        .assert()
        .success()
        .stdout(">>>: b'HELLO'\n>>>: b'LHF NB'\n>>>: ")
        .stderr("");
    server.wait_for("from client msg: b'hello'");
    assert_eq!(server.next_line(), "from client msg: b'LHF nb'");
    assert!(server.next_line().ends_with(" hung up"));
}

#[test]
fn this_client_calls_the_asyncio_server() {
    let Some(python) = python3() else { return };
    let server = python_server(python);
    cargo_bin_cmd!("tcp-tokio")
        .args(["client", "--addr", &server.addr_arg()])
        .write_stdin(format!("hello\n{}\n", "m".repeat(3000)))
        .timeout(WAIT)
        .assert()
        .success()
        .stdout(format!("HELLO\n{}\n", "M".repeat(3000)));
    let line = server.next_line();
    assert!(line.starts_with("client : ('127.0.0.1', "), "{line}");
    assert_eq!(server.next_line(), "from client msg: b'hello'");
}

#[test]
fn the_asyncio_server_serves_callers_at_once_too() {
    let Some(python) = python3() else { return };
    let server = python_server(python);
    echo::all_at_once(server.addr(), 8);
}
