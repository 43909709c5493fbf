//! `bench hold`: N callers on the line at once, each having said one message
//! and then silent; what they cost the server (its resident memory and
//! threads, before and after), and how long a new caller's whole call takes
//! while they are held.
//!
//! A thread-per-caller server pays a thread (its stack's touched pages) for
//! each; an event loop only the caller's socket and a few bytes of state.

use std::fmt;
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::stats::Latency;
use crate::{dial, payload};
use common::procfs::{self, Usage};

/// The message each caller says once, and each new caller's.
pub const MESSAGE_SIZE: usize = 16;

/// What `hold` measured.
#[derive(Debug, Clone)]
pub struct HoldReport {
    /// The server called.
    pub addr: SocketAddr,
    /// Callers held.
    pub callers: usize,
    /// The server before the first caller, and with all of them held
    /// (`None` where its pid or `/proc` is not there; `why` says why).
    pub before: Option<Usage>,
    /// See `before`.
    pub held: Option<Usage>,
    /// Why the server's memory was not measured.
    pub why: Option<String>,
    /// New callers' whole calls (dial, one round trip, hang up) while the
    /// others were held.
    pub new_calls: Latency,
    /// How long dialing and greeting all the held callers took.
    pub dialed_in: Duration,
}

impl HoldReport {
    /// The server's resident memory per held caller, in KiB.
    pub fn kib_per_caller(&self) -> Option<f64> {
        let (before, held) = (self.before?, self.held?);
        Some(
            held.resident_kib.saturating_sub(before.resident_kib) as f64
                / self.callers.max(1) as f64,
        )
    }
}

/// Dials `callers` callers at `addr`, one after another, each saying one
/// message and checking the answer; then, with all of them still on the
/// line, makes `probes` new calls and times each; then hangs up on all.
/// `pid` is the server's (found by its port when `None`).
///
/// # Errors
/// When a caller cannot get through or is not answered within `timeout`:
/// a server that serves one caller at a time cannot hold callers at all.
pub fn run(
    addr: SocketAddr,
    callers: usize,
    probes: usize,
    pid: Option<u32>,
    timeout: Duration,
) -> Result<HoldReport> {
    // Each caller is a file descriptor here too.
    let _ = common::limits::raise_open_files();
    let pid = procfs::server_pid(pid, addr);
    let before = pid.as_ref().ok().and_then(|&p| Usage::of(p));
    let message = payload::message(MESSAGE_SIZE, 0);
    let expected = payload::expected(&message);
    let mut buf = [0u8; MESSAGE_SIZE];
    let started = Instant::now();
    let mut held: Vec<TcpStream> = Vec::with_capacity(callers);
    for i in 0..callers {
        let mut conn = dial::tcp(addr, timeout).with_context(|| {
            format!(
                "caller {} of {callers} (the others are still on the line)",
                i + 1
            )
        })?;
        dial::round_trip(&mut conn, &message, &expected, &mut buf).with_context(|| {
            format!(
                "caller {} of {callers} was not answered while {i} others were held",
                i + 1
            )
        })?;
        held.push(conn);
    }
    let dialed_in = started.elapsed();
    let usage_held = pid.as_ref().ok().and_then(|&p| Usage::of(p));
    let mut samples = Vec::with_capacity(probes);
    for i in 0..probes.max(1) {
        let begun = Instant::now();
        let mut conn = dial::tcp(addr, timeout).with_context(|| {
            format!("new caller {} while {callers} were held", i + 1)
        })?;
        dial::round_trip(&mut conn, &message, &expected, &mut buf)?;
        drop(conn);
        samples.push(begun.elapsed());
    }
    drop(held);
    Ok(HoldReport {
        addr,
        callers,
        before,
        held: usage_held,
        why: pid.err(),
        new_calls: Latency::of(&mut samples).context("no new call was made")?,
        dialed_in,
    })
}

impl fmt::Display for HoldReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "hold {}: {} callers on the line at once, each answered once, dialed in {}",
            self.addr,
            self.callers,
            crate::stats::show_secs(self.dialed_in.as_secs_f64())
        )?;
        match (self.before, self.held, self.kib_per_caller()) {
            (Some(before), Some(held), Some(per)) => writeln!(
                f,
                "  server memory: {} KiB resident before, {} KiB with them held: \
                 {per:.1} KiB per caller; threads {} -> {}",
                before.resident_kib, held.resident_kib, before.threads, held.threads
            )?,
            _ => writeln!(
                f,
                "  server memory: not measured ({})",
                self.why.as_deref().unwrap_or("no /proc reading")
            )?,
        }
        write!(
            f,
            "  a new caller's whole call meanwhile: {}",
            self.new_calls
        )
    }
}
