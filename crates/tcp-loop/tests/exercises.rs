//! The solutions of lesson 2's exercises, run as a learner runs them: through
//! `tcp-loop exercise ...`, against real servers and clients.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::{Server, WAIT};
use socket2::Socket;
use tcp_loop::exercises::count::Tally;
use tcp_loop::exercises::quit::is_quit;

const BIN: &str = env!("CARGO_BIN_EXE_tcp-loop");

#[test]
fn quit_ends_the_call_and_is_not_sent() {
    let server = Server::start(BIN);
    cargo_bin_cmd!("tcp-loop")
        .args(["exercise", "quit-client", "--addr", &server.addr_arg()])
        .write_stdin("hello\n quit \nnever sent\n")
        .timeout(WAIT)
        .assert()
        .success()
        .stdout("HELLO\n")
        .stderr("");
    let peer = server.next_line();
    let peer = peer.strip_prefix("client : ").expect("a caller");
    assert_eq!(server.next_line(), "from client msg: b'hello'");
    // The server hears the client hang up, and nothing after `quit`.
    assert_eq!(server.next_line(), format!("client {peer} hung up"));
    // And it is ready for the next caller.
    cargo_bin_cmd!("tcp-loop")
        .args(["client", "--addr", &server.addr_arg()])
        .write_stdin("next\n")
        .timeout(WAIT)
        .assert()
        .success()
        .stdout("NEXT\n");
}

#[test]
fn quit_must_be_the_whole_line() {
    assert!(is_quit(b"quit"));
    assert!(is_quit(b"  quit\t"));
    for message in [&b"QUIT"[..], b"quitter", b"please quit", b"", b"qu it"] {
        assert!(!is_quit(message), "{:?}", String::from_utf8_lossy(message));
    }
    // Without `quit`, the client behaves as the lesson's: it ends with its input.
    let server = Server::start(BIN);
    cargo_bin_cmd!("tcp-loop")
        .args(["exercise", "quit-client", "--addr", &server.addr_arg()])
        .write_stdin("quitter\n\nQUIT\n")
        .timeout(WAIT)
        .assert()
        .success()
        .stdout("QUITTER\nQUIT\n");
}

fn count_server() -> Server {
    Server::start_with(BIN, &["exercise", "count-server", "--addr", "127.0.0.1:0"])
}

/// The line that ends the next call on `server`, after its `client :` line.
fn end_of_next_call(server: &Server) -> String {
    let first = server.next_line();
    assert!(first.starts_with("client : "), "{first}");
    server.wait_for("client 127.0.0.1:")
}

#[test]
fn count_tells_how_much_each_caller_said() {
    let server = count_server();
    let call = |input: &str| {
        cargo_bin_cmd!("tcp-loop")
            .args(["client", "--addr", &server.addr_arg()])
            .write_stdin(input.to_string())
            .timeout(WAIT)
            .assert()
            .success();
    };
    call("hello\nLHF nb\n");
    let end = end_of_next_call(&server);
    assert!(end.ends_with(" hung up after 2 reads (11 bytes)"), "{end}");
    // A fresh count for each caller.
    call("x\n");
    let end = end_of_next_call(&server);
    assert!(end.ends_with(" hung up after 1 read (1 byte)"), "{end}");
}

#[test]
fn count_counts_reads_not_messages() {
    let server = count_server();
    // One line of 40000 bytes: one message for the person typing, but the
    // server hears it in several reads.
    let line = "m".repeat(40_000);
    cargo_bin_cmd!("tcp-loop")
        .args(["client", "--addr", &server.addr_arg()])
        .write_stdin(format!("{line}\n"))
        .timeout(WAIT)
        .assert()
        .success();
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
    let server = count_server();
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
    cargo_bin_cmd!("tcp-loop")
        .args(["client", "--addr", &server.addr_arg()])
        .write_stdin("next\n")
        .timeout(WAIT)
        .assert()
        .success()
        .stdout("NEXT\n");
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
