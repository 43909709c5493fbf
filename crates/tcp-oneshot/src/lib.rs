//! Lesson 1: the article's first TCP programs. The server answers one call,
//! hears one message, says it back upper-cased and hangs up; the client dials,
//! says `LHF nb` and prints `LHF NB`.
//!
//! [`server`] and [`client`] each read top to bottom like the article's
//! program; [`demo`] runs both in one process. The binary, `tcp-oneshot`, only
//! parses the command line and calls them.

pub mod client;
pub mod demo;
pub mod exercises;
pub mod server;

/// The port the server answers on and the client calls, at 127.0.0.1,
/// unless `--addr` says otherwise: the article's
/// `ip_port=('127.0.0.1',9000)`.
pub const PORT: u16 = 9000;

/// The article's `BUFSIZE`: the most one read takes.
pub const BUFSIZE: usize = 1024;
