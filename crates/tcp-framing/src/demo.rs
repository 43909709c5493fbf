//! `tcp-framing demo`: the lesson in one process, on ports the system picks.
//! First 粘包 for real: two messages written back to back and read in one
//! read, and one message read in two. Then the same messages as frames,
//! which come apart and come whole. Then a file put and got back.
//!
//! 粘包 depends on timing: it happens when the reader reads after several
//! messages have arrived. The demo makes that happen every run by having
//! the reader wait, before it reads, until every byte it is about to read
//! is in its socket's receive buffer: `peek` shows them without taking them.
//! A busy reader is late in just this way, now and then; the demo's is late
//! every time.

use std::io::{BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use common::{Labelled, show_bytes};

use crate::files::{client as files_client, server as files_server};
use crate::{frame, server};

/// The article's buffer: `recv(1024)`.
pub const RECV: usize = 1024;

/// How long the reader waits for bytes the writer has written.
const ARRIVAL: Duration = Duration::from_secs(5);

/// Runs the whole demo.
///
/// # Errors
/// When a socket, the temporary folder or stdout fails.
pub fn run() -> Result<()> {
    let mut writer_out = Labelled::new("writer | ");
    let mut reader_out = Labelled::new("reader | ");
    let (mut writer, mut reader) = connected_pair()?;
    // ANCHOR: glued
    // Two messages, two writes, back to back.
    for message in [&b"hello"[..], b"world"] {
        writer.write_all(message)?;
        writeln!(writer_out, "write({})", show_bytes(message))?;
    }
    // The reader is late: both messages are in by the time it reads.
    arrived(&reader, 10, &mut reader_out)?;
    let mut buf = [0u8; RECV];
    let n = reader.read(&mut buf)?;
    writeln!(
        reader_out,
        "recv(1024) -> {}: two messages in one read",
        show_bytes(&buf[..n])
    )?;
    // ANCHOR_END: glued
    // ANCHOR: split
    // One message longer than one read.
    let long = vec![b'm'; 2000];
    writer.write_all(&long)?;
    writeln!(writer_out, "write({} bytes)", long.len())?;
    arrived(&reader, long.len(), &mut reader_out)?;
    for _ in 0..2 {
        let n = reader.read(&mut buf)?;
        writeln!(
            reader_out,
            "recv(1024) -> {n} bytes: a piece of one message"
        )?;
    }
    // ANCHOR_END: split

    // ANCHOR: framed
    // The same messages as frames: a 4-byte length before each.
    let mut framed_reader = BufReader::new(&reader);
    for message in [&b"hello"[..], b"world", &long] {
        frame::write_frame(&mut writer, message)?;
        writeln!(writer_out, "write_frame({})", shown(message))?;
    }
    arrived(
        &reader,
        3 * frame::PREFIX + 10 + long.len(),
        &mut reader_out,
    )?;
    for _ in 0..3 {
        let message = frame::read_frame(&mut framed_reader, frame::MAX_FRAME)?;
        let message = message.ok_or_else(|| anyhow!("the writer hung up"))?;
        writeln!(reader_out, "read_frame -> {}", shown(&message))?;
    }
    // ANCHOR_END: framed
    drop((writer_out, reader_out));
    files()
}

/// A message as the demo shows it: its bytes when short, else its length.
fn shown(message: &[u8]) -> String {
    if message.len() <= 16 {
        show_bytes(message)
    } else {
        format!("{} bytes", message.len())
    }
}

/// A call to ourselves: a listener on a port the system picks, a phone that
/// dials it, and the call picked up. Returns (the caller's end, ours).
fn connected_pair() -> Result<(TcpStream, TcpStream)> {
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let writer = TcpStream::connect(listener.local_addr()?)?;
    let (reader, _) = listener.accept()?;
    reader.set_read_timeout(Some(ARRIVAL))?;
    Ok((writer, reader))
}

// ANCHOR: arrived
/// Waits, at most [`ARRIVAL`], until `n` bytes are in `conn`'s receive
/// buffer, without taking them: `peek` copies what is there and leaves it.
/// Once they are all there, one read of 1024 bytes takes whatever is there,
/// up to 1024 bytes, messages or no messages.
fn arrived(conn: &TcpStream, n: usize, out: &mut dyn Write) -> Result<()> {
    let deadline = Instant::now() + ARRIVAL;
    let mut seen = vec![0u8; n];
    while conn.peek(&mut seen)? < n {
        if Instant::now() > deadline {
            bail!("{n} bytes did not arrive within {ARRIVAL:?}");
        }
        thread::yield_now();
    }
    writeln!(out, "(waits until all {n} bytes have arrived)")?;
    Ok(())
}
// ANCHOR_END: arrived

/// The file server on a port the system picks, serving a temporary folder:
/// a put, then a get, each printed by the side that does it.
fn files() -> Result<()> {
    let dir = std::env::temp_dir()
        .join(format!("tcp-framing-demo-{}", std::process::id()));
    let result = put_and_get(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn put_and_get(dir: &Path) -> Result<()> {
    let mut server_out = Labelled::new("server | ");
    let mut client_out = Labelled::new("client | ");
    let folder = files_server::Folder {
        dir: dir.join("served"),
        max_file: crate::files::MAX_FILE,
        idle: files_server::IDLE,
    };
    std::fs::create_dir_all(&folder.dir)
        .context("cannot make a temporary folder")?;
    let original = dir.join("greeting.txt");
    std::fs::write(&original, "hello from tcp-framing demo\n")?;
    let listener = server::stand_by(([127, 0, 0, 1], 0).into(), &mut server_out)?;
    let addr = listener.local_addr()?;
    let serving = thread::spawn(move || -> Result<()> {
        // Two calls: the put's and the get's.
        files_server::serve_next_call(&listener, &folder, &mut server_out)?;
        files_server::serve_next_call(&listener, &folder, &mut server_out)
    });
    files_client::put(addr, &original, None, &mut client_out)?;
    let copy = dir.join("copy.txt");
    files_client::get(addr, "greeting.txt", Some(&copy), &mut client_out)?;
    // The server's last line (the get's caller hung up) before ours.
    serving
        .join()
        .map_err(|_| anyhow!("the server thread panicked"))??;
    let same = std::fs::read(&copy)? == std::fs::read(&original)?;
    writeln!(
        client_out,
        "the copy is the original, byte for byte: {same}"
    )?;
    Ok(())
}
