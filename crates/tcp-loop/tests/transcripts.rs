//! The outputs the book shows for lesson 2, regenerated from the real binary
//! and compared with `lessons/transcripts/tcp-loop-*.txt`. Ports the system
//! picks are normalised; the test's server port is shown as the default, 8080,
//! so each transcript shows the command a learner types.
//! `UPDATE_TRANSCRIPTS=1 cargo test -p tcp-loop --test transcripts` rewrites
//! them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::{Process, Server, Terminal, WAIT, check_output};
use socket2::Socket;

const BIN: &str = env!("CARGO_BIN_EXE_tcp-loop");

/// Writes or compares transcript `name`: `$ command`, then `output`, with the
/// server's `port` shown as 8080.
/// Checks `output` against transcript `name`; `port`, the test server's real
/// port, is shown as the lesson's default, 8080.
fn check(name: &str, command: &str, output: &[u8], port: Option<u16>) {
    let map: Vec<(u16, u16)> = port.map(|p| (p, 8080)).into_iter().collect();
    check_output(env!("CARGO_MANIFEST_DIR"), name, command, output, &map);
}

const SERVER: &str = "cargo run -q -p tcp-loop -- server";
const CLIENT: &str = "cargo run -q -p tcp-loop -- client";

fn client(server: &Server, input: &str) -> Vec<u8> {
    let out = cargo_bin_cmd!("tcp-loop")
        .args(["client", "--addr", &server.addr_arg()])
        .write_stdin(input.to_string())
        .timeout(WAIT)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    out.stdout
}

#[test]
fn demo() {
    let out = cargo_bin_cmd!("tcp-loop")
        .arg("demo")
        .timeout(WAIT)
        .output()
        .unwrap();
    assert!(out.status.success());
    check(
        "tcp-loop-demo.txt",
        "cargo run -q -p tcp-loop -- demo",
        &out.stdout,
        None,
    );
}

#[test]
fn two_terminals() {
    let server = Server::start(BIN);
    let port = server.addr().port();
    // What a person sees typing into the client: prompt, echo, answer.
    let args = ["client", "--addr", &server.addr_arg()];
    if let Some(mut terminal) = Terminal::start(BIN, &args) {
        terminal.wait_for(">>>: ", 1);
        terminal.type_line("hello");
        terminal.wait_for(">>>: ", 2);
        terminal.type_line("");
        terminal.wait_for(">>>: ", 3);
        terminal.type_line("LHF nb");
        terminal.wait_for(">>>: ", 4);
        terminal.ctrl_d();
        let (status, screen) = terminal.finish();
        assert!(status.success());
        check("tcp-loop-client.txt", CLIENT, screen.as_bytes(), Some(port));
    } else {
        // The same call from a pipe, so the server's log is the same.
        client(&server, "hello\n\nLHF nb\n");
    }
    check(
        "tcp-loop-server.txt",
        SERVER,
        server.transcript(4).as_bytes(),
        Some(port),
    );
}

#[test]
fn piped_input() {
    let server = Server::start(BIN);
    let out = client(&server, "hello\n\nLHF nb\n");
    check(
        "tcp-loop-pipe.txt",
        &format!(r"printf 'hello\n\nLHF nb\n' | {CLIENT}"),
        &out,
        Some(server.addr().port()),
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
    check(
        "tcp-loop-long-client.txt",
        &format!(r"head -c 40000 /dev/zero | tr '\0' m | {CLIENT} | wc -c"),
        &out.stdout,
        Some(port),
    );
    check(
        "tcp-loop-long-server.txt",
        SERVER,
        server.transcript(5).as_bytes(),
        Some(port),
    );
}

#[test]
fn second_caller_waits() {
    let server = Server::start(BIN);
    let port = server.addr().port();
    let addr = server.addr_arg();
    let mut first = Process::start(BIN, &["client", "--addr", &addr]);
    first.type_line("first");
    assert_eq!(first.next_line(), "FIRST");
    let mut second = Process::start(BIN, &["client", "--addr", &addr]);
    second.type_line("second");
    first.type_line("still here");
    assert_eq!(first.next_line(), "STILL HERE");
    assert!(first.finish().status.success());
    assert_eq!(second.next_line(), "SECOND");
    assert!(second.finish().status.success());
    check(
        "tcp-loop-queue-server.txt",
        SERVER,
        server.transcript(7).as_bytes(),
        Some(port),
    );
}

#[test]
fn reset_and_hang_up() {
    let server = Server::start(BIN);
    let port = server.addr().port();
    // A caller whose program closes with SO_LINGER 0, which sends a reset.
    let mut conn = TcpStream::connect(server.addr()).unwrap();
    conn.write_all(b"hello").unwrap();
    let mut answer = [0u8; 5];
    conn.read_exact(&mut answer).unwrap();
    let socket = Socket::from(conn);
    socket.set_linger(Some(Duration::ZERO)).unwrap();
    drop(socket);
    // Then a caller who hangs up politely, and the server is still there.
    client(&server, "next\n");
    check(
        "tcp-loop-reset-server.txt",
        SERVER,
        server.transcript(6).as_bytes(),
        Some(port),
    );
}

#[test]
fn server_gone() {
    let server = Server::start(BIN);
    let port = server.addr().port();
    let args = ["client", "--addr", &server.addr_arg()];
    let Some(mut terminal) = Terminal::start(BIN, &args) else {
        return;
    };
    terminal.wait_for(">>>: ", 1);
    terminal.type_line("hello");
    terminal.wait_for(">>>: ", 2);
    // Ctrl-C in the server's terminal.
    server.kill();
    terminal.type_line("anyone there?");
    let (status, screen) = terminal.finish();
    assert_eq!(status.code(), Some(1));
    check(
        "tcp-loop-server-gone.txt",
        CLIENT,
        screen.as_bytes(),
        Some(port),
    );
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

    let refused = cargo_bin_cmd!("tcp-loop")
        .args(["server", "--no-reuseaddr", "--addr", &addr.to_string()])
        .timeout(WAIT)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    check(
        "tcp-loop-time-wait-refused.txt",
        &format!("{SERVER} --no-reuseaddr"),
        &refused.stderr,
        Some(port),
    );
    let again = Server::start_with(BIN, &["server", "--addr", &addr.to_string()]);
    check(
        "tcp-loop-time-wait-reused.txt",
        SERVER,
        again.transcript(0).as_bytes(),
        Some(port),
    );
}

#[test]
fn count_exercise() {
    let server = Server::start_with(
        BIN,
        &["exercise", "count-server", "--addr", "127.0.0.1:0"],
    );
    let port = server.addr().port();
    client(&server, "hello\nLHF nb\n");
    client(&server, &format!("{}\n", "m".repeat(40_000)));
    check(
        "tcp-loop-count-server.txt",
        "cargo run -q -p tcp-loop -- exercise count-server",
        server.transcript(9).as_bytes(),
        Some(port),
    );
}
