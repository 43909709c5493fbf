//! `buffers`: `getsockopt` and `setsockopt` with the receive and send buffer
//! sizes, `SO_RCVBUF` and `SO_SNDBUF`.

use std::io::Write;

use anyhow::Result;
use socket2::{Domain, Socket, Type};

/// The size asked for, in bytes.
pub const ASKED: usize = 64 * 1024;

/// Reads both buffer sizes of a new TCP socket, sets them, reads them back.
///
/// # Errors
/// When the system refuses a socket or an option.
pub fn run(out: &mut dyn Write) -> Result<()> {
    // ANCHOR: buffers
    let phone = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    // getsockopt: the sizes a new socket starts with (the system's defaults).
    writeln!(out, "SO_RCVBUF at start: {}", phone.recv_buffer_size()?)?;
    writeln!(out, "SO_SNDBUF at start: {}", phone.send_buffer_size()?)?;
    // setsockopt: ask for 64 KiB each, then read them back.
    phone.set_recv_buffer_size(ASKED)?;
    phone.set_send_buffer_size(ASKED)?;
    writeln!(out, "asked for: {ASKED}")?;
    let rcvbuf = phone.recv_buffer_size()?;
    let sndbuf = phone.send_buffer_size()?;
    writeln!(out, "SO_RCVBUF read back: {rcvbuf}")?;
    writeln!(out, "SO_SNDBUF read back: {sndbuf}")?;
    // ANCHOR_END: buffers
    // ANCHOR: doubled
    // Linux doubles the value: the other half pays for its bookkeeping.
    writeln!(out, "read back / asked: {}", rcvbuf as f64 / ASKED as f64)?;
    #[cfg(target_os = "linux")]
    {
        let doubled = rcvbuf == 2 * ASKED && sndbuf == 2 * ASKED;
        let doubled = if doubled { "yes" } else { "no" };
        writeln!(out, "doubled, as Linux does: {doubled}")?;
    }
    // ANCHOR_END: doubled
    Ok(())
}
