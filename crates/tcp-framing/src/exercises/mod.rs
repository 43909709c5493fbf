//! Lesson 5's exercises, solved. The part a learner writes is one function
//! (two for `delete`, one on each side), marked for the course's assignment
//! generator; the rest of each file is given.
//!
//! | exercise | what it teaches | run it |
//! |---|---|---|
//! | [`reader`] | the frame reader on the bare socket: a hang-up between frames and one inside a frame, a hostile length | `tcp-framing exercise reader-server` |
//! | [`lines`] | the other way to mark where a message ends, a delimiter, and what it costs | `tcp-framing exercise lines-server` |
//! | [`delete`] | a new request, on both sides of the wire | `tcp-framing exercise delete-server`, `tcp-framing exercise delete` |

pub mod delete;
pub mod lines;
pub mod reader;
