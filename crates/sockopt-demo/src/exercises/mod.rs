//! The lesson's exercises, each runnable as `sockopt-demo exercise NAME`.
//!
//! The part a student writes is one small function per exercise, its body
//! between `// SOLUTION: begin` and `// SOLUTION: end`; the course's
//! assignment generator replaces it with `todo!()`. The rest of each module is
//! the experiment that runs that function and prints what it observed.

pub mod connect_timeout;
pub mod largest_write;
pub mod rcvbuf;

use crate::{Call, Topic};

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
        run: largest_write::run,
    },
    Topic {
        name: "connect-timeout",
        summary: "dial the first address that answers, giving each 200 ms",
        calls: &[Call::new(
            "s.settimeout(0.2); s.connect(addr)",
            "TcpStream::connect_timeout(&addr, Duration::from_millis(200))",
        )],
        run: connect_timeout::run,
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
        run: rcvbuf::run,
    },
];
