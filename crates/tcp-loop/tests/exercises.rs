//! The solutions of lesson 2's exercises, run as a learner runs them: through
//! `tcp-loop exercise ...`, against real servers and clients. Each test's
//! name starts with its exercise's (`cargo test -p tcp-loop --test exercises
//! quit`).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use assert_cmd::assert::Assert;
use common::testing::{Server, cli, echo};
use predicates::prelude::*;
use socket2::Socket;
use tcp_loop::exercises::count::Tally;
use tcp_loop::exercises::quit;

const BIN: &str = env!("CARGO_BIN_EXE_tcp-loop");

#[test]
fn quit_ends_the_call_and_is_not_sent() {
    let server = Server::start(BIN);
    let input = "hello\n quit \nnever sent\n";
    cli::call(BIN, server.addr(), &["exercise", "quit-client"], input)
        .success()
        .stdout("HELLO\n")
        .stderr("");
    // The server hears the client hang up, and nothing after `quit`.
    server.expect_call(&["hello"]);
    // And it is ready for the next caller.
    echo::one_call(server.addr(), b"next");
}

#[test]
fn quit_must_be_the_whole_line() {
    // Without a `quit` line, the client behaves as the lesson's: it skips
    // empty lines and ends with its input.
    let server = Server::start(BIN);
    let input = "quitter\n\nQUIT\r\nplease quit";
    cli::call(BIN, server.addr(), &["exercise", "quit-client"], input)
        .success()
        .stdout("QUITTER\nQUIT\nPLEASE QUIT\n");
    server.next_line();
    for said in ["quitter", "QUIT", "please quit"] {
        assert_eq!(server.next_line(), format!("from client msg: b'{said}'"));
    }
}

#[test]
fn quit_hears_an_answer_that_comes_in_pieces() {
    // A server that answers "hello" in two pieces, a moment apart: a loop
    // that reads once prints half of it.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let mut heard = [0u8; 5];
        conn.read_exact(&mut heard).unwrap();
        conn.write_all(b"HE").unwrap();
        thread::sleep(Duration::from_millis(100));
        conn.write_all(b"LLO").unwrap();
        let mut rest = Vec::new();
        conn.read_to_end(&mut rest).unwrap();
        rest
    });
    let mut conn = TcpStream::connect(addr).unwrap();
    let mut out = Vec::new();
    quit::converse(&mut conn, &mut &b"hello\nquit\nnot sent\n"[..], &mut out)
        .expect("the conversation");
    drop(conn);
    assert_eq!(out, b"HELLO\n", "{:?}", String::from_utf8_lossy(&out));
    assert!(server.join().unwrap().is_empty(), "nothing after quit");
}

#[test]
fn quit_reports_a_server_that_hung_up() {
    // The server hangs up at once: the client's read finds the end of the
    // call instead of an answer, and says so rather than print nothing.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = thread::spawn(move || drop(listener.accept().unwrap()));
    let mut conn = TcpStream::connect(addr).unwrap();
    server.join().unwrap();
    let mut out = Vec::new();
    let said = quit::converse(&mut conn, &mut &b"hello\n"[..], &mut out);
    assert!(said.is_err(), "{out:?}");
}

// --- bye: the server's communication loop, which may end the call --------

/// `tcp-loop client` against `server`, with `input` piped in.
fn client(server: &Server, input: &str) -> Assert {
    cli::call(BIN, server.addr(), &["client"], input)
}

#[test]
fn bye_is_answered_then_the_server_hangs_up() {
    let server = Server::exercise(BIN, "bye-server", &[]);
    client(&server, "hello\nbye\n")
        .success()
        .stdout("HELLO\nBYE\n");
    let peer = server.next_line();
    let peer = peer.strip_prefix("client : ").expect("a caller");
    assert_eq!(server.next_line(), "from client msg: b'hello'");
    assert_eq!(server.next_line(), "from client msg: b'bye'");
    assert_eq!(server.next_line(), format!("hung up on client {peer}: bye"));
}

