//! Lesson 5's file server and its put, get and ls, with real processes and
//! real folders (each test's own, removed after it), and callers that break
//! every rule: bad names, wrong hashes, headers that are not JSON, hang-ups
//! and resets halfway through an upload.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::thread;

use assert_cmd::cargo::cargo_bin_cmd;
use common::procfs::Usage;
use common::testing::echo::reset;
use common::testing::{
    Server, TempDir, Terminal, WAIT, cli, connect, hung_up, names_in, python3,
};
use predicates::prelude::*;
use serde_json::json;
use sha2::{Digest, Sha256};
use support::{reply, request};

mod support;

const BIN: &str = env!("CARGO_BIN_EXE_tcp-framing");

/// `tcp-framing file-server` on port 0 serving `dir`, with `extra` flags;
/// its two first lines read.
fn file_server(dir: &Path, extra: &[&str]) -> Server {
    let server = support::file_server(dir, extra);
    let serving = format!("serving the files in {}", dir.display());
    assert_eq!(server.next_line(), serving);
    server
}

fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// Bytes that are not all alike, so a misplaced piece would show.
fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

/// Runs `tcp-framing ARGS... --addr ADDR` to its end.
fn run(server_addr: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("tcp-framing")
        .args(args)
        .args(["--addr", server_addr])
        .timeout(WAIT)
        .assert()
}

/// Puts `bytes` as `name` through the lesson's own client.
fn put(server: &Server, dir: &TempDir, name: &str, bytes: &[u8]) {
    let source = dir.join(format!("source-{name}"));
    std::fs::write(&source, bytes).unwrap();
    run(
        &server.addr_arg(),
        &["put", source.to_str().unwrap(), "--as", name],
    )
    .success();
    std::fs::remove_file(source).unwrap();
    server.wait_for(" hung up");
}

#[test]
fn put_ls_and_get_bring_the_same_bytes_back() {
    let dir = TempDir::new("tcp-framing-files");
    let server = file_server(&dir.join("served"), &[]);
    let bytes = pattern(3 << 20);
    std::fs::write(dir.join("big.bin"), &bytes).unwrap();
    let sum = sha256(&bytes);
    // No progress bar: stderr is not a terminal here.
    run(
        &server.addr_arg(),
        &["put", dir.join("big.bin").to_str().unwrap()],
    )
    .success()
    .stdout(format!("stored big.bin: 3145728 bytes, sha256 {sum}\n"))
    .stderr("");
    run(&server.addr_arg(), &["ls"])
        .success()
        .stdout("     3145728  big.bin\n");
    let copy = dir.join("copy.bin");
    run(
        &server.addr_arg(),
        &["get", "big.bin", "--out", copy.to_str().unwrap()],
    )
    .success()
    .stdout(format!("got big.bin: 3145728 bytes, sha256 {sum}\n"))
    .stderr("");
    assert!(std::fs::read(&copy).unwrap() == bytes);
    assert_eq!(names_in(&dir.join("served")), ["big.bin"]);
    assert_eq!(dir.names(), ["big.bin", "copy.bin", "served"]);
    let put_line = server.wait_for("stored");
    assert_eq!(
        put_line,
        format!(
            "put \"big.bin\": stored 3145728 bytes, sha256 {}...",
            &sum[..16]
        )
    );
}

#[test]
fn a_put_replaces_the_old_version_whole() {
    let dir = TempDir::new("tcp-framing-files");
    let server = file_server(&dir.join("served"), &[]);
    put(&server, &dir, "doc.txt", b"version 1");
    put(&server, &dir, "doc.txt", b"version 2, longer");
    let copy = dir.join("doc.txt");
    run(
        &server.addr_arg(),
        &["get", "doc.txt", "--out", copy.to_str().unwrap()],
    )
    .success();
    assert_eq!(std::fs::read(copy).unwrap(), b"version 2, longer");
    assert_eq!(names_in(&dir.join("served")), ["doc.txt"]);
}

