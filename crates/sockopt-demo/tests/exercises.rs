//! The exercises: the functions a student writes, called directly, and the
//! experiments that use them, run as `sockopt-demo exercise NAME`. Each
//! test's name starts with its exercise's (`cargo test -p sockopt-demo --test
//! exercises rcvbuf`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::WAIT;
use socket2::{Domain, Socket, Type};
use sockopt_demo::exercises::{connect_timeout, largest_write, rcvbuf};

/// What `sockopt-demo exercise NAME` prints; it must succeed.
fn run_exercise(name: &str) -> String {
    let out = cargo_bin_cmd!("sockopt-demo")
        .args(["exercise", name])
        .timeout(WAIT)
        .output()
        .unwrap();
    assert!(out.status.success(), "{name}: {:?}", out.status);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A call over loopback whose ends give up after [`WAIT`].
fn call() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let caller = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (conn, _) = listener.accept().unwrap();
    for end in [&caller, &conn] {
        end.set_read_timeout(Some(WAIT)).unwrap();
        end.set_write_timeout(Some(WAIT)).unwrap();
    }
    (caller, conn)
}

#[test]
fn largest_write_fill_writes_until_the_kernel_takes_nothing_more() {
    let (mut caller, mut conn) = call();
    caller.set_nonblocking(true).unwrap();
    let taken = largest_write::fill(&mut caller, &[b'x'; 4096]).expect("fill");
    assert!(taken > 0, "the kernel takes something before it is full");
    // Full: the very next write takes nothing.
    let next = caller.write(b"x").unwrap_err();
    assert_eq!(next.kind(), io::ErrorKind::WouldBlock);
    // And what it took was not lost: the peer reads exactly that much.
    drop(caller);
    let mut received = Vec::new();
    conn.read_to_end(&mut received).unwrap();
    assert_eq!(received.len(), taken);
}

#[test]
fn largest_write_fill_passes_on_errors_other_than_would_block() {
    let (mut caller, conn) = call();
    caller.shutdown(std::net::Shutdown::Write).unwrap();
    let err = largest_write::fill(&mut caller, b"x").unwrap_err();
    // Unix says "broken pipe"; Windows WSAESHUTDOWN, which has no kind of its own.
    assert_ne!(err.kind(), io::ErrorKind::WouldBlock);
    if cfg!(unix) {
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);
    }
    drop(conn);
}

#[test]
fn largest_write_experiment_counts_what_was_taken() {
    let text = run_exercise("largest-write");
    let value = |key: &str| -> String {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{key}: ")))
            .unwrap_or_else(|| panic!("no {key} in\n{text}"))
            .to_string()
    };
    let taken: u64 = value("bytes taken before WouldBlock").parse().unwrap();
    assert!(taken > 0);
    assert!(value("next write").starts_with("Err(WouldBlock"));
    assert_eq!(value("peer received"), format!("{taken} bytes"));
}

/// A port where nobody listens, held so no other test takes it.
fn refusing() -> (Socket, SocketAddr) {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    socket
        .bind(&SocketAddr::from(([127, 0, 0, 1], 0)).into())
        .unwrap();
    let addr = socket.local_addr().unwrap().as_socket().unwrap();
    (socket, addr)
}

#[test]
fn connect_timeout_dial_first_skips_a_refusal_and_reaches_a_listener() {
    let (_held, refused) = refusing();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let conn = connect_timeout::dial_first(&[refused, addr], WAIT)
        .expect("the second address answers");
    assert_eq!(conn.peer_addr().unwrap(), addr);
}

#[test]
fn connect_timeout_dial_first_gives_the_last_error() {
    let (_held, refused) = refusing();
    let err = connect_timeout::dial_first(&[refused], WAIT).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::ConnectionRefused);
    let err = connect_timeout::dial_first(&[], WAIT).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
}

#[cfg(target_os = "linux")]
#[test]
fn connect_timeout_gives_each_address_its_limit() {
    let text = run_exercise("connect-timeout");
    assert!(
        text.contains("calls waiting in the listener's queue: 1\n"),
        "{text}"
    );
    assert!(
        text.contains("full queue, refusing, room: Ok(the listener with room)\n"),
        "{text}"
    );
    let took: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix("took: "))
        .and_then(|t| t.strip_suffix(" ms"))
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("no time in\n{text}"));
    assert!(
        took >= connect_timeout::LIMIT.as_secs_f64() * 1000.0,
        "{took}"
    );
    assert!(
        text.contains("refusing, full queue: Err(TimedOut"),
        "{text}"
    );
    assert!(
        text.contains("full queue, refusing: Err(ConnectionRefused"),
        "{text}"
    );
}

#[test]
fn rcvbuf_a_larger_buffer_takes_in_more() {
    let small = rcvbuf::measure(rcvbuf::SIZES[0]).expect("measure");
    let large = rcvbuf::measure(rcvbuf::SIZES[3]).expect("measure");
    // The system may round or double what was asked, never give less.
    assert!(small.granted >= rcvbuf::SIZES[0], "{small:?}");
    assert!(large.granted > small.granted, "{small:?} {large:?}");
    assert!(small.taken > 0, "{small:?}");
    assert!(large.taken > small.taken, "{small:?} {large:?}");
}

#[test]
fn rcvbuf_experiment_measures_every_size() {
    let text = run_exercise("rcvbuf");
    for size in rcvbuf::SIZES {
        assert!(
            text.contains(&format!("SO_RCVBUF asked {size}: granted ")),
            "{text}"
        );
    }
}
