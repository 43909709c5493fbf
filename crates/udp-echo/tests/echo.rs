//! Lesson 3 as a learner would try it: real server and client processes over
//! loopback, on ports the system picks.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

mod support;

use std::net::{SocketAddr, UdpSocket};
use std::panic;
use std::time::{Duration, Instant};

use assert_cmd::assert::Assert;
use common::testing::{Server, WAIT, cli};
use predicates::prelude::*;
use support::{BIN, ended, free_port, refusing_port, silent_port, start_client};
use udp_echo::{MAX_IPV4_PAYLOAD, MAX_IPV6_PAYLOAD};

/// A loopback UDP socket for a test that plays a client by hand, with every
/// receive bounded.
fn hand_client() -> UdpSocket {
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
    socket.set_read_timeout(Some(WAIT)).expect("timeout");
    socket
}

/// `udp-echo client ARGS...` posting to `addr`, its messages in `args`.
/// Unless `args` say otherwise, it waits up to 10 s for each answer: on
/// loopback the answer comes at once, but a loaded machine may keep the
/// server from answering within the default second.
fn client(addr: SocketAddr, args: &[&str]) -> Assert {
    let patient: &[&str] = if args.contains(&"--timeout-ms") {
        &[]
    } else {
        &["--timeout-ms", "10000"]
    };
    cli::call(BIN, addr, &[&["client"], patient, args].concat(), "")
}

/// The client with `messages` as the lines of its stdin, as a learner pipes
/// a file in: a datagram of 65,507 bytes would not fit on a Windows command
/// line (32,767 characters at most).
fn client_lines(addr: SocketAddr, messages: &[&str]) -> Assert {
    let lines: String = messages.iter().map(|m| format!("{m}\n")).collect();
    cli::call(BIN, addr, &["client", "--timeout-ms", "10000"], lines)
}

fn receive(socket: &UdpSocket) -> (Vec<u8>, SocketAddr) {
    let mut buf = vec![0u8; 70_000];
    let (n, from) = socket.recv_from(&mut buf).expect("a datagram in time");
    (buf[..n].to_vec(), from)
}

#[test]
fn answers_each_message_upper_cased() {
    let server = Server::start(BIN);
    client(server.addr(), &["LHF nb", "hello"])
        .success()
        .stdout("LHF NB\nHELLO\n")
        .stderr("");
    let first = server.next_line();
    assert!(first.starts_with("b'LHF nb' from 127.0.0.1:"), "{first}");
    // Both letters came from the same socket, so from the same address.
    let port = first.rsplit_once(':').unwrap().1;
    assert_eq!(
        server.next_line(),
        format!("b'hello' from 127.0.0.1:{port}")
    );
}

#[test]
fn reads_one_message_per_line_of_stdin() {
    let server = Server::start(BIN);
    let input = ["one\r", "", "two", "last line without an end"].join("\n");
    cli::call(BIN, server.addr(), &["client"], input)
        .success()
        .stdout("ONE\n\nTWO\nLAST LINE WITHOUT AN END\n");
    let lines: Vec<String> = (0..4).map(|_| server.next_line()).collect();
    assert!(lines[0].starts_with("b'one' from "), "{lines:?}");
    // An empty line is an empty datagram, and it is answered.
    assert!(lines[1].starts_with("b'' from "), "{lines:?}");
}

#[test]
fn an_empty_datagram_is_a_real_message() {
    let server = Server::start(BIN);
    client(server.addr(), &[""]).success().stdout("\n");
    assert!(server.next_line().starts_with("b'' from 127.0.0.1:"));
}

#[cfg(unix)]
#[test]
fn non_utf8_bytes_travel_unchanged() {
    let server = Server::start(BIN);
    cli::non_utf8_message(BIN, server.addr());
    let line = server.next_line();
    assert!(line.starts_with(r"b'\xff\xfe ok\x01' from "), "{line}");
}

#[test]
fn one_socket_answers_clients_interleaved() {
    let server = Server::start(BIN);
    let (a, b) = (hand_client(), hand_client());
    for (client, message, answer) in [
        (&a, "a1", "A1"),
        (&b, "b1", "B1"),
        (&a, "a2", "A2"),
        (&b, "b2", "B2"),
    ] {
        client.send_to(message.as_bytes(), server.addr()).unwrap();
        let (reply, from) = receive(client);
        assert_eq!(reply, answer.as_bytes());
        assert_eq!(from, server.addr());
    }
    let (a, b) = (a.local_addr().unwrap(), b.local_addr().unwrap());
    for (message, sender) in [("a1", a), ("b1", b), ("a2", a), ("b2", b)] {
        assert_eq!(server.next_line(), format!("b'{message}' from {sender}"));
    }
}

