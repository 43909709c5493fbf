//! Lesson 2's server, for the tests that show what this lesson changes: run
//! in the test process from lesson 2's library (the same code as `tcp-loop
//! server`), answering callers one after another, its log thrown away.

use std::io;
use std::net::SocketAddr;
use std::thread;

use tcp_loop::server::{WRITE_TIMEOUT, answer_next_call, stand_by};

/// Starts lesson 2's server on a port the system picks, and returns where it
/// answers. It runs until the test process ends.
pub(crate) fn start() -> SocketAddr {
    let loopback: SocketAddr = ([127, 0, 0, 1], 0).into();
    let phone =
        stand_by(loopback, true, &mut io::sink()).expect("lesson 2's server");
    let addr = phone.local_addr().ok().and_then(|a| a.as_socket());
    thread::spawn(move || {
        while answer_next_call(&phone, WRITE_TIMEOUT, &mut io::sink()).is_ok() {}
    });
    addr.expect("an IP address")
}
