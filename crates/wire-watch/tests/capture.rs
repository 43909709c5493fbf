//! Real captures of real sockets: `wire-watch capture` watching a call made
//! in this process, the same call seen by tcpdump and by the Python capture,
//! and 10,000 round trips captured without a loss. Each capture watches only
//! its own call's port (other tests talk on lo at the same time). Skipped,
//! with a note, where this process may not capture (except on CI).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking
#![cfg(target_os = "linux")]

mod support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::thread;

use common::testing::{Ended, Process, WAIT, python_script, python3};
use support::may_capture;

const BIN: &str = env!("CARGO_BIN_EXE_wire-watch");

/// A listener on a port the system picks, and `wire-watch capture --port`
/// of that port (with `more` flags), ready. `None` where this process may
/// not capture (the test is skipped, with a note).
fn watched_port(more: &[&str]) -> Option<(TcpListener, SocketAddr, Process)> {
    if !may_capture() {
        return None;
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let port = addr.port().to_string();
    let mut args = vec!["capture", "--port", &port];
    args.extend(more);
    let capture = start(BIN, &args, "watching lo");
    Some((listener, addr, capture))
}

/// Starts a capture program and waits for its line on stderr that says it
/// is ready (`watching lo` for ours, `listening on lo` for tcpdump).
fn start(program: &str, args: &[&str], ready: &str) -> Process {
    let capture = Process::start(program, args);
    loop {
        let line = capture.next_err_line();
        if line.contains(ready) {
            return capture;
        }
    }
}

/// Lesson 1's call at full speed: the server answers one message upper-cased
/// and hangs up first, then the client. Returns the client's address.
fn lesson_one_call(listener: TcpListener, addr: SocketAddr) -> SocketAddr {
    let server = thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let mut buf = [0u8; 1024];
        let n = conn.read(&mut buf).unwrap();
        conn.write_all(&common::upper(&buf[..n])).unwrap();
    });
    let mut conn = TcpStream::connect(addr).unwrap();
    conn.set_read_timeout(Some(WAIT)).unwrap();
    conn.write_all(b"LHF nb").unwrap();
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer).unwrap();
    assert_eq!(answer, b"LHF NB");
    let client = conn.local_addr().unwrap();
    drop(conn);
    server.join().unwrap();
    client
}

/// The capture's lines up to the first that contains `last` (each wait
/// bounded by the harness), then Ctrl-C: all it printed, and how it ended.
fn until_then_stop(capture: Process, last: &str) -> (String, Ended) {
    let mut out = String::new();
    loop {
        let line = capture.next_line();
        out += &line;
        out.push('\n');
        if line.contains(last) {
            break;
        }
    }
    capture.signal("INT");
    let ended = capture.finish();
    assert!(ended.status.success(), "{}", ended.stderr);
    out += &ended.stdout_text();
    (out, ended)
}

/// The flags (or `UDP`, `ICMP`) and length of each line: what tcpdump and
/// this capture must agree on.
fn flags_and_lengths(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let length = line.rsplit_once("length ")?.1.trim();
            let kind = match line.split_once('[') {
                Some((_, rest)) => rest.split_once(']')?.0,
                None if line.contains("UDP") => "UDP",
                None => "ICMP",
            };
            Some(format!("{kind} {length}"))
        })
        .collect()
}