#[test]
fn bye_leaves_a_caller_with_more_to_say_without_an_answer() {
    let server = Server::exercise(BIN, "bye-server", &[]);
    let addr = server.addr_arg();
    client(&server, "bye\nmore\n")
        .code(1)
        .stdout("BYE\n")
        // The client hears the end of the call, or, when its `more` reached
        // the closed socket first, the reset that the server's system sent.
        .stderr(
            predicate::str::starts_with(format!(
                "error: the server at {addr} hung up before it answered"
            ))
            .or(predicate::str::starts_with(format!(
                "error: the call to {addr} broke: {}",
                cli::os_words("connection reset")
            ))),
        );
    server.wait_for("hung up on client");
    // The next caller is served, and may hang up first as usual.
    client(&server, "next\n").success().stdout("NEXT\n");
    assert!(server.wait_for("hung up").ends_with(" hung up"));
}

#[test]
fn bye_must_be_the_whole_message() {
    let server = Server::exercise(BIN, "bye-server", &[]);
    client(&server, "goodbye\nbye bye\n")
        .success()
        .stdout("GOODBYE\nBYE BYE\n");
    let end = server.wait_for("hung up");
    assert!(
        end.starts_with("client ") && end.ends_with(" hung up"),
        "{end}"
    );
}

// --- count: what each caller said, in reads and bytes --------------------

/// The line that ends the next call on `server`, after its `client :` line.
fn end_of_next_call(server: &Server) -> String {
    let first = server.next_line();
    assert!(first.starts_with("client : "), "{first}");
    server.wait_for("client 127.0.0.1:")
}

#[test]
fn count_tells_how_much_each_caller_said() {
    let server = Server::exercise(BIN, "count-server", &[]);
    client(&server, "hello\nLHF nb\n").success();
    let end = end_of_next_call(&server);
    assert!(end.ends_with(" hung up after 2 reads (11 bytes)"), "{end}");
    // A fresh count for each caller.
    client(&server, "x\n").success();
    let end = end_of_next_call(&server);
    assert!(end.ends_with(" hung up after 1 read (1 byte)"), "{end}");
}

#[test]
fn count_counts_reads_not_messages() {
    let server = Server::exercise(BIN, "count-server", &[]);
    // One line of 40000 bytes: one message for the person typing, but the
    // server hears it in several reads.
    let line = "m".repeat(40_000);
    client(&server, &format!("{line}\n")).success();
    let end = end_of_next_call(&server);
    let reads: usize = end
        .split(" hung up after ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{end}"));
    assert!(reads >= 2, "{end}");
    assert!(end.ends_with(" reads (40000 bytes)"), "{end}");
}

#[test]
fn count_survives_a_reset_and_says_so() {
    let server = Server::exercise(BIN, "count-server", &[]);
    let mut conn = TcpStream::connect(server.addr()).expect("dial");
    conn.write_all(b"abc").expect("say abc");
    assert_eq!(server.next_line().get(..9), Some("client : "));
    assert_eq!(server.next_line(), "from client msg: b'abc'");
    // Close with SO_LINGER 0: a reset instead of a hang-up.
    let socket = Socket::from(conn);
    socket.set_linger(Some(Duration::ZERO)).expect("linger 0");
    drop(socket);
    let end = server.wait_for("client 127.0.0.1:");
    assert!(
        end.contains(" reset the call after 1 read (3 bytes): "),
        "{end}"
    );
    client(&server, "next\n").success().stdout("NEXT\n");
}

#[test]
fn count_tally_reads_well() {
    let tally = Tally {
        reads: 3,
        bytes: 40_000,
    };
    assert_eq!(tally.to_string(), "3 reads (40000 bytes)");
    assert_eq!(Tally::default().to_string(), "0 reads (0 bytes)");
}
