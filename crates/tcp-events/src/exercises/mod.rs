//! Lesson 7's exercises, solved. Each adds one thing to the readiness loop;
//! the part a learner writes is one function, marked for the course's
//! assignment generator, and the rest of the file is given.
//!
//! | exercise | what it teaches | run it |
//! |---|---|---|
//! | [`idle`] | timers in an event loop: sorted deadlines and the poll's timeout | `tcp-events exercise idle-server` |
//! | [`count`] | a signal as one more event of the loop (the self-pipe) | `tcp-events exercise count-server` |
//! | [`chat`] | callers that talk to each other: lines, and a slow listener | `tcp-events exercise chat-server` |

pub mod chat;
pub mod count;
pub mod idle;
