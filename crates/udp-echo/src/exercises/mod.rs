//! Lesson 3's exercises, solved. Each is a small change to the lesson's
//! programs; the part a learner writes is one function, marked for the
//! course's assignment generator, and the rest of the file is given.
//!
//! | exercise | what it teaches | run it |
//! |---|---|---|
//! | [`answer`] | the server's loop: `recv_from`, then `send_to` the return address | `udp-echo exercise answer-server` |
//! | [`count`] | without a connection, the sender's address is all that tells clients apart | `udp-echo exercise count-server` |
//! | [`rtt`] | a round trip is one `send_to` and one `recv_from`; time it | `udp-echo exercise rtt-client` |
//! | [`connected`] | a client whose UDP socket is connected: `send`/`recv`, and the kernel reports "nobody here" | `udp-echo exercise connected-client` |

pub mod answer;
pub mod connected;
pub mod count;
pub mod rtt;

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use crate::client::no_reply;

/// The error of one exchange of the exercises' clients (one try each): no
/// answer within `timeout` is the lesson client's [`no_reply`]; anything
/// else, such as the "connection refused" a connected post box may hear, is
/// `no answer from ADDR: CAUSE`.
pub fn unanswered(
    err: io::Error,
    addr: SocketAddr,
    timeout: Duration,
) -> anyhow::Error {
    if common::is_timeout(&err) {
        return no_reply(addr, timeout, 1);
    }
    anyhow::Error::new(err).context(format!("no answer from {addr}"))
}
