//! Callers for the upper-case echo service (lesson 2's wire, which lessons
//! 6, 7 and 8 serve too): the caller's bytes come back upper-cased, a byte
//! stream with no framing. One set of callers, polite and hostile, checks
//! every server that speaks it, and the Python programs of the wire are
//! checked against the lessons both ways.
//!
//! Each helper panics, with what it saw, when the server does not behave;
//! every read and write has a timeout, so none can hang a test.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use socket2::Socket;

use super::{Process, Python, Server, WAIT};

/// A caller on the line.
#[derive(Debug)]
pub struct Caller {
    conn: TcpStream,
}

impl Caller {
    /// Dials `addr`, with every read and write bounded by [`WAIT`].
    pub fn dial(addr: SocketAddr) -> Caller {
        Caller {
            conn: super::connect(addr),
        }
    }

    /// Says `message` and returns the whole answer (as many bytes as were
    /// said). Panics when the answer is not `message` upper-cased.
    pub fn say(&mut self, message: &[u8]) -> Vec<u8> {
        self.conn.write_all(message).expect("say the message");
        let mut answer = vec![0; message.len()];
        self.conn.read_exact(&mut answer).unwrap_or_else(|e| {
            panic!("no whole answer to {} bytes: {e}", message.len())
        });
        assert_eq!(
            answer,
            crate::upper(message),
            "the answer is not the message upper-cased"
        );
        answer
    }

    /// The call itself, for what the helpers do not cover.
    pub fn conn(&mut self) -> &mut TcpStream {
        &mut self.conn
    }

    /// Hangs up with a reset instead of the usual FIN (`SO_LINGER` 0), as a
    /// caller whose program was aborted.
    pub fn reset(self) {
        reset(self.conn);
    }
}

/// `bin client --addr ADDR` (a client of lesson 2's wire) as a person runs
/// it in a terminal of its own, who has said `line` and heard it back
/// upper-cased: a caller on the line, whom a test types into.
pub fn talking_client(bin: &str, addr: SocketAddr, line: &str) -> Process {
    let mut client = Process::start(bin, &["client", "--addr", &addr.to_string()]);
    client.type_line(line);
    assert_eq!(client.next_line(), line.to_uppercase());
    client
}

/// A server of many callers running out of file descriptors, as lessons 6,
/// 7 and 8 meet it: `BIN server` under a limit of 32 open files (`prlimit`,
/// Linux), then 40 callers, who all get through to the kernel's queue. The
/// server says once per shortage that it cannot pick up (`too many open
/// files`), waits calmly (under 200 ms of CPU time in a second: no busy
/// loop), and when 20 callers hang up, picks up the others, who are then
/// served. Returns its line about the shortage and its log after it, for
/// the lesson's words; `None`, with a note, where `prlimit` is missing.
pub fn out_of_open_files(bin: &str) -> Option<(String, Vec<String>)> {
    let limited = std::process::Command::new("prlimit")
        .args(["--nofile=32:32", "true"])
        .status();
    if !limited.is_ok_and(|s| s.success()) {
        eprintln!("skipped: prlimit is not available");
        return None;
    }
    let server = Server::start_limited(bin, "32:32", &[]);
    assert_eq!(server.next_line(), "open files: up to 32");
    let mut callers: Vec<Caller> =
        (0..40).map(|_| Caller::dial(server.addr())).collect();
    let said = server.wait_for("cannot pick up: ");
    assert!(said.contains("too many open files"), "{said}");
    let cpu = || {
        super::usage::Usage::of(server.id())
            .expect("the server's /proc")
            .cpu
    };
    let before = cpu();
    thread::sleep(Duration::from_secs(1));
    let spent = cpu().saturating_sub(before);
    assert!(
        spent < Duration::from_millis(200),
        "{spent:?} of CPU in 1 s of waiting"
    );
    // Twenty hang up; those still in the queue are picked up and served.
    callers.drain(..20);
    for caller in &mut callers {
        caller.say(b"served at last");
    }
    let (later, _) = server.kill();
    // Said once for each shortage, however many tries. If the server tries
    // again when only some of the twenty have gone, it picks those up (and
    // says so: `picking up`) and runs short again: a new shortage, said once.
    let mut short = true;
    for line in &later {
        if line.starts_with("cannot pick up") {
            assert!(!short, "said twice in one shortage: {later:?}");
            short = true;
        } else if line.contains("picking up") {
            short = false;
        }
    }
    Some((said, later))
}