#[test]
fn bad_names_are_refused_and_nothing_is_written_outside() {
    let dir = TempDir::new("tcp-framing-files");
    let server = file_server(&dir.join("served"), &[]);
    let long = "n".repeat(256);
    let bad = [
        "..",
        ".",
        "a/b",
        "../escape",
        "",
        "a\0b",
        "a\\b",
        "/etc/passwd",
        &long,
    ];
    for name in bad {
        let mut conn = connect(server.addr());
        request(
            &mut conn,
            &json!({"op":"put","name":name,"size":5,"sha256":sha256(b"owned")}),
        );
        conn.write_all(b"owned").unwrap();
        let answer = reply(&mut conn);
        assert_eq!(answer["ok"], false, "{name:?}: {answer}");
        assert!(
            answer["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{answer}"
        );
        // The put's bytes cannot be told from a next request: hung up on.
        assert!(hung_up(&mut conn), "{name:?}");
    }
    // A get with a bad name is refused too, and the call goes on.
    let mut conn = connect(server.addr());
    for name in bad {
        request(&mut conn, &json!({"op":"get","name":name}));
        let answer = reply(&mut conn);
        assert_eq!(answer["ok"], false, "{name:?}: {answer}");
    }
    request(&mut conn, &json!({"op":"list"}));
    assert_eq!(reply(&mut conn), json!({"ok":true,"files":[]}));
    drop(conn);
    server.wait_for("list: 0 files");
    assert_eq!(dir.names(), ["served"]);
    assert!(names_in(&dir.join("served")).is_empty());
}

#[test]
fn the_name_rules_give_their_reasons() {
    let dir = TempDir::new("tcp-framing-files");
    let server = file_server(&dir.join("served"), &[]);
    let mut conn = connect(server.addr());
    let cases = [
        ("..", "`..` is a folder, not a file name"),
        ("a/b", r#""a/b" is a path: give a file name without / or \"#),
        ("", "a file name cannot be empty"),
        ("a\0b", r#""a\0b" holds a NUL byte"#),
        (
            &"n".repeat(256),
            "a file name has at most 255 bytes, not 256",
        ),
    ];
    for (name, why) in cases {
        request(&mut conn, &json!({"op":"get","name":name}));
        assert_eq!(reply(&mut conn), json!({"ok":false,"error":why}));
    }
}

#[test]
fn a_wrong_hash_stores_nothing_and_keeps_the_old_version() {
    let dir = TempDir::new("tcp-framing-files");
    let server = file_server(&dir.join("served"), &[]);
    put(&server, &dir, "doc.txt", b"version 1");
    let mut conn = connect(server.addr());
    let claimed = sha256(b"something else");
    request(
        &mut conn,
        &json!({"op":"put","name":"doc.txt","size":9,"sha256":claimed}),
    );
    conn.write_all(b"version 2").unwrap();
    let answer = reply(&mut conn);
    let why = format!(
        "the bytes' SHA-256 is {}, not {claimed}: nothing stored",
        sha256(b"version 2")
    );
    assert_eq!(answer, json!({"ok":false,"error":why}));
    // Every byte was read, so the call goes on: the old version is there.
    request(&mut conn, &json!({"op":"get","name":"doc.txt"}));
    assert_eq!(
        reply(&mut conn),
        json!({"ok":true,"size":9,"sha256":sha256(b"version 1")})
    );
    let mut bytes = [0u8; 9];
    conn.read_exact(&mut bytes).unwrap();
    assert_eq!(&bytes, b"version 1");
    assert_eq!(names_in(&dir.join("served")), ["doc.txt"]);
}

#[test]
fn a_put_over_the_limit_or_without_a_real_hash_is_refused_before_its_bytes() {
    let dir = TempDir::new("tcp-framing-files");
    let server = file_server(&dir.join("served"), &["--max-file", "10"]);
    let cases = [
        (
            json!({"op":"put","name":"a","size":11,"sha256":sha256(b"x")}),
            "11 bytes is over this server's limit of 10",
        ),
        (
            json!({"op":"put","name":"a","size":1,"sha256":"xyz"}),
            r#""xyz" is not a SHA-256 (64 hex digits)"#,
        ),
    ];
    for (header, why) in cases {
        let mut conn = connect(server.addr());
        request(&mut conn, &header);
        assert_eq!(reply(&mut conn), json!({"ok":false,"error":why}));
        assert!(hung_up(&mut conn));
        let end = server.wait_for(" hung up on it");
        assert!(end.ends_with("sent a request that was refused, with bytes that may follow it; hung up on it"), "{end}");
    }
    assert!(names_in(&dir.join("served")).is_empty());
}

#[test]
fn headers_that_are_not_requests_are_refused_and_the_server_goes_on() {
    let dir = TempDir::new("tcp-framing-files");
    let server = file_server(&dir.join("served"), &[]);
    let cases: [(&[u8], &str); 4] = [
        (
            b"hello",
            "a header is a JSON request: expected value at line 1 column 1",
        ),
        (
            br#"{"op":"delete","name":"a"}"#,
            "a header is a JSON request: unknown variant `delete`, expected one of `put`, `get`, `list` at line 1 column 14",
        ),
        (
            br#"{"op":"put","name":"a"}"#,
            "a header is a JSON request: missing field `size`",
        ),
        (
            b"\xff\xfe",
            "a header is a JSON request: expected value at line 1 column 1",
        ),
    ];
    for (header, why) in cases {
        let mut conn = connect(server.addr());
        conn.write_all(&(header.len() as u32).to_be_bytes())
            .unwrap();
        conn.write_all(header).unwrap();
        assert_eq!(reply(&mut conn), json!({"ok":false,"error":why}));
        assert!(hung_up(&mut conn));
    }
    // A header over 64 KiB is not read at all.
    let mut conn = connect(server.addr());
    conn.write_all(&(64 * 1024 + 1u32).to_be_bytes()).unwrap();
    assert!(hung_up(&mut conn));
    let end = server.wait_for("announced");
    assert!(end.ends_with("announced a frame of 65537 bytes, over the limit of 65536; hung up on it"), "{end}");
    run(&server.addr_arg(), &["ls"])
        .success()
        .stdout("(no files)\n");
}

/// A file server on `dir/served` that holds `doc.txt` (`version 1`), and a
/// put of a new `doc.txt` of 1 MiB, of which only 100 KiB have been sent.
fn upload_halfway(dir: &TempDir) -> (Server, TcpStream) {
    let server = file_server(&dir.join("served"), &[]);
    put(&server, dir, "doc.txt", b"version 1");
    let mut conn = connect(server.addr());
    let bytes = pattern(1 << 20);
    request(
        &mut conn,
        &json!({"op":"put","name":"doc.txt","size":bytes.len(),"sha256":sha256(&bytes)}),
    );
    conn.write_all(&bytes[..100 * 1024]).unwrap();
    (server, conn)
}

/// A put that stops halfway and then ends as `end` does; afterwards the
/// old version must be untouched and no temporary file left.
fn broken_upload(end: fn(TcpStream), log: &str) {
    let dir = TempDir::new("tcp-framing-files");
    let (server, conn) = upload_halfway(&dir);
    end(conn);
    let line = server.wait_for("client 127.0.0.1:");
    assert!(line.contains(log), "{line}");
    assert_eq!(names_in(&dir.join("served")), ["doc.txt"]);
    assert_eq!(
        std::fs::read(dir.join("served/doc.txt")).unwrap(),
        b"version 1"
    );
}

#[test]
fn a_server_killed_mid_upload_leaves_a_temporary_file_the_next_start_clears() {
    let dir = TempDir::new("tcp-framing-files");
    let served = dir.join("served");
    let (server, _conn) = upload_halfway(&dir);
    // The server says so once its temporary file is open; killed now, it
    // never gets to remove it.
    server.wait_for("receiving");
    server.kill();
    let names = names_in(&served);
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names[0].starts_with(".incoming-") && names[0].ends_with(".part"));
    // The next server on the folder clears it, says so, and lists only
    // the old version, untouched.
    let again = file_server(&served, &[]);
    assert_eq!(
        again.next_line(),
        "removed 1 unfinished upload(s) an earlier server left"
    );
    assert_eq!(names_in(&served), ["doc.txt"]);
    assert_eq!(std::fs::read(served.join("doc.txt")).unwrap(), b"version 1");
}

#[test]
fn a_hang_up_mid_upload_leaves_the_old_version_and_no_temporary_file() {
    broken_upload(drop, " hung up in the middle of a request");
}

#[test]
fn a_reset_mid_upload_leaves_the_old_version_and_no_temporary_file() {
    broken_upload(reset, " reset the call: ");
}

#[test]
fn a_stalled_upload_is_hung_up_on_and_leaves_no_temporary_file() {
    let dir = TempDir::new("tcp-framing-files");
    let server = file_server(&dir.join("served"), &["--idle-timeout-ms", "300"]);
    let mut conn = connect(server.addr());
    request(
        &mut conn,
        &json!({"op":"put","name":"slow.txt","size":100,"sha256":sha256(b"x")}),
    );
    conn.write_all(b"only ten b").unwrap();
    // Say nothing more: the server's read timeout ends the call.
    assert!(hung_up(&mut conn));
    let end = server.wait_for("client 127.0.0.1:");
    assert!(
        end.ends_with(" kept us waiting too long; hung up on it"),
        "{end}"
    );
    assert!(names_in(&dir.join("served")).is_empty());
}

#[test]
fn a_get_of_a_missing_file_writes_nothing() {
    let dir = TempDir::new("tcp-framing-files");
    let server = file_server(&dir.join("served"), &[]);
    let out = dir.join("out.txt");
    run(
        &server.addr_arg(),
        &["get", "nope.txt", "--out", out.to_str().unwrap()],
    )
    .code(1)
    .stdout("")
    .stderr(
        "error: the server refused the get of \"nope.txt\": no file \"nope.txt\"\n",
    );
    assert_eq!(dir.names(), ["served"]);
}

/// A fake file server for one get: it replies `ok` with the size and hash
/// of `announced`, then sends `sent` and hangs up.
fn fake_get(
    announced: &'static [u8],
    sent: &'static [u8],
) -> (String, thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let serving = thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        conn.set_read_timeout(Some(WAIT)).unwrap();
        let _ = reply(&mut conn); // the request
        let json =
            json!({"ok":true,"size":announced.len(),"sha256":sha256(announced)});
        let json = json.to_string();
        conn.write_all(&(json.len() as u32).to_be_bytes()).unwrap();
        conn.write_all(json.as_bytes()).unwrap();
        conn.write_all(sent).unwrap();
    });
    (addr, serving)
}

