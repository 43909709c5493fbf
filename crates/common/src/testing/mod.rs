//! Helpers for the lessons' integration tests (feature `testing`): one
//! harness for every lesson, so that a lesson's tests hold only what is
//! particular to it.
//!
//! | item | what it is for |
//! |---|---|
//! | [`Server`] | a server binary on port 0: its `listening on`/`bound to` line read, its output drained |
//! | [`Process`] | a client a test types into, or any program watched while it runs |
//! | [`Terminal`] | a program in a real (pseudo-)terminal, for prompts and interactive transcripts |
//! | [`cli`] | the checks every binary shares: `--help`, bad usage, refused calls, taken ports, demos |
//! | [`echo`] | callers for the upper-case echo service of lessons 2, 6, 7 and 8, polite and hostile |
//! | [`chat`] | a member of the many-callers lessons' chat room exercise |
//! | [`Transcripts`] | a lesson's outputs against the transcripts the book shows |
//! | [`Python`] | the article's Python programs, run against the lessons |
//! | [`TempDir`] | a folder of a test's own, under the system's temporary folder, removed on drop |
//! | [`usage`] | a server's memory, threads, CPU time and open files, from `/proc` |
//!
//! Every wait is bounded by [`WAIT`], and every process is killed when its
//! guard drops, whether the test passes, fails or panics. Built on
//! [`crate::process`].

// A test harness reports a failure by panicking, with what it saw.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod chat;
pub mod cli;
pub mod echo;
mod python;
mod temp;
mod terminal;
mod transcripts;
pub mod usage;

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Command, ExitStatus};
use std::time::{Duration, Instant};

pub use python::{Python, python_script, python3};
pub use temp::{TempDir, names_in};
pub use terminal::Terminal;
pub use transcripts::{
    Transcripts, check_output, check_transcript, normalise, transcript_file,
};

use crate::process::{NoLine, Watched, announced_addr};

/// The longest any test waits for one thing (a line, an exit). Generous,
/// because a loaded 2-core CI machine can be slow; a test that passes never
/// waits this long.
pub const WAIT: Duration = Duration::from_secs(20);

/// Whether a test of what only root may do (lesson 9's packet capture) must
/// not skip: on CI (`CI` set) running as root, as `.ci/run` runs on the
/// course's machine, a skip would hide a broken test. A learner's shell and
/// GitHub's runner (not root) skip with a note. Read from `/proc` (Linux,
/// where capture is).
pub fn root_on_ci() -> bool {
    let root = std::fs::read_to_string("/proc/self/status").is_ok_and(|status| {
        status.lines().any(|line| {
            // Uid: real, effective, saved, filesystem.
            line.starts_with("Uid:") && line.split_whitespace().nth(2) == Some("0")
        })
    });
    root && std::env::var_os("CI").is_some()
}

/// A program under test: a client a test types into line by line, or any
/// program a test watches while it runs. Its output is read as it comes,
/// every wait is bounded by [`WAIT`], and it is killed when dropped.
/// (Programs that get all their input at once and end by themselves run
/// with `assert_cmd` instead.)
#[derive(Debug)]
pub struct Process {
    watched: Watched,
    name: String,
}

/// How a [`Process`] ended: its exit status and what it printed after the
/// lines a test had already taken.
#[derive(Debug)]
pub struct Ended {
    /// The exit status.
    pub status: ExitStatus,
    /// Standard output, byte for byte (each line with its `\n`).
    pub stdout: Vec<u8>,
    /// Standard error, decoded lossily (each line with its `\n`).
    pub stderr: String,
}

impl Ended {
    /// Standard output as text (decoded lossily).
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

impl Process {
    /// Starts `bin args...` with its standard streams piped.
    pub fn start(bin: impl AsRef<Path>, args: &[&str]) -> Process {
        let mut command = Command::new(bin.as_ref());
        command.args(args);
        Process::start_command(command)
    }

    /// Starts `command` as the test prepared it (its arguments, environment
    /// and current folder), with its standard streams piped.
    pub fn start_command(mut command: Command) -> Process {
        let name = program_name(&command);
        let watched = Watched::spawn(&mut command)
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        Process { watched, name }
    }

