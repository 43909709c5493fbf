//! Exercise "answer": the server's loop, written by you. Take each letter out
//! of the post box with `recv_from`, print it and its return address, and post
//! the answer back with `send_to`, for ever, whoever the sender.

use std::io::Write;
use std::net::{SocketAddr, UdpSocket};

use anyhow::{Context, Result};

use crate::{DEFAULT_BUFSIZE, server};

/// The lesson's server, with [`serve`] as its loop.
///
/// # Errors
/// As the lesson's server: the address cannot be taken, or `out` is closed.
pub fn run(addr: SocketAddr, out: &mut dyn Write) -> Result<()> {
    // ANCHOR: answer_server
    let post_box = server::bind(addr, out)?;
    // New: your loop.
    serve(&post_box, out)
    // ANCHOR_END: answer_server
}

// ANCHOR: serve_signature
/// The server's loop: for each letter that arrives on `post_box` (at most
/// [`DEFAULT_BUFSIZE`] bytes), print `b'...' from ADDR` to `out` and post the
/// letter back upper-cased to the address it came from. It never returns
/// but for an error.
///
/// # Errors
/// When the socket fails for a reason of the server's own, or `out` is
/// closed. What one client causes (on Windows, a "connection reset" after an
/// answer went to a client already gone) must not stop it.
pub fn serve(post_box: &UdpSocket, out: &mut dyn Write) -> Result<()> {
    // ANCHOR_END: serve_signature
    // SOLUTION: begin loop: recv_from a letter, print it and its sender, send_to the sender upper-cased
    // ANCHOR: serve
    let mut buf = vec![0u8; DEFAULT_BUFSIZE];
    loop {
        // Take the next letter out of the box, with its return address.
        let (n, peer) = match post_box.recv_from(&mut buf) {
            Ok(received) => received,
            Err(err) if server::a_clients_doing(&err) => continue,
            Err(err) => return Err(err).context("cannot receive a datagram"),
        };
        let letter = &buf[..n];
        writeln!(out, "{} from {peer}", common::show_bytes(letter))?;
        // Post the answer to the return address: one datagram, whole.
        if let Err(err) = post_box.send_to(&common::upper(letter), peer) {
            eprintln!("warning: cannot answer {peer}: {err}; the server goes on");
        }
    }
    // ANCHOR_END: serve
    // SOLUTION: end
}
