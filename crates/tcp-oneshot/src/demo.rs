//! `tcp-oneshot demo`: the server and the client in one process, on a port the
//! system picks, each line labelled with the side that printed it.

use std::net::SocketAddr;
use std::thread;

use anyhow::{Result, anyhow};
use common::Labelled;

use crate::{client, server};

/// Runs the whole call: the server stands by on `127.0.0.1:0`, answers in a
/// thread, and the client calls it with the article's message.
///
/// # Errors
/// When either side fails (the server's error first); both are waited for.
pub fn run() -> Result<()> {
    let mut server_out = Labelled::new("server | ");
    let loopback: SocketAddr = ([127, 0, 0, 1], 0).into();
    let phone = server::stand_by(loopback, &mut server_out)?;
    let addr = common::bound_addr(&phone)?;
    let answering =
        thread::spawn(move || server::answer_one_call(phone, &mut server_out));
    let called = client::run(
        addr,
        client::DEFAULT_MESSAGE,
        client::ANSWER_TIMEOUT,
        &mut Labelled::new("client | "),
    );
    let answered = answering
        .join()
        .map_err(|_| anyhow!("the server thread panicked"))?;
    // The server's failure first: when both fail, it is usually the cause
    // (a server that stops mid-call makes the client's call fail too).
    answered.and(called)
}
