//! A program in a real terminal: a pseudo-terminal made by util-linux's
//! `script`, so its standard input is a terminal as when a person runs it.

use std::io::{Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::Instant;

use super::WAIT;

/// A program run in a real terminal (a pseudo-terminal made by util-linux's
/// `script`), as a person would run it: its standard input is a terminal, so
/// the client shows its prompt, and what is typed is echoed. Used for the
/// prompt test and the interactive transcripts; where `script` is missing
/// (or not Linux), [`Terminal::start`] returns `None` and the caller skips.
#[derive(Debug)]
pub struct Terminal {
    child: Child,
    keys: Option<ChildStdin>,
    screen: Receiver<Vec<u8>>,
    seen: Vec<u8>,
}

impl Terminal {
    /// Runs `bin args...` in a terminal; `None`, with a note, without `script`.
    pub fn start(bin: &str, args: &[&str]) -> Option<Terminal> {
        let mut command = Command::new(bin);
        command.args(args);
        Terminal::start_command(&command)
    }

    /// Runs `command` in a terminal, with the environment and current
    /// folder the test gave it; `None`, with a note, without `script`.
    pub fn start_command(command: &Command) -> Option<Terminal> {
        let found = Command::new("script").arg("--version").output();
        if !cfg!(target_os = "linux") || !found.is_ok_and(|o| o.status.success()) {
            eprintln!("skipped: util-linux `script` is not installed");
            return None;
        }
        // `script` hands the line to `$SHELL -c`: each word quoted, and
        // `exec`, so that the program is the terminal's only process. A
        // shell left waiting in between (dash does not exec a lone command)
        // would die of the Ctrl-C a test presses, and `script` would report
        // its death, not the program's exit. SHELL is set for the same
        // behaviour on every machine; TERM as a terminal window sets it
        // (without it, programs take the terminal for a dumb one: no
        // progress bars), unless the test gives its own.
        let words: Vec<String> = std::iter::once(command.get_program())
            .chain(command.get_args())
            .map(|word| quoted(&word.to_string_lossy()))
            .collect();
        let mut script = Command::new("script");
        script
            .args(["-q", "-e", "-f", "-c", &format!("exec {}", words.join(" "))])
            .arg("/dev/null")
            .env("SHELL", "/bin/sh")
            .env("TERM", "xterm");
        for (key, value) in command.get_envs() {
            match value {
                Some(value) => script.env(key, value),
                None => script.env_remove(key),
            };
        }
        if let Some(dir) = command.get_current_dir() {
            script.current_dir(dir);
        }
        let mut child = script
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start script");
        let keys = child.stdin.take();
        let mut pipe = child.stdout.take().expect("piped stdout");
        let (tx, screen) = mpsc::channel();
        thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Some(Terminal {
            child,
            keys,
            screen,
            seen: Vec::new(),
        })
    }

    /// Waits, at most `WAIT`, until the screen shows `needle` `times` times.
    pub fn wait_for(&mut self, needle: &str, times: usize) {
        let deadline = Instant::now() + WAIT;
        while count(&self.seen, needle.as_bytes()) < times {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.screen.recv_timeout(left) {
                Ok(bytes) => self.seen.extend_from_slice(&bytes),
                Err(e) => panic!(
                    "{needle:?} not shown {times} times ({e}); screen: {:?}",
                    String::from_utf8_lossy(&self.seen)
                ),
            }
        }
    }

    /// Answers the program's prompts as a person would: for each of
    /// `lines`, waits until `prompt` shows once more, then types the line
    /// and Enter. Returns once the prompt after the last line has shown.
    pub fn answer_prompts(&mut self, prompt: &str, lines: &[&str]) {
        let shown = count(&self.seen, prompt.as_bytes());
        for (i, line) in lines.iter().enumerate() {
            self.wait_for(prompt, shown + i + 1);
            self.type_line(line);
        }
        self.wait_for(prompt, shown + lines.len() + 1);
    }

    /// Types `line` and Enter.
    pub fn type_line(&mut self, line: &str) {
        self.press(format!("{line}\n").as_bytes());
    }

    /// Presses Ctrl-D: the end of input at the start of a line.
    pub fn ctrl_d(&mut self) {
        self.press(b"\x04");
    }

    /// Presses `keys`, with no Enter after them (for a program that reads
    /// single keys).
    pub fn press(&mut self, keys: &[u8]) {
        let stdin = self.keys.as_mut().expect("the terminal is open");
        stdin
            .write_all(keys)
            .and_then(|()| stdin.flush())
            .expect("type into the terminal");
    }

    /// Waits, at most `WAIT`, for the program to end; returns its exit status
    /// and the whole screen, with the terminal's `\r\n` as `\n`.
    pub fn finish(mut self) -> (ExitStatus, String) {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.screen.recv_timeout(left) {
                Ok(bytes) => self.seen.extend_from_slice(&bytes),
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {
                    panic!("the program did not end within {WAIT:?}")
                }
            }
        }
        drop(self.keys.take());
        let status = self.child.wait().expect("wait for script");
        let text = String::from_utf8_lossy(&self.seen).replace("\r\n", "\n");
        (status, text)
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `word` for the shell: in single quotes, each of its own single quotes
/// written as `'\''`.
fn quoted(word: &str) -> String {
    format!("'{}'", word.replace('\'', "'\\''"))
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|window| *window == needle)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_for_the_shell() {
        assert_eq!(quoted("plain"), "'plain'");
        assert_eq!(quoted("it's"), r"'it'\''s'");
    }
}
