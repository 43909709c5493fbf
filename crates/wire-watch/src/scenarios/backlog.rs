//! What lessons 6 to 8 meet with a burst of callers: a listener whose accept
//! queue is full. Linux drops the next caller's SYN without a word; the
//! caller's kernel sends it again a second later, and by then there may be
//! room. Nobody sees an error: the call just takes a second longer.

use std::net::{SocketAddr, TcpStream};
use std::thread;
use std::time::Duration;

use anyhow::{Result, anyhow};
use socket2::{Domain, Socket, Type};

use crate::wire::Wire;

/// Two callers, a queue with room for one.
///
/// # Errors
/// When a socket call fails unexpectedly or the capture does.
pub fn run(wire: &mut Wire<'_>, loopback: SocketAddr) -> Result<()> {
    // ANCHOR: backlog
    // listen(0): on Linux, room for one finished call in the accept queue.
    let (phone, addr) = super::stand_by(wire, loopback, 0)?;
    wire.call("caller 1", "connect()")?;
    let first = TcpStream::connect(addr)?;
    wire.name(first.local_addr()?, "caller 1");
    wire.expect(3)?;
    wire.note("caller 1 waits in the queue: nobody has called accept()")?;

    // Caller 2 dials from a thread: its connect() will take a while.
    let second = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    second.bind(&loopback.into())?;
    wire.name(super::local(&second)?, "caller 2");
    wire.call("caller 2", "connect()")?;
    let dialing = thread::spawn(move || {
        second.connect_timeout(&addr.into(), Duration::from_secs(10))
    });
    // Its SYN finds the queue full: the server's kernel drops it.
    let dropped = wire.expect(1)?;
    wire.call("server", "accept() takes caller 1: room in the queue again")?;
    let _caller1 = phone.accept()?;
    // Caller 2's kernel heard nothing, and sends the SYN again.
    let again = wire.expect(3)?;
    dialing
        .join()
        .map_err(|_| anyhow!("the dialling thread panicked"))??;
    if let (Some((sent, _)), Some((resent, _))) = (dropped.first(), again.first()) {
        let gap = resent.duration_since(*sent).as_secs_f64();
        wire.call(
            "caller 2",
            &format!("connect() returns, {gap:.1} s after it began"),
        )?;
    }
    // ANCHOR_END: backlog
    Ok(())
}
