//! What the lesson's tests share beyond `common::testing`: a client process
//! watched while it runs, and ports where nobody answers.

#![allow(dead_code, unreachable_pub)]

use std::io::{BufRead, BufReader, Read};
use std::net::{SocketAddr, UdpSocket};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Instant;

use common::testing::WAIT;

pub const BIN: &str = env!("CARGO_BIN_EXE_udp-echo");

/// A client process whose stderr is read line by line while it runs, so a
/// test can act on what it has said so far (`sent 6 bytes ...`). Killed
/// when dropped, whether the test passes or fails.
pub struct Running {
    child: Child,
    stdout: Receiver<Vec<u8>>,
    stderr: Receiver<String>,
}

impl Running {
    pub fn start(args: &[&str]) -> Running {
        let mut child = Command::new(BIN)
            .args(args)
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start udp-echo");
        let mut out = child.stdout.take().expect("piped stdout");
        let err = BufReader::new(child.stderr.take().expect("piped stderr"));
        let (out_tx, stdout) = mpsc::channel();
        thread::spawn(move || {
            let mut all = Vec::new();
            let _ = out.read_to_end(&mut all);
            let _ = out_tx.send(all);
        });
        let (err_tx, stderr) = mpsc::channel();
        thread::spawn(move || {
            for line in err.lines().map_while(Result::ok) {
                if err_tx.send(line).is_err() {
                    break;
                }
            }
        });
        Running {
            child,
            stdout,
            stderr,
        }
    }

    /// The process id, to send it a signal.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// The next stderr line, waiting at most `WAIT`.
    pub fn next_err_line(&self) -> String {
        self.stderr
            .recv_timeout(WAIT)
            .unwrap_or_else(|e| panic!("no stderr line from the client: {e}"))
    }

    /// Waits, at most `WAIT`, for the process to end; returns its status,
    /// its whole stdout and the stderr lines not yet read.
    pub fn finish(mut self) -> (ExitStatus, Vec<u8>, Vec<String>) {
        let deadline = Instant::now() + WAIT;
        // Stdout ends when the process closes it, that is when it exits.
        let out = self
            .stdout
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("the client did not exit within {WAIT:?}"));
        let mut err = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stderr.recv_timeout(left) {
                Ok(line) => err.push(line),
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => panic!("stderr still open"),
            }
        }
        (self.child.wait().expect("wait for the client"), out, err)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
