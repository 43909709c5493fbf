//! The solutions of lesson 7's exercises, run as a learner runs them:
//! through `tcp-events exercise ...`, against real callers.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::testing::{Server, WAIT, echo};
use tcp_events::exercises::count::Census;

const BIN: &str = env!("CARGO_BIN_EXE_tcp-events");

fn exercise(name: &str, more: &[&str]) -> Server {
    let mut args = vec!["exercise", name, "--addr", "127.0.0.1:0"];
    args.extend(more);
    Server::start_with(BIN, &args)
}

#[test]
fn idle_callers_are_hung_up_on_and_talkers_are_not() {
    let server = exercise("idle-server", &["--idle-ms", "300"]);
    let started = Instant::now();
    let mut silent = TcpStream::connect(server.addr()).unwrap();
    silent.set_read_timeout(Some(WAIT)).unwrap();
    let mut talker = echo::Caller::dial(server.addr());
    // The talker says something every 100 ms, for a second.
    while started.elapsed() < Duration::from_secs(1) {
        talker.say(b"still here");
        std::thread::sleep(Duration::from_millis(100));
    }
    // The silent one was hung up on: its read ends (0 bytes).
    let mut byte = [0u8; 1];
    assert_eq!(silent.read(&mut byte).unwrap(), 0);
    let line = server.wait_for("said nothing for 300 ms; hung up on it");
    assert!(line.starts_with("client 127.0.0.1:"), "{line}");
    talker.say(b"and still answered");
}

#[test]
fn idle_timeout_is_not_early() {
    let server = exercise("idle-server", &["--idle-ms", "1500"]);
    let started = Instant::now();
    let mut silent = TcpStream::connect(server.addr()).unwrap();
    silent.set_read_timeout(Some(WAIT)).unwrap();
    let mut byte = [0u8; 1];
    assert_eq!(silent.read(&mut byte).unwrap(), 0);
    assert!(started.elapsed() >= Duration::from_millis(1400));
}

#[cfg(unix)]
#[test]
fn count_reports_the_callers_on_sigusr1() {
    let server = exercise("count-server", &[]);
    let callers: Vec<echo::Caller> =
        (0..3).map(|_| echo::Caller::dial(server.addr())).collect();
    for _ in 0..3 {
        server.wait_for("client : ");
    }
    server.signal("USR1");
    assert_eq!(
        server.wait_for(" on the line "),
        "3 callers on the line (0 with answers waiting, 0 paused)"
    );
    // A caller who says a lot and reads nothing: answers wait, and it is
    // paused.
    let mut flood = TcpStream::connect(server.addr()).unwrap();
    flood
        .set_write_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let chunk = vec![b'c'; 64 * 1024];
    while flood.write(&chunk).is_ok() {}
    server.wait_for("not reading it until it has");
    server.signal("USR1");
    assert_eq!(
        server.wait_for(" on the line "),
        "4 callers on the line (1 with answers waiting, 1 paused)"
    );
    drop(callers);
}

#[test]
fn count_census_reads_well() {
    let one = Census {
        on_line: 1,
        waiting: 0,
        paused: 0,
    };
    assert_eq!(
        one.to_string(),
        "1 caller on the line (0 with answers waiting, 0 paused)"
    );
}

/// A member of the chat room, reading lines.
struct Member {
    conn: TcpStream,
    lines: BufReader<TcpStream>,
}

fn join(server: &Server) -> Member {
    let conn = TcpStream::connect(server.addr()).unwrap();
    conn.set_read_timeout(Some(WAIT)).unwrap();
    let lines = BufReader::new(conn.try_clone().unwrap());
    server.wait_for(" joined");
    Member { conn, lines }
}

impl Member {
    fn say(&mut self, bytes: &[u8]) {
        self.conn.write_all(bytes).unwrap();
    }
    fn hear(&mut self) -> String {
        let mut line = String::new();
        self.lines.read_line(&mut line).unwrap();
        line
    }
    fn port(&self) -> u16 {
        self.conn.local_addr().unwrap().port()
    }
}

#[test]
fn chat_lines_go_to_everyone_else() {
    let server = exercise("chat-server", &[]);
    let (mut a, mut b, mut c) = (join(&server), join(&server), join(&server));
    a.say(b"hello\n");
    let from_a = format!("127.0.0.1:{}: hello\n", a.port());
    assert_eq!(b.hear(), from_a);
    assert_eq!(c.hear(), from_a);
    // A line in two pieces goes out whole, once it has ended; two lines in
    // one piece go out as two.
    b.say(b"one li");
    c.say(b"from c\n");
    let from_c = format!("127.0.0.1:{}: from c\n", c.port());
    assert_eq!(a.hear(), from_c);
    b.say(b"ne\nand two\n");
    assert_eq!(a.hear(), format!("127.0.0.1:{}: one line\n", b.port()));
    assert_eq!(a.hear(), format!("127.0.0.1:{}: and two\n", b.port()));
    // The sender hears nothing of its own.
    a.conn.set_nonblocking(true).unwrap();
    let mut byte = [0u8; 1];
    let err = a.conn.read(&mut byte).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WouldBlock);
}

#[test]
fn chat_hangs_up_on_a_member_who_never_reads() {
    let server = exercise("chat-server", &[]);
    let deaf = join(&server);
    let mut talker = join(&server);
    let line = vec![b'x'; 1023];
    let mut said = 0;
    // Lines the deaf member never takes: past the buffers and the room's
    // 1 MiB, it is hung up on.
    while said < 32 << 20 {
        talker.say(&line);
        talker.say(b"\n");
        said += 1024;
        if let Some(left) = server.lines_now().iter().find(|l| l.ends_with(" left"))
        {
            let port = deaf.conn.local_addr().unwrap().port();
            assert!(left.contains(&format!(":{port} left")), "{left}");
            return;
        }
    }
    server.wait_for(&format!(":{} left", deaf.conn.local_addr().unwrap().port()));
}
