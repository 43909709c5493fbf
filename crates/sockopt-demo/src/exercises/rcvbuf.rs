//! Exercise `rcvbuf`: an experiment of your own. How far can a sender get
//! ahead of a peer that does not read, and what does the peer's `SO_RCVBUF`
//! change? You write the measurement; the experiment runs it for several
//! sizes and prints what the kernel did.

use std::io::{self, Write};
use std::net::TcpStream;

use anyhow::Result;
use socket2::{Domain, Socket, Type};

use crate::exercises::largest_write::fill;
use crate::topics::loopback;

/// The receive buffer sizes the experiment asks for, smallest first.
pub const SIZES: [usize; 4] = [4 * 1024, 16 * 1024, 64 * 1024, 256 * 1024];

/// The caller's send buffer, set small and fixed so that what it holds does
/// not hide what the peer's buffer takes in (Linux would otherwise grow it,
/// on loopback, to megabytes).
pub const SNDBUF: usize = 4 * 1024;

/// What one measurement saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measured {
    /// `SO_RCVBUF` read back on the peer's end of the call.
    pub granted: usize,
    /// The bytes the caller's non-blocking writes got rid of before
    /// `WouldBlock`: what the two kernels hold between them.
    pub taken: usize,
}

// ANCHOR: measure_signature
/// Makes a call over loopback whose listening end asked for `rcvbuf` bytes
/// of receive buffer (set before `listen`, so the peer's end of the call
/// inherits it and offers a window to match) and whose caller has a send
/// buffer of [`SNDBUF`]; then fills the call from the caller, non-blocking,
/// while the peer reads nothing.
///
/// # Errors
/// When a socket call on loopback fails.
pub fn measure(rcvbuf: usize) -> io::Result<Measured> {
    // ANCHOR_END: measure_signature
    // SOLUTION: begin a listener with SO_RCVBUF set before listen, a caller with SO_SNDBUF = SNDBUF, accept, read SO_RCVBUF back, fill the caller
    // ANCHOR: measure
    let listener = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    listener.set_recv_buffer_size(rcvbuf)?;
    listener.bind(&loopback(0).into())?;
    listener.listen(1)?;
    let caller = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    caller.set_send_buffer_size(SNDBUF)?;
    caller.connect(&listener.local_addr()?)?;
    let (peer, _) = listener.accept()?;
    let granted = peer.recv_buffer_size()?;
    let mut caller = TcpStream::from(caller);
    caller.set_nonblocking(true)?;
    let taken = fill(&mut caller, &[b'x'; 1024])?;
    Ok(Measured { granted, taken })
    // ANCHOR_END: measure
    // SOLUTION: end
}

/// Measures each of [`SIZES`] and prints what it saw.
///
/// # Errors
/// When a socket call on loopback fails, or `measure` does.
pub fn run(out: &mut dyn Write) -> Result<()> {
    writeln!(out, "caller SO_SNDBUF asked: {SNDBUF}")?;
    for asked in SIZES {
        let seen = measure(asked)?;
        writeln!(
            out,
            "SO_RCVBUF asked {asked}: granted {}, taken {}",
            seen.granted, seen.taken
        )?;
    }
    Ok(())
}
