//! `--workers N`: a fixed pool of threads instead of a thread per caller, as
//! in the Rust book's last project. The threads are started once; the
//! connection loop puts each call into a channel, and whichever worker is
//! free takes the next one out.
//!
//! A pool bounds the threads, and so the memory; it does not make a thread
//! serve more than one caller. A worker talks with its caller until the
//! caller hangs up, so with N callers on the line the (N+1)th waits in the
//! channel, however long they stay.

use std::net::TcpStream;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::callers::Place;
use crate::log::Log;
use crate::server::Switchboard;
use crate::{STACK_SIZE, call};

/// A call waiting for a worker: the line, who is on it, and their place.
#[derive(Debug)]
pub struct Call {
    /// The call itself.
    pub conn: TcpStream,
    /// The caller's address, for the log.
    pub peer: String,
    /// The caller's place on the line, given back when the call ends.
    pub place: Place,
}

/// Starts `workers` threads, then picks up callers for ever and hands each
/// call to the pool.
///
/// # Errors
/// When the workers cannot be started, or as [`Switchboard::pick_up`].
pub fn serve(mut switchboard: Switchboard, workers: usize) -> Result<()> {
    // ANCHOR: pool
    let (calls, queue) = mpsc::channel::<Call>();
    start_workers(workers, queue, &switchboard)?;
    loop {
        let Some((conn, peer, place)) = switchboard.pick_up()? else {
            continue;
        };
        // Into the channel: it waits there until a worker is free.
        let call = Call { conn, peer, place };
        calls
            .send(call)
            .context("the pool's workers have all ended")?;
    }
    // ANCHOR_END: pool
}

/// Starts `workers` threads that take calls from `queue` and answer them,
/// and logs `pool: N workers` (`pool: 1 worker`).
///
/// # Errors
/// When a thread cannot be started, or the log is closed.
pub fn start_workers(
    workers: usize,
    queue: Receiver<Call>,
    switchboard: &Switchboard,
) -> Result<()> {
    // ANCHOR: start_workers
    // One receiving end for all the workers: a channel has one receiver, so
    // they share it behind a lock, and whoever holds the lock takes the
    // next call.
    let queue = Arc::new(Mutex::new(queue));
    for number in 1..=workers {
        let queue = Arc::clone(&queue);
        let log = switchboard.log().clone();
        let write_timeout = switchboard.write_timeout();
        thread::Builder::new()
            .name(format!("worker {number}"))
            .stack_size(STACK_SIZE)
            .spawn(move || work(&queue, write_timeout, &log))
            .context("cannot start the pool's workers")?;
    }
    // ANCHOR_END: start_workers
    let plural = if workers == 1 { "" } else { "s" };
    switchboard
        .log()
        .line(format!("pool: {workers} worker{plural}"))?;
    Ok(())
}

/// One worker: take the next call, answer it to the end, again, until the
/// channel is closed.
fn work(queue: &Mutex<Receiver<Call>>, write_timeout: Duration, log: &Log) {
    // ANCHOR: worker
    loop {
        // The lock is held for this statement only: the guard is dropped at
        // its `;`, so the other workers can take calls while this one talks.
        // (`while let Ok(call) = lock(queue).recv()` would hold it for the
        // whole call, and the pool would serve one caller at a time.)
        let next = lock(queue).recv();
        let Ok(Call { conn, peer, place }) = next else {
            return;
        };
        let _ = log.line(format!("a worker picks up {peer}"));
        call::answer(conn, &peer, place, write_timeout, log);
    }
    // ANCHOR_END: worker
}

/// Locks the queue. A lock is "poisoned" when a thread panicked while
/// holding it; no worker panics while it holds this one, and a receiver
/// cannot be left half-changed, so a poisoned lock is used as it is.
fn lock(queue: &Mutex<Receiver<Call>>) -> MutexGuard<'_, Receiver<Call>> {
    queue.lock().unwrap_or_else(PoisonError::into_inner)
}
