//! Lesson 2's exercises, solved. Each is a change to the lesson's programs;
//! the part a learner writes is one function, marked for the course's
//! assignment generator, and the rest of the file is given.
//!
//! | exercise | what it teaches | run it |
//! |---|---|---|
//! | [`quit`] | the client's communication loop; how a caller ends the call | `tcp-loop exercise quit-client` |
//! | [`bye`] | the server's communication loop; the server may end the call too | `tcp-loop exercise bye-server` |
//! | [`count`] | state that belongs to one call; a read is not a message | `tcp-loop exercise count-server` |

pub mod bye;
pub mod count;
pub mod quit;