/// `bin client` talks with `server` (a person typing `hello`, answered),
/// then the server goes away (Ctrl-C) and the person types one more line:
/// the client ends with exit code 1, nothing more on stdout, and first on
/// stderr `error: the server at ADDR hung up before it answered`, then a
/// hint that names this binary's server (`tcp-events server` in lesson 7,
/// though its client is lesson 2's). Returns the client's whole stderr, for
/// the lesson's own words.
pub fn server_goes_away(bin: &str, server: Server) -> String {
    let addr = server.addr();
    let mut client = talking_client(bin, addr, "hello");
    server.kill();
    client.type_line("anyone there?");
    let ended = client.finish();
    assert_eq!(ended.status.code(), Some(1), "{}", ended.stderr);
    assert_eq!(ended.stdout_text(), "");
    let gone = format!("error: the server at {addr} hung up before it answered\n");
    assert!(ended.stderr.starts_with(&gone), "{}", ended.stderr);
    let program = std::path::Path::new(bin)
        .file_stem()
        .unwrap()
        .to_string_lossy();
    let hint = format!("start it again with `{program} server`");
    assert!(ended.stderr.contains(&hint), "{}", ended.stderr);
    ended.stderr
}

/// Starts `BIN server` on a port the system picks and has a Python client
/// of lesson 2's wire (`python/SCRIPT ADDR`: the article's
/// `tcp_loop_client.py`, or lesson 8's asyncio one) call it: it says `hello`
/// and `LHF nb`, and prints each answer as the article's does (`input()`
/// prints its prompt even when standard input is a pipe, `print(data)` shows
/// the bytes object). Returns the server, whose log the test reads.
pub fn python_client_calls(python: Python, script: &str, bin: &str) -> Server {
    let server = Server::start(bin);
    python
        .run(script, &[&server.addr_arg()], "hello\nLHF nb\n")
        .success()
        .stdout(">>>: b'HELLO'\n>>>: b'LHF NB'\n>>>: ")
        .stderr("");
    server
}

/// `BIN client` calls `python/SCRIPT`, a Python server of lesson 2's wire,
/// which logs its caller as the article's does (the address a tuple): it
/// says `hello` and a line of 3000 bytes, which that server hears in pieces
/// (`recv(1024)`) and answers piece by piece, and the client prints both
/// answers whole. Then 8 callers at once and a silent one are served too.
pub fn calls_python_server(python: Python, script: &str, bin: &str) {
    let server = python.server(script);
    let long = "m".repeat(3000);
    let input = format!("hello\n{long}\n");
    super::cli::call(bin, server.addr(), &["client"], input)
        .success()
        .stdout(format!("HELLO\n{}\n", long.to_uppercase()));
    let line = server.next_line();
    assert!(line.starts_with("client : ('127.0.0.1', "), "{line}");
    let line = server.next_line();
    assert!(line.ends_with(" msg: b'hello'"), "{line}");
    all_at_once(server.addr(), 8);
    silent_caller_holds_up_no_one(server.addr());
}

/// Closes `conn` with a reset instead of the usual FIN (`SO_LINGER` 0).
pub fn reset(conn: TcpStream) {
    let socket = Socket::from(conn);
    socket
        .set_linger(Some(Duration::ZERO))
        .expect("SO_LINGER 0");
    drop(socket);
}

/// One call: dial, say `message`, check the answer, hang up.
pub fn one_call(addr: SocketAddr, message: &[u8]) {
    Caller::dial(addr).say(message);
}

/// `n` callers on the line at the same time: all dial first, then each says
/// its own message and waits for its answer, and none hangs up before every
/// one has been answered. A server that serves one caller at a time cannot
/// pass: the second caller's answer would wait for the first to hang up,
/// which waits for the second's answer (the reads' timeouts end it).
pub fn all_at_once(addr: SocketAddr, n: usize) {
    let callers: Vec<Caller> = (0..n).map(|_| Caller::dial(addr)).collect();
    let everyone_answered = Arc::new(Barrier::new(n));
    let talks: Vec<_> = callers
        .into_iter()
        .enumerate()
        .map(|(i, mut caller)| {
            let everyone_answered = Arc::clone(&everyone_answered);
            thread::spawn(move || {
                caller.say(format!("caller {i} says hello").as_bytes());
                everyone_answered.wait();
                caller.say(format!("caller {i} says goodbye").as_bytes());
            })
        })
        .collect();
    let failed = talks.into_iter().filter_map(|t| t.join().err()).count();
    assert_eq!(
        failed, 0,
        "{failed} of {n} callers were not answered at once"
    );
}

/// Every kind of caller that a server of many callers at once meets (the
/// servers of lessons 6, 7 and 8, and the Python ones of their wire), one
/// after another: 8 and then 200 callers at once ([`all_at_once`]), a silent
/// caller and a flooding one who hold up no one, a caller who half-closes
/// after 300 000 bytes and still gets every byte back, and 300 hostile
/// callers, 10 at a time ([`hostile_callers`]), after whom a polite caller is
/// still answered.
pub fn every_kind_of_caller(addr: SocketAddr) {
    all_at_once(addr, 8);
    all_at_once(addr, 200);
    silent_caller_holds_up_no_one(addr);
    flooding_caller_holds_up_no_one(addr, 8 << 20);
    half_close_gets_the_whole_answer(addr, &[b'q'; 300_000]);
    assert_eq!(hostile_callers(addr, 300, 10), 300);
}

