//! The readiness loop: one thread, every caller. The sockets never wait;
//! `poll` waits instead, for all of them at once, and says which are ready.

use std::io::{self, ErrorKind, Write};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use common::limits::{ACCEPT_BACKOFF, is_out_of_descriptors};
use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};
use socket2::{Domain, Socket, Type};

use crate::caller::Caller;
use crate::callers::Callers;
use crate::log::Log;
use crate::{BACKLOG, BUFSIZE};

// Picking up callers, and backing off when out of file descriptors.
mod accept;

/// The listener's token; callers get 0, 1, 2... (their slot in [`Callers`]).
pub const LISTENER: Token = Token(usize::MAX);

/// The whole program: raise the open-files limit, stand by at `addr`, then
/// turn the loop for ever.
///
/// # Errors
/// When the address cannot be taken, `out` is closed, or the system fails
/// the loop itself. Nothing a caller does ends it.
pub fn run(addr: SocketAddr, out: &mut dyn Write) -> Result<()> {
    // Every caller is a file descriptor: ask for as many as we may have.
    let limits = common::limits::raise_open_files();
    let mut server = Server::stand_by(addr, out)?;
    writeln!(out, "{}", common::limits::describe_open_files(&limits))?;
    // ANCHOR: run
    // Room for the readiness of up to 1024 sockets per turn; more wait for
    // the next turn.
    let mut events = Events::with_capacity(1024);
    loop {
        server.turn(&mut events, None, out)?;
    }
    // ANCHOR_END: run
}

/// The loop's state: the poll, the listener, the callers and the one read
/// buffer they share.
#[derive(Debug)]
pub struct Server {
    /// Where it listens (the real port, when port 0 was asked).
    pub addr: SocketAddr,
    poll: Poll,
    listener: TcpListener,
    /// Every caller on the line, by token.
    pub callers: Callers,
    buf: Vec<u8>,
    /// Callers who had more to read when their share of a turn ran out.
    again: Vec<Token>,
    /// Out of file descriptors: when to try `accept` again.
    accept_again_at: Option<Instant>,
    out_of_descriptors: bool,
    /// The log of the current turn.
    pub log: Log,
    /// Log every event `poll` returns (the demo's view).
    pub trace: bool,
    /// How many turns the loop has made.
    pub turns: u64,
    /// The callers picked up in the last turn (for the exercises).
    pub picked_up: Vec<Token>,
}

impl Server {
    /// Stands by at `addr` ([`listen`]) and registers the listener with a
    /// new `Poll`.
    ///
    /// # Errors
    /// When the socket cannot be made, or `addr` cannot be taken.
    pub fn stand_by(addr: SocketAddr, out: &mut dyn Write) -> Result<Server> {
        let (listener, addr) = listen(addr, out)?;
        // ANCHOR: poll
        // mio takes the socket as it is: it must be non-blocking already.
        let mut listener = TcpListener::from_std(listener);
        // The switchboard: one Poll watches every socket registered with it,
        // each under a token that says whose it is.
        let poll = Poll::new().context("cannot create a poll")?;
        poll.registry()
            .register(&mut listener, LISTENER, Interest::READABLE)
            .context("cannot watch the listener")?;
        // ANCHOR_END: poll
        Ok(Server {
            addr,
            poll,
            listener,
            callers: Callers::default(),
            buf: vec![0; BUFSIZE],
            again: Vec::new(),
            accept_again_at: None,
            out_of_descriptors: false,
            log: Log::new(),
            trace: false,
            turns: 0,
            picked_up: Vec::new(),
        })
    }

    /// The poll's registry, to watch more sources in the same loop (the
    /// exercises' signal).
    pub fn registry(&self) -> &mio::Registry {
        self.poll.registry()
    }

