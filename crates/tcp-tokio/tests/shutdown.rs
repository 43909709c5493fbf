//! Closing time, for real: the server gets SIGINT (Ctrl-C) or SIGTERM while
//! callers are on the line. Unix only: signals are sent with `kill`.
#![cfg(unix)]
use std::io::{ErrorKind, Read};
use std::net::TcpStream;

use common::testing::Server;
use common::testing::echo::Caller;

const BIN: &str = env!("CARGO_BIN_EXE_tcp-tokio");

fn server(grace_ms: &str) -> Server {
    Server::start_flags(BIN, &["--grace-ms", grace_ms])
}

/// After the signal: a new caller is refused at once; the caller on the
/// line is still answered during the grace period; when it ends, the server
/// hangs up on that caller, says so, and exits with code 0.
#[test]
fn ctrl_c_refuses_new_callers_answers_the_old_then_hangs_up() {
    let server = server("3000");
    let mut caller = Caller::dial(server.addr());
    caller.say(b"hello");
    let peer = server.wait_for("client : ");
    let peer = peer.strip_prefix("client : ").unwrap().to_string();

    server.signal("INT");
    let closing = server.wait_for("no new callers");
    assert_eq!(
        closing,
        "SIGINT (Ctrl-C): no new callers; 1 on the line get 3000 ms to finish"
    );
    // The listener is closed: a new call is refused.
    let refused = TcpStream::connect(server.addr()).expect_err("refused");
    assert_eq!(refused.kind(), ErrorKind::ConnectionRefused);
    // The caller on the line is still answered.
    caller.say(b"still there?");
    // Then the grace period ends, and the server hangs up on it.
    let mut byte = [0u8; 1];
    assert_eq!(caller.conn().read(&mut byte).expect("the hang-up"), 0);

    let (status, out, _) = server.wait_exit();
    assert!(status.success(), "{status:?}");
    let tail: Vec<&str> = out.iter().map(String::as_str).collect();
    assert_eq!(
        tail,
        [
            &format!("from client {peer} msg: b'still there?'"),
            &format!(
                "client {peer} still on the line at closing time; hung up on it"
            ),
            "closed: 1 caller served, 1 still connected at the end",
        ]
    );
}

/// SIGTERM (what `kill` and service managers send) starts closing time too;
/// when the last caller hangs up during the grace period, the server does
/// not wait for the rest of it.
#[test]
fn sigterm_closes_and_a_caller_who_hangs_up_ends_the_grace_period_early() {
    let server = server("60000");
    let mut caller = Caller::dial(server.addr());
    caller.say(b"hello");
    server.signal("TERM");
    let closing = server.wait_for("no new callers");
    assert_eq!(
        closing,
        "SIGTERM: no new callers; 1 on the line get 60000 ms to finish"
    );
    drop(caller);
    let (status, out, _) = server.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(out[0].ends_with(" hung up"), "{out:?}");
    assert_eq!(
        out[1..],
        ["closed: 1 caller served, 0 still connected at the end"]
    );
}

/// A caller who never reads, its answers stuck in full buffers (the server
/// waits in `write_all`), is hung up on at the end of the grace period too.
#[test]
fn a_caller_who_does_not_read_does_not_hold_up_closing_time() {
    let server = server("300");
    let mut flood = Caller::dial(server.addr());
    flood.say(b"hello");
    let chunk = vec![b'f'; 1 << 20];
    flood
        .conn()
        .set_write_timeout(Some(std::time::Duration::from_millis(500)))
        .unwrap();
    // Say until our own writes stall: the server is stuck writing to us.
    while std::io::Write::write(flood.conn(), &chunk).is_ok() {}
    server.signal("INT");
    let (status, out, _) = server.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(
        out.iter().any(
            |l| l.ends_with(" still on the line at closing time; hung up on it")
        ),
        "{out:?}"
    );
    assert_eq!(
        out.last().unwrap(),
        "closed: 1 caller served, 1 still connected at the end"
    );
}
