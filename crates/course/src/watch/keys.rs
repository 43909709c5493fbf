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
//! On Windows, and when standard input is not a terminal (a pipe, a file),
//! nothing is changed and input is read line by line: `q` and Enter.

use std::io::{self, IsTerminal};

/// The terminal in single-key mode; put back as it was when dropped.
pub(super) struct Keys {
    #[cfg(unix)]
    saved: nix::sys::termios::Termios,
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
        Some(Keys { saved })
    }

    #[cfg(not(unix))]
    fn single_keys() -> Option<Keys> {
        None
    }
}

#[cfg(unix)]
impl Drop for Keys {
    fn drop(&mut self) {
        use nix::sys::termios::{self, SetArg};
        // Nothing more can be done if it fails: the terminal is gone.
        let _ = termios::tcsetattr(io::stdin(), SetArg::TCSANOW, &self.saved);
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
