//! Exercise "count": the server numbers each sender's letters, as in
//! `b'LHF nb' from 127.0.0.1:50001 (letter 2 from this sender)`.
//!
//! A UDP server has no connection per client: the return address on each
//! datagram is all that tells clients apart. One client program that posts
//! three messages uses one socket, so one address; run it again and the
//! system gives it another port, and the server sees a new sender.

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;

use anyhow::{Context, Result};

use crate::{DEFAULT_BUFSIZE, server};

/// The lesson's server, numbering each sender's letters with
/// [`count_letter`].
///
/// # Errors
/// As the lesson's server: the address cannot be taken, or `out` is closed.
pub fn serve(addr: SocketAddr, out: &mut dyn Write) -> Result<()> {
    let post_box = server::bind(addr, out)?;
    let mut buf = vec![0u8; DEFAULT_BUFSIZE];
    // ANCHOR: count_server
    // New: how many letters each return address has sent so far.
    let mut counts = HashMap::new();
    loop {
        let (n, peer) = match post_box.recv_from(&mut buf) {
            Ok(received) => received,
            Err(err) if server::a_clients_doing(&err) => {
                eprintln!(
                    "warning: cannot receive a datagram: {err}; the server goes on"
                );
                continue;
            }
            Err(err) => return Err(err).context("cannot receive a datagram"),
        };
        let count = count_letter(&mut counts, peer);
        let shown = common::show_bytes(&buf[..n]);
        writeln!(out, "{shown} from {peer} (letter {count} from this sender)")?;
        if let Err(err) = post_box.send_to(&common::upper(&buf[..n]), peer) {
            eprintln!("warning: cannot answer {peer}: {err}; the server goes on");
        }
    }
    // ANCHOR_END: count_server
}

/// Counts one more letter from `peer` in `counts` and returns how many
/// letters `peer` has sent, this one included (1 for its first).
pub fn count_letter(counts: &mut HashMap<SocketAddr, u64>, peer: SocketAddr) -> u64 {
    // SOLUTION: begin add one to this sender's count (0 if new) and return it
    // ANCHOR: count_letter
    let count = counts.entry(peer).or_insert(0);
    *count += 1;
    *count
    // ANCHOR_END: count_letter
    // SOLUTION: end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_sender_is_counted_apart() {
        let mut counts = HashMap::new();
        let a: SocketAddr = ([127, 0, 0, 1], 50001).into();
        let b: SocketAddr = ([127, 0, 0, 1], 50002).into();
        assert_eq!(count_letter(&mut counts, a), 1);
        assert_eq!(count_letter(&mut counts, a), 2);
        assert_eq!(count_letter(&mut counts, b), 1);
        assert_eq!(count_letter(&mut counts, a), 3);
    }
}
