//! Lesson 2's server, grown: the connection loop picks up a caller and puts
//! the call through to a thread of its own, like a switchboard putting each
//! call through to a free line, then goes straight back to `accept`. Each
//! thread runs lesson 2's communication loop for its one caller.

use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result};
use common::limits;
use socket2::{Domain, Socket, Type};

use crate::callers::{Callers, Place};
use crate::log::Log;
use crate::{BACKLOG, STACK_SIZE, call, pool};

/// What `tcp-threads server` is told on its command line.
#[derive(Debug, Clone)]
pub struct Settings {
    /// How many callers may be on the line at once (`--max-callers`).
    pub max_callers: usize,
    /// A fixed pool of this many threads instead of a thread per caller
    /// (`--workers`).
    pub workers: Option<usize>,
    /// How long to wait for a caller to read its answers (`--write-timeout-ms`).
    pub write_timeout: Duration,
}

/// The whole program: stand by at `addr`, then answer callers for ever, a
/// thread each (or with a pool of `settings.workers`). The log goes to `out`.
///
/// # Errors
/// When the address cannot be taken, `out` is closed, or `accept` fails for
/// a reason of the server's own other than running out of descriptors.
/// Nothing a caller does ends it.
pub fn run(
    addr: SocketAddr,
    settings: &Settings,
    mut out: impl Write + Send + 'static,
) -> Result<()> {
    // ANCHOR: run
    // Room for many callers: each call is a file descriptor, and the soft
    // limit is often 1024. Raise it to the hard limit, as Go does at start.
    let open_files = limits::raise_open_files();
    let phone = stand_by(addr, &mut out)?;
    // From here on, many threads print: through the log's own thread.
    let log = Log::start(out).context("cannot start the log's thread")?;
    log.line(limits::describe_open_files(&open_files))?;
    let callers = Callers::new(settings.max_callers);
    let mut switchboard = Switchboard::new(phone, callers, settings, log);
    match settings.workers {
        None => loop {
            switchboard.answer_next_call()?;
        },
        Some(workers) => pool::serve(switchboard, workers),
    }
    // ANCHOR_END: run
}

/// Buys the phone, sets `SO_REUSEADDR` (on Unix), inserts the SIM and stands by with a
/// queue of [`BACKLOG`] calls; prints `listening on ADDR` to `out`.
///
/// # Errors
/// When the socket cannot be made or `addr` cannot be bound.
pub fn stand_by(addr: SocketAddr, out: &mut dyn Write) -> Result<Socket> {
    let phone = Socket::new(Domain::for_address(addr), Type::STREAM, None)
        .context("cannot create a TCP socket")?;
    // As in lesson 2: on Unix only (on Windows it would let a second server
    // take this number).
    phone
        .set_reuse_address(cfg!(unix))
        .context("cannot set SO_REUSEADDR")?;
    phone
        .bind(&addr.into())
        .map_err(|err| common::cannot_listen(err, addr, true, ""))?;
    // ANCHOR: backlog
    // Stand by. Lesson 2's queue of 5 was for one caller at a time; with
    // callers arriving in bursts, a full queue makes Linux drop a caller's
    // SYN, and the caller tries again only a second later.
    phone.listen(BACKLOG).context("cannot listen")?;
    // ANCHOR_END: backlog
    common::announce_listening(&phone, out)?;
    Ok(phone)
}

/// The server's side of every call: the phone that picks up, the callers on
/// the line, and the log.
#[derive(Debug)]
pub struct Switchboard {
    phone: Socket,
    callers: Callers,
    write_timeout: Duration,
    log: Log,
    /// `accept` ran out of file descriptors and said so: say it only once
    /// until a call gets through again.
    out_of_descriptors: bool,
}

impl Switchboard {
    /// A switchboard on `phone`, which already stands by.
    pub fn new(
        phone: Socket,
        callers: Callers,
        settings: &Settings,
        log: Log,
    ) -> Switchboard {
        Switchboard {
            phone,
            callers,
            write_timeout: settings.write_timeout,
            log,
            out_of_descriptors: false,
        }
    }