    /// One turn of the loop: wait until a socket is ready (at most `timeout`,
    /// `None`: as long as it takes), handle every ready one, write the log.
    ///
    /// # Errors
    /// When waiting itself fails, `accept` fails for the server's own
    /// reason, or `out` is closed.
    pub fn turn(
        &mut self,
        events: &mut Events,
        timeout: Option<Duration>,
        out: &mut dyn Write,
    ) -> Result<()> {
        // ANCHOR: turn
        self.picked_up.clear();
        let again = std::mem::take(&mut self.again);
        let timeout = self.wait_at_most(timeout, !again.is_empty());
        // The only place the loop waits: asleep in the kernel, no CPU used,
        // until a socket we watch is ready or the timeout passes.
        match self.poll.poll(events, timeout) {
            Err(err) if err.kind() == ErrorKind::Interrupted => {}
            waited => waited.context("cannot wait for events")?,
        }
        self.turns += 1;
        for event in events.iter() {
            if self.trace {
                crate::demo::trace(&mut self.log, event);
            }
            match event.token() {
                LISTENER => self.pick_up_all()?,
                token => self.serve(token),
            }
        }
        // Those with more to read than one share: their turn, after the rest.
        for token in again {
            self.serve(token);
        }
        self.accept_again_if_due()?;
        self.log.write_to(out)?;
        // ANCHOR_END: turn
        Ok(())
    }

    // ANCHOR: serve
    /// Serves the caller with `token`, then watches for what it needs next,
    /// or hangs up when its call is over.
    fn serve(&mut self, token: Token) {
        // Gone already: it hung up earlier in this turn.
        let Some(caller) = self.callers.get_mut(token) else {
            return;
        };
        let peer = caller.peer;
        let wanted = match caller.serve(&mut self.buf, &mut self.log) {
            Ok(more) => {
                if more {
                    self.again.push(token);
                }
                caller.wanted()
            }
            Err(err) => {
                let how = crate::caller::how_it_broke(&err);
                let _ = writeln!(self.log, "client {peer} {how}");
                return self.hang_up(token);
            }
        };
        match wanted {
            // It hung up and took every answer: the call is over.
            None => {
                let _ = writeln!(self.log, "client {peer} hung up");
                self.hang_up(token);
            }
            Some(wanted) if wanted != caller.watching => {
                caller.watching = wanted;
                if self.trace {
                    let what = crate::demo::watching(wanted);
                    let _ = writeln!(self.log, "token {}: watching {what}", token.0);
                }
                let registry = self.poll.registry();
                if let Err(err) =
                    registry.reregister(&mut caller.conn, token, wanted)
                {
                    let why = common::describe_io(&err);
                    let _ =
                        writeln!(self.log, "client {peer}: cannot watch it: {why}");
                    self.hang_up(token);
                }
            }
            Some(_) => {}
        }
    }

    /// Hangs up on the caller with `token`: `poll` stops watching its
    /// socket, the socket is closed, and its slot is free for the next.
    pub fn hang_up(&mut self, token: Token) {
        if let Some(mut caller) = self.callers.remove(token) {
            let _ = self.poll.registry().deregister(&mut caller.conn);
        }
    }
    // ANCHOR_END: serve
}

/// Buys the phone, makes it non-blocking and stands by at `addr`; prints
/// `listening on ADDR` to `out` and returns the listener and the address
/// it got. (The busy-wait loop uses it as it is; mio takes it over with
/// `TcpListener::from_std`.)
///
/// # Errors
/// When the socket cannot be made, or `addr` cannot be taken.
pub fn listen(
    addr: SocketAddr,
    out: &mut dyn Write,
) -> Result<(std::net::TcpListener, SocketAddr)> {
    // ANCHOR: stand_by
    let phone = Socket::new(Domain::for_address(addr), Type::STREAM, None)
        .context("cannot create a TCP socket")?;
    // As in lesson 2: on Unix only (on Windows it would let a second server
    // take this number).
    phone
        .set_reuse_address(cfg!(unix))
        .context("cannot set SO_REUSEADDR")?;
    // The article's setblocking(False): accept never waits for a caller;
    // with nobody there it returns WouldBlock at once.
    phone
        .set_nonblocking(true)
        .context("cannot make the socket non-blocking")?;
    phone
        .bind(&addr.into())
        .map_err(|err| common::cannot_listen(err, addr, true, ""))?;
    // A long queue, not the article's 5: see BACKLOG.
    phone.listen(BACKLOG).context("cannot listen")?;
    let addr = common::announce_listening(&phone, out)?;
    // ANCHOR_END: stand_by
    Ok((phone.into(), addr))
}
