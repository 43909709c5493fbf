//! Lesson 5's framed echo server and client, as a learner would try them:
//! real processes over loopback, on ports the system picks, and callers that
//! write raw bytes where the lesson's client would not (glued frames, frames
//! cut byte by byte, hostile lengths, hang-ups and resets mid-frame).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::io::Write;

use common::testing::echo::reset;
use common::testing::{Server, cli, connect, hung_up};
use support::{frame, next_frame};

mod support;

const BIN: &str = env!("CARGO_BIN_EXE_tcp-framing");

/// Checks that the server still answers: a new caller's frame comes back.
fn still_serving(server: &Server) {
    let mut conn = connect(server.addr());
    conn.write_all(&frame(b"still there?")).unwrap();
    assert_eq!(next_frame(&mut conn), b"STILL THERE?");
    drop(conn);
    let (_, lines) = server.next_call();
    assert_eq!(lines[0], "frame from client: b'still there?'");
}

/// Checks that the next call on `server` was only a caller who announced a
/// frame of `announced` bytes, over the server's `limit`, and was hung up on.
fn refused_whole(server: &Server, announced: u64, limit: u64) {
    let (peer, lines) = server.next_call();
    let refused = format!(
        "client {peer} announced a frame of {announced} bytes, over the limit of \
         {limit}; hung up on it"
    );
    assert_eq!(lines, [refused]);
}

#[test]
fn each_argument_is_one_frame_and_each_answer_one_line() {
    let server = Server::start(BIN);
    cli::call(BIN, server.addr(), &["client", "hello", "LHF nb", ""], "")
        .success()
        .stdout("HELLO\nLHF NB\n\n")
        .stderr("");
    let (peer, lines) = server.next_call();
    assert_eq!(
        lines,
        [
            "frame from client: b'hello'".to_string(),
            "frame from client: b'LHF nb'".to_string(),
            "frame from client: b''".to_string(),
            format!("client {peer} hung up"),
        ]
    );
}

#[test]
fn each_line_of_input_is_one_frame_even_an_empty_one() {
    let server = Server::start(BIN);
    let input = "one\n\ntwo\r\n\u{e9}t\u{e9}";
    cli::call(BIN, server.addr(), &["client"], input)
        .success()
        .stdout("ONE\n\nTWO\n\u{e9}T\u{e9}\n");
    let (_, lines) = server.next_call();
    assert_eq!(lines[1], "frame from client: b''");
    assert_eq!(lines[3], r"frame from client: b'\xc3\xa9t\xc3\xa9'");
}

#[test]
fn glued_frames_are_answered_one_by_one() {
    let server = Server::start(BIN);
    let mut conn = connect(server.addr());
    // Three frames in one write: they arrive glued, as 粘包 glues messages.
    let mut wire = frame(b"hello");
    wire.extend(frame(b""));
    wire.extend(frame(b"world"));
    conn.write_all(&wire).unwrap();
    assert_eq!(next_frame(&mut conn), b"HELLO");
    assert_eq!(next_frame(&mut conn), b"");
    assert_eq!(next_frame(&mut conn), b"WORLD");
    drop(conn);
    let (_, lines) = server.next_call();
    assert_eq!(lines.len(), 4, "{lines:?}");
}

#[test]
fn a_frame_cut_into_single_bytes_comes_back_whole() {
    let server = Server::start(BIN);
    let mut conn = connect(server.addr());
    // TCP_NODELAY: every one-byte write leaves as a packet of its own.
    for byte in frame(b"cut into pieces") {
        conn.write_all(&[byte]).unwrap();
    }
    assert_eq!(next_frame(&mut conn), b"CUT INTO PIECES");
}

#[test]
fn a_frame_at_the_limit_is_taken_and_one_byte_more_is_not() {
    let server = Server::start_flags(BIN, &["--max-frame", "16"]);
    let mut conn = connect(server.addr());
    conn.write_all(&frame(&[b'x'; 16])).unwrap();
    assert_eq!(next_frame(&mut conn), [b'X'; 16]);
    // 17 announced: the call ends before the payload is even sent.
    conn.write_all(&17u32.to_be_bytes()).unwrap();
    assert!(hung_up(&mut conn));
    let (peer, lines) = server.next_call();
    assert_eq!(
        lines[1],
        format!(
            "client {peer} announced a frame of 17 bytes, over the limit of 16; hung up on it"
        )
    );
    still_serving(&server);
}

