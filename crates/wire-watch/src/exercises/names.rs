//! Exercise "names": the TCP flags in Wireshark's words. tcpdump writes a
//! SYN-ACK `[S.]`; Wireshark writes `[SYN, ACK]`: every flag that is set,
//! by name, from the lowest bit up. Write the decoder; the capture around it
//! is given.

use std::io::Write;
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::capture;
use crate::packet::Body;

/// The flags of `byte` by name, lowest bit first, joined by `, `: `0x12`
/// (SYN and ACK) is `SYN, ACK`, `0x19` is `FIN, PSH, ACK`, `0` is `none`.
/// The eight bits, from the lowest: FIN, SYN, RST, PSH, ACK, URG, ECE, CWR.
pub fn flag_names(byte: u8) -> String {
    // SOLUTION: begin name each set bit, from the lowest: FIN SYN RST PSH ACK URG ECE CWR
    // ANCHOR: flag_names
    let names = ["FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"];
    let set: Vec<&str> = names
        .iter()
        .enumerate()
        .filter(|(bit, _)| byte & (1 << bit) != 0)
        .map(|(_, name)| *name)
        .collect();
    if set.is_empty() {
        "none".to_string()
    } else {
        set.join(", ")
    }
    // ANCHOR_END: flag_names
    // SOLUTION: end
}

/// Captures the TCP packets of `port` on lo for `duration` (at most `count`
/// of them), and prints each with its flags by name.
///
/// # Errors
/// When the capture cannot start (no right to capture) or `out` is closed.
pub fn run(
    port: u16,
    count: usize,
    duration: Duration,
    out: &mut dyn Write,
) -> Result<()> {
    // ANCHOR: names_capture
    let mut capture = capture::open()?;
    capture.only(port)?;
    eprintln!("watching lo, port {port}");
    let end = Instant::now() + duration;
    let mut shown = 0;
    while shown < count {
        let Some((_, packet)) = capture.next(end)? else {
            break;
        };
        let Body::Tcp(segment) = packet.body else {
            continue;
        };
        if !packet.involves(port) {
            continue;
        }
        let (src, dst) = packet.ends();
        let names = flag_names(segment.flags);
        writeln!(out, "{src} > {dst} [{names}] length {}", segment.len)?;
        out.flush()?;
        shown += 1;
    }
    // ANCHOR_END: names_capture
    Ok(())
}
