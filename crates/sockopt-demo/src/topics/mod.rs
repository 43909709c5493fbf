//! One module per topic, in the order of the article's table. Each holds
//! its experiment, `run`; [`crate::TOPICS`] names it, with the Python and
//! Rust calls it tries.
//!
//! The helpers here set up what the experiments need but do not teach: a
//! loopback address, and a call already connected.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::Duration;

use anyhow::{Context, Result};

pub mod blocking;
pub mod buffers;
pub mod close;
pub mod connect_ex;
pub mod fileno;
pub mod keepalive;
pub mod linger;
pub mod makefile;
pub mod names;
pub mod nodelay;
pub mod recv;
pub mod reuseaddr;
pub mod send_vs_sendall;
pub mod shutdown;
pub mod timeout;
pub mod udp;

/// The longest an experiment waits for something it expects to happen at
/// once (bytes already sent, a peer already gone). It is never reached when
/// things work; it keeps a broken experiment from hanging.
pub const PATIENCE: Duration = Duration::from_secs(5);

/// `127.0.0.1:port`. Port 0 asks the system for a free port.
pub fn loopback(port: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], port))
}

/// One call over loopback: `(caller, conn)`, the client's end and the server's
/// end of the same connection, both with read and write timeouts of
/// [`PATIENCE`]. The listener is closed before this returns; the call stays.
///
/// # Errors
/// When loopback refuses a socket, which it does not on a working machine.
pub fn call() -> Result<(TcpStream, TcpStream)> {
    let listener = TcpListener::bind(loopback(0)).context("cannot listen")?;
    let caller =
        TcpStream::connect(listener.local_addr()?).context("cannot dial")?;
    // The call is already through, so accept finds it queued and cannot wait.
    let (conn, _) = listener.accept().context("cannot pick up")?;
    for end in [&caller, &conn] {
        end.set_read_timeout(Some(PATIENCE))?;
        end.set_write_timeout(Some(PATIENCE))?;
    }
    Ok((caller, conn))
}
