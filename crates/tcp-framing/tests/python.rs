//! Wire compatibility with lesson 5's Python programs (in `python/`), both
//! ways: the frame is 4 bytes of big-endian length in Rust and
//! `struct.pack('>I', n)` in Python, and the file server's header is JSON in
//! both. Skipped, with a note, where `python3` is not installed.

use common::testing::{Server, TempDir, cli, python3};

mod support;

const BIN: &str = env!("CARGO_BIN_EXE_tcp-framing");

#[test]
fn the_python_client_calls_this_server() {
    let Some(python) = python3() else { return };
    let server = Server::start(BIN);
    let args = [&server.addr_arg(), "hello", "LHF nb", ""];
    python
        .run("tcp_framing_client.py", &args, "")
        .success()
        .stdout("b'HELLO'\nb'LHF NB'\nb''\n")
        .stderr("");
    let (peer, lines) = server.next_call();
    let frames =
        ["b'hello'", "b'LHF nb'", "b''"].map(|f| format!("frame from client: {f}"));
    assert_eq!(lines[..3], frames);
    assert_eq!(lines[3], format!("client {peer} hung up"));
}

#[test]
fn this_client_calls_the_python_server() {
    let Some(python) = python3() else { return };
    let server = python.server("tcp_framing_server.py");
    let long = "x".repeat(100_000);
    let input = format!("hello\n\nLHF nb\n{long}\n");
    cli::call(BIN, server.addr(), &["client"], input)
        .success()
        .stdout(format!("HELLO\n\nLHF NB\n{}\n", long.to_uppercase()));
    assert!(server.next_line().starts_with("client : ('127.0.0.1', "));
    assert_eq!(server.next_line(), "from client msg: b'hello'");
    assert_eq!(server.next_line(), "from client msg: b''");
    assert_eq!(server.next_line(), "from client msg: b'LHF nb'");
}

#[test]
fn the_python_file_client_puts_lists_and_gets_with_this_server() {
    let Some(python) = python3() else { return };
    let dir = TempDir::new("tcp-framing-python");
    let server = support::file_server(&dir.join("served"), &[]);
    let addr = server.addr_arg();
    let bytes: Vec<u8> = (0..(1 << 20) + 7).map(|i| (i % 253) as u8).collect();
    let source = dir.join("from-python.bin");
    std::fs::write(&source, &bytes).unwrap();
    python
        .run(
            "tcp_framing_files.py",
            &[&addr, "put", source.to_str().unwrap()],
            "",
        )
        .success()
        .stdout(predicates::str::starts_with(
            "stored from-python.bin: 1048583 bytes, sha256 ",
        ));
    python
        .run("tcp_framing_files.py", &[&addr, "ls"], "")
        .success()
        .stdout("     1048583  from-python.bin\n");
    // What Python put, Rust gets, and the other way round.
    let copy = dir.join("copy.bin");
    let copy_arg = copy.to_str().unwrap();
    let get = ["get", "from-python.bin", "--out", copy_arg];
    cli::call(BIN, server.addr(), &get, "").success();
    assert!(std::fs::read(&copy).unwrap() == bytes);
    let put = ["put", copy_arg, "--as", "from-rust.bin"];
    cli::call(BIN, server.addr(), &put, "").success();
    let back = dir.join("back.bin");
    let get = [&addr, "get", "from-rust.bin", back.to_str().unwrap()];
    python
        .run("tcp_framing_files.py", &get, "")
        .success()
        .stdout(predicates::str::starts_with(
            "got from-rust.bin: 1048583 bytes, sha256 ",
        ));
    assert!(std::fs::read(&back).unwrap() == bytes);
    python
        .run("tcp_framing_files.py", &[&addr, "get", "nope"], "")
        .code(1)
        .stderr("error: no file \"nope\"\n");
}
