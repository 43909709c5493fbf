//! The outputs the book shows (`lessons/transcripts/*.txt`), regenerated
//! from the real programs and compared with what the pages include. Ports
//! the system picks are normalised, and a test server's real port is shown
//! as the lesson's default, so each transcript shows the command a learner
//! types. `UPDATE_TRANSCRIPTS=1 cargo test` rewrites them.

use std::path::{Path, PathBuf};

use super::cli::os_neutral;
use super::{Server, WAIT};

/// One lesson's transcripts: its binary, named as its package (the book's
/// commands are `cargo run -q -p NAME -- ...`), and its default port, which
/// a test server's real port is shown as. A lesson's transcript tests keep
/// one in a constant:
///
/// ```ignore
/// const BOOK: Transcripts =
///     Transcripts::new(env!("CARGO_MANIFEST_DIR"), BIN, 8080);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Transcripts {
    manifest_dir: &'static str,
    bin: &'static str,
    port: u16,
}

impl Transcripts {
    /// The transcripts of the lesson whose crate is at `manifest_dir` (its
    /// `env!("CARGO_MANIFEST_DIR")`), whose binary is `bin` and whose
    /// `--addr` defaults to `port`.
    pub const fn new(
        manifest_dir: &'static str,
        bin: &'static str,
        port: u16,
    ) -> Self {
        Transcripts {
            manifest_dir,
            bin,
            port,
        }
    }

    /// The package's name: the binary's file name.
    pub fn package(&self) -> String {
        Path::new(self.bin)
            .file_stem()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    }

    /// The command the book shows for `bin args`: `cargo run -q -p NAME -- ARGS`.
    pub fn cargo_run(&self, args: &str) -> String {
        format!("cargo run -q -p {} -- {args}", self.package())
    }

    /// Checks `output` against transcript `name`: `$ command`, then
    /// `output`. `port`, the test server's real port (if any), is shown as
    /// the lesson's default.
    pub fn check(
        &self,
        name: &str,
        command: &str,
        output: impl AsRef<[u8]>,
        port: impl Into<Option<u16>>,
    ) {
        let output = String::from_utf8_lossy(output.as_ref());
        self.check_session(name, &format!("$ {command}\n{output}"), port);
    }

    /// Checks `session`, which holds its own `$ command` lines (several
    /// commands, each followed by its output), against transcript `name`.
    /// `port`, the test server's real port, is shown as the lesson's default.
    pub fn check_session(
        &self,
        name: &str,
        session: &str,
        port: impl Into<Option<u16>>,
    ) {
        let port = port.into();
        let map: Vec<(u16, u16)> =
            port.map(|p| (p, self.port)).into_iter().collect();
        let file = transcript_file(self.manifest_dir, name);
        check_transcript(file, &normalise(session, &map));
    }

    /// Checks the log of `server` against transcript `name`: its first line
    /// and the `more` lines after it; then it is killed (Ctrl-C) and must
    /// have printed nothing else ([`Server::transcript`]). Its port is shown
    /// as the lesson's default.
    pub fn check_log(&self, name: &str, command: &str, server: Server, more: usize) {
        let port = server.addr().port();
        self.check(name, command, server.transcript(more), port);
    }

    /// Runs `BIN demo`, which must succeed, and checks its output against
    /// `NAME-demo.txt`.
    pub fn check_demo(&self) {
        let out = assert_cmd::Command::new(self.bin)
            .arg("demo")
            .timeout(WAIT)
            .output()
            .expect("run the demo");
        assert!(out.status.success(), "{out:?}");
        let name = format!("{}-demo.txt", self.package());
        self.check(&name, &self.cargo_run("demo"), &out.stdout, None);
    }
}

