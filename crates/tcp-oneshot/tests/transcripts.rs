//! The outputs the book shows for lesson 1, regenerated from the real binary
//! and compared with `lessons/transcripts/tcp-oneshot-*.txt`. Ports the
//! system picks are normalised; the test's server port is shown as the
//! default, 9000, so each transcript shows the command a learner types.
//! `UPDATE_TRANSCRIPTS=1 cargo test -p tcp-oneshot` rewrites them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::net::SocketAddr;

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::{Server, WAIT, check_output, refusing_tcp_port};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-oneshot");

/// Checks `output` against transcript `name`; `port`, the test server's real
/// port, is shown as the lesson's default, 9000.
fn check(name: &str, command: &str, output: &[u8], port: Option<u16>) {
    let map: Vec<(u16, u16)> = port.map(|p| (p, 9000)).into_iter().collect();
    check_output(env!("CARGO_MANIFEST_DIR"), name, command, output, &map);
}

#[test]
fn demo() {
    let out = cargo_bin_cmd!("tcp-oneshot")
        .arg("demo")
        .timeout(WAIT)
        .output()
        .unwrap();
    assert!(out.status.success());
    check(
        "tcp-oneshot-demo.txt",
        "cargo run -q -p tcp-oneshot -- demo",
        &out.stdout,
        None,
    );
}

#[test]
fn two_terminals() {
    let server = Server::start(BIN);
    let port = server.addr().port();
    let first = server.first_line().to_string();
    let client = cargo_bin_cmd!("tcp-oneshot")
        .args(["client", "--addr", &server.addr_arg()])
        .timeout(WAIT)
        .output()
        .unwrap();
    let (status, lines, _) = server.wait_exit();
    assert!(status.success() && client.status.success());
    let server_out = format!("{first}\n{}\n", lines.join("\n"));
    check(
        "tcp-oneshot-server.txt",
        "cargo run -q -p tcp-oneshot -- server",
        server_out.as_bytes(),
        Some(port),
    );
    check(
        "tcp-oneshot-client.txt",
        "cargo run -q -p tcp-oneshot -- client",
        &client.stdout,
        Some(port),
    );
}

fn server_addr(port: u16) -> SocketAddr {
    ([127, 0, 0, 1], port).into()
}

#[test]
fn no_server() {
    let (_held, addr) = refusing_tcp_port();
    let out = cargo_bin_cmd!("tcp-oneshot")
        .args(["client", "--addr", &addr.to_string()])
        .timeout(WAIT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    check(
        "tcp-oneshot-refused.txt",
        "cargo run -q -p tcp-oneshot -- client",
        &out.stderr,
        Some(addr.port()),
    );
}

#[test]
fn long_message() {
    let server = Server::start(BIN);
    let port = server.addr().port();
    let first = server.first_line().to_string();
    let client = cargo_bin_cmd!("tcp-oneshot")
        .args(["client", "--addr", &server.addr_arg(), &"m".repeat(3000)])
        .timeout(WAIT)
        .output()
        .unwrap();
    let (_, lines, _) = server.wait_exit();
    check(
        "tcp-oneshot-long-client.txt",
        r#"cargo run -q -p tcp-oneshot -- client "$(head -c 3000 /dev/zero | tr '\0' m)""#,
        &client.stderr,
        Some(port),
    );
    let server_out = format!("{first}\n{}\n", lines.join("\n"));
    check(
        "tcp-oneshot-long-server.txt",
        "cargo run -q -p tcp-oneshot -- server",
        server_out.as_bytes(),
        Some(port),
    );
}

#[test]
fn utf8_message() {
    let server = Server::start(BIN);
    let port = server.addr().port();
    let first = server.first_line().to_string();
    let client = cargo_bin_cmd!("tcp-oneshot")
        .args(["client", "--addr", &server.addr_arg(), "hello, 世界"])
        .timeout(WAIT)
        .output()
        .unwrap();
    let (_, lines, _) = server.wait_exit();
    assert!(client.status.success());
    check(
        "tcp-oneshot-utf8-client.txt",
        "cargo run -q -p tcp-oneshot -- client 'hello, 世界'",
        &client.stdout,
        Some(port),
    );
    let server_out = format!("{first}\n{}\n", lines.join("\n"));
    check(
        "tcp-oneshot-utf8-server.txt",
        "cargo run -q -p tcp-oneshot -- server",
        server_out.as_bytes(),
        Some(port),
    );
}

#[test]
fn port_in_use() {
    let taken = std::net::TcpListener::bind(server_addr(0)).unwrap();
    let addr = taken.local_addr().unwrap();
    let out = cargo_bin_cmd!("tcp-oneshot")
        .args(["server", "--addr", &addr.to_string()])
        .timeout(WAIT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    check(
        "tcp-oneshot-in-use.txt",
        "cargo run -q -p tcp-oneshot -- server",
        &out.stderr,
        Some(addr.port()),
    );
}

#[test]
fn bad_addr() {
    let out = cargo_bin_cmd!("tcp-oneshot")
        .args(["client", "--addr", "9000"])
        .timeout(WAIT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    check(
        "tcp-oneshot-bad-addr.txt",
        "cargo run -q -p tcp-oneshot -- client --addr 9000",
        &out.stderr,
        None,
    );
}

#[test]
fn no_hang_up() {
    // Picks up nothing and says nothing: the client's timeout ends the wait.
    let silent = std::net::TcpListener::bind(server_addr(0)).unwrap();
    let addr = silent.local_addr().unwrap();
    let out = cargo_bin_cmd!("tcp-oneshot")
        .args([
            "client",
            "--addr",
            &addr.to_string(),
            "--timeout-ms",
            "1000",
        ])
        .timeout(WAIT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    check(
        "tcp-oneshot-timeout.txt",
        "cargo run -q -p tcp-oneshot -- client --timeout-ms 1000",
        &out.stderr,
        Some(addr.port()),
    );
}
