//! Lesson 5: where a message ends. TCP carries bytes, not messages: two
//! messages written back to back may arrive in one read (粘包, "stuck
//! packets"), and one message may take several reads. The fix is a frame, a
//! length sent first; on frames, a JSON header; on the header, files.
//!
//! | module | what it holds |
//! |---|---|
//! | [`frame`] | the frame: 4 bytes of length, big-endian, then the payload |
//! | [`server`], [`client`] | the framed echo server and its client |
//! | [`files`] | the file server and its `put`, `get` and `ls` commands |
//! | [`demo`] | 粘包 for real, then frames, then a put and a get, in one process |
//! | [`exercises`] | the solutions of the page's exercises |
//!
//! The binary, `tcp-framing`, only parses the command line and calls them.

pub mod client;
pub mod demo;
pub mod exercises;
pub mod files;
pub mod frame;
pub mod server;

/// The port the servers answer on and the clients call, at 127.0.0.1,
/// unless `--addr` says otherwise.
pub const PORT: u16 = 9001;