#[test]
fn several_client_processes_at_once() {
    let server = Server::start(BIN);
    let addr = server.addr_arg();
    let clients: Vec<common::testing::Process> = (1..=4)
        .map(|c| {
            let messages: Vec<String> =
                (1..=5).map(|m| format!("c{c} m{m}")).collect();
            let mut args = vec!["client", "--addr", &addr, "--timeout-ms", "10000"];
            args.extend(messages.iter().map(String::as_str));
            start_client(&args)
        })
        .collect();
    for (c, client) in (1..=4).zip(clients) {
        let (status, out, err) = ended(client);
        assert!(status.success(), "client {c}: {err:?}");
        let expected: String = (1..=5).map(|m| format!("C{c} M{m}\n")).collect();
        assert_eq!(String::from_utf8_lossy(&out), expected);
    }
    // One server socket, twenty letters from four return addresses.
    let lines: Vec<String> = (0..20).map(|_| server.next_line()).collect();
    let mut senders: Vec<&str> = lines
        .iter()
        .map(|l| l.rsplit_once(" from ").unwrap().1)
        .collect();
    senders.sort_unstable();
    senders.dedup();
    assert_eq!(senders.len(), 4, "{lines:?}");
}

#[test]
fn the_largest_ipv4_datagram_comes_back_whole() {
    let server = Server::start(BIN);
    let message = "m".repeat(MAX_IPV4_PAYLOAD);
    let assert = client_lines(server.addr(), &[&message]).success();
    let expected = format!("{}\n", "M".repeat(MAX_IPV4_PAYLOAD));
    assert!(assert.get_output().stdout == expected.as_bytes());
    let line = server.next_line();
    assert!(
        line.contains("...' (65507 bytes) from 127.0.0.1:"),
        "{line}"
    );
    assert!(!line.contains("cut"), "{line}");
}

#[test]
fn one_byte_more_is_message_too_long() {
    let (_held, addr) = silent_port();
    let message = "m".repeat(MAX_IPV4_PAYLOAD + 1);
    cli::failed(
        client_lines(addr, &[&message]).stdout(""),
        &format!(
            "error: cannot send 65508 bytes to {addr}: {}",
            cli::os_words("message too long")
        ),
        "hint: one UDP datagram carries at most 65507 bytes over IPv4",
    );
}

#[test]
fn ipv6_carries_20_bytes_more() {
    let Some(server) = Server::on_ipv6_loopback(BIN) else {
        return;
    };
    let message = "m".repeat(MAX_IPV6_PAYLOAD);
    let assert = client_lines(server.addr(), &["LHF nb", &message]).success();
    let expected = format!("LHF NB\n{}\n", "M".repeat(MAX_IPV6_PAYLOAD));
    assert!(assert.get_output().stdout == expected.as_bytes());
    assert!(server.next_line().starts_with("b'LHF nb' from [::1]:"));
    assert!(server.next_line().contains("(65527 bytes) from [::1]:"));
    let too_long = "m".repeat(MAX_IPV6_PAYLOAD + 1);
    client_lines(server.addr(), &[&too_long])
        .code(1)
        .stderr(predicate::str::contains(cli::os_words("message too long")))
        .stderr(predicate::str::contains("at most 65527 bytes over IPv6"));
}

// Unix cuts a datagram too long for the buffer; Windows fails the receive
// instead (WSAEMSGSIZE), and the server says so and goes on (see
// `server::a_clients_doing`).
#[cfg(unix)]
#[test]
fn a_small_buffer_cuts_a_datagram_and_the_rest_is_lost() {
    let server = Server::start_flags(BIN, &["--bufsize", "1024"]);
    let exact = "x".repeat(1024);
    let long = "m".repeat(3000);
    let assert = client(server.addr(), &[&exact, &long, "ok"]).success();
    // The long datagram comes back as its first 1024 bytes; the next
    // receive gets the next datagram, not the rest (TCP would give the rest).
    let expected = format!("{}\n{}\nOK\n", "X".repeat(1024), "M".repeat(1024));
    assert!(assert.get_output().stdout == expected.as_bytes());
    let lines: Vec<String> = (0..3).map(|_| server.next_line()).collect();
    assert!(!lines[0].contains("cut"), "exactly 1024 fits: {lines:?}");
    let (shown, rest) = lines[1].split_once(" from ").unwrap();
    assert_eq!(shown, format!("b'{}...' (1024 bytes)", "m".repeat(80)));
    assert!(
        rest.ends_with(", cut to the 1024-byte buffer: the rest is lost"),
        "{rest}"
    );
    assert!(lines[2].starts_with("b'ok' from "), "{lines:?}");
}