#[test]
fn a_call_is_shown_packet_by_packet_each_once() {
    let Some((listener, addr, capture)) = watched_port(&[]) else {
        return;
    };
    let client = lesson_one_call(listener, addr);
    // The call's last packet: the server's ACK of the client's FIN.
    let last = format!("{addr} > {client}: [.] ack 8,");
    let (out, ended) = until_then_stop(capture, &last);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].ends_with(&format!(
            "{client} > {addr}: [S] seq 0, win 65495, length 0"
        )),
        "{out}"
    );
    assert!(
        lines[1].contains(&format!("{addr} > {client}: [S.] seq 0, ack 1, win ")),
        "{out}"
    );
    assert!(
        lines[3].contains(&format!("{client} > {addr}: [P.] seq 1:7, ack 1, win ")),
        "{out}"
    );
    // Each packet once: no line twice (times aside), and 10 or 11 in all
    // (the client's ACK of the server's FIN may ride on its own FIN).
    assert!((10..=11).contains(&lines.len()), "{out}");
    let err: Vec<&str> = ended.stderr.lines().collect();
    assert_eq!(err.len(), 1, "{}", ended.stderr);
    assert!(err[0].starts_with(&format!(
        "{} packets shown, 0 dropped by the kernel (",
        lines.len()
    )));
}

#[test]
fn tcpdump_and_the_python_capture_see_the_same_packets() {
    let tcpdump = std::process::Command::new("tcpdump")
        .arg("--version")
        .output();
    if tcpdump.is_err() {
        assert!(std::env::var_os("CI").is_none(), "tcpdump is missing on CI");
        eprintln!("skipped: tcpdump is not installed (apt-get install tcpdump)");
        return;
    }
    let Some((listener, addr, ours)) = watched_port(&[]) else {
        return;
    };
    let port = addr.port().to_string();
    // ICMP has no ports: its error about a datagram to our port quotes the
    // datagram, whose UDP destination port stands 30 bytes into the ICMP.
    let filter = format!("port {port} or (icmp and icmp[30:2] == {port})");
    let theirs = start(
        "tcpdump",
        &["-nn", "-i", "lo", "-Q", "in", "-l", &filter],
        "listening on lo",
    );
    let python = python3().map(|python| {
        let script = python_script("wire_watch.py");
        start(python.program(), &[&script, "--port", &port], "watching lo")
    });
    let client = lesson_one_call(listener, addr);
    // And a datagram to the same port number, where no UDP socket is.
    UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .send_to(b"LHF nb", addr)
        .unwrap();
    let _ = client;
    let (ours, _) = until_then_stop(ours, "ICMP port unreachable");
    let (theirs, _) = until_then_stop(theirs, "ICMP");
    assert_eq!(
        flags_and_lengths(&ours),
        flags_and_lengths(&theirs),
        "\n{ours}\n{theirs}"
    );
    assert_eq!(flags_and_lengths(&ours).len(), ours.lines().count());
    if let Some(python) = python {
        // By now the kernel has queued every packet for the Python capture
        // too; on Ctrl-C it reads what is queued, then says what it lost.
        python.signal("INT");
        let ended = python.finish();
        assert!(ended.status.success(), "{}", ended.stderr);
        if !ended.stderr.contains(" 0 dropped by the kernel")
            || ended.stderr.contains("still queued")
        {
            // Python has no port filter in the kernel: every packet of the
            // machine's other tests on lo is queued for it, and a busy
            // machine can overflow its queue, or leave more in it than
            // Python reads before it gives up. A loss, not a wrong line.
            eprintln!("skipped the Python comparison: {}", ended.stderr.trim());
            return;
        }
        let python = ended.stdout_text();
        // The same lines, but for the times.
        let untimed = |text: &str| -> Vec<String> {
            text.lines()
                .map(|l| l.split_once(' ').unwrap().1.to_string())
                .collect()
        };
        assert_eq!(untimed(&ours), untimed(&python));
    }
}

