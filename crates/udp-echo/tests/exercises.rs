//! The lesson's exercises, solved, run as a learner runs them: through
//! `udp-echo exercise ...`, against real processes over loopback. Each test's
//! name starts with its exercise's (`cargo test -p udp-echo --test exercises
//! answer`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

mod support;

use std::net::UdpSocket;

use common::testing::{Server, WAIT, cli};
use predicates::prelude::*;
use support::{BIN, hold_senders_port, refusing_port};

/// A post box on loopback for a test that posts by hand, its waits bounded.
fn hand_client() -> UdpSocket {
    let post_box = UdpSocket::bind("127.0.0.1:0").unwrap();
    post_box.set_read_timeout(Some(WAIT)).unwrap();
    post_box
}

#[test]
fn answer_server_answers_each_letter_to_its_sender() {
    let server = Server::exercise(BIN, "answer-server", &[]);
    assert!(server.first_line().starts_with("bound to 127.0.0.1:"));
    let (a, b) = (hand_client(), hand_client());
    let mut buf = [0u8; 64];
    // Two senders in turn: each answer goes back to the letter's sender.
    for (post_box, letter) in [(&a, "a1"), (&b, "b1"), (&a, "a2"), (&b, "b2")] {
        post_box.send_to(letter.as_bytes(), server.addr()).unwrap();
        let (n, from) = post_box.recv_from(&mut buf).unwrap();
        assert_eq!(from, server.addr());
        assert_eq!(&buf[..n], letter.to_uppercase().as_bytes());
        let sender = post_box.local_addr().unwrap();
        assert_eq!(server.next_line(), format!("b'{letter}' from {sender}"));
    }
}

#[test]
fn answer_server_answers_an_empty_letter_and_the_lessons_client() {
    let server = Server::exercise(BIN, "answer-server", &[]);
    let post_box = hand_client();
    post_box.send_to(b"", server.addr()).unwrap();
    let mut buf = [0u8; 8];
    let (n, _) = post_box.recv_from(&mut buf).unwrap();
    assert_eq!(n, 0, "an empty letter gets an empty answer");
    assert!(server.next_line().starts_with("b'' from 127.0.0.1:"));
    cli::call(BIN, server.addr(), &["client", "LHF nb", "hello"], "")
        .success()
        .stdout("LHF NB\nHELLO\n");
}

#[test]
fn count_server_numbers_each_senders_letters() {
    let server = Server::exercise(BIN, "count-server", &[]);
    assert!(server.first_line().starts_with("bound to 127.0.0.1:"));
    cli::call(BIN, server.addr(), &["client", "a", "b", "c"], "")
        .success()
        .stdout("A\nB\nC\n");
    let mut lines: Vec<String> = (0..3).map(|_| server.next_line()).collect();
    let _first_port = hold_senders_port(&lines[0]);
    cli::call(BIN, server.addr(), &["client", "d"], "")
        .success()
        .stdout("D\n");
    lines.push(server.next_line());
    let sender = |i: usize| {
        let rest = lines[i].split_once(" from ").unwrap().1;
        rest.split_once(' ').unwrap().0.to_string()
    };
    // One client program, one socket, one return address: letters 1 to 3.
    for (i, message) in ["a", "b", "c"].iter().enumerate() {
        let expected = format!(
            "b'{message}' from {} (letter {} from this sender)",
            sender(0),
            i + 1
        );
        assert_eq!(lines[i], expected);
    }
    // The client run again has another port: a new sender, letter 1.
    assert_ne!(sender(3), sender(0));
    assert!(
        lines[3].ends_with("(letter 1 from this sender)"),
        "{lines:?}"
    );
}

/// `"0.085 ms"` as a number of milliseconds.
fn ms(text: &str) -> f64 {
    text.strip_suffix(" ms")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("not a time in ms: {text:?}"))
}

#[test]
fn rtt_client_times_each_round_trip() {
    let server = Server::start(BIN);
    let args = ["exercise", "rtt-client", "one", "two", "three"];
    let out = cli::stdout_text(&cli::call(BIN, server.addr(), &args, "").success());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    let mut times = Vec::new();
    for (line, answer) in lines.iter().zip(["ONE", "TWO", "THREE"]) {
        let time = line
            .strip_prefix(&format!("{answer}  (round trip "))
            .and_then(|rest| rest.strip_suffix(')'))
            .unwrap_or_else(|| panic!("{line:?}"));
        times.push(ms(time));
    }
    assert!(times.iter().all(|&t| t > 0.0), "{times:?}");
    let summary = lines[3]
        .strip_prefix("3 round trips: min ")
        .unwrap_or_else(|| panic!("{:?}", lines[3]));
    let (min, rest) = summary.split_once(", average ").unwrap();
    let (average, max) = rest.split_once(", max ").unwrap();
    let (min, average, max) = (ms(min), ms(average), ms(max));
    assert!(min <= average && average <= max, "{summary}");
    let smallest = times.iter().copied().fold(f64::INFINITY, f64::min);
    assert_eq!(format!("{min:.3}"), format!("{smallest:.3}"));
    // Three letters, three lines on the server.
    for message in ["one", "two", "three"] {
        assert!(
            server
                .next_line()
                .starts_with(&format!("b'{message}' from "))
        );
    }
}

#[test]
fn rtt_client_with_no_server_times_out() {
    let (_held, addr) = refusing_port();
    let args = ["exercise", "rtt-client", "--timeout-ms", "200"];
    cli::call(BIN, addr, &args, "").code(1).stdout("").stderr(
        predicate::str::starts_with(format!(
            "error: no reply from {addr} within 200 ms\nhint: UDP does not tell"
        )),
    );
}

#[test]
fn connected_client_talks_like_the_lessons_client() {
    let server = Server::start(BIN);
    let args = ["exercise", "connected-client", "LHF nb", "hello"];
    cli::call(BIN, server.addr(), &args, "")
        .success()
        .stdout("LHF NB\nHELLO\n");
    assert!(server.next_line().starts_with("b'LHF nb' from 127.0.0.1:"));
}

/// The lesson's client can only time out when nobody is bound at the
/// server's address; connected, the socket hears the kernel's "port
/// unreachable" note, and Linux fails the receive at once. The timeout is
/// long (10 s), so an answer that came by timing out would fail this test on
/// its text, "no reply from ... within".
#[cfg(target_os = "linux")]
#[test]
fn connected_client_hears_that_nobody_is_there() {
    let (_held, addr) = refusing_port();
    let refused = cli::call(BIN, addr, &["exercise", "connected-client"], "");
    let err = cli::stderr_text(&refused.code(1).stdout(""));
    assert_eq!(
        cli::os_neutral(&err),
        cli::os_neutral(&format!(
            "error: no answer from {addr}: connection refused (os error N)\n\
             hint: is the server running? start it with `udp-echo server`, \
             and give both sides the same --addr\n"
        ))
    );
    // The lesson's client, unconnected, hears nothing of the kind: it waits.
    cli::call(BIN, addr, &["client", "--timeout-ms", "200", "LHF nb"], "")
        .code(1)
        .stderr(predicate::str::starts_with(format!(
            "error: no reply from {addr} within 200 ms\n"
        )));
}