    /// Starts `command` with its standard output a pipe whose reader has
    /// already gone, as in `demo | head -1` once `head` has left: each of
    /// its writes there fails. Its stdout reads as closed, with no line.
    pub fn start_reader_gone(mut command: Command) -> Process {
        let name = program_name(&command);
        let watched = Watched::spawn_reader_gone(&mut command)
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        Process { watched, name }
    }

    /// The process id, to send it a signal.
    pub fn id(&self) -> u32 {
        self.watched.id()
    }

    /// Types `line` and Enter.
    pub fn type_line(&mut self, line: &str) {
        self.write_input(format!("{line}\n").as_bytes());
    }

    /// Writes `bytes` to its standard input.
    pub fn write_input(&mut self, bytes: &[u8]) {
        self.watched
            .write_input(bytes)
            .unwrap_or_else(|e| panic!("cannot type into {}: {e}", self.name));
    }

    /// Ends its input, as Ctrl-D does.
    pub fn close_input(&mut self) {
        self.watched.close_input();
    }

    /// The next stdout line (without `\n`, decoded lossily), waiting at most
    /// [`WAIT`]. Panics, with its stderr, when none comes.
    pub fn next_line(&self) -> String {
        match self.watched.stdout.next(WAIT) {
            Ok(line) => String::from_utf8_lossy(&line).into_owned(),
            Err(NoLine::Timeout) => panic!(
                "no line from {} in {WAIT:?}; stderr: {:?}",
                self.name,
                self.stderr_now()
            ),
            Err(NoLine::Closed) => panic!(
                "{} closed its stdout; stderr: {:?}",
                self.name,
                self.stderr_now()
            ),
        }
    }

    /// The next `n` stdout lines, each with its `\n` (for a log a test
    /// keeps as it goes), each waited for as [`Process::next_line`] does.
    pub fn next_lines(&self, n: usize) -> String {
        (0..n).map(|_| self.next_line() + "\n").collect()
    }

    /// Reads stdout lines until one contains `needle` and returns it,
    /// waiting at most [`WAIT`] in all. Panics with the lines seen otherwise.
    pub fn wait_for(&self, needle: &str) -> String {
        self.wait_for_within(needle, WAIT)
    }

    /// [`Process::wait_for`], waiting at most `limit` in all (a build, say,
    /// that takes longer than any one line should).
    pub fn wait_for_within(&self, needle: &str, limit: Duration) -> String {
        let mut lines = self.lines_until(needle, limit);
        lines.pop().unwrap_or_default()
    }

    /// Every stdout line up to the first that contains `needle`, that one
    /// included (for a transcript of what came on the way), waiting at most
    /// `limit` in all. Panics with the lines seen otherwise.
    pub fn lines_until(&self, needle: &str, limit: Duration) -> Vec<String> {
        let deadline = Instant::now() + limit;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.watched.stdout.next(left) {
                Ok(line) => {
                    let line = String::from_utf8_lossy(&line).into_owned();
                    let found = line.contains(needle);
                    seen.push(line);
                    if found {
                        return seen;
                    }
                }
                Err(why) => panic!(
                    "no line with {needle:?} from {} within {limit:?} ({why:?}); \
                     saw {seen:?}, stderr {:?}",
                    self.name,
                    self.stderr_now()
                ),
            }
        }
    }

    /// The next stderr line, waiting at most [`WAIT`].
    pub fn next_err_line(&self) -> String {
        match self.watched.stderr.next(WAIT) {
            Ok(line) => String::from_utf8_lossy(&line).into_owned(),
            Err(why) => panic!("no stderr line from {} ({why:?})", self.name),
        }
    }

    /// The stdout lines already printed, without waiting.
    pub fn lines_now(&self) -> Vec<String> {
        lossy(self.watched.stdout.now())
    }

    /// The stderr lines already printed, without waiting.
    pub fn stderr_now(&self) -> Vec<String> {
        lossy(self.watched.stderr.now())
    }

