//! The solutions of lesson 5's exercises, run as a learner runs them:
//! through `tcp-framing exercise ...`, with real processes. Each test's name
//! starts with its exercise's: `cargo test -p tcp-framing --test exercises
//! reader` runs the first exercise's.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::io::{ErrorKind, Read, Write};

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::{Server, TempDir, WAIT, connect, hung_up, names_in};
use support::{frame, next_frame};
use tcp_framing::exercises::{lines, reader};

mod support;

const BIN: &str = env!("CARGO_BIN_EXE_tcp-framing");

/// The line that ends the next call on `server`.
fn end_of_call(server: &Server) -> String {
    server.wait_for("client 127.0.0.1:")
}

fn reader_server(extra: &[&str]) -> Server {
    let mut args = vec!["exercise", "reader-server", "--addr", "127.0.0.1:0"];
    args.extend(extra);
    Server::start_with(BIN, &args)
}

#[test]
fn reader_reads_frames_from_bytes() {
    let mut wire: &[u8] = b"\0\0\0\x05hello\0\0\0\0\0\0\0\x01!";
    assert_eq!(
        reader::read_frame(&mut wire, 16).unwrap(),
        Some(b"hello".to_vec())
    );
    assert_eq!(reader::read_frame(&mut wire, 16).unwrap(), Some(Vec::new()));
    assert_eq!(
        reader::read_frame(&mut wire, 16).unwrap(),
        Some(b"!".to_vec())
    );
    assert_eq!(reader::read_frame(&mut wire, 16).unwrap(), None);
    for cut in [&b"\0\0"[..], b"\0\0\0\x05hel"] {
        let err = reader::read_frame(&mut &cut[..], 16).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnexpectedEof, "{cut:?}");
    }
    let err = reader::read_frame(&mut &b"\xff\xff\xff\xff"[..], 16).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidData);
    assert_eq!(
        err.to_string(),
        "announced a frame of 4294967295 bytes, over the limit of 16"
    );
}

#[test]
fn reader_takes_glued_frames_apart_and_cut_frames_whole() {
    let server = reader_server(&[]);
    let mut conn = connect(server.addr());
    let mut glued = frame(b"hello");
    glued.extend(frame(b"world"));
    conn.write_all(&glued).unwrap();
    assert_eq!(next_frame(&mut conn), b"HELLO");
    assert_eq!(next_frame(&mut conn), b"WORLD");
    for byte in frame(b"one byte at a time") {
        conn.write_all(&[byte]).unwrap();
    }
    assert_eq!(next_frame(&mut conn), b"ONE BYTE AT A TIME");
    drop(conn);
    assert!(end_of_call(&server).ends_with(" hung up"));
}

#[test]
fn reader_tells_a_hang_up_inside_a_frame_and_refuses_a_hostile_length() {
    let server = reader_server(&["--max-frame", "100"]);
    let mut conn = connect(server.addr());
    conn.write_all(&[0, 0]).unwrap();
    drop(conn);
    assert!(end_of_call(&server).ends_with(" hung up in the middle of a frame"));
    let mut conn = connect(server.addr());
    conn.write_all(&[0xff; 4]).unwrap();
    assert!(hung_up(&mut conn));
    let end = end_of_call(&server);
    assert!(
        end.ends_with(" announced a frame of 4294967295 bytes, over the limit of 100; hung up on it"),
        "{end}"
    );
    cargo_bin_cmd!("tcp-framing")
        .args(["client", "--addr", &server.addr_arg(), "still", "there"])
        .timeout(WAIT)
        .assert()
        .success()
        .stdout("STILL\nTHERE\n");
}

fn lines_server() -> Server {
    Server::start_with(
        BIN,
        &[
            "exercise",
            "lines-server",
            "--addr",
            "127.0.0.1:0",
            "--max-line",
            "8",
        ],
    )
}

