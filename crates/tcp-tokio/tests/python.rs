//! Lesson 8 against Python's asyncio (`python/tcp_tokio_server.py` and
//! `python/tcp_tokio_client.py`), both ways. Skipped, with a note, where
//! `python3` is not installed.

use std::io::Read;

use common::testing::{Server, echo, python3};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-tokio");

#[test]
fn the_asyncio_client_calls_this_server() {
    let Some(python) = python3() else { return };
    let server = echo::python_client_calls(python, "tcp_tokio_client.py", BIN);
    let hello = server.wait_for(" msg: b'hello'");
    // `from client ADDR msg: ...`: the caller's address tells callers apart.
    let peer = hello
        .strip_prefix("from client ")
        .and_then(|rest| rest.strip_suffix(" msg: b'hello'"))
        .unwrap_or_else(|| panic!("{hello}"));
    assert!(peer.parse::<std::net::SocketAddr>().is_ok(), "{hello}");
    assert_eq!(
        server.next_line(),
        format!("from client {peer} msg: b'LHF nb'")
    );
    assert!(server.next_line().ends_with(" hung up"));
}

#[test]
fn this_client_calls_the_asyncio_server() {
    let Some(python) = python3() else { return };
    echo::calls_python_server(python, "tcp_tokio_server.py", BIN);
}

/// `python3 python/tcp_tokio_server.py 127.0.0.1:0 FLAGS...`.
fn asyncio_server(flags: &[&str]) -> Option<Server> {
    let python = python3()?;
    let script = common::testing::python_script("tcp_tokio_server.py");
    let args = [&[script.as_str(), "127.0.0.1:0"][..], flags].concat();
    Some(Server::start_with(python.program(), &args))
}

/// The asyncio counterpart's idle timeout, with the lesson's log line.
#[test]
fn the_asyncio_server_hangs_up_on_a_silent_caller() {
    let Some(server) = asyncio_server(&["--idle-timeout-ms", "300"]) else {
        return;
    };
    let mut silent = std::net::TcpStream::connect(server.addr()).unwrap();
    silent
        .set_read_timeout(Some(common::testing::WAIT))
        .unwrap();
    assert_eq!(silent.read(&mut [0u8; 1]).unwrap(), 0, "hung up on");
    let line = server.wait_for("said nothing for 300 ms; hung up on it");
    assert!(line.starts_with("client 127.0.0.1:"), "{line}");
}

/// Its closing time, with the lesson's log lines: after SIGTERM a new caller
/// is refused, the caller on the line is answered during the grace period
/// and hung up on at its end, and the server exits 0.
#[cfg(unix)]
#[test]
fn the_asyncio_server_has_closing_time() {
    // A grace long enough for a round trip on a loaded machine.
    let Some(server) = asyncio_server(&["--grace-ms", "3000"]) else {
        return;
    };
    let mut caller = echo::Caller::dial(server.addr());
    caller.say(b"hello");
    server.signal("TERM");
    assert_eq!(
        server.wait_for("no new callers"),
        "SIGTERM: no new callers; 1 on the line get 3000 ms to finish"
    );
    let refused = std::net::TcpStream::connect(server.addr()).expect_err("refused");
    assert_eq!(refused.kind(), std::io::ErrorKind::ConnectionRefused);
    caller.say(b"still there?");
    assert_eq!(caller.conn().read(&mut [0u8; 1]).unwrap(), 0, "hung up on");
    let (status, out, _) = server.wait_exit();
    assert!(status.success(), "{status:?}");
    let peer = caller.conn().local_addr().unwrap();
    assert_eq!(
        out[out.len() - 2..],
        [
            format!(
                "client {peer} still on the line at closing time; hung up on it"
            ),
            "closed: 1 caller served, 1 still connected at the end".to_string(),
        ]
    );
}