    /// Ends its input (Ctrl-D) and waits, at most [`WAIT`], for it to exit
    /// by itself. Panics if it does not.
    pub fn finish(mut self) -> Ended {
        self.close_input();
        let deadline = Instant::now() + WAIT;
        let out = self.watched.stdout.rest(deadline);
        let err = self.watched.stderr.rest(deadline);
        let left = deadline.saturating_duration_since(Instant::now());
        match (out, err, self.watched.wait_exit(left)) {
            (Some(out), Some(err), Some(status)) => Ended {
                status,
                stdout: joined(out),
                stderr: String::from_utf8_lossy(&joined(err)).into_owned(),
            },
            _ => panic!("{} did not exit within {WAIT:?}", self.name),
        }
    }

    /// Kills it now (as Ctrl-C would end it) and returns what it had printed
    /// on stdout and stderr that no test had taken.
    pub fn kill(mut self) -> (Vec<String>, Vec<String>) {
        self.watched.kill();
        let deadline = Instant::now() + WAIT;
        let out = self.watched.stdout.rest(deadline).unwrap_or_default();
        let err = self.watched.stderr.rest(deadline).unwrap_or_default();
        (lossy(out), lossy(err))
    }

    /// Sends it a signal by name (`INT` as Ctrl-C does, `TERM`), through the
    /// `kill` command (Unix only: the workspace has no `unsafe` for libc).
    pub fn signal(&self, name: &str) {
        let sent = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.id().to_string())
            .status()
            .unwrap_or_else(|e| panic!("cannot run kill: {e}"));
        assert!(sent.success(), "kill -{name} {} failed", self.id());
    }
}

