//! Lesson 7: one thread, many callers. The server makes its sockets
//! non-blocking (the article's `setblocking(False)`) and asks the kernel,
//! through `mio` (`epoll` on Linux), which of them are ready; one loop on one
//! thread answers them all, on lesson 2's wire (every byte back upper-cased).
//!
//! | module | what it holds |
//! |---|---|
//! | [`busy`] | the first idea, and why not: a loop that asks every socket again and again |
//! | [`server`] | the readiness loop: stand by, poll, pick up, serve, hang up |
//! | [`caller`] | one caller's state: the answers it has not taken, reading or not |
//! | [`callers`] | the table of callers, indexed by their tokens |
//! | [`log`] | the server's log, written once per turn of the loop |
//! | [`measure`] | `tcp-events measure`: what each loop costs while callers wait |
//! | [`demo`] | three callers and the loop's events, in order |
//! | [`exercises`] | the page's exercises, solved |
//!
//! The client is lesson 2's (`tcp_loop::client`): the wire is the same.

pub mod busy;
pub mod caller;
pub mod callers;
pub mod demo;
pub mod exercises;
pub mod log;
pub mod measure;
pub mod server;

/// The port the server answers on and the client calls, at 127.0.0.1,
/// unless `--addr` says otherwise.
pub const PORT: u16 = 8082;

// ANCHOR: limits
/// The one read buffer of the whole server: every caller's bytes are read
/// into it, answered, and the buffer is free for the next caller. 64 KiB, as
/// lesson 2's.
pub const BUFSIZE: usize = 64 * 1024;

/// Backpressure: once a caller has this many bytes of answers it has not
/// taken, the server stops reading from it until it has taken them all.
pub const UNSENT_LIMIT: usize = 1024 * 1024;

/// Fairness: the most reads one caller gets in one turn of the loop (1 MiB).
/// A caller who sends as fast as it reads would otherwise never let the loop
/// go on to the others.
pub const READS_PER_TURN: usize = 16;

/// How many finished calls the kernel queues until the loop picks them up.
/// The article's `listen(5)` is fine for one caller at a time; ten thousand
/// callers dialling at once need a longer queue (Linux caps it at
/// `net.core.somaxconn`, 4096 by default).
pub const BACKLOG: i32 = 1024;
// ANCHOR_END: limits
