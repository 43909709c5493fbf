//! The outputs the book shows for lesson 6, regenerated from the real binary
//! and compared with `lessons/transcripts/tcp-threads-*.txt`. Ports the
//! system picks are normalised; the test's server port is shown as the
//! default, 8081 (8080 for lesson 2's server). Each server runs under
//! `prlimit --nofile=1024:4096`, so its `open files:` line is the same on
//! every machine (the page says so).
//! `UPDATE_TRANSCRIPTS=1 cargo test -p tcp-threads --test transcripts`
//! rewrites them.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

mod lesson_two;

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::echo::Caller;
use common::testing::{Process, Server, WAIT, check_output};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-threads");
const SERVER: &str = "cargo run -q -p tcp-threads -- server";
const CLIENT: &str = "cargo run -q -p tcp-threads -- client";

/// Checks `output` against transcript `name`; `port`, the test server's real
/// port, is shown as `shown`.
fn check(name: &str, command: &str, output: &[u8], port: u16, shown: u16) {
    let map = [(port, shown)];
    check_output(env!("CARGO_MANIFEST_DIR"), name, command, output, &map);
}

/// `tcp-threads server FLAGS` on port 0, with the open-files limits a
/// learner's shell often has: 1024, and 4096 at most.
fn server(flags: &[&str]) -> Server {
    let mut args =
        vec!["--nofile=1024:4096", BIN, "server", "--addr", "127.0.0.1:0"];
    args.extend(flags);
    Server::start_with("prlimit", &args)
}

/// The server's log as the test reads it, step by step, so that the lines
/// of different callers' threads are in the order the steps made them.
struct Log {
    text: String,
}

impl Log {
    fn from(server: &Server) -> Log {
        Log {
            text: format!("{}\n", server.first_line()),
        }
    }

    /// Takes the server's next `n` lines.
    fn take(&mut self, server: &Server, n: usize) {
        for _ in 0..n {
            self.text.push_str(&server.next_line());
            self.text.push('\n');
        }
    }

    /// Stops the server (Ctrl-C) and checks it printed nothing more.
    fn end(self, server: Server) -> String {
        let (rest, _) = server.kill();
        assert!(rest.is_empty(), "more than expected: {rest:?}");
        self.text
    }
}

/// A `tcp-threads client` a test types into.
fn client(server: &Server) -> Process {
    Process::start(BIN, &["client", "--addr", &server.addr_arg()])
}

/// A client that says `line`, hears the answer and stays on the line.
fn talking(server: &Server, line: &str) -> Process {
    let mut caller = client(server);
    caller.type_line(line);
    assert_eq!(caller.next_line(), line.to_uppercase());
    caller
}

#[test]
fn demo() {
    let out = cargo_bin_cmd!("tcp-threads")
        .arg("demo")
        .timeout(WAIT)
        .output()
        .unwrap();
    assert!(out.status.success());
    let command = "cargo run -q -p tcp-threads -- demo";
    check("tcp-threads-demo.txt", command, &out.stdout, 0, 0);
}

#[test]
fn two_callers_at_once() {
    let server = server(&[]);
    let mut log = Log::from(&server);
    log.take(&server, 1);
    let mut first = talking(&server, "first");
    log.take(&server, 2);
    // The second caller is answered while the first stays on the line.
    let second = talking(&server, "second");
    assert!(second.finish().status.success());
    log.take(&server, 3);
    first.type_line("still here");
    assert_eq!(first.next_line(), "STILL HERE");
    assert!(first.finish().status.success());
    log.take(&server, 2);
    let port = server.addr().port();
    let text = log.end(server);
    check(
        "tcp-threads-server.txt",
        SERVER,
        text.as_bytes(),
        port,
        8081,
    );
}

