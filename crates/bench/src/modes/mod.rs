//! The bench's loads. Each runs against `--addr` of a server already running,
//! checks every reply byte, and stops by itself: after `count` rounds or at
//! its deadline, whichever comes first.

pub mod connects;
pub mod files;
pub mod frame_rtt;
pub mod hold;
pub mod late_reader;
pub mod rtt;
pub mod sessions;
pub mod spawn;
pub mod stream;
pub mod udp_rtt;

use std::time::{Duration, Instant};

/// How much a load may do: at most `count` rounds, for at most `time`, and no
/// socket operation waits longer than `timeout`.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The most rounds (round trips, calls, processes) to make.
    pub count: usize,
    /// The deadline: a load stops after this long even if rounds are left.
    pub time: Duration,
    /// The longest one connect, read or write may wait.
    pub timeout: Duration,
}

impl Limits {
    /// When a load that starts now must stop.
    pub fn deadline(&self) -> Instant {
        Instant::now() + self.time
    }
}

/// ` (stopped at the 2s deadline)` when a load ran out of time, else nothing.
pub fn deadline_note(stopped: bool, limits: &Limits) -> String {
    deadline_note_for(stopped, limits.time)
}

/// [`deadline_note`] for a load whose deadline is `time`.
pub fn deadline_note_for(stopped: bool, time: Duration) -> String {
    if stopped {
        format!(" (stopped at the {time:?} deadline)")
    } else {
        String::new()
    }
}
