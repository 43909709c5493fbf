//! The article's UDP client: nothing to dial. Post each message as one
//! datagram to the server's address, and wait, for a limited time, for the
//! answer: nothing else tells the client whether anyone is there.

use std::io::{self, BufRead, IsTerminal, Write};
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
    /// How many times to send a message again when no answer came in time.
    pub retries: u32,
    /// Print a line on stderr for each datagram sent, and for each one
    /// received from someone other than the server.
    pub verbose: bool,
}

impl Default for Patience {
    fn default() -> Self {
        Patience {
            timeout: Duration::from_millis(DEFAULT_TIMEOUT_MS),
            retries: 0,
            verbose: false,
        }
    }
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
    // ANCHOR: phone
    // Buy a phone: a UDP (datagram) socket. There is no number to dial: at
    // the first send_to the system binds it to a free port, which becomes
    // the return address on every letter.
    let phone = Socket::new(Domain::for_address(addr), Type::DGRAM, None)
        .context("cannot create a UDP socket")?;
    let phone = UdpSocket::from(phone);
    // ANCHOR_END: phone

    // ANCHOR: comm_loop
    // The communication loop: one letter per message, one answer per letter.
    let mut buf = vec![0u8; MAX_IPV6_PAYLOAD];
    for message in messages {
        let message = message.context("cannot read the message")?;
        let n = exchange(&phone, addr, &message, patience, &mut buf)?;
        common::output::print_reply(out, &buf[..n])?;
    }
    // ANCHOR_END: comm_loop

    // ANCHOR: close
    // Close: nobody is told. There was no call, so there is nothing to hang up.
    drop(phone);
    // ANCHOR_END: close
    Ok(())
}

/// Posts `message` to `addr` and waits for the answer, posting it again up
/// to `patience.retries` times. Returns the answer's length; the answer is
/// at the start of `buf`.
fn exchange(
    phone: &UdpSocket,
    addr: SocketAddr,
    message: &[u8],
    patience: Patience,
    buf: &mut [u8],
) -> Result<usize> {
    let tries = patience.retries.saturating_add(1);
    let ms = patience.timeout.as_millis();
    // ANCHOR: post
    for attempt in 1..=tries {
        // Post the letter: send_to hands one datagram to the system and
        // returns. It succeeds whether or not anyone is bound at `addr`.
        phone
            .send_to(message, addr)
            .map_err(|err| cannot_send(err, message.len(), addr))?;
        if patience.verbose {
            let len = message.len();
            eprintln!(
                "sent {len} bytes to {addr}; waiting up to {ms} ms for the answer"
            );
        }
        // Wait for the answer, but not forever: a datagram can be lost, or
        // reach a port where no program receives it, and nobody says so.
        if let Some(n) = wait_for_answer(phone, addr, patience, buf)? {
            return Ok(n);
        }
        if attempt < tries {
            let next = attempt + 1;
            eprintln!(
                "no reply from {addr} within {ms} ms; \
                 sending again (try {next} of {tries})"
            );
        }
    }
    // ANCHOR_END: post
    Err(no_reply(addr, patience.timeout, tries))
}

/// Receives until a datagram from `addr` arrives (returns its length) or
/// `patience.timeout` has passed (returns `None`).
fn wait_for_answer(
    phone: &UdpSocket,
    addr: SocketAddr,
    patience: Patience,
    buf: &mut [u8],
) -> Result<Option<usize>> {
    let deadline = Instant::now() + patience.timeout;
    // ANCHOR: wait
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(None);
        }
        phone.set_read_timeout(Some(left))?;
        // Receive a letter: one datagram, and the address it came from.
        match phone.recv_from(buf) {
            Ok((n, from)) if from == addr => return Ok(Some(n)),
            // Any program can post to this port: only the server's letter
            // is the answer, so a letter from anyone else is not printed.
            Ok((n, from)) => {
                if patience.verbose {
                    eprintln!("ignored {n} bytes from {from}: not the server");
                }
            }
            Err(err) if common::is_timeout(&err) => return Ok(None),
            // A signal (Ctrl-Z, then fg) cut the wait short: wait on.
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            // Windows: an earlier datagram found no one. Keep waiting.
            Err(err) if err.kind() == io::ErrorKind::ConnectionReset => {}
            Err(err) => return Err(err).context("cannot receive the answer"),
        }
    }
    // ANCHOR_END: wait
}

/// The error when no answer came: UDP cannot say why, so the hint says what
/// to check.
pub fn no_reply(addr: SocketAddr, timeout: Duration, tries: u32) -> anyhow::Error {
    let ms = timeout.as_millis();
    let what = if tries > 1 {
        format!("no reply from {addr} within {ms} ms (sent {tries} times)")
    } else {
        format!("no reply from {addr} within {ms} ms")
    };
    Hinted::new(
        what,
        "UDP does not tell the sender whether anyone is listening: is the server \
         running? start it with `udp-echo server`, give both sides the same --addr, \
         or wait longer with --timeout-ms and --retries",
    )
    .into()
}

/// The error when `send_to` refuses a message of `len` bytes. The usual
/// cause is a message longer than one datagram can carry (EMSGSIZE,
/// `message too long`): then the hint gives the limit.
fn cannot_send(err: io::Error, len: usize, addr: SocketAddr) -> anyhow::Error {
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

/// The messages typed or piped on stdin, one per line, without the line end
/// (`\n` or `\r\n`). An empty line is an empty message: a UDP datagram may
/// carry no bytes at all. When stdin is a terminal, the article's `>>>: `
/// prompt is shown on stderr before each line.
pub fn stdin_lines() -> impl Iterator<Item = io::Result<Vec<u8>>> {
    let interactive = io::stdin().is_terminal();
    let mut input = io::stdin().lock();
    std::iter::from_fn(move || {
        if interactive {
            eprint!(">>>: ");
        }
        let mut line = Vec::new();
        match input.read_until(b'\n', &mut line) {
            Ok(0) => {
                if interactive {
                    eprintln!();
                }
                None
            }
            Ok(_) => {
                if line.ends_with(b"\n") {
                    line.pop();
                    if line.ends_with(b"\r") {
                        line.pop();
                    }
                }
                Some(Ok(line))
            }
            Err(err) => Some(Err(err)),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_reply_says_how_often_it_tried() {
        let addr: SocketAddr = ([127, 0, 0, 1], 9000).into();
        let once = no_reply(addr, Duration::from_millis(250), 1).to_string();
        assert_eq!(once, "no reply from 127.0.0.1:9000 within 250 ms");
        let thrice = no_reply(addr, Duration::from_millis(250), 3).to_string();
        assert!(thrice.ends_with("(sent 3 times)"), "{thrice}");
    }

    #[test]
    fn only_a_message_over_the_limit_gets_the_limit_hint() {
        let v6: SocketAddr = "[::1]:9000".parse().unwrap();
        let err = io::Error::other("message too long");
        let long = cannot_send(err, 70_000, v6);
        let hint = common::report::hint_for(&long, "udp-echo").unwrap();
        assert!(hint.contains("65527 bytes over IPv6"), "{hint}");
        let short = cannot_send(io::Error::other("unreachable"), 10, v6);
        assert!(common::report::hint_for(&short, "udp-echo").is_none());
    }
}