#[test]
fn the_cap() {
    let server = server(&["--max-callers", "2"]);
    let mut log = Log::from(&server);
    log.take(&server, 1);
    let _first = talking(&server, "first");
    let _second = talking(&server, "second");
    log.take(&server, 4);
    // The third caller gets through, and is hung up on at once.
    let mut third = client(&server);
    log.take(&server, 1);
    third.type_line("third");
    let ended = third.finish();
    assert_eq!(ended.status.code(), Some(1));
    let port = server.addr().port();
    let text = log.end(server);
    let command = format!("{SERVER} --max-callers 2");
    check(
        "tcp-threads-busy-server.txt",
        &command,
        text.as_bytes(),
        port,
        8081,
    );
    let err = ended.stderr.as_bytes();
    check("tcp-threads-busy-client.txt", CLIENT, err, port, 8081);
}

#[test]
fn the_pool() {
    let server = server(&["--workers", "2"]);
    let mut log = Log::from(&server);
    log.take(&server, 2);
    let first = talking(&server, "first");
    let _second = talking(&server, "second");
    log.take(&server, 6);
    // The third caller is picked up, and waits for a worker.
    let mut third = client(&server);
    third.type_line("third");
    log.take(&server, 1);
    // The first hangs up; its worker takes the third call.
    assert!(first.finish().status.success());
    assert_eq!(third.next_line(), "THIRD");
    log.take(&server, 3);
    let port = server.addr().port();
    let text = log.end(server);
    let command = format!("{SERVER} --workers 2");
    check(
        "tcp-threads-pool.txt",
        &command,
        text.as_bytes(),
        port,
        8081,
    );
}

#[test]
fn out_of_descriptors() {
    let args = ["--nofile=8:8", BIN, "server", "--addr", "127.0.0.1:0"];
    let server = Server::start_with("prlimit", &args);
    let mut log = Log::from(&server);
    log.take(&server, 1);
    // Eight descriptors: standard input, output and error, the listening
    // socket, and four callers. The fifth and sixth wait in the queue.
    let callers: Vec<Caller> = (0..6).map(|_| Caller::dial(server.addr())).collect();
    log.take(&server, 5);
    let port = server.addr().port();
    let text = log.end(server);
    drop(callers);
    let command = "prlimit --nofile=8:8 target/debug/tcp-threads server";
    check(
        "tcp-threads-out-of-files.txt",
        command,
        text.as_bytes(),
        port,
        8081,
    );
}

fn probe(addr: SocketAddr) -> Vec<u8> {
    let out = cargo_bin_cmd!("tcp-threads")
        .args(["exercise", "second-caller", "--addr", &addr.to_string()])
        .timeout(WAIT)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    out.stdout
}

#[test]
fn the_second_caller_probe() {
    let addr = lesson_two::start();
    let command = "cargo run -q -p tcp-threads -- exercise second-caller --addr 127.0.0.1:8080";
    check(
        "tcp-threads-probe-lesson2.txt",
        command,
        &probe(addr),
        addr.port(),
        8080,
    );
    let server = server(&[]);
    let command = "cargo run -q -p tcp-threads -- exercise second-caller";
    let port = server.addr().port();
    check(
        "tcp-threads-probe.txt",
        command,
        &probe(server.addr()),
        port,
        8081,
    );
}

#[test]
fn chat_room() {
    let args = ["exercise", "chat-server", "--addr", "127.0.0.1:0"];
    let server = Server::start_with(BIN, &args);
    let mut log = Log::from(&server);
    let mut ann = TcpStream::connect(server.addr()).unwrap();
    log.take(&server, 2);
    let bob = TcpStream::connect(server.addr()).unwrap();
    log.take(&server, 2);
    ann.write_all(b"hello, bob\n").unwrap();
    log.take(&server, 1);
    // Bob hears it, then hangs up.
    let mut heard = String::new();
    bob.set_read_timeout(Some(WAIT)).unwrap();
    BufReader::new(&bob).read_line(&mut heard).unwrap();
    assert!(heard.ends_with(": hello, bob\n"), "{heard}");
    drop(bob);
    log.take(&server, 1);
    drop(ann);
    log.take(&server, 1);
    let port = server.addr().port();
    let text = log.end(server);
    let command = "cargo run -q -p tcp-threads -- exercise chat-server";
    check(
        "tcp-threads-chat-server.txt",
        command,
        text.as_bytes(),
        port,
        8081,
    );
}
