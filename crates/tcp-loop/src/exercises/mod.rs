//! Lesson 2's exercises, solved. Each is a small change to the lesson's
//! programs; the part a learner writes is one function, marked for the course's
//! assignment generator, and the rest of the file is given.
//!
//! | exercise | what it teaches | run it |
//! |---|---|---|
//! | [`quit`] | how a call ends: the client leaves the communication loop and hangs up | `tcp-loop exercise quit-client` |
//! | [`count`] | state that belongs to one call; a read is not a message | `tcp-loop exercise count-server` |

pub mod count;
pub mod quit;