/// What a failure calls the program: its file's name.
fn program_name(command: &Command) -> String {
    let program = Path::new(command.get_program());
    program.file_name().map_or_else(
        || program.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn lossy(lines: Vec<Vec<u8>>) -> Vec<String> {
    lines
        .into_iter()
        .map(|l| String::from_utf8_lossy(&l).into_owned())
        .collect()
}

fn joined(lines: Vec<Vec<u8>>) -> Vec<u8> {
    let mut all = Vec::new();
    for line in lines {
        all.extend_from_slice(&line);
        all.push(b'\n');
    }
    all
}

/// A server process under test, on an ephemeral loopback port, killed when
/// dropped. It dereferences to its [`Process`] for reading its output.
#[derive(Debug)]
pub struct Server {
    process: Process,
    addr: SocketAddr,
    first: String,
}

impl std::ops::Deref for Server {
    type Target = Process;
    fn deref(&self) -> &Process {
        &self.process
    }
}

impl std::ops::DerefMut for Server {
    fn deref_mut(&mut self) -> &mut Process {
        &mut self.process
    }
}

impl Server {
    /// Starts `BIN server --addr 127.0.0.1:0` and waits for its first line.
    pub fn start(bin: impl AsRef<Path>) -> Server {
        Server::start_with(bin, &["server", "--addr", "127.0.0.1:0"])
    }

    /// Starts `BIN server --addr 127.0.0.1:0 FLAGS...` and waits for its
    /// first line.
    pub fn start_flags(bin: impl AsRef<Path>, flags: &[&str]) -> Server {
        let mut args = vec!["server", "--addr", "127.0.0.1:0"];
        args.extend(flags);
        Server::start_with(bin, &args)
    }

    /// Starts `BIN server --addr [::1]:0` and waits for its first line, which
    /// must announce an IPv6 address; `None`, with a note saying the test is
    /// skipped, where this machine has no IPv6 loopback.
    pub fn on_ipv6_loopback(bin: impl AsRef<Path>) -> Option<Server> {
        if std::net::UdpSocket::bind("[::1]:0").is_err() {
            eprintln!("skipped: this machine has no IPv6 loopback");
            return None;
        }
        let server = Server::start_with(bin, &["server", "--addr", "[::1]:0"]);
        assert!(server.addr().is_ipv6(), "{}", server.first_line());
        Some(server)
    }

    /// Starts the solution of a lesson's exercise, `BIN exercise NAME --addr
    /// 127.0.0.1:0 FLAGS...`, and waits for its first line.
    pub fn exercise(bin: impl AsRef<Path>, name: &str, flags: &[&str]) -> Server {
        let mut args = vec!["exercise", name, "--addr", "127.0.0.1:0"];
        args.extend(flags);
        Server::start_with(bin, &args)
    }

    /// Starts `BIN server --addr 127.0.0.1:0 FLAGS...` under the open-files
    /// limits of a usual Linux desktop session (1024, and 4096 at most), so
    /// that a server's `open files:` line reads the same on every machine.
    pub fn start_as_on_a_desktop(bin: impl AsRef<Path>, flags: &[&str]) -> Server {
        Server::start_limited(bin, "1024:4096", flags)
    }

    /// Starts `BIN server --addr 127.0.0.1:0 FLAGS...` under the open-files
    /// limit `nofile` (`SOFT:HARD`, as `prlimit --nofile=` takes it: `prlimit`
    /// sets the limit, then becomes the server, in the same process; Linux),
    /// holding only descriptors 0, 1 and 2 at its start, as when a learner's
    /// shell starts it. (This test may have inherited more, from cargo or a
    /// CI runner, which would leave the server less room under its limit: a
    /// shell closes them first, then becomes `prlimit`.)
    pub fn start_limited(
        bin: impl AsRef<Path>,
        nofile: &str,
        flags: &[&str],
    ) -> Server {
        let script = "for fd in $(ls /proc/$$/fd); do \
                      [ \"$fd\" -gt 2 ] && eval \"exec $fd>&-\"; done; exec prlimit \"$@\"";
        let limit = format!("--nofile={nofile}");
        let bin = bin.as_ref().to_string_lossy().into_owned();
        let mut args = vec!["-c", script, "bash", &limit, &bin, "server"];
        args.extend(["--addr", "127.0.0.1:0"]);
        args.extend(flags);
        Server::start_with("bash", &args)
    }

    /// Starts `bin` with `args` (which ask for port 0) and waits, at most
    /// [`WAIT`], for its first stdout line: `listening on ADDR` or
    /// `bound to ADDR`. Panics, with what the process printed, otherwise.
    pub fn start_with(bin: impl AsRef<Path>, args: &[&str]) -> Server {
        // From here, Drop kills the child whatever happens.
        let process = Process::start(bin, args);
        let first = process.next_line();
        let addr = announced_addr(&first)
            .unwrap_or_else(|| panic!("unexpected first line: {first:?}"));
        Server {
            process,
            addr,
            first,
        }
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

    /// Waits, at most [`WAIT`], for a server that ends by itself (the one-shot
    /// server) and returns its exit status and its remaining stdout and stderr
    /// lines.
    pub fn wait_exit(self) -> (ExitStatus, Vec<String>, Vec<String>) {
        let ended = self.process.finish();
        let out = ended.stdout_text().lines().map(str::to_string).collect();
        let err = ended.stderr.lines().map(str::to_string).collect();
        (ended.status, out, err)
    }

    /// Waits, at most [`WAIT`], for a server that ends by itself, checks
    /// that it ended well (exit code 0; panics with its stderr otherwise),
    /// and returns its stdout lines after the first.
    pub fn wait_ok(self) -> Vec<String> {
        let (status, out, err) = self.wait_exit();
        assert!(status.success(), "the server ended with {status}: {err:?}");
        out
    }

    /// Waits, at most [`WAIT`], for a server that ends by itself, and
    /// returns its exit status and its log for a transcript: its first line
    /// and every line after it that a test has not taken, each with its `\n`.
    pub fn finish_log(self) -> (ExitStatus, String) {
        let first = format!("{}\n", self.first);
        let ended = self.process.finish();
        (ended.status, first + &ended.stdout_text())
    }

    /// Kills the server now (as Ctrl-C would end it) and returns what it had
    /// printed on stdout and stderr.
    pub fn kill(self) -> (Vec<String>, Vec<String>) {
        self.process.kill()
    }

    /// The server's log for a transcript: its first line and the `more`
    /// lines after it, each with its `\n`; then it is killed (Ctrl-C), and
    /// must have printed nothing else.
    pub fn transcript(self, more: usize) -> String {
        format!("{}\n", self.first_line()) + &self.last_lines(more)
    }

    /// The end of a log a test has taken step by step: the next `n` lines,
    /// each with its `\n`; then the server is killed (Ctrl-C), and must have
    /// printed nothing else.
    pub fn last_lines(self, n: usize) -> String {
        let log = self.next_lines(n);
        let (rest, _) = self.kill();
        assert!(rest.is_empty(), "more than expected: {rest:?}");
        log
    }

    /// The start of a log a test takes step by step, for a transcript: the
    /// server's first line and the `more` lines after it, each with its `\n`.
    pub fn log(&self, more: usize) -> String {
        format!("{}\n{}", self.first_line(), self.next_lines(more))
    }

    /// Checks the next call in the log of a server that logs as lesson 2's
    /// does: its caller said each of `said`, one `from client msg: b'...'`
    /// line each, then hung up. Returns the caller's address.
    pub fn expect_call(&self, said: &[&str]) -> String {
        let (peer, lines) = self.next_call();
        let mut expected: Vec<String> = said
            .iter()
            .map(|m| format!("from client msg: b'{m}'"))
            .collect();
        expected.push(format!("client {peer} hung up"));
        assert_eq!(lines, expected);
        peer
    }

    /// The lines of the next call in the log of a server that logs as
    /// lesson 2's does: from `client : ADDR` to the line `client ADDR ...`
    /// that ends the call. Returns the caller's address and the lines after
    /// the first.
    pub fn next_call(&self) -> (String, Vec<String>) {
        let first = self.next_line();
        let peer = first
            .strip_prefix("client : ")
            .unwrap_or_else(|| panic!("expected a new caller, got {first:?}"))
            .to_string();
        let mut lines = Vec::new();
        loop {
            let line = self.next_line();
            let ended = line.starts_with(&format!("client {peer} "));
            lines.push(line);
            if ended {
                return (peer, lines);
            }
        }
    }
}

/// Whether `line` is a many-callers server's first line: the open-files
/// limit it raised (`open files: up to N`), or on Windows, which has no
/// per-process limit, that it has none.
pub fn says_open_files(line: &str) -> bool {
    line.starts_with("open files: up to ")
        || (!cfg!(unix) && line == "open files: no per-process limit on this system")
}

/// Dials `addr` as a test's own caller: the call and every read and write
/// on it bounded by [`WAIT`], `TCP_NODELAY` set (each write leaves at once).
pub fn connect(addr: SocketAddr) -> std::net::TcpStream {
    let conn = std::net::TcpStream::connect_timeout(&addr, WAIT)
        .unwrap_or_else(|e| panic!("cannot call {addr}: {e}"));
    conn.set_read_timeout(Some(WAIT)).expect("a read timeout");
    conn.set_write_timeout(Some(WAIT)).expect("a write timeout");
    conn.set_nodelay(true).expect("TCP_NODELAY");
    conn
}

/// Whether the server has hung up on `conn`: true when a read gives the end
/// of the call (0 bytes) or a reset (it hung up with our bytes unread),
/// false when a byte comes instead. Panics, saying what happened, when the
/// read fails otherwise, or nothing comes within the read timeout.
pub fn hung_up(conn: &mut std::net::TcpStream) -> bool {
    use std::io::{ErrorKind, Read};
    let mut byte = [0u8; 1];
    match conn.read(&mut byte) {
        Ok(0) => true,
        Err(e) if e.kind() == ErrorKind::ConnectionReset => true,
        Ok(_) => false,
        Err(e) => {
            panic!("the server neither hung up nor spoke: {e} ({:?})", e.kind())
        }
    }
}

/// A TCP address on 127.0.0.1 where the kernel completes every call (a
/// listener is there) but nobody ever picks up: no answer comes, and nobody
/// hangs up, as with a server that takes a call and never answers. Keep the
/// listener alive for the whole test.
pub fn deaf_port() -> (std::net::TcpListener, SocketAddr) {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("its address");
    (listener, addr)
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