#[test]
fn lines_reads_lines_and_their_limit_from_bytes() {
    let mut input: &[u8] = b"hello\n\nabcdefgh\nabcdefghi\n";
    assert_eq!(
        lines::read_line(&mut input, 8).unwrap(),
        Some(b"hello".to_vec())
    );
    assert_eq!(lines::read_line(&mut input, 8).unwrap(), Some(Vec::new()));
    assert_eq!(
        lines::read_line(&mut input, 8).unwrap(),
        Some(b"abcdefgh".to_vec())
    );
    let err = lines::read_line(&mut input, 8).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidData);
    assert_eq!(err.to_string(), "sent a line of more than 8 bytes");
    let err = lines::read_line(&mut &b"no newline"[..4], 8).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnexpectedEof);
    assert_eq!(lines::read_line(&mut &b""[..], 8).unwrap(), None);
    // The limit holds however long the line: at most 9 bytes are taken.
    let mut endless = std::io::repeat(b'x');
    let mut endless = std::io::BufReader::new(&mut endless);
    assert!(lines::read_line(&mut endless, 8).is_err());
}

#[test]
fn lines_answers_each_line_and_hangs_up_on_a_long_one() {
    let server = lines_server();
    let mut conn = connect(server.addr());
    // Glued lines, and a line cut in two writes.
    conn.write_all(b"hello\nworld\nLHF").unwrap();
    conn.write_all(b" nb\n").unwrap();
    let mut answer = [0u8; 19];
    conn.read_exact(&mut answer).unwrap();
    assert_eq!(&answer, b"HELLO\nWORLD\nLHF NB\n");
    conn.write_all(b"123456789").unwrap();
    assert!(hung_up(&mut conn));
    let end = end_of_call(&server);
    assert!(
        end.ends_with(" sent a line of more than 8 bytes; hung up on it"),
        "{end}"
    );
    let mut conn = connect(server.addr());
    conn.write_all(b"half").unwrap();
    drop(conn);
    assert!(end_of_call(&server).ends_with(" hung up in the middle of a line"));
}

fn delete_server(dir: &TempDir) -> Server {
    let served = dir.join("served");
    Server::start_with(
        BIN,
        &[
            "exercise",
            "delete-server",
            "--addr",
            "127.0.0.1:0",
            "--dir",
            served.to_str().unwrap(),
        ],
    )
}

fn tcp_framing(server: &Server, args: &[&str]) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("tcp-framing")
        .args(args)
        .args(["--addr", &server.addr_arg()])
        .timeout(WAIT)
        .assert()
}

#[test]
fn delete_removes_a_file_and_the_other_requests_still_work() {
    let dir = TempDir::new("tcp-framing-delete");
    let server = delete_server(&dir);
    std::fs::write(dir.join("a.txt"), "a").unwrap();
    std::fs::write(dir.join("b.txt"), "b").unwrap();
    for file in ["a.txt", "b.txt"] {
        tcp_framing(&server, &["put", dir.join(file).to_str().unwrap()]).success();
    }
    tcp_framing(&server, &["exercise", "delete", "a.txt"])
        .success()
        .stdout("deleted a.txt\n");
    tcp_framing(&server, &["ls"])
        .success()
        .stdout("           1  b.txt\n");
    assert_eq!(names_in(&dir.join("served")), ["b.txt"]);
    server.wait_for("delete \"a.txt\": deleted");
}

#[test]
fn delete_refuses_what_is_not_a_plain_file_of_the_folder() {
    let dir = TempDir::new("tcp-framing-delete");
    let server = delete_server(&dir);
    std::fs::write(dir.join("outside.txt"), "keep me").unwrap();
    std::fs::create_dir_all(dir.join("served/sub")).unwrap();
    let cases = [
        (
            "../outside.txt",
            r#""../outside.txt" is a path: give a file name without / or \"#,
        ),
        ("..", "`..` is a folder, not a file name"),
        ("missing.txt", r#"no file "missing.txt""#),
        ("sub", r#""sub" is not a plain file"#),
    ];
    for (name, why) in cases {
        tcp_framing(&server, &["exercise", "delete", name])
            .code(1)
            .stdout("")
            .stderr(format!(
                "error: the server refused the delete of {name:?}: {why}\n"
            ));
    }
    assert_eq!(std::fs::read(dir.join("outside.txt")).unwrap(), b"keep me");
    assert_eq!(names_in(&dir.join("served")), ["sub"]);
}
