//! `keepalive`: `SO_KEEPALIVE` and its timings, set and read back. With it
//! on, the kernel probes a call that has been silent for a while, and breaks
//! it if the other side no longer answers.

use std::io::Write;

use anyhow::Result;
use socket2::SockRef;

use super::call;

/// Turns keepalive on for one end of a call and reads its settings back.
///
/// # Errors
/// When the system refuses a socket or an option.
pub fn run(out: &mut dyn Write) -> Result<()> {
    let (caller, _conn) = call()?;
    // ANCHOR: keepalive
    // std's TcpStream has no keepalive setter: SockRef lends socket2's
    // options to it without taking it over.
    let sock = SockRef::from(&caller);
    writeln!(out, "SO_KEEPALIVE at start: {}", sock.keepalive()?)?;
    sock.set_keepalive(true)?;
    writeln!(out, "SO_KEEPALIVE after set: {}", sock.keepalive()?)?;
    // ANCHOR_END: keepalive
    timings(&sock, out)
}

/// The timings, where socket2 can read all three back.
#[cfg(any(target_os = "linux", target_os = "macos", target_os = "freebsd"))]
fn timings(sock: &SockRef<'_>, out: &mut dyn Write) -> Result<()> {
    use std::time::Duration;

    use socket2::TcpKeepalive;

    // ANCHOR: timings
    // The system's idle time before the first probe.
    let idle = sock.tcp_keepalive_time()?;
    writeln!(out, "TCP_KEEPIDLE at start: {idle:?}")?;
    // Probe after 60 s of silence, then every 10 s; give up after 5 misses.
    let params = TcpKeepalive::new()
        .with_time(Duration::from_secs(60))
        .with_interval(Duration::from_secs(10))
        .with_retries(5);
    sock.set_tcp_keepalive(&params)?;
    let idle = sock.tcp_keepalive_time()?;
    let interval = sock.tcp_keepalive_interval()?;
    let count = sock.tcp_keepalive_retries()?;
    writeln!(out, "TCP_KEEPIDLE after set: {idle:?}")?;
    writeln!(out, "TCP_KEEPINTVL after set: {interval:?}")?;
    writeln!(out, "TCP_KEEPCNT after set: {count}")?;
    // ANCHOR_END: timings
    Ok(())
}

/// Elsewhere the timings are not all readable: say so.
#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "freebsd")))]
fn timings(_sock: &SockRef<'_>, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "keepalive timings: not read back on this system")?;
    Ok(())
}
