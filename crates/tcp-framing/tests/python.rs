//! Wire compatibility with lesson 5's Python programs (in `python/`), both
//! ways: the frame is 4 bytes of big-endian length in Rust and
//! `struct.pack('>I', n)` in Python, and the file server's header is JSON in
//! both. Skipped, with a note, where `python3` is not installed.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::{Server, TempDir, WAIT, python_script, python3};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-framing");

fn python(python: &str, script: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    assert_cmd::Command::new(python)
        .arg(python_script(script))
        .args(args)
        .timeout(WAIT)
        .assert()
}

#[test]
fn the_python_client_calls_this_server() {
    let Some(python3) = python3() else { return };
    let server = Server::start(BIN);
    python(
        python3,
        "tcp_framing_client.py",
        &[&server.addr_arg(), "hello", "LHF nb", ""],
    )
    .success()
    .stdout("b'HELLO'\nb'LHF NB'\nb''\n")
    .stderr("");
    let peer = server.next_line();
    let peer = peer.strip_prefix("client : ").expect("a caller");
    assert_eq!(server.next_line(), "frame from client: b'hello'");
    assert_eq!(server.next_line(), "frame from client: b'LHF nb'");
    assert_eq!(server.next_line(), "frame from client: b''");
    assert_eq!(server.next_line(), format!("client {peer} hung up"));
}

#[test]
fn this_client_calls_the_python_server() {
    let Some(python3) = python3() else { return };
    let server = Server::start_with(
        python3,
        &[&python_script("tcp_framing_server.py"), "127.0.0.1:0"],
    );
    let long = "x".repeat(100_000);
    cargo_bin_cmd!("tcp-framing")
        .args(["client", "--addr", &server.addr_arg()])
        .write_stdin(format!("hello\n\nLHF nb\n{long}\n"))
        .timeout(WAIT)
        .assert()
        .success()
        .stdout(format!("HELLO\n\nLHF NB\n{}\n", long.to_uppercase()));
    assert!(server.next_line().starts_with("client : ('127.0.0.1', "));
    assert_eq!(server.next_line(), "from client msg: b'hello'");
    assert_eq!(server.next_line(), "from client msg: b''");
    assert_eq!(server.next_line(), "from client msg: b'LHF nb'");
}

#[test]
fn the_python_file_client_puts_lists_and_gets_with_this_server() {
    let Some(python3) = python3() else { return };
    let dir = TempDir::new("tcp-framing-python");
    let served = dir.join("served");
    let server = Server::start_with(
        BIN,
        &[
            "file-server",
            "--addr",
            "127.0.0.1:0",
            "--dir",
            served.to_str().unwrap(),
        ],
    );
    let addr = server.addr_arg();
    let bytes: Vec<u8> = (0..(1 << 20) + 7).map(|i| (i % 253) as u8).collect();
    let source = dir.join("from-python.bin");
    std::fs::write(&source, &bytes).unwrap();
    python(
        python3,
        "tcp_framing_files.py",
        &[&addr, "put", source.to_str().unwrap()],
    )
    .success()
    .stdout(predicates::str::starts_with(
        "stored from-python.bin: 1048583 bytes, sha256 ",
    ));
    python(python3, "tcp_framing_files.py", &[&addr, "ls"])
        .success()
        .stdout("     1048583  from-python.bin\n");
    // What Python put, Rust gets, and the other way round.
    let copy = dir.join("copy.bin");
    cargo_bin_cmd!("tcp-framing")
        .args([
            "get",
            "from-python.bin",
            "--out",
            copy.to_str().unwrap(),
            "--addr",
            &addr,
        ])
        .timeout(WAIT)
        .assert()
        .success();
    assert!(std::fs::read(&copy).unwrap() == bytes);
    cargo_bin_cmd!("tcp-framing")
        .args([
            "put",
            copy.to_str().unwrap(),
            "--as",
            "from-rust.bin",
            "--addr",
            &addr,
        ])
        .timeout(WAIT)
        .assert()
        .success();
    let back = dir.join("back.bin");
    python(
        python3,
        "tcp_framing_files.py",
        &[&addr, "get", "from-rust.bin", back.to_str().unwrap()],
    )
    .success()
    .stdout(predicates::str::starts_with(
        "got from-rust.bin: 1048583 bytes, sha256 ",
    ));
    assert!(std::fs::read(&back).unwrap() == bytes);
    python(python3, "tcp_framing_files.py", &[&addr, "get", "nope"])
        .code(1)
        .stderr("error: no file \"nope\"\n");
}
