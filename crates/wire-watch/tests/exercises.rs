//! The lesson's exercises: each function a learner writes, called directly
//! (no right to capture needed), and each exercise's program run as a learner
//! runs it, where this process may capture.
//! `cargo test -p wire-watch --test exercises names` runs the first's.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

mod support;

use std::net::SocketAddr;

#[cfg(target_os = "linux")]
use assert_cmd::cargo::cargo_bin_cmd;
#[cfg(target_os = "linux")]
use common::testing::WAIT;
use wire_watch::exercises::{names, retransmits, sticky};
use wire_watch::packet::{ACK, FIN, PSH, SYN, Segment};

// --- names: the flags by name --------------------------------------------

#[test]
fn names_of_the_flags_lowest_bit_first() {
    for (byte, want) in [
        (SYN, "SYN"),
        (SYN | ACK, "SYN, ACK"),
        (ACK, "ACK"),
        (PSH | ACK, "PSH, ACK"),
        (FIN | PSH | ACK, "FIN, PSH, ACK"),
        (0x04, "RST"),
        (0xff, "FIN, SYN, RST, PSH, ACK, URG, ECE, CWR"),
        (0, "none"),
    ] {
        assert_eq!(names::flag_names(byte), want, "{byte:#04x}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn names_shows_a_real_call() {
    use std::io::{Read, Write};
    if !support::may_capture() {
        return;
    }
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let port = addr.port().to_string();
    let bin = env!("CARGO_BIN_EXE_wire-watch");
    let capture = common::testing::Process::start(
        bin,
        &["exercise", "names", "--port", &port, "--count", "4"],
    );
    assert!(capture.next_err_line().starts_with("watching lo"));
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    let (mut peer, _) = listener.accept().unwrap();
    conn.write_all(b"LHF nb").unwrap();
    let mut buf = [0u8; 6];
    peer.read_exact(&mut buf).unwrap();
    let ended = capture.finish();
    assert!(ended.status.success());
    let out = ended.stdout_text();
    let flags: Vec<&str> = out
        .lines()
        .map(|l| l.split_once('[').unwrap().1.split_once(']').unwrap().0)
        .collect();
    assert_eq!(flags, ["SYN", "SYN, ACK", "ACK", "PSH, ACK"], "{out}");
}

// --- sticky: which segments one read glued together ------------------------

#[test]
fn sticky_counts_the_segments_of_each_read() {
    assert_eq!(sticky::segments_per_read(&[3, 3, 5], &[11]), [3]);
    assert_eq!(sticky::segments_per_read(&[6, 6], &[4, 8]), [1, 2]);
    assert_eq!(
        sticky::segments_per_read(&[6, 5, 3, 3, 5], &[8, 14]),
        [2, 4]
    );
    assert_eq!(sticky::segments_per_read(&[4], &[1, 1, 2]), [1, 1, 1]);
    assert_eq!(sticky::segments_per_read(&[], &[]), Vec::<usize>::new());
}

/// `wire-watch exercise NAME`'s output, or `None` (skipped) where this
/// process may not capture.
#[cfg(target_os = "linux")]
fn exercise(name: &str) -> Option<String> {
    if !support::may_capture() {
        return None;
    }
    let out = cargo_bin_cmd!("wire-watch")
        .args(["exercise", name])
        .timeout(WAIT)
        .output()
        .unwrap();
    assert!(out.status.success());
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(target_os = "linux")]
#[test]
fn sticky_points_out_the_glued_reads() {
    let Some(out) = exercise("sticky") else {
        return;
    };
    assert!(
        out.contains("server   | read(8) returns b'LHF nbhe'\n"),
        "{out}"
    );
    assert!(out.contains("| read 1: bytes of 2 segments\n"), "{out}");
    assert!(out.contains("| read 2: bytes of 4 segments\n"), "{out}");
}

// --- retransmits: the packets sent again -----------------------------------

fn sent(from: u16, to: u16, seq: u32, flags: u8, len: usize) -> retransmits::Sent {
    let at = |port| SocketAddr::from(([127, 0, 0, 1], port));
    let segment = Segment {
        src_port: from,
        dst_port: to,
        seq,
        ack: 0,
        flags,
        window: 512,
        len,
    };
    (at(from), at(to), segment)
}

#[test]
fn retransmits_are_found_and_acks_are_not() {
    let trace = [
        sent(50001, 9000, 100, SYN, 0),
        sent(50001, 9000, 100, SYN, 0), // the SYN again
        sent(9000, 50001, 700, SYN | ACK, 0),
        sent(50001, 9000, 101, ACK, 0),
        sent(50001, 9000, 101, ACK, 0), // a duplicate ACK: nothing to resend
        sent(50001, 9000, 101, PSH | ACK, 6),
        sent(50002, 9000, 101, PSH | ACK, 6), // another caller
        sent(50001, 9000, 101, PSH | ACK, 6), // the data again
        sent(50001, 9000, 101, PSH | ACK, 3), // other data at that number
    ];
    assert_eq!(retransmits::retransmissions(&trace), [1, 7]);
    assert!(retransmits::retransmissions(&[]).is_empty());
}

#[cfg(target_os = "linux")]
#[test]
fn retransmits_finds_the_dropped_syn() {
    let Some(out) = exercise("retransmits") else {
        return;
    };
    assert!(out.ends_with("| packet 5 ([S]) was sent before\n"), "{out}");
}
