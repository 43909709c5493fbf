//! The server: lesson 2's connection loop, with a task for each caller
//! instead of a call at a time, and a closing time: on Ctrl-C or SIGTERM it
//! stops taking calls, lets the callers on the line finish, then hangs up on
//! those left.

use std::fmt;
use std::future::Future;
use std::io::Write;
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context, Result};
use common::limits;
use socket2::SockRef;
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::watch;
use tokio::time::timeout;

use crate::call::{self, Call};
use crate::log::{self, Log};
use crate::pick_up::{Trouble, pick_up};
use crate::signals::Closing;

/// How many completed calls the kernel queues until the server picks them
/// up, unless `--backlog` says otherwise. The article's `listen(5)` is too
/// few for a burst of callers.
pub const BACKLOG: u32 = 1024;

/// How long callers on the line may go on after Ctrl-C, unless `--grace-ms`
/// says otherwise.
pub const GRACE: Duration = Duration::from_millis(2000);

/// What the command line sets.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Hang up on a caller silent this long (`--idle-timeout-ms`); `None`:
    /// never.
    pub idle_timeout: Option<Duration>,
    /// How long callers may go on at closing time (`--grace-ms`).
    pub grace: Duration,
    /// The listen queue's length (`--backlog`).
    pub backlog: u32,
}

/// The whole program: stand by at `addr`, answer callers until Ctrl-C or
/// SIGTERM, close, and print a summary. `out` receives the log.
///
/// # Errors
/// When the runtime cannot start, the address cannot be taken, or `out` is
/// closed. Nothing a caller does ends it.
pub fn run(
    addr: SocketAddr,
    settings: Settings,
    out: Box<dyn Write + Send>,
) -> Result<()> {
    run_with(addr, settings, out, call::answer)
}

/// [`run`], with `answer` as each caller's task instead of [`call::answer`]
/// (the exercises' servers).
///
/// # Errors
/// As [`run`].
pub fn run_with<A, F>(
    addr: SocketAddr,
    settings: Settings,
    mut out: Box<dyn Write + Send>,
    answer: A,
) -> Result<()>
where
    A: Fn(Call) -> F,
    F: Future<Output = ()> + Send + 'static,
{
    let open_files = limits::raise_open_files();
    // ANCHOR: runtime
    // The runtime: a few worker threads that run the tasks, and the reactor
    // (epoll on Linux) that tells which caller can go on.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start tokio's runtime")?;
    // ANCHOR_END: runtime
    let (listener, closing) = {
        let _inside = runtime.enter();
        // Catch Ctrl-C and SIGTERM before the first caller can dial.
        let closing = Closing::catch().context("cannot catch Ctrl-C")?;
        (stand_by(addr, settings.backlog, &mut out)?, closing)
    };
    let (log, printer) = log::start(out).context("cannot start the log")?;
    log.line(limits::describe_open_files(&open_files));
    // ANCHOR: block_on
    let summary =
        runtime.block_on(serve(listener, settings, log, closing.wait(), answer));
    // ANCHOR_END: block_on
    printer.finish(&summary.to_string())?;
    Ok(())
}

/// Buys the phone, inserts the SIM and stands by, with tokio's `TcpSocket`:
/// the same calls as lesson 2, and a queue of `backlog` calls. Prints
/// `listening on ADDR`. Must run inside the runtime (the listener registers
/// with its reactor).
///
/// # Errors
/// When the socket cannot be made or `addr` cannot be bound.
pub fn stand_by(
    addr: SocketAddr,
    backlog: u32,
    out: &mut dyn Write,
) -> Result<TcpListener> {
    // ANCHOR: stand_by
    // Buy a phone: a TCP socket of the address's family.
    let phone = match addr {
        SocketAddr::V4(_) => TcpSocket::new_v4(),
        SocketAddr::V6(_) => TcpSocket::new_v6(),
    }
    .context("cannot create a TCP socket")?;
    phone
        .set_reuseaddr(true)
        .context("cannot set SO_REUSEADDR")?;
    // Insert the SIM.
    phone
        .bind(addr)
        .map_err(|err| common::cannot_listen(err, addr, true, ""))?;
    // Stand by, with room for `backlog` calls waiting to be picked up
    // (1024 unless told otherwise; the article's 5 is for one caller at a
    // time).
    let listener = phone.listen(backlog).context("cannot listen")?;
    common::announce_listening(&SockRef::from(&listener), out)?;
    // ANCHOR_END: stand_by
    Ok(listener)
}

/// How the server's run went, for its last line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Callers picked up, in all.
    pub served: u64,
    /// Callers still on the line when the grace period ended.
    pub left: usize,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = if self.served == 1 { "" } else { "s" };
        write!(
            f,
            "closed: {} caller{s} served, {} still connected at the end",
            self.served, self.left
        )
    }
}

/// The connection loop and closing time. `answer` is what each caller's task
/// does ([`call::answer`]; the exercises bring their own). `closing` ends the
/// loop and names why (`SIGINT`).
pub async fn serve<A, F>(
    listener: TcpListener,
    settings: Settings,
    log: Log,
    closing: impl Future<Output = &'static str>,
    answer: A,
) -> Summary
where
    A: Fn(Call) -> F,
    F: Future<Output = ()> + Send + 'static,
{
    // ANCHOR: connection_loop
    // Each caller's task holds a receiver of this channel: their number is
    // the number of callers on the line, and one send hangs up on them all.
    let (hang_up, _) = watch::channel(false);
    let mut served = 0;
    let mut trouble = Trouble::default();
    tokio::pin!(closing);
    let why = loop {
        tokio::select! {
            why = &mut closing => break why,
            (conn, peer) = pick_up(&listener, &log, &mut trouble) => {
                served += 1;
                let idle_timeout = settings.idle_timeout;
                let hang_up = hang_up.subscribe();
                let call = Call { conn, peer, idle_timeout, hang_up, log: log.clone() };
                // The caller's task is made (and subscribed to what it must
                // hear) before the log says the caller is on the line.
                let task = answer(call);
                log.line(format!("client : {peer}"));
                // A task of its own: the loop goes straight back to pick up.
                tokio::spawn(task);
            }
        }
    };
    // ANCHOR_END: connection_loop
    // ANCHOR: closing_time
    // Stop taking calls at once: the listener closes, new callers are refused.
    drop(listener);
    let grace = settings.grace;
    log.line(format!(
        "{why}: no new callers; {} on the line get {} ms to finish",
        hang_up.receiver_count(),
        grace.as_millis()
    ));
    // `closed` is ready once every task has ended (dropped its receiver).
    let left = if timeout(grace, hang_up.closed()).await.is_ok() {
        0
    } else {
        let left = hang_up.receiver_count();
        hang_up.send_replace(true);
        hang_up.closed().await;
        left
    };
    // ANCHOR_END: closing_time
    Summary { served, left }
}
