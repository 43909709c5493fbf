//! `tcp-framing put`, `get` and `ls`: the file server's client, one request
//! per call.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Seek, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use common::Hinted;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::atomic::Incoming;
use super::progress::{bar, done};
use super::protocol::{self, LIST_AT_MOST, Reply, Request};
use super::{name, stream};

/// How long the client waits for a reply: after a large put, the server
/// writes the file out to its disk before it replies.
pub const REPLY_TIMEOUT: Duration = Duration::from_secs(60);

/// `tcp-framing put FILE [--as NAME]`: sends the file at `path` to the
/// server at `addr`, to be stored as `name` (the file's own name unless
/// given), and prints what the server stored.
///
/// # Errors
/// When the file cannot be read, the name is not a plain file name, the
/// call fails, or the server refuses the file.
pub fn put(
    addr: SocketAddr,
    path: &Path,
    name: Option<&str>,
    out: &mut dyn Write,
) -> Result<()> {
    let name = match name {
        Some(name) => name.to_string(),
        None => own_name(path)?,
    };
    name::check(&name).map_err(|why| {
        let what = format!("cannot put {} as {name:?}: {why}", path.display());
        Hinted::new(what, "give it a plain file name with --as NAME")
    })?;
    let file = File::open(path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let size = file.metadata()?.len();
    let mut file = BufReader::with_capacity(stream::CHUNK, file);
    // ANCHOR: put
    // The header goes first and carries the SHA-256: read the file once
    // for it, then once more to send it.
    let hashing = bar(size, "hashing");
    let sha256 = stream::sha256_of(&mut file, size, &hashing)
        .with_context(|| format!("cannot read {}", path.display()))?;
    hashing.finish_and_clear();
    file.rewind()?;
    let conn = dial(addr)?;
    let (mut reader, mut writer) = (BufReader::new(&conn), BufWriter::new(&conn));
    let header = Request::Put {
        name: name.clone(),
        size,
        sha256,
    };
    protocol::send(&mut writer, &header).map_err(|err| broke(err, addr))?;
    let progress = bar(size, "sending");
    let sent = stream::pass(&mut file, &mut writer, size, None, &progress);
    done(&progress);
    if sent.is_err() {
        // Say we are done: a server still waiting for bytes then ends the
        // call instead of keeping us until the reply's timeout.
        let _ = conn.shutdown(Shutdown::Write);
    }
    // Read the reply even when the bytes could not all go: a server that
    // refuses a put says why, then hangs up on the bytes.
    let reply = protocol::receive(&mut reader);
    // ANCHOR_END: put
    let reply = match (sent, reply) {
        (_, Ok(Some(reply))) => reply,
        // Our own file ended early: it shrank after it was hashed.
        (Err(err), _) if err.kind() == io::ErrorKind::UnexpectedEof => {
            let path = path.display();
            return Err(anyhow!("{path} changed while it was sent: {err}"));
        }
        (Err(err), _) | (Ok(()), Err(err)) => return Err(broke(err, addr)),
        (Ok(()), Ok(None)) => {
            return Err(broke(io::ErrorKind::UnexpectedEof.into(), addr));
        }
    };
    let (size, sha256) = stored(reply, &format!("put of {name:?}"))?;
    writeln!(out, "stored {name}: {size} bytes, sha256 {sha256}")?;
    Ok(())
}

/// `tcp-framing get NAME [--out PATH]`: fetches the file `name` into `dest`
/// (`./NAME` unless given). The file appears only once every byte has come
/// and matched its SHA-256; a failed get leaves nothing behind.
///
/// # Errors
/// When the name is not a plain file name, the call fails, the server has
/// no such file, or the bytes do not all come or do not match.
pub fn get(
    addr: SocketAddr,
    name: &str,
    dest: Option<&Path>,
    out: &mut dyn Write,
) -> Result<()> {
    name::check(name).map_err(|why| {
        Hinted::new(
            format!("cannot get {name:?}: {why}"),
            "`tcp-framing ls` lists the files",
        )
    })?;
    let dest = dest.map_or_else(|| PathBuf::from(name), Path::to_path_buf);
    let conn = dial(addr)?;
    let (mut reader, mut writer) = (
        BufReader::with_capacity(stream::CHUNK, &conn),
        BufWriter::new(&conn),
    );
    let header = Request::Get {
        name: name.to_string(),
    };
    protocol::send(&mut writer, &header).map_err(|err| broke(err, addr))?;
    let reply = receive(&mut reader, addr)?;
    let (size, sha256) = stored(reply, &format!("get of {name:?}"))?;
    // ANCHOR: get
    // Into a temporary file beside `dest`, renamed only when complete and
    // checked: on any error below, dropping `incoming` removes it.
    let mut incoming = Incoming::create(&dest)
        .with_context(|| format!("cannot write beside {}", dest.display()))?;
    let mut hash = Sha256::new();
    let progress = bar(size, "getting");
    stream::pass(
        &mut reader,
        incoming.file(),
        size,
        Some(&mut hash),
        &progress,
    )
    .map_err(|err| broke(err, addr))?;
    done(&progress);
    let got = stream::hex(hash);
    if !got.eq_ignore_ascii_case(&sha256) {
        return Err(anyhow!(
            "the bytes of {name:?} have the SHA-256 {got}, not {sha256} as announced: nothing written"
        ));
    }
    incoming
        .commit()
        .with_context(|| format!("cannot write {}", dest.display()))?;
    // ANCHOR_END: get
    writeln!(out, "got {name}: {size} bytes, sha256 {got}")?;
    Ok(())
}

/// `tcp-framing ls`: prints the server's files, one per line, size first.
///
/// # Errors
/// When the call fails or the server refuses.
pub fn ls(addr: SocketAddr, out: &mut dyn Write) -> Result<()> {
    let reply = ask(addr, &Request::List)?;
    if !reply.ok {
        let why = reply.error.unwrap_or_default();
        return Err(anyhow!("the server refused the list: {why}"));
    }
    let files = reply.files.unwrap_or_default();
    if files.is_empty() {
        writeln!(out, "(no files)")?;
    }
    for file in files {
        writeln!(out, "{:>12}  {}", file.size, file.name)?;
    }
    if reply.truncated == Some(true) {
        writeln!(out, "(the first {LIST_AT_MOST} files only)")?;
    }
    Ok(())
}

/// One call for one request without bytes after it (a list, or a request
/// of your own): sends `header`, returns the server's reply.
///
/// # Errors
/// When the call fails or breaks before the reply.
pub fn ask(addr: SocketAddr, header: &impl Serialize) -> Result<Reply> {
    let conn = dial(addr)?;
    let (mut reader, mut writer) = (BufReader::new(&conn), BufWriter::new(&conn));
    protocol::send(&mut writer, header).map_err(|err| broke(err, addr))?;
    receive(&mut reader, addr)
}

/// Calls `addr` (as the framed client does), waiting up to
/// [`REPLY_TIMEOUT`] for each reply.
fn dial(addr: SocketAddr) -> Result<TcpStream> {
    let conn = crate::client::dial(addr, "tcp-framing file-server --dir DIR")?;
    conn.set_read_timeout(Some(REPLY_TIMEOUT))?;
    Ok(conn)
}

/// The one reply to a request; an error when the server hung up instead.
fn receive(reader: &mut impl io::BufRead, addr: SocketAddr) -> Result<Reply> {
    match protocol::receive(reader) {
        Ok(Some(reply)) => Ok(reply),
        Ok(None) => Err(broke(io::ErrorKind::UnexpectedEof.into(), addr)),
        Err(err) => Err(broke(err, addr)),
    }
}

/// The size and SHA-256 of an `ok` reply to `what`, or the server's reason.
fn stored(reply: Reply, what: &str) -> Result<(u64, String)> {
    if !reply.ok {
        let why = reply.error.unwrap_or_else(|| "no reason given".into());
        return Err(anyhow!("the server refused the {what}: {why}"));
    }
    match (reply.size, reply.sha256) {
        (Some(size), Some(sha256)) if protocol::is_sha256(&sha256) => {
            Ok((size, sha256))
        }
        _ => Err(anyhow!(
            "the server's reply to the {what} has no size and SHA-256"
        )),
    }
}

/// The name of the file at `path`, to store it under.
fn own_name(path: &Path) -> Result<String> {
    let name = path.file_name().and_then(|n| n.to_str());
    let hint = "give it a name with --as NAME";
    let name = name.ok_or_else(|| {
        Hinted::new(format!("{} has no UTF-8 file name", path.display()), hint)
    })?;
    Ok(name.to_string())
}

/// The error for a call that broke: the server hung up, reset, or did not
/// answer in time.
fn broke(err: io::Error, addr: SocketAddr) -> anyhow::Error {
    let what = match err.kind() {
        io::ErrorKind::UnexpectedEof => {
            format!("the server at {addr} hung up before it was done")
        }
        _ if common::is_timeout(&err) => format!("no reply from {addr} in time"),
        _ => format!("the call to {addr} broke: {}", common::describe_io(&err)),
    };
    let hint = "a file server that is stopped or restarted breaks its calls, and one \
                that refuses a request hangs up: its log says which (and is the \
                program there a `tcp-framing file-server`?)";
    Hinted::new(what, hint).into()
}
