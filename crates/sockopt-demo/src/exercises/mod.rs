//! The lesson's exercises, each runnable as `sockopt-demo exercise NAME`.
//!
//! The part a student writes is one small function per exercise, its body
//! between `// SOLUTION: begin` and `// SOLUTION: end`; the course's
//! assignment generator replaces it with `todo!()`. The rest of each module is
//! the experiment that runs that function and prints what it observed.

pub mod connect_timeout;
pub mod largest_write;
pub mod rcvbuf;
