//! The outputs the book shows for lesson 6, regenerated from the real binary
//! and compared with `lessons/transcripts/tcp-threads-*.txt`. Ports the
//! system picks are normalised; the test's server port is shown as the
//! default, 8081 (8080 for lesson 2's server). Each server runs under
//! `prlimit --nofile=1024:4096`, so its `open files:` line is the same on
//! every machine (the page says so).
//! `UPDATE_TRANSCRIPTS=1 cargo test -p tcp-threads --test transcripts`
//! rewrites them.

#![cfg(target_os = "linux")]
mod lesson_two;

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};

use common::testing::echo::{self, Caller};
use common::testing::{Process, Server, Transcripts, WAIT, check_output, cli};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-threads");
const BOOK: Transcripts = Transcripts::new(env!("CARGO_MANIFEST_DIR"), BIN, 8081);
const SERVER: &str = "cargo run -q -p tcp-threads -- server";
const CLIENT: &str = "cargo run -q -p tcp-threads -- client";

/// A `tcp-threads client` a test types into.
fn client(server: &Server) -> Process {
    Process::start(BIN, &["client", "--addr", &server.addr_arg()])
}

/// A client that says `line`, hears the answer and stays on the line.
fn talking(server: &Server, line: &str) -> Process {
    echo::talking_client(BIN, server.addr(), line)
}

#[test]
fn two_callers_at_once() {
    let server = Server::start_as_on_a_desktop(BIN, &[]);
    let mut log = server.log(1);
    let mut first = talking(&server, "first");
    log += &server.next_lines(2);
    // The second caller is answered while the first stays on the line.
    let second = talking(&server, "second");
    assert!(second.finish().status.success());
    log += &server.next_lines(3);
    first.type_line("still here");
    assert_eq!(first.next_line(), "STILL HERE");
    assert!(first.finish().status.success());
    let port = server.addr().port();
    log += &server.last_lines(2);
    BOOK.check("tcp-threads-server.txt", SERVER, log, port);
}

#[test]
fn the_cap() {
    let server = Server::start_as_on_a_desktop(BIN, &["--max-callers", "2"]);
    let mut log = server.log(1);
    let _callers = ["first", "second"].map(|line| talking(&server, line));
    log += &server.next_lines(4);
    // The third caller gets through, and is hung up on at once.
    let mut third = client(&server);
    log += &server.next_lines(1);
    third.type_line("third");
    let ended = third.finish();
    assert_eq!(ended.status.code(), Some(1));
    let port = server.addr().port();
    log += &server.last_lines(0);
    let command = format!("{SERVER} --max-callers 2");
    BOOK.check("tcp-threads-busy-server.txt", &command, log, port);
    BOOK.check("tcp-threads-busy-client.txt", CLIENT, ended.stderr, port);
}

#[test]
fn the_pool() {
    let server = Server::start_as_on_a_desktop(BIN, &["--workers", "2"]);
    let mut log = server.log(2);
    let [first, _second] = ["first", "second"].map(|line| talking(&server, line));
    log += &server.next_lines(6);
    // The third caller is picked up, and waits for a worker.
    let mut third = client(&server);
    third.type_line("third");
    log += &server.next_lines(1);
    // The first hangs up; its worker takes the third call.
    assert!(first.finish().status.success());
    assert_eq!(third.next_line(), "THIRD");
    let port = server.addr().port();
    log += &server.last_lines(3);
    let command = format!("{SERVER} --workers 2");
    BOOK.check("tcp-threads-pool.txt", &command, log, port);
}

#[test]
fn out_of_descriptors() {
    let server = Server::start_limited(BIN, "8:8", &[]);
    // Eight descriptors: standard input, output and error, the listening
    // socket, and four callers. The fifth and sixth wait in the queue.
    let callers: Vec<Caller> = (0..6).map(|_| Caller::dial(server.addr())).collect();
    let mut log = server.log(6);
    let port = server.addr().port();
    log += &server.last_lines(0);
    drop(callers);
    let command = "prlimit --nofile=8:8 target/debug/tcp-threads server";
    BOOK.check("tcp-threads-out-of-files.txt", command, log, port);
}

fn probe(addr: SocketAddr, flags: &[&str]) -> Vec<u8> {
    let args = [&["exercise", "second-caller"], flags].concat();
    let assert = cli::call(BIN, addr, &args, "");
    assert.success().get_output().stdout.clone()
}

#[test]
fn the_second_caller_probe() {
    let addr = lesson_two::start();
    let command = "cargo run -q -p tcp-threads -- exercise second-caller --addr 127.0.0.1:8080";
    // Lesson 2's server, shown at lesson 2's port.
    let map = [(addr.port(), 8080)];
    let manifest_dir = env!("CARGO_MANIFEST_DIR");
    let name = "tcp-threads-probe-lesson2.txt";
    check_output(manifest_dir, name, command, &probe(addr, &[]), &map);
    let server = Server::start_as_on_a_desktop(BIN, &[]);
    let command = "cargo run -q -p tcp-threads -- exercise second-caller";
    let port = server.addr().port();
    // The answer comes at once; the patience only keeps a loaded machine
    // from reading a slow answer as none (the output is the same).
    let answered = probe(server.addr(), &["--patience-ms", "20000"]);
    BOOK.check("tcp-threads-probe.txt", command, answered, port);
}

#[test]
fn chat_room() {
    let server = Server::exercise(BIN, "chat-server", &[]);
    let mut ann = TcpStream::connect(server.addr()).unwrap();
    let mut log = server.log(2);
    let bob = TcpStream::connect(server.addr()).unwrap();
    log += &server.next_lines(2);
    ann.write_all(b"hello, bob\n").unwrap();
    log += &server.next_lines(1);
    // Bob hears it, then hangs up.
    let mut heard = String::new();
    bob.set_read_timeout(Some(WAIT)).unwrap();
    BufReader::new(&bob).read_line(&mut heard).unwrap();
    assert!(heard.ends_with(": hello, bob\n"), "{heard}");
    drop(bob);
    log += &server.next_lines(1);
    drop(ann);
    let port = server.addr().port();
    log += &server.last_lines(1);
    let command = "cargo run -q -p tcp-threads -- exercise chat-server";
    BOOK.check("tcp-threads-chat-server.txt", command, log, port);
}

#[test]
fn demo() {
    BOOK.check_demo();
}
