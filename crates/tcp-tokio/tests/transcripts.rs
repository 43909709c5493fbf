//! The outputs the book shows for lesson 8, regenerated from the real binary
//! and compared with `lessons/transcripts/tcp-tokio-*.txt`. Ports the system
//! picks are normalised; the test's server port is shown as the default,
//! 8083. `UPDATE_TRANSCRIPTS=1 cargo test -p tcp-tokio --test transcripts`
//! rewrites them.
#![cfg(target_os = "linux")]
use std::io::Read;
use std::net::TcpStream;

use common::testing::{Server, Transcripts, WAIT, cli, deaf_port, echo};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-tokio");
const BOOK: Transcripts = Transcripts::new(env!("CARGO_MANIFEST_DIR"), BIN, 8083);
const SERVER: &str = "cargo run -q -p tcp-tokio -- server";
const CLIENT: &str = "cargo run -q -p tcp-tokio -- client";

/// Two callers at once, then Ctrl-C while both are on the line: the first
/// hangs up during the grace period, the second is hung up on after it.
#[test]
fn callers_at_once_then_ctrl_c() {
    let server = Server::start_as_on_a_desktop(BIN, &[]);
    let port = server.addr().port();
    let mut log = server.log(1);
    let mut first = echo::talking_client(BIN, server.addr(), "hello");
    log += &server.next_lines(2);
    let second = echo::talking_client(BIN, server.addr(), "I am the second caller");
    log += &server.next_lines(2);
    first.type_line("still here");
    assert_eq!(first.next_line(), "STILL HERE");
    log += &server.next_lines(1);
    server.signal("INT");
    log += &server.next_lines(1);
    assert!(first.finish().status.success());
    // The rest of the log, up to the server's exit (which must be code 0).
    for line in server.wait_ok() {
        log += &format!("{line}\n");
    }
    drop(second);
    BOOK.check("tcp-tokio-server.txt", SERVER, log, port);
}

/// A caller who says nothing is hung up on after the idle timeout.
#[test]
fn idle_timeout() {
    let server = Server::start_as_on_a_desktop(BIN, &["--idle-timeout-ms", "1000"]);
    let port = server.addr().port();
    let log = server.log(1);
    let mut silent = TcpStream::connect(server.addr()).unwrap();
    silent.set_read_timeout(Some(WAIT)).unwrap();
    let mut byte = [0u8; 1];
    assert_eq!(silent.read(&mut byte).unwrap(), 0);
    let log = log + &server.last_lines(2);
    let command = format!("{SERVER} --idle-timeout-ms 1000");
    BOOK.check("tcp-tokio-idle.txt", &command, log, port);
}

#[test]
fn reply_timeout() {
    // A program that takes calls and never answers.
    let (_deaf, addr) = deaf_port();
    let args = ["client", "--reply-timeout-ms", "300"];
    let out = cli::call(BIN, addr, &args, "hello\n").code(1);
    BOOK.check(
        "tcp-tokio-reply-timeout.txt",
        &format!("printf 'hello\\n' | {CLIENT} --reply-timeout-ms 300"),
        &out.get_output().stderr,
        addr.port(),
    );
}

#[test]
fn demo() {
    BOOK.check_demo();
}
