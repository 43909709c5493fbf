//! Lesson 4: every function in the article's table, tried. Each topic is a
//! small experiment on loopback that makes the article's calls in Rust and
//! prints what the kernel really did: addresses, byte counts, error kinds and
//! codes, times.
//!
//! | module | what it holds |
//! |---|---|
//! | [`topics`] | one module per topic: its experiment, `run` |
//! | [`demo`] | every topic in order, for `course tour` |
//! | [`exercises`] | the lesson's exercises, runnable like topics |
//! | [`show`] | how values are printed: `key: value` lines, errors, times |
//! | `linux` | (Linux) socket states and queues read from `/proc/net/tcp` |
//!
//! [`TOPICS`] is the article's table: each topic's name, the Python calls and
//! their Rust counterparts, and the experiment that tries them, in the order
//! of the article, so the binary and `course tour` can run them in-process.

use std::io::{self, Write};

use anyhow::{Context, Result};

pub mod demo;
pub mod exercises;
#[cfg(target_os = "linux")]
pub mod linux;
pub mod show;
pub mod topics;

/// One row of an experiment's header: the article's Python call and the Rust
/// call that does the same.
#[derive(Debug, Clone, Copy)]
pub struct Call {
    /// What the article writes, for example `s.getsockname()`.
    pub python: &'static str,
    /// The Rust call, for example `socket.local_addr()`.
    pub rust: &'static str,
}

impl Call {
    /// A Python call and its Rust counterpart.
    pub const fn new(python: &'static str, rust: &'static str) -> Self {
        Call { python, rust }
    }
}

/// One experiment: `sockopt-demo NAME` runs it.
#[derive(Debug, Clone, Copy)]
pub struct Topic {
    /// The name on the command line and the page's section id (`nodelay`).
    pub name: &'static str,
    /// One line saying what the experiment shows.
    pub summary: &'static str,
    /// The calls it makes, printed before it runs.
    pub calls: &'static [Call],
    /// The experiment. It writes one `key: value` line to `out` per thing it
    /// observed ([`Topic::perform`] prints the title and calls before it). It
    /// runs on loopback only, waits a bounded time, and closes every socket
    /// it opened before it returns.
    pub run: fn(&mut dyn Write) -> Result<()>,
}

impl Topic {
    /// Prints the topic's title (`== NAME: SUMMARY`), then each call as a
    /// `python:` line and a `rust:` line.
    ///
    /// # Errors
    /// When `out` is closed.
    pub fn introduce(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "== {}: {}", self.name, self.summary)?;
        for call in self.calls {
            writeln!(out, "python: {}", call.python)?;
            writeln!(out, "rust:   {}", call.rust)?;
        }
        Ok(())
    }

    /// Runs the experiment: its title and calls, then what it observed.
    ///
    /// # Errors
    /// When the experiment itself fails (a socket call that should work did
    /// not), with the topic's name in the message.
    pub fn perform(&self, out: &mut dyn Write) -> Result<()> {
        self.introduce(out)?;
        (self.run)(out)
            .with_context(|| format!("the `{}` experiment failed", self.name))
    }
}

