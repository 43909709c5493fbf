//! Helpers for the lessons' integration tests (feature `testing`).
//!
//! A [`Server`] is a real server process on an ephemeral loopback port. Its
//! stdout and stderr are read by two threads for its whole life (a pipe nobody
//! reads fills at 64 KiB and then blocks the server), every wait is bounded by
//! [`WAIT`], and the process is killed when the guard drops, whether the test
//! passes, fails or panics.

// A test harness reports a failure by panicking, with what it saw.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

/// The longest any test waits for one thing (a line, an exit). Generous,
/// because a loaded 2-core CI machine can be slow; a test that passes never
/// waits this long.
pub const WAIT: Duration = Duration::from_secs(20);

/// A server process under test, killed when dropped.
#[derive(Debug)]
pub struct Server {
    child: Child,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
    addr: SocketAddr,
    first: String,
}

impl Server {
    /// Starts `BIN server --addr 127.0.0.1:0` and waits for its first line.
    pub fn start(bin: impl AsRef<Path>) -> Server {
        Server::start_with(bin, &["server", "--addr", "127.0.0.1:0"])
    }

    /// Starts `bin` with `args` (which ask for port 0) and waits, at most
    /// [`WAIT`], for its first stdout line: `listening on ADDR` or
    /// `bound to ADDR`. Panics, with what the process printed, otherwise.
    pub fn start_with(bin: impl AsRef<Path>, args: &[&str]) -> Server {
        let bin = bin.as_ref();
        let mut child = Command::new(bin)
            .args(args)
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let stdout = drain(child.stdout.take().expect("piped stdout"));
        let stderr = drain(child.stderr.take().expect("piped stderr"));
        // From here, Drop kills the child whatever happens.
        let mut server = Server {
            child,
            stdout,
            stderr,
            addr: ([0, 0, 0, 0], 0).into(),
            first: String::new(),
        };
        let first = server.next_line();
        let addr = first
            .strip_prefix("listening on ")
            .or_else(|| first.strip_prefix("bound to "))
            .unwrap_or_else(|| panic!("unexpected first line: {first:?}"));
        server.addr = addr.parse().expect("the first line names a socket address");
        server.first = first;
        server
    }

    /// The first line the server printed (`listening on ...` / `bound to ...`),
    /// for transcripts.
    pub fn first_line(&self) -> &str {
        &self.first
    }

    /// The address the server announced (with its real port).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The address as text, for `--addr`.
    pub fn addr_arg(&self) -> String {
        self.addr.to_string()
    }

    /// The server's next stdout line, waiting at most [`WAIT`].
    pub fn next_line(&self) -> String {
        match self.stdout.recv_timeout(WAIT) {
            Ok(line) => line,
            Err(RecvTimeoutError::Timeout) => {
                panic!(
                    "no line from the server in {WAIT:?}; stderr: {:?}",
                    self.stderr_now()
                )
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("the server closed stdout; stderr: {:?}", self.stderr_now())
            }
        }
    }

