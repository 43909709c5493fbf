//! Lesson 1 as a learner would try it: real server and client processes over
//! loopback, on ports the system picks.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::net::{TcpListener, TcpStream};

use common::testing::{Process, Server, WAIT, cli, deaf_port};
use predicates::prelude::*;
use support::one_call;

mod support;

const BIN: &str = env!("CARGO_BIN_EXE_tcp-oneshot");

#[test]
fn answers_one_call_upper_cased_then_exits() {
    let log = one_call(Server::start(BIN), &["client"], "LHF NB\n");
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(log[0].starts_with("call from 127.0.0.1:"), "{log:?}");
    assert_eq!(log[1], "received b'LHF nb'");
}

#[test]
fn sends_the_message_given_as_argument() {
    let args = ["client", "hello, 世界 42"];
    let heard = &one_call(Server::start(BIN), &args, "HELLO, 世界 42\n")[1];
    assert_eq!(heard, r"received b'hello, \xe4\xb8\x96\xe7\x95\x8c 42'");
}

#[cfg(unix)]
#[test]
fn non_utf8_bytes_travel_unchanged() {
    let server = Server::start(BIN);
    cli::non_utf8_message(BIN, server.addr());
    assert_eq!(server.wait_ok()[1], r"received b'\xff\xfe ok\x01'");
}

// What a close with unread bytes sends is Linux's rule here (a reset, RFC
// 1122 4.2.2.13), as the page says; other systems may differ.
#[cfg(target_os = "linux")]
#[test]
fn a_message_longer_than_one_read_resets_the_call() {
    let server = Server::start(BIN);
    let long = "m".repeat(3000);
    let addr = server.addr();
    cli::failed(
        cli::call(BIN, addr, &["client", &long], "").stdout(""),
        &format!(
            "error: no complete answer from {addr}: {}",
            cli::os_words("connection reset by peer")
        ),
        "hint: the other side aborted the call",
    );
    // The server heard only what one read gave (at most BUFSIZE) and still
    // ended normally: the reset is what its close sent, not a failure of its own.
    let out = server.wait_ok();
    let heard: usize = out[1]
        .rsplit_once(" (")
        .and_then(|(_, n)| n.strip_suffix(" bytes)"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no length in {:?}", out[1]));
    assert!((1..=tcp_oneshot::BUFSIZE).contains(&heard), "heard {heard}");
}

#[test]
fn a_caller_who_says_nothing_gets_an_empty_answer() {
    use std::io::Read;
    let server = Server::start(BIN);
    // Dial, then say that we are done talking, without a word.
    let mut conn = TcpStream::connect(server.addr()).expect("dial");
    conn.shutdown(std::net::Shutdown::Write)
        .expect("half close");
    conn.set_read_timeout(Some(WAIT)).expect("a bounded read");
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer)
        .expect("the answer, then the hang-up");
    assert!(answer.is_empty(), "{answer:?}");
    let out = server.wait_ok();
    assert_eq!(out[1], "received b''");
}

#[test]
fn no_server_is_a_clear_error_with_a_hint() {
    cli::refused_call(BIN, &["client"], "");
}

#[test]
fn a_taken_port_is_a_clear_error() {
    cli::taken_port(BIN, &["server"]);
}

/// The article's first server has no SO_REUSEADDR, and it hangs up first, so
/// its call waits in TIME_WAIT and the same number cannot be taken again at
/// once: the reason lesson 2 adds the option. Linux only (TIME_WAIT rules
/// differ elsewhere).
#[cfg(target_os = "linux")]
#[test]
fn a_restart_right_after_a_call_finds_the_number_taken() {
    let server = Server::start(BIN);
    let addr = server.addr();
    cli::call(BIN, addr, &["client"], "").success();
    server.wait_ok();
    // Nothing runs there now, yet the number is still held.
    let err = cli::failed(
        cli::call(BIN, addr, &["server"], ""),
        &format!("error: cannot listen on {addr}: address already in use"),
        "lesson 2's server sets SO_REUSEADDR",
    );
    assert!(err.contains("TIME_WAIT"), "{err}");
}

#[test]
fn works_over_ipv6_loopback() {
    let Some(server) = Server::on_ipv6_loopback(BIN) else {
        return;
    };
    let log = one_call(server, &["client"], "LHF NB\n");
    assert!(log[0].starts_with("call from [::1]:"), "{log:?}");
}

#[test]
fn demo_shows_both_sides_of_the_call() {
    let lines = cli::demo(BIN);
    assert!(
        lines[1].starts_with("server | call from 127.0.0.1:"),
        "{lines:#?}"
    );
    assert_eq!(
        lines[2..],
        ["server | received b'LHF nb'", "client | LHF NB"]
    );
}

#[test]
fn bad_usage_is_exit_code_2_with_an_example() {
    cli::bad_usage(BIN, include_str!("bad-usage.txt"));
}

#[test]
fn help_is_there_for_every_subcommand() {
    cli::help_everywhere(BIN);
}

#[test]
fn a_server_that_never_hangs_up_is_a_clear_timeout() {
    // A listener that never picks up: the kernel completes the call and
    // takes the message, and nobody ever answers or hangs up.
    let (_silent, addr) = deaf_port();
    let started = std::time::Instant::now();
    cli::call(BIN, addr, &["client", "--timeout-ms", "200"], "")
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(format!(
            "error: no complete answer from {addr}: it did not hang up within 200 ms\n\
             hint: this client reads until the server hangs up"
        )));
    // The client really waited for its timeout (timers never fire early).
    assert!(started.elapsed() >= std::time::Duration::from_millis(200));
}

