//! The file server's wire, on frames: a request is one frame holding a JSON
//! object, the header; a reply is one frame holding a JSON object with `ok`.
//!
//! ```text
//! {"op":"put","name":"notes.txt","size":12,"sha256":"9f86..."}  + 12 raw bytes
//! {"op":"get","name":"notes.txt"}
//! {"op":"list"}
//! {"ok":true,"size":12,"sha256":"9f86..."}                      (+ 12 raw bytes after a get)
//! {"ok":false,"error":"no file notes.txt"}
//! ```

use std::io::{self, BufRead, Write};

use serde::{Deserialize, Serialize};

use crate::frame;

/// The largest header the server reads: 64 KiB, far more than a request
/// needs, far less than a stranger could make it take.
pub const MAX_HEADER: usize = 64 * 1024;

/// The largest reply a client reads: a listing of [`LIST_AT_MOST`] files
/// of the longest names fits.
pub const MAX_REPLY: usize = 4 << 20;

/// The most files one listing names.
pub const LIST_AT_MOST: usize = 1000;

// ANCHOR: request
/// A request's header. serde reads `{"op":"get","name":"x"}` as
/// `Request::Get { name: "x" }`; any other `op` is an error that names
/// the three there are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum Request {
    /// Store `size` bytes, which follow the header, as `name`.
    Put {
        name: String,
        size: u64,
        sha256: String,
    },
    /// Send the file `name`.
    Get { name: String },
    /// Name the files there are.
    List,
}
// ANCHOR_END: request

/// A reply: `ok`, and what goes with it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    /// Whether the request was done.
    pub ok: bool,
    /// Why not, when `ok` is false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The file's size: stored (put), or following this reply (get).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// The file's SHA-256, 64 lower-case hex digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// The files there are, by name (list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files: Option<Vec<Entry>>,
    /// True when there were more files than one listing names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truncated: Option<bool>,
}

/// One file of a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Its name.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
}

impl Reply {
    /// `{"ok":true,"size":S,"sha256":HEX}`: a file stored, or about to follow.
    pub fn file(size: u64, sha256: String) -> Reply {
        let (size, sha256) = (Some(size), Some(sha256));
        Reply {
            ok: true,
            size,
            sha256,
            ..Reply::default()
        }
    }

    /// `{"ok":false,"error":"..."}`.
    pub fn refused(error: impl Into<String>) -> Reply {
        Reply {
            error: Some(error.into()),
            ..Reply::default()
        }
    }
}

/// Sends `message` (a request or a reply) as one frame of JSON.
///
/// # Errors
/// When the frame cannot be written.
pub fn send(conn: &mut impl Write, message: &impl Serialize) -> io::Result<()> {
    let json = serde_json::to_vec(message).map_err(io::Error::other)?;
    frame::write_frame(conn, &json)
}

/// Receives one reply. `None` when the server hung up instead.
///
/// # Errors
/// When the frame cannot be read, is over [`MAX_REPLY`], or is not a reply.
pub fn receive(conn: &mut impl BufRead) -> io::Result<Option<Reply>> {
    let Some(json) = frame::read_frame(conn, MAX_REPLY)? else {
        return Ok(None);
    };
    let reply = serde_json::from_slice(&json).map_err(|err| {
        let why = format!("the reply is not the file server's JSON: {err}");
        io::Error::new(io::ErrorKind::InvalidData, why)
    })?;
    Ok(Some(reply))
}

/// Whether `text` is a SHA-256 as the protocol writes it: 64 hex digits.
pub fn is_sha256(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wire_is_the_documented_json() {
        let put = Request::Put {
            name: "a".into(),
            size: 1,
            sha256: "00".into(),
        };
        let json = serde_json::to_string(&put).unwrap_or_default();
        assert_eq!(json, r#"{"op":"put","name":"a","size":1,"sha256":"00"}"#);
        let list: Request = serde_json::from_str(r#"{"op":"list"}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(list, Request::List);
        let err = serde_json::from_str::<Request>(r#"{"op":"delete","name":"a"}"#);
        let err = err.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("unknown variant `delete`"), "{err}");
        let json = serde_json::to_string(&Reply::refused("no")).unwrap_or_default();
        assert_eq!(json, r#"{"ok":false,"error":"no"}"#);
    }
}
