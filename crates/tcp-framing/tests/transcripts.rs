//! The outputs the book shows for lesson 5, regenerated from the real binary
//! and compared with `lessons/transcripts/tcp-framing-*.txt`. Ports the
//! system picks are normalised, the test server's port is shown as the
//! default, 9001, and the test's temporary folder is left out of paths, so
//! each transcript shows the commands a learner types.
//! `UPDATE_TRANSCRIPTS=1 cargo test -p tcp-framing --test transcripts`
//! rewrites them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::io::Write;
use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::names_in;
use common::testing::{Server, TempDir, Transcripts, WAIT, connect, hung_up};
use serde_json::json;

mod support;

const BIN: &str = env!("CARGO_BIN_EXE_tcp-framing");
const BOOK: Transcripts = Transcripts::new(env!("CARGO_MANIFEST_DIR"), BIN, 9001);
const RUN: &str = "cargo run -q -p tcp-framing --";
const SERVER: &str = "cargo run -q -p tcp-framing -- server";

/// `tcp-framing ARGS` (with `--addr` of `server`) in `dir`: its stdout and
/// stderr, as a terminal shows them one after the other.
fn run_in(dir: &Path, server: &Server, args: &[&str]) -> (bool, Vec<u8>) {
    let out = cargo_bin_cmd!("tcp-framing")
        .args(args)
        .args(["--addr", &server.addr_arg()])
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .timeout(WAIT)
        .output()
        .unwrap();
    let mut shown = out.stdout;
    shown.extend(out.stderr);
    (out.status.success(), shown)
}

#[test]
fn two_terminals() {
    let server = Server::start(BIN);
    let port = server.addr().port();
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (ok, out) = run_in(here, &server, &["client", "hello", "LHF nb", ""]);
    assert!(ok);
    BOOK.check(
        "tcp-framing-client.txt",
        &format!("{RUN} client hello 'LHF nb' ''"),
        &out,
        port,
    );
    BOOK.check_log("tcp-framing-server.txt", SERVER, server, 5);
}

#[test]
fn hostile_length() {
    let server = Server::start(BIN);
    let mut conn = connect(server.addr());
    conn.write_all(&[0xff, 0xff, 0xff, 0xff]).unwrap();
    assert!(hung_up(&mut conn));
    BOOK.check_log("tcp-framing-hostile-server.txt", SERVER, server, 2);
}

#[test]
fn a_message_over_the_limit() {
    let server = Server::start_flags(BIN, &["--max-frame", "4"]);
    let port = server.addr().port();
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (ok, out) = run_in(here, &server, &["client", "ok", "too long"]);
    assert!(!ok);
    BOOK.check(
        "tcp-framing-too-long.txt",
        &format!("{RUN} client ok 'too long'"),
        &out,
        port,
    );
}

/// The client session of the file server's transcript: each command as
/// typed in `dir`, then what it printed.
fn session(dir: &TempDir, server: &Server, commands: &[&[&str]]) -> String {
    let mut text = String::new();
    for args in commands {
        let shown: Vec<String> = args
            .iter()
            .map(|a| {
                if a.contains(' ') {
                    format!("'{a}'")
                } else {
                    a.to_string()
                }
            })
            .collect();
        let (_, out) = run_in(dir.path(), server, args);
        text.push_str(&format!(
            "$ {RUN} {}\n{}",
            shown.join(" "),
            String::from_utf8_lossy(&out)
        ));
    }
    text
}

/// `tcp-framing file-server --dir shared`, `shared` being in `dir`.
fn file_server(dir: &TempDir) -> Server {
    support::file_server(&dir.join("shared"), &[])
}

/// Checks the file server's log, its first line and `more` after it, as
/// transcript `name`, its folder shown as `shared`.
fn check_file_server(name: &str, server: Server, more: usize, dir: &TempDir) {
    let port = server.addr().port();
    let log = server.transcript(more);
    let log = log.replace(&format!("{}/", dir.path().display()), "");
    BOOK.check(name, &format!("{RUN} file-server --dir shared"), log, port);
}

#[test]
fn files() {
    let dir = TempDir::new("tcp-framing-transcript");
    std::fs::write(dir.join("notes.txt"), "hello from lesson 5\n").unwrap();
    let server = file_server(&dir);
    let text = session(
        &dir,
        &server,
        &[
            &["put", "notes.txt"],
            &["put", "notes.txt", "--as", "../notes.txt"],
            &["ls"],
            &["get", "notes.txt", "--out", "copy.txt"],
            &["get", "nothing.txt"],
        ],
    );
    let port = server.addr().port();
    BOOK.check_session("tcp-framing-files-client.txt", &text, port);
    check_file_server("tcp-framing-files-server.txt", server, 14, &dir);
}

#[test]
fn broken_upload() {
    let dir = TempDir::new("tcp-framing-transcript");
    let server = file_server(&dir);
    let mut conn = connect(server.addr());
    let header =
        json!({"op":"put","name":"big.bin","size":1 << 20,"sha256":"0".repeat(64)});
    conn.write_all(&support::frame(header.to_string().as_bytes()))
        .unwrap();
    conn.write_all(&vec![b'x'; 300_000]).unwrap();
    drop(conn);
    check_file_server("tcp-framing-broken-upload.txt", server, 4, &dir);
    assert!(names_in(&dir.join("shared")).is_empty());
}

#[test]
fn demo() {
    BOOK.check_demo();
}
