//! Lesson 4's TCP_NODELAY on the wire: six one-byte writes, then the
//! answer, three times over, first with Nagle's algorithm (the default),
//! then without.
//!
//! What it shows on loopback: on a fresh call each write leaves at once,
//! Nagle or not, because the ACK of the last byte comes back before the next
//! write. Once the call has had an answer, the server's kernel delays its
//! ACKs (it hopes to send them with the next answer), and Nagle holds every
//! write after the first until that ACK: two segments instead of six, and
//! about 40 ms per round.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::time::Instant;

use anyhow::Result;

use crate::packet::Body;
use crate::wire::Wire;

/// How many times the client writes its six bytes and reads the answer.
const ROUNDS: usize = 3;

/// Both runs, Nagle first.
///
/// # Errors
/// When a socket call fails unexpectedly or the capture does.
pub fn run(wire: &mut Wire<'_>, loopback: SocketAddr) -> Result<()> {
    let (phone, addr) = super::stand_by(wire, loopback, 5)?;
    // Each run has a call of its own, kept open to the end, so that the
    // first call's close does not mix with the second call's packets.
    let mut calls = Vec::new();
    for nodelay in [false, true] {
        let (mut conn, mut peer) = super::call(wire, &phone, addr)?;
        // ANCHOR: nagle
        conn.set_nodelay(nodelay)?;
        wire.call("client", &format!("set_nodelay({nodelay})"))?;
        for round in 1..=ROUNDS {
            wire.call("client", "write() 1 byte, six times: L, H, F, space, n, b")?;
            let started = Instant::now();
            for byte in b"LHF nb" {
                conn.write_all(&[*byte])?;
            }
            let mut heard = [0u8; 6];
            peer.read_exact(&mut heard)?;
            peer.write_all(&common::upper(&heard))?;
            conn.read_exact(&mut heard)?;
            let took = started.elapsed().as_secs_f64() * 1000.0;
            // The packets up to the answer; the server's data is the answer.
            let server = addr.port();
            let packets = wire.until(|p| {
                matches!(p.body, Body::Tcp(s) if s.src_port == server && s.len > 0)
            })?;
            let segments = packets.iter().filter(|(_, p)| {
                matches!(p.body, Body::Tcp(s) if s.dst_port == server && s.len > 0)
            });
            let segments = segments.count();
            wire.call(
                "client",
                &format!(
                    "round {round}: the answer after {took:.1} ms, \
                     6 bytes sent in {segments} segments"
                ),
            )?;
        }
        // ANCHOR_END: nagle
        calls.push((conn, peer));
    }
    Ok(())
}
