//! What the lesson's tests share beyond `common::testing`: ports where nobody
//! answers, and a client started with its messages as arguments.

#![allow(dead_code, unreachable_pub, clippy::expect_used)]

use std::net::{SocketAddr, UdpSocket};
use std::process::ExitStatus;

use common::testing::Process;

pub const BIN: &str = env!("CARGO_BIN_EXE_udp-echo");

/// `udp-echo ARGS...` started with its input closed (its messages are in
/// `args`), watched while it runs.
pub fn start_client(args: &[&str]) -> Process {
    let mut client = Process::start(BIN, args);
    client.close_input();
    client
}

/// How a client ended: its status, its whole stdout, its stderr lines.
pub fn ended(client: Process) -> (ExitStatus, Vec<u8>, Vec<String>) {
    let ended = client.finish();
    let err = ended.stderr.lines().map(str::to_string).collect();
    (ended.status, ended.stdout, err)
}

/// A loopback UDP socket bound to a port the system picks, whose address a
/// test gives a client as the "server" that never answers: datagrams sent to
/// it wait in its queue, unread. Held for the whole test, so no other test
/// can take the port.
pub fn silent_port() -> (UdpSocket, SocketAddr) {
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind a silent port");
    let addr = socket.local_addr().expect("its address");
    (socket, addr)
}

/// A loopback port where datagrams from anyone find no socket at all, as if
/// nothing were bound there, yet which no other test can take: a socket is
/// bound to it and connected to its own address, and a connected UDP socket
/// receives only from the address it is connected to. Every other
/// sender's datagram finds no socket, and the kernel answers it with an ICMP
/// "port unreachable" note, exactly as for a free port.
pub fn refusing_port() -> (UdpSocket, SocketAddr) {
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
    let addr = socket.local_addr().expect("its address");
    socket.connect(addr).expect("connect to itself");
    (socket, addr)
}

/// A loopback port that was free a moment ago: bound by the system's
/// choice, then let go. Another process may take it before the test does;
/// the tests that use it start again when their server cannot bind it.
pub fn free_port() -> SocketAddr {
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
    socket.local_addr().expect("its address")
}

/// Binds the port of the sender named in a server line (`... from ADDR ...`)
/// and holds it, so that the next client cannot be given the same port by
/// chance (one chance in some thousands) and look like the same sender.
/// `None` when someone else has the port already, which serves as well.
pub fn hold_senders_port(server_line: &str) -> Option<UdpSocket> {
    let rest = server_line.rsplit_once(" from ")?.1;
    let addr = rest.split(' ').next()?.trim_end_matches(',');
    UdpSocket::bind(addr).ok()
}
