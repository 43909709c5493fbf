//! `connect-ex`: dialing a port where nobody listens. `connect` fails with an
//! error; the article's `connect_ex` returns the error's code instead, and 0
//! when the call goes through.

use std::io::{self, Write};
use std::net::{TcpListener, TcpStream};

use anyhow::Result;
use socket2::{Domain, Socket, Type};

use super::loopback;
use crate::show;

/// This system's `ECONNREFUSED`, the code a refused call gives.
#[cfg(target_os = "linux")]
pub const ECONNREFUSED: Option<i32> = Some(111);
/// This system's `ECONNREFUSED`, the code a refused call gives.
#[cfg(any(target_os = "macos", target_os = "ios", target_os = "freebsd"))]
pub const ECONNREFUSED: Option<i32> = Some(61);
/// This system's `ECONNREFUSED` (`WSAECONNREFUSED`).
#[cfg(windows)]
pub const ECONNREFUSED: Option<i32> = Some(10061);
/// Not known here for this system.
#[cfg(not(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    windows
)))]
pub const ECONNREFUSED: Option<i32> = None;

/// Dials a port with no listener both ways, then a port with one.
///
/// # Errors
/// When a socket call on loopback fails.
pub fn run(out: &mut dyn Write) -> Result<()> {
    // ANCHOR: nobody
    // A socket that is bound but does not listen refuses every call, and
    // while we hold it no other program can take its port.
    let silent = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    silent.bind(&loopback(0).into())?;
    let addr = show::ip(&silent.local_addr()?)?;
    writeln!(out, "dialing (bound, not listening): {addr}")?;
    // ANCHOR_END: nobody

    // ANCHOR: connect
    // connect: a refused call is an error; `?` would pass it up to main.
    let called = TcpStream::connect(addr);
    writeln!(out, "connect: {}", show::outcome(&called))?;
    // ANCHOR_END: connect

    // ANCHOR: connect_ex
    // connect_ex: the same call, but the OS error code as a number, 0 for
    // a call that went through.
    let phone = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    let code = match phone.connect(&addr.into()) {
        Ok(()) => 0,
        Err(err) => err.raw_os_error().unwrap_or(-1),
    };
    writeln!(out, "connect_ex code: {code}")?;
    // A code says little by itself: turn it back into an error to read it.
    let meaning = io::Error::from_raw_os_error(code);
    writeln!(out, "code as an error: {}", show::error(&meaning))?;
    // ANCHOR_END: connect_ex
    match ECONNREFUSED {
        Some(refused) => writeln!(out, "ECONNREFUSED on this system: {refused}")?,
        None => writeln!(out, "ECONNREFUSED on this system: not known here")?,
    }

    // ANCHOR: through
    // With someone listening, the call goes through and the code is 0.
    let listener = TcpListener::bind(loopback(0))?;
    let phone = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    let code = match phone.connect(&listener.local_addr()?.into()) {
        Ok(()) => 0,
        Err(err) => err.raw_os_error().unwrap_or(-1),
    };
    writeln!(out, "connect_ex to a listener: {code}")?;
    // ANCHOR_END: through
    Ok(())
}
