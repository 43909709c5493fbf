//! Lesson 1's exercises: each solution run as a learner would run it (real
//! processes over loopback, ports the system picks), the part a learner
//! writes also called directly, and the outputs the page shows compared with
//! `lessons/transcripts/tcp-oneshot-{dial,count,whole}-*.txt`
//! (`UPDATE_TRANSCRIPTS=1 cargo test -p tcp-oneshot --test exercises`
//! rewrites them). Each test's name starts with its exercise's.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::{
    Server, WAIT, check_transcript, cli, normalise, transcript_file,
};
use tcp_oneshot::exercises::{count, dial, whole};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-oneshot");

fn start(exercise: &str) -> Server {
    Server::start_with(BIN, &["exercise", exercise, "--addr", "127.0.0.1:0"])
}

/// How many reads the `whole` server says it made, from its line
/// `received b'...' (3000 bytes) in 3 reads`.
fn reads_in(line: &str) -> usize {
    line.rsplit_once(" in ")
        .and_then(|(_, rest)| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no read count in {line:?}"))
}

// --- dial: the client, from the dial to the printed answer -------------------

#[test]
fn dial_calls_the_lessons_server() {
    let server = Server::start(BIN);
    let port = server.addr().port();
    let client = cargo_bin_cmd!("tcp-oneshot")
        .args(["exercise", "dial-client", "--addr", &server.addr_arg()])
        .arg("hello, dial")
        .timeout(WAIT)
        .assert()
        .success()
        .stdout("HELLO, DIAL\n")
        .stderr("");
    let (status, out, _) = server.wait_exit();
    assert!(status.success());
    assert_eq!(out[1], "received b'hello, dial'");
    check(
        "tcp-oneshot-dial-client.txt",
        "cargo run -q -p tcp-oneshot -- exercise dial-client 'hello, dial'",
        &String::from_utf8_lossy(&client.get_output().stdout),
        port,
    );
}

#[test]
fn dial_hears_an_answer_that_comes_in_pieces() {
    // A server that says its answer in three pieces, a moment apart, and
    // then hangs up: one read would hear only the first piece.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let mut heard = [0u8; 64];
        let n = conn.read(&mut heard).unwrap();
        for piece in [&b"ONE "[..], b"TWO ", b"THREE"] {
            conn.write_all(piece).unwrap();
            thread::sleep(Duration::from_millis(50));
        }
        heard[..n].to_vec()
    });
    let mut out = Vec::new();
    dial::call(addr, b"one two three", &mut out).expect("the call");
    assert_eq!(
        out,
        b"ONE TWO THREE\n",
        "{:?}",
        String::from_utf8_lossy(&out)
    );
    assert_eq!(server.join().unwrap(), b"one two three");
}

#[test]
fn dial_explains_a_refused_call() {
    cli::refused_call(BIN, &["exercise", "dial-client"], "");
}

// --- count: the answer says how many bytes one read heard ---------------------

#[test]
fn count_answer_puts_the_number_of_bytes_first() {
    assert_eq!(count::answer(b"LHF nb"), b"6 bytes: LHF NB");
    assert_eq!(count::answer(b""), b"0 bytes: ");
    // Two characters, four bytes: the count is of bytes.
    assert_eq!(count::answer("éé".as_bytes()), "4 bytes: éé".as_bytes());
}

#[test]
fn count_server_answers_the_lesson_client() {
    let server = start("count-server");
    cargo_bin_cmd!("tcp-oneshot")
        .args(["client", "--addr", &server.addr_arg()])
        .timeout(WAIT)
        .assert()
        .success()
        .stdout("6 bytes: LHF NB\n");
    let (status, out, _) = server.wait_exit();
    assert!(status.success());
    assert_eq!(out[1], "received b'LHF nb'");
}

#[test]
fn count_counts_bytes_not_characters() {
    let server = start("count-server");
    let port = server.addr().port();
    let first = server.first_line().to_string();
    let client = cargo_bin_cmd!("tcp-oneshot")
        .args(["client", "--addr", &server.addr_arg(), "hello, 世界"])
        .timeout(WAIT)
        .assert()
        .success()
        .stdout("13 bytes: HELLO, 世界\n");
    let (status, lines, _) = server.wait_exit();
    assert!(status.success());
    check(
        "tcp-oneshot-count-server.txt",
        "cargo run -q -p tcp-oneshot -- exercise count-server",
        &format!("{first}\n{}\n", lines.join("\n")),
        port,
    );
    check(
        "tcp-oneshot-count-client.txt",
        "cargo run -q -p tcp-oneshot -- client 'hello, 世界'",
        &String::from_utf8_lossy(&client.get_output().stdout),
        port,
    );
}

// --- whole: hear the caller out, whatever the length ------------------------

#[test]
fn whole_hear_everything_reads_until_the_end_of_the_stream() {
    // A byte slice reads like a socket whose bytes have all arrived: each
    // read gives at most the buffer's size, then 0 at the end.
    let message = vec![b'm'; 3000];
    let (heard, reads) = whole::hear_everything(&mut &message[..]).unwrap();
    assert_eq!(heard, message);
    assert_eq!(reads, 3, "1024 + 1024 + 952 bytes");
    let (heard, reads) = whole::hear_everything(&mut &b""[..]).unwrap();
    assert!(heard.is_empty());
    assert_eq!(reads, 0);
}