#[test]
fn a_cut_or_wrong_download_leaves_no_file_behind() {
    let dir = TempDir::new("tcp-framing-files");
    let out = dir.join("out.txt");
    let (addr, serving) = fake_get(b"the whole file", b"the wh");
    run(&addr, &["get", "f", "--out", out.to_str().unwrap()])
        .code(1)
        .stderr(predicate::str::starts_with(format!(
            "error: the server at {addr} hung up before it was done\n"
        )));
    serving.join().unwrap();
    let (addr, serving) = fake_get(b"the whole file", b"the whole fiLE");
    run(&addr, &["get", "f", "--out", out.to_str().unwrap()])
        .code(1)
        .stderr(
            predicate::str::contains("not ")
                .and(predicate::str::contains("as announced: nothing written")),
        );
    serving.join().unwrap();
    assert!(dir.names().is_empty(), "{:?}", dir.names());
}

#[cfg(unix)]
#[test]
fn links_and_folders_are_not_served() {
    let dir = TempDir::new("tcp-framing-files");
    let served = dir.join("served");
    std::fs::create_dir_all(served.join("sub")).unwrap();
    std::fs::write(dir.join("secret.txt"), "outside").unwrap();
    std::os::unix::fs::symlink(dir.join("secret.txt"), served.join("link")).unwrap();
    let server = file_server(&served, &[]);
    let mut conn = connect(server.addr());
    for name in ["link", "sub"] {
        request(&mut conn, &json!({"op":"get","name":name}));
        let why = format!("{name:?} is not a plain file");
        assert_eq!(reply(&mut conn), json!({"ok":false,"error":why}));
    }
    request(&mut conn, &json!({"op":"list"}));
    assert_eq!(reply(&mut conn), json!({"ok":true,"files":[]}));
}

