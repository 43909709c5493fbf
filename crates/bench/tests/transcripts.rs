//! The outputs of `bench` that the performance page shows and that do not
//! change from run to run (help and errors), regenerated from the real binary
//! and compared with `lessons/transcripts/bench-*.txt`. The measured numbers
//! the page shows come from `bench compare --write lessons/bench` instead.
//! `UPDATE_TRANSCRIPTS=1 cargo test -p bench --test transcripts` rewrites them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::net::{SocketAddr, UdpSocket};

use common::testing::{check_output, cli, refusing_tcp_port};

const BIN: &str = env!("CARGO_BIN_EXE_bench");

fn check(name: &str, command: &str, output: &[u8], port: Option<(u16, u16)>) {
    let map: Vec<(u16, u16)> = port.into_iter().collect();
    check_output(env!("CARGO_MANIFEST_DIR"), name, command, output, &map);
}

#[test]
fn help() {
    let out = cli::run(BIN, &["--help"], "").success();
    let out = out.get_output();
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
    let (_socket, addr) = refusing_tcp_port();
    fails(
        &["rtt"],
        addr,
        "bench-refused.txt",
        "cargo run -q --release -p bench -- rtt",
        8080,
    );
}

#[test]
fn no_answer() {
    // Bound, so the kernel reports nothing, but nobody ever answers.
    let silent = UdpSocket::bind("127.0.0.1:0").unwrap();
    fails(
        &["udp-rtt", "--count", "5", "--wait-ms", "100"],
        silent.local_addr().unwrap(),
        "bench-no-answer.txt",
        "cargo run -q --release -p bench -- udp-rtt --count 5 --wait-ms 100",
        9000,
    );
}

/// `bench ARGS --addr ADDR` fails (exit 1), and its stderr is the page's
/// transcript `name` of `command`, where ADDR's port reads as the default
/// `port`.
fn fails(args: &[&str], addr: SocketAddr, name: &str, command: &str, port: u16) {
    let out = cli::call(BIN, addr, args, "").code(1);
    check(
        name,
        command,
        &out.get_output().stderr,
        Some((addr.port(), port)),
    );
}
