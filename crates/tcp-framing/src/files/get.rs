//! The file server's side of a get and a list: a file's bytes after their
//! reply, and the folder's names.

use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Seek, Write};
use std::net::TcpStream;
use std::path::Path;

use indicatif::ProgressBar;

use super::atomic;
use super::protocol::{self, Entry, LIST_AT_MOST, Reply};
use super::server::Folder;
use super::{name, stream};

/// Sends the file `name`: a reply with its size and SHA-256, then its bytes.
pub(super) fn get(
    writer: &mut BufWriter<&TcpStream>,
    folder: &Folder,
    name: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let (file, size) = match open(&folder.dir, name) {
        Ok(found) => found,
        Err(why) => {
            writeln!(out, "get {name:?} refused: {why}")?;
            return protocol::send(writer, &Reply::refused(why));
        }
    };
    // ANCHOR: get
    // The reply comes before the bytes and carries their SHA-256: read the
    // file once for the hash, then once more to send it.
    let mut file = BufReader::with_capacity(stream::CHUNK, file);
    let sha256 = stream::sha256_of(&mut file, size, &ProgressBar::hidden())?;
    file.rewind()?;
    writeln!(
        out,
        "get {name:?}: sending {size} bytes, sha256 {}...",
        &sha256[..16]
    )?;
    protocol::send(writer, &Reply::file(size, sha256))?;
    stream::pass(&mut file, writer, size, None, &ProgressBar::hidden())
    // ANCHOR_END: get
}

/// Opens the file `name` of `dir` for reading, with its size, or says why
/// not: a bad name, no such file, not a plain file (a folder, a link).
fn open(dir: &Path, name: &str) -> Result<(File, u64), String> {
    name::check(name)?;
    let path = dir.join(name);
    // symlink_metadata: a link is not followed, so it cannot lead outside.
    match fs::symlink_metadata(&path) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => return Err(format!("{name:?} is not a plain file")),
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            return Err(format!("no file {name:?}"));
        }
        Err(err) => {
            return Err(format!(
                "cannot read {name:?}: {}",
                common::describe_io(&err)
            ));
        }
    }
    let file =
        File::open(&path).map_err(|e| format!("cannot open {name:?}: {e}"))?;
    let size = file.metadata().map_err(|e| e.to_string())?.len();
    Ok((file, size))
}

/// Replies with the plain files of the folder, by name.
pub(super) fn list(
    writer: &mut BufWriter<&TcpStream>,
    folder: &Folder,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut files = Vec::new();
    for entry in fs::read_dir(&folder.dir)? {
        let entry = entry?;
        // A name that is not UTF-8 cannot be written in JSON, nor asked for.
        let (Ok(meta), Ok(name)) =
            (entry.metadata(), entry.file_name().into_string())
        else {
            continue;
        };
        if meta.is_file() && !atomic::is_temporary(&name) {
            files.push(Entry {
                name,
                size: meta.len(),
            });
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    let truncated = files.len() > LIST_AT_MOST;
    files.truncate(LIST_AT_MOST);
    let plural = if files.len() == 1 { "" } else { "s" };
    writeln!(out, "list: {} file{plural}", files.len())?;
    let reply = Reply {
        ok: true,
        files: Some(files),
        truncated: truncated.then_some(true),
        ..Reply::default()
    };
    protocol::send(writer, &reply)
}
