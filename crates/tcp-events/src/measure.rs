//! `tcp-events measure`: serve for a few seconds with one of the two loops,
//! then say how often it went round and how much CPU time it used. Call it
//! meanwhile (or not): the difference is in the waiting.

use std::io::Write;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::Result;
use mio::Events;

use crate::busy;
use crate::server::Server;

/// Which loop to measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Which {
    /// Ask every non-blocking socket again and again (the busy loop).
    BusyWait,
    /// Sleep in `poll` until a socket is ready (the lesson's server).
    Readiness,
}

/// Serves at `addr` with the `which` loop for `seconds`, then prints what it
/// cost.
///
/// # Errors
/// When the address cannot be taken or `out` is closed.
pub fn run(
    which: Which,
    addr: SocketAddr,
    seconds: Duration,
    out: &mut dyn Write,
) -> Result<()> {
    let cpu_before = common::limits::cpu_time();
    let started = Instant::now();
    let until = started + seconds;
    let turns = match which {
        Which::BusyWait => busy::serve(addr, until, out)?.all,
        Which::Readiness => {
            let mut server = Server::stand_by(addr, out)?;
            let mut events = Events::with_capacity(1024);
            loop {
                let left = until.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break server.turns;
                }
                server.turn(&mut events, Some(left), out)?;
            }
        }
    };
    let wall = started.elapsed().as_secs_f64();
    let cpu = match (common::limits::cpu_time(), cpu_before) {
        (Some(after), Some(before)) => {
            let cpu = after.saturating_sub(before).as_secs_f64();
            let share = 100.0 * cpu / wall;
            format!("{cpu:.2} s of CPU ({share:.0}% of one core)")
        }
        _ => "CPU time cannot be read on this system".to_string(),
    };
    let times = if turns == 1 { "time" } else { "times" };
    writeln!(
        out,
        "in {wall:.1} s the loop went round {turns} {times} and used {cpu}"
    )?;
    Ok(())
}
