//! The outputs of `bench` that the performance page shows and that do not
//! change from run to run (help and errors), regenerated from the real binary
//! and compared with `lessons/transcripts/bench-*.txt`. The measured numbers
//! the page shows come from `bench compare --write lessons/bench` instead.
//! `UPDATE_TRANSCRIPTS=1 cargo test -p bench --test transcripts` rewrites them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::net::{SocketAddr, UdpSocket};

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::{WAIT, check_output};
use socket2::{Domain, Socket, Type};

fn check(name: &str, command: &str, output: &[u8], port: Option<(u16, u16)>) {
    let map: Vec<(u16, u16)> = port.into_iter().collect();
    check_output(env!("CARGO_MANIFEST_DIR"), name, command, output, &map);
}

#[test]
fn help() {
    let out = cargo_bin_cmd!("bench")
        .arg("--help")
        .timeout(WAIT)
        .output()
        .unwrap();
    assert!(out.status.success());
    check(
        "bench-help.txt",
        "cargo run -q --release -p bench -- --help",
        &out.stdout,
        None,
    );
}

#[test]
fn no_server() {
    // Bound but not listening: refuses every call, and no other test takes it.
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    socket
        .bind(&SocketAddr::from(([127, 0, 0, 1], 0)).into())
        .unwrap();
    let addr = socket.local_addr().unwrap().as_socket().unwrap();
    let out = cargo_bin_cmd!("bench")
        .args(["rtt", "--addr", &addr.to_string()])
        .timeout(WAIT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    check(
        "bench-refused.txt",
        "cargo run -q --release -p bench -- rtt",
        &out.stderr,
        Some((addr.port(), 8080)),
    );
}

#[test]
fn no_answer() {
    // Bound, so the kernel reports nothing, but nobody ever answers.
    let silent = UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = silent.local_addr().unwrap();
    let out = cargo_bin_cmd!("bench")
        .args(["udp-rtt", "--addr", &addr.to_string()])
        .args(["--count", "5", "--wait-ms", "100"])
        .timeout(WAIT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    check(
        "bench-no-answer.txt",
        "cargo run -q --release -p bench -- udp-rtt --count 5 --wait-ms 100",
        &out.stderr,
        Some((addr.port(), 9000)),
    );
}
