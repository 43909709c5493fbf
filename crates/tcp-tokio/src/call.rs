//! One caller's task: lesson 2's communication loop, written with `.await`.
//! Each caller has one of these running on its own, so a silent or slow
//! caller holds up no one else.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::time::timeout;

use crate::BUFSIZE;
use crate::log::Log;

/// What a caller's task gets from the connection loop.
#[derive(Debug)]
pub struct Call {
    /// The call itself.
    pub conn: TcpStream,
    /// The caller's number.
    pub peer: SocketAddr,
    /// How long the caller may stay silent (`--idle-timeout-ms`), if at all.
    pub idle_timeout: Option<Duration>,
    /// Changes when the server hangs up on everyone (closing time is over).
    /// While the task holds it, the server counts the caller as on the line.
    pub hang_up: watch::Receiver<bool>,
    /// Where the task logs.
    pub log: Log,
}

/// How a call ended, when no error ended it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The caller hung up (a read gave 0 bytes).
    HungUp,
    /// The caller said nothing for the idle timeout; the server hung up.
    Silent(Duration),
    /// Closing time was over; the server hung up.
    ClosingTime,
}

/// The task of one caller: talk until the call ends, whichever way, log how
/// it ended, and hang up. The `hang_up` receiver is dropped last, so that
/// every caller's last line is queued before the server's summary.
pub async fn answer(call: Call) {
    let Call {
        mut conn,
        peer,
        idle_timeout,
        mut hang_up,
        log,
    } = call;
    // ANCHOR: answer
    // Talk until the call ends, or until the server hangs up on everyone:
    // whichever comes first wins, and the other is dropped (cancelled).
    let ended = tokio::select! {
        ended = talk(&mut conn, peer, idle_timeout, &log) => ended,
        _ = hang_up.changed() => Ok(Ended::ClosingTime),
    };
    // Say how the call ended, then hang up and leave the count of callers
    // on the line, in that order: the server's summary comes after this line.
    log.line(how_it_ended(peer, &ended));
    drop(conn);
    drop(hang_up);
    // ANCHOR_END: answer
}

/// The communication loop: wait until the caller at `peer` says something,
/// hear it, say it back upper-cased; again and again. Returns how the call ended, or
/// the error that broke it.
///
/// # Errors
/// A read or write that failed: the caller reset or aborted the call.
pub async fn talk(
    conn: &mut TcpStream,
    peer: SocketAddr,
    idle_timeout: Option<Duration>,
    log: &Log,
) -> io::Result<Ended> {
    // As in lesson 2: send every answer at once (no Nagle delay).
    conn.set_nodelay(true)?;
    // ANCHOR: communication_loop
    loop {
        // Wait until the caller has said something: the reactor wakes this
        // task then. A task waiting here holds no buffer at all.
        if let Some(limit) = idle_timeout {
            if timeout(limit, conn.readable()).await.is_err() {
                return Ok(Ended::Silent(limit));
            }
        } else {
            conn.readable().await?;
        }
        // Hear: into a buffer made only now, which lives until the answer
        // is written: no task keeps one while it waits for its caller.
        let mut heard = Vec::with_capacity(BUFSIZE);
        match conn.try_read_buf(&mut heard) {
            // 0 bytes: the caller hung up.
            Ok(0) => return Ok(Ended::HungUp),
            Ok(_) => {
                let said = common::show_bytes(&heard);
                log.line(format!("from client {peer} msg: {said}"));
            }
            // A false alarm (readiness can be one): wait again.
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => continue,
            Err(err) => return Err(err),
        }
        // Speak: the same bytes, upper-cased in place (common::upper without
        // a copy). write_all waits while the caller's buffers are full, and
        // this caller is not heard again until it has taken its answer.
        heard.make_ascii_uppercase();
        conn.write_all(&heard).await?;
    }
    // ANCHOR_END: communication_loop
}

/// The log line for a call that ended: `client ADDR hung up`, and so on.
pub fn how_it_ended(peer: SocketAddr, ended: &io::Result<Ended>) -> String {
    match ended {
        Ok(Ended::HungUp) => format!("client {peer} hung up"),
        Ok(Ended::Silent(limit)) => format!(
            "client {peer} said nothing for {} ms; hung up on it",
            limit.as_millis()
        ),
        Ok(Ended::ClosingTime) => {
            format!("client {peer} still on the line at closing time; hung up on it")
        }
        Err(err) => {
            let cause = common::describe_io(err);
            match err.kind() {
                io::ErrorKind::ConnectionReset
                | io::ErrorKind::ConnectionAborted => {
                    format!("client {peer} reset the call: {cause}")
                }
                _ => format!("client {peer} broke the call: {cause}"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::Future;

    /// Runs `check` on the server's side of a new call, on a runtime of its
    /// own, while the caller stays on the line and says nothing.
    fn on_a_new_call<F>(check: impl FnOnce(TcpStream, SocketAddr) -> F)
    where
        F: Future<Output = ()>,
    {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let listener =
                tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let _silent = TcpStream::connect(addr).await.unwrap();
            let (conn, peer) = listener.accept().await.unwrap();
            check(conn, peer).await;
        });
    }

    /// What a caller's task weighs, before it runs: the future `answer`
    /// returns holds everything the task keeps across its `.await`s.
    #[test]
    fn a_callers_task_is_small() {
        on_a_new_call(|conn, peer| async move {
            let (_keep, hang_up) = watch::channel(false);
            let (log, _printer) =
                crate::log::start(Box::new(std::io::sink())).unwrap();
            let idle_timeout = Some(Duration::from_secs(1));
            let call = Call {
                conn,
                peer,
                idle_timeout,
                hang_up,
                log,
            };
            let task = answer(call);
            let size = std::mem::size_of_val(&task);
            println!("a caller's task: {size} bytes before it runs");
            assert!(size < 1024, "{size} bytes");
        });
    }

    /// What tokio says about a new call on which nothing has been said yet.
    /// With tokio 1.52 on Linux, the first `readable()` is ready at once: a
    /// false alarm, which `try_read` answers with `WouldBlock`. The lesson's
    /// loop must handle both, and does.
    #[test]
    fn a_new_silent_call_may_look_readable_once() {
        on_a_new_call(|conn, _| async move {
            let short = Duration::from_millis(100);
            let alarm = timeout(short, conn.readable()).await.is_ok();
            println!("readable() on a silent new call: ready at once: {alarm}");
            if alarm {
                let mut buf = [0u8; 16];
                let err = conn.try_read(&mut buf).expect_err("nothing was said");
                assert_eq!(err.kind(), io::ErrorKind::WouldBlock);
            }
            // After that, readable() waits, as it should.
            assert!(timeout(short, conn.readable()).await.is_err());
        });
    }
}
