//! Lesson 8 against Python's asyncio (`python/tcp_tokio_server.py` and
//! `python/tcp_tokio_client.py`), both ways. Skipped, with a note, where
//! `python3` is not installed.

use common::testing::{echo, python3};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-tokio");

#[test]
fn the_asyncio_client_calls_this_server() {
    let Some(python) = python3() else { return };
    let server = echo::python_client_calls(python, "tcp_tokio_client.py", BIN);
    server.wait_for("from client msg: b'hello'");
    assert_eq!(server.next_line(), "from client msg: b'LHF nb'");
    assert!(server.next_line().ends_with(" hung up"));
}

#[test]
fn this_client_calls_the_asyncio_server() {
    let Some(python) = python3() else { return };
    echo::calls_python_server(python, "tcp_tokio_server.py", BIN);
}
