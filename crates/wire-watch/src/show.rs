//! One line per packet, in the spirit of `tcpdump -nn`:
//!
//! ```text
//! 0.000081 127.0.0.1:9000 > 127.0.0.1:50001: [S.] seq 0, ack 1, win 65483, length 0
//! ```
//!
//! Sequence and acknowledgement numbers are shown relative to the first one
//! seen in each direction, as tcpdump does: each side starts its count at a
//! random number, and `seq 1:7` reads better than `seq 2750127923:2750127929`.

use std::collections::HashMap;
use std::net::SocketAddr;

use crate::packet::{ACK, Body, FIN, Packet, RST, SYN, Segment};

// ANCHOR: flags
/// The flags byte in tcpdump's notation: a letter per flag that is set, in
/// tcpdump's order, with `.` for ACK: `S` (SYN), `S.` (SYN and ACK), `P.`
/// (data pushed, with an ACK), `F.` (FIN), `R` (reset), `none`.
pub fn flags(byte: u8) -> String {
    let letters = [
        (0x01, 'F'),
        (0x02, 'S'),
        (0x04, 'R'),
        (0x08, 'P'),
        (0x10, '.'),
        (0x20, 'U'),
        (0x40, 'E'),
        (0x80, 'W'),
    ];
    let shown: String = letters
        .iter()
        .filter(|(bit, _)| byte & bit != 0)
        .map(|(_, letter)| letter)
        .collect();
    if shown.is_empty() {
        "none".to_string()
    } else {
        shown
    }
}
// ANCHOR_END: flags

/// Turns absolute sequence numbers into relative ones, per direction.
#[derive(Debug, Default)]
pub struct Relative {
    /// For each direction (sender, receiver), the sender's first number.
    first: HashMap<(SocketAddr, SocketAddr), u32>,
}

impl Relative {
    /// `segment`'s sequence and acknowledgement numbers, relative to the first
    /// of each direction. A SYN starts a new count for its direction (a new
    /// call may reuse the ports of an old one).
    pub fn numbers(
        &mut self,
        ends: (SocketAddr, SocketAddr),
        s: &Segment,
    ) -> (u32, u32) {
        let (from, to) = ends;
        if s.flags & SYN != 0 {
            self.first.insert((from, to), s.seq);
            if s.flags & ACK == 0 {
                self.first.remove(&(to, from));
            }
        }
        let own = *self.first.entry((from, to)).or_insert(s.seq);
        // Seen from the other side's count; an ACK for a side not seen yet
        // starts that side's count just below it.
        let theirs = *self
            .first
            .entry((to, from))
            .or_insert(s.ack.wrapping_sub(1));
        (s.seq.wrapping_sub(own), s.ack.wrapping_sub(theirs))
    }
}

/// How much of a line to show: the demo leaves out the window, which varies
/// from machine to machine and is not what its scenarios are about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Everything tcpdump -nn shows, except the TCP options.
    Full,
    /// Without the window.
    Brief,
}

/// What `packet` carried, after `src > dst: `: `[P.] seq 1:7, ack 1, win
/// 512, length 6`, `UDP, length 6`, `ICMP port unreachable for udp
/// 127.0.0.1:9000, length 42`.
pub fn describe(packet: &Packet, relative: &mut Relative, detail: Detail) -> String {
    match &packet.body {
        Body::Tcp(s) => {
            let (seq, ack) = relative.numbers(packet.ends(), s);
            let mut text = format!("[{}]", flags(s.flags));
            // As tcpdump: the sequence number when there is something to
            // count (data, SYN, FIN, RST), the ack when the ACK flag is set.
            if s.len > 0 {
                text += &format!(" seq {seq}:{}", seq.wrapping_add(s.len as u32));
            } else if s.flags & (SYN | FIN | RST) != 0 {
                text += &format!(" seq {seq}");
            }
            if s.flags & ACK != 0 {
                let comma = if text.contains("seq") { "," } else { "" };
                text += &format!("{comma} ack {ack}");
            }
            if detail == Detail::Full {
                text += &format!(", win {}", s.window);
            }
            let comma = if text.ends_with(']') { "" } else { "," };
            text + &format!("{comma} length {}", s.len)
        }
        Body::Udp { len, .. } => format!("UDP, length {len}"),
        Body::Unreachable { to, len, .. } => {
            let icmp = if to.is_ipv4() { "ICMP" } else { "ICMP6" };
            format!("{icmp} port unreachable for udp {to}, length {len}")
        }
    }
}

/// An address as the capture shows it: `127.0.0.1:9000`, `[::1]:9000`, or
/// the bare IP address for ICMP, which has no ports.
pub fn endpoint(addr: SocketAddr, packet: &Packet) -> String {
    match packet.body {
        Body::Unreachable { .. } => addr.ip().to_string(),
        _ => addr.to_string(),
    }
}

/// The whole line `capture` prints: seconds since the first packet, the two
/// ends, what the packet carried.
pub fn line(seconds: f64, packet: &Packet, relative: &mut Relative) -> String {
    let (src, dst) = packet.ends();
    format!(
        "{seconds:.6} {} > {}: {}",
        endpoint(src, packet),
        endpoint(dst, packet),
        describe(packet, relative, Detail::Full)
    )
}