/// Every topic, in the order of the article's table: server, client, common,
/// blocking and timeouts, file-like.
pub const TOPICS: &[Topic] = &[
    Topic {
        name: "names",
        summary: "bind, listen, accept, connect; getsockname and getpeername on both ends",
        calls: &[
            Call::new("s.bind(('127.0.0.1', 0))", "socket.bind(&addr.into())"),
            Call::new("s.listen(5)", "socket.listen(5)"),
            Call::new(
                "conn, addr = s.accept()",
                "let (conn, addr) = socket.accept()?",
            ),
            Call::new("s.connect(addr)", "socket.connect(&addr.into())"),
            Call::new("s.getsockname()", "socket.local_addr()"),
            Call::new("s.getpeername()", "socket.peer_addr()"),
        ],
        run: topics::names::run,
    },
    Topic {
        name: "connect-ex",
        summary: "connect fails with an error, connect_ex returns a code (0 or ECONNREFUSED)",
        calls: &[
            Call::new("s.connect(addr)", "TcpStream::connect(addr)"),
            Call::new(
                "s.connect_ex(addr)",
                "socket.connect(&addr.into()), then err.raw_os_error()",
            ),
        ],
        run: topics::connect_ex::run,
    },
    Topic {
        name: "recv",
        summary: "recv(1024) of a 3000-byte message: three pieces, then b'' when the peer hangs up",
        calls: &[
            Call::new(
                "data = conn.recv(1024)",
                "let n = conn.read(&mut buf)?  // buf: [u8; 1024]",
            ),
            Call::new("if not data: break", "if n == 0 { break }"),
        ],
        run: topics::recv::run,
    },
    Topic {
        name: "send-vs-sendall",
        summary: "send takes what fits and returns the count; nothing is lost; sendall loops",
        calls: &[
            Call::new("n = s.send(data)", "let n = conn.write(&data)?"),
            Call::new("s.sendall(data)", "conn.write_all(&data)?"),
        ],
        run: topics::send_vs_sendall::run,
    },
    Topic {
        name: "udp",
        summary: "sendto and recvfrom: datagrams keep their boundaries; a long one is cut",
        calls: &[
            Call::new("s.sendto(data, addr)", "socket.send_to(&data, addr)"),
            Call::new(
                "data, addr = s.recvfrom(1024)",
                "let (n, addr) = socket.recv_from(&mut buf)?",
            ),
        ],
        run: topics::udp::run,
    },
    Topic {
        name: "reuseaddr",
        summary: "rebinding a port in TIME_WAIT: EADDRINUSE, then success with SO_REUSEADDR",
        calls: &[
            Call::new(
                "s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)",
                "socket.reuse_address()",
            ),
            Call::new(
                "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
                "socket.set_reuse_address(true)",
            ),
        ],
        run: topics::reuseaddr::run,
    },
    Topic {
        name: "buffers",
        summary: "read and set SO_RCVBUF and SO_SNDBUF; Linux doubles what you set",
        calls: &[
            Call::new(
                "s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)",
                "socket.recv_buffer_size()",
            ),
            Call::new(
                "s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)",
                "socket.set_recv_buffer_size(65536)",
            ),
            Call::new(
                "s.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)",
                "socket.send_buffer_size()",
            ),
            Call::new(
                "s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536)",
                "socket.set_send_buffer_size(65536)",
            ),
        ],
        run: topics::buffers::run,
    },
    Topic {
        name: "nodelay",
        summary: "write-write-read round trips, timed without and with TCP_NODELAY",
        calls: &[
            Call::new(
                "s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)",
                "stream.set_nodelay(true)",
            ),
            Call::new(
                "s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)",
                "stream.nodelay()",
            ),
        ],
        run: topics::nodelay::run,
    },
    Topic {
        name: "keepalive",
        summary: "SO_KEEPALIVE and its idle time, interval and count, set and read back",
        calls: &[
            Call::new(
                "s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)",
                "SockRef::from(&stream).set_keepalive(true)",
            ),
            Call::new(
                "s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 60)",
                "sock.set_tcp_keepalive(&TcpKeepalive::new().with_time(..))",
            ),
        ],
        run: topics::keepalive::run,
    },
    Topic {
        name: "linger",
        summary: "SO_LINGER 0: close sends a reset, the peer sees ConnectionReset, not b''",
        calls: &[
            Call::new(
                "s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))",
                "SockRef::from(&stream).set_linger(Some(Duration::ZERO))",
            ),
            Call::new(
                "s.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8)",
                "SockRef::from(&stream).linger()",
            ),
        ],
        run: topics::linger::run,
    },
    Topic {
        name: "close",
        summary: "the peer reads b'', and its writes fail once the reset is back",
        calls: &[Call::new("s.close()", "drop(stream)")],
        run: topics::close::run,
    },
    Topic {
        name: "shutdown",
        summary: "shutdown(SHUT_WR): the client stops sending and still receives the reply",
        calls: &[Call::new(
            "s.shutdown(socket.SHUT_WR)",
            "stream.shutdown(Shutdown::Write)",
        )],
        run: topics::shutdown::run,
    },
    Topic {
        name: "blocking",
        summary: "setblocking(False): accept and recv return WouldBlock instead of waiting",
        calls: &[
            Call::new("s.setblocking(False)", "socket.set_nonblocking(true)"),
            Call::new("s.setblocking(True)", "socket.set_nonblocking(false)"),
        ],
        run: topics::blocking::run,
    },
    Topic {
        name: "timeout",
        summary: "settimeout/gettimeout: a read that times out, how long it took, its error",
        calls: &[
            Call::new(
                "s.settimeout(0.2)",
                "stream.set_read_timeout(Some(Duration::from_millis(200)))",
            ),
            Call::new("s.gettimeout()", "stream.read_timeout()"),
            Call::new("s.settimeout(0)", "stream.set_nonblocking(true)"),
        ],
        run: topics::timeout::run,
    },
    Topic {
        name: "fileno",
        summary: "the raw descriptor of each socket, and /proc/self/fd on Linux",
        calls: &[Call::new(
            "s.fileno()",
            "stream.as_raw_fd()  // Windows: as_raw_socket()",
        )],
        run: topics::fileno::run,
    },
    Topic {
        name: "makefile",
        summary: "a buffered reader and writer over one stream (try_clone), reading lines",
        calls: &[
            Call::new("r = s.makefile('r')", "BufReader::new(stream.try_clone()?)"),
            Call::new("w = s.makefile('w')", "BufWriter::new(stream)"),
            Call::new("for line in r:", "for line in reader.lines()"),
        ],
        run: topics::makefile::run,
    },
];

