//! Exercise "count": `kill -USR1 PID` makes the server say how many callers
//! it has: `3 callers on the line (1 with answers waiting, 0 paused)`.
//!
//! A signal arrives at any moment, in the middle of anything, and a signal
//! handler may do almost nothing safely. The classic way to bring it into an
//! event loop is the self-pipe: the handler writes one byte into a pipe,
//! and the loop watches the other end like any socket. `signal-hook` writes
//! the byte; mio's `UnixStream::pair` is the pipe.

use std::fmt;
use std::io::Write;
use std::net::SocketAddr;

use anyhow::Result;

use crate::callers::Callers;

/// What the server says when asked.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Census {
    /// Callers on the line.
    pub on_line: usize,
    /// Callers with answers they have not taken yet.
    pub waiting: usize,
    /// Callers not read from until they take their answers (backpressure).
    pub paused: usize,
}

impl fmt::Display for Census {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let callers = if self.on_line == 1 {
            "caller"
        } else {
            "callers"
        };
        write!(
            f,
            "{} {callers} on the line ({} with answers waiting, {} paused)",
            self.on_line, self.waiting, self.paused
        )
    }
}

/// Counts the callers in `callers`.
pub fn census(callers: &Callers) -> Census {
    // SOLUTION: begin count the callers, those with unsent answers, and those paused
    // ANCHOR: census
    let mut census = Census::default();
    for (_, caller) in callers.iter() {
        census.on_line += 1;
        if !caller.unsent.is_empty() {
            census.waiting += 1;
        }
        if caller.paused {
            census.paused += 1;
        }
    }
    census
    // ANCHOR_END: census
    // SOLUTION: end
}

/// The lesson's server, saying how many callers it has on SIGUSR1.
///
/// # Errors
/// As the lesson's server, or when the signal cannot be watched (on systems
/// without Unix signals, always).
#[cfg(unix)]
pub fn serve(addr: SocketAddr, out: &mut dyn Write) -> Result<()> {
    use std::io::Read;

    use anyhow::Context;
    use mio::net::UnixStream;
    use mio::{Events, Interest, Token};

    use crate::server::Server;

    /// The token of the pipe's reading end.
    const BELL: Token = Token(usize::MAX - 1);
    // ANCHOR: count_server
    let mut server = Server::stand_by(addr, out)?;
    // The self-pipe: on SIGUSR1 the handler writes a byte into `ring`, and
    // poll watches `bell`, the other end, with the callers' sockets.
    let (mut bell, ring) = UnixStream::pair().context("cannot make a pipe")?;
    signal_hook::low_level::pipe::register(signal_hook::consts::SIGUSR1, ring)
        .context("cannot watch SIGUSR1")?;
    server
        .registry()
        .register(&mut bell, BELL, Interest::READABLE)
        .context("cannot watch the pipe")?;
    let mut events = Events::with_capacity(1024);
    loop {
        server.turn(&mut events, None, out)?;
        if events.iter().any(|event| event.token() == BELL) {
            // Empty the pipe (edge-triggered: until it has nothing more).
            let mut rung = [0u8; 64];
            while matches!(bell.read(&mut rung), Ok(n) if n > 0) {}
            writeln!(out, "{}", census(&server.callers))?;
        }
    }
    // ANCHOR_END: count_server
}

/// Signals are a Unix thing; elsewhere this exercise cannot run.
///
/// # Errors
/// Always.
#[cfg(not(unix))]
pub fn serve(_addr: SocketAddr, _out: &mut dyn Write) -> Result<()> {
    anyhow::bail!("the count exercise needs Unix signals (SIGUSR1)")
}
