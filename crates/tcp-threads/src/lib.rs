//! Lesson 6: lesson 2's server, serving many callers at once. The connection
//! loop still picks up one caller after another, but hands each call to a
//! thread of its own and goes straight back to `accept`; a cap says how many
//! callers may be on the line at once; and `--workers N` serves them with a
//! fixed pool of threads instead, as the Rust book's last project does.
//!
//! | module | what it holds |
//! |---|---|
//! | [`server`] | stand by, pick up, a thread per caller (the article's program, grown) |
//! | [`call`] | one call: lesson 2's communication loop, in the caller's thread |
//! | [`callers`] | the count of callers on the line, shared by every thread, and the cap |
//! | [`log`] | the server's log: one thread prints, the others hand it whole lines |
//! | [`pool`] | `--workers N`: a fixed pool of threads fed through a channel |
//! | [`client`] | the hint lesson 2's client gives when this server hangs up |
//! | [`demo`] | the server and three callers talking at once, in one process |
//! | [`exercises`] | the page's exercises, solved |

pub mod call;
pub mod callers;
pub mod client;
pub mod demo;
pub mod exercises;
pub mod log;
pub mod pool;
pub mod server;

/// The port the server answers on and the client calls, at 127.0.0.1,
/// unless `--addr` says otherwise: lesson 2's port plus one, so both servers
/// can run side by side.
pub const PORT: u16 = 8081;

// ANCHOR: sizes
/// The most one read takes. Lesson 2 read up to 64 KiB; here every caller has
/// a buffer of its own, on its thread's stack, and a thousand idle callers
/// would hold 64 MiB of buffers. 16 KiB still takes a long message in few
/// reads.
pub const BUFSIZE: usize = 16 * 1024;

/// The stack each thread gets. Rust's default for a new thread is 2 MiB, but
/// that is address space set aside, not memory used: only the pages a thread
/// touches count, and a call touches little more than its buffer. 64 KiB
/// holds the buffer four times over. What it saves is address space: 10,000
/// threads set aside 640 MiB instead of 20 GiB, which counts where the
/// system or a container limits what a program may reserve.
pub const STACK_SIZE: usize = 64 * 1024;
// ANCHOR_END: sizes

/// How many callers may be on the line at once unless `--max-callers` says
/// otherwise. Each is a thread and a file descriptor; beyond this, a new
/// caller is hung up on at once rather than slow down everyone.
pub const MAX_CALLERS: usize = 4096;

/// The listen backlog: how many calls the kernel completes and queues for
/// `accept`. The article's 5 suits one caller at a time; a burst of callers
/// needs more, or Linux drops their first SYN and they try again a second
/// later.
pub const BACKLOG: i32 = 1024;
