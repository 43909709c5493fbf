//! Lesson 7 against Python: the article's loop client calls this server, and
//! this lesson's client and the shared callers call `python/tcp_events_server.py`,
//! the same loop written with the standard library's `selectors`. Skipped,
//! with a note, where `python3` is not installed.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::{Server, WAIT, echo, python_script, python3};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-events");

fn python_server(python: &str) -> Server {
    Server::start_with(
        python,
        &[&python_script("tcp_events_server.py"), "127.0.0.1:0"],
    )
}

#[test]
fn the_articles_python_client_calls_this_server() {
    let Some(python) = python3() else { return };
    let server = Server::start(BIN);
    assert!(server.next_line().starts_with("open files: "));
    assert_cmd::Command::new(python)
        .args([python_script("tcp_loop_client.py"), server.addr_arg()])
        .write_stdin("hello\nLHF nb\n")
        .timeout(WAIT)
        .assert()
        .success()
        .stdout(">>>: b'HELLO'\n>>>: b'LHF NB'\n>>>: ");
    assert!(server.next_line().starts_with("client : 127.0.0.1:"));
    assert!(server.next_line().ends_with(" msg: b'hello'"));
}

#[test]
fn this_client_calls_the_python_selectors_server() {
    let Some(python) = python3() else { return };
    let server = python_server(python);
    cargo_bin_cmd!("tcp-events")
        .args(["client", "--addr", &server.addr_arg()])
        .write_stdin("hello from Rust\nLHF nb\n")
        .timeout(WAIT)
        .assert()
        .success()
        .stdout("HELLO FROM RUST\nLHF NB\n");
    let line = server.next_line();
    assert!(line.starts_with("client : ('127.0.0.1', "), "{line}");
    let line = server.next_line();
    assert!(line.ends_with(" msg: b'hello from Rust'"), "{line}");
}

#[test]
fn the_python_selectors_server_serves_many_callers_at_once() {
    let Some(python) = python3() else { return };
    let server = python_server(python);
    echo::all_at_once(server.addr(), 50);
    echo::silent_caller_holds_up_no_one(server.addr());
    echo::flooding_caller_holds_up_no_one(server.addr(), 8 << 20);
    echo::half_close_gets_the_whole_answer(server.addr(), &vec![b'p'; 4 << 20]);
    assert_eq!(echo::hostile_callers(server.addr(), 40, 10), 40);
}
