//! Exercise `connect-timeout`: dial, but give up after a limit. Python sets
//! `s.settimeout(0.2)` before `s.connect(addr)`; Rust has a call for it.

use std::io::{self, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use anyhow::Result;
use socket2::{Domain, Socket, Type};

use crate::topics::loopback;
use crate::{Call, Topic, show};

/// The exercise as `sockopt-demo exercise connect-timeout` runs it.
pub const TOPIC: Topic = Topic {
    name: "connect-timeout",
    summary: "dial a listener whose queue is full, giving up after 200 ms",
    calls: &[Call::new(
        "s.settimeout(0.2); s.connect(addr)",
        "TcpStream::connect_timeout(&addr, Duration::from_millis(200))",
    )],
    run,
};

/// How long the dial may take.
pub const LIMIT: Duration = Duration::from_millis(200);

/// Dials `addr` and returns the call, or an error once `limit` has passed
/// without an answer.
///
/// # Errors
/// `TimedOut` after `limit`; any other error of `connect` at once.
pub fn dial(addr: SocketAddr, limit: Duration) -> io::Result<TcpStream> {
    // SOLUTION: begin dial addr, giving up after limit
    // ANCHOR: dial_solution
    TcpStream::connect_timeout(&addr, limit)
    // ANCHOR_END: dial_solution
    // SOLUTION: end
}

/// Dials a listener that cannot take the call, then one that can.
///
/// # Errors
/// When a socket call on loopback fails unexpectedly.
pub fn run(out: &mut dyn Write) -> Result<()> {
    TOPIC.introduce(out)?;
    // ANCHOR: experiment
    // A listener with a backlog of 0: one finished call fills its queue.
    let listener = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    listener.bind(&loopback(0).into())?;
    listener.listen(0)?;
    let addr = show::ip(&listener.local_addr()?)?;
    let _waiting = TcpStream::connect(addr)?;
    // ANCHOR_END: experiment
    #[cfg(target_os = "linux")]
    wait_until_queued(addr, out)?;
    // ANCHOR: attempt
    // The queue is full: Linux ignores the new call's SYN, so the dial
    // hears nothing back and would retry for about two minutes.
    let start = Instant::now();
    let full = show::outcome(&dial(addr, LIMIT).map(|_| ()));
    let waited = start.elapsed();
    writeln!(out, "dial with a full queue: {full}")?;
    writeln!(out, "gave up after: {}", show::millis(waited))?;
    // Pick up the waiting call: there is room again, and the dial works.
    let _picked_up = listener.accept()?;
    let room = show::outcome(&dial(addr, LIMIT).map(|_| ()));
    writeln!(out, "dial with room in the queue: {room}")?;
    // ANCHOR_END: attempt
    Ok(())
}

/// Waits, at most a few seconds, until Linux lists the first call as queued
/// on the listener, so that the next SYN meets a full queue.
#[cfg(target_os = "linux")]
fn wait_until_queued(addr: SocketAddr, out: &mut dyn Write) -> Result<()> {
    let deadline = Instant::now() + crate::topics::PATIENCE;
    loop {
        let entries = crate::linux::tcp_entries(addr)?;
        let queued = entries
            .iter()
            .find(|e| e.state == "LISTEN")
            .map_or(0, |e| e.rx_queue);
        if queued >= 1 || Instant::now() > deadline {
            writeln!(out, "calls waiting in the listener's queue: {queued}")?;
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}
