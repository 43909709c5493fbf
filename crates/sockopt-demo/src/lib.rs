//! Lesson 4: every function in the article's table, tried. Each topic is a
//! small experiment on loopback that makes the article's calls in Rust and
//! prints what the kernel really did: addresses, byte counts, error kinds and
//! codes, times.
//!
//! | module | what it holds |
//! |---|---|
//! | [`topic`] | what a topic is, and running one or a list of them |
//! | [`table`] | [`TOPICS`], the article's table, and [`EXERCISES`] |
//! | [`topics`] | one module per topic: its experiment, `run` |
//! | [`demo`] | every topic in order, for `course tour` |
//! | [`exercises`] | the lesson's exercises, runnable like topics |
//! | [`show`] | how values are printed: `key: value` lines, errors, times |
//! | `linux` | (Linux) socket states and queues read from `/proc/net/tcp` |
//!
//! [`TOPICS`] is the article's table: each topic's name, the Python calls and
//! their Rust counterparts, and the experiment that tries them, in the order
//! of the article, so the binary and `course tour` can run them in-process.

pub mod demo;
pub mod exercises;
#[cfg(target_os = "linux")]
pub mod linux;
pub mod show;
pub mod table;
pub mod topic;
pub mod topics;

pub use table::{EXERCISES, TOPICS};
pub use topic::{Call, Topic, find, perform_all, print_list, run_by_name};
