//! Lesson 7 against Python: the article's loop client calls this server, and
//! this lesson's client and the shared callers call `python/tcp_events_server.py`,
//! the same loop written with the standard library's `selectors`. Skipped,
//! with a note, where `python3` is not installed.

use common::testing::{echo, python3};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-events");

#[test]
fn the_articles_python_client_calls_this_server() {
    let Some(python) = python3() else { return };
    let server = echo::python_client_calls(python, "tcp_loop_client.py", BIN);
    assert!(server.next_line().starts_with("open files: "));
    assert!(server.next_line().starts_with("client : 127.0.0.1:"));
    assert!(server.next_line().ends_with(" msg: b'hello'"));
}

#[test]
fn this_client_calls_the_python_selectors_server() {
    let Some(python) = python3() else { return };
    echo::calls_python_server(python, "tcp_events_server.py", BIN);
}

#[test]
fn the_python_selectors_server_serves_many_callers_at_once() {
    let Some(python) = python3() else { return };
    let server = python.server("tcp_events_server.py");
    echo::all_at_once(server.addr(), 50);
    echo::silent_caller_holds_up_no_one(server.addr());
    echo::flooding_caller_holds_up_no_one(server.addr(), 8 << 20);
    echo::half_close_gets_the_whole_answer(server.addr(), &vec![b'p'; 4 << 20]);
    assert_eq!(echo::hostile_callers(server.addr(), 40, 10), 40);
}
