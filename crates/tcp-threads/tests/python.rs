//! Wire compatibility with Python: the article's lesson-2 client against
//! this server, and this lesson's client and many callers at once against
//! `python/tcp_threads_server.py` (`socketserver.ThreadingTCPServer`).
//! Skipped, with a note, where `python3` is not installed.

use common::testing::echo::{self, Caller};
use common::testing::{Server, python3};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-threads");

#[test]
fn the_articles_python_client_calls_this_server_while_another_caller_waits() {
    let Some(python) = python3() else { return };
    let server = Server::start(BIN);
    // A caller on the line, who does not hang up: lesson 2's server would
    // keep the Python client waiting behind it.
    let mut held = Caller::dial(server.addr());
    held.say(b"holding the line");
    python
        .run(
            "tcp_loop_client.py",
            &[&server.addr_arg()],
            "hello\nLHF nb\n",
        )
        .success()
        .stdout(">>>: b'HELLO'\n>>>: b'LHF NB'\n>>>: ")
        .stderr("");
    server.wait_for("msg: b'LHF nb'");
    held.say(b"still here");
}

#[test]
fn this_client_calls_the_python_threading_server() {
    let Some(python) = python3() else { return };
    echo::calls_python_server(python, "tcp_threads_server.py", BIN);
}
