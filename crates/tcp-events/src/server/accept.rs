//! Picking up: every caller waiting in the listen queue, each registered with
//! the poll under its own token; and what to do when the process has no file
//! descriptor left for one more.

use super::*;

impl Server {
    // ANCHOR: pick_up
    /// Picks up every caller waiting in the queue. Edge-triggered: "the
    /// listener is readable" may mean one caller or fifty, and is not said
    /// again for those already waiting, so accept until `WouldBlock`.
    pub(super) fn pick_up_all(&mut self) -> Result<()> {
        loop {
            let (conn, peer) = match self.listener.accept() {
                Ok(call) => call,
                Err(err) if err.kind() == ErrorKind::WouldBlock => return Ok(()),
                Err(err) if err.kind() == ErrorKind::Interrupted => continue,
                // A caller who gave up while queued (some systems say so here).
                Err(err) if gave_up(&err) => continue,
                Err(err) if is_out_of_descriptors(&err) => {
                    self.stop_accepting(&err);
                    return Ok(());
                }
                Err(err) => return Err(err).context("cannot pick up the next call"),
            };
            self.welcome(conn, peer);
        }
    }

    /// A new caller: answers without delay (`TCP_NODELAY`, as in lesson 2),
    /// watched for reading under the token of its slot.
    fn welcome(&mut self, mut conn: TcpStream, peer: SocketAddr) {
        if self.out_of_descriptors {
            self.out_of_descriptors = false;
            let _ = writeln!(self.log, "picking up calls again");
        }
        let token = self.callers.next_token();
        let registry = self.poll.registry();
        let watched = conn
            .set_nodelay(true)
            .and_then(|()| registry.register(&mut conn, token, Interest::READABLE));
        if let Err(err) = watched {
            // Dropping `conn` hangs up on this caller only.
            let why = common::describe_io(&err);
            let _ = writeln!(self.log, "client {peer}: cannot serve it: {why}");
            return;
        }
        self.callers.insert(Caller::new(conn, peer));
        self.picked_up.push(token);
        let _ = writeln!(self.log, "client : {peer} (token {})", token.0);
    }
    // ANCHOR_END: pick_up

    // ANCHOR: back_off
    /// `accept` failed with EMFILE/ENFILE: no descriptor for the caller, who
    /// stays in the queue, so the listener stays readable. Still watched, it
    /// would wake the loop at once, again and again, a whole CPU spent on
    /// failing. So stop watching it, and try again after a pause, during
    /// which callers who hang up give their descriptors back. Said once.
    fn stop_accepting(&mut self, err: &io::Error) {
        if !self.out_of_descriptors {
            self.out_of_descriptors = true;
            let _ = writeln!(
                self.log,
                "cannot pick up: {}; {} callers on the line; trying again every {} ms",
                common::describe_io(err),
                self.callers.len(),
                ACCEPT_BACKOFF.as_millis()
            );
        }
        let _ = self.poll.registry().deregister(&mut self.listener);
        self.accept_again_at = Some(Instant::now() + ACCEPT_BACKOFF);
    }

    /// Once the pause is over: watch the listener again and pick up.
    pub(super) fn accept_again_if_due(&mut self) -> Result<()> {
        if self.accept_again_at.is_some_and(|at| at <= Instant::now()) {
            self.accept_again_at = None;
            self.poll
                .registry()
                .register(&mut self.listener, LISTENER, Interest::READABLE)
                .context("cannot watch the listener again")?;
            self.pick_up_all()?;
        }
        Ok(())
    }

    /// How long `poll` may wait this turn: `timeout`, but not past the end
    /// of an accept pause, and not at all when callers have more to read.
    pub(super) fn wait_at_most(
        &self,
        timeout: Option<Duration>,
        more_to_read: bool,
    ) -> Option<Duration> {
        let mut wait = if more_to_read {
            Some(Duration::ZERO)
        } else {
            timeout
        };
        if let Some(at) = self.accept_again_at {
            let left = at.saturating_duration_since(Instant::now());
            wait = Some(wait.map_or(left, |wait| wait.min(left)));
        }
        wait
    }
    // ANCHOR_END: back_off
}

/// Whether `accept` failed because the caller hung up or reset while its
/// call waited in the queue, so the server simply goes on.
fn gave_up(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset
    )
}
