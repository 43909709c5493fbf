//! The outputs the book shows for lesson 2, regenerated from the real binary
//! and compared with `lessons/transcripts/tcp-loop-*.txt`. Ports the system
//! picks are normalised; the test's server port is shown as the default, 8080,
//! so each transcript shows the command a learner types.
//! `UPDATE_TRANSCRIPTS=1 cargo test -p tcp-loop --test transcripts` rewrites
//! them.

#[cfg(target_os = "linux")]
use std::io::{Read, Write};
#[cfg(target_os = "linux")]
use std::net::TcpStream;

#[cfg(target_os = "linux")]
use common::testing::WAIT;
use common::testing::{Process, Server, Terminal, Transcripts, cli, echo};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-loop");
const BOOK: Transcripts = Transcripts::new(env!("CARGO_MANIFEST_DIR"), BIN, 8080);
const SERVER: &str = "cargo run -q -p tcp-loop -- server";
const CLIENT: &str = "cargo run -q -p tcp-loop -- client";

/// `tcp-loop client` against `server` with `input` piped in: what it printed.
fn client(server: &Server, input: &str) -> Vec<u8> {
    let assert = cli::call(BIN, server.addr(), &["client"], input).success();
    assert.get_output().stdout.clone()
}

#[test]
fn two_terminals() {
    let server = Server::start(BIN);
    let port = server.addr().port();
    // What a person sees typing into the client: prompt, echo, answer.
    let args = ["client", "--addr", &server.addr_arg()];
    if let Some(mut terminal) = Terminal::start(BIN, &args) {
        terminal.answer_prompts(">>>: ", &["hello", "", "LHF nb"]);
        terminal.ctrl_d();
        let (status, screen) = terminal.finish();
        assert!(status.success());
        BOOK.check("tcp-loop-client.txt", CLIENT, screen, port);
    } else {
        // The same call from a pipe, so the server's log is the same.
        client(&server, "hello\n\nLHF nb\n");
    }
    BOOK.check_log("tcp-loop-server.txt", SERVER, server, 4);
}

#[test]
fn piped_input() {
    let server = Server::start(BIN);
    let out = client(&server, "hello\n\nLHF nb\n");
    BOOK.check(
        "tcp-loop-pipe.txt",
        &format!(r"printf 'hello\n\nLHF nb\n' | {CLIENT}"),
        &out,
        server.addr().port(),
    );
}

#[cfg(target_os = "linux")]
#[test]
fn long_line() {
    let server = Server::start(BIN);
    let port = server.addr().port();
    // The learner's pipeline, run by the shell as they would run it.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            r"head -c 40000 /dev/zero | tr '\0' m | '{BIN}' client --addr {} | wc -c",
            server.addr()
        ))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    BOOK.check(
        "tcp-loop-long-client.txt",
        &format!(r"head -c 40000 /dev/zero | tr '\0' m | {CLIENT} | wc -c"),
        &out.stdout,
        port,
    );
    BOOK.check_log("tcp-loop-long-server.txt", SERVER, server, 5);
}

#[test]
fn second_caller_waits() {
    let server = Server::start(BIN);
    let mut first = echo::talking_client(BIN, server.addr(), "first");
    // The second caller is through (the kernel queued the call), and says
    // its line; nobody answers it while the first is on the line.
    let mut second = Process::start(BIN, &["client", "--addr", &server.addr_arg()]);
    second.type_line("second");
    first.type_line("still here");
    assert_eq!(first.next_line(), "STILL HERE");
    assert!(first.finish().status.success());
    assert_eq!(second.next_line(), "SECOND");
    assert!(second.finish().status.success());
    BOOK.check_log("tcp-loop-queue-server.txt", SERVER, server, 7);
}

#[test]
fn reset_and_hang_up() {
    let server = Server::start(BIN);
    // A caller whose program closes with SO_LINGER 0, which sends a reset.
    let mut caller = echo::Caller::dial(server.addr());
    caller.say(b"hello");
    caller.reset();
    // Then a caller who hangs up politely, and the server is still there.
    client(&server, "next\n");
    BOOK.check_log("tcp-loop-reset-server.txt", SERVER, server, 6);
}

#[test]
fn server_gone() {
    let server = Server::start(BIN);
    let port = server.addr().port();
    let args = ["client", "--addr", &server.addr_arg()];
    let Some(mut terminal) = Terminal::start(BIN, &args) else {
        return;
    };
    terminal.answer_prompts(">>>: ", &["hello"]);
    // Ctrl-C in the server's terminal.
    server.kill();
    terminal.type_line("anyone there?");
    let (status, screen) = terminal.finish();
    assert_eq!(status.code(), Some(1));
    BOOK.check("tcp-loop-server-gone.txt", CLIENT, screen, port);
}

#[cfg(target_os = "linux")]
#[test]
fn time_wait() {
    let server = Server::start(BIN);
    let addr = server.addr();
    let port = addr.port();
    let mut conn = TcpStream::connect(addr).unwrap();
    conn.write_all(b"hi").unwrap();
    let mut answer = [0u8; 2];
    conn.read_exact(&mut answer).unwrap();
    server.kill();
    conn.set_read_timeout(Some(WAIT)).unwrap();
    assert_eq!(conn.read(&mut answer).unwrap(), 0);
    drop(conn);

    let refused = cli::call(BIN, addr, &["server", "--no-reuseaddr"], "").code(1);
    BOOK.check(
        "tcp-loop-time-wait-refused.txt",
        &format!("{SERVER} --no-reuseaddr"),
        &refused.get_output().stderr,
        port,
    );
    let again = Server::start_with(BIN, &["server", "--addr", &addr.to_string()]);
    BOOK.check_log("tcp-loop-time-wait-reused.txt", SERVER, again, 0);
}

#[test]
fn count_exercise() {
    let server = Server::exercise(BIN, "count-server", &[]);
    client(&server, "hello\nLHF nb\n");
    client(&server, &format!("{}\n", "m".repeat(40_000)));
    let command = "cargo run -q -p tcp-loop -- exercise count-server";
    BOOK.check_log("tcp-loop-count-server.txt", command, server, 9);
}

#[test]
fn demo() {
    BOOK.check_demo();
}