/// Normalises run-to-run noise in a transcript: each distinct ephemeral port
/// (10000 and up) becomes 50001, 50002, ... in order of first appearance, and
/// `port_map` renames given ports (a test's real port to the lesson's default,
/// 9000, so the transcript shows the command a learner runs).
pub fn normalise(text: &str, port_map: &[(u16, u16)]) -> String {
    let mut seen: Vec<u16> = Vec::new();
    let mut result = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(':') {
        let (before, after) = rest.split_at(pos);
        result.push_str(before);
        let digits: String = after[1..]
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        let follows_addr =
            before.ends_with(|c: char| c.is_ascii_digit() || c == ']');
        match digits.parse::<u16>() {
            Ok(port) if follows_addr && digits.len() <= 5 => {
                let shown = if let Some(&(_, to)) =
                    port_map.iter().find(|(from, _)| *from == port)
                {
                    to
                } else if port >= 10000 {
                    let index =
                        seen.iter().position(|&p| p == port).unwrap_or_else(|| {
                            seen.push(port);
                            seen.len() - 1
                        });
                    50001 + index as u16
                } else {
                    port
                };
                result.push(':');
                result.push_str(&shown.to_string());
                rest = &after[1 + digits.len()..];
            }
            _ => {
                result.push(':');
                rest = &after[1..];
            }
        }
    }
    result.push_str(rest);
    result
}

/// The transcript file `name` under `lessons/transcripts/`, found from a
/// lesson crate's `CARGO_MANIFEST_DIR` (pass `env!("CARGO_MANIFEST_DIR")`).
pub fn transcript_file(manifest_dir: &str, name: &str) -> PathBuf {
    Path::new(manifest_dir)
        .join("../../lessons/transcripts")
        .join(name)
}

/// Checks one command's output against the transcript `name` the book shows
/// (under `lessons/transcripts/`, found from `manifest_dir`, the calling
/// crate's `env!("CARGO_MANIFEST_DIR")`): the text is `$ command`, then
/// `output`, with ports normalised by [`normalise`] and `port_map`. This is
/// the usual whole of a lesson's transcript check; see [`check_transcript`].
pub fn check_output(
    manifest_dir: &str,
    name: &str,
    command: &str,
    output: &[u8],
    port_map: &[(u16, u16)],
) {
    let text = format!("$ {command}\n{}", String::from_utf8_lossy(output));
    check_transcript(
        transcript_file(manifest_dir, name),
        &normalise(&text, port_map),
    );
}

/// Compares `actual` with the transcript file `path` (as the book includes it),
/// up to each `(os error N)`: the number is the system's own, the words before
/// it are the program's. With `UPDATE_TRANSCRIPTS=1` in the environment it
/// rewrites the file instead. Panics with both texts when they differ, so
/// `cargo test` shows what changed.
///
/// The book's transcripts are Linux's: elsewhere the system's words, paths,
/// and some behaviours (what a close with unread bytes sends, what `/proc`
/// tells) differ, so there the check says it is skipped and passes.
pub fn check_transcript(path: impl AsRef<Path>, actual: &str) {
    let path = path.as_ref();
    if !cfg!(target_os = "linux") {
        eprintln!(
            "skipped: {} shows what the program prints on Linux",
            path.display()
        );
        return;
    }
    if std::env::var_os("UPDATE_TRANSCRIPTS").is_some_and(|v| v == "1") {
        std::fs::write(path, actual).expect("write the transcript");
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}\nrun `UPDATE_TRANSCRIPTS=1 cargo test` to create it",
            path.display()
        )
    });
    assert!(
        os_neutral(&expected) == os_neutral(actual),
        "{} is stale: the program now prints\n---\n{actual}---\nbut the book shows\n---\n{expected}---\n\
         if the change is intended, run `UPDATE_TRANSCRIPTS=1 cargo test --workspace` and commit",
        path.display()
    );
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn normalises_ephemeral_ports_in_order() {
        let text = "listening on 127.0.0.1:41234\ncall from 127.0.0.1:39999\n\
                    again [::1]:41234 and 127.0.0.1:9000, ratio 1:2, at 10:30";
        let want = "listening on 127.0.0.1:9000\ncall from 127.0.0.1:50001\n\
                    again [::1]:9000 and 127.0.0.1:9000, ratio 1:2, at 10:30";
        assert_eq!(normalise(text, &[(41234, 9000)]), want);
    }
}
