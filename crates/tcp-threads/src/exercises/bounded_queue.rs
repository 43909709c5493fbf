//! Exercise "bounded-queue": the lesson's pool, with a queue that holds at
//! most `--queue` calls. When every worker is busy and the queue is full, a
//! new caller is refused at once, with a `busy:` line in the log, instead of
//! waiting in the queue for as long as the callers ahead of it stay on the
//! line.
//!
//! The lesson's pool queues calls in `mpsc::channel()`, which has no bound;
//! only `--max-callers` stops it. `mpsc::sync_channel(n)` holds at most `n`,
//! and its `try_send` never waits: when the channel is full it hands the
//! value back, so the call can still be hung up on properly.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::mpsc::{self, SyncSender, TrySendError};

use anyhow::{Result, bail};

use crate::callers::Callers;
use crate::log::Log;
use crate::pool::{self, Call};
use crate::server::{self, Settings, Switchboard};
use crate::{MAX_CALLERS, call};

/// The lesson's pool server, with a queue of at most `queue` calls waiting
/// for one of `workers` workers. The log goes to `out`.
///
/// # Errors
/// As the lesson's server.
pub fn serve(
    addr: SocketAddr,
    workers: usize,
    queue: usize,
    mut out: impl Write + Send + 'static,
) -> Result<()> {
    // ANCHOR: bounded_pool
    let phone = server::stand_by(addr, &mut out)?;
    let log = Log::start(out)?;
    let settings = Settings {
        max_callers: MAX_CALLERS,
        workers: Some(workers),
        write_timeout: call::WRITE_TIMEOUT,
    };
    let callers = Callers::new(settings.max_callers);
    let mut switchboard = Switchboard::new(phone, callers, &settings, log.clone());
    // New: a channel that holds at most `queue` calls.
    let (calls, waiting) = mpsc::sync_channel::<Call>(queue);
    pool::start_workers(workers, waiting, &switchboard)?;
    loop {
        let Some((conn, peer, place)) = switchboard.pick_up()? else {
            continue;
        };
        hand_over(&calls, Call { conn, peer, place }, &log)?;
    }
    // ANCHOR_END: bounded_pool
}

/// Puts `call` into the queue when there is room. When there is none, hangs
/// up on the caller at once and logs `busy: refused ADDR: every worker is
/// busy and the queue is full`.
///
/// # Errors
/// When every worker has ended (the channel is closed), or the log is closed.
pub fn hand_over(calls: &SyncSender<Call>, call: Call, log: &Log) -> Result<()> {
    // SOLUTION: begin try_send; when the queue is full, log `busy: refused ADDR: ...` and hang up
    // ANCHOR: hand_over
    match calls.try_send(call) {
        Ok(()) => Ok(()),
        // The channel gives the call back: hang up on it, and say so.
        Err(TrySendError::Full(call)) => {
            log.line(format!(
                "busy: refused {}: every worker is busy and the queue is full",
                call.peer
            ))?;
            drop(call);
            Ok(())
        }
        Err(TrySendError::Disconnected(_)) => {
            bail!("the pool's workers have all ended")
        }
    }
    // ANCHOR_END: hand_over
    // SOLUTION: end
}
