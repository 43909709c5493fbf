//! Exercise "chat": a chat room. What one caller says, every other caller on
//! the line hears, after who said it: `[127.0.0.1:50002] hello`. The caller's
//! own words do not come back.
//!
//! The tasks talk to each other through a broadcast channel: each caller's
//! task sends what it hears into the room and receives what the others said.
//! A caller who does not read falls behind; the room keeps the last [`ROOM`]
//! messages for it, and then tells it how many it missed.

use std::io::{self, Write};
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Result;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::broadcast::{self, error::RecvError};

use crate::call::{self, Call, Ended};
use crate::log::Log;
use crate::server::{self, Settings};

/// How many messages the room keeps for a caller who is behind.
pub const ROOM: usize = 64;

/// One message in the room: who said it, and the bytes.
#[derive(Debug, Clone)]
pub struct Said {
    /// The caller who said it.
    pub by: SocketAddr,
    /// What one read heard, shared by every caller's copy of the message.
    pub words: Arc<[u8]>,
}

/// The lesson's server, with one room for everyone and [`answer`] as each
/// caller's task.
///
/// # Errors
/// As the lesson's server.
pub fn serve(
    addr: SocketAddr,
    settings: Settings,
    out: Box<dyn Write + Send>,
) -> Result<()> {
    // ANCHOR: chat_server
    // One room. Each caller's task gets a sender, and a receiver of its own,
    // subscribed as the call is picked up: from then on it hears every word.
    let (room, _) = broadcast::channel(ROOM);
    server::run_with(addr, settings, out, move |call| {
        let others = room.subscribe();
        answer(call, room.clone(), others)
    })
    // ANCHOR_END: chat_server
}

/// A caller's task: the lesson's [`call::answer`], with [`chat`] instead of
/// the upper-case echo.
pub async fn answer(
    call: Call,
    room: broadcast::Sender<Said>,
    others: broadcast::Receiver<Said>,
) {
    let Call {
        mut conn,
        peer,
        mut hang_up,
        log,
        ..
    } = call;
    let ended = tokio::select! {
        ended = chat(&mut conn, peer, &room, others, &log) => ended,
        _ = hang_up.changed() => Ok(Ended::ClosingTime),
    };
    log.line(call::how_it_ended(peer, &ended));
    drop(conn);
    drop(hang_up);
}

/// The communication loop of the chat room: whichever comes first, what
/// this caller says (sent into the `room`) or what another caller said
/// (received from `others`, written to this one after `[ADDR] `). Returns
/// when the caller hangs up.
///
/// # Errors
/// A read or write that failed.
pub async fn chat(
    conn: &mut TcpStream,
    peer: SocketAddr,
    room: &broadcast::Sender<Said>,
    mut others: broadcast::Receiver<Said>,
    log: &Log,
) -> io::Result<Ended> {
    // SOLUTION: begin in a loop, select! between reading from conn (send it into the room) and receiving from others (write it after `[ADDR] `, unless it is the caller's own)
    // ANCHOR: chat
    let mut buf = [0u8; 1024];
    loop {
        tokio::select! {
            heard = conn.read(&mut buf) => {
                let n = heard?;
                if n == 0 {
                    return Ok(Ended::HungUp);
                }
                let said = common::show_bytes(&buf[..n]);
                log.line(format!("from client {peer} msg: {said}"));
                // Nobody else in the room is not an error.
                let _ = room.send(Said { by: peer, words: buf[..n].into() });
            }
            said = others.recv() => match said {
                Ok(said) if said.by == peer => {}
                Ok(said) => {
                    conn.write_all(format!("[{}] ", said.by).as_bytes()).await?;
                    conn.write_all(&said.words).await?;
                }
                Err(RecvError::Lagged(missed)) => {
                    let note = format!("[missed {missed} messages]\n");
                    conn.write_all(note.as_bytes()).await?;
                }
                Err(RecvError::Closed) => return Ok(Ended::ClosingTime),
            },
        }
    }
    // ANCHOR_END: chat
    // SOLUTION: end
}
