//! `tcp-tokio demo`: the server and four callers in one process, each line
//! labelled with the side that printed it. Three callers are on the line at
//! once; then closing time: a new caller is refused, two callers hang up
//! during the grace period, the third is still answered in it and hung up on
//! after it.
//!
//! The server's log lines come to the demo through a channel, and the demo
//! shows them as it goes, waiting for the one each step causes, so that the
//! output is the same on every run.

use std::io::Write;
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Result, anyhow, bail};
use common::Labelled;
use common::output::EachLine;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};
use tokio::time::timeout;

use crate::client::{self, Timeouts};
use crate::server::{self, Settings};
use crate::{call, log};

/// The demo's grace period: long enough for a caller to be answered in it.
pub const GRACE: Duration = Duration::from_millis(1000);

/// The longest the demo waits for any one thing before it gives up.
const PATIENCE: Duration = Duration::from_secs(10);

/// Runs the whole session in a runtime of its own.
///
/// # Errors
/// When a step does not go as it should (the server does not answer, or
/// takes a call after closing), or stdout is closed.
pub fn run() -> Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(session())
}

async fn session() -> Result<()> {
    // The server's stdout comes to the demo line by line (once the demo has
    // ended, with an error, nobody shows the line).
    let (to_demo, lines) = mpsc::unbounded_channel();
    let mut tap = EachLine::new(move |line| {
        let _ = to_demo.send(line);
        Ok(())
    });
    let mut server = Shown {
        lines,
        out: Labelled::new("server   | "),
    };
    let loopback = ([127, 0, 0, 1], 0).into();
    let listener = server::stand_by(loopback, server::BACKLOG, &mut tap)?;
    let addr = listener.local_addr()?;
    let (log, printer) = log::start(Box::new(tap))?;
    // The demo's Ctrl-C: a message on this channel.
    let (ctrl_c, closing) = oneshot::channel::<()>();
    let closing = async {
        let _ = closing.await;
        "Ctrl-C"
    };
    let settings = Settings {
        idle_timeout: None,
        grace: GRACE,
        backlog: server::BACKLOG,
    };
    let serving = tokio::spawn(server::serve(
        listener,
        settings,
        log,
        closing,
        call::answer,
    ));
    server.until("listening on").await?;

    // Three callers dial one after another, and each stays on the line.
    let mut callers = Vec::new();
    for i in 1..=3 {
        let mut conn = client::dial(addr, Timeouts::default().connect).await?;
        let message = format!("hello from caller {i}");
        say(&mut conn, addr, i, &message, &mut server).await?;
        callers.push(conn);
    }
    // The first one is still answered at once: no caller waits for another.
    say(&mut callers[0], addr, 1, "still here", &mut server).await?;

    // Closing time. A new caller is refused; those on the line go on.
    let _ = ctrl_c.send(());
    server.until("no new callers").await?;
    let mut fourth = Labelled::new("client 4 | ");
    match TcpStream::connect(addr).await {
        Ok(_) => bail!("the server took a call after closing"),
        Err(err) => writeln!(fourth, "cannot call: {}", common::describe_io(&err))?,
    }
    let mut third = callers.pop().ok_or_else(|| anyhow!("no third caller"))?;
    for caller in callers {
        drop(caller);
        server.until("hung up").await?;
    }
    say(&mut third, addr, 3, "still there?", &mut server).await?;
    // The grace period ends: the server hangs up on the third caller.
    server.until("at closing time").await?;
    let mut byte = [0u8; 1];
    if timeout(PATIENCE, third.read(&mut byte)).await?? == 0 {
        writeln!(Labelled::new("client 3 | "), "the server hung up")?;
    }
    let summary = serving.await?;
    printer.finish(&summary.to_string())?;
    server.rest().await
}

/// Caller `i` says `message` and hears the answer; the server's lines about
/// it are shown first, then the caller's.
async fn say(
    conn: &mut TcpStream,
    addr: SocketAddr,
    i: usize,
    message: &str,
    server: &mut Shown,
) -> Result<()> {
    let mut heard = Vec::new();
    let reply = Timeouts::default().reply;
    client::talk(conn, message.as_bytes(), addr, reply, &mut heard).await?;
    server.until(message).await?;
    let label = match i {
        1 => "client 1 | ",
        2 => "client 2 | ",
        _ => "client 3 | ",
    };
    Labelled::new(label).write_all(&heard)?;
    Ok(())
}

/// The server's log lines as they arrive, and where the demo shows them.
struct Shown {
    lines: mpsc::UnboundedReceiver<String>,
    out: Labelled,
}

impl Shown {
    /// Shows the server's lines up to the first that contains `text`.
    async fn until(&mut self, text: &str) -> Result<()> {
        loop {
            let line = match timeout(PATIENCE, self.lines.recv()).await {
                Ok(Some(line)) => line,
                _ => bail!("the server did not log {text:?} in time"),
            };
            writeln!(self.out, "{line}")?;
            if line.contains(text) {
                return Ok(());
            }
        }
    }

    /// Shows the server's lines until its log ends.
    async fn rest(&mut self) -> Result<()> {
        while let Ok(Some(line)) = timeout(PATIENCE, self.lines.recv()).await {
            writeln!(self.out, "{line}")?;
        }
        Ok(())
    }
}
