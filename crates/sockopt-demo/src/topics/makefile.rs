//! `makefile`: a socket used like a file. Python's `makefile` gives a
//! buffered file object; in Rust a `BufReader` and a `BufWriter` wrap the
//! stream, one on a clone of it, and `lines()` reads line by line.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::net::Shutdown;

use anyhow::Result;

use super::call;

/// The caller sends lines; the server answers each upper-cased through a
/// reader and a writer over the same stream.
///
/// # Errors
/// When a socket call on loopback fails or times out, or a line is not UTF-8.
pub fn run(out: &mut dyn Write) -> Result<()> {
    let (mut caller, conn) = call()?;
    caller.write_all(b"LHF nb\nhello, makefile\n")?;
    caller.shutdown(Shutdown::Write)?;

    // ANCHOR: files
    // Two handles on one socket: try_clone duplicates the descriptor.
    let reader = BufReader::new(conn.try_clone()?);
    let mut writer = BufWriter::new(conn);
    // Read line by line until the caller stops sending.
    for line in reader.lines() {
        let line = line?;
        writeln!(out, "server read line: {line}")?;
        writeln!(writer, "{}", line.to_ascii_uppercase())?;
    }
    // BufWriter keeps small writes until flush, like Python's file object.
    writer.flush()?;
    // The call ends when every handle is gone: here the reader went with
    // the loop, and the writer goes now.
    drop(writer);
    // ANCHOR_END: files

    for line in BufReader::new(caller).lines() {
        writeln!(out, "caller read line: {}", line?)?;
    }
    Ok(())
}
