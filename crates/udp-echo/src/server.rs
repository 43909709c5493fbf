//! The article's UDP server: bind one datagram socket, then answer every
//! datagram that arrives, from whoever sent it, upper-cased. No `listen`, no
//! `accept`, no connection: one loop, one socket, every client.

use std::io::{self, Write};
use std::net::{SocketAddr, UdpSocket};

use anyhow::{Context, Result};
use socket2::{Domain, Socket, Type};

/// The whole program: bind to `addr`, then answer datagrams until the server
/// is stopped, each at most `bufsize` bytes long (a longer one is cut). What
/// the article's server prints goes to `out`.
///
/// # Errors
/// When the address cannot be taken (in use, not this machine's), or `out`
/// is closed. Nothing a client does ends the server.
pub fn run(addr: SocketAddr, bufsize: usize, out: &mut dyn Write) -> Result<()> {
    let post_box = bind(addr, out)?;
    serve(&post_box, bufsize, out)
}

/// Sets up the post box and gives it its address: after this, letters
/// (datagrams) sent to the address wait in the kernel until taken out, and
/// `bound to ADDR` has been printed.
///
/// # Errors
/// When the socket cannot be made or `addr` cannot be bound.
pub fn bind(addr: SocketAddr, out: &mut dyn Write) -> Result<UdpSocket> {
    // ANCHOR: bind
    // Set up a post box: a UDP (datagram) socket of the address's family.
    let post_box = Socket::new(Domain::for_address(addr), Type::DGRAM, None)
        .context("cannot create a UDP socket")?;
    // Give it its address, the one letters will be sent to. That is all: no
    // listen, no accept. From now on the kernel keeps each letter that
    // arrives for this port in the box until the program takes it out.
    post_box
        .bind(&addr.into())
        .with_context(|| format!("cannot bind to {addr}"))?;
    common::announce_bound(&post_box, out)?;
    // ANCHOR_END: bind
    Ok(UdpSocket::from(post_box))
}

/// A receive buffer for [`answer`]: `bufsize` bytes, and one spare byte that
/// only a datagram longer than `bufsize` reaches.
pub fn buffer(bufsize: usize) -> Vec<u8> {
    vec![0; bufsize + 1]
}

/// The server's loop: answer every datagram, whoever sends it. An error that
/// one client caused is printed on stderr and the loop goes on.
///
/// # Errors
/// When the socket itself fails, or `out` is closed.
pub fn serve(
    post_box: &UdpSocket,
    bufsize: usize,
    out: &mut dyn Write,
) -> Result<()> {
    let mut buf = buffer(bufsize);
    // ANCHOR: loop
    // The server's endless loop. There are no calls to pick up, only letters
    // to answer, from any number of clients, in the order they arrive.
    loop {
        if let Err(err) = answer(post_box, &mut buf, out) {
            // Nothing one client does stops the server: say it, and go on.
            if !caused_by_a_client(&err) {
                return Err(err);
            }
            eprintln!("warning: {err:#}; the server goes on");
        }
    }
    // ANCHOR_END: loop
}

/// Answers one letter: receives one datagram into `buf` (made by [`buffer`]),
/// prints it and its sender, and sends it back upper-cased.
///
/// # Errors
/// When receiving or answering fails, or `out` is closed.
pub fn answer(
    post_box: &UdpSocket,
    buf: &mut [u8],
    out: &mut dyn Write,
) -> Result<()> {
    // ANCHOR: letter
    // Take a letter out of the box: one recv_from returns one datagram (never
    // two run together) and its return address; a datagram longer than `buf` is
    // cut to fit, the rest thrown away, as the next lines check.
    let (n, peer) = post_box
        .recv_from(buf)
        .context("cannot receive a datagram")?;
    // The last byte of `buf` is the spare one: a datagram that reached it was
    // longer than the buffer, and the kernel has thrown the rest of it away.
    let kept = n.min(buf.len().saturating_sub(1));
    let message = &buf[..kept];
    write!(out, "{} from {peer}", common::show_bytes(message))?;
    if n > kept {
        write!(out, ", cut to the {kept}-byte buffer: the rest is lost")?;
    }
    writeln!(out)?;
    // Answer: post the upper-cased bytes to the sender's address. One
    // send_to is one datagram, sent whole or not at all.
    post_box
        .send_to(&common::upper(message), peer)
        .with_context(|| format!("cannot answer {peer}"))?;
    // ANCHOR_END: letter
    Ok(())
}

/// Whether `err` comes from what one client did rather than from the server's
/// own socket or output: such an error must not stop a server that answers
/// every client. See [`a_clients_doing`].
pub fn caused_by_a_client(err: &anyhow::Error) -> bool {
    err.chain()
        .find_map(|e| e.downcast_ref::<io::Error>())
        .is_some_and(a_clients_doing)
}

/// Whether a socket error comes from what one client did. On Windows, for
/// example, `recv_from` fails with `ConnectionReset` after an answer went to
/// a client that had already gone, and with `WSAEMSGSIZE` (10040) where Linux
/// cuts a datagram too long for the buffer.
pub fn a_clients_doing(err: &io::Error) -> bool {
    let too_long_on_windows = cfg!(windows) && err.raw_os_error() == Some(10040);
    too_long_on_windows
        || matches!(
            err.kind(),
            io::ErrorKind::ConnectionReset
                | io::ErrorKind::ConnectionRefused
                | io::ErrorKind::ConnectionAborted
                | io::ErrorKind::HostUnreachable
                | io::ErrorKind::NetworkUnreachable
                | io::ErrorKind::Interrupted
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_going_away_does_not_stop_the_server() {
        let reset =
            anyhow::Error::new(io::Error::from(io::ErrorKind::ConnectionReset))
                .context("cannot receive a datagram");
        assert!(caused_by_a_client(&reset));
        let refused =
            anyhow::Error::new(io::Error::from(io::ErrorKind::ConnectionRefused));
        assert!(caused_by_a_client(&refused));
    }

    #[test]
    fn a_closed_output_or_a_bad_socket_stops_it() {
        let closed = anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(!caused_by_a_client(&closed));
        let bad = anyhow::Error::new(io::Error::other("bad socket"));
        assert!(!caused_by_a_client(&bad));
        assert!(!caused_by_a_client(&anyhow::anyhow!("no io error at all")));
    }
}
