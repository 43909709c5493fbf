//! Lesson 1's exercises, solved. Each is a small change to the lesson's
//! programs; the part a learner writes is one function, marked for the course's
//! assignment generator, and the rest of the file is given.
//!
//! | exercise | what it teaches | run it |
//! |---|---|---|
//! | [`dial`] | the client's calls, from the dial to the printed answer | `tcp-oneshot exercise dial-client` |
//! | [`count`] | one read gives bytes, not characters, and at most `BUFSIZE` | `tcp-oneshot exercise count-server` |
//! | [`whole`] | the end of a message is the end of the stream: a half close | `tcp-oneshot exercise whole-server` / `whole-client` |

pub mod count;
pub mod dial;
pub mod whole;
