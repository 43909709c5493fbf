//! Lesson 6's exercises, solved. The part a learner writes is one function,
//! marked for the course's assignment generator; the rest of each file is
//! given.
//!
//! | exercise | what it teaches | run it |
//! |---|---|---|
//! | [`second_caller`] | lesson 2's "the second caller waits" turned round, as a probe any server can be tried with | `tcp-threads exercise second-caller` |
//! | [`chat`] | state that every caller's thread shares: a room behind a lock | `tcp-threads exercise chat-server` |
//! | [`bounded_queue`] | a pool whose queue is bounded: a clear "busy" instead of a wait without end | `tcp-threads exercise bounded-pool` |

pub mod bounded_queue;
pub mod chat;
pub mod second_caller;
