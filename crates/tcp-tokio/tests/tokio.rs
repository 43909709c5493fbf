//! Lesson 8 as a learner would try it: real server and client processes over
//! loopback, on ports the system picks.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::testing::echo::{self, Caller};
use common::testing::{Server, cli, deaf_port};
#[cfg(target_os = "linux")]
use socket2::{Domain, Socket, Type};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-tokio");

#[test]
fn answers_each_line_upper_cased_and_logs_each_caller_by_address() {
    let server = Server::start(BIN);
    let limits = server.next_line();
    assert!(common::testing::says_open_files(&limits), "{limits}");
    cli::call(BIN, server.addr(), &["client"], "hello\n\nLHF nb\n")
        .success()
        .stdout("HELLO\nLHF NB\n")
        .stderr("");
    // As in lessons 6 and 7: with many callers at once, each line names its
    // caller.
    let (peer, lines) = server.next_call();
    assert_eq!(
        lines,
        [
            format!("from client {peer} msg: b'hello'"),
            format!("from client {peer} msg: b'LHF nb'"),
            format!("client {peer} hung up"),
        ]
    );
}

/// Lesson 2's callers, polite and hostile, many at once: the callers every
/// server of lesson 2's wire meets (lessons 6 and 7 run the same ones).
#[test]
fn every_kind_of_caller_is_served() {
    let server = Server::start(BIN);
    echo::every_kind_of_caller(server.addr());
}

#[test]
fn a_one_mebibyte_line_comes_back_whole() {
    let server = Server::start(BIN);
    let mut input = vec![b'm'; 1 << 20];
    input.push(b'\n');
    let assert = cli::call(BIN, server.addr(), &["client"], input).success();
    let stdout = &assert.get_output().stdout;
    assert_eq!(stdout.len(), (1 << 20) + 1);
    assert!(stdout[..1 << 20].iter().all(|&b| b == b'M'));
}

#[test]
fn a_silent_caller_is_hung_up_on_after_the_idle_timeout() {
    let server = Server::start_flags(BIN, &["--idle-timeout-ms", "300"]);
    let started = Instant::now();
    let mut caller = Caller::dial(server.addr());
    // The server hangs up: our read gives the end of the call.
    let mut byte = [0u8; 1];
    assert_eq!(caller.conn().read(&mut byte).expect("the hang-up"), 0);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let line = server.wait_for(" said nothing for ");
    assert!(
        line.ends_with(" said nothing for 300 ms; hung up on it"),
        "{line}"
    );
    // The server goes on.
    echo::one_call(server.addr(), b"next");
}

#[test]
fn a_talking_caller_is_never_cut_by_the_idle_timeout() {
    let server = Server::start_flags(BIN, &["--idle-timeout-ms", "1000"]);
    let mut caller = Caller::dial(server.addr());
    // Talk without a pause for twice the idle timeout.
    let started = Instant::now();
    let mut said = 0;
    while started.elapsed() < Duration::from_millis(2000) {
        caller.say(format!("message {said}").as_bytes());
        said += 1;
    }
    assert!(said > 3);
    // Then fall silent: now the timeout applies.
    let mut byte = [0u8; 1];
    assert_eq!(caller.conn().read(&mut byte).expect("the hang-up"), 0);
    let line = server.wait_for(" hung up on it");
    assert!(
        line.ends_with(" said nothing for 1000 ms; hung up on it"),
        "{line}"
    );
}

#[test]
fn the_client_gives_up_on_an_answer_that_does_not_come() {
    // A server that takes calls (the kernel completes them) but never
    // picks up, so never answers.
    let (_deaf, addr) = deaf_port();
    let args = ["client", "--reply-timeout-ms", "300"];
    let err = cli::stderr_text(&cli::call(BIN, addr, &args, "hello\n").code(1));
    assert_eq!(
        err,
        format!(
            "error: no answer from {addr} within 300 ms\n\
             hint: the server took the call but does not answer: is it a server from \
             this course? (--reply-timeout-ms waits longer)\n"
        )
    );
}

/// A listening socket whose queue is full: Linux drops the next caller's
/// SYN, so that call neither goes through nor is refused.
#[cfg(target_os = "linux")]
#[test]
fn the_client_gives_up_on_a_call_that_does_not_go_through() {
    let full = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    full.bind(&std::net::SocketAddr::from(([127, 0, 0, 1], 0)).into())
        .unwrap();
    full.listen(0).unwrap();
    let addr = full.local_addr().unwrap().as_socket().unwrap();
    // Fill the queue (room for one with a backlog of 0, and one more).
    let _queued: Vec<TcpStream> = (0..2)
        .filter_map(|_| {
            TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()
        })
        .collect();
    let args = ["client", "--connect-timeout-ms", "300"];
    let err = cli::stderr_text(&cli::call(BIN, addr, &args, "hello\n").code(1));
    assert!(
        err.starts_with(&format!(
            "error: cannot call {addr}: no answer within 300 ms\n"
        )),
        "{err}"
    );
}

#[test]
fn the_server_going_away_mid_call_is_a_clear_error() {
    let server = Server::start(BIN);
    // A caller who has come and gone first: the server is past its first call.
    let mut conn = TcpStream::connect(server.addr()).unwrap();
    conn.write_all(b"x").unwrap();
    drop(conn);
    echo::server_goes_away(BIN, server);
}

#[test]
fn works_over_ipv6_loopback() {
    let Some(server) = Server::on_ipv6_loopback(BIN) else {
        return;
    };
    cli::call(BIN, server.addr(), &["client"], "over ipv6\n")
        .success()
        .stdout("OVER IPV6\n");
}

#[test]
fn demo_shows_callers_at_once_then_closing_time() {
    let lines = cli::demo(BIN);
    let shown = |line: &str| lines.iter().any(|l| l.starts_with(line));
    assert!(
        shown("client 4 | cannot call: connection refused"),
        "{lines:#?}"
    );
    assert!(shown("client 3 | STILL THERE?"), "{lines:#?}");
    let last = lines.last().map_or("", String::as_str);
    assert!(
        last.ends_with("closed: 3 callers served, 1 still connected at the end")
    );
}

/// `--help` everywhere, a refused call, a taken port, bad usage: what every
/// lesson's command line does; and the flags of this lesson.
#[test]
fn the_command_line_keeps_the_courses_contract() {
    cli::contract(BIN, include_str!("bad-usage.txt"));
    cli::help_mentions(BIN, &["server"], &["--idle-timeout-ms", "--grace-ms"]);
}
