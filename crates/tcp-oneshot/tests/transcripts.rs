//! The outputs the book shows for lesson 1, regenerated from the real binary
//! and compared with `lessons/transcripts/tcp-oneshot-*.txt`. Ports the
//! system picks are normalised; the test's server port is shown as the
//! default, 9000, so each transcript shows the command a learner types.
//! `UPDATE_TRANSCRIPTS=1 cargo test -p tcp-oneshot` rewrites them.

use std::net::TcpListener;
use std::process::Output;

use common::testing::{Server, Transcripts, cli, deaf_port, refusing_tcp_port};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-oneshot");
const BOOK: Transcripts = Transcripts::new(env!("CARGO_MANIFEST_DIR"), BIN, 9000);
/// The long message's call, on a fresh port, as the page says to restart.
const FRESH: Transcripts = Transcripts::new(env!("CARGO_MANIFEST_DIR"), BIN, 9001);
const SERVER: &str = "cargo run -q -p tcp-oneshot -- server";
const CLIENT: &str = "cargo run -q -p tcp-oneshot -- client";

/// One call, as in two terminals: `tcp-oneshot server`, then `tcp-oneshot
/// client MESSAGE...`. Returns the server's whole log (it ends by itself,
/// with code 0), the client's output, and the server's real port.
fn one_call(message: &[&str]) -> (String, Output, u16) {
    let server = Server::start(BIN);
    let port = server.addr().port();
    let args = [&["client"], message].concat();
    let client = cli::call(BIN, server.addr(), &args, "");
    let (status, log) = server.finish_log();
    assert!(status.success(), "{log}");
    (log, client.get_output().clone(), port)
}

#[test]
fn two_terminals() {
    let (log, client, port) = one_call(&[]);
    assert!(client.status.success());
    BOOK.check("tcp-oneshot-server.txt", SERVER, log, port);
    BOOK.check("tcp-oneshot-client.txt", CLIENT, &client.stdout, port);
}

#[test]
fn no_server() {
    let (_held, addr) = refusing_tcp_port();
    let out = cli::call(BIN, addr, &["client"], "").code(1);
    let err = &out.get_output().stderr;
    BOOK.check("tcp-oneshot-refused.txt", CLIENT, err, addr.port());
}

#[test]
fn long_message() {
    let (log, client, port) = one_call(&[&"m".repeat(3000)]);
    let fresh = "--addr 127.0.0.1:9001";
    FRESH.check(
        "tcp-oneshot-long-client.txt",
        &format!(r#"{CLIENT} {fresh} "$(head -c 3000 /dev/zero | tr '\0' m)""#),
        &client.stderr,
        port,
    );
    let server = format!("{SERVER} {fresh}");
    FRESH.check("tcp-oneshot-long-server.txt", &server, log, port);
}

#[test]
fn utf8_message() {
    let (log, client, port) = one_call(&["hello, 世界"]);
    assert!(client.status.success());
    let command = format!("{CLIENT} 'hello, 世界'");
    BOOK.check(
        "tcp-oneshot-utf8-client.txt",
        &command,
        &client.stdout,
        port,
    );
    BOOK.check("tcp-oneshot-utf8-server.txt", SERVER, log, port);
}

#[test]
fn port_in_use() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap();
    let out = cli::call(BIN, addr, &["server"], "").code(1);
    let err = &out.get_output().stderr;
    BOOK.check("tcp-oneshot-in-use.txt", SERVER, err, addr.port());
}

#[test]
fn bad_addr() {
    let out = cli::run(BIN, &["client", "--addr", "9000"], "").code(2);
    let command = format!("{CLIENT} --addr 9000");
    let err = &out.get_output().stderr;
    BOOK.check("tcp-oneshot-bad-addr.txt", &command, err, None);
}

#[test]
fn no_hang_up() {
    // Picks up nothing and says nothing: the client's timeout ends the wait.
    let (_silent, addr) = deaf_port();
    let out = cli::call(BIN, addr, &["client", "--timeout-ms", "1000"], "").code(1);
    let command = format!("{CLIENT} --timeout-ms 1000");
    let err = &out.get_output().stderr;
    BOOK.check("tcp-oneshot-timeout.txt", &command, err, addr.port());
}

#[test]
fn demo() {
    BOOK.check_demo();
}
