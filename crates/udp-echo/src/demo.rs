//! `udp-echo demo`: the server and the client in one process, on a port the
//! system picks, each line labelled with the side that printed it.

use std::thread;
use std::time::Duration;

use anyhow::{Result, anyhow};
use common::Labelled;

use crate::client::{self, DEFAULT_TIMEOUT_MS, Patience};
use crate::{DEFAULT_BUFSIZE, server};

/// What the demo's client posts: the article's message, then another.
pub const MESSAGES: [&[u8]; 2] = [b"LHF nb", b"hello, udp"];

/// Runs the whole exchange: the server binds `127.0.0.1:0` and answers in a
/// thread, and the client posts [`MESSAGES`] to it, one letter each.
///
/// # Errors
/// When either side fails; both are waited for first.
pub fn run() -> Result<()> {
    let mut server_out = Labelled::new("server | ");
    let post_box = server::bind(([127, 0, 0, 1], 0).into(), &mut server_out)?;
    let addr = post_box.local_addr()?;
    // The demo's server answers the demo's letters and stops; if a letter
    // never came, this timeout ends its wait instead of hanging the demo.
    post_box.set_read_timeout(Some(Duration::from_secs(10)))?;
    let answering = thread::spawn(move || -> Result<()> {
        let mut buf = server::buffer(DEFAULT_BUFSIZE);
        for _ in MESSAGES {
            server::answer(&post_box, &mut buf, &mut server_out)?;
        }
        Ok(())
    });
    let messages = MESSAGES.iter().map(|m| Ok(m.to_vec()));
    let mut client_out = Labelled::new("client | ");
    let patience = Patience {
        timeout: Duration::from_millis(DEFAULT_TIMEOUT_MS),
        retries: 0,
        verbose: false,
    };
    let posted = client::run(addr, messages, patience, &mut client_out);
    let answered = answering
        .join()
        .map_err(|_| anyhow!("the server thread panicked"))?;
    posted.and(answered)
}
