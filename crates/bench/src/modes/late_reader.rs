//! `bench late-reader`: a caller who says a lot and reads its answers late.
//! It writes BYTES without reading, waits, and only then reads everything
//! back. Meanwhile the buffers between the two fill, and a server with
//! backpressure stops reading from that caller: it should use no CPU and
//! no more memory while it waits, and lose no byte.

use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use super::{Report, Watch};
use crate::cli::{Server, parse_millis, parse_size};
use crate::dial;
use crate::stats::show_secs;

#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub server: Server,
    /// Bytes to say before reading (64MiB, ...).
    #[arg(long, default_value = "64MiB", value_parser = parse_size)]
    pub bytes: usize,
    /// How long to wait before reading, in milliseconds.
    #[arg(long = "wait-ms", value_name = "WAIT_MS", default_value = "2000", value_parser = parse_millis)]
    pub wait: Duration,
}

/// Says `bytes` bytes to `addr` without reading, waits `wait`, then reads the
/// whole answer, checking every byte, and watches the server meanwhile. Fails
/// when the call fails, the server hangs up or resets, or a byte is wrong.
pub fn run(a: &Args) -> Result<Report> {
    let (Server { addr, pid, timeout }, bytes, wait) = (a.server, a.bytes, a.wait);
    let server = Watch::new(pid, addr);
    let conn = dial::tcp(addr, timeout)?;
    // The writer may block for the whole wait, and longer: the server
    // answers only as fast as we read.
    conn.set_write_timeout(Some(wait + timeout))?;
    let start = server.look();
    let started = Instant::now();
    let mut waited = None;
    // The experiment: the caller does not read for `wait`; the server is
    // looked at on both ends of it.
    super::stream::echo(&conn, bytes as u64, None, || {
        let before = server.look();
        thread::sleep(wait);
        waited = before.zip(server.look());
    })
    .with_context(|| format!("late reader of {addr}"))?;
    let report = Report::new(format!(
        "late-reader {addr}: said {bytes} bytes without reading, waited {wait:?}, \
         then heard all of them back, checked, in {}",
        show_secs(started.elapsed().as_secs_f64())
    ));
    let (Some(start), Some((before, after)), Some(end)) =
        (start, waited, server.look())
    else {
        return Ok(report.unmeasured("the server", &server));
    };
    let cpu = after.cpu.saturating_sub(before.cpu).as_secs_f64();
    let growth = end.peak_kib.saturating_sub(start.resident_kib) as f64 / 1024.0;
    Ok(report
        .line(format!(
            "the server while the caller did not read: {} of CPU, {} KiB resident \
             (from {} KiB); its peak {} KiB: +{growth:.1} MiB",
            show_secs(cpu),
            after.resident_kib,
            start.resident_kib,
            end.peak_kib,
        ))
        .number("cpu", cpu)
        .number("growth MiB", growth))
}
