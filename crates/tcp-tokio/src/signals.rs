//! Catching Ctrl-C (SIGINT) and SIGTERM, so that they start closing time
//! instead of ending the process.

use std::io;

/// The signals that start closing time: Ctrl-C (SIGINT) and SIGTERM (what
/// `kill` and service managers send).
#[derive(Debug)]
pub struct Closing {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Closing {
    /// Catches the signals from now on (inside the runtime): they no longer
    /// end the process, they make [`Closing::wait`] ready.
    ///
    /// # Errors
    /// When the signal handlers cannot be set.
    pub fn catch() -> io::Result<Closing> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Closing {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Closing {})
        }
    }

    /// Waits for the first of the signals and names it.
    pub async fn wait(mut self) -> &'static str {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => "SIGINT (Ctrl-C)",
                _ = self.terminate.recv() => "SIGTERM",
            }
        }
        #[cfg(not(unix))]
        {
            let _ = &mut self;
            let _ = tokio::signal::ctrl_c().await;
            "Ctrl-C"
        }
    }
}
