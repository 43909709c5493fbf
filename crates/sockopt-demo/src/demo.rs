//! `course tour`'s entry to this lesson: every topic, in order, on stdout.

use std::io;

use anyhow::Result;

/// Runs every topic of [`crate::TOPICS`] in order and prints what each
/// observed, as `sockopt-demo all` does.
///
/// # Errors
/// The first topic that fails.
pub fn run() -> Result<()> {
    crate::perform_all(crate::TOPICS, &mut io::stdout())
}
