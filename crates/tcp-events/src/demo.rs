//! `tcp-events demo`: the readiness loop and three callers in one thread,
//! taking turns, so that the loop's log shows every event `poll` returned,
//! in order: which token became readable or writable, and what the loop did.
//!
//! Caller C has a small receive buffer, and its call a small send buffer, so
//! that a 40000-byte answer does not fit: the loop keeps the rest and watches
//! for writable while C reads.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use anyhow::{Result, bail};
use common::Labelled;
use mio::event::Event;
use mio::{Events, Interest, Token};
use socket2::{Domain, SockRef, Socket, Type};

use crate::server::{LISTENER, Server};

/// The longest the demo waits for any one thing.
const WAIT: Duration = Duration::from_secs(5);

/// How much caller C says before it reads.
pub const C_SAYS: usize = 40_000;

/// One line of the log for `event`: `event: token 0 readable, read closed`.
pub fn trace(log: &mut dyn Write, event: &Event) {
    let who = match event.token() {
        LISTENER => "listener".to_string(),
        token => format!("token {}", token.0),
    };
    let flags = [
        (event.is_readable(), "readable"),
        (event.is_writable(), "writable"),
        (event.is_read_closed(), "read closed"),
        (event.is_write_closed(), "write closed"),
        (event.is_error(), "error"),
    ];
    let what: Vec<&str> = flags.iter().filter(|f| f.0).map(|f| f.1).collect();
    let _ = writeln!(log, "event: {who} {}", what.join(", "));
}

/// What `poll` watches, in words.
pub fn watching(interest: Interest) -> &'static str {
    match (interest.is_readable(), interest.is_writable()) {
        (true, true) => "readable and writable",
        (false, true) => "writable only",
        _ => "readable only",
    }
}

/// The server's side of the demo: its loop, and the last line it printed.
struct Side {
    server: Server,
    events: Events,
    out: Labelled,
    last: String,
}

impl Side {
    /// One turn of the loop. A line equal to the one before (a writable
    /// event each time caller C makes room) is shown once.
    fn turn(&mut self) -> Result<()> {
        let mut text = Vec::new();
        self.server.turn(&mut self.events, Some(WAIT), &mut text)?;
        if self.events.is_empty() {
            bail!("the demo's server saw nothing in {WAIT:?}");
        }
        for line in String::from_utf8_lossy(&text).lines() {
            if line != self.last {
                writeln!(self.out, "{line}")?;
                self.last = line.to_string();
            }
        }
        Ok(())
    }
}

/// Runs the whole demo.
///
/// # Errors
/// When a socket call on loopback fails, or the server sees nothing in time.
pub fn run() -> Result<()> {
    let mut out = Labelled::new("server   | ");
    let loopback: SocketAddr = ([127, 0, 0, 1], 0).into();
    let mut server = Server::stand_by(loopback, &mut out)?;
    server.trace = true;
    let addr = server.addr;
    let events = Events::with_capacity(16);
    let mut side = Side {
        server,
        events,
        out,
        last: String::new(),
    };
    let (mut a_out, mut b_out) =
        (Labelled::new("caller A | "), Labelled::new("caller B | "));
    let mut c_out = Labelled::new("caller C | ");

    writeln!(a_out, "dials")?;
    let mut a = dial(addr, None)?;
    side.turn()?;
    writeln!(b_out, "dials")?;
    let mut b = dial(addr, None)?;
    side.turn()?;
    talk(&mut b, b"LHF nb", &mut b_out, &mut side)?;
    talk(&mut a, b"hello", &mut a_out, &mut side)?;
    writeln!(a_out, "hangs up")?;
    drop(a);
    side.turn()?;

    writeln!(c_out, "dials, with a small receive buffer")?;
    let mut c = dial(addr, Some(4096))?;
    side.turn()?;
    // A small send buffer on the server's end of C's call too.
    if let Some(call) = side.server.callers.get_mut(Token(0)) {
        SockRef::from(&call.conn).set_send_buffer_size(4096)?;
    }
    writeln!(c_out, "says {C_SAYS} bytes and reads nothing yet")?;
    c.write_all(&vec![b'c'; C_SAYS])?;
    side.turn()?;
    writeln!(c_out, "reads what has come, again and again")?;
    c.set_nonblocking(true)?;
    let mut heard = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    while heard.len() < C_SAYS {
        match c.read(&mut buf) {
            Ok(0) => bail!("the server hung up on caller C"),
            Ok(n) => heard.extend_from_slice(&buf[..n]),
            Err(err) if err.kind() == ErrorKind::WouldBlock => side.turn()?,
            Err(err) => return Err(err.into()),
        }
    }
    let all_upper = heard.iter().all(|&byte| byte == b'C');
    writeln!(
        c_out,
        "heard {} bytes, all upper-cased: {all_upper}",
        heard.len()
    )?;
    for (caller, out) in [(c, &mut c_out), (b, &mut b_out)] {
        writeln!(out, "hangs up")?;
        drop(caller);
        side.turn()?;
    }
    Ok(())
}

/// Dials `addr`, with a receive buffer of `receive_buffer` bytes if given
/// (set before the call, so the window it advertises is small from the start).
fn dial(addr: SocketAddr, receive_buffer: Option<usize>) -> Result<TcpStream> {
    let phone = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    if let Some(size) = receive_buffer {
        phone.set_recv_buffer_size(size)?;
    }
    phone.connect(&addr.into())?;
    phone.set_read_timeout(Some(WAIT))?;
    Ok(TcpStream::from(phone))
}

/// One message and its answer, with the server's turn in between.
fn talk(
    conn: &mut TcpStream,
    message: &[u8],
    out: &mut Labelled,
    side: &mut Side,
) -> Result<()> {
    writeln!(out, "says {}", common::show_bytes(message))?;
    conn.write_all(message)?;
    side.turn()?;
    let mut answer = vec![0u8; message.len()];
    conn.read_exact(&mut answer)?;
    writeln!(out, "hears {}", common::show_bytes(&answer))?;
    Ok(())
}
