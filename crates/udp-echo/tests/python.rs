//! Wire compatibility with the article's own Python programs (in `python/`):
//! its UDP server answers this client, this server answers a Python client
//! in the article's style. Skipped, with a note, where `python3` is missing.

use common::testing::{Server, cli, python3};

const BIN: &str = env!("CARGO_BIN_EXE_udp-echo");

#[test]
fn the_articles_python_server_answers_this_client() {
    let Some(python) = python3() else { return };
    let server = python.server("udp_echo_server.py");
    assert!(server.first_line().starts_with("bound to 127.0.0.1:"));
    cli::call(BIN, server.addr(), &["client", "LHF nb"], "")
        .success()
        .stdout("LHF NB\n");
    let line = server.next_line();
    assert!(line.starts_with("b'LHF nb' ('127.0.0.1', "), "{line}");
}

#[test]
fn the_articles_buffer_of_1024_cuts_in_python_too() {
    let Some(python) = python3() else { return };
    let server = python.server("udp_echo_server.py");
    let long = "m".repeat(3000);
    let assert = cli::call(BIN, server.addr(), &["client", &long, "ok"], "");
    let expected = format!("{}\nOK\n", "M".repeat(1024));
    assert!(assert.success().get_output().stdout == expected.as_bytes());
}

#[test]
fn this_server_answers_a_python_client() {
    let Some(python) = python3() else { return };
    let server = Server::start(BIN);
    python
        .run(
            "udp_echo_client.py",
            &[&server.addr_arg()],
            "LHF nb\nhello\n",
        )
        .success()
        .stdout("LHF NB\nHELLO\n");
    let first = server.next_line();
    assert!(first.starts_with("b'LHF nb' from 127.0.0.1:"), "{first}");
    assert!(server.next_line().starts_with("b'hello' from 127.0.0.1:"));
}
