//! Exercise "chat": a chat room. Every line a caller says goes to every other
//! caller on the line, as `127.0.0.1:50001: hello`. Talk to it with
//! `nc 127.0.0.1 8081` (or `telnet`) in several terminals.
//!
//! Each caller has a thread, as in the lesson; what is new is state that all
//! those threads share: who is in the room, and a way to speak to each. It
//! lives behind one lock, in one place, shared through an `Arc`.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::Duration;

use anyhow::Result;

use crate::callers::{Callers, Place};
use crate::log::Log;
use crate::server::{self, Settings, Switchboard};
use crate::{MAX_CALLERS, STACK_SIZE, call};

/// How long the room waits for one member to take a line before it gives up
/// on that member: while it waits, it holds the lock, and nobody else can
/// speak.
pub const SLOW_MEMBER: Duration = Duration::from_secs(1);

/// The longest line a member may say; a longer one is cut there.
pub const LONGEST_LINE: usize = 4096;

// ANCHOR: room
/// Everyone on the line: each caller's address, and a handle on their call
/// to speak to them.
#[derive(Debug, Default)]
pub struct Room {
    members: Mutex<HashMap<String, TcpStream>>,
}
// ANCHOR_END: room

impl Room {
    /// Locks the room. (A panic while it is held cannot leave the map half
    /// changed, so a poisoned lock is used as it is.)
    fn members(&self) -> MutexGuard<'_, HashMap<String, TcpStream>> {
        self.members.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `peer` enters the room: from now on, others' lines reach `conn`.
    pub fn enter(&self, peer: &str, conn: TcpStream) {
        self.members().insert(peer.to_string(), conn);
    }

    /// `peer` leaves the room.
    pub fn leave(&self, peer: &str) {
        self.members().remove(peer);
    }

    /// How many are in the room.
    pub fn len(&self) -> usize {
        self.members().len()
    }

    /// Whether the room is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Says `line` (without its newline), from `from`, to every member but
    /// `from`: `FROM: LINE` and a newline. A member whose call fails, or
    /// who does not take the line within [`SLOW_MEMBER`], is left out of it;
    /// their own thread finds the call's end and leaves the room.
    pub fn say(&self, from: &str, line: &[u8]) {
        // SOLUTION: begin send `FROM: LINE\n` to every member but `from`, holding the lock once
        // ANCHOR: say
        let mut said = Vec::with_capacity(from.len() + line.len() + 3);
        said.extend_from_slice(from.as_bytes());
        said.extend_from_slice(b": ");
        said.extend_from_slice(line);
        said.push(b'\n');
        for (peer, conn) in self.members().iter_mut() {
            if peer != from {
                let _ = conn.write_all(&said);
            }
        }
        // ANCHOR_END: say
        // SOLUTION: end
    }
}

/// The chat server: stands by at `addr`, then gives every caller a thread
/// that reads their lines and says each to the room. The log goes to `out`.
///
/// # Errors
/// As the lesson's server.
pub fn serve(addr: SocketAddr, mut out: impl Write + Send + 'static) -> Result<()> {
    // ANCHOR: chat_server
    let phone = server::stand_by(addr, &mut out)?;
    let log = Log::start(out)?;
    let settings = Settings {
        max_callers: MAX_CALLERS,
        workers: None,
        write_timeout: call::WRITE_TIMEOUT,
    };
    let callers = Callers::new(settings.max_callers);
    let mut switchboard = Switchboard::new(phone, callers, &settings, log.clone());
    // New: one room, shared by every caller's thread.
    let room = Arc::new(Room::default());
    loop {
        let Some((conn, peer, place)) = switchboard.pick_up()? else {
            continue;
        };
        let (room, member_log) = (Arc::clone(&room), log.clone());
        let started = thread::Builder::new()
            .stack_size(STACK_SIZE)
            .spawn(move || chat(conn, &peer, place, &room, &member_log));
        if started.is_err() {
            log.line("no thread for a caller: hung up")?;
        }
    }
    // ANCHOR_END: chat_server
}

/// One caller in the room: enter, say each line to the others, leave.
fn chat(conn: TcpStream, peer: &str, place: Place, room: &Room, log: &Log) {
    let ended = match talk(conn, peer, room, log) {
        Ok(()) => format!("{peer} left the room"),
        Err(err) => format!("{peer} left the room: {}", common::describe_io(&err)),
    };
    // Leave whatever happened, or the others would speak to a dead call.
    room.leave(peer);
    drop(place);
    let _ = log.line(ended);
}

fn talk(conn: TcpStream, peer: &str, room: &Room, log: &Log) -> io::Result<()> {
    let speaker = conn.try_clone()?;
    speaker.set_write_timeout(Some(SLOW_MEMBER))?;
    room.enter(peer, speaker);
    log.line(format!("{peer} entered the room ({} in it)", room.len()))?;
    // At most LONGEST_LINE bytes a line: a caller who never sends a newline
    // cannot make the buffer grow without end.
    let mut lines = BufReader::new(conn);
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = (&mut lines)
            .take(LONGEST_LINE as u64)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(());
        }
        let said = line.strip_suffix(b"\n").unwrap_or(&line);
        let said = said.strip_suffix(b"\r").unwrap_or(said);
        log.line(format!("{peer} says {}", common::show_bytes(said)))?;
        room.say(peer, said);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_room() {
        let room = Room::default();
        assert!(room.is_empty());
        room.say("nobody", b"hello?");
    }
}
