//! Plumbing that every lesson shares, written once so the lessons can show only
//! their socket calls.
//!
//! | module | what it holds |
//! |---|---|
//! | [`addr`] | `--addr`: the flags `Listen` and `Call`, parsing with errors that show a valid example, `show_sockaddr` |
//! | [`bytes`] | the upper-case service and Python's `b'...'` display |
//! | [`input`] | the interactive clients' lines and `>>>: ` prompt |
//! | [`net`] | `announce_listening`, `announce_bound`, `bound_addr`, `cannot_listen`, `is_timeout`, `how_it_broke`, `call_broke` |
//! | [`report`] | a binary's `main`: parse, run, `error: ...` / `hint: ...` and the exit code |
//! | [`output`] | stdout helpers: the demo's labelled writer, raw byte replies, a writer of lines |
//! | `limits` | (feature `limits`) the open-files limit, running out of descriptors |
//! | `process` | (feature `process`) a child process watched while it runs |
//! | `procfs` | (feature `process`) a process's memory, threads, CPU time, from `/proc` |
//! | `testing` | (feature `testing`) the lessons' test harness |

pub mod addr;
pub mod bytes;
pub mod input;
#[cfg(feature = "limits")]
pub mod limits;
pub mod net;
pub mod output;
#[cfg(feature = "process")]
pub mod process;
#[cfg(feature = "process")]
pub mod procfs;
pub mod report;
#[cfg(feature = "testing")]
pub mod testing;

pub use addr::{Call, Listen, parse_addr, parse_peer_addr, show_sockaddr};
pub use bytes::{show_bytes, upper};
pub use net::{
    announce_bound, announce_listening, bound_addr, call_broke, cannot_listen,
    gave_up_in_queue, how_it_broke, is_timeout,
};
pub use output::Labelled;
pub use report::{Hinted, describe_io, parse_and_run, report};
