//! Exercise "idle": hang up on a caller who has said nothing for a while.
//!
//! A blocking server would give each read a timeout. The loop has no read
//! that waits; it has one wait for everything, `poll`, and its timeout. So
//! the server keeps each caller's deadline, sorted, and lets `poll` wait no
//! longer than until the first one. A caller heard from since its deadline
//! was set is not hung up on: it gets a new deadline instead, so the loop
//! does not have to touch the sorted deadlines on every message.

use std::collections::BTreeSet;
use std::io::Write;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::Result;
use mio::{Events, Token};

use crate::callers::Callers;
use crate::server::Server;

/// Every caller's deadline, the earliest first.
pub type Deadlines = BTreeSet<(Instant, Token)>;

/// The lesson's server, hanging up on callers silent for `idle`.
///
/// # Errors
/// As the lesson's server: the address cannot be taken, or `out` is closed.
pub fn serve(addr: SocketAddr, idle: Duration, out: &mut dyn Write) -> Result<()> {
    // ANCHOR: idle_server
    let mut server = Server::stand_by(addr, out)?;
    let mut events = Events::with_capacity(1024);
    let mut deadlines = Deadlines::new();
    loop {
        // New: poll waits no longer than until the first deadline.
        let now = Instant::now();
        let timeout = deadlines
            .first()
            .map(|(at, _)| at.saturating_duration_since(now));
        server.turn(&mut events, timeout, out)?;
        let now = Instant::now();
        for &token in &server.picked_up {
            deadlines.insert((now + idle, token));
        }
        for token in silent_callers(&mut deadlines, &server.callers, idle, now) {
            if let Some(caller) = server.callers.get(token) {
                let (peer, ms) = (caller.peer, idle.as_millis());
                writeln!(
                    out,
                    "client {peer} said nothing for {ms} ms; hung up on it"
                )?;
            }
            server.hang_up(token);
        }
    }
    // ANCHOR_END: idle_server
}

/// Takes every deadline up to `now` out of `deadlines` and returns the
/// tokens of the callers who have said nothing for `idle`. A caller heard
/// from since (its `since` is later) gets a new deadline, `since + idle`; a
/// token whose caller has gone is forgotten.
pub fn silent_callers(
    deadlines: &mut Deadlines,
    callers: &Callers,
    idle: Duration,
    now: Instant,
) -> Vec<Token> {
    // SOLUTION: begin pop the deadlines that have passed; a caller heard from since gets a new one
    // ANCHOR: silent_callers
    let mut silent = Vec::new();
    while let Some(&(at, token)) = deadlines.first() {
        if at > now {
            break;
        }
        deadlines.pop_first();
        let Some(caller) = callers.get(token) else {
            continue;
        };
        let due = caller.since + idle;
        if due > now {
            deadlines.insert((due, token));
        } else {
            silent.push(token);
        }
    }
    silent
    // ANCHOR_END: silent_callers
    // SOLUTION: end
}
