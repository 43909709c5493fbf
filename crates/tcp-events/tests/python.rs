//! Lesson 7 against Python: the article's loop client calls this server, and
//! this lesson's client and the shared callers call `python/tcp_events_server.py`,
//! the same loop written with the standard library's `selectors`. Skipped,
//! with a note, where `python3` is not installed.

use std::process::Command;

use common::testing::chat::Member;
use common::testing::{Process, Server, echo, python_script, python3};

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

/// `python/talk.py`, the pages' netcat where there is none: it says each
/// line typed, prints what comes as it comes, and ends when the server
/// hangs up after the end of its input.
#[test]
fn talk_py_talks_to_the_server() {
    let Some(python) = python3() else { return };
    let server = Server::start(BIN);
    let addr = server.addr_arg();
    python
        .run("talk.py", &[&addr], "hello\nLHF nb\n")
        .success()
        .stdout("HELLO\nLHF NB\n");
}

/// In the chat exercise, `talk.py` hears the room while it waits for you to
/// type: what another member says is printed at once.
#[test]
fn talk_py_is_a_member_of_the_chat_room() {
    let Some(python) = python3() else { return };
    let server = Server::exercise(BIN, "chat-server", &[]);
    let mut command = Command::new(python.program());
    command.arg(python_script("talk.py")).arg(server.addr_arg());
    let mut talk = Process::start_command(command);
    server.wait_for("joined");
    let mut other = Member::join(&server, "joined");
    other.say("hello, room");
    assert_eq!(talk.next_line(), format!("{}: hello, room", other.addr()));
    talk.type_line("hello from talk.py");
    let heard = other.hear();
    assert!(heard.ends_with(": hello from talk.py\n"), "{heard}");
    // Ctrl-D: talk.py ends its side, the room hangs up on it, it ends.
    talk.close_input();
    let ended = talk.finish();
    assert!(ended.status.success(), "{}", ended.stderr);
}
