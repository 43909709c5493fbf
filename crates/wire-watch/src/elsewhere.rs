//! The capture on systems other than Linux: the packet socket (`AF_PACKET`)
//! is Linux's, so here [`open`] says so and names the tool that does the same
//! job. The rest of the lesson (the scenarios' sockets) builds everywhere.

use std::time::Instant;

use anyhow::Result;
use common::Hinted;

use crate::packet::Packet;

/// Stands for the Linux packet socket; never made here.
#[derive(Debug)]
pub struct Capture(());

/// What the kernel counted (Linux only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Statistics {
    pub received: u32,
    pub dropped: u32,
}

/// Always fails: capturing with a packet socket is Linux-only.
///
/// # Errors
/// Always, with the equivalent tool as the hint.
pub fn open() -> Result<Capture> {
    Err(anyhow::Error::new(Hinted::new(
        "cannot open a packet socket: capturing is Linux-only (AF_PACKET)",
        "on macOS run `sudo tcpdump -i lo0 -nn port N`; on Windows, Wireshark \
         with Npcap shows the loopback adapter",
    )))
}

impl Capture {
    /// Never called: no `Capture` exists off Linux.
    ///
    /// # Errors
    /// Never.
    pub fn only(&self, _port: u16) -> Result<()> {
        Ok(())
    }

    /// Never called: no `Capture` exists off Linux.
    ///
    /// # Errors
    /// Never.
    pub fn next(&mut self, _deadline: Instant) -> Result<Option<(Instant, Packet)>> {
        Ok(None)
    }

    /// Never called: no `Capture` exists off Linux.
    ///
    /// # Errors
    /// Never.
    pub fn statistics(&self) -> Result<Statistics> {
        Ok(Statistics {
            received: 0,
            dropped: 0,
        })
    }
}

/// A flag that nothing sets: no capture runs here.
///
/// # Errors
/// Never.
pub fn stop_on_ctrl_c() -> Result<std::sync::Arc<std::sync::atomic::AtomicBool>> {
    Ok(std::sync::Arc::default())
}
