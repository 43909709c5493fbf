//! The file server's side of a put: the bytes after the header, into a
//! temporary file, hashed as they pass, renamed into place once checked.

use std::io::{self, BufReader, BufWriter, Write};
use std::net::TcpStream;

use indicatif::ProgressBar;
use sha2::{Digest, Sha256};

use super::atomic::Incoming;
use super::protocol::{self, Reply};
use super::server::{Folder, refuse_and_hang_up};
use super::{name, stream};

/// Stores the `size` bytes that follow the header as `name`, if they match
/// `sha256`, and replies.
pub(super) fn put(
    reader: &mut BufReader<&TcpStream>,
    writer: &mut BufWriter<&TcpStream>,
    folder: &Folder,
    name: &str,
    size: u64,
    sha256: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    // ANCHOR: put
    if let Err(why) = check_put(name, size, sha256, folder.max_file) {
        return refuse_and_hang_up(writer, &format!("put {name:?}"), &why, out);
    }
    // The bytes go to a temporary file beside the real one...
    let mut incoming = match Incoming::create(&folder.dir.join(name)) {
        Ok(incoming) => incoming,
        Err(err) => {
            let why = format!("cannot store it: {}", common::describe_io(&err));
            return refuse_and_hang_up(writer, &format!("put {name:?}"), &why, out);
        }
    };
    writeln!(out, "put {name:?}: receiving {size} bytes")?;
    let mut hash = Sha256::new();
    // ...through one fixed buffer, hashed as they pass. A caller who hangs
    // up or resets halfway ends here with an error, and dropping
    // `incoming` removes the temporary file.
    let hidden = ProgressBar::hidden();
    stream::pass(reader, incoming.file(), size, Some(&mut hash), &hidden)?;
    let got = stream::hex(hash);
    if !got.eq_ignore_ascii_case(sha256) {
        let why =
            format!("the bytes' SHA-256 is {got}, not {sha256}: nothing stored");
        writeln!(out, "put {name:?} refused: {why}")?;
        // Every byte was read: the next request can follow.
        return protocol::send(writer, &Reply::refused(why));
    }
    // ...and only now, complete and checked, take its name.
    if let Err(err) = incoming.commit() {
        let why = format!("cannot store it: {}", common::describe_io(&err));
        writeln!(out, "put {name:?} refused: {why}")?;
        return protocol::send(writer, &Reply::refused(why));
    }
    // ANCHOR_END: put
    writeln!(
        out,
        "put {name:?}: stored {size} bytes, sha256 {}...",
        &got[..16]
    )?;
    protocol::send(writer, &Reply::file(size, got))
}

/// Why a put cannot be taken, before any of its bytes is read.
fn check_put(
    name: &str,
    size: u64,
    sha256: &str,
    max_file: u64,
) -> Result<(), String> {
    name::check(name)?;
    if size > max_file {
        return Err(format!(
            "{size} bytes is over this server's limit of {max_file}"
        ));
    }
    if !protocol::is_sha256(sha256) {
        return Err(format!("{sha256:?} is not a SHA-256 (64 hex digits)"));
    }
    Ok(())
}