#[test]
fn a_hostile_length_is_refused_before_its_bytes() {
    let server = Server::start(BIN);
    let mut conn = connect(server.addr());
    // ff ff ff ff: 4 GiB announced, and nothing sent after it. A server that
    // believed it would wait for 4 GiB; this one hangs up at once.
    conn.write_all(&[0xff; 4]).unwrap();
    assert!(hung_up(&mut conn));
    refused_whole(&server, 4_294_967_295, 1_048_576);
    still_serving(&server);
}

#[test]
fn a_caller_that_hangs_up_mid_frame_ends_only_its_own_call() {
    let server = Server::start(BIN);
    for cut in [&frame(b"hello")[..2], &frame(b"hello")[..7]] {
        let mut conn = connect(server.addr());
        conn.write_all(cut).unwrap();
        drop(conn);
        let (peer, lines) = server.next_call();
        assert_eq!(
            lines,
            [format!("client {peer} hung up in the middle of a frame")]
        );
    }
    still_serving(&server);
}

#[test]
fn a_caller_that_resets_mid_frame_ends_only_its_own_call() {
    let server = Server::start(BIN);
    let mut conn = connect(server.addr());
    conn.write_all(&frame(b"first")).unwrap();
    assert_eq!(next_frame(&mut conn), b"FIRST");
    conn.write_all(&frame(b"second")[..6]).unwrap();
    reset(conn);
    let (peer, lines) = server.next_call();
    assert_eq!(lines[0], "frame from client: b'first'");
    assert!(
        lines[1].starts_with(&format!("client {peer} reset the call: ")),
        "{lines:?}"
    );
    still_serving(&server);
}

#[test]
fn a_one_mebibyte_frame_comes_back_whole_and_is_logged_short() {
    let server = Server::start(BIN);
    let message = "m".repeat(1 << 20);
    let input = format!("{message}\n");
    let assert = cli::call(BIN, server.addr(), &["client"], input).success();
    assert_eq!(
        assert.get_output().stdout,
        format!("{}\n", message.to_uppercase()).as_bytes()
    );
    let (_, lines) = server.next_call();
    assert_eq!(
        lines[0],
        format!(
            "frame from client: b'{}...' (1048576 bytes)",
            "m".repeat(80)
        )
    );
}

#[test]
fn a_message_over_the_servers_limit_is_a_clear_error() {
    let server = Server::start_flags(BIN, &["--max-frame", "4"]);
    let addr = server.addr();
    let err = cli::failed(
        cli::call(BIN, addr, &["client", "ok", "too long"], "").stdout("OK\n"),
        &format!("error: the server at {addr} hung up before it answered"),
        "hint: a `tcp-framing server` hangs up on a frame over its --max-frame",
    );
    assert!(
        err.contains("this message was 8 bytes: if that is it"),
        "{err}"
    );
}

#[test]
fn a_long_message_over_the_limit_is_the_same_clear_error() {
    // 2 MiB: the server hangs up with most of it unread, so the client's
    // write or read meets a reset rather than an end; it says the same.
    let server = Server::start(BIN);
    let input = format!("{}\n", "m".repeat(2 << 20));
    let addr = server.addr();
    cli::failed(
        cli::call(BIN, addr, &["client"], input).stdout(""),
        &format!("error: the server at {addr} hung up before it answered"),
        "this message was 2097152 bytes",
    );
    refused_whole(&server, 2_097_152, 1_048_576);
}

/// `--help` everywhere, a refused call, a taken port, bad usage: what every
/// lesson's command line does; and `ls`, which calls the file server.
#[test]
fn the_command_line_keeps_the_courses_contract() {
    cli::contract(BIN, include_str!("bad-usage.txt"));
    cli::refused_call(BIN, &["client"], "hello\n");
}

/// The file commands' refused call names the file server to start, not the
/// framed echo that the general hint would name.
#[test]
fn a_refused_file_command_names_the_file_server() {
    for args in [
        &["ls"][..],
        &["get", "a.txt"],
        &["exercise", "delete", "a.txt"],
    ] {
        let (_held, addr) = common::testing::refusing_tcp_port();
        let out = cli::call(BIN, addr, args, "").code(1).stdout("");
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(
            err.starts_with(&format!(
                "error: cannot call {addr}: {}",
                cli::os_words("connection refused")
            )) && err.contains(
                "hint: is the server running? start it with `tcp-framing \
                 file-server --dir DIR`, and give both sides the same --addr"
            ),
            "{args:?}: {err}"
        );
    }
}
