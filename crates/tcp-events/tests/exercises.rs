//! The solutions of lesson 7's exercises, run as a learner runs them:
//! through `tcp-events exercise ...`, against real callers.

#[cfg(unix)]
use std::io::Write;
use std::io::{ErrorKind, Read};
#[cfg(unix)]
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::testing::chat::Member;
use common::testing::{Server, connect, echo};
use tcp_events::exercises::count::Census;

const BIN: &str = env!("CARGO_BIN_EXE_tcp-events");

#[test]
fn idle_callers_are_hung_up_on_and_talkers_are_not() {
    let server = Server::exercise(BIN, "idle-server", &["--idle-ms", "1000"]);
    let started = Instant::now();
    let mut silent = connect(server.addr());
    let mut talker = echo::Caller::dial(server.addr());
    // The talker says something every 100 ms, for a second and a half: the
    // silent one's second runs out meanwhile, while a loaded machine may
    // stall the talker for most of a second and it is still not idle.
    while started.elapsed() < Duration::from_millis(1500) {
        talker.say(b"still here");
        std::thread::sleep(Duration::from_millis(100));
    }
    // The silent one was hung up on: its read ends (0 bytes).
    let mut byte = [0u8; 1];
    assert_eq!(silent.read(&mut byte).unwrap(), 0);
    let line = server.wait_for("said nothing for 1000 ms; hung up on it");
    assert!(line.starts_with("client 127.0.0.1:"), "{line}");
    talker.say(b"and still answered");
}

#[test]
fn idle_timeout_is_not_early() {
    let server = Server::exercise(BIN, "idle-server", &["--idle-ms", "1500"]);
    let started = Instant::now();
    let mut silent = connect(server.addr());
    let mut byte = [0u8; 1];
    assert_eq!(silent.read(&mut byte).unwrap(), 0);
    assert!(started.elapsed() >= Duration::from_millis(1400));
}

#[cfg(unix)]
#[test]
fn count_reports_the_callers_on_sigusr1() {
    let server = Server::exercise(BIN, "count-server", &[]);
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

#[test]
fn chat_lines_go_to_everyone_else() {
    let server = Server::exercise(BIN, "chat-server", &[]);
    let (mut a, mut b, mut c) = (
        Member::join(&server, "joined"),
        Member::join(&server, "joined"),
        Member::join(&server, "joined"),
    );
    a.say("hello");
    let from_a = format!("{}: hello\n", a.addr());
    assert_eq!(b.hear(), from_a);
    assert_eq!(c.hear(), from_a);
    // A line in two pieces goes out whole, once it has ended; two lines in
    // one piece go out as two.
    b.say_bytes(b"one li");
    c.say("from c");
    assert_eq!(a.hear(), format!("{}: from c\n", c.addr()));
    b.say_bytes(b"ne\nand two\n");
    assert_eq!(a.hear(), format!("{}: one line\n", b.addr()));
    assert_eq!(a.hear(), format!("{}: and two\n", b.addr()));
    // The sender hears nothing of its own.
    a.conn().set_nonblocking(true).unwrap();
    let mut byte = [0u8; 1];
    let err = a.conn().read(&mut byte).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WouldBlock);
}

#[test]
fn chat_hangs_up_on_a_member_who_never_reads() {
    let server = Server::exercise(BIN, "chat-server", &[]);
    let deaf = Member::join(&server, "joined");
    let mut talker = Member::join(&server, "joined");
    let line = "x".repeat(1023);
    let mut said = 0;
    // Lines the deaf member never takes: past the buffers and the room's
    // 1 MiB, it is hung up on.
    let deaf_left = format!("{} left", deaf.addr());
    while said < 32 << 20 {
        talker.say(&line);
        said += 1024;
        if let Some(left) = server.lines_now().iter().find(|l| l.ends_with(" left"))
        {
            assert!(left.ends_with(&deaf_left), "{left}");
            return;
        }
    }
    server.wait_for(&deaf_left);
}
