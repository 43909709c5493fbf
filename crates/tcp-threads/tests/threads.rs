//! Lesson 6 as a learner would try it: real server processes over loopback,
//! on ports the system picks, and many callers at once.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;

use common::testing::echo::{self, Caller};
#[cfg(target_os = "linux")]
use common::testing::usage::Usage;
use common::testing::{Server, WAIT, cli};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-threads");

/// `tcp-threads server` with `flags` after `--addr 127.0.0.1:0`, its
/// `open files:` line taken.
fn server_with(flags: &[&str]) -> Server {
    let server = Server::start_flags(BIN, flags);
    assert!(server.next_line().starts_with("open files: "));
    server
}

/// A caller who dials, says `message`, hears the answer, and stays on the
/// line; the server has logged its `client :` line and its message.
fn on_the_line(server: &Server, message: &str) -> Caller {
    let mut caller = Caller::dial(server.addr());
    caller.say(message.as_bytes());
    server.wait_for(&format!("msg: b'{message}'"));
    caller
}

/// Whether an answer is waiting for `caller` right now (without waiting).
fn has_an_answer(caller: &mut Caller) -> bool {
    let conn = caller.conn();
    conn.set_nonblocking(true).unwrap();
    let mut byte = [0u8; 1];
    let got = match conn.peek(&mut byte) {
        Ok(n) => n > 0,
        Err(err) if err.kind() == ErrorKind::WouldBlock => false,
        Err(err) => panic!("{err}"),
    };
    conn.set_nonblocking(false).unwrap();
    got
}

/// Lesson 2's callers, polite and hostile, many at once: the callers every
/// server of lesson 2's wire meets (lessons 7 and 8 run the same ones).
#[test]
fn every_kind_of_caller_is_served() {
    let server = server_with(&[]);
    echo::every_kind_of_caller(server.addr());
}

#[test]
fn the_pool_survives_hostile_callers_too() {
    let server = server_with(&["--workers", "4"]);
    assert_eq!(server.next_line(), "pool: 4 workers");
    assert_eq!(echo::hostile_callers(server.addr(), 300, 10), 300);
}

/// Each caller on the line is a thread and a descriptor of the server, and
/// costs it at most 64 KiB of memory; when the call ends, its descriptor is
/// given back.
#[cfg(target_os = "linux")]
#[test]
fn each_caller_is_a_thread_and_gives_its_descriptor_back() {
    let server = server_with(&[]);
    let before = Usage::of(server.id()).unwrap();
    let callers: Vec<Caller> = (0..100)
        .map(|i| {
            let mut caller = Caller::dial(server.addr());
            caller.say(format!("caller {i}").as_bytes());
            caller
        })
        .collect();
    let held = Usage::of(server.id()).unwrap();
    assert_eq!(held.threads, before.threads + 100);
    assert_eq!(held.open_files, before.open_files + 100);
    let per_caller = (held.resident_kib.saturating_sub(before.resident_kib)) / 100;
    assert!(per_caller <= 64, "{per_caller} KiB per idle caller");
    drop(callers);
    // Each call hangs up before its `hung up` line is logged.
    for _ in 0..100 {
        server.wait_for(" hung up");
    }
    let after = Usage::of(server.id()).unwrap();
    assert_eq!(after.open_files, before.open_files);
}

#[test]
fn the_log_tells_callers_apart() {
    let server = server_with(&[]);
    let mut first = Caller::dial(server.addr());
    let first_port = first.conn().local_addr().unwrap().port();
    let mut second = Caller::dial(server.addr());
    second.say(b"second");
    first.say(b"first");
    let line = server.wait_for("msg: b'first'");
    assert_eq!(
        line,
        format!("from client 127.0.0.1:{first_port} msg: b'first'")
    );
    drop(first);
    assert_eq!(
        server.wait_for(" hung up"),
        format!("client 127.0.0.1:{first_port} hung up")
    );
}

#[test]
fn the_cap_hangs_up_on_the_extra_caller_and_gives_places_back() {
    let server = server_with(&["--max-callers", "2"]);
    let first = on_the_line(&server, "first");
    let _second = on_the_line(&server, "second");
    // The third gets through to the kernel, and the server hangs up at once.
    let mut third = TcpStream::connect(server.addr()).unwrap();
    let third_port = third.local_addr().unwrap().port();
    let busy = server.wait_for("busy: ");
    assert_eq!(
        busy,
        format!(
            "busy: hung up on 127.0.0.1:{third_port}: 2 callers on the line \
             already (--max-callers 2)"
        )
    );
    third.set_read_timeout(Some(WAIT)).unwrap();
    let mut byte = [0u8; 1];
    assert!(matches!(third.read(&mut byte), Ok(0) | Err(_)));

    // A place comes back however a call ends: here a reset...
    first.reset();
    server.wait_for("reset the call");
    let again = on_the_line(&server, "again");
    // ...and a plain hang-up.
    drop(again);
    server.wait_for(" hung up");
    let _fourth = on_the_line(&server, "fourth");
}

