//! `bench late-reader`: a caller who says a lot and reads its answers late.
//! It writes BYTES without reading, waits, and only then reads everything
//! back. Meanwhile the buffers between the two fill, and a server with
//! backpressure stops reading from that caller: it should use no CPU and
//! no more memory while it waits, and lose no byte.

use std::fmt;
use std::io::Write;
use std::net::{Shutdown, SocketAddr};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};

use crate::{dial, payload};
use common::procfs::{self, Usage};

/// What `late-reader` measured.
#[derive(Debug, Clone)]
pub struct LateReport {
    /// The server called.
    pub addr: SocketAddr,
    /// Bytes said, and all of them heard back, checked.
    pub bytes: usize,
    /// How long the caller waited before reading.
    pub wait: Duration,
    /// The server's CPU time during that wait.
    pub cpu_waiting: Option<Duration>,
    /// The server when the caller started, at the end of the wait, and at
    /// the end (for its peak).
    pub usage: Option<(Usage, Usage, Usage)>,
    /// Why the server was not measured.
    pub why: Option<String>,
    /// From the first byte said to the last byte heard.
    pub took: Duration,
}

impl LateReport {
    /// How much the server's resident memory grew at most, in MiB: its peak
    /// (`VmHWM`) at the end against its memory at the start. Meaningful on a
    /// server started for this run (the peak is for its whole life).
    pub fn peak_growth_mib(&self) -> Option<f64> {
        let (start, _, end) = self.usage?;
        Some(end.peak_kib.saturating_sub(start.resident_kib) as f64 / 1024.0)
    }
}

/// Says `bytes` bytes to `addr` without reading, waits `wait`, then reads the
/// whole answer, checking every byte. `pid` is the server's (found by its
/// port when `None`).
///
/// # Errors
/// When the call fails, the server hangs up or resets, or a byte is wrong.
pub fn run(
    addr: SocketAddr,
    bytes: usize,
    wait: Duration,
    pid: Option<u32>,
    timeout: Duration,
) -> Result<LateReport> {
    let pid = procfs::server_pid(pid, addr);
    let look = || pid.as_ref().ok().and_then(|&p| Usage::of(p));
    let cpu = || pid.as_ref().ok().and_then(|&p| Usage::of(p).map(|u| u.cpu));
    let conn = dial::tcp(addr, timeout)?;
    // The writer may block for the whole wait, and longer: the server
    // answers only as fast as we read.
    conn.set_write_timeout(Some(wait + timeout))?;
    let start_usage = look();
    let started = Instant::now();
    let mut writer = conn.try_clone().context("cannot share the call")?;
    let said = thread::spawn(move || -> std::io::Result<()> {
        let chunk = payload::message(64 * 1024, 0);
        let mut left = bytes;
        while left > 0 {
            let n = left.min(chunk.len());
            writer.write_all(&chunk[..n])?;
            left -= n;
        }
        Ok(())
    });
    // The experiment: the caller does not read for `wait`. The server's CPU
    // is read at both ends of it.
    let cpu_before = cpu();
    thread::sleep(wait);
    let cpu_waiting = cpu()
        .zip(cpu_before)
        .map(|(after, before)| after.saturating_sub(before));
    let waited_usage = look();
    // Now read it all.
    let mut reader = conn;
    let mut buf = vec![0u8; 64 * 1024];
    let chunk = payload::message(64 * 1024, 0);
    let expected = payload::expected(&chunk);
    let mut got = 0;
    let read = (|| -> Result<()> {
        while got < bytes {
            let n = (bytes - got).min(expected.len());
            dial::read_reply(&mut reader, &expected[..n], &mut buf)
                .with_context(|| format!("after {got} of {bytes} bytes back"))?;
            got += n;
        }
        Ok(())
    })();
    if read.is_err() {
        let _ = reader.shutdown(Shutdown::Both);
    }
    let written = said
        .join()
        .map_err(|_| anyhow!("the writer thread panicked"))?;
    read?;
    written.context("cannot say everything")?;
    let took = started.elapsed();
    let usage = match (start_usage, waited_usage, look()) {
        (Some(a), Some(b), Some(c)) => Some((a, b, c)),
        _ => None,
    };
    Ok(LateReport {
        addr,
        bytes,
        wait,
        cpu_waiting,
        usage,
        why: pid.err(),
        took,
    })
}

impl fmt::Display for LateReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "late-reader {}: said {} bytes without reading, waited {:?}, then heard \
             all of them back, checked, in {}",
            self.addr,
            self.bytes,
            self.wait,
            crate::stats::show_secs(self.took.as_secs_f64())
        )?;
        match (self.cpu_waiting, self.usage) {
            (Some(cpu), Some((start, waited, end))) => write!(
                f,
                "  the server while the caller did not read: {} of CPU, {} KiB resident \
                 (from {} KiB); its peak {} KiB: +{:.1} MiB",
                crate::stats::show_secs(cpu.as_secs_f64()),
                waited.resident_kib,
                start.resident_kib,
                end.peak_kib,
                self.peak_growth_mib().unwrap_or(0.0)
            ),
            _ => write!(
                f,
                "  the server: not measured ({})",
                self.why.as_deref().unwrap_or("no /proc reading")
            ),
        }
    }
}
