//! The article's table, topic by topic, and the lesson's exercises: the
//! Python calls, their Rust counterparts, and the experiment that tries them.

use crate::{Call, Topic, exercises, topics};

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