/// A caller who dials and says nothing holds up no one: others are served
/// meanwhile.
pub fn silent_caller_holds_up_no_one(addr: SocketAddr) {
    let silent = Caller::dial(addr);
    all_at_once(addr, 2);
    one_call(addr, b"after the silent caller");
    drop(silent);
}

/// A caller who says a lot and never reads its answers holds up no one: its
/// answers fill the buffers between it and the server, and others are still
/// served meanwhile. `bytes` is how much it tries to say (say 8 MiB, more
/// than the buffers of both ends hold).
pub fn flooding_caller_holds_up_no_one(addr: SocketAddr, bytes: usize) {
    let mut flood = Caller::dial(addr);
    fill(&mut flood.conn, bytes);
    all_at_once(addr, 2);
    flood.reset();
}

/// Says up to `bytes` bytes of `f` on `conn` without reading, until the
/// buffers are full: no write makes progress for 500 ms (a server that stops
/// reading a caller who does not read its answers). Returns how many bytes
/// were said.
pub fn fill(conn: &mut TcpStream, bytes: usize) -> usize {
    conn.set_write_timeout(Some(Duration::from_millis(500)))
        .expect("a write timeout");
    let chunk = vec![b'f'; 64 * 1024];
    let mut said = 0;
    while said < bytes {
        match conn.write(&chunk[..chunk.len().min(bytes - said)]) {
            Ok(n) => said += n,
            // The buffers are full: the server stopped reading us, as it
            // should when we do not read.
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut
                ) =>
            {
                break;
            }
            Err(e) => panic!("the flooding caller's write failed: {e}"),
        }
    }
    said
}

/// A caller who half-closes (stops sending, keeps listening) after saying
/// `message` still gets its whole answer, then the server hangs up.
pub fn half_close_gets_the_whole_answer(addr: SocketAddr, message: &[u8]) {
    let mut caller = Caller::dial(addr);
    caller.conn.write_all(message).expect("say it");
    caller.conn.shutdown(Shutdown::Write).expect("half close");
    let mut answer = Vec::new();
    caller
        .conn
        .read_to_end(&mut answer)
        .expect("the answer, then the server's hang-up");
    assert!(
        answer == crate::upper(message),
        "{} of {} bytes back",
        answer.len(),
        message.len()
    );
}

/// `total` hostile callers, `at_once` at a time, each misbehaving in one of
/// the ways a server meets (hang up at once, reset, half a message then a
/// reset, non-UTF-8 bytes, a megabyte never read, a byte at a time, silence
/// then a reset); then a polite caller must still be served. Returns how
/// many hostile calls were made.
pub fn hostile_callers(addr: SocketAddr, total: usize, at_once: usize) -> usize {
    let mut made = 0;
    while made < total {
        let wave: Vec<_> = (made..total.min(made + at_once))
            .map(|i| thread::spawn(move || misbehave(addr, i)))
            .collect();
        made += wave.len();
        for caller in wave {
            if let Err(panic) = caller.join() {
                std::panic::resume_unwind(panic);
            }
        }
    }
    one_call(addr, b"still there after the hostile callers?");
    made
}

/// Hostile caller number `i`. A refused or reset call is fine here (a server
/// may hang up on a caller like this); only a hang is not, and every wait
/// is bounded.
fn misbehave(addr: SocketAddr, i: usize) {
    let Ok(mut conn) = TcpStream::connect_timeout(&addr, WAIT) else {
        return;
    };
    let _ = conn.set_read_timeout(Some(Duration::from_millis(200)));
    let _ = conn.set_write_timeout(Some(Duration::from_millis(200)));
    match i % 8 {
        // Dial and hang up at once.
        0 => drop(conn),
        // Dial and reset.
        1 => reset(conn),
        // Half a message, then a reset.
        2 => {
            let _ = conn.write_all(b"half a mess");
            reset(conn);
        }
        // Bytes that are not UTF-8, and a hang-up without reading.
        3 => {
            let _ = conn.write_all(&[0xff, 0xfe, 0x00, 0xc3, 0x28, b'\n']);
        }
        // A megabyte the caller never reads, then a reset.
        4 => {
            let _ = conn.write_all(&vec![b'x'; 1 << 20]);
            reset(conn);
        }
        // A byte at a time, then a hang-up mid-message.
        5 => {
            for &b in b"slow" {
                let _ = conn.write_all(&[b]);
            }
        }
        // Silence, then a reset.
        6 => {
            let mut byte = [0u8; 1];
            let _ = conn.read(&mut byte);
            reset(conn);
        }
        // Stop sending at once, and read until the server hangs up.
        _ => {
            let _ = conn.shutdown(Shutdown::Write);
            let mut rest = Vec::new();
            let _ = conn.read_to_end(&mut rest);
        }
    }
}