    /// The log, for the threads the switchboard starts.
    pub fn log(&self) -> &Log {
        &self.log
    }

    /// How long a call waits for its caller to read (`--write-timeout-ms`).
    pub fn write_timeout(&self) -> Duration {
        self.write_timeout
    }

    /// One turn of the connection loop: pick up the next caller and put the
    /// call through to a thread of its own, which ends with the call.
    ///
    /// # Errors
    /// As [`Switchboard::pick_up`].
    pub fn answer_next_call(&mut self) -> Result<()> {
        // ANCHOR: thread_per_caller
        let Some((conn, peer, place)) = self.pick_up()? else {
            return Ok(());
        };
        // The thread gets its own handles: `move` gives it the call, the
        // caller's place on the line and a clone of the log.
        let log = self.log.clone();
        let write_timeout = self.write_timeout;
        let started = thread::Builder::new()
            .name("caller".into())
            .stack_size(STACK_SIZE)
            .spawn(move || call::answer(conn, &peer, place, write_timeout, &log));
        // No thread to be had (the system's limit): the closure, with the
        // call and the place in it, is dropped, which hangs up and frees both.
        if let Err(err) = started {
            let why = common::describe_io(&err);
            self.log
                .line(format!("no thread for a caller ({why}): hung up"))?;
        }
        // ANCHOR_END: thread_per_caller
        Ok(())
    }

    /// Picks up the next caller and gives them a place on the line. `None`
    /// when there is no call to put through after all: the caller gave up in
    /// the queue, the line is full (`busy:`), or no descriptor was left.
    ///
    /// # Errors
    /// When `accept` fails for another reason of the server's own, or the
    /// log is closed.
    pub fn pick_up(&mut self) -> Result<Option<(TcpStream, String, Place)>> {
        // ANCHOR: pick_up
        let (conn, peer) = match self.phone.accept() {
            Ok(call) => call,
            Err(err) if gave_up(&err) => {
                let why = common::describe_io(&err);
                self.log
                    .line(format!("a caller hung up in the queue: {why}"))?;
                return Ok(None);
            }
            Err(err) if limits::is_out_of_descriptors(&err) => {
                self.wait_for_descriptors(&err)?;
                return Ok(None);
            }
            Err(err) => return Err(err).context("cannot pick up the next call"),
        };
        if self.out_of_descriptors {
            self.out_of_descriptors = false;
            self.log.line("file descriptors free again: picking up")?;
        }
        let peer = common::show_sockaddr(&peer);
        // The cap: beyond it, hang up at once, rather than let every caller
        // on the line slow down.
        let Some(place) = self.callers.take_place() else {
            let max = self.callers.max();
            self.log.line(format!(
                "busy: hung up on {peer}: {max} callers on the line already \
                 (--max-callers {max})"
            ))?;
            return Ok(None);
        };
        self.log.line(format!("client : {peer}"))?;
        // ANCHOR_END: pick_up
        Ok(Some((TcpStream::from(conn), peer, place)))
    }

    /// `accept` failed for lack of file descriptors. The caller is still in
    /// the queue, so the next `accept` would fail at once, and again, a loop
    /// burning a whole CPU. Say so once, then stop picking up for a moment:
    /// callers who hang up meanwhile give their descriptors back.
    fn wait_for_descriptors(&mut self, err: &std::io::Error) -> Result<()> {
        // ANCHOR: out_of_descriptors
        if !self.out_of_descriptors {
            self.out_of_descriptors = true;
            self.log.line(format!(
                "cannot pick up: {}; callers wait in the queue until others hang up",
                common::describe_io(err)
            ))?;
        }
        thread::sleep(limits::ACCEPT_BACKOFF);
        // ANCHOR_END: out_of_descriptors
        Ok(())
    }
}

/// Whether `accept` failed because of the caller (it hung up or reset while
/// its call waited in the queue): the BSDs and Windows report that from
/// `accept`; Linux hands such a call over anyway.
fn gave_up(err: &std::io::Error) -> bool {
    matches!(
        err.kind(),
        std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset
    )
}
