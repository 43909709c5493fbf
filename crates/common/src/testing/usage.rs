//! What a server process uses (memory, threads, CPU time, open files),
//! from `/proc`: `common::procfs`, under the name the tests use.

pub use crate::procfs::Usage;
