//! `bench hold`: N callers on the line at once, each having said one message
//! and then silent; what they cost the server (its resident memory and
//! threads, before and after), and how long a new caller's whole call takes
//! while they are held.
//!
//! A thread-per-caller server pays a thread (its stack's touched pages) for
//! each; an event loop only the caller's socket and a few bytes of state.

use std::net::TcpStream;
use std::time::{Duration, Instant};

use anyhow::Result;
use common::Hinted;

use super::{Limits, Report, Watch, sample};
use crate::cli::{Server, count};
use crate::stats::show_secs;
use crate::{dial, payload};

/// The message each caller says once, and each new caller's.
pub const MESSAGE_SIZE: usize = 16;

#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub server: Server,
    /// How many callers to hold.
    #[arg(long, default_value_t = 1000, value_parser = count(100_000))]
    pub callers: usize,
    /// New calls to time while they are held.
    #[arg(long, default_value_t = 200, value_parser = count(100_000))]
    pub probes: usize,
}

/// Dials `callers` callers at `addr`, one after another, each saying one
/// message and checking the answer; then, with all of them still on the
/// line, makes `probes` new calls and times each; then hangs up on all.
/// Fails when a caller cannot get through or is not answered within
/// `timeout`: a server that serves one caller at a time cannot hold callers.
pub fn run(a: &Args) -> Result<Report> {
    let (Server { addr, pid, timeout }, callers) = (a.server, a.callers);
    // Each caller is a file descriptor here too.
    let _ = common::limits::raise_open_files();
    let server = Watch::new(pid, addr);
    let before = server.look();
    let message = payload::message(MESSAGE_SIZE, 0);
    let expected = payload::expected(&message);
    let mut buf = [0u8; MESSAGE_SIZE];
    let mut call = || -> Result<TcpStream> {
        let mut conn = dial::tcp(addr, timeout)?;
        dial::round_trip(&mut conn, &message, &expected, &mut buf)?;
        Ok(conn)
    };
    let started = Instant::now();
    let mut held: Vec<TcpStream> = Vec::with_capacity(callers);
    for i in 0..callers {
        let what = || {
            let n = i + 1;
            format!(
                "caller {n} of {callers} was not answered while {i} others were held"
            )
        };
        let answered = call().map_err(|err| match i {
            0 => err.context(what()),
            _ => err.context(Hinted::new(
                what(),
                "a server that serves one caller at a time (lessons 1 to 5, the \
                 article's loop) cannot answer a second caller while the first is \
                 on the line: hold measures servers of many callers (lessons 6 to 8)",
            )),
        });
        held.push(answered?);
    }
    let dialed_in = show_secs(started.elapsed().as_secs_f64());
    let with_them = server.look();
    let limits = Limits {
        count: a.probes.max(1),
        time: Duration::from_secs(3600),
        timeout,
    };
    let name = |n| format!("new caller {n} while {callers} were held");
    let (latency, _) = sample(&limits, 0, name, || call().map(drop))?;
    drop(held);
    let report = Report::new(format!(
        "hold {addr}: {callers} callers on the line at once, each answered once, \
         dialed in {dialed_in}"
    ));
    let report = match (before, with_them) {
        (Some(before), Some(held)) => {
            let grown = held.resident_kib.saturating_sub(before.resident_kib);
            let per = grown as f64 / callers.max(1) as f64;
            report
                .line(format!(
                    "server memory: {} KiB resident before, {} KiB with them held: \
                     {per:.1} KiB per caller; threads {} -> {}",
                    before.resident_kib,
                    held.resident_kib,
                    before.threads,
                    held.threads
                ))
                .number("KiB per caller", per)
                .number("threads", held.threads as f64)
        }
        _ => report.unmeasured("server memory", &server),
    };
    Ok(report.latency("a new caller's whole call meanwhile: ", &latency))
}
