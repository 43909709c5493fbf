//! `bench sessions`: K clients at once, each holding one connection and
//! talking for the whole window; how many get answers, how many starve.
//!
//! A server that serves one caller after another (the article's loop) answers
//! the first caller for as long as that caller stays, and the others wait: the
//! kernel has completed their calls (they are queued for `accept`), so they are
//! connected and have spoken, but nobody reads what they said.

use std::net::SocketAddr;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};

use super::Report;
use crate::cli::{DEFAULT_TCP_ADDR, count, loopback, parse_millis};
use crate::stats::{Latency, show_secs};
use crate::{dial, payload};

/// The message each client repeats.
pub const MESSAGE_SIZE: usize = 16;

/// How one client fared.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fared {
    /// The call never went through in the window (the queue was full).
    Unconnected,
    /// Connected and spoke, but no reply came in the window.
    Waiting,
    /// At least one reply: the first after `first`, `replies` in all.
    Served { first: Duration, replies: u64 },
}

#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Args {
    /// Where the server answers: IP:PORT on loopback.
    #[arg(long, default_value = DEFAULT_TCP_ADDR, value_parser = loopback)]
    pub addr: SocketAddr,
    /// How many clients at once.
    #[arg(long, default_value_t = 8, value_parser = count(1000))]
    pub clients: usize,
    /// How long each client holds its connection and talks, in milliseconds.
    #[arg(long = "window-ms", value_name = "WINDOW_MS", default_value = "1000", value_parser = parse_millis)]
    pub window: Duration,
}

/// Starts `clients` clients at once against `addr`; each calls, then makes
/// round trips until `window` has passed, then hangs up. A client that gets
/// no answer in the window is a result; a refused or reset call, or a wrong
/// reply byte, is an error.
pub fn run(a: &Args) -> Result<Report> {
    let (addr, clients, window) = (a.addr, a.clients, a.window);
    let start = Instant::now();
    let callers: Vec<_> = (0..clients)
        .map(|_| thread::spawn(move || one_client(addr, start, start + window)))
        .collect();
    let (mut waiting, mut unconnected, mut replies) = (0, 0, 0);
    let mut firsts = Vec::new();
    for caller in callers {
        let fared = caller
            .join()
            .map_err(|_| anyhow!("a client thread panicked"))?
            .with_context(|| format!("sessions with {addr}"))?;
        match fared {
            Fared::Unconnected => unconnected += 1,
            Fared::Waiting => waiting += 1,
            Fared::Served { first, replies: n } => {
                replies += n;
                firsts.push(first);
            }
        }
    }
    let served = firsts.len();
    let report = Report::new(format!(
        "sessions {addr}: {clients} clients at once for {window:?}: {served} served, {} \
         starved ({waiting} connected but never answered, {unconnected} never got \
         through)",
        waiting + unconnected
    ));
    let first = Latency::of(&mut firsts).map_or(String::new(), |first| {
        format!(
            "; first reply after p50 {}, max {}",
            show_secs(first.p50.as_secs_f64()),
            show_secs(first.max.as_secs_f64())
        )
    });
    Ok(report
        .line(format!("{replies} replies checked{first}"))
        .number("served", served as f64)
        .number("round trips/s", replies as f64 / window.as_secs_f64()))
}

/// One client: call, then talk until `end`.
fn one_client(addr: SocketAddr, start: Instant, end: Instant) -> Result<Fared> {
    let left = end.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Ok(Fared::Unconnected);
    }
    let mut conn = match dial::tcp(addr, left) {
        Ok(conn) => conn,
        Err(err) if dial::timed_out(&err) => return Ok(Fared::Unconnected),
        Err(err) => return Err(err),
    };
    let message = payload::message(MESSAGE_SIZE, 0);
    let expected = payload::expected(&message);
    let mut buf = [0u8; MESSAGE_SIZE];
    // When the first reply came, and how many came.
    let mut served: Option<(Duration, u64)> = None;
    loop {
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        conn.set_read_timeout(Some(left))?;
        conn.set_write_timeout(Some(left))?;
        match dial::round_trip(&mut conn, &message, &expected, &mut buf) {
            // A reply counts only inside the window: a timeout may fire a
            // little late, and a reply that came meanwhile was not in time.
            Ok(()) if Instant::now() <= end => {}
            Ok(()) => break,
            Err(err) if dial::timed_out(&err) => break,
            Err(err) => return Err(err),
        }
        let (first, replies) = served.unwrap_or((start.elapsed(), 0));
        served = Some((first, replies + 1));
    }
    Ok(match served {
        Some((first, replies)) => Fared::Served { first, replies },
        None => Fared::Waiting,
    })
}