    /// Reads stdout lines until one contains `needle` and returns it, waiting
    /// at most [`WAIT`] in all. Panics with the lines seen otherwise.
    pub fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stdout.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(line) => seen.push(line),
                Err(_) => panic!(
                    "no line with {needle:?} from the server; saw {seen:?}, stderr {:?}",
                    self.stderr_now()
                ),
            }
        }
    }

    /// The next stderr line, waiting at most [`WAIT`].
    pub fn next_err_line(&self) -> String {
        self.stderr
            .recv_timeout(WAIT)
            .unwrap_or_else(|e| panic!("no stderr line from the server: {e}"))
    }

    /// The stdout lines already printed, without waiting.
    pub fn lines_now(&self) -> Vec<String> {
        self.stdout.try_iter().collect()
    }

    /// The stderr lines already printed, without waiting.
    pub fn stderr_now(&self) -> Vec<String> {
        self.stderr.try_iter().collect()
    }

    /// Waits, at most [`WAIT`], for a server that ends by itself (the one-shot
    /// server) and returns its exit status and its remaining stdout and stderr.
    /// The output ends when the process closes its pipes, that is when it exits.
    pub fn wait_exit(mut self) -> (ExitStatus, Vec<String>, Vec<String>) {
        let deadline = Instant::now() + WAIT;
        let out = collect_until_closed(&self.stdout, deadline);
        let err = collect_until_closed(&self.stderr, deadline);
        match (out, err) {
            (Some(out), Some(err)) => {
                (self.child.wait().expect("wait for the server"), out, err)
            }
            _ => panic!("the server did not exit within {WAIT:?}"),
        }
    }

    /// Kills the server now (as Ctrl-C would end it) and returns what it had
    /// printed on stdout and stderr.
    pub fn kill(mut self) -> (Vec<String>, Vec<String>) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let deadline = Instant::now() + WAIT;
        let out = collect_until_closed(&self.stdout, deadline).unwrap_or_default();
        let err = collect_until_closed(&self.stderr, deadline).unwrap_or_default();
        (out, err)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // On pass, fail or panic: no server outlives its test.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A thread that forwards every line of `pipe` to the returned channel until the
/// pipe closes. Lines are decoded lossily, so a non-UTF-8 byte cannot stop it.
fn drain(pipe: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut reader = BufReader::new(pipe);
        let mut line = Vec::new();
        while matches!(reader.read_until(b'\n', &mut line), Ok(n) if n > 0) {
            if line.ends_with(b"\n") {
                line.pop();
            }
            if tx
                .send(String::from_utf8_lossy(&line).into_owned())
                .is_err()
            {
                break;
            }
            line.clear();
        }
    });
    rx
}

fn collect_until_closed(
    rx: &Receiver<String>,
    deadline: Instant,
) -> Option<Vec<String>> {
    let mut lines = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => lines.push(line),
            Err(RecvTimeoutError::Disconnected) => return Some(lines),
            Err(RecvTimeoutError::Timeout) => return None,
        }
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

/// `python3`, to run the article's Python programs (in `python/`) against
/// the lessons. Where it is not installed the test prints why it is skipped
/// and gets `None`; on CI (`CI` set), where `.ci/run` makes sure it is there,
/// a missing `python3` fails the test instead of skipping it silently.
pub fn python3() -> Option<&'static str> {
    let found = Command::new("python3").arg("--version").output();
    if found.is_ok_and(|out| out.status.success()) {
        return Some("python3");
    }
    assert!(std::env::var_os("CI").is_none(), "python3 is missing on CI");
    eprintln!("skipped: python3 is not installed");
    None
}

/// The path of one of the article's Python programs, `python/<name>`.
pub fn python_script(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../python")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// A TCP address on 127.0.0.1 where nothing listens, for "no server there"
/// tests. The socket is bound but never listens, so every call to it is
/// refused, and no other test can take the port while the socket is held:
/// keep it alive for the whole test.
pub fn refusing_tcp_port() -> (socket2::Socket, SocketAddr) {
    use socket2::{Domain, Socket, Type};
    let socket =
        Socket::new(Domain::IPV4, Type::STREAM, None).expect("a TCP socket");
    socket
        .bind(&SocketAddr::from(([127, 0, 0, 1], 0)).into())
        .expect("bind 127.0.0.1:0");
    let addr = socket
        .local_addr()
        .ok()
        .and_then(|a| a.as_socket())
        .expect("an address");
    (socket, addr)
}

/// The transcript file `name` under `lessons/transcripts/`, found from a
/// lesson crate's `CARGO_MANIFEST_DIR` (pass `env!("CARGO_MANIFEST_DIR")`).
pub fn transcript_file(manifest_dir: &str, name: &str) -> std::path::PathBuf {
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

/// Compares `actual` with the transcript file `path` (as the book includes it).
/// With `UPDATE_TRANSCRIPTS=1` in the environment it rewrites the file instead.
/// Panics with both texts when they differ, so `cargo test` shows what changed.
pub fn check_transcript(path: impl AsRef<Path>, actual: &str) {
    let path = path.as_ref();
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
        expected == actual,
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
