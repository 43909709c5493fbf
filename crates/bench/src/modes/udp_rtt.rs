//! `bench udp-rtt`: one datagram at a time, each answered or given up on after
//! a wait; round-trip times and losses.
//!
//! UDP promises nothing: a datagram or its answer may be lost, and then no
//! reply ever comes. So every receive has a timeout, a datagram that is not
//! answered in time is counted lost, and the run goes on with the next one.
//! Each datagram starts with its number, so a late answer to an earlier one is
//! recognised (and counted) rather than taken for the answer to this one.

use std::io;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use common::Hinted;

use super::{Limits, Report, deadline_note};
use crate::cli::{DEFAULT_UDP_ADDR, loopback, parse_millis, parse_size};
use crate::stats::Latency;
use crate::{dial, payload};

/// Digits of the sequence number at the start of each datagram.
pub const SEQ_DIGITS: usize = 8;

/// The largest datagram IPv4 can carry.
pub const MAX_DATAGRAM: usize = 65_507;

#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Args {
    /// Where the UDP server is bound: IP:PORT on loopback.
    #[arg(long, default_value = DEFAULT_UDP_ADDR, value_parser = loopback)]
    pub addr: SocketAddr,
    /// Bytes per datagram (8 to 65507).
    #[arg(long, default_value = "16", value_parser = parse_size)]
    pub size: usize,
    /// How long to wait for each answer before counting it lost, in ms.
    #[arg(long = "wait-ms", value_name = "WAIT_MS", default_value = "200", value_parser = parse_millis)]
    pub wait: Duration,
    #[command(flatten)]
    pub limits: Limits,
}

/// Sends up to `limits.count` datagrams of `size` bytes to `addr`, one at a
/// time, waiting at most `wait` for each answer. Fails when nothing is bound
/// at `addr` (the kernel reports the port unreachable), an answer is not the
/// datagram upper-cased, or no answer came at all.
pub fn run(a: &Args) -> Result<Report> {
    let (addr, size, wait, limits) = (a.addr, a.size, a.wait, a.limits);
    if !(SEQ_DIGITS..=MAX_DATAGRAM).contains(&size) {
        bail!(
            "--size must be {SEQ_DIGITS} to {MAX_DATAGRAM} bytes: each datagram starts with its {SEQ_DIGITS}-digit number"
        );
    }
    let socket = dial::udp(addr, wait)?;
    let mut buf = vec![0u8; MAX_DATAGRAM + 1];
    let deadline = Instant::now() + limits.time;
    let (mut sent, mut lost, mut late) = (0, 0, 0);
    let mut samples = Vec::with_capacity(limits.count.min(1 << 20));
    while sent < limits.count && (Instant::now() < deadline || sent == 0) {
        let message = numbered(sent, size);
        let expected = payload::expected(&message);
        let start = Instant::now();
        // Send a letter: one datagram, addressed by the connect above.
        socket
            .send(&message)
            .with_context(|| format!("cannot send datagram {sent} to {addr}"))?;
        sent += 1;
        // Wait for the answer, but never longer than `wait`.
        loop {
            let left = (start + wait).saturating_duration_since(Instant::now());
            if left.is_zero() {
                lost += 1;
                break;
            }
            socket.set_read_timeout(Some(left))?;
            let n = match socket.recv(&mut buf) {
                Ok(n) => n,
                Err(err) if common::is_timeout(&err) => {
                    lost += 1;
                    break;
                }
                Err(err) => return Err(unreachable(addr, err)),
            };
            let reply = &buf[..n];
            if reply == expected.as_slice() {
                samples.push(start.elapsed());
                break;
            }
            if is_earlier_answer(reply, &expected, sent - 1) {
                late += 1;
                continue;
            }
            payload::verify(reply, &expected, 0)
                .with_context(|| format!("answer to datagram {}", sent - 1))?;
        }
    }
    let Some(latency) = Latency::of(&mut samples) else {
        bail!(Hinted::new(
            format!(
                "none of the {sent} datagrams sent to {addr} was answered within {wait:?}"
            ),
            "something is bound there (nothing bound would be \"connection refused\") \
             but it does not answer: is it a UDP server of the course, such as \
             `bench reference-server --udp` or `udp-echo server`?"
        ));
    };
    let headline = format!(
        "udp-rtt {addr}: {sent} datagrams of {size} bytes, {} answered and checked, \
         {lost} lost (no answer within {wait:?}), {late} answered late{}",
        latency.count,
        deadline_note(sent < limits.count, limits.time)
    );
    Ok(Report::new(headline)
        .latency("", &latency)
        .number("lost", lost as f64))
}

/// Datagram number `seq`: its number in `SEQ_DIGITS` digits, then the pattern.
pub fn numbered(seq: usize, size: usize) -> Vec<u8> {
    let mut message =
        format!("{:0width$}", seq % 100_000_000, width = SEQ_DIGITS).into_bytes();
    message.extend(payload::message(size - SEQ_DIGITS, 0));
    message
}

/// Whether `reply` is the right answer to a datagram sent before `seq`.
fn is_earlier_answer(reply: &[u8], expected: &[u8], seq: usize) -> bool {
    if reply.len() != expected.len() || reply[SEQ_DIGITS..] != expected[SEQ_DIGITS..]
    {
        return false;
    }
    std::str::from_utf8(&reply[..SEQ_DIGITS])
        .ok()
        .and_then(|digits| digits.parse::<usize>().ok())
        .is_some_and(|earlier| earlier < seq % 100_000_000)
}

/// A receive that failed: on a connected UDP socket, "connection refused"
/// means the kernel heard back that nothing is bound at `addr`.
fn unreachable(addr: SocketAddr, err: io::Error) -> anyhow::Error {
    if err.kind() == io::ErrorKind::ConnectionRefused {
        let hint = "nothing is bound there: start a UDP server with \
                    `bench reference-server --udp` or `udp-echo server`";
        return anyhow::Error::new(err)
            .context(Hinted::new(format!("no UDP server at {addr}"), hint));
    }
    anyhow::Error::new(err).context(format!("cannot receive from {addr}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datagrams_carry_their_number() {
        let d = numbered(42, 12);
        assert_eq!(d, b"00000042the ");
        let answer = payload::expected(&numbered(41, 12));
        assert!(is_earlier_answer(&answer, &payload::expected(&d), 42));
        assert!(!is_earlier_answer(
            &payload::expected(&d),
            &payload::expected(&d),
            42
        ));
    }
}
