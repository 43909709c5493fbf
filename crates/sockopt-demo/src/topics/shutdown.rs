//! `shutdown`: a half close. The client says it has finished talking, the
//! server reads to the end of the stream, and the client still hears the
//! reply.

use std::io::{Read, Write};
use std::net::Shutdown;

use anyhow::Result;

use super::call;
use crate::show;

/// One request ended by a half close, one reply.
///
/// # Errors
/// When a socket call on loopback fails or times out.
pub fn run(out: &mut dyn Write) -> Result<()> {
    let (mut caller, mut conn) = call()?;
    // ANCHOR: half_close
    // Say it, then stop talking but keep listening: a FIN goes out.
    caller.write_all(b"LHF nb")?;
    caller.shutdown(Shutdown::Write)?;
    // The server reads to the end of the stream: the request is complete.
    let mut request = Vec::new();
    conn.read_to_end(&mut request)?;
    let heard = common::show_bytes(&request);
    writeln!(out, "server read to the end: {heard}")?;
    // It answers and hangs up.
    conn.write_all(&common::upper(&request))?;
    drop(conn);
    // The half-closed client still hears the whole reply.
    let mut reply = Vec::new();
    caller.read_to_end(&mut reply)?;
    writeln!(out, "client received: {}", common::show_bytes(&reply))?;
    // ANCHOR_END: half_close
    // ANCHOR: no_more
    // But it can no longer talk.
    let more = caller.write(b"more");
    writeln!(out, "client write after shutdown: {}", show::outcome(&more))?;
    // ANCHOR_END: no_more
    Ok(())
}