#[test]
fn the_client_refuses_bad_names_and_missing_files_itself() {
    let (_held, addr) = common::testing::refusing_tcp_port();
    let addr = addr.to_string();
    run(&addr, &["put", "Cargo.toml", "--as", "a/b"])
        .code(1)
        .stderr("error: cannot put Cargo.toml as \"a/b\": \"a/b\" is a path: give a file name without / or \\\nhint: give it a plain file name with --as NAME\n");
    run(&addr, &["get", ".."])
        .code(1)
        .stderr(predicate::str::starts_with(
            "error: cannot get \"..\": `..` is a folder, not a file name\n",
        ));
    run(&addr, &["put", "no-such-file"]).code(1).stderr(
        predicate::str::starts_with(format!(
            "error: cannot read no-such-file: {}",
            cli::os_words("no such file or directory")
        )),
    );
}

#[test]
fn a_taken_port_is_reported_by_the_file_server() {
    let dir = TempDir::new("tcp-framing-files");
    cli::taken_port(BIN, &["file-server", "--dir", dir.path().to_str().unwrap()]);
}

/// On a terminal the put and the get show a progress bar with the speed (on
/// stderr), and what the client prints after it starts a line of its own.
#[test]
fn on_a_terminal_a_progress_bar_shows_and_ends_its_line() {
    let dir = TempDir::new("tcp-framing-bar");
    let server = file_server(&dir.join("served"), &[]);
    let source = dir.join("bar.bin");
    std::fs::write(&source, pattern(1 << 20)).unwrap();
    let got = dir.join("got.bin");
    let addr = server.addr_arg();
    let (source, got_to) = (source.to_str().unwrap(), got.to_str().unwrap());
    let put = ["put", source, "--addr", &addr];
    let get = ["get", "bar.bin", "--addr", &addr, "--out", got_to];
    let calls = [
        (&put[..], "sending", "stored bar.bin: "),
        (&get[..], "getting", "got bar.bin: "),
    ];
    for (args, bar, then) in calls {
        let Some(terminal) = Terminal::start(BIN, args) else {
            return;
        };
        let (status, screen) = terminal.finish();
        assert!(status.success(), "{screen:?}");
        assert!(screen.contains(bar), "no bar in {screen:?}");
        assert!(screen.contains("1.00 MiB/1.00 MiB"), "{screen:?}");
        assert!(screen.contains("iB/s"), "no speed in {screen:?}");
        let line = screen.lines().find(|l| l.contains(then));
        assert!(
            line.is_some_and(|l| l.trim_start_matches('\r').starts_with(then)),
            "{then:?} does not start a line in {screen:?}"
        );
    }
    assert_eq!(std::fs::read(&got).unwrap(), pattern(1 << 20));
}

