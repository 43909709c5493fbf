//! Exercise "goodbye": at closing time, the server tells each caller still on
//! the line why it hangs up, rather than just hanging up. It must not wait
//! for ever to say it: a caller who does not read would hold up the whole
//! shutdown.

use std::io::{self, Write};
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Result;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio::time::timeout;

use crate::call::{self, Call, Ended};
use crate::server::{self, Settings};

/// What each caller still on the line hears at closing time.
pub const GOODBYE: &[u8] = b"goodbye: the server is closing\n";

/// How long the server tries to say [`GOODBYE`] to one caller.
pub const PATIENCE: Duration = Duration::from_millis(500);

/// The lesson's server, with [`answer`] as each caller's task.
///
/// # Errors
/// As the lesson's server.
pub fn serve(
    addr: SocketAddr,
    settings: Settings,
    out: Box<dyn Write + Send>,
) -> Result<()> {
    server::run_with(addr, settings, out, answer)
}

/// A caller's task: the lesson's, with one new step at closing time.
pub async fn answer(call: Call) {
    let Call {
        mut conn,
        peer,
        idle_timeout,
        mut hang_up,
        log,
    } = call;
    // ANCHOR: goodbye_answer
    let mut ended = tokio::select! {
        ended = call::talk(&mut conn, peer, idle_timeout, &log) => ended,
        _ = hang_up.changed() => Ok(Ended::ClosingTime),
    };
    // New: the call is still up; say goodbye before hanging up.
    if matches!(ended, Ok(Ended::ClosingTime)) {
        if let Err(err) = goodbye(&mut conn).await {
            ended = Err(err);
        }
    }
    log.line(call::how_it_ended(peer, &ended));
    drop(conn);
    drop(hang_up);
    // ANCHOR_END: goodbye_answer
}

/// Writes [`GOODBYE`] to `conn`, then hangs up the sending half (a FIN after
/// the words), giving up after [`PATIENCE`].
///
/// # Errors
/// `TimedOut` when the caller did not take the words in time; a failed write.
pub async fn goodbye(conn: &mut TcpStream) -> io::Result<()> {
    // SOLUTION: begin write GOODBYE and shut down the sending half, within PATIENCE (an error of kind TimedOut after it)
    // ANCHOR: goodbye
    let saying = async {
        conn.write_all(GOODBYE).await?;
        conn.shutdown().await
    };
    match timeout(PATIENCE, saying).await {
        Ok(said) => said,
        Err(_) => Err(io::Error::new(
            io::ErrorKind::TimedOut,
            "the caller did not take its goodbye",
        )),
    }
    // ANCHOR_END: goodbye
    // SOLUTION: end
}
