//! Lesson 8 against Python's asyncio (`python/tcp_tokio_server.py` and
//! `python/tcp_tokio_client.py`), both ways. Skipped, with a note, where
//! `python3` is not installed.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use common::testing::{Server, cli, echo, python3};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-tokio");

#[test]
fn the_asyncio_client_calls_this_server() {
    let Some(python) = python3() else { return };
    let server = Server::start(BIN);
    python
        .run(
            "tcp_tokio_client.py",
            &[&server.addr_arg()],
            "hello\nLHF nb\n",
        )
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
    let server = python.server("tcp_tokio_server.py");
    let input = format!("hello\n{}\n", "m".repeat(3000));
    cli::call(BIN, server.addr(), &["client"], input)
        .success()
        .stdout(format!("HELLO\n{}\n", "M".repeat(3000)));
    let line = server.next_line();
    assert!(line.starts_with("client : ('127.0.0.1', "), "{line}");
    assert_eq!(server.next_line(), "from client msg: b'hello'");
}

#[test]
fn the_asyncio_server_serves_callers_at_once_too() {
    let Some(python) = python3() else { return };
    let server = python.server("tcp_tokio_server.py");
    echo::all_at_once(server.addr(), 8);
}
