//! Wire compatibility with the article's own Python programs (in `python/`):
//! its client against this server, this client against its server.
//! Skipped, with a note, where `python3` is not installed.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::{Server, WAIT, python_script, python3};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-oneshot");

#[test]
fn the_articles_python_client_calls_this_server() {
    let Some(python) = python3() else { return };
    let server = Server::start(BIN);
    assert_cmd::Command::new(python)
        .args([python_script("tcp_oneshot_client.py"), server.addr_arg()])
        .timeout(WAIT)
        .assert()
        .success()
        .stdout("LHF NB\n");
    let (status, out, _) = server.wait_exit();
    assert!(status.success());
    assert_eq!(out[1], "received b'LHF nb'");
}

#[test]
fn this_client_calls_the_articles_python_server() {
    let Some(python) = python3() else { return };
    let server = Server::start_with(
        python,
        &[&python_script("tcp_oneshot_server.py"), "127.0.0.1:0"],
    );
    cargo_bin_cmd!("tcp-oneshot")
        .args(["client", "--addr", &server.addr_arg()])
        .timeout(WAIT)
        .assert()
        .success()
        .stdout("LHF NB\n");
    let (status, out, _) = server.wait_exit();
    assert!(status.success());
    assert_eq!(out, ["call from 127.0.0.1", "b'LHF nb' <class 'bytes'>"]);
}
