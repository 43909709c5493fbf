//! Lesson 1's exercises: each solution run as a learner would run it (real
//! processes over loopback, ports the system picks), the part a learner
//! writes also called directly, and the outputs the page shows compared with
//! `lessons/transcripts/tcp-oneshot-{dial,count,whole}-*.txt`
//! (`UPDATE_TRANSCRIPTS=1 cargo test -p tcp-oneshot --test exercises`
//! rewrites them). Each test's name starts with its exercise's.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use common::testing::{Server, Transcripts, WAIT, cli};
use support::one_call;
use tcp_oneshot::exercises::{count, dial, whole};

mod support;

const BIN: &str = env!("CARGO_BIN_EXE_tcp-oneshot");
const BOOK: Transcripts = Transcripts::new(env!("CARGO_MANIFEST_DIR"), BIN, 9000);

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
    let args = ["exercise", "dial-client", "hello, dial"];
    let client = cli::call(BIN, server.addr(), &args, "")
        .success()
        .stdout("HELLO, DIAL\n")
        .stderr("");
    let out = server.wait_ok();
    assert_eq!(out[1], "received b'hello, dial'");
    BOOK.check(
        "tcp-oneshot-dial-client.txt",
        "cargo run -q -p tcp-oneshot -- exercise dial-client 'hello, dial'",
        &client.get_output().stdout,
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
    let server = Server::exercise(BIN, "count-server", &[]);
    let heard = &one_call(server, &["client"], "6 bytes: LHF NB\n")[1];
    assert_eq!(heard, "received b'LHF nb'");
}

#[test]
fn count_counts_bytes_not_characters() {
    let server = Server::exercise(BIN, "count-server", &[]);
    let port = server.addr().port();
    let client = cli::call(BIN, server.addr(), &["client", "hello, 世界"], "")
        .success()
        .stdout("13 bytes: HELLO, 世界\n");
    let (status, log) = server.finish_log();
    assert!(status.success());
    BOOK.check(
        "tcp-oneshot-count-server.txt",
        "cargo run -q -p tcp-oneshot -- exercise count-server",
        log,
        port,
    );
    BOOK.check(
        "tcp-oneshot-count-client.txt",
        "cargo run -q -p tcp-oneshot -- client 'hello, 世界'",
        &client.get_output().stdout,
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
    let server = Server::exercise(BIN, "whole-server", &[]);
    let port = server.addr().port();
    let long = "m".repeat(3000);
    let client =
        cli::call(BIN, server.addr(), &["exercise", "whole-client", &long], "")
            .success()
            .stderr("")
            .stdout(format!("{}\n", "M".repeat(3000)));
    let (status, log) = server.finish_log();
    assert!(status.success());
    let heard = log.lines().nth(2).unwrap_or_default();
    assert!(heard.contains("(3000 bytes) in "), "{log}");
    // No read gives more than BUFSIZE bytes: at least 3 reads.
    assert!(reads_in(heard) >= 3, "{log}");
    BOOK.check(
        "tcp-oneshot-whole-server.txt",
        "cargo run -q -p tcp-oneshot -- exercise whole-server",
        log,
        port,
    );
    // What `| wc -c` prints for the client's output: 3000 letters and a newline.
    let bytes = client.get_output().stdout.len();
    BOOK.check(
        "tcp-oneshot-whole-client.txt",
        "cargo run -q -p tcp-oneshot -- exercise whole-client \
         \"$(head -c 3000 /dev/zero | tr '\\0' m)\" | wc -c",
        format!("{bytes}\n"),
        port,
    );
}

// The message is an argument, and Windows caps a whole command line at
// 32,767 characters.
#[cfg(unix)]
#[test]
fn whole_brings_back_a_hundred_kilobytes() {
    let server = Server::exercise(BIN, "whole-server", &[]);
    let long = "m".repeat(100_000);
    let answer = format!("{}\n", "M".repeat(100_000));
    let heard = &one_call(server, &["exercise", "whole-client", &long], &answer)[1];
    assert!(heard.contains("(100000 bytes) in "), "{heard}");
    // No read gives more than BUFSIZE bytes: at least 98 reads.
    let reads = reads_in(heard);
    assert!(
        reads >= 100_000usize.div_ceil(tcp_oneshot::BUFSIZE),
        "{reads}"
    );
}

#[test]
fn whole_server_answers_only_after_the_half_close() {
    let server = Server::exercise(BIN, "whole-server", &[]);
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
    let out = server.wait_ok();
    assert_eq!(out[1], "received b'LHF nb' in 1 read");
}

#[test]
fn whole_client_also_calls_the_lessons_server() {
    // The half close costs nothing with a server that reads once.
    let args = ["exercise", "whole-client"];
    let heard = &one_call(Server::start(BIN), &args, "LHF NB\n")[1];
    assert_eq!(heard, "received b'LHF nb'");
}

#[test]
fn whole_client_explains_a_refused_call() {
    cli::refused_call(BIN, &["exercise", "whole-client"], "");
}

#[test]
fn whole_server_refuses_to_store_an_endless_message() {
    let server = Server::exercise(BIN, "whole-server", &[]);
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
