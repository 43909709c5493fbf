//! `tcp-threads demo`: the server and three callers in one process, on a port
//! the system picks. All three get through and stay on the line, and take
//! turns talking: the server answers each while the others wait on the line,
//! which lesson 2's server could not do. Each line is labelled with the side
//! that printed it.

use std::io::{self, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use common::Labelled;
use common::output::EachLine;

use crate::callers::Callers;
use crate::log::Log;
use crate::server::{self, Settings, Switchboard};
use tcp_loop::client;

use crate::{MAX_CALLERS, call};

/// What each caller says first, in turn.
pub const HELLOS: [&str; 3] = [
    "hello from the first caller",
    "hello from the second caller",
    "hello from the third caller",
];

/// The longest the demo waits for one line of the server's log.
const WAIT: Duration = Duration::from_secs(10);

/// Runs the whole session (see the module's documentation).
///
/// # Errors
/// When a side fails, or the server's log falls silent for [`WAIT`].
pub fn run() -> Result<()> {
    let mut server_out = Labelled::new("server   | ");
    let loopback: SocketAddr = ([127, 0, 0, 1], 0).into();
    let phone = server::stand_by(loopback, &mut server_out)?;
    let addr = common::bound_addr(&phone)?;
    // The server's log comes back here, so that each of its lines is shown
    // before the answer it goes with, whichever thread printed it.
    let (to_demo, log_lines) = mpsc::channel();
    // Once the demo has stopped listening, there is nothing more to show.
    let log = Log::start(EachLine::new(move |line| {
        to_demo
            .send(line)
            .map_err(|_| io::ErrorKind::BrokenPipe.into())
    }))?;
    let settings = Settings {
        max_callers: MAX_CALLERS,
        workers: None,
        write_timeout: call::WRITE_TIMEOUT,
    };
    let callers = Callers::new(settings.max_callers);
    let mut switchboard = Switchboard::new(phone, callers, &settings, log);
    // The connection loop, for three callers.
    let picking_up = thread::spawn(move || -> Result<()> {
        for _ in 0..3 {
            switchboard.answer_next_call()?;
        }
        Ok(())
    });
    let mut server_log = ServerLog {
        lines: log_lines,
        out: server_out,
    };

    // All three dial; the server picks each up and goes back to `accept`.
    let mut on_the_line = Vec::new();
    for _ in HELLOS {
        on_the_line.push(client::dial(addr)?);
        server_log.show(1)?;
    }
    let labels = ["client 1 | ", "client 2 | ", "client 3 | "];
    // Each says hello while the other two stay on the line.
    for (i, conn) in on_the_line.iter_mut().enumerate() {
        say(conn, HELLOS[i], addr, &mut server_log, labels[i])?;
    }
    // The second hangs up; the first is still answered.
    drop(on_the_line.remove(1));
    server_log.show(1)?;
    say(
        &mut on_the_line[0],
        "still here",
        addr,
        &mut server_log,
        labels[0],
    )?;
    // The others hang up too, the last first.
    while let Some(conn) = on_the_line.pop() {
        drop(conn);
        server_log.show(1)?;
    }
    picking_up
        .join()
        .map_err(|_| anyhow!("the server thread panicked"))?
}

/// One caller says `message`; the demo shows the server's line, then the
/// answer the caller got.
fn say(
    conn: &mut TcpStream,
    message: &str,
    addr: SocketAddr,
    server_log: &mut ServerLog,
    label: &'static str,
) -> Result<()> {
    let mut answer = Vec::new();
    client::talk(conn, message.as_bytes(), addr, &mut answer)?;
    server_log.show(1)?;
    Labelled::new(label).write_all(&answer)?;
    Ok(())
}

/// The server's log lines as they reach the demo, and where they are shown.
struct ServerLog {
    lines: Receiver<String>,
    out: Labelled,
}

impl ServerLog {
    /// Shows the next `n` lines of the server's log, waiting for each.
    fn show(&mut self, n: usize) -> Result<()> {
        for _ in 0..n {
            let line = self
                .lines
                .recv_timeout(WAIT)
                .context("the server's log fell silent")?;
            writeln!(self.out, "{line}")?;
        }
        Ok(())
    }
}