/// A listing names 1,000 files at most and says when there were more; both
/// clients say so too.
#[test]
fn a_long_listing_is_cut_at_a_thousand_and_says_so() {
    let dir = TempDir::new("tcp-framing-many");
    let served = dir.join("served");
    std::fs::create_dir_all(&served).unwrap();
    for i in 0..1003 {
        std::fs::write(served.join(format!("f{i:04}.txt")), b"x").unwrap();
    }
    let server = file_server(&served, &[]);
    let mut conn = connect(server.addr());
    request(&mut conn, &json!({"op": "list"}));
    let listing = reply(&mut conn);
    assert_eq!(listing["files"].as_array().unwrap().len(), 1000);
    assert_eq!(listing["files"][999]["name"], "f0999.txt");
    assert_eq!(listing["truncated"], true);
    // The server answers one caller at a time: hang up before the client calls.
    drop(conn);
    let out = run(&server.addr_arg(), &["ls"]).success();
    let out = cli::stdout_text(&out);
    assert_eq!(out.lines().count(), 1001, "{out}");
    assert!(out.ends_with("\n(the first 1000 files only)\n"), "{out}");
    // Lesson 5's Python client prints the same listing, the same note last.
    if let Some(python) = python3() {
        let args = [&server.addr_arg(), "ls"];
        let listed = python.run("tcp_framing_files.py", &args, "").success();
        assert_eq!(cli::stdout_text(&listed), out);
    }
}

/// A put and a get pass the file's bytes through one small buffer, never the
/// whole file: the server's peak memory (`VmHWM`, Linux) grows by far less
/// than the 32 MiB it stores and sends.
#[test]
fn a_large_put_and_get_never_hold_the_whole_file() {
    let dir = TempDir::new("tcp-framing-large");
    let server = file_server(&dir.join("served"), &[]);
    let Some(before) = Usage::of(server.id()) else {
        return; // no /proc: not Linux
    };
    let bytes = pattern(32 << 20);
    put(&server, &dir, "large.bin", &bytes);
    let copy = dir.join("copy.bin");
    let get = ["get", "large.bin", "--out", copy.to_str().unwrap()];
    run(&server.addr_arg(), &get).success();
    server.wait_for(" hung up");
    let after = Usage::of(server.id()).unwrap();
    let grew = after.peak_kib.saturating_sub(before.resident_kib);
    assert!(grew < 8 * 1024, "the server's peak grew by {grew} KiB");
    assert!(std::fs::read(&copy).unwrap() == bytes, "the copy differs");
}
