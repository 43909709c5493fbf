//! Wire compatibility with the article's own Python programs (in `python/`):
//! its client against this server, this client against its server.
//! Skipped, with a note, where `python3` is not installed.

use common::testing::{Server, cli, python3};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-oneshot");

#[test]
fn the_articles_python_client_calls_this_server() {
    let Some(python) = python3() else { return };
    let server = Server::start(BIN);
    python
        .run("tcp_oneshot_client.py", &[&server.addr_arg()], "")
        .success()
        .stdout("LHF NB\n");
    let out = server.wait_ok();
    assert_eq!(out[1], "received b'LHF nb'");
}

#[test]
fn this_client_calls_the_articles_python_server() {
    let Some(python) = python3() else { return };
    let server = python.server("tcp_oneshot_server.py");
    cli::call(BIN, server.addr(), &["client"], "")
        .success()
        .stdout("LHF NB\n");
    let out = server.wait_ok();
    assert_eq!(out, ["call from 127.0.0.1", "b'LHF nb' <class 'bytes'>"]);
}
