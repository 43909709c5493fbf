//! Exercise "delete": a fourth request, `{"op":"delete","name":N}`, on both
//! sides of the wire. The server answers `{"ok":true}` once the file is gone,
//! or `{"ok":false,"error":"..."}`; the client prints `deleted NAME`. Every
//! other request is answered as the lesson's file server answers it.

use std::fs;
use std::io::{self, BufReader, BufWriter, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;

use anyhow::{Result, bail};
use serde::Deserialize;
use serde_json::json;

use crate::files::protocol::{self, MAX_HEADER, Reply};
use crate::files::server::{self as files_server, Folder};
use crate::files::{client as files_client, name, stream};
use crate::{frame, server};

/// The new request, as serde reads it: only `{"op":"delete",...}` matches.
#[derive(Debug, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
enum Extra {
    Delete { name: String },
}

/// The lesson's file server, which also deletes.
///
/// # Errors
/// As the lesson's file server.
pub fn serve(addr: SocketAddr, folder: &Folder, out: &mut dyn Write) -> Result<()> {
    fs::create_dir_all(&folder.dir)?;
    let listener = server::stand_by(addr, out)?;
    files_server::clear_leftovers(folder, out)?;
    loop {
        server::answer_next_call(&listener, "request", out, |conn, out| {
            serve_call(conn, folder, out)
        })?;
    }
}

/// The requests of one call, a delete among them.
fn serve_call(
    conn: &TcpStream,
    folder: &Folder,
    out: &mut dyn Write,
) -> io::Result<()> {
    files_server::set_timeouts(conn, folder)?;
    let mut reader = BufReader::with_capacity(stream::CHUNK, conn);
    let mut writer = BufWriter::new(conn);
    // ANCHOR: delete_server
    while let Some(header) = frame::read_frame(&mut reader, MAX_HEADER)? {
        // New: a delete is answered here, any other request as before.
        if let Ok(Extra::Delete { name }) = serde_json::from_slice(&header) {
            let reply = delete(&folder.dir, &name);
            let done = reply.error.as_deref().unwrap_or("deleted");
            writeln!(out, "delete {name:?}: {done}")?;
            protocol::send(&mut writer, &reply)?;
        } else {
            files_server::answer(&header, &mut reader, &mut writer, folder, out)?;
        }
    }
    // ANCHOR_END: delete_server
    Ok(())
}

/// The server's side: removes the plain file `name` of `dir` and replies
/// `{"ok":true}`, or `ok:false` with why not (a name that is not a plain
/// file name, no such file, not a plain file: a folder or a link).
pub fn delete(dir: &Path, name: &str) -> Reply {
    // SOLUTION: begin check the name as put and get do, then remove DIR/NAME if it is a plain file, and say how it went
    // ANCHOR: delete
    if let Err(why) = name::check(name) {
        return Reply::refused(why);
    }
    let path = dir.join(name);
    // symlink_metadata: a link is not followed, as get does not follow one.
    match fs::symlink_metadata(&path) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => return Reply::refused(format!("{name:?} is not a plain file")),
        Err(_) => return Reply::refused(format!("no file {name:?}")),
    }
    match fs::remove_file(&path) {
        Ok(()) => Reply {
            ok: true,
            ..Reply::default()
        },
        Err(err) => Reply::refused(format!("cannot delete {name:?}: {err}")),
    }
    // ANCHOR_END: delete
    // SOLUTION: end
}

/// The client's side, `tcp-framing exercise delete NAME`: asks the server at
/// `addr` to delete `name` and prints `deleted NAME`.
///
/// # Errors
/// When the call fails, or the server refuses, with its reason.
pub fn request(addr: SocketAddr, name: &str, out: &mut dyn Write) -> Result<()> {
    // SOLUTION: begin send the header {"op":"delete","name":...}, then print `deleted NAME`, or fail with the server's reason
    // ANCHOR: delete_request
    let reply = files_client::ask(addr, &json!({"op": "delete", "name": name}))?;
    if !reply.ok {
        let why = reply.error.unwrap_or_default();
        bail!("the server refused the delete of {name:?}: {why}");
    }
    writeln!(out, "deleted {name}")?;
    Ok(())
    // ANCHOR_END: delete_request
    // SOLUTION: end
}