#[cfg(target_os = "linux")]
#[test]
fn the_cap_gets_its_place_back_from_a_caller_who_never_reads() {
    let server = server_with(&["--max-callers", "1", "--write-timeout-ms", "300"]);
    let mut flood = TcpStream::connect(server.addr()).unwrap();
    flood.set_write_timeout(Some(WAIT)).unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'f'; 1 << 20];
        (0..1024).any(|_| flood.write_all(&chunk).is_err())
    });
    server.wait_for("stopped reading the answers; hung up on it");
    assert!(writer.join().unwrap(), "the server never hung up");
    let _next = on_the_line(&server, "next");
}

#[test]
fn the_pool_makes_the_extra_caller_wait_then_serves_it() {
    let server = server_with(&["--workers", "2"]);
    assert_eq!(server.next_line(), "pool: 2 workers");
    let first = on_the_line(&server, "first");
    let mut second = on_the_line(&server, "second");
    // The third caller is picked up, and waits for a worker.
    let mut third = Caller::dial(server.addr());
    let third_port = third.conn().local_addr().unwrap().port();
    third.conn().write_all(b"third").unwrap();
    server.wait_for(&format!("client : 127.0.0.1:{third_port}"));
    // Both workers are talking: nobody hears the third caller. (The other
    // two can still talk meanwhile.)
    second.say(b"still here");
    server.wait_for("msg: b'still here'");
    assert!(!has_an_answer(&mut third));
    // The first hangs up; its worker takes the third call.
    drop(first);
    server.wait_for(" hung up");
    assert_eq!(
        server.next_line(),
        format!("a worker picks up 127.0.0.1:{third_port}")
    );
    let mut answer = [0u8; 5];
    third.conn().read_exact(&mut answer).unwrap();
    assert_eq!(&answer, b"THIRD");
}

#[test]
fn with_a_pool_the_cap_counts_the_callers_who_wait() {
    let server = server_with(&["--workers", "1", "--max-callers", "2"]);
    assert_eq!(server.next_line(), "pool: 1 worker");
    let first = on_the_line(&server, "first");
    // The second waits for the worker; it counts as on the line.
    let mut second = Caller::dial(server.addr());
    second.conn().write_all(b"second").unwrap();
    server.wait_for("client : ");
    // The third finds two on the line already.
    let _third = TcpStream::connect(server.addr()).unwrap();
    server.wait_for("busy: hung up on ");
    drop(first);
    server.wait_for("a worker picks up");
    let mut answer = [0u8; 6];
    second.conn().read_exact(&mut answer).unwrap();
    assert_eq!(&answer, b"SECOND");
}

/// The server under a limit of 32 open files: a caller beyond what it can
/// hold waits in the queue, the server says so once and does not spin, and
/// serves the caller once others hang up.
#[cfg(target_os = "linux")]
#[test]
fn running_out_of_descriptors_is_said_once_and_waited_out() {
    let Some((said, later)) = echo::out_of_open_files(BIN) else {
        return;
    };
    let wait = "callers wait in the queue until others hang up";
    assert!(said.ends_with(wait), "{said}");
    let again = "file descriptors free again: picking up";
    assert!(later.iter().any(|l| l == again), "{later:?}");
}

#[test]
fn a_busy_server_is_a_clear_error_for_the_client() {
    let server = server_with(&["--max-callers", "1"]);
    let _first = on_the_line(&server, "first");
    let assert = cli::call(BIN, server.addr(), &["client"], "hello\n");
    let err = cli::stderr_text(&assert.code(1).stdout(""));
    assert!(err.starts_with("error: the "), "{err}");
    assert!(
        err.contains("\nhint: the server was stopped, or it is busy"),
        "{err}"
    );
    server.wait_for("busy: hung up on ");
}

/// The client is lesson 2's, with this lesson's hint (see the busy server
/// above), which names this lesson's server.
#[test]
fn the_server_going_away_mid_call_is_a_clear_error() {
    let err = echo::server_goes_away(BIN, server_with(&[]));
    assert!(
        err.contains("\nhint: the server was stopped, or it is busy"),
        "{err}"
    );
}

#[test]
fn lesson_twos_client_talks_to_it() {
    let server = server_with(&[]);
    cli::call(BIN, server.addr(), &["client"], "hello\n\nLHF nb\n")
        .success()
        .stdout("HELLO\nLHF NB\n")
        .stderr("");
}

#[test]
fn works_over_ipv6_loopback() {
    let Some(server) = Server::on_ipv6_loopback(BIN) else {
        return;
    };
    echo::all_at_once(server.addr(), 3);
    assert!(server.wait_for("client : ").starts_with("client : [::1]:"));
}

#[test]
fn demo_shows_three_callers_on_the_line_at_once() {
    let lines = cli::demo(BIN);
    assert_eq!(lines.len(), 15, "{lines:#?}");
    for line in &lines[1..4] {
        assert!(line.starts_with("server   | client : 127.0.0.1:"), "{line}");
    }
    assert_eq!(lines[5], "client 1 | HELLO FROM THE FIRST CALLER");
    assert_eq!(lines[9], "client 3 | HELLO FROM THE THIRD CALLER");
    assert!(lines[10].ends_with(" hung up"));
    assert_eq!(lines[12], "client 1 | STILL HERE");
}

/// `--help` everywhere, a refused call, a taken port, bad usage: what every
/// lesson's command line does; and the flags of this lesson.
#[test]
fn the_command_line_keeps_the_courses_contract() {
    cli::contract(BIN, include_str!("bad-usage.txt"));
    cli::help_mentions(BIN, &["server"], &["--max-callers", "--workers"]);
}
