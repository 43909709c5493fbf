//! Exercise "second-caller": lesson 2's test
//! `the_second_caller_waits_until_the_first_hangs_up`, turned round. A
//! probe dials a first caller who talks and stays on the line, then a second
//! caller, and says whether the second is answered meanwhile. Lesson 2's
//! server makes it wait; this lesson's answers it; this lesson's with
//! `--workers 1` makes it wait again.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use anyhow::{Context, Result, bail};

/// How long the probe waits for the second caller's answer unless
/// `--patience-ms` says otherwise. Over loopback an answer takes well under
/// a millisecond; a second is generous.
pub const PATIENCE: Duration = Duration::from_secs(1);

/// Runs the probe against `addr` and prints what it found to `out`.
///
/// # Errors
/// When a call does not go through or breaks, or `out` is closed.
pub fn run(addr: SocketAddr, patience: Duration, out: &mut dyn Write) -> Result<()> {
    // ANCHOR: probe
    if second_caller_is_answered(addr, patience)? {
        writeln!(
            out,
            "answered: the second caller got its answer while the first was \
             still on the line"
        )?;
    } else {
        writeln!(
            out,
            "waited: no answer for the second caller in {} ms while the first \
             was on the line",
            patience.as_millis()
        )?;
    }
    // ANCHOR_END: probe
    Ok(())
}

/// Says `message` on `conn` and checks the answer is `message` upper-cased.
///
/// # Errors
/// When the call breaks, or the answer is not the expected one.
pub fn say(conn: &mut TcpStream, message: &[u8]) -> Result<()> {
    conn.write_all(message).context("cannot say it")?;
    let mut answer = vec![0u8; message.len()];
    conn.read_exact(&mut answer).context("no whole answer")?;
    if answer != common::upper(message) {
        bail!("the answer is not the message upper-cased");
    }
    Ok(())
}

/// Whether a second caller gets its answer within `patience` while a first
/// caller, who has said something and heard the answer, stays on the line.
///
/// # Errors
/// When a call does not go through, or breaks (a timeout is not an error:
/// it is the answer `false`).
pub fn second_caller_is_answered(
    addr: SocketAddr,
    patience: Duration,
) -> Result<bool> {
    // SOLUTION: begin a first caller talks and stays on the line; does a second get its answer within patience?
    // ANCHOR: second_caller_is_answered
    let mut first = TcpStream::connect(addr).context("the first call")?;
    first.set_read_timeout(Some(patience))?;
    say(&mut first, b"first").context("the first caller")?;
    // The first caller stays on the line: `first` lives to the end.
    let mut second = TcpStream::connect(addr).context("the second call")?;
    second.write_all(b"second").context("the second caller")?;
    second.set_read_timeout(Some(patience))?;
    let mut answer = [0u8; 6];
    let answered = match second.read_exact(&mut answer) {
        Ok(()) => true,
        Err(err) if common::is_timeout(&err) => false,
        Err(err) => return Err(err).context("the second call broke"),
    };
    drop(first);
    Ok(answered)
    // ANCHOR_END: second_caller_is_answered
    // SOLUTION: end
}
