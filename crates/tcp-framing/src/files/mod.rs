//! The file server, built on frames: every request starts with one frame
//! holding a JSON header (`put`, `get` or `list`), and a file's bytes follow
//! their header raw, exactly as many as it announced.
//!
//! | module | what it holds |
//! |---|---|
//! | [`protocol`] | the header and the replies, as JSON in frames |
//! | [`name`] | which names are files in the server's folder, and which are not |
//! | [`stream`] | bytes passed on through a fixed buffer, hashed as they pass |
//! | [`atomic`] | a file written beside its place and renamed there when complete |
//! | [`server`] | `tcp-framing file-server`: its calls and requests |
//! | `put`, `get` | the server's side of each request |
//! | [`client`] | `tcp-framing put`, `get` and `ls` |
//! | [`progress`] | their progress bar, on a terminal only |

pub mod atomic;
pub mod client;
mod get;
pub mod name;
pub mod progress;
pub mod protocol;
mod put;
pub mod server;
pub mod stream;

/// The largest file the server takes unless `--max-file` says otherwise:
/// 1 GiB.
pub const MAX_FILE: u64 = 1 << 30;
