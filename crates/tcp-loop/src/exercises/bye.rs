//! Exercise "bye": the server's communication loop, written by you, with one
//! addition: when the caller says `bye`, the server answers it and hangs up
//! itself, rather than waiting for the caller to.
//!
//! Either side may end a call. When the server does, the caller hears the end
//! of the call on its next read: the lesson's client says "the server at ADDR
//! hung up before it answered" if it had more to say.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};

use anyhow::Result;

use crate::{BUFSIZE, server};

/// How a call of this server ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The caller hung up: a read gave 0 bytes.
    CallerHungUp,
    /// The caller said `bye`: the server answered and ends the call.
    SaidBye,
}

/// The lesson's server, with [`talk_until_bye`] as its communication loop.
///
/// # Errors
/// As the lesson's server: the address cannot be taken, or `out` is closed.
pub fn serve(addr: SocketAddr, out: &mut dyn Write) -> Result<()> {
    // ANCHOR: bye_server
    let phone = server::stand_by(addr, true, out)?;
    loop {
        let Some((mut conn, peer)) = server::pick_up(&phone, out)? else {
            continue;
        };
        // New: your communication loop says how the call ended.
        match talk_until_bye(&mut conn, out) {
            Ok(Ended::CallerHungUp) => writeln!(out, "client {peer} hung up")?,
            Ok(Ended::SaidBye) => writeln!(out, "hung up on client {peer}: bye")?,
            Err(err) => {
                let cause = common::describe_io(&err);
                writeln!(out, "client {peer} broke the call: {cause}")?;
            }
        }
        drop(conn);
    }
    // ANCHOR_END: bye_server
}

// ANCHOR: talk_until_bye_signature
/// The communication loop: hears what the caller says, prints it as
/// `from client msg: b'...'`, says it back upper-cased; again and again,
/// until the caller hangs up or says `bye` (spaces around it allowed), which
/// is answered before the server ends the call.
///
/// # Errors
/// When a read or write fails (the caller reset the call), or `out` is closed.
pub fn talk_until_bye(
    conn: &mut TcpStream,
    out: &mut dyn Write,
) -> io::Result<Ended> {
    // ANCHOR_END: talk_until_bye_signature
    // SOLUTION: begin read; 0 ends the call; print and answer upper-cased; after answering bye, end the call
    // ANCHOR: talk_until_bye
    let mut buf = [0u8; BUFSIZE];
    loop {
        let n = conn.read(&mut buf)?;
        if n == 0 {
            return Ok(Ended::CallerHungUp);
        }
        let heard = &buf[..n];
        writeln!(out, "from client msg: {}", common::show_bytes(heard))?;
        conn.write_all(&common::upper(heard))?;
        if heard.trim_ascii() == b"bye" {
            return Ok(Ended::SaidBye);
        }
    }
    // ANCHOR_END: talk_until_bye
    // SOLUTION: end
}
