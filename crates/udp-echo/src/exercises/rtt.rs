//! Exercise "rtt": a client that times each round trip, from the moment its
//! letter is posted to the moment the answer is in, and prints the time after
//! each answer, then the smallest, average and largest.
//!
//! Over loopback a round trip takes tens of microseconds, and nothing is
//! lost; across a network it takes milliseconds, and a lost datagram shows as
//! a timeout. Try it against `udp-echo server` and against
//! `python3 python/udp_echo_server.py`.

use std::io::{self, Write};
use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use socket2::{Domain, Socket, Type};

use super::unanswered;
use crate::MAX_IPV6_PAYLOAD;

/// The lesson's client, without retries, printing each answer followed by
/// its round-trip time, then a summary line.
///
/// # Errors
/// When a message gets no answer within `timeout`, or cannot be sent.
pub fn run(
    addr: SocketAddr,
    messages: &[Vec<u8>],
    timeout: Duration,
    out: &mut dyn Write,
) -> Result<()> {
    let post_box = Socket::new(Domain::for_address(addr), Type::DGRAM, None)
        .context("cannot create a UDP socket")?;
    let post_box = UdpSocket::from(post_box);
    post_box.set_read_timeout(Some(timeout))?;
    let mut reply = vec![0u8; MAX_IPV6_PAYLOAD];
    // ANCHOR: rtt_client
    let mut times = Vec::new();
    for message in messages {
        // New: each exchange is timed.
        let (n, took) = round_trip(&post_box, addr, message, &mut reply)
            .map_err(|err| unanswered(err, addr, timeout))?;
        out.write_all(&reply[..n])?;
        writeln!(out, "  (round trip {})", millis(took))?;
        times.push(took);
    }
    if let (Some(min), Some(max)) = (times.iter().min(), times.iter().max()) {
        let average = times.iter().sum::<Duration>() / times.len() as u32;
        let (min, average, max) = (millis(*min), millis(average), millis(*max));
        writeln!(
            out,
            "{} round trips: min {min}, average {average}, max {max}",
            times.len()
        )?;
    }
    // ANCHOR_END: rtt_client
    Ok(())
}

/// A duration in milliseconds, to the microsecond: `0.085 ms`.
fn millis(took: Duration) -> String {
    format!("{:.3} ms", took.as_secs_f64() * 1000.0)
}

/// Posts `message` to `addr`, waits for the answer (a datagram from `addr`;
/// letters from anyone else are skipped) and returns its length and how long
/// the round trip took. The answer is at the start of `reply`.
///
/// # Errors
/// When sending fails, or no answer comes within the socket's read timeout
/// (`WouldBlock` on Unix, `TimedOut` on Windows).
pub fn round_trip(
    post_box: &UdpSocket,
    addr: SocketAddr,
    message: &[u8],
    reply: &mut [u8],
) -> io::Result<(usize, Duration)> {
    // SOLUTION: begin time from send_to until the server's answer is in
    // ANCHOR: round_trip
    let start = Instant::now();
    post_box.send_to(message, addr)?;
    loop {
        let (n, from) = post_box.recv_from(reply)?;
        if from == addr {
            return Ok((n, start.elapsed()));
        }
    }
    // ANCHOR_END: round_trip
    // SOLUTION: end
}
