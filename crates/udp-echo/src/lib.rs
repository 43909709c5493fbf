//! Lesson 3: the article's UDP programs. The server binds one datagram socket
//! and answers every datagram, from any client, upper-cased; the client posts
//! each message as one datagram and waits, for a while, for the answer.
//!
//! UDP has no connection, so either side may start first: a datagram sent to a
//! port where nobody is bound is not an error for the sender, it is simply
//! never answered. [`server`] and [`client`] each read top to bottom like the
//! article's program; [`demo`] runs both in one process; [`exercises`] holds
//! the solved exercises. The binary, `udp-echo`, only parses the command line
//! and calls them.

pub mod client;
pub mod demo;
pub mod exercises;
pub mod server;

use std::net::SocketAddr;

/// The port the server is bound to and the client posts to, at 127.0.0.1,
/// unless `--addr` says otherwise: the article's
/// `ip_port=('127.0.0.1',9000)`.
pub const PORT: u16 = 9000;

/// The article's `BUFSIZE`, 1024: try it with `udp-echo server --bufsize 1024`
/// to see a longer datagram cut.
pub const ARTICLE_BUFSIZE: usize = 1024;

/// The most data one UDP datagram can carry over IPv4: the 16-bit length
/// fields allow 65,535 bytes, less the 20-byte IPv4 header and the 8-byte
/// UDP header.
pub const MAX_IPV4_PAYLOAD: usize = 65_507;

/// The most data one UDP datagram can carry over IPv6 (without jumbograms):
/// IPv6 does not count its own header, so 65,535 less the 8-byte UDP header.
pub const MAX_IPV6_PAYLOAD: usize = 65_527;

/// The server's receive buffer unless `--bufsize` says otherwise: the largest
/// datagram of either family fits, so every datagram is answered whole.
pub const DEFAULT_BUFSIZE: usize = MAX_IPV6_PAYLOAD;

/// The largest datagram a socket of `addr`'s family can send.
pub fn max_payload(addr: SocketAddr) -> usize {
    match addr {
        SocketAddr::V4(_) => MAX_IPV4_PAYLOAD,
        SocketAddr::V6(_) => MAX_IPV6_PAYLOAD,
    }
}