/// The lesson's exercises: `sockopt-demo exercise NAME` runs one.
pub const EXERCISES: &[Topic] = &[
    Topic {
        name: "largest-write",
        summary: "fill a non-blocking socket until WouldBlock; count what the kernel took",
        calls: &[
            Call::new("s.setblocking(False)", "conn.set_nonblocking(true)"),
            Call::new(
                "s.send(chunk) until BlockingIOError",
                "conn.write(&chunk) until ErrorKind::WouldBlock",
            ),
        ],
        run: exercises::largest_write::run,
    },
    Topic {
        name: "connect-timeout",
        summary: "dial the first address that answers, giving each 200 ms",
        calls: &[Call::new(
            "s.settimeout(0.2); s.connect(addr)",
            "TcpStream::connect_timeout(&addr, Duration::from_millis(200))",
        )],
        run: exercises::connect_timeout::run,
    },
    Topic {
        name: "rcvbuf",
        summary: "your experiment: how much a peer that does not read takes in, by its SO_RCVBUF",
        calls: &[
            Call::new(
                "s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, n) before listen",
                "listener.set_recv_buffer_size(n) before listener.listen(..)",
            ),
            Call::new(
                "s.send(chunk) until BlockingIOError",
                "fill(&mut caller, &chunk), exercise 1",
            ),
        ],
        run: exercises::rcvbuf::run,
    },
];

/// The topic (or exercise) called `name` in `list`.
pub fn find(list: &'static [Topic], name: &str) -> Option<&'static Topic> {
    list.iter().find(|topic| topic.name == name)
}

/// Prints one line per topic of `list`: its name and summary.
///
/// # Errors
/// When `out` is closed.
pub fn print_list(list: &[Topic], out: &mut dyn Write) -> Result<()> {
    let width = list.iter().map(|t| t.name.len()).max().unwrap_or(0);
    for topic in list {
        writeln!(out, "{:width$}  {}", topic.name, topic.summary)?;
    }
    Ok(())
}

/// Runs every topic of `list` in order, with a blank line between them.
///
/// # Errors
/// The first topic that fails; the ones after it do not run.
pub fn perform_all(list: &[Topic], out: &mut dyn Write) -> Result<()> {
    for (i, topic) in list.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        topic.perform(out)?;
    }
    Ok(())
}

/// What the binary does with a name from `list`: no name or `list` lists the
/// topics, `all` runs them all, any other name runs that topic.
///
/// # Errors
/// When the topic fails, or `name` is not in `list`.
pub fn run_by_name(
    list: &'static [Topic],
    name: Option<&str>,
    out: &mut dyn Write,
) -> Result<()> {
    match name {
        None | Some("list") => print_list(list, out),
        Some("all") => perform_all(list, out),
        Some(name) => match find(list, name) {
            Some(topic) => topic.perform(out),
            None => anyhow::bail!("no topic called `{name}`"),
        },
    }
}
