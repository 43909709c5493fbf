//! Lesson 2: the article's TCP programs with loops. The server answers one
//! caller after another (the connection loop) and, during each call, one
//! message after another (the communication loop), until the caller hangs up;
//! the client says one message per line of its input and prints each answer.
//!
//! [`server`] and [`client`] each read top to bottom like the article's
//! program; [`demo`] runs both in one process; [`exercises`] holds the
//! solutions of the page's exercises. The binary, `tcp-loop`, only parses the
//! command line and calls them.

pub mod client;
pub mod demo;
pub mod exercises;
pub mod server;

/// The port the server answers on and the client calls, at 127.0.0.1,
/// unless `--addr` says otherwise: the article's
/// `phone.bind(("127.0.0.1", 8080))`.
pub const PORT: u16 = 8080;

// ANCHOR: bufsize
/// The most one read of the server takes. The article reads 1024 bytes at a
/// time (`conn.recv(1024)`) and answers each read at once; with a long message
/// that is many small reads, answers and log lines (100 of each for 100 KB).
/// Reading up to 64 KiB makes them few. What a read gives is unchanged:
/// whatever has arrived so far, at most this much, never "one message".
pub const BUFSIZE: usize = 64 * 1024;
// ANCHOR_END: bufsize
