//! The demos: each runs one lesson's sockets on a loopback port the system
//! picks, while [`Wire`] captures and shows their packets.

pub mod backlog;
pub mod nagle;
pub mod one_shot;
pub mod reset;
pub mod sticky;
pub mod udp;

use std::io::Write;
use std::net::{SocketAddr, TcpStream};

use anyhow::{Result, anyhow};
use socket2::{Domain, Socket, Type};

use crate::wire::Wire;

/// One demo.
#[derive(Debug)]
pub struct Scenario {
    /// What `wire-watch demo NAME` takes.
    pub name: &'static str,
    /// What it shows, and which lesson it belongs to.
    pub about: &'static str,
    /// The ends of its calls, left to right in its diagram.
    pub lifelines: &'static [&'static str],
    /// Runs it on `loopback` (`127.0.0.1:0` or `[::1]:0`).
    pub run: fn(&mut Wire<'_>, SocketAddr) -> Result<()>,
}

const CALL: &[&str] = &["client", "server"];

/// Every demo, in the order of the lessons they belong to.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "one-shot",
        about: "lesson 1's call: handshake, message, answer, the close",
        lifelines: CALL,
        run: one_shot::run,
    },
    Scenario {
        name: "udp-unreachable",
        about: "lesson 3: a datagram to a port where nobody listens",
        lifelines: &["client", "nobody"],
        run: udp::run,
    },
    Scenario {
        name: "reset",
        about: "lesson 4: SO_LINGER 0, and a close with bytes unread",
        lifelines: CALL,
        run: reset::run,
    },
    Scenario {
        name: "nagle",
        about: "lesson 4: small writes with and without TCP_NODELAY",
        lifelines: CALL,
        run: nagle::run,
    },
    Scenario {
        name: "sticky",
        about: "lesson 5 (粘包): three writes, three segments, one read",
        lifelines: CALL,
        run: sticky::run,
    },
    Scenario {
        name: "backlog",
        about: "lessons 6 to 8: a full accept queue drops a SYN",
        lifelines: &["caller 1", "caller 2", "server"],
        run: backlog::run,
    },
];

/// Runs the scenario `name` on `loopback`, its story going to `out` (as a
/// mermaid diagram when `mermaid`).
///
/// # Errors
/// When there is no such scenario, the capture cannot start, or a socket call
/// of the scenario fails.
pub fn run(
    name: &str,
    loopback: SocketAddr,
    mermaid: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let scenario = SCENARIOS
        .iter()
        .find(|s| s.name == name)
        .ok_or_else(|| anyhow!("no scenario {name}"))?;
    play(scenario.run, scenario.lifelines, loopback, mermaid, out)
}

/// Opens the capture, runs `scenario` with it on `loopback`, and ends the
/// story (the diagram, for `mermaid`).
///
/// # Errors
/// When the capture cannot start or the scenario fails.
pub fn play(
    scenario: fn(&mut Wire<'_>, SocketAddr) -> Result<()>,
    lifelines: &[&str],
    loopback: SocketAddr,
    mermaid: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let mut wire = Wire::open(out, mermaid, lifelines)?;
    scenario(&mut wire, loopback)?;
    wire.finish()
}

/// The IP address and port a socket got.
fn local(socket: &Socket) -> Result<SocketAddr> {
    socket
        .local_addr()?
        .as_socket()
        .ok_or_else(|| anyhow!("the socket has no IP address"))
}

/// A server standing by on `loopback` with a queue of `backlog`, watched by
/// `wire`; returns it and its address.
pub(crate) fn stand_by(
    wire: &mut Wire<'_>,
    loopback: SocketAddr,
    backlog: i32,
) -> Result<(Socket, SocketAddr)> {
    let phone = Socket::new(Domain::for_address(loopback), Type::STREAM, None)?;
    phone.bind(&loopback.into())?;
    phone.listen(backlog)?;
    let addr = local(&phone)?;
    wire.watch(addr, "server")?;
    wire.call("server", &format!("listen({backlog}) on {addr}"))?;
    Ok((phone, addr))
}

/// A client calls `addr` (three packets: the handshake) and the server picks
/// up. Returns the client's end and the server's.
pub(crate) fn call(
    wire: &mut Wire<'_>,
    phone: &Socket,
    addr: SocketAddr,
) -> Result<(TcpStream, TcpStream)> {
    wire.call("client", "connect()")?;
    let conn = TcpStream::connect(addr)?;
    wire.name(conn.local_addr()?, "client");
    wire.expect(3)?;
    let (peer, _) = phone.accept()?;
    wire.call("server", "accept() returns the call")?;
    Ok((conn, TcpStream::from(peer)))
}

/// What a read gave, as the trace shows it.
fn outcome(read: &std::io::Result<usize>) -> String {
    match read {
        Ok(0) => "returns 0: the other side hung up".to_string(),
        Ok(n) => format!("returns {n} bytes"),
        Err(err) => format!("fails: {}", common::describe_io(err)),
    }
}
