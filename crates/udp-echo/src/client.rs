//! The article's UDP client: nothing to dial. Post each message as one letter
//! (a datagram) to the server's address, and wait, for a limited time, for the
//! answer: nothing else tells the client whether anyone is there.

use std::io::ErrorKind::{ConnectionReset, Interrupted};
use std::io::{self, Write};
use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use common::Hinted;
use socket2::{Domain, Socket, Type};

use crate::{MAX_IPV6_PAYLOAD, max_payload};

/// How long the client waits for each answer unless `--timeout-ms` says
/// otherwise, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u64 = 1000;

/// How patient the client is, and how much it says about it on stderr.
#[derive(Debug, Clone, Copy)]
pub struct Patience {
    /// How long to wait for each answer.
    pub timeout: Duration,
    /// How many times to post a letter again when no answer came in time.
    pub retries: u32,
    /// Say on stderr each letter posted, and each one from a stranger.
    pub verbose: bool,
}

/// The whole program: post each of `messages` to `addr` and print each
/// answer to `out`, byte for byte, one per line.
///
/// # Errors
/// When a message gets no answer in time (after the retries), is too long
/// for one datagram, or cannot be read; answers already printed stay printed.
pub fn run(
    addr: SocketAddr,
    messages: impl IntoIterator<Item = io::Result<Vec<u8>>>,
    patience: Patience,
    out: &mut dyn Write,
) -> Result<()> {
    // ANCHOR: post_box
    // Set up a post box: a UDP (datagram) socket. It needs no address of its
    // own: at the first send_to the system gives it a free port, which is
    // the return address on every letter it posts.
    let post_box = Socket::new(Domain::for_address(addr), Type::DGRAM, None)
        .context("cannot create a UDP socket")?;
    let post_box = UdpSocket::from(post_box);
    // ANCHOR_END: post_box
    let tries = patience.retries.saturating_add(1);
    let ms = patience.timeout.as_millis();
    let mut buf = vec![0u8; MAX_IPV6_PAYLOAD];
    for message in messages {
        let message = message.context("cannot read the message")?;
        // ANCHOR: letter
        // One loop per letter. Each turn either posts it (first, or again
        // when the wait is over) or takes the next letter out of the box.
        let mut posted = 0;
        let mut deadline = Instant::now();
        let n = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                if posted == tries {
                    return Err(no_reply(addr, patience.timeout, tries));
                }
                if posted > 0 {
                    let next = posted + 1;
                    eprintln!(
                        "no reply from {addr} within {ms} ms; \
                         sending again (try {next} of {tries})"
                    );
                }
                // Post the letter: send_to hands one datagram to the system
                // and returns. It succeeds whether or not anyone is there.
                post_box
                    .send_to(&message, addr)
                    .map_err(|err| cannot_send(err, message.len(), addr))?;
                posted += 1;
                if patience.verbose {
                    let len = message.len();
                    eprintln!(
                        "sent {len} bytes to {addr}; \
                         waiting up to {ms} ms for the answer"
                    );
                }
                deadline = Instant::now() + patience.timeout;
                continue;
            }
            // Wait, but not for ever: a letter can be lost, or reach a port
            // where nobody takes it out, and nobody says so.
            post_box.set_read_timeout(Some(left))?;
            match post_box.recv_from(&mut buf) {
                // The server's letter: the answer.
                Ok((n, from)) if from == addr => break n,
                // Anyone can post to this box: a stranger's letter is not
                // the answer, and is not printed.
                Ok((n, from)) if patience.verbose => {
                    eprintln!("ignored {n} bytes from {from}: not the server");
                }
                Ok(_) => {}
                // The wait is over: the next turn posts again, or gives up.
                Err(err) if common::is_timeout(&err) => deadline = Instant::now(),
                // A signal (Ctrl-Z, then fg) cut the wait short; or, on
                // Windows, an earlier letter found no one. Wait on.
                Err(err) if matches!(err.kind(), Interrupted | ConnectionReset) => {}
                Err(err) => return Err(err).context("cannot receive the answer"),
            }
        };
        common::output::print_reply(out, &buf[..n])?;
        // ANCHOR_END: letter
    }
    // ANCHOR: close
    // Close the box: nobody is told. There was no call, so nothing to hang up.
    drop(post_box);
    // ANCHOR_END: close
    Ok(())
}

/// The error when no answer came: UDP cannot say why, so the hint says what
/// to check.
pub fn no_reply(addr: SocketAddr, timeout: Duration, tries: u32) -> anyhow::Error {
    let ms = timeout.as_millis();
    let times = format!(" (sent {tries} times)");
    let sent = if tries > 1 { times.as_str() } else { "" };
    Hinted::new(
        format!("no reply from {addr} within {ms} ms{sent}"),
        "UDP does not tell the sender whether anyone is listening: is the server \
         running? start it with `udp-echo server`, give both sides the same --addr, \
         or wait longer with --timeout-ms and --retries",
    )
    .into()
}

/// The error when `send_to` refuses a message of `len` bytes. The usual
/// cause is a message longer than one datagram can carry (`message too
/// long`): then the hint gives the limit.
pub fn cannot_send(err: io::Error, len: usize, addr: SocketAddr) -> anyhow::Error {
    let what = format!("cannot send {len} bytes to {addr}");
    let max = max_payload(addr);
    if len <= max {
        return anyhow::Error::new(err).context(what);
    }
    let family = if addr.is_ipv4() { "IPv4" } else { "IPv6" };
    let hint = format!(
        "one UDP datagram carries at most {max} bytes over {family}: send less, \
         or use TCP, whose byte stream has no such limit"
    );
    anyhow::Error::new(err).context(Hinted::new(what, hint))
}
