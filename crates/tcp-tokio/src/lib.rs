//! Lesson 8: lesson 2's server again, with `async`/`await` on tokio. Every
//! caller gets a task of its own, a few hundred bytes, and a handful of
//! threads serve them all; the runtime's reactor wakes a task when its caller
//! has something to say. Two things every real server needs come with it: an
//! idle timeout for callers who never speak, and a graceful shutdown on
//! Ctrl-C or SIGTERM.
//!
//! | module | what it holds |
//! |---|---|
//! | [`server`] | stand by (backlog 1024), the connection loop, closing time |
//! | [`pick_up`] | `accept` for a crowd: out of descriptors, callers who give up |
//! | [`signals`] | Ctrl-C and SIGTERM, caught |
//! | [`call`] | one caller's task: the communication loop, the idle timeout |
//! | [`log`] | the server's log: whole lines, never slowing a caller down |
//! | [`client`] | lesson 2's client, async, with a connect and a reply timeout |
//! | [`demo`] | callers at once, then closing time, in one process |
//! | [`exercises`] | the page's exercises, solved |
//!
//! The binary, `tcp-tokio`, only parses the command line and calls them.

pub mod call;
pub mod client;
pub mod demo;
pub mod exercises;
pub mod log;
pub mod pick_up;
pub mod server;
pub mod signals;

/// The port the server answers on and the client calls, at 127.0.0.1,
/// unless `--addr` says otherwise (lessons 6, 7 and 8 each have a port of
/// their own).
pub const PORT: u16 = 8083;

/// The most one read of a caller takes, as lesson 2's `BUFSIZE`. The buffer
/// exists only while a caller is being heard and answered, never while the
/// caller is silent (see [`call::talk`]).
pub const BUFSIZE: usize = 64 * 1024;
