//! `tcp-loop demo`: the server and two clients in one process, on a port the
//! system picks, each line labelled with the side that printed it. The
//! callers come one after the other, and the server answers both.

use std::net::SocketAddr;
use std::thread;

use anyhow::{Result, anyhow};
use common::Labelled;

use crate::{client, server};

/// What the first caller types, one message per line. The empty line is
/// skipped, as the client skips it.
pub const FIRST_CALLER: &[u8] = b"hello\n\nLHF nb\n";

/// What the second caller types.
pub const SECOND_CALLER: &[u8] = b"one more caller\n";

/// Runs the whole session: the server stands by on `127.0.0.1:0` and answers
/// two calls in a thread; two clients call it one after the other.
///
/// # Errors
/// When either side fails. When a client fails, its error is returned at
/// once, without waiting for the server, which may still wait for a caller.
pub fn run() -> Result<()> {
    let mut server_out = Labelled::new("server   | ");
    let loopback: SocketAddr = ([127, 0, 0, 1], 0).into();
    let phone = server::stand_by(loopback, true, &mut server_out)?;
    let addr = common::bound_addr(&phone)?;
    let answering = thread::spawn(move || -> Result<()> {
        // Two turns of the connection loop: one per caller.
        server::answer_next_call(&phone, server::WRITE_TIMEOUT, &mut server_out)?;
        server::answer_next_call(&phone, server::WRITE_TIMEOUT, &mut server_out)
    });
    let mut first = FIRST_CALLER;
    client::run(addr, &mut first, false, &mut Labelled::new("client 1 | "))?;
    let mut second = SECOND_CALLER;
    client::run(addr, &mut second, false, &mut Labelled::new("client 2 | "))?;
    answering
        .join()
        .map_err(|_| anyhow!("the server thread panicked"))?
}
