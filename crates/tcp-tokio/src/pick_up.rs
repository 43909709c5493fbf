//! Picking up, for a crowd: lesson 2's `accept`, with what thousands of
//! callers bring (no file descriptor left, callers who give up in the queue).

use std::io;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use common::limits::{self, ACCEPT_BACKOFF};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::sleep;

use crate::log::Log;

/// Picks up the next caller. Trouble with `accept` is the server's (no file
/// descriptor left) or the caller's (it gave up in the queue): either way the
/// loop goes on, after a pause when the trouble is the server's.
pub async fn pick_up(
    listener: &TcpListener,
    log: &Log,
    trouble: &mut Trouble,
) -> (TcpStream, SocketAddr) {
    // ANCHOR: pick_up
    loop {
        match listener.accept().await {
            Ok(call) => return call,
            Err(err) if gave_up(&err) => {}
            // The caller stays in the queue and the listener stays readable:
            // trying again at once would spin. Pause, so callers who hang
            // up meanwhile give their descriptors back.
            Err(err) => {
                if trouble.worth_saying() {
                    log.line(trouble.describe(&err));
                }
                sleep(ACCEPT_BACKOFF).await;
            }
        }
    }
    // ANCHOR_END: pick_up
}

/// When `accept` last failed for the server's own reason, so its log says it
/// once, and again only a minute later if it goes on.
#[derive(Debug, Default)]
pub struct Trouble {
    said: Option<Instant>,
}

impl Trouble {
    const QUIET: Duration = Duration::from_secs(60);

    fn worth_saying(&mut self) -> bool {
        let now = Instant::now();
        let worth = self.said.is_none_or(|said| now - said >= Self::QUIET);
        if worth {
            self.said = Some(now);
        }
        worth
    }

    fn describe(&self, err: &io::Error) -> String {
        let cause = common::describe_io(err);
        let every = ACCEPT_BACKOFF.as_millis();
        if limits::is_out_of_descriptors(err) {
            format!(
                "cannot pick up: out of file descriptors ({cause}); callers wait \
                 in the queue, trying again every {every} ms"
            )
        } else {
            format!("cannot pick up: {cause}; trying again every {every} ms")
        }
    }
}

/// Whether `accept` failed because the caller gave up while its call waited
/// in the queue (Linux hands such calls over; other systems report them).
fn gave_up(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
    )
}
