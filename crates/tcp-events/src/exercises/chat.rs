//! Exercise "chat": a chat room. Every line a caller sends goes to all the
//! others, with the sender's address in front: `127.0.0.1:50002: hello`.
//!
//! Two things change from the echo. A caller's bytes are cut into lines
//! (TCP has no messages: a read may end in the middle of a line, or hold
//! three), so each member keeps the start of a line until its end arrives.
//! And what one caller says is written to the others: one member who does
//! not read would fill the room's memory, so a member whose unsent lines
//! pass [`UNSENT_LIMIT`] is hung up on.

use std::io::{ErrorKind, Read, Write};
use std::net::SocketAddr;

use anyhow::{Context, Result};
use mio::{Events, Interest, Poll, Token};

use crate::caller::Caller;
use crate::callers::Callers;
use crate::server::{LISTENER, listen};
use crate::{BUFSIZE, UNSENT_LIMIT};

/// A member of the room: the lesson's caller, and the start of a line that
/// has not ended yet.
#[derive(Debug)]
pub struct Member {
    /// The call, and the lines it has not taken yet.
    pub caller: Caller,
    /// What it said after its last newline.
    pub line: Vec<u8>,
}

/// Writes `line` to every member of `room` but `from`, and returns the
/// tokens of the members to hang up on: those whose call broke, and those
/// who have more than [`UNSENT_LIMIT`] bytes of lines they have not taken.
pub fn broadcast(
    room: &mut Callers<Member>,
    from: Token,
    line: &[u8],
) -> Vec<Token> {
    // SOLUTION: begin say the line to every member but the sender; return those too far behind
    // ANCHOR: broadcast
    let mut too_slow = Vec::new();
    for (token, member) in room.iter_mut() {
        if token == from {
            continue;
        }
        let said = member.caller.say(line);
        if said.is_err() || member.caller.unsent.len() > UNSENT_LIMIT {
            too_slow.push(token);
        }
    }
    too_slow
    // ANCHOR_END: broadcast
    // SOLUTION: end
}

/// The chat room at `addr`, for ever.
///
/// # Errors
/// When the address cannot be taken, waiting fails, or `out` is closed.
pub fn serve(addr: SocketAddr, out: &mut dyn Write) -> Result<()> {
    let (listener, _) = listen(addr, out)?;
    let mut listener = mio::net::TcpListener::from_std(listener);
    let mut poll = Poll::new().context("cannot create a poll")?;
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)
        .context("cannot watch the listener")?;
    let mut room: Callers<Member> = Callers::default();
    let mut events = Events::with_capacity(1024);
    let mut buf = vec![0u8; BUFSIZE];
    loop {
        match poll.poll(&mut events, None) {
            Err(err) if err.kind() == ErrorKind::Interrupted => continue,
            waited => waited.context("cannot wait for events")?,
        }
        for event in &events {
            if event.token() == LISTENER {
                // Every caller waiting, as in the lesson (without its pause
                // when out of descriptors: see the lesson's server).
                while let Ok((mut conn, peer)) = listener.accept() {
                    let token = room.next_token();
                    poll.registry().register(
                        &mut conn,
                        token,
                        Interest::READABLE,
                    )?;
                    let caller = Caller::new(conn, peer);
                    room.insert(Member {
                        caller,
                        line: Vec::new(),
                    });
                    writeln!(out, "client : {peer} joined")?;
                }
                continue;
            }
            let gone = hear(&mut room, event.token(), &mut buf, out)?;
            for token in gone {
                leave(&mut poll, &mut room, token, out)?;
            }
        }
        // Broadcasts changed what others have unsent: watch for writable
        // exactly those who have lines waiting.
        for (token, member) in room.iter_mut() {
            let caller = &mut member.caller;
            if let Some(wanted) = caller.wanted().filter(|w| *w != caller.watching) {
                caller.watching = wanted;
                poll.registry()
                    .reregister(&mut caller.conn, token, wanted)?;
            }
        }
    }
}

/// Serves the member with `token`: writes its unsent lines, reads what it
/// said until `WouldBlock`, and says each whole line to the others. Returns
/// the members to hang up on (this one too, when it has hung up).
fn hear(
    room: &mut Callers<Member>,
    token: Token,
    buf: &mut [u8],
    out: &mut dyn Write,
) -> Result<Vec<Token>> {
    let Some(member) = room.get_mut(token) else {
        return Ok(Vec::new());
    };
    let peer = member.caller.peer;
    let mut lines = Vec::new();
    let mut gone = Vec::new();
    if member.caller.write_unsent(out).is_err() {
        gone.push(token);
    }
    loop {
        match member.caller.conn.read(buf) {
            Ok(0) => gone.push(token),
            Ok(n) => {
                member.line.extend_from_slice(&buf[..n]);
                while let Some(end) = member.line.iter().position(|&b| b == b'\n') {
                    let mut said = format!("{peer}: ").into_bytes();
                    said.extend(member.line.drain(..=end));
                    lines.push(said);
                }
                if member.line.len() > UNSENT_LIMIT {
                    gone.push(token);
                }
                continue;
            }
            Err(err) if err.kind() == ErrorKind::WouldBlock => {}
            Err(err) if err.kind() == ErrorKind::Interrupted => continue,
            Err(_) => gone.push(token),
        }
        break;
    }
    for line in lines {
        writeln!(out, "{}", common::show_bytes(&line))?;
        gone.extend(broadcast(room, token, &line));
    }
    Ok(gone)
}

/// Hangs up on a member (once, however many reasons there were).
fn leave(
    poll: &mut Poll,
    room: &mut Callers<Member>,
    token: Token,
    out: &mut dyn Write,
) -> Result<()> {
    if let Some(mut member) = room.remove(token) {
        let _ = poll.registry().deregister(&mut member.caller.conn);
        writeln!(out, "client {} left", member.caller.peer)?;
    }
    Ok(())
}