#[test]
fn a_server_that_hangs_up_without_answering_is_an_error() {
    // A server that hears the message and hangs up without a word, as one
    // stopped mid-call does: an empty answer must not pass for an answer.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        use std::io::Read;
        let (mut conn, _) = listener.accept().unwrap();
        let mut heard = [0u8; 6];
        conn.read_exact(&mut heard).unwrap();
        heard
    });
    cli::call(BIN, addr, &["client"], "")
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(format!(
            "error: the server at {addr} hung up before it answered\n\
             hint: the server was stopped, crashed or restarted, or it hangs up \
             on purpose (as some exercises' servers do): start it again with \
             `tcp-oneshot server` if it is gone, then call again"
        )));
    assert_eq!(&server.join().unwrap(), b"LHF nb");
}

/// A server that takes the call and then sends `chunk` again and again, every
/// `pace`, until the test drops the returned sender or the client goes away.
fn streaming_server(
    chunk: Vec<u8>,
    pace: std::time::Duration,
) -> (std::net::SocketAddr, std::sync::mpsc::Sender<()>) {
    use std::io::Write;
    use std::sync::mpsc;
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        let Ok((mut conn, _)) = listener.accept() else {
            return;
        };
        // The channel is the stop signal; its timeout only paces the sending.
        while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(pace) {
            if conn.write_all(&chunk).is_err() {
                return;
            }
        }
    });
    (addr, stop)
}

#[test]
fn the_timeout_is_for_the_whole_answer_not_each_read() {
    // One byte every 50 ms: each read is quick, the answer never ends.
    let pace = std::time::Duration::from_millis(50);
    let (addr, _stop) = streaming_server(b"x".to_vec(), pace);
    let started = std::time::Instant::now();
    cli::call(BIN, addr, &["client", "--timeout-ms", "300"], "")
        .code(1)
        .stderr(predicate::str::starts_with(format!(
            "error: no complete answer from {addr}: it did not hang up within 300 ms"
        )));
    let took = started.elapsed();
    assert!(took >= std::time::Duration::from_millis(300), "{took:?}");
}

#[test]
fn an_endless_answer_is_cut_off_not_stored() {
    // 1 MiB at a time, as fast as the client takes it, and never a hang-up.
    let (addr, _stop) =
        streaming_server(vec![b'z'; 1 << 20], std::time::Duration::ZERO);
    cli::call(BIN, addr, &["client"], "")
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(format!(
            "error: no complete answer from {addr}: it sent more than {} bytes \
             without hanging up",
            tcp_oneshot::client::MAX_ANSWER
        )));
}

/// `demo | head -1`: the reader goes away early. The demo runs to its end
/// quietly, exit code 0, instead of breaking one side's call and blaming the
/// other. Here the reader is gone before the first line, so every line the
/// demo writes meets a closed pipe.
#[test]
fn demo_into_a_reader_that_leaves_early_ends_quietly() {
    let mut demo = std::process::Command::new(BIN);
    demo.arg("demo");
    let ended = Process::start_reader_gone(demo).finish();
    assert!(ended.status.success(), "{}", ended.stderr);
    assert_eq!(ended.stderr, "");
}