#[test]
fn no_server_is_a_clear_error_after_the_timeout() {
    let (_held, addr) = refusing_port();
    let started = Instant::now();
    assert_cmd::Command::new(BIN)
        .args(["client", "--addr", &addr.to_string(), "--timeout-ms", "300"])
        .arg("LHF nb")
        .env("RUST_BACKTRACE", "1")
        .timeout(WAIT)
        .assert()
        .code(1)
        .stdout("")
        .stderr(format!(
            "error: no reply from {addr} within 300 ms\n\
             hint: UDP does not tell the sender whether anyone is listening: \
             is the server running? start it with `udp-echo server`, give both \
             sides the same --addr, or wait longer with --timeout-ms and --retries\n"
        ));
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[test]
fn retries_post_the_same_letter_again() {
    // A socket that receives but never answers: it shows what was sent.
    let (held, addr) = silent_port();
    client(addr, &["--timeout-ms", "100", "--retries", "2", "LHF nb"])
        .code(1)
        .stderr(format!(
            "no reply from {addr} within 100 ms; sending again (try 2 of 3)\n\
             no reply from {addr} within 100 ms; sending again (try 3 of 3)\n\
             error: no reply from {addr} within 100 ms (sent 3 times)\n\
             hint: UDP does not tell the sender whether anyone is listening: \
             is the server running? start it with `udp-echo server`, give both \
             sides the same --addr, or wait longer with --timeout-ms and --retries\n"
        ));
    held.set_read_timeout(Some(WAIT)).unwrap();
    for _ in 0..3 {
        assert_eq!(receive(&held).0, b"LHF nb");
    }
    // And no fourth: the three are all that is queued.
    held.set_nonblocking(true).unwrap();
    let mut buf = [0u8; 16];
    let fourth = held.recv_from(&mut buf).unwrap_err();
    assert_eq!(fourth.kind(), std::io::ErrorKind::WouldBlock);
}

/// The article's point: "UDP has no connection, so whichever side starts
/// first, nothing reports an error". The client is started first, against
/// a port where nobody is bound; its first letter is sent without error and
/// lost; the server is started second, on that port; a later try is answered.
#[test]
fn the_client_may_start_before_the_server() {
    // The port is found free and let go before the server takes it; should
    // another process take it in between, the server cannot bind and the
    // whole setup is tried again, a bounded number of times.
    let bound = (0..5).any(|_| client_first_then_server());
    assert!(
        bound,
        "the server could not bind a free port five times in a row"
    );
}

fn client_first_then_server() -> bool {
    let addr = free_port().to_string();
    let client = start_client(&[
        "client",
        "--addr",
        &addr,
        "--timeout-ms",
        "200",
        "--retries",
        "90",
        "--verbose",
        "LHF nb",
    ]);
    // The client has sent, and sending was no error, though nobody is there.
    assert_eq!(
        client.next_err_line(),
        format!("sent 6 bytes to {addr}; waiting up to 200 ms for the answer")
    );
    let args = ["server", "--addr", addr.as_str()];
    let Ok(server) = panic::catch_unwind(|| Server::start_with(BIN, &args)) else {
        return false;
    };
    let (status, out, err) = ended(client);
    assert!(status.success(), "{err:?}");
    assert_eq!(out, b"LHF NB\n");
    // At least one try went unanswered before the server was there.
    assert!(
        err.iter()
            .any(|l| l.contains("sending again (try 2 of 91)")),
        "{err:?}"
    );
    assert!(server.next_line().starts_with("b'LHF nb' from 127.0.0.1:"));
    true
}

#[test]
fn letters_from_anyone_but_the_server_are_ignored() {
    // The test plays the server, and a stranger who writes to the client.
    let server = hand_client();
    let stranger = hand_client();
    let client = start_client(&[
        "client",
        "--addr",
        &server.local_addr().unwrap().to_string(),
        "--verbose",
        "--timeout-ms",
        "10000",
        "LHF nb",
    ]);
    let (message, client_addr) = receive(&server);
    assert_eq!(message, b"LHF nb");
    assert!(client.next_err_line().starts_with("sent 6 bytes to "));
    stranger
        .send_to(b"NOT FROM THE SERVER", client_addr)
        .unwrap();
    // The client has read the stranger's letter, and not printed it.
    let stranger_addr = stranger.local_addr().unwrap();
    assert_eq!(
        client.next_err_line(),
        format!("ignored 19 bytes from {stranger_addr}: not the server")
    );
    server.send_to(b"LHF NB", client_addr).unwrap();
    let (status, out, err) = ended(client);
    assert!(status.success(), "{err:?}");
    assert_eq!(out, b"LHF NB\n");
}

#[test]
fn a_client_that_has_gone_does_not_stop_the_server() {
    let server = Server::start(BIN);
    // Post a letter and close at once: the answer goes to a closed port.
    let gone = hand_client();
    gone.send_to(b"bye", server.addr()).unwrap();
    let gone_addr = gone.local_addr().unwrap();
    drop(gone);
    assert_eq!(server.next_line(), format!("b'bye' from {gone_addr}"));
    client(server.addr(), &["still there?"])
        .success()
        .stdout("STILL THERE?\n");
    assert!(server.next_line().starts_with("b'still there?' from "));
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let (_held, addr) = silent_port();
    cli::failed(
        cli::call(BIN, addr, &["server"], "").stdout(""),
        &format!(
            "error: cannot bind to {addr}: {}",
            cli::os_words("address already in use")
        ),
        "hint: another program",
    );
}

#[test]
fn demo_shows_both_sides() {
    let lines = cli::demo(BIN);
    assert_eq!(lines.len(), 5, "{lines:#?}");
    // Two letters, each heard by the server, then its answer by the client.
    for (i, letter) in ["LHF nb", "hello, udp"].into_iter().enumerate() {
        let heard = format!("server | b'{letter}' from 127.0.0.1:");
        assert!(lines[1 + 2 * i].starts_with(&heard), "{lines:#?}");
        let answer = format!("client | {}", letter.to_uppercase());
        assert_eq!(lines[2 + 2 * i], answer);
    }
}

#[test]
fn demo_runs_in_process() {
    udp_echo::demo::run().expect("the demo runs");
}

/// Ctrl-Z then `fg` stops and continues the client while it waits; on Linux
/// that makes the waiting `recv_from` fail with EINTR. The client must wait
/// on, not report "interrupted system call".
#[cfg(target_os = "linux")]
#[test]
fn a_stop_and_continue_does_not_end_the_wait() {
    let (_silent, addr) = support::silent_port();
    let client = support::start_client(&[
        "client",
        "--addr",
        &addr.to_string(),
        "--timeout-ms",
        "1000",
        "--verbose",
        "hello",
    ]);
    assert!(client.next_err_line().starts_with("sent 5 bytes"));
    let pid = client.id().to_string();
    for signal in ["-STOP", "-CONT"] {
        let status = std::process::Command::new("kill")
            .args([signal, &pid])
            .status()
            .expect("run kill");
        assert!(status.success());
    }
    let (status, _, err) = ended(client);
    assert_eq!(status.code(), Some(1), "{err:?}");
    assert!(
        err.iter()
            .any(|l| l.starts_with(&format!("error: no reply from {addr}"))),
        "{err:?}"
    );
    assert!(!err.iter().any(|l| l.contains("interrupted")), "{err:?}");
}

#[test]
fn no_reply_says_how_often_it_tried() {
    let addr: SocketAddr = ([127, 0, 0, 1], 9000).into();
    let timeout = std::time::Duration::from_millis(250);
    let once = udp_echo::client::no_reply(addr, timeout, 1).to_string();
    assert_eq!(once, "no reply from 127.0.0.1:9000 within 250 ms");
    let thrice = udp_echo::client::no_reply(addr, timeout, 3).to_string();
    assert!(thrice.ends_with("(sent 3 times)"), "{thrice}");
}

#[test]
fn only_a_message_over_the_limit_gets_the_limit_hint() {
    use udp_echo::client::cannot_send;
    let v6: SocketAddr = "[::1]:9000".parse().unwrap();
    let long = cannot_send(std::io::Error::other("message too long"), 70_000, v6);
    let hint = common::report::hint_for(&long, "udp-echo").unwrap();
    assert!(hint.contains("65527 bytes over IPv6"), "{hint}");
    let short = cannot_send(std::io::Error::other("unreachable"), 10, v6);
    assert!(common::report::hint_for(&short, "udp-echo").is_none());
}

/// `--help` everywhere, and bad usage that says what to write.
#[test]
fn the_command_line_has_help_and_says_what_to_write() {
    cli::help_everywhere(BIN);
    cli::bad_usage(BIN, include_str!("bad-usage.txt"));
}
