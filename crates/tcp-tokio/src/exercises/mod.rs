//! Lesson 8's exercises, solved. Each is a server built on the lesson's
//! connection loop and closing time ([`crate::server::run_with`]) with a
//! caller's task of its own; the part a learner writes is one function,
//! marked for the course's assignment generator.
//!
//! | exercise | what it teaches | run it |
//! |---|---|---|
//! | [`chat`] | tasks that talk to each other: a broadcast channel, `select!` | `tcp-tokio exercise chat-server` |
//! | [`rate`] | a per-caller limit, paid for with backpressure | `tcp-tokio exercise rate-limited-server` |
//! | [`goodbye`] | closing time that tells each caller, without waiting for ever | `tcp-tokio exercise goodbye-server` |

pub mod chat;
pub mod goodbye;
pub mod rate;
