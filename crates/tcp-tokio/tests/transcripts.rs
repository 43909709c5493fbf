//! The outputs the book shows for lesson 8, regenerated from the real binary
//! and compared with `lessons/transcripts/tcp-tokio-*.txt`. Ports the system
//! picks are normalised; the test's server port is shown as the default,
//! 8083. `UPDATE_TRANSCRIPTS=1 cargo test -p tcp-tokio --test transcripts`
//! rewrites them.
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::io::Read;
use std::net::{TcpListener, TcpStream};

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::{Process, Server, WAIT, check_output};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-tokio");
const SERVER: &str = "cargo run -q -p tcp-tokio -- server";
const CLIENT: &str = "cargo run -q -p tcp-tokio -- client";

/// Checks `output` against transcript `name`; `port`, the test server's real
/// port, is shown as the lesson's default, 8083.
fn check(name: &str, command: &str, output: &[u8], port: Option<u16>) {
    let map: Vec<(u16, u16)> = port.map(|p| (p, 8083)).into_iter().collect();
    check_output(env!("CARGO_MANIFEST_DIR"), name, command, output, &map);
}

/// The server with `args`, under the open-files limits of a usual Linux
/// desktop session (soft 1024, hard 4096 or more), so that its `open files`
/// line is the same on every machine.
fn server(args: &[&str]) -> Server {
    let mut all = vec!["--nofile=1024:4096", BIN, "server", "--addr", "127.0.0.1:0"];
    all.extend(args);
    Server::start_with("prlimit", &all)
}

/// The server's log as a test goes: its lines are taken as each step
/// causes them, so the test knows each step is done before the next.
struct Log {
    server: Server,
    text: String,
}

impl Log {
    fn of(server: Server) -> Log {
        let text = format!("{}\n", server.first_line());
        Log { server, text }
    }

    /// Takes the next `n` lines.
    fn take(&mut self, n: usize) {
        for _ in 0..n {
            self.text.push_str(&self.server.next_line());
            self.text.push('\n');
        }
    }

    /// Takes every line until the server exits, which it must with code 0.
    fn until_exit(mut self) -> String {
        let (status, out, _) = self.server.wait_exit();
        assert!(status.success(), "{status:?}");
        for line in out {
            self.text.push_str(&line);
            self.text.push('\n');
        }
        self.text
    }
}

#[test]
fn demo() {
    let out = cargo_bin_cmd!("tcp-tokio")
        .arg("demo")
        .timeout(WAIT)
        .output()
        .unwrap();
    assert!(out.status.success());
    check(
        "tcp-tokio-demo.txt",
        "cargo run -q -p tcp-tokio -- demo",
        &out.stdout,
        None,
    );
}

/// Two callers at once, then Ctrl-C while both are on the line: the first
/// hangs up during the grace period, the second is hung up on after it.
#[test]
fn callers_at_once_then_ctrl_c() {
    let server = server(&[]);
    let port = server.addr().port();
    let addr = server.addr_arg();
    let mut log = Log::of(server);
    log.take(1);
    let mut first = Process::start(BIN, &["client", "--addr", &addr]);
    first.type_line("hello");
    assert_eq!(first.next_line(), "HELLO");
    log.take(2);
    let mut second = Process::start(BIN, &["client", "--addr", &addr]);
    second.type_line("I am the second caller");
    assert_eq!(second.next_line(), "I AM THE SECOND CALLER");
    log.take(2);
    first.type_line("still here");
    assert_eq!(first.next_line(), "STILL HERE");
    log.take(1);
    log.server.signal("INT");
    log.take(1);
    assert!(first.finish().status.success());
    let text = log.until_exit();
    drop(second);
    check("tcp-tokio-server.txt", SERVER, text.as_bytes(), Some(port));
}

/// A caller who says nothing is hung up on after the idle timeout.
#[test]
fn idle_timeout() {
    let server = server(&["--idle-timeout-ms", "1000"]);
    let port = server.addr().port();
    let mut log = Log::of(server);
    log.take(1);
    let mut silent = TcpStream::connect(log.server.addr()).unwrap();
    silent.set_read_timeout(Some(WAIT)).unwrap();
    let mut byte = [0u8; 1];
    assert_eq!(silent.read(&mut byte).unwrap(), 0);
    log.take(2);
    let (rest, _) = log.server.kill();
    assert!(rest.is_empty(), "more than expected: {rest:?}");
    check(
        "tcp-tokio-idle.txt",
        &format!("{SERVER} --idle-timeout-ms 1000"),
        log.text.as_bytes(),
        Some(port),
    );
}

#[test]
fn reply_timeout() {
    // A program that takes calls and never answers.
    let deaf = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = deaf.local_addr().unwrap().port();
    let out = cargo_bin_cmd!("tcp-tokio")
        .args(["client", "--addr", &deaf.local_addr().unwrap().to_string()])
        .args(["--reply-timeout-ms", "300"])
        .write_stdin("hello\n")
        .timeout(WAIT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    check(
        "tcp-tokio-reply-timeout.txt",
        &format!("printf 'hello\\n' | {CLIENT} --reply-timeout-ms 300"),
        &out.stderr,
        Some(port),
    );
}
