//! One caller of the readiness loop, and what the loop does when `poll` says
//! the caller's socket is ready.
//!
//! A caller holds no read buffer: every read goes into the loop's one shared
//! buffer and is answered at once. What a caller holds is only what it has
//! not taken yet: the bytes of answers its socket would not accept. An idle
//! caller holds a socket, an address and a few flags, about a hundred bytes.

use std::collections::VecDeque;
use std::io::{self, ErrorKind, Read, Write};
use std::net::SocketAddr;
use std::time::Instant;

use mio::Interest;
use mio::net::TcpStream;

use crate::{READS_PER_TURN, UNSENT_LIMIT};

/// A caller on the line.
#[derive(Debug)]
pub struct Caller {
    /// The call, non-blocking: a read or write that would wait returns
    /// `WouldBlock` instead.
    pub conn: TcpStream,
    /// The caller's number, for the log.
    pub peer: SocketAddr,
    /// Answers the caller has not taken yet, oldest first. Empty, and
    /// holding no memory, while the caller keeps up.
    pub unsent: VecDeque<u8>,
    /// Backpressure: not read from until `unsent` is empty again.
    pub paused: bool,
    /// The caller has stopped sending (a read gave 0 bytes). Its call ends
    /// once it has taken every answer.
    pub hung_up: bool,
    /// What `poll` watches on this socket now.
    pub watching: Interest,
    /// When the caller last said something (or was picked up).
    pub since: Instant,
}

impl Caller {
    /// A caller just picked up: nothing unsent, watched for reading.
    pub fn new(conn: TcpStream, peer: SocketAddr) -> Caller {
        Caller {
            conn,
            peer,
            unsent: VecDeque::new(),
            paused: false,
            hung_up: false,
            watching: Interest::READABLE,
            since: Instant::now(),
        }
    }

    // ANCHOR: serve
    /// What the loop does when this caller's socket is ready: write what
    /// waits, then read and answer until the socket has nothing more
    /// (`WouldBlock`), the caller is paused, or it has had its share of this
    /// turn. Returns `true` when it may have more to read right now (its share
    /// was spent), so the loop comes back to it after the others.
    ///
    /// # Errors
    /// When the call broke (reset, aborted): the loop then hangs up.
    pub fn serve(
        &mut self,
        buf: &mut [u8],
        log: &mut dyn Write,
    ) -> io::Result<bool> {
        self.write_unsent(log)?;
        for _ in 0..READS_PER_TURN {
            if !self.listening() {
                return Ok(false);
            }
            // Edge-triggered: poll said "readable" once; we read until the
            // kernel says WouldBlock, or that news is lost.
            let n = match self.conn.read(buf) {
                Ok(0) => {
                    self.hung_up = true;
                    return Ok(false);
                }
                Ok(n) => n,
                Err(err) if err.kind() == ErrorKind::WouldBlock => {
                    return Ok(false);
                }
                Err(err) if err.kind() == ErrorKind::Interrupted => continue,
                Err(err) => return Err(err),
            };
            self.since = Instant::now();
            let peer = self.peer;
            let msg = common::show_bytes(&buf[..n]);
            writeln!(log, "from client {peer} msg: {msg}")?;
            buf[..n].make_ascii_uppercase();
            self.say(&buf[..n])?;
            if self.unsent.len() > UNSENT_LIMIT {
                let waiting = self.unsent.len();
                writeln!(
                    log,
                    "client {peer} has not taken {waiting} bytes of answers: \
                     not reading it until it has"
                )?;
                self.paused = true;
            }
        }
        Ok(self.listening())
    }
    // ANCHOR_END: serve

    // ANCHOR: say
    /// Answers `bytes`: straight onto the line if nothing waits before them,
    /// and what the socket does not take is kept, in order, for later.
    ///
    /// # Errors
    /// When the call broke.
    pub fn say(&mut self, bytes: &[u8]) -> io::Result<()> {
        let mut written = 0;
        if self.unsent.is_empty() {
            while written < bytes.len() {
                match self.conn.write(&bytes[written..]) {
                    Ok(0) => return Err(ErrorKind::WriteZero.into()),
                    Ok(n) => written += n,
                    // The kernel's send buffer is full: keep the rest.
                    Err(err) if err.kind() == ErrorKind::WouldBlock => break,
                    Err(err) if err.kind() == ErrorKind::Interrupted => {}
                    Err(err) => return Err(err),
                }
            }
        }
        self.unsent.extend(&bytes[written..]);
        Ok(())
    }
    // ANCHOR_END: say

    // ANCHOR: write_unsent
    /// Writes what the caller has not taken yet, until its socket takes no
    /// more. Once all is taken, the memory is given back and a paused caller
    /// is read from again.
    ///
    /// # Errors
    /// When the call broke, or `log` is closed.
    pub fn write_unsent(&mut self, log: &mut dyn Write) -> io::Result<()> {
        while !self.unsent.is_empty() {
            let (oldest, _) = self.unsent.as_slices();
            match self.conn.write(oldest) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => drop(self.unsent.drain(..n)),
                Err(err) if err.kind() == ErrorKind::WouldBlock => return Ok(()),
                Err(err) if err.kind() == ErrorKind::Interrupted => {}
                Err(err) => return Err(err),
            }
        }
        // An idle caller holds no buffer.
        self.unsent = VecDeque::new();
        if self.paused {
            self.paused = false;
            writeln!(
                log,
                "client {} took its answers: reading it again",
                self.peer
            )?;
        }
        Ok(())
    }
    // ANCHOR_END: write_unsent

    // ANCHOR: wanted
    /// Whether the loop reads from this caller now: it has not hung up, and
    /// it is not paused for answers it has not taken.
    pub fn listening(&self) -> bool {
        !self.hung_up && !self.paused
    }

    /// What `poll` should watch: readable while we listen, writable only
    /// while answers wait (a socket with room is writable nearly always, and
    /// watching it then would wake the loop for nothing). `None`: the caller
    /// hung up and took every answer; the call is over.
    pub fn wanted(&self) -> Option<Interest> {
        let read = self.listening().then_some(Interest::READABLE);
        let write = (!self.unsent.is_empty()).then_some(Interest::WRITABLE);
        match (read, write) {
            (Some(read), Some(write)) => Some(read | write),
            (read, write) => read.or(write),
        }
    }
    // ANCHOR_END: wanted
}

/// How a call that failed ended, for the log: the caller reset (or aborted)
/// it, or something else broke it.
pub fn how_it_broke(err: &io::Error) -> String {
    let cause = common::describe_io(err);
    match err.kind() {
        ErrorKind::ConnectionReset
        | ErrorKind::ConnectionAborted
        | ErrorKind::BrokenPipe => format!("reset the call: {cause}"),
        _ => format!("broke the call: {cause}"),
    }
}
