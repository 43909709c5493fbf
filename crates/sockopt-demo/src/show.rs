//! How the experiments print what they observed, so that a learner can read it
//! and a test can parse it: one `key: value` line per observation, errors as
//! their kind and OS code, times in milliseconds.

use std::fmt::Debug;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use socket2::SockAddr;

/// An I/O error as Rust sees it: its `ErrorKind`, then the operating system's
/// code when there is one, as `ConnectionRefused (os error 111)`, or its
/// message when there is none, as `InvalidInput: cannot set a 0 duration
/// timeout`.
pub fn error(err: &io::Error) -> String {
    match err.raw_os_error() {
        Some(code) => format!("{:?} (os error {code})", err.kind()),
        None => format!("{:?}: {err}", err.kind()),
    }
}

/// A call's result as Rust writes it: `Ok(6)`, or `Err(WouldBlock (os error 11))`.
pub fn outcome<T: Debug>(result: &io::Result<T>) -> String {
    match result {
        Ok(value) => format!("Ok({value:?})"),
        Err(err) => format!("Err({})", error(err)),
    }
}

/// A measured time in milliseconds with three decimals (`40.187 ms`), so that
/// even a loopback round trip of a few microseconds shows as more than zero.
pub fn millis(time: Duration) -> String {
    format!("{:.3} ms", time.as_secs_f64() * 1000.0)
}

/// The IP address and port inside a `socket2` address.
///
/// # Errors
/// When the address is not an IP address (a Unix socket's), which no
/// experiment here makes.
pub fn ip(addr: &SockAddr) -> io::Result<SocketAddr> {
    addr.as_socket().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "not an IP address")
    })
}
