//! Exercise "retransmits": find the packets sent again. A sender that hears
//! no ACK sends the same segment again (same direction, same sequence
//! number, same SYN, FIN or data): the SYN that a full accept queue dropped
//! is one.

use std::net::SocketAddr;

use anyhow::Result;

use crate::packet::{Body, FIN, SYN, Segment};
use crate::wire::Wire;

/// One TCP segment of a trace: who sent it, to whom, and its header.
pub type Sent = (SocketAddr, SocketAddr, Segment);

/// The positions in `trace` of the segments that repeat an earlier one: the
/// same sender and receiver, the same sequence number, and something to
/// acknowledge in both (a SYN, a FIN or data) of the same kind and length.
/// Pure ACKs never count: they carry nothing to send again.
pub fn retransmissions(trace: &[Sent]) -> Vec<usize> {
    // SOLUTION: begin compare each segment that carries SYN, FIN or data with those before it
    // ANCHOR: retransmissions
    let carries = |s: &Segment| s.len > 0 || s.flags & (SYN | FIN) != 0;
    let same = |a: &Sent, b: &Sent| {
        a.0 == b.0
            && a.1 == b.1
            && a.2.seq == b.2.seq
            && a.2.len == b.2.len
            && a.2.flags & (SYN | FIN) == b.2.flags & (SYN | FIN)
    };
    let mut again = Vec::new();
    for (i, sent) in trace.iter().enumerate() {
        if carries(&sent.2) && trace[..i].iter().any(|before| same(before, sent)) {
            again.push(i);
        }
    }
    again
    // ANCHOR_END: retransmissions
    // SOLUTION: end
}

/// The lesson's full-queue scenario, then the packets it sent again.
///
/// # Errors
/// When the capture cannot start or a socket call fails.
pub fn run(wire: &mut Wire<'_>, loopback: SocketAddr) -> Result<()> {
    // ANCHOR: retransmits_run
    crate::scenarios::backlog::run(wire, loopback)?;
    let trace: Vec<Sent> = wire
        .seen
        .iter()
        .filter_map(|(_, packet)| match packet.body {
            Body::Tcp(segment) => Some((packet.ends().0, packet.ends().1, segment)),
            _ => None,
        })
        .collect();
    for i in retransmissions(&trace) {
        let flags = crate::show::flags(trace[i].2.flags);
        wire.note(&format!("packet {} ([{flags}]) was sent before", i + 1))?;
    }
    // ANCHOR_END: retransmits_run
    Ok(())
}