#[test]
fn whole_brings_back_a_long_message() {
    let server = start("whole-server");
    let port = server.addr().port();
    let first = server.first_line().to_string();
    let long = "m".repeat(3000);
    let client = cargo_bin_cmd!("tcp-oneshot")
        .args([
            "exercise",
            "whole-client",
            "--addr",
            &server.addr_arg(),
            &long,
        ])
        .timeout(WAIT)
        .assert()
        .success()
        .stderr("")
        .stdout(format!("{}\n", "M".repeat(3000)));
    let (status, lines, _) = server.wait_exit();
    assert!(status.success());
    assert!(lines[1].contains("(3000 bytes) in "), "{lines:?}");
    // No read gives more than BUFSIZE bytes: at least 3 reads.
    assert!(reads_in(&lines[1]) >= 3, "{lines:?}");
    check(
        "tcp-oneshot-whole-server.txt",
        "cargo run -q -p tcp-oneshot -- exercise whole-server",
        &format!("{first}\n{}\n", lines.join("\n")),
        port,
    );
    // What `| wc -c` prints for the client's output: 3000 letters and a newline.
    let bytes = client.get_output().stdout.len();
    check(
        "tcp-oneshot-whole-client.txt",
        "cargo run -q -p tcp-oneshot -- exercise whole-client \
         \"$(head -c 3000 /dev/zero | tr '\\0' m)\" | wc -c",
        &format!("{bytes}\n"),
        port,
    );
}

#[test]
fn whole_brings_back_a_hundred_kilobytes() {
    let server = start("whole-server");
    let long = "m".repeat(100_000);
    cargo_bin_cmd!("tcp-oneshot")
        .args([
            "exercise",
            "whole-client",
            "--addr",
            &server.addr_arg(),
            &long,
        ])
        .timeout(WAIT)
        .assert()
        .success()
        .stdout(format!("{}\n", "M".repeat(100_000)));
    let (status, lines, _) = server.wait_exit();
    assert!(status.success());
    assert!(lines[1].contains("(100000 bytes) in "), "{lines:?}");
    // No read gives more than BUFSIZE bytes: at least 98 reads.
    let reads = reads_in(&lines[1]);
    assert!(
        reads >= 100_000usize.div_ceil(tcp_oneshot::BUFSIZE),
        "{reads}"
    );
}

#[test]
fn whole_server_answers_only_after_the_half_close() {
    let server = start("whole-server");
    let mut conn = TcpStream::connect(server.addr()).expect("dial");
    conn.write_all(b"LHF nb").expect("send");
    // The message is there, but the server cannot know it is complete: it
    // keeps reading, so no answer comes.
    conn.set_read_timeout(Some(Duration::from_millis(300)))
        .expect("timeout");
    let mut buf = [0u8; 16];
    let early = conn.read(&mut buf);
    assert!(
        matches!(&early, Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)),
        "an answer before the end of the message: {early:?}"
    );
    // The half close: the server's read returns 0 and it answers.
    conn.shutdown(Shutdown::Write).expect("shutdown");
    conn.set_read_timeout(Some(WAIT)).expect("timeout");
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer).expect("the answer");
    assert_eq!(answer, b"LHF NB");
    let (status, out, _) = server.wait_exit();
    assert!(status.success());
    assert_eq!(out[1], "received b'LHF nb' in 1 read");
}

#[test]
fn whole_client_also_calls_the_lessons_server() {
    // The half close costs nothing with a server that reads once.
    let server = Server::start(BIN);
    cargo_bin_cmd!("tcp-oneshot")
        .args(["exercise", "whole-client", "--addr", &server.addr_arg()])
        .timeout(WAIT)
        .assert()
        .success()
        .stdout("LHF NB\n");
    let (status, out, _) = server.wait_exit();
    assert!(status.success());
    assert_eq!(out[1], "received b'LHF nb'");
}

#[test]
fn whole_client_explains_a_refused_call() {
    cli::refused_call(BIN, &["exercise", "whole-client"], "");
}

#[test]
fn whole_server_refuses_to_store_an_endless_message() {
    let server = start("whole-server");
    let mut conn = TcpStream::connect(server.addr()).expect("dial");
    conn.set_write_timeout(Some(WAIT)).expect("a bounded write");
    // More than the server will hear; it stops at MAX_MESSAGE and hangs up,
    // after which our writes fail: that ends the loop.
    let chunk = vec![b'a'; 1 << 20];
    let mut sent = 0;
    while sent <= whole::MAX_MESSAGE && conn.write_all(&chunk).is_ok() {
        sent += chunk.len();
    }
    let (status, _, err) = server.wait_exit();
    assert_eq!(status.code(), Some(1));
    assert!(
        err.iter()
            .any(|l| l.contains("the message is longer than 16777216 bytes")),
        "{err:?}"
    );
}

fn check(name: &str, command: &str, output: &str, port: u16) {
    let text = format!("$ {command}\n{output}");
    let file = transcript_file(env!("CARGO_MANIFEST_DIR"), name);
    check_transcript(file, &normalise(&text, &[(port, 9000)]));
}
