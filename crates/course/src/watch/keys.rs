//! Single keys on a terminal. While `course watch` runs in a terminal on
//! Linux or macOS, standard input is put in non-canonical mode: a key reaches
//! the watch as soon as it is pressed, not once Enter ends a line, and is not
//! echoed. So `q` alone leaves, and `h` alone shows the hint.
//!
//! The terminal is put back as it was when the [`Keys`] guard drops, which
//! every way out of the watch goes through: `q`, Ctrl-D, an error (`?`), a
//! panic (unwinding), and Ctrl-C, `kill` (SIGTERM) or a closed terminal
//! (SIGHUP), which the watch's handler turns into a return. Ctrl-C still
//! interrupts, as the terminal's signal keys are left on.
//!
//! Ctrl-Z stops the watch, and the shell puts its own settings back on the
//! terminal; `fg` continues the watch (SIGCONT) but does not bring single
//! keys back, so the guard sets them again on each SIGCONT that finds the
//! watch in the foreground.
//!
//! On Windows, and when standard input is not a terminal (a pipe, a file),
//! nothing is changed and input is read line by line: `q` and Enter.

use std::io::{self, IsTerminal};
#[cfg(unix)]
use std::sync::{Arc, Mutex, PoisonError};
#[cfg(unix)]
use std::thread;

/// The terminal in single-key mode; put back as it was when dropped.
pub(super) struct Keys {
    #[cfg(unix)]
    saved: nix::sys::termios::Termios,
    /// True while single keys are wanted: the SIGCONT thread sets them
    /// again only then, and holds the lock while it does.
    #[cfg(unix)]
    wanted: Arc<Mutex<bool>>,
    /// Ends the SIGCONT thread.
    #[cfg(unix)]
    continued: Option<signal_hook::iterator::Handle>,
}

impl Keys {
    /// Puts a terminal on standard input in single-key mode; `None`, and
    /// nothing changed, when standard input is not a terminal, on Windows,
    /// or when the terminal refuses.
    pub(super) fn start() -> Option<Keys> {
        if !io::stdin().is_terminal() {
            return None;
        }
        Keys::single_keys()
    }

    #[cfg(unix)]
    fn single_keys() -> Option<Keys> {
        use nix::sys::termios::{self, LocalFlags, SetArg, SpecialCharacterIndices};
        let stdin = io::stdin();
        let saved = termios::tcgetattr(&stdin).ok()?;
        let mut keys = saved.clone();
        // No line editing (ICANON) and no echo; ISIG stays, for Ctrl-C.
        keys.local_flags
            .remove(LocalFlags::ICANON | LocalFlags::ECHO);
        // Each read returns as soon as one byte is there, and waits for it.
        keys.control_chars[SpecialCharacterIndices::VMIN as usize] = 1;
        keys.control_chars[SpecialCharacterIndices::VTIME as usize] = 0;
        termios::tcsetattr(&stdin, SetArg::TCSANOW, &keys).ok()?;
        let wanted = Arc::new(Mutex::new(true));
        let continued = again_on_fg(keys, &wanted);
        Some(Keys {
            saved,
            wanted,
            continued,
        })
    }

    #[cfg(not(unix))]
    fn single_keys() -> Option<Keys> {
        None
    }
}

/// Starts a thread that sets `keys` again each time the watch is continued
/// (SIGCONT) in the foreground, as long as they are `wanted`. A watch
/// continued in the background (`bg`) is left alone: setting the terminal
/// from there would only stop it again (SIGTTOU). `None` if the signal
/// cannot be heard; keys then need Enter after `fg`, nothing worse.
#[cfg(unix)]
fn again_on_fg(
    keys: nix::sys::termios::Termios,
    wanted: &Arc<Mutex<bool>>,
) -> Option<signal_hook::iterator::Handle> {
    use nix::sys::termios::{self, SetArg};
    use nix::unistd;
    use signal_hook::consts::SIGCONT;
    let mut signals = signal_hook::iterator::Signals::new([SIGCONT]).ok()?;
    let handle = signals.handle();
    let wanted = Arc::clone(wanted);
    thread::spawn(move || {
        for _ in signals.forever() {
            let wanted = wanted.lock().unwrap_or_else(PoisonError::into_inner);
            let stdin = io::stdin();
            let foreground = unistd::tcgetpgrp(&stdin) == Ok(unistd::getpgrp());
            if *wanted && foreground {
                let _ = termios::tcsetattr(&stdin, SetArg::TCSANOW, &keys);
            }
        }
    });
    Some(handle)
}

#[cfg(unix)]
impl Drop for Keys {
    fn drop(&mut self) {
        use nix::sys::termios::{self, SetArg};
        let mut wanted = self.wanted.lock().unwrap_or_else(PoisonError::into_inner);
        *wanted = false;
        // Nothing more can be done if it fails: the terminal is gone.
        let _ = termios::tcsetattr(io::stdin(), SetArg::TCSANOW, &self.saved);
        if let Some(continued) = self.continued.take() {
            continued.close();
        }
    }
}

/// What one read of keys holds, in order: each key a command (`q`, `h`,
/// `""` for Enter), or `None` for Ctrl-D (the end of input). An escape
/// sequence (an arrow or function key, which comes in one read) and other
/// control keys are passed over.
pub(super) fn commands(chunk: &[u8]) -> Vec<Option<String>> {
    let mut found = Vec::new();
    for key in String::from_utf8_lossy(chunk).chars() {
        match key {
            '\n' | '\r' => found.push(Some(String::new())),
            '\u{4}' => found.push(None),
            '\u{1b}' => break,
            key if key.is_control() => {}
            key => found.push(Some(key.to_lowercase().collect())),
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_commands() {
        let q = |s: &str| Some(s.to_string());
        assert_eq!(commands(b"Q"), [q("q")]);
        assert_eq!(commands(b"h\r\n"), [q("h"), q(""), q("")]);
        assert_eq!(commands(b"\x04"), [None]);
        // An arrow key, then nothing from the same read.
        assert_eq!(commands(b"\x1b[A"), []);
        assert_eq!(commands(b"x\x07"), [q("x")]);
    }
}
