//! Exercise "sticky": where did 粘包 happen? The sender's writes left as
//! separate segments; the receiver's reads took bytes as they were there.
//! Given both, say for each read how many segments it took bytes from: more
//! than one, and messages stuck together.

use std::io::{Read, Write};
use std::net::SocketAddr;

use anyhow::Result;

use crate::packet::Body;
use crate::wire::Wire;

/// For each read (its length, in the order made), how many of `segments`
/// (the data segments' lengths, in the order sent) it took bytes from. Both
/// cover the same stream of bytes from its start: `segments_per_read(&[3, 3,
/// 5], &[11])` is `[3]`, `segments_per_read(&[6, 6], &[4, 8])` is `[1, 2]`.
pub fn segments_per_read(segments: &[usize], reads: &[usize]) -> Vec<usize> {
    // SOLUTION: begin count, for each read's byte range, the segments whose range overlaps it
    // ANCHOR: segments_per_read
    let mut counts = Vec::new();
    let mut read_start = 0;
    for read in reads {
        let read_end = read_start + read;
        let mut segment_start = 0;
        let mut count = 0;
        for segment in segments {
            let segment_end = segment_start + segment;
            if segment_start < read_end && read_start < segment_end {
                count += 1;
            }
            segment_start = segment_end;
        }
        counts.push(count);
        read_start = read_end;
    }
    counts
    // ANCHOR_END: segments_per_read
    // SOLUTION: end
}

/// The lesson's 粘包 scenario with two reads: five writes, the server reads
/// twice, and the program says which read glued which segments.
///
/// # Errors
/// When the capture cannot start or a socket call fails.
pub fn run(wire: &mut Wire<'_>, loopback: SocketAddr) -> Result<()> {
    // ANCHOR: sticky_run
    let (phone, addr) = crate::scenarios::stand_by(wire, loopback, 5)?;
    let (mut conn, mut peer) = crate::scenarios::call(wire, &phone, addr)?;
    conn.set_nodelay(true)?;
    let mut sent = Vec::new();
    for message in [&b"LHF nb"[..], b"hello", b"one", b"two", b"three"] {
        wire.call("client", &format!("write({})", common::show_bytes(message)))?;
        conn.write_all(message)?;
        let packets = wire.expect(2)?;
        for (_, packet) in packets {
            match packet.body {
                Body::Tcp(s) if s.dst_port == addr.port() && s.len > 0 => {
                    sent.push(s.len)
                }
                _ => {}
            }
        }
    }
    let mut reads = Vec::new();
    for size in [8, 1024] {
        let mut buf = vec![0u8; size];
        let n = peer.read(&mut buf)?;
        wire.call(
            "server",
            &format!("read({size}) returns {}", common::show_bytes(&buf[..n])),
        )?;
        reads.push(n);
    }
    for (i, count) in segments_per_read(&sent, &reads).iter().enumerate() {
        wire.note(&format!("read {}: bytes of {count} segments", i + 1))?;
    }
    // ANCHOR_END: sticky_run
    Ok(())
}
