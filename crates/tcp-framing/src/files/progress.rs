//! The progress bar of `put` and `get`: for a person watching a long
//! transfer, nothing for a pipe or a log.

use std::io::{self, IsTerminal};

use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar with speed for `size` bytes, on stderr, when stderr is a
/// terminal: in a pipe or a log it would be noise, and nothing is drawn.
pub fn bar(size: u64, what: &'static str) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let template =
        "{msg:8} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} {eta}";
    let style = ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    ProgressBar::new(size)
        .with_style(style.progress_chars("=> "))
        .with_message(what)
}

/// Ends `bar` where it stopped, its last speed left on the screen, and ends
/// its line, so that what the client prints next starts a line of its own.
pub fn done(bar: &ProgressBar) {
    bar.finish();
    if !bar.is_hidden() {
        eprintln!();
    }
}
