//! `bench sessions`: K clients at once, each holding one connection and
//! talking for the whole window; how many get answers, how many starve.
//!
//! A server that serves one caller after another (the article's loop) answers
//! the first caller for as long as that caller stays, and the others wait: the
//! kernel has completed their calls (they are queued for `accept`), so they are
//! connected and have spoken, but nobody reads what they said.

use std::fmt;
use std::net::{SocketAddr, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};

use crate::stats::Latency;
use crate::{dial, payload};

/// The message each client repeats.
pub const MESSAGE_SIZE: usize = 16;

/// How one client fared.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    /// The call never went through in the window (the queue was full).
    Unconnected,
    /// Connected and spoke, but no reply came in the window.
    Waiting,
    /// At least one reply: the first after `first`, `replies` in all.
    Served { first: Duration, replies: u64 },
}

/// What `sessions` measured.
#[derive(Debug, Clone)]
pub struct SessionsReport {
    /// The server called.
    pub addr: SocketAddr,
    /// How many clients.
    pub clients: usize,
    /// How long each client held its connection.
    pub window: Duration,
    /// Clients that got at least one reply.
    pub served: usize,
    /// Clients connected that got no reply.
    pub waiting: usize,
    /// Clients whose call did not go through.
    pub unconnected: usize,
    /// Replies received by all clients together.
    pub replies: u64,
    /// When the served clients got their first reply, from the start.
    pub first_reply: Option<Latency>,
}

impl SessionsReport {
    /// Clients that got nothing.
    pub fn starved(&self) -> usize {
        self.waiting + self.unconnected
    }
}

/// Starts `clients` clients at once against `addr`; each calls, then makes
/// round trips until `window` has passed, then hangs up.
///
/// # Errors
/// When the server refuses calls or resets them, or a reply byte is wrong.
/// A client that gets no answer in the window is a result, not an error.
pub fn run(
    addr: SocketAddr,
    clients: usize,
    window: Duration,
) -> Result<SessionsReport> {
    let start = Instant::now();
    let end = start + window;
    let callers: Vec<_> = (0..clients)
        .map(|_| thread::spawn(move || one_client(addr, start, end)))
        .collect();
    let mut outcomes = Vec::with_capacity(clients);
    for caller in callers {
        let outcome = caller
            .join()
            .map_err(|_| anyhow!("a client thread panicked"))?;
        outcomes.push(outcome.with_context(|| format!("sessions with {addr}"))?);
    }
    let mut firsts = Vec::new();
    let mut report = SessionsReport {
        addr,
        clients,
        window,
        served: 0,
        waiting: 0,
        unconnected: 0,
        replies: 0,
        first_reply: None,
    };
    for outcome in outcomes {
        match outcome {
            Outcome::Unconnected => report.unconnected += 1,
            Outcome::Waiting => report.waiting += 1,
            Outcome::Served { first, replies } => {
                report.served += 1;
                report.replies += replies;
                firsts.push(first);
            }
        }
    }
    report.first_reply = Latency::of(&mut firsts);
    Ok(report)
}

/// One client: call, then talk until `end`.
fn one_client(addr: SocketAddr, start: Instant, end: Instant) -> Result<Outcome> {
    let left = end.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Ok(Outcome::Unconnected);
    }
    let mut conn = match TcpStream::connect_timeout(&addr, left) {
        Ok(conn) => conn,
        Err(err) if common::is_timeout(&err) => return Ok(Outcome::Unconnected),
        Err(err) => return Err(dial::call_failed(addr, err)),
    };
    conn.set_nodelay(true)?;
    let message = payload::message(MESSAGE_SIZE, 0);
    let expected = payload::expected(&message);
    let mut buf = [0u8; MESSAGE_SIZE];
    let mut outcome = Outcome::Waiting;
    loop {
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(outcome);
        }
        conn.set_read_timeout(Some(left))?;
        conn.set_write_timeout(Some(left))?;
        match dial::round_trip(&mut conn, &message, &expected, &mut buf) {
            // A reply counts only inside the window: a timeout may fire a
            // little late, and a reply that came meanwhile was not in time.
            Ok(()) if Instant::now() <= end => {}
            Ok(()) => return Ok(outcome),
            Err(err) if dial::timed_out(&err) => return Ok(outcome),
            Err(err) => return Err(err),
        }
        outcome = match outcome {
            Outcome::Served { first, replies } => Outcome::Served {
                first,
                replies: replies + 1,
            },
            _ => Outcome::Served {
                first: start.elapsed(),
                replies: 1,
            },
        };
    }
}

impl fmt::Display for SessionsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "sessions {}: {} clients at once for {:?}: {} served, {} starved \
             ({} connected but never answered, {} never got through)",
            self.addr,
            self.clients,
            self.window,
            self.served,
            self.starved(),
            self.waiting,
            self.unconnected
        )?;
        write!(f, "  {} replies checked", self.replies)?;
        if let Some(first) = &self.first_reply {
            write!(
                f,
                "; first reply after p50 {}, max {}",
                crate::stats::show_secs(first.p50.as_secs_f64()),
                crate::stats::show_secs(first.max.as_secs_f64())
            )?;
        }
        Ok(())
    }
}