#[test]
fn ten_thousand_round_trips_lose_no_packet() {
    const ROUND_TRIPS: usize = 10_000;
    let Some((listener, addr, capture)) = watched_port(&[]) else {
        return;
    };
    // An echo server: 16 bytes back for 16 bytes, until the caller hangs up.
    let server = thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        conn.set_nodelay(true).unwrap();
        let mut buf = [0u8; 16];
        while conn.read_exact(&mut buf).is_ok() {
            conn.write_all(&buf).unwrap();
        }
    });
    let mut conn = TcpStream::connect(addr).unwrap();
    conn.set_nodelay(true).unwrap();
    conn.set_read_timeout(Some(WAIT)).unwrap();
    let mut buf = [0u8; 16];
    for _ in 0..ROUND_TRIPS {
        conn.write_all(b"0123456789abcdef").unwrap();
        conn.read_exact(&mut buf).unwrap();
    }
    let client = conn.local_addr().unwrap();
    drop(conn);
    server.join().unwrap();
    // The client hung up first; the last packet is its ACK of the server's FIN.
    let last = 16 * ROUND_TRIPS + 2;
    let last = format!("{client} > {addr}: [.] ack {last},");
    let (out, ended) = until_then_stop(capture, &last);
    let data = out.lines().filter(|l| l.ends_with("length 16")).count();
    assert_eq!(data, 2 * ROUND_TRIPS);
    assert!(
        ended
            .stderr
            .contains(" packets shown, 0 dropped by the kernel ("),
        "{}",
        ended.stderr
    );
}

#[test]
fn count_and_for_ms_end_a_capture_by_themselves() {
    let Some(diagram) = diagram_of("3", |listener, addr| {
        lesson_one_call(listener, addr);
    }) else {
        return;
    };
    assert_eq!(diagram.matches("->>").count(), 3, "{diagram}");
    assert!(
        diagram.contains(": [S] seq 0, win 65495, length 0\n"),
        "{diagram}"
    );
    // Nothing on a port nobody uses: --for-ms ends it, 0 packets shown.
    let quiet = start(
        BIN,
        &["capture", "--port", "1", "--for-ms", "100"],
        "watching lo",
    );
    let ended = quiet.finish();
    assert!(ended.status.success());
    assert_eq!(ended.stdout_text(), "");
    assert!(
        ended.stderr.starts_with("0 packets shown, 0 dropped"),
        "{}",
        ended.stderr
    );
}

/// In a diagram, ICMP's "port unreachable" (which has no ports) goes back to
/// the lifeline of the socket whose datagram found no one.
#[test]
fn a_diagram_draws_port_unreachable_back_to_the_sender() {
    // A UDP port nobody uses: the TCP listener's number, where no UDP
    // socket is (as in the comparison with tcpdump above).
    let mut ends = None;
    let Some(diagram) = diagram_of("2", |_listener, addr| {
        let sender = UdpSocket::bind("127.0.0.1:0").unwrap();
        sender.send_to(b"LHF nb", addr).unwrap();
        ends = Some((sender.local_addr().unwrap(), addr));
    }) else {
        return;
    };
    let (sender, addr) = ends.unwrap();
    // The lifeline of each end: `participant p1 as 127.0.0.1:PORT`.
    let id = |end: SocketAddr| {
        let label = end.to_string();
        let line = diagram
            .lines()
            .find(|l| l.ends_with(&format!(" as {label}")));
        line.and_then(|l| l.split_whitespace().nth(1))
            .unwrap()
            .to_string()
    };
    let (me, there) = (id(sender), id(addr));
    assert!(
        diagram.contains(&format!("{me}->>{there}: UDP, length 6\n")),
        "{diagram}"
    );
    assert!(
        diagram.contains(&format!(
            "{there}->>{me}: ICMP port unreachable for udp {addr}"
        )),
        "{diagram}"
    );
}

/// `capture --port P --count COUNT --mermaid` on a port of its own, around
/// `traffic` (handed the port's listener and address): the diagram it drew.
/// `None` where this machine cannot capture.
fn diagram_of(
    count: &str,
    traffic: impl FnOnce(TcpListener, SocketAddr),
) -> Option<String> {
    let (listener, addr, capture) = watched_port(&["--count", count, "--mermaid"])?;
    traffic(listener, addr);
    let ended = capture.finish();
    assert!(ended.status.success(), "{}", ended.stderr);
    let diagram = ended.stdout_text();
    assert!(diagram.starts_with("sequenceDiagram\n"), "{diagram}");
    Some(diagram)
}
