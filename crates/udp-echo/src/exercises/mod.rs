//! Lesson 3's exercises, solved. Each is a small change to the lesson's
//! programs; the part a learner writes is one function, marked for the
//! course's assignment generator, and the rest of the file is given.
//!
//! | exercise | what it teaches | run it |
//! |---|---|---|
//! | [`count`] | without a connection, the sender's address is all that tells clients apart | `udp-echo exercise count-server` |
//! | [`rtt`] | a round trip is one `send_to` and one `recv_from`; time it | `udp-echo exercise rtt-client` |
//! | [`connected`] | `connect` on a UDP socket sends nothing, yet lets the kernel report "nobody here" | `udp-echo exercise connected-client` |

pub mod connected;
pub mod count;
pub mod rtt;
