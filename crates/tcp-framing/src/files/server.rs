//! `tcp-framing file-server`: lesson 2's connection loop, and in each call a
//! loop of requests, each a header frame (and, for a put, the file's bytes).

use std::fs;
use std::io::{self, BufReader, BufWriter, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};

use super::atomic;
use super::get::{get, list};
use super::protocol::{self, MAX_HEADER, Reply, Request};
use super::put::put;
use super::stream;
use crate::{frame, server};

/// How long the server waits for a caller to say or take anything before it
/// hangs up on them, unless `--idle-timeout-ms` says otherwise.
pub const IDLE: Duration = Duration::from_secs(30);

/// What the server serves: the files of one folder.
#[derive(Debug, Clone)]
pub struct Folder {
    /// The folder: every file read or written is one of its own.
    pub dir: PathBuf,
    /// The largest file a put may bring.
    pub max_file: u64,
    /// How long a caller may keep the server waiting.
    pub idle: Duration,
}

/// The whole program: stand by at `addr`, then serve the files of `folder`
/// to callers one after another, for ever.
///
/// # Errors
/// When the folder cannot be made, the address cannot be taken, or `out` is
/// closed. Nothing a caller sends ends it.
pub fn run(addr: SocketAddr, folder: &Folder, out: &mut dyn Write) -> Result<()> {
    fs::create_dir_all(&folder.dir).with_context(|| {
        format!("cannot make the folder {}", folder.dir.display())
    })?;
    let listener = server::stand_by(addr, out)?;
    writeln!(out, "serving the files in {}", folder.dir.display())?;
    clear_leftovers(folder, out)?;
    loop {
        serve_next_call(&listener, folder, out)?;
    }
}

/// Clears what an earlier server killed in the middle of a put left in the
/// folder (after `stand_by`: a second server that cannot take the address
/// must not touch the first one's files), and says so.
///
/// # Errors
/// When `out` is closed.
pub fn clear_leftovers(folder: &Folder, out: &mut dyn Write) -> Result<()> {
    match atomic::remove_leftovers(&folder.dir) {
        Ok(0) => {}
        Ok(n) => writeln!(
            out,
            "removed {n} unfinished upload(s) an earlier server left"
        )?,
        Err(err) => writeln!(out, "cannot look for unfinished uploads: {err}")?,
    }
    Ok(())
}

/// One turn of the connection loop: picks up the next caller, answers their
/// requests until they hang up or the call breaks, says how it ended.
///
/// # Errors
/// When `accept` fails for the server's own reason, or `out` is closed.
pub fn serve_next_call(
    listener: &TcpListener,
    folder: &Folder,
    out: &mut dyn Write,
) -> Result<()> {
    server::answer_next_call(listener, "request", out, |conn, out| {
        serve(conn, folder, out)
    })
}

/// The requests of one call, until the caller hangs up.
fn serve(conn: &TcpStream, folder: &Folder, out: &mut dyn Write) -> io::Result<()> {
    set_timeouts(conn, folder)?;
    // ANCHOR: requests
    // One reader for the whole call: the buffer that holds a header may
    // already hold the first bytes of the file after it.
    let mut reader = BufReader::with_capacity(stream::CHUNK, conn);
    let mut writer = BufWriter::new(conn);
    while let Some(header) = frame::read_frame(&mut reader, MAX_HEADER)? {
        answer(&header, &mut reader, &mut writer, folder, out)?;
    }
    // ANCHOR_END: requests
    Ok(())
}

/// Gives the call the folder's idle timeout both ways, and `TCP_NODELAY`.
///
/// # Errors
/// When the socket refuses an option.
pub fn set_timeouts(conn: &TcpStream, folder: &Folder) -> io::Result<()> {
    conn.set_nodelay(true)?;
    conn.set_read_timeout(Some(folder.idle))?;
    conn.set_write_timeout(Some(folder.idle))
}

/// Answers the request whose header is `header`: a put reads its bytes
/// from `reader`; every reply goes to `writer`.
///
/// # Errors
/// When the call breaks, or must end: a header that is not a request, a
/// put refused before its bytes (both answered first).
pub fn answer(
    header: &[u8],
    reader: &mut BufReader<&TcpStream>,
    writer: &mut BufWriter<&TcpStream>,
    folder: &Folder,
    out: &mut dyn Write,
) -> io::Result<()> {
    // ANCHOR: answer
    match serde_json::from_slice::<Request>(header) {
        Ok(Request::Put { name, size, sha256 }) => {
            put(reader, writer, folder, &name, size, &sha256, out)
        }
        Ok(Request::Get { name }) => get(writer, folder, &name, out),
        Ok(Request::List) => list(writer, folder, out),
        // Not JSON, or no request we know: bytes may follow it that we
        // cannot tell from a next header, so say why and hang up.
        Err(err) => {
            let why = format!("a header is a JSON request: {err}");
            refuse_and_hang_up(writer, "header", &why, out)
        }
    }
    // ANCHOR_END: answer
}

/// Replies `ok:false` with `why`, logs it, and ends the call: the error
/// becomes the server's line `client ADDR sent a request that was refused;
/// hung up on it`.
pub(super) fn refuse_and_hang_up(
    writer: &mut BufWriter<&TcpStream>,
    what: &str,
    why: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "{what} refused: {why}")?;
    protocol::send(writer, &Reply::refused(why))?;
    let ended = "sent a request that was refused, with bytes that may follow it";
    Err(io::Error::new(io::ErrorKind::InvalidData, ended))
}
