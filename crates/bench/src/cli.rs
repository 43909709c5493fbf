//! The command line's shared pieces: the default addresses, how much a load
//! may do, and the parsers of addresses, sizes and durations. Each mode's
//! `Args` (its parameters, which are its command line) is built of them.

use std::net::SocketAddr;
use std::time::Duration;

use clap::builder::TypedValueParser;

/// Where the TCP modes call and the reference server answers unless `--addr`
/// says otherwise: lesson 2's default, so `bench rtt` measures `tcp-loop server`.
pub const DEFAULT_TCP_ADDR: &str = "127.0.0.1:8080";

/// Where `udp-rtt` sends unless told otherwise: lesson 3's default.
pub const DEFAULT_UDP_ADDR: &str = "127.0.0.1:9000";

/// How much a load may do: at most `count` rounds, for at most `time`, and no
/// socket operation waits longer than `timeout`.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Limits {
    /// The most rounds (round trips, calls, runs).
    #[arg(long, default_value_t = 1000, value_parser = count(u32::MAX))]
    pub count: usize,
    /// Stop after this many seconds even if rounds are left.
    #[arg(long = "seconds", value_name = "SECONDS", default_value = "5", value_parser = parse_secs)]
    pub time: Duration,
    /// The longest one connect, read or write may wait, in milliseconds.
    #[arg(long = "timeout-ms", value_name = "TIMEOUT_MS", default_value = "5000", value_parser = parse_millis)]
    pub timeout: Duration,
}

/// The server a load calls and watches: where it answers, its process (for
/// its memory in `/proc`), and how long one socket operation may wait.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Server {
    /// Where the server answers: IP:PORT on loopback.
    #[arg(long, default_value = DEFAULT_TCP_ADDR, value_parser = loopback)]
    pub addr: SocketAddr,
    /// The server's process id, for its memory in /proc (Linux); found by
    /// the port of --addr when left out.
    #[arg(long)]
    pub pid: Option<u32>,
    /// The longest one connect, read or write may wait, in milliseconds.
    #[arg(long = "timeout-ms", value_name = "TIMEOUT_MS", default_value = "5000", value_parser = parse_millis)]
    pub timeout: Duration,
}

impl Server {
    /// The same settings, aimed at the server at `addr`, process `pid`.
    pub fn at(self, addr: SocketAddr, pid: Option<u32>) -> Server {
        Server { addr, pid, ..self }
    }
}

/// A count from 1 to `max`.
pub fn count(max: u32) -> impl TypedValueParser<Value = usize> {
    clap::value_parser!(u32)
        .range(1..=i64::from(max))
        .map(|n| n as usize)
}

/// An `--addr` on loopback: a load generator is for your own machine.
pub fn loopback(text: &str) -> Result<SocketAddr, String> {
    let addr = common::parse_addr(text)?;
    if addr.ip().is_loopback() {
        Ok(addr)
    } else {
        Err(format!(
            "`{text}` is not a loopback address: the bench loads your own machine \
             only, 127.0.0.1 or [::1]"
        ))
    }
}

/// `4096`, `4KiB`, `4K`, `64MiB`, `1GiB`: a size in bytes.
pub fn parse_size(text: &str) -> Result<usize, String> {
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let scale: Option<usize> =
        match text[digits.len()..].to_ascii_lowercase().as_str() {
            "" | "b" => Some(1),
            "k" | "kib" => Some(1 << 10),
            "m" | "mib" => Some(1 << 20),
            "g" | "gib" => Some(1 << 30),
            _ => None,
        };
    let n = scale.and_then(|s| digits.parse::<usize>().ok()?.checked_mul(s));
    match n {
        Some(0) => Err("a size of 0 sends nothing: give 1 or more".to_string()),
        Some(n) => Ok(n),
        None => Err(format!(
            "`{text}`: write a size such as 4096, 4KiB or 64MiB"
        )),
    }
}

/// A positive number of seconds, such as `5` or `0.5`.
pub fn parse_secs(text: &str) -> Result<Duration, String> {
    match text.parse::<f64>() {
        Ok(s) if s > 0.0 && s <= 3600.0 => Ok(Duration::from_secs_f64(s)),
        _ => Err(format!(
            "`{text}`: give seconds above 0 (at most 3600), such as 5 or 0.5"
        )),
    }
}

/// A positive number of milliseconds.
pub fn parse_millis(text: &str) -> Result<Duration, String> {
    match text.parse::<u64>() {
        Ok(ms) if (1..=3_600_000).contains(&ms) => Ok(Duration::from_millis(ms)),
        _ => Err(format!(
            "`{text}`: give milliseconds, 1 or more, such as 200"
        )),
    }
}
